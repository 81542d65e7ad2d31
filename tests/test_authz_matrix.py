"""Authorization matrix: every route of the app × every kind of caller × own/other object.

One table (TABLE) holds, per route, the requests to make (own and other company's job, own and
other candidate, a missing id) and the status class each caller must get. The callers: anonymous,
a seeker, company A's recruiter (A owns job_a; candidate c1 applied to it), company B's recruiter
(B owns job_b and invited c4), an operator, each by web session (cookie + CSRF token) and by API key.

`test_every_route_has_a_row` reads the app's routes, so a new route without a row fails.
With AUTHZ_MATRIX_DISCOVER=1 the test prints what each cell returns instead (to write rows).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import routing
from fastapi.testclient import TestClient

from talentseek import domain
from talentseek.api.app import create_app
from talentseek.auth import create_api_key
from talentseek.engine import Engine
from talentseek.llm.scripted import ScriptedLLM
from talentseek.store import models
from talentseek.store.repo import upsert_job
from web_fixtures import PASSWORD, Market, build_market
from webclient import csrf_from

COOKIE_ROLES = ("seeker", "rec_a", "rec_b", "op")
USERS = {"seeker": "seeker1", "rec_a": "rec_a", "rec_b": "rec_b", "op": "op"}
CALLERS = ("anon", *COOKIE_ROLES, *(f"{r}_key" for r in COOKIE_ROLES))
MISSING = 987_654_321


def expect(anon: str, seeker: str, rec_a: str, rec_b: str, op: str, **over: str) -> dict[str, str]:
    """Expected status per caller: '2' any 2xx, '3' a redirect, '4' any 4xx, or an exact code.

    Key callers get what the cookie caller of the same role gets unless named (`seeker_key="401"`).
    """
    out = {"anon": anon, "seeker": seeker, "rec_a": rec_a, "rec_b": rec_b, "op": op}
    out.update({f"{r}_key": out[r] for r in COOKIE_ROLES})
    out.update(over)
    return out


def same(status: str, **over: str) -> dict[str, str]:
    return expect(status, status, status, status, status, **over)


def keys_only(ok: str) -> dict[str, str]:
    """Bearer API keys only (/v1): every cookie caller and anonymous get 401."""
    return expect("401", "401", "401", "401", "401", **{f"{r}_key": ok for r in COOKIE_ROLES})


def form_post(anon: str, seeker: str, rec_a: str, rec_b: str, op: str) -> dict[str, str]:
    """Page forms (POST) need the session and its CSRF token: a key caller gets 403."""
    return expect(anon, seeker, rec_a, rec_b, op, **{f"{r}_key": "403" for r in COOKIE_ROLES})


def keys_as(key_status: str, anon: str, seeker: str, rec_a: str, rec_b: str, op: str) -> dict[str, str]:
    """Pages and forms that know only the session: every key caller gets `key_status` (303: to login)."""
    return expect(anon, seeker, rec_a, rec_b, op, **{f"{r}_key": key_status for r in COOKIE_ROLES})


@dataclass(frozen=True)
class Case:
    """One request: path values name market objects (job_a, cand_pool, new_job_a, missing, ...)."""

    label: str
    want: dict[str, str]
    params: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    json: Any = None  # a value, or a function of the World (fresh names per call)
    form: dict[str, str] | None = None
    fresh: bool = False  # the cookie caller logs in anew for this cell (logout ends its session)


# (method, route path) -> cases
TABLE: dict[tuple[str, str], list[Case]] = {
    # documentation and health: public
    ("GET", "/openapi.json"): [Case("schema", same("200"))],
    ("GET", "/docs"): [Case("docs", same("200"))],
    ("GET", "/docs/oauth2-redirect"): [Case("oauth2", same("200"))],
    ("GET", "/redoc"): [Case("redoc", same("200"))],
    ("GET", "/healthz"): [Case("live", same("200"))],
    ("GET", "/readyz"): [Case("ready", same("200"))],
    ("GET", "/static/{name:path}"): [
        Case("css", same("200"), {"name": "app.css"}),
        Case("missing", same("404"), {"name": "nope.css"}),
    ],
    # auth API
    ("POST", "/api/auth/login"): [
        Case("bad password", same("4"), json={"username": "nobody", "password": "wrong-password"}),
    ],
    ("POST", "/api/auth/logout"): [Case("logout", expect("401", "200", "200", "200", "200"), fresh=True)],
    ("GET", "/api/me"): [Case("me", expect("401", "200", "200", "200", "200"))],
    # jobs API: reads are public; writes are the owning company's recruiters and operators
    ("GET", "/api/jobs"): [Case("list", same("200"), query={"company_id": "job_a_company"})],
    ("GET", "/api/jobs/{job_id}"): [
        Case("a job", same("200"), {"job_id": "job_a"}),
        Case("missing", same("404"), {"job_id": "missing"}),
    ],
    ("POST", "/api/jobs"): [
        Case("own company", expect("401", "403", "201", "201", "4"), json={"title": "矩阵测试职位"}),
        Case(
            "named company",
            expect("401", "403", "403", "201", "201"),
            json={"title": "矩阵测试职位", "company_id": "company_b"},
        ),
    ],
    ("PATCH", "/api/jobs/{job_id}"): [
        Case(
            "A's job", expect("401", "403", "200", "403", "200"), {"job_id": "job_a"}, json={"headcount": 3}
        ),
        Case(
            "B's job", expect("401", "403", "403", "200", "200"), {"job_id": "job_b"}, json={"headcount": 2}
        ),
        Case(
            "missing", expect("401", "403", "404", "404", "404"), {"job_id": "missing"}, json={"headcount": 2}
        ),
    ],
    ("DELETE", "/api/jobs/{job_id}"): [
        Case("A's job", expect("401", "403", "204", "403", "204"), {"job_id": "new_job_a"}),
        Case("missing", expect("401", "403", "404", "404", "404"), {"job_id": "missing"}),
    ],
    ("POST", "/api/jobs/{job_id}/apply"): [
        # a fresh job of company A: c1 already applied to A, so visibility elsewhere does not change
        Case("open job", expect("401", "2", "403", "403", "403"), {"job_id": "new_job_a"}),
        Case("closed job", expect("401", "4", "403", "403", "403"), {"job_id": "job_closed"}),
    ],
    # candidate profiles: operators all; recruiters their applicants, invitees and the pool; seekers self
    ("GET", "/api/candidates/{candidate_id}"): [
        Case(
            "seeker's own (applied to A)",
            expect("401", "200", "200", "403", "200"),
            {"candidate_id": "cand_seeker"},
        ),
        Case("private", expect("401", "403", "403", "403", "200"), {"candidate_id": "cand_private"}),
        Case("pool", expect("401", "403", "200", "200", "200"), {"candidate_id": "cand_pool"}),
        Case("invited by B", expect("401", "403", "403", "200", "200"), {"candidate_id": "cand_invited_b"}),
        Case("missing", expect("401", "404", "404", "404", "404"), {"candidate_id": "missing"}),
    ],
    # search
    ("GET", "/api/search/jobs"): [Case("jobs", same("200"), query={"q": "Java"})],
    ("GET", "/api/search/candidates"): [
        Case("talent", expect("401", "403", "200", "200", "200"), query={"q": "Java"})
    ],
    # matching
    ("GET", "/api/match/jobs"): [Case("own resume", expect("401", "200", "403", "403", "4"))],
    ("GET", "/api/match/candidates"): [
        Case("A's job", expect("401", "403", "200", "403", "200"), query={"job_id": "job_a"}),
        Case("B's job", expect("401", "403", "403", "200", "200"), query={"job_id": "job_b"}),
        Case("missing", expect("401", "403", "404", "404", "404"), query={"job_id": "missing"}),
    ],
    ("GET", "/api/match/candidates.csv"): [
        Case("A's job", expect("401", "403", "200", "403", "200"), query={"job_id": "job_a"}),
    ],
    # statistics: any signed-in user
    ("GET", "/api/stats"): [Case("counts", expect("401", "200", "200", "200", "200"))],
    ("GET", "/api/stats/salary/summary"): [Case("summary", expect("401", "200", "200", "200", "200"))],
    ("GET", "/api/stats/cities/{name}"): [
        Case("a city", expect("401", "4", "4", "4", "4"), {"name": "不存在市"}),
    ],
    ("GET", "/api/stats/{name}"): [
        Case("postings", expect("401", "200", "200", "200", "200"), {"name": "postings"}),
        Case("unknown", expect("401", "404", "404", "404", "404"), {"name": "nope"}),
    ],
    # assistant and the OpenAI-compatible API
    ("POST", "/api/assistant"): [
        Case("chat", expect("401", "200", "200", "200", "200"), json={"message": "济南 Java"}),
    ],
    ("POST", "/api/assistant/jd"): [
        Case(
            "jd",
            expect("401", "403", "200", "200", "200"),
            json={"text": "招聘Java工程师", "use_model": False},
        ),
    ],
    ("GET", "/v1/models"): [Case("models", keys_only("200"))],
    ("POST", "/v1/chat/completions"): [
        Case("chat", keys_only("200"), json={"messages": [{"role": "user", "content": "你好"}]}),
    ],
    # web pages (the session cookie only)
    ("GET", "/"): [Case("home", same("200"))],
    ("GET", "/jobs"): [Case("list", same("200"))],
    ("GET", "/jobs/{job_id}"): [
        Case("a job", same("200"), {"job_id": "job_a"}),
        Case("missing", same("404"), {"job_id": "missing"}),
    ],
    ("POST", "/jobs/{job_id}/apply"): [
        Case("open job", form_post("303", "303", "403", "403", "403"), {"job_id": "new_job_a"}, form={}),
    ],
    ("GET", "/login"): [Case("form", same("200"))],
    ("POST", "/login"): [
        Case("bad password", same("4"), form={"username": "nobody2", "password": "wrong-password"}),
    ],
    ("POST", "/logout"): [Case("logout", form_post("303", "303", "303", "303", "303"), form={}, fresh=True)],
    ("GET", "/search"): [
        Case("jobs", same("200"), query={"q": "Java"}),
        # seekers and anonymous callers asking for talent get the job side
        Case("talent", same("200"), query={"q": "Java", "side": "candidates"}),
    ],
    ("GET", "/search/facets"): [Case("facets", same("200"), query={"q": "Java"})],
    ("GET", "/match/jobs"): [Case("page", expect("303", "200", "403", "403", "403"))],
    ("GET", "/match/candidates"): [
        Case("no job", expect("303", "403", "200", "200", "200")),
        Case("A's job", expect("303", "403", "200", "403", "200"), query={"job_id": "job_a"}),
        Case("B's job", expect("303", "403", "403", "200", "200"), query={"job_id": "job_b"}),
    ],
    # market reports: operators
    ("GET", "/reports"): [Case("page", expect("303", "403", "403", "403", "200"))],
    ("GET", "/reports/city/{name}"): [
        Case("a city", expect("303", "403", "403", "403", "404"), {"name": "不存在市"})
    ],
    ("GET", "/reports/download"): [Case("download", expect("303", "403", "403", "403", "200"))],
    ("GET", "/assistant"): [Case("page", expect("303", "200", "200", "200", "200"))],
    # the page is a form over POST /api/assistant/jd, which answers seekers 403
    ("GET", "/assistant/jd"): [Case("page", expect("303", "200", "200", "200", "200"))],
    # marketplace API: accounts, resumes, applications and messages, invitations, saved jobs, notices
    ("POST", "/api/auth/register"): [
        Case("sign up", same("2"), json=lambda w: {"username": w.uniq("u"), "password": "pw-12345678"}),
    ],
    ("GET", "/api/me/resume"): [Case("mine", expect("401", "2", "403", "403", "403"))],
    ("PUT", "/api/me/resume"): [Case("no file", expect("401", "422", "422", "422", "422"))],
    ("PATCH", "/api/me/resume"): [
        Case("city", expect("401", "2", "403", "403", "403"), json={"city": "济南市"})
    ],
    ("POST", "/api/me/resume/confirm"): [
        Case(
            "unknown upload",
            expect("401", "404", "403", "403", "403"),
            json={"upload": "0" * 64, "filename": "a.txt"},
        ),
    ],
    ("GET", "/api/me/resume/file"): [Case("mine", expect("401", "404", "403", "403", "403"))],
    ("GET", "/api/candidates/{candidate_id}/resume/file"): [
        Case("c1's", expect("401", "404", "404", "403", "404"), {"candidate_id": "cand_seeker"}),
        Case("pool", expect("401", "403", "403", "403", "404"), {"candidate_id": "cand_pool"}),
    ],
    ("GET", "/api/me/applications"): [Case("mine", expect("401", "2", "403", "403", "403"))],
    ("GET", "/api/jobs/{job_id}/applications"): [
        Case("A's job", expect("401", "403", "2", "403", "2"), {"job_id": "job_a"}),
        Case("B's job", expect("401", "403", "403", "2", "2"), {"job_id": "job_b"}),
    ],
    ("GET", "/api/applications/{app_id}"): [
        Case("c1 to A", expect("401", "2", "2", "403", "2"), {"app_id": "app_a"})
    ],
    ("PATCH", "/api/applications/{app_id}"): [
        Case(
            "screening",
            expect("401", "403", "2", "403", "2"),
            {"app_id": "app_a"},
            json={"stage": "screening"},
        ),
    ],
    ("POST", "/api/applications/bulk-stage"): [
        Case(
            "screening",
            expect("401", "403", "2", "403", "2"),
            json=lambda w: {"ids": [int(w.value("app_a"))], "stage": "screening"},
        ),
    ],
    ("GET", "/api/applications/{app_id}/messages"): [
        Case("thread", expect("401", "2", "2", "403", "2"), {"app_id": "app_a"})
    ],
    ("POST", "/api/applications/{app_id}/messages"): [
        Case(
            "send",
            expect("401", "2", "2", "403", "403"),
            {"app_id": "app_a"},
            json={"text": "您好，方便约个面试吗？"},
        ),
    ],
    ("POST", "/api/jobs/{job_id}/invitations"): [
        Case(
            "A's job",
            expect("401", "403", "2", "403", "2"),
            {"job_id": "job_a"},
            json=lambda w: {"candidate_id": w.market.cand_pool},
        ),
        Case(
            "B's job",
            expect("401", "403", "403", "2", "2"),
            {"job_id": "job_b"},
            json=lambda w: {"candidate_id": w.market.cand_pool},
        ),
        # an invitation would make a private candidate visible: only the talent pool can be invited
        Case(
            "private candidate",
            expect("401", "403", "403", "403", "403"),
            {"job_id": "job_a"},
            json=lambda w: {"candidate_id": w.market.cand_private},
        ),
    ],
    ("GET", "/api/jobs/{job_id}/invitations"): [
        Case("A's job", expect("401", "403", "2", "403", "2"), {"job_id": "job_a"}),
        Case("B's job", expect("401", "403", "403", "2", "2"), {"job_id": "job_b"}),
    ],
    ("GET", "/api/me/invitations"): [Case("mine", expect("401", "2", "403", "403", "403"))],
    ("GET", "/api/me/saved-jobs"): [Case("mine", expect("401", "2", "2", "2", "2"))],
    ("PUT", "/api/me/saved-jobs/{job_id}"): [
        Case("save", expect("401", "2", "2", "2", "2"), {"job_id": "job_b"})
    ],
    ("DELETE", "/api/me/saved-jobs/{job_id}"): [
        Case("unsave", expect("401", "2", "2", "2", "2"), {"job_id": "job_b"})
    ],
    ("GET", "/api/me/notifications"): [Case("mine", expect("401", "2", "2", "2", "2"))],
    ("POST", "/api/me/notifications/read"): [Case("all read", expect("401", "2", "2", "2", "2"), json={})],
    # operator API
    ("GET", "/api/admin/users"): [Case("list", expect("401", "403", "403", "403", "2"))],
    ("POST", "/api/admin/users"): [
        Case(
            "create",
            expect("401", "403", "403", "403", "2"),
            json=lambda w: {"username": w.uniq("op_made_"), "role": "seeker"},
        ),
    ],
    ("POST", "/api/admin/users/{user_id}/disable"): [
        Case("seeker2", expect("401", "403", "403", "403", "2"), {"user_id": "user_seeker2"})
    ],
    ("POST", "/api/admin/users/{user_id}/enable"): [
        Case("seeker2", expect("401", "403", "403", "403", "2"), {"user_id": "user_seeker2"})
    ],
    ("POST", "/api/admin/users/{user_id}/reset-password"): [
        Case("seeker2", expect("401", "403", "403", "403", "2"), {"user_id": "user_seeker2"}, json={}),
    ],
    ("GET", "/api/admin/keys"): [Case("list", expect("401", "403", "403", "403", "2"))],
    ("POST", "/api/admin/keys"): [
        Case("create", expect("401", "403", "403", "403", "2"), json={"name": "matrix"})
    ],
    ("POST", "/api/admin/keys/{key_id}/revoke"): [
        Case("spare key", expect("401", "403", "403", "403", "2"), {"key_id": "new_key"})
    ],
    ("GET", "/api/admin/moderation"): [Case("queue", expect("401", "403", "403", "403", "2"))],
    ("POST", "/api/admin/moderation/{job_id}/approve"): [
        Case("a job", expect("401", "403", "403", "403", "400"), {"job_id": "new_job_a"})
    ],
    ("POST", "/api/admin/moderation/{job_id}/reject"): [
        Case("a job", expect("401", "403", "403", "403", "400"), {"job_id": "new_job_a"})
    ],
    ("POST", "/api/admin/moderation/scan"): [
        Case("scan", expect("401", "403", "403", "403", "2"), query={"limit": 10})
    ],
    ("GET", "/api/admin/audit/contact-views"): [Case("log", expect("401", "403", "403", "403", "2"))],
    # marketplace and operator pages
    ("GET", "/docs/assets/{name}"): [
        Case("css", same("2"), {"name": "swagger-ui.css"}),
        Case("missing", same("404"), {"name": "nope.js"}),
    ],
    ("GET", "/register"): [Case("form", keys_as("2", "2", "303", "303", "303", "303"))],
    ("POST", "/register"): [Case("empty form", keys_as("403", "403", "422", "422", "422", "422"), form={})],
    ("GET", "/me/applications"): [Case("page", keys_as("303", "303", "2", "403", "403", "403"))],
    ("GET", "/me/notifications"): [Case("page", keys_as("303", "303", "2", "2", "2", "2"))],
    ("POST", "/me/notifications/read"): [
        Case("form", keys_as("403", "303", "303", "303", "303", "303"), form={})
    ],
    ("GET", "/me/resume"): [Case("page", keys_as("303", "303", "2", "403", "403", "403"))],
    ("POST", "/me/resume"): [
        Case("empty form", expect("303", "303", "403", "403", "403", seeker_key="403"), form={})
    ],
    ("POST", "/me/resume/upload"): [
        Case("no file", expect("303", "422", "403", "403", "403", seeker_key="403"), form={})
    ],
    ("GET", "/me/resume/file"): [Case("mine", keys_as("303", "303", "404", "403", "403", "403"))],
    ("GET", "/me/saved"): [Case("page", keys_as("303", "303", "2", "2", "2", "2"))],
    ("POST", "/me/saved"): [Case("empty form", keys_as("403", "303", "422", "422", "422", "422"), form={})],
    ("GET", "/applications/{app_id}"): [
        Case("c1 to A", keys_as("303", "303", "2", "2", "403", "2"), {"app_id": "app_a"})
    ],
    ("POST", "/applications/act"): [
        Case("empty form", keys_as("403", "303", "422", "422", "422", "422"), form={})
    ],
    ("POST", "/applications/{app_id}/withdraw"): [
        Case(
            "c1 to a new A job",
            expect("303", "303", "403", "403", "403", seeker_key="403"),
            {"app_id": "new_app_a"},
            form={},
        )
    ],
    ("GET", "/candidates/{candidate_id}"): [
        Case(
            "c1 (applied to A)",
            keys_as("303", "303", "403", "2", "403", "2"),
            {"candidate_id": "cand_seeker"},
        ),
        Case("private", keys_as("303", "303", "403", "403", "403", "2"), {"candidate_id": "cand_private"}),
        Case(
            "invited by B", keys_as("303", "303", "403", "403", "2", "2"), {"candidate_id": "cand_invited_b"}
        ),
    ],
    ("POST", "/candidates/invite"): [
        Case(
            "empty form",
            expect("303", "403", "422", "422", "422", rec_a_key="403", rec_b_key="403", op_key="403"),
            form={},
        )
    ],
    ("GET", "/recruiter/jobs"): [Case("page", keys_as("303", "303", "403", "2", "2", "2"))],
    ("GET", "/recruiter/jobs/new"): [Case("page", keys_as("303", "303", "403", "2", "2", "2"))],
    ("POST", "/recruiter/jobs"): [
        Case(
            "empty form",
            expect("303", "403", "400", "400", "400", rec_a_key="403", rec_b_key="403", op_key="403"),
            form={},
        )
    ],
    ("POST", "/recruiter/jobs/check"): [
        Case(
            "empty form",
            expect("303", "403", "2", "2", "2", rec_a_key="403", rec_b_key="403", op_key="403"),
            form={},
        )
    ],
    ("POST", "/recruiter/jobs/draft"): [
        Case(
            "notes",
            keys_as("403", "303", "403", "200", "200", "200"),
            form={"description": "招聘Java工程师，济南，8k-12k"},
        ),
        Case("empty notes", keys_as("403", "303", "403", "422", "422", "422"), form={}),
    ],
    ("POST", "/recruiter/jobs/status"): [
        Case(
            "empty form",
            expect("303", "403", "422", "422", "422", rec_a_key="403", rec_b_key="403", op_key="403"),
            form={},
        )
    ],
    ("GET", "/recruiter/jobs/{job_id}/edit"): [
        Case("A's job", keys_as("303", "303", "403", "2", "403", "2"), {"job_id": "job_a"}),
        Case("B's job", keys_as("303", "303", "403", "403", "2", "2"), {"job_id": "job_b"}),
    ],
    ("GET", "/recruiter/jobs/{job_id}/pipeline"): [
        Case("A's job", keys_as("303", "303", "403", "2", "403", "2"), {"job_id": "job_a"}),
        Case("B's job", keys_as("303", "303", "403", "403", "2", "2"), {"job_id": "job_b"}),
    ],
    ("POST", "/recruiter/applications/move"): [
        Case(
            "empty form",
            expect("303", "403", "422", "422", "422", rec_a_key="403", rec_b_key="403", op_key="403"),
            form={},
        )
    ],
    ("GET", "/admin/users"): [Case("page", keys_as("303", "303", "403", "403", "403", "2"))],
    ("POST", "/admin/users"): [
        Case("empty form", expect("303", "403", "403", "403", "422", op_key="403"), form={})
    ],
    ("GET", "/admin/keys"): [Case("page", keys_as("303", "303", "403", "403", "403", "2"))],
    ("POST", "/admin/keys"): [
        Case("empty form", expect("303", "403", "403", "403", "422", op_key="403"), form={})
    ],
    ("GET", "/admin/moderation"): [Case("page", keys_as("303", "303", "403", "403", "403", "2"))],
    ("POST", "/admin/moderation"): [
        Case("empty form", expect("303", "403", "403", "403", "422", op_key="403"), form={})
    ],
    ("GET", "/admin/audit"): [Case("page", keys_as("303", "303", "403", "403", "403", "2"))],
}


def app_routes(app: Any) -> set[tuple[str, str]]:
    """Every (method, path) the app answers (HEAD is GET's twin)."""
    out: set[tuple[str, str]] = set()
    for rc in routing.iter_route_contexts(app.routes):
        for method in rc.methods or {"GET"}:
            if method != "HEAD":
                out.add((method, str(rc.path)))
    return out


class World:
    """The market, an app over it, and a logged-in client per caller."""

    def __init__(self) -> None:
        self.engine = Engine(llm=ScriptedLLM(["好的。"]))
        self.market: Market = build_market(self.engine)
        self.app = create_app(self.engine)
        self.clients: dict[str, tuple[TestClient, dict[str, str]]] = {
            "anon": (TestClient(self.app, raise_server_exceptions=False), {})
        }
        with self.engine.db.session() as db:
            from talentseek.auth import find_user

            for role, name in USERS.items():
                user = find_user(db, name)
                assert user is not None
                key = create_api_key(db, f"matrix-{role}", user_id=user.id, rate_limit_per_min=100_000)
                self.clients[f"{role}_key"] = (
                    TestClient(self.app, raise_server_exceptions=False),
                    {"Authorization": f"Bearer {key}"},
                )
        for role in COOKIE_ROLES:
            self.clients[role] = self.login(role)

    def login(self, role: str) -> tuple[TestClient, dict[str, str]]:
        client = TestClient(self.app, raise_server_exceptions=False)
        token = csrf_from(client.get("/login").text)
        r = client.post(
            "/login",
            data={"username": USERS[role], "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
        return client, {"X-CSRF-Token": csrf_from(client.get("/jobs").text)}

    def value(self, name: str) -> str:
        """A path or query value: a market attribute, a fresh job of company A, or a missing id."""
        m = self.market
        if name == "missing":
            return str(MISSING)
        if name == "new_job_a":
            with self.engine.db.session() as db:
                row, _ = upsert_job(
                    db,
                    domain.Job(title="待删除职位", description=f"矩阵 {os.urandom(4).hex()}"),
                    "山东浪潮软件有限公司",
                )
                return str(row.id)
        if name in ("app_a", "new_app_a"):
            return str(self.application(name == "new_app_a"))
        if name == "user_seeker2":
            return str(self.user_id("seeker2"))
        if name == "new_key":
            with self.engine.db.session() as db:
                create_api_key(db, f"spare-{os.urandom(3).hex()}", user_id=self.user_id("seeker2"))
                return str(db.scalar(sa.select(sa.func.max(models.ApiKey.id))))
        if name == "job_a_company":
            return str(m.company_a)
        if name == "company_b":
            return str(m.company_b)
        return str(getattr(m, name)) if hasattr(m, name) else name

    def user_id(self, username: str) -> int:
        with self.engine.db.session() as db:
            return int(db.scalar(sa.select(models.User.id).where(models.User.username == username)))

    def application(self, fresh: bool) -> int:
        """c1's application to job_a (which it applied to), or to a fresh job of company A."""
        from talentseek.usecases.applications import ensure_application

        job = int(self.value("new_job_a")) if fresh else self.market.job_a
        with self.engine.db.session() as db:
            row, _ = ensure_application(db, self.market.cand_seeker, job)
            return int(row.id)

    def uniq(self, prefix: str) -> str:
        return f"{prefix}{os.urandom(3).hex()}"

    def call(self, caller: str, method: str, path: str, case: Case) -> int:
        client, headers = self.clients[caller]
        if case.fresh and caller in COOKIE_ROLES:
            client, headers = self.login(caller)
        url = path
        for k, v in case.params.items():
            url = url.replace("{" + k + "}", self.value(v)).replace("{" + k + ":path}", self.value(v))
        query = {k: self.value(v) if isinstance(v, str) else v for k, v in case.query.items()}
        body = case.json(self) if callable(case.json) else case.json
        if isinstance(body, dict) and isinstance(body.get("company_id"), str):
            body = {**body, "company_id": int(self.value(body["company_id"]))}
        headers = dict(headers)
        if not path.startswith(("/api/", "/v1/", "/openapi", "/static/")):
            headers["Accept"] = "text/html"
        data = None
        if case.form is not None:
            data = dict(case.form)
            if "X-CSRF-Token" in headers:
                data["csrf_token"] = headers["X-CSRF-Token"]
        r = client.request(
            method, url, params=query, json=body, data=data, headers=headers, follow_redirects=False
        )
        assert r.status_code < 500, (caller, method, url, r.text[:300])
        assert "Traceback" not in r.text
        return r.status_code


def matches(want: str, got: int) -> bool:
    """'2' a class, '404' a code, '200|409' either."""
    return any(str(got) == w if len(w) == 3 else str(got).startswith(w) for w in want.split("|"))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    home = tmp_path_factory.mktemp("matrix-home")
    mp = pytest.MonkeyPatch()
    mp.setenv("TALENTSEEK_HOME", str(home))
    mp.setenv("TALENTSEEK_EMBEDDER", "hashing")
    w = World()
    w.engine.search.sync()
    yield w
    w.engine.close()
    mp.undo()


def test_every_route_has_a_row(world: World) -> None:
    routes = app_routes(world.app)
    missing = sorted(routes - set(TABLE))
    assert not missing, f"routes without a row in TABLE (add their rules): {missing}"
    assert all(set(c.want) == set(CALLERS) for cases in TABLE.values() for c in cases)


CELLS = [(m, p, c) for (m, p), cases in TABLE.items() for c in cases]


@pytest.mark.parametrize(("method", "path", "case"), CELLS, ids=[f"{m} {p} [{c.label}]" for m, p, c in CELLS])
def test_matrix(world: World, method: str, path: str, case: Case) -> None:
    if (method, path) not in app_routes(world.app):
        pytest.skip(f"the app has no {method} {path} (a row for a route not mounted here)")
    got = {caller: world.call(caller, method, path, case) for caller in CALLERS}
    if os.environ.get("AUTHZ_MATRIX_DISCOVER"):
        print(f"\n{method} {path} [{case.label}]: {got}")
        return
    wrong = {c: (case.want[c], got[c]) for c in CALLERS if not matches(case.want[c], got[c])}
    assert not wrong, f"{method} {path} [{case.label}] caller: (expected, got) {wrong}"
