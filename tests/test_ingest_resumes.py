"""Resume import: a folder of documents or a JSONL of resume JSON; bad files rejected with their reason."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from talentseek.ingest import import_resumes
from talentseek.store import models as m
from talentseek.store.db import Database

RESUME_A = """张伟
男 | 1994年出生 | 电话：13812345678 | 邮箱：zhangwei@example.com | 现居：济南
求职意向
期望职位：Java开发工程师  期望城市：济南、青岛  期望薪资：15k-20k
教育经历
2012.09 - 2016.06  山东大学  计算机科学与技术  本科
工作经历
2016.07 - 至今  浪潮软件股份有限公司  Java开发工程师
专业技能
Java、Spring Boot、MySQL
"""
RESUME_B = RESUME_A.replace("张伟", "李娜").replace("13812345678", "13900001111").replace("zhangwei", "lina")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    d = Database(db_url)
    yield d
    d.dispose()


def _notes(path: Path | None) -> list[dict[str, str]]:
    assert path is not None
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _encrypted_pdf(path: Path) -> None:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    w.encrypt("secret", algorithm="RC4-128")
    with path.open("wb") as f:
        w.write(f)


def test_folder_imports_good_files_and_explains_bad_ones(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "resumes"
    folder.mkdir()
    (folder / "a.txt").write_text(RESUME_A, encoding="utf-8")
    (folder / "b.md").write_text(RESUME_B, encoding="utf-8")
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (folder / "fake.docx").write_bytes(b"not a zip at all")
    _encrypted_pdf(folder / "locked.pdf")
    rep = import_resumes(db, folder, reject_dir=tmp_path)
    assert (rep.imported, rep.updated, rep.rejected) == (2, 0, 3)
    rejected = {Path(n["字段"]).name: n["原因"] for n in _notes(rep.reject_file) if n["类型"] == "拒绝"}
    assert set(rejected) == {"scan.png", "fake.docx", "locked.pdf"}
    assert all(reason for reason in rejected.values())
    with db.session() as s:
        zhang = s.scalars(sa.select(m.Candidate).where(m.Candidate.name == "张伟")).one()
        assert (
            zhang.phone == "13812345678" and "Java" in zhang.skills and zhang.resume_text.startswith("张伟")
        )
        assert zhang.external_id is not None and "13812345678" not in zhang.external_id
    again = import_resumes(db, folder, reject_dir=tmp_path)
    assert (again.imported, again.updated) == (0, 2)


def test_jsonl_resumes_with_impossible_values_are_nulled(db: Database, tmp_path: Path) -> None:
    bad = {
        "external_id": "R1",
        "name": "王芳",
        "birth_year": 1800,
        "city": "青岛市",
        "education": [{"school": "青岛大学", "degree": "本科", "start": "2016-09", "end": "2012-06"}],
        "experience": [{"company": "海尔", "title": "会计", "start": "2020-03", "end": None}],
        "skills": ["会计"],
    }
    p = tmp_path / "resumes.jsonl"
    p.write_text(json.dumps(bad, ensure_ascii=False) + "\n{broken\n", encoding="utf-8")
    rep = import_resumes(db, p, reject_dir=tmp_path)
    assert (rep.imported, rep.rejected, rep.warnings) == (1, 1, 2)
    notes = _notes(rep.reject_file)
    assert {n["字段"] for n in notes if n["类型"] == "警告"} == {"birth_year", "education"}
    with db.session() as s:
        c = s.scalars(sa.select(m.Candidate).where(m.Candidate.external_id == "R1")).one()
        assert c.birth_year is None
        assert c.resume["education"][0]["start"] is None and c.resume["education"][0]["end"] is None
        assert c.resume["experience"][0]["start"] == "2020-03"  # a valid entry is kept as is


def test_missing_path_is_a_clear_error(db: Database, tmp_path: Path) -> None:
    from talentseek.errors import InputError

    with pytest.raises(InputError, match="不存在"):
        import_resumes(db, tmp_path / "nowhere", reject_dir=tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="没有找到简历文件"):
        import_resumes(db, tmp_path / "empty", reject_dir=tmp_path)
