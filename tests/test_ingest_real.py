"""The real 智联 and BOSS sample files import with the contract's identity rules, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import sqlalchemy as sa
import typer
from typer.testing import CliRunner

from talentseek.cli import imports as cli_imports
from talentseek.ingest import import_jobs
from talentseek.store import models as m
from talentseek.store.db import Database

MAPPINGS = Path(__file__).resolve().parents[1] / "examples" / "mappings"


def _count(db: Database, model: type[m.Base]) -> int:
    with db.session() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


def _reject_rows(path: Path | None) -> list[dict[str, str]]:
    if path is None:
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_zhilian_706_jobs_and_reimport_adds_none(db_url: str, real_data: Path, tmp_path: Path) -> None:
    db = Database(db_url)
    src = real_data / "zhilian_wuhan_2024.csv"
    rep = import_jobs(db, src, mapping=MAPPINGS / "zhilian_wuhan_2024.yaml", reject_dir=tmp_path)
    assert (rep.imported, rep.updated, rep.rejected) == (706, 108, 0)  # 814 rows, 706 distinct 岗位编号
    assert _count(db, m.Job) == 706
    again = import_jobs(db, src, mapping=MAPPINGS / "zhilian_wuhan_2024.yaml", reject_dir=tmp_path)
    assert (again.imported, again.updated, again.rejected) == (0, 814, 0)
    assert _count(db, m.Job) == 706
    with db.session() as s:
        job = s.scalars(sa.select(m.Job).where(m.Job.external_id == "CC192974410J40688769914")).one()
        assert job.title == "产品经理-PM(J10458)" and job.source == "zhilian"
        assert job.company is not None and job.company.name == "武汉启瑞药业"
        assert job.salary_text == "1.5万-2.5万"
    for row in _reject_rows(rep.reject_file):  # every note names its row and reason
        assert int(row["行号"]) >= 2 and row["原因"] and row["类型"] in {"拒绝", "警告"}
    db.dispose()


def test_boss_1613_rows_all_imported_by_job_id(db_url: str, real_data: Path, tmp_path: Path) -> None:
    db = Database(db_url)
    src = real_data / "boss_shanghai_2018.csv"
    rep = import_jobs(db, src, mapping=MAPPINGS / "boss_shanghai_2018.yaml", reject_dir=tmp_path)
    assert (rep.imported, rep.updated, rep.rejected) == (1613, 0, 0)
    again = import_jobs(db, src, mapping=MAPPINGS / "boss_shanghai_2018.yaml", reject_dir=tmp_path)
    assert again.imported == 0 and _count(db, m.Job) == 1613
    with db.session() as s:
        job = s.scalars(sa.select(m.Job).where(m.Job.external_id == "BOSS-BA-0686")).one()
        assert job.job_type == "全职" and job.salary_month_low == 15000 and job.salary_month_high == 25000
        assert (job.province, job.city, job.district) == ("上海市", "上海市", "浦东新区")
    db.dispose()


def test_default_mapping_recognises_both_real_headers(real_data: Path, home: Path, tmp_path: Path) -> None:
    db = Database(f"sqlite:///{home / 'd.db'}")
    z = import_jobs(db, real_data / "zhilian_wuhan_2024.csv", reject_dir=tmp_path)
    b = import_jobs(db, real_data / "boss_shanghai_2018.csv", reject_dir=tmp_path)
    assert (z.imported, b.imported) == (706, 1613)
    db.dispose()


def test_salary_warnings_explain_every_nulled_value(real_data: Path, home: Path, tmp_path: Path) -> None:
    db = Database(f"sqlite:///{home / 'w.db'}")
    rep = import_jobs(db, real_data / "zhilian_wuhan_2024.csv", reject_dir=tmp_path)
    notes = _reject_rows(rep.reject_file)
    zero = [r for r in notes if "0千-0千元/月" in r["原因"]]
    assert zero and zero[0]["类型"] == "警告" and zero[0]["字段"] == "salary"
    assert rep.warnings == len(notes)
    db.dispose()


def test_cli_prints_reject_file_then_summary(real_data: Path, home: Path) -> None:
    app = typer.Typer()
    cli_imports.register(app)
    res = CliRunner().invoke(
        app,
        [
            "import",
            "jobs",
            str(real_data / "zhilian_wuhan_2024.csv"),
            "--mapping",
            str(MAPPINGS / "zhilian_wuhan_2024.yaml"),
        ],
    )
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    assert lines[-1] == "imported 706, updated 108, rejected 0"
    assert ".rejects.csv" in lines[-2] and Path(lines[-2].split("：", 1)[1]).is_file()


@pytest.mark.parametrize("name", ["zhilian_wuhan_2024.yaml", "boss_shanghai_2018.yaml"])
def test_example_mappings_load(name: str) -> None:
    from talentseek.ingest.mapping import load_mapping

    mp = load_mapping(MAPPINGS / name)
    assert "title" in mp.columns.values() and "external_id" in mp.columns.values()
