"""Server-side sessions, lockout per (user, address), trusted proxies, disabled accounts, headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from talentseek.api.app import create_app
from talentseek.auth import set_password
from talentseek.auth.address import forwarded_client, parse_proxies
from talentseek.auth.users import set_disabled
from talentseek.engine import Engine
from talentseek.errors import InputError
from talentseek.settings import Settings
from talentseek.store import models
from web_fixtures import PASSWORD, Market, build_market
from webclient import market_client, web_login

Env = tuple[TestClient, Engine, Market]


@pytest.fixture
def env() -> Iterator[Env]:
    with market_client() as env:
        yield env


def api_login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    r = client.post("/api/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"X-CSRF-Token": r.json()["csrf_token"]}


def live_sessions(engine: Engine, username: str) -> int:
    with engine.db.session() as s:
        q = (
            sa.select(sa.func.count(models.WebSession.id))
            .join(models.User, models.User.id == models.WebSession.user_id)
            .where(models.User.username == username, models.WebSession.revoked_at.is_(None))
        )
        return int(s.scalar(q) or 0)


def test_cookie_replayed_after_api_logout_is_401(env: Env) -> None:
    client, engine, _ = env
    csrf = api_login(client, "op")
    stolen = client.cookies.get("ts_session")
    assert stolen and live_sessions(engine, "op") == 1
    with engine.db.session() as s:  # the store keeps only a hash of the cookie's session token
        stored = s.scalars(sa.select(models.WebSession.id)).all()
    assert all(len(sid) == 64 and sid not in stolen for sid in stored)
    assert client.post("/api/auth/logout", headers=csrf).json() == {"ok": True}
    assert live_sessions(engine, "op") == 0
    replay = TestClient(create_app(engine))
    replay.cookies.set("ts_session", stolen)
    assert replay.get("/api/me").status_code == 401
    r = replay.post("/api/jobs", json={"title": "x"}, headers=csrf)
    assert r.status_code == 401


def test_cookie_replayed_after_web_logout_gets_the_login_page(env: Env) -> None:
    client, engine, m = env
    token = web_login(client, "seeker1")
    stolen = client.cookies.get("ts_session")
    assert stolen
    r = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    replay = TestClient(create_app(engine))
    replay.cookies.set("ts_session", stolen)
    assert replay.get("/api/me").status_code == 401
    page = replay.get("/match/jobs", headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert "张伟" not in replay.get(f"/jobs/{m.job_a}").text  # shown as signed out


def test_logout_keeps_other_sessions_and_password_reset_ends_all(env: Env) -> None:
    client, engine, _ = env
    other = TestClient(create_app(engine))
    api_login(other, "rec_a")
    csrf = api_login(client, "rec_a")
    assert live_sessions(engine, "rec_a") == 2
    client.post("/api/auth/logout", headers=csrf)
    assert other.get("/api/me").status_code == 200  # logging out one browser leaves the other
    api_login(client, "rec_a")
    with engine.db.session() as s:
        set_password(s, "rec_a", "a-brand-new-password")
    assert client.get("/api/me").status_code == 401
    assert other.get("/api/me").status_code == 401
    assert live_sessions(engine, "rec_a") == 0


def test_disabled_user_cannot_log_in_or_use_session_or_key(env: Env) -> None:
    client, engine, m = env
    api_login(client, "rec_a")
    key = {"Authorization": f"Bearer {m.keys['rec_a']}"}
    assert client.get("/api/me", headers=key).status_code == 200
    with engine.db.session() as s:
        set_disabled(s, "rec_a")
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/me", headers=key).status_code == 401
    r = client.post("/api/auth/login", json={"username": "rec_a", "password": PASSWORD})
    assert r.status_code == 401 and "用户名或密码错误" in r.json()["error"]
    with engine.db.session() as s:
        set_disabled(s, "rec_a", False)
    assert client.get("/api/me", headers=key).status_code == 200
    api_login(client, "rec_a")


def test_csrf_token_is_per_session(env: Env) -> None:
    client, engine, _ = env
    first = api_login(client, "op")
    other = TestClient(create_app(engine))
    second = api_login(other, "op")
    assert first != second
    # a token from another session of the same user does not pass
    assert client.post("/api/auth/logout", headers=second).status_code == 403
    assert client.post("/api/auth/logout", headers=first).status_code == 200


def _client_at(engine: Engine, address: str) -> TestClient:
    return TestClient(create_app(engine), client=(address, 40000))


def _wrong(client: TestClient, username: str, headers: dict[str, str] | None = None) -> int:
    r = client.post("/api/auth/login", json={"username": username, "password": "wrong-password"},
                    headers=headers or {})
    return r.status_code


def test_lockout_is_per_user_and_address(env: Env) -> None:
    _, engine, _ = env
    attacker = _client_at(engine, "203.0.113.7")
    codes = [_wrong(attacker, "rec_a") for _ in range(6)]
    assert codes == [401] * 5 + [429]
    r = attacker.post("/api/auth/login", json={"username": "rec_a", "password": PASSWORD})
    assert r.status_code == 429 and "分钟后再试" in r.json()["error"] and "Retry-After" in r.headers
    # the real user, elsewhere, is not locked out
    owner = _client_at(engine, "198.51.100.20")
    api_login(owner, "rec_a")
    # without trusted proxies, X-Forwarded-For does not let the attacker pick a fresh address
    spoofed = _wrong(attacker, "rec_a", {"X-Forwarded-For": "192.0.2.99"})
    assert spoofed == 429


def test_per_address_limit_across_usernames(env: Env) -> None:
    _, engine, _ = env
    sprayer = _client_at(engine, "203.0.113.8")
    codes = [_wrong(sprayer, f"user{i}") for i in range(21)]
    assert codes[:20] == [401] * 20 and codes[20] == 429
    assert _client_at(engine, "203.0.113.9").post(
        "/api/auth/login", json={"username": "op", "password": PASSWORD}
    ).status_code == 200


def test_forwarded_for_only_from_trusted_proxies(home: object) -> None:
    engine = Engine(Settings(trusted_proxies="10.0.0.0/8"))
    build_market(engine)
    try:
        proxy = _client_at(engine, "10.1.2.3")
        # behind the trusted proxy each forwarded client has its own budget
        codes = [_wrong(proxy, "op", {"X-Forwarded-For": "6.6.6.6, 10.9.9.9"}) for _ in range(6)]
        assert codes == [401] * 5 + [429]
        r = proxy.post("/api/auth/login", json={"username": "op", "password": PASSWORD},
                       headers={"X-Forwarded-For": "7.7.7.7"})
        assert r.status_code == 200
        with engine.db.session() as s:
            addresses = set(s.scalars(sa.select(models.WebSession.address)))
            failed = set(s.scalars(sa.select(models.LoginFailure.address)))
        assert addresses == {"7.7.7.7"} and failed == {"6.6.6.6"}
    finally:
        engine.close()


def test_forwarded_client_rules() -> None:
    nets = parse_proxies("10.0.0.0/8, 192.168.1.1")
    assert forwarded_client("8.8.8.8", "1.1.1.1", nets) == "8.8.8.8"  # untrusted peer: header ignored
    assert forwarded_client("10.0.0.1", "1.1.1.1, 2.2.2.2", nets) == "2.2.2.2"  # right-most untrusted
    assert forwarded_client("10.0.0.1", "1.1.1.1, 192.168.1.1, 10.2.2.2", nets) == "1.1.1.1"
    assert forwarded_client("10.0.0.1", "junk, 10.3.3.3", nets) == "10.3.3.3"
    assert forwarded_client("10.0.0.1", None, nets) == "10.0.0.1"
    assert forwarded_client("10.0.0.1", "1.1.1.1", ()) == "10.0.0.1"
    with pytest.raises(InputError, match="TRUSTED_PROXIES"):
        parse_proxies("10.0.0.0/8, not-an-ip")


@pytest.mark.parametrize(
    ("path", "accept"),
    [("/", "text/html"), ("/api/jobs", "*/*"), ("/api/me", "*/*"), ("/nope", "text/html"),
     ("/api/jobs/abc", "*/*"), ("/healthz", "*/*"), ("/login", "text/html")],
)
def test_security_headers_on_every_response(env: Env, path: str, accept: str) -> None:
    client, _, _ = env
    r = client.get(path, headers={"accept": accept}, follow_redirects=False)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"
    assert r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_security_headers_on_an_unexpected_500(env: Env) -> None:
    _, engine, _ = env
    app = create_app(engine)

    def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/api/boom", boom)
    r = TestClient(app, raise_server_exceptions=False).get("/api/boom")
    assert r.status_code == 500 and "boom" not in r.text
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
