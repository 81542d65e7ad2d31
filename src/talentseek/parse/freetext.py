"""Entries from unsectioned text (`2010年至今任海尔集团财务总监，毕业于山东大学`), via the tagger."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from talentseek.domain import EducationEntry, WorkEntry
from talentseek.parse.dates import find_date_range
from talentseek.parse.entries import SCHOOL
from talentseek.parse.ner import Entity, load_tagger
from talentseek.text.education import parse_education

_SENTENCE = re.compile(r"[^。；;！？!?\n]+")
_STUDY = re.compile(r"毕业|就读|学历|学位|获得|攻读|大学|学院|university|college", re.IGNORECASE)


@dataclass(frozen=True)
class FreeText:
    """What the tagger reads from unsectioned text: entries and the degrees (EDU entities) it names."""

    education: list[EducationEntry]
    work: list[tuple[WorkEntry, bool]]
    degrees: list[str]


def free_text_entries(text: str, today: date) -> FreeText:
    """Entries read sentence by sentence: schools by name, jobs as an ORG followed by a TITLE."""
    education: list[EducationEntry] = []
    degrees: list[str] = []
    work: list[tuple[WorkEntry, bool]] = []
    tagger = load_tagger()
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        entities = tagger.tag(sentence)
        degrees.extend(lv for e in entities if e.type == "EDU" and (lv := parse_education(e.text)))
        found = find_date_range(sentence, today)
        start, end = (found.start, found.end) if found else (None, None)
        schools = [e.text for e in entities if e.type == "ORG" and SCHOOL.match(e.text)]
        if schools and _STUDY.search(sentence):
            level = parse_education(sentence)
            education.append(
                EducationEntry(
                    school=schools[0], degree=level if level != "不限" else None, start=start, end=end
                )
            )
            continue
        job = _org_then_title(entities)
        if job is not None:
            work.append(
                (WorkEntry(company=job[0], title=job[1], start=start, end=end), bool(found and found.ongoing))
            )
    return FreeText(education, work, degrees)


def _org_then_title(entities: list[Entity]) -> tuple[str, str] | None:
    """The first ORG directly followed (within 3 chars) by a TITLE: `任海尔集团财务总监`."""
    for org, title in zip(entities, entities[1:], strict=False):
        if org.type == "ORG" and title.type == "TITLE" and 0 <= title.start - org.end <= 3:
            if not SCHOOL.match(org.text):
                return org.text, title.text
    return None
