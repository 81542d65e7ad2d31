"""Guards around the assistant's answers: contact masking, citation checks, contact-request refusals."""

from __future__ import annotations

import re
from collections.abc import Iterable

from talentseek.auth.policy import mask_email as policy_mask_email
from talentseek.auth.policy import mask_phone as policy_mask_phone

PHONE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")
CITE = re.compile(r"\[([JC])(\d+)\]")
CONTACT_ASK = re.compile(r"(手机|电话|联系方式|邮箱|微信|号码|联系他|联系她|email|phone)", re.I)


def mask_contacts(text: str) -> str:
    """Mask every mobile number and email address inside free text, by the access policy's rules."""
    text = PHONE.sub(lambda m: policy_mask_phone(m.group(0)) or "", text)
    return EMAIL.sub(lambda m: policy_mask_email(m.group(0)) or "", text)


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
