"""Print judging pools: the union of BM25, dense and hybrid top results per query, with the text to judge.

Usage: TALENTSEEK_HOME=... python benchmarks/qrels/pool.py queries.tsv [--depth 10] > pools.txt
queries.tsv: `query_id<TAB>query` lines. Judge by reading, then write search_dev.tsv.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from talentseek.engine import Engine
from talentseek.search.base import SearchRequest
from talentseek.search.store_rows import job_cards


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("queries", type=Path)
    ap.add_argument("--depth", type=int, default=10)
    ap.add_argument("--modes", default="bm25,dense,hybrid")
    ap.add_argument(
        "--skip", type=Path, help="a qrels TSV whose judged (query, doc) pairs are not printed again"
    )
    args = ap.parse_args()
    eng = Engine()
    judged: set[tuple[str, str]] = set()
    if args.skip and args.skip.exists():
        with args.skip.open(encoding="utf-8") as fh:
            judged = {(r[0], r[2]) for r in csv.reader(fh, delimiter="\t")}
    with args.queries.open(encoding="utf-8") as fh:
        for qid, query in csv.reader(fh, delimiter="\t"):
            pool: dict[int, list[str]] = {}
            for mode in args.modes.split(","):
                res = eng.search.search_jobs(
                    SearchRequest(query=query, k=args.depth, mode=mode, facets=False)
                )  # type: ignore[arg-type]
                for rank, h in enumerate(res.results, 1):
                    pool.setdefault(h.id, []).append(f"{mode[0]}{rank}")
            cards = job_cards(eng.db, list(pool))
            print(f"=== {qid}\t{query}")
            for i, tags in pool.items():
                c = cards[i]
                if (qid, c["external_id"]) in judged:
                    continue
                desc = " ".join(c["description"].split())[:160]
                sal = c["salary"]
                print(
                    f"{c['external_id']}\t{','.join(tags)}\t{c['title']} | {c['company']} | "
                    f"{c['city']}{c['district'] or ''}"
                    f" | {sal.get('low')}-{sal.get('high')} | {c['education']} | exp{c['exp_min']} | "
                    f"{c['job_type']}\n    {desc}"
                )


if __name__ == "__main__":
    main()
