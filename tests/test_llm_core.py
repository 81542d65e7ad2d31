"""The LLM interface pieces: <think> splitting, the bounded queue, structured output with fallback."""

from __future__ import annotations

import json
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentseek.errors import Busy, InputError
from talentseek.llm import make_llm
from talentseek.llm.base import ThinkSplitter, clean_text, collect, split_think
from talentseek.llm.queue import QueuedLLM
from talentseek.llm.scripted import ScriptedLLM
from talentseek.llm.structured import LLMQueryParser, QueryFields, generate_structured, quote_data
from talentseek.settings import Settings


def test_split_think_variants() -> None:
    assert split_think("<think>想一想</think>答案") == ("答案", "想一想")
    assert split_think("想一想</think>答案") == ("答案", "想一想")  # template opened the block
    assert split_think("没有思考") == ("没有思考", "")
    assert split_think("<think>没说完") == ("", "没说完")


@given(
    st.text(alphabet="ab<>/thinkc答", max_size=40), st.text(alphabet="xy答", max_size=20), st.integers(1, 7)
)
def test_streaming_splitter_matches_batch(reasoning: str, answer: str, step: int) -> None:
    reasoning = reasoning.replace("<think>", "").replace("</think>", "")
    raw = f"<think>{reasoning}</think>{answer}"
    sp = ThinkSplitter()
    chunks = [c for i in range(0, len(raw), step) for c in sp.feed(raw[i : i + step])] + sp.flush()
    assert "".join(c.text for c in chunks) == answer
    assert "".join(c.reasoning for c in chunks) == reasoning


def test_clean_text_handles_bad_bytes() -> None:
    assert clean_text(b"Java\xff\xfe\x00 \xe9\x9d\x92\xe5\xb2\x9b") == "Java\ufffd\ufffd 青岛"
    assert clean_text("a\udcff\x07b") == "a?b"


def test_queue_rejects_when_full_and_counts() -> None:
    q = QueuedLLM(ScriptedLLM(["ok"]), concurrency=1, max_waiting=1, timeout_s=5)
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with q.slot():
            inside.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait(5)
    waiter_done: list[str] = []
    waiter = threading.Thread(
        target=lambda: waiter_done.append(q.generate([{"role": "user", "content": "x"}]).text)
    )
    waiter.start()
    while q.stats().waiting < 1:
        pass
    with pytest.raises(Busy) as err:
        q.generate([{"role": "user", "content": "y"}])
    assert err.value.retry_after >= 1
    release.set()
    holder.join()
    waiter.join()
    assert waiter_done == ["ok"] and q.stats().rejected == 1 and q.stats().served == 2


def test_queue_wait_timeout_is_busy() -> None:
    q = QueuedLLM(ScriptedLLM(["ok"]), max_waiting=4, timeout_s=0.05)
    with q.slot(), pytest.raises(Busy, match="超时"):
        list(q.stream([{"role": "user", "content": "x"}]))


def test_stream_cancel_and_deadline() -> None:
    q = QueuedLLM(ScriptedLLM(["一二三四五六七八九十" * 5], delay_s=0), timeout_s=5)
    cancel = threading.Event()
    got = []
    for c in q.stream([{"role": "user", "content": "x"}], cancel=cancel):
        got.append(c)
        cancel.set()
    assert len(got) == 1  # the stream ended right after the cancel
    assert q.stats().running == 0  # the slot was released
    slow = QueuedLLM(ScriptedLLM(["abc" * 30]), timeout_s=1e-9)
    assert collect(slow.stream([{"role": "user", "content": "x"}], timeout_s=1e-9)).finish_reason == "timeout"


def test_make_llm_by_name() -> None:
    assert make_llm(Settings(llm_backend="scripted")).name == "scripted"
    with pytest.raises(InputError, match="未知的 LLM 后端"):
        make_llm(Settings(llm_backend="nope"))
    with pytest.raises(InputError, match="LLM_BASE_URL"):
        make_llm(Settings(llm_backend="openai"))


def test_llamacpp_without_model_says_what_to_do() -> None:
    from talentseek.errors import MissingDependency, NotFound

    with pytest.raises((NotFound, MissingDependency)) as err:
        make_llm(Settings(llm_backend="llamacpp"))
    assert "model" in str(err.value) or "pip install" in str(err.value)


def test_structured_valid_first_try() -> None:
    llm = ScriptedLLM(['好的：{"city": "青岛", "keywords": ["Java"]}'])
    res = generate_structured(llm, [{"role": "user", "content": "x"}], QueryFields)
    assert res.source == "llm" and res.value is not None and res.value.city == "青岛"
    assert llm.calls[0]["json_schema"]["properties"]["city"]


def test_structured_retry_then_rules() -> None:
    llm = ScriptedLLM(['{"city": 1, "made_up": true}', '{"city": "济南"}'])
    res = generate_structured(llm, [{"role": "user", "content": "x"}], QueryFields)
    assert res.source == "llm_retry" and res.value is not None and res.value.city == "济南"
    assert "不符合" in llm.calls[1]["messages"][-1]["content"]
    bad = ScriptedLLM(["garbage", '{"nope": 1}'])
    res = generate_structured(
        bad, [{"role": "user", "content": "x"}], QueryFields, fallback=lambda: QueryFields()
    )
    assert res.source == "rules" and res.value == QueryFields() and len(res.errors) == 2


def test_structured_backend_error_falls_back() -> None:
    class Broken(ScriptedLLM):
        def generate(self, *a: object, **k: object):  # type: ignore[no-untyped-def,override]
            raise RuntimeError("engine down")

    res = generate_structured(Broken(), [{"role": "user", "content": "x"}], QueryFields, fallback=QueryFields)
    assert res.source == "rules" and "engine down" in res.errors[0]


def test_llm_query_parser_fills_only_grounded_gaps() -> None:
    from talentseek.search.query import ParsedQuery

    reply = json.dumps(
        {"city": "青岛", "keywords": ["Java", "区块链"], "salary_min": 15000, "education": "博士"}
    )
    rule = ParsedQuery("青岛 Java 工程师", keywords=("java",))
    parser = LLMQueryParser(ScriptedLLM([reply]), rule_parser=lambda t, s: rule)
    q = parser.parse("青岛 Java 工程师", "jobs")
    assert q.keywords == ("java",)  # the rule's keyword kept once, the made-up 区块链 dropped
    assert [(c.field, c.value) for c in q.constraints] == [("city", "青岛市")]  # an official full name
    assert not q.of("salary")  # no money in the text: the 15000 is invented


def test_quote_data_truncates_and_neutralises() -> None:
    q = quote_data("a</data>b" + "字" * 10_000, limit=100)
    assert q.count("</data>") == 1 and "已截断" in q and len(q) < 200


def test_llm_query_parser_extends_search_parsed_query() -> None:
    from talentseek.search.query import ParsedQuery

    reply = json.dumps({"city": "青岛", "keywords": ["后端"], "salary_min": 12000, "min_years": 3})
    empty = ParsedQuery("x")
    parser = LLMQueryParser(ScriptedLLM([reply]), rule_parser=lambda t, s: empty)
    q = parser.parse("想在青岛做后端，最好一万二起，三年经验")
    fields = {c.field: c.value for c in q.constraints}
    assert fields["city"] == "青岛市" and fields["salary"] == (12000.0, None)
    assert fields["experience"]["min_years"] == 3 and q.keywords == ("后端",)
    q2 = LLMQueryParser(ScriptedLLM([reply]), rule_parser=lambda t, s: empty).parse("随便看看")
    assert q2.constraints == () and q2.keywords == ()  # nothing in the text supports any of it


def test_explain_match_rejects_invented_numbers() -> None:
    from talentseek.llm.explain import explain_match

    reasons, gaps = ["技能匹配 Java、MySQL", "期望城市济南"], ["要求 3 年经验，你有 2 年"]
    good = explain_match(
        ScriptedLLM(["这个职位用到你熟悉的 Java 和 MySQL，就在济南；经验要求 3 年，你目前 2 年，还需积累。"]),
        "Java开发",
        reasons,
        gaps,
    )
    assert good.startswith("这个职位")
    made_up = explain_match(ScriptedLLM(["月薪 30000，非常适合！"]), "Java开发", reasons, gaps)
    assert made_up.startswith("「Java开发」匹配的原因") and "30000" not in made_up
    assert "3 年" in explain_match(None, "Java开发", reasons, gaps)
