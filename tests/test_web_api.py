"""Jobs/auth/candidates API: role and ownership checks, token auth, CSRF for cookies, bad input → 4xx."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from talentseek.engine import Engine
from talentseek.store import models
from web_fixtures import PASSWORD, Market, count_rows
from webclient import market_client, web_login

Env = tuple[TestClient, Engine, Market]
NEW_JOB = {"title": "Python后端工程师", "city": "济南市", "salary_text": "1.5万-2.5万·14薪",
           "skills": ["Python", "Django"], "description": "负责接口开发"}


@pytest.fixture
def env(db_url: str) -> Iterator[Env]:
    with market_client(db_url) as e:
        yield e


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def json_login(client: TestClient, username: str) -> dict[str, str]:
    """Log in through the JSON API; returns the header carrying the CSRF token for later writes."""
    r = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"X-CSRF-Token": r.json()["csrf_token"]}


def test_list_and_get_jobs_public(env: Env) -> None:
    client, _, m = env
    body = client.get("/api/jobs").json()
    assert body["total"] == 2 and body["page"] == 1
    first = body["results"][0]
    assert first["title"] == "测试工程师" and first["salary_display"] == "面议"
    assert client.get("/api/jobs", params={"city": "济南"}).json()["total"] == 1
    assert client.get("/api/jobs", params={"status": "all"}).json()["total"] == 3
    job = client.get(f"/api/jobs/{m.job_a}").json()
    assert job["salary"] == {"valid": True, "low": 8000, "high": 12000, "period": "month", "months": 13,
                             "negotiable": False}
    assert job["salary_display"] == "8千-1.2万·13薪" and "负责后端开发" in job["description"]
    r = client.get("/api/jobs/424242")
    assert r.status_code == 404 and "不存在" in r.json()["error"]


@pytest.mark.parametrize("params", [{"page": "-1"}, {"page": "0"}, {"page": "10001"}, {"page": "abc"},
                                    {"per_page": "1000"}, {"status": "weird"}])
def test_bad_paging_is_422(env: Env, params: dict[str, str]) -> None:
    client, _, _ = env
    r = client.get("/api/jobs", params=params)
    assert r.status_code == 422 and "error" in r.json()


def test_me_needs_login(env: Env) -> None:
    client, _, _ = env
    r = client.get("/api/me")
    assert r.status_code == 401 and "登录" in r.json()["error"]


def test_json_login_sets_cookie_and_me(env: Env) -> None:
    client, _, m = env
    json_login(client, "rec_a")
    me = client.get("/api/me").json()
    assert me["role"] == "recruiter" and me["company_id"] == m.company_a
    assert me["company"] == "山东浪潮软件有限公司"
    r = client.post("/api/auth/login", json={"username": "rec_a", "password": "wrong-password"})
    assert r.status_code == 401 and r.json()["error"] == "用户名或密码错误"


@pytest.mark.parametrize("body", ['{"username": "x"', "[]", '{"username": 5}', "null", "x" * 10])
def test_malformed_login_body_is_422(env: Env, body: str) -> None:
    client, _, _ = env
    r = client.post("/api/auth/login", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422 and "error" in r.json()


def test_login_form_encoded_is_not_json(env: Env) -> None:
    client, _, _ = env
    r = client.post("/api/auth/login", data={"username": "op", "password": PASSWORD})
    assert r.status_code == 422  # JSON only: a cross-site HTML form cannot log a victim in


def test_seeker_cannot_post_job(env: Env) -> None:
    client, engine, _ = env
    csrf = json_login(client, "seeker1")
    before = count_rows(engine, models.Job)
    r = client.post("/api/jobs", json=NEW_JOB, headers=csrf)
    assert r.status_code == 403 and "招聘方" in r.json()["error"]
    assert count_rows(engine, models.Job) == before


def test_anonymous_cannot_post_job(env: Env) -> None:
    client, _, _ = env
    assert client.post("/api/jobs", json=NEW_JOB).status_code == 401


def test_recruiter_posts_edits_deletes_own_job(env: Env) -> None:
    client, _, m = env
    csrf = json_login(client, "rec_a")
    r = client.post("/api/jobs", json=NEW_JOB, headers=csrf)
    assert r.status_code == 201, r.text
    job = r.json()
    assert job["company_id"] == m.company_a and job["salary"]["months"] == 14
    assert job["salary_display"] == "1.5万-2.5万·14薪"
    r = client.patch(f"/api/jobs/{job['id']}", json={"title": "高级Python工程师", "exp_min": 3}, headers=csrf)
    assert r.status_code == 200 and r.json()["title"] == "高级Python工程师"
    assert r.json()["experience"]["min_years"] == 3 and r.json()["skills"] == ["Python", "Django"]
    assert client.delete(f"/api/jobs/{job['id']}", headers=csrf).status_code == 204
    assert client.get(f"/api/jobs/{job['id']}").status_code == 404


def test_cookie_write_without_csrf_is_403(env: Env) -> None:
    client, engine, m = env
    json_login(client, "rec_a")
    before = count_rows(engine, models.Job)
    assert client.post("/api/jobs", json=NEW_JOB).status_code == 403
    assert client.patch(f"/api/jobs/{m.job_a}", json={"title": "x"}).status_code == 403
    assert client.delete(f"/api/jobs/{m.job_a}", headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert count_rows(engine, models.Job) == before


def test_recruiter_cannot_touch_other_company_job(env: Env) -> None:
    client, _, m = env
    csrf = json_login(client, "rec_b")
    r = client.patch(f"/api/jobs/{m.job_a}", json={"title": "被篡改"}, headers=csrf)
    assert r.status_code == 403 and "不属于你的公司" in r.json()["error"]
    assert client.delete(f"/api/jobs/{m.job_a}", headers=csrf).status_code == 403
    assert client.get(f"/api/jobs/{m.job_a}").json()["title"] == "Java开发工程师"
    r = client.post("/api/jobs", json={**NEW_JOB, "company_id": m.company_a}, headers=csrf)
    assert r.status_code == 403


def test_operator_edits_any_job_and_must_name_company(env: Env) -> None:
    client, _, m = env
    csrf = json_login(client, "op")
    r = client.patch(f"/api/jobs/{m.job_b}", json={"status": "closed"}, headers=csrf)
    assert r.json()["status"] == "closed"
    r = client.post("/api/jobs", json=NEW_JOB, headers=csrf)
    assert r.status_code == 400 and "company_id" in r.json()["error"]
    r = client.post("/api/jobs", json={**NEW_JOB, "company_id": m.company_b}, headers=csrf)
    assert r.status_code == 201
    assert client.post("/api/jobs", json={**NEW_JOB, "company_id": 9999}, headers=csrf).status_code == 404


@pytest.mark.parametrize("body", [
    {"description": "no title"},
    {"title": ""},
    {"title": "x", "salary": {"low": -5}},
    {"title": "x", "salary": {"low": 1, "period": "fortnight"}},
    {"title": "x", "headcount": 0},
    {"title": "x", "unknown_field": 1},
    {"title": "x", "education": "幼儿园"},
    {"title": "x", "skills": "Java"},
])
def test_malformed_job_bodies_are_422(env: Env, body: dict[str, object]) -> None:
    client, _, _ = env
    r = client.post("/api/jobs", json=body, headers=bearer(env[2].keys["rec_a"]))
    assert r.status_code == 422, r.text
    assert "error" in r.json()


def test_job_input_errors_are_400(env: Env) -> None:
    client, _, m = env
    h = bearer(m.keys["rec_a"])
    r = client.post("/api/jobs", json={"title": "x", "salary_text": "随便给点"}, headers=h)
    assert r.status_code == 400 and "无法识别薪资" in r.json()["error"]
    r = client.post("/api/jobs", json={"title": "x", "exp_min": 5, "exp_max": 2}, headers=h)
    assert r.status_code == 400
    r = client.patch(f"/api/jobs/{m.job_a}", json={"title": None}, headers=h)
    assert r.status_code == 400
    r = client.post("/api/jobs", content=b"\xff\xfe{", headers={**h, "content-type": "application/json"})
    assert r.status_code in (400, 422)  # undecodable bytes: FastAPI answers 400, never 500


def test_api_token_auth(env: Env) -> None:
    client, _, m = env
    h = bearer(m.keys["rec_a"])
    assert client.get("/api/me", headers=h).json()["username"] == "rec_a"
    r = client.post("/api/jobs", json=NEW_JOB, headers=h)  # bearer calls need no CSRF token
    assert r.status_code == 201
    assert client.get("/api/me", headers=bearer("ts-not-a-real-key")).status_code == 401
    assert client.get("/api/me", headers={"Authorization": "Basic abc"}).status_code == 401
    assert client.get("/api/me", headers={"Authorization": "Bearer "}).status_code == 401


def test_api_token_rate_limit(env: Env) -> None:
    client, _, m = env
    h = bearer(m.keys["op"])  # limit 3 per minute
    codes = [client.get("/api/me", headers=h).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_contact_masked_without_application(env: Env) -> None:
    client, _, m = env
    h = bearer(m.keys["rec_a"])
    pool = client.get(f"/api/candidates/{m.cand_pool}", headers=h).json()
    assert pool["phone"] == "137****2222" and pool["email"] == "l***@example.com"
    assert pool["resume"]["phone"] == "137****2222" and pool["contact_masked"] is True
    applicant = client.get(f"/api/candidates/{m.cand_seeker}", headers=h).json()
    assert applicant["phone"] == "13812345678" and applicant["contact_masked"] is False
    r = client.get(f"/api/candidates/{m.cand_private}", headers=h)
    assert r.status_code == 403
    assert client.get("/api/candidates/99999", headers=h).status_code == 404
    assert client.get(f"/api/candidates/{m.cand_pool}").status_code == 401


def test_seeker_sees_only_self(env: Env) -> None:
    client, _, m = env
    json_login(client, "seeker1")
    me = client.get(f"/api/candidates/{m.cand_seeker}").json()
    assert me["phone"] == "13812345678"
    assert client.get(f"/api/candidates/{m.cand_pool}").status_code == 403


def test_apply_api(env: Env) -> None:
    client, engine, m = env
    csrf = json_login(client, "seeker1")
    r = client.post(f"/api/jobs/{m.job_b}/apply", headers=csrf)
    assert r.status_code == 201 and r.json()["created"] is True
    assert client.post(f"/api/jobs/{m.job_b}/apply", headers=csrf).status_code == 200
    r = client.post(f"/api/jobs/{m.job_closed}/apply", headers=csrf)
    assert r.status_code == 400 and "已关闭" in r.json()["error"]
    assert client.post("/api/jobs/99999/apply", headers=csrf).status_code == 404
    # a seeker without a resume record cannot apply
    client.cookies.clear()
    csrf2 = json_login(client, "seeker2")
    assert client.post(f"/api/jobs/{m.job_b}/apply", headers=csrf2).status_code == 403
    # recruiters cannot apply
    assert client.post(f"/api/jobs/{m.job_b}/apply", headers=bearer(m.keys["rec_a"])).status_code == 403


def test_api_logout(env: Env) -> None:
    client, _, _ = env
    csrf = json_login(client, "op")
    assert client.post("/api/auth/logout").status_code == 403
    assert client.post("/api/auth/logout", headers=csrf).json() == {"ok": True}
    assert client.get("/api/me").status_code == 401


def test_web_session_login_flow_works_for_api(env: Env) -> None:
    client, _, _ = env
    token = web_login(client, "rec_b")
    assert client.post("/api/jobs", json=NEW_JOB, headers={"X-CSRF-Token": token}).status_code == 201
