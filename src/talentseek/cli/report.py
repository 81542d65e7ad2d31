"""`talentseek report`: the 人才发展报告 of a province or city as HTML, PDF or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from talentseek.cli.common import engine, err_console, progress


def report(
    region: Annotated[str, typer.Option("--region", help="省份或城市，如 山东省、济南市")],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件，如 report.pdf")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="html | pdf | md")] = "html",
    from_month: Annotated[str | None, typer.Option("--from", help="起始月份 YYYY-MM")] = None,
    to_month: Annotated[str | None, typer.Option("--to", help="结束月份 YYYY-MM")] = None,
    min_count: Annotated[int, typer.Option("--min-count", help="样本少于此数的分组不显示")] = 5,
) -> None:
    """生成地区人才发展报告（含图表、目录、方法说明；数据不足处如实标注）。"""
    from talentseek.report.render import steps, write_report
    from talentseek.report.scope import make_scope

    db = engine().db
    scope = make_scope(db, region, from_month, to_month, min_count)
    with progress() as bar:
        task = bar.add_task("生成报告", total=steps())

        def tick(what: str) -> None:
            bar.update(task, advance=1, description=f"生成报告：{what}")

        path = write_report(db, scope, fmt.lower(), output, tick)
    err_console.print(f"报告已写入 {path}")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
