"""/api/assistant, /api/assistant/jd, /v1 (OpenAI-compatible) and /assistant with a scripted model."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient

from talentseek.api.app import create_app
from talentseek.auth import create_api_key, create_user
from talentseek.domain import Role
from talentseek.engine import Engine
from talentseek.llm.base import LLM
from talentseek.llm.queue import QueuedLLM
from talentseek.llm.scripted import ScriptedLLM
from talentseek.store.repo import get_or_create_company
from test_assistant_chat import FakeSearch

Client = tuple[TestClient, Engine, dict[str, str]]


@pytest.fixture
def make_client() -> Iterator[Callable[[LLM], Client]]:
    """Builds an app on an engine handed a fake search and the given model; closes them after the test."""
    with ExitStack() as stack:

        def make(llm: LLM) -> Client:
            engine = Engine(search=FakeSearch(), llm=llm)
            stack.callback(engine.close)
            keys: dict[str, str] = {}
            with engine.db.session() as db:
                co = get_or_create_company(db, "测试公司")
                seeker = create_user(db, "seeker1", "pw-123456789", Role.SEEKER)
                rec = create_user(db, "rec1", "pw-123456789", Role.RECRUITER, company_id=co.id)
                keys["seeker"] = create_api_key(db, "s", user_id=seeker.id)
                keys["rec"] = create_api_key(db, "r", user_id=rec.id)
                keys["slow"] = create_api_key(db, "slow", user_id=seeker.id, rate_limit_per_min=2)
            client = stack.enter_context(TestClient(create_app(engine)))
            return client, engine, keys

        yield make


@pytest.fixture
def setup(make_client: Callable[[LLM], Client]) -> Client:
    return make_client(QueuedLLM(ScriptedLLM(["不是 JSON", "不是 JSON", "<think>想想</think>推荐 [J2]"])))


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def sse_events(text: str) -> list[tuple[str, Any]]:
    out = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        out.append(
            (
                lines.get("event", ""),
                json.loads(lines["data"]) if lines.get("data", "[DONE]") != "[DONE]" else "[DONE]",
            )
        )
    return out


def test_assistant_requires_login(setup: Any) -> None:
    client, _, _ = setup
    assert client.post("/api/assistant", json={"message": "Java"}).status_code == 401
    assert client.get("/assistant", follow_redirects=False).status_code == 303


def test_assistant_json_and_followup(setup: Any) -> None:
    client, _, keys = setup
    r = client.post("/api/assistant", json={"message": "青岛 Java"}, headers=auth(keys["seeker"]))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["tool"] == "search_jobs" and "J2" in body["citations"] and "reasoning" not in body
    r2 = client.post(
        "/api/assistant",
        json={"message": "工资再高一点", "conversation_id": body["conversation_id"], "show_reasoning": True},
        headers=auth(keys["seeker"]),
    )
    assert r2.json()["route"] == "followup" and r2.json()["filters"]["salary_min"] is not None
    other = client.post(
        "/api/assistant",
        json={"message": "x", "conversation_id": body["conversation_id"]},
        headers=auth(keys["rec"]),
    )
    assert other.status_code == 403


def test_assistant_stream_sse(setup: Any) -> None:
    client, _, keys = setup
    r = client.post(
        "/api/assistant",
        json={"message": "青岛 Java", "stream": True, "show_reasoning": True},
        headers=auth(keys["seeker"]),
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = sse_events(r.text)
    kinds = [e for e, _ in events]
    assert kinds[0] == "tool" and "delta" in kinds and kinds[-1] == "done"
    assert events[-1][1]["reasoning"] == "想想"


def test_assistant_bad_input_is_4xx(setup: Any) -> None:
    client, _, keys = setup
    assert (
        client.post("/api/assistant", json={"message": "  "}, headers=auth(keys["seeker"])).status_code == 400
    )
    assert (
        client.post(
            "/api/assistant", json={"message": "字" * 30000}, headers=auth(keys["seeker"])
        ).status_code
        == 422
    )


def test_jd_helper_route(setup: Any) -> None:
    client, _, keys = setup
    text = "销售经理\n济南 8k-12k\n限女性，已婚已育，本地户口"
    assert (
        client.post("/api/assistant/jd", json={"text": text}, headers=auth(keys["seeker"])).status_code == 403
    )
    r = client.post("/api/assistant/jd", json={"text": text, "use_model": False}, headers=auth(keys["rec"]))
    kinds = {f["kind"] for f in r.json()["flags"]}
    assert {"gender", "marital", "origin"} <= kinds
    assert all("女性" not in req for req in r.json()["draft"]["requirements"])


def test_v1_needs_bearer_and_serves_models(setup: Any) -> None:
    client, _, keys = setup
    assert client.get("/v1/models").status_code == 401
    assert client.get("/v1/models", headers=auth("ts-wrong")).status_code == 401
    r = client.get("/v1/models", headers=auth(keys["seeker"]))
    assert r.status_code == 200 and r.json()["object"] == "list"


def test_v1_chat_completion_and_stream(make_client: Any) -> None:
    client, _, keys = make_client(QueuedLLM(ScriptedLLM(["<think>推理</think>你好，我是深度求才。"])))
    body = {"model": "x", "messages": [{"role": "user", "content": "你好"}]}
    r = client.post("/v1/chat/completions", json=body, headers=auth(keys["seeker"]))
    msg = r.json()["choices"][0]["message"]
    assert msg["content"] == "你好，我是深度求才。" and msg["reasoning_content"] == "推理"
    r = client.post("/v1/chat/completions", json={**body, "stream": True}, headers=auth(keys["seeker"]))
    frames = [json.loads(x[6:]) for x in r.text.split("\n\n") if x.startswith("data: {")]
    text = "".join(f["choices"][0]["delta"].get("content", "") for f in frames)
    assert text == "你好，我是深度求才。" and r.text.rstrip().endswith("data: [DONE]")


def test_v1_per_key_rate_limit(setup: Any) -> None:
    client, _, keys = setup
    codes = [client.get("/v1/models", headers=auth(keys["slow"])).status_code for _ in range(3)]
    assert codes[:2] == [200, 200] and codes[2] == 429


def test_v1_full_queue_is_429_with_retry_after(make_client: Any) -> None:
    q = QueuedLLM(ScriptedLLM(["ok"]), max_waiting=0)
    client, _, keys = make_client(q)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with q.slot():
            held.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    try:
        r = client.post(
            "/v1/chat/completions",
            json={"messages": [{"role": "user", "content": "hi"}]},
            headers=auth(keys["seeker"]),
        )
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    finally:
        release.set()
        t.join()
    assert q.stats().rejected == 1


def test_v1_bad_requests(setup: Any) -> None:
    client, _, keys = setup
    r = client.post("/v1/chat/completions", json={"messages": []}, headers=auth(keys["seeker"]))
    assert r.status_code == 422
    r = client.post(
        "/v1/chat/completions",
        json={"messages": [{"role": "user", "content": "x"}], "response_format": {"type": "yaml"}},
        headers=auth(keys["seeker"]),
    )
    assert r.status_code == 400


def test_assistant_page_renders_for_user(setup: Any) -> None:
    client, _, _ = setup
    r = client.post(
        "/login",
        data={"username": "seeker1", "password": "pw-123456789", "csrf_token": _csrf(client)},
        follow_redirects=False,
    )
    assert r.status_code in (302, 303), r.text
    page = client.get("/assistant")
    assert page.status_code == 200 and "招聘助手" in page.text and "chat-form" in page.text


def _csrf(client: TestClient) -> str:
    import re

    html = client.get("/login").text
    m = re.search(r'name="csrf-token" content="([^"]+)"', html)
    return m.group(1) if m else ""


def test_invalid_utf8_body_is_4xx(setup: Any) -> None:
    client, _, keys = setup
    headers = {**auth(keys["seeker"]), "Content-Type": "application/json"}
    r = client.post("/api/assistant", content=b'{"message": "\xff\xfe Java"}', headers=headers)
    assert 400 <= r.status_code < 500
    r = client.post(
        "/v1/chat/completions",
        content=b'{"messages": [{"role": "user", "content": "\xff"}]}',
        headers=headers,
    )
    assert 400 <= r.status_code < 500
