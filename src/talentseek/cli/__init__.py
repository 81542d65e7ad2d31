"""The `talentseek` command. Each command group lives in its own module with a `register(app)`."""

from __future__ import annotations

import os
import sys

import typer

from talentseek.cli import (
    apikey,
    demo,
    evaluate,
    generate,
    imports,
    index,
    match,
    model,
    parse,
    report,
    search,
    serve,
    stats,
    train,
    user,
)
from talentseek.errors import TalentSeekError

app = typer.Typer(
    name="talentseek",
    help="深度求才 TalentSeek：本地部署的招聘 AI（检索、匹配、解析、报告、本地 DeepSeek）",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# one module per command group, each with register(app); heavy imports stay inside the commands
COMMAND_MODULES = (
    parse,
    imports,
    generate,
    stats,
    search,
    index,
    evaluate,
    match,
    model,
    apikey,
    serve,
    demo,
    user,
    report,
    train,
)


def _register_all() -> None:
    for module in COMMAND_MODULES:
        module.register(app)


def _take_home_option(argv: list[str]) -> list[str]:
    """`--home DIR` works on every command (CONTRACTS.md): lift it anywhere in argv into the env."""
    out: list[str] = []
    it = iter(argv)
    for arg in it:
        if arg == "--home":
            home = next(it, None)
            if home is None:
                raise TalentSeekError("--home 需要一个目录参数")
            os.environ["TALENTSEEK_HOME"] = home
        elif arg.startswith("--home="):
            os.environ["TALENTSEEK_HOME"] = arg.split("=", 1)[1]
        else:
            out.append(arg)
    return out


def main() -> None:
    try:
        args = _take_home_option(sys.argv[1:])
        _register_all()
        app(args=args, prog_name="talentseek", standalone_mode=True)
    except TalentSeekError as err:
        print(f"错误：{err}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("已中断。可重新运行同一命令从上次完成处继续。", file=sys.stderr)
        sys.exit(130)
    except Exception as err:  # last resort: one line, never a traceback, unless debugging
        if os.environ.get("TALENTSEEK_DEBUG"):
            raise
        print(f"内部错误：{type(err).__name__}: {err}（设置 TALENTSEEK_DEBUG=1 查看详情）", file=sys.stderr)
        sys.exit(2)
