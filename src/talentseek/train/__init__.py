"""Training the specialist: build SFT data, LoRA fine-tune, evaluate, export, promote.

Short linear modules runnable as `python -m talentseek.train.X` and via `talentseek train`.
Nothing outside this package imports it at import time, so the server never loads torch.
"""
