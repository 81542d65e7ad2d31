"""Turn chat examples into token ids with the base model's own chat template; loss on answers only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

IGNORE = -100  # label value torch's cross-entropy skips: prompt tokens carry no loss


def prompt_text(tokenizer: Any, messages: list[dict[str, str]]) -> str:
    """The prompt as the base model's template renders it, ending where the assistant starts."""
    return str(tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False))


def answer_text(tokenizer: Any, prompt: str, answer: str) -> str:
    """The answer plus end-of-turn; R1-style templates open <think> in the prompt, so close it empty."""
    prefix = "</think>\n\n" if prompt.rstrip().endswith("<think>") else ""
    return prefix + answer + str(tokenizer.eos_token)


@dataclass
class Encoded:
    input_ids: list[list[int]] = field(default_factory=list)
    labels: list[list[int]] = field(default_factory=list)
    dropped: int = 0
    truncated: int = 0


def encode_one(
    tokenizer: Any, messages: list[dict[str, str]], seq_len: int, truncate: bool
) -> tuple[list[int], list[int]] | str:
    """(ids, labels), or the reason it was skipped: 'long' (over context) or 'empty'."""
    prompt = prompt_text(tokenizer, messages[:-1])
    p_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    a_ids = tokenizer(answer_text(tokenizer, prompt, messages[-1]["content"]), add_special_tokens=False)[
        "input_ids"
    ]
    if not a_ids:
        return "empty"
    if len(p_ids) + len(a_ids) > seq_len:
        if not truncate or len(p_ids) >= seq_len - 8:
            return "long"
        a_ids = a_ids[: seq_len - len(p_ids)]
    return p_ids + a_ids, [IGNORE] * len(p_ids) + a_ids


def encode_all(
    tokenizer: Any, rows: Iterable[dict[str, Any]], seq_len: int, truncate: bool = False
) -> Encoded:
    """Encode every row; too-long ones are dropped (or truncated) and counted."""
    out = Encoded()
    for row in rows:
        msgs = row["messages"]
        res = encode_one(tokenizer, msgs, seq_len, truncate)
        if isinstance(res, str):
            out.dropped += 1
            continue
        ids, labels = res
        full = len(
            tokenizer(answer_text(tokenizer, "", msgs[-1]["content"]), add_special_tokens=False)["input_ids"]
        )
        out.truncated += int(len(ids) - labels.count(IGNORE) < full)
        out.input_ids.append(ids)
        out.labels.append(labels)
    return out


def collate(batch: list[tuple[list[int], list[int]]], pad_id: int) -> dict[str, Any]:
    """Right-pad a batch into tensors: input_ids, attention_mask, labels."""
    import torch

    width = max(len(ids) for ids, _ in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for i, (x, y) in enumerate(batch):
        ids[i, : len(x)], labels[i, : len(y)], mask[i, : len(x)] = torch.tensor(x), torch.tensor(y), 1
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}
