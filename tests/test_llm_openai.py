"""The OpenAI-compatible client against a stub server on loopback and against TalentSeek's own /v1."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import SecretStr

from talentseek.errors import InputError
from talentseek.llm.base import collect
from talentseek.llm.openai_client import EngineError, OpenAICompatLLM


class Stub(BaseHTTPRequestHandler):
    plan: list[str] = []  # per request: "503", "ok", "stream", "400", "garbage"
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append({"auth": self.headers.get("Authorization"), "body": body})
        mode = type(self).plan.pop(0) if type(self).plan else "ok"
        if mode in ("503", "400"):
            return self._send(int(mode), b'{"error": "nope"}')
        if mode == "garbage":
            return self._send(200, b"not json")
        if mode == "stream":
            events = [
                {"choices": [{"delta": {"reasoning_content": "想"}}]},
                {"choices": [{"delta": {"content": "你"}}]},
                ": keep-alive",
                {"choices": [{"delta": {"content": "好"}, "finish_reason": "stop"}]},
            ]
            data = (
                "".join(
                    (f"data: {json.dumps(e, ensure_ascii=False)}\n\n" if isinstance(e, dict) else f"{e}\n\n")
                    for e in events
                )
                + "data: [DONE]\n\n"
            )
            return self._send(200, data.encode(), "text/event-stream")
        msg = {"role": "assistant", "content": "<think>推理</think>答案"}
        out = {
            "choices": [{"message": msg, "finish_reason": "stop"}],
            "usage": {
                "prompt_tokens": 5,
                "completion_tokens": 2,
                "prompt_tokens_details": {"cached_tokens": 3},
            },
        }
        self._send(200, json.dumps(out, ensure_ascii=False).encode())

    def _send(self, code: int, data: bytes, ctype: str = "application/json") -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[str]:
    Stub.plan, Stub.seen = [], []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/v1"
    srv.shutdown()
    srv.server_close()


MSG = [{"role": "user", "content": "你好"}]


def test_generate_retries_and_splits_reasoning(stub: str) -> None:
    Stub.plan = ["503", "ok"]
    with OpenAICompatLLM(stub, "deepseek-r1", api_key=SecretStr("sk-secret"), backoff_s=0.01) as llm:
        out = llm.generate(MSG, json_schema={"type": "object"})  # type: ignore[arg-type]
    assert (out.text, out.reasoning, out.usage.cached_tokens) == ("答案", "推理", 3)
    assert len(Stub.seen) == 2 and Stub.seen[0]["auth"] == "Bearer sk-secret"
    assert Stub.seen[1]["body"]["response_format"]["type"] == "json_schema"
    assert "sk-secret" not in repr(llm)


def test_stream_reasoning_content_and_keepalive(stub: str) -> None:
    Stub.plan = ["stream"]
    with OpenAICompatLLM(stub, "m") as llm:
        out = collect(llm.stream(MSG))  # type: ignore[arg-type]
    assert (out.text, out.reasoning, out.finish_reason) == ("你好", "想", "stop")


def test_errors_are_clear(stub: str) -> None:
    llm = OpenAICompatLLM(stub, "m", retries=1, backoff_s=0.01)
    dead = OpenAICompatLLM("http://127.0.0.1:9/v1", "m", retries=0, timeout_s=1)
    try:
        _errors(llm, dead)
    finally:
        llm.close()
        dead.close()


def _errors(llm: OpenAICompatLLM, dead: OpenAICompatLLM) -> None:
    Stub.plan = ["400"]
    with pytest.raises(InputError, match="拒绝"):
        llm.generate(MSG)  # type: ignore[arg-type]
    Stub.plan = ["503", "503"]
    with pytest.raises(EngineError, match="503"):
        llm.generate(MSG)  # type: ignore[arg-type]
    Stub.plan = ["garbage"]
    with pytest.raises(EngineError, match="格式"):
        llm.generate(MSG)  # type: ignore[arg-type]
    with pytest.raises(EngineError, match="无响应"):
        dead.generate(MSG)  # type: ignore[arg-type]


def test_client_against_talentseek_own_v1(home: Any) -> None:
    """Our client → our /v1 (served by uvicorn on loopback) → scripted model behind the queue."""
    import uvicorn

    from talentseek.api.app import create_app
    from talentseek.auth import create_api_key
    from talentseek.engine import Engine
    from talentseek.llm.queue import QueuedLLM
    from talentseek.llm.scripted import ScriptedLLM

    engine = Engine(llm=QueuedLLM(ScriptedLLM(["<think>嗯</think>青岛有很多 Java 职位。"])))
    with engine.db.session() as db:
        key = create_api_key(db, "client-test")
    server = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1", port=0, log_level="error"))
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    while not server.started:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with OpenAICompatLLM(f"http://127.0.0.1:{port}/v1", "talentseek", api_key=SecretStr(key)) as llm:
            out = llm.generate(MSG)  # type: ignore[arg-type]
            assert out.text == "青岛有很多 Java 职位。" and out.reasoning == "嗯"
            streamed = collect(llm.stream(MSG))  # type: ignore[arg-type]
            assert streamed.text == "青岛有很多 Java 职位。" and streamed.reasoning == "嗯"
        with OpenAICompatLLM(
            f"http://127.0.0.1:{port}/v1", "x", api_key=SecretStr("ts-wrong"), retries=0
        ) as bad:
            with pytest.raises(EngineError, match="401"):
                bad.generate(MSG)  # type: ignore[arg-type]
    finally:
        server.should_exit = True
        t.join(5)
        engine.close()


@pytest.mark.engine
def test_real_engine_vllm_cpu() -> None:
    """Against a running engine: TALENTSEEK_TEST_ENGINE_URL=http://127.0.0.1:8001/v1 and _MODEL=name."""
    url, model = os.environ.get("TALENTSEEK_TEST_ENGINE_URL"), os.environ.get("TALENTSEEK_TEST_ENGINE_MODEL")
    if not url or not model:
        pytest.skip(
            "set TALENTSEEK_TEST_ENGINE_URL and TALENTSEEK_TEST_ENGINE_MODEL "
            "(e.g. vllm-cpu serving a tiny Qwen2)"
            if shutil.which("vllm") is None
            else "vllm installed but no engine URL given"
        )
    with OpenAICompatLLM(url, model, timeout_s=120) as llm:
        out = llm.generate(MSG, max_tokens=8)  # type: ignore[arg-type]
        assert out.finish_reason in ("stop", "length") and out.usage.completion_tokens > 0
        assert collect(llm.stream(MSG, max_tokens=8)).finish_reason in ("stop", "length")  # type: ignore[arg-type]


class SlowLLM:
    """Streams many small pieces slowly and counts how many it produced (to see cancellation)."""

    name = "slow"

    def __init__(self) -> None:
        self.produced = 0

    def generate(self, messages: Any, **kw: Any) -> Any:
        return collect(self.stream(messages, **kw))

    def stream(self, messages: Any, **kw: Any) -> Iterator[Any]:
        from talentseek.llm.base import Chunk

        for _ in range(300):
            time.sleep(0.01)
            self.produced += 1
            yield Chunk(text="字")
        yield Chunk(finish_reason="stop")


def test_client_disconnect_stops_generation(home: Any) -> None:
    import httpx
    import uvicorn

    from talentseek.api.app import create_app
    from talentseek.auth import create_api_key
    from talentseek.engine import Engine
    from talentseek.llm.queue import QueuedLLM

    slow = SlowLLM()
    q = QueuedLLM(slow)  # type: ignore[arg-type]
    engine = Engine(llm=q)
    with engine.db.session() as db:
        key = create_api_key(db, "cancel-test")
    server = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1", port=0, log_level="error"))
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    while not server.started:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        body = {"messages": [{"role": "user", "content": "hi"}], "stream": True}
        with (
            httpx.Client() as c,
            c.stream(
                "POST",
                f"http://127.0.0.1:{port}/v1/chat/completions",
                json=body,
                headers={"Authorization": f"Bearer {key}"},
            ) as r,
        ):
            for line in r.iter_lines():
                if '"字"' in line:
                    break  # read one piece of the answer, then hang up
        deadline = time.time() + 5
        while q.stats().running and time.time() < deadline:
            time.sleep(0.05)
        assert q.stats().running == 0 and slow.produced < 300  # the model stopped early, the slot is free
    finally:
        server.should_exit = True
        t.join(5)
        engine.close()
