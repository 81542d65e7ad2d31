"""Match explanations in plain Chinese: the model rewrites the matcher's own reasons, nothing more.

The rule text (the matcher's reasons and gaps, joined) is the fallback and the source of truth: a model
sentence that brings in a number the reasons do not contain is rejected, since it would be made up.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from talentseek.llm.base import LLM
from talentseek.llm.structured import DATA_RULE, quote_data


def rule_explanation(title: str, reasons: Sequence[str], gaps: Sequence[str]) -> str:
    text = f"「{title}」匹配的原因：" + "；".join(reasons) if reasons else f"「{title}」与你的条件部分相符"
    return text + ("。需要注意：" + "；".join(gaps) + "。" if gaps else "。")


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def explain_match(llm: LLM | None, title: str, reasons: Sequence[str], gaps: Sequence[str] = ()) -> str:
    """Two or three friendly sentences from the matcher's reasons; the rule text when the model strays."""
    fallback = rule_explanation(title, reasons, gaps)
    if llm is None:
        return fallback
    facts = "\n".join([f"职位：{title}", *(f"优势：{r}" for r in reasons), *(f"差距：{g}" for g in gaps)])
    msgs = [
        {
            "role": "system",
            "content": "用两三句通俗的中文向求职者解释这个职位为什么适合、还差什么。"
            "只能使用给出的事实，不得添加任何新的数字、公司或要求。" + DATA_RULE,
        },
        {"role": "user", "content": quote_data(facts, 2000)},
    ]
    try:
        out = llm.generate(msgs, max_tokens=400, temperature=0.3)  # type: ignore[arg-type]
    except Exception:  # the explanation is optional polish: the rule text always answers
        return fallback
    text = out.text.strip()
    if not text or not _numbers(text) <= _numbers(facts):
        return fallback
    return text
