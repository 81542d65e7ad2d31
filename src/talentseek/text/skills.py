"""The curated skill dictionary (data/skills.yaml): spellings → one canonical name, categories, relations.

`extract_skills` scans text once with a leftmost-longest Aho-Corasick automaton (ahocorasick-rs, about
20 MB/s) over every spelling, so the longest spelling wins (`Spring Cloud` over `Spring`, `新媒体运营`
over `新媒体`); ASCII spellings count only at ASCII word boundaries (`R` is not found in `HR` or `R&D`,
`C` not in `C轮`), and blockers stop look-alikes (`京东方` is not 京东).
"""

from __future__ import annotations

import importlib.resources
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick_rs
import yaml

_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_WS = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")
# full-width letters, digits, the symbols spellings use, ideographic space; other full-width punctuation
# (，：（）) never occurs in a spelling and stays. NFKC on whole postings is 10x slower.
_FULL_WIDTH = re.compile(
    "[\uff21-\uff3a\uff41-\uff5a\uff10-\uff19\uff0b\uff03\uff0e\uff0f\uff06\uff0d\u3000]"
)
_TO_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# after a one-letter skill (C, R) these mean something else: C轮, C端, R&D, C罗, C位 ...
_ONE_LETTER_STOP = set("+#&端轮级类位档证照罗型区座栋店牌盘")
# spoken like this only with this exact case; lower-case "go" is an English word
_CASE_SENSITIVE = {"go": re.compile(r"(?<![A-Za-z0-9])Go(?![A-Za-z0-9+#])")}
# "AI" next to design tools is Adobe Illustrator (熟练使用PS、AI), elsewhere artificial intelligence
_DESIGN_NEIGHBOURS = {"Photoshop", "CorelDRAW", "InDesign", "Premiere", "After Effects", "排版", "平面设计"}
_AI_WINDOW = 12


def normalize_key(text: str) -> str:
    """NFKC (full-width → half-width), ASCII lower case, single spaces: how spellings are compared."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text).translate(_ASCII_LOWER)).strip()


def _variants(alias: str) -> set[str]:
    """`spring boot` also as `springboot` and `spring-boot`; `a-b` also as `a b` and `ab`."""
    key = normalize_key(alias)
    out = {key}
    if key.isascii() and (" " in key or "-" in key):
        for sep in (" ", "-", ""):
            out.add(re.sub(r"[ \-]", sep, key))
    return out


def fold_text(text: str) -> str:
    """Fast normalization for scanning: full-width → half-width, lower case, single spaces."""
    if _FULL_WIDTH.search(text):
        text = text.translate(_TO_HALF_WIDTH)
    text = text.lower()
    return _ODD_SPACE.sub(" ", text) if _ODD_SPACE.search(text) else text


@dataclass(frozen=True)
class SkillDictionary:
    """Loaded dictionary: canonical names, their categories, relations and every spelling."""

    canonical: tuple[str, ...]
    category: dict[str, str]
    related: dict[str, frozenset[str]]
    spellings: dict[str, str | None]  # normalized spelling → canonical (None for blockers)
    words: tuple[str, ...]  # the automaton's patterns, by index
    targets: tuple[str | None, ...]  # canonical name (None: blocker) of each pattern
    edges: tuple[tuple[bool, bool, bool], ...]  # per pattern: starts ASCII-alnum, ends so, one letter
    automaton: ahocorasick_rs.AhoCorasick


def _load_yaml() -> dict[str, Any]:
    path = importlib.resources.files("talentseek.text") / "data" / "skills.yaml"
    with path.open(encoding="utf-8") as f:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is 10x faster when present
        data: dict[str, Any] = yaml.load(f, Loader=loader)  # noqa: S506 - a safe loader
    return data


def _collect(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    """(spelling → canonical, canonical → category, canonical → related) with collisions rejected."""
    spellings: dict[str, str] = {}
    category: dict[str, str] = {}
    related: dict[str, set[str]] = {}
    for cat, skills in data["categories"].items():
        for name, entry in skills.items():
            name = str(name)
            if name in category:
                raise ValueError(f"skills.yaml: 技能 {name} 重复定义")
            category[name] = cat
            related.setdefault(name, set()).update(str(r) for r in entry.get("related") or ())
            for alias in [name, *(str(a) for a in entry.get("aliases") or ())]:
                for key in _variants(alias):
                    if spellings.setdefault(key, name) != name:
                        raise ValueError(f"skills.yaml: 写法 {alias!r} 同时属于 {spellings[key]} 和 {name}")
    return spellings, category, related


@lru_cache(maxsize=1)
def dictionary() -> SkillDictionary:
    """The skill dictionary, loaded and compiled once."""
    data = _load_yaml()
    spellings, category, related = _collect(data)
    for name, rel in related.items():
        unknown = rel - category.keys()
        if unknown:
            raise ValueError(f"skills.yaml: {name} 的 related 含未定义技能 {sorted(unknown)}")
        for other in rel:
            related.setdefault(other, set()).add(name)
    all_spellings: dict[str, str | None] = dict(spellings)
    for blocker in data.get("blockers") or ():
        all_spellings.setdefault(normalize_key(str(blocker)), None)
    words = tuple(w for w in all_spellings if w not in _CASE_SENSITIVE)
    return SkillDictionary(
        canonical=tuple(category),
        category=category,
        related={k: frozenset(v - {k}) for k, v in related.items()},
        spellings=all_spellings,
        words=words,
        targets=tuple(all_spellings[w] for w in words),
        edges=tuple((_is_word_char(w[0]), _is_word_char(w[-1]), len(w) == 1) for w in words),
        automaton=ahocorasick_rs.AhoCorasick(list(words), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest),
    )


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _at_boundary(text: str, start: int, end: int, edges: tuple[bool, bool, bool]) -> bool:
    """An ASCII spelling must not continue an ASCII word on either side (`r` in `hr` is no skill)."""
    starts_word, ends_word, one_letter = edges
    if starts_word and start > 0 and _is_word_char(text[start - 1]):
        return False
    if ends_word and end < len(text):
        nxt = text[end]
        if _is_word_char(nxt) or (one_letter and nxt in _ONE_LETTER_STOP):
            return False
    return True


def _fix_ai(found: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """`AI` beside PS/CDR/排版 is Illustrator; the spelling `ai` otherwise stays 人工智能."""
    out = []
    for i, (start, end, canon) in enumerate(found):
        if canon == "人工智能" and text[start:end] == "ai":
            near = [c for s, e, c in found[max(0, i - 2) : i + 3] if abs(s - start) <= _AI_WINDOW]
            if any(c in _DESIGN_NEIGHBOURS for c in near):
                canon = "Illustrator"
        out.append((start, end, canon))
    return out


@lru_cache(maxsize=4096)
def _extract_cached(text: str) -> tuple[str, ...]:
    lowered = fold_text(text)
    found = _fix_ai(_matches_both(text, lowered), lowered)
    return tuple(dict.fromkeys(c for _, _, c in found))


def _matches_both(original: str, lowered: str) -> list[tuple[int, int, str]]:
    """Case-insensitive matches on `lowered` plus case-sensitive ones (Go) on `original`."""
    d = dictionary()
    out: list[tuple[int, int, str]] = []
    for index, start, end in d.automaton.find_matches_as_indexes(lowered):
        canon = d.targets[index]
        if canon is not None and _at_boundary(lowered, start, end, d.edges[index]):
            out.append((start, end, canon))
    for key, rx in _CASE_SENSITIVE.items():
        canon = d.spellings.get(key)
        if canon is not None:
            out.extend((m.start(), m.end(), canon) for m in rx.finditer(original))
    out.sort()
    return out


def extract_skills(text: str) -> list[str]:
    """Canonical skills named in `text`, in order of first appearance, each once."""
    if not text:
        return []
    return list(_extract_cached(text))


_AFFIXES = re.compile(
    r"^(?:熟练掌握|熟练使用|熟悉|精通|掌握|熟练|会用|使用)|(?:开发经验|使用经验|经验|能力|技能|工程师)$"
)


@lru_cache(maxsize=8192)
def canonical_skill(text: str) -> str | None:
    """The canonical name of one skill spelling (`java` → Java, `大模型` → LLM); None if unknown."""
    if not text:
        return None
    d = dictionary()
    key = normalize_key(text)
    for candidate in (key, _AFFIXES.sub("", key).strip()):
        canon = d.spellings.get(candidate)
        if canon is not None:
            return canon
    return None


def related_skills(skill: str) -> frozenset[str]:
    """Skills related to `skill` (any spelling), e.g. Spring Boot ~ Spring Cloud; empty if unknown."""
    canon = canonical_skill(skill)
    return dictionary().related.get(canon, frozenset()) if canon else frozenset()


def skill_category(skill: str) -> str | None:
    """The dictionary category of `skill` (e.g. 编程语言, 新媒体与运营); None if unknown."""
    canon = canonical_skill(skill)
    return dictionary().category.get(canon) if canon else None


def all_skills() -> list[str]:
    """Every canonical skill name, in dictionary order."""
    return list(dictionary().canonical)


def dictionary_terms() -> list[str]:
    """Every canonical name and spelling (normalized), for the tokenizer's user dictionary."""
    d = dictionary()
    return [s for s, c in d.spellings.items() if c is not None]
