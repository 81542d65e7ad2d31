"""`talentseek apikey create|list|revoke`: API tokens (only the sha256 is stored; shown once)."""

from __future__ import annotations

import typer

from talentseek.cli.common import engine, err_console, print_json
from talentseek.usecases import accounts

apikey_app = typer.Typer(
    name="apikey", help="管理 API 令牌（Authorization: Bearer ...）", no_args_is_help=True
)


@apikey_app.command("create")
def create(
    name: str = typer.Option(..., "--name", help="令牌名称（用途）"),
    user: str | None = typer.Option(None, "--user", help="令牌代表的账号（其角色与权限）；不给则为最低权限"),
    rate_limit: int = typer.Option(60, "--rate-limit", min=1, help="每分钟请求上限"),
) -> None:
    """创建令牌：令牌只打印这一次（标准输出一行），库中只存其哈希。"""
    eng = engine()
    try:
        key = accounts.create_key(eng.db, name, user, rate_limit_per_min=rate_limit)
    finally:
        eng.close()
    typer.echo(key)
    err_console.print("请立即保存上面的令牌：它不会再显示。撤销：talentseek apikey revoke " + key[:10])


@apikey_app.command("list")
def list_keys(as_json: bool = typer.Option(False, "--json")) -> None:
    """列出令牌（前缀、名称、账号、是否撤销；不含令牌本身）。"""
    eng = engine()
    try:
        keys = accounts.list_keys(eng.db)
    finally:
        eng.close()
    if as_json:
        print_json(keys)
        return
    for k in keys:
        typer.echo(f"{k['prefix']}…\t{k['name']}\t{k['user'] or '-'}\t{'已撤销' if k['revoked'] else '有效'}")


@apikey_app.command("revoke")
def revoke(prefix: str = typer.Argument(..., help="令牌前 10 个字符（见 apikey list）")) -> None:
    """撤销令牌。"""
    eng = engine()
    try:
        n = accounts.revoke_keys(eng.db, prefix)
    finally:
        eng.close()
    typer.echo(f"已撤销 {n} 个令牌")


def register(app: typer.Typer) -> None:
    app.add_typer(apikey_app)
