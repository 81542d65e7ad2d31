"""kill -9 of an import: its worker processes die with it, and a rerun stores every row exactly once."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from talentseek.ingest import import_jobs
from talentseek.ingest.jobs import PARALLEL_BYTES
from talentseek.store import models as m
from talentseek.store.db import Database

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
HEADER = ["职位名称", "职位编号", "公司名称", "薪资", "职位描述", "工作地点"]
BOUND_S = 30.0  # generous: the watchdog polls every 0.5 s, PR_SET_PDEATHSIG is immediate
WORKER_MARK = "multiprocessing"  # spawned workers and the resource tracker run `-c "from multiprocessing..."`


def _write(path: Path, rows: int, desc_chars: int) -> Path:
    filler = ("负责数据分析与报表，熟悉SQL与Python，有电商经验优先。" * (desc_chars // 24 + 1))[:desc_chars]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(rows):
            w.writerow([f"数据分析师{i}", f"K{i}", f"公司{i % 97}", "1万-1.5万", filler, "济南 历下区"])
    return path


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None once it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _workers(parent: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (st := _stat(int(entry.name))) and st[1] == parent:
            if WORKER_MARK in _cmdline(int(entry.name)):
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    st = _stat(pid)
    return st is not None and st[0] != "Z"  # a zombie has exited; only its parent has yet to reap it


def _kill_once_workers_exist(cmd: list[str], env: dict[str, str], want: int) -> list[int]:
    """Start cmd, wait until it has `want` spawned workers, kill -9 it; the workers' pids."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline, workers = time.monotonic() + 120, []
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _workers(proc.pid)
            if len([w for w in workers if "spawn_main" in _cmdline(w)]) >= want:
                break
            time.sleep(0.05)
        assert proc.poll() is None, f"finished before it could be killed: {proc.stderr.read()!r}"  # type: ignore[union-attr]
        assert len(workers) >= want, "no worker processes appeared"
        time.sleep(0.5)  # let the workers take a batch each
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stderr.close()  # type: ignore[union-attr]
    return workers


def _wait_gone(pids: list[int]) -> list[int]:
    deadline = time.monotonic() + BOUND_S
    while time.monotonic() < deadline and (alive := [p for p in pids if _alive(p)]):
        time.sleep(0.1)
    survivors = [p for p in pids if _alive(p)]
    for p in survivors:  # never leave strays behind, whatever the assertion says
        os.kill(p, signal.SIGKILL)
    del alive
    return survivors


def _assert_each_row_once(db: Database, rows: int) -> None:
    with db.session() as s:
        ids = list(s.scalars(sa.select(m.Job.external_id)))
        statuses = list(s.scalars(sa.select(m.ImportRun.status)))
    assert len(ids) == rows and set(ids) == {f"K{i}" for i in range(rows)}
    assert statuses == ["done"]


SCRIPT = """
import sys, time
from pathlib import Path
from talentseek.ingest import import_jobs
from talentseek.store.db import Database
db = Database(sys.argv[1])
slow = lambda *a: time.sleep(0.2)  # room to be killed mid-import
import_jobs(db, Path(sys.argv[2]), workers=2, batch_size=100, progress=slow, reject_dir=Path(sys.argv[3]))
"""


def test_workers_die_with_a_killed_import_and_a_rerun_stores_each_row_once(
    tmp_path: Path, home: Path
) -> None:
    url = f"sqlite:///{home / 'faults.db'}"
    src = _write(tmp_path / "jobs.csv", 2000, 200)
    cmd = [sys.executable, "-c", SCRIPT, url, str(src), str(tmp_path)]
    workers = _kill_once_workers_exist(cmd, {**os.environ}, want=2)
    assert _wait_gone(workers) == []
    db = Database(url)
    try:
        with db.session() as s:
            assert s.scalar(sa.select(m.ImportRun.status)) == "running"  # killed: nothing marked it
        rep = import_jobs(db, src, workers=1, batch_size=500, reject_dir=tmp_path)
        assert rep.complete and rep.imported + rep.updated <= 2000
        _assert_each_row_once(db, 2000)
    finally:
        db.dispose()


@pytest.mark.slow
def test_cli_import_of_a_large_file_killed_then_rerun(tmp_path: Path, home: Path) -> None:
    """The command as people run it: a file over 8 MB gets worker processes on its own."""
    src = _write(tmp_path / "big.csv", 6000, 700)
    assert src.stat().st_size > PARALLEL_BYTES
    cmd = [sys.executable, "-c", "from talentseek.cli import main; main()", "import", "jobs", str(src)]
    env = {**os.environ, "TALENTSEEK_HOME": str(home)}
    workers = _kill_once_workers_exist(cmd, env, want=1)
    assert _wait_gone(workers) == []
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    db = Database(f"sqlite:///{home / 'talentseek.db'}")
    try:
        _assert_each_row_once(db, 6000)
    finally:
        db.dispose()
