"""Pure scoring functions for the specialist's evaluation (no torch)."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

NUMBER = re.compile(r"\d+(?:\.\d+)?")
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+#.\-]*")
CJK = re.compile(r"[\u4e00-\u9fff]+")
CLAUSE_SPLIT = re.compile(r"[。；;！!？?\n]+")
# Template words an explanation may use without a reason backing them.
BOILERPLATE = "该候选人与岗位的匹配点不足之处需要注意满足要求符合具备有交集"
SUPPORT_RATIO = 0.6


def parse_json_answer(text: str) -> Any:
    """The first JSON object in a model answer (after any </think>), or None."""
    text = text.split("</think>")[-1]
    start = text.find("{")
    while start != -1:
        depth = 0
        for i in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0:
                try:
                    return json.loads(text[start : i + 1])
                except json.JSONDecodeError:
                    break
        start = text.find("{", start + 1)
    return None


def _norm(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value).lower()
    if isinstance(value, (int, float)):
        return f"{float(value):g}"
    return unicodedata.normalize("NFKC", str(value)).strip().lower()


def flatten(obj: Any, prefix: str = "") -> set[tuple[str, str]]:
    """(field path, normalised value) pairs; list items are separate pairs; null/empty fields are omitted."""
    out: set[tuple[str, str]] = set()
    if isinstance(obj, dict):
        for k, v in obj.items():
            out |= flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(obj, list):
        for item in obj:
            out |= flatten(item, prefix + "[]")
    elif obj is not None and obj != "":
        out.add((prefix, _norm(obj)))
    return out


def field_f1(preds: Sequence[Any], refs: Sequence[Any]) -> float:
    """Micro-averaged field-level F1 over (field, value) pairs; an unparsable answer predicts nothing."""
    tp = n_pred = n_ref = 0
    for p, r in zip(preds, refs, strict=True):
        ps, rs = flatten(p) if isinstance(p, dict) else set(), flatten(r)
        tp, n_pred, n_ref = tp + len(ps & rs), n_pred + len(ps), n_ref + len(rs)
    if n_pred == 0 or n_ref == 0:
        return 0.0
    precision, recall = tp / n_pred, tp / n_ref
    return 0.0 if tp == 0 else 2 * precision * recall / (precision + recall)


def exact_match(preds: Sequence[Any], refs: Sequence[Any]) -> float:
    """Share of answers whose parsed JSON equals the reference (same fields, same normalised values)."""
    if not refs:
        return 0.0
    hits = sum(isinstance(p, dict) and flatten(p) == flatten(r) for p, r in zip(preds, refs, strict=True))
    return hits / len(refs)


def claims(text: str) -> list[str]:
    """The clauses of an explanation, each one claim."""
    text = unicodedata.normalize("NFKC", text.split("</think>")[-1])
    return [c.strip(" ，,：:") for c in CLAUSE_SPLIT.split(text) if c.strip(" ，,：:")]


def _bigrams(text: str) -> set[str]:
    return {run[i : i + 2] for run in CJK.findall(text) for i in range(max(len(run) - 1, 0))} | {
        run for run in CJK.findall(text) if len(run) == 1
    }


def claim_supported(claim: str, reasons: Sequence[str]) -> bool:
    """A claim is traceable when its numbers and Latin terms all occur in the reasons, and most of its
    Chinese bigrams occur in one reason (template words excepted)."""
    joined = unicodedata.normalize("NFKC", " ".join(reasons)).lower()
    c = claim.lower()
    if any(n not in NUMBER.findall(joined) for n in NUMBER.findall(c)):
        return False
    if any(t.lower() not in joined for t in LATIN.findall(claim)):
        return False
    grams = _bigrams(c) - _bigrams(BOILERPLATE)
    if not grams:
        return bool(NUMBER.findall(c) or LATIN.findall(claim))
    best = max((len(grams & _bigrams(unicodedata.normalize("NFKC", r).lower())) for r in reasons), default=0)
    return best / len(grams) >= SUPPORT_RATIO


def faithful(explanation: str, reasons: Sequence[str]) -> bool:
    """True when the explanation says something and every claim in it is traceable to a reason."""
    cs = claims(explanation)
    return bool(cs) and all(claim_supported(c, reasons) for c in cs)


def fact_recall(pred: str, ref: str) -> float:
    """Share of the reference's facts (numbers, Latin terms, 2+ char Chinese runs) found in the answer."""
    facts = (
        set(NUMBER.findall(ref))
        | {t.lower() for t in LATIN.findall(ref)}
        | {w for w in re.split(r"[^\u4e00-\u9fff]+", ref) if len(w) >= 2}
    )
    if not facts:
        return 0.0
    p = unicodedata.normalize("NFKC", pred).lower()
    return sum(f in p for f in facts) / len(facts)


def general_score(mean_nll: float) -> float:
    """exp(-NLL per answer token): the geometric-mean probability of the base model's own replies."""
    return math.exp(-mean_nll) if math.isfinite(mean_nll) else 0.0


def decide(
    domain_base: float,
    domain_spec: float,
    general_base: float,
    general_spec: float,
    margin: float,
    min_gain: float = 0.02,
) -> dict[str, bool]:
    """Promotion rule: the specialist must beat the base on the domain by at least `min_gain` (a few held-out
    examples move the mean by noise) and not lose more than `margin` (absolute) on the general set."""
    wins = domain_spec - domain_base >= min_gain and domain_spec > domain_base
    holds = general_spec >= general_base - margin
    return {"wins_domain": wins, "holds_general": holds, "passed": wins and holds}
