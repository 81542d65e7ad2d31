"""`talentseek import jobs|companies|resumes PATH [--mapping FILE]` (CONTRACTS.md)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from talentseek.cli.common import engine, err_console, progress

if TYPE_CHECKING:  # the importers load parsers and tokenizers: only when a command runs
    from talentseek.engine import Engine
    from talentseek.ingest.report import ImportReport, ProgressFn

import_app = typer.Typer(
    name="import", help="导入职位、公司、简历（CSV/XLSX/JSONL，简历文件或文件夹）", no_args_is_help=True
)

PATH_ARG = typer.Argument(..., help="数据文件（.csv/.xlsx/.jsonl）")
MAPPING_OPT = typer.Option(None, "--mapping", help="YAML 列映射文件（源列名 → 字段），见 examples/mappings/")
INLINE_EMBED_MAX = 200  # imports larger than this leave vectors to `talentseek index embed`
BATCH_OPT = typer.Option(1000, "--batch-size", min=1, help="每个事务提交的行数")


@contextmanager
def _bar(label: str) -> Iterator[ProgressFn]:
    """A rich progress bar on stderr: bytes read as the bar, rows and rows/s in the label."""
    start = time.monotonic()
    with progress() as bar:
        task = bar.add_task(label, total=None)

        def update(rows: int, done: int, total: int) -> None:
            rate = rows / max(time.monotonic() - start, 1e-6)
            bar.update(
                task,
                completed=done or rows,
                total=total or None,
                description=f"{label} {rows:,} 行 · {rate:,.0f} 行/秒",
            )

        yield update


def _sync_index(eng: Engine, rep: ImportReport) -> None:
    """Make this import's rows searchable; records are committed either way, so a failure is a warning.

    The outbox is drained without vectors (keyword search at once); a small import then embeds only
    the rows it wrote, so one resume never waits for thousands of postings another import left. Those,
    and every row of a large import, belong to the index worker of `talentseek serve` or to
    `talentseek index embed` (embedding is slow on CPU: DESIGN.md).
    """
    changed = rep.imported + rep.updated
    index = eng.search
    embed_ids = getattr(index, "embed_ids", None)  # absent where vectors are computed on write (Milvus)
    embed = changed <= INLINE_EMBED_MAX
    try:
        index.sync(embed=embed and embed_ids is None)
        if embed and embed_ids is not None:
            for kind, ids in rep.written.items():
                embed_ids(kind, list(dict.fromkeys(ids)))
    except Exception as err:  # noqa: BLE001 - the outbox keeps the changes for `talentseek index sync`
        err_console.print(
            f"提示：搜索索引未同步（{type(err).__name__}: {err}）；"
            "数据已入库，可稍后运行 talentseek index sync"
        )
        return
    if not embed:
        err_console.print("已更新关键词索引；语义向量请运行 talentseek index embed 补齐（可在后台进行）")


def _finish(eng: Engine, rep: ImportReport) -> None:
    for e in rep.errors:
        err_console.print(f"错误：{e}")
    for reason, n in sorted(rep.reasons.items(), key=lambda kv: -kv[1])[:10]:
        err_console.print(f"  拒绝 {n} 行：{reason}")
    if rep.warnings:
        err_console.print(f"  {rep.warnings} 处取值不合理或无法识别，已置空（详见拒绝文件中的“警告”行）")
    if rep.resumed_from:
        err_console.print(f"  从第 {rep.resumed_from} 条记录之后继续（上次导入中断）")
    if rep.imported or rep.updated:
        _sync_index(eng, rep)
    if rep.reject_file:
        typer.echo(f"拒绝与警告明细：{rep.reject_file}")
    typer.echo(rep.summary())
    if rep.failed:
        raise typer.Exit(1)


def _run(label: str, fn: Callable[..., ImportReport], path: Path, **kw: Any) -> None:
    eng = engine()
    try:
        with _bar(label) as update:
            rep = fn(eng.db, path, progress=update, reject_dir=eng.settings.home / "imports", **kw)
        _finish(eng, rep)
    finally:
        eng.close()


@import_app.command("jobs")
def jobs(path: Path = PATH_ARG, mapping: Path | None = MAPPING_OPT, batch_size: int = BATCH_OPT) -> None:
    """导入职位；同一职位（来源编号，或公司+职位+描述）重复导入只更新不重复。"""
    from talentseek.ingest import import_jobs

    _run("导入职位", import_jobs, path, mapping=mapping, batch_size=batch_size)


@import_app.command("companies")
def companies(path: Path = PATH_ARG, mapping: Path | None = MAPPING_OPT, batch_size: int = BATCH_OPT) -> None:
    """导入公司资料（名称、规模、行业、性质、融资、成立年份、城市）。"""
    from talentseek.ingest import import_companies

    _run("导入公司", import_companies, path, mapping=mapping, batch_size=batch_size)


@import_app.command("resumes")
def resumes(path: Path = typer.Argument(..., help="简历文件、文件夹，或每行一个简历 JSON 的 .jsonl")) -> None:
    """导入简历（.txt/.md/.docx/.pdf/.html）；同一人（手机/邮箱）重复导入只更新。"""
    from talentseek.ingest import import_resumes

    _run("导入简历", import_resumes, path)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
