"""Dense vectors kept beside the keyword index: float16 rows on disk and in memory, HNSW at scale.

Why this shape:
- Rows are float16 (half of float32's memory: 1M × 384 is 768 MB) in capacity-doubling arrays, so
  appending a batch is amortised O(batch), not a copy of everything stored so far.
- On disk a store is an append-only list of segments plus a list of dead rows, named by an atomically
  replaced manifest: saving after each embedded batch writes only that batch, and a crash leaves the
  previous manifest (and so the previous, consistent store).
- Below ANN_MIN live rows search is exact; from there a faiss HNSW graph over 8-bit scalar-quantised
  rows (Malkov & Yashunin 2018; about 0.5 GB at 1M × 384) answers, extended as rows arrive; rows
  added since its last extension are scanned exactly. Dead rows are skipped by a bitmap selector.
Documents without a vector yet are still found by BM25.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
ANN_MIN = 20_000  # below this an exact scan is as fast as the graph and exact
HNSW_M = 16
EF_CONSTRUCTION = 40
TRAIN_ROWS = 20_000
COMPACT_DEAD = 0.25  # rewrite the store in one segment when a quarter of its rows are dead
MAX_SEGMENTS = 64  # ... or when it has this many segments (callers save every ~5% of growth)
ANN_PERSIST_GROWTH = 0.5  # write the graph to disk again once it grew by half (and at the end of a fill)


class VectorStore:
    """id → unit vector; `upsert`/`delete` in memory, `save` appends what changed to the folder."""

    def __init__(self, folder: Path, dim: int, name: str) -> None:
        self.folder, self.dim, self.name = folder, dim, name
        safe = "".join(ch if ch.isalnum() else "_" for ch in name)
        self.dir = folder / safe
        self._lock = threading.RLock()  # the index worker writes while request threads search
        self._reset()
        self._load()

    # -- memory ----------------------------------------------------------------------------
    def _reset(self) -> None:
        self._ids: IntArray = np.zeros(0, dtype=np.int64)
        self._vecs = np.zeros((0, self.dim), dtype=np.float16)
        self._live = np.zeros(0, dtype=bool)
        self._n = 0  # rows used (live and dead); rows are never reused until compaction
        self._pos: dict[int, int] = {}  # live id → row
        self._saved_n, self._saved_dead = 0, 0
        self._dead_rows: list[int] = []
        self._segments: list[str] = []
        self._ann: Any = None
        self._ann_saved = 0  # rows the graph on disk covers

    def _grow(self, need: int) -> None:
        cap = len(self._ids)
        if need <= cap:
            return
        cap = max(need, 2 * cap, 1024)
        ids = np.zeros(cap, dtype=np.int64)
        vecs = np.zeros((cap, self.dim), dtype=np.float16)
        live = np.zeros(cap, dtype=bool)
        ids[: self._n], vecs[: self._n], live[: self._n] = (
            self._ids[: self._n],
            self._vecs[: self._n],
            self._live[: self._n],
        )
        self._ids, self._vecs, self._live = ids, vecs, live

    def _append(self, ids: IntArray, vecs: npt.NDArray[Any]) -> None:
        start, end = self._n, self._n + len(ids)
        self._grow(end)
        self._ids[start:end], self._vecs[start:end], self._live[start:end] = ids, vecs, True
        self._pos.update({int(i): start + n for n, i in enumerate(ids)})
        self._n = end

    def _kill(self, row: int) -> None:
        self._live[row] = False
        self._dead_rows.append(row)

    # -- disk ------------------------------------------------------------------------------
    def _manifest(self) -> Path:
        return self.dir / "manifest.json"

    def _load(self) -> None:
        legacy = self.folder / f"{self.dir.name}.ids.npy", self.folder / f"{self.dir.name}.vecs.npy"
        if not self._manifest().exists():
            if legacy[0].exists() and legacy[1].exists():  # the single-file format of earlier versions
                ids, vecs = np.load(legacy[0]), np.load(legacy[1])
                if vecs.ndim == 2 and vecs.shape[1] == self.dim and len(ids) == len(vecs):
                    self._append(ids.astype(np.int64), vecs)
                    self.save()
                for p in legacy:
                    p.unlink(missing_ok=True)
            return
        meta = json.loads(self._manifest().read_text(encoding="utf-8"))
        if meta.get("dim") != self.dim:
            return
        for seg in meta["segments"]:
            with np.load(self.dir / seg) as z:
                self._append(z["ids"], z["vecs"])
        if meta.get("dead"):
            for row in np.load(self.dir / meta["dead"]).tolist():
                self._live[row] = False
                self._dead_rows.append(int(row))
        self._pos = {int(self._ids[r]): r for r in range(self._n) if self._live[r]}
        self._segments = list(meta["segments"])
        self._saved_n, self._saved_dead = self._n, len(self._dead_rows)
        self._load_ann()

    def save(self) -> None:
        """Append rows added since the last save, record dead rows, swap the manifest in atomically."""
        with self._lock:
            if self._n and (
                len(self._dead_rows) > COMPACT_DEAD * self._n or len(self._segments) >= MAX_SEGMENTS
            ):
                self._compact()
            if self._n == self._saved_n and len(self._dead_rows) == self._saved_dead:
                return
            self.dir.mkdir(parents=True, exist_ok=True)
            if self._n > self._saved_n:  # fresh names: a file the current manifest names is never rewritten
                seg = f"seg-{uuid.uuid4().hex[:16]}.npz"
                a, b = self._saved_n, self._n
                _atomic_npz(self.dir / seg, ids=self._ids[a:b], vecs=self._vecs[a:b])
                self._segments.append(seg)
            dead = None
            if self._dead_rows:
                dead = f"dead-{uuid.uuid4().hex[:16]}.npy"
                _atomic_npy(self.dir / dead, np.asarray(self._dead_rows, dtype=np.int64))
            meta = {"dim": self.dim, "segments": self._segments, "dead": dead}
            tmp = self._manifest().with_suffix(".tmp")
            tmp.write_text(json.dumps(meta), encoding="utf-8")
            os.replace(tmp, self._manifest())  # the commit point
            self._saved_n, self._saved_dead = self._n, len(self._dead_rows)
            keep = {*self._segments, dead, "manifest.json", "ann.faiss", "ann.json"}
            for p in self.dir.iterdir():
                if p.name not in keep and not p.name.endswith(".tmp"):
                    p.unlink(missing_ok=True)
            grown = self._ann is None or self._n > (1 + ANN_PERSIST_GROWTH) * self._ann_saved
            self.refresh_ann(persist=grown)

    def _compact(self) -> None:
        """Keep only live rows, renumbered from 0, as a single new segment (the graph is rebuilt)."""
        rows = np.flatnonzero(self._live[: self._n])
        ids, vecs = self._ids[rows].copy(), self._vecs[rows].copy()
        self._reset()
        self._append(ids, vecs)
        for p in self.dir.glob("ann.*"):
            p.unlink(missing_ok=True)

    # -- approximate nearest neighbours ------------------------------------------------------
    def _load_ann(self) -> None:
        path = self.dir / "ann.faiss"
        if len(self._pos) < ANN_MIN or not path.exists():
            return
        faiss = _faiss()

        ann = faiss.read_index(str(path))
        if ann.d == self.dim and ann.ntotal <= self._n:
            self._ann, self._ann_saved = ann, ann.ntotal
            self.refresh_ann()

    def refresh_ann(self, persist: bool = False) -> None:
        """Build the graph once the store is big enough, then add rows appended since (writer side)."""
        with self._lock:
            if len(self._pos) < ANN_MIN and self._ann is None:
                return
            faiss = _faiss()

            if self._ann is None:
                ann = faiss.IndexHNSWSQ(
                    self.dim, faiss.ScalarQuantizer.QT_8bit, HNSW_M, faiss.METRIC_INNER_PRODUCT
                )
                ann.hnsw.efConstruction = EF_CONSTRUCTION
                sample = np.flatnonzero(self._live[: self._n])[:TRAIN_ROWS]
                ann.train(self._vecs[sample].astype(np.float32))
                self._ann = ann
            if self._ann.ntotal < self._n:
                self._ann.add(self._vecs[self._ann.ntotal : self._n].astype(np.float32))
            if persist:
                self.dir.mkdir(parents=True, exist_ok=True)
                tmp = self.dir / "ann.faiss.tmp"
                faiss.write_index(self._ann, str(tmp))
                os.replace(tmp, self.dir / "ann.faiss")
                self._ann_saved = self._ann.ntotal

    # -- public ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._pos)

    def __contains__(self, doc_id: int) -> bool:
        return doc_id in self._pos

    def ids(self) -> set[int]:
        with self._lock:
            return set(self._pos)

    def upsert(self, ids: list[int], vecs: npt.NDArray[np.float32]) -> None:
        with self._lock:
            for i in ids:
                if i in self._pos:  # a changed document: its old row dies, the new one is appended
                    self._kill(self._pos.pop(i))
            self._append(np.asarray(ids, dtype=np.int64), np.asarray(vecs, dtype=np.float16))

    def delete(self, ids: list[int]) -> None:
        with self._lock:
            for i in ids:
                if i in self._pos:
                    self._kill(self._pos.pop(i))

    def clear(self) -> None:
        with self._lock:
            self._reset()
            if self.dir.exists():
                for p in self.dir.iterdir():
                    p.unlink(missing_ok=True)

    def search(self, query: npt.NDArray[np.float32], k: int) -> list[tuple[int, float]]:
        """Top-k (id, cosine): the HNSW graph where built, plus an exact scan of the rows after it."""
        if k <= 0:
            return []
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        with self._lock:
            if not self._pos:
                return []
            start = 0
            found: list[tuple[int, float]] = []
            if self._ann is not None and self._ann.ntotal:
                found, start = self._ann_search(q, k), self._ann.ntotal
            rows = np.flatnonzero(self._live[start : self._n]) + start
            if len(rows):
                sims = self._vecs[rows].astype(np.float32) @ q
                top = np.argpartition(-sims, min(k, len(sims)) - 1)[:k]
                found += [(int(self._ids[rows[t]]), float(sims[t])) for t in top]
        found.sort(key=lambda kv: -kv[1])
        return found[:k]

    def _ann_search(self, q: npt.NDArray[np.float32], k: int) -> list[tuple[int, float]]:
        faiss = _faiss()

        bits = np.packbits(self._live[: self._ann.ntotal], bitorder="little")
        params = faiss.SearchParametersHNSW(sel=faiss.IDSelectorBitmap(bits), efSearch=max(64, k))
        sims, rows = self._ann.search(q.reshape(1, -1), k, params=params)
        return [(int(self._ids[r]), float(s)) for r, s in zip(rows[0], sims[0], strict=True) if r >= 0]


def _faiss() -> Any:
    """faiss, untyped: its generated stubs do not describe the numpy overloads used here."""
    import importlib

    return importlib.import_module("faiss")


def _atomic_npz(path: Path, **arrays: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        np.savez(f, **arrays)
    os.replace(tmp, path)


def _atomic_npy(path: Path, arr: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        np.save(f, arr)
    os.replace(tmp, path)
