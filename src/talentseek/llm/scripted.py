"""A scripted fake LLM for tests: replies come from a list or a function of the messages. Never in prod."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from talentseek.llm.base import Chunk, Completion, Message, ThinkSplitter, Usage, split_think

Reply = str | Callable[[Sequence[Message]], str]


class ScriptedLLM:
    """Returns scripted replies in order (the last one repeats); records every call for assertions."""

    name = "scripted"

    def __init__(self, replies: Sequence[Reply] = ("好的。",), *, delay_s: float = 0.0) -> None:
        self.replies = list(replies)
        self.calls: list[dict[str, Any]] = []
        self.delay_s = delay_s
        self._lock = threading.Lock()

    def _next(self, messages: Sequence[Message], **kw: Any) -> str:
        with self._lock:
            self.calls.append({"messages": list(messages), **kw})
            reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if self.delay_s:
            time.sleep(self.delay_s)
        return reply(messages) if callable(reply) else reply

    def generate(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
    ) -> Completion:
        raw = self._next(messages, max_tokens=max_tokens, json_schema=json_schema)
        text, reasoning = split_think(raw)
        usage = Usage(sum(len(m["content"]) for m in messages), len(raw))
        return Completion(text, reasoning, usage, "stop")

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
    ) -> Iterator[Chunk]:
        raw = self._next(messages, max_tokens=max_tokens, json_schema=json_schema)
        splitter = ThinkSplitter()
        for i in range(0, len(raw), 3):  # small pieces so tag boundaries fall mid-piece
            yield from splitter.feed(raw[i : i + 3])
        yield from splitter.flush()
        yield Chunk(finish_reason="stop")
