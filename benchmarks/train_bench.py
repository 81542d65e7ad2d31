"""LoRA training throughput and peak memory at DeepSeek-R1-Distill-Qwen-1.5B's exact shapes (random weights).

    python benchmarks/train_bench.py                 # CPU: bf16 and fp32 (fp32 is the baseline), seq 512
    python benchmarks/train_bench.py --quick         # 4 of the 28 layers, 2 timed steps (the table says so)
    python benchmarks/train_bench.py --device cuda   # GPU: bf16 and fp32, peak CUDA memory and MFU

Each configuration runs in its own subprocess so its peak RSS is its own. LoRA r=8 on all linear layers,
gradient checkpointing, batch 1, the same settings `talentseek train run` uses. MFU counts model FLOPs as
4·N·tokens (frozen weights: forward 2N plus input-gradient backward 2N; recomputation not counted).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from typing import Any

# config.json of deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B
R1_1_5B = {
    "hidden_size": 1536,
    "intermediate_size": 8960,
    "num_hidden_layers": 28,
    "num_attention_heads": 12,
    "num_key_value_heads": 2,
    "vocab_size": 151936,
    "max_position_embeddings": 131072,
    "rope_theta": 10000.0,
    "rms_norm_eps": 1e-6,
    "tie_word_embeddings": False,
}
PEAK_BF16_TFLOPS = {"H200": 989.0, "H100": 989.0, "A100": 312.0, "L40S": 362.0, "A10": 125.0, "4090": 165.0}


def build(layers: int, dtype: Any, device: str) -> Any:
    """The 1.5B-shaped Qwen2 with random N(0, 0.02) weights and a LoRA adapter, ready to train."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import Qwen2Config, Qwen2ForCausalLM

    from talentseek.train.model import LORA_TARGETS, quiet_peft

    cfg = Qwen2Config(**{**R1_1_5B, "num_hidden_layers": layers}, use_cache=False)
    torch.manual_seed(0)
    with torch.device(device):
        model = Qwen2ForCausalLM(cfg).to(dtype)
    model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
    with quiet_peft():
        return get_peft_model(model, LoraConfig(r=8, lora_alpha=16, target_modules=list(LORA_TARGETS)))


def one(device: str, dtype_name: str, layers: int, seq: int, steps: int) -> dict[str, Any]:
    """Time `steps` LoRA steps (after one warm-up) in this process; report tokens/s and peak memory."""
    import torch
    from transformers import Qwen2Config

    from talentseek.train.model import ensure_fits, estimate_memory

    dtype = torch.bfloat16 if dtype_name == "bf16" else torch.float32
    cfg = Qwen2Config(**{**R1_1_5B, "num_hidden_layers": layers})
    # refuse (an error row in the table) rather than push a shared machine into the OOM killer
    nbytes = 2 if dtype_name == "bf16" else 4
    ensure_fits(estimate_memory(cfg, r=8, batch=1, seq=seq, bytes_per=nbytes), device)
    model = build(layers, dtype, device)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    ids = torch.randint(0, R1_1_5B["vocab_size"], (1, seq), device=device)
    times: list[float] = []
    for _ in range(steps + 1):
        if device == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        model(input_ids=ids, labels=ids).loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        if device == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
        # a row after every step, so a run cut short by the timeout still reports what it measured
        print(json.dumps(_row(model, device, dtype_name, layers, seq, times)), flush=True)
    return _row(model, device, dtype_name, layers, seq, times)


def _row(
    model: Any, device: str, dtype_name: str, layers: int, seq: int, times: list[float]
) -> dict[str, Any]:
    """Mean over the timed steps; the first (warm-up: allocators, kernels) counts only when alone."""
    import torch

    timed = times[1:] or times
    n_params = sum(p.numel() for p in model.parameters())
    step_s = sum(timed) / len(timed)
    out = {
        "device": device,
        "dtype": dtype_name,
        "layers": layers,
        "seq": seq,
        "steps": len(times[1:]),
        "params": n_params,
        "step_s": step_s,
        "tokens_per_s": seq / step_s,
        "peak_rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20,
    }
    if device == "cuda":
        out["peak_cuda_gib"] = torch.cuda.max_memory_allocated() / 2**30
        out["gpu"] = torch.cuda.get_device_name()
        out["model_tflops"] = 4 * n_params * seq / step_s / 1e12
    return out


def mfu(row: dict[str, Any], peak: float | None) -> str:
    if "model_tflops" not in row:
        return "-"
    if peak is None:
        peak = next((v for k, v in PEAK_BF16_TFLOPS.items() if k in row["gpu"]), None)
    if peak is None:
        return "? (give --peak-tflops)"
    # fp32 on tensor cores runs as TF32 at about half the bf16 dense peak
    return f"{100 * row['model_tflops'] / (peak if row['dtype'] == 'bf16' else peak / 2):.1f}%"


def table(rows: list[dict[str, Any]], layers: int, peak: float | None) -> str:
    head = (
        f"{'device':<7}{'dtype':<6}{'layers':>7}{'seq':>5}{'params':>9}{'s/step':>9}{'tok/s':>8}"
        f"{'peak RSS GiB':>14}{'peak CUDA GiB':>15}{'MFU':>8}  steps"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        if "error" in r:
            lines.append(f"{r['device']:<7}{r['dtype']:<6} failed: {r['error']}")
            continue
        cuda = f"{r['peak_cuda_gib']:.2f}" if "peak_cuda_gib" in r else "-"
        lines.append(
            f"{r['device']:<7}{r['dtype']:<6}{r['layers']:>7}{r['seq']:>5}{r['params'] / 1e9:>8.2f}B"
            f"{r['step_s']:>9.2f}{r['tokens_per_s']:>8.1f}{r['peak_rss_gib']:>14.2f}{cuda:>15}"
            f"{mfu(r, peak):>8}  {r['steps']} timed {r.get('note', '')}"
        )
    if layers != R1_1_5B["num_hidden_layers"]:
        lines.append(
            f"reduced: {layers} of 28 layers (embedding and lm_head at full size), so s/step is lower and "
            "tok/s higher than the full model's"
        )
    lines.append(
        "LoRA r=8 on q,k,v,o,gate,up,down; gradient checkpointing; batch 1; fp32 is the baseline row"
    )
    return "\n".join(lines)


def _run(cmd: list[str], device: str, dt: str, timeout: int) -> dict[str, Any]:
    """The configuration's last reported row; on timeout the partial one, marked as such."""
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        out, err, note = res.stdout, res.stderr, "" if res.returncode == 0 else f"exit {res.returncode}"
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        err, note = "", f"timed out after {timeout}s"
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if not rows:
        return {"device": device, "dtype": dt, "error": note or (err.strip().splitlines() or ["?"])[-1]}
    return {**rows[-1], "note": note}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--quick", action="store_true", help="4 layers instead of 28, 2 timed steps")
    ap.add_argument("--seq", type=int, default=512)
    ap.add_argument("--steps", type=int, default=None, help="timed steps (default 3, --quick 2)")
    ap.add_argument("--dtypes", default="bf16,fp32")
    ap.add_argument("--peak-tflops", type=float, default=None, help="GPU bf16 dense peak, for MFU")
    ap.add_argument("--timeout", type=int, default=3600, help="seconds per configuration")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--layers", type=int, default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    layers = a.layers or (4 if a.quick else 28)
    steps = a.steps or (2 if a.quick else 3)
    if a.one:
        print(json.dumps(one(a.device, a.dtypes, layers, a.seq, steps)))
        return
    rows = []
    for dt in a.dtypes.split(","):
        cmd = [
            sys.executable,
            __file__,
            "--one",
            "--device",
            a.device,
            "--dtypes",
            dt,
            "--layers",
            str(layers),
            "--seq",
            str(a.seq),
            "--steps",
            str(steps),
        ]
        print(
            f"running {a.device} {dt} ({layers} layers, seq {a.seq}, {steps} timed steps)...", file=sys.stderr
        )
        rows.append(_run(cmd, a.device, dt, a.timeout))
    print(table(rows, layers, a.peak_tflops))


if __name__ == "__main__":
    main()
