"""What running work beside the BM25 search buys: the same requests with ranking.BESIDE as a thread pool
and as a synchronous stand-in, interleaved query by query.

    python benchmarks/search_beside.py HOME [N]   # a home built by search_bench.py (hashing vectors)

BESIDE runs the nearest-vector search and the facet counts while tantivy's BM25 search runs in the
request's own thread. Caches (parsed queries, facet counts, query vectors) are emptied before every call.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from tables import print_table  # benchmarks/tables.py (scripts run from this folder)


class Synchronous:
    """BESIDE's one method, run in the caller's thread: what the code did before the pool."""

    def submit(self, fn: Any, *args: Any) -> Future[Any]:
        done: Future[Any] = Future()
        done.set_result(fn(*args))
        return done


def main() -> None:
    os.environ["TALENTSEEK_HOME"] = sys.argv[1]
    os.environ["TALENTSEEK_EMBEDDER"] = "hashing"
    sys.path.insert(0, str(Path(__file__).parent))
    from search_bench import _queries, cold_caches, timed_interleaved

    from talentseek.engine import Engine
    from talentseek.search import ranking
    from talentseek.search.base import SearchRequest

    eng = Engine()
    queries = _queries(eng)[: int(sys.argv[2]) if len(sys.argv) > 2 else 300]
    pool = ranking.BESIDE

    def run(beside: Any, **kw: Any) -> Any:
        def one(q: str) -> None:
            ranking.BESIDE = beside
            cold_caches(eng)
            eng.search.search_jobs(SearchRequest(query=q, k=10, **kw))

        return one

    rows = []
    for name, kw in {
        "BM25 + facets": {"mode": "bm25"},
        "hybrid": {"mode": "hybrid", "facets": False},
        "hybrid + facets": {"mode": "hybrid"},
    }.items():
        timed_interleaved([run(Synchronous(), **kw), run(pool, **kw)], queries[:20])  # warm-up
        sync, threads = timed_interleaved([run(Synchronous(), **kw), run(pool, **kw)], queries)
        rows.append({"request": name, "beside": "in the request's thread", **sync})
        rows.append({"request": name, "beside": "thread pool (shipped)", **threads})
    ranking.BESIDE = pool
    print_table(rows)
    print(f"queries {len(queries)}; load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
