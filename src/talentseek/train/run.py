"""`talentseek train run --preset tiny|1.5b|7b`: LoRA fine-tuning of the base model on home/train/data.

Loss on answers only, gradient checkpointing, bf16 where supported, checkpoints every N steps and exact
resume, a progress bar with loss, tokens/s and ETA, and a memory estimate that refuses before loading.
Multi-GPU: `accelerate launch -m talentseek.cli train run --preset 7b` (each process takes every N-th batch).
"""

from __future__ import annotations

import math
import random
import shutil
import time
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from talentseek.errors import InputError
from talentseek.train import checkpoint
from talentseek.train.chat import Encoded, collate, encode_all
from talentseek.train.common import (
    Preset,
    base_path,
    data_dir,
    preset,
    read_jsonl,
    replace_dir,
    require_torch,
    run_dir,
    sha256_tree,
    write_json_atomic,
)
from talentseek.train.model import (
    LORA_TARGETS,
    check_base,
    ensure_fits,
    estimate_memory,
    pick_device,
    pick_dtype,
    quiet_peft,
)

console = Console(stderr=True)


@dataclass(frozen=True)
class Plan:
    p: Preset
    base: Path
    out: Path
    device: str
    truncate: bool
    fresh: bool
    seed: int
    stop_after: int | None  # stop (resumably) after this many steps in this call


def batch_indices(g: int, bs: int, n: int, seed: int) -> list[int]:
    """Examples of global micro-batch g: consecutive slices of per-epoch shuffles, so resume needs only g."""
    out = []
    for pos in range(g * bs, g * bs + bs):
        epoch, i = divmod(pos, n)
        order = list(range(n))
        random.Random(seed * 100003 + epoch).shuffle(order)
        out.append(order[i])
    return out


def lr_lambda(total: int, warmup: int) -> Any:
    """Linear warm-up then cosine decay to 10% (a plain function so the scheduler state pickles)."""

    def f(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warmup) / max(1, total - warmup))))

    return f


def load_data(plan: Plan, tokenizer: Any) -> Encoded:
    rows = list(read_jsonl(data_dir(plan.out.parents[2]) / "train.jsonl"))
    enc = encode_all(tokenizer, rows, plan.p.seq_len, truncate=plan.truncate)
    if enc.dropped or enc.truncated:
        console.print(
            f"超过上下文 {plan.p.seq_len} 个词元的样本：丢弃 {enc.dropped} 条、截断 {enc.truncated} 条"
            + ("" if plan.truncate else "（加 --truncate 改为截断）")
        )
    if len(enc.input_ids) < 2:
        raise InputError(
            f"可训练的样本太少（{len(enc.input_ids)} 条，另有 {enc.dropped} 条超长被丢弃）；"
            "请加大 --seq-len、加 --truncate，或先用 talentseek train data 生成更多数据"
        )
    return enc


def build_model(plan: Plan, dtype: Any) -> Any:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    model: Any = AutoModelForCausalLM.from_pretrained(plan.base, dtype=dtype)
    model = model.to(plan.device)
    model.config.use_cache = False
    if hasattr(model, "activation_checkpointing_enable"):  # transformers >= 5.x name
        model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
    else:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    cfg = LoraConfig(
        r=plan.p.lora_r,
        lora_alpha=2 * plan.p.lora_r,
        lora_dropout=0.0,
        target_modules=list(LORA_TARGETS),
        task_type="CAUSAL_LM",
    )
    with quiet_peft():
        return get_peft_model(model, cfg)


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]训练"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("loss {task.fields[loss]:.4f}"),
        TextColumn("{task.fields[tps]:.0f} 词元/秒"),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        console=console,
    )


def _step(model: Any, enc: Encoded, plan: Plan, g0: int, pad_id: int, acc: Any) -> tuple[float, int]:
    """One optimizer step's worth of micro-batches (this process's share); returns (mean loss, tokens)."""
    p, n = plan.p, len(enc.input_ids)
    total, tokens = 0.0, 0
    for a in range(p.grad_accum):
        g = g0 + a * acc.num_processes + acc.process_index
        idx = batch_indices(g, p.batch_size, n, plan.seed)
        batch = {
            k: v.to(plan.device)
            for k, v in collate([(enc.input_ids[i], enc.labels[i]) for i in idx], pad_id).items()
        }
        loss = model(**batch).loss
        acc.backward(loss / p.grad_accum)
        total += float(loss.detach()) / p.grad_accum
        tokens += int(batch["attention_mask"].sum())
    return total, tokens


def _resume(plan: Plan, model: Any, opt: Any, sched: Any, data_sha: str) -> tuple[int, list[float]]:
    ckdir = plan.out / "checkpoints"
    if plan.fresh:
        shutil.rmtree(plan.out, ignore_errors=True)
        return 0, []
    last = checkpoint.latest(ckdir)
    if last is None:
        return 0, []
    state = checkpoint.load(last, model, opt, sched)
    if state.get("data_sha") != data_sha:
        raise InputError("训练数据在上次中断后已改变，不能接着训练；加 --fresh 从头开始", file=str(last))
    console.print(f"从检查点 {last.name} 继续（第 {state['step']} 步）")
    return int(state["step"]), list(state.get("losses", []))


def train(
    home: Path,
    *,
    preset_name: str = "tiny",
    base: str | Path | None = None,
    steps: int | None = None,
    seq_len: int | None = None,
    batch_size: int | None = None,
    save_every: int | None = None,
    lr: float | None = None,
    device: str | None = None,
    truncate: bool = False,
    fresh: bool = False,
    seed: int = 0,
    stop_after: int | None = None,
) -> dict[str, Any]:
    """Fine-tune a LoRA adapter; return the run summary (also written to runs/<preset>/run.json)."""
    require_torch()
    import torch
    from accelerate import Accelerator

    given: dict[str, Any] = {
        "steps": steps, "seq_len": seq_len, "batch_size": batch_size, "save_every": save_every, "lr": lr
    }
    p = replace(preset(preset_name), **{k: v for k, v in given.items() if v is not None})
    bdir = base_path(home, p, base)
    if not (bdir / "config.json").is_file():
        raise InputError(f"找不到 tiny 基础模型 {bdir}；请先运行 talentseek train data")
    acc = Accelerator(cpu=(device == "cpu"))
    dev = pick_device(device) if acc.num_processes == 1 else str(acc.device)
    plan = Plan(p, bdir, run_dir(home, p.name), dev, truncate, fresh, seed, stop_after)
    config, tok = check_base(bdir)
    enc = load_data(plan, tok)
    dtype = pick_dtype(p.dtype, plan.device)
    est = estimate_memory(
        config, r=p.lora_r, batch=p.batch_size, seq=p.seq_len, bytes_per=torch.finfo(dtype).bits // 8
    )
    ensure_fits(est, plan.device)
    console.print(
        f"样本 {len(enc.input_ids)} 条；预计内存 {est.total / 2**30:.2f} GiB（{est.describe()}）；"
        f"设备 {plan.device}，{str(dtype).removeprefix('torch.')}"
    )
    torch.manual_seed(seed)
    model = acc.prepare(build_model(plan, dtype))
    opt = torch.optim.AdamW([q for q in model.parameters() if q.requires_grad], lr=p.lr, weight_decay=0.0)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda(p.steps, max(1, p.steps // 10)))
    data_sha = sha256_tree(data_dir(home) / "train.jsonl")
    step, losses = _resume(plan, acc.unwrap_model(model), opt, sched, data_sha)
    return _loop(plan, acc, model, opt, sched, enc, tok, step, losses, data_sha)


def _loop(
    plan: Plan,
    acc: Any,
    model: Any,
    opt: Any,
    sched: Any,
    enc: Encoded,
    tok: Any,
    step: int,
    losses: list[float],
    data_sha: str,
) -> dict[str, Any]:
    p, started, tokens, done_here = plan.p, time.monotonic(), 0, 0
    model.train()
    with _progress() as bar:
        task = bar.add_task(
            "train", total=p.steps, completed=step, loss=losses[-1] if losses else 0.0, tps=0.0
        )
        while step < p.steps and (plan.stop_after is None or done_here < plan.stop_after):
            loss, n_tok = _step(
                model, enc, plan, step * p.grad_accum * acc.num_processes, tok.pad_token_id, acc
            )
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            step, done_here, tokens = step + 1, done_here + 1, tokens + n_tok
            losses.append(round(loss, 5))
            bar.update(task, completed=step, loss=loss, tps=tokens / max(time.monotonic() - started, 1e-9))
            if acc.is_main_process and (step % p.save_every == 0 or step == p.steps):
                checkpoint.save(
                    plan.out / "checkpoints",
                    step,
                    acc.unwrap_model(model),
                    opt,
                    sched,
                    {"losses": losses, "data_sha": data_sha},
                )
    acc.wait_for_everyone()
    return _finish(plan, acc, model, tok, enc, step, losses, tokens, started, data_sha)


def _finish(
    plan: Plan, acc: Any, model: Any, tok: Any, enc: Encoded, step: int, losses: list[float],
    tokens: int, started: float, data_sha: str,
) -> dict[str, Any]:  # fmt: skip
    """The run summary; a finished run also saves the adapter and writes run.json."""
    p = plan.p
    summary = {
        "preset": asdict(p),
        "base": str(plan.base),
        "step": step,
        "finished": step >= p.steps,
        "losses": losses,
        "tokens_this_call": tokens,
        "seconds_this_call": round(time.monotonic() - started, 2),
        "examples": len(enc.input_ids),
        "dropped_long": enc.dropped,
        "truncated": enc.truncated,
        "data_sha": data_sha,
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if acc.is_main_process and summary["finished"]:
        summary["adapter"] = str(_save_adapter(plan, acc.unwrap_model(model), tok))
        summary["adapter_sha"] = sha256_tree(plan.out / "adapter")
        write_json_atomic(plan.out / "run.json", summary)
        console.print(
            f"完成 {step} 步；loss {losses[0]:.4f} → {losses[-1]:.4f}；适配器：{summary['adapter']}"
        )
    elif not summary["finished"]:
        console.print(f"已在第 {step}/{p.steps} 步停下；再次运行同一命令即可继续")
    return summary


def _save_adapter(plan: Plan, model: Any, tok: Any) -> Path:
    """The finished adapter (peft format, servable by vLLM --lora-modules), swapped in whole."""
    tmp = plan.out / ".adapter.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    tok.save_pretrained(tmp)
    replace_dir(tmp, plan.out / "adapter")
    return plan.out / "adapter"

