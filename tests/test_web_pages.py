"""Web pages: Chinese layout, jobs list and detail, 404s, login/logout with CSRF, applying."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from talentseek.engine import Engine
from talentseek.store import models
from web_fixtures import Market, count_rows
from webclient import csrf_from, market_client, web_login

Env = tuple[TestClient, Engine, Market]


@pytest.fixture
def env() -> Iterator[Env]:
    with market_client() as e:
        yield e


def test_home_and_layout(env: Env) -> None:
    client, _, _ = env
    r = client.get("/")
    assert r.status_code == 200
    html = r.text
    assert '<html lang="zh-CN">' in html
    assert "/static/htmx.min.js" in html and "cdn" not in html.lower()
    for label in ("首页", "职位", "搜索", "助手", "登录"):
        assert label in html
    for href in ("/match/jobs", "/match/candidates", "/reports"):  # role-only menu entries hidden
        assert f'href="{href}"' not in html
    assert "Java开发工程师" in html and "在招职位" in html
    assert "ts_session" in r.headers["set-cookie"]
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_static_files(env: Env) -> None:
    client, _, _ = env
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    assert "htmx" in client.get("/static/htmx.min.js").text[:200]
    assert client.get("/static/../pages.py").status_code == 404
    assert client.get("/static/%2e%2e/pages.py").status_code == 404
    assert client.get("/static/nope.css").status_code == 404


def test_jobs_list_filters_and_pages(env: Env) -> None:
    client, _, _ = env
    html = client.get("/jobs").text
    assert "Java开发工程师" in html and "测试工程师" in html
    assert "已关闭的职位" not in html
    assert html.index("测试工程师") < html.index("Java开发工程师")  # newest first
    qd = client.get("/jobs", params={"city": "青岛"}).text
    assert "测试工程师" in qd and "Java开发工程师" not in qd
    for page in ("-5", "0", "abc", "99999999999999999999"):
        r = client.get("/jobs", params={"page": page})
        assert r.status_code == 200 and "Java开发工程师" in r.text
    assert "没有符合条件的职位" in client.get("/jobs", params={"q": "不存在的职位名"}).text


def test_job_page_renders_chinese_salary_and_details(env: Env) -> None:
    client, _, m = env
    html = client.get(f"/jobs/{m.job_a}").text
    assert "8千-1.2万·13薪" in html
    assert "山东浪潮软件有限公司" in html and "济南市" in html and "历下区" in html
    assert "五险一金" in html and "Spring Boot" in html
    assert "负责后端开发" in html and 'class="description"' in html
    assert "2026年11月1日" in html or "前" in html
    assert "登录后申请" in html
    assert "面议" in client.get(f"/jobs/{m.job_b}").text


@pytest.mark.parametrize("path", ["/jobs/999999", "/jobs/abc", "/jobs/-1"])
def test_unknown_job_is_chinese_404(env: Env, path: str) -> None:
    client, _, _ = env
    r = client.get(path)
    assert r.status_code == 404
    assert "职位不存在" in r.text and "text/html" in r.headers["content-type"]


def test_login_without_csrf_is_forbidden(env: Env) -> None:
    client, _, _ = env
    client.get("/login")
    r = client.post("/login", data={"username": "seeker1", "password": "correct-horse-42"})
    assert r.status_code == 403
    assert "CSRF" in r.text
    assert client.get("/api/me").status_code == 401


def test_login_wrong_password_generic_message(env: Env) -> None:
    client, _, _ = env
    token = csrf_from(client.get("/login").text)
    bad_pw = client.post("/login", data={"username": "seeker1", "password": "nope-nope", "csrf_token": token})
    no_user = client.post("/login", data={"username": "ghost", "password": "nope-nope", "csrf_token": token})
    assert bad_pw.status_code == no_user.status_code == 401
    assert "用户名或密码错误" in bad_pw.text and "用户名或密码错误" in no_user.text
    assert client.get("/api/me").status_code == 401


def test_login_limiter_kicks_in(env: Env) -> None:
    client, _, _ = env
    token = csrf_from(client.get("/login").text)
    codes = [client.post("/login", data={"username": "rec_a", "password": "wrong-pass", "csrf_token": token})
             .status_code for _ in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    r = client.post("/login", data={"username": "rec_a", "password": "correct-horse-42", "csrf_token": token})
    assert r.status_code == 429 and "分钟后再试" in r.text


def test_login_shows_user_and_role_then_logout(env: Env) -> None:
    client, _, _ = env
    old = csrf_from(client.get("/login").text)
    token = web_login(client, "rec_a")
    assert token != old  # login rotates the CSRF token (session fixation)
    html = client.get("/").text
    assert "李招聘" in html and "招聘方" in html
    assert 'href="/match/candidates"' in html and 'href="/match/jobs"' not in html
    assert client.post("/logout", data={}).status_code == 403  # logout needs the token too
    r = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/api/me").status_code == 401
    assert "登录" in client.get("/").text


def test_login_redirects_only_to_local_paths(env: Env) -> None:
    client, _, m = env
    for target, expected in ((f"/jobs/{m.job_a}", f"/jobs/{m.job_a}"), ("//evil.example", "/"),
                             ("https://evil.example", "/")):
        client.cookies.clear()
        token = csrf_from(client.get("/login").text)
        r = client.post("/login", data={"username": "op", "password": "correct-horse-42", "csrf_token": token,
                                        "next": target}, follow_redirects=False)
        assert r.headers["location"] == expected


def test_operator_menu_offers_only_pages_it_may_open(env: Env) -> None:
    client, _, _ = env
    web_login(client, "op")
    html = client.get("/").text
    for href in ("/match/candidates", "/reports"):
        assert f'href="{href}"' in html
    assert 'href="/match/jobs"' not in html  # a seeker's page: it answers 403 to operators
    assert "运营" in html


def test_seeker_applies_from_job_page(env: Env) -> None:
    client, engine, m = env
    token = web_login(client, "seeker1")
    html = client.get(f"/jobs/{m.job_b}").text
    assert f'action="/jobs/{m.job_b}/apply"' in html
    before = count_rows(engine, models.Interaction)
    assert client.post(f"/jobs/{m.job_b}/apply", data={}).status_code == 403  # no CSRF token
    r = client.post(f"/jobs/{m.job_b}/apply", data={"csrf_token": token})
    assert r.status_code == 200 and "申请已提交" in r.text and "已申请" in r.text
    client.post(f"/jobs/{m.job_b}/apply", data={"csrf_token": token})  # twice: still one application
    assert count_rows(engine, models.Interaction) == before + 1


def test_recruiter_cannot_apply_and_sees_applicants_on_own_job(env: Env) -> None:
    client, _, m = env
    token = web_login(client, "rec_a")
    html = client.get(f"/jobs/{m.job_a}").text
    assert "本公司职位" in html and "已收到 1 份申请" in html and "/apply" not in html
    assert "本公司职位" not in client.get(f"/jobs/{m.job_b}").text
    r = client.post(f"/jobs/{m.job_b}/apply", data={"csrf_token": token})
    assert r.status_code == 403 and "求职者" in r.text


def test_changed_password_ends_session(env: Env) -> None:
    from talentseek.auth import set_password

    client, engine, _ = env
    web_login(client, "seeker2")
    assert client.get("/api/me").status_code == 200
    with engine.db.session() as db:
        set_password(db, "seeker2", "brand-new-password")
    assert client.get("/api/me").status_code == 401


def test_tampered_session_cookie_is_ignored(env: Env) -> None:
    client, _, _ = env
    web_login(client, "op")
    raw = client.cookies.get("ts_session")
    assert raw
    client.cookies.clear()
    client.cookies.set("ts_session", raw[:-3] + ("AAA" if not raw.endswith("AAA") else "BBB"))
    assert client.get("/api/me").status_code == 401
    client.cookies.clear()
    client.cookies.set("ts_session", raw)
    assert client.get("/api/me").status_code == 200  # the untouched cookie still works
