"""`import_jobs`: stream a postings file into the store in per-batch transactions, resumably."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentseek.errors import InputError
from talentseek.ingest.mapping import Mapping, check_required, default_mapping, extract, load_mapping
from talentseek.ingest.normalize import RowRejected, build_job
from talentseek.ingest.pool import worker_pool
from talentseek.ingest.readers import RowSource, open_rows
from talentseek.ingest.report import (
    ImportReport,
    ProgressFn,
    RejectWriter,
    add_counts,
    finish_run,
    interrupted,
    save_progress,
    source_key,
    start_run,
)
from talentseek.store.db import Database
from talentseek.store.repo import JobRecord, upsert_jobs

Row = tuple[int, dict[str, Any]]
PARALLEL_BYTES = 8 << 20  # below this, starting worker processes costs more than it saves


def default_reject_dir() -> Path:
    from talentseek.settings import Settings

    return Settings().home / "imports"


def reject_path(reject_dir: Path | None, path: Path, key: str) -> Path:
    return (reject_dir or default_reject_dir()) / f"{path.stem}.{key[:8]}.rejects.csv"


@dataclass
class _Columns:
    """Which fields each header feeds; for JSONL the keys differ per row, so this caches per key set."""

    mapping: Mapping | None
    cache: dict[tuple[str, ...], tuple[Mapping, dict[str, list[str]]]] = field(default_factory=dict)

    def for_row(self, raw: dict[str, Any]) -> tuple[Mapping, dict[str, list[str]]]:
        keys = tuple(raw)
        got = self.cache.get(keys)
        if got is None:
            mp = self.mapping or default_mapping(list(keys))
            got = self.cache[keys] = (mp, mp.fields_of(list(keys)))
        return got


def _batches(rows: Iterator[Row], skip: int, size: int) -> Iterator[tuple[int, list[Row]]]:
    """(records read so far, batch) after skipping `skip` records already committed."""
    done, batch = 0, []
    for row in rows:
        done += 1
        if done <= skip:
            continue
        batch.append(row)
        if len(batch) >= size:
            yield done, batch
            batch = []
    if batch:
        yield done, batch


@dataclass
class _Batch:
    records: list[JobRecord] = field(default_factory=list)
    notes: list[tuple[int, str, str, str, dict[str, Any] | None]] = field(default_factory=list)
    rejected: int = 0
    warnings: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


def _prepare(batch: list[Row], cols: _Columns) -> _Batch:
    """Rows → normalised records and notes; pure, so it can run in a worker process."""
    out = _Batch()
    for n, raw in batch:
        if "__error__" in raw:
            out.notes.append((n, "拒绝", "", raw["__error__"], None))
            out.rejected += 1
            continue
        try:
            mp, fields_of = cols.for_row(raw)
            vals = extract(mp, fields_of, raw)
            unmapped = {k: v for k, v in raw.items() if k not in mp.columns}
            rec, warns = build_job(vals, source=mp.source, unmapped=unmapped)
        except Exception as err:  # noqa: BLE001 - RowRejected, or a bug on one hostile row: reject it alone
            why = str(err) if isinstance(err, RowRejected) else f"无法解析这一行（{type(err).__name__}）"
            out.notes.append((n, "拒绝", "", why, raw))
            out.rejected += 1
            out.reasons[why] = out.reasons.get(why, 0) + 1
            continue
        out.records.append(rec)
        for fld, why in warns:
            out.notes.append((n, "警告", fld, why, None))
            out.warnings += 1
    return out


def import_jobs(
    db: Database,
    path: Path,
    *,
    mapping: Path | None = None,
    progress: ProgressFn | None = None,
    batch_size: int = 1000,
    reject_dir: Path | None = None,
    workers: int = 0,
) -> ImportReport:
    """Import postings (CSV/XLSX/JSONL); raises InputError before any write when the file is unusable.

    `workers`: processes normalising rows (0 = one for files under 8 MB, else up to 2).
    """
    path = Path(path)
    mp = load_mapping(mapping) if mapping else None
    src = open_rows(path)
    try:
        if src.fmt != "jsonl":
            mp = mp or default_mapping(src.header)
            check_required(mp, src.header, path)
        key = source_key(path, b"jobs", Path(mapping).read_bytes() if mapping else b"")
        run_id, rep = start_run(db, "jobs", path, key)
        rejects = RejectWriter(reject_path(reject_dir, path, key), append=rep.resumed_from > 0)
        try:
            n = workers or (1 if src.size < PARALLEL_BYTES else min(2, os.cpu_count() or 1))
            _run(db, src, _Columns(mp), rep, rejects, run_id, progress, batch_size, n)
            if not rep.complete:
                rejects.write(rep.resumed_from + rep.rows, "错误", "", rep.errors[-1], None)
        finally:
            rejects.close()
    finally:
        src.close()
    finish_run(db, run_id, rep.complete)
    if rejects.written or (rep.resumed_from and rejects.path.exists()):
        rep.reject_file = rejects.path
    if rep.rows == 0 and rep.resumed_from == 0 and rep.complete:
        rep.errors.append(f"文件 {path} 没有数据行（只有表头或全是空行）")
    return rep


def _run(
    db: Database,
    src: RowSource,
    cols: _Columns,
    rep: ImportReport,
    rejects: RejectWriter,
    run_id: int,
    progress: ProgressFn | None,
    batch_size: int,
    workers: int,
) -> None:
    try:
        batches = _batches(src.rows, rep.resumed_from, batch_size)
        for done, size, prepared in _prepared(batches, cols, workers):
            _commit_batch(db, size, prepared, rep, rejects, run_id, done)
            if progress:
                progress(done, src.bytes_read, src.size)
    except InputError as err:  # the file turned bad part-way: keep committed batches, say where
        rep.errors.append(str(err))
        rep.complete = False
    except Exception as err:  # noqa: BLE001 - a bug or a lost database: the run is marked failed, resumable
        rep.errors.append(interrupted(rep, err))
        rep.complete = False


def _prepared(
    batches: Iterator[tuple[int, list[Row]]], cols: _Columns, workers: int
) -> Iterator[tuple[int, int, _Batch]]:
    """(records read, batch size, prepared batch) in file order; normalised in worker processes if asked.

    At most 2 batches per worker are in flight, so memory stays flat however large the file is.
    Workers are spawned and die with this process (ingest.pool).
    """
    if workers <= 1:
        for done, batch in batches:
            yield done, len(batch), _prepare(batch, cols)
        return
    with worker_pool(workers) as ex:
        pending: deque[tuple[int, int, Future[_Batch]]] = deque()
        for done, batch in batches:
            pending.append((done, len(batch), ex.submit(_prepare, batch, cols)))
            if len(pending) >= 2 * workers:
                d, n, fut = pending.popleft()
                yield d, n, fut.result()
        while pending:
            d, n, fut = pending.popleft()
            yield d, n, fut.result()


def _commit_batch(
    db: Database,
    size: int,
    prepared: _Batch,
    rep: ImportReport,
    rejects: RejectWriter,
    run_id: int,
    done: int,
) -> None:
    with db.session() as s:
        results = upsert_jobs(s, prepared.records)
        created = sum(1 for _, c in results if c)
        counts = (created, len(results) - created, prepared.rejected)
        save_progress(s, run_id, done, rep, counts)
    # counted and written only after the commit: a crash mid-batch leaves nothing for uncommitted rows
    add_counts(rep, counts)
    rep.note_written("job", *(i for i, _ in results))
    for reason, k in prepared.reasons.items():
        rep.reasons[reason] = rep.reasons.get(reason, 0) + k
    for note in prepared.notes:
        rejects.write(*note)
    rep.warnings += prepared.warnings
    rep.rows += size
