"""Web pages: `/assistant` (chat, streams from /api/assistant) and `/assistant/jd` (JD-writing helper)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from talentseek.api.deps import get_engine, optional_user
from talentseek.assistant import engine_llm
from talentseek.assistant.chat import NO_MODEL_NOTE
from talentseek.domain import Role
from talentseek.web.guard import PageRoute
from talentseek.web.templating import render

router = APIRouter(include_in_schema=False, route_class=PageRoute)

EXAMPLES = {
    Role.SEEKER: ["济南 3年 Java 1万以上 双休", "只看青岛的", "工资再高一点", "青岛的薪资水平"],
    Role.RECRUITER: ["找济南有5年经验的Java候选人", "只看青岛的", "不要外包"],
    Role.OPERATOR: ["武汉 数据分析 职位", "武汉的薪资水平"],
}


@router.get("/assistant")
def assistant_page(request: Request) -> Response:
    user = optional_user(request)
    if user is None:
        return RedirectResponse("/login?next=/assistant", status_code=303)
    running = engine_llm(get_engine(request)) is not None
    return render(
        request,
        "assistant.html",
        examples=EXAMPLES[user.role],
        model_note=None if running else NO_MODEL_NOTE,
    )


@router.get("/assistant/jd")
def jd_helper_page(request: Request) -> Response:
    user = optional_user(request)
    if user is None:
        return RedirectResponse("/login?next=/assistant/jd", status_code=303)
    return render(request, "jd_helper.html", allowed=user.role in (Role.RECRUITER, Role.OPERATOR))
