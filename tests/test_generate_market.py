"""The synthetic market: deterministic by seed, Shandong-weighted, consistent, its truth recoverable."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
import sqlalchemy as sa
import typer
from typer.testing import CliRunner

from talentseek.cli import generate as cli_generate
from talentseek.errors import InputError
from talentseek.generate import generate_market
from talentseek.generate import params as P
from talentseek.ingest import import_jobs
from talentseek.store import models as m
from talentseek.store import repo
from talentseek.store.db import Database


def test_same_seed_same_files_other_seed_differs(tmp_path: Path) -> None:
    a = generate_market(None, jobs=600, candidates=150, seed=3, out=tmp_path / "a")
    generate_market(None, jobs=600, candidates=150, seed=3, out=tmp_path / "b")
    generate_market(None, jobs=600, candidates=150, seed=4, out=tmp_path / "c")
    for name in ("jobs.jsonl", "candidates.jsonl", "interactions.jsonl", "market.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "jobs.jsonl").read_bytes() != (tmp_path / "c" / "jobs.jsonl").read_bytes()
    assert a.jobs == 600 and a.candidates == 150 and a.interactions > 150


def test_market_in_database_is_consistent_and_truth_matches(db_url: str, home: Path) -> None:
    db = Database(db_url)
    s = generate_market(db, jobs=2000, candidates=400, seed=11, truth_dir=home / "generated")
    truth = P.load_truth(home)
    with db.session() as x:
        c = repo.counts(x)
        assert (c["jobs"], c["candidates"], c["companies"], c["interactions"]) == (
            2000,
            400,
            250,
            s.interactions,
        )
        rows = x.execute(
            sa.select(
                m.Job.province,
                m.Job.city,
                m.Job.district,
                m.Job.salary_low,
                m.Job.salary_high,
                m.Job.salary_period,
                m.Job.salary_months,
                m.Job.salary_month_low,
            )
        ).all()
        kinds = dict(
            x.execute(sa.select(m.Interaction.kind, sa.func.count()).group_by(m.Interaction.kind)).all()
        )
        orphan = x.scalar(
            sa.select(sa.func.count())
            .select_from(m.Interaction)
            .where(~m.Interaction.job_id.in_(sa.select(m.Job.id)))
        )
        intent_rows = x.scalar(sa.select(sa.func.count()).select_from(m.CandidateIntentCity))
        x.add(
            m.Job(external_id="after-generate", title="手工职位")
        )  # PostgreSQL sequences moved past our ids
    assert orphan == 0 and intent_rows >= 400 and kinds == s.interactions_by_kind
    assert sum(r.province == "山东省" for r in rows) / len(rows) > 0.6
    districts = {c.city: set(c.districts) for c in P.CITIES}
    assert all(r.district in districts[r.city] for r in rows)
    jinan = [
        (r.salary_low + r.salary_high) / 2 * (r.salary_months or 12) / 12
        for r in rows
        if r.city == "济南市" and r.salary_period == "month" and r.salary_low is not None
    ]
    assert truth["city_salary"]["济南市"]["n"] == len(jinan)
    assert truth["city_salary"]["济南市"]["p50"] == pytest.approx(statistics.median(jinan), abs=0.1)
    assert 0.5 < truth["city_salary"]["济南市"]["p50"] / P.expected_median("济南市", "sales") < 2
    assert truth["parameters"]["preference_model"]["apply_threshold"] == P.PREFERENCES.apply_threshold
    assert {"view", "apply", "interview", "offer", "hire", "reject"} <= set(kinds)
    with pytest.raises(InputError, match="--seed 11"):
        generate_market(db, jobs=10, candidates=0, seed=11, truth_dir=home / "generated")
    db.dispose()


def test_generated_jsonl_imports_cleanly(tmp_path: Path, home: Path) -> None:
    generate_market(None, jobs=800, candidates=0, seed=5, out=tmp_path / "out")
    db = Database(f"sqlite:///{home / 'imp.db'}")
    rep = import_jobs(db, tmp_path / "out" / "jobs.jsonl", reject_dir=tmp_path)
    assert (rep.imported, rep.updated, rep.rejected) == (800, 0, 0)
    with db.session() as x:
        first = x.scalars(sa.select(m.Job).where(m.Job.external_id == "gen5-j0")).one()
        raw = json.loads((tmp_path / "out" / "jobs.jsonl").read_text(encoding="utf-8").splitlines()[0])
        assert first.title == raw["title"] and first.salary_text == raw["salary"]
    db.dispose()


def test_cli_generate_prints_summary(home: Path) -> None:
    app = typer.Typer()
    cli_generate.register(app)
    app.command("noop")(lambda: None)  # a second command keeps `generate` a named sub-command
    res = CliRunner().invoke(
        app, ["generate", "--jobs", "300", "--candidates", "60", "--seed", "2", "--json"]
    )
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["jobs"] == 300 and summary["candidates"] == 60
    assert (home / "generated" / "market.json").is_file()
