"""Bottom layer: Chinese text normalizers, tokenizer and dictionaries (pure functions, no I/O but
loading the packaged tables once).

Import what you need from its module; this package re-exports nothing, so importing one small
normalizer never loads the segmenter or the occupation tables:
- `numerals`: the Chinese digit table, `cn_to_number`, `NUMBER` (a bounded Arabic figure)
- `salary.parse_salary`, `region.parse_region`/`find_regions`, `education.parse_education`,
  `experience.parse_experience`, `company.parse_company_size`/`parse_job_type`
- `skills.extract_skills`/`canonical_skill`/`related_skills`, `benefits.extract_benefits` (the one
  benefit vocabulary), `occupation.classify_title`, `tokenize.tokenize`
"""
