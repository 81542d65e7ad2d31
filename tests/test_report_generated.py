"""The generated market's hidden truth is recovered: city salary quantiles, intent shares, salary levels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from talentseek.generate import generate_market
from talentseek.generate import params as P
from talentseek.report import city, stats
from talentseek.report.render import write_report
from talentseek.report.scope import make_scope
from talentseek.store.db import Database


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Any:
    home = tmp_path_factory.mktemp("gen")
    db = Database(f"sqlite:///{home / 'market.db'}")
    generate_market(db, jobs=3000, candidates=2000, seed=7, truth_dir=home / "generated")
    yield db, P.load_truth(home)
    db.dispose()


def test_city_salary_quantiles_equal_the_generators_truth(market: Any) -> None:
    db, truth = market
    rows = {r["city"]: r for r in stats.salary_bands(db, make_scope(db), by="city").rows}
    checked = 0
    for name, want in truth["city_salary"].items():
        if want["n"] >= 5:
            got = rows[name]
            assert got["n"] == want["n"], name
            assert [got["p25"], got["p50"], got["p75"]] == pytest.approx(
                [want["p25"], want["p50"], want["p75"]], abs=0.11
            ), name
            checked += 1
    assert checked >= 20


def test_salary_levels_follow_the_city_index(market: Any) -> None:
    db, _ = market
    rows = {r["city"]: r for r in stats.salary_bands(db, make_scope(db), by="city").rows}
    base = rows["济南市"]["p50"]
    for c in P.CITIES:
        if rows.get(c.city, {}).get("n", 0) >= 100:  # medians of ≥100 jobs: within 25% of the model's index
            assert rows[c.city]["p50"] / base == pytest.approx(c.salary_index, rel=0.25), c.city
    high = [rows[c.city]["p50"] for c in P.CITIES if c.salary_index >= 1.4]
    low = [rows[c.city]["p50"] for c in P.CITIES if c.salary_index < 0.9 and rows[c.city]["n"] >= 50]
    assert min(high) > max(low)


def test_intent_shares_equal_the_generators_truth(market: Any) -> None:
    db, truth = market
    res = stats.intent_ranking(db, make_scope(db))
    everyone = truth["counts"]["candidates"]
    assert res.extra["seekers_with_intent"] == everyone
    for row in res.rows:
        assert row["n"] / everyone == pytest.approx(truth["intent_city_shares"][row["city"]], abs=1e-5)
    sd = stats.intent_ranking(db, make_scope(db, "山东省"))
    assert {r["city"] for r in sd.rows} <= {c.city for c in P.CITIES if c.province == "山东省"}
    assert (
        sum(r["inflow_other_province"] for r in sd.rows) >= truth["shandong_inflow"]["from_other_provinces"]
    )


def test_generated_market_report_has_every_section_with_data(market: Any, tmp_path: Path) -> None:
    db, _ = market
    scope = make_scope(db, "山东省")
    assert not stats.time_to_fill(db, scope).empty and not stats.applications_per_posting(db, scope).empty
    assert city.city_ranking(db, scope).rows[0]["composite"] is not None
    text = write_report(db, scope, "md", tmp_path / "sd.md").read_text(encoding="utf-8")
    gaps = [line for line in text.splitlines() if "数据不足（" in line]
    assert all("技能趋势" in line for line in gaps), gaps  # the generator plants no skill trend: none claimed
    assert "| 济南市 |" in text and "![城市人才吸引力排行]" in text
