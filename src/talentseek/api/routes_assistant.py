"""`/api/assistant` (chat, JSON or SSE) and `/api/assistant/jd` (JD helper). Thin: logic in assistant/."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from talentseek.api.deps import get_engine, require_role, require_user
from talentseek.assistant import ConversationStore, Reply, engine_llm, help_write_jd, make_assistant
from talentseek.auth.principal import CurrentUser
from talentseek.domain import Role
from talentseek.errors import TalentSeekError

router = APIRouter()
recruiter_only = require_role(Role.RECRUITER)


class AssistantRequest(BaseModel):
    message: str = Field(max_length=20000)
    conversation_id: str | None = Field(default=None, max_length=64)
    stream: bool = False
    show_reasoning: bool = False


class JDRequest(BaseModel):
    text: str = Field(max_length=20000)
    use_model: bool = True


def conversations(request: Request) -> ConversationStore:
    store: ConversationStore | None = getattr(request.app.state, "ts_conversations", None)
    if store is None:
        store = ConversationStore()
        request.app.state.ts_conversations = store
    return store


def reply_json(reply: Reply, show_reasoning: bool) -> dict[str, Any]:
    out = asdict(reply)
    if not show_reasoning:
        out.pop("reasoning")
    return out


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def close_quietly(it: Iterator[Any]) -> None:
    """Close a generator; if a worker thread is still inside it, the cancel flag already stops it."""
    try:
        getattr(it, "close", lambda: None)()
    except ValueError:  # "generator already executing"
        pass


def _next(it: Iterator[dict[str, Any]]) -> dict[str, Any] | None:
    return next(it, None)


async def _events(
    request: Request,
    it: Iterator[dict[str, Any]],
    first: dict[str, Any] | None,
    cancel: threading.Event,
    show_reasoning: bool,
) -> AsyncIterator[str]:
    """Relay assistant events as SSE; stop the model when the client goes away."""
    ev = first
    try:
        while ev is not None:
            if await request.is_disconnected():
                cancel.set()
                return
            if ev["type"] == "done":
                yield sse("done", reply_json(ev["reply"], show_reasoning))
            else:
                yield sse(ev["type"], {k: v for k, v in ev.items() if k != "type"})
            try:
                ev = await run_in_threadpool(_next, it)
            except TalentSeekError as err:  # e.g. Busy once streaming has begun: tell the client in-band
                yield sse("error", {"error": str(err)})
                return
    finally:
        cancel.set()
        close_quietly(it)  # no await here: during cancellation an await would be cancelled before it ran


@router.post("/api/assistant", response_model=None)
async def assistant_chat(
    body: AssistantRequest, request: Request, user: CurrentUser = Depends(require_user)
) -> dict[str, Any] | StreamingResponse:
    """One assistant turn. With `stream`, Server-Sent Events: tool, delta…, done (or error)."""
    engine = get_engine(request)
    conv = conversations(request).get_or_create(body.conversation_id, user.id, user.role)
    assistant = await run_in_threadpool(make_assistant, engine, user.role, user)
    if not body.stream:
        reply = await run_in_threadpool(assistant.respond, conv, body.message)
        return reply_json(reply, body.show_reasoning)
    cancel = threading.Event()
    it = assistant.stream(conv, body.message, cancel)
    first = await run_in_threadpool(_next, it)  # routing errors (bad input, busy) become 4xx here
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(
        _events(request, it, first, cancel, body.show_reasoning),
        media_type="text/event-stream",
        headers=headers,
    )


@router.post("/api/assistant/jd")
def jd_helper(
    body: JDRequest, request: Request, user: CurrentUser = Depends(recruiter_only)
) -> dict[str, Any]:
    """Structure a recruiter's notes into a JD and flag requirements the law forbids."""
    llm = engine_llm(get_engine(request)) if body.use_model else None
    help_ = help_write_jd(body.text, llm)
    return {
        "draft": help_.draft.model_dump(),
        "flags": [asdict(f) for f in help_.flags],
        "removed": help_.removed,
        "source": help_.source,
    }
