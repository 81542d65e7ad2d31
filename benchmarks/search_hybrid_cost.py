"""What the dense half of hybrid search costs: each query run as BM25 then hybrid, interleaved.

    python benchmarks/search_hybrid_cost.py HOME      # a home built by search_bench.py (hashing vectors)

Interleaving puts both modes under the same machine load. Facets are off; the model's own query time
(embed_bench.py) comes on top for an uncached query.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from tables import percentiles, print_table  # benchmarks/tables.py (scripts run from this folder)


def main() -> None:
    os.environ["TALENTSEEK_HOME"] = sys.argv[1]
    os.environ["TALENTSEEK_EMBEDDER"] = "hashing"
    sys.path.insert(0, str(Path(__file__).parent))
    from search_bench import _queries

    from talentseek.engine import Engine
    from talentseek.search.base import SearchRequest

    eng = Engine()
    queries = _queries(eng)[:300]
    for q in queries[:10]:  # warm-up: opens the index and the vector store
        eng.search.search_jobs(SearchRequest(query=q, mode="hybrid", facets=False))
    lat: dict[str, list[float]] = {"bm25": [], "hybrid": []}
    for q in queries:
        for mode in lat:
            t0 = time.perf_counter()
            eng.search.search_jobs(SearchRequest(query=q, mode=mode, facets=False))
            lat[mode].append((time.perf_counter() - t0) * 1000)
    print_table([{"mode": mode, **percentiles(ms)} for mode, ms in lat.items()])
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
