"""`talentseek user` and `talentseek apikey`: accounts and tokens from the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from talentseek.auth import authenticate, lookup_api_key
from talentseek.cli import _register_all, app
from talentseek.engine import Engine
from talentseek.errors import TalentSeekError


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    if not app.registered_groups:
        _register_all()


def run(*args: str) -> tuple[int, str, str]:
    """Invoke the CLI in-process; TalentSeekError is what main() turns into one line and exit 1."""
    try:
        r = CliRunner().invoke(app, list(args), catch_exceptions=False)
    except TalentSeekError as err:
        return 1, "", str(err)
    return r.exit_code, r.stdout, r.stderr


def test_user_create_and_login() -> None:
    code, out, _ = run("user", "create", "alice", "--role", "seeker", "--password", "alice-password")
    assert code == 0 and "已创建账号 alice" in out and "alice-password" not in out
    eng = Engine()
    with eng.db.session() as db:
        assert authenticate(db, "alice", "alice-password") is not None
    eng.close()


def test_user_create_generates_password_when_not_interactive() -> None:
    code, out, _ = run("user", "create", "bob", "--role", "operator")
    assert code == 0
    password = out.split("：")[-1].strip()
    eng = Engine()
    with eng.db.session() as db:
        assert authenticate(db, "bob", password) is not None
    eng.close()


def test_recruiter_needs_existing_company() -> None:
    code, _, err = run(
        "user", "create", "rec", "--role", "recruiter", "--company", "无此公司", "--password", "x" * 10
    )
    assert code == 1 and "不存在" in err
    code, out, _ = run(
        "user",
        "create",
        "rec",
        "--role",
        "recruiter",
        "--company",
        "新公司",
        "--create-company",
        "--password",
        "x" * 10,
    )
    assert code == 0
    code, out, _ = run("user", "list", "--json")
    assert json.loads(out)[0]["company"] == "新公司"


def test_bad_role_and_duplicate() -> None:
    assert run("user", "create", "cc", "--role", "admin", "--password", "x" * 10)[0] == 2
    assert run("user", "create", "cc", "--role", "seeker", "--password", "x" * 10)[0] == 0
    code, _, err = run("user", "create", "cc", "--role", "seeker", "--password", "x" * 10)
    assert code == 1 and "已存在" in err
    code, _, err = run("user", "create", "dd", "--role", "seeker", "--password", "short")
    assert code == 1 and "至少" in err


def test_reset_password() -> None:
    run("user", "create", "carol", "--role", "seeker", "--password", "old-password")
    code, out, _ = run("user", "reset-password", "carol")
    assert code == 0
    new = out.split("：")[1].split("（")[0]
    eng = Engine()
    with eng.db.session() as db:
        assert authenticate(db, "carol", "old-password") is None
        assert authenticate(db, "carol", new) is not None
    eng.close()
    assert run("user", "reset-password", "nobody", "--password", "x" * 10)[0] == 1


def test_apikey_create_list_revoke() -> None:
    run("user", "create", "dave", "--role", "seeker", "--password", "dave-password")
    code, out, _ = run("apikey", "create", "--name", "脚本", "--user", "dave", "--rate-limit", "5")
    key = out.strip()
    assert code == 0 and key.startswith("ts-") and "\n" not in key
    eng = Engine()
    with eng.db.session() as db:
        row = lookup_api_key(db, key)
        assert row is not None and row.rate_limit_per_min == 5
    code, out, _ = run("apikey", "list", "--json")
    listed = json.loads(out)
    assert listed[0]["user"] == "dave" and key not in out
    assert run("apikey", "revoke", key[:10])[0] == 0
    with eng.db.session() as db:
        assert lookup_api_key(db, key) is None
    eng.close()
    assert run("apikey", "create", "--name", "x", "--user", "ghost")[0] == 1
    assert run("apikey", "revoke", "ts-nothing")[0] == 1
