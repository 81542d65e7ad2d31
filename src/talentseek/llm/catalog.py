"""Catalog of DeepSeek models TalentSeek knows how to fetch or reach.

GGUF files: bartowski's quantizations of deepseek-ai/DeepSeek-R1-Distill-Qwen-* on Hugging Face (sizes as
listed there, rounded; sha256 unknown unless filled in, in which case pull verifies it). RAM need is the
file size plus the KV cache at 4k context plus about 0.5 GB of runtime, rounded up.
V3/R1 (671B MoE) do not fit one CPU box: they are reached through an engine (vLLM/SGLang/DeepSeek API).
"""

from __future__ import annotations

from dataclasses import dataclass

GB = 1024**3


@dataclass(frozen=True)
class CatalogEntry:
    name: str
    repo: str
    file: str
    size_bytes: int
    ram_bytes: int
    params_b: float
    quant: str
    sha256: str | None = None
    kind: str = "gguf"  # gguf | engine
    note: str = ""

    def url(self, mirror: str) -> str:
        return f"{mirror.rstrip('/')}/{self.repo}/resolve/main/{self.file}"


def _gguf(size: str, quant: str, file_gb: float, ram_gb: float) -> CatalogEntry:
    base = f"DeepSeek-R1-Distill-Qwen-{size}"
    return CatalogEntry(
        name=f"deepseek-r1-distill-qwen-{size.lower()}-{quant.lower()}",
        repo=f"bartowski/{base}-GGUF",
        file=f"{base}-{quant}.gguf",
        size_bytes=int(file_gb * GB),
        ram_bytes=int(ram_gb * GB),
        params_b=float(size.rstrip("B")),
        quant=quant,
    )


CATALOG: tuple[CatalogEntry, ...] = (
    _gguf("1.5B", "Q4_K_M", 1.12, 2.0),
    _gguf("1.5B", "Q8_0", 1.89, 2.8),
    _gguf("7B", "Q4_K_M", 4.68, 6.0),
    _gguf("7B", "Q8_0", 8.10, 9.5),
    _gguf("14B", "Q4_K_M", 8.99, 11.0),
    _gguf("14B", "Q8_0", 15.70, 18.0),
    _gguf("32B", "Q4_K_M", 19.85, 23.0),
    _gguf("32B", "Q8_0", 34.82, 38.0),
    CatalogEntry(
        "deepseek-v3",
        "deepseek-ai/DeepSeek-V3",
        "",
        0,
        0,
        671.0,
        "FP8",
        kind="engine",
        note="671B MoE：用 vLLM/SGLang 多卡部署，或 DeepSeek API；设置 TALENTSEEK_LLM_BACKEND=openai",
    ),
    CatalogEntry(
        "deepseek-r1",
        "deepseek-ai/DeepSeek-R1",
        "",
        0,
        0,
        671.0,
        "FP8",
        kind="engine",
        note="671B MoE：用 vLLM/SGLang 多卡部署，或 DeepSeek API；设置 TALENTSEEK_LLM_BACKEND=openai",
    ),
)


def find(name: str) -> CatalogEntry | None:
    return next((e for e in CATALOG if e.name == name.lower()), None)
