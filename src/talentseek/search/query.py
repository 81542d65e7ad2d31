"""Plain Chinese query or phrase → typed constraints + keywords: the one place that understands one.

Search (every backend), the assistant (first turns and follow-ups), the LLM query parser's rule path
and the training data all call `parse_query`; code that already knows a value (an assistant filter,
an LLM field) builds the same Constraint with `salary_constraint`, `place_constraints` ... and
`build_query`. Each constraint is *hard* (a filter: documents that state a conflicting value are
dropped, documents that state nothing are kept, e.g. a posting without a salary is not a miss for
1万以上) or *soft* (only a ranking boost, e.g. 双休). The parsed query is shown as removable chips.

Figures are read with text.numerals (one digit table; a digit run longer than MAX_DIGITS is no
figure), and every pattern here matches in linear time, so a hostile 2,000-character query costs
what a normal one does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from talentseek.domain import EDUCATION_LEVELS
from talentseek.search.base import MAX_QUERY_CHARS, Constraint, ParsedQuery, QueryParser, Side
from talentseek.search.tokens import tokens
from talentseek.text.benefits import benefit_matches
from talentseek.text.experience import MAX_YEARS, parse_experience
from talentseek.text.numerals import CN_SMALL_NUMBER, NUMBER, cn_to_number, colloquial_money
from talentseek.text.region import find_regions
from talentseek.text.salary import format_yuan, parse_salary
from talentseek.text.skills import extract_skills

__all__ = [
    "Constraint",
    "ParsedQuery",
    "QueryParser",
    "RuleQueryParser",
    "Side",
    "build_query",
    "education_constraint",
    "experience_constraint",
    "parse_query",
    "place_constraints",
    "salary_constraint",
    "with_constraints",
]
MAX_KEYWORDS = 32
MAX_MONTHLY_SALARY = 5_000_000  # above this a figure is an id or a phone number, not a salary

# words that carry no search intent once the constraints are taken out
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 找 想 要 想要 我 我要 可以 可 能 有 求 一份 一个 工作 岗位 职位 招聘 相关 方面 "
    "以上 以下 左右 优先 接受 要求 经验 学历 薪资 工资 月薪 年薪 公司 单位 附近 地区 城市 人 名 吗 呢 吧 "
    "没 没有 最好 希望 刚 毕业 熟悉 一些 能够 会 做 份 类 方向 之类 有没有 一下 搜索 请问 帮我 给我 "
    # spoken filler: 找个离家近的活儿 says nothing a posting's words can match
    "找个 找份 找一份 活 活儿 干活 离家近 家附近 近点 靠谱 好点 就行 就好 块 块钱 元".split()
)

_SALARY = re.compile(
    rf"(?P<pre>年薪|月薪|薪资|薪水|工资|底薪)?\s*(?P<a>{NUMBER})\s*(?P<ua>[kKwW千万])?"
    rf"(?:\s*(?:-|~|～|到|至|—)\s*(?P<b>{NUMBER})\s*(?P<ub>[kKwW千万])?)?"
    r"\s*(?P<yuan>元)?(?:\s*/\s*(?P<per>月|年))?(?P<suf>以上|以下|以内|起|\+|左右)?(?![\d年人岁])"
)
_SALARY_OVER_WAN = re.compile(r"(?:月薪|薪资|工资)?过万")
_UNITS = {"k": 1000.0, "K": 1000.0, "千": 1000.0, "w": 10000.0, "W": 10000.0, "万": 10000.0}
_YEARS = rf"{NUMBER}|{CN_SMALL_NUMBER}{{1,3}}|半"
_EXPERIENCE = re.compile(
    r"(?P<fresh>应届(?:毕业)?生?|在校生?|刚毕业|无经验|零经验|没(?:有)?(?:工作)?经验|经验不限)"
    rf"|(?P<a>{_YEARS})\s*(?:(?:-|~|到|至)\s*(?P<b>{_YEARS}))?\s*年(?!薪)"
    r"(?P<suf>及以上|以上|以内|以下)?(?:工作)?(?:经验)?(?:以上)?"
)
_EDUCATION = [
    ("博士", "博士"),
    ("硕士", "硕士"),
    ("研究生", "硕士"),
    ("本科", "本科"),
    ("大专", "大专"),
    ("专科", "大专"),
    ("中专", "中专/中技"),
    ("中技", "中专/中技"),
    ("高中", "高中"),
    ("学历不限", "不限"),
]
# query word → one of domain.JOB_TYPES; 实习生 before 实习, or its 生 would be left as a keyword
_JOB_TYPES = [
    ("实习生", "实习"),
    ("实习", "实习"),
    ("兼职", "兼职"),
    ("全职", "全职"),
    ("校招", "校招"),
    ("校园招聘", "校招"),
]
_SIZE = re.compile(r"(?P<big>大厂|大公司|大企业)|(?<!\d)(?P<n>\d{1,7})\s*人(?:以上|及以上)")
_PLACE_SUFFIXES = ("特别行政区", "自治区", "自治州", "省", "市", "区", "县", "地区", "盟")


# ---------------------------------------------------------------- constraints from known values
def _salary_label(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"薪资：{format_yuan(lo)}-{format_yuan(hi)}/月"
    return f"薪资：≥{format_yuan(lo)}/月" if lo is not None else f"薪资：≤{format_yuan(hi or 0)}/月"


def salary_constraint(lo: float | None, hi: float | None, side: Side, source: str = "") -> Constraint:
    """A monthly salary range in yuan: a filter for a seeker (jobs), a preference for a recruiter."""
    return Constraint("salary", (lo, hi), side == "jobs", _salary_label(lo, hi), source)


def experience_constraint(value: dict[str, Any], label: str | None = None, source: str = "") -> Constraint:
    """Years of experience {min_years, max_years, fresh_graduate} (a filter)."""
    lo, hi = value.get("min_years"), value.get("max_years")
    if label is None:
        if value.get("fresh_graduate"):
            label = "经验：应届生可投"
        elif hi is not None:
            label = f"经验：{lo or 0:g}-{hi:g}年"
        else:
            label = f"经验：{lo or 0:g}年以上"
    return Constraint("experience", value, True, label, source)


def education_constraint(level: str, side: Side, source: str = "") -> Constraint:
    """A degree (one of EDUCATION_LEVELS): jobs asking at most it, or candidates holding at least it."""
    if level == "不限":
        return Constraint("education", level, True, "学历：不限", source)
    suffix = "及以下可投" if side == "jobs" else "及以上"
    return Constraint("education", level, True, f"学历：{level}{suffix}", source)


def place_constraints(text: str, source: str = "") -> list[Constraint]:
    """District, city or province constraints for the places named in `text` (official full names)."""
    return _take_regions(text, source)[0]


def build_query(
    side: Side, constraints: Iterable[Constraint], words: str = "", text: str | None = None
) -> ParsedQuery:
    """A ParsedQuery from constraints already understood and free words (searched as keywords)."""
    skills = tuple(dict.fromkeys(extract_skills(words)))
    keywords = _keywords(words, set(), skills)
    return ParsedQuery(words if text is None else text, side, tuple(constraints), keywords, skills)


# ---------------------------------------------------------------- reading constraints from text
def _salary_from_match(m: re.Match[str]) -> tuple[float | None, float | None] | None:
    """Monthly (low, high) for a salary-looking match, or None when the figure is not a salary."""
    pre, ua, ub, yuan, per, suf = (m.group(g) for g in ("pre", "ua", "ub", "yuan", "per", "suf"))
    a, b = float(m.group("a")), (float(m.group("b")) if m.group("b") else None)
    unit_a, unit_b = _UNITS.get(ua or ub or "", 1.0), _UNITS.get(ub or ua or "", 1.0)
    if not (pre or ua or ub or yuan or per or (suf and a >= 1000) or a * unit_a >= 1000):
        return None
    if a * unit_a > MAX_MONTHLY_SALARY:
        return None
    lo, hi = a * unit_a, (b * unit_b if b is not None else None)
    if pre == "年薪" or per == "年":
        lo, hi = lo / 12, (hi / 12 if hi is not None else None)
    else:
        parsed = parse_salary(m.group(0).strip())
        if parsed.valid:
            plo, phi = parsed.monthly_range()
            lo, hi = (plo if plo is not None else lo), (phi if b is not None else hi)
    if hi is not None and hi < lo:
        lo, hi = hi, lo
    if suf in ("以下", "以内"):
        return (None, lo)
    return (lo, hi)


def _take_salary(text: str, side: Side) -> tuple[str, list[Constraint]]:
    m0 = _SALARY_OVER_WAN.search(text)
    if m0:
        return text.replace(m0.group(0), " "), [salary_constraint(10000.0, None, side, m0.group(0))]
    for m in _SALARY.finditer(text):
        rng = _salary_from_match(m)
        if rng is not None:  # one salary constraint per query
            return text.replace(m.group(0), " ", 1), [salary_constraint(*rng, side, m.group(0).strip())]
    return text, []


def _experience_value(m: re.Match[str]) -> tuple[dict[str, Any], str] | None:
    """(value, label) for an experience match; None for a figure that is no number of years (2016年)."""
    if m.group("fresh"):
        fresh = not m.group("fresh").startswith("经验不限")
        value = {"min_years": 0.0, "max_years": 0.0 if fresh else None, "fresh_graduate": fresh}
        return value, ("经验：应届生可投" if fresh else "经验：不限")
    lo = cn_to_number(m.group("a"))
    hi = cn_to_number(m.group("b")) if m.group("b") else None
    if lo is None or lo > MAX_YEARS or (hi is not None and hi > MAX_YEARS):
        return None
    if (m.group("suf") or "") in ("以内", "以下"):
        lo, hi = 0.0, lo
    value = {"min_years": lo, "max_years": hi, "fresh_graduate": False}
    return value, (f"经验：{lo:g}-{hi:g}年" if hi is not None else f"经验：{lo:g}年以上")


def _take_experience(text: str, side: Side) -> tuple[str, list[Constraint]]:
    for m in _EXPERIENCE.finditer(text):
        found = _experience_value(m)
        if found is None:
            continue
        value, label = found
        span = m.group(0)
        parsed = parse_experience(span)  # the contract's reading wins where it has one (一年半 → 1.5)
        if parsed.min_years is not None:
            value = {
                "min_years": parsed.min_years,
                "max_years": parsed.max_years,
                "fresh_graduate": bool(parsed.fresh_graduate),
            }
        return text.replace(span, " ", 1), [experience_constraint(value, label, span)]
    return text, []


def _take_words(
    text: str, table: list[tuple[str, str]], name: str, label: str, hard: bool
) -> tuple[str, list[Constraint]]:
    out: list[Constraint] = []
    for word, value in table:
        if word in text and all(c.value != value for c in out):
            out.append(Constraint(name, value, hard, f"{label}：{value}", word))
            text = text.replace(word, " ")
    return text, out


def _take_education(text: str, side: Side) -> tuple[str, list[Constraint]]:
    text, found = _take_words(text, _EDUCATION, "education", "学历", True)
    if not found:
        return text, []
    best = max(found, key=lambda c: EDUCATION_LEVELS.index(c.value))  # "本科或硕士" → the higher
    return text, [education_constraint(best.value, side, best.source)]


def _take_size(text: str) -> tuple[str, list[Constraint]]:
    m = _SIZE.search(text)
    if not m:
        return text, []
    n = 1000 if m.group("big") else int(m.group("n"))
    label = f"公司规模：≥{n}人" + ("（大厂）" if m.group("big") else "")
    return text.replace(m.group(0), " ", 1), [Constraint("company_size", n, True, label, m.group(0))]


def _take_benefits(text: str) -> tuple[str, list[Constraint]]:
    """Soft constraints in text.benefits' names (周末双休 asks for 双休); their words leave the text."""
    out: dict[str, Constraint] = {}
    for name, words in benefit_matches(text):
        out.setdefault(name, Constraint("benefit", name, False, f"福利：{name}（优先）", name))
        text = text.replace(words, " ")
    return text, list(out.values())


def _short(name: str) -> str:
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _take_regions(text: str, source: str = "") -> tuple[list[Constraint], set[str]]:
    """Constraints for the places named; also the words to drop from the keywords."""
    out: list[Constraint] = []
    words: set[str] = set()
    for r in find_regions(text):
        if r.district:
            out.append(Constraint("district", r.district, True, f"区县：{r.district}", source))
        if r.city:
            out.append(Constraint("city", r.city, True, f"城市：{r.city}", source))
        elif r.province and not r.district:
            out.append(Constraint("province", r.province, True, f"省份：{r.province}", source))
        for name in (r.province, r.city, r.district):
            if name:
                words.update({name.lower(), _short(name).lower(), name.removesuffix("新区").lower()})
    dedup = list({(c.field, c.value): c for c in out}.values())
    return dedup, words


# ---------------------------------------------------------------- keywords
def _only_places(token: str, place_words: set[str]) -> bool:
    """True when the token is made only of place names (上海浦东 = 上海 + 浦东)."""
    rest = token
    for w in sorted(place_words, key=len, reverse=True):
        if w:
            rest = rest.replace(w, "")
    return not rest.strip()


def _is_fragment(token: str) -> bool:
    """A lone Chinese character left by segmentation (视觉设计师 → 视觉设计 + 师): noise beside real words."""
    return len(token) == 1 and not token.isascii()


def _new_skill_terms(keywords: list[str], skills: tuple[str, ...]) -> list[str]:
    """Canonical skills not already inside a keyword (数据分析 is in 数据分析师: no double count)."""
    out = []
    for s in skills:
        term = s.lower().replace(" ", "_")
        if not any(term in k for k in keywords):
            out.append(term)
    return out


def _keywords(rest: str, place_words: set[str], skills: tuple[str, ...]) -> tuple[str, ...]:
    """Search terms of what the constraints left: no stopwords, places or lone fragments; plus skills."""
    kw = [t for t in tokens(rest) if t not in STOPWORDS and not _only_places(t, place_words)]
    if any(not _is_fragment(t) for t in kw):
        kw = [t for t in kw if not _is_fragment(t)]
    return tuple(dict.fromkeys(kw + _new_skill_terms(kw, skills)))[:MAX_KEYWORDS]


class RuleQueryParser:
    """The default parser: regular expressions + the project's normalizers; no model."""

    def parse(self, text: str, side: Side = "jobs") -> ParsedQuery:
        raw = " ".join((text or "").encode("utf-8", "ignore").decode("utf-8").split())  # no lone surrogates
        notes = (f"查询过长，已截取前 {MAX_QUERY_CHARS} 字",) if len(raw) > MAX_QUERY_CHARS else ()
        raw = raw[:MAX_QUERY_CHARS]
        rest, constraints = colloquial_money(raw), []  # 月薪八千 → 月薪8000, 七八千 → 7千-8千
        regions, place_words = _take_regions(raw)
        for take in (_take_salary, _take_experience, _take_education):
            rest, found = take(rest, side)
            constraints += found
        rest, found = _take_words(rest, _JOB_TYPES, "job_type", "类型", True)
        constraints += found[:1]
        for take1 in (_take_size, _take_benefits):
            rest, found = take1(rest)
            constraints += found
        skills = tuple(dict.fromkeys(extract_skills(raw)))
        keywords = _keywords(rest, place_words, skills)
        return ParsedQuery(raw, side, tuple(regions + constraints), keywords, skills, notes)


DEFAULT_PARSER: QueryParser = RuleQueryParser()


@lru_cache(maxsize=4096)  # ParsedQuery is frozen; head queries repeat, and parsing is pure
def parse_query(text: str, side: Side = "jobs") -> ParsedQuery:
    """Parse with the default rule parser (see RuleQueryParser)."""
    return DEFAULT_PARSER.parse(text, side)


def with_constraints(parsed: ParsedQuery, extra: Iterable[Constraint]) -> ParsedQuery:
    """`parsed` plus constraints on fields it does not constrain yet (a place counts as one field)."""
    places = {"city", "district", "province"}
    have = {("place" if c.field in places else c.field) for c in parsed.constraints}
    new = [c for c in extra if ("place" if c.field in places else c.field) not in have]
    return replace(parsed, constraints=(*parsed.constraints, *new))
