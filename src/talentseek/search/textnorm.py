"""The project's normalizers (talentseek.text.*) as search needs them, with tiny fallbacks.

The fallbacks keep search usable while a normalizer is missing; they are deliberately simple
(rjieba tokens, no regions, no skill synonyms) and never invent values.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from talentseek.domain import Region

_WORD = re.compile(r"\w", re.UNICODE)
MAX_TOKEN_CHARS = 40  # tantivy terms must stay small; longer "words" are junk (URLs, base64)


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    try:
        from talentseek.text.tokenize import tokenize

        return tokenize
    except ImportError:
        import rjieba

        def _fallback(text: str) -> list[str]:
            return [t for t in rjieba.cut(text) if t.strip()]

        return _fallback


_NORMAL: dict[str, str] = {}  # raw token → search token ("" = dropped); tokens repeat a lot (Zipf)


def _normal(token: str) -> str:
    out = _NORMAL.get(token)
    if out is None:
        t = token.strip().lower()
        out = t.replace(" ", "_") if t and _WORD.search(t) and len(t) <= MAX_TOKEN_CHARS else ""
        if len(_NORMAL) < 500_000:
            _NORMAL[token] = out
    return out


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (punctuation and spaces dropped), via talentseek.text.tokenize."""
    known = _NORMAL.get
    out = []
    for raw in _tokenizer()(text or ""):
        t = known(raw)
        if t is None:
            t = _normal(raw)
        if t:
            out.append(t)
    return out


def _may_split(token: str) -> bool:
    """Only Chinese tokens of three characters or more have shorter words inside."""
    return len(token) > 2 and not token.isascii()


@lru_cache(maxsize=65536)
def sub_tokens(token: str) -> tuple[str, ...]:
    """Shorter words inside a long token (jieba's search mode): 短视频剪辑 → 视频, 剪辑, 视频剪辑, 短视频.

    Indexed beside the whole token so that a query for 剪辑 finds 短视频剪辑师 while 新媒体运营 stays one
    term for exact matches.
    """
    if not _may_split(token):
        return ()
    import rjieba

    return tuple(dict.fromkeys(t for t in rjieba.cut_for_search(token) if len(t) >= 2 and t != token))


def index_tokens(text: str) -> list[str]:
    """Tokens for the index: each word plus its sub-words."""
    out = []
    for t in tokens(text):
        out.append(t)
        if _may_split(t):  # tested before the cached call: most tokens are short
            out.extend(sub_tokens(t))
    return out


def find_regions(text: str) -> list[Region]:
    try:
        from talentseek.text.region import find_regions as fr
    except ImportError:
        return []
    return list(fr(text))


def extract_skills(text: str) -> list[str]:
    try:
        from talentseek.text.skills import extract_skills as es
    except ImportError:
        return []
    return list(es(text))


def related_skills(skill: str) -> list[str]:
    try:
        from talentseek.text.skills import related_skills as rs
    except ImportError:
        return []
    return list(rs(skill))


def extract_benefits(text: str) -> list[str]:
    try:
        from talentseek.text.benefits import extract_benefits as eb
    except ImportError:
        return [b for b in ("五险一金", "双休", "年终奖", "包吃住", "带薪年假") if b in text]
    return list(eb(text))


def parse_salary_span(span: str) -> Any | None:
    """talentseek.text.salary.parse_salary on a salary-looking span; None when unavailable."""
    try:
        from talentseek.text.salary import parse_salary
    except ImportError:
        return None
    return parse_salary(span)


def parse_experience_span(span: str) -> Any | None:
    try:
        from talentseek.text.experience import parse_experience
    except ImportError:
        return None
    return parse_experience(span)
