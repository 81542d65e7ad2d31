"""Resume and JD parsing: files → text → fields (rules and dictionaries first, an entity tagger after).

Public entry points (import the submodules; nothing heavy loads on `import talentseek.parse`):
- `parse.extract.extract_text(path) -> str`, `extract_document(path) -> Extracted`
- `parse.resume.parse_resume_file(path) -> Resume`, `parse_resume_text(text) -> Resume`
- `parse.jd.parse_jd(title, description) -> JobFields`
- `parse.ner.load_tagger().tag(text) -> list[Entity]`, `parse.ner.evaluate_bmes(path) -> dict`
"""
