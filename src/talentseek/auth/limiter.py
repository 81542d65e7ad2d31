"""In-process limits: failed logins per username and per IP, and API-key requests per minute.

Per process on purpose: a single-machine deployment needs nothing more, and several workers each
enforce the same limit (an attacker gets at most workers × limit tries).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from talentseek.errors import Busy

MAX_FAILURES = 5  # per username and per IP within WINDOW_S
MAX_IP_FAILURES = 20
WINDOW_S = 15 * 60


class LoginLimiter:
    """Blocks a username or IP after too many failed logins within a sliding window."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._fails.setdefault(key, deque())
        while q and now - q[0] > WINDOW_S:
            q.popleft()
        return q

    def check(self, username: str, ip: str) -> None:
        """Raise Busy (429) when this username or IP must wait before trying again."""
        now = self._clock()
        with self._lock:
            for key, limit in ((f"u:{username.lower()}", MAX_FAILURES), (f"ip:{ip}", MAX_IP_FAILURES)):
                q = self._recent(key, now)
                if len(q) >= limit:
                    wait = WINDOW_S - (now - q[0])
                    minutes = max(1, round(wait / 60))
                    raise Busy(f"登录失败次数过多，请 {minutes} 分钟后再试", retry_after=wait)

    def failed(self, username: str, ip: str) -> None:
        now = self._clock()
        with self._lock:
            self._recent(f"u:{username.lower()}", now).append(now)
            self._recent(f"ip:{ip}", now).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._fails.pop(f"u:{username.lower()}", None)


class RateLimiter:
    """A fixed one-minute window per API key id."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._counts: dict[int, tuple[int, int]] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def hit(self, key_id: int, limit_per_min: int) -> None:
        """Count one request; raise Busy (429) past the key's per-minute limit."""
        now = self._clock()
        minute = int(now // 60)
        with self._lock:
            start, count = self._counts.get(key_id, (minute, 0))
            if start != minute:
                start, count = minute, 0
            if count >= limit_per_min:
                msg = f"API 令牌超过每分钟 {limit_per_min} 次的请求上限，请稍后重试"
                raise Busy(msg, retry_after=60 - now % 60)
            self._counts[key_id] = (start, count + 1)
