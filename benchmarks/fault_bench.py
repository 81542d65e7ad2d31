"""kill -9 at random points, then rerun to completion: nothing lost, nothing twice.

Scenarios, each on the CLI exactly as people run it (TALENTSEEK_EMBEDDER=hashing, a fresh home):
- `import jobs` of a generated CSV over 8 MB (so spawned worker processes normalise it);
- `index rebuild` (with vectors), `index embed` (after the vectors folder is removed);
- `train run --preset tiny` with --train (after `generate` and `train data`: a few minutes).

Each command first runs once uninterrupted in a scratch home (the baseline time); then in the bench home
it is started and killed with SIGKILL at uniformly random moments within that time, `--kills` times, and
finally run to completion. The table gives the moments, whether any child process survived its parent
(they must not: ingest.pool), and the counts after the final run: store rows, distinct ids, index
documents (and duplicates), vectors (and ids missing or extra), compared with the uninterrupted run.

    python benchmarks/fault_bench.py --quick          # ~4 minutes on 2 cores (--train: ~8)
    python benchmarks/fault_bench.py --rows 30000 --kills 4 --train

After `import jobs` the vectors are missing by design (a large import leaves them to `index embed`).
Measured 2026-12-02 (2 shared cores, --quick --train: 7,000 postings, 8.5 MB, 2 kills each): every
scenario equal to its uninterrupted run (7,000 rows, 7,000 distinct ids, 7,000 index documents, 0
duplicates, 7,000 vectors after rebuild/embed; tiny training 30 steps with 30 losses), 0 children left.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tables import print_table  # noqa: E402

CLI = [sys.executable, "-c", "from talentseek.cli import main; main()"]
HEADER = ["职位名称", "职位编号", "公司名称", "薪资", "职位描述", "工作地点", "学历", "工作经验"]
TITLES = ["数据分析师", "Java开发工程师", "会计", "销售代表", "产品经理", "客服专员", "前端开发", "行政助理"]
CITIES = ["济南 历下区", "青岛 黄岛区", "上海 浦东新区", "武汉 武昌区", "烟台 芝罘区"]


def write_jobs(path: Path, rows: int, desc_chars: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    words = "负责数据分析与报表，熟悉SQL与Python，良好的沟通能力，有团队合作精神，五险一金，周末双休。"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(rows):
            start = rng.randrange(len(words))
            desc = ((words[start:] + words) * (desc_chars // len(words) + 2))[:desc_chars]
            lo = rng.randint(3, 15)
            edu, exp = rng.choice(["本科", "大专", "不限"]), rng.choice(["1-3年", "3-5年", "不限"])
            title, city = rng.choice(TITLES) + str(i % 50), rng.choice(CITIES)
            w.writerow([title, f"F{i}", f"公司{i % 300}", f"{lo}千-{lo + 3}千", desc, city, edu, exp])
    return path


def env_for(home: Path) -> dict[str, str]:
    return {**os.environ, "TALENTSEEK_HOME": str(home), "TALENTSEEK_EMBEDDER": "hashing"}


def run(args: list[str], home: Path, timeout: float = 3600) -> tuple[int, float, str]:
    t0 = time.perf_counter()
    p = subprocess.run(CLI + args, env=env_for(home), capture_output=True, text=True, timeout=timeout)
    return p.returncode, time.perf_counter() - t0, (p.stderr.strip().splitlines() or [""])[-1]


def _ppid(pid: int) -> int | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return None if fields[0] == "Z" else int(fields[1])


def descendants(root: int) -> set[int]:
    """Every live process below root (Linux /proc)."""
    parents = {int(p.name): _ppid(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()}
    out, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, pp in parents.items() if pp in frontier and pid not in out}
        out |= frontier
    return out


def kill_at(args: list[str], home: Path, at: float) -> tuple[str, int]:
    """Start the command, SIGKILL it (only it) after `at` s; ('killed'|'finished', children that survived)."""
    quiet = subprocess.DEVNULL
    proc = subprocess.Popen(CLI + args, env=env_for(home), stdout=quiet, stderr=quiet)
    deadline, kids = time.monotonic() + at, set()
    while time.monotonic() < deadline and proc.poll() is None:
        kids |= descendants(proc.pid)
        time.sleep(0.05)
    if proc.poll() is not None:
        return "finished", 0
    kids |= descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    until = time.monotonic() + 30
    while time.monotonic() < until and any(_ppid(k) is not None for k in kids):
        time.sleep(0.1)
    survivors = [k for k in kids if _ppid(k) is not None]
    for k in survivors:
        os.kill(k, signal.SIGKILL)
    return "killed", len(survivors)


def counts(home: Path) -> dict[str, Any]:
    """Store, index and vector counts of a home, read through the package's own API."""
    import sqlalchemy as sa

    from talentseek.engine import Engine
    from talentseek.settings import Settings
    from talentseek.store import models as m

    eng = Engine(Settings(home=home, embedder="hashing"))  # the store the commands wrote
    try:
        with eng.db.session() as s:
            ext = list(s.scalars(sa.select(m.Job.external_id)))
            runs = sorted(set(s.scalars(sa.select(m.ImportRun.status))))
        index: Any = eng.search
        part = index.parts["job"]
        ids, docs = part.ids(), part.searcher().num_docs
        vec = index.vectors("job")
        vids = vec.ids() if vec is not None else set()
        store_ids = {int(i) for i in _job_ids(eng)}
        return {
            "store rows": len(ext),
            "distinct ids": len(set(ext)),
            "index docs": docs,
            "index dups": docs - len(ids),
            "index = store": ids == store_ids,
            "vectors": len(vids),
            "vectors missing": len(store_ids - vids),
            "vectors extra": len(vids - store_ids),
            "runs": ",".join(runs),
        }
    finally:
        eng.close()


def _job_ids(eng: Any) -> list[int]:
    import sqlalchemy as sa

    from talentseek.store import models as m

    with eng.db.session() as s:
        return list(s.scalars(sa.select(m.Job.id)))


def scenario(
    name: str, args: list[str], home: Path, base_s: float, kills: int, rng: random.Random,
    before: Any = None,
) -> dict[str, Any]:  # fmt: skip
    """kill -9 at `kills` random moments within the baseline time, then run to completion."""
    moments, survived, outcomes = [], 0, []
    if before:
        before()
    for _ in range(kills):
        at = round(rng.uniform(0.1, 0.9) * base_s, 2)
        outcome, left = kill_at(args, home, at)
        moments.append(f"{at}s{'' if outcome == 'killed' else '(done)'}")
        survived += left
        outcomes.append(outcome)
    rc, secs, last = run(args, home)
    return {
        "scenario": name,
        "baseline s": round(base_s, 1),
        "kill -9 at": " ".join(moments),
        "children left": survived,
        "rerun rc": rc,
        "rerun s": round(secs, 1),
        "last line": last[:50],
    }


def _drop_vectors(home: Path) -> None:
    shutil.rmtree(home / "index" / "vectors", ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="9 MB file, 2 kills per command")
    ap.add_argument("--rows", type=int, default=0, help="postings in the generated file")
    ap.add_argument("--kills", type=int, default=0, help="kill -9 moments per command")
    ap.add_argument("--train", action="store_true", help="also train run --preset tiny (minutes)")
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    rows, kills = a.rows or (7000 if a.quick else 20000), a.kills or (2 if a.quick else 3)
    rng = random.Random(a.seed)
    tmp = Path(tempfile.mkdtemp(prefix="fault_bench_"))
    try:
        src = write_jobs(tmp / "jobs.csv", rows, 450)
        mb = src.stat().st_size / 2**20
        print(f"{rows} postings, {mb:.1f} MB; kill -9 ×{kills} per command", file=sys.stderr)
        ref, home = tmp / "ref", tmp / "home"
        table, results = [], {}
        steps: list[tuple[str, list[str], Any]] = [
            ("import jobs", ["import", "jobs", str(src)], None),
            ("index rebuild", ["index", "rebuild"], None),
            ("index embed", ["index", "embed"], _drop_vectors),
        ]
        for name, args, before in steps:
            if before:
                before(ref)
            rc, base_s, last = run(args, ref)
            assert rc == 0, f"{name} failed uninterrupted: {last}"
            results["ref"] = counts(ref)
            prep = (lambda b=before: b(home)) if before else None
            row = scenario(name, args, home, base_s, kills, rng, prep)
            got = counts(home)
            same = ("store rows", "distinct ids", "index docs", "vectors")
            ok = all(got[k] == results["ref"][k] for k in same)
            ok = ok and got["index dups"] == 0 and got["index = store"] and got["distinct ids"] == rows
            table.append({**row, **got, "same as uninterrupted": "yes" if ok else "NO"})
            print(f"{name}: done", file=sys.stderr, flush=True)
        if a.train:
            table.append(train_scenario(tmp, kills, rng))
        print_table(table)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def train_scenario(tmp: Path, kills: int, rng: random.Random) -> dict[str, Any]:
    """train run --preset tiny killed at random moments: the finished run has each step's loss once."""
    import json

    homes = {k: tmp / f"train-{k}" for k in ("ref", "home")}
    for h in homes.values():
        for args in (["generate", "--jobs", "600", "--candidates", "200", "--seed", "3"], ["train", "data"]):
            rc, _, last = run(args, h)
            assert rc == 0, f"{' '.join(args)}: {last}"
    args = ["train", "run", "--preset", "tiny", "--save-every", "5"]
    rc, base_s, last = run(args, homes["ref"])
    assert rc == 0, last
    row = scenario("train run --preset tiny", args, homes["home"], base_s, kills, rng)
    runs = {k: json.loads((h / "train" / "runs" / "tiny" / "run.json").read_text()) for k, h in homes.items()}
    got, ref = runs["home"], runs["ref"]
    ok = got["step"] == ref["step"] and len(got["losses"]) == got["step"] and got["finished"]
    return {**row, "steps": got["step"], "losses logged": len(got["losses"]),
            "same as uninterrupted": "yes" if ok else "NO"}  # fmt: skip


if __name__ == "__main__":
    main()
