"""End to end in a real browser: `talentseek serve` on a small generated market, headless Chromium
logs in, opens the jobs list and a job page, and saves screenshots.

Skips only when /usr/bin/chromium is absent AND TALENTSEEK_REQUIRE_BROWSER is unset (CI sets it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = bool(os.environ.get("TALENTSEEK_REQUIRE_BROWSER"))
PASSWORD = "browser-test-pass-1"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not REQUIRED,
    reason="no /usr/bin/chromium (apt-get install chromium; CI sets TALENTSEEK_REQUIRE_BROWSER=1)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _seed(home: Path) -> None:
    """A small generated market and one seeker account tied to a generated candidate."""
    import sqlalchemy as sa

    from talentseek.auth import create_user
    from talentseek.domain import Role
    from talentseek.engine import Engine
    from talentseek.generate import generate_market
    from talentseek.store import models

    eng = Engine()
    try:
        generate_market(eng.db, jobs=120, candidates=40, seed=5, truth_dir=home / "generated")
        with eng.db.session() as db:
            user = create_user(db, "browser", PASSWORD, Role.SEEKER, display_name="测试求职者")
            cand = db.scalars(sa.select(models.Candidate).order_by(models.Candidate.id)).first()
            assert cand is not None
            cand.user_id = user.id
    finally:
        eng.close()


@pytest.fixture
def server(home: Path) -> Iterator[str]:
    _seed(home)
    port = _free_port()
    cmd = [sys.executable, "-c", "from talentseek.cli import main; main()", "serve", "--port", str(port)]
    log = (home / "serve.log").open("w")
    proc = subprocess.Popen(cmd, env={**os.environ, "TALENTSEEK_HOME": str(home)}, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if proc.poll() is not None:
                pytest.fail(f"talentseek serve exited: {(home / 'serve.log').read_text()}")
            try:
                if httpx.get(url + "/static/app.css", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("talentseek serve did not answer within 30 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()


def test_login_jobs_list_and_job_page(server: str, tmp_path: Path) -> None:
    if REQUIRED and not CHROMIUM.exists():
        pytest.fail("TALENTSEEK_REQUIRE_BROWSER is set but /usr/bin/chromium is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[dev]'")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page.goto(server + "/login?next=/jobs")
        page.fill("#username", "browser")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(server + "/jobs")
        assert "测试求职者" in page.inner_text(".account") and "求职者" in page.inner_text(".account")
        assert page.locator(".job-item").count() == 20  # one full page of the 120 jobs
        page.screenshot(path=str(tmp_path / "jobs.png"), full_page=True)

        title = page.locator(".job-item .job-title").first.inner_text()
        page.locator(".job-item .job-title").first.click()
        page.wait_for_url(server + "/jobs/*")
        assert page.locator("h1").first.inner_text().startswith(title)
        salary = page.locator(".job-hero .salary").inner_text()
        assert salary == "面议" or any(u in salary for u in ("千", "万", "元"))
        assert page.locator("button:has-text('申请')").count() == 1
        page.screenshot(path=str(tmp_path / "job.png"), full_page=True)

        page.click("button:has-text('申请')")
        page.wait_for_selector("text=申请已提交")
        page.click("button:has-text('退出')")
        page.wait_for_selector("a:has-text('登录')")
        browser.close()
    assert (tmp_path / "jobs.png").stat().st_size > 10_000
    assert (tmp_path / "job.png").stat().st_size > 10_000


def test_search_page_results_then_facet_counts_and_chip_removal(server: str, tmp_path: Path) -> None:
    """The worker indexes the generated market; results render, then htmx fills the facet counts."""
    if REQUIRED and not CHROMIUM.exists():
        pytest.fail("TALENTSEEK_REQUIRE_BROWSER is set but /usr/bin/chromium is missing")
    from playwright.sync_api import sync_playwright

    query = "/search?q=" + httpx.QueryParams({"q": "济南 本科"})["q"]
    for _ in range(100):  # `serve` drains the outbox every 2 s: wait for the first batch
        if "job-item" in httpx.get(server + query, timeout=5).text:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the index worker did not make the generated jobs searchable within 20 s")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page.goto(server + query)
        assert page.locator(".job-item").count() >= 1
        assert "城市：济南市" in page.inner_text(".chips")
        page.wait_for_selector(".facets .section-title")  # the second request, triggered on load
        assert "城市" in page.inner_text(".facets") and "正在统计" not in page.inner_text(".facets")
        page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
        page.click("a[aria-label='去掉条件 城市：济南市']")
        page.wait_for_function("() => !document.querySelector('.chips').innerText.includes('城市：济南市')")
        page.wait_for_selector(".facets .section-title")
        browser.close()
    assert (tmp_path / "search.png").stat().st_size > 10_000
