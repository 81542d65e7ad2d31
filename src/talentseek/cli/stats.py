"""`talentseek stats`: record counts, and each market statistic of talentseek.report.stats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from talentseek.cli.common import engine, err_console, print_json
from talentseek.report.result import StatResult

stats_app = typer.Typer(name="stats", help="数据统计：记录数、薪资分位数、供需、意向城市、技能趋势等")

JSON = Annotated[bool, typer.Option("--json", help="输出 JSON")]
REGION = Annotated[str | None, typer.Option("--region", help="省份或城市")]
FROM = Annotated[str | None, typer.Option("--from", help="起始月份 YYYY-MM")]
TO = Annotated[str | None, typer.Option("--to", help="结束月份 YYYY-MM")]
MIN = Annotated[int, typer.Option("--min-count", help="样本少于此数的分组不显示")]
BY = Annotated[str, typer.Option("--by", help="分组维度")]


def _cell(v: Any) -> str:
    return f"{v:.4g}" if isinstance(v, float) else "" if v is None else str(v)


def _show(data: dict[str, Any]) -> None:
    """Plain-text view: a title line, then tab-separated rows (easy to read and to pipe)."""
    if "rows" not in data:
        for k, v in data.items():
            typer.echo(f"{k}\t{_cell(v)}")
        return
    if not data["rows"]:
        err_console.print(f"数据不足：{data.get('reason')}")
        return
    typer.echo(f"# {data['title']}（n={data['n']}，隐去 {data['suppressed']} 组）")
    keys = [k for k in data["rows"][0] if not isinstance(data["rows"][0][k], dict)]
    typer.echo("\t".join(keys))
    for row in data["rows"]:
        typer.echo("\t".join(_cell(row.get(k)) for k in keys))


def _emit(obj: StatResult | dict[str, Any], as_json: bool) -> None:
    data = obj.to_dict() if isinstance(obj, StatResult) else obj
    print_json(data) if as_json else _show(data)


@stats_app.callback(invoke_without_command=True)
def counts(ctx: typer.Context, as_json: JSON = False) -> None:
    """记录数：职位、企业、求职者（无子命令时）。"""
    if ctx.invoked_subcommand is not None:
        return
    from talentseek.report.stats import counts as count_records

    _emit(count_records(engine().db), as_json)


@stats_app.command("salary")
def salary(
    city: Annotated[str | None, typer.Option("--city", help="城市（或省份）")] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="按 city|occupation|experience|education 分组")
    ] = None,
    from_month: FROM = None,
    to_month: TO = None,
    min_count: MIN = 5,
    as_json: JSON = False,
) -> None:
    """月薪 P25/P50/P75：{"n","p25","p50","p75"}；加 --by 时按组给出。"""
    from talentseek.report import stats
    from talentseek.report.scope import make_scope

    db = engine().db
    scope = make_scope(db, city, from_month, to_month, min_count)
    _emit(stats.salary_bands(db, scope, by=by) if by else stats.salary_summary(db, scope), as_json)


def _scoped(fn: Callable[..., StatResult], with_by: str | None) -> Callable[..., None]:
    def command(
        region: REGION = None,
        from_month: FROM = None,
        to_month: TO = None,
        min_count: MIN = 5,
        by: BY = with_by or "",
        as_json: JSON = False,
    ) -> None:
        from talentseek.report.scope import make_scope

        db = engine().db
        scope = make_scope(db, region, from_month, to_month, min_count)
        _emit(fn(db, scope, by=by) if with_by is not None else fn(db, scope), as_json)

    command.__doc__ = fn.__doc__
    return command


def register(app: typer.Typer) -> None:
    from talentseek.report import city, stats

    if stats_app.registered_commands[1:]:  # already registered in this process
        app.add_typer(stats_app)
        return
    for name, fn, by, doc in (
        ("postings", stats.postings_by, "city", "职位数，按 province|city|district|occupation|industry 分组"),
        (
            "candidates",
            stats.candidates_by,
            "city",
            "活跃求职者数，按 province|city|district|occupation|education",
        ),
        ("demand", stats.demand_supply, None, "供需比：职位数 / 意向该城市的活跃求职者（职业×城市）"),
        ("intent", stats.intent_ranking, None, "求职意向城市排行，含外地流入意向"),
        ("skills", stats.skill_trends, None, "技能热度升降（两比例 z 检验 + BH 校正）"),
        ("time-to-fill", stats.time_to_fill, None, "招聘周期：发布到首次录用的天数"),
        ("applications", stats.applications_per_posting, None, "每个职位收到的投递数"),
        ("cities", city.city_ranking, None, "城市人才吸引力排行（分项与综合得分）"),
    ):
        stats_app.command(name, help=doc)(_scoped(fn, by))
    app.add_typer(stats_app)
