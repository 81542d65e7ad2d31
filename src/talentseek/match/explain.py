"""Explanations and gaps for one seeker–job pair, grounded in the fields that were scored.

Every sentence quotes a field of the resume or the posting; nothing is inferred from free text, so
an explanation can always be checked by looking at the two records.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from talentseek.domain import EDUCATION_LEVELS
from talentseek.match.profiles import JobProfile, SeekerProfile
from talentseek.text.salary import format_yuan

INSUFFICIENT = "信息不足"


@dataclass(frozen=True)
class Explanation:
    reasons: tuple[str, ...]  # what fits, or where data is missing
    gaps: tuple[str, ...]  # what does not fit
    missing_skills: tuple[str, ...]
    insufficient: bool  # too little data on either side to judge most features


money = format_yuan


def money_range(low: float, high: float) -> str | None:
    if math.isnan(low) and math.isnan(high):
        return None
    if math.isnan(high) or low == high:
        return money(low) + ("以上" if math.isnan(high) else "")
    if math.isnan(low):
        return money(high) + "以下"
    lo, hi = money(low), money(high)
    if lo[-1] == hi[-1] == "万":  # 1.2-1.5万, as job boards write it
        return f"{lo[:-1]}-{hi}"
    return f"{lo}-{hi}"


def _names(skills: Iterable[str], limit: int = 4) -> str:
    items = sorted(skills)
    return "、".join(items[:limit]) + ("…" if len(items) > limit else "")


def skill_lines(seeker: SeekerProfile, job: JobProfile) -> tuple[list[str], list[str], tuple[str, ...]]:
    wanted = job.required_skills | job.nice_skills
    if not wanted:
        return [f"职位未列出技能要求（{INSUFFICIENT}）"], [], ()
    if not seeker.skills:
        return [f"简历未列出技能（{INSUFFICIENT}）"], [], tuple(sorted(job.required_skills))
    have = seeker.skills & wanted
    missing = tuple(sorted(job.required_skills - seeker.skills))
    reasons = [f"技能匹配 {len(have)}/{len(wanted)}" + (f"（{_names(have)}）" if have else "")]
    gaps = [f"缺少 {_names(missing)}"] if missing else []
    return reasons, gaps, missing


def salary_line(seeker: SeekerProfile, job: JobProfile) -> tuple[str | None, str | None]:
    expect = money_range(seeker.expect_low, seeker.expect_high)
    offer = money_range(job.offer_low, job.offer_high)
    if expect is None or offer is None:
        return f"薪资{INSUFFICIENT}（{'期望未填' if expect is None else '职位未标薪资或面议'}）", None
    floor = seeker.expect_low if not math.isnan(seeker.expect_low) else seeker.expect_high
    ceil = seeker.expect_high if not math.isnan(seeker.expect_high) else floor
    top = job.offer_high if not math.isnan(job.offer_high) else job.offer_low
    bottom = job.offer_low if not math.isnan(job.offer_low) else top
    if top >= ceil and bottom <= floor:
        return f"期望 {expect} 落在 {offer} 内", None
    if top >= ceil:
        return f"职位薪资 {offer} 高于期望 {expect}", None
    if top >= floor:
        return f"期望 {expect} 与职位薪资 {offer} 部分重叠", None
    return None, f"期望 {expect} 高于职位薪资 {offer}"


def location_line(seeker: SeekerProfile, job: JobProfile) -> tuple[str | None, str | None]:
    if not job.city:
        return f"工作地点{INSUFFICIENT}", None
    if job.city in seeker.intent_cities:
        return f"意向城市 {job.city} ✓", None
    if not seeker.intent_cities and seeker.city == job.city:
        return f"现居 {job.city} ✓", None
    if not seeker.intent_cities and not seeker.city:
        return f"意向城市{INSUFFICIENT}", None
    wanted = "、".join(sorted(seeker.intent_cities)) or seeker.city or ""
    return None, f"工作地 {job.city} 不在意向城市（{wanted}）"


def experience_line(seeker: SeekerProfile, job: JobProfile) -> tuple[str | None, str | None]:
    if math.isnan(job.exp_min) or job.exp_min == 0:
        return ("职位接受应届生" if job.fresh_ok else "职位经验不限"), None
    if math.isnan(seeker.years):
        return f"工作年限{INSUFFICIENT}", None
    years, need = f"{seeker.years:g}", f"{job.exp_min:g}"
    if seeker.years >= job.exp_min:
        return f"经验 {years}年 ≥ 要求 {need}年", None
    return None, f"经验 {years}年 < 要求 {need}年"


def education_line(seeker: SeekerProfile, job: JobProfile) -> tuple[str | None, str | None]:
    if math.isnan(job.edu_rank) or job.edu_rank == 0:
        return "学历不限", None
    need = EDUCATION_LEVELS[int(job.edu_rank)]
    if math.isnan(seeker.edu_rank):
        return f"学历{INSUFFICIENT}（要求{need}）", None
    have = EDUCATION_LEVELS[int(seeker.edu_rank)]
    if seeker.edu_rank >= job.edu_rank:
        return f"学历 {have} ≥ 要求 {need}", None
    return None, f"学历 {have} 低于要求 {need}"


def explain(seeker: SeekerProfile, job: JobProfile) -> Explanation:
    """Reasons and gaps for one pair, in the order a person reads them."""
    reasons, gaps, missing = skill_lines(seeker, job)
    for line in (salary_line, location_line, experience_line, education_line):
        good, bad = line(seeker, job)
        reasons += [good] if good else []
        gaps += [bad] if bad else []
    unknown = sum(INSUFFICIENT in r for r in reasons)
    return Explanation(tuple(reasons), tuple(gaps), missing, insufficient=unknown >= 3)


def skill_advice(
    near_misses: Iterable[JobProfile], seeker: SeekerProfile, top: int = 5
) -> list[tuple[str, int]]:
    """Which missing required skills would open most of the seeker's near-miss jobs: [(skill, n_jobs)]."""
    counts = Counter(s for job in near_misses for s in job.required_skills - seeker.skills)
    return counts.most_common(top)
