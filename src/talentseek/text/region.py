"""Chinese place names → `domain.Region` with GB/T 2260 full names (CONTRACTS.md region rules).

`parse_region` reads a location field (`济南-历下`, `上海 普陀区 武宁路`, `山东省青岛市黄岛区`);
`find_regions` finds every place mentioned in free text (queries, resumes). Both scan for the longest
known name at each position, then resolve each mention against the places already seen, so
`武汉 武昌` is 武汉市武昌区 and `北京 朝阳` is not 辽宁省朝阳市. The table is data/regions.tsv.
"""

from __future__ import annotations

import csv
import importlib.resources
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from talentseek.domain import Region

_SUFFIX = re.compile(
    r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|地区|林区|新区|省|市|区|县|盟|旗)$"
)
_GENERIC = {"城区", "郊区", "矿区", "新区", "市辖区", "开发区", "高新区", "市中", "城中", "中区"}
# what follows a short name when it is part of a street, school or park name, not a place mention
_NOT_A_PLACE_AFTER = (
    "路",
    "街",
    "道",
    "巷",
    "弄",
    "村",
    "镇",
    "乡",
    "桥",
    "大道",
    "大街",
    "大学",
    "学院",
    "广场",
    "公园",
    "小区",
    "花园",
    "中学",
    "小学",
    "银行",
    "集团",
    "公司",
    "医院",
)
# short names that are everyday words; in free text they count only after their city is named
_COMMON_WORDS = {
    "东方",
    "来宾",
    "阿里",
    "光明",
    "江南",
    "新建",
    "长寿",
    "东湖",
    "新市",
    "中原",
    "上街",
    "天桥",
    "平原",
    "惠民",
    "牡丹",
    "平安",
    "和平",
    "新华",
    "长安",
    "太平",
    "安宁",
    "永安",
    "城关",
    "白云",
    "鼓楼",
    "西湖",
    "资源",
    "延长",
    "通道",
    "合作",
    "乐业",
    "博爱",
    "安居",
    "大方",
    "共和",
    "康乐",
    "桃源",
    "武功",
    "龙井",
    "凤凰",
    "咸丰",
    "红旗",
    "友好",
    "前进",
    "向阳",
    "东风",
    "新兴",
    "吉利",
    "开放",
    "河口",
    "清河",
    "文化",
}
# cities whose districts are known by their short names alone (直辖市, 副省级, 省会, big economies, Shandong)
_MAJOR_CITIES = set(
    "北京 天津 上海 重庆 广州 深圳 南京 武汉 成都 西安 沈阳 大连 长春 哈尔滨 济南 青岛 杭州 宁波 厦门 石家庄 "
    "太原 呼和浩特 郑州 长沙 合肥 南昌 福州 南宁 海口 贵阳 昆明 拉萨 兰州 西宁 银川 乌鲁木齐 苏州 无锡 东莞 "
    "佛山 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽".split()
)
_SEPARATORS = re.compile(r"[\s\-–—·•,，、/|>＞;；:：()（）\[\]【】]+")


@dataclass(frozen=True)
class _Unit:
    code: str
    name: str
    level: int  # 1 province / municipality, 2 city, 3 district or county
    parent: str


@dataclass(frozen=True)
class _Mention:
    alias: str
    codes: tuple[str, ...]
    full: bool  # an official (or former official) full name, not a short form
    start: int
    end: int


class _Table:
    """The region table with an alias index; built once."""

    def __init__(self) -> None:
        self.units: dict[str, _Unit] = {}
        aliases: dict[str, list[str]] = {}
        self.full_names: set[str] = set()
        path = importlib.resources.files("talentseek.text") / "data" / "regions.tsv"
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                unit = _Unit(row["code"], row["name"], int(row["level"]), row["parent"])
                self.units[unit.code] = unit
                former = [a for a in row["aliases"].split("|") if a]
                self.full_names.update([unit.name, *former])
                for alias in {unit.name, *former, *self._shorts(unit.name, row["short"], former)}:
                    aliases.setdefault(alias, []).append(unit.code)
        self.aliases = {a: tuple(dict.fromkeys(c)) for a, c in aliases.items()}
        self.max_len = max(len(a) for a in self.aliases)
        self.first_chars = {a[0] for a in self.aliases}
        self.free_short_ok = {a for a, codes in self.aliases.items() if self._free_ok(a, codes)}

    @staticmethod
    def _shorts(name: str, short: str, former: list[str]) -> set[str]:
        out = {short} | {_SUFFIX.sub("", n) for n in (name, *former)}
        return {s for s in out if len(s) >= 2 and s not in _GENERIC}

    def _free_ok(self, alias: str, codes: tuple[str, ...]) -> bool:
        """Whether a short district name may stand alone in free text: unique, in a major city, not a word."""
        if alias in self.full_names or alias in _COMMON_WORDS:
            return False
        if len(codes) != 1:
            return False
        unit = self.units[codes[0]]
        if unit.level < 3:
            return True
        city = self.units.get(unit.parent)
        return city is not None and _SUFFIX.sub("", city.name) in _MAJOR_CITIES

    def region(self, unit: _Unit) -> Region:
        """The unit with its ancestors as a Region of full names; municipalities are province and city."""
        if unit.level == 1:
            city = unit.name if unit.code[:2] in ("11", "12", "31", "50") else None
            return Region(province=unit.name, city=city)
        parent = self.units.get(unit.parent)
        if unit.level == 2 or parent is None:
            return Region(province=parent.name if parent else None, city=unit.name)
        upper = self.region(parent)
        return Region(province=upper.province, city=upper.city, district=unit.name)

    def within(self, unit: _Unit, scope: _Unit) -> bool:
        """`unit` is `scope` or lies inside it."""
        cur: _Unit | None = unit
        while cur is not None:
            if cur.code == scope.code:
                return True
            cur = self.units.get(cur.parent)
        return False


@lru_cache(maxsize=1)
def _table() -> _Table:
    return _Table()


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _scan(text: str) -> list[_Mention]:
    """Longest known names, left to right; a short name followed by 路/大学/... is not a place."""
    t = _table()
    out: list[_Mention] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] not in t.first_chars:
            i += 1
            continue
        end = _longest_at(text, i)
        if end is None:
            i += 1
            continue
        alias = text[i:end]
        # "济南市中区": 市 may start the next name (市中区) rather than end this one
        if alias.endswith("市") and len(alias) > 2 and alias[:-1] in t.aliases:
            nxt = _longest_at(text, end - 1)
            if nxt is not None and nxt > end:
                alias, end = alias[:-1], end - 1
        full = alias in t.full_names
        if full or not text.startswith(_NOT_A_PLACE_AFTER, end):
            out.append(_Mention(alias, t.aliases[alias], full, end - len(alias), end))
        i = end
    return out


def _longest_at(text: str, i: int) -> int | None:
    t = _table()
    for length in range(min(t.max_len, len(text) - i), 1, -1):
        if text[i : i + length] in t.aliases:
            return i + length
    return None


def _pick(units: list[_Unit]) -> list[_Unit]:
    """Prefer the highest administrative level: 吉林 is the province, 朝阳 the city, not the districts."""
    top = min(u.level for u in units)
    return [u for u in units if u.level == top]


def _ambiguous_region(units: list[_Unit]) -> Region:
    """A name shared by several units keeps what they agree on (朝阳区 → district only)."""
    t = _table()
    regions = [t.region(u) for u in units]

    def agreed(values: list[str | None]) -> str | None:
        return values[0] if len(set(values)) == 1 else None

    return Region(
        province=agreed([r.province for r in regions]),
        city=agreed([r.city for r in regions]),
        district=agreed([r.district for r in regions]),
    )


@lru_cache(maxsize=65536)
def parse_region(text: str) -> Region:
    """Resolve a location field to full names; unknown parts are None, street names are ignored."""
    if not text or not text.strip():
        return Region()
    t = _table()
    ctx: _Unit | None = None
    pending: list[_Unit] = []
    for m in _scan(_normalize(text)):
        units = [t.units[c] for c in m.codes]
        if ctx is not None:
            units = [u for u in units if t.within(u, ctx)]
        elif pending:
            narrowed = [p for p in pending if any(t.within(p, u) for u in units)]
            if narrowed:
                pending, units = narrowed, []
        if not units:
            continue
        best = _pick(units)
        if len(best) == 1:
            ctx, pending = best[0], []
        elif ctx is None and not pending:
            pending = best
        if ctx is not None and ctx.level == 3:
            break
    if len(pending) == 1:
        return t.region(pending[0])
    if pending and ctx is None:
        return _ambiguous_region(pending)
    return t.region(ctx) if ctx else Region()


def find_regions(text: str) -> list[Region]:
    """Every place named in free text, in order, deduplicated; `武汉江夏` is one place (武汉市江夏区)."""
    return list(_find_regions_cached(_normalize(text or "")))


@lru_cache(maxsize=4096)
def _find_regions_cached(text: str) -> tuple[Region, ...]:
    t = _table()
    found: list[_Unit | list[_Unit]] = []
    scope: _Unit | None = None
    mentions = _scan(text)
    spans = _word_spans(text) if any(not m.full for m in mentions) else []
    for m in mentions:
        if not m.full and _splits_a_word(m, spans):
            continue
        units = _free_candidates(m, scope)
        if not units:
            continue
        best = _pick(units)
        if len(best) > 1:
            found.append(best)
            continue
        unit = best[0]
        last = found[-1] if found else None
        if isinstance(last, _Unit) and t.within(unit, last):
            found[-1] = unit  # 武汉 then 江夏: one refined place
        else:
            found.append(unit)
        scope = unit if unit.level < 3 else t.units.get(unit.parent)
    regions = [_ambiguous_region(f) if isinstance(f, list) else t.region(f) for f in found]
    return tuple(dict.fromkeys(regions))


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Word spans from jieba segmentation (rjieba)."""
    import rjieba

    return [(start, end) for _, start, end in rjieba.tokenize(text)]


def _splits_a_word(m: _Mention, spans: list[tuple[int, int]]) -> bool:
    """A short name that cuts a word in two (望城 in 期望|城市) is not a mention; 上海 in 上海浦东 is."""
    for start, end in spans:
        if start >= m.end:
            break
        overlaps = start < m.end and m.start < end
        nested = (start <= m.start and m.end <= end) or (m.start <= start and end <= m.end)
        if overlaps and not nested:
            return True
    return False


def _free_candidates(m: _Mention, scope: _Unit | None) -> list[_Unit]:
    """Candidates of a mention in free text: inside the current city when possible, else standalone ones."""
    t = _table()
    units = [t.units[c] for c in m.codes]
    if scope is not None:
        inside = [u for u in units if t.within(u, scope)]
        if inside:
            return inside
    if m.full or m.alias in t.free_short_ok:
        return units
    return [u for u in units if u.level < 3 and m.alias not in _COMMON_WORDS]


def strip_places(text: str) -> str:
    """`text` without the place names that `find_regions` would report (for job titles: 武汉产品经理)."""
    mentions = _scan(text)
    if not mentions:
        return text
    spans = _word_spans(text) if any(not m.full for m in mentions) else []
    out, last, scope = [], 0, None
    for m in mentions:
        if not m.full and _splits_a_word(m, spans):
            continue
        units = _free_candidates(m, scope)
        if units:
            out.append(text[last : m.start])
            last = m.end
            best = _pick(units)
            scope = best[0] if len(best) == 1 and best[0].level < 3 else scope
    out.append(text[last:])
    return "".join(out)


def split_parts(text: str) -> list[str]:
    """Split a location field on separators (`上海 普陀区 武宁路` → 3 parts); for callers that want parts."""
    return [p for p in _SEPARATORS.split(_normalize(text)) if p]
