"""Embedded llama.cpp backend (llama-cpp-python): one Llama object kept for the process.

Keeping the object keeps its KV cache: each call tokenizes the chat prompt and llama.cpp evaluates only
the tokens after the longest prefix shared with the previous call, so a fixed system prompt (and the
earlier turns of the same chat) is not recomputed. `Usage.cached_tokens` reports that prefix.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from talentseek.errors import InputError, MissingDependency
from talentseek.llm.base import Chunk, Completion, Message, ThinkSplitter, Usage, split_think

INSTALL = "pip install 'talentseek[llm]'"
# used when a GGUF carries no chat template (DeepSeek-R1-Distill's own tags)
FALLBACK_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'system' %}{{ m['content'] }}"
    "{% elif m['role'] == 'user' %}<｜User｜>{{ m['content'] }}"
    "{% else %}<｜Assistant｜>{{ m['content'] }}<｜end▁of▁sentence｜>{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}<｜Assistant｜>{% endif %}"
)


def _import_llama_cpp() -> Any:
    try:
        import llama_cpp
    except ImportError:
        raise MissingDependency("本地模型（llama.cpp）", INSTALL) from None
    return llama_cpp


class LlamaCppLLM:
    """A GGUF model run in-process. Not thread-safe by itself: calls are serialized by a lock."""

    def __init__(
        self,
        model_path: Path | str,
        *,
        n_threads: int = 2,
        n_ctx: int = 4096,
        n_batch: int = 512,
        seed: int = 0,
        name: str | None = None,
    ) -> None:
        llama_cpp = _import_llama_cpp()
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self._mod = llama_cpp
        self.path = Path(model_path)
        self.name = name or self.path.stem
        self.llama = llama_cpp.Llama(
            model_path=str(self.path),
            n_ctx=n_ctx,
            n_threads=n_threads,
            n_threads_batch=n_threads,
            n_batch=n_batch,
            seed=seed,
            verbose=False,
        )
        meta = self.llama.metadata
        vocab = self.llama._model
        bos = vocab.token_get_text(self.llama.token_bos()) if self.llama.token_bos() >= 0 else ""
        eos = vocab.token_get_text(self.llama.token_eos()) if self.llama.token_eos() >= 0 else ""
        self._formatter = Jinja2ChatFormatter(
            meta.get("tokenizer.chat_template") or FALLBACK_TEMPLATE, eos_token=eos, bos_token=bos
        )
        self._lock = threading.Lock()
        self._grammars: dict[str, Any] = {}

    # --- prompt
    def tokens_for(self, messages: Sequence[Message]) -> tuple[list[int], bool]:
        """Prompt tokens for a chat, and whether the template opened a `<think>` block already."""
        chat: Any = [dict(m) for m in messages]
        res = self._formatter(messages=chat)
        toks = self.llama.tokenize(res.prompt.encode("utf-8"), add_bos=not res.added_special, special=True)
        return list(toks), res.prompt.rstrip().endswith("<think>")

    def count_tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def _grammar(self, schema: dict[str, Any] | None) -> Any:
        if schema is None:
            return None
        key = json.dumps(schema, sort_keys=True, ensure_ascii=False)
        if key not in self._grammars:
            self._grammars[key] = self._mod.LlamaGrammar.from_json_schema(key, verbose=False)
        return self._grammars[key]

    def _kwargs(
        self,
        tokens: list[int],
        max_tokens: int,
        temperature: float,
        json_schema: dict[str, Any] | None,
        stop: Sequence[str] | None,
    ) -> dict[str, Any]:
        room = self.llama.n_ctx() - len(tokens)
        if room < 16:
            raise InputError(
                f"输入过长：约 {len(tokens)} 个词元，超过模型上下文 {self.llama.n_ctx()}；"
                "请缩短内容（或调大 TALENTSEEK_LLM_CONTEXT）后重试"
            )
        return {
            "prompt": tokens,
            "max_tokens": min(max_tokens, room),
            "temperature": temperature,
            "stop": list(stop or []),
            "grammar": self._grammar(json_schema),
        }

    def _cached(self, tokens: list[int]) -> int:
        """Prompt tokens already in the KV cache; an exact repeat starts clean instead.

        llama-cpp-python 0.3.36 mishandles a prompt that is entirely cached (it replays far more
        than one token and can overflow the context), so a repeated prompt is recomputed.
        """
        prev = list(self.llama._input_ids[: self.llama.n_tokens])
        common = int(self._mod.Llama.longest_token_prefix(prev, tokens))
        if common >= len(tokens) - 1:
            self.clear_cache()
            return 0
        return common

    def clear_cache(self) -> None:
        """Drop the KV cache: llama.reset() alone keeps stale cells in llama-cpp-python 0.3.x."""
        self.llama._ctx.kv_cache_clear()
        self.llama.reset()

    # --- LLM protocol
    def generate(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
    ) -> Completion:
        tokens, thinking = self.tokens_for(messages)
        with self._lock:
            kw = self._kwargs(tokens, max_tokens, temperature, json_schema, stop)
            cached = self._cached(tokens)
            try:
                out = self.llama.create_completion(**kw)
            except RuntimeError:  # llama_decode failed (stale KV slots): start from a clean cache once
                self.clear_cache()
                cached = 0
                out = self.llama.create_completion(**kw)
        choice = out["choices"][0]
        # grammar-constrained output is the answer itself, even when the template opened <think>
        raw = ("<think>" if thinking and json_schema is None else "") + choice["text"]
        text, reasoning = split_think(raw)
        u = out.get("usage", {})
        usage = Usage(u.get("prompt_tokens", len(tokens)), u.get("completion_tokens", 0), cached)
        return Completion(text, reasoning, usage, choice.get("finish_reason") or "stop")

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
    ) -> Iterator[Chunk]:
        tokens, thinking = self.tokens_for(messages)
        with self._lock:
            kw = self._kwargs(tokens, max_tokens, temperature, json_schema, stop)
            self._cached(tokens)
            splitter = ThinkSplitter(starts_thinking=thinking and json_schema is None)
            finish = "stop"
            for part in self.llama.create_completion(stream=True, **kw):
                choice = part["choices"][0]
                yield from splitter.feed(choice.get("text") or "")
                finish = choice.get("finish_reason") or finish
            yield from splitter.flush()
        yield Chunk(finish_reason=finish)
