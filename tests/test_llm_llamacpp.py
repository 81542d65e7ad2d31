"""The real llama.cpp path on a tiny random-weight GGUF written by the test.

Marked `llm`: without llama_cpp it skips, except in CI (conftest), where `make test` has installed it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from llm_helpers import write_gguf
from talentseek.errors import InputError
from talentseek.llm.base import collect
from talentseek.llm.llamacpp import LlamaCppLLM

pytestmark = pytest.mark.llm
SYSTEM = "你是深度求才的招聘助手。只根据工具结果回答，引用职位编号。" * 3


@pytest.fixture(scope="module")
def gguf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_gguf(tmp_path_factory.mktemp("llm") / "tiny-qwen2.gguf")


@pytest.fixture(scope="module")
def llm(gguf_path: Path) -> Iterator[LlamaCppLLM]:
    yield LlamaCppLLM(gguf_path, n_threads=2, n_ctx=512)


def test_tokenizer_uses_bpe_merges_for_chinese(llm: LlamaCppLLM) -> None:
    assert llm.count_tokens("青岛") == 1  # 6 bytes merged into one token
    assert llm.count_tokens("青岛工程师") == 2
    assert llm.count_tokens("啊") == 3  # unmerged: one token per UTF-8 byte


def test_generate_and_stream(llm: LlamaCppLLM) -> None:
    msgs = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "济南 Java"}]
    out = llm.generate(msgs, max_tokens=8, temperature=0.0)  # type: ignore[arg-type]
    assert (
        out.usage.prompt_tokens > 10 and 1 <= out.usage.completion_tokens <= 10
    )  # llama-cpp-python may count one extra
    assert out.finish_reason in ("stop", "length")
    streamed = collect(llm.stream(msgs, max_tokens=8, temperature=0.0))  # type: ignore[arg-type]
    assert streamed.finish_reason in ("stop", "length")


def test_prefix_cache_reused_across_turns(llm: LlamaCppLLM) -> None:
    first = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "青岛 Python"}]
    llm.generate(first, max_tokens=2)  # type: ignore[arg-type]
    second = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "济南 招聘 经验"}]
    out = llm.generate(second, max_tokens=2)  # type: ignore[arg-type]
    system_tokens = len(llm.tokens_for([{"role": "system", "content": SYSTEM}])[0])  # type: ignore[list-item]
    assert out.usage.cached_tokens >= system_tokens - 1  # only the new user turn was evaluated


def test_json_schema_constrains_output(llm: LlamaCppLLM) -> None:
    schema = {
        "type": "object",
        "properties": {"city": {"enum": ["青岛", "济南"]}, "n": {"type": "boolean"}},
        "required": ["city", "n"],
        "additionalProperties": False,
    }
    out = llm.generate([{"role": "user", "content": "城市？"}], max_tokens=40, json_schema=schema)  # type: ignore[list-item]
    data = json.loads(out.text)
    assert data["city"] in ("青岛", "济南") and isinstance(data["n"], bool)


def test_too_long_input_is_a_clear_error(llm: LlamaCppLLM) -> None:
    with pytest.raises(InputError, match="输入过长"):
        llm.generate([{"role": "user", "content": "青岛" * 2000}], max_tokens=4)  # type: ignore[list-item]


def test_served_end_to_end_with_registered_gguf(gguf_path: Path, home: Path) -> None:
    """`model add` + `model use`, then the app answers at /v1/chat/completions and /api/assistant."""
    from talentseek.api.app import create_app
    from talentseek.auth import create_api_key, create_user
    from talentseek.domain import Role
    from talentseek.engine import Engine
    from talentseek.llm.registry import Registry
    from talentseek.settings import Settings

    reg = Registry(home)
    reg.add(gguf_path, "tiny")
    reg.use("tiny")
    engine = Engine(Settings(llm_context=1024))
    with engine.db.session() as db:
        user = create_user(db, "seeker9", "pw-123456789", Role.SEEKER)
        key = create_api_key(db, "k", user_id=user.id)
    headers = {"Authorization": f"Bearer {key}"}
    with TestClient(create_app(engine)) as client:
        r = client.post(
            "/v1/chat/completions",
            headers=headers,
            json={"messages": [{"role": "user", "content": "你好"}], "max_tokens": 4},
        )
        assert r.status_code == 200, r.text
        assert r.json()["model"] == "tiny" and r.json()["usage"]["completion_tokens"] >= 1
        r = client.post("/api/assistant", headers=headers, json={"message": "青岛 Java"})
        assert r.status_code == 200, (
            r.text
        )  # random weights: the answer is noise, but it is served and checked
        assert "conversation_id" in r.json()
    engine.close()
