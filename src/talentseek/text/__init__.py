"""Bottom layer: Chinese text normalizers, tokenizer and dictionaries (pure functions, no I/O but
loading the packaged tables once). Public names are re-exported lazily from their modules."""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "parse_salary": "salary",
    "parse_region": "region",
    "find_regions": "region",
    "parse_education": "education",
    "education_rank": "education",
    "highest_education": "education",
    "parse_experience": "experience",
    "parse_company_size": "company",
    "parse_job_type": "company",
    "canonical_skill": "skills",
    "extract_skills": "skills",
    "related_skills": "skills",
    "skill_category": "skills",
    "all_skills": "skills",
    "extract_benefits": "benefits",
    "classify_title": "occupation",
    "tokenize": "tokenize",
    "tokenize_for_index": "tokenize",
    "query_tokens": "tokenize",
    "normalize_text": "tokenize",
    "cn_to_number": "numerals",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import the defining module on first use, so `import talentseek.text` stays cheap."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'talentseek.text' has no attribute {name!r}")
    return getattr(importlib.import_module(f"talentseek.text.{module}"), name)
