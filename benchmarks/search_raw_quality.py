"""Relevance of the raw tantivy baseline (search_bench.py's) on the dev qrels, beside TalentSeek's.

    TALENTSEEK_HOME=/tmp/ts_dev python benchmarks/search_raw_quality.py   # a home with the real CSVs

The baseline is one pre-segmented title+description field and an OR of the query's tokens: no query
understanding, filters, field boosts or sub-words. It shows what TalentSeek's heavier query buys for
the latency it costs (search_bench.py). TalentSeek's own figures: `talentseek eval search`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import tantivy

from talentseek.engine import Engine
from talentseek.search import store_rows
from talentseek.search.evaluate import read_qrels, score_runs
from talentseek.search.tokens import tokens

sys.path.insert(0, str(Path(__file__).parent))
from search_bench import build_raw  # noqa: E402

QRELS = Path(__file__).parent / "qrels"


def main() -> None:
    eng = Engine()
    (index, schema), _ = build_raw(eng, Path(tempfile.mkdtemp(prefix="ts_raw_q_")))
    external = {}
    for ids in store_rows.iter_id_batches(eng.db, "job", 5000):
        external.update({i: c["external_id"] or str(i) for i, c in store_rows.job_cards(eng.db, ids).items()})
    searcher = index.searcher()
    for name in ("search_dev.tsv", "search_dev_fullpool.tsv"):
        qrels, runs = read_qrels(QRELS / name), {}
        for qid, judged in qrels.items():
            should = tantivy.Occur.Should
            terms = [(should, tantivy.Query.term_query(schema, "body", t)) for t in tokens(judged.query)[:32]]
            res = searcher.search(
                tantivy.Query.boolean_query(terms or [(should, tantivy.Query.all_query())]), 50
            )
            ids = searcher.fast_field_values("id", [a for _, a in res.hits])
            runs[qid] = [external.get(int(i or 0), str(i)) for i in ids]
        print(f"raw tantivy baseline on {name}: {score_runs(runs, qrels)}")


if __name__ == "__main__":
    main()
