"""Shared fixtures. Every test gets its own TALENTSEEK_HOME; nothing touches the user's home."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

REAL_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"


def _required(flag: str) -> bool:
    """True in CI (CI=true) or where `flag`=1: then a missing resource fails the test instead of skipping."""
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return ci or os.environ.get(flag) == "1"


# read once here: the autouse fixture below clears TALENTSEEK_* variables for each test
REQUIRE_REAL_DATA = _required("TALENTSEEK_REQUIRE_REAL_DATA")
REQUIRE_EXTRAS = _required("TALENTSEEK_REQUIRE_EXTRAS")

# marker → (modules it needs, the install command); `make test` installs all of them
EXTRAS = {
    "llm": (("llama_cpp", "gguf"), "pip install -e '.[llm]'"),
    "train": (("torch", "transformers", "peft", "accelerate"), "pip install -e '.[train]'"),
    "milvus": (("pymilvus", "milvus_lite"), "pip install -e '.[milvus]'"),
}


def _missing_or_required(reason: str, required: bool, why_required: str) -> NoReturn:
    if required:
        pytest.fail(f"{reason} ({why_required})", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked llm/train/milvus skips without its extra, and fails where extras are required."""
    for marker, (modules, install) in EXTRAS.items():
        if item.get_closest_marker(marker) is None:
            continue
        missing = [name for name in modules if importlib.util.find_spec(name) is None]
        if missing:
            _missing_or_required(
                f"{', '.join(missing)} not installed: {install}",
                REQUIRE_EXTRAS,
                "required here: CI or TALENTSEEK_REQUIRE_EXTRAS=1, and make test installs it",
            )


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for name in [
        k for k in os.environ if k.startswith("TALENTSEEK_") and not k.startswith("TALENTSEEK_TEST_")
    ]:
        if name not in ("TALENTSEEK_REQUIRE_PG", "TALENTSEEK_REQUIRE_BROWSER"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TALENTSEEK_HOME", str(home))
    # the hashing embedder is the fake: tests that measure a real embedder build it explicitly, so
    # an import or a demo in a test never spends minutes embedding with a real model
    monkeypatch.setenv("TALENTSEEK_EMBEDDER", "hashing")
    return home


@pytest.fixture
def home(_isolated_home: Path) -> Path:
    return _isolated_home


@pytest.fixture
def real_data() -> Path:
    """../shared/data/real; skips (with the reason) where that folder is absent, fails in CI."""
    if not REAL_DATA.is_dir():
        _missing_or_required(
            f"real data folder not found at {REAL_DATA}",
            REQUIRE_REAL_DATA,
            "required here: CI or TALENTSEEK_REQUIRE_REAL_DATA=1",
        )
    return REAL_DATA


def _pg_url() -> str | None:
    url = os.environ.get("TALENTSEEK_TEST_PG_URL")
    if not url and os.environ.get("TALENTSEEK_REQUIRE_PG"):
        pytest.fail("TALENTSEEK_REQUIRE_PG is set but TALENTSEEK_TEST_PG_URL is not")
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, home: Path) -> Iterator[str]:
    """A fresh, empty database URL: SQLite in the test home, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{home / 'test.db'}"
        return
    base = _pg_url()
    if not base:
        pytest.skip("PostgreSQL not configured (set TALENTSEEK_TEST_PG_URL; .ci/run does)")
    import uuid

    import sqlalchemy as sa

    name = f"ts_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(
        base.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
