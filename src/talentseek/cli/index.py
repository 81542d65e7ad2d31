"""`talentseek index rebuild|check|sync|embed`: keep the search index in step with the database."""

from __future__ import annotations

import typer

from talentseek.cli.common import engine, err_console, print_json, progress

index_app = typer.Typer(help="检索索引：重建、校验、同步、补齐向量", no_args_is_help=True)


@index_app.command("rebuild")
def rebuild(
    embed: bool = typer.Option(
        True, "--embed/--no-embed", help="同时计算向量（大数据量可先 --no-embed，再运行 index embed）"
    ),
) -> None:
    """从数据库重建全部索引（先建到临时目录，完成后替换，中途中断不影响旧索引）。"""
    eng = engine()
    with progress() as bar:
        task = bar.add_task("重建索引", total=None)
        stats = eng.search.rebuild(
            lambda done, total: bar.update(task, completed=done, total=total), embed=embed
        )
    err_console.print(
        f"已索引职位 {stats.jobs} 个、人才 {stats.candidates} 人，向量 {stats.embedded} 条，"
        f"用时 {stats.seconds:.1f} 秒"
    )


@index_app.command("sync")
def sync(embed: bool = typer.Option(True, "--embed/--no-embed", help="为新增/修改的文档计算向量")) -> None:
    """处理待同步队列（导入、编辑、删除产生），可重复运行。"""
    n = engine().search.sync(embed=embed)
    err_console.print(f"已同步 {n} 条变更")


@index_app.command("embed")
def embed_missing(
    kind: str = typer.Option("job", "--kind", help="job | candidate"),
    limit: int = typer.Option(0, "--limit", help="最多处理条数，0 为全部"),
) -> None:
    """为尚无向量的文档补齐向量（可中断，下次从未完成处继续）；补齐前这些文档仍可被关键词检索到。"""
    eng = engine()
    index = eng.search
    fill = getattr(index, "embed_missing", None)
    if fill is None:
        err_console.print("当前检索后端在写入时已计算向量，无需补齐")
        return
    with progress() as bar:
        task = bar.add_task("计算向量", total=None)
        n = fill(kind, limit or None, lambda done, total: bar.update(task, completed=done, total=total))
    err_console.print(f"已补齐向量 {n} 条")


MANY_SEGMENTS = 8  # tantivy merges segments of a size once 8 gather: more hints at a long run of small writes


@index_app.command("check")
def check(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """核对索引与数据库是否一致；不一致时退出码为 1，并提示运行 index sync 或 index rebuild。"""
    result = engine().search.check()
    if as_json:
        print_json({"ok": result.ok, "pending": result.pending, "parts": result.parts})
    else:
        for p in result.parts:
            segments = "" if p.segments is None else f"，分段 {p.segments}"
            err_console.print(
                f"{p.kind}: 数据库 {p.in_db}，索引 {p.in_index}，"
                f"缺失 {len(p.missing)}，多余 {len(p.extra)}{segments}"
            )
            if (p.segments or 0) > MANY_SEGMENTS:
                err_console.print(
                    f"  {p.kind} 索引已有 {p.segments} 个分段，每段都会拖慢查询：可在空闲时运行 "
                    "`talentseek index rebuild` 合并为一段（重建期间照常检索）"
                )
        err_console.print(f"待同步队列：{result.pending} 条")
    if not result.ok:
        err_console.print(
            "索引与数据库不一致：请运行 `talentseek index sync`，仍不一致再运行 `talentseek index rebuild`"
        )
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(index_app, name="index")
