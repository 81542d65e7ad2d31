"""LLM path of JD and resume extraction, checked against the rule path (parse.jd, parse.resume).

The model fills a pydantic schema; grounded string values fill fields the rule parser left empty.
A model never overrides what the rules found, and never adds a value the text does not contain.
Benefits it names are mapped onto text.benefits' vocabulary like the rules' own.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from talentseek.domain import Resume
from talentseek.llm.base import LLM, Message, clean_text
from talentseek.llm.structured import DATA_RULE, Structured, generate_structured, grounded, quote_data
from talentseek.parse.jd import JobFields, parse_jd
from talentseek.parse.resume import parse_resume_text
from talentseek.text.benefits import canonical_benefits

D = TypeVar("D", Resume, JobFields)


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


def _grounded_values(model_fields: BaseModel, text: str) -> dict[str, Any]:
    """Keep strings and list items the text contains; numbers only when their digits appear."""
    out: dict[str, Any] = {}
    for k, v in model_fields.model_dump().items():
        if isinstance(v, str):
            out[k] = v if grounded(v, text) else None
        elif isinstance(v, list):
            out[k] = [x for x in v if isinstance(x, str) and grounded(x, text)]
        elif isinstance(v, int):
            out[k] = v if str(v) in text else None
    return out


def fill_gaps(rule: D, values: dict[str, Any]) -> D:
    """The rule result with its empty fields filled from `values`, for fields its type has."""
    names = {f.name for f in fields(rule)}
    update: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v
        for k, v in values.items()
        if k in names and v not in (None, [], ()) and getattr(rule, k) in (None, (), "")
    }
    return replace(rule, **update)


def llm_extract_resume(
    llm: LLM, text: str, rule: Resume | None = None
) -> tuple[Resume, Structured[ResumeFields]]:
    """(merged resume, raw structured result); `rule` defaults to parse.resume.parse_resume_text."""
    text = clean_text(text)
    if rule is None:
        rule = parse_resume_text(text)
    res = generate_structured(
        llm, _messages("简历", text, "name, gender, birth_year, phone, email, city, skills"), ResumeFields
    )
    return (fill_gaps(rule, _grounded_values(res.value, text)) if res.value else rule), res


def llm_extract_jd(
    llm: LLM, text: str, rule: JobFields | None = None
) -> tuple[JobFields, Structured[JDFields]]:
    """(merged JD, raw structured result); `rule` defaults to parse.jd.parse_jd."""
    text = clean_text(text)
    if rule is None:
        title = next((line.strip() for line in text.splitlines() if line.strip()), "")
        rule = parse_jd(title[:60], text)
    keys = "title, city, salary_text, experience_text, education, skills, benefits"
    res = generate_structured(llm, _messages("职位描述", text, keys), JDFields)
    if res.value is None:
        return rule, res
    values = _grounded_values(res.value, text)
    values["benefits"] = list(canonical_benefits(values.get("benefits") or []))
    return fill_gaps(rule, values), res
