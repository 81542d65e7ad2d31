"""The LLM interface every backend implements, and the `<think>` splitter for reasoning models."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypedDict, runtime_checkable


class Message(TypedDict):
    role: Literal["system", "user", "assistant", "tool"]
    content: str


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0  # prompt tokens served from the KV/prefix cache


@dataclass(frozen=True)
class Completion:
    """A finished answer; `reasoning` is the `<think>` part, kept apart from `text`."""

    text: str
    reasoning: str = ""
    usage: Usage = field(default_factory=Usage)
    finish_reason: str = "stop"  # stop | length | cancelled | error


@dataclass(frozen=True)
class Chunk:
    """One streamed piece: answer text or reasoning text; the last chunk carries finish_reason."""

    text: str = ""
    reasoning: str = ""
    finish_reason: str | None = None


@runtime_checkable
class LLM(Protocol):
    """A chat model. `json_schema` asks for output constrained to that schema where the backend can."""

    name: str

    def generate(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
    ) -> Completion: ...

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
    ) -> Iterator[Chunk]: ...


_THINK = re.compile(r"<think>(.*?)(?:</think>|$)", re.S)


def split_think(text: str) -> tuple[str, str]:
    """(answer, reasoning): DeepSeek-R1 puts its reasoning in `<think>...</think>` before the answer."""
    # R1 chat templates often open the think block in the prompt, so a bare `</think>` also splits
    if "<think>" not in text and "</think>" in text:
        reasoning, _, answer = text.partition("</think>")
        return answer.strip(), reasoning.strip()
    reasoning = "\n".join(m.group(1).strip() for m in _THINK.finditer(text))
    return _THINK.sub("", text).strip(), reasoning


class ThinkSplitter:
    """Streaming twin of split_think: feed pieces, get (answer, reasoning) pieces out in order."""

    OPEN, CLOSE = "<think>", "</think>"

    def __init__(self, starts_thinking: bool = False) -> None:
        self.thinking = starts_thinking
        self.buf = ""

    def feed(self, piece: str) -> list[Chunk]:
        self.buf += piece
        out: list[Chunk] = []
        while True:
            tag = self.CLOSE if self.thinking else self.OPEN
            i = self.buf.find(tag)
            if i >= 0:
                out.append(self._emit(self.buf[:i]))
                self.buf = self.buf[i + len(tag) :]
                self.thinking = not self.thinking
                continue
            if not self.thinking and self.CLOSE in self.buf:  # bare close: what came before was reasoning
                before, _, self.buf = self.buf.partition(self.CLOSE)
                out.append(Chunk(reasoning=before))
                continue
            keep = _partial_tag_len(self.buf, tag)
            out.append(self._emit(self.buf[: len(self.buf) - keep]))
            self.buf = self.buf[len(self.buf) - keep :]
            return [c for c in out if c.text or c.reasoning]

    def flush(self) -> list[Chunk]:
        rest, self.buf = self.buf, ""
        return [self._emit(rest)] if rest else []

    def _emit(self, s: str) -> Chunk:
        return Chunk(reasoning=s) if self.thinking else Chunk(text=s)


def _partial_tag_len(buf: str, tag: str) -> int:
    """Length of the longest suffix of buf that is a prefix of tag (hold it back: the tag may continue)."""
    for n in range(min(len(tag) - 1, len(buf)), 0, -1):
        if buf.endswith(tag[:n]):
            return n
    return 0


def collect(chunks: Iterator[Chunk]) -> Completion:
    """Join a stream into one Completion."""
    text, reasoning, finish = [], [], "stop"
    for c in chunks:
        text.append(c.text)
        reasoning.append(c.reasoning)
        finish = c.finish_reason or finish
    return Completion("".join(text).strip(), "".join(reasoning).strip(), finish_reason=finish)


def clean_text(text: str | bytes) -> str:
    """Text safe to put in a prompt: invalid UTF-8 replaced, NULs and control characters dropped."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = text.encode("utf-8", errors="replace").decode("utf-8")  # lone surrogates
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
