"""Guards around the assistant's answers: contact masking, citation checks, contact-request refusals."""

from __future__ import annotations

import re
from collections.abc import Iterable

PHONE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")
CITE = re.compile(r"\[([JC])(\d+)\]")
CONTACT_ASK = re.compile(r"(手机|电话|联系方式|邮箱|微信|号码|联系他|联系她|email|phone)", re.I)


def mask_phone(text: str) -> str:
    try:  # the web layer's policy is the source of truth when present
        from talentseek.auth.policy import mask_phone as policy_mask

        return str(policy_mask(text))
    except ImportError:
        return PHONE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)


def mask_email(text: str) -> str:
    try:
        from talentseek.auth.policy import mask_email as policy_mask

        return str(policy_mask(text))
    except ImportError:
        return EMAIL.sub(lambda m: f"{m.group(1)}***{m.group(2)}", text)


def mask_contacts(text: str) -> str:
    """Mask every mobile number and email address inside free text."""
    text = PHONE.sub(lambda m: mask_phone(m.group(0)), text)
    return EMAIL.sub(lambda m: mask_email(m.group(0)), text)


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
