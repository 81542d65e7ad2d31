"""`talentseek search jobs|candidates "QUERY" [--json] [-k 10]` (CONTRACTS.md)."""

from __future__ import annotations

import typer

from talentseek.cli.common import engine, err_console, print_json
from talentseek.search.base import SearchRequest, SearchResults, SystemViewer
from talentseek.search.contract import contract_json

search_app = typer.Typer(help="检索职位或人才（自然语言，中文）", no_args_is_help=True)


def _show(res: SearchResults, as_json: bool) -> None:
    if as_json:
        print_json(contract_json(res))
        return
    chips = "  ".join(c["label"] for c in res.query.get("chips", []))
    err_console.print(
        f"理解为：{chips or '（无结构化条件）'}  关键词：{' '.join(res.query.get('keywords', []))}"
    )
    for n, h in enumerate(res.results, start=(res.page - 1) * res.k + 1):
        err_console.print(f"{n:>3}. {h.title} · {h.company or ''} · {h.city or ''}  [{h.score:.4f}]")
        err_console.print(f"     {'；'.join(h.reasons)}")
    err_console.print(f"共 {res.total} 条")


def _request(query: str, k: int, page: int, sort: str, mode: str) -> SearchRequest:
    return SearchRequest(query=query, k=k, page=page, sort=sort, mode=mode, facets=False)  # type: ignore[arg-type]


@search_app.command("jobs")
def jobs(
    query: str = typer.Argument(..., help="例如：武汉江夏 短视频剪辑 实习 应届生可以"),
    k: int = typer.Option(10, "-k", "--k", help="返回条数（每页）"),
    page: int = typer.Option(1, "--page", help="页码"),
    sort: str = typer.Option("relevance", "--sort", help="relevance | date | salary"),
    mode: str = typer.Option("hybrid", "--mode", help="hybrid | bm25 | dense"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """检索职位。"""
    _show(engine().search.search_jobs(_request(query, k, page, sort, mode)), as_json)


@search_app.command("candidates")
def candidates(
    query: str = typer.Argument(..., help="例如：济南 5年以上 Java 微服务 本科"),
    k: int = typer.Option(10, "-k", "--k", help="返回条数（每页）"),
    page: int = typer.Option(1, "--page", help="页码"),
    sort: str = typer.Option("relevance", "--sort", help="relevance | date | salary"),
    mode: str = typer.Option("hybrid", "--mode", help="hybrid | bm25 | dense"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """检索人才（命令行以运营身份运行：可见全部人才，联系方式从不出现在结果中）。"""
    res = engine().search.search_candidates(_request(query, k, page, sort, mode), SystemViewer())
    _show(res, as_json)


def register(app: typer.Typer) -> None:
    app.add_typer(search_app, name="search")
