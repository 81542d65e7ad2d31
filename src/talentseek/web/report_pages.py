"""Operator dashboard: `/reports` (the report's figures with filters), `/reports/city/{name}`, downloads.

The page is built from the same section builders as `talentseek report`, so it shows the same numbers.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.responses import FileResponse

from talentseek.api.deps import get_engine, optional_user
from talentseek.auth.principal import CurrentUser
from talentseek.domain import Role
from talentseek.errors import TalentSeekError
from talentseek.report.scope import Scope, make_scope
from talentseek.web.guard import PageRoute
from talentseek.web.templating import render, templates

router = APIRouter(include_in_schema=False, route_class=PageRoute)
templates.env.filters["b64encode"] = lambda data: base64.b64encode(data).decode("ascii")  # report charts
COLUMN_LABELS = {  # the statistics' column keys as table headers
    "occupation": "职业",
    "occupation_code": "职业代码",
    "district": "区县",
    "city": "城市",
    "province": "省份",
    "industry": "行业",
    "education": "学历",
    "experience": "经验",
    "n": "样本数",
    "p25": "P25",
    "p50": "中位数",
    "p75": "P75",
    "postings": "职位数",
    "jobs": "职位数",
    "companies": "企业数",
    "candidates": "求职者数",
    "seekers": "求职者数",
    "share": "占比",
    "ratio": "比值",
    "inflow": "流入人数",
    "inflow_share": "流入占比",
}
templates.env.globals["column_labels"] = COLUMN_LABELS


def _gate(request: Request) -> CurrentUser | Response:
    """The operator, or a redirect to log in / a 403 page for anyone else."""
    user = optional_user(request)
    if user is None:
        target = quote(str(request.url.path) + ("?" + request.url.query if request.url.query else ""))
        return RedirectResponse(f"/login?next={target}", status_code=303)
    if user.role is not Role.OPERATOR:
        return render(
            request,
            "error.html",
            status_code=403,
            code=403,
            title="无权访问",
            message="市场报告仅限平台运营人员查看。",
        )
    return user


def _filters(request: Request) -> dict[str, str]:
    q = request.query_params
    return {k: (q.get(k) or "").strip() for k in ("region", "from", "to", "min_count")}


def _scope(request: Request, f: dict[str, str]) -> Scope:
    mc = f["min_count"]
    if mc and not mc.isdigit():
        from talentseek.errors import InputError

        raise InputError(f"最小样本量“{mc}”不是正整数", field="min_count")
    db = get_engine(request).db
    return make_scope(db, f["region"] or None, f["from"] or None, f["to"] or None, int(mc) if mc else 5)


@router.get("/reports")
def reports_page(request: Request) -> Response:
    gate = _gate(request)
    if not isinstance(gate, CurrentUser):
        return gate
    from talentseek.report.content import build_report

    f = _filters(request)
    try:
        scope = _scope(request, f)
    except TalentSeekError as err:
        return render(request, "reports.html", status_code=400, filters=f, error=str(err), report=None)
    report = build_report(get_engine(request).db, scope)
    query = urlencode({k: v for k, v in f.items() if v})
    return render(request, "reports.html", filters=f, error=None, report=report, query=query, scope=scope)


@router.get("/reports/city/{name}")
def city_page(name: str, request: Request) -> Response:
    gate = _gate(request)
    if not isinstance(gate, CurrentUser):
        return gate
    from talentseek.report import city, stats

    f = _filters(request)
    try:
        scope = _scope(request, f)
        db = get_engine(request).db
        view = city.city_view(db, scope, name)
    except TalentSeekError as err:
        return render(
            request,
            "report_city.html",
            status_code=err.status_code,
            filters=f,
            error=str(err),
            city_name=name,
            view=None,
        )
    local = Scope(name, "city", scope.province, scope.start, scope.end, scope.min_count)
    extra = {
        "salary": stats.salary_bands(db, local, by="occupation"),
        "districts": stats.postings_by(db, local, by="district"),
        "summary": stats.salary_summary(db, local),
    }
    return render(
        request,
        "report_city.html",
        filters=f,
        error=None,
        city_name=name,
        view=view,
        extra=extra,
        query=urlencode({k: v for k, v in f.items() if v}),
    )


@router.get("/reports/download")
def download(request: Request) -> Response:
    gate = _gate(request)
    if not isinstance(gate, CurrentUser):
        return gate
    from talentseek.report.render import write_report

    f = _filters(request)
    fmt = request.query_params.get("format", "pdf")
    try:
        scope = _scope(request, f)
        if fmt not in ("pdf", "html"):
            from talentseek.errors import InputError

            raise InputError("下载格式只支持 pdf 或 html", field="format")
    except TalentSeekError as err:
        return render(request, "reports.html", status_code=400, filters=f, error=str(err), report=None)
    tmp = Path(tempfile.mkdtemp(prefix="ts-report-"))
    path = write_report(get_engine(request).db, scope, fmt, tmp / f"report.{fmt}")
    filename = f"{scope.label}人才发展报告.{fmt}"
    return FileResponse(path, filename=filename, background=BackgroundTask(_cleanup, tmp))


def _cleanup(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
