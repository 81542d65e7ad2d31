"""Test helpers: a TestClient over a fresh market, and logging in through the real login form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from talentseek.api.app import create_app
from talentseek.engine import Engine
from talentseek.settings import Settings
from web_fixtures import PASSWORD, Market, build_market

TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@contextmanager
def market_client(db_url: str | None = None, **parts: Any) -> Iterator[tuple[TestClient, Engine, Market]]:
    """A client over a fresh market; `db_url` picks the database (default: SQLite in the test home).

    `parts` (search=, llm=, embedder=) go to the Engine as is: fakes for the test.
    """
    engine = Engine(Settings(database_url=db_url) if db_url else None, **parts)
    market = build_market(engine)
    with TestClient(create_app(engine)) as client:
        yield client, engine, market
    engine.close()


def csrf_from(html: str) -> str:
    m = TOKEN_RE.search(html)
    assert m, "page has no CSRF field"
    return m.group(1)


def web_login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through /login; returns the new session's CSRF token."""
    token = csrf_from(client.get("/login").text)
    r = client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf_from(client.get("/jobs").text)
