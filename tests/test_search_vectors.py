"""VectorStore: exact and HNSW search against brute force, upsert/delete, segments on disk, compaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from talentseek.search import vectors
from talentseek.search.vectors import VectorStore


def unit(n: int, dim: int, seed: int) -> np.ndarray[Any, np.dtype[np.float32]]:
    x = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def brute(ids: list[int], x: np.ndarray[Any, Any], q: np.ndarray[Any, Any], k: int) -> list[int]:
    sims = x.astype(np.float16).astype(np.float32) @ q
    return [ids[i] for i in np.argsort(-sims)[:k]]


def test_exact_search_upsert_delete_and_reload(tmp_path: Path) -> None:
    x = unit(300, 16, 0)
    ids = list(range(1000, 1300))
    store = VectorStore(tmp_path, 16, "job-test")
    store.upsert(ids, x)
    got = [i for i, _ in store.search(x[5], 10)]
    assert got == brute(ids, x, x[5], 10) and got[0] == 1005
    store.upsert([1005], x[6:7])  # changed document: the old vector is gone
    store.delete([1006, 999_999])  # unknown ids are ignored
    assert len(store) == 299 and 1006 not in store
    top = store.search(x[6], 2)
    assert top[0][0] == 1005 and top[0][1] == pytest.approx(1.0, abs=1e-3) and top[1][0] != 1006
    store.save()
    again = VectorStore(tmp_path, 16, "job-test")
    assert again.ids() == store.ids() and again.search(x[6], 1)[0][0] == 1005
    assert VectorStore(tmp_path, 8, "job-test").ids() == set()  # another dimension: another embedder


def test_a_crash_before_the_manifest_keeps_the_previous_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    x = unit(50, 8, 1)
    store = VectorStore(tmp_path, 8, "s")
    store.upsert(list(range(25)), x[:25])
    store.save()
    store.upsert(list(range(25, 50)), x[25:])
    store.delete([0])
    real_replace = vectors.os.replace

    def crash_at_manifest(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == "manifest.json":
            raise KeyboardInterrupt  # killed after the segment was written, before the commit point
        real_replace(src, dst)

    monkeypatch.setattr(vectors.os, "replace", crash_at_manifest)
    with pytest.raises(KeyboardInterrupt):
        store.save()
    monkeypatch.undo()
    assert VectorStore(tmp_path, 8, "s").ids() == set(range(25))


def test_compaction_keeps_live_rows_only(tmp_path: Path) -> None:
    x = unit(400, 8, 2)
    store = VectorStore(tmp_path, 8, "c")
    store.upsert(list(range(400)), x)
    store.save()
    store.delete(list(range(0, 400, 2)))  # half dead: the next save rewrites one segment
    store.save()
    files = sorted(p.name for p in store.dir.iterdir())
    assert sum(f.endswith(".vecs.npy") for f in files) == 1 and not any(f.startswith("dead-") for f in files)
    again = VectorStore(tmp_path, 8, "c")
    assert again.ids() == set(range(1, 400, 2))
    assert [i for i, _ in again.search(x[7], 3)] == brute(list(range(1, 400, 2)), x[1::2], x[7], 3)


def test_legacy_single_file_store_is_migrated(tmp_path: Path) -> None:
    x = unit(10, 8, 3)
    np.save(tmp_path / "job_fuse.ids.npy", np.arange(10))
    np.save(tmp_path / "job_fuse.vecs.npy", x)
    store = VectorStore(tmp_path, 8, "job-fuse")
    assert store.ids() == set(range(10)) and not (tmp_path / "job_fuse.ids.npy").exists()
    assert VectorStore(tmp_path, 8, "job-fuse").search(x[4], 1)[0][0] == 4


def test_hnsw_matches_brute_force_skips_the_dead_and_scans_the_tail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vectors, "ANN_MIN", 500)
    monkeypatch.setattr(vectors, "TRAIN_ROWS", 500)
    x = unit(3000, 32, 4)
    ids = list(range(3000))
    store = VectorStore(tmp_path, 32, "ann")
    store.upsert(ids[:2500], x[:2500])
    store.save()  # builds the graph (2,500 live rows ≥ ANN_MIN)
    assert store._ann is not None and store._ann.ntotal == 2500
    dead = list(range(0, 2500, 5))  # 20%: below the compaction threshold
    assert store.search(x[0], 1)[0][0] == 0  # all live: searched without a selector, which is cached
    store.delete(dead)  # so a delete must renew it
    store.upsert(ids[2500:], x[2500:])  # after the graph: found by the exact tail scan
    live = sorted(set(ids) - set(dead))
    recall = []
    for qi in range(0, 3000, 150):
        want = brute(live, x[live], x[qi], 10)
        got = [i for i, _ in store.search(x[qi], 10)]
        assert not set(got) & set(dead)
        recall.append(len(set(got) & set(want)) / 10)
    assert np.mean(recall) >= 0.9, recall
    assert store.search(x[2900], 1)[0][0] == 2900  # a tail row
    store.save()  # the 500-row tail is below GRAPH_GROWTH: still scanned exactly
    assert store._ann.ntotal == 2500
    store.refresh_ann(force=True)  # the end of a fill: one pass over all 3,000 rows
    again = VectorStore(tmp_path, 32, "ann")
    assert again._ann is not None and again._ann.ntotal == 3000  # read from ann.faiss, not rebuilt
    assert again.search(x[2900], 1)[0][0] == 2900 and again.search(x[5], 1)[0][0] != 5


def test_many_small_saves_merge_the_newest_segments(tmp_path: Path) -> None:
    x = unit(400, 8, 5)
    store = VectorStore(tmp_path, 8, "w")
    for i in range(0, 400, 4):  # the index worker: a few rows per tick, saved each time
        store.upsert(list(range(i, i + 4)), x[i : i + 4])
        if i == 200:
            store.delete([3])
        store.save()
    assert len(list(store.dir.glob("*.vecs.npy"))) < vectors.MAX_SEGMENTS
    again = VectorStore(tmp_path, 8, "w")
    assert again.ids() == set(range(400)) - {3}
    assert [i for i, _ in again.search(x[250], 2)] == brute(list(range(400)), x, x[250], 2)


def test_a_store_with_missing_files_is_cleared_not_fatal(tmp_path: Path) -> None:
    store = VectorStore(tmp_path, 8, "m")
    store.upsert([1, 2], unit(2, 8, 6))
    store.save()
    next(store.dir.glob("*.vecs.npy")).unlink()
    again = VectorStore(tmp_path, 8, "m")
    assert len(again) == 0 and again.search(unit(1, 8, 7)[0], 3) == []
    again.upsert([5], unit(1, 8, 8))
    again.save()
    assert VectorStore(tmp_path, 8, "m").ids() == {5}


def test_searches_run_while_the_first_graph_is_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(vectors, "ANN_MIN", 200)
    x = unit(600, 16, 9)
    store = VectorStore(tmp_path, 16, "b")
    store.upsert(list(range(600)), x)
    started, release = threading.Event(), threading.Event()
    real_new_graph = store._new_graph

    def slow_build(rows: Any, live: Any) -> Any:
        started.set()
        assert release.wait(10)
        return real_new_graph(rows, live)

    monkeypatch.setattr(store, "_new_graph", slow_build)
    saver = threading.Thread(target=store.save)
    saver.start()
    assert started.wait(10)
    assert store.search(x[42], 1)[0][0] == 42  # not blocked by the build: an exact scan answers
    release.set()
    saver.join(10)
    assert store._ann is not None and store._ann.ntotal == 600 and store.search(x[42], 1)[0][0] == 42
