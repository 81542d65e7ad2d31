"""OpenAI-compatible HTTP backend: vLLM, SGLang, Ollama, DeepSeek API, or another TalentSeek.

Retries 429/5xx/timeouts with exponential backoff; the API key is sent, never logged or repr'd.
Reasoning arrives as `reasoning_content` (DeepSeek API, vLLM reasoning parser) or inline `<think>`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from typing import Any

import httpx
from pydantic import SecretStr

from talentseek.errors import InputError, TalentSeekError
from talentseek.llm.base import Chunk, Completion, Message, ThinkSplitter, Usage, split_think

RETRY_STATUS = {408, 429, 500, 502, 503, 504}


class EngineError(TalentSeekError):
    status_code = 502


class OpenAICompatLLM:
    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: SecretStr | None = None,
        timeout_s: float = 120.0,
        retries: int = 2,
        backoff_s: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.name = model
        self._key = api_key
        self.retries, self.backoff_s = retries, backoff_s
        headers = {"Authorization": f"Bearer {api_key.get_secret_value()}"} if api_key else {}
        self._client = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            transport=transport,
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
        )

    def __repr__(self) -> str:
        return f"OpenAICompatLLM(base_url={self.base_url!r}, model={self.name!r}, api_key=***)"

    def _body(
        self,
        messages: Sequence[Message],
        max_tokens: int,
        temperature: float,
        json_schema: dict[str, Any] | None,
        stop: Sequence[str] | None,
        stream: bool,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.name,
            "messages": [dict(m) for m in messages],
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": stream,
        }
        if stop:
            body["stop"] = list(stop)
        if json_schema is not None:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "output", "schema": json_schema, "strict": True},
            }
        return body

    def _send(self, body: dict[str, Any], stream: bool) -> httpx.Response:
        """POST with retries; the caller closes a streamed response."""
        delay = self.backoff_s
        for attempt in range(self.retries + 1):
            try:
                req = self._client.build_request("POST", "/chat/completions", json=body)
                resp = self._client.send(req, stream=stream)
            except (httpx.TimeoutException, httpx.TransportError) as err:
                if attempt == self.retries:
                    raise EngineError(
                        f"模型服务 {self.base_url} 无响应（{type(err).__name__}）；"
                        "请检查 TALENTSEEK_LLM_BASE_URL 和服务状态"
                    ) from None
            else:
                if resp.status_code < 400:
                    return resp
                if resp.status_code not in RETRY_STATUS or attempt == self.retries:
                    detail = resp.read().decode("utf-8", "replace")[:200]
                    resp.close()
                    if resp.status_code == 400:
                        raise InputError(f"模型服务拒绝了请求：{detail}")
                    raise EngineError(f"模型服务返回 HTTP {resp.status_code}：{detail}")
                resp.close()
            time.sleep(delay)
            delay *= 2
        raise EngineError("模型服务不可用")  # unreachable: the loop returns or raises

    def generate(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
    ) -> Completion:
        resp = self._send(self._body(messages, max_tokens, temperature, json_schema, stop, False), False)
        try:
            data = resp.json()
            choice = data["choices"][0]
            msg = choice["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise EngineError(f"模型服务的回复格式不对：{resp.text[:200]}") from None
        text, reasoning = split_think(msg.get("content") or "")
        reasoning = msg.get("reasoning_content") or reasoning
        u = data.get("usage") or {}
        cached = (u.get("prompt_tokens_details") or {}).get("cached_tokens", 0) or 0
        usage = Usage(u.get("prompt_tokens", 0), u.get("completion_tokens", 0), cached)
        return Completion(text, reasoning or "", usage, choice.get("finish_reason") or "stop")

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        json_schema: dict[str, Any] | None = None,
        stop: Sequence[str] | None = None,
    ) -> Iterator[Chunk]:
        resp = self._send(self._body(messages, max_tokens, temperature, json_schema, stop, True), True)
        splitter, finish = ThinkSplitter(), "stop"
        try:
            for line in resp.iter_lines():
                if not line.startswith("data:"):
                    continue
                payload = line[5:].strip()
                if payload == "[DONE]":
                    break
                try:
                    choice = json.loads(payload)["choices"][0]
                except (ValueError, KeyError, IndexError):
                    continue  # a keep-alive or malformed event: skip it, keep streaming
                delta = choice.get("delta") or {}
                if delta.get("reasoning_content"):
                    yield Chunk(reasoning=delta["reasoning_content"])
                yield from splitter.feed(delta.get("content") or "")
                finish = choice.get("finish_reason") or finish
        except httpx.HTTPError as err:
            raise EngineError(f"模型服务的流式回复中断（{type(err).__name__}）") from None
        finally:
            resp.close()
        yield from splitter.flush()
        yield Chunk(finish_reason=finish)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> OpenAICompatLLM:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
