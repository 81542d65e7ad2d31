"""Boosts in the ranking pool vs in the query: what moving them out of tantivy changes and saves.

    python benchmarks/search_boost_pool.py HOME      # a home built by search_bench.py

Since session 3 the benefit boosts (双休 wanted → +1 per document offering it) and the stated-constraint
boosts (+1 per hard constraint a document states) are added to the top-200 BM25 pool from fast columns
(filters.boost_scores). Before, they were optional clauses inside the tantivy query, which scores every
match with them. This runs both on the benchmark's 1,000 queries and reports how often the final top 10
(after freshness, as served) is the same set and the same order, and each variant's tantivy latency.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from tables import percentiles, print_table  # benchmarks/tables.py (scripts run from this folder)


def in_query_extras(schema: Any, parsed: Any) -> list[Any]:
    """The former optional clauses: const-score terms for wanted benefits and stated constraints."""
    import tantivy

    from talentseek.search.filters import _STATED_FIELD, SOFT_BOOST, STATED_BOOST

    q, should = tantivy.Query, tantivy.Occur.Should
    out = []
    for c in parsed.constraints:
        if not c.hard and c.field == "benefit":
            out.append((should, q.const_score_query(q.term_query(schema, "benefit", c.value), SOFT_BOOST)))
        elif not c.hard:
            continue
        elif c.field == "job_type":
            term = q.term_query(schema, "job_type", str(c.value))
            out.append((should, q.const_score_query(term, STATED_BOOST)))
        elif c.field == "experience" and c.value.get("fresh_graduate"):
            out.append((should, q.const_score_query(q.term_query(schema, "fresh_ok", True), STATED_BOOST)))
        elif c.field in _STATED_FIELD:
            term = q.term_query(schema, _STATED_FIELD[c.field], True)
            out.append((should, q.const_score_query(term, STATED_BOOST)))
    return out


def main() -> None:
    os.environ["TALENTSEEK_HOME"] = sys.argv[1]
    os.environ["TALENTSEEK_EMBEDDER"] = "hashing"
    sys.path.insert(0, str(Path(__file__).parent))
    import numpy as np
    import tantivy
    from search_bench import _queries

    from talentseek.engine import Engine
    from talentseek.search.base import SearchRequest
    from talentseek.search.filters import boost_scores
    from talentseek.search.fusion import freshness_factors
    from talentseek.search.query import parse_query
    from talentseek.search.ranking import POOL, Ranker, bm25_query, keyword_query

    eng = Engine()
    ranker = Ranker(eng.search.parts["job"], None, None)
    searcher = ranker.part.searcher()

    def top10(query: Any, with_pool_boosts: bool, parsed: Any) -> tuple[list[int], float]:
        t0 = time.perf_counter()
        res = searcher.search(query, limit=POOL)
        ms = (time.perf_counter() - t0) * 1000
        addrs = [a for _, a in res.hits]
        ids = np.array([int(v or 0) for v in searcher.fast_field_values("id", addrs)])
        posted = np.array([p or 0 for p in searcher.fast_field_values("posted", addrs)], dtype=np.float64)
        raw = np.array([s for s, _ in res.hits], dtype=np.float64)
        if with_pool_boosts:
            raw = raw + boost_scores(searcher, addrs, parsed)
        final = raw * freshness_factors(posted, time.time())
        order = sorted(range(len(ids)), key=lambda i: (-final[i], ids[i]))[:10]
        return [int(ids[i]) for i in order], ms

    same_set = same_order = n = 0
    lat: dict[str, list[float]] = {"in query": [], "in pool": []}
    for text in _queries(eng):
        parsed = parse_query(text, "jobs")
        kw = keyword_query(ranker.schema, parsed)
        extras = in_query_extras(ranker.schema, parsed)
        if kw is None or not extras:
            continue  # no boost in this query: both variants run the same tantivy query
        flt = ranker._filter(parsed, SearchRequest(query=text), "jobs", None)
        base = bm25_query(kw, flt)
        old, old_ms = top10(tantivy.Query.boolean_query([(tantivy.Occur.Must, base), *extras]), False, parsed)
        new, new_ms = top10(base, True, parsed)
        lat["in query"].append(old_ms)
        lat["in pool"].append(new_ms)
        n += 1
        same_set += set(old) == set(new)
        same_order += old == new
    print(f"{n} queries with boosts: same top-10 set {same_set / n:.3f}, same order {same_order / n:.3f}")
    print_table([{"tantivy, boosts": name, **percentiles(ms)} for name, ms in lat.items()])
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
