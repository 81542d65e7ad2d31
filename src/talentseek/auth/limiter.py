"""Limits shared by every worker process (they live in the store, not in memory).

- Failed logins (table login_failures): 5 wrong passwords for one user from one address lock that
  (user, address) pair for 1 minute, then 2, 4, 8 … up to 15 minutes for each further failure; a
  success from that address clears the pair. A user is never locked out by someone elsewhere. Each
  address also has a budget across all usernames: 20 failures per 15 minutes.
- API keys (table rate_counters): requests per key and wall-clock minute, counted with one upsert.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from talentseek.errors import Busy
from talentseek.store import models
from talentseek.store.convert import utcnow
from talentseek.store.db import Database

MAX_FAILURES = 5  # per (user, address) before the first lock
BASE_LOCK_S = 60  # the first lock; doubled for each further failure
MAX_LOCK_S = 15 * 60
PAIR_MEMORY_S = 24 * 3600  # failures of a pair older than this are forgotten
MAX_ADDRESS_FAILURES = 20  # per address, all usernames together, within ADDRESS_WINDOW_S
ADDRESS_WINDOW_S = 15 * 60
# kept for callers of the old names
MAX_IP_FAILURES = MAX_ADDRESS_FAILURES
WINDOW_S = ADDRESS_WINDOW_S


def lock_seconds(failures: int) -> int:
    """How long a pair with `failures` recent failures must wait after the last one (0: not locked)."""
    if failures < MAX_FAILURES:
        return 0
    return int(min(BASE_LOCK_S * 2 ** min(failures - MAX_FAILURES, 16), MAX_LOCK_S))


def _busy(wait_s: float) -> Busy:
    minutes = max(1, math.ceil(wait_s / 60))
    return Busy(f"登录失败次数过多，请 {minutes} 分钟后再试", retry_after=max(1.0, wait_s))


def _user_key(username: str) -> str:
    return username.strip().lower()[:64]


class LoginLimiter:
    """Failed-login bookkeeping in the store; `clock` (naive UTC) is injectable for tests."""

    def __init__(self, clock: Callable[[], datetime] = utcnow) -> None:
        self._clock = clock

    def check(self, db: Session, username: str, address: str) -> None:
        """Raise Busy (429) when this (user, address) pair or this address must wait."""
        now = self._clock()
        fail = models.LoginFailure
        n, last = db.execute(
            sa.select(sa.func.count(fail.id), sa.func.max(fail.at)).where(
                fail.username == _user_key(username),
                fail.address == address,
                fail.at > now - timedelta(seconds=PAIR_MEMORY_S),
            )
        ).one()
        lock = lock_seconds(int(n))
        if lock and last is not None:
            wait = (last + timedelta(seconds=lock) - now).total_seconds()
            if wait > 0:
                raise _busy(wait)
        window_start = now - timedelta(seconds=ADDRESS_WINDOW_S)
        n, first = db.execute(
            sa.select(sa.func.count(fail.id), sa.func.min(fail.at)).where(
                fail.address == address, fail.at > window_start
            )
        ).one()
        if int(n) >= MAX_ADDRESS_FAILURES and first is not None:
            raise _busy((first - window_start).total_seconds())

    def failed(self, db: Session, username: str, address: str) -> None:
        """Record one failure (and forget this pair's failures older than a day)."""
        now = self._clock()
        user = _user_key(username)
        db.execute(
            sa.delete(models.LoginFailure).where(
                models.LoginFailure.username == user,
                models.LoginFailure.address == address,
                models.LoginFailure.at <= now - timedelta(seconds=PAIR_MEMORY_S),
            )
        )
        db.add(models.LoginFailure(username=user, address=address, at=now))

    def succeeded(self, db: Session, username: str, address: str) -> None:
        """A right password from this address clears the pair's failures."""
        db.execute(
            sa.delete(models.LoginFailure).where(
                models.LoginFailure.username == _user_key(username),
                models.LoginFailure.address == address,
            )
        )


def count_hit(conn: Connection, key: str, window: int) -> int:
    """Add one to (key, window) in rate_counters and return the new count (one upsert statement)."""
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    table = models.RateCounter
    stmt = (
        insert(models.RateCounter)
        .values(key=key, window=window, count=1)
        .on_conflict_do_update(index_elements=[table.key, table.window], set_={"count": table.count + 1})
        .returning(table.count)
    )
    return int(conn.execute(stmt).scalar_one())


class RateLimiter:
    """A fixed wall-clock minute per API key id, counted in the store (shared by all workers)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock

    def hit(self, db: Database, key_id: int, limit_per_min: int) -> None:
        """Count one request; raise Busy (429) past the key's per-minute limit.

        Its own short transaction whose first statement writes (under SQLite it waits for the
        write lock instead of failing to upgrade a read). The first request of a minute also drops
        the key's older windows and stamps api_keys.last_used_at: at most one write a minute per key.
        """
        now = self._clock()
        window = int(now // 60)
        key = f"apikey:{key_id}"
        with db.engine.begin() as conn:
            count = count_hit(conn, key, window)
            if count == 1:
                counters = models.RateCounter
                conn.execute(sa.delete(counters).where(counters.key == key, counters.window < window))
                conn.execute(
                    sa.update(models.ApiKey).where(models.ApiKey.id == key_id).values(last_used_at=utcnow())
                )
        if count > limit_per_min:
            msg = f"API 令牌超过每分钟 {limit_per_min} 次的请求上限，请稍后重试"
            raise Busy(msg, retry_after=60 - now % 60)
