"""Merge the LoRA adapter into the base (peft merge_and_unload) and write a GGUF for llama.cpp.

A small Qwen2 → GGUF converter on the `gguf` package (the architecture of DeepSeek-R1-Distill-Qwen):
hyper-parameters, the byte-level BPE vocabulary (tokens, types, merges), the chat template and the tensors
renamed with gguf's own Qwen2 name map. f32 or f16 (norms and biases stay f32, as llama.cpp expects).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from talentseek.errors import InputError
from talentseek.train.tiny import QWEN2_SPLIT

# llama.cpp token types (gguf.TokenType): NORMAL 1, CONTROL 3, USER_DEFINED 4, UNUSED 5
NORMAL, CONTROL, USER_DEFINED, UNUSED = 1, 3, 4, 5


def vocab(tokenizer: Any, n_vocab: int) -> tuple[list[str], list[int], list[str]]:
    """(tokens by id, token types, merges) from a fast tokenizer's BPE, padded to the embedding rows."""
    spec = json.loads(tokenizer.backend_tokenizer.to_str())
    if spec["model"]["type"] != "BPE":
        raise InputError(f"分词器类型 {spec['model']['type']} 不是 BPE，无法转换为 GGUF")
    by_id: dict[int, tuple[str, int]] = {i: (t, NORMAL) for t, i in spec["model"]["vocab"].items()}
    for added in spec.get("added_tokens", []):
        by_id[added["id"]] = (added["content"], CONTROL if added.get("special") else USER_DEFINED)
    if max(by_id) >= n_vocab:
        raise InputError(f"分词器有 {max(by_id) + 1} 个词元，多于模型词表 {n_vocab}")
    tokens = [by_id.get(i, (f"[PAD{i}]", UNUSED)) for i in range(n_vocab)]
    merges = [m if isinstance(m, str) else " ".join(m) for m in spec["model"].get("merges", [])]
    return [t for t, _ in tokens], [k for _, k in tokens], merges


def pre_tokenizer(tokenizer: Any) -> str:
    """llama.cpp's name for the pre-tokenizer: Qwen2's split rule (the R1 distills use it too) or refuse."""
    spec = json.loads(tokenizer.backend_tokenizer.to_str()).get("pre_tokenizer") or {}
    parts = spec.get("pretokenizers", [spec])
    patterns = [p.get("pattern", {}).get("Regex") for p in parts if p.get("type") == "Split"]
    if QWEN2_SPLIT not in patterns:
        raise InputError(
            "分词器的预分词规则不是 Qwen2 的，本转换器不认识；请改用 llama.cpp 的 convert_hf_to_gguf.py"
        )
    return "deepseek-r1-qwen" if "begin▁of▁sentence" in str(tokenizer.bos_token or "") else "qwen2"


def _rope_theta(cfg: Any) -> float:
    theta = getattr(cfg, "rope_theta", None) or (getattr(cfg, "rope_parameters", None) or {}).get(
        "rope_theta"
    )
    return float(theta or 10000.0)


def _metadata(w: Any, cfg: Any, tokenizer: Any, ftype: int) -> None:
    hd = getattr(cfg, "head_dim", None) or cfg.hidden_size // cfg.num_attention_heads
    w.add_name("talentseek-specialist")
    w.add_context_length(cfg.max_position_embeddings)
    w.add_embedding_length(cfg.hidden_size)
    w.add_block_count(cfg.num_hidden_layers)
    w.add_feed_forward_length(cfg.intermediate_size)
    w.add_head_count(cfg.num_attention_heads)
    w.add_head_count_kv(cfg.num_key_value_heads)
    w.add_rope_dimension_count(hd)
    w.add_rope_freq_base(_rope_theta(cfg))
    w.add_layer_norm_rms_eps(cfg.rms_norm_eps)
    w.add_file_type(ftype)
    tokens, types, merges = vocab(tokenizer, cfg.vocab_size)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre(pre_tokenizer(tokenizer))
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(merges)
    eos = tokenizer.eos_token_id
    bos = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.pad_token_id
    w.add_bos_token_id(bos if bos is not None else eos)
    w.add_eos_token_id(eos)
    w.add_pad_token_id(tokenizer.pad_token_id if tokenizer.pad_token_id is not None else eos)
    w.add_add_bos_token(bool(getattr(tokenizer, "add_bos_token", False)))
    if tokenizer.chat_template:
        w.add_chat_template(tokenizer.chat_template)


def write_gguf(model: Any, tokenizer: Any, out: Path, *, f16: bool) -> Path:
    """Write a Qwen2 causal LM (already merged, plain transformers) as GGUF to `out` (via out.part)."""
    import gguf
    import numpy as np

    cfg = model.config
    if cfg.model_type != "qwen2":
        raise InputError(f"GGUF 转换只支持 qwen2 架构，收到 {cfg.model_type}")
    tmap = gguf.get_tensor_name_map(gguf.MODEL_ARCH.QWEN2, cfg.num_hidden_layers)
    part = out.with_name(out.name + ".part")
    out.parent.mkdir(parents=True, exist_ok=True)
    w = gguf.GGUFWriter(str(part), "qwen2")
    _metadata(w, cfg, tokenizer, 1 if f16 else 0)  # file type 1 = MOSTLY_F16, 0 = ALL_F32
    for name, tensor in model.state_dict().items():
        if name == "lm_head.weight" and cfg.tie_word_embeddings:
            continue  # llama.cpp reuses token_embd when output.weight is absent
        new = tmap.get_name(name, try_suffixes=(".weight", ".bias"))
        if new is None:
            raise InputError(f"无法映射的张量 {name}：这不是标准的 Qwen2 权重")
        arr = tensor.detach().float().cpu().numpy()
        w.add_tensor(new, arr.astype(np.float16) if f16 and arr.ndim > 1 else arr.astype(np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    os.replace(part, out)
    return out


def merged(base: Path, adapter: Path) -> tuple[Any, Any]:
    """(base with the adapter merged in, in fp32 on CPU; its tokenizer)."""
    import torch

    from talentseek.train.model import load

    model, tok = load(base, torch.float32, "cpu", adapter=adapter)
    return model.merge_and_unload(), tok


def export(base: Path, adapter: Path, out: Path, *, f16: bool = True, hf_out: Path | None = None) -> Path:
    """Merge and write the GGUF (and, with `hf_out`, the merged Hugging Face folder for vLLM/SGLang)."""
    model, tok = merged(base, adapter)
    if hf_out is not None:
        model.save_pretrained(hf_out)
        tok.save_pretrained(hf_out)
    print(f"写出 GGUF（{'f16' if f16 else 'f32'}）：{out}", file=sys.stderr, flush=True)
    return write_gguf(model, tok, out, f16=f16)
