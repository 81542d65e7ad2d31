"""Build the real-postings matching dev set: pool postings per resume, judge them by written rules.

    TALENTSEEK_HOME=/tmp/realhome python benchmarks/match_dev/build_qrels.py  # after importing both files

Pools are the union of the scorer's and BM25's top 30 for each resume in `resumes/`. Each resume has
a judging rule written below from reading it (the role family it targets, its city, its seniority);
every pooled posting is graded by that rule: 2 = the role it wants, in its city, at its level;
1 = the role it wants but the wrong city or level (a senior person and an assistant's post, a student and
a post asking for experience), or an adjacent role in its city at its level;
0 = otherwise. The rules were checked by reading a sample of graded postings (see --show).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import sqlalchemy as sa

from talentseek.engine import Engine
from talentseek.match.evaluate import TextBaselines, seeker_text
from talentseek.match.service import match_jobs, seeker_from_resume
from talentseek.parse.resume import parse_resume_file
from talentseek.store import models as m

HERE = Path(__file__).parent

# resume → (role it wants, adjacent roles, city, years it has)
RULES: dict[str, tuple[str, str, str, float]] = {
    "r01_video_editor_wuhan.txt": (r"剪辑|编导|短视频(拍摄|制作|策划)", r"视频|拍摄|影视", "武汉市", 3),
    "r02_newmedia_wuhan.txt": (r"新媒体运营|新媒体(主管|专员)|内容运营", r"运营|新媒体|编辑", "武汉市", 6),
    "r03_product_manager_wuhan.txt": (r"产品经理|产品总监", r"产品(助理|运营|专员)", "武汉市", 12),
    "r04_ecommerce_wuhan.txt": (r"天猫运营|淘宝运营|电商运营|店铺运营", r"运营|电商", "武汉市", 5),
    "r05_data_analyst_shanghai.txt": (r"数据分析", r"商业分析|BI|数据", "上海市", 3),
    "r06_ml_engineer_shanghai.txt": (r"机器学习|算法|深度学习|推荐", r"数据挖掘", "上海市", 7),
    "r07_business_analyst_shanghai.txt": (r"商业分析|经营分析|商业数据", r"数据分析", "上海市", 11),
    "r08_data_mining_grad_shanghai.txt": (r"数据挖掘|机器学习", r"算法|数据分析", "上海市", 0.5),
    "r09_copywriter_wuhan.txt": (r"文案|编辑", r"新媒体|策划", "武汉市", 5),
    "r10_data_intern_shanghai.txt": (r"数据分析", r"数据|商业分析", "上海市", 0),
}


JUNIOR = r"助理|实习|管培"


def grade(rule: tuple[str, str, str, float], title: str, city: str | None, exp_min: float | None) -> int:
    want, near, home, years = rule
    level_ok = exp_min is None or exp_min <= years + 1
    if years >= 5 and re.search(JUNIOR, title):  # a senior person would not take an assistant's job
        level_ok = False
    if years < 1 and not (re.search(r"实习", title) or not exp_min):  # a student needs an entry-level job
        level_ok = False
    if re.search(want, title, re.I):
        return 2 if city == home and level_ok else 1
    if re.search(near, title, re.I) and city == home and level_ok:
        return 1
    return 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--show", type=int, default=0, help="print N graded postings per resume to check the rules"
    )
    ap.add_argument("--out", type=Path, default=HERE / "qrels.tsv")
    a = ap.parse_args()
    engine = Engine()
    with engine.db.session() as s:
        jobs = {
            r.id: r
            for r in s.execute(sa.select(m.Job.id, m.Job.external_id, m.Job.title, m.Job.city, m.Job.exp_min))
        }
    if not jobs:
        sys.exit("no jobs in this home: import ../shared/data/real/*.csv first")
    base = TextBaselines(engine.db, jobs)
    lines = ["query_id\tquery\texternal_id\tgrade"]
    for name, rule in RULES.items():
        seeker = seeker_from_resume(parse_resume_file(HERE / "resumes" / name))
        with engine.db.session() as s:
            pool = {x.job.id for x in match_jobs(s, seeker, k=30)}
        pool |= set(bm25_top(base, seeker_text(seeker), list(jobs), 30))
        graded = [(grade(rule, jobs[i].title, jobs[i].city, jobs[i].exp_min), i) for i in sorted(pool)]
        for g, i in graded:
            lines.append(f"{name[:3]}\tresumes/{name}\t{jobs[i].external_id}\t{g}")
        if a.show:
            print(f"\n== {name}: {sum(g > 0 for g, _ in graded)} relevant of {len(graded)} pooled")
            for g, i in graded[: a.show]:
                print(f"  {g}  {jobs[i].title} | {jobs[i].city} | 经验≥{jobs[i].exp_min}")
    a.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - 1} judgments to {a.out}")


def bm25_top(base: TextBaselines, query: str, ids: list[int], k: int) -> list[int]:
    scores = base.bm25_for(query, ids)
    return [ids[j] for j in scores.argsort()[::-1][:k]]


if __name__ == "__main__":
    main()
