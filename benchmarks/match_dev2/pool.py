"""Pool postings per resume for judging: top 20 of BM25 (resume text), the matcher, dense static; deduped.

    TALENTSEEK_HOME=/tmp/realhome python benchmarks/match_dev2/pool.py --out /tmp/pool

(both real files imported into the home first)

Writes pool.tsv (query_id, external_id, systems) next to this file and, under --out, one readable
listing per resume (number, title, city, salary, experience, the description's first 160 characters)
for the judge. The judge writes grades by number; judge.py turns them into qrels.tsv.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from talentseek.engine import Engine
from talentseek.match.evaluate import TextBaselines
from talentseek.match.service import match_jobs, seeker_from_resume
from talentseek.parse.extract import extract_text
from talentseek.parse.resume import parse_resume_text
from talentseek.store import models as m

HERE = Path(__file__).parent
DEPTH = 20


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    engine = Engine()
    with engine.db.session() as s:
        rows = {
            r.id: r
            for r in s.execute(
                sa.select(
                    m.Job.id,
                    m.Job.external_id,
                    m.Job.title,
                    m.Job.city,
                    m.Job.salary_text,
                    m.Job.exp_min,
                    m.Job.description,
                )
            )
        }
    ids = sorted(rows)
    base = TextBaselines(engine.db, ids, embedder=engine.embedder)
    out_rows = []
    for path in sorted((HERE / "resumes").iterdir()):
        qid = path.name.split("_")[0]
        text = extract_text(path)
        seeker = seeker_from_resume(parse_resume_text(text))
        with engine.db.session() as s:
            scorer = [x.job.id for x in match_jobs(s, seeker, k=DEPTH)]
        bm25 = [ids[i] for i in np.argsort(-base.bm25_for(text, ids), kind="stable")[:DEPTH]]
        dense = [ids[i] for i in np.argsort(-base.dense_for(text, ids), kind="stable")[:DEPTH]]
        systems: dict[int, list[str]] = {}
        for name, ranked in (("bm25", bm25), ("scorer", scorer), ("dense", dense)):
            for j in ranked:
                systems.setdefault(j, []).append(name)
        lines = [f"### {qid} {path.name}"]
        for n, (j, sy) in enumerate(sorted(systems.items()), start=1):
            r = rows[j]
            desc = " ".join((r.description or "").split())[:160]
            lines.append(f"{n}. {r.title} | {r.city} | {r.salary_text or ''} | exp{r.exp_min} | {desc}")
            out_rows.append((qid, path.name, n, r.external_id, ",".join(sy)))
        (a.out / f"{qid}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (HERE / "pool.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["query_id", "resume", "n", "external_id", "systems"])
        w.writerows(out_rows)


if __name__ == "__main__":
    main()
