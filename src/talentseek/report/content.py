"""Build the 人才发展报告 from the statistics: one function per section, each honest about gaps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from talentseek.report import charts, stats
from talentseek.report.city import COMPONENT_LABELS, METHOD, WEIGHTS, city_ranking
from talentseek.report.model import Chart, Report, Section, money, num, pct, stat_table, text
from talentseek.report.result import StatResult
from talentseek.report.scope import Scope
from talentseek.store.db import Database

TOP = 15


def _counts(section: Section, res: StatResult, key: str, label: str, chart: bool = False) -> None:
    section.sub(res.title)
    if res.empty:
        section.insufficient(res.title, res.reason)
        return
    if chart and len(res.rows) >= 2:
        rows = res.rows[:TOP]
        png = charts.bar_chart([str(r[key]) for r in rows], [r["n"] for r in rows], res.title, "数量")
        section.add_chart(Chart(png, res.title, f"{res.name}.png"))
    section.add_table(stat_table(res, [(key, label, text), ("n", "数量", num), ("share", "占比", pct)], TOP))


def _bands(section: Section, res: StatResult, key: str, label: str, chart: bool = False) -> None:
    section.sub(res.title)
    if res.empty:
        section.insufficient(res.title, res.reason)
        return
    if chart and len(res.rows) >= 2:
        rows = res.rows[:TOP]
        png = charts.band_chart(
            [str(r[key]) for r in rows], [(r["p25"], r["p50"], r["p75"]) for r in rows], res.title, "元/月"
        )
        section.add_chart(Chart(png, res.title, f"{res.name}.png"))
    cols = [
        (key, label, text),
        ("n", "样本数", num),
        ("p25", "P25", money),
        ("p50", "中位数", money),
        ("p75", "P75", money),
    ]
    section.add_table(stat_table(res, cols, TOP))


def overview(db: Database, scope: Scope) -> Section:
    s = Section("overview", "一、数据概况")
    span, total = stats.data_range(db, scope), stats.counts(db)
    s.para(
        f"本报告覆盖{scope.label}，统计口径为职位发布时间在 {scope.describe()['from'] or '最早'} 至 "
        f"{scope.describe()['to'] or '最新'} 之间的职位。"
    )
    if span["jobs"] == 0:
        s.insufficient("职位", f"{scope.label}在所选时间段内没有职位数据，以下各节均无法给出结论")
    else:
        s.para(
            f"范围内共有职位 {span['jobs']:,} 条，实际发布日期从 {span['first'] or '未知'} 到 "
            f"{span['last'] or '未知'}。全库共有企业 {total['companies']:,} 家、"
            f"求职者 {total['candidates']:,} 人、"
            f"互动记录 {total['interactions']:,} 条。"
        )
    s.note(f"为保护隐私并避免以偏概全，样本少于 {scope.min_count} 的分组一律不显示。")
    return s


def demand(db: Database, scope: Scope) -> Section:
    s = Section("demand", "二、招聘需求分布")
    area = "district" if scope.level == "city" else "city"
    _counts(
        s, stats.postings_by(db, scope, by=area), area, "区县" if area == "district" else "城市", chart=True
    )
    _counts(s, stats.postings_by(db, scope, by="occupation"), "occupation", "职业（CSCO）")
    _counts(s, stats.postings_by(db, scope, by="industry"), "industry", "行业")
    return s


def salary(db: Database, scope: Scope) -> Section:
    s = Section("salary", "三、薪酬水平")
    overall = stats.salary_summary(db, scope)
    if overall["p50"] is None:
        s.insufficient("薪资", overall.get("reason"))
    else:
        s.para(
            f"有效月薪样本 {overall['n']:,} 条，月薪中位数 {money(overall['p50'])} 元，"
            f"中间一半职位在 {money(overall['p25'])}–{money(overall['p75'])} 元之间。"
        )
    _bands(s, stats.salary_bands(db, scope, by="city"), "city", "城市", chart=True)
    _bands(s, stats.salary_bands(db, scope, by="occupation"), "occupation", "职业")
    _bands(s, stats.salary_bands(db, scope, by="experience"), "experience", "经验要求")
    _bands(s, stats.salary_bands(db, scope, by="education"), "education", "学历要求")
    s.note(
        "薪资取月薪上下限中点（仅一端时取该端），注明薪资月数（如 13 薪）时乘以 月数/12；"
        "面议、日薪、年薪不计入。"
    )
    return s


def supply(db: Database, scope: Scope) -> Section:
    s = Section("supply", "四、人才供需")
    res = stats.demand_supply(db, scope)
    s.sub(res.title)
    if res.empty:
        s.insufficient("供需比", res.reason)
    else:
        cols = [
            ("occupation", "职业", text),
            ("city", "城市", text),
            ("postings", "职位数", num),
            ("seekers", "意向求职者", num),
            ("ratio", "供需比", num),
        ]
        s.add_table(stat_table(res, cols, TOP))
        s.note(res.notes[0])
    _counts(s, stats.candidates_by(db, scope, by="city"), "city", "现居城市")
    return s


def intent(db: Database, scope: Scope) -> Section:
    s = Section("intent", "五、求职意向与人才流入")
    res = stats.intent_ranking(db, scope)
    s.sub(res.title)
    if res.empty:
        s.insufficient("求职意向", res.reason)
        return s
    if len(res.rows) >= 2:
        rows = sorted(res.rows, key=lambda r: -r["inflow"])[:TOP]
        png = charts.bar_chart(
            [r["city"] for r in rows], [r["inflow"] for r in rows], "外地求职者流入意向", "人数"
        )
        s.add_chart(Chart(png, "外地求职者流入意向", "intent_inflow.png"))
    cols = [
        ("city", "意向城市", text),
        ("n", "意向人数", num),
        ("share", "占全部求职者", pct),
        ("inflow", "外地流入", num),
        ("inflow_share", "流入占比", pct),
        ("inflow_other_province", "省外流入", num),
    ]
    s.add_table(stat_table(res, cols, TOP))
    for note in res.notes:
        s.note(note)
    return s


def skills(db: Database, scope: Scope) -> Section:
    s = Section("skills", "六、技能热度变化")
    res = stats.skill_trends(db, scope)
    if res.empty:
        s.insufficient("技能趋势", res.reason)
        return s
    sig = [r for r in res.rows if r["significant"]]
    s.para(
        f"比较 {res.extra['split']} 前后两段（职位 {res.extra['postings_before']:,} 与 "
        f"{res.extra['postings_after']:,} 条），共检验 {len(res.rows)} 个技能，其中 {len(sig)} 个变化显著。"
    )
    if not sig:
        s.insufficient("技能趋势", "没有技能的占比变化通过显著性检验，不宜据此判断升降")
    else:
        rows = sig[:TOP]
        s.add_chart(
            Chart(
                charts.change_chart(
                    [r["skill"] for r in rows], [r["change"] for r in rows], "显著上升/下降的技能"
                ),
                "显著上升/下降的技能",
                "skill_trends.png",
            )
        )
        cols = [
            ("skill", "技能", text),
            ("share_before", "前段占比", pct),
            ("share_after", "后段占比", pct),
            ("n", "提及次数", num),
            ("q", "校正后 p 值", num),
            ("direction", "方向", text),
        ]
        s.add_table(stat_table(StatResult(res.name, res.title, tuple(rows), scope=res.scope), cols, TOP))
    s.note(res.notes[1])
    return s


def cities(db: Database, scope: Scope) -> Section:
    s = Section("cities", "七、城市人才吸引力")
    res = city_ranking(db, scope)
    if res.empty:
        s.insufficient("城市排行", res.reason)
        return s
    rows = res.rows[:TOP]
    if len(rows) >= 2:
        parts = {COMPONENT_LABELS[k]: [w * (r["scores"][k] or 0) for r in rows] for k, w in WEIGHTS.items()}
        s.add_chart(
            Chart(
                charts.stacked_chart([r["city"] for r in rows], parts, res.title),
                res.title,
                "city_ranking.png",
            )
        )
    cols = [
        ("rank", "排名", num),
        ("city", "城市", text),
        ("n", "职位数", num),
        ("composite", "综合得分", num),
        ("high_skill_postings", "高技能职位", num),
        ("inflow", "流入意向", num),
        ("salary_relative", "薪资/区域中位", num),
        ("vitality", "中小/新创占比", pct),
    ]
    s.add_table(stat_table(res, cols, TOP))
    s.note("方法：" + METHOD)
    return s


def efficiency(db: Database, scope: Scope) -> Section:
    s = Section("efficiency", "八、招聘效率")
    ttf, apps = stats.time_to_fill(db, scope), stats.applications_per_posting(db, scope)
    for res, unit in ((ttf, "天"), (apps, "次")):
        s.sub(res.title)
        if res.empty:
            s.insufficient(res.title, res.reason)
            continue
        r = res.rows[0]
        extra = f"，平均 {r['mean']:.2f} {unit}" if "mean" in r else ""
        s.para(
            f"样本 {r['n']:,} 个职位：中位数 {num(r['p50'])} {unit}"
            f"（P25 {num(r['p25'])}，P75 {num(r['p75'])}）{extra}。"
        )
    return s


def method(db: Database, scope: Scope) -> Section:
    s = Section("method", "九、方法说明")
    for line in (
        "数据来源：本平台职位、企业、求职者与互动记录，按职位发布时间筛选；求职者为当前活跃存量，不按时间筛选。",
        "分位数：线性插值（与 numpy 默认、PostgreSQL percentile_cont 一致），全部在数据库内计算。",
        f"样本量：每个数字都附样本数；少于 {scope.min_count} 的分组不显示，整节不足时标注“数据不足”。",
        "技能趋势：两比例 z 检验 + Benjamini-Hochberg 多重比较校正（FDR 5%），未通过者视为无明显变化。",
        "城市人才吸引力：" + METHOD,
    ):
        s.para(line)
    return s


SECTIONS: tuple[Callable[[Database, Scope], Section], ...] = (
    overview,
    demand,
    salary,
    supply,
    intent,
    skills,
    cities,
    efficiency,
    method,
)


def build_report(db: Database, scope: Scope, tick: Callable[[str], None] | None = None) -> Report:
    """All sections in order; `tick(section title)` after each one (progress bars)."""
    d = scope.describe()
    span = f"{d['from'] or '最早'} 至 {d['to'] or '最新'}"
    report = Report(
        f"{scope.label}人才发展报告", f"统计期：{span}", datetime.now().strftime("%Y-%m-%d %H:%M")
    )
    for build in SECTIONS:
        section = build(db, scope)
        report.sections.append(section)
        if tick:
            tick(section.title)
    return report
