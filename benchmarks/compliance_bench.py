"""Precision and recall of the posting compliance check (`talentseek.text.compliance`) per category.

    python benchmarks/compliance_bench.py [--show-errors]

Data, all labelled by hand:
- `compliance/phrases.tsv`: 350 phrases written for this set (requirements, and the same words used
  lawfully: products, customers, benefits, inclusive wording). A phrase is in the held-out `test` split
  when sha1(phrase) mod 3 == 0. The phrases were written before the rules, but the rules were then
  written with all of them in view, so `test` is not blind.
- `compliance/phrases_blind.tsv`: 68 more phrases written after the rules were frozen and scored once
  before any change: precision 0.889, recall 0.762 (32 TP, 4 FP, 10 FN; 2026-12-02). The rules were
  then fixed on them, so from then on they are development data too; a new blind round needs new phrases.
- `compliance/real_labels.tsv`: every posting in ../shared/data/real whose description mentions a
  trait word (男/女, N岁, 婚, 育, 孕, 户口, 籍贯, 民族, 乙肝, 宗教 ...), labelled per posting by reading it;
  postings without such a word are taken as clean. The text is read from ../shared at run time.
Scores are micro-averaged over (item, category) pairs; a phrase with no category is a negative for all.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from pathlib import Path

from talentseek.text.compliance import CATEGORIES, categories

HERE = Path(__file__).resolve().parent
REAL = HERE.parents[1] / "shared" / "data" / "real"
sys.path.insert(0, str(HERE))
from tables import print_table  # noqa: E402

REAL_FILES = {
    "zhilian_wuhan_2024.csv": ("岗位编号", "工作简介"),
    "boss_shanghai_2018.csv": ("job_id", "职位描述"),
}


def _labels(cell: str) -> set[str]:
    return set() if cell.strip() in {"", "-"} else set(cell.split(","))


def phrase_items() -> dict[str, list[tuple[str, set[str]]]]:
    splits: dict[str, list[tuple[str, set[str]]]] = {"dev": [], "test": []}
    with open(HERE / "compliance" / "phrases.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            text = row["phrase"]
            split = "test" if int(hashlib.sha1(text.encode()).hexdigest(), 16) % 3 == 0 else "dev"
            splits[split].append((text, _labels(row["categories"])))
    return splits


def blind_items() -> list[tuple[str, set[str]]]:
    with open(HERE / "compliance" / "phrases_blind.tsv", encoding="utf-8") as f:
        return [(row["phrase"], _labels(row["categories"])) for row in csv.DictReader(f, delimiter="\t")]


def real_items() -> list[tuple[str, set[str]]]:
    """Every labelled real posting's description, with its labels (empty when ../shared is missing)."""
    wanted: dict[tuple[str, str], set[str]] = {}
    with open(HERE / "compliance" / "real_labels.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            wanted[(row["file"], row["id"])] = _labels(row["categories"])
    items: list[tuple[str, set[str]]] = []
    csv.field_size_limit(10**9)
    for name, (id_col, text_col) in REAL_FILES.items():
        if not (REAL / name).exists():
            continue
        seen: set[str] = set()
        with open(REAL / name, encoding="utf-8", errors="replace") as f:
            for row in csv.DictReader(f):
                key = (name, row[id_col])
                if row[id_col] in seen:
                    continue
                seen.add(row[id_col])
                items.append((row[text_col] or "", wanted.get(key, set())))
    return items


def score(items: list[tuple[str, set[str]]], errors: list[str] | None = None) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {c: Counter() for c in CATEGORIES}
    for text, gold in items:
        got = categories(text)
        for c in CATEGORIES:
            key = ("tp" if c in got else "fn") if c in gold else ("fp" if c in got else "tn")
            counts[c][key] += 1
        if errors is not None and got != gold:
            errors.append(f"{text[:60]!r}: gold {sorted(gold)} got {sorted(got)}")
    return counts


def row(name: str, counts: Counter[str], n: int) -> dict[str, object]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"set": name, "items": n, "positives": tp + fn, "precision": round(p, 3), "recall": round(r, 3),
            "fp": fp, "fn": fn}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show-errors", action="store_true")
    a = ap.parse_args()
    sets = phrase_items()
    sets["blind round 1 (now dev)"] = blind_items()
    sets["real postings"] = real_items()
    rows = []
    for name, items in sets.items():
        errors: list[str] = []
        counts = score(items, errors)
        total: Counter[str] = sum(counts.values(), Counter())
        rows.append(row(f"{name}: all", total, len(items)))
        if name == "test":
            rows += [row(f"{name}: {c}", counts[c], len(items)) for c in CATEGORIES]
        if a.show_errors:
            print(f"## {name} errors", *errors, sep="\n", file=sys.stderr)
    print_table(rows)


if __name__ == "__main__":
    main()
