"""`talentseek serve [--host 127.0.0.1] [--port 8000] [--workers N]`: the web app and the API (uvicorn).

One worker serves `create_app(engine)` in this process. More use uvicorn's supervisor: each worker
process builds its own Engine from the environment (`create_app_from_env`, a factory), and this
process only supervises them and runs the index worker, so the outbox is drained by exactly one
process. SIGTERM (or Ctrl+C) stops accepting connections and lets in-flight requests finish
(up to TALENTSEEK_GRACEFUL_TIMEOUT_S seconds). Limits and sessions live in the store, so they hold
across workers.
"""

from __future__ import annotations

import signal
import socket
import threading
from types import FrameType
from typing import TYPE_CHECKING, Any

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


def run_server(eng: Engine, host: str, port: int, workers: int = 1) -> None:
    """Serve until Ctrl+C or SIGTERM: in this process (workers=1) or in `workers` processes."""
    import uvicorn

    from talentseek.api.app import create_app, create_app_from_env
    from talentseek.api.middleware import configure_access_log
    from talentseek.auth.address import parse_proxies

    if workers < 1:
        raise TalentSeekError("--workers 至少为 1")
    parse_proxies(eng.settings.trusted_proxies)  # a typo fails here, not at the first login
    check_port_free(host, port)
    if host not in LOOPBACK and not eng.settings.cookie_secure:
        err_console.print(
            "[yellow]提示：正在非本机地址上提供服务；请放在 HTTPS 反向代理之后，"
            "并设置 TALENTSEEK_COOKIE_SECURE=1[/]"
        )
    shown = f"[{host}]" if ":" in host else host
    configure_access_log(eng.settings.access_log)
    index_worker = start_index_worker(eng)
    procs = f"，{workers} 个工作进程" if workers > 1 else ""
    err_console.print(f"[bold green]深度求才已启动：http://{shown}:{port}[/]{procs}  （Ctrl+C 停止）")
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "server_header": False,
        "access_log": False,  # ours is one JSON line per request (api/middleware.py)
        "timeout_graceful_shutdown": eng.settings.graceful_timeout_s,
    }
    previous = _exit_cleanly_on_sigterm()
    try:
        if workers == 1:
            uvicorn.run(create_app(eng), **common)
        else:
            # the factory by its import path, taken from the imported function itself
            target = f"{create_app_from_env.__module__}:{create_app_from_env.__qualname__}"
            uvicorn.run(target, factory=True, workers=workers, **common)
    finally:
        if index_worker is not None:
            index_worker.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def _exit_cleanly_on_sigterm() -> Any:
    """After a graceful shutdown uvicorn re-raises the SIGTERM it caught; with the default action the
    process would die there, before the index worker stops and the database closes. This handler
    turns it into SystemExit(0), so the `finally` blocks run. Returns the handler it replaced."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _exit_on_sigterm)


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
        workers: int = typer.Option(
            None, "--workers", min=1, max=64, help="工作进程数（默认 1；多核机器可设为核数）"
        ),
    ) -> None:
        """启动网页与 API 服务。"""
        eng = engine()
        try:
            s = eng.settings
            run_server(eng, host or s.host, port or s.port, workers or s.workers)
        finally:
            eng.close()
