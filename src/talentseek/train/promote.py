"""`talentseek model promote` / `model rollback`: switch to the specialist only with proof, and back.

Promotion reads home/train/eval.json, refuses unless the specialist won on the domain and held on the
general set (or `force`), checks the adapter is byte-for-byte the one evaluated, exports the GGUF (written
to a .part file and renamed), registers it and makes it active. Nothing is registered if any step fails.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from talentseek.errors import InputError, NotFound
from talentseek.train.common import eval_path, preset, sha256_tree


def read_eval(home: Path) -> dict[str, Any]:
    path = eval_path(home)
    if not path.is_file():
        raise NotFound(f"还没有评测结果 {path}；请先运行 talentseek train eval")
    try:
        result: dict[str, Any] = json.loads(path.read_text("utf-8"))
        for key in ("passed", "adapter", "adapter_sha", "base", "preset", "domain", "general", "margin"):
            result[key]  # noqa: B018 - presence check
    except (json.JSONDecodeError, KeyError, TypeError) as err:
        raise InputError(
            f"评测结果不完整或已损坏（{err}）；请重新运行 talentseek train eval", file=str(path)
        ) from None
    return result


def check_adapter(result: dict[str, Any]) -> Path:
    """The evaluated adapter, refusing if it is missing, half-written or changed since the evaluation."""
    adir = Path(result["adapter"])
    if not (adir / "adapter_config.json").is_file() or not any(adir.glob("adapter_model.*")):
        raise InputError("评测过的适配器不存在或不完整；请重新训练并评测", file=str(adir))
    if sha256_tree(adir) != result["adapter_sha"]:
        raise InputError(
            "适配器在评测之后被改动过，评测结果不再适用；请重新运行 talentseek train eval", file=str(adir)
        )
    return adir


def _refusal(r: dict[str, Any]) -> str:
    d, g = r["domain"], r["general"]
    why = []
    if not r.get("wins_domain"):
        why.append(
            f"领域得分未胜出（专有 {d['specialist']:.3f}，基础 {d['base']:.3f}，"
            f"需至少高 {r.get('min_gain', 0)}）"
        )
    if not r.get("holds_general"):
        why.append(
            f"通用能力下降超过容差（专有 {g['specialist']:.3f} < 基础 {g['base']:.3f} − {r['margin']}）"
        )
    return (
        "拒绝晋升："
        + "；".join(why or ["评测未通过"])
        + "。请用更多数据或更多步数重新训练并评测（确需上线可加 --force）"
    )


def promote(home: Path, *, force: bool = False, name: str | None = None) -> dict[str, Any]:
    """Export, register and activate the evaluated specialist; return what was done."""
    from talentseek.llm.registry import Registry
    from talentseek.train.export import export

    result = read_eval(home)
    if not result["passed"] and not force:
        raise InputError(_refusal(result))
    adir, p = check_adapter(result), preset(result["preset"])
    name = name or f"specialist-{p.name}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S')}"
    out = Path(home) / "models" / f"{name}.gguf"
    reg = Registry(home)
    previous = reg.active()
    export(Path(result["base"]), adir, out, f16=p.name != "tiny")
    try:
        entry = reg.add(
            out,
            name,
            kind="gguf",
            meta={
                "source": "talentseek train",
                "preset": p.name,
                "adapter": str(adir),
                "adapter_sha": result["adapter_sha"],
                "domain": result["domain"],
                "general": result["general"],
                "forced": force and not result["passed"],
            },
        )
        reg.use(name)
    except Exception:
        out.unlink(missing_ok=True)
        raise
    print(
        f"已启用 {name}（{entry.size_bytes / 1e6:.1f} MB）；回退：talentseek model rollback", file=sys.stderr
    )
    return {
        "name": name,
        "path": str(out),
        "size_bytes": entry.size_bytes,
        "active": True,
        "previous": previous.name if previous else None,
        "forced": force and not result["passed"],
        "domain": result["domain"],
        "general": result["general"],
    }


def rollback(home: Path) -> dict[str, Any]:
    """Make the previously active model active again."""
    from talentseek.llm.registry import Registry

    reg = Registry(home)
    current = reg.active()
    entry = reg.rollback()
    return {"name": entry.name, "path": entry.path, "active": True, "from": current.name if current else None}
