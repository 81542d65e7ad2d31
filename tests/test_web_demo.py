"""`talentseek demo --no-serve`: data, index, accounts printed once; a second run reuses everything."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from talentseek.auth import authenticate
from talentseek.cli import _register_all, app
from talentseek.engine import Engine
from talentseek.store import models

ROW = re.compile(r"│ (\w+)\s+│ (\S+)\s+│ .+? │ ([A-Za-z0-9]{16}) │")


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    if not app.registered_groups:
        _register_all()


def test_demo_seeds_accounts_once(home: Path) -> None:
    args = ["demo", "--no-serve", "--jobs", "150", "--candidates", "60", "--seed", "3"]
    first = CliRunner().invoke(app, args, catch_exceptions=False, env={"COLUMNS": "200"})
    assert first.exit_code == 0, first.output
    rows = ROW.findall(first.stdout)
    assert {r[0] for r in rows} == {"operator", "recruiter1", "recruiter2", "seeker1", "seeker2"}
    eng = Engine()
    try:
        with eng.db.session() as db:
            assert db.scalar(sa.select(sa.func.count()).select_from(models.Job)) == 150
            for username, _role, password in rows:
                user = authenticate(db, username, password)
                assert user is not None, username
                assert password not in user.password_hash
                if user.role == "recruiter":  # tied to a company that has applicants
                    applied = db.scalar(
                        sa.select(sa.func.count())
                        .select_from(models.Interaction)
                        .join(models.Job, models.Job.id == models.Interaction.job_id)
                        .where(models.Job.company_id == user.company_id, models.Interaction.kind == "apply")
                    )
                    assert user.company_id is not None and applied
                if user.role == "seeker":
                    own = sa.select(models.Candidate.id).where(models.Candidate.user_id == user.id)
                    assert db.scalar(own) is not None
    finally:
        eng.close()
    state = (home / "demo.json").read_text()
    assert all(password not in state for _u, _r, password in rows)

    second = CliRunner().invoke(app, args, catch_exceptions=False, env={"COLUMNS": "200"})
    assert second.exit_code == 0, second.output
    assert "沿用已有数据" in second.stderr and "reset-password" in second.stderr
    assert not ROW.findall(second.stdout)  # no passwords the second time
    for _u, _r, password in rows:
        assert password not in second.output
    assert "recruiter1" in second.stdout
