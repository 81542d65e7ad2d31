"""The benchmarks' one table printer: rows of dicts as a Markdown table (columns in first-seen order)."""

from __future__ import annotations

import statistics
from typing import Any


def percentiles(ms: list[float]) -> dict[str, float]:
    """p50/p95/p99 of latencies in milliseconds, as table columns."""
    qs = statistics.quantiles(ms, n=100)
    return {"p50 ms": round(qs[49], 2), "p95 ms": round(qs[94], 2), "p99 ms": round(qs[98], 2)}


def print_table(rows: list[dict[str, Any]]) -> None:
    keys = list(dict.fromkeys(k for r in rows for k in r))
    print("| " + " | ".join(keys) + " |\n|" + "---|" * len(keys))
    for r in rows:
        print("| " + " | ".join(str(r.get(k, "")) for k in keys) + " |")
