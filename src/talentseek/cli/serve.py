"""`talentseek serve [--host 127.0.0.1] [--port 8000]`: the web app and the API (uvicorn)."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import typer

from talentseek.cli.common import engine, err_console
from talentseek.engine import Engine
from talentseek.errors import TalentSeekError

if TYPE_CHECKING:
    from talentseek.search.worker import IndexWorker

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def check_port_free(host: str, port: int) -> None:
    """Fail early with a clear message instead of uvicorn's traceback when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as err:
            raise TalentSeekError(
                f"无法监听 {host}:{port}（{err.strerror}）；端口可能已被占用，换一个：--port {port + 1}"
            ) from None


def run_server(eng: Engine, host: str, port: int) -> None:
    """Serve create_app(eng) until Ctrl+C."""
    import uvicorn

    from talentseek.api.app import create_app

    check_port_free(host, port)
    if host not in LOOPBACK and not eng.settings.cookie_secure:
        err_console.print(
            "[yellow]提示：正在非本机地址上提供服务；请放在 HTTPS 反向代理之后，"
            "并设置 TALENTSEEK_COOKIE_SECURE=1[/]"
        )
    shown = f"[{host}]" if ":" in host else host
    worker = start_index_worker(eng)
    err_console.print(f"[bold green]深度求才已启动：http://{shown}:{port}[/]  （Ctrl+C 停止）")
    try:
        uvicorn.run(create_app(eng), host=host, port=port, log_level="warning", server_header=False)
    finally:
        if worker is not None:
            worker.stop()


def start_index_worker(eng: Engine) -> IndexWorker | None:
    """Keep the search index following the store while serving (off when the interval is 0)."""
    from talentseek.search.worker import IndexWorker

    if eng.settings.index_interval_s <= 0:
        return None
    try:
        index = eng.search
    except (ImportError, TalentSeekError) as err:  # search stays off; the rest of the site works
        err_console.print(f"[yellow]检索索引不可用，网站其余部分照常：{err}[/]")
        return None
    return IndexWorker(index, eng.settings.index_interval_s).start()


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option(None, "--host", help="监听地址（默认 127.0.0.1，仅本机）"),
        port: int = typer.Option(None, "--port", min=1, max=65535, help="端口（默认 8000）"),
    ) -> None:
        """启动网页与 API 服务。"""
        eng = engine()
        try:
            run_server(eng, host or eng.settings.host, port or eng.settings.port)
        finally:
            eng.close()
