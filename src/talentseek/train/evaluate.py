"""`talentseek train eval`: base vs specialist on held-out examples of every task, plus the forgetting guard.

Metrics: field-level F1 (extraction), exact match (query parsing), faithfulness (every claim of an
explanation traceable to a reason), fact recall (QA), and exp(-NLL) of the base model's own replies to
held-out general prompts. Writes home/train/eval.json, which `promote` reads.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.table import Table

from talentseek.errors import NotFound
from talentseek.train import metrics
from talentseek.train.common import (
    GENERAL,
    base_path,
    data_dir,
    eval_path,
    preset,
    read_jsonl,
    require_torch,
    run_dir,
    sha256_tree,
    write_json_atomic,
)

METRIC_NAMES = {
    "jd_extract": "字段F1",
    "resume_extract": "字段F1",
    "query_parse": "精确匹配",
    "match_explain": "忠实率",
    "qa": "事实召回",
}


def _parsed(texts: Sequence[str]) -> list[Any]:
    return [metrics.parse_json_answer(t) for t in texts]


def score_task(task: str, rows: Sequence[dict[str, Any]], answers: Sequence[str]) -> float:
    """The task's primary metric for these answers against the rows' reference answers."""
    refs = [r["messages"][-1]["content"] for r in rows]
    if task in ("jd_extract", "resume_extract"):
        return metrics.field_f1(_parsed(answers), _parsed(refs))
    if task == "query_parse":
        return metrics.exact_match(_parsed(answers), _parsed(refs))
    if task == "match_explain":
        ok = [metrics.faithful(a, r["meta"]["reasons"]) for a, r in zip(answers, rows, strict=True)]
        return sum(ok) / len(ok) if ok else 0.0
    recalls = [metrics.fact_recall(a, ref) for a, ref in zip(answers, refs, strict=True)]
    return sum(recalls) / len(recalls) if recalls else 0.0


def held_out(home: Path, limit: int) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """Up to `limit` eval rows per task, and the held-out general rows."""
    by_task: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in read_jsonl(data_dir(home) / "eval.jsonl"):
        if len(by_task[row["task"]]) < limit:
            by_task[row["task"]].append(row)
    general = [g for g in read_jsonl(data_dir(home) / "general.jsonl") if g.get("split") == "eval"]
    return dict(by_task), general


def compare(
    by_task: dict[str, list[dict[str, Any]]],
    general: list[dict[str, Any]],
    answer: Callable[[str, list[list[dict[str, str]]]], list[str]],
    nll: Callable[[str, list[list[dict[str, str]]]], float],
    margin: float,
    min_gain: float = 0.02,
) -> dict[str, Any]:
    """Score both sides ('base', 'specialist') with the given answer/likelihood functions; apply the rule."""
    tasks: dict[str, Any] = {}
    for task, rows in sorted(by_task.items()):
        convs = [r["messages"][:-1] for r in rows]
        tasks[task] = {
            "metric": METRIC_NAMES.get(task, task),
            "n": len(rows),
            **{
                side: round(score_task(task, rows, answer(side, convs)), 4) for side in ("base", "specialist")
            },
            # secondary, shown only: how likely each side finds the reference answers
            "likelihood": {
                side: round(metrics.general_score(nll(side, [r["messages"] for r in rows])), 4)
                for side in ("base", "specialist")
            },
        }
    domain = {
        side: round(sum(t[side] for t in tasks.values()) / max(len(tasks), 1), 4)
        for side in ("base", "specialist")
    }
    gen = {
        side: round(metrics.general_score(nll(side, [g["messages"] for g in general])), 4)
        for side in ("base", "specialist")
    }
    return {
        "tasks": tasks,
        "domain": domain,
        "general": {**gen, "n": len(general)},
        "margin": margin,
        "min_gain": min_gain,
        **metrics.decide(
            domain["base"], domain["specialist"], gen["base"], gen["specialist"], margin, min_gain
        ),
    }


def evaluate(
    home: Path,
    *,
    preset_name: str = "tiny",
    base: str | Path | None = None,
    adapter: str | Path | None = None,
    limit: int = 50,
    margin: float = 0.05,
    min_gain: float = 0.02,
    device: str | None = None,
    max_new_tokens: int | None = None,
) -> dict[str, Any]:
    """Run the comparison, write eval.json (tied to the adapter's content hash) and return it."""
    require_torch()
    from contextlib import nullcontext

    from talentseek.train.infer import answer_nll, generate
    from talentseek.train.model import load, pick_device, pick_dtype

    p = preset(preset_name)
    bdir = base_path(home, p, base)
    adir = Path(adapter) if adapter else run_dir(home, p.name) / "adapter"
    if not (adir / "adapter_config.json").is_file():
        raise NotFound(f"找不到训练好的适配器 {adir}；请先运行 talentseek train run --preset {p.name}")
    dev = pick_device(device)
    model, tok = load(bdir, pick_dtype(p.dtype, dev), dev, adapter=adir)
    by_task, general = held_out(home, limit)

    def ctx(side: str) -> Any:
        return model.disable_adapter() if side == "base" else nullcontext()

    def answer(side: str, convs: list[list[dict[str, str]]]) -> list[str]:
        print(f"评测 {side}：{len(convs)} 条", file=sys.stderr, flush=True)
        with ctx(side):
            return generate(model, tok, convs, max_new_tokens=max_new_tokens or p.max_new_tokens)

    def nll(side: str, convs: list[list[dict[str, str]]]) -> float:
        with ctx(side):
            return answer_nll(model, tok, convs, p.seq_len)

    result = compare(by_task, general, answer, nll, margin, min_gain)
    result.update(
        {
            "preset": p.name,
            "base": str(bdir),
            "adapter": str(adir),
            "adapter_sha": sha256_tree(adir),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    write_json_atomic(eval_path(home), result)
    return result


def table(result: dict[str, Any]) -> Table:
    """The side-by-side table: one row per task, then domain mean and the general-set guard."""
    t = Table(title="基础模型 vs 专有模型（留出评测集）")
    for col in ("任务", "指标", "样本", "基础模型", "专有模型", "差值", "似然·基础", "似然·专有"):
        t.add_column(col, justify="left" if col in ("任务", "指标") else "right")
    for task, r in result["tasks"].items():
        t.add_row(
            task,
            r["metric"],
            str(r["n"]),
            f"{r['base']:.3f}",
            f"{r['specialist']:.3f}",
            f"{r['specialist'] - r['base']:+.3f}",
            f"{r['likelihood']['base']:.4f}",
            f"{r['likelihood']['specialist']:.4f}",
        )
    d, g = result["domain"], result["general"]
    t.add_row(
        "领域平均",
        "",
        "",
        f"{d['base']:.3f}",
        f"{d['specialist']:.3f}",
        f"{d['specialist'] - d['base']:+.3f}",
    )
    t.add_row(
        GENERAL,
        "exp(-NLL)",
        str(g["n"]),
        f"{g['base']:.3f}",
        f"{g['specialist']:.3f}",
        f"{g['specialist'] - g['base']:+.3f}",
    )
    verdict = "通过" if result["passed"] else "不通过"
    t.caption = (
        f"领域{'胜出' if result['wins_domain'] else '未胜出'}（至少 +{result.get('min_gain', 0)}）；通用能力"
        f"{'保持' if result['holds_general'] else '下降超过'}（容差 {result['margin']}）→ 晋升条件{verdict}"
    )
    return t

