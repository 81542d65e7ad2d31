"""Search speed on generated jobs: build time, peak memory, latency p50/p95/p99 and QPS, vs raw tantivy.

    python benchmarks/search_bench.py --quick          # 10k jobs
    python benchmarks/search_bench.py --jobs 100000    # 100k (1M with --jobs 1000000)

The corpus is generated into a fresh home (talentseek.generate); the engine's index is built from the
store (BM25 + filter/facet fields; vectors are not computed here: see embed_bench.py for embedder speed).
Baseline: raw tantivy on the same jobs, title+description as one pre-segmented field, an OR of the
query's tokens, no filters, no facets, no reasons. Both run in this process on the same 1,000 queries.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

QUERY_SEED = 7


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_queries(titles: list[str], cities: list[str], skills: list[str], n: int = 1000) -> list[str]:
    """A fixed mix: 40% keyword, 40% filtered, 20% long natural language."""
    rnd = random.Random(QUERY_SEED)
    out = []
    for i in range(n):
        t, c, s = rnd.choice(titles), rnd.choice(cities), rnd.choice(skills)
        kind = i % 5
        if kind in (0, 1):
            out.append(rnd.choice([t, f"{t} {s}", s]))
        elif kind in (2, 3):
            extra = rnd.choice(
                ["1万以上", "8k-15k", "本科", "3年以上", "双休 五险一金", "应届生可以", "大专 实习"]
            )
            out.append(f"{c[:2]} {t} {extra}")
        else:
            out.append(f"我想在{c}找一份{t}的工作，熟悉{s}，本科学历，3年经验，希望月薪1万以上，最好双休")
    return out


def timed(fn: Any, queries: list[str]) -> dict[str, float]:
    lat = []
    t0 = time.perf_counter()
    for q in queries:
        s = time.perf_counter()
        fn(q)
        lat.append((time.perf_counter() - s) * 1000)
    wall = time.perf_counter() - t0
    qs = statistics.quantiles(lat, n=100)
    return {
        "p50 ms": round(qs[49], 2),
        "p95 ms": round(qs[94], 2),
        "p99 ms": round(qs[98], 2),
        "QPS": round(len(queries) / wall, 1),
    }


def build_raw(eng: Any, folder: Path) -> tuple[Any, float]:
    """Raw tantivy baseline index over the same jobs."""
    import tantivy

    from talentseek.search import store_rows
    from talentseek.search.textnorm import tokens

    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    sb.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    schema = sb.build()
    index = tantivy.Index(schema, path=str(folder))
    w = index.writer(heap_size=64_000_000, num_threads=1)
    t0 = time.perf_counter()
    for ids in store_rows.iter_id_batches(eng.db, "job", 5000):
        for row in store_rows.job_cards(eng.db, ids).values():
            d = tantivy.Document()
            d.add_integer("id", row["id"])
            d.add_text("body", " ".join(tokens(row["title"] + " " + row["description"][:3000])))
            w.add_document(d)
    w.commit()
    w.wait_merging_threads()
    index.reload()
    return (index, schema), time.perf_counter() - t0


def raw_search(index_schema: Any, q: str) -> None:
    import tantivy

    from talentseek.search.textnorm import tokens

    index, schema = index_schema
    toks = tokens(q)[:32] or ["_"]
    query = tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", t)) for t in toks]
    )
    index.searcher().search(query, limit=10)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="10k jobs")
    ap.add_argument("--jobs", type=int, default=100_000)
    ap.add_argument("--home", type=Path, help="home to generate into, or reuse when it already holds jobs")
    args = ap.parse_args()
    n = 10_000 if args.quick else args.jobs
    home = args.home or Path(tempfile.mkdtemp(prefix=f"ts_bench_{n}_"))
    os.environ["TALENTSEEK_HOME"] = str(home)
    os.environ["TALENTSEEK_EMBEDDER"] = "hashing"
    from talentseek.engine import Engine
    from talentseek.search.base import SearchRequest

    eng = Engine()
    t0 = time.perf_counter()
    if not _job_count(eng):  # a fresh home, or --home pointing at an empty one
        from talentseek.generate.market import generate_market

        generate_market(eng.db, jobs=n, candidates=0, seed=42, truth_dir=home)
    gen_s = time.perf_counter() - t0
    eng.search.embedder.dim = 0  # type: ignore[misc]  # BM25 path only: no vector store
    rss0 = rss_mb()
    stats = eng.search.rebuild(embed=False)
    rss_build = rss_mb()
    raw, raw_s = build_raw(eng, Path(tempfile.mkdtemp(prefix="ts_raw_")))
    queries = _queries(eng)
    ours = timed(lambda q: eng.search.search_jobs(SearchRequest(query=q, k=10, mode="bm25")), queries)
    ours_nf = timed(
        lambda q: eng.search.search_jobs(SearchRequest(query=q, k=10, mode="bm25", facets=False)), queries
    )
    base = timed(lambda q: raw_search(raw, q), queries)
    rows = [
        {
            "system": "TalentSeek (parse+filters+facets+reasons)",
            "jobs": stats.jobs,
            "build s": round(stats.seconds, 1),
            **ours,
        },
        {"system": "TalentSeek without facets", "jobs": stats.jobs, "build s": "", **ours_nf},
        {"system": "raw tantivy BM25 (baseline)", "jobs": stats.jobs, "build s": round(raw_s, 1), **base},
    ]
    print(
        f"home={home} generated in {gen_s:.0f}s; peak RSS {rss_mb():.0f} MB (before build {rss0:.0f}, "
        f"after build {rss_build:.0f}); cores={os.cpu_count()} load={os.getloadavg()[0]:.1f}"
    )
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |\n|" + "---|" * len(keys))
    for r in rows:
        print("| " + " | ".join(str(r.get(k, "")) for k in keys) + " |")


def _job_count(eng: Any) -> int:
    import sqlalchemy as sa

    from talentseek.store import models as m

    with eng.db.session() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(m.Job)) or 0)


def _queries(eng: Any) -> list[str]:
    import sqlalchemy as sa

    from talentseek.store import models as m

    with eng.db.session() as s:
        titles = [t for (t,) in s.execute(sa.select(m.Job.title).distinct().limit(300))]
        cities = [c for (c,) in s.execute(sa.select(m.Job.city).distinct().limit(50)) if c]
        skills = [k for (k,) in s.execute(sa.select(m.JobSkill.skill).distinct().limit(300))] or ["Excel"]
    return make_queries(titles, cities or ["济南市"], skills)


if __name__ == "__main__":
    main()
