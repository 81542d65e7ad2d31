"""Auth building blocks: password hashing, users, API keys, the attempt limiter, policy and masking."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from talentseek.auth import (
    authenticate,
    can_edit_job,
    can_view_candidate,
    can_view_contact,
    create_api_key,
    create_user,
    hash_password,
    lookup_api_key,
    mask_email,
    mask_phone,
    revoke_api_key,
    set_password,
    verify_password,
)
from talentseek.auth.limiter import (
    MAX_ADDRESS_FAILURES,
    MAX_FAILURES,
    WINDOW_S,
    LoginLimiter,
    RateLimiter,
    lock_seconds,
)
from talentseek.auth.principal import CurrentUser
from talentseek.auth.sessions import secret_key
from talentseek.domain import Role
from talentseek.engine import Engine
from talentseek.errors import Busy, InputError, NotFound
from talentseek.store import models
from web_fixtures import Market, build_market


@pytest.fixture
def engine() -> Iterator[Engine]:
    eng = Engine()
    yield eng
    eng.close()


@pytest.fixture
def market(engine: Engine) -> Market:
    return build_market(engine)


def test_password_hash_is_argon2id_and_verifies() -> None:
    h = hash_password("一个足够长的密码")
    assert h.startswith("$argon2id$")
    assert "一个足够长的密码" not in h
    assert verify_password(h, "一个足够长的密码")
    assert not verify_password(h, "一个足够长的密码!")
    assert not verify_password("not-a-hash", "whatever1")


def test_short_password_rejected() -> None:
    with pytest.raises(InputError, match="至少"):
        hash_password("short")


def test_create_and_authenticate(engine: Engine) -> None:
    with engine.db.session() as db:
        user = create_user(db, "alice", "s3cret-pass", Role.SEEKER, display_name="爱丽丝")
        assert user.password_hash != "s3cret-pass"
        assert authenticate(db, "alice", "s3cret-pass") is not None
        assert authenticate(db, "alice", "wrong-pass") is None
        assert authenticate(db, "nobody", "s3cret-pass") is None
        with pytest.raises(InputError, match="已存在"):
            create_user(db, "alice", "another-pass", Role.SEEKER)
        with pytest.raises(InputError, match="公司"):
            create_user(db, "rec", "another-pass", Role.RECRUITER)
        with pytest.raises(InputError, match="角色"):
            create_user(db, "bad", "another-pass", "admin")
        set_password(db, "alice", "new-password-1")
        assert authenticate(db, "alice", "s3cret-pass") is None
        assert authenticate(db, "alice", "new-password-1") is not None
        with pytest.raises(NotFound):
            set_password(db, "ghost", "new-password-1")


def test_api_key_stored_as_hash_and_revocable(engine: Engine) -> None:
    with engine.db.session() as db:
        key = create_api_key(db, "bot", rate_limit_per_min=5)
        assert key.startswith("ts-") and len(key) > 30
        row = lookup_api_key(db, key)
        assert row is not None and row.rate_limit_per_min == 5
        stored = [r.key_hash for r in db.query(models.ApiKey).all()]
        assert key not in stored and all(len(h) == 64 for h in stored)
        assert lookup_api_key(db, key + "x") is None
        assert lookup_api_key(db, "nope") is None
        assert revoke_api_key(db, key[:10]) == 1
        assert lookup_api_key(db, key) is None


def test_secret_key_file_is_private(engine: Engine) -> None:
    key = secret_key(engine.settings)
    path = engine.settings.home / "secret.key"
    assert path.read_text().strip() == key and len(key) >= 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_login_limiter_locks_the_pair_with_backoff(engine: Engine) -> None:
    now = [datetime(2026, 1, 1, 12, 0, 0)]
    lim = LoginLimiter(clock=lambda: now[0])

    def check(user: str, addr: str) -> None:
        with engine.db.session() as s:
            lim.check(s, user, addr)

    def fail(user: str, addr: str) -> None:
        with engine.db.session() as s:
            lim.failed(s, user, addr)

    for _ in range(MAX_FAILURES):
        check("bob", "1.2.3.4")
        fail("Bob", "1.2.3.4")  # usernames count case-insensitively
    with pytest.raises(Busy, match="1 分钟后再试"):
        check("bob", "1.2.3.4")
    check("bob", "5.6.7.8")  # the same user from elsewhere is not locked out
    check("carol", "1.2.3.4")  # nor another user from this address
    waits = []
    for _ in range(6):  # each further failure doubles the lock: 2, 4, 8, 15 (cap), 15 minutes
        now[0] += timedelta(seconds=lock_seconds(MAX_FAILURES) * 60)  # well past any lock so far
        check("bob", "1.2.3.4")
        fail("bob", "1.2.3.4")
        with pytest.raises(Busy) as err:
            check("bob", "1.2.3.4")
        waits.append(round(err.value.retry_after / 60))
    assert waits == [2, 4, 8, 15, 15, 15]
    with engine.db.session() as s:
        lim.succeeded(s, "bob", "1.2.3.4")
    check("bob", "1.2.3.4")


def test_login_limiter_per_address_budget(engine: Engine) -> None:
    now = [datetime(2026, 1, 1, 12, 0, 0)]
    lim = LoginLimiter(clock=lambda: now[0])
    for i in range(MAX_ADDRESS_FAILURES):
        with engine.db.session() as s:
            lim.check(s, f"user{i}", "9.9.9.9")
            lim.failed(s, f"user{i}", "9.9.9.9")
    with engine.db.session() as s, pytest.raises(Busy, match="15 分钟后再试"):
        lim.check(s, "someone-new", "9.9.9.9")
    with engine.db.session() as s:
        lim.check(s, "someone-new", "9.9.9.10")
    now[0] += timedelta(seconds=WINDOW_S + 1)
    with engine.db.session() as s:
        lim.check(s, "someone-new", "9.9.9.9")


def test_rate_limiter_per_minute_in_the_store(engine: Engine) -> None:
    now = [60.0 * 100]
    lim = RateLimiter(clock=lambda: now[0])
    with engine.db.session() as s:
        key1 = create_api_key(s, "one")
        key2 = create_api_key(s, "two")
        id1, id2 = (lookup_api_key(s, k).id for k in (key1, key2))  # type: ignore[union-attr]

    def hit(key_id: int) -> None:
        lim.hit(engine.db, key_id, 3)

    for _ in range(3):
        hit(id1)
    with pytest.raises(Busy):
        hit(id1)
    # a second limiter (another worker process) sees the same count
    with pytest.raises(Busy):
        RateLimiter(clock=lambda: now[0]).hit(engine.db, id1, 3)
    hit(id2)  # other keys have their own budget
    now[0] += 60
    hit(id1)
    with engine.db.session() as s:
        counter = models.RateCounter
        windows = s.scalars(sa.select(counter.window).where(counter.key == f"apikey:{id1}"))
        assert list(windows) == [101]  # the old window is dropped at the first hit of a new one
        assert s.get_one(models.ApiKey, id1).last_used_at is not None


def test_masking() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(None) is None
    assert mask_phone("12345") == "***45"
    assert mask_email("zhangwei@example.com") == "z***@example.com"
    assert mask_email("broken") == "***"


def _user(role: Role, company_id: int | None = None, candidate_id: int | None = None) -> CurrentUser:
    return CurrentUser(id=99, username="u", role=role, company_id=company_id, candidate_id=candidate_id)


def test_policy_matrix(engine: Engine, market: Market) -> None:
    op = _user(Role.OPERATOR)
    rec_a = _user(Role.RECRUITER, company_id=market.company_a)
    rec_b = _user(Role.RECRUITER, company_id=market.company_b)
    me = _user(Role.SEEKER, candidate_id=market.cand_seeker)
    with engine.db.session() as db:
        view = {name: {c: can_view_candidate(db, u, c) for c in
                       (market.cand_seeker, market.cand_private, market.cand_pool, market.cand_invited_b)}
                for name, u in (("op", op), ("a", rec_a), ("b", rec_b), ("me", me))}
        contact = {name: {c: can_view_contact(db, u, c) for c in
                          (market.cand_seeker, market.cand_pool, market.cand_invited_b)}
                   for name, u in (("op", op), ("a", rec_a), ("b", rec_b), ("me", me))}
        job_a = db.get(models.Job, market.job_a)
    assert all(view["op"].values()) and all(contact["op"].values())
    # A: its applicant and the pool; not the private candidate nor B's invitee
    assert view["a"] == {market.cand_seeker: True, market.cand_private: False, market.cand_pool: True,
                         market.cand_invited_b: False}
    # B: the pool and its own invitee; not A's applicant (who is not in the pool)
    assert view["b"] == {market.cand_seeker: False, market.cand_private: False, market.cand_pool: True,
                         market.cand_invited_b: True}
    # contact: only through an application (an invitation or the pool is not consent)
    assert contact["a"] == {market.cand_seeker: True, market.cand_pool: False, market.cand_invited_b: False}
    assert not any(contact["b"].values())
    assert view["me"] == {market.cand_seeker: True, market.cand_private: False, market.cand_pool: False,
                          market.cand_invited_b: False}
    assert contact["me"][market.cand_seeker] and not contact["me"][market.cand_pool]
    assert can_edit_job(rec_a, job_a) and can_edit_job(op, job_a)
    assert not can_edit_job(rec_b, job_a) and not can_edit_job(me, job_a)
