"""Serving: /healthz and /readyz, the JSON access-log line, and `serve --workers 2` as real processes."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from talentseek.api.app import create_app
from talentseek.api.middleware import ACCESS_LOGGER, configure_access_log
from talentseek.engine import Engine
from talentseek.settings import Settings
from web_fixtures import PASSWORD, Market
from webclient import market_client

Env = tuple[TestClient, Engine, Market]
LOG_FIELDS = {"time", "method", "path", "status", "duration_ms", "user", "pid"}


@pytest.fixture
def env() -> Iterator[Env]:
    with market_client() as env:
        yield env


def test_healthz_and_readyz(env: Env) -> None:
    client, _, _ = env
    assert client.get("/healthz").json() == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json() == {"status": "ready"}


def test_readyz_503_when_the_database_cannot_open(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "not-a-folder").write_text("x")
    engine = Engine(Settings(database_url=f"sqlite:///{home / 'not-a-folder' / 'db.sqlite'}"))
    r = TestClient(create_app(engine)).get("/readyz")
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "unavailable" and "数据库" in body["reason"] and "Traceback" not in r.text


def test_readyz_503_when_the_index_cannot_open(home: Path) -> None:
    engine = Engine(Settings(search_backend="no-such-backend"))
    r = TestClient(create_app(engine)).get("/readyz")
    assert r.status_code == 503 and "检索索引" in r.json()["reason"]
    engine.close()


def test_access_log_line_has_no_query_cookie_or_token(env: Env, caplog: pytest.LogCaptureFixture) -> None:
    client, _, m = env
    caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
    r = client.post("/api/auth/login", json={"username": "rec_a", "password": PASSWORD})
    assert r.status_code == 200
    client.get("/api/me?q=张伟+13812345678&city=济南")
    client.get("/api/me", headers={"Authorization": f"Bearer {m.keys['op']}"})
    client.get("/nope")  # a route that never asks who is calling logs no user (no lookup for the log)
    lines = [rec.getMessage() for rec in caplog.records if rec.name == ACCESS_LOGGER]
    entries = [json.loads(line) for line in lines]
    assert len(entries) == 4
    for e in entries:
        assert set(e) == LOG_FIELDS
        assert e["time"].endswith("Z") and isinstance(e["duration_ms"], float) and e["pid"] == os.getpid()
    login, mine, key, missing = entries
    assert (login["method"], login["path"], login["status"]) == ("POST", "/api/auth/login", 200)
    assert login["user"] is not None  # the user who just signed in
    assert mine["path"] == "/api/me" and mine["user"] == login["user"]  # the cookie's user
    assert key["user"] is not None and key["user"] != login["user"]  # the key's user
    assert missing["status"] == 404 and missing["user"] is None
    text = "\n".join(lines)
    for secret in ("13812345678", "张伟", "q=", m.keys["op"], "ts_session", client.cookies["ts_session"]):
        assert secret not in text


def test_access_log_to_a_file(tmp_path: Path, env: Env) -> None:
    client, _, _ = env
    target = tmp_path / "logs" / "access.log"
    configure_access_log(str(target))
    try:
        client.get("/healthz?secret=1")
    finally:
        configure_access_log("off")
        logging.getLogger(ACCESS_LOGGER).propagate = True
        logging.getLogger(ACCESS_LOGGER).setLevel(logging.NOTSET)
    entry = json.loads(target.read_text().strip())
    assert entry["path"] == "/healthz" and entry["status"] == 200 and "secret" not in target.read_text()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "serve exited early"
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail("serve --workers 2 did not become ready")


def _pids_in(log: Path) -> set[int]:
    if not log.exists():
        return set()
    return {json.loads(line)["pid"] for line in log.read_text().splitlines() if line.strip()}


@pytest.mark.slow  # 17 s on 2 idle cores, 40+ s when they are busy: three Python processes start
def test_serve_with_two_workers_answers_from_two_processes(home: Path) -> None:
    port, log = _free_port(), home / "access.log"
    env = {**os.environ, "TALENTSEEK_ACCESS_LOG": str(log), "TALENTSEEK_INDEX_INTERVAL_S": "0.5"}
    code = "from talentseek.cli import main; main()"
    args = ["--home", str(home), "serve", "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen([sys.executable, "-c", code, *args], env=env, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, proc, 120)
        deadline = time.monotonic() + 15
        while len(_pids_in(log) - {proc.pid}) < 2 and time.monotonic() < deadline:
            # a fresh connection each time: the kernel hands it to whichever worker accepts first
            assert httpx.get(base + "/healthz", timeout=5).status_code == 200
        workers = _pids_in(log)
        assert len(workers) == 2 and proc.pid not in workers
        # stop like a supervisor does: SIGTERM, in-flight requests finish, everyone exits
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        for pid in workers:
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
