"""Resume parsing speed per file: rules only vs rules + entity tagger, on generated text resumes.

Goal (issue 2): under 50 ms median for a text resume. `python benchmarks/resume_bench.py [--quick]`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import date

from talentseek.parse.ner import load_tagger
from talentseek.parse.resume import parse_resume_text

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
CITIES = ["济南", "青岛", "烟台", "潍坊", "临沂", "淄博", "威海", "上海", "武汉", "北京"]
SCHOOLS = [
    "山东大学",
    "中国海洋大学",
    "山东师范大学",
    "青岛大学",
    "山东财经大学",
    "济南大学",
    "武汉大学",
    "复旦大学",
]
MAJORS = ["计算机科学与技术", "软件工程", "市场营销", "会计学", "统计学", "广告学", "机械工程", "汉语言文学"]
DEGREES = ["大专", "本科", "本科", "硕士"]
COMPANIES = [
    "浪潮软件股份有限公司",
    "海尔智家股份有限公司",
    "青岛啤酒股份有限公司",
    "潍柴动力股份有限公司",
    "万华化学集团股份有限公司",
    "济南华信软件有限公司",
    "山东高速集团有限公司",
    "歌尔股份有限公司",
]
TITLES = [
    "Java开发工程师",
    "产品经理",
    "新媒体运营专员",
    "会计",
    "销售经理",
    "数据分析师",
    "测试工程师",
    "人事专员",
]
SKILLS = [
    "Java",
    "Python",
    "MySQL",
    "Redis",
    "Excel",
    "Photoshop",
    "SQL",
    "Spring Boot",
    "Vue",
    "Linux",
    "PPT",
]


def sectioned_resume(rng: random.Random) -> str:
    """A typical Chinese text resume: basic info, intent, education, 1-4 jobs, skills, self-evaluation."""
    name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
    year = rng.randint(1975, 2001)
    degree = rng.choice(DEGREES)
    lines = [
        name,
        f"{rng.choice('男女')} | {year}年{rng.randint(1, 12)}月出生 | {rng.choice(DEGREES)}",
        f"电话：1{rng.randint(3, 9)}{rng.randint(0, 999999999):09d}  邮箱：u{rng.randint(1, 99999)}@ex.com",
        f"现居：{rng.choice(CITIES)}",
        "",
        "求职意向",
        f"期望职位：{rng.choice(TITLES)}",
        f"期望城市：{'、'.join(rng.sample(CITIES, 2))}",
        f"期望薪资：{rng.randint(5, 20)}k-{rng.randint(21, 40)}k",
        "",
        "教育经历",
        f"{year + 18}.09 - {year + 22}.06  {rng.choice(SCHOOLS)}  {rng.choice(MAJORS)}  {degree}",
        "",
        "工作经历",
    ]
    start = year + 22
    for _ in range(rng.randint(1, 4)):
        end = min(start + rng.randint(1, 5), 2026)
        lines.append(
            f"{start}.{rng.randint(1, 12):02d} - {end}.{rng.randint(1, 12):02d}  "
            f"{rng.choice(COMPANIES)}  {rng.choice(TITLES)}"
        )
        lines.append(
            f"- 负责{rng.choice(['系统开发', '客户维护', '内容策划', '财务核算'])}，"
            f"使用{'、'.join(rng.sample(SKILLS, 3))}完成项目交付，业绩突出。" * rng.randint(1, 3)
        )
        start = end
    lines += [
        "",
        "专业技能",
        "熟悉" + "、".join(rng.sample(SKILLS, 5)),
        "",
        "自我评价",
        "认真负责，沟通能力强。" * 3,
    ]
    return "\n".join(lines)


def free_text_resume(rng: random.Random) -> str:
    """A biography paragraph with no sections (the ResumeNER style): the tagger's case."""
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    year = rng.randint(1960, 1990)
    jobs = "；".join(
        f"{year + 25 + 4 * i}年{rng.randint(1, 12)}月至{year + 29 + 4 * i}年{rng.randint(1, 12)}月任"
        f"{rng.choice(COMPANIES)}{rng.choice(TITLES)}"
        for i in range(rng.randint(1, 4))
    )
    return (
        f"{name}，{rng.choice('男女')}，{year}年出生，中国国籍，{rng.choice(DEGREES)}学历。"
        f"{year + 22}年毕业于{rng.choice(SCHOOLS)}{rng.choice(MAJORS)}专业。{jobs}。"
    )


def timings(fn: Callable[[str], object], texts: list[str]) -> tuple[float, float]:
    """(median, p95) milliseconds per call."""
    ms = []
    for text in texts:
        t0 = time.perf_counter()
        fn(text)
        ms.append((time.perf_counter() - t0) * 1000)
    ms.sort()
    return statistics.median(ms), ms[min(len(ms) - 1, int(0.95 * len(ms)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="50 resumes of each kind instead of 500")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    n = 50 if args.quick else 500
    makers = {"sectioned": sectioned_resume, "free text": free_text_resume}
    rng = random.Random(args.seed)

    def fresh(kind: str) -> list[str]:
        """New texts for every column, so the normalisers' caches never see a text twice."""
        return [makers[kind](rng) for _ in range(n)]

    today = date(2026, 11, 1)
    t0 = time.perf_counter()
    tagger = load_tagger()
    load_ms = (time.perf_counter() - t0) * 1000
    for kind in makers:  # compile regexes and load normaliser tables outside the timings
        parse_resume_text(fresh(kind)[0], today=today)
    print(f"tagger load (once per process): {load_ms:.0f} ms; {n} resumes per kind")
    heads = ("rules only", "rules + NER", "tagger, whole text")
    print(f"{'resumes':<11} {'chars':>6} | " + " | ".join(f"{h:>21}" for h in heads))
    print(f"{'':<11} {'':>6} | " + " | ".join(f"{'median':>10} {'p95':>10}" for _ in heads))
    for kind in makers:
        texts = fresh(kind)
        chars = statistics.median(len(t) for t in texts)
        rules = timings(lambda t: parse_resume_text(t, use_ner=False, today=today), texts)
        ner = timings(lambda t: parse_resume_text(t, use_ner=True, today=today), fresh(kind))
        full = timings(tagger.tag, fresh(kind))
        print(
            f"{kind:<11} {chars:>6.0f} | {rules[0]:>8.2f}ms {rules[1]:>8.2f}ms | "
            f"{ner[0]:>8.2f}ms {ner[1]:>8.2f}ms | {full[0]:>8.2f}ms {full[1]:>8.2f}ms"
        )


if __name__ == "__main__":
    main()
