"""The marketplace pages through the real forms (TestClient): a seeker signs up, uploads and corrects a
resume, applies, reads a message and withdraws; a recruiter posts (compliance finding shown), moves an
applicant, writes, invites; an operator manages users, keys, the moderation queue and the audit log."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from talentseek.engine import Engine
from web_fixtures import PASSWORD, Market
from webclient import csrf_from, market_client, web_login

Env = tuple[TestClient, Engine, Market]
RESUME = (
    "王小明\n手机：13911112222\n邮箱：wxm@example.com\n现居济南\n"
    "技能：Java、MySQL、Redis\n3年工作经验\n本科\n"
)


@pytest.fixture
def env() -> Iterator[Env]:
    with market_client() as e:
        yield e


def _app_id(html: str) -> int:
    m = re.search(r'href="/applications/(\d+)"', html)
    assert m, "no application link"
    return int(m.group(1))


def test_seeker_signs_up_uploads_corrects_and_downloads(env: Env) -> None:
    client, _, _ = env
    token = csrf_from(client.get("/register").text)
    bad = client.post(
        "/register", data={"username": "x", "password": "short", "password2": "short", "csrf_token": token}
    )
    assert bad.status_code == 422 and "用户名需为" in bad.text
    form = {
        "username": "new_seeker",
        "password": "a-long-pass-42",
        "password2": "a-long-pass-42",
        "display_name": "小明",
        "csrf_token": token,
    }
    r = client.post("/register", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/me/resume")
    page = client.get(r.headers["location"])
    assert "注册成功" in page.text and "小明" in page.text  # signed in
    token = csrf_from(page.text)
    files = {"file": ("我的简历.txt", RESUME.encode(), "text/plain")}
    up = client.post("/me/resume/upload", data={"csrf_token": token}, files=files)
    assert up.status_code == 200 and "尚未保存" in up.text and "王小明" in up.text
    upload = re.search(r'name="upload" value="([0-9a-f]{64})"', up.text)
    assert upload and client.get("/me/resume").text.count("王小明") == 0  # nothing saved yet
    fields = {
        "csrf_token": token,
        "upload": upload.group(1),
        "filename": "我的简历.txt",
        "name": "王晓明",
        "city": "济南",
        "skills": "Java、MySQL、Redis",
        "years_of_experience": "3",
        "intent_salary": "1万-1.5万",
        "edu_school": "山东大学",
        "edu_degree": "本科",
    }
    saved = client.post("/me/resume", data=fields, follow_redirects=False)
    assert saved.status_code == 303
    html = client.get("/me/resume").text
    assert 'value="王晓明"' in html and "山东大学" in html and "1万-1.5万" in html
    download = client.get("/me/resume/file")
    assert download.status_code == 200 and download.content == RESUME.encode()
    bad_file = {"file": ("简历.exe", b"MZ\x00", "application/octet-stream")}
    refused = client.post("/me/resume/upload", data={"csrf_token": token}, files=bad_file)
    assert refused.status_code == 415 and "原有简历没有改变" in refused.text
    assert 'value="王晓明"' in client.get("/me/resume").text


def test_resume_edit_rejects_junk_numbers_in_chinese(env: Env) -> None:
    client, _, _ = env
    token = web_login(client, "seeker1")
    r = client.post("/me/resume", data={"csrf_token": token, "name": "张伟", "birth_year": "九五年"})
    assert r.status_code == 400 and "“出生年份”应填整数" in r.text


def test_apply_pipeline_message_notification_withdraw(env: Env) -> None:
    client, _, m = env
    token = web_login(client, "seeker2")
    client.post("/me/resume", data={"csrf_token": token, "name": "李雷", "skills": "Java"})
    client.post(f"/jobs/{m.job_a}/apply", data={"csrf_token": token})
    mine = client.get("/me/applications").text
    assert "Java开发工程师" in mine and "新投递" in mine
    app_id = _app_id(mine)

    rec = TestClient(client.app)
    rtoken = web_login(rec, "rec_a")
    board = rec.get(f"/recruiter/jobs/{m.job_a}/pipeline").text
    assert "李雷" in board and 'data-stage="applied"' in board
    r = rec.post(
        "/recruiter/applications/move",
        data={"csrf_token": rtoken, "job_id": str(m.job_a), "ids": [str(app_id)], "stage": "interview"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and "moved=1" in r.headers["location"]
    rec.post(
        "/applications/act",
        data={
            "csrf_token": rtoken,
            "application_id": str(app_id),
            "action": "message",
            "text": "你好，周三下午来面试可以吗？",
        },
    )

    assert "面试" in client.get("/me/applications").text
    notes = client.get("/me/notifications").text
    assert "新消息" in notes and "申请进度" in notes
    thread = client.get(f"/applications/{app_id}").text
    assert "周三下午来面试" in thread and "招聘方" in thread
    client.post(
        "/applications/act",
        data={
            "csrf_token": token,
            "application_id": str(app_id),
            "action": "message",
            "text": "可以，谢谢！",
        },
    )
    assert "可以，谢谢" in rec.get(f"/applications/{app_id}").text
    w = client.post(f"/applications/{app_id}/withdraw", data={"csrf_token": token}, follow_redirects=False)
    assert w.status_code == 303 and w.headers["location"] == "/me/applications"
    assert "已撤回" in client.get("/me/applications").text
    late = rec.post(
        "/applications/act",
        data={"csrf_token": rtoken, "application_id": str(app_id), "action": "stage", "stage": "offer"},
    )
    assert late.status_code == 409 and "<html" in late.text


def test_recruiter_posts_a_flagged_job_then_closes_and_reopens(env: Env) -> None:
    client, _, _ = env
    token = web_login(client, "rec_a")
    assert "发布职位" in client.get("/recruiter/jobs/new").text
    check = client.post(
        "/recruiter/jobs/check",
        data={"title": "销售", "description": "只招男性，限35周岁以下"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert check.status_code == 200 and "合规检查发现" in check.text and "<html" not in check.text
    form = {
        "csrf_token": token,
        "title": "销售代表",
        "city": "济南",
        "salary_text": "6千-9千",
        "description": "负责客户开发。只招男性，限35周岁以下。",
        "skills": "销售、谈判",
    }
    r = client.post("/recruiter/jobs", data=form, follow_redirects=False)
    assert r.status_code == 303
    edit = client.get(r.headers["location"]).text
    assert "合规检查发现" in edit and "只招男" in edit and "待运营审核" in edit
    job_id = int(re.search(r"/recruiter/jobs/(\d+)/edit", r.headers["location"]).group(1))  # type: ignore[union-attr]
    listing = client.get("/recruiter/jobs").text
    assert "销售代表" in listing and "6千-9千" in listing
    client.post(
        "/recruiter/jobs/status", data={"csrf_token": token, "job_id": str(job_id), "status": "closed"}
    )
    assert "已关闭" in client.get(f"/jobs/{job_id}").text
    client.post("/recruiter/jobs/status", data={"csrf_token": token, "job_id": str(job_id), "status": "open"})
    assert "已关闭" not in client.get(f"/jobs/{job_id}").text
    other = TestClient(client.app)
    otoken = web_login(other, "rec_b")
    denied = other.post("/recruiter/jobs", data={**form, "csrf_token": otoken, "job_id": str(job_id)})
    assert denied.status_code == 403


def test_candidate_page_masks_contacts_and_invites_pool_candidates(env: Env) -> None:
    client, engine, m = env
    web_login(client, "rec_a")
    applied = client.get(f"/candidates/{m.cand_seeker}").text  # applied to job_a: contacts visible
    assert "13812345678" in applied
    pool = client.get(f"/candidates/{m.cand_pool}").text
    assert "13700002222" not in pool and "联系方式已隐藏" in pool and "发出邀请" in pool
    token = csrf_from(pool)
    r = client.post(
        "/candidates/invite",
        data={"csrf_token": token, "candidate_id": str(m.cand_pool), "job_id": str(m.job_a)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and "邀请已发出" in client.get(r.headers["location"]).text
    assert client.get(f"/candidates/{m.cand_private}").status_code == 403


def test_operator_users_keys_moderation_audit(env: Env) -> None:
    client, _, m = env
    token = web_login(client, "op")
    made = client.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "action": "create",
            "username": "hr_new",
            "role": "recruiter",
            "company": "山东浪潮软件有限公司",
        },
    )
    assert made.status_code == 200 and "初始密码" in made.text
    users = client.get("/admin/users").text
    uid = re.search(r'<tr data-username="rec_b">.*?name="user_id" value="(\d+)"', users, re.S)
    assert uid
    client.post("/admin/users", data={"csrf_token": token, "action": "disable", "user_id": uid.group(1)})
    assert "已停用" in client.get("/admin/users", params={"q": "rec_b"}).text
    other = TestClient(client.app)
    t = csrf_from(other.get("/login").text)
    r = other.post("/login", data={"username": "rec_b", "password": PASSWORD, "csrf_token": t})
    assert r.status_code != 303 and "登录" in r.text

    keys = client.get("/admin/keys").text
    kid = re.search(r'<tr data-key="op-key">.*?name="key_id" value="(\d+)"', keys, re.S)
    assert kid and "从未使用" in keys
    client.post("/admin/keys", data={"csrf_token": token, "action": "revoke", "key_id": kid.group(1)})
    assert client.get("/api/me", headers={"Authorization": f"Bearer {m.keys['op']}"}).status_code == 401
    created = client.post("/admin/keys", data={"csrf_token": token, "action": "create", "name": "dify"})
    assert re.search(r'id="secret">ts-', created.text)

    rec = TestClient(client.app)
    rtoken = web_login(rec, "rec_a")
    rec.post(
        "/recruiter/jobs", data={"csrf_token": rtoken, "title": "前台", "description": "限女性，已婚已育优先"}
    )
    queue = client.get("/admin/moderation").text
    assert "前台" in queue and "待审核" in queue
    jid = re.search(r'name="job_id" value="(\d+)"', queue)
    assert jid
    client.post(
        "/admin/moderation", data={"csrf_token": token, "job_id": jid.group(1), "decision": "approved"}
    )
    assert "前台" not in client.get("/admin/moderation").text

    rec.get(f"/candidates/{m.cand_seeker}")  # rec_a sees 张伟's phone: logged
    audit = client.get("/admin/audit").text
    assert "rec_a" in audit and "张伟" in audit


@pytest.mark.parametrize(
    ("username", "path", "status"),
    [
        (None, "/me/resume", 303),
        (None, "/admin/users", 303),
        (None, "/recruiter/jobs", 303),
        ("seeker1", "/admin/users", 403),
        ("seeker1", "/recruiter/jobs", 403),
        ("rec_a", "/me/resume", 403),
        ("rec_a", "/admin/keys", 403),
        ("op", "/me/applications", 403),
    ],
)
def test_pages_by_role(env: Env, username: str | None, path: str, status: int) -> None:
    client, _, _ = env
    if username:
        web_login(client, username)
    r = client.get(path, follow_redirects=False)
    assert r.status_code == status
    if status == 303:
        assert r.headers["location"].startswith("/login?next=")
    else:
        assert "<html" in r.text


def test_saved_jobs_toggle(env: Env) -> None:
    client, _, m = env
    token = web_login(client, "seeker1")
    assert "☆ 收藏" in client.get(f"/jobs/{m.job_b}").text
    client.post("/me/saved", data={"csrf_token": token, "job_id": str(m.job_b), "next": f"/jobs/{m.job_b}"})
    assert "★ 已收藏" in client.get(f"/jobs/{m.job_b}").text
    assert "测试工程师" in client.get("/me/saved").text
    client.post("/me/saved", data={"csrf_token": token, "job_id": str(m.job_b), "action": "unsave"})
    assert "测试工程师" not in client.get("/me/saved").text


def test_jd_helper_inside_the_job_form(env: Env) -> None:
    client, _, _ = env
    token = web_login(client, "rec_a")
    notes = "Java开发工程师\n青岛 15-25k\n负责后端开发\n3年以上经验\n五险一金\n限男性"
    r = client.post("/recruiter/jobs/draft", data={"csrf_token": token, "description": notes})
    assert r.status_code == 200 and "尚未保存" in r.text
    assert 'value="Java开发工程师"' in r.text and "岗位职责：" in r.text and "1.5万-2.5万" in r.text
    assert "限男性" in r.text and "助手已删去" in r.text  # the helper drops it and says so
    empty = client.post("/recruiter/jobs/draft", data={"csrf_token": token})
    assert empty.status_code == 422 and "写几行要点" in empty.text


class _OneHitSearch:
    """A search backend that finds one given job (the page's cards, not ranking, are under test)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id

    def search_jobs(self, request: object) -> object:
        from talentseek.search.base import SearchHit, SearchResults

        salary = {"valid": True, "low": 8000, "high": 12000, "period": "month", "months": 13}
        hit = SearchHit(
            id=self.job_id, external_id=None, title="Java开发工程师", company="浪潮", city="济南市",
            salary=salary, score=1.0, extra={"reasons": []},
        )  # fmt: skip
        return SearchResults({"text": "Java"}, (hit,), 1, 1, 10)


def test_search_cards_mark_applied_jobs_and_use_the_salary_format() -> None:
    fake = _OneHitSearch(0)
    with market_client(search=fake) as (client, _, m):
        fake.job_id = m.job_a
        web_login(client, "seeker1")  # applied to job_a
        html = client.get("/search", params={"q": "Java"}).text
        card = html[html.index("Java开发工程师") :][:400]
        assert "已申请" in card and "8千-1.2万·13薪" in card
        other = TestClient(client.app)
        web_login(other, "seeker2")
        assert "已申请" not in other.get("/search", params={"q": "Java"}).text
