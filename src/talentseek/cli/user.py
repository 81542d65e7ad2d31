"""`talentseek user create|reset-password|list`: web accounts (passwords stored as Argon2id hashes)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from talentseek.auth import random_password
from talentseek.cli.common import engine, err_console, print_json
from talentseek.domain import Role
from talentseek.usecases import accounts

user_app = typer.Typer(name="user", help="管理网页账号（求职者、招聘方、运营）", no_args_is_help=True)

PASSWORD_OPT = typer.Option(None, "--password", help="不给则交互输入；非交互环境下自动生成并打印一次")


def obtain_password(given: str | None) -> tuple[str, bool]:
    """(password, generated): the given one, a prompted one, or a random one when not interactive."""
    if given is not None:
        return given, False
    if sys.stdin.isatty():
        return typer.prompt("密码", hide_input=True, confirmation_prompt=True), False
    return random_password(), True


@user_app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="登录用户名")],
    role: Annotated[Role, typer.Option("--role", help="seeker | recruiter | operator")],
    company: str | None = typer.Option(None, "--company", help="招聘方所属公司（名称或编号）"),
    create_company: bool = typer.Option(False, "--create-company", help="公司不存在时新建"),
    password: str | None = PASSWORD_OPT,
    display_name: str | None = typer.Option(None, "--display-name", help="显示名称"),
) -> None:
    """创建账号。"""
    accounts.check_company_link(role, company)
    pw, generated = obtain_password(password)
    eng = engine()
    try:
        uid = accounts.create_account(
            eng.db,
            username,
            pw,
            role,
            company=company,
            create_company=create_company,
            display_name=display_name,
        )
    finally:
        eng.close()
    typer.echo(f"已创建账号 {username}（{role.value}，id={uid}）")
    if generated:
        typer.echo(f"密码（只显示这一次）：{pw}")


@user_app.command("reset-password")
def reset_password(username: str = typer.Argument(...), password: str | None = PASSWORD_OPT) -> None:
    """重设密码（该账号已登录的会话随之失效）。"""
    pw, generated = obtain_password(password)
    eng = engine()
    try:
        accounts.reset_password(eng.db, username, pw)
    finally:
        eng.close()
    typer.echo(f"已重设 {username} 的密码" + (f"：{pw}（只显示这一次）" if generated else ""))


@user_app.command("list")
def list_users(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """列出账号（不含密码）。"""
    eng = engine()
    try:
        users = accounts.list_accounts(eng.db)
    finally:
        eng.close()
    if as_json:
        print_json(users)
        return
    for u in users:
        typer.echo(f"{u['id']}\t{u['username']}\t{u['role']}\t{u['company'] or ''}")
    if not users:
        err_console.print("还没有账号；用 talentseek user create 创建，或运行 talentseek demo")


def register(app: typer.Typer) -> None:
    app.add_typer(user_app)
