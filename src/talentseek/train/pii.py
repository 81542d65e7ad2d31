"""Mask personal data (phones, emails, ID-card numbers) before any text becomes training data."""

from __future__ import annotations

import re

# GB 11643-1999 citizen ID: 6-digit area, YYYYMMDD birth date, 3-digit order, check digit (0-9 or X).
ID_CARD = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    r"(?![0-9A-Za-z])"
)
# Mainland mobile numbers (1[3-9] + 9 digits), optionally +86 / 86 and spaces or dashes in 3-4-4 groups.
MOBILE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
# Landlines: area code 0xx(x) then 7-8 digits, e.g. 0531-88886666, (010)12345678.
LANDLINE = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3}-)\s?\d{7,8}(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
QQ = re.compile(r"(?i)(QQ|微信|wechat)\s*[:：号]?\s*[A-Za-z0-9_\-]{5,20}")

MASKS = (
    (ID_CARD, "[身份证号]"),
    (EMAIL, "[邮箱]"),
    (MOBILE, "[电话]"),
    (LANDLINE, "[电话]"),
    (QQ, r"\1[账号]"),
)


def mask_pii(text: str, names: tuple[str, ...] = ()) -> tuple[str, int]:
    """Text with ID numbers, emails, phones, QQ/WeChat ids and the given names masked; and how many."""
    count = 0
    for pattern, repl in MASKS:
        text, n = pattern.subn(repl, text)
        count += n
    for name in names:
        if name and len(name) >= 2 and name in text:
            count += text.count(name)
            text = text.replace(name, "[姓名]")
    return text, count


def find_pii(text: str) -> list[str]:
    """Whatever still looks like an ID number, email or phone (used to prove the output is clean)."""
    return [m.group(0) for p in (ID_CARD, EMAIL, MOBILE, LANDLINE) for m in p.finditer(text)]
