"""Search tokenization: dictionary words kept whole, normalization, index/query variants."""

from __future__ import annotations

from talentseek.text.tokenize import normalize_text, query_tokens, tokenize, tokenize_for_index


def test_dictionary_words_stay_whole() -> None:
    tokens = tokenize("熟悉Java开发工程师和新媒体运营，Spring Cloud，C++与大模型")
    assert tokens == ["熟悉", "java开发工程师", "新媒体运营", "springcloud", "c++", "大模型"]


def test_normalization_and_stopwords() -> None:
    assert tokenize("ＰＹＴＨＯＮ　数据分析的工作。") == ["python", "数据分析", "工作"]
    assert tokenize("") == [] and tokenize("，。！") == []
    assert normalize_text("  ＡＢＣ　１２３\n x ") == "ABC 123 x"


def test_index_tokens_add_parts_and_canonical_skills() -> None:
    tokens = tokenize_for_index("招聘大模型算法，新媒体运营")
    assert "大模型" in tokens and "llm" in tokens
    assert "新媒体运营" in tokens and "新媒体" in tokens
    assert "pr" not in tokenize_for_index("Spring Cloud")  # no ASCII fragments from inside words


def test_query_tokens_reach_canonical_skills() -> None:
    assert "llm" in query_tokens("大模型 济南")
    assert set(query_tokens("LLM")) >= {"llm"}
