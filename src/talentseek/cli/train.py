"""`talentseek train` commands: data → run → eval → promote (see talentseek/train/). Torch loads lazily."""

from __future__ import annotations

from pathlib import Path

import typer

from talentseek.cli.common import engine, home, print_json

train_app = typer.Typer(
    help="把通用 DeepSeek 训练成招聘专有模型：数据 → 训练 → 评测 → 晋升", no_args_is_help=True
)

PRESET = typer.Option("tiny", "--preset", help="规模：tiny（CI 用随机小模型）| 1.5b | 7b")
BASE = typer.Option(None, "--base", help="基础模型的 Hugging Face 目录（默认 数据目录/models/hf/<模型名>）")
DEVICE = typer.Option(None, "--device", help="cpu 或 cuda（默认有 GPU 用 GPU）")


@train_app.command("data")
def data_cmd(
    preset: str = PRESET,
    base: Path | None = BASE,
    replay_ratio: float = typer.Option(0.2, "--replay-ratio", help="通用回放样本占领域样本的比例"),
    eval_companies: float = typer.Option(0.3, "--eval-companies", help="留作评测的公司比例"),
    eval_after: float = typer.Option(0.7, "--eval-after", help="时间切分点（分位数）：其后的记录用于评测"),
    seed: int = typer.Option(0, "--seed"),
    device: str | None = DEVICE,
    as_json: bool = typer.Option(False, "--json", help="输出清单 JSON"),
) -> None:
    """从本平台的岗位、简历、投递记录构建训练集与评测集（脱敏、去重、按公司和时间切分）。"""
    from talentseek.train.common import require_torch
    from talentseek.train.data import build

    require_torch()
    eng = engine()
    manifest = build(
        eng.db,
        eng.settings.home,
        preset_name=preset,
        base=base,
        replay_ratio=replay_ratio,
        eval_companies=eval_companies,
        eval_after=eval_after,
        seed=seed,
        device=device,
    )
    if as_json:
        print_json(manifest)


@train_app.command("run")
def run_cmd(
    preset: str = PRESET,
    base: Path | None = BASE,
    steps: int | None = typer.Option(None, "--steps"),
    seq_len: int | None = typer.Option(None, "--seq-len"),
    batch_size: int | None = typer.Option(None, "--batch-size"),
    save_every: int | None = typer.Option(None, "--save-every", help="每 N 步保存检查点"),
    lr: float | None = typer.Option(None, "--lr"),
    device: str | None = DEVICE,
    truncate: bool = typer.Option(False, "--truncate", help="超长样本截断（默认丢弃并计数）"),
    fresh: bool = typer.Option(False, "--fresh", help="丢弃检查点，从头训练"),
    stop_after: int | None = typer.Option(None, "--stop-after", help="本次最多训练 N 步后停下（可续训）"),
    seed: int = typer.Option(0, "--seed"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """LoRA 微调（只对回答计损失；中断后重跑同一命令即从检查点继续）。"""
    from talentseek.train.run import train

    summary = train(
        home(),
        preset_name=preset,
        base=base,
        steps=steps,
        seq_len=seq_len,
        batch_size=batch_size,
        save_every=save_every,
        lr=lr,
        device=device,
        truncate=truncate,
        fresh=fresh,
        seed=seed,
        stop_after=stop_after,
    )
    if as_json:
        print_json(summary)


@train_app.command("eval")
def eval_cmd(
    preset: str = PRESET,
    base: Path | None = BASE,
    adapter: Path | None = typer.Option(None, "--adapter", help="默认 数据目录/train/runs/<preset>/adapter"),
    limit: int = typer.Option(50, "--limit", help="每个任务最多评测的样本数"),
    margin: float = typer.Option(0.05, "--margin", help="通用能力允许下降的幅度"),
    min_gain: float = typer.Option(0.02, "--min-gain", help="领域平均分至少要高出基础模型的幅度"),
    max_new_tokens: int | None = typer.Option(None, "--max-new-tokens"),
    device: str | None = DEVICE,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """在留出评测集上对比基础模型与专有模型，并检查通用能力是否保持。"""
    from rich.console import Console

    from talentseek.train.evaluate import evaluate, table

    result = evaluate(
        home(),
        preset_name=preset,
        base=base,
        adapter=adapter,
        limit=limit,
        margin=margin,
        min_gain=min_gain,
        device=device,
        max_new_tokens=max_new_tokens,
    )
    if as_json:
        print_json(result)
    else:
        Console().print(table(result))


@train_app.command("export")
def export_cmd(
    out: Path = typer.Argument(..., help="输出的 GGUF 文件"),
    preset: str = PRESET,
    base: Path | None = BASE,
    adapter: Path | None = typer.Option(None, "--adapter"),
    f32: bool = typer.Option(False, "--f32", help="写 f32（默认 f16）"),
    hf_out: Path | None = typer.Option(None, "--hf-out", help="同时保存合并后的 HF 目录（给 vLLM/SGLang）"),
) -> None:
    """合并 LoRA 适配器并导出 GGUF（不登记、不启用；上线请用 talentseek model promote）。"""
    from talentseek.train.common import base_path, require_torch, run_dir
    from talentseek.train.common import preset as get_preset
    from talentseek.train.export import export

    require_torch()
    p, root = get_preset(preset), home()
    path = export(
        base_path(root, p, base),
        adapter or run_dir(root, p.name) / "adapter",
        out,
        f16=not f32,
        hf_out=hf_out,
    )
    print(path)


@train_app.command("promote")
def promote_cmd(
    force: bool = typer.Option(False, "--force", help="评测未通过也上线（记录在登记信息里）"),
    name: str | None = typer.Option(None, "--name"),
) -> None:
    """评测通过后导出、登记并启用专有模型（同 talentseek model promote）。"""
    from talentseek.train.promote import promote

    print_json(promote(home(), force=force, name=name))


def register(app: typer.Typer) -> None:
    app.add_typer(train_app, name="train")
