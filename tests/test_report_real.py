"""Real postings: salary medians by city from the store equal a direct computation from the CSV files."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from talentseek.ingest import import_jobs
from talentseek.report import stats
from talentseek.report.render import write_report
from talentseek.report.scope import make_scope
from talentseek.store.db import Database
from talentseek.text.salary import parse_salary

MAPPINGS = Path(__file__).resolve().parents[1] / "examples" / "mappings"
FILES = {  # file → (city, id column, salary column)
    "zhilian_wuhan_2024": ("武汉市", "岗位编号", "薪资"),
    "boss_shanghai_2018": ("上海市", "job_id", "职位薪资"),
}


def _direct_values(path: Path, id_col: str, salary_col: str) -> list[float]:
    """CONTRACTS.md rule, computed here independently: each job once (last row wins, as on re-import)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        latest = {row[id_col]: row[salary_col] for row in csv.DictReader(f)}
    values = []
    for text in latest.values():
        s = parse_salary(text)
        if not s.valid or s.period != "month" or (s.low is None and s.high is None):
            continue
        mid = (s.low + s.high) / 2 if s.low is not None and s.high is not None else (s.low or s.high)
        values.append(float(mid) * (s.months or 12) / 12)
    return values


@pytest.mark.parametrize("name", sorted(FILES))
def test_city_salary_quartiles_match_direct_computation(
    db_url: str, real_data: Path, tmp_path: Path, name: str
) -> None:
    city, id_col, salary_col = FILES[name]
    db = Database(db_url)
    import_jobs(db, real_data / f"{name}.csv", mapping=MAPPINGS / f"{name}.yaml", reject_dir=tmp_path)
    expected = _direct_values(real_data / f"{name}.csv", id_col, salary_col)
    got = stats.salary_summary(db, make_scope(db, city))
    assert got["n"] == len(expected) > 500
    want = np.percentile(expected, [25, 50, 75])
    assert [got["p25"], got["p50"], got["p75"]] == pytest.approx(list(want))
    by_city = {r["city"]: r for r in stats.salary_bands(db, make_scope(db), by="city").rows}
    assert by_city[city]["p50"] == pytest.approx(want[1])
    db.dispose()


def test_real_postings_report_renders(real_data: Path, tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'real.db'}")
    import_jobs(
        db,
        real_data / "zhilian_wuhan_2024.csv",
        mapping=MAPPINGS / "zhilian_wuhan_2024.yaml",
        reject_dir=tmp_path,
    )
    out = write_report(db, make_scope(db, "湖北省"), "md", tmp_path / "wuhan.md")
    text = out.read_text(encoding="utf-8")
    assert (
        "# 湖北省人才发展报告" in text and "### 月薪分位数（按城市，元/月）" in text and "| 武汉市 |" in text
    )
    assert "数据不足（求职意向）" in text  # no candidates were imported: said, not charted
    db.dispose()
