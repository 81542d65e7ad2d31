"""Load on a running server: requests/s, p50/p99 and errors at 1, 50 and 200 clients.

    python benchmarks/load_bench.py --home /tmp/ts-load [--jobs 5000] [--seconds 20] [--clients 1,50,200]
        [--serve-args "--workers 2"] [--baseline-src /tmp/ts-base/src] [--pg postgresql://...]

Builds the demo market in HOME on the first run (`talentseek demo --no-serve`), sets the demo
accounts' passwords, starts `talentseek serve` on a free loopback port, logs in over the API and
drives three request mixes with asyncio clients (one connection each):

- search: `GET /api/search/jobs?q=...` over 40 everyday queries;
- page:   `GET /jobs?page=N` (a server-rendered page with the store behind it);
- match:  `GET /api/match/jobs?k=20` as the demo seeker.

`--baseline-src` runs the same table against another checkout's `src/` (e.g. `git worktree add
/tmp/ts-base <commit>`), started the same way with PYTHONPATH pointing at it, in the same run and
on the same home, so the two are compared under the same load generator. The client shares the
machine's cores with the server: at 200 clients the numbers are a lower bound for the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tables import percentiles, print_table  # noqa: E402

PASSWORD = "load-bench-密码-2026"
QUERIES = [
    "济南 Java", "青岛 销售 底薪", "会计 本科", "前端 Vue 3年", "护士 济南", "司机 C1", "电工 持证",
    "数据分析师 Python", "UI设计", "市场营销 1万以上", "行政 双休", "厨师", "产品经理 5年以上",
    "新媒体运营", "仓库管理员", "客服 兼职", "实习 应届生", "教师 英语", "machine learning", "测试工程师",
    "烟台 机械设计", "淄博 化工", "潍坊 外贸", "临沂 物流", "人力资源", "律师", "医药代表", "建筑 造价",
    "土木工程师", "Go 后端", "运维 Linux", "嵌入式 C语言", "saas 销售", "采购", "出纳", "美工", "焊工",
    "保安", "导购 商场", "月薪8000 济南",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _cli(home: Path, env: dict[str, str], *args: str) -> None:
    code = "from talentseek.cli import main; main()"
    subprocess.run([sys.executable, "-c", code, "--home", str(home), *args], check=True, env=env)


def prepare_home(home: Path, jobs: int, env: dict[str, str]) -> None:
    if not (home / "talentseek.db").exists() and "TALENTSEEK_DATABASE_URL" not in env:
        _cli(home, env, "demo", "--no-serve", "--jobs", str(jobs), "--candidates", str(max(jobs // 2, 50)))
    for name in ("seeker1", "recruiter1"):
        _cli(home, env, "user", "reset-password", name, "--password", PASSWORD)


class Server:
    """`talentseek serve` in a child process, from this checkout or another `src/`."""

    def __init__(self, home: Path, env: dict[str, str], serve_args: str, src: Path | None) -> None:
        self.port = _free_port()
        self.env = dict(env)
        if src is not None:
            self.env["PYTHONPATH"] = str(src)
        code = "from talentseek.cli import main; main()"
        args = ["--home", str(home), "serve", "--port", str(self.port), *shlex.split(serve_args)]
        self.proc = subprocess.Popen([sys.executable, "-c", code, *args], env=self.env)
        self.base = f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            try:
                if httpx.get(self.base + "/", timeout=2).status_code < 500:
                    return
            except httpx.HTTPError:
                time.sleep(0.5)
        raise RuntimeError("server did not come up")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def login(base: str, username: str) -> dict[str, str]:
    r = httpx.post(base + "/api/auth/login", json={"username": username, "password": PASSWORD}, timeout=30)
    r.raise_for_status()
    return dict(r.cookies)


def _paths(mix: str, i: int) -> str:
    if mix == "search":
        return "/api/search/jobs?" + httpx.QueryParams({"q": QUERIES[i % len(QUERIES)], "k": 10}).__str__()
    if mix == "page":
        return f"/jobs?page={1 + i % 20}"
    return "/api/match/jobs?k=20"


async def _client(base: str, cookies: dict[str, str], mix: str, start: int, stop_at: float) -> list[Any]:
    out: list[Any] = []
    i = start
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=30) as client:
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            try:
                r = await client.get(_paths(mix, i))
                ok = r.status_code < 400
            except httpx.HTTPError:
                ok = False
            out.append(((time.perf_counter() - t0) * 1000, ok))
            i += 7
    return out


async def drive(base: str, cookies: dict[str, str], mix: str, clients: int, seconds: float) -> dict[str, Any]:
    stop_at = time.monotonic() + seconds
    t0 = time.monotonic()
    results = await asyncio.gather(*(_client(base, cookies, mix, c, stop_at) for c in range(clients)))
    elapsed = time.monotonic() - t0
    samples = [s for r in results for s in r]
    ms = [m for m, _ in samples]
    errors = sum(1 for _, ok in samples if not ok)
    row: dict[str, Any] = {"requests/s": round(len(samples) / elapsed, 1), "requests": len(samples)}
    row.update(percentiles(ms) if len(ms) > 2 else {})
    row["errors"] = errors
    return row


def run_table(label: str, server: Server, clients: list[int], seconds: float) -> list[dict[str, Any]]:
    server.wait_ready()
    cookies = login(server.base, "seeker1")
    rows = []
    for mix in ("search", "page", "match"):
        asyncio.run(drive(server.base, cookies, mix, 4, 2))  # warm caches and connections
        for n in clients:
            row = {"server": label, "mix": mix, "clients": n}
            row.update(asyncio.run(drive(server.base, cookies, mix, n, seconds)))
            rows.append(row)
            print(row, file=sys.stderr)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--jobs", type=int, default=5000)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--clients", default="1,50,200")
    ap.add_argument("--serve-args", default="", help="extra `serve` options for this checkout")
    ap.add_argument("--baseline-src", type=Path, help="another checkout's src/ to run side by side")
    ap.add_argument("--baseline-serve-args", default="")
    ap.add_argument("--pg", help="a PostgreSQL URL to use instead of the home's SQLite file")
    a = ap.parse_args()
    env = dict(os.environ)
    if a.pg:
        env["TALENTSEEK_DATABASE_URL"] = a.pg
    a.home.mkdir(parents=True, exist_ok=True)
    prepare_home(a.home, a.jobs, env)
    clients = [int(c) for c in a.clients.split(",")]
    rows: list[dict[str, Any]] = []
    runs = [("this checkout " + a.serve_args, None, a.serve_args)]
    if a.baseline_src:
        runs.insert(0, ("baseline " + a.baseline_serve_args, a.baseline_src, a.baseline_serve_args))
    for label, src, args in runs:
        server = Server(a.home, env, args, src)
        try:
            rows += run_table(label.strip(), server, clients, a.seconds)
        finally:
            server.stop()
    print_table(rows)


if __name__ == "__main__":
    main()
