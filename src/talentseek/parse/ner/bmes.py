"""ResumeNER's BMES format: reading it, turning tags into entity spans, scoring spans."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from talentseek.errors import InputError


@dataclass(frozen=True)
class Entity:
    """An entity found in a text: `text == source[start:end]`."""

    type: str
    text: str
    start: int
    end: int


Sentence = tuple[list[str], list[str]]


def read_bmes(path: Path) -> list[Sentence]:
    """Sentences of (chars, tags) from a file with one `char TAG` per line, blank line between."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"无法读取 BMES 文件（{exc.__class__.__name__}），请确认是 UTF-8 文本", file=str(path)
        ) from exc
    sentences: list[Sentence] = []
    chars: list[str] = []
    tags: list[str] = []
    for number, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            if chars:
                sentences.append((chars, tags))
                chars, tags = [], []
            continue
        if len(parts) != 2:
            raise InputError("每行应为“字符 标签”两列", file=str(path), row=number)
        chars.append(parts[0])
        tags.append(parts[1])
    if chars:
        sentences.append((chars, tags))
    return sentences


def spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) spans from BMES tags; broken sequences yield nothing (strict, as conlleval)."""
    found: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if prefix == "S":
            found.append((i, i + 1, label))
            start = -1
        elif prefix == "B":
            start, kind = i, label
        elif prefix == "M":
            if label != kind:
                start = -1
        elif prefix == "E":
            if start >= 0 and label == kind:
                found.append((start, i + 1, label))
            start = -1
        else:
            start = -1
    return found


def score(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> dict[str, float | int]:
    """Entity-level precision/recall/F1 (exact span and type) over paired tag sequences."""
    n_gold = n_pred = n_ok = n_sent = 0
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(spans(g)), set(spans(p))
        n_gold, n_pred, n_ok, n_sent = n_gold + len(gs), n_pred + len(ps), n_ok + len(gs & ps), n_sent + 1
    precision = n_ok / n_pred if n_pred else 0.0
    recall = n_ok / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "sentences": n_sent}
