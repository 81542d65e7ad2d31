"""The `tiny` preset's base model: a BPE tokenizer trained on the dataset's own texts and a small,
randomly initialised Qwen2 (the architecture of the DeepSeek-R1-Distill-Qwen models). No downloads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from talentseek.train.common import replace_dir

# Qwen2's pre-tokenizer split (tokenizer.json of Qwen/Qwen2-*), which llama.cpp knows as pre-type "qwen2".
QWEN2_SPLIT = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+"
    r"|\s+(?!\S)|\s+"
)
SPECIALS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")
CHATML = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + "
    "'<|im_end|>' + '\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
TINY_SHAPE = {
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "max_position_embeddings": 512,
}


def build_tokenizer(texts: Iterable[str], vocab_size: int = 1200) -> Any:
    """A byte-level BPE with Qwen2's split rule and a ChatML template, as a transformers tokenizer."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(QWEN2_SPLIT), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=list(SPECIALS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    fast = PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=tok,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=["<|im_start|>"],
    )
    fast.chat_template = CHATML
    return fast


def tiny_config(tokenizer: Any, **shape: int) -> Any:
    """A Qwen2 config of TINY_SHAPE (overridable) whose vocabulary is the tokenizer's."""
    from transformers import Qwen2Config

    dims: dict[str, Any] = {**TINY_SHAPE, **shape}
    return Qwen2Config(
        vocab_size=len(tokenizer),
        tie_word_embeddings=True,
        rms_norm_eps=1e-6,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.pad_token_id,
        use_cache=True,
        **dims,
    )


def build_tiny_base(texts: Iterable[str], out: Path, *, seed: int = 0) -> Path:
    """Train the tokenizer, initialise the model with `seed` and save both to `out` (atomically)."""
    import torch
    from transformers import Qwen2ForCausalLM

    tokenizer = build_tokenizer(texts)
    torch.manual_seed(seed)
    model = Qwen2ForCausalLM(tiny_config(tokenizer))
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    tmp = out.with_name(out.name + ".tmp")
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    replace_dir(tmp, out)
    return out
