"""TalentSeek (深度求才): a self-hosted AI recruitment engine for a job board."""

__version__ = "0.1.0"
