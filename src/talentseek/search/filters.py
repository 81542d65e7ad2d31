"""Parsed constraints → tantivy filter queries, and the same checks in Python for per-result reasons.

Hard constraints are filters where a document stating nothing passes ("missing is not a miss");
soft constraints only boost. Semantics differ by side: a seeker's 本科 admits jobs asking ≤ 本科,
a recruiter's 本科 wants candidates with ≥ 本科.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import tantivy

from talentseek.domain import EDUCATION_LEVELS, JOB_TYPES
from talentseek.search.query import Constraint, ParsedQuery, Side
from talentseek.search.tantivy_store import FRESH_PASS, SCALE, bit_set
from talentseek.text.benefits import BENEFITS
from talentseek.text.salary import format_yuan

Q = tantivy.Query
MUST, SHOULD = tantivy.Occur.Must, tantivy.Occur.Should
TERM_FIELDS = ("province", "city", "district")


def _at_least(schema: tantivy.Schema, name: str, bound: float) -> tantivy.Query:
    """name >= bound, or name not stated: one range on its x_or_hi column."""
    lo = math.ceil(bound * SCALE.get(name, 1))
    return Q.range_query(schema, f"{name}_or_hi", tantivy.FieldType.Integer, lo, None)


def _at_most(schema: tantivy.Schema, name: str, bound: float) -> tantivy.Query:
    """name <= bound, or name not stated: one range on its x_or_lo column."""
    hi = math.floor(bound * SCALE.get(name, 1))
    return Q.range_query(schema, f"{name}_or_lo", tantivy.FieldType.Integer, None, hi)


def _any_term(schema: tantivy.Schema, name: str, values: list[str]) -> tantivy.Query:
    return Q.boolean_query([(SHOULD, Q.term_query(schema, name, v)) for v in values])


def years_bound(c: Constraint) -> tuple[float, bool]:
    v = c.value
    return float(v.get("max_years") if v.get("max_years") is not None else v.get("min_years") or 0.0), bool(
        v.get("fresh_graduate")
    )


def _numeric_filter(schema: tantivy.Schema, c: Constraint, side: Side) -> tantivy.Query | None:
    if c.field == "salary":
        lo, hi = c.value
        parts = []
        if lo is not None:
            parts.append(_at_least(schema, "salary_top", lo))
        if hi is not None:
            parts.append(_at_most(schema, "salary_bottom", hi))
        return Q.boolean_query([(MUST, p) for p in parts]) if parts else None
    if c.field == "experience":
        years, fresh = years_bound(c)
        if side == "jobs":  # the seeker qualifies: the job asks for at most what they have
            return Q.term_query(schema, FRESH_PASS, True) if fresh else _at_most(schema, "exp_min", years)
        lo = float(c.value.get("min_years") or 0.0)
        return _at_most(schema, "exp_min", 1.0) if fresh else _at_least(schema, "exp_min", lo)
    if c.field == "education" and c.value != "不限":
        rank = EDUCATION_LEVELS.index(c.value)
        return _at_most(schema, "edu_rank", rank) if side == "jobs" else _at_least(schema, "edu_rank", rank)
    if c.field == "company_size":
        return _at_least(schema, "size_min", int(c.value))
    return None


def filter_query(
    schema: tantivy.Schema, parsed: ParsedQuery, explicit: tuple[tuple[str, str], ...] = ()
) -> list[tantivy.Query]:
    """Must-clauses for the hard constraints plus explicit facet filters (one clause per field)."""
    clauses: list[tantivy.Query] = []
    by_field: dict[str, list[str]] = {}
    for c in parsed.constraints:
        if not c.hard:
            continue
        if c.field in TERM_FIELDS:
            by_field.setdefault(c.field, []).append(str(c.value))
        elif c.field == "job_type":
            by_field.setdefault("job_type_ok", []).append(str(c.value))  # holds every type when unstated
        else:
            q = _numeric_filter(schema, c, parsed.side)
            if q is not None:
                clauses.append(q)
    for name, value in explicit:
        by_field.setdefault(name, []).append(value)
    clauses.extend(_any_term(schema, name, vals) for name, vals in by_field.items())
    return clauses


def check_constraint(c: Constraint, row: dict[str, Any], side: Side) -> tuple[bool | None, str]:
    """(satisfied?, reason) for one constraint on one result; None means "not stated, kept"."""
    if c.field in TERM_FIELDS or c.field == "job_type":
        have = row.get(c.field)
        if not have:
            return None, f"{c.label.split('：')[0]}未注明（未排除）"
        return have == c.value or (isinstance(have, list) and c.value in have), f"{c.label} ✓"
    if c.field == "salary":
        return _check_salary(c, row)
    if c.field == "education":
        return _check_education(c, row, side)
    if c.field == "experience":
        exp = row.get("exp_min")
        if exp is None:
            return None, "经验要求未注明（未排除）"
        what = "经验要求" if side == "jobs" else "工作年限"
        return True, f"{what} {exp:g}年 · {c.label.split('：')[1]} ✓"
    if c.field == "company_size":
        return (
            (None, "公司规模未注明（未排除）") if not row.get("size") else (True, f"公司规模 {row['size']} ✓")
        )
    if c.field == "benefit":
        ok = c.value in (row.get("benefits") or [])  # what the boost counted (benefit_bits), not a substring
        return (True, f"福利：{c.value} ✓") if ok else (False, "")
    return None, ""


def _check_salary(c: Constraint, row: dict[str, Any]) -> tuple[bool | None, str]:
    lo, hi = row.get("salary_low"), row.get("salary_high")
    if lo is None and hi is None:
        return None, "薪资未注明（未排除）"
    if lo is not None and hi is not None:
        shown = f"{format_yuan(lo)}-{format_yuan(hi)}"
    else:
        shown = format_yuan(lo or hi or 0)
    want_lo, want_hi = c.value
    cond = f"≥ {format_yuan(want_lo)}" if want_lo is not None else f"≤ {format_yuan(want_hi)}"
    return True, f"薪资 {shown} {cond} ✓"


def _check_education(c: Constraint, row: dict[str, Any], side: Side) -> tuple[bool | None, str]:
    edu = row.get("education")
    if not edu:
        return None, "学历未注明（未排除）"
    what = "学历要求" if side == "jobs" else "学历"
    return True, f"{what} {edu} · {c.label.split('：')[1]} ✓"


SOFT_BOOST = 1.0  # per soft constraint (a wanted benefit) a document meets
STATED_BOOST = 1.0  # per hard constraint a document states and meets (vs. merely not contradicting it)
_STATED_FIELD = {
    "salary": "has_salary_top",
    "experience": "has_exp_min",
    "education": "has_edu_rank",
    "company_size": "has_size_min",
}


def boost_scores(searcher: tantivy.Searcher, addrs: list[Any], parsed: ParsedQuery) -> np.ndarray[Any, Any]:
    """Per retrieved document: SOFT_BOOST per wanted benefit it offers + STATED_BOOST per hard constraint
    it states (filters already checked that it meets them).

    Read from fast columns for the ranking pool rather than added to the tantivy query: as optional
    clauses, lists such as has_salary_top:true or benefit:双休 cover most documents, and tantivy decoded
    them for every match of every query.
    """
    out = np.zeros(len(addrs))
    columns: dict[str, np.ndarray[Any, Any]] = {}

    def column(name: str) -> np.ndarray[Any, Any]:
        if name not in columns:
            values = searcher.fast_field_values(name, addrs)  # None only on a segment without the column
            columns[name] = np.fromiter((v or 0 for v in values), np.int64, len(addrs))
        return columns[name]

    if not addrs:
        return out
    for c in parsed.constraints:
        if not c.hard and c.field == "benefit":
            out += SOFT_BOOST * ((column("benefit_bits") & bit_set(BENEFITS, [str(c.value)])) != 0)
        elif not c.hard:
            continue
        elif c.field == "job_type":
            out += STATED_BOOST * ((column("job_type_bits") & bit_set(JOB_TYPES, [str(c.value)])) != 0)
        elif c.field == "experience" and c.value.get("fresh_graduate"):
            out += STATED_BOOST * column("fresh_ok")
        elif c.field in _STATED_FIELD:
            out += STATED_BOOST * column(_STATED_FIELD[c.field])
    return out
