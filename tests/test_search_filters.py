"""Hard filters in the index equal their definition: "the document meets the bound, or does not state it".

The index answers "x >= v or unstated" with one range on a sentinel column (tantivy_store.STATED_OR);
this checks it, and the fresh-graduate and job-type shortcuts, against the definition written out in
Python, on a grid of documents that includes fractional values on either side of each bound.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import tantivy

from talentseek.domain import EDUCATION_LEVELS
from talentseek.search.docs import IndexDoc
from talentseek.search.filters import filter_query
from talentseek.search.query import parse_query
from talentseek.search.tantivy_store import TantivyPart

SALARIES = [None, (9999.6, None), (5000.0, 7999.6), (8000.0, 9999.6), (10000.4, 15000.0), (15000.4, 20000.0)]
YEARS = [None, 0.0, 0.9, 1.0, 2.5, 3.0, 4.9, 5.0, 5.1]
RANKS = [None, EDUCATION_LEVELS.index("大专"), EDUCATION_LEVELS.index("本科"), EDUCATION_LEVELS.index("硕士")]
SIZES = [None, 0, 499, 500]
TYPES: list[list[str]] = [[], ["实习"], ["全职"], ["兼职", "实习"]]


def grid() -> list[dict[str, Any]]:
    rows = []
    for n, (sal, exp, rank, size, types, fresh) in enumerate(
        itertools.product(SALARIES, YEARS, RANKS, SIZES, TYPES, (False, True))
    ):
        lo, hi = sal or (None, None)
        top = hi if hi is not None else lo
        rows.append(
            {"id": n, "top": top, "bottom": lo, "exp": exp, "rank": rank, "size": size}
            | {"types": types, "fresh_ok": fresh}
        )
    return rows


def to_doc(r: dict[str, Any]) -> IndexDoc:
    return IndexDoc(
        id=r["id"],
        text={"title": "职位"},
        keywords={"job_type": r["types"], "status": ["open"]},
        numbers={
            "salary_top": r["top"],
            "salary_bottom": r["bottom"],
            "exp_min": r["exp"],
            "edu_rank": r["rank"],
            "size_min": r["size"],
            "posted": 0,
        },
        flags={"fresh_ok": r["fresh_ok"]},
    )


def unstated_or(value: float | None, ok: bool) -> bool:
    return value is None or ok


def definition(query: str, side: str, r: dict[str, Any]) -> bool:
    """The filter as specified, one constraint at a time (see search/filters.py)."""
    keep = True
    for c in parse_query(query, side).constraints:  # type: ignore[arg-type]
        if not c.hard:
            continue
        if c.field == "salary":
            lo, hi = c.value
            keep &= lo is None or unstated_or(r["top"], r["top"] is not None and r["top"] >= lo)
            keep &= hi is None or unstated_or(r["bottom"], r["bottom"] is not None and r["bottom"] <= hi)
        elif c.field == "experience":
            v, exp = c.value, r["exp"]
            if side == "jobs" and v["fresh_graduate"]:
                keep &= exp is None or exp <= 0 or r["fresh_ok"]
            elif side == "jobs":
                years = v["max_years"] if v["max_years"] is not None else v["min_years"]
                keep &= exp is None or exp <= years
            elif v["fresh_graduate"]:
                keep &= exp is None or exp <= 1
            else:
                keep &= exp is None or exp >= v["min_years"]
        elif c.field == "education":
            rank, want = r["rank"], EDUCATION_LEVELS.index(c.value)
            keep &= rank is None or (rank <= want if side == "jobs" else rank >= want)
        elif c.field == "company_size":
            keep &= r["size"] is None or r["size"] >= c.value
        elif c.field == "job_type":
            keep &= not r["types"] or c.value in r["types"]
        else:
            raise AssertionError(f"untested constraint {c.field}")
    return keep


@pytest.fixture(scope="module")
def part(tmp_path_factory: pytest.TempPathFactory) -> tuple[TantivyPart, list[dict[str, Any]]]:
    rows = grid()
    p = TantivyPart(Path(tmp_path_factory.mktemp("filters")) / "job")
    p.write([to_doc(r) for r in rows], [])
    return p, rows


BOTH = ["应届生可以", "3年以上", "1-3年", "本科", "大专 实习生", "硕士 500人以上 兼职"]
JOBS_ONLY = [
    "1万以上",
    "8k-15k",
    "1.5万以下",
    "5年以下",
    "年薪12万以上 3年以上 本科",
]  # salary is soft for people
CASES = [(q, "jobs") for q in BOTH + JOBS_ONLY] + [(q, "candidates") for q in BOTH]


@pytest.mark.parametrize(("query", "side"), CASES)
def test_index_filter_equals_its_definition(
    part: tuple[TantivyPart, list[dict[str, Any]]], query: str, side: str
) -> None:
    p, rows = part
    parsed = parse_query(query, side)  # type: ignore[arg-type]
    assert any(c.hard for c in parsed.constraints), f"{query!r} parsed to no hard constraint"
    clauses = filter_query(p.schema, parsed)
    searcher = p.searcher()
    q = tantivy.Query.boolean_query([(tantivy.Occur.Must, c) for c in clauses])
    hits = searcher.search(q, limit=len(rows)).hits
    got = {int(v or 0) for v in searcher.fast_field_values("id", [a for _, a in hits])}
    want = {r["id"] for r in rows if definition(query, side, r)}
    assert 0 < len(want) < len(rows), "the grid must split on this query"
    assert got == want
