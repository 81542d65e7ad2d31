"""Importers: postings, companies and resumes from CSV/XLSX/JSONL files (and resume documents).

Public API: import_jobs, import_companies, import_resumes → ImportReport.
"""

from __future__ import annotations

from talentseek.ingest.companies import import_companies
from talentseek.ingest.jobs import import_jobs
from talentseek.ingest.report import ImportReport
from talentseek.ingest.resumes import import_resumes

__all__ = ["ImportReport", "import_companies", "import_jobs", "import_resumes"]
