"""Turn the judge's grades (grades.txt, by pool number) into qrels, and run the blind re-judging check.

    python benchmarks/match_dev2/judge.py                 # grades.txt + pool.tsv → qrels (all, dev, test)
    python benchmarks/match_dev2/judge.py --sample 120    # pairs to re-judge blind → blind_sample.tsv
    python benchmarks/match_dev2/judge.py --agree benchmarks/match_dev2/blind_grades.tsv  # agreement

grades.txt: one line per resume, `s01 2:3,5 1:1,4` (pool numbers; unlisted pooled postings are 0).
The split is fixed by the resume number: odd → dev (tuning), even → test (held out).
"""

from __future__ import annotations

import argparse
import csv
import random
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent


def split_of(qid: str) -> str:
    return "dev" if int(qid[1:]) % 2 == 1 else "test"


def read_grades() -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {}
    for line in (HERE / "grades.txt").read_text(encoding="utf-8").splitlines():
        qid, *parts = line.split()
        g = out.setdefault(qid, {})
        for part in parts:
            grade, nums = part.split(":")
            for n in nums.split(","):
                g[int(n)] = int(grade)
    return out


def read_pool() -> list[dict[str, str]]:
    with (HERE / "pool.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def write_qrels() -> None:
    grades, pool = read_grades(), read_pool()
    rows: dict[str, list[tuple[str, str, str, int]]] = {"dev": [], "test": [], "all": []}
    seen: set[tuple[str, str]] = set()
    for r in pool:
        qid, ext = r["query_id"], r["external_id"]
        if (qid, ext) in seen:  # a posting imported twice under one id appears once
            continue
        seen.add((qid, ext))
        row = (qid, f"resumes/{r['resume']}", ext, grades.get(qid, {}).get(int(r["n"]), 0))
        rows[split_of(qid)].append(row)
        rows["all"].append(row)
    for name, data in rows.items():
        path = HERE / ("qrels.tsv" if name == "all" else f"qrels_{name}.tsv")
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter="\t", lineterminator="\n")
            w.writerow(["query_id", "query", "external_id", "grade"])
            w.writerows(data)
        c = Counter(g for *_, g in data)
        n_resumes = len({q for q, *_ in data})
        print(f"{path.name}: {n_resumes} resumes, {len(data)} pairs, grades {dict(sorted(c.items()))}")


def kappa(a: list[int], b: list[int]) -> float:
    n = len(a)
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--agree", type=Path)
    a = ap.parse_args()
    if a.sample:
        pool = read_pool()
        rnd = random.Random(14)
        pick = sorted(rnd.sample(range(len(pool)), a.sample))
        with (HERE / "blind_sample.tsv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter="\t", lineterminator="\n")
            w.writerow(["k", "query_id", "n", "external_id"])
            for k, i in enumerate(pick, start=1):
                w.writerow([k, pool[i]["query_id"], pool[i]["n"], pool[i]["external_id"]])
        print(f"wrote {len(pick)} pairs to blind_sample.tsv (texts: run pool listings through --out)")
        return
    if a.agree:
        first = read_grades()
        with (HERE / "blind_sample.tsv").open(encoding="utf-8", newline="") as fh:
            sample = list(csv.DictReader(fh, delimiter="\t"))
        second = {
            r["k"]: int(r["grade"])
            for r in csv.DictReader(a.agree.open(encoding="utf-8", newline=""), delimiter="\t")
        }
        x = [first.get(r["query_id"], {}).get(int(r["n"]), 0) for r in sample]
        y = [second[r["k"]] for r in sample]
        exact = sum(p == q for p, q in zip(x, y, strict=True)) / len(x)
        binary = kappa([int(v > 0) for v in x], [int(v > 0) for v in y])
        print(
            f"pairs {len(x)}: exact agreement {exact:.3f}, Cohen's kappa {kappa(x, y):.3f} "
            f"(3 grades), {binary:.3f} (relevant vs not); first {Counter(x)}, second {Counter(y)}"
        )
        return
    write_qrels()


if __name__ == "__main__":
    main()
