"""Plain Chinese query → structured filters + keywords (rule-based; an LLM parser plugs in later).

Each constraint is *hard* (a filter: documents that state a conflicting value are dropped, documents
that state nothing are kept, e.g. a posting without a salary is not a miss for 1万以上) or *soft*
(only a ranking boost, e.g. 双休). The parsed query is shown to the user as removable chips.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal, Protocol

from talentseek.domain import EDUCATION_LEVELS
from talentseek.search import textnorm
from talentseek.text.salary import format_yuan

Side = Literal["jobs", "candidates"]
MAX_KEYWORDS = 32

# words that carry no search intent once the constraints are taken out
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 找 想 要 想要 我 我要 可以 可 能 有 求 一份 一个 工作 岗位 职位 招聘 相关 方面 "
    "以上 以下 左右 优先 接受 要求 经验 学历 薪资 工资 月薪 年薪 公司 单位 附近 地区 城市 人 名 吗 呢 吧 "
    "没 没有 最好 希望 刚 毕业 熟悉 一些 能够 会 做 份 类 方向 之类".split()
)

_NUM = r"\d+(?:\.\d+)?"
_SALARY = re.compile(
    rf"(?P<pre>年薪|月薪|薪资|薪水|工资|底薪)?\s*(?P<a>{_NUM})\s*(?P<ua>[kKwW千万])?"
    rf"(?:\s*(?:-|~|～|到|至|—)\s*(?P<b>{_NUM})\s*(?P<ub>[kKwW千万])?)?"
    rf"\s*(?P<yuan>元)?(?:\s*/\s*(?P<per>月|年))?(?P<suf>以上|以下|以内|起|\+|左右)?(?![\d年人岁])"
)
_SALARY_OVER_WAN = re.compile(r"(?:月薪|薪资|工资)?过万")
_UNITS = {"k": 1000.0, "K": 1000.0, "千": 1000.0, "w": 10000.0, "W": 10000.0, "万": 10000.0}
_CN_NUM = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EXPERIENCE = re.compile(
    r"(?P<fresh>应届(?:毕业)?生?|在校生?|刚毕业|无经验|零经验|没(?:有)?(?:工作)?经验|经验不限)"
    rf"|(?P<a>{_NUM}|[一两二三四五六七八九十]|半)\s*(?:-|~|到|至)?\s*(?P<b>{_NUM})?\s*年(?!薪)"
    r"(?P<suf>及以上|以上|以内|以下)?(?:工作)?(?:经验)?(?P<suf2>以上)?"
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
_SIZE = re.compile(r"(?P<big>大厂|大公司|大企业)|(?P<n>\d+)\s*人(?:以上|及以上)")


@dataclass(frozen=True)
class Constraint:
    """One understood constraint; `key` removes it (chip ×), `label` is what the chip shows."""

    # city | district | province | salary | experience | education | job_type | company_size | benefit
    field: str
    value: Any
    hard: bool
    label: str
    source: str = ""

    @property
    def key(self) -> str:
        return f"{self.field}:{self.source or self.value}"


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    side: Side = "jobs"
    constraints: tuple[Constraint, ...] = ()
    keywords: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())  # e.g. "查询过长，已截取前 500 字"

    def of(self, name: str) -> list[Constraint]:
        return [c for c in self.constraints if c.field == name]

    def without(self, keys: tuple[str, ...] | list[str]) -> ParsedQuery:
        """The query with the chips whose keys are given removed (unknown keys are ignored)."""
        drop = set(keys)
        return replace(self, constraints=tuple(c for c in self.constraints if c.key not in drop))

    @property
    def chips(self) -> list[dict[str, Any]]:
        return [{"label": c.label, "key": c.key, "hard": c.hard, "field": c.field} for c in self.constraints]

    def to_dict(self) -> dict[str, Any]:
        filters = [
            {"field": c.field, "value": c.value, "hard": c.hard, "label": c.label, "key": c.key}
            for c in self.constraints
        ]
        return {
            "text": self.text,
            "side": self.side,
            "keywords": list(self.keywords),
            "skills": list(self.skills),
            "filters": filters,
            "chips": self.chips,
            "notes": list(self.notes),
        }


class QueryParser(Protocol):
    def parse(self, text: str, side: Side = "jobs") -> ParsedQuery: ...


def _salary_from_match(m: re.Match[str]) -> tuple[float | None, float | None] | None:
    """Monthly (low, high) for a salary-looking match, or None when the figure is not a salary."""
    pre, ua, ub, yuan, per, suf = (m.group(g) for g in ("pre", "ua", "ub", "yuan", "per", "suf"))
    a, b = float(m.group("a")), (float(m.group("b")) if m.group("b") else None)
    unit_a, unit_b = _UNITS.get(ua or ub or "", 1.0), _UNITS.get(ub or ua or "", 1.0)
    if not (pre or ua or ub or yuan or per or (suf and a >= 1000) or a * unit_a >= 1000):
        return None
    if a * unit_a > 5_000_000:  # an id or phone number, not a salary
        return None
    lo, hi = a * unit_a, (b * unit_b if b is not None else None)
    if pre == "年薪" or per == "年":
        lo, hi = lo / 12, (hi / 12 if hi is not None else None)
    parsed = textnorm.parse_salary_span(m.group(0).strip())
    if parsed is not None and getattr(parsed, "valid", False) and pre != "年薪" and per != "年":
        plo, phi = parsed.monthly_range()
        lo, hi = (plo if plo is not None else lo), (phi if b is not None else hi)
    if hi is not None and hi < lo:
        lo, hi = hi, lo
    if suf in ("以下", "以内"):
        return (None, lo)
    return (lo, hi)


def _salary_label(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"薪资：{format_yuan(lo)}-{format_yuan(hi)}/月"
    return f"薪资：≥{format_yuan(lo)}/月" if lo is not None else f"薪资：≤{format_yuan(hi or 0)}/月"


def _take_salary(text: str, side: Side) -> tuple[str, list[Constraint]]:
    out: list[Constraint] = []
    m0 = _SALARY_OVER_WAN.search(text)
    if m0:
        out.append(
            Constraint("salary", (10000.0, None), side == "jobs", _salary_label(10000.0, None), m0.group(0))
        )
        return text.replace(m0.group(0), " "), out
    for m in _SALARY.finditer(text):
        rng = _salary_from_match(m)
        if rng is None:
            continue
        out.append(Constraint("salary", rng, side == "jobs", _salary_label(*rng), m.group(0).strip()))
        text = text.replace(m.group(0), " ", 1)
        break  # one salary constraint per query
    return text, out


def _years(token: str) -> float:
    if token == "半":
        return 0.5
    return float(_CN_NUM[token]) if token in _CN_NUM else float(token)


def _take_experience(text: str, side: Side) -> tuple[str, list[Constraint]]:
    m = _EXPERIENCE.search(text)
    if not m:
        return text, []
    span = m.group(0)
    if m.group("fresh"):
        fresh = not m.group("fresh").startswith(("经验不限",))
        value: dict[str, Any] = {
            "min_years": 0.0,
            "max_years": 0.0 if fresh else None,
            "fresh_graduate": fresh,
        }
        label = "经验：应届生可投" if fresh else "经验：不限"
    else:
        lo = _years(m.group("a"))
        hi = float(m.group("b")) if m.group("b") else None
        if (m.group("suf") or "") in ("以内", "以下"):
            lo, hi = 0.0, lo
        value = {"min_years": lo, "max_years": hi, "fresh_graduate": False}
        label = f"经验：{lo:g}-{hi:g}年" if hi is not None else f"经验：{lo:g}年以上"
    parsed = textnorm.parse_experience_span(span)
    if parsed is not None and getattr(parsed, "min_years", None) is not None:
        value = {
            "min_years": parsed.min_years,
            "max_years": parsed.max_years,
            "fresh_graduate": bool(parsed.fresh_graduate),
        }
    return text.replace(span, " ", 1), [Constraint("experience", value, True, label, span)]


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
    suffix = "及以下可投" if side == "jobs" else "及以上"
    return text, [
        replace(best, label=f"学历：{best.value}{suffix}" if best.value != "不限" else "学历：不限")
    ]


def _take_size(text: str) -> tuple[str, list[Constraint]]:
    m = _SIZE.search(text)
    if not m:
        return text, []
    n = 1000 if m.group("big") else int(m.group("n"))
    label = f"公司规模：≥{n}人" + ("（大厂）" if m.group("big") else "")
    return text.replace(m.group(0), " ", 1), [Constraint("company_size", n, True, label, m.group(0))]


def _take_benefits(text: str) -> tuple[str, list[Constraint]]:
    out = []
    for b in dict.fromkeys(textnorm.extract_benefits(text)):
        out.append(Constraint("benefit", b, False, f"福利：{b}（优先）", b))
        text = text.replace(b, " ")
    return text, out


def _short(name: str) -> str:
    for suffix in ("特别行政区", "自治区", "自治州", "省", "市", "区", "县", "地区", "盟"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _take_regions(text: str) -> tuple[list[Constraint], set[str]]:
    """Constraints for the places named; also the words to drop from the keywords."""
    out: list[Constraint] = []
    words: set[str] = set()
    for r in textnorm.find_regions(text):
        if r.district:
            out.append(Constraint("district", r.district, True, f"区县：{r.district}"))
        if r.city:
            out.append(Constraint("city", r.city, True, f"城市：{r.city}"))
        elif r.province and not r.district:
            out.append(Constraint("province", r.province, True, f"省份：{r.province}"))
        for name in (r.province, r.city, r.district):
            if name:
                words.update({name.lower(), _short(name).lower(), name.removesuffix("新区").lower()})
    dedup = list({c.key: c for c in out}.values())
    return dedup, words


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


class RuleQueryParser:
    """The default parser: regular expressions + the project's normalizers; no model."""

    def parse(self, text: str, side: Side = "jobs") -> ParsedQuery:
        from talentseek.search.base import MAX_QUERY_CHARS

        raw = " ".join((text or "").split())
        notes = (f"查询过长，已截取前 {MAX_QUERY_CHARS} 字",) if len(raw) > MAX_QUERY_CHARS else ()
        raw = raw[:MAX_QUERY_CHARS]
        rest, constraints = raw, []
        regions, place_words = _take_regions(raw)
        for take in (_take_salary, _take_experience, _take_education):
            rest, found = take(rest, side)
            constraints += found
        rest, found = _take_words(rest, _JOB_TYPES, "job_type", "类型", True)
        constraints += found[:1]
        for take1 in (_take_size, _take_benefits):
            rest, found = take1(rest)
            constraints += found
        skills = tuple(dict.fromkeys(textnorm.extract_skills(raw)))
        kw = [t for t in textnorm.tokens(rest) if t not in STOPWORDS and not _only_places(t, place_words)]
        if any(not _is_fragment(t) for t in kw):
            kw = [t for t in kw if not _is_fragment(t)]
        keywords = tuple(dict.fromkeys(kw + _new_skill_terms(kw, skills)))[:MAX_KEYWORDS]
        return ParsedQuery(raw, side, tuple(regions + constraints), keywords, skills, notes)


DEFAULT_PARSER: QueryParser = RuleQueryParser()


@lru_cache(maxsize=4096)  # ParsedQuery is frozen; head queries repeat, and parsing is pure
def parse_query(text: str, side: Side = "jobs") -> ParsedQuery:
    """Parse with the default rule parser (see RuleQueryParser)."""
    return DEFAULT_PARSER.parse(text, side)
