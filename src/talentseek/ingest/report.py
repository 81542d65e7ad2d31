"""Import bookkeeping: the report, the reject file and the resumable ImportRun row."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa

from talentseek.store import models as m
from talentseek.store.db import Database
from talentseek.store.repo import utcnow

WRITTEN_CAP = 10_000
Counts = tuple[int, int, int]
"""(imported, updated, rejected) of one batch."""
ProgressFn = Callable[[int, int, int], None]
"""progress(rows_done, bytes_done, bytes_total); bytes_total may be 0 when unknown."""


@dataclass
class ImportReport:
    """What an import did. `complete` is False when a fatal error stopped it part-way."""

    imported: int = 0
    updated: int = 0
    rejected: int = 0
    reject_file: Path | None = None
    errors: list[str] = field(default_factory=list)
    warnings: int = 0
    rows: int = 0
    resumed_from: int = 0
    complete: bool = True
    reasons: dict[str, int] = field(default_factory=dict)
    written: dict[str, list[int]] = field(default_factory=dict)
    """Ids this import wrote, per kind (job, candidate), up to WRITTEN_CAP each: what a small import
    indexes and embeds itself; the rest belongs to the background worker or `index embed`."""

    def note_written(self, kind: str, *ids: int) -> None:
        have = self.written.setdefault(kind, [])
        have.extend(ids[: max(0, WRITTEN_CAP - len(have))])

    @property
    def failed(self) -> bool:
        """Non-zero exit: stopped part-way, or nothing imported while there were errors."""
        nothing = self.imported + self.updated == 0
        return not self.complete or (nothing and bool(self.errors or self.rejected))

    def summary(self) -> str:
        return f"imported {self.imported}, updated {self.updated}, rejected {self.rejected}"


class RejectWriter:
    """CSV of rejected rows and warnings: 行号, 类型, 字段, 原因, 原始数据 (JSON). Opened lazily."""

    HEADER = ("行号", "类型", "字段", "原因", "原始数据")

    def __init__(self, path: Path, *, append: bool = False) -> None:
        self.path, self.append = path, append
        self._f: IO[str] | None = None
        self._w: Any = None
        self.written = False

    def _writer(self) -> Any:
        if self._w is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fresh = not (self.append and self.path.exists())
            self._f = self.path.open(
                "w" if fresh else "a", encoding="utf-8-sig" if fresh else "utf-8", newline=""
            )
            self._w = csv.writer(self._f)
            if fresh:
                self._w.writerow(self.HEADER)
        return self._w

    def write(self, row: int, kind: str, fld: str, reason: str, raw: dict[str, Any] | None) -> None:
        original = json.dumps(raw, ensure_ascii=False, default=str)[:4000] if raw is not None else ""
        self._writer().writerow((row, kind, fld, reason, original))
        self.written = True

    def close(self) -> None:
        if self._f is not None:
            self._f.close()


def source_key(path: Path, *salt: bytes) -> str:
    """sha1 of the first MB, the size and any salt (e.g. the mapping): identifies a run to resume."""
    h = hashlib.sha1()
    with path.open("rb") as f:
        h.update(f.read(1 << 20))
    h.update(str(path.stat().st_size).encode())
    for s in salt:
        h.update(s)
    return h.hexdigest()


def start_run(db: Database, kind: str, path: Path, key: str) -> tuple[int, ImportReport]:
    """The ImportRun row for this source: resumed if it was left `running` (killed) or `failed` (stopped by
    an error), else reset; (id, report so far)."""
    with db.session() as s:
        run = s.scalars(
            sa.select(m.ImportRun).where(m.ImportRun.kind == kind, m.ImportRun.source_sha1 == key)
        ).first()
        if run is not None and run.status in ("running", "failed") and run.rows_done > 0:
            rep = ImportReport(
                imported=run.imported, updated=run.updated, rejected=run.rejected, resumed_from=run.rows_done
            )
            return run.id, rep
        if run is None:
            run = m.ImportRun(kind=kind, source_sha1=key, source_path=str(path)[:1024])
            s.add(run)
        run.rows_done = run.imported = run.updated = run.rejected = 0
        run.status, run.started_at, run.finished_at = "running", utcnow(), None
        s.flush()
        return run.id, ImportReport()


def save_progress(session: Any, run_id: int, rows_done: int, rep: ImportReport, batch: Counts) -> None:
    """Record a batch inside its own transaction, so a rerun skips exactly those rows; the report's
    counts grow by `batch` only once the caller's transaction has committed (`add_counts`)."""
    session.execute(
        sa.update(m.ImportRun)
        .where(m.ImportRun.id == run_id)
        .values(
            rows_done=rows_done,
            imported=rep.imported + batch[0],
            updated=rep.updated + batch[1],
            rejected=rep.rejected + batch[2],
        )
    )


def add_counts(rep: ImportReport, batch: Counts) -> None:
    rep.imported += batch[0]
    rep.updated += batch[1]
    rep.rejected += batch[2]


def interrupted(rep: ImportReport, err: BaseException) -> str:
    """The report line of a run stopped by an unexpected error: where, why, and what to do next."""
    return (
        f"导入在第 {rep.resumed_from + rep.rows} 条记录之后中断（{type(err).__name__}: {str(err)[:200]}）；"
        "已提交的记录保留，问题解决后重新运行同一命令会从中断处继续"
    )


def finish_run(db: Database, run_id: int, complete: bool) -> None:
    """`done`, or `failed` when an error stopped the run part-way (the reason is in the report and the
    reject file); either way no run stays `running` unless its process was killed."""
    with db.session() as s:
        s.execute(
            sa.update(m.ImportRun)
            .where(m.ImportRun.id == run_id)
            .values(status="done" if complete else "failed", finished_at=utcnow())
        )
