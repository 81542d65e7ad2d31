"""`talentseek parse ...`: output shapes of CONTRACTS.md, --stdin streaming, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentseek.cli import _register_all, app

_register_all()
runner = CliRunner()


def _json(args: list[str], stdin: str | None = None) -> object:
    result = runner.invoke(app, ["parse", *args], input=stdin)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_salary_json_shape_and_ints() -> None:
    out = runner.invoke(app, ["parse", "salary", "15-25K·13薪", "--json"])
    assert out.exit_code == 0
    assert out.stdout.strip() == (
        '{"valid": true, "low": 15000, "high": 25000, "period": "month", "months": 13, "negotiable": false}'
    )


def test_other_kinds() -> None:
    assert _json(["region", "上海 普陀区 武宁路", "--json"]) == {
        "province": "上海市", "city": "上海市", "district": "普陀区"}
    assert _json(["education", "本科及以上", "--json"]) == {"level": "本科"}
    assert _json(["experience", "一年半以上", "--json"]) == {
        "min_years": 1.5, "max_years": None, "fresh_graduate": False}
    expected = {"min_years": 1, "max_years": 3, "fresh_graduate": False}
    assert _json(["experience", "1-3年", "--json"]) == expected


def test_stdin_one_object_per_line_in_order() -> None:
    result = runner.invoke(app, ["parse", "salary", "--stdin"], input="8k-12k\n面议\n\n1元/次\n")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["valid"] for r in rows] == [True, True, False, False]
    assert rows[0]["low"] == 8000 and rows[1]["negotiable"] is True


def test_missing_text_is_a_clear_error() -> None:
    result = runner.invoke(app, ["parse", "salary"])
    assert result.exit_code == 1
    assert "缺少要解析的文本" in result.stderr


def test_resume_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", "resume", str(tmp_path / "none.txt"), "--json"])
    assert result.exit_code == 1
    assert "找不到简历文件" in result.stderr


def test_resume_file(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_text("张伟\n电话：13812345678\n邮箱：zhangwei@example.com\n期望城市：济南\n技能：Java、MySQL\n",
                    encoding="utf-8")
    out = _json(["resume", str(path), "--json"])
    assert isinstance(out, dict) and out["phone"] == "13812345678" and "Java" in out["skills"]


def test_subprocess_stdin_on_real_salary_file(real_data: Path) -> None:
    """A real process streams the whole real salary file: one line out per line in, same order."""
    lines = (real_data / "salary_strings.txt").read_text(encoding="utf-8").splitlines()[1:]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-c", "from talentseek.cli import main; main()",
         "parse", "salary", "--stdin", "--json"],
        input="\n".join(lines) + "\n", capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == len(lines)
    by_text = dict(zip(lines, rows, strict=True))
    assert by_text["1元/次"]["valid"] is False and by_text["0千-0千元/月"]["valid"] is False
    assert by_text["150-200/天"] == {"valid": True, "low": 150, "high": 200, "period": "day", "months": None,
                                     "negotiable": False}
    assert sum(r["valid"] for r in rows) == len(lines) - 2


HOSTILE = ["9" * 400 + "万", "9" * 60 + "万", "999999999999万", "7" * 500, "1e309", "九" * 400 + "年",
           "1." + "9" * 400 + "万", "-" * 10_000, "万" * 5000, "8k-12k"]


def test_stdin_hostile_lines_each_get_their_line() -> None:
    for kind in ("salary", "experience", "region", "education"):
        result = runner.invoke(app, ["parse", kind, "--stdin"], input="\n".join(HOSTILE) + "\n")
        assert result.exit_code == 0, (kind, result.output)
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert len(rows) == len(HOSTILE) and not any("error" in r for r in rows)
    salary = [json.loads(line) for line in runner.invoke(
        app, ["parse", "salary", "--stdin"], input="\n".join(HOSTILE) + "\n").stdout.splitlines()]
    assert [r["valid"] for r in salary] == [False] * 9 + [True]  # 1e16 yuan a month is no salary


def test_stdin_a_crashing_line_gets_the_null_shape_and_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import talentseek.text.salary as salary_mod

    real = salary_mod.parse_salary

    def fragile(text: str) -> object:
        if text == "炸":
            raise OverflowError("boom")
        return real(text)

    monkeypatch.setattr(salary_mod, "parse_salary", fragile)
    result = runner.invoke(app, ["parse", "salary", "--stdin"], input="8k-12k\n炸\n面议\n")
    assert result.exit_code == 1 and "1 行无法解析" in result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["valid"] for r in rows] == [True, False, True]
    assert rows[1]["error"].startswith("第 2 行：无法解析（OverflowError）") and rows[1]["low"] is None
    assert set(rows[1]) == set(rows[0]) | {"error"}


def test_subprocess_stdin_bytes_that_are_not_utf8_cost_one_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from talentseek.cli import main; main()", "parse", "experience", "--stdin"],
        input="\ufeff3-5年\n".encode() + b"\xff\xfe\xfa\n" + ("9" * 400 + "年\n应届生\n").encode(),
        capture_output=True, timeout=120,
    )
    assert proc.returncode == 1, proc.stderr.decode()
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(rows) == 4 and rows[0]["min_years"] == 3 and rows[3]["fresh_graduate"] is True
    assert "UTF-8" in rows[1]["error"] and rows[1]["min_years"] is None and "error" not in rows[2]
