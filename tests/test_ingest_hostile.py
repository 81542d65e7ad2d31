"""Hostile rows never abort an import: the bad field is nulled and named, a bad row is rejected alone,
an unexpected error marks the run `failed` (resumable), and a small import embeds only its own rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import typer
from typer.testing import CliRunner

import talentseek.ingest.fields as F
import talentseek.ingest.jobs as ingest_jobs
from talentseek.cli import imports as cli_imports
from talentseek.ingest import import_companies, import_jobs, import_resumes
from talentseek.ingest.normalize import build_job
from talentseek.store import models as m
from talentseek.store.db import Database
from talentseek.store.repo import upsert_jobs

HEADER = ["职位名称", "职位编号", "公司名称", "薪资", "职位描述", "发布时间", "招聘人数", "工作经验",
          "公司规模"]
BIG = "9" * 5000  # int() of 4,300+ digits raises ValueError in Python 3.11+


def _csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _notes(path: Path | None) -> list[dict[str, str]]:
    assert path is not None
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _jobs(db: Database) -> dict[str, m.Job]:
    with db.session() as s:
        jobs = {j.external_id: j for j in s.scalars(sa.select(m.Job))}
        for j in jobs.values():
            _ = j.company  # load while the session is open
        return jobs


def _runs(db: Database) -> list[tuple[str, int]]:
    with db.session() as s:
        return [(r.status, r.rows_done) for r in s.scalars(sa.select(m.ImportRun))]


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    d = Database(db_url)
    yield d
    d.dispose()


def test_hostile_csv_fields_are_nulled_and_named(db: Database, tmp_path: Path) -> None:
    rows = [
        ["会计", "H1", "甲", "9" * 400 + "万", "7" * 500 + "年经验", BIG, BIG, "9" * 400 + "年", BIG + "人"],
        ["出纳", "H2", "乙", "999999999999万", "五险一金", "2025-01-01", "3", "3-5年", "100-499人"],
        ["司机", "H3", "丙", "9" * 60 + "万", "九" * 300 + "万", "9" * 30, "-" + BIG, "", ""],
        ["文员", "H4", "丁", "8k-12k", "办公室\x00文员", "2025-01-01", "2", "", ""],  # NUL after 8 KB
    ]
    rep = import_jobs(db, _csv(tmp_path / "hostile.csv", rows), reject_dir=tmp_path)
    assert (rep.imported, rep.rejected, rep.complete) == (4, 0, True)
    jobs = _jobs(db)
    assert jobs["H1"].headcount is None and jobs["H1"].posted_at is None
    company = jobs["H1"].company
    assert company is not None and company.size is None
    for key in ("H1", "H2", "H3"):  # 1e16 or 1e64 yuan a month is no salary
        assert jobs[key].salary_low is None and jobs[key].salary_month_high is None
    assert (jobs["H2"].exp_min, jobs["H2"].headcount) == (3, 3)
    assert jobs["H4"].salary_low == 8000 and jobs["H4"].description == "办公室文员"
    notes = {(n["行号"], n["类型"], n["字段"]) for n in _notes(rep.reject_file)}
    assert {("2", "警告", "salary"), ("2", "警告", "headcount"), ("2", "警告", "posted_at")} <= notes
    assert {("2", "警告", "company_size"), ("3", "警告", "salary"), ("4", "警告", "headcount")} <= notes
    assert _runs(db) == [("done", 4)]


def test_hostile_jsonl_lines_never_stop_the_file(db: Database, tmp_path: Path) -> None:
    lines = [
        '{"title": "甲", "external_id": "J1", "headcount": ' + BIG + "}",  # json.loads raises ValueError
        "[" * 100_000 + "]" * 100_000,  # RecursionError
        json.dumps({"title": ["数据", "分析师"], "external_id": "J2", "salary": {"low": 1}, "招聘人数": [1]}),
        json.dumps({"title": "司机\ud800", "external_id": "J3", "description": "a\u0000b", "扩\ud800": 1}),
        json.dumps({"title": 12345, "external_id": 7, "salary": 1e308, "headcount": -1, "posted_at": True}),
        json.dumps({"title": "会计", "external_id": "J5", "salary": float("inf"), "experience": None}),
        "\ufeff",
        json.dumps({"title": "", "external_id": "J6"}),
    ]
    p = tmp_path / "hostile.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rep = import_jobs(db, p, reject_dir=tmp_path)
    assert rep.complete and (rep.imported, rep.rejected) == (4, 4)
    jobs = _jobs(db)
    assert set(jobs) == {"J2", "J3", "7", "J5"}
    assert jobs["J3"].title == "司机\ufffd" and jobs["J3"].description == "ab"
    assert jobs["7"].title == "12345" and jobs["7"].salary_low is None and jobs["7"].headcount is None
    reasons = [n["原因"] for n in _notes(rep.reject_file) if n["类型"] == "拒绝"]
    assert any("数字过长或嵌套过深" in r for r in reasons) and any("职位名称" in r for r in reasons)


def test_a_parser_crash_nulls_that_field_only(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = F.salary

    def fragile(text: str) -> Any:
        if text == "炸":
            raise OverflowError("boom")
        return real(text)

    monkeypatch.setattr(F, "salary", fragile)
    rows = [["会计", "C1", "甲", "炸", "", "", "2", "", ""], ["出纳", "C2", "乙", "5千-8千", "", "", "", "",
             ""]]
    rep = import_jobs(db, _csv(tmp_path / "crash.csv", rows), reject_dir=tmp_path)
    assert (rep.imported, rep.rejected) == (2, 0)
    jobs = _jobs(db)
    assert jobs["C1"].salary_low is None and jobs["C1"].headcount == 2 and jobs["C2"].salary_low == 5000
    assert [n["原因"] for n in _notes(rep.reject_file)] == ["无法解析（OverflowError），已置空"]


def test_a_row_crash_rejects_that_row_only(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = build_job

    def fragile(vals: dict[str, Any], **kw: Any) -> Any:
        if vals.get("title") == "炸":
            raise KeyError("boom")
        return real(vals, **kw)

    monkeypatch.setattr(ingest_jobs, "build_job", fragile)
    rows = [["炸", "R1", "甲", "", "", "", "", "", ""], ["出纳", "R2", "乙", "", "", "", "", "", ""]]
    rep = import_jobs(db, _csv(tmp_path / "rowcrash.csv", rows), reject_dir=tmp_path)
    assert (rep.imported, rep.rejected, rep.complete) == (1, 1, True)
    assert set(_jobs(db)) == {"R2"}
    assert rep.reasons == {"无法解析这一行（KeyError）": 1}


def test_an_unexpected_error_fails_the_run_and_a_rerun_resumes(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [[f"职位{i}", f"F{i}", "甲", "5千-8千", "", "", "", "", ""] for i in range(10)]
    src = _csv(tmp_path / "fail.csv", rows)
    real, calls = upsert_jobs, []

    def flaky(session: Any, records: Any) -> Any:
        calls.append(len(records))
        if len(calls) == 3:
            raise RuntimeError("磁盘已满")
        return real(session, records)

    monkeypatch.setattr(ingest_jobs, "upsert_jobs", flaky)
    rep = import_jobs(db, src, batch_size=2, reject_dir=tmp_path)
    assert not rep.complete and rep.failed and rep.imported == 4
    assert "RuntimeError: 磁盘已满" in rep.errors[-1] and "重新运行同一命令" in rep.errors[-1]
    assert _runs(db) == [("failed", 4)]
    assert [n["类型"] for n in _notes(rep.reject_file)] == ["错误"]
    monkeypatch.setattr(ingest_jobs, "upsert_jobs", real)
    again = import_jobs(db, src, batch_size=2, reject_dir=tmp_path)
    assert (again.resumed_from, again.imported, again.updated, again.complete) == (4, 10, 0, True)
    assert sorted(_jobs(db)) == sorted(f"F{i}" for i in range(10)) and _runs(db) == [("done", 10)]


def test_hostile_companies_and_a_failed_company_run_resumes(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import talentseek.ingest.companies as ingest_companies

    header = ["公司名称", "公司规模", "成立年份", "城市"]
    rows = [["甲公司", BIG, BIG, "9" * 400], ["乙公司", "100-499人", "2001", "济南"], ["", "1", "", ""]]
    rows += [[f"公司{i}", "", "", ""] for i in range(6)]
    src = _csv(tmp_path / "companies.csv", rows, header)
    real, calls = ingest_companies._upsert, []

    def flaky(s: Any, vals: dict[str, Any]) -> bool:
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("连接断开")
        return bool(real(s, vals))

    monkeypatch.setattr(ingest_companies, "_upsert", flaky)
    rep = import_companies(db, src, batch_size=3, reject_dir=tmp_path)
    assert not rep.complete and (rep.imported, rep.rejected) == (2, 1) and _runs(db) == [("failed", 3)]
    monkeypatch.setattr(ingest_companies, "_upsert", real)
    again = import_companies(db, src, batch_size=3, reject_dir=tmp_path)
    assert again.complete and (again.resumed_from, again.imported) == (3, 8) and _runs(db) == [("done", 9)]
    with db.session() as s:
        names = sorted(c.name for c in s.scalars(sa.select(m.Company)))
        first = s.scalars(sa.select(m.Company).where(m.Company.name == "甲公司")).one()
        assert (first.size, first.founded_year) == (None, None)
    assert names == sorted(["甲公司", "乙公司", *(f"公司{i}" for i in range(6))])


def test_hostile_resume_json_is_nulled_or_rejected_never_fatal(db: Database, tmp_path: Path) -> None:
    good = {"name": "张伟", "phone": "13812345678", "skills": ["Java"]}
    hostile = {
        "name": 5,
        "phone": "13900001111\u0000",
        "birth_year": "一九九零",
        "years_of_experience": 1e308,
        "intent": {"salary": {"valid": True, "low": 9e64, "high": "很多", "period": "month"}, "cities": [1]},
        "education": [{"school": ["山东大学"], "start": 2012, "end": "2016-06"}],
        "skills": "Java",
    }
    rich = {"valid": True, "low": 2e9, "period": "year"}  # 167 million yuan a month
    lines = [
        json.dumps(good, ensure_ascii=False).encode(),
        json.dumps(hostile, ensure_ascii=False).encode(),
        b'{"birth_year": ' + BIG.encode() + b"}",
        b'{"name": "\xff\xfe"}',
        b'{"intent": "Java"}',
        json.dumps({"name": "李娜\ud800", "email": "a@b.cn", "intent": {"salary": rich}}).encode(),
    ]
    p = tmp_path / "resumes.jsonl"
    p.write_bytes(b"\n".join(lines) + b"\n")
    rep = import_resumes(db, p, reject_dir=tmp_path)
    assert (rep.imported, rep.rejected) == (3, 3)
    with db.session() as s:
        cands = {c.phone or c.email: c for c in s.scalars(sa.select(m.Candidate))}
    bad = cands["13900001111"]
    assert bad.name is None and bad.birth_year is None and bad.intent_salary_low is None
    assert cands["a@b.cn"].name == "李娜\ufffd" and cands["a@b.cn"].intent_salary_high is None
    fields = {n["字段"] for n in _notes(rep.reject_file) if n["类型"] == "警告"}
    assert {"name", "birth_year", "years_of_experience", "intent.salary", "education"} <= fields
    reasons = " ".join(n["原因"] for n in _notes(rep.reject_file) if n["类型"] == "拒绝")
    assert "数字过长" in reasons and "UTF-8" in reasons


def test_cli_hostile_import_finishes_with_its_summary(tmp_path: Path) -> None:
    app = typer.Typer()
    cli_imports.register(app)
    rows = [["会计", "X1", "甲", "9" * 400 + "万", "", BIG, BIG, "", BIG], ["出纳", "X2", "乙", *[""] * 6]]
    res = CliRunner().invoke(app, ["import", "jobs", str(_csv(tmp_path / "x.csv", rows))])
    assert res.exit_code == 0, res.output
    assert res.stdout.strip().splitlines()[-1] == "imported 2, updated 0, rejected 0"


class _Counting:
    """Counts the passages the hashing embedder is asked for."""

    def __init__(self) -> None:
        self.passages: list[str] = []


def test_a_small_import_embeds_only_its_own_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from talentseek.embed.hashing import HashingEmbedder

    seen = _Counting()
    real = HashingEmbedder.embed

    def counting(self: HashingEmbedder, texts: list[str], *, kind: Any) -> Any:
        if kind == "passage":
            seen.passages.extend(texts)
        return real(self, texts, kind=kind)

    monkeypatch.setattr(HashingEmbedder, "embed", counting)
    app = typer.Typer()
    cli_imports.register(app)
    runner = CliRunner()
    many = [[f"职位{i}", f"E{i}", "甲", *[""] * 6] for i in range(cli_imports.INLINE_EMBED_MAX + 50)]
    res = runner.invoke(app, ["import", "jobs", str(_csv(tmp_path / "many.csv", many))])
    assert res.exit_code == 0 and seen.passages == []  # large: keyword index now, vectors later
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps({"name": "张伟", "phone": "13812345678", "summary": "Java"}) + "\n")
    res = runner.invoke(app, ["import", "resumes", str(one)])
    assert res.exit_code == 0, res.output
    assert len(seen.passages) == 1  # the resume itself, not the 250 postings left pending
    few = [[f"新职位{i}", f"N{i}", "乙", "", "", "", "", "", ""] for i in range(3)]
    res = runner.invoke(app, ["import", "jobs", str(_csv(tmp_path / "few.csv", few))])
    assert res.exit_code == 0 and len(seen.passages) == 4
    assert sum("新职位" in t for t in seen.passages) == 3
