"""The search API and page: roles, bad input as 4xx (never 500), no contact data for recruiters."""

from __future__ import annotations

import pytest

from webclient import market_client


@pytest.fixture(autouse=True)
def _hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTSEEK_EMBEDDER", "hashing")


def test_search_jobs_api_and_bad_input() -> None:
    with market_client() as (client, engine, market):
        engine.search.sync()
        r = client.get("/api/search/jobs", params={"q": "济南 Java 1万以上"})
        assert r.status_code == 200
        body = r.json()
        assert body["results"][0]["title"] == "Java开发工程师"
        assert {"id", "external_id", "title", "company", "city", "salary", "score", "reasons"} <= set(
            body["results"][0]
        )
        assert any(c["label"] == "城市：济南市" for c in body["query"]["chips"])
        for params in (
            {"q": "x" * 10_001},
            {"q": "a", "page": 0},
            {"q": "a", "page": 10**6},
            {"q": "a", "k": -1},
            {"q": "a", "sort": "evil"},
            {"q": "a", "filter": "phone:1"},
            {"q": "a", "mode": "?"},
        ):
            bad = client.get("/api/search/jobs", params=params)
            assert 400 <= bad.status_code < 500, (params, bad.status_code)
            assert "error" in bad.json()
        for q in ("", "   ", "🙂", "title:(a OR b)", '"((', "'; DROP TABLE jobs; --", "Java " * 1500):
            assert client.get("/api/search/jobs", params={"q": q}).status_code == 200


def test_search_candidates_needs_recruiter_and_hides_contacts() -> None:
    with market_client() as (client, engine, market):
        engine.search.sync()
        assert client.get("/api/search/candidates", params={"q": "Java"}).status_code == 401
        r = client.get(
            "/api/search/candidates",
            params={"q": "Java"},
            headers={"Authorization": f"Bearer {market.keys['rec_a']}"},
        )
        assert r.status_code == 200, r.text
        ids = {x["id"] for x in r.json()["results"]}
        assert market.cand_pool in ids and market.cand_seeker in ids  # pool + applied to company A
        assert market.cand_private not in ids and market.cand_invited_b not in ids
        for secret in ("13812345678", "13700002222", "@example.com", "zhangwei"):
            assert secret not in r.text


def test_search_page_renders_chips_and_partial() -> None:
    with market_client() as (client, engine, market):
        engine.search.sync()
        page = client.get("/search", params={"q": "济南 Java 1万以上"})
        assert page.status_code == 200 and "城市：济南市" in page.text and "Java开发工程师" in page.text
        part = client.get(
            "/search",
            params={"q": "Java", "page": "x"},
            headers={"HX-Request": "true", "HX-Target": "search-results"},
        )
        assert part.status_code == 200 and "<html" not in part.text.lower()
        assert client.get("/search", params={"q": "Java", "side": "candidates"}).status_code == 200
        # facet counts come in a second request, named by the results fragment, for the same state
        assert 'hx-get="/search/facets?q=' in page.text and "正在统计分面" in page.text
        facets = client.get("/search/facets", params={"q": "济南 Java 1万以上"})
        assert facets.status_code == 200 and "<html" not in facets.text.lower()
        assert "济南市" in facets.text and "filter=city" in facets.text
        assert client.get("/search/facets", params={"q": ""}).text.startswith("<aside")
        assert client.get("/search/facets", params={"q": "x", "filter": "bogus:1"}).status_code == 200
