"""`talentseek match jobs|candidates`: two-sided matching from the command line (the operator's view)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from talentseek.cli.common import engine, err_console, print_json
from talentseek.errors import InputError

if TYPE_CHECKING:
    from talentseek.embed.base import Embedder
    from talentseek.engine import Engine

match_app = typer.Typer(help="人岗匹配：为求职者推荐职位，为职位筛选候选人", no_args_is_help=True)


@match_app.command("jobs")
def match_jobs_cmd(
    resume: Path = typer.Option(None, "--resume", help="简历文件（.txt/.md/.docx/.pdf/.html）"),
    candidate: int = typer.Option(None, "--candidate", help="库中候选人 ID（代替 --resume）"),
    k: int = typer.Option(10, "-k", "--top", min=1, max=500, help="返回条数"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """为一份简历推荐职位，附匹配理由、差距与技能建议。"""
    from talentseek.match.ltr import active_model
    from talentseek.match.results import job_results
    from talentseek.match.service import advice_for, load_seekers, match_jobs, seeker_from_resume

    eng = engine()
    if resume is not None:
        if not resume.is_file():
            raise InputError("找不到简历文件", file=str(resume))
        from talentseek.parse.resume import parse_resume_file

        parsed = parse_resume_file(resume)
        seeker = seeker_from_resume(parsed)
    elif candidate is not None:
        with eng.db.session() as s:
            found = load_seekers(s, {candidate})
        if not found:
            raise InputError(f"候选人 {candidate} 不存在")
        seeker = found[0]
    else:
        raise InputError("请用 --resume FILE 或 --candidate ID 指定求职者")
    with eng.db.session() as s:
        results = job_results(s, match_jobs(s, seeker, k=k, model=active_model(eng.settings.home)))
        advice = [{"skill": sk, "jobs": n} for sk, n in advice_for(s, seeker)]
    if as_json:
        print_json(
            {
                "seeker": {
                    "skills": sorted(seeker.skills),
                    "city": seeker.city,
                    "intent_cities": sorted(seeker.intent_cities),
                },
                "results": results,
                "advice": advice,
            }
        )
        return
    for i, r in enumerate(results, 1):
        err_console.print(
            f"{i:>2}. [bold]{r['title']}[/] {r['company'] or ''} {r['city'] or ''} "
            f"{r['salary_text'] or ''}  匹配度 {r['score']:.2f}"
        )
        err_console.print("    ✓ " + "；".join(r["reasons"]))
        if r["gaps"]:
            err_console.print("    ✗ " + "；".join(r["gaps"]))
    if advice:
        err_console.print(
            "建议补充技能：" + "、".join(f"{a['skill']}（+{a['jobs']} 个职位）" for a in advice)
        )


@match_app.command("candidates")
def match_candidates_cmd(
    job: int = typer.Option(..., "--job", help="职位 ID"),
    k: int = typer.Option(20, "-k", "--top", min=1, max=5000, help="返回条数"),
    must: str = typer.Option(None, "--must", help="必备技能，逗号分隔（硬性筛选）"),
    nice: str = typer.Option(None, "--nice", help="加分技能，逗号分隔"),
    min_years: float = typer.Option(None, "--min-years", help="最低工作年限"),
    min_education: str = typer.Option(None, "--min-education", help="最低学历，如 本科"),
    applicants_only: bool = typer.Option(False, "--applicants-only", help="只看投递者（默认含开放人才库）"),
    show_contact: bool = typer.Option(False, "--show-contact", help="显示完整联系方式（运营权限）"),
    csv_out: Path = typer.Option(None, "--csv", help="导出 CSV 文件"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """为职位排序候选人（投递者 + 开放人才库），必备条件过滤、加分项提升。"""
    from talentseek.match.results import candidate_results
    from talentseek.match.service import applicant_ids, job_profile, screen, seeker_tables
    from talentseek.match.usecases import criteria_from

    criteria = criteria_from(must, nice, min_years, min_education)
    eng = engine()
    with eng.db.session() as s:
        profile = job_profile(s, job)
        tables = seeker_tables(s, applicant_ids(s, job), pool=not applicants_only)
        results = candidate_results(s, screen(profile, tables, criteria, k=k), lambda _cid: show_contact)
    if csv_out is not None:
        write_csv(csv_out, results)
        err_console.print(f"已导出 {len(results)} 位候选人到 {csv_out}")
    if as_json:
        print_json(
            {"job": {"id": profile.id, "title": profile.title, "city": profile.city}, "results": results}
        )
    elif csv_out is None:
        for i, r in enumerate(results, 1):
            err_console.print(
                f"{i:>2}. [bold]{r['name'] or '（未填姓名）'}[/] {r['city'] or ''} 匹配度 {r['score']:.2f}"
            )
            err_console.print(
                "    ✓ " + "；".join(r["reasons"]) + ("\n    ✗ " + "；".join(r["gaps"]) if r["gaps"] else "")
            )


@match_app.command("train")
def match_train_cmd(
    negatives: int = typer.Option(30, "--negatives", min=1, max=500, help="每位求职者采样的未互动职位数"),
    max_groups: int = typer.Option(
        1500, "--max-groups", min=10, max=100_000, help="训练/评估各取多少位求职者"
    ),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """用互动记录训练排序模型（LightGBM），按时间切分评估；仅当胜过规则打分器时启用。"""
    from rich.table import Table

    from talentseek.match.evaluate import time_split_report

    eng = engine()
    report = time_split_report(
        eng.db, eng.settings.home, embedder=_embedder(eng), negatives=negatives, max_groups=max_groups
    )
    if as_json:
        print_json(report)
        return
    table = Table(
        title=f"时间切分评估（切分点 {report['cutoff'][:10]}，训练 {report['train_groups']} / "
        f"评估 {report['test_groups']} 位求职者）"
    )
    names = list(next(iter(report["metrics"].values())))
    table.add_column("方法")
    for n in names:
        table.add_column(n, justify="right")
    for method, row in report["metrics"].items():
        table.add_row(method, *(f"{row[n]:.4f}" if isinstance(row[n], float) else str(row[n]) for n in names))
    err_console.print(table)
    err_console.print(
        "已启用排序模型" if report["use_ltr"] else "排序模型未胜过规则打分器，继续使用规则打分器"
    )


def _embedder(eng: Engine) -> Embedder | None:
    try:
        return eng.embedder
    except Exception:  # an embedder that cannot load just drops the dense baseline from the table
        return None


def write_csv(path: Path, results: list[dict[str, object]]) -> None:
    from talentseek.match.results import shortlist_csv

    path.write_text(shortlist_csv(results), encoding="utf-8")


def register(app: typer.Typer) -> None:
    app.add_typer(match_app, name="match")
