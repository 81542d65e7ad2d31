"""`model check`: what this machine has, which catalog models fit, and how fast they should run.

Decode speed on CPU is bounded by memory bandwidth: every token reads all weights once, so
tokens/s ≤ bandwidth / model bytes. We measure bandwidth with a numpy copy and scale by the
fraction llama.cpp reaches in practice (measured in benchmarks/llm_bench.py; ~0.5-0.7 on CPUs).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from talentseek.llm.catalog import CATALOG

DECODE_EFFICIENCY = 0.6


@dataclass(frozen=True)
class Machine:
    ram_bytes: int
    available_bytes: int
    cores: int
    gpus: list[dict[str, Any]] = field(default_factory=list)
    bandwidth_bytes_s: float = 0.0


def _meminfo() -> tuple[int, int]:
    total = avail = 0
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                key, _, rest = line.partition(":")
                kb = int(rest.split()[0]) * 1024
                total = kb if key == "MemTotal" else total
                avail = kb if key == "MemAvailable" else avail
    except (OSError, ValueError, IndexError):
        pages = os.sysconf("SC_PHYS_PAGES") if hasattr(os, "sysconf") else 0
        total = avail = int(pages * os.sysconf("SC_PAGE_SIZE")) if pages else 0
    return total, avail


def gpus() -> list[dict[str, Any]]:
    """GPUs from nvidia-smi, if it is installed and answers within a few seconds."""
    exe = shutil.which("nvidia-smi")
    if not exe:
        return []
    try:
        out = subprocess.run(
            [exe, "--query-gpu=name,memory.total", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (subprocess.SubprocessError, OSError):
        return []
    rows = [line.split(",") for line in out.strip().splitlines() if "," in line]
    return [{"name": n.strip(), "memory_bytes": int(float(m)) * 1024 * 1024} for n, m in rows]


def memory_bandwidth(size_mb: int = 256, repeats: int = 3) -> float:
    """Bytes/s of a large numpy copy (read + write counted), best of `repeats`."""
    a = np.ones(size_mb * 1024 * 1024 // 8)
    b = np.empty_like(a)
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        np.copyto(b, a)
        best = min(best, time.perf_counter() - t)
    return 2 * a.nbytes / best


def read_machine(measure: bool = True) -> Machine:
    total, avail = _meminfo()
    return Machine(total, avail, os.cpu_count() or 1, gpus(), memory_bandwidth() if measure else 0.0)


def fits(m: Machine) -> list[dict[str, Any]]:
    """Each catalog GGUF with whether it fits in RAM now and its bandwidth-bound decode estimate."""
    rows = []
    for e in CATALOG:
        if e.kind != "gguf":
            rows.append({"name": e.name, "fits": False, "note": e.note})
            continue
        est = m.bandwidth_bytes_s * DECODE_EFFICIENCY / e.size_bytes if m.bandwidth_bytes_s else None
        rows.append(
            {
                "name": e.name,
                "size_bytes": e.size_bytes,
                "ram_bytes": e.ram_bytes,
                "fits": e.ram_bytes <= m.available_bytes,
                "est_decode_tokens_s": None if est is None else round(est, 1),
            }
        )
    return rows


def measure_speed(llm: Any, n_tokens: int = 16) -> dict[str, float]:
    """Prefill and decode tokens/s of a short real run on the active model."""
    prompt = [{"role": "user", "content": "请用一句话介绍济南的软件行业。" * 4}]
    t0 = time.perf_counter()
    first = llm.generate(prompt, max_tokens=1, temperature=0.0)
    t1 = time.perf_counter()
    out = llm.generate(prompt, max_tokens=n_tokens, temperature=0.0)
    t2 = time.perf_counter()
    # the second run finds the prompt in the KV cache, so its time is (almost all) decoding
    return {
        "prefill_tokens_s": round(first.usage.prompt_tokens / max(t1 - t0, 1e-9), 1),
        "decode_tokens_s": round(max(out.usage.completion_tokens, 1) / max(t2 - t1, 1e-9), 1),
    }
