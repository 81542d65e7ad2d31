"""`talentseek stats` and `talentseek report` from the command line: contract shapes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from talentseek.cli import report as cli_report
from talentseek.cli import stats as cli_stats
from talentseek.settings import Settings
from talentseek.store.db import Database
from test_report_stats import JINAN_VALUES, _insert, _np_quartiles


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    cli_stats.register(app)
    cli_report.register(app)
    db = Database(Settings().db_url)
    _insert(db)
    db.dispose()
    return app


def test_stats_counts_json(app: typer.Typer) -> None:
    r = CliRunner().invoke(app, ["stats", "--json"])
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert {k: got[k] for k in ("jobs", "companies", "candidates")} == {
        "jobs": 16,
        "companies": 0,
        "candidates": 11,
    }


def test_stats_salary_city_contract(app: typer.Typer) -> None:
    r = CliRunner().invoke(app, ["stats", "salary", "--city", "济南市", "--json"])
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert got["n"] == 6
    assert [got["p25"], got["p50"], got["p75"]] == pytest.approx(_np_quartiles(JINAN_VALUES))
    by = json.loads(CliRunner().invoke(app, ["stats", "salary", "--by", "city", "--json"]).stdout)
    assert [r["city"] for r in by["rows"]] == ["济南市", "青岛市"]


def test_other_stats_subcommands(app: typer.Typer) -> None:
    runner = CliRunner()
    intent = json.loads(runner.invoke(app, ["stats", "intent", "--region", "山东省", "--json"]).stdout)
    assert intent["rows"][0]["city"] == "济南市" and intent["rows"][0]["n"] == 8
    postings = json.loads(runner.invoke(app, ["stats", "postings", "--by", "occupation", "--json"]).stdout)
    assert postings["rows"][0]["n"] == 13
    plain = runner.invoke(app, ["stats", "cities", "--region", "山东省"])
    assert plain.exit_code == 0 and "济南市" in plain.stdout


def test_report_command_and_bad_input(app: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "sd.md"
    r = runner.invoke(
        app,
        [
            "report",
            "--region",
            "山东省",
            "--from",
            "2025-01",
            "--to",
            "2025-12",
            "--format",
            "md",
            "--output",
            str(out),
        ],
    )
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").startswith("# 山东省人才发展报告")
    bad = runner.invoke(
        app,
        [
            "report",
            "--region",
            "山东省",
            "--from",
            "2025-12",
            "--to",
            "2025-01",
            "--format",
            "md",
            "--output",
            str(out),
        ],
    )
    assert bad.exit_code != 0 and "时间范围颠倒" in str(bad.exception)
    nowhere = runner.invoke(app, ["stats", "salary", "--city", "不存在市", "--json"])
    assert nowhere.exit_code != 0 and "不是已知的省份或城市" in str(nowhere.exception)
