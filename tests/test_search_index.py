"""The tantivy index over a small corpus: sync/check/rebuild, filters, reasons, facets, paging, privacy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from search_corpus import build_corpus, hashing_engine
from talentseek.domain import Role
from talentseek.engine import Engine
from talentseek.errors import Forbidden, InputError
from talentseek.search.base import SearchRequest, SystemViewer
from talentseek.store import models as m
from talentseek.store.repo import delete_job


class Recruiter:
    def __init__(self, company_id: int | None) -> None:
        self.role, self.company_id = Role.RECRUITER, company_id


@pytest.fixture
def corpus() -> Iterator[tuple[Engine, dict[str, int]]]:
    eng = hashing_engine()
    ids = build_corpus(eng)
    assert eng.search.sync() > 0
    yield eng, ids
    eng.close()


def ext_ids(eng: Engine, query: str, **kw: object) -> list[str | None]:
    res = eng.search.search_jobs(SearchRequest(query=query, **kw))  # type: ignore[arg-type]
    return [h.external_id for h in res.results]


def test_sync_then_check_agree_and_queue_drains(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, _ = corpus
    check = eng.search.check()
    assert check.ok and check.pending == 0
    assert {p.kind: p.in_index for p in check.parts} == {"job": 6, "candidate": 3}
    assert eng.search.sync() == 0  # nothing left: idempotent


def test_delete_and_edit_flow_through_the_outbox(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, ids = corpus
    with eng.db.session() as s:
        delete_job(s, ids["J2"])
        s.get(m.Job, ids["J5"]).title = "商业分析师"  # type: ignore[union-attr]
        s.add(m.IndexQueue(kind="job", entity_id=ids["J5"], op="upsert"))
    stale = eng.search.check()
    assert not stale.ok and stale.parts[0].extra == (ids["J2"],) and stale.pending == 2
    eng.search.sync()
    assert eng.search.check().ok
    assert "J2" not in ext_ids(eng, "新媒体运营")
    assert ext_ids(eng, "商业分析师", mode="bm25")[0] == "J5"


def test_crash_before_queue_drop_replays_idempotently(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, ids = corpus
    with eng.db.session() as s:  # the same change queued twice, as after a crash between commit and drop
        for _ in range(2):
            s.add(m.IndexQueue(kind="job", entity_id=ids["J3"], op="upsert"))
    eng.search.sync()
    eng.search.sync()
    assert eng.search.check().ok
    assert ext_ids(eng, "Java", mode="bm25").count("J3") == 1


def test_rebuild_restores_a_damaged_index(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, ids = corpus
    eng.search.parts["job"].write([], [ids["J1"], ids["J4"]])  # type: ignore[attr-defined]
    assert set(eng.search.check().parts[0].missing) == {ids["J1"], ids["J4"]}
    stats = eng.search.rebuild()
    assert (stats.jobs, stats.candidates) == (6, 3)
    check = eng.search.check()
    assert check.ok
    assert [p.segments for p in check.parts] == [1, 1]  # a rebuild compacts: one segment per kind


def test_filters_district_job_type_fresh(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, _ = corpus
    got = ext_ids(eng, "武汉江夏 剪辑 实习 应届生可以", mode="bm25")
    assert got[0] == "J1"
    assert "J6" in got  # states neither job type nor experience: not a miss
    assert not {"J2", "J3", "J4", "J5"} & set(got)


def test_salary_missing_is_not_a_miss(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, _ = corpus
    got = ext_ids(eng, "上海 数据 2万以上", mode="bm25")
    assert "J5" in got  # no salary stated
    assert ext_ids(eng, "上海 机器学习 硕士 年薪30万以上", mode="bm25") == ["J4"]
    assert "J4" not in ext_ids(
        eng, "上海 机器学习 本科", mode="bm25"
    )  # asks 硕士: a 本科 seeker is not admitted


def test_reasons_name_fields_and_filters(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, _ = corpus
    res = eng.search.search_jobs(SearchRequest(query="济南 Java 1万以上", mode="bm25"))
    top = res.results[0]
    assert top.external_id == "J3"
    assert "标题命中：java" in top.reasons
    assert "城市：济南市 ✓" in top.reasons
    assert any(r.startswith("薪资 1.2万-1.5万 ≥ 1万") for r in top.reasons)
    assert [c["label"] for c in res.query["chips"]][:1] == ["城市：济南市"]


def test_title_outranks_description(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, _ = corpus
    got = ext_ids(eng, "数据分析", mode="bm25")
    assert got[0] == "J5"


def test_soft_benefit_only_boosts(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, _ = corpus
    got = ext_ids(eng, "武汉 运营 五险一金", mode="bm25")
    assert got[0] == "J2"
    assert ext_ids(eng, "上海 数据分析 五险一金", mode="bm25")  # nobody offers it: still results


def test_facets_sort_and_paging(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, _ = corpus
    res = eng.search.search_jobs(SearchRequest(query="武汉"))
    assert dict(res.facets["district"]) == {"江夏区": 2, "洪山区": 1}
    assert res.total == 3
    by_date = ext_ids(eng, "武汉", sort="date")
    assert by_date == ["J6", "J2", "J1"]
    by_salary = ext_ids(eng, "武汉", sort="salary")
    assert by_salary[0] == "J2"
    page2 = eng.search.search_jobs(SearchRequest(query="武汉", k=2, page=2, sort="date"))
    assert [h.external_id for h in page2.results] == ["J1"]
    narrowed = eng.search.search_jobs(SearchRequest(query="武汉", filters=(("district", "洪山区"),)))
    assert [h.external_id for h in narrowed.results] == ["J2"]


def test_removed_chip_relaxes_the_filter(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, _ = corpus
    parsed = eng.search.search_jobs(SearchRequest(query="上海 机器学习")).query
    city_key = next(c["key"] for c in parsed["chips"] if c["field"] == "city")
    assert ext_ids(eng, "武汉 数据分析", mode="bm25") == []
    wuhan_key = city_key.replace("上海市", "武汉市")
    assert "J5" in ext_ids(eng, "武汉 数据分析", mode="bm25", removed=(wuhan_key,))


@pytest.mark.parametrize(
    "query",
    ["", "   ", "🙂🚀💼", "title:(a OR b)", '"unbalanced (( ]', "'; DROP TABLE jobs; --", "Java " * 2000],
)
def test_hostile_queries_never_crash(corpus: tuple[Engine, dict[str, int]], query: str) -> None:
    eng, _ = corpus
    res = eng.search.search_jobs(SearchRequest(query=query))
    assert res.total >= 0
    if query.startswith("Java"):
        assert res.results and res.results[0].external_id == "J3"


@pytest.mark.parametrize(
    ("field", "kw"),
    [
        ("page", {"page": 0}),
        ("page", {"page": 10**9}),
        ("k", {"k": 0}),
        ("sort", {"sort": "DROP"}),
        ("mode", {"mode": "x"}),
    ],
)
def test_absurd_paging_is_an_input_error(
    corpus: tuple[Engine, dict[str, int]], field: str, kw: dict[str, object]
) -> None:
    eng, _ = corpus
    with pytest.raises(InputError) as err:
        eng.search.search_jobs(SearchRequest(query="Java", **kw))  # type: ignore[arg-type]
    assert err.value.field == field


def test_candidate_visibility_and_no_contact_fields(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, ids = corpus
    req = SearchRequest(query="济南 5年以上 Java 本科")
    seen_by_a = {
        h.external_id for h in eng.search.search_candidates(req, Recruiter(ids["company_a"])).results
    }
    seen_by_b = {
        h.external_id for h in eng.search.search_candidates(req, Recruiter(ids["company_b"])).results
    }
    everyone = eng.search.search_candidates(req, SystemViewer())
    assert seen_by_a == {"C1", "C2"}  # C1 is in the pool; C2 applied to J3, a job of company A
    assert seen_by_b == {"C1"}  # C3 is private and engaged with nobody
    assert {h.external_id for h in everyone.results} == {"C1", "C2", "C3"}
    blob = repr(everyone)
    # whole numbers and names: a 3-digit prefix like "138" can appear by chance in a score or a timing
    for secret in ("13812345678", "13900001111", "13700002222", "@example.com", "张伟", "王芳", "刘洋"):
        assert secret not in blob
    with pytest.raises(Forbidden):
        eng.search.search_candidates(req, type("S", (), {"role": Role.SEEKER, "company_id": None})())


def test_contact_text_is_not_searchable(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, _ = corpus
    for q in ("13812345678", "example.com", "张伟", "wx_13812345678", "12345678"):
        res = eng.search.search_candidates(SearchRequest(query=q, mode="bm25"), SystemViewer())
        assert not any("命中" in r for h in res.results for r in h.reasons)


def test_closed_jobs_are_never_found(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, ids = corpus
    with eng.db.session() as s:
        s.get(m.Job, ids["J3"]).status = "closed"  # type: ignore[union-attr]
        s.add(m.IndexQueue(kind="job", entity_id=ids["J3"], op="upsert"))
    eng.search.sync()
    assert eng.search.check().ok  # still indexed (index and database agree), just never listed
    assert "J3" not in ext_ids(eng, "Java", mode="bm25")
    everything = ext_ids(eng, "", sort="date", k=50)  # no keyword and no filter: every open job
    assert sorted(everything) == ["J1", "J2", "J4", "J5", "J6"]  # type: ignore[type-var]
    assert "J3" not in ext_ids(eng, "济南 1万以上", mode="bm25")


@pytest.mark.parametrize("mode", ["hybrid", "dense"])
def test_neighbours_pass_the_filters_before_they_reach_a_page(
    corpus: tuple[Engine, dict[str, int]], mode: str
) -> None:
    """Dense neighbours come from all vectors: one that fails a filter or is closed is never shown."""
    eng, ids = corpus
    with eng.db.session() as s:
        s.get(m.Job, ids["J4"]).status = "closed"  # type: ignore[union-attr]
        s.add(m.IndexQueue(kind="job", entity_id=ids["J4"], op="upsert"))
    eng.search.sync()
    for query in ("上海 视频剪辑", "上海 Java 开发", "武汉 数据分析 机器学习"):
        res = eng.search.search_jobs(SearchRequest(query=query, mode=mode, k=10))  # type: ignore[arg-type]
        assert res.results, query  # the neighbours fill the page: the filter, not an empty list, decides
        city = "上海市" if "上海" in query else "武汉市"
        assert {h.city for h in res.results} == {city}, query
        assert "J4" not in [h.external_id for h in res.results]
    # keyword matches fill the first page, so no neighbour was checked: none may count in the total
    first = eng.search.search_jobs(SearchRequest(query="武汉 剪辑", mode=mode, k=1))  # type: ignore[arg-type]
    assert 1 <= first.total <= 3  # at most the three 武汉 jobs, not every neighbour
    # page by page, past the keyword matches: every page is checked, none repeats a result
    pages = [ext_ids(eng, "武汉 视频剪辑", mode=mode, k=1, page=p) for p in range(1, 6)]
    shown = [e for page in pages for e in page]
    assert shown and len(shown) == len(set(shown))
    assert set(shown) <= {"J1", "J2", "J6"}  # the 武汉 jobs


def test_a_forked_child_can_still_search(corpus: tuple[Engine, dict[str, int]]) -> None:
    """Hybrid search uses a thread pool; a child forked after it started must get working threads."""
    import multiprocessing

    eng, _ = corpus
    want = ext_ids(eng, "武汉 视频剪辑", mode="hybrid")  # starts the pool's threads in this process
    assert want
    _FORKED["engine"] = eng  # a forked child sees this process's memory; an engine does not pickle
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply_async(_search_in_child).get(timeout=60) == want


_FORKED: dict[str, Engine] = {}


def _search_in_child() -> list[str | None]:
    return ext_ids(_FORKED["engine"], "武汉 视频剪辑", mode="hybrid")


def test_nonsense_gets_the_empty_state_not_filler(corpus: tuple[Engine, dict[str, int]]) -> None:
    """Mostly unknown words give 0 results (no semantic neighbours, no one-common-word matches)."""
    eng, _ = corpus
    for mode in ("hybrid", "bm25", "dense"):
        res = eng.search.search_jobs(SearchRequest(query="asdfgh 不存在的职位xyz", mode=mode))  # type: ignore[arg-type]
        assert (res.total, res.results) == (0, ())
        assert any("asdfgh" in n for n in res.query["notes"])


def test_one_unknown_word_beside_known_ones_still_searches(corpus: tuple[Engine, dict[str, int]]) -> None:
    eng, _ = corpus
    found = ext_ids(eng, "新媒体运营 xyzcorp", mode="bm25")
    assert found and found == ext_ids(eng, "新媒体运营", mode="bm25")
