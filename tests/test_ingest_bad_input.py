"""Bad input: each case gets a clear message naming file/row/field, and the database keeps only good rows."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import typer
from typer.testing import CliRunner

from talentseek.cli import imports as cli_imports
from talentseek.errors import InputError
from talentseek.ingest import import_jobs
from talentseek.ingest.readers import open_rows
from talentseek.store import models as m
from talentseek.store.db import Database

HEADER = ["职位名称", "职位编号", "公司名称", "薪资", "职位描述", "发布时间", "招聘人数"]


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", header: list[str] = HEADER) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _jobs(db: Database) -> list[m.Job]:
    with db.session() as s:
        rows = list(s.scalars(sa.select(m.Job).order_by(m.Job.external_id)))
        for r in rows:
            _ = r.company  # load while the session is open
        return rows


def _count(db: Database, model: type[m.Base]) -> int:
    with db.session() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    d = Database(db_url)
    yield d
    d.dispose()


def test_gbk_file_is_detected_and_read(db: Database, tmp_path: Path) -> None:
    rows = [
        [
            f"会计{i}",
            f"G{i}",
            "济南鲁信财务咨询有限公司",
            "5千-8千",
            "负责总账、报表与纳税申报",
            "2025-03-01",
            "2",
        ]
        for i in range(50)
    ]
    rep = import_jobs(db, _csv(tmp_path / "gbk.csv", rows, "gbk"), reject_dir=tmp_path)
    assert (rep.imported, rep.rejected) == (50, 0)
    assert _jobs(db)[0].title == "会计0" and _jobs(db)[0].company.name == "济南鲁信财务咨询有限公司"  # type: ignore[union-attr]


def test_utf8_bom_header_is_recognised(db: Database, tmp_path: Path) -> None:
    rep = import_jobs(
        db,
        _csv(tmp_path / "bom.csv", [["出纳", "B1", "甲公司", "4千-6千", "", "", ""]], "utf-8-sig"),
        reject_dir=tmp_path,
    )
    assert rep.imported == 1 and _jobs(db)[0].external_id == "B1"


def test_missing_required_column_names_file_and_column_and_writes_nothing(
    db: Database, tmp_path: Path
) -> None:
    bad = _csv(tmp_path / "nocol.csv", [["X1", "甲公司"]], header=["职位编号", "公司名称"])
    with pytest.raises(InputError) as exc:
        import_jobs(db, bad, reject_dir=tmp_path)
    msg = str(exc.value)
    assert "nocol.csv" in msg and "职位名称" in msg and "--mapping" in msg
    assert _count(db, m.Job) == 0 and _count(db, m.ImportRun) == 0 and _count(db, m.Company) == 0


def test_empty_file_and_header_only(db: Database, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="文件为空"):
        import_jobs(db, empty, reject_dir=tmp_path)
    rep = import_jobs(db, _csv(tmp_path / "hdr.csv", []), reject_dir=tmp_path)
    assert rep.failed and "没有数据行" in rep.errors[0]


def test_binary_file_named_csv_is_refused(db: Database, tmp_path: Path) -> None:
    fake = tmp_path / "photo.csv"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    with pytest.raises(InputError, match="二进制"):
        import_jobs(db, fake, reject_dir=tmp_path)
    xlsx_as_csv = tmp_path / "sheet.csv"
    xlsx_as_csv.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(InputError, match=r"\.xlsx"):
        import_jobs(db, xlsx_as_csv, reject_dir=tmp_path)
    assert _count(db, m.Job) == 0


def test_malformed_csv_unbalanced_quote_stops_with_row_and_keeps_db_clean(
    db: Database, tmp_path: Path
) -> None:
    p = tmp_path / "quote.csv"
    p.write_text('职位名称,职位编号\n会计,A1\n"出纳,A2\n文员,A3\n', encoding="utf-8")
    rep = import_jobs(db, p, reject_dir=tmp_path)
    assert rep.failed and not rep.complete
    assert "引号" in rep.errors[0] and "第 3 行" in rep.errors[0] and "quote.csv" in rep.errors[0]
    assert _count(db, m.Job) == 0  # the batch holding the bad row was never committed


def test_too_many_fields_rejects_only_that_row(db: Database, tmp_path: Path) -> None:
    p = tmp_path / "cols.csv"
    p.write_text("职位名称,职位编号\n会计,A1\n出纳,A2,多余,列\n文员,A3\n", encoding="utf-8")
    rep = import_jobs(db, p, reject_dir=tmp_path)
    assert (rep.imported, rep.rejected) == (2, 1)
    text = rep.reject_file.read_text(encoding="utf-8-sig")  # type: ignore[union-attr]
    assert "3,拒绝" in text and "多于表头" in text


def test_duplicate_ids_later_row_updates_earlier(db: Database, tmp_path: Path) -> None:
    rows = [
        ["会计", "D1", "甲", "5千-8千", "旧描述", "", ""],
        ["出纳", "D2", "甲", "", "", "", ""],
        ["高级会计", "D1", "甲", "8千-1万", "新描述", "", ""],
    ]
    rep = import_jobs(db, _csv(tmp_path / "dup.csv", rows), reject_dir=tmp_path)
    assert (rep.imported, rep.updated) == (2, 1)
    d1 = _jobs(db)[0]
    assert d1.title == "高级会计" and d1.description == "新描述" and d1.salary_text == "8千-1万"


def test_rows_without_id_use_content_hash_identity(db: Database, tmp_path: Path) -> None:
    rows = [
        ["会计", "", "甲", "", "同一描述", "", ""],
        ["会计", "", "甲", "", "同一描述", "", ""],
        ["会计", "", "乙", "", "同一描述", "", ""],
    ]
    rep = import_jobs(db, _csv(tmp_path / "noid.csv", rows), reject_dir=tmp_path)
    assert (rep.imported, rep.updated) == (2, 1)
    assert all(j.external_id.startswith("h:") for j in _jobs(db))


def test_impossible_values_are_nulled_with_warnings(db: Database, tmp_path: Path) -> None:
    rows = [["会计", "I1", "甲", "0千-0千元/月", "", "1800-01-01", "0"], ["", "I2", "甲", "5千", "", "", ""]]
    rep = import_jobs(db, _csv(tmp_path / "imp.csv", rows), reject_dir=tmp_path)
    assert (rep.imported, rep.rejected, rep.warnings) == (1, 1, 3)
    job = _jobs(db)[0]
    assert job.salary_month_low is None and job.posted_at is None and job.headcount is None
    assert job.salary_text == "0千-0千元/月"  # the source text is kept for audit
    notes = list(csv.DictReader(io.StringIO(rep.reject_file.read_text(encoding="utf-8-sig"))))  # type: ignore[union-attr]
    assert {(n["行号"], n["类型"], n["字段"]) for n in notes} >= {
        ("2", "警告", "salary"),
        ("2", "警告", "posted_at"),
        ("2", "警告", "headcount"),
        ("3", "拒绝", ""),
    }
    assert any("职位名称" in n["原因"] for n in notes if n["类型"] == "拒绝")


def test_jsonl_bad_line_is_rejected_others_imported(db: Database, tmp_path: Path) -> None:
    p = tmp_path / "jobs.jsonl"
    good = {"title": "Java开发工程师", "external_id": "J1", "company": "浪潮", "skills": ["Java", "MySQL"]}
    p.write_text(json.dumps(good, ensure_ascii=False) + "\n{bad json\n[1, 2]\n", encoding="utf-8")
    rep = import_jobs(db, p, reject_dir=tmp_path)
    assert (rep.imported, rep.rejected) == (1, 2)


def test_xlsx_is_streamed(db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["岗位名称", "岗位编号", "企业名称", "薪资"])
    ws.append(["数据分析师", 1001, "青岛海尔", "1万-1.5万"])
    ws.append([None, None, None, None])
    ws.append(["算法工程师", 1002, "青岛海尔", "2万-3万·14薪"])
    wb.save(tmp_path / "jobs.xlsx")
    rep = import_jobs(db, tmp_path / "jobs.xlsx", reject_dir=tmp_path)
    assert rep.imported == 2 and {j.external_id for j in _jobs(db)} == {"1001", "1002"}


def test_interrupted_import_resumes_after_last_committed_batch(db: Database, tmp_path: Path) -> None:
    rows = [[f"职位{i}", f"R{i}", "甲", "", "", "", ""] for i in range(10)]
    src = _csv(tmp_path / "resume.csv", rows)

    def boom(rows_done: int, _b: int, _t: int) -> None:
        if rows_done >= 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_jobs(db, src, batch_size=2, progress=boom, reject_dir=tmp_path)
    assert _count(db, m.Job) == 4
    rep = import_jobs(db, src, batch_size=2, reject_dir=tmp_path)
    assert rep.resumed_from == 4 and (rep.imported, rep.updated) == (10, 0) and rep.rows == 6
    assert _count(db, m.Job) == 10
    again = import_jobs(db, src, batch_size=2, reject_dir=tmp_path)  # a finished run starts over
    assert (again.resumed_from, again.imported, again.updated) == (0, 0, 10)


def test_reader_memory_is_flat_in_file_size(tmp_path: Path) -> None:
    """Stand-in for the 2 GB case: peak Python memory while streaming does not grow with the file."""
    line = (
        "数据分析师,ID{},山东某某信息技术有限公司,1万-1.5万,"
        + "负责数据分析与报表。" * 20
        + ",2025-01-01,1\n"
    )

    def peak(n_rows: int) -> int:
        p = tmp_path / f"big{n_rows}.csv"
        with p.open("w", encoding="utf-8") as f:
            f.write(",".join(HEADER) + "\n")
            for i in range(n_rows):
                f.write(line.format(i))
        tracemalloc.start()
        n = sum(1 for _ in open_rows(p).rows)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert n == n_rows
        p.unlink()
        return top

    small, large = peak(2_000), peak(60_000)  # ~0.5 MB vs ~16 MB on disk
    assert large < 8 * 1024 * 1024 and large < small * 1.5 + 512 * 1024  # a fixed 1 MB encoding sample


def test_cli_exits_nonzero_when_nothing_imported(tmp_path: Path) -> None:
    app = typer.Typer()
    cli_imports.register(app)
    bad = _csv(tmp_path / "allbad.csv", [["", "X", "甲", "", "", "", ""]])
    res = CliRunner().invoke(app, ["import", "jobs", str(bad)])
    assert res.exit_code == 1
    assert res.stdout.strip().splitlines()[-1] == "imported 0, updated 0, rejected 1"
    missing = CliRunner().invoke(app, ["import", "jobs", str(tmp_path / "nope.csv")])
    assert missing.exit_code != 0
