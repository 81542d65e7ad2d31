"""Issue 15's web-side bugs, one test each: empty form fields, skill aliases, expired sessions, one
salary format, the assistant's salaries / follow-ups / no-model note, report headers, nav by role,
已申请 badges, the narrow-screen toggles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import pytest
from fastapi import APIRouter, Query
from fastapi.testclient import TestClient

from talentseek import domain
from talentseek.engine import Engine
from talentseek.store.repo import upsert_candidate
from talentseek.web.format import salary
from talentseek.web.guard import PageRoute
from web_fixtures import Market
from webclient import csrf_from, market_client, web_login

Env = tuple[TestClient, Engine, Market]
TEMPLATES = Path(__file__).parents[1] / "src" / "talentseek" / "web" / "templates"
ENGLISH = re.compile(r"Input should|Field required|value is not|validation error|\"detail\"")


TYPED = APIRouter(route_class=PageRoute)  # the net under every page route with typed fields


@TYPED.get("/typed-page")
def _typed(page: Annotated[int, Query(ge=1)], min_years: float = 0) -> dict[str, int]:
    return {"page": page}


@pytest.fixture
def env() -> Iterator[Env]:
    with market_client() as e:
        yield e


def test_shortlist_with_every_field_left_empty_is_a_page_not_a_422(env: Env) -> None:
    client, _, m = env
    web_login(client, "rec_a")
    params = {"job_id": str(m.job_a), "must": "", "nice": "", "min_years": "", "min_education": ""}
    r = client.get("/match/candidates", params=params)
    assert r.status_code == 200, r.text[:300]
    assert "张伟" in r.text  # the applicant
    bad = client.get("/match/candidates", params={**params, "min_years": "三年"})
    assert bad.status_code == 200 and "“最低年限”应填数字" in bad.text and not ENGLISH.search(bad.text)
    assert client.get("/match/candidates", params={"job_id": "abc"}).status_code == 200


def test_page_validation_errors_are_chinese_pages(env: Env) -> None:
    from talentseek.web.guard import validation_message

    client, _, _ = env
    token = web_login(client, "seeker1")
    r = client.post("/jobs/abc/apply", data={"csrf_token": token}, headers={"accept": "text/html"})
    assert r.status_code == 404 and "<html" in r.text and not ENGLISH.search(r.text)
    huge = client.get("/applications/99999999999999999999999")
    assert huge.status_code == 404 and "申请不存在" in huge.text  # no OverflowError from SQLite
    client.app.include_router(TYPED)  # type: ignore[attr-defined]
    r = client.get("/typed-page", params={"page": "x", "min_years": "三"}, headers={"accept": "text/html"})
    assert r.status_code == 422 and "填写有误" in r.text and not ENGLISH.search(r.text)
    assert "“页码”应为整数" in r.text and "“最低年限”应为数字" in r.text
    assert validation_message([{"loc": ("query", "page"), "type": "missing"}]) == "“页码”不能为空"


def test_must_have_skill_alias_finds_the_candidates_who_list_it(env: Env) -> None:
    client, engine, m = env
    with engine.db.session() as db:
        resume = domain.Resume(name="赵厨", city="济南市", skills=("烹饪", "中餐"))
        upsert_candidate(db, resume, external_id="cook", open_to_pool=True)
    web_login(client, "rec_a")
    for must in ("烹饪", "厨师", "中式烹调师"):  # spellings of one canonical skill
        r = client.get("/match/candidates", params={"job_id": str(m.job_a), "must": must})
        assert r.status_code == 200 and "赵厨" in r.text, must
    r = client.get("/match/candidates", params={"job_id": str(m.job_a), "must": "烹饪,Java"})
    assert "赵厨" not in r.text  # must-haves still all required


def test_expired_session_post_goes_to_login_and_back(env: Env) -> None:
    client, _, m = env
    token = web_login(client, "seeker2")
    client.cookies.clear()  # the session is gone (expired, or logged out elsewhere)
    r = client.post(f"/jobs/{m.job_b}/apply", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/login?next=/jobs/{m.job_b}")
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "登录已过期" in page.text
    assert f'name="next" value="/jobs/{m.job_b}"' in page.text
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"].startswith("/login")
    hx = client.post("/logout", data={"csrf_token": token}, headers={"HX-Request": "true"})
    assert hx.headers.get("HX-Redirect", "").startswith("/login")


def test_live_session_with_a_wrong_token_is_still_403(env: Env) -> None:
    client, _, m = env
    web_login(client, "seeker1")
    r = client.post(f"/jobs/{m.job_b}/apply", data={"csrf_token": "forged"}, follow_redirects=False)
    assert r.status_code == 403 and "CSRF" in r.text
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403


def test_stale_login_form_is_shown_again_not_403(env: Env) -> None:
    client, _, _ = env
    token = csrf_from(client.get("/login").text)
    client.cookies.clear()
    r = client.post("/login", data={"username": "seeker1", "password": "x", "csrf_token": token})
    assert r.status_code == 403 and "登录页面已过期" in r.text and 'id="password"' in r.text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"valid": True, "low": 8000, "high": 12000, "period": "month", "months": 13}, "8千-1.2万·13薪"),
        ({"valid": True, "low": 8500.0, "high": 12500.0, "period": "month"}, "8.5千-1.25万"),
        ({"valid": True, "low": 200, "high": 200, "period": "day"}, "200元/天"),
        ({"valid": True, "negotiable": True}, "面议"),
        ({"salary": {"valid": True, "low": 10000, "high": None, "period": "month"}}, "1万以上"),
        (None, "面议"),
    ],
)
def test_one_salary_format(value: object, text: str) -> None:
    assert salary(value) == text


def test_templates_use_the_salary_filter_only() -> None:
    for path in TEMPLATES.glob("*.html"):
        html = path.read_text()
        shown_raw = re.search(r"\{\{\s*(?!values\.)[\w.]*salary_text", html)  # the form's own field is fine
        assert not shown_raw and "salary_display(" not in html, path.name


def test_recommendations_use_the_salary_format_and_mark_applied_jobs(env: Env) -> None:
    client, _, _ = env
    web_login(client, "seeker1")  # applied to job_a (Java开发工程师, 8000-12000 ×13)
    html = client.get("/match/jobs").text
    assert "Java开发工程师" in html
    item = html[html.index("Java开发工程师") :][:600]
    assert "已申请" in item and "8千-1.2万·13薪" in item


def test_assistant_answers_in_the_salary_format_and_says_no_model() -> None:
    from talentseek.assistant.chat import NO_MODEL_NOTE, template_answer
    from talentseek.assistant.tools import Filters, ToolResult

    items = [
        {"id": 1, "title": "厨师", "salary": {"valid": True, "low": 8500.0, "high": 12500.0}},
        {"id": 2, "title": "帮厨", "salary": {"valid": True, "low": None, "high": None, "negotiable": True}},
        {"id": 3, "title": "学徒", "salary": {"valid": False}},
    ]
    text = template_answer(ToolResult("search_jobs", Filters(), items, "J"))
    assert "8.5千-1.25万" in text and "面议" in text
    assert "8500.0" not in text and "?" not in text
    assert "未运行语言模型" in NO_MODEL_NOTE and "model pull" in NO_MODEL_NOTE


def test_assistant_follow_up_salary_refines_the_search() -> None:
    from talentseek.assistant.refine import is_followup, refine
    from talentseek.assistant.tools import Filters

    prev = Filters(keywords=("厨师",), city="济南市")
    assert is_followup("只看1万以上的")
    f = refine(prev, "只看1万以上的", [])
    assert f.salary_min == 10000 and f.city == "济南市" and f.keywords == ("厨师",)
    assert refine(prev, "只看青岛的", []).city == "青岛市"


def test_rule_routed_answers_say_no_model_is_running(env: Env) -> None:
    client, _, _ = env
    token = web_login(client, "seeker1")
    page = client.get("/assistant")
    assert page.status_code == 200 and "当前未运行语言模型" in page.text
    r = client.post("/api/assistant", json={"message": "济南 Java"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    assert r.json()["answer"].startswith("当前未运行语言模型，以下为规则检索结果")


@pytest.mark.parametrize("username", [None, "seeker1", "rec_a", "op"])
def test_every_nav_entry_opens_for_its_role(env: Env, username: str | None) -> None:
    client, _, _ = env
    if username:
        web_login(client, username)
    html = client.get("/").text
    nav = html[html.index('<nav class="nav"') : html.index("</nav>")]
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert len(hrefs) >= 4
    for href in hrefs:
        r = client.get(href)
        assert r.status_code == 200, (username, href, r.status_code)


def test_city_report_headers_are_chinese(env: Env) -> None:
    client, _, _ = env
    web_login(client, "op")
    html = client.get("/reports/city/济南市", params={"min_count": "1"}).text
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", html)
    assert heads, html[:500]
    for h in heads:
        assert not re.fullmatch(r"[a-z_0-9]+", h), h


def test_narrow_screen_toggles_exist() -> None:
    base = (TEMPLATES / "base.html").read_text()
    assert 'id="nav-toggle"' in base and "菜单" in base
    assert 'id="facet-toggle"' in (TEMPLATES / "search_results.html").read_text()
    css = (TEMPLATES.parent / "static" / "app.css").read_text()
    assert ".nav-toggle:checked ~ .nav" in css and ".facet-toggle:checked ~ .facets" in css
