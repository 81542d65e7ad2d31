"""The Embedder interface, the backend registry and small shared helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from talentseek.settings import Settings

Kind = Literal["query", "passage"]
Matrix = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Texts → L2-normalised float32 rows; `kind` lets asymmetric models (E5) add their prefix."""

    dim: int
    name: str

    def embed(self, texts: list[str], *, kind: Kind) -> Matrix: ...


EmbedderFactory = Callable[["Settings"], Embedder]


def l2_normalize(m: npt.ArrayLike) -> Matrix:
    """Rows scaled to unit length (zero rows stay zero) as float32."""
    a = np.asarray(m, dtype=np.float32)
    if a.ndim == 1:
        a = a[None, :]
    norms = np.linalg.norm(a, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: Matrix = (a / norms).astype(np.float32, copy=False)
    return out


def empty(dim: int) -> Matrix:
    return np.zeros((0, dim), dtype=np.float32)


def clip_text(text: str, max_chars: int) -> str:
    """Collapse whitespace and cut to `max_chars`: embedding cost grows with length (DESIGN.md facts)."""
    return " ".join(text.split())[:max_chars]


class QueryCache:
    """Query vectors by text, least recently used out: a repeated query skips the model (tens of ms)."""

    def __init__(self, embedder: Embedder, size: int = 2048) -> None:
        from collections import OrderedDict
        from threading import Lock

        self.embedder, self.size = embedder, size
        self._vecs: OrderedDict[str, Matrix] = OrderedDict()
        self._lock = Lock()

    def __call__(self, text: str) -> Matrix:
        with self._lock:
            if text in self._vecs:
                self._vecs.move_to_end(text)
                return self._vecs[text]
        vec: Matrix = self.embedder.embed([text], kind="query")[0]
        with self._lock:
            self._vecs[text] = vec
            if len(self._vecs) > self.size:
                self._vecs.popitem(last=False)
        return vec

    def clear(self) -> None:
        with self._lock:
            self._vecs.clear()
