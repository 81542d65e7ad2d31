"""`talentseek generate --jobs N --candidates M --seed S [--out DIR]`: a synthetic demo market."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer
from rich.progress import TaskID

from talentseek.cli.common import engine, err_console, progress

STAGES = {"companies": "生成公司", "jobs": "生成职位", "candidates": "生成求职者与互动"}


def generate(
    jobs: int = typer.Option(1000, "--jobs", min=0, help="职位数（1k–1M）"),
    candidates: int = typer.Option(300, "--candidates", min=0, help="求职者数"),
    seed: int = typer.Option(42, "--seed", help="随机种子：同一种子生成完全相同的数据"),
    out: Path | None = typer.Option(None, "--out", help="写成 JSONL 文件到此目录，而不是写入数据库"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 打印汇总"),
) -> None:
    """生成一个逼真的合成招聘市场（山东为主），并把已知真值写入 generated/market.json。"""
    from talentseek.generate import generate_market

    eng = engine()
    start = time.monotonic()
    try:
        with progress() as bar:
            tasks: dict[str, TaskID] = {}

            def update(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
                rate = done / max(time.monotonic() - start, 1e-6)
                bar.update(
                    tasks[stage],
                    completed=done,
                    description=f"{STAGES.get(stage, stage)} · {rate:,.0f} 条/秒",
                )

            summary = generate_market(
                None if out else eng.db,
                jobs=jobs,
                candidates=candidates,
                seed=seed,
                progress=update,
                out=out,
                truth_dir=out or eng.settings.home / "generated",
            )
    finally:
        eng.close()
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
        return
    err_console.print(f"互动：{summary.interactions_by_kind}")
    typer.echo(
        f"已生成：公司 {summary.companies}，职位 {summary.jobs}，求职者 {summary.candidates}，"
        f"互动 {summary.interactions}（种子 {seed}）"
    )
    typer.echo(f"已知真值（薪资中位数、意向城市占比、偏好模型参数）：{summary.truth_file}")


def register(app: typer.Typer) -> None:
    app.command("generate")(generate)
