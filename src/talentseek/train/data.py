"""`talentseek train data`: SFT examples from the board's own records, masked, deduplicated and split
by time and company, plus a replay set of the base model's own answers to general prompts.

Writes home/train/data/{train,eval,general}.jsonl and manifest.json (each file swapped in whole).
"""

from __future__ import annotations

import hashlib
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select

from talentseek.errors import InputError
from talentseek.store import models as m
from talentseek.store.db import Database
from talentseek.train import tasks
from talentseek.train.common import (
    GENERAL,
    Preset,
    base_path,
    data_dir,
    preset,
    sha256_tree,
    write_json_atomic,
    write_jsonl_atomic,
)
from talentseek.train.pii import find_pii, mask_pii

MIN_TRAIN, MIN_EVAL = 8, 2
HELD_OUT_EVERY = 5  # every 5th general prompt is held out for the forgetting guard, never trained on


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def general_prompts() -> list[str]:
    text = resources.files("talentseek.train").joinpath("general_prompts.txt").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _job_record(j: m.Job) -> dict[str, Any]:
    return {
        "id": j.id,
        "company": j.company.name if j.company else None,
        "company_key": f"c{j.company_id}" if j.company_id else f"j{j.id}",
        "title": j.title,
        "description": j.description or "",
        "city": j.city,
        "district": j.district,
        "salary_text": j.salary_text,
        "salary": {
            "low": j.salary_low,
            "high": j.salary_high,
            "period": j.salary_period,
            "months": j.salary_months,
            "negotiable": j.salary_negotiable,
        },
        "salary_month_low": j.salary_month_low,
        "salary_month_high": j.salary_month_high,
        "exp_min": j.exp_min,
        "exp_max": j.exp_max,
        "fresh_ok": j.fresh_ok,
        "education": j.education,
        "job_type": j.job_type,
        "skills": list(j.skills or []),
        "benefits": list(j.benefits or []),
        "when": j.posted_at or j.updated_at,
    }


def _cand_record(c: m.Candidate) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "resume": dict(c.resume or {}),
        "resume_text": c.resume_text or "",
        "city": c.city,
        "education": c.highest_education,
        "years": c.years_experience,
        "skills": list(c.skills or []),
        "salary_low": c.intent_salary_low,
        "when": c.updated_at or c.created_at,
        "company_key": f"p{c.id}",
    }


def load_records(
    db: Database,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[int, int, Any]]]:
    """(jobs, candidates, (candidate_id, job_id, at) pairs from applications and invitations)."""
    with db.session() as s:
        jobs = [_job_record(j) for j in s.scalars(select(m.Job).where(m.Job.status == "open"))]
        cands = [_cand_record(c) for c in s.scalars(select(m.Candidate))]
        pairs = [
            (i.candidate_id, i.job_id, i.at)
            for i in s.scalars(
                select(m.Interaction).where(
                    m.Interaction.kind.in_(("apply", "invite", "interview", "offer", "hire"))
                )
            )
        ]
    return jobs, cands, pairs


class Splitter:
    """Eval = held-out companies AND on/after the time cutoff; train = the other companies before it."""

    def __init__(
        self,
        keys: Iterable[str],
        times: Iterable[datetime | None],
        *,
        eval_frac: float,
        eval_after: float,
        seed: int,
    ) -> None:
        ranked = sorted(set(keys), key=lambda k: hashlib.sha1(f"{seed}:{k}".encode()).hexdigest())
        n_eval = max(1, round(eval_frac * len(ranked))) if len(ranked) > 1 else 0
        self.eval_keys = set(ranked[:n_eval])
        dated = sorted(t for t in times if t is not None)
        self.cutoff = dated[min(int(eval_after * len(dated)), len(dated) - 1)] if dated else None

    def side(self, key: str, when: datetime | None) -> str | None:
        is_eval = key in self.eval_keys
        if self.cutoff is None or when is None:
            return "eval" if is_eval else "train"
        late = when >= self.cutoff
        return "eval" if is_eval and late else "train" if not is_eval and not late else None


def norm_key(ex: dict[str, Any]) -> str:
    """Dedup key: task + the user's text, NFKC-folded, lower-cased, whitespace removed."""
    text = unicodedata.normalize("NFKC", ex["messages"][-2]["content"]).lower()
    return hashlib.sha1((ex["task"] + "\0" + re.sub(r"\s+", "", text)).encode()).hexdigest()


def mask_example(ex: dict[str, Any], names: tuple[str, ...] = ()) -> int:
    """Mask PII in every message in place; return how many spans were masked."""
    total = 0
    for msg in ex["messages"]:
        msg["content"], n = mask_pii(msg["content"], names)
        total += n
    return total


def _pairs_by_city(jobs: list[dict[str, Any]], cands: list[dict[str, Any]]) -> list[tuple[int, int, Any]]:
    """Pairs beyond the applications (a young board has few): each candidate with two jobs in their city."""
    by_city: dict[str, list[dict[str, Any]]] = {}
    for j in jobs:
        by_city.setdefault(j.get("city") or "", []).append(j)
    return [(c["id"], j["id"], j["when"]) for c in cands for j in by_city.get(c.get("city") or "", [])[:2]]


def domain_examples(
    jobs: list[dict[str, Any]],
    cands: list[dict[str, Any]],
    pairs: list[tuple[int, int, Any]],
    *,
    eval_frac: float,
    eval_after: float,
    seed: int,
) -> tuple[dict[str, list[Any]], Counter[str]]:
    """Examples of every task on each side of the split, and counts of what was dropped and why."""
    dropped: Counter[str] = Counter()
    sides: dict[str, list[Any]] = {"train": [], "eval": []}
    js = Splitter(
        [j["company_key"] for j in jobs],
        [j["when"] for j in jobs],
        eval_frac=eval_frac,
        eval_after=eval_after,
        seed=seed,
    )
    cs = Splitter(
        [c["company_key"] for c in cands],
        [c["when"] for c in cands],
        eval_frac=eval_frac,
        eval_after=eval_after,
        seed=seed,
    )
    from talentseek.search.query import parse_query  # here: loads the tokenizer only when building data

    job_side = {j["id"]: js.side(j["company_key"], j["when"]) for j in jobs}
    side_jobs: dict[str, list[Any]] = {"train": [], "eval": []}
    for j in jobs:
        if (side := job_side[j["id"]]) is None:
            dropped["split"] += 1
            continue
        side_jobs[side].append(j)
        sides[side] += [ex for ex in [tasks.jd_example(j)] if ex] + tasks.query_examples(j, parse_query)
    for side, sj in side_jobs.items():
        sides[side] += tasks.qa_examples(sj)
    cand_side = {c["id"]: cs.side(c["company_key"], c["when"]) for c in cands}
    for c in cands:
        if (side := cand_side[c["id"]]) and (ex := tasks.resume_example(c)):
            ex["meta"]["names"] = [c["name"]] if c.get("name") else []
            sides[side].append(ex)
    jobs_by_id, cands_by_id = {j["id"]: j for j in jobs}, {c["id"]: c for c in cands}
    # a pair follows its job's side: the explanation's input is the reasons, not the resume text
    pair_ids = dict.fromkeys((c, j) for c, j, _ in pairs + _pairs_by_city(jobs, cands))
    for cid, jid in pair_ids:
        side = job_side.get(jid)
        if side is None or cid not in cands_by_id:
            dropped["pair_split"] += 1
        elif ex := tasks.match_example(jobs_by_id[jid], cands_by_id[cid]):
            sides[side].append(ex)
    return sides, dropped


def clean(sides: dict[str, list[Any]], dropped: Counter[str]) -> int:
    """Mask PII, drop duplicates and eval examples also seen in training, in place; return spans masked."""
    masked, seen = 0, dict[str, str]()
    for side in ("train", "eval"):
        kept = []
        for ex in sides[side]:
            masked += mask_example(ex, tuple(ex["meta"].pop("names", [])))
            if any(find_pii(msg["content"]) for msg in ex["messages"]):
                dropped["pii_residue"] += 1
                continue
            key = norm_key(ex)
            if key in seen:
                dropped["leak" if seen[key] != side else "duplicate"] += 1
                continue
            seen[key] = side
            kept.append(ex)
        sides[side] = kept
    return masked


def replay_answers(base_dir: Path, p: Preset, prompts: list[str], device: str | None, seed: int) -> list[str]:
    """The base model's own greedy answers to the general prompts."""
    from talentseek.train.infer import generate
    from talentseek.train.model import load, pick_device, pick_dtype

    dev = pick_device(device)
    model, tok = load(base_dir, pick_dtype(p.dtype, dev), dev)
    log(f"基础模型回答 {len(prompts)} 条通用问题（用于防遗忘回放）……")
    return generate(
        model,
        tok,
        [[{"role": "user", "content": q}] for q in prompts],
        max_new_tokens=p.max_new_tokens,
        sample_seed=seed,
    )


def general_rows(prompts: list[str], answers: list[str]) -> list[dict[str, Any]]:
    rows = []
    for i, (q, a) in enumerate(zip(prompts, answers, strict=True)):
        if a.strip():
            rows.append(
                {
                    "task": GENERAL,
                    "split": "eval" if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else "train",
                    "messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}],
                }
            )
    return rows


def mix(train: list[Any], general: list[dict[str, Any]], ratio: float, seed: int) -> list[Any]:
    """Domain examples plus round(ratio × domain) replay examples (cycling the replay prompts), shuffled."""
    pool = [g for g in general if g["split"] == "train"]
    n = round(ratio * len(train)) if pool else 0
    out = train + [
        {"task": GENERAL, "messages": pool[i % len(pool)]["messages"], "meta": {}} for i in range(n)
    ]
    random.Random(seed).shuffle(out)
    return out


def _counts(rows: list[Any]) -> dict[str, int]:
    return dict(sorted(Counter(r["task"] for r in rows).items()))


def build(
    db: Database,
    home: Path,
    *,
    preset_name: str = "tiny",
    base: str | Path | None = None,
    replay_ratio: float = 0.2,
    eval_companies: float = 0.3,
    eval_after: float = 0.7,
    seed: int = 0,
    device: str | None = None,
    answer_general: Callable[[list[str]], list[str]] | None = None,
) -> dict[str, Any]:
    """Build and write the dataset; return the manifest. `answer_general` replaces the base model (tests)."""
    if not 0 <= replay_ratio <= 5:
        raise InputError("回放比例应在 0 到 5 之间", field="--replay-ratio")
    p = preset(preset_name)
    jobs, cands, pairs = load_records(db)
    log(f"读取记录：岗位 {len(jobs)}、候选人 {len(cands)}、投递/邀约 {len(pairs)}")
    sides, dropped = domain_examples(
        jobs, cands, pairs, eval_frac=eval_companies, eval_after=eval_after, seed=seed
    )
    masked = clean(sides, dropped)
    if len(sides["train"]) < MIN_TRAIN or len(sides["eval"]) < MIN_EVAL:
        raise InputError(
            f"训练数据太少：训练集 {len(sides['train'])} 条、评测集 {len(sides['eval'])} 条"
            f"（至少需要 {MIN_TRAIN} 和 {MIN_EVAL}）。请先导入更多岗位和简历"
            "（talentseek import jobs/resumes）或生成演示数据（talentseek generate）"
        )
    prompts = general_prompts()
    if answer_general is None:
        base_dir = base_path(home, p, base)
        if p.base_dirname is None and base is None and not (base_dir / "config.json").is_file():
            from talentseek.train.tiny import build_tiny_base

            log(f"构建 tiny 基础模型（本地训练分词器 + 随机初始化 Qwen2）：{base_dir}")
            texts = [msg["content"] for ex in sides["train"] for msg in ex["messages"]] + prompts
            build_tiny_base(texts, base_dir, seed=seed)
        answers = replay_answers(base_dir, p, prompts, device, seed)
    else:
        answers = answer_general(prompts)
    general = general_rows(prompts, answers)
    train = mix(sides["train"], general, replay_ratio, seed)
    return _write(
        data_dir(home),
        train,
        sides["eval"],
        general,
        {
            "preset": p.name,
            "base": str(base) if base else None,
            "seed": seed,
            "replay_ratio": replay_ratio,
            "eval_companies": eval_companies,
            "eval_after": eval_after,
            "pii_masked": masked,
            "dropped": dict(dropped),
            "records": {"jobs": len(jobs), "candidates": len(cands), "pairs": len(pairs)},
        },
    )


def _write(
    out: Path, train: list[Any], evals: list[Any], general: list[Any], info: dict[str, Any]
) -> dict[str, Any]:
    files = {"train.jsonl": train, "eval.jsonl": evals, "general.jsonl": general}
    for name, rows in files.items():
        write_jsonl_atomic(out / name, rows)
    manifest = {
        **info,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "counts": {
            "train": _counts(train),
            "eval": _counts(evals),
            "general": dict(Counter(g["split"] for g in general)),
        },
        "files": {name: sha256_tree(out / name) for name in files},
    }
    write_json_atomic(out / "manifest.json", manifest)
    log(f"已写入 {out}：训练 {len(train)} 条、评测 {len(evals)} 条、通用 {len(general)} 条")
    return manifest

