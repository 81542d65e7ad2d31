"""Chinese numerals → numbers (一万五 → 15000, 三年半 handled by callers, 两 → 2): the one digit table.

Also the one pattern for an Arabic figure (NUMBER): at most MAX_DIGITS digits, never a piece of a longer
run, so `"7" * 500` is no figure at all (float() of 400 digits is inf) and matching it stays linear.
"""

from __future__ import annotations

import re
from functools import lru_cache

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + "半点"
CN_SMALL_NUMBER = f"[{''.join(DIGITS)}十]"
"""One character of a small Chinese number (一 .. 十, 两, 零): for patterns such as 三年 or 招两人."""

MAX_DIGITS = 12  # a longer digit run is an id or a phone number, never a salary, a count or years
NUMBER = rf"(?<!\d)(?<!\d\.)\d{{1,{MAX_DIGITS}}}(?:\.\d{{1,6}})?(?!\d|\.\d)"
"""An Arabic figure (8000, 1.5) that is a whole run of digits: bounded, so a match is linear-time."""

_ARABIC = re.compile(rf"^\d{{1,{MAX_DIGITS}}}(?:\.\d+)?$")
# a match starts only where a run of numeral characters starts: scanning stays linear on 万万万...
CN_NUMBER_RE = re.compile(
    f"(?<![{CN_NUMERAL_CHARS}])[{CN_NUMERAL_CHARS}]*[零〇一二两三四五六七八九十][{CN_NUMERAL_CHARS}]*"
)
"""A run of Chinese numeral characters with at least one digit or 十 (a lone 万 or 千 is no number)."""


def _section(text: str) -> float | None:
    """Value of a section below 万 (e.g. 三千五百, 十二, 三千五 → 3500 colloquially)."""
    total, digit, last_unit = 0, None, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
            if digit == 0:
                last_unit = None  # 一百零五: a digit after 零 is in the units place
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    if digit is not None:
        # colloquial 三千五 = 3500: a trailing digit counts in the next unit down
        total += digit * (last_unit // 10 if last_unit and last_unit >= 100 else 1)
    return float(total)


def _plain_digits(text: str) -> float | None:
    """Digit-by-digit form like 二〇二四 → 2024."""
    if 1 < len(text) <= MAX_DIGITS and all(ch in DIGITS for ch in text):
        return float("".join(str(DIGITS[ch]) for ch in text))
    return None


@lru_cache(maxsize=4096)
def cn_to_number(text: str) -> float | None:
    """Arabic or Chinese numeral (三, 十二, 一万五, 3.5, 二〇二四, 半, 一点五) → value; None if not one.

    Arabic runs longer than MAX_DIGITS are None (an id, not a number).
    """
    text = text.strip()
    if not text:
        return None
    if _ARABIC.match(text):
        return float(text)
    if text == "半":
        return 0.5
    if not any(ch in DIGITS or ch == "十" for ch in text):
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        w = cn_to_number(whole) if whole else 0.0
        if w is None or not frac or any(ch not in DIGITS for ch in frac):
            return None
        return w + float("0." + "".join(str(DIGITS[ch]) for ch in frac))
    plain = _plain_digits(text)
    if plain is not None:
        return plain
    return _with_big_units(text)


def _with_big_units(text: str) -> float | None:
    """Sum sections split by 亿/万; a trailing bare digit after 万 is colloquial (一万五 = 15000)."""
    total = 0.0
    rest = text
    for ch, unit in (("亿", BIG_UNITS["亿"]), ("万", BIG_UNITS["万"])):
        if ch in rest:
            head, _, rest = rest.partition(ch)
            value = _section(head) if head else 1.0
            if value is None:
                return None
            total += value * unit
            if len(rest) == 1 and rest in DIGITS and rest != "零":
                return total + DIGITS[rest] * unit / 10
    if rest:
        value = _section(rest)
        if value is None:
            return None
        total += value
    return total


def replace_cn_numbers(text: str) -> str:
    """Replace every Chinese numeral run in `text` with its Arabic value (integers without '.0')."""

    def sub(m: re.Match[str]) -> str:
        value = cn_to_number(m.group(0))
        if value is None:
            return m.group(0)
        return str(int(value)) if value == int(value) else str(value)

    return CN_NUMBER_RE.sub(sub, text)


# 七八千 = 7千-8千, 一两万 = 1万-2万: two consecutive digits before a unit are a spoken range
_SPOKEN_RANGE = re.compile(
    r"(?<![一二两三四五六七八九十])([一二两三四五六七八九])([二两三四五六七八九])([千万])"
)
_ABOUT_TEN_THOUSAND = re.compile(r"万把(?:块钱?|元)?|万儿八千")
_MONEY_RUN = re.compile(rf"(?<![{CN_NUMERAL_CHARS}])[{CN_NUMERAL_CHARS}]*[千万][{CN_NUMERAL_CHARS}]*")
_KUAI = re.compile(r"(?<=[\d千万])块(?:钱)?")


def _spoken_range(m: re.Match[str]) -> str:
    a, b, unit = DIGITS[m.group(1)], DIGITS[m.group(2)], m.group(3)
    return f"{a}{unit}-{b}{unit}" if b == a + 1 else m.group(0)


def colloquial_money(text: str) -> str:
    """Spoken amounts as written ones: 八千 → 8000, 一万五 → 15000, 七八千 → 7千-8千, 万把块 → 1万左右.

    Only runs that hold 千 or 万 are rewritten, so 三年 or 两个 keep their words; 块/块钱 after a
    figure becomes 元.
    """
    text = _ABOUT_TEN_THOUSAND.sub("1万左右", text)
    text = _SPOKEN_RANGE.sub(_spoken_range, text)

    def arabic(m: re.Match[str]) -> str:
        value = cn_to_number(m.group(0)) if any(ch in DIGITS or ch == "十" for ch in m.group(0)) else None
        if value is None:
            return m.group(0)
        return str(int(value)) if value == int(value) else str(value)

    return _KUAI.sub("元", _MONEY_RUN.sub(arabic, text))
