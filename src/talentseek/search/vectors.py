"""Dense vectors kept beside the keyword index: ids aligned with DB ids, numpy on disk, exact search.

Exact inner product over float32 rows (numpy has no fast float16 matmul): 100k × 384 is ~150 MB;
vectors fill in lazily (documents without one are still found by BM25).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


class VectorStore:
    """id → unit vector, saved atomically as two .npy files under `folder`."""

    def __init__(self, folder: Path, dim: int, name: str) -> None:
        self.folder, self.dim, self.name = folder, dim, name
        self._ids: IntArray = np.zeros(0, dtype=np.int64)
        self._vecs = np.zeros((0, dim), dtype=np.float32)
        self._pos: dict[int, int] = {}
        self._lock = threading.RLock()  # the index worker writes while request threads search
        self._load()

    def _files(self) -> tuple[Path, Path]:
        safe = "".join(ch if ch.isalnum() else "_" for ch in self.name)
        return self.folder / f"{safe}.ids.npy", self.folder / f"{safe}.vecs.npy"

    def _load(self) -> None:
        ids_f, vecs_f = self._files()
        if ids_f.exists() and vecs_f.exists():
            ids, vecs = np.load(ids_f), np.load(vecs_f)
            if vecs.ndim == 2 and vecs.shape[1] == self.dim and len(ids) == len(vecs):
                self._ids, self._vecs = ids.astype(np.int64), vecs.astype(np.float32)
                self._pos = {int(i): n for n, i in enumerate(self._ids)}

    def save(self) -> None:
        with self._lock:
            self._save()

    def _save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for path, arr in zip(self._files(), (self._ids, self._vecs), strict=True):
            tmp = path.with_suffix(".tmp.npy")
            np.save(tmp, np.asarray(arr))
            os.replace(tmp, path)  # atomic: a crash leaves the old or the new file, never half

    def __len__(self) -> int:
        return len(self._pos)

    def __contains__(self, doc_id: int) -> bool:
        return doc_id in self._pos

    def ids(self) -> set[int]:
        with self._lock:
            return set(self._pos)

    def upsert(self, ids: list[int], vecs: npt.NDArray[np.float32]) -> None:
        with self._lock:
            self._upsert(ids, vecs)

    def _upsert(self, ids: list[int], vecs: npt.NDArray[np.float32]) -> None:
        new_ids, new_rows = [], []
        for i, v in zip(ids, vecs, strict=True):
            if i in self._pos:
                self._vecs[self._pos[i]] = v
            else:
                new_ids.append(i)
                new_rows.append(v)
        if new_ids:
            start = len(self._ids)
            self._ids = np.concatenate([self._ids, np.asarray(new_ids, dtype=np.int64)])
            self._vecs = np.vstack([self._vecs, np.asarray(new_rows, dtype=np.float32)])
            self._pos.update({i: start + n for n, i in enumerate(new_ids)})

    def delete(self, ids: list[int]) -> None:
        with self._lock:
            gone = {i for i in ids if i in self._pos}
            if not gone:
                return
            keep = np.asarray([int(i) not in gone for i in self._ids])
            self._ids, self._vecs = self._ids[keep], self._vecs[keep]
            self._pos = {int(i): n for n, i in enumerate(self._ids)}

    def clear(self) -> None:
        with self._lock:
            self._ids = np.zeros(0, dtype=np.int64)
            self._vecs = np.zeros((0, self.dim), dtype=np.float32)
            self._pos = {}

    def search(self, query: npt.NDArray[np.float32], k: int) -> list[tuple[int, float]]:
        """Top-k (id, cosine) by exact inner product (vectors are unit length)."""
        with self._lock:
            ids, vecs = self._ids, self._vecs
        if not len(ids) or k <= 0:
            return []
        scores = vecs @ query.astype(np.float32, copy=False)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(ids[n]), float(scores[n])) for n in top]

    def score(self, query: npt.NDArray[np.float32], ids: list[int]) -> dict[int, float]:
        """Cosine for the given ids that have a vector."""
        with self._lock:
            rows = [(i, self._pos[i]) for i in ids if i in self._pos]
            picked = self._vecs[[p for _, p in rows]] if rows else None
        if picked is None:
            return {}
        sims = picked.astype(np.float32) @ query
        return {i: float(s) for (i, _), s in zip(rows, sims, strict=True)}
