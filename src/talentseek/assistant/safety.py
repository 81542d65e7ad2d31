"""Guards around the assistant's answers: contact masking, citation checks, contact-request refusals."""

from __future__ import annotations

import re
from collections.abc import Iterable

from talentseek.auth.policy import mask_email as policy_mask_email
from talentseek.auth.policy import mask_phone as policy_mask_phone
from talentseek.text.contacts import MASK, scrub_contacts

CITE = re.compile(r"\[([JC])(\d+)\]")
CONTACT_ASK = re.compile(r"(手机|电话|联系方式|邮箱|微信|号码|联系他|联系她|email|phone)", re.I)


def _mask_one(kind: str, found: str) -> str:
    if kind == "phone":
        return policy_mask_phone(found) or MASK
    if kind == "email":
        return policy_mask_email(found.replace(" ", "")) or MASK
    return MASK  # WeChat and QQ ids, ID-card numbers: nothing of them is shown


def mask_contacts(text: str) -> str:
    """Mask every contact detail inside free text (text.contacts finds them; the access policy's
    masks for phone and e-mail, '[联系方式已隐藏]' for WeChat/QQ ids and ID-card numbers)."""
    return scrub_contacts(text, _mask_one)


# no contact detail spans one of these, so text up to the last of them can be masked and sent
BOUNDARIES = "。，；！？、\n,;!?"
HOLD = 64  # without a boundary, hold back this much: longer than a keyword plus any id or number


def safe_cut(text: str, hold: int = HOLD) -> int:
    """Where streamed text may be cut: everything before it can be masked and sent now, because no
    contact detail still arriving can reach back across it (the rest waits for more text)."""
    start = max(0, len(text) - hold)
    last = max(text.rfind(ch, start) for ch in BOUNDARIES)
    return last + 1 if last >= 0 else start


def check_citations(answer: str, allowed: Iterable[str]) -> tuple[str, list[str]]:
    """Strip citations ([J12], [C3]) of records the tools did not return; return (answer, stripped ids)."""
    ok = set(allowed)
    bad: list[str] = []

    def _keep(m: re.Match[str]) -> str:
        ref = m.group(1) + m.group(2)
        if ref in ok:
            return m.group(0)
        bad.append(ref)
        return "[来源不明，已移除]"

    return CITE.sub(_keep, answer), bad


def cited(answer: str) -> list[str]:
    return [m.group(1) + m.group(2) for m in CITE.finditer(answer)]


def asks_for_contact(message: str) -> bool:
    return bool(CONTACT_ASK.search(message))
