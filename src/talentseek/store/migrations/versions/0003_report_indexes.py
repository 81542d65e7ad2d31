"""report indexes: covering indexes so labour-market statistics read narrow index entries, not wide rows

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-28 16:30:00

Every report statistic filters jobs by province (or city) and month and reads only a few narrow
columns; with these indexes SQLite answers them from the index alone (measured in
benchmarks/report_bench.py) and PostgreSQL can use index-only scans.
"""

from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

REPORT_COLUMNS = [
    "posted_at",
    "city",
    "district",
    "occupation_code",
    "occupation_name",
    "education",
    "exp_min",
    "company_id",
    "salary_period",
    "salary_low",
    "salary_high",
    "salary_months",
]

CANDIDATE_COLUMNS = ["province", "city", "active", "occupation_code", "highest_education", "district"]


def upgrade() -> None:
    op.create_index("ix_jobs_report_province", "jobs", ["province", *REPORT_COLUMNS])
    op.create_index("ix_jobs_report_city", "jobs", ["city", *[c for c in REPORT_COLUMNS if c != "city"]])
    op.create_index("ix_candidates_report", "candidates", CANDIDATE_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_candidates_report", table_name="candidates")
    op.drop_index("ix_jobs_report_city", table_name="jobs")
    op.drop_index("ix_jobs_report_province", table_name="jobs")
