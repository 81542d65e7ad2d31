"""Normalizer throughput on the real files in ../shared/data/real, each beside a naive baseline.

Rows: salary strings/s (every real string, repeated to 100k; cached and uncached parser vs a naive
regex-only parser), region strings/s (real location fields vs scanning all 3,200 names with `in`),
skill extraction and tokenizer MB/s on the real postings (vs a loop over all spellings, and vs jieba),
and CSCO title classification titles/s. Rates are per wall second and per CPU second of this
process (the second is what a busy shared host does not distort).

    python benchmarks/normalize_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"


def _rows(name: str) -> list[dict[str, str]]:
    with (REAL / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _postings() -> list[str]:
    texts = [" ".join((r["岗位名称"], r["工作简介"], r["岗位标签"])) for r in _rows("zhilian_wuhan_2024.csv")]
    texts += [" ".join((r["职位名称"], r["职位描述"])) for r in _rows("boss_shanghai_2018.csv")]
    return texts


class Rate(float):
    """Items per wall-clock second; `.cpu` is items per CPU second of this process (immune to a busy host)."""

    cpu: float


def _rate(fn: Callable[[Any], Any], items: Sequence[Any], min_seconds: float) -> Rate:
    """Items per second of fn over items (repeated until min_seconds have passed)."""
    done, start, cpu0 = 0, time.perf_counter(), time.process_time()
    while True:
        for item in items:
            fn(item)
        done += len(items)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            rate = Rate(done / elapsed)
            rate.cpu = done / max(time.process_time() - cpu0, 1e-9)
            return rate


_NAIVE_SALARY = re.compile(r"([\d.]+)([千万kK]?)-([\d.]+)([千万kK]?)")


def naive_salary(text: str) -> tuple[float, float] | None:
    """Baseline: one regex, ranges only, no periods, months, open ranges or validation."""
    m = _NAIVE_SALARY.search(text)
    if not m:
        return None
    scale = {"千": 1000, "万": 10000, "k": 1000, "K": 1000, "": 1}
    return float(m.group(1)) * scale[m.group(2) or m.group(4)], float(m.group(3)) * scale[m.group(4)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small run (a few seconds)")
    args = ap.parse_args()
    secs = 0.3 if args.quick else 2.0
    rows: list[tuple[str, str, Rate, str]] = []

    from talentseek.text.salary import parse_salary

    salaries = (REAL / "salary_strings.txt").read_text(encoding="utf-8").splitlines()[1:]
    batch = (salaries * (100_000 // len(salaries) + 1))[: 10_000 if args.quick else 100_000]
    uncached = parse_salary.__wrapped__
    cached_rate = _rate(parse_salary, batch, secs)
    rows.append(("salary", "parse_salary (lru_cache, repeats hit)", cached_rate, "strings/s"))
    rows.append(("salary", "parse_salary uncached", _rate(uncached, batch, secs), "strings/s"))
    rows.append(("salary", "baseline: one naive regex", _rate(naive_salary, batch, secs), "strings/s"))

    from talentseek.text.region import _table, parse_region

    places = [r["地区"] for r in _rows("boss_shanghai_2018.csv")]
    places += [f"{r['城市']} {r['行政区域']} {r['街道区域']}" for r in _rows("zhilian_wuhan_2024.csv")]
    names = [u.name for u in _table().units.values()]
    rows.append(("region", "parse_region (lru_cache)", _rate(parse_region, places, secs), "strings/s"))
    uncached_region = parse_region.__wrapped__
    rows.append(("region", "parse_region uncached", _rate(uncached_region, places, secs), "strings/s"))
    rows.append(("region", "baseline: `name in text` over all names",
                 _rate(lambda t: [n for n in names if n in t], places[:300], secs), "strings/s"))

    texts = _postings()[: 300 if args.quick else None]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rows += _text_rows(texts, mb, secs)

    from talentseek.text.occupation import classify_title

    titles = sorted({r["岗位名称"] for r in _rows("zhilian_wuhan_2024.csv")}
                    | {r["职位名称"] for r in _rows("boss_shanghai_2018.csv")})
    classify_title("产品经理")  # build the index outside the timing
    rows.append(("occupation", "classify_title uncached (first pass)",
                 _rate(classify_title.__wrapped__, titles, secs), "titles/s"))
    _print(rows, mb)


def _text_rows(texts: list[str], mb: float, secs: float) -> list[tuple[str, str, Rate, str]]:
    import jieba
    import rjieba

    from talentseek.text.skills import _extract_cached, dictionary, extract_skills
    from talentseek.text.tokenize import tokenize, tokenize_for_index

    spellings = [w for w, c in dictionary().spellings.items() if c is not None]
    tokenize("预热")
    jieba.setLogLevel(60)
    jieba.lcut("预热")

    def mbps(fn: Callable[[str], Any], items: list[str]) -> Rate:
        return _scaled(_rate(fn, items, secs), mb / len(texts))

    sample = texts[: max(1, len(texts) // 10)]
    return [
        ("skills", "extract_skills (Aho-Corasick)", mbps(_extract_cached.__wrapped__, texts), "MB/s"),
        ("skills", "baseline: `spelling in text` loop",
         mbps(lambda t: [s for s in spellings if s in t.lower()], sample), "MB/s"),
        ("tokenize", "tokenize (rjieba + dictionary)", mbps(tokenize, texts), "MB/s"),
        ("tokenize", "tokenize_for_index (+parts, +skills)", mbps(tokenize_for_index, texts), "MB/s"),
        ("tokenize", "raw rjieba.cut", mbps(rjieba.cut, texts), "MB/s"),
        ("tokenize", "baseline: jieba.lcut", mbps(jieba.lcut, sample), "MB/s"),
        ("skills", "extract_skills (cached, repeats)", mbps(extract_skills, texts), "MB/s"),
    ]


def _scaled(rate: Rate, factor: float) -> Rate:
    out = Rate(rate * factor)
    out.cpu = rate.cpu * factor
    return out


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def _print(rows: list[tuple[str, str, Rate, str]], mb: float) -> None:
    load = os.getloadavg()[0]
    print(f"postings corpus: {mb:.2f} MB UTF-8; load average now {load:.1f} on {os.cpu_count()} CPUs")
    print(f"{'part':<11} {'variant':<42} {'per wall s':>12} {'per CPU s':>12}  unit")
    print("-" * 88)
    for part, variant, rate, unit in rows:
        print(f"{part:<11} {variant:<42} {_fmt(rate):>12} {_fmt(rate.cpu):>12}  {unit}")


if __name__ == "__main__":
    main()
