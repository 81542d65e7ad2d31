"""Marketplace API (CONTRACTS.md "Marketplace API"): every contract line, the stage machine over HTTP,
messages for the two parties, upload limits, compliance on post/edit, operator routes, offline docs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentseek.engine import Engine
from talentseek.store import models
from web_fixtures import PASSWORD, Market, count_rows
from webclient import market_client

Env = tuple[TestClient, Engine, Market]
RESUME_TXT = """张伟
男 | 1994年出生 | 电话：13812345678 | 邮箱：zhangwei@example.com
现居住地：济南
求职意向
期望职位：Java开发工程师
期望城市：济南、青岛
期望薪资：15k-20k
工作经历
2016.07-至今 浪潮软件股份有限公司 Java开发工程师
负责后端开发，使用 Spring Boot、MySQL
教育经历
2012.09-2016.06 山东大学 计算机科学与技术 本科
专业技能
Java、Spring Boot、MySQL
"""


@pytest.fixture
def env(db_url: str) -> Iterator[Env]:
    with market_client(db_url) as e:
        yield e


@pytest.fixture
def lite() -> Iterator[Env]:
    """SQLite only: for the tests that do not touch SQL the other database could answer differently."""
    with market_client() as e:
        yield e


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """Log in through the JSON API (the client keeps the cookie); the CSRF header for writes."""
    client.cookies.clear()
    r = client.post("/api/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"X-CSRF-Token": r.json()["csrf_token"]}


def _apps_of(client: TestClient, h: dict[str, str], job_id: int) -> list[dict[str, object]]:
    r = client.get(f"/api/jobs/{job_id}/applications", headers=h)
    assert r.status_code == 200, r.text
    apps: list[dict[str, object]] = r.json()["applications"]
    return apps


# ---------------------------------------------------------------- sign-up and 我的简历


def test_register_login_and_my_resume(env: Env) -> None:
    client, _, _ = env
    r = client.post(
        "/api/auth/register",
        json={"username": "new_seeker", "password": "pw-12345678", "display_name": "李雷"},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["username"] == "new_seeker" and body["role"] == "seeker" and isinstance(body["id"], int)
    again = client.post("/api/auth/register", json={"username": "new_seeker", "password": "pw-12345678"})
    assert again.status_code == 409 and "已被注册" in again.json()["error"]
    h = login(client, "new_seeker", "pw-12345678")
    mine = client.get("/api/me/resume").json()
    assert mine["candidate_id"] == body["candidate_id"] and mine["resume"]["name"] == "李雷"
    patched = client.patch(
        "/api/me/resume",
        headers=h,
        json={
            "city": "青岛",
            "skills": ["java", "MySQL"],
            "intent": {"titles": ["后端开发"], "salary": "1.5万-2万"},
        },
    )
    assert patched.status_code == 200, patched.text
    resume = patched.json()["resume"]
    assert resume["city"] == "青岛市" and resume["skills"] == ["Java", "MySQL"] and resume["name"] == "李雷"
    assert resume["intent"]["salary"]["low"] == 15000 and resume["intent"]["titles"] == ["后端开发"]
    # a second patch changes only what it names (intent merges key by key)
    second = client.patch("/api/me/resume", headers=h, json={"intent": {"cities": ["济南"]}}).json()["resume"]
    assert second["intent"]["titles"] == ["后端开发"] and second["intent"]["cities"] == ["济南市"]
    assert client.get("/api/me/resume").json()["resume"] == second


@pytest.mark.parametrize(
    "body",
    [
        {"username": "ab", "password": "pw-12345678"},
        {"username": "名字", "password": "pw-12345678"},
        {"username": "has space", "password": "pw-12345678"},
        {"username": "okname", "password": "short"},
        {"username": "okname"},
    ],
)
def test_register_refuses_bad_input_with_422(lite: Env, body: dict[str, str]) -> None:
    client, eng, _ = lite
    before = count_rows(eng, models.User)
    r = client.post("/api/auth/register", json=body)
    assert r.status_code == 422 and re.search(r"[\u4e00-\u9fff]", r.json()["error"])
    assert count_rows(eng, models.User) == before


def test_upload_parses_saves_and_downloads_the_original(lite: Env) -> None:
    client, eng, m = lite
    h = login(client, "seeker1")
    r = client.put(
        "/api/me/resume", headers=h, files={"file": ("简历.txt", RESUME_TXT.encode(), "text/plain")}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["candidate_id"] == m.cand_seeker and body["resume"]["name"] == "张伟"
    assert "Spring Boot" in body["resume"]["skills"] and body["files"][0]["filename"] == "简历.txt"
    got = client.get("/api/me/resume/file")
    assert got.status_code == 200 and got.content == RESUME_TXT.encode()
    stored = list((eng.settings.home / "resumes").iterdir())
    assert len(stored) == 1 and len(stored[0].name) == 64  # HOME/resumes/<sha256>


def test_upload_preview_then_confirm_with_corrections(lite: Env) -> None:
    client, _, _ = lite
    h = login(client, "seeker1")
    before = client.get("/api/me/resume").json()
    r = client.put(
        "/api/me/resume",
        headers=h,
        params={"save": "false"},
        files={"file": ("cv.md", RESUME_TXT.encode(), "text/markdown")},
    )
    assert r.status_code == 200 and r.json()["saved"] is False and r.json()["resume"]["name"] == "张伟"
    assert client.get("/api/me/resume").json() == before  # a preview saves nothing
    done = client.post(
        "/api/me/resume/confirm",
        headers=h,
        json={"upload": r.json()["upload"], "filename": "cv.md", "resume": {"name": "张伟伟"}},
    )
    assert done.status_code == 200, done.text
    assert done.json()["resume"]["name"] == "张伟伟" and len(done.json()["files"]) == 1


def _assert_unchanged(client: TestClient, before: dict[str, object], home: Path) -> None:
    assert client.get("/api/me/resume").json() == before
    folder = home / "resumes"
    assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1), 413, "10 MB"),
        ("virus.exe", b"MZ\x90\x00", 415, "不支持"),
        ("photo.png", b"\x89PNG\r\n\x1a\n", 415, "不支持"),
        ("broken.pdf", b"this is not a pdf at all", 422, "无法"),
        ("broken.docx", b"PK\x03\x04 not really a zip", 422, "无法"),
        ("empty.txt", b"", 422, "空"),
        ("blank.html", b"<html><body>   </body></html>", 422, "文字"),
    ],
)
def test_rejected_upload_changes_nothing(lite: Env, name: str, data: bytes, status: int, words: str) -> None:
    client, eng, _ = lite
    h = login(client, "seeker1")
    before = client.get("/api/me/resume").json()
    files_before = count_rows(eng, models.ResumeFile)
    r = client.put("/api/me/resume", headers=h, files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == status, r.text
    assert words in r.json()["error"] and re.search(r"[\u4e00-\u9fff]", r.json()["error"])
    _assert_unchanged(client, before, eng.settings.home)
    assert count_rows(eng, models.ResumeFile) == files_before


def test_resume_routes_are_for_seekers(lite: Env) -> None:
    client, _, _ = lite
    assert client.get("/api/me/resume").status_code == 401
    h = login(client, "rec_a")
    assert client.get("/api/me/resume").status_code == 403
    assert client.patch("/api/me/resume", headers=h, json={"name": "x"}).status_code == 403
    r = client.put("/api/me/resume", headers=h, files={"file": ("a.txt", b"abc", "text/plain")})
    assert r.status_code == 403


# ---------------------------------------------------------------- applications and stages


def test_apply_returns_application_id_and_both_sides_list_it(env: Env) -> None:
    client, _, m = env
    h = login(client, "seeker1")
    r = client.post(f"/api/jobs/{m.job_b}/apply", headers=h)
    assert r.status_code == 201 and isinstance(r.json()["application_id"], int)
    again = client.post(f"/api/jobs/{m.job_b}/apply", headers=h)
    assert again.status_code == 200 and again.json()["application_id"] == r.json()["application_id"]
    mine = client.get("/api/me/applications").json()["applications"]
    # job_a was applied to before applications existed (an interaction only): it is filled in
    assert {a["job_id"] for a in mine} == {m.job_a, m.job_b}
    assert all({"id", "job_id", "stage", "updated_at"} <= set(a) for a in mine)
    assert {a["stage"] for a in mine} == {"applied"}
    login(client, "rec_a")
    listed = _apps_of(client, {}, m.job_a)
    assert [a["candidate_id"] for a in listed] == [m.cand_seeker] and listed[0]["stage"] == "applied"
    login(client, "op")
    assert len(_apps_of(client, {}, m.job_b)) == 1
    client.cookies.clear()  # an API key works the same way, without a session or CSRF token
    by_key = _apps_of(client, {"Authorization": f"Bearer {m.keys['rec_a']}"}, m.job_a)
    assert [a["candidate_id"] for a in by_key] == [m.cand_seeker]
    assert (
        client.get(
            f"/api/jobs/{m.job_b}/applications", headers={"Authorization": f"Bearer {m.keys['rec_a']}"}
        ).status_code
        == 403
    )
    for who in ("rec_b", "seeker1"):
        login(client, who)
        assert client.get(f"/api/jobs/{m.job_a}/applications").status_code == 403


def _application(client: TestClient, m: Market) -> int:
    login(client, "seeker1")
    return int(client.get("/api/me/applications").json()["applications"][0]["id"])


def test_stage_machine_over_http(env: Env) -> None:
    client, _, m = env
    app_id = _application(client, m)
    h = login(client, "rec_a")
    for stage in ("screening", "interview", "applied", "offer"):
        r = client.patch(f"/api/applications/{app_id}", headers=h, json={"stage": stage})
        assert r.status_code == 200 and r.json()["stage"] == stage
    bad = client.patch(f"/api/applications/{app_id}", headers=h, json={"stage": "promoted"})
    assert bad.status_code == 422 and "未知的阶段" in bad.json()["error"]
    assert (
        client.patch(f"/api/applications/{app_id}", headers=h, json={"stage": "withdrawn"}).status_code == 403
    )
    h = login(client, "rec_b")
    assert (
        client.patch(f"/api/applications/{app_id}", headers=h, json={"stage": "rejected"}).status_code == 403
    )
    h = login(client, "seeker2")
    assert (
        client.patch(f"/api/applications/{app_id}", headers=h, json={"stage": "withdrawn"}).status_code == 403
    )
    h = login(client, "seeker1")
    assert client.patch(f"/api/applications/{app_id}", headers=h, json={"stage": "hired"}).status_code == 403
    r = client.patch(f"/api/applications/{app_id}", headers=h, json={"stage": "withdrawn"})
    assert r.status_code == 200 and r.json()["stage"] == "withdrawn"
    assert (
        client.patch(f"/api/applications/{app_id}", headers=h, json={"stage": "withdrawn"}).status_code == 409
    )
    assert client.post(f"/api/jobs/{m.job_a}/apply", headers=h).status_code == 409
    h = login(client, "rec_a")
    r = client.patch(f"/api/applications/{app_id}", headers=h, json={"stage": "screening"})
    assert r.status_code == 409 and "撤回" in r.json()["error"]
    history = client.get(f"/api/applications/{app_id}").json()["history"]
    assert [e["to"] for e in history] == ["screening", "interview", "applied", "offer", "withdrawn"]
    assert client.patch("/api/applications/999999", headers=h, json={"stage": "offer"}).status_code == 404


def test_bulk_move_is_all_or_nothing(env: Env) -> None:
    client, _, m = env
    h = login(client, "seeker1")
    a_b = client.post(f"/api/jobs/{m.job_b}/apply", headers=h).json()["application_id"]
    a_a = [
        a["id"] for a in client.get("/api/me/applications").json()["applications"] if a["job_id"] == m.job_a
    ][0]
    h = login(client, "rec_a")
    r = client.post("/api/applications/bulk-stage", headers=h, json={"ids": [a_a, a_b], "stage": "interview"})
    assert r.status_code == 403  # a_b belongs to company B
    assert _apps_of(client, h, m.job_a)[0]["stage"] == "applied"
    r = client.post("/api/applications/bulk-stage", headers=h, json={"ids": [a_a], "stage": "interview"})
    assert r.status_code == 200 and r.json()["applications"][0]["stage"] == "interview"


def test_stage_change_notifies_the_seeker(env: Env) -> None:
    client, _, m = env
    app_id = _application(client, m)
    assert client.get("/api/me/notifications").json() == {"notifications": [], "unread": 0}
    h = login(client, "rec_a")
    client.patch(f"/api/applications/{app_id}", headers=h, json={"stage": "interview"})
    h = login(client, "seeker1")
    got = client.get("/api/me/notifications").json()
    assert got["unread"] == 1 and got["notifications"][0]["kind"] == "stage"
    assert (
        "面试" in got["notifications"][0]["text"]
        and got["notifications"][0]["link"] == f"/applications/{app_id}"
    )
    r = client.post("/api/me/notifications/read", headers=h, json={})
    assert r.json() == {"marked": 1, "unread": 0}
    assert client.get("/api/me/notifications", params={"unread": "true"}).json()["notifications"] == []


# ---------------------------------------------------------------- messages


def test_messages_only_for_the_two_parties(env: Env) -> None:
    client, _, m = env
    app_id = _application(client, m)
    h = login(client, "seeker1")
    r = client.post(
        f"/api/applications/{app_id}/messages", headers=h, json={"text": "您好，我想了解面试安排"}
    )
    assert r.status_code == 201 and r.json()["from_role"] == "seeker"
    h = login(client, "rec_a")
    assert client.get("/api/me/notifications").json()["notifications"][0]["kind"] == "message"
    r = client.post(f"/api/applications/{app_id}/messages", headers=h, json={"text": "周三下午两点，公司见"})
    assert r.status_code == 201
    thread = client.get(f"/api/applications/{app_id}/messages").json()["messages"]
    assert [x["text"] for x in thread] == ["您好，我想了解面试安排", "周三下午两点，公司见"]
    assert [x["from_role"] for x in thread] == ["seeker", "recruiter"]
    assert all({"id", "from_role", "text", "created_at"} <= set(x) for x in thread)
    h = login(client, "seeker1")
    assert client.get("/api/me/notifications").json()["notifications"][0]["kind"] == "message"
    assert (
        client.post(f"/api/applications/{app_id}/messages", headers=h, json={"text": "长" * 2001}).status_code
        == 422
    )
    assert (
        client.post(f"/api/applications/{app_id}/messages", headers=h, json={"text": "   "}).status_code
        == 422
    )
    for outsider in ("rec_b", "seeker2"):
        h = login(client, outsider)
        assert client.get(f"/api/applications/{app_id}/messages").status_code == 403
        assert (
            client.post(f"/api/applications/{app_id}/messages", headers=h, json={"text": "hi"}).status_code
            == 403
        )
    h = login(client, "op")
    assert len(client.get(f"/api/applications/{app_id}/messages").json()["messages"]) == 2
    assert (
        client.post(f"/api/applications/{app_id}/messages", headers=h, json={"text": "hi"}).status_code == 403
    )


# ---------------------------------------------------------------- compliance and moderation


def test_compliance_on_post_and_patch(env: Env) -> None:
    client, _, _ = env
    h = login(client, "rec_a")
    r = client.post("/api/jobs", headers=h, json={"title": "仓库管理员", "description": "只招男，能吃苦耐劳"})
    assert r.status_code == 201
    found = r.json()["compliance"]
    assert {f["category"] for f in found} == {"gender"} and any("只招男" in f["text"] for f in found)
    assert all({"category", "text", "basis"} <= set(f) for f in found)
    clean = client.post("/api/jobs", headers=h, json={"title": "女士服装销售", "description": "负责门店销售"})
    assert clean.status_code == 201 and clean.json()["compliance"] == []
    job_id = clean.json()["id"]
    r = client.patch(f"/api/jobs/{job_id}", headers=h, json={"description": "限35周岁以下，负责门店销售"})
    assert {f["category"] for f in r.json()["compliance"]} == {"age"}
    r = client.patch(f"/api/jobs/{job_id}", headers=h, json={"description": "负责门店销售"})
    assert r.json()["compliance"] == []


def test_moderation_queue_approve_and_reject(env: Env) -> None:
    client, _, _ = env
    h = login(client, "rec_a")
    flagged = client.post(
        "/api/jobs", headers=h, json={"title": "前台", "description": "限女性，已婚已育优先"}
    ).json()
    other = client.post("/api/jobs", headers=h, json={"title": "司机", "description": "本地人优先"}).json()
    assert client.get("/api/admin/moderation").status_code == 403
    h = login(client, "op")
    queue = client.get("/api/admin/moderation").json()["jobs"]
    assert {j["id"] for j in queue} == {flagged["id"], other["id"]}
    assert all(j["moderation"] == "flagged" and j["compliance"] for j in queue)
    assert (
        client.post(f"/api/admin/moderation/{flagged['id']}/approve", headers=h).json()["moderation"]
        == "approved"
    )
    rejected = client.post(f"/api/admin/moderation/{other['id']}/reject", headers=h).json()
    assert rejected["moderation"] == "rejected" and rejected["status"] == "closed"
    assert client.get("/api/admin/moderation").json()["jobs"] == []
    assert len(client.get("/api/admin/moderation", params={"status": "all"}).json()["jobs"]) == 2


# ---------------------------------------------------------------- saved jobs, invitations


def test_saved_jobs(lite: Env) -> None:
    client, _, m = lite
    h = login(client, "seeker1")
    assert client.put(f"/api/me/saved-jobs/{m.job_b}", headers=h).status_code == 201
    assert client.put(f"/api/me/saved-jobs/{m.job_b}", headers=h).status_code == 200
    assert client.put("/api/me/saved-jobs/999999", headers=h).status_code == 404
    jobs = client.get("/api/me/saved-jobs").json()["jobs"]
    assert [j["id"] for j in jobs] == [m.job_b] and jobs[0]["saved_at"]
    assert client.delete(f"/api/me/saved-jobs/{m.job_b}", headers=h).json()["saved"] is False
    assert client.get("/api/me/saved-jobs").json()["jobs"] == []


def test_invite_pool_candidates_only(env: Env) -> None:
    client, _, m = env
    h = login(client, "rec_a")
    r = client.post(f"/api/jobs/{m.job_a}/invitations", headers=h, json={"candidate_id": m.cand_pool})
    assert r.status_code == 201 and r.json()["created"] is True
    assert (
        client.post(
            f"/api/jobs/{m.job_a}/invitations", headers=h, json={"candidate_id": m.cand_pool}
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"/api/jobs/{m.job_a}/invitations", headers=h, json={"candidate_id": m.cand_private}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/jobs/{m.job_b}/invitations", headers=h, json={"candidate_id": m.cand_pool}
        ).status_code
        == 403
    )
    assert [
        i["candidate_id"] for i in client.get(f"/api/jobs/{m.job_a}/invitations").json()["invitations"]
    ] == [m.cand_pool]
    h = login(client, "seeker1")
    assert (
        client.post(
            f"/api/jobs/{m.job_a}/invitations", headers=h, json={"candidate_id": m.cand_pool}
        ).status_code
        == 403
    )


# ---------------------------------------------------------------- operator routes


def test_admin_users_keys_and_audit(env: Env) -> None:
    client, _, m = env
    h = login(client, "rec_a")
    assert client.get("/api/admin/users").status_code == 403
    assert client.get(f"/api/candidates/{m.cand_seeker}").json()["contact_masked"] is False  # applied: shown
    h = login(client, "op")
    users = client.get("/api/admin/users").json()["users"]
    seeker2 = next(u for u in users if u["username"] == "seeker2")
    made = client.post(
        "/api/admin/users",
        headers=h,
        json={"username": "rec_c", "role": "recruiter", "company": str(m.company_b)},
    )
    assert made.status_code == 201 and made.json()["password"] and made.json()["company_id"] == m.company_b
    off = client.post(f"/api/admin/users/{seeker2['id']}/disable", headers=h).json()
    assert off["disabled_at"] is not None
    assert client.post(f"/api/admin/users/{seeker2['id']}/enable", headers=h).json()["disabled_at"] is None
    reset = client.post(f"/api/admin/users/{seeker2['id']}/reset-password", headers=h, json={}).json()
    assert len(reset["password"]) >= 12
    key = client.post("/api/admin/keys", headers=h, json={"name": "ci", "username": "rec_a"})
    assert key.status_code == 201 and key.json()["key"].startswith("ts-")
    keys = client.get("/api/admin/keys").json()["keys"]
    assert all({"id", "prefix", "revoked", "last_used_at"} <= set(k) for k in keys)
    assert client.post(f"/api/admin/keys/{key.json()['id']}/revoke", headers=h).json()["revoked"] is True
    views = client.get("/api/admin/audit/contact-views").json()["views"]
    assert [(v["viewer"], v["candidate_id"]) for v in views] == [("rec_a", m.cand_seeker)]


# ---------------------------------------------------------------- offline docs


def test_docs_and_redoc_use_only_local_assets(lite: Env) -> None:
    client, _, _ = lite
    for page in ("/docs", "/redoc"):
        r = client.get(page)
        assert r.status_code == 200
        urls = re.findall(r"""(?:src|href)=["']([^"']+)["']|url:\s*['"]([^'"]+)['"]""", r.text)
        found = [a or b for a, b in urls]
        assert found and not [u for u in found if "://" in u or u.startswith("//")], found
        assets = [u for u in found if u.startswith("/docs/assets/")]
        assert assets
        for url in assets:
            got = client.get(url)
            assert got.status_code == 200 and len(got.content) > 1000, url
    assert client.get("/docs/assets/../../etc/passwd").status_code == 404
    spec = client.get("/openapi.json").json()["paths"]
    assert {"/api/auth/register", "/api/me/resume", "/api/applications/{app_id}/messages"} <= set(spec)


EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "resumes"


@pytest.mark.parametrize(
    "name", ["chenjing_finance.pdf", "zhaolei_sales.docx", "wangfang_data.html", "liuna_operations.md"]
)
def test_upload_each_supported_format(lite: Env, name: str) -> None:
    client, _, _ = lite
    h = login(client, "seeker1")
    data = (EXAMPLES / name).read_bytes()
    r = client.put("/api/me/resume", headers=h, files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == 200, r.text
    resume = r.json()["resume"]
    assert resume["name"] and resume["phone"] and resume["skills"]
    assert client.get("/api/me/resume/file").content == data


def test_sign_ups_are_limited_per_address(lite: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    from talentseek.usecases import registration

    client, eng, _ = lite
    monkeypatch.setattr(registration, "SIGNUPS_PER_HOUR", 2)
    codes = [
        client.post(
            "/api/auth/register", json={"username": f"user_{i}", "password": "pw-12345678"}
        ).status_code
        for i in range(3)
    ]
    assert codes == [201, 201, 429]
    assert count_rows(eng, models.User) == 5 + 2  # the market's five accounts and two new ones


def test_an_upload_declared_too_large_is_refused_before_reading(lite: Env) -> None:
    client, eng, _ = lite
    h = login(client, "seeker1")
    before = client.get("/api/me/resume").json()
    body = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc\r\n--x--\r\n'
    headers = {
        **h,
        "content-type": "multipart/form-data; boundary=x",
        "content-length": str(11 * 1024 * 1024),
    }
    # the declared length is a lie the server never waits for: the refusal comes from the header alone
    r = client.put("/api/me/resume", headers=headers, content=body)
    assert r.status_code == 413 and "10 MB" in r.json()["error"]
    _assert_unchanged(client, before, eng.settings.home)
    missing = client.put("/api/me/resume", headers=h, files={"other": ("a.txt", b"abc", "text/plain")})
    assert missing.status_code == 422 and "file" in missing.json()["error"]


def test_ids_past_the_column_range_are_a_4xx(env: Env) -> None:
    client, _, _ = env
    h = login(client, "op")
    for big in (2**31, 2**40):  # PostgreSQL INTEGER ends at 2**31-1; SQLite simply finds nothing
        r = client.get(f"/api/applications/{big}")
        assert r.status_code in (404, 422) and re.search(r"[\u4e00-\u9fff]", r.json()["error"])
        r = client.post("/api/applications/bulk-stage", headers=h, json={"ids": [big], "stage": "offer"})
        assert r.status_code in (404, 422)
