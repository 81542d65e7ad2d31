"""OpenAI-compatible `/v1/models` and `/v1/chat/completions` (Dify, Open WebUI, the openai SDK).

Bearer API keys only (`talentseek apikey create`), each held to its own per-minute limit (auth layer);
the model runs behind the same bounded queue as the web assistant (429 + Retry-After when full).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from talentseek.api.deps import get_engine, require_user
from talentseek.api.routes_assistant import close_quietly
from talentseek.auth.principal import CurrentUser
from talentseek.errors import InputError, Unauthorized
from talentseek.llm.base import LLM, Chunk, Message, clean_text
from talentseek.llm.queue import QueuedLLM

router = APIRouter(prefix="/v1")
MAX_PROMPT_CHARS = 200_000


def require_key(request: Request) -> CurrentUser:
    """Only `Authorization: Bearer KEY` is accepted here (no cookies), counted against the key's limit."""
    if not request.headers.get("authorization", "").lower().startswith("bearer "):
        raise Unauthorized(
            "需要 Authorization: Bearer <API 令牌>；用 talentseek apikey create --name NAME 创建"
        )
    return require_user(request)


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    model: str | None = None
    messages: list[ChatMessage] = Field(min_length=1, max_length=500)
    max_tokens: int | None = Field(default=None, ge=1, le=32768)
    max_completion_tokens: int | None = Field(default=None, ge=1, le=32768)
    temperature: float = Field(default=0.6, ge=0.0, le=2.0)
    stream: bool = False
    stop: str | list[str] | None = None
    response_format: dict[str, Any] | None = None
    include_reasoning: bool = True


def to_messages(req: ChatRequest) -> list[Message]:
    """OpenAI messages → ours: content parts joined, developer → system, text cleaned, size bounded."""
    out: list[Message] = []
    for m in req.messages:
        content = (
            m.content
            if isinstance(m.content, str)
            else "".join(str(p.get("text", "")) for p in (m.content or []) if isinstance(p, dict))
        )
        role = "system" if m.role == "developer" else m.role
        out.append({"role": role, "content": clean_text(content)})
    if sum(len(m["content"]) for m in out) > MAX_PROMPT_CHARS:
        raise InputError(f"消息总长度超过 {MAX_PROMPT_CHARS} 字符，请缩短后重试", field="messages")
    return out


def schema_of(fmt: dict[str, Any] | None) -> dict[str, Any] | None:
    if not fmt or fmt.get("type") == "text":
        return None
    if fmt.get("type") == "json_schema":
        schema = (fmt.get("json_schema") or {}).get("schema")
        if not isinstance(schema, dict):
            raise InputError("response_format.json_schema.schema 必须是 JSON 对象", field="response_format")
        return schema
    if fmt.get("type") == "json_object":
        return {"type": "object"}
    raise InputError("response_format.type 只能是 text、json_object 或 json_schema", field="response_format")


def _kwargs(req: ChatRequest) -> dict[str, Any]:
    stop = [req.stop] if isinstance(req.stop, str) else req.stop
    return {
        "max_tokens": req.max_completion_tokens or req.max_tokens or 1024,
        "temperature": req.temperature,
        "json_schema": schema_of(req.response_format),
        "stop": stop,
    }


@router.get("/models")
def list_models(request: Request, _user: CurrentUser = Depends(require_key)) -> dict[str, Any]:
    from talentseek.llm.registry import Registry

    engine = get_engine(request)
    names = [e.name for e in Registry(engine.settings.home).list()]
    if engine.settings.llm_backend != "llamacpp" and engine.settings.llm_model:
        names.insert(0, engine.settings.llm_model)
    return {
        "object": "list",
        "data": [
            {"id": n, "object": "model", "created": 0, "owned_by": "talentseek"} for n in dict.fromkeys(names)
        ],
    }


@router.post("/chat/completions", response_model=None)
async def chat_completions(
    body: ChatRequest, request: Request, _user: CurrentUser = Depends(require_key)
) -> dict[str, Any] | StreamingResponse:
    llm: LLM = await run_in_threadpool(lambda: get_engine(request).llm)
    messages, kw = to_messages(body), _kwargs(body)
    cid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
    if not body.stream:
        out = await run_in_threadpool(lambda: llm.generate(messages, **kw))
        msg: dict[str, Any] = {"role": "assistant", "content": out.text}
        if body.include_reasoning and out.reasoning:
            msg["reasoning_content"] = out.reasoning
        usage = {
            "prompt_tokens": out.usage.prompt_tokens,
            "completion_tokens": out.usage.completion_tokens,
            "total_tokens": out.usage.prompt_tokens + out.usage.completion_tokens,
            "prompt_tokens_details": {"cached_tokens": out.usage.cached_tokens},
        }
        return {
            "id": cid,
            "object": "chat.completion",
            "created": created,
            "model": llm.name,
            "choices": [{"index": 0, "message": msg, "finish_reason": out.finish_reason}],
            "usage": usage,
        }
    cancel = threading.Event()
    if isinstance(llm, QueuedLLM):  # the queue can stop the model when the client goes away
        it = llm.stream(messages, **kw, cancel=cancel)
    else:
        it = llm.stream(messages, **kw)
    first = await run_in_threadpool(next, it, None)  # a full queue is a 429 before any byte is sent
    return StreamingResponse(
        _sse(request, it, first, cancel, cid, created, llm.name, body.include_reasoning),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache"},
    )


def _frame(cid: str, created: int, model: str, delta: dict[str, Any], finish: str | None) -> str:
    data = {
        "id": cid,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


async def _sse(
    request: Request,
    it: Iterator[Chunk],
    first: Chunk | None,
    cancel: threading.Event,
    cid: str,
    created: int,
    model: str,
    reasoning: bool,
) -> AsyncIterator[str]:
    yield _frame(cid, created, model, {"role": "assistant", "content": ""}, None)
    chunk = first
    try:
        while chunk is not None:
            if await request.is_disconnected():
                cancel.set()
                return
            delta: dict[str, Any] = {}
            if chunk.text:
                delta["content"] = chunk.text
            if chunk.reasoning and reasoning:
                delta["reasoning_content"] = chunk.reasoning
            if delta or chunk.finish_reason:
                yield _frame(cid, created, model, delta, chunk.finish_reason)
            chunk = await run_in_threadpool(next, it, None)
        yield "data: [DONE]\n\n"
    finally:
        cancel.set()
        close_quietly(it)  # no await here: during cancellation an await would be cancelled before it ran
