"""Search speed on generated jobs: build time, peak memory, latency p50/p95/p99 and QPS, vs raw tantivy.

    python benchmarks/search_bench.py --quick          # 10k jobs
    python benchmarks/search_bench.py --jobs 100000 --home /tmp/h100k   # 100k (1M: --jobs 1000000)

The corpus is generated into the home (talentseek.generate; reused when it already holds jobs); the
engine's index is built from the store: BM25 + filter/facet fields + stored cards, then vectors from the
hashing embedder and the HNSW graph. Hashing vectors make the dense path's speed measurable at 1M in
minutes; a model's own cost is in embed_bench.py: its passages/s add to the build, and its query time
runs beside tantivy's search in the hybrid rows, adding what exceeds it. Serving memory is measured
in a fresh child process that opens the index and queries it.
Baseline: raw tantivy on the same jobs, title+description as one pre-segmented field, an OR of the
query's tokens, no filters, no facets, no reasons, written with the same writer memory as the engine's
rebuild (so both have the same number of segments; it is kept in HOME/bench_raw for --reuse-index).
TalentSeek's results-only rows (BM25, hybrid) and the raw row are timed interleaved, query by query,
so that all see the same machine (run-to-run noise on a shared 2-core machine is up to ±30%). Every row
starts with empty caches (parsed queries, facet counts, query vectors), as new queries would.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from tables import percentiles, print_table  # benchmarks/tables.py (scripts run from this folder)

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


def timed(fn: Any, queries: list[Any]) -> dict[str, float]:
    return timed_interleaved([fn], queries)[0]


def qps_threads(fn: Any, queries: list[Any], threads: int = 2) -> float:
    """Throughput with `threads` clients at once (tantivy and numpy release the GIL; a server has a pool)."""
    import threading

    parts = [queries[i::threads] for i in range(threads)]
    workers = [threading.Thread(target=lambda qs=qs: [fn(q) for q in qs]) for qs in parts]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return round(len(queries) / (time.perf_counter() - t0), 1)


def build_raw(eng: Any, folder: Path) -> tuple[Any, float]:
    """Raw tantivy baseline index over the same jobs (reused when FOLDER already holds all of them)."""
    import tantivy

    from talentseek.search import store_rows
    from talentseek.search.tantivy_store import REBUILD_HEAP
    from talentseek.search.tokens import tokens

    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    sb.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    schema = sb.build()
    folder.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(folder))
    if index.searcher().num_docs == _job_count(eng):
        return (index, schema), float("nan")
    w = index.writer(heap_size=REBUILD_HEAP, num_threads=1)
    w.delete_all_documents()
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

    from talentseek.search.tokens import tokens

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
    ap.add_argument("--no-vectors", action="store_true", help="BM25 rows only")
    ap.add_argument("--reuse-index", action="store_true", help="keep the keyword index already built")
    ap.add_argument("--serve-only", action="store_true", help=argparse.SUPPRESS)  # the memory probe
    args = ap.parse_args()
    n = 10_000 if args.quick else args.jobs
    home = args.home or Path(tempfile.mkdtemp(prefix=f"ts_bench_{n}_"))
    os.environ["TALENTSEEK_HOME"] = str(home)
    os.environ["TALENTSEEK_EMBEDDER"] = "hashing"
    from talentseek.engine import Engine

    eng = Engine()
    if args.serve_only:
        return serve_probe(eng)
    t0 = time.perf_counter()
    if not _job_count(eng):  # a fresh home, or --home pointing at an empty one
        from talentseek.generate.market import generate_market

        generate_market(eng.db, jobs=n, candidates=0, seed=42, truth_dir=home)
    gen_s = time.perf_counter() - t0
    if args.reuse_index:
        from talentseek.search.base import IndexStats

        stats = IndexStats(_job_count(eng), 0, float("nan"))
    else:
        stats = eng.search.rebuild(embed=False)
    embed_s = 0.0
    if not args.no_vectors:  # fills only what is missing: delete index/vectors to time a full fill
        t0 = time.perf_counter()
        eng.search.embed_missing("job")  # vectors, then the HNSW graph
        embed_s = time.perf_counter() - t0
    rss_build = rss_mb()
    raw, raw_s = build_raw(eng, home / "bench_raw")
    queries = _queries(eng)
    rows = latency_rows(eng, queries, stats, raw, raw_s, vectors=not args.no_vectors)
    print(
        f"home={home}; generated in {gen_s:.0f}s; BM25 index {stats.seconds:.0f}s; vectors (hashing "
        f"embedder) + HNSW {embed_s:.0f}s; peak RSS while building {rss_build:.0f} MB; "
        f"on disk: keyword index {_mb(home / 'index' / 'tantivy')} MB, "
        f"vectors {_mb(home / 'index' / 'vectors')} MB; "
        f"segments: engine {eng.search.parts['job'].searcher().num_segments}, "
        f"raw {raw[0].searcher().num_segments}; "
        f"cores={os.cpu_count()} load={os.getloadavg()[0]:.1f}"
    )
    print_table(rows)
    if not args.no_vectors:
        print_table(dense_rows(eng))
    print(f"serving process (open the index, {PROBE_QUERIES} hybrid queries): {serve_memory(home)}")


def latency_rows(
    eng: Any, queries: list[str], stats: Any, raw: Any, raw_s: float, vectors: bool
) -> list[dict[str, Any]]:
    from talentseek.search.base import SearchRequest

    def search(**kw: Any) -> Any:
        return lambda q: eng.search.search_jobs(SearchRequest(query=q, k=10, **kw))

    def ours(**kw: Any) -> dict[str, float]:
        cold_caches(eng)
        return timed(search(**kw), queries)

    one_request = "+ facet counts in one request"
    rows = [{"system": f"TalentSeek BM25 {one_request} (the API's default)", **ours(mode="bm25")}]
    if vectors:
        rows.append({"system": f"TalentSeek hybrid (BM25 + HNSW, RRF) {one_request}", **ours(mode="hybrid")})
    prepared = prepared_queries(eng, queries)
    searcher = eng.search.parts["job"].searcher()
    rows.append(
        {
            "system": "tantivy alone on TalentSeek's prepared queries (top 200, no Python around)",
            **timed(lambda q: searcher.search(q, limit=200), prepared),
        }
    )
    cold_caches(eng)
    systems = {
        "TalentSeek BM25, results only (this and the rows below: interleaved)": search(
            mode="bm25", facets=False
        )
    }
    if vectors:
        systems["TalentSeek hybrid, results only (the default mode; the page's 1st request)"] = search(
            mode="hybrid", facets=False
        )
    systems["TalentSeek facet counts only (the page's 2nd request)"] = search(mode="bm25", hits=False)
    systems["raw tantivy BM25 (baseline)"] = lambda q: raw_search(raw, q)
    timings = timed_interleaved(list(systems.values()), queries)
    rows.extend({"system": name, **t} for name, t in zip(systems, timings, strict=True))
    for r in rows:
        r["jobs"] = stats.jobs
    rows[0]["build s"], rows[-1]["build s"] = round(stats.seconds, 1), round(raw_s, 1)
    return rows


def cold_caches(eng: Any) -> None:
    """Forget parsed queries, facet counts and query vectors: a row does not reuse the last row's work."""
    from talentseek.search.query import parse_query

    parse_query.cache_clear()
    eng.search.clear_caches()


def timed_interleaved(fns: list[Any], queries: list[Any]) -> list[dict[str, float]]:
    """Each query through every fn in turn: latencies of systems compared under the same load.

    QPS is queries over the fn's own time; "QPS, 2 threads" runs it alone with two clients.
    """
    lat: list[list[float]] = [[] for _ in fns]
    for q in queries:
        for fn, out in zip(fns, lat, strict=True):
            s = time.perf_counter()
            fn(q)
            out.append((time.perf_counter() - s) * 1000)
    return [
        {
            **percentiles(ms),
            "QPS": round(len(ms) / (sum(ms) / 1000), 1),
            "QPS, 2 threads": qps_threads(fn, queries),
        }
        for fn, ms in zip(fns, lat, strict=True)
    ]


def prepared_queries(eng: Any, queries: list[str]) -> list[Any]:
    """The exact tantivy queries TalentSeek runs for BM25 (keywords: field boosts, sub-words; filters)."""
    from talentseek.search.base import SearchRequest
    from talentseek.search.query import parse_query
    from talentseek.search.ranking import Ranker, bm25_query, keyword_query

    ranker = Ranker(eng.search.parts["job"], None, None)
    out = []
    for q in queries:
        parsed = parse_query(q, "jobs")
        kw = keyword_query(ranker.schema, parsed)
        flt = ranker._filter(parsed, SearchRequest(query=q), "jobs", None)
        out.append(flt if kw is None else bm25_query(kw, flt))
    return out


def dense_rows(eng: Any, n: int = 200, k: int = 200) -> list[dict[str, Any]]:
    """The vector store alone: HNSW (what serves) vs an exact float32 scan (baseline), recall vs exact."""
    import numpy as np

    store = eng.search.vectors("job")
    ids, exact_m = store.live_rows()
    rng = np.random.default_rng(QUERY_SEED)
    qs = exact_m[rng.choice(len(ids), size=min(n, len(ids)), replace=False)]

    def exact(i: int) -> set[int]:
        sims = exact_m @ qs[i]
        return set(ids[np.argpartition(-sims, k)[:k]].tolist())

    def ann(i: int) -> set[int]:
        return {d for d, _ in store.search(qs[i], k)}

    todo = list(range(len(qs)))
    out: list[dict[str, Any]] = [
        {"dense retrieval, top-200": "exact float32 scan (baseline)", **timed(exact, todo)},
        {
            "dense retrieval, top-200": "HNSW M=16 SQ8" if store._ann else "exact (below ANN_MIN)",
            **timed(ann, todo),
        },
    ]
    out[1]["recall vs exact"] = round(float(np.mean([len(ann(i) & exact(i)) / k for i in todo])), 3)
    return out


PROBE_QUERIES = 300


def serve_probe(eng: Any) -> None:
    """Child process: open the index as a server does, run hybrid queries, print its peak RSS.

    VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child started by the big benchmark
    process would report the parent's peak.
    """
    from talentseek.search.base import SearchRequest

    for q in _queries(eng)[:PROBE_QUERIES]:
        eng.search.search_jobs(SearchRequest(query=q, k=10, mode="hybrid"))
    status = Path("/proc/self/status").read_text()
    hwm = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
    print(f"{int(hwm) / 1024:.0f}")


def serve_memory(home: Path) -> str:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, __file__, "--home", str(home), "--serve-only"],
        capture_output=True,
        text=True,
        check=False,
    )
    return f"peak RSS {out.stdout.strip()} MB" if out.returncode == 0 else f"failed: {out.stderr[-300:]}"


def _mb(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) // 2**20


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
