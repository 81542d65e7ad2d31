"""A deterministic hashing embedder: the fake for tests (no model, no I/O), never a default."""

from __future__ import annotations

import hashlib

import numpy as np

from talentseek.embed.base import Kind, Matrix, empty, l2_normalize


def _bucket(gram: str, dim: int) -> tuple[int, float]:
    h = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
    v = int.from_bytes(h, "little")
    return v % dim, (1.0 if (v >> 63) & 1 else -1.0)


class HashingEmbedder:
    """Character uni- and bi-grams hashed into `dim` signed buckets (feature hashing, Weinberger 2009)."""

    name = "hashing"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def embed(self, texts: list[str], *, kind: Kind) -> Matrix:
        if not texts:
            return empty(self.dim)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            chars = [c for c in text.lower() if not c.isspace()]
            grams = chars + [a + b for a, b in zip(chars, chars[1:], strict=False)]
            for g in grams:
                j, sign = _bucket(g, self.dim)
                out[i, j] += sign
        return l2_normalize(out)
