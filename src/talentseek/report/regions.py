"""Province/city names for report filters, from the GB/T 2260 table in talentseek.text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class RegionName:
    """A resolved region: official full name, its level and its province."""

    name: str
    level: str  # "province" | "city" | "district"
    province: str
    city: str | None = None  # for a district: the city it belongs to


@lru_cache(maxsize=1)
def region_table() -> dict[str, RegionName]:
    """Full and short names → RegionName, from the normalizers' GB/T 2260 table (one source of truth).

    Provinces and cities also answer to their short names; the higher level wins on clashes.
    """
    from talentseek.text.region import _table

    t = _table()
    table: dict[str, RegionName] = {}
    for unit in sorted(t.units.values(), key=lambda u: u.level):
        level = {1: "province", 2: "city", 3: "district"}.get(unit.level)
        if level is None:
            continue
        region = t.region(unit)
        table.setdefault(
            unit.name,
            RegionName(
                unit.name, level, region.province or unit.name, region.city if level == "district" else None
            ),
        )
    for alias, codes in sorted(t.aliases.items(), key=lambda kv: min(t.units[c].level for c in kv[1])):
        unit = t.units[codes[0]]
        if unit.level < 3 and alias not in table:
            table[alias] = table[unit.name]
    return table


def lookup_region(name: str) -> RegionName | None:
    """The region a name denotes (`山东` → 山东省, `济南` → 济南市), or None when unknown."""
    return region_table().get(name.strip())


@lru_cache(maxsize=64)
def cities_of(province: str) -> tuple[str, ...]:
    """City-level names of a province (a municipality is its own city)."""
    cities = {e.name for e in region_table().values() if e.level == "city" and e.province == province}
    return tuple(sorted(cities | {province}))
