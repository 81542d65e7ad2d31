"""Greedy generation and answer likelihood with a loaded model (used for replay data and evaluation)."""

from __future__ import annotations

import math
from typing import Any

from talentseek.train.chat import IGNORE, collate, encode_one, prompt_text


def generate(
    model: Any,
    tokenizer: Any,
    conversations: list[list[dict[str, str]]],
    *,
    max_new_tokens: int,
    batch_size: int = 8,
    sample_seed: int | None = None,
) -> list[str]:
    """The model's answer to each conversation (its last turn is the user's): greedy, or sampled at
    DeepSeek-R1's recommended temperature 0.6 / top-p 0.95 when `sample_seed` is given (reproducible)."""
    import torch

    sampling: dict[str, Any] = {"do_sample": False}
    if sample_seed is not None:
        torch.manual_seed(sample_seed)
        sampling = {"do_sample": True, "temperature": 0.6, "top_p": 0.95, "top_k": 0}

    tokenizer.padding_side = "left"
    out: list[str] = []
    for i in range(0, len(conversations), batch_size):
        texts = [prompt_text(tokenizer, c) for c in conversations[i : i + batch_size]]
        enc = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False).to(model.device)
        with torch.no_grad():
            gen = model.generate(
                **enc,
                max_new_tokens=max_new_tokens,
                **sampling,
                pad_token_id=tokenizer.pad_token_id,
                eos_token_id=tokenizer.eos_token_id,
            )
        new = gen[:, enc["input_ids"].shape[1] :]
        out += [t.strip() for t in tokenizer.batch_decode(new, skip_special_tokens=True)]
    tokenizer.padding_side = "right"
    return out


def answer_nll(model: Any, tokenizer: Any, conversations: list[list[dict[str, str]]], seq_len: int) -> float:
    """Mean negative log-likelihood per answer token of the given answers (last turn of each)."""
    import torch

    total, count = 0.0, 0
    for conv in conversations:
        enc = encode_one(tokenizer, conv, seq_len, truncate=True)
        if isinstance(enc, str):
            continue
        batch = {k: v.to(model.device) for k, v in collate([enc], tokenizer.pad_token_id).items()}
        with torch.no_grad():
            logits = model(
                input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]
            ).logits.float()
        labels = batch["labels"][:, 1:]
        loss = torch.nn.functional.cross_entropy(
            logits[:, :-1].transpose(1, 2), labels, ignore_index=IGNORE, reduction="sum"
        )
        total, count = total + float(loss), count + int((labels != IGNORE).sum())
    return total / count if count else math.inf
