"""`talentseek eval ner|search|match`: quality numbers on judged data (CONTRACTS.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from talentseek.cli.common import engine, err_console, print_json
from talentseek.errors import InputError

eval_app = typer.Typer(help="评估：实体识别、检索、匹配的质量指标", no_args_is_help=True)


def _existing(path: Path, what: str) -> Path:
    if not path.is_file():
        raise InputError(f"找不到{what}文件，请检查路径", file=str(path))
    return path


def _show(result: dict[str, float | int], as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    for key, value in result.items():
        err_console.print(f"{key:>12}  {value:.4f}" if isinstance(value, float) else f"{key:>12}  {value}")


@eval_app.command("ner")
def eval_ner(
    bmes: Path = typer.Option(..., "--bmes", help="ResumeNER 格式文件（每行一个字符及其 BMES 标签）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """简历实体识别：实体级（精确边界+类型）F1。"""
    path = _existing(bmes, "BMES ")
    from talentseek.parse.ner import evaluate_bmes

    _show(evaluate_bmes(path), as_json)


@eval_app.command("search")
def eval_search(
    qrels: Path = typer.Option(..., "--qrels", help="TSV：query_id, query, external_id, grade"),
    mode: str = typer.Option("hybrid", "--mode", help="hybrid | bm25 | dense"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """检索质量：NDCG@10、Recall@50、MRR。"""
    path = _existing(qrels, "qrels ")
    from talentseek.search.evaluate import evaluate_qrels

    _show(evaluate_qrels(engine().search, path, mode=mode), as_json)


@eval_app.command("match")
def eval_match(
    qrels: Path = typer.Option(..., "--qrels", help="TSV：query_id, query(简历文件路径), external_id, grade"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """匹配质量（简历 → 职位）：NDCG@10、Recall@50、MRR。"""
    path = _existing(qrels, "qrels ")
    from talentseek.match.evaluate import evaluate_qrels

    eng = engine()
    _show(evaluate_qrels(eng.db, eng.settings.home, path), as_json)


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
