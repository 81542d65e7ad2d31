"""Why search/vectors.py rebuilds its HNSW graph in one pass: recall after one add vs batched adds.

    python benchmarks/hnsw_build_bench.py HOME [ROWS]   # a home with vectors, e.g. from search_bench.py

Same faiss index and parameters as the store (M=16, SQ8, efConstruction=40, efSearch=200); recall@200
of 30 stored vectors used as queries, against an exact scan, for each way of adding the rows.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np


def main() -> None:
    os.environ["TALENTSEEK_HOME"] = sys.argv[1]
    os.environ["TALENTSEEK_EMBEDDER"] = "hashing"
    from talentseek.engine import Engine
    from talentseek.search import vectors

    faiss = vectors._faiss()
    store = Engine().search.vectors("job")  # type: ignore[attr-defined]
    rows = store.live_rows()[1][: int(sys.argv[2]) if len(sys.argv) > 2 else 200_000]
    queries = rows[np.random.default_rng(7).choice(len(rows), 30, replace=False)]
    k = 200
    truth = [set(np.argpartition(-(rows @ q), k)[:k].tolist()) for q in queries]
    print(f"| adds | build s | recall@{k} vs exact |\n|---|---|---|")
    for batch in (None, 20_000, 256):
        qt, metric = faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        index = faiss.IndexHNSWSQ(rows.shape[1], qt, vectors.HNSW_M, metric)
        index.hnsw.efConstruction = vectors.EF_CONSTRUCTION
        index.train(rows[: vectors.TRAIN_ROWS])
        t0 = time.perf_counter()
        for i in range(0, len(rows), batch or len(rows)):
            index.add(rows[i : i + (batch or len(rows))])
        build = time.perf_counter() - t0
        params = faiss.SearchParametersHNSW(efSearch=k)
        found = [set(index.search(q.reshape(1, -1), k, params=params)[1][0].tolist()) for q in queries]
        recall = np.mean([len(f & t) / k for f, t in zip(found, truth, strict=True)])
        print(f"| {'one call' if batch is None else f'batches of {batch:,}'} | {build:.0f} | {recall:.3f} |")


if __name__ == "__main__":
    main()
