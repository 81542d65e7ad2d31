"""`talentseek model` commands: list, add, use, rm, pull, check, promote, rollback; and `talentseek mcp`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from talentseek.cli.common import err_console, home, print_json
from talentseek.errors import NotFound
from talentseek.settings import Settings

model_app = typer.Typer(
    help="管理本地 DeepSeek 模型（GGUF）：下载、登记、启用、回退、体检", no_args_is_help=True
)


def _registry() -> Any:
    from talentseek.llm.registry import Registry

    return Registry(home())


@model_app.command("list")
def list_cmd(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """列出已登记的模型。"""
    reg = _registry()
    active = reg.active()
    rows = [e.public(active is not None and e.name == active.name) for e in reg.list()]
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    if not rows:
        err_console.print("还没有模型：talentseek model pull NAME 或 talentseek model add PATH --name NAME")
    for r in rows:
        mark = "*" if r["active"] else " "
        print(f"{mark} {r['name']}\t{r['size_bytes'] / 1e9:.2f} GB\t{r['path']}")


@model_app.command("add")
def add_cmd(
    path: Path = typer.Argument(..., help="GGUF 文件路径"),
    name: str = typer.Option(..., "--name"),
    copy: bool = typer.Option(False, "--copy", help="复制到数据目录（默认只登记路径）"),
    use: bool = typer.Option(False, "--use", help="登记后立即启用"),
) -> None:
    """登记一个手动拷入的 GGUF 文件（离线环境）。"""
    reg = _registry()
    entry = reg.add(path, name, copy=copy)
    if use:
        reg.use(name)
    print(f"已登记 {entry.name}（{entry.size_bytes / 1e9:.2f} GB）" + ("，已启用" if use else ""))


@model_app.command("use")
def use_cmd(name: str) -> None:
    """启用一个模型作为对话模型。"""
    entry = _registry().use(name)
    print(f"已启用 {entry.name}：{entry.path}")


@model_app.command("rm")
def rm_cmd(
    name: str, delete_file: bool = typer.Option(False, "--delete-file", help="同时删除数据目录里的模型文件")
) -> None:
    """取消登记一个模型。"""
    entry = _registry().remove(name, delete_file=delete_file)
    print(f"已移除 {entry.name}")


@model_app.command("pull")
def pull_cmd(
    name: str = typer.Argument(..., help="目录中的模型名，见 talentseek model catalog"),
    use: bool = typer.Option(False, "--use", help="下载后立即启用"),
) -> None:
    """从镜像下载模型（断点续传、校验、检查磁盘空间）。"""
    from talentseek.cli.common import progress
    from talentseek.llm.catalog import find
    from talentseek.llm.download import pull

    entry = find(name)
    if entry is None:
        raise NotFound(f"目录中没有模型 {name}；用 talentseek model catalog 查看可下载的模型")
    settings = Settings()
    reg = _registry()
    with progress() as bar:
        task = bar.add_task(f"下载 {entry.file}", total=entry.size_bytes or None)
        got = pull(
            entry,
            reg,
            settings.model_mirror,
            progress=lambda done, total: bar.update(task, completed=done, total=total or None),
        )
    if use:
        reg.use(got.name)
    print(f"已下载并登记 {got.name}：{got.path}")


@model_app.command("catalog")
def catalog_cmd(as_json: bool = typer.Option(False, "--json")) -> None:
    """列出可下载或可接入的 DeepSeek 模型。"""
    from dataclasses import asdict

    from talentseek.llm.catalog import CATALOG

    if as_json:
        print_json([asdict(e) for e in CATALOG])
        return
    for e in CATALOG:
        size = (
            f"{e.size_bytes / 1e9:.1f} GB 文件，约需内存 {e.ram_bytes / 1e9:.1f} GB"
            if e.size_bytes
            else e.note
        )
        print(f"{e.name}\t{size}")


@model_app.command("check")
def check_cmd(
    as_json: bool = typer.Option(False, "--json"),
    run: bool = typer.Option(True, "--run/--no-run", help="用启用的模型实测速度"),
) -> None:
    """体检：内存、CPU、GPU，哪些模型放得下、大约多快（实测启用模型）。"""
    from dataclasses import asdict

    from talentseek.llm.check import fits, measure_speed, read_machine

    m = read_machine()
    out: dict[str, Any] = {"machine": asdict(m), "models": fits(m), "measured": None}
    reg = _registry()
    if run and reg.active() is not None:
        from talentseek.llm import make_llm

        out["measured"] = {"model": reg.active().name, **measure_speed(make_llm(Settings()))}
    if as_json:
        print_json(out)
        return
    print(
        f"内存 {m.ram_bytes / 1e9:.1f} GB（可用 {m.available_bytes / 1e9:.1f} GB），CPU {m.cores} 核，"
        f"内存带宽约 {m.bandwidth_bytes_s / 1e9:.1f} GB/s，"
        f"GPU：{'、'.join(g['name'] for g in m.gpus) or '无'}"
    )
    for r in out["models"]:
        est = f"约 {r['est_decode_tokens_s']} 词元/秒" if r.get("est_decode_tokens_s") else r.get("note", "")
        print(f"{'✓' if r['fits'] else '✗'} {r['name']}\t{est}")
    if out["measured"]:
        ms = out["measured"]
        print(
            f"实测 {ms['model']}：预填充 {ms['prefill_tokens_s']} 词元/秒，"
            f"生成 {ms['decode_tokens_s']} 词元/秒"
        )


@model_app.command("promote")
def promote_cmd() -> None:
    """把训练评测胜出的专用模型设为启用模型（训练流水线的最后一步）。"""
    from talentseek.train.common import require_torch
    from talentseek.train.promote import promote

    require_torch()  # merging and exporting need the train extra; fails with its install command
    print_json(promote(home()))


@model_app.command("rollback")
def rollback_cmd() -> None:
    """回退到上一个启用的模型。"""
    from talentseek.train.promote import rollback

    print_json(rollback(home()))


def mcp_cmd(transport: str = typer.Option("stdio", help="stdio 或 sse")) -> None:
    """启动 MCP 服务器（把搜索和匹配作为工具提供给 MCP 客户端）。"""
    from talentseek.api.mcp import run_mcp

    run_mcp(transport)


def register(app: typer.Typer) -> None:
    app.add_typer(model_app, name="model")
    app.command("mcp")(mcp_cmd)
