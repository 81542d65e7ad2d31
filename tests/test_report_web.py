"""Dashboard pages and /api/stats: operator-only pages, JSON statistics, clear errors for bad filters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from talentseek.engine import Engine
from talentseek.report import stats
from talentseek.report.model import money
from talentseek.report.scope import make_scope
from web_fixtures import Market
from webclient import market_client, web_login

Env = tuple[TestClient, Engine, Market]


@pytest.fixture
def env() -> Iterator[Env]:
    with market_client() as e:
        yield e


def test_reports_page_is_operator_only(env: Env) -> None:
    client, _, _ = env
    r = client.get("/reports", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=/reports")
    web_login(client, "seeker1")
    assert client.get("/reports").status_code == 403
    assert client.get("/reports/download?format=pdf").status_code == 403


def test_dashboard_shows_report_figures_and_gaps(env: Env) -> None:
    client, engine, _ = env
    web_login(client, "op")
    r = client.get("/reports", params={"region": "山东省", "min_count": "1"})
    assert r.status_code == 200
    html = r.text
    for heading in ("一、数据概况", "三、薪酬水平", "七、城市人才吸引力", "九、方法说明"):
        assert heading in html
    summary = stats.salary_summary(engine.db, make_scope(engine.db, "山东省", min_count=1))
    assert summary["n"] == 1 and f"月薪中位数 {money(summary['p50'])} 元" in html
    assert "数据不足" in client.get("/reports", params={"region": "山东省"}).text  # n=1 < 5
    bad = client.get("/reports", params={"region": "火星市"})
    assert bad.status_code == 400 and "不是已知的省份或城市" in bad.text
    rev = client.get("/reports", params={"region": "山东省", "from": "2026-12", "to": "2026-01"})
    assert rev.status_code == 400 and "时间范围颠倒" in rev.text


def test_city_page_and_download(env: Env) -> None:
    client, _, _ = env
    web_login(client, "op")
    r = client.get("/reports/city/济南市", params={"region": "山东省", "min_count": "1"})
    assert r.status_code == 200 and "综合排名" in r.text and "方法" in r.text
    assert client.get("/reports/city/烟台市", params={"region": "山东省"}).status_code == 404
    pdf = client.get("/reports/download", params={"region": "山东省", "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/reports/download", params={"format": "doc"}).status_code == 400


def test_stats_api(env: Env) -> None:
    client, _, market = env
    assert client.get("/api/stats").status_code == 401
    auth = {"Authorization": f"Bearer {market.keys['rec_a']}"}
    counts = client.get("/api/stats", headers=auth).json()
    assert counts["jobs"] == 3 and counts["companies"] == 2
    got = client.get(
        "/api/stats/salary/summary", params={"region": "济南", "min_count": 1}, headers=auth
    ).json()
    assert got["n"] == 1 and got["p50"] == pytest.approx(10000 * 13 / 12)
    bands = client.get("/api/stats/salary", params={"by": "city", "min_count": 1}, headers=auth).json()
    assert bands["rows"][0]["city"] == "济南市" and bands["rows"][0]["n"] == 1
    assert client.get("/api/stats/salary", params={"by": "hobby"}, headers=auth).status_code == 400
    assert client.get("/api/stats/intent", params={"region": "火星"}, headers=auth).status_code == 400
    assert client.get("/api/stats/skills", params={"from": "2026-13"}, headers=auth).status_code == 400
    assert client.get("/api/stats/nope", headers=auth).status_code == 404
    empty = client.get("/api/stats/postings", params={"region": "西藏自治区"}, headers=auth).json()
    assert empty["rows"] == [] and empty["reason"]
