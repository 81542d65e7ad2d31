"""Backpressure in front of a backend: a few sequences run, a bounded number wait, the rest get Busy (429).

llama.cpp on CPU does best with one sequence at a time, so the embedded backend runs with concurrency 1.
Streams stop early when the caller sets `cancel` (client went away) or the per-request deadline passes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from talentseek.errors import Busy
from talentseek.llm.base import LLM, Chunk, Completion, Message


@dataclass(frozen=True)
class QueueStats:
    running: int
    waiting: int
    rejected: int
    served: int
    avg_seconds: float


class QueuedLLM:
    """An LLM that admits `concurrency` calls at once and lets at most `max_waiting` more wait."""

    def __init__(
        self, inner: LLM, *, concurrency: int = 1, max_waiting: int = 4, timeout_s: float = 120.0
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self.max_waiting, self.timeout_s, self.concurrency = max_waiting, timeout_s, concurrency
        self._slots = threading.BoundedSemaphore(concurrency)
        self._lock = threading.Lock()
        self._running = self._waiting = self._rejected = self._served = 0
        self._avg = 5.0  # seconds per request, exponentially averaged; feeds Retry-After

    def stats(self) -> QueueStats:
        with self._lock:
            return QueueStats(self._running, self._waiting, self._rejected, self._served, self._avg)

    def _retry_after(self) -> float:
        return max(1.0, self._avg * (self._waiting + 1) / self.concurrency)

    @contextmanager
    def slot(self, timeout_s: float | None = None) -> Iterator[None]:
        """Hold one running slot; Busy when the waiting line is full or the wait outlasts the timeout."""
        with self._lock:
            if self._waiting >= self.max_waiting and not self._free_now():
                self._rejected += 1
                raise Busy(f"模型正忙（{self._waiting} 个请求在排队），请稍后重试", self._retry_after())
            self._waiting += 1
        try:
            ok = self._slots.acquire(timeout=timeout_s if timeout_s is not None else self.timeout_s)
        finally:
            with self._lock:
                self._waiting -= 1
        if not ok:
            with self._lock:
                self._rejected += 1
            raise Busy("排队等待超时，模型仍在处理其他请求，请稍后重试", self._retry_after())
        start = time.monotonic()
        with self._lock:
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                self._served += 1
                self._avg = 0.8 * self._avg + 0.2 * (time.monotonic() - start)
            self._slots.release()

    def _free_now(self) -> bool:
        return self._running < self.concurrency and self._waiting == 0

    def generate(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
    ) -> Completion:
        with self.slot():
            return self.inner.generate(
                messages, max_tokens=max_tokens, temperature=temperature, json_schema=json_schema, stop=stop
            )

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
        cancel: threading.Event | None = None,
        timeout_s: float | None = None,
    ) -> Iterator[Chunk]:
        deadline = time.monotonic() + (timeout_s or self.timeout_s)
        with self.slot(max(0.0, deadline - time.monotonic())):
            it = self.inner.stream(
                messages, max_tokens=max_tokens, temperature=temperature, json_schema=json_schema, stop=stop
            )
            try:
                for chunk in it:
                    if cancel is not None and cancel.is_set():
                        return  # nobody is listening: end now so the slot is freed without another next()
                    if time.monotonic() > deadline:
                        yield Chunk(text="\n（回答超时，已截断）", finish_reason="timeout")
                        return
                    yield chunk
            finally:
                close = getattr(it, "close", None)
                if close:
                    close()
