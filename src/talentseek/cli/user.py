"""`talentseek user create|reset-password|list`: web accounts (passwords stored as Argon2id hashes)."""

from __future__ import annotations

import sys
from typing import Annotated

import sqlalchemy as sa
import typer
from sqlalchemy.orm import Session

from talentseek.cli.common import engine, err_console, print_json
from talentseek.domain import Role
from talentseek.errors import InputError, NotFound
from talentseek.store import models

user_app = typer.Typer(name="user", help="管理网页账号（求职者、招聘方、运营）", no_args_is_help=True)

PASSWORD_OPT = typer.Option(None, "--password", help="不给则交互输入；非交互环境下自动生成并打印一次")


def find_company(db: Session, name: str, create: bool = False) -> models.Company:
    """A company by exact name (or numeric id); optionally created."""
    row = db.scalars(
        sa.select(models.Company).where(models.Company.name == name).order_by(models.Company.id)
    ).first()
    if row is None and name.isdigit():
        row = db.get(models.Company, int(name))
    if row is None and create:
        from talentseek.store.repo import get_or_create_company

        row = get_or_create_company(db, name)
    if row is None:
        raise NotFound(f"公司“{name}”不存在；先导入职位/公司数据，或加 --create-company 新建")
    return row


def obtain_password(given: str | None) -> tuple[str, bool]:
    """(password, generated): the given one, a prompted one, or a random one when not interactive."""
    from talentseek.auth import random_password

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
    from talentseek.auth import create_user

    if company and role is not Role.RECRUITER:
        raise InputError("只有招聘方（--role recruiter）可以关联公司", field="--company")
    pw, generated = obtain_password(password)
    eng = engine()
    try:
        with eng.db.session() as db:
            company_id = find_company(db, company, create_company).id if company else None
            user = create_user(db, username, pw, role, company_id=company_id, display_name=display_name)
            uid = user.id
    finally:
        eng.close()
    typer.echo(f"已创建账号 {username}（{role.value}，id={uid}）")
    if generated:
        typer.echo(f"密码（只显示这一次）：{pw}")


@user_app.command("reset-password")
def reset_password(username: str = typer.Argument(...), password: str | None = PASSWORD_OPT) -> None:
    """重设密码（该账号已登录的会话随之失效）。"""
    from talentseek.auth import set_password

    pw, generated = obtain_password(password)
    eng = engine()
    try:
        with eng.db.session() as db:
            set_password(db, username, pw)
    finally:
        eng.close()
    typer.echo(f"已重设 {username} 的密码" + (f"：{pw}（只显示这一次）" if generated else ""))


@user_app.command("list")
def list_users(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """列出账号（不含密码）。"""
    eng = engine()
    try:
        with eng.db.session() as db:
            rows = db.execute(
                sa.select(models.User, models.Company.name)
                .outerjoin(models.Company, models.Company.id == models.User.company_id)
                .order_by(models.User.id)
            ).all()
            users = [
                {
                    "id": u.id,
                    "username": u.username,
                    "role": u.role,
                    "display_name": u.display_name,
                    "company": cname,
                }
                for u, cname in rows
            ]
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
