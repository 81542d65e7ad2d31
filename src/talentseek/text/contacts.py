"""Contact details inside free text: find and mask them (phones, e-mail, WeChat, QQ, ID cards).

`scrub_contacts(text)` replaces every contact detail by `MASK`; `scrub_tree(obj)` does it to every
string inside a JSON-like value. Viewers without contact rights (auth.policy) get only scrubbed text.

Every pattern is linear-time: each can start only where the character before it is not of its own
kind (a lookbehind), and every repeat is bounded, so a long run of digits, letters or keywords is
scanned once (`"1" * 100_000` takes milliseconds).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

MASK = "[联系方式已隐藏]"

_D = r"[0-9０-９]"  # ASCII and full-width digits
_SEP = r"[ \t\u3000\-－]"  # one separator people put inside numbers: 138 1234 5678, 138-1234-5678
_NOT_BEFORE_NUM = r"(?<![0-9０-９])(?<![0-9０-９][.．])"  # not inside a longer number or a decimal

EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}"
    r"[ ]?(?:@|＠|\(at\)|\[at\]|（at）)[ ]?"
    r"[A-Za-z0-9\-]{1,63}(?:[.．][A-Za-z0-9\-]{1,63}){1,6}",
    re.I,
)
_GAP = r"[ \t\u3000]"
# after the keyword: an explicit marker (号, ID, a colon) then any id, or only spaces and then an id
# holding a digit, _ or - (so '熟悉微信 Android' keeps its word)
_ID_LEAD = (
    r"(?:" + _GAP + r"{0,2}(?:(?:号码|号|id)" + _GAP + r"{0,2}[:：]?|[:：])" + _GAP + r"{0,3}"
    r"|" + _GAP + r"{0,3}(?=[A-Za-z0-9_\-]{0,19}[0-9_\-]))"
)
WECHAT = re.compile(
    r"(?<![A-Za-z0-9_])wxid_[A-Za-z0-9_\-]{4,30}"
    r"|(?:微信|薇信|威信|v信|(?<![A-Za-z])(?:wechat|weixin|wx|vx)(?=[ \t\u3000:：号]|id))"
    + _ID_LEAD
    + r"(?P<id>[A-Za-z0-9][A-Za-z0-9_\-]{5,19})(?![A-Za-z0-9_\-])",
    re.I,
)
QQ = re.compile(
    r"(?:(?<![A-Za-z])qq|扣扣|企鹅)(?:号码|号)?[ \t:：\u3000]{0,4}"
    r"(?P<id>[1-9１-９]" + _D + r"{4,11})(?!" + _D + r")",
    re.I,
)
ID_CARD = re.compile(
    _NOT_BEFORE_NUM + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]"
    r"(?![0-9A-Za-z])"
)
MOBILE = re.compile(
    _NOT_BEFORE_NUM
    + r"(?:(?:\+|＋|00)?86" + _SEP + r"?|[(（](?:\+|＋)?86[)）]" + _SEP + r"?)?"
    + r"[1１]" + _SEP + r"?[3-9３-９](?:" + _SEP + r"?" + _D + r"){9}(?!" + _D + r")"
)
LANDLINE = re.compile(
    _NOT_BEFORE_NUM
    + r"(?:[(（]0" + _D + r"{2,3}[)）]|0" + _D + r"{2,3})" + _SEP + r"?" + _D + r"{3,4}" + _SEP + r"?"
    + _D + r"{4}(?!" + _D + r")"
    r"|" + _NOT_BEFORE_NUM + r"[48]00" + _SEP + r"?" + _D + r"{3}" + _SEP + r"?" + _D + r"{4}(?!" + _D + r")"
)

# kind → pattern, in the order they run: e-mail first (it may hold digits), ids named by keyword next
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", EMAIL),
    ("wechat", WECHAT),
    ("qq", QQ),
    ("id_card", ID_CARD),
    ("phone", MOBILE),
    ("phone", LANDLINE),
)

Replace = Callable[[str, str], str]
# a pattern runs only on text holding one of its needles (lower-cased): most text holds no e-mail,
# WeChat or QQ keyword, and the test is far cheaper than a regex scan; numbers need a digit
NEEDLES: dict[str, tuple[str, ...]] = {
    "email": ("@", "＠", "(at)", "[at]", "（at）"),
    "wechat": ("微信", "薇信", "威信", "v信", "wechat", "weixin", "wx", "vx"),
    "qq": ("qq", "扣扣", "企鹅"),
}
_ANY_DIGIT = re.compile(r"[0-9０-９]")


def _masked(kind: str, found: str) -> str:
    return MASK


def scrub_contacts(text: str, replace: Replace | None = None) -> str:
    """`text` with every phone, e-mail, WeChat id, QQ number and ID-card number replaced.

    `replace(kind, found)` gives the replacement (default: `MASK`); kind is one of email, wechat, qq,
    id_card, phone. For WeChat and QQ only the id is replaced, so '微信：zhang_wei88' reads '微信：' + MASK.
    """
    if not text:
        return text
    rep = replace or _masked
    lower = text.lower()
    digits = _ANY_DIGIT.search(text) is not None
    for kind, pattern in PATTERNS:
        needles = NEEDLES.get(kind)
        if needles is None and not digits or needles is not None and not any(n in lower for n in needles):
            continue
        text = pattern.sub(_replacer(kind, rep), text)
    return text


def _replacer(kind: str, rep: Replace) -> Callable[[re.Match[str]], str]:
    def _sub(m: re.Match[str]) -> str:
        found = m.group(0)
        if "id" in m.re.groupindex and m.group("id"):
            head = found[: m.start("id") - m.start()]
            return head + rep(kind, m.group("id"))
        return rep(kind, found)

    return _sub


def has_contacts(text: str) -> bool:
    """Whether `text` holds any contact detail the scrubber would mask."""
    return bool(text) and any(p.search(text) for _, p in PATTERNS)


def scrub_tree(value: Any) -> Any:
    """A copy of a JSON-like value (dicts, lists, tuples, strings, numbers) with every string scrubbed."""
    if isinstance(value, str):
        return scrub_contacts(value)
    if isinstance(value, dict):
        return {k: scrub_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_tree(v) for v in value]
    return value
