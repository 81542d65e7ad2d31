"""`talentseek parse salary|region|education|experience|resume [TEXT] [--json] [--stdin]` (CONTRACTS.md)."""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer

from talentseek.domain import Experience, Region, Resume, Salary, to_dict
from talentseek.errors import InputError, TalentSeekError

parse_app = typer.Typer(
    name="parse",
    help="解析薪资、地区、学历、经验文本或简历文件，输出 CONTRACTS.md 规定的 JSON",
    no_args_is_help=True,
)

TEXT_ARG = typer.Argument(None, help="要解析的文本（resume 为文件路径）；用 --stdin 时省略")
JSON_OPT = typer.Option(False, "--json", help="输出 JSON（每个结果一行）")
STDIN_OPT = typer.Option(False, "--stdin", help="从标准输入逐行读取，每行输出一个 JSON 对象，顺序不变")
_FLUSH_EVERY = 1000


def _salary(text: str) -> Any:
    from talentseek.text.salary import parse_salary

    return to_dict(parse_salary(text))


def _region(text: str) -> Any:
    from talentseek.text.region import parse_region

    return to_dict(parse_region(text))


def _education(text: str) -> Any:
    from talentseek.text.education import parse_education

    return {"level": parse_education(text)}


def _experience(text: str) -> Any:
    from talentseek.text.experience import parse_experience

    return to_dict(parse_experience(text))


def _resume(path_text: str) -> Any:
    path = Path(path_text.strip())
    if not path.is_file():
        raise InputError("找不到简历文件，请检查路径是否正确", file=str(path))
    from talentseek.parse.resume import parse_resume_file

    return to_dict(parse_resume_file(path))


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _human(obj: Any) -> str:
    """One readable line: key=value pairs (nested values as compact JSON)."""
    if not isinstance(obj, dict):
        return _dumps(obj)
    parts = [f"{k}={v if isinstance(v, str) else _dumps(v)}" for k, v in obj.items()]
    return "  ".join(parts)


def _lines(stream: Any) -> Iterator[tuple[str | None, str]]:
    """(text or None when the line is not UTF-8, the reason) per line of stdin, read as bytes so that
    one line in another encoding costs that line only."""
    raw = getattr(stream, "buffer", None)
    if raw is None:  # a text stream without bytes underneath (tests, embedding)
        for line in stream:
            yield line.rstrip("\r\n"), ""
        return
    for n, data in enumerate(raw, start=1):
        if n == 1:
            data = data.removeprefix(codecs.BOM_UTF8)
        try:
            yield data.decode("utf-8").rstrip("\r\n"), ""
        except UnicodeDecodeError:
            yield None, "这一行不是 UTF-8 文本，请先把输入转成 UTF-8"


def _one_line(parse: Callable[[str], Any], empty: dict[str, Any], n: int, text: str | None, why: str) -> Any:
    """The JSON of one line: the parse, or the kind's all-null shape plus "error" (never raises)."""
    try:
        if text is None:
            raise InputError(why)
        return parse(text)
    except TalentSeekError as err:
        reason = str(err)
    except RecursionError:
        reason = "内容嵌套过深，无法解析"
    except Exception as err:  # noqa: BLE001 - one hostile line must not stop a batch of millions
        reason = f"无法解析（{type(err).__name__}），已跳过；如可复现请报告这一行"
    return {**empty, "error": f"第 {n} 行：{reason}"}


def _run_stdin(parse: Callable[[str], Any], empty: dict[str, Any]) -> None:
    """One JSON object per input line, in order, whatever a line holds; a line that fails gets the kind's
    all-null shape plus {"error": ...}, the rest go on, and the exit code is 1 at the end."""
    out, failed = sys.stdout, 0
    try:
        for n, (line, why) in enumerate(_lines(sys.stdin), start=1):
            result = _one_line(parse, empty, n, line, why)
            failed += isinstance(result, dict) and "error" in result
            out.write(_dumps(result) + "\n")
            if n % _FLUSH_EVERY == 0:
                out.flush()
        out.flush()
    except BrokenPipeError:  # `... | head`: the reader has gone, so has the point of going on
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # no second error when Python flushes stdout at exit
        raise typer.Exit(1) from None
    if failed:
        typer.echo(f"错误：{failed} 行无法解析，详见对应行的 error 字段", err=True)
        raise typer.Exit(1)


def _run(parse: Callable[[str], Any], text: str | None, as_json: bool, from_stdin: bool) -> None:
    """Parse one TEXT, or every stdin line in order; errors become one Chinese line and exit code 1."""
    if from_stdin:
        _run_stdin(parse, _EMPTY[parse.__name__])
        return
    render = _dumps if as_json else _human
    try:
        if text is None:
            raise InputError("缺少要解析的文本：请在命令后给出 TEXT，或加 --stdin 从标准输入逐行读取")
        typer.echo(render(parse(text)))
    except TalentSeekError as err:
        typer.echo(f"错误：{err}", err=True)
        raise typer.Exit(1) from err


_EMPTY: dict[str, dict[str, Any]] = {
    "_salary": to_dict(Salary()),
    "_region": to_dict(Region()),
    "_education": {"level": None},
    "_experience": to_dict(Experience()),
    "_resume": to_dict(Resume()),
}
"""The all-null shape of each kind, which a line that cannot be parsed gets beside its "error"."""


@parse_app.command("salary")
def salary_cmd(text: str | None = TEXT_ARG, as_json: bool = JSON_OPT, from_stdin: bool = STDIN_OPT) -> None:
    """薪资：{"valid", "low", "high", "period", "months", "negotiable"}。"""
    _run(_salary, text, as_json, from_stdin)


@parse_app.command("region")
def region_cmd(text: str | None = TEXT_ARG, as_json: bool = JSON_OPT, from_stdin: bool = STDIN_OPT) -> None:
    """地区：{"province", "city", "district"}（GB/T 2260 全称）。"""
    _run(_region, text, as_json, from_stdin)


@parse_app.command("education")
def education_cmd(
    text: str | None = TEXT_ARG, as_json: bool = JSON_OPT, from_stdin: bool = STDIN_OPT
) -> None:
    """学历：{"level"}。"""
    _run(_education, text, as_json, from_stdin)


@parse_app.command("experience")
def experience_cmd(
    text: str | None = TEXT_ARG, as_json: bool = JSON_OPT, from_stdin: bool = STDIN_OPT
) -> None:
    """工作经验：{"min_years", "max_years", "fresh_graduate"}。"""
    _run(_experience, text, as_json, from_stdin)


@parse_app.command("resume")
def resume_cmd(path: str | None = TEXT_ARG, as_json: bool = JSON_OPT, from_stdin: bool = STDIN_OPT) -> None:
    """简历文件（.txt/.md/.docx/.pdf/.html）→ 简历 JSON；--stdin 时每行一个文件路径。"""
    _run(_resume, path, as_json, from_stdin)


def register(app: typer.Typer) -> None:
    """Add `talentseek parse ...` to the main app."""
    app.add_typer(parse_app, name="parse")
