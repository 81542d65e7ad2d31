"""A deterministic hashing embedder: the fake for tests and benchmarks (no model, no I/O), never a default."""

from __future__ import annotations

import numpy as np

from talentseek.embed.base import Kind, Matrix, empty, l2_normalize

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing multiplier (Knuth, TAOCP vol. 3, 6.4)
_BIGRAM = np.uint64(0x110000)  # one past the largest code point: (a, b) → a·0x110000 + b is unique


class HashingEmbedder:
    """Character uni- and bi-grams hashed into `dim` signed buckets (feature hashing, Weinberger 2009).

    Vectorised per text with numpy (tens of thousands of passages a second), so a benchmark can fill
    a million vectors in minutes and measure the dense path's speed apart from any model's.
    """

    name = "hashing"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def embed(self, texts: list[str], *, kind: Kind) -> Matrix:
        if not texts:
            return empty(self.dim)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            chars = np.frombuffer("".join(text.lower().split()).encode("utf-32-le"), dtype=np.uint32)
            codes = chars.astype(np.uint64)
            grams = np.concatenate([codes, codes[:-1] * _BIGRAM + codes[1:]])
            h = grams * _GOLDEN  # wraps mod 2**64: the multiplicative hash
            signs = np.where(h >> np.uint64(63), 1.0, -1.0).astype(np.float32)
            np.add.at(out[i], (h % np.uint64(self.dim)).astype(np.intp), signs)
        return l2_normalize(out)
