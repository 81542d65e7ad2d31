"""Load a base model for training or inference, check it is one we can train and export, and estimate
memory before starting."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from talentseek.errors import InputError

SUPPORTED_ARCHS = ("qwen2",)  # DeepSeek-R1-Distill-Qwen-1.5B/7B/14B/32B are Qwen2; export writes Qwen2 GGUF
LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
GIB = 1 << 30


@contextmanager
def quiet_peft() -> Iterator[None]:
    """peft reads transformers' deprecated `is_gradient_checkpointing`; that FutureWarning is not ours."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
        yield


def pick_device(requested: str | None = None) -> str:
    import torch

    if requested:
        return requested
    return "cuda" if torch.cuda.is_available() else "cpu"


def pick_dtype(name: str, device: str) -> Any:
    """bf16 where the device supports it (CPU always can; CUDA from Ampere), else fp32."""
    import torch

    if name == "bfloat16" and (device == "cpu" or torch.cuda.is_bf16_supported()):
        return torch.bfloat16
    return torch.float32


def check_base(path: Path) -> tuple[Any, Any]:
    """(config, tokenizer) of a base folder; InputError if the architecture or chat template is unknown."""
    from transformers import AutoConfig, AutoTokenizer

    if not (path / "config.json").is_file():
        raise InputError("不是 Hugging Face 模型目录（缺少 config.json）", file=str(path))
    try:
        config = AutoConfig.from_pretrained(path)
    except (ValueError, KeyError) as err:
        raise InputError(
            f"无法识别的模型配置（{err}）；支持的架构：{'、'.join(SUPPORTED_ARCHS)}",
            file=str(path / "config.json"),
        ) from None
    if config.model_type not in SUPPORTED_ARCHS:
        raise InputError(
            f"不支持的模型架构 {config.model_type}；支持：{'、'.join(SUPPORTED_ARCHS)}"
            "（DeepSeek-R1-Distill-Qwen 系列即 qwen2）",
            file=str(path / "config.json"),
        )
    tokenizer = AutoTokenizer.from_pretrained(path)
    if not getattr(tokenizer, "chat_template", None):
        raise InputError(
            "基础模型没有聊天模板（chat_template），无法按它的格式构造训练样本；"
            "请使用带 chat_template 的 tokenizer_config.json 或 chat_template.jinja",
            file=str(path),
        )
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return config, tokenizer


def load(path: Path, dtype: Any, device: str, adapter: Path | None = None) -> tuple[Any, Any]:
    """(model, tokenizer); with `adapter`, the LoRA adapter on top (not merged)."""
    from transformers import AutoModelForCausalLM

    _, tokenizer = check_base(path)
    model: Any = AutoModelForCausalLM.from_pretrained(path, dtype=dtype)
    model = model.to(device)
    if adapter is not None:
        from peft import PeftModel

        with quiet_peft():
            model = PeftModel.from_pretrained(model, adapter)
    model.eval()
    return model, tokenizer


def count_params(cfg: Any) -> int:
    """Parameters of a Qwen2-style decoder from its config, without building it."""
    h, inter, layers, vocab = cfg.hidden_size, cfg.intermediate_size, cfg.num_hidden_layers, cfg.vocab_size
    hd = getattr(cfg, "head_dim", None) or h // cfg.num_attention_heads
    q, kv = cfg.num_attention_heads * hd, cfg.num_key_value_heads * hd
    attn = h * q + q + 2 * (h * kv + kv) + q * h
    per_layer = attn + 3 * h * inter + 2 * h
    embed = vocab * h * (1 if cfg.tie_word_embeddings else 2)
    return int(embed + layers * per_layer + h)


def lora_params(cfg: Any, r: int) -> int:
    h, inter = cfg.hidden_size, cfg.intermediate_size
    hd = getattr(cfg, "head_dim", None) or h // cfg.num_attention_heads
    q, kv = cfg.num_attention_heads * hd, cfg.num_key_value_heads * hd
    shapes = [(h, q), (h, kv), (h, kv), (q, h), (h, inter), (h, inter), (inter, h)]
    return int(cfg.num_hidden_layers * sum(r * (a + b) for a, b in shapes))


@dataclass(frozen=True)
class MemoryEstimate:
    weights: int
    adapter_and_optimizer: int
    activations: int
    overhead: int

    @property
    def total(self) -> int:
        return self.weights + self.adapter_and_optimizer + self.activations + self.overhead

    def describe(self) -> str:
        parts = (
            ("权重", self.weights),
            ("LoRA+优化器", self.adapter_and_optimizer),
            ("激活与 logits", self.activations),
            ("运行时开销", self.overhead),
        )
        return "、".join(f"{k} {v / GIB:.2f} GiB" for k, v in parts)


def estimate_memory(cfg: Any, *, r: int, batch: int, seq: int, bytes_per: int) -> MemoryEstimate:
    """Peak training memory with gradient checkpointing: frozen weights, fp32 LoRA weights/grads/Adam
    moments (16 B/param), one hidden state per layer, one layer's recompute, and fp32 logits ×3."""
    h, inter, vocab = cfg.hidden_size, cfg.intermediate_size, cfg.vocab_size
    tokens = batch * seq
    acts = tokens * h * bytes_per * cfg.num_hidden_layers  # checkpointed layer inputs
    acts += tokens * (12 * h + 4 * inter) * bytes_per  # one layer's recomputed intermediates
    acts += batch * cfg.num_attention_heads * seq * seq * bytes_per  # attention scores (non-flash path)
    acts += tokens * vocab * 4 * 3  # logits, their softmax and gradient in fp32
    weights = count_params(cfg) * bytes_per
    return MemoryEstimate(weights, lora_params(cfg, r) * 16, int(acts), int(weights * 0.1) + GIB // 2)


def available_memory(device: str) -> int:
    """Bytes free on the device: CUDA free memory, else MemAvailable of the host."""
    if device.startswith("cuda"):
        import torch

        return int(torch.cuda.mem_get_info()[0])
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except ImportError:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return 0


def ensure_fits(est: MemoryEstimate, device: str) -> None:
    """Refuse before loading anything when the estimate does not fit, with the numbers."""
    avail = available_memory(device)
    if avail and est.total > avail * 0.9:
        raise InputError(
            f"预计需要 {est.total / GIB:.1f} GiB 内存（{est.describe()}），"
            f"{device} 可用仅 {avail / GIB:.1f} GiB。"
            "请换更小的 --preset、减小 --seq-len 或 --batch-size，或换到内存更大的机器/GPU"
        )
