"""Education requirement or degree text → one of `domain.EDUCATION_LEVELS` (CONTRACTS.md)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from talentseek.domain import EDUCATION_LEVELS

# Longer spellings first so 博士研究生 is 博士 and 硕士研究生 is 硕士, not 研究生's default.
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("不限", r"学历不限|不限学历|学历要求不限|无学历要求|学历无要求|不要求学历|^不限$"),
    ("博士", r"博士|ph\.?d|doctor|dphil"),
    ("硕士", r"硕士|研究生|mba|emba|mpa|mpacc|mfa|msc|master|双硕"),
    ("本科", r"本科|学士|bachelor|统招本|全日制本|专升本|大学本|\bb\.?(?:sc|a|s|eng)\b"),
    ("大专", r"大专|专科|高职|高专|associate|dazhuan"),
    ("中专/中技", r"中专|中技|技校|职高|中职|技工学校|职业高中|中等专业"),
    ("高中", r"高中(?!端|档|层|级)|high ?school"),
    ("初中及以下", r"初中|小学|初级中学"),
)
_REGEX = re.compile("|".join(f"(?P<l{i}>{p})" for i, (_, p) in enumerate(_PATTERNS)))
_LEVEL_BY_GROUP = {f"l{i}": level for i, (level, _) in enumerate(_PATTERNS)}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().strip()


@lru_cache(maxsize=8192)
def parse_education(text: str) -> str | None:
    """The first education level the text names (`本科及以上` → 本科); None when it names none."""
    if not text:
        return None
    m = _REGEX.search(_norm(text))
    if m is None or m.lastgroup is None:
        return None
    return _LEVEL_BY_GROUP[m.lastgroup]


def highest_education(text: str) -> str | None:
    """The highest level named anywhere in the text (a resume's 本科…硕士 → 硕士); 不限 ranks lowest."""
    levels = [_LEVEL_BY_GROUP[m.lastgroup] for m in _REGEX.finditer(_norm(text or "")) if m.lastgroup]
    if not levels:
        return None
    return max(levels, key=lambda lv: EDUCATION_LEVELS.index(lv))


def education_rank(level: str | None) -> int | None:
    """Index of `level` in `domain.EDUCATION_LEVELS` (不限 = 0 … 博士 = 7); None if unknown."""
    if level is None:
        return None
    try:
        return EDUCATION_LEVELS.index(level)
    except ValueError:
        parsed = parse_education(level)
        return None if parsed is None else EDUCATION_LEVELS.index(parsed)
