"""`talentseek demo`: generate a market (first run), index it, seed demo accounts, serve the web UI.

A second run reuses the data and the accounts (their passwords were printed once, on the first run).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from talentseek.cli.common import engine, err_console, progress
from talentseek.cli.serve import check_port_free, run_server
from talentseek.domain import Role
from talentseek.engine import Engine
from talentseek.errors import MissingDependency
from talentseek.usecases.demo import DemoAccount, seed_demo_accounts
from talentseek.usecases.jobs import store_counts

STATE_FILE = "demo.json"
STAGES = {"companies": "生成公司", "jobs": "生成职位", "candidates": "生成求职者与互动"}


def _generate(eng: Engine, jobs: int, candidates: int, seed: int) -> None:
    from talentseek.generate import generate_market

    start = time.monotonic()
    with progress() as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            label = STAGES.get(stage, stage)
            if stage not in tasks:
                tasks[stage] = bar.add_task(label, total=total)
            rate = done / max(time.monotonic() - start, 1e-6)
            bar.update(tasks[stage], completed=done, total=total, description=f"{label} · {rate:,.0f} 条/秒")

        summary = generate_market(
            eng.db,
            jobs=jobs,
            candidates=candidates,
            seed=seed,
            progress=update,
            truth_dir=eng.settings.home / "generated",
        )
    err_console.print(
        f"已生成：公司 {summary.companies:,}，职位 {summary.jobs:,}，求职者 {summary.candidates:,}，"
        f"互动 {summary.interactions:,}"
    )


def _bar_fn(bar: Any, label: str) -> Callable[[int, int], None]:
    task = bar.add_task(label, total=None)
    return lambda done, total: bar.update(task, completed=done, total=total)


def _index(eng: Engine, fresh: bool, embed: bool) -> None:
    """Build (fresh data) or sync the search index; a missing search part is reported, not fatal."""
    try:
        index = eng.search
        with progress() as bar:
            if fresh:
                # vectors are filled separately below (they are the slow part)
                stats = index.rebuild(progress=_bar_fn(bar, "建立检索索引"), embed=False)
                err_console.print(f"已索引职位 {stats.jobs:,} 个、人才 {stats.candidates:,} 人")
            else:
                index.sync(embed=False)
            fill = getattr(index, "embed_missing", None)
            if embed and fill is not None:
                for kind, label in (("job", "计算职位向量"), ("candidate", "计算人才向量")):
                    fill(kind, None, _bar_fn(bar, label))
        if not embed:
            err_console.print(
                "关键词检索已就绪；语义向量未计算（--no-embed），"
                "需要时运行 talentseek index embed（可中断、可续）"
            )
    except (ImportError, AttributeError, MissingDependency) as err:
        err_console.print(
            f"[yellow]检索索引未建立（{type(err).__name__}: {err}）；职位列表与详情照常可用，"
            "搜索需先运行 talentseek index rebuild[/]"
        )


def _accounts_table(accounts: list[DemoAccount], with_passwords: bool) -> Table:
    table = Table(title="演示账号" + ("（密码只显示这一次，请保存）" if with_passwords else ""))
    for col in ("用户名", "角色", "关联") + (("密码",) if with_passwords else ()):
        table.add_column(col, no_wrap=True)
    labels = {Role.SEEKER: "求职者", Role.RECRUITER: "招聘方", Role.OPERATOR: "运营"}
    for a in accounts:
        row = [a.username, labels[a.role], a.link]
        table.add_row(*row, *([a.password or "（已存在，未改动）"] if with_passwords else []))
    return table


def _load_state(eng: Engine) -> list[DemoAccount]:
    path = eng.settings.home / STATE_FILE
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        DemoAccount(a["username"], Role(a["role"]), a["display_name"], a["link"]) for a in data["accounts"]
    ]


def _save_state(eng: Engine, accounts: list[DemoAccount]) -> None:
    """Remember which accounts the demo made (never their passwords)."""
    data = {
        "accounts": [
            {"username": a.username, "role": a.role.value, "display_name": a.display_name, "link": a.link}
            for a in accounts
        ]
    }
    (eng.settings.home / STATE_FILE).write_text(
        json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def _prepare(eng: Engine, jobs: int, candidates: int, seed: int, embed: bool) -> None:
    """Data, index and accounts; prints the accounts table."""
    have = store_counts(eng.db)
    fresh = have["jobs"] == 0
    if fresh:
        _generate(eng, jobs, candidates, seed)
    else:
        err_console.print(
            f"沿用已有数据：职位 {have['jobs']:,}，公司 {have['companies']:,}，求职者 {have['candidates']:,}"
        )
    _index(eng, fresh, embed)
    known = _load_state(eng)
    created = seed_demo_accounts(eng.db)
    out = Console(width=120) if not Console().is_terminal else Console()  # pipes: no 80-column cut
    if created:
        _save_state(eng, known + created)
        out.print(_accounts_table(created, with_passwords=True))
    if known:
        out.print(_accounts_table(known, with_passwords=False))
        err_console.print("忘记密码？运行：talentseek user reset-password 用户名")


def demo(
    jobs: int = typer.Option(5000, "--jobs", min=1, help="首次运行时生成的职位数"),
    candidates: int = typer.Option(3000, "--candidates", min=1, help="首次运行时生成的求职者数"),
    seed: int = typer.Option(42, "--seed", help="随机种子"),
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="端口"),
    no_serve: bool = typer.Option(False, "--no-serve", help="只准备数据和账号，不启动服务"),
    embed: bool = typer.Option(
        True, "--embed/--no-embed", help="启动前计算语义向量（默认 static 模型，每千条约 1 秒）"
    ),
) -> None:
    """一条命令体验：生成演示数据、建索引、创建演示账号，并在 http://127.0.0.1:8000 启动网页。"""
    start = time.monotonic()
    eng = engine()
    try:
        if not no_serve:
            check_port_free(host, port)  # before minutes of work, not after
        _prepare(eng, jobs, candidates, seed, embed)
        err_console.print(f"准备完成，用时 {time.monotonic() - start:.1f} 秒")
        if no_serve:
            typer.echo(f"启动网页：talentseek serve --port {port}   然后打开 http://{host}:{port}")
            return
        run_server(eng, host, port)
    finally:
        eng.close()


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
