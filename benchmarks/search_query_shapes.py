"""Keyword query shapes: the shipped one (sub-words in a flat union) vs a dis_max per sub-word (session 2).

    python benchmarks/search_query_shapes.py HOME [DEV_HOME]

HOME: a home built by search_bench.py; each of its 1,000 queries runs in both shapes, interleaved, as
tantivy alone (filters included). DEV_HOME (optional): a home with the real postings, where both shapes
are scored on benchmarks/qrels/search_dev.tsv (NDCG@10, Recall@50).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from tables import percentiles, print_table  # benchmarks/tables.py (scripts run from this folder)

QRELS = Path(__file__).parent / "qrels" / "search_dev.tsv"


def dismax_per_sub_word(schema: Any, parsed: Any) -> Any:
    """Session 2's shape: every term (whole token or sub-word) as its own dis_max over the fields."""
    from talentseek.search.ranking import FIELD_BOOSTS, SHOULD, SUB_WEIGHT, Q
    from talentseek.search.tokens import sub_tokens

    clauses = []
    for tok in parsed.keywords:
        for term, weight in [(tok, 1.0), *((sub, SUB_WEIGHT) for sub in sub_tokens(tok))]:
            per_field = [
                Q.boost_query(Q.term_query(schema, f, term), boost * weight)
                for f, boost in FIELD_BOOSTS.items()
            ]
            clauses.append((SHOULD, Q.disjunction_max_query(per_field, tie_breaker=0.3)))
    return Q.boolean_query(clauses) if clauses else None


def speed(home: str, shapes: dict[str, Any]) -> dict[str, dict[str, float]]:
    os.environ["TALENTSEEK_HOME"] = home
    os.environ["TALENTSEEK_EMBEDDER"] = "hashing"
    from search_bench import _queries

    from talentseek.engine import Engine
    from talentseek.search.base import SearchRequest
    from talentseek.search.query import parse_query
    from talentseek.search.ranking import Ranker, bm25_query

    eng = Engine()
    ranker = Ranker(eng.search.parts["job"], None, None)
    searcher = ranker.part.searcher()
    lat: dict[str, list[float]] = {name: [] for name in shapes}
    for text in _queries(eng):
        parsed = parse_query(text, "jobs")
        flt = ranker._filter(parsed, SearchRequest(query=text), "jobs", None)
        for name, shape in shapes.items():
            kw = shape(ranker.schema, parsed)
            q = flt if kw is None else bm25_query(kw, flt)
            t0 = time.perf_counter()
            searcher.search(q, limit=200)
            lat[name].append((time.perf_counter() - t0) * 1000)
    eng.close()
    return {name: percentiles(ms) for name, ms in lat.items()}


def quality(dev_home: str, shapes: dict[str, Any]) -> dict[str, dict[str, float]]:
    os.environ["TALENTSEEK_HOME"] = dev_home

    from talentseek.embed.hashing import HashingEmbedder
    from talentseek.engine import Engine
    from talentseek.search import ranking
    from talentseek.search.evaluate import evaluate_qrels
    from talentseek.search.tantivy_index import TantivyIndex

    no_vectors = HashingEmbedder()
    no_vectors.dim = 0
    eng = Engine()
    index = TantivyIndex(eng.settings, eng.db, no_vectors)
    index.sync(embed=False)
    shipped, out = ranking.keyword_query, {}
    for name, shape in shapes.items():
        ranking.keyword_query = shape
        r = evaluate_qrels(index, QRELS, "bm25")
        out[name] = {"dev NDCG@10": r["ndcg@10"], "dev R@50": r["recall@50"]}
    ranking.keyword_query = shipped
    return out


def main() -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from talentseek.search.ranking import keyword_query

    shapes = {
        "sub-words in one flat union (shipped)": keyword_query,
        "dis_max per sub-word (session 2)": dismax_per_sub_word,
    }
    rows = speed(sys.argv[1], shapes)
    if len(sys.argv) > 2:
        for name, r in quality(sys.argv[2], shapes).items():
            rows[name].update(r)
    print_table([{"keyword query": name, **r} for name, r in rows.items()])
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
