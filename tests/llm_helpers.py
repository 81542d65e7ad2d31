"""Write small GGUF model files with the `gguf` package: random weights, a real byte-level BPE vocabulary.

Used by the LLM tests, the training tests and benchmarks/llm_bench.py (1.5B shapes at Q4_K_M).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

# DeepSeek-R1-Distill-Qwen style chat template, short enough for llama-cpp-python's jinja renderer
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}"
    "{% if m['role'] == 'system' %}{{ m['content'] }}"
    "{% elif m['role'] == 'user' %}<｜User｜>{{ m['content'] }}"
    "{% else %}<｜Assistant｜>{{ m['content'] }}<｜end▁of▁sentence｜>{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}<｜Assistant｜>{% endif %}"
)
SPECIALS = (
    "<｜begin▁of▁sentence｜>",
    "<｜end▁of▁sentence｜>",
    "<｜User｜>",
    "<｜Assistant｜>",
    "<think>",
    "</think>",
)
WORDS = (
    "青岛",
    "济南",
    "工程师",
    "岗位",
    "薪资",
    "经验",
    "Java",
    "Python",
    "招聘",
    "北京",
    "上海",
    "the",
    "ing",
)


@dataclass(frozen=True)
class Shape:
    arch: str = "qwen2"
    n_vocab: int = 0  # 0: just the base vocabulary; larger: padded with filler tokens
    n_embd: int = 64
    n_head: int = 4
    n_head_kv: int = 2
    n_layer: int = 2
    n_ff: int = 128
    n_ctx: int = 2048


TINY = Shape()
# DeepSeek-R1-Distill-Qwen-1.5B (config.json of deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B)
QWEN_1_5B = Shape("qwen2", 151936, 1536, 12, 2, 28, 8960, 131072)


def byte_to_unicode() -> dict[int, str]:
    """GPT-2's reversible byte → printable character map (openai/gpt-2 encoder.py)."""
    bs = (
        list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), 256))
    )
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs, strict=True)}


def vocabulary(n_vocab: int = 0) -> tuple[list[str], list[int], list[str]]:
    """(tokens, token types, merges): 256 byte tokens, merged words incl. Chinese, specials, filler."""
    b2u = byte_to_unicode()
    tokens = [b2u[b] for b in range(256)]
    merges: list[str] = []
    seen = set(tokens)
    for word in WORDS:
        chars = [b2u[b] for b in word.encode("utf-8")]
        left = chars[0]
        for ch in chars[1:]:
            if left + ch not in seen:
                merges.append(f"{left} {ch}")
                tokens.append(left + ch)
                seen.add(left + ch)
            left += ch
    types = [1] * len(tokens)
    tokens += list(SPECIALS)
    types += [3] * len(SPECIALS)
    while len(tokens) < n_vocab:
        tokens.append(f"<filler_{len(tokens)}>")
        types.append(4)  # user-defined: never produced by the BPE merges
    return tokens, types, merges


def write_gguf(path: Path, shape: Shape = TINY, *, quant: str = "f32", seed: int = 0) -> Path:
    """Write a runnable GGUF with random weights; quant is f32 (tiny tests) or q4_k_m (benchmarks)."""
    import gguf

    rng = np.random.default_rng(seed)
    tokens, types, merges = vocabulary(shape.n_vocab)
    w = gguf.GGUFWriter(str(path), shape.arch)
    _write_metadata(w, shape, quant)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("qwen2")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(tokens.index(SPECIALS[0]))
    w.add_eos_token_id(tokens.index(SPECIALS[1]))
    w.add_add_bos_token(True)
    w.add_chat_template(CHAT_TEMPLATE)
    for name, dims, qtype in _tensor_plan(shape, len(tokens), quant):
        _add_tensor(w, gguf, rng, name, dims, qtype)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def _write_metadata(w: object, s: Shape, quant: str) -> None:
    w.add_context_length(s.n_ctx)  # type: ignore[attr-defined]
    w.add_embedding_length(s.n_embd)  # type: ignore[attr-defined]
    w.add_block_count(s.n_layer)  # type: ignore[attr-defined]
    w.add_feed_forward_length(s.n_ff)  # type: ignore[attr-defined]
    w.add_head_count(s.n_head)  # type: ignore[attr-defined]
    w.add_head_count_kv(s.n_head_kv)  # type: ignore[attr-defined]
    w.add_rope_dimension_count(s.n_embd // s.n_head)  # type: ignore[attr-defined]
    w.add_rope_freq_base(10000.0)  # type: ignore[attr-defined]
    w.add_layer_norm_rms_eps(1e-6)  # type: ignore[attr-defined]
    w.add_file_type(15 if quant == "q4_k_m" else 0)  # type: ignore[attr-defined]  # 15 = MOSTLY_Q4_K_M


def _tensor_plan(s: Shape, n_vocab: int, quant: str) -> list[tuple[str, tuple[int, ...], str]]:
    """(name, numpy shape (rows, cols), type) per tensor; Q4_K_M keeps output, attn_v, half ffn_down Q6_K."""
    kv = s.n_embd // s.n_head * s.n_head_kv
    q4, q6 = ("q4_k", "q6_k") if quant == "q4_k_m" else ("f32", "f32")
    plan: list[tuple[str, tuple[int, ...], str]] = [
        ("token_embd.weight", (n_vocab, s.n_embd), q4),
        ("output_norm.weight", (s.n_embd,), "f32"),
        ("output.weight", (n_vocab, s.n_embd), q6),
    ]
    for i in range(s.n_layer):
        b = f"blk.{i}."
        plan += [
            (b + "attn_norm.weight", (s.n_embd,), "f32"),
            (b + "attn_q.weight", (s.n_embd, s.n_embd), q4),
            (b + "attn_k.weight", (kv, s.n_embd), q4),
            (b + "attn_v.weight", (kv, s.n_embd), q6),
            (b + "attn_output.weight", (s.n_embd, s.n_embd), q4),
            (b + "ffn_norm.weight", (s.n_embd,), "f32"),
            (b + "ffn_gate.weight", (s.n_ff, s.n_embd), q4),
            (b + "ffn_up.weight", (s.n_ff, s.n_embd), q4),
            (b + "ffn_down.weight", (s.n_embd, s.n_ff), q6 if i % 2 == 0 else q4),
        ]
        if s.arch == "qwen2":
            plan += [
                (b + "attn_q.bias", (s.n_embd,), "f32"),
                (b + "attn_k.bias", (kv,), "f32"),
                (b + "attn_v.bias", (kv,), "f32"),
            ]
    return plan


def _add_tensor(
    w: object, gguf: object, rng: np.random.Generator, name: str, dims: tuple[int, ...], qtype: str
) -> None:
    if qtype == "f32":
        base = np.ones(dims) if name.endswith("norm.weight") else rng.normal(0, 0.02, dims)
        w.add_tensor(name, base.astype(np.float32))  # type: ignore[attr-defined]
        return
    rows, cols = dims
    data = _random_k_blocks(rng, rows, cols // 256, qtype)
    qt = gguf.GGMLQuantizationType.Q4_K if qtype == "q4_k" else gguf.GGMLQuantizationType.Q6_K  # type: ignore[attr-defined]
    w.add_tensor(name, data, raw_dtype=qt)  # type: ignore[attr-defined]


def _random_k_blocks(rng: np.random.Generator, rows: int, nblocks: int, qtype: str) -> np.ndarray:
    """Random K-quant blocks with small finite f16 scales (gguf.quants cannot quantize to Q4_K/Q6_K)."""
    size = 144 if qtype == "q4_k" else 210
    blocks = rng.integers(0, 256, size=(rows, nblocks, size), dtype=np.uint8)
    scale = np.array([0.001], dtype=np.float16).view(np.uint8)
    if qtype == "q4_k":  # d and dmin are the first two f16 values
        blocks[:, :, 0:2] = scale
        blocks[:, :, 2:4] = scale
    else:  # Q6_K: d is the last f16 value
        blocks[:, :, 208:210] = scale
    return blocks.reshape(rows, nblocks * size)
