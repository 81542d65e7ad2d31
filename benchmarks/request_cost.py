"""Per-request cost inside the app (no network, one client): where a request's time goes.

    python benchmarks/request_cost.py --home /tmp/ts-cost [--jobs 2000] [--n 200]
        [--baseline-src /tmp/ts-base/src] [--profile search|page|match|me]

Builds the demo market in HOME on the first run (`talentseek demo --no-serve`), signs in as the
demo seeker over the API (a session cookie, as a browser) and times requests through httpx's
ASGI transport (in-process, sync code run inline so that cProfile sees it all):
`GET /api/search/jobs?q=...`, `GET /jobs?page=N`, `GET /api/match/jobs?k=20`,
`GET /api/me` (the identity lookup alone) and `GET /healthz` (the framework floor). Prints median
and mean milliseconds per kind. `--baseline-src` runs the same in a child process against another
checkout's `src/` (its own HOME next to this one: the schema may differ) and prints the two side by
side. `--profile KIND` prints cProfile's top functions for that kind instead.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tables import print_table  # noqa: E402

PASSWORD = "request-cost-密码-2026"
QUERIES = ["济南 Java", "会计 本科", "前端 Vue 3年", "销售 底薪", "数据分析师 Python", "护士", "司机 C1"]
KINDS = ("search", "page", "match", "me", "healthz")


def _cli(home: Path, env: dict[str, str], *args: str) -> None:
    code = "from talentseek.cli import main; main()"
    subprocess.run([sys.executable, "-c", code, "--home", str(home), *args], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def prepare_home(home: Path, jobs: int, env: dict[str, str]) -> None:
    if not (home / "talentseek.db").exists():
        _cli(home, env, "demo", "--no-serve", "--jobs", str(jobs), "--candidates", str(max(jobs // 2, 50)))
    _cli(home, env, "user", "reset-password", "seeker1", "--password", PASSWORD)


def _path(kind: str, i: int) -> str:
    return {
        "search": f"/api/search/jobs?q={QUERIES[i % len(QUERIES)]}",
        "page": f"/jobs?page={1 + i % 10}",
        "match": "/api/match/jobs?k=20",
        "me": "/api/me",
        "healthz": "/healthz",
    }[kind]


async def _inline(func: Any, *args: Any, **_kw: Any) -> Any:
    return func(*args)


async def _measure(n: int, profile: str | None) -> dict[str, dict[str, float]]:
    import anyio.to_thread
    import httpx

    from talentseek.api.app import create_app

    # sync routes and dependencies run inline instead of in anyio's thread pool: one thread, so
    # cProfile sees the whole request and thread hand-offs do not blur the app's own cost
    anyio.to_thread.run_sync = _inline  # type: ignore[assignment]
    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        r = await client.post("/api/auth/login", json={"username": "seeker1", "password": PASSWORD})
        r.raise_for_status()
        kinds = []
        for kind in KINDS:  # warm: the index opens, the embedder loads, caches fill once
            for i in range(3):
                resp = await client.get(_path(kind, i))
            if resp.status_code != 404:  # a baseline without that route: left out
                resp.raise_for_status()
                kinds.append(kind)
        if profile:
            prof = cProfile.Profile()
            prof.enable()
            for i in range(n):
                await client.get(_path(profile, i))
            prof.disable()
            pstats.Stats(prof).sort_stats("tottime").print_stats(45)
            return {}
        out: dict[str, dict[str, float]] = {}
        for kind in kinds:
            times = []
            for i in range(n):
                t0 = time.perf_counter()
                resp = await client.get(_path(kind, i))
                times.append((time.perf_counter() - t0) * 1000)
                resp.raise_for_status()
            out[kind] = {"median_ms": statistics.median(times), "mean_ms": statistics.fmean(times)}
        return out


def measure(n: int, profile: str | None) -> dict[str, dict[str, float]]:
    """Time n requests of each kind in this process (TALENTSEEK_HOME set by the caller)."""
    import asyncio

    return asyncio.run(_measure(n, profile))


def _child(home: Path, src: Path | None, jobs: int, n: int) -> dict[str, dict[str, float]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTSEEK_")}
    env["TALENTSEEK_HOME"] = str(home)
    env["TALENTSEEK_INDEX_INTERVAL_S"] = "0"
    if src is not None:
        env["PYTHONPATH"] = str(src)
    prepare_home(home, jobs, env)
    cmd = [sys.executable, __file__, "--child", "--home", str(home), "--n", str(n)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{src or 'this tree'}: the measuring child failed\n{done.stderr[-3000:]}")
    result: dict[str, dict[str, float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--jobs", type=int, default=2000)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--baseline-src", type=Path)
    ap.add_argument("--profile", choices=KINDS)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child or args.profile:
        if args.profile:
            env = {**os.environ, "TALENTSEEK_HOME": str(args.home), "TALENTSEEK_INDEX_INTERVAL_S": "0"}
            prepare_home(args.home, args.jobs, env)
            os.environ.update(env)
        result = measure(args.n, args.profile)
        if args.child:
            sys.stdout.write(json.dumps(result) + "\n")
        return
    runs: list[tuple[str, dict[str, dict[str, float]]]] = []
    if args.baseline_src:
        base_home = args.home.with_name(args.home.name + "-baseline")
        runs.append(("baseline", _child(base_home, args.baseline_src.resolve(), args.jobs, args.n)))
    runs.append(("this tree", _child(args.home, None, args.jobs, args.n)))
    rows: list[dict[str, Any]] = []
    for kind in KINDS:
        row: dict[str, Any] = {"request": kind}
        for name, res in runs:
            got = res.get(kind)
            row[f"{name} p50 ms"] = round(got["median_ms"], 2) if got else "—"
            row[f"{name} mean ms"] = round(got["mean_ms"], 2) if got else "—"
        rows.append(row)
    print(f"{args.n} requests per kind, one client in-process (httpx ASGI transport), jobs={args.jobs}")
    print_table(rows)


if __name__ == "__main__":
    main()
