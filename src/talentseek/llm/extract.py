"""LLM path of JD and resume extraction, checked against the rule path (talentseek.parse).

The model fills a pydantic schema; grounded string values fill fields the rule parser left empty.
A model never overrides what the rules found, and never adds a value the text does not contain.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from talentseek.llm.base import LLM, Message, clean_text
from talentseek.llm.structured import (
    DATA_RULE,
    Structured,
    generate_structured,
    grounded,
    merge_into,
    quote_data,
)


class ResumeFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    gender: str | None = None
    birth_year: int | None = None
    phone: str | None = None
    email: str | None = None
    city: str | None = None
    skills: list[str] = []


class JDFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = None
    city: str | None = None
    salary_text: str | None = None
    experience_text: str | None = None
    education: str | None = None
    skills: list[str] = []
    benefits: list[str] = []


def _messages(kind: str, text: str, keys: str) -> list[Message]:
    system = (
        f"你是招聘信息抽取器。从{kind}原文中抽取字段并输出 JSON（{keys}）。"
        "原文没有的字段填 null 或空列表，不要编造。"
    )
    return [{"role": "system", "content": system + DATA_RULE}, {"role": "user", "content": quote_data(text)}]


def _grounded_values(fields: BaseModel, text: str) -> dict[str, Any]:
    """Keep strings and list items the text contains; numbers only when their digits appear."""
    out: dict[str, Any] = {}
    for k, v in fields.model_dump().items():
        if isinstance(v, str):
            out[k] = v if grounded(v, text) else None
        elif isinstance(v, list):
            out[k] = [x for x in v if isinstance(x, str) and grounded(x, text)]
        elif isinstance(v, int):
            out[k] = v if str(v) in text else None
    return out


def llm_extract_resume(llm: LLM, text: str, rule: Any | None = None) -> tuple[Any, Structured[ResumeFields]]:
    """(merged resume, raw structured result); `rule` defaults to parse.resume.parse_resume_text."""
    text = clean_text(text)
    if rule is None:
        from talentseek.parse.resume import parse_resume_text

        rule = parse_resume_text(text)
    res = generate_structured(
        llm, _messages("简历", text, "name, gender, birth_year, phone, email, city, skills"), ResumeFields
    )
    return (merge_into(rule, _grounded_values(res.value, text)) if res.value else rule), res


def llm_extract_jd(llm: LLM, text: str, rule: Any | None = None) -> tuple[Any, Structured[JDFields]]:
    """(merged JD, raw structured result); `rule` defaults to talentseek.parse.jd.parse_jd."""
    text = clean_text(text)
    if rule is None:
        from talentseek.parse.jd import parse_jd

        title = next((line.strip() for line in text.splitlines() if line.strip()), "")
        rule = parse_jd(title[:60], text)
    keys = "title, city, salary_text, experience_text, education, skills, benefits"
    res = generate_structured(llm, _messages("职位描述", text, keys), JDFields)
    return (merge_into(rule, _grounded_values(res.value, text)) if res.value else rule), res
