"""Supervised examples, one builder per task, from plain record dicts (pure; the answers come from the
board's own records, never from a model)."""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from talentseek.domain import EDUCATION_LEVELS
from talentseek.train.common import SYSTEM

Record = dict[str, Any]
Example = dict[str, Any]


def _example(task: str, user: str, answer: str, **meta: Any) -> Example:
    return {
        "task": task,
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": user},
            {"role": "assistant", "content": answer},
        ],
        "meta": meta,
    }


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _num(x: float | None) -> float | int | None:
    return None if x is None else (int(x) if float(x).is_integer() else round(float(x), 2))


def exp_text(lo: float | None, hi: float | None, fresh: bool) -> str | None:
    """Experience requirement as a posting would state it."""
    if fresh:
        return "应届生"
    if lo is None and hi is None:
        return None
    if hi is None:
        return "经验不限" if not lo else f"{_num(lo)}年以上"
    return f"{_num(lo or 0)}-{_num(hi)}年"


def skills_in(text: str, skills: Sequence[str]) -> list[str]:
    """The record's skills that the text actually mentions (an answer must be derivable from the input)."""
    low = text.lower()
    return [s for s in skills if s and s.lower() in low]


def jd_example(job: Record) -> Example | None:
    """JD text → structured fields."""
    if not job.get("title") or not job.get("description"):
        return None
    exp = exp_text(job["exp_min"], job["exp_max"], job["fresh_ok"])
    lines = [
        f"职位：{job['title']}",
        f"公司：{job.get('company') or ''}",
        f"工作地点：{job.get('city') or ''}{job.get('district') or ''}",
        f"薪资：{job.get('salary_text') or ''}",
        f"经验要求：{exp or ''}",
        f"学历要求：{job.get('education') or ''}",
        f"岗位类型：{job.get('job_type') or ''}",
        f"福利：{'、'.join(job.get('benefits') or [])}",
        f"职位描述：\n{job['description']}",
    ]
    text = "\n".join(line for line in lines if not line.endswith("："))
    s = job["salary"]
    answer = {
        "title": job["title"],
        "city": job.get("city"),
        "district": job.get("district"),
        "salary": {
            "low": _num(s["low"]),
            "high": _num(s["high"]),
            "period": s["period"],
            "months": s["months"],
            "negotiable": bool(s["negotiable"]),
        },
        "experience": {
            "min_years": _num(job["exp_min"]),
            "max_years": _num(job["exp_max"]),
            "fresh_graduate": bool(job["fresh_ok"]),
        },
        "education": job.get("education"),
        "job_type": job.get("job_type"),
        "skills": skills_in(job["title"] + job["description"], job.get("skills") or []),
        "benefits": list(job.get("benefits") or []),
    }
    user = "从下面的招聘信息中提取结构化字段，只输出 JSON。\n\n" + text
    return _example("jd_extract", user, _json(answer))


RESUME_FIELDS = (
    "gender",
    "birth_year",
    "city",
    "intent",
    "education",
    "experience",
    "skills",
    "years_of_experience",
)


def resume_example(cand: Record) -> Example | None:
    """Resume text → structured fields (name and contact fields are never part of the answer)."""
    parsed, text = cand.get("resume") or {}, cand.get("resume_text") or ""
    if not text.strip() or not (parsed.get("skills") or parsed.get("education") or parsed.get("experience")):
        return None
    answer = {k: parsed.get(k) for k in RESUME_FIELDS}
    answer["skills"] = skills_in(text, parsed.get("skills") or [])
    answer["experience"] = [
        {k: e.get(k) for k in ("company", "title", "start", "end")} for e in parsed.get("experience") or []
    ]
    user = "从下面的简历中提取结构化字段（不要输出姓名、电话、邮箱），只输出 JSON。\n\n" + text
    return _example("resume_extract", user, _json(answer))


def queries_for(job: Record) -> list[str]:
    """Plain queries a seeker might type that this job would answer."""
    city = (job.get("city") or "").removesuffix("市")
    skills = job.get("skills") or []
    low = job.get("salary_month_low")
    out = [f"{city} {job['title']}".strip()]
    parts = [
        city,
        f"{_num(job['exp_min'])}年" if job.get("exp_min") else "",
        skills[0] if skills else "",
        f"{int(low // 1000)}k以上" if low else "",
        (job.get("benefits") or [""])[0],
    ]
    out.append(" ".join(p for p in parts if p))
    if job.get("education") and skills:
        out.append(f"{job['education']} {skills[-1]} {job.get('job_type') or ''}".strip())
    return list(dict.fromkeys(q for q in out if q))


def query_answer(parsed: Any) -> dict[str, Any]:
    """A parse's filters (field, value, hard), skills and keywords; display-only keys dropped."""
    from talentseek.domain import to_dict

    d = parsed.to_dict() if hasattr(parsed, "to_dict") else to_dict(parsed)
    if not isinstance(d, dict):
        return {"value": d}
    filters = [{k: f.get(k) for k in ("field", "value", "hard")} for f in d.get("filters") or []]
    return {
        "filters": filters,
        "skills": list(d.get("skills") or []),
        "keywords": list(d.get("keywords") or []),
    }


def query_examples(job: Record, parse: Callable[[str], Any]) -> list[Example]:
    """Plain query → filters, answered by the rule parser (the board's own query understanding)."""
    return [
        _example(
            "query_parse",
            f"把下面的求职搜索词解析成筛选条件，只输出 JSON。\n\n{q}",
            _json(query_answer(parse(q))),
        )
        for q in queries_for(job)
    ]


def _rank(level: str | None) -> int | None:
    return EDUCATION_LEVELS.index(level) if level in EDUCATION_LEVELS else None


def reasons_for(job: Record, cand: Record) -> list[str]:
    """Match reasons and gaps between a job and a candidate, each a short factual statement."""
    out: list[str] = []
    cs, js = set(cand.get("skills") or []), list(job.get("skills") or [])
    if hit := [s for s in js if s in cs]:
        out.append(f"技能吻合：{'、'.join(hit)}")
    if job.get("city") and job["city"] == cand.get("city"):
        out.append(f"城市一致：{job['city']}")
    jr, cr = _rank(job.get("education")), _rank(cand.get("education"))
    if jr and cr is not None and cr >= jr:
        out.append(f"学历{cand['education']}，满足岗位要求{job['education']}")
    yrs, need = cand.get("years"), job.get("exp_min")
    if yrs is not None and need:
        out.append(
            f"工作经验{_num(yrs)}年，满足{_num(need)}年以上要求"
            if yrs >= need
            else f"工作经验{_num(yrs)}年，低于岗位要求的{_num(need)}年"
        )
    lo, hi, want = job.get("salary_month_low"), job.get("salary_month_high"), cand.get("salary_low")
    if lo and hi and want:
        verb = "在" if lo <= want <= hi else ("低于" if want < lo else "高于")
        out.append(
            f"期望月薪{_num(want)}元，{verb}岗位范围{_num(lo)}-{_num(hi)}元{'内' if verb == '在' else ''}"
        )
    if miss := [s for s in js if s not in cs][:3]:
        out.append(f"缺少技能：{'、'.join(miss)}")
    return out


def explain(reasons: Sequence[str]) -> str:
    """The reference explanation: the reasons restated, nothing added."""
    good = [r for r in reasons if not r.startswith("缺少") and "低于岗位" not in r]
    gaps = [r for r in reasons if r not in good]
    text = "该候选人与岗位的匹配点：" + "；".join(good) + "。" if good else ""
    return text + ("需要注意：" + "；".join(gaps) + "。" if gaps else "")


def match_example(job: Record, cand: Record) -> Example | None:
    reasons = reasons_for(job, cand)
    if len(reasons) < 2:
        return None
    user = (
        f"岗位：{job['title']}（{job.get('company') or ''}）\n匹配理由：\n"
        + "\n".join(f"- {r}" for r in reasons)
        + "\n请用简短的中文向招聘方说明匹配情况，只陈述上面理由中的内容。"
    )
    return _example("match_explain", user, explain(reasons), reasons=reasons)


def _monthly(job: Record) -> float | None:
    lo, hi = job.get("salary_month_low"), job.get("salary_month_high")
    vals = [v for v in (lo, hi) if v]
    return sum(vals) / len(vals) if vals else None


def qa_examples(jobs: Sequence[Record], min_jobs: int = 3) -> list[Example]:
    """Recruiting questions answered from these postings' statistics (per city and per company)."""
    out: list[Example] = []
    by_city: dict[str, list[Record]] = defaultdict(list)
    by_company: dict[str, list[Record]] = defaultdict(list)
    for j in jobs:
        if j.get("city"):
            by_city[j["city"]].append(j)
        if j.get("company"):
            by_company[j["company"]].append(j)
    for city, js in sorted(by_city.items()):
        pay = sorted(v for v in map(_monthly, js) if v)
        if len(pay) >= min_jobs:
            q = statistics.quantiles(pay, n=4, method="inclusive")
            ans = (
                f"根据本平台{len(pay)}个{city}在招岗位，月薪中位数约{round(q[1])}元，"
                f"25%分位{round(q[0])}元，75%分位{round(q[2])}元。"
            )
            out.append(_example("qa", f"{city}的岗位月薪一般是多少？", ans))
        top = Counter(s for j in js for s in j.get("skills") or []).most_common(3)
        if len(js) >= min_jobs and top:
            ans = (
                f"本平台{city}的{len(js)}个岗位中，提及最多的技能是："
                + "、".join(f"{s}（{n}个岗位）" for s, n in top)
                + "。"
            )
            out.append(_example("qa", f"{city}的企业最需要哪些技能？", ans))
    for company, js in sorted(by_company.items()):
        titles = list(dict.fromkeys(j["title"] for j in js))[:5]
        out.append(
            _example(
                "qa",
                f"{company}在招哪些岗位？",
                f"{company}目前在招{len(js)}个岗位，包括：{'、'.join(titles)}。",
            )
        )
    return out
