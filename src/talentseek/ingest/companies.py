"""`import_companies`: company master data (name, size, industry, ...) from CSV/XLSX/JSONL.

Identity: the source's company id where present, else the exact name. Re-import updates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

import talentseek.ingest.fields as F
from talentseek.errors import InputError
from talentseek.ingest.jobs import reject_path
from talentseek.ingest.mapping import (
    DEFAULT_ALIASES,
    Mapping,
    check_required,
    default_mapping,
    extract,
    load_mapping,
)
from talentseek.ingest.normalize import text
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
from talentseek.store import models as m
from talentseek.store.db import Database
from talentseek.store.repo import utcnow

COMPANY_FIELDS = (
    "company",
    "company_external_id",
    "company_size",
    "industry",
    "funding",
    "ownership",
    "founded_year",
    "region",
    "city",
    "url",
)
_ALIASES = {
    **DEFAULT_ALIASES,
    "company": (*DEFAULT_ALIASES["company"], "name", "名称"),
    "company_external_id": ("company_external_id", "company_id", "企业编号", "公司编号"),
}


def _mapping(header: list[str]) -> Mapping:
    return default_mapping(header, fields=COMPANY_FIELDS, aliases=_ALIASES, required=("company",))


Warnings = list[tuple[str, str]]


def _values(vals: dict[str, Any]) -> tuple[dict[str, Any], Warnings]:
    warns: Warnings = []
    out: dict[str, Any] = {"name": text(vals.get("company"))[:256]}
    out["external_id"] = text(vals.get("company_external_id"))[:128] or None
    if vals.get("company_size"):
        out["size"] = F.company_size(text(vals["company_size"]))
    for k in ("industry", "funding", "ownership"):
        if vals.get(k):
            out[k] = text(vals[k])[:64]
    place = text(vals.get("region") or vals.get("city"))
    if place:
        reg = F.region(place)
        out["province"], out["city"] = reg.province, reg.city
    if vals.get("founded_year"):
        y = F.parse_int(text(vals["founded_year"]))
        if y is not None and 1800 < y <= utcnow().year:
            out["founded_year"] = y
        else:
            warns.append(("founded_year", f"成立年份“{text(vals['founded_year'])}”不合理，已置空"))
    return out, warns


def _upsert(s: Session, vals: dict[str, Any]) -> bool:
    q = sa.select(m.Company)
    q = (
        q.where(m.Company.external_id == vals["external_id"])
        if vals["external_id"]
        else q.where(m.Company.name == vals["name"])
    )
    row = s.scalars(q.order_by(m.Company.id)).first()
    if row is None:
        s.add(m.Company(created_at=utcnow(), **vals))
        s.flush()
        return True
    for k, v in vals.items():
        if v is not None:
            setattr(row, k, v)
    return False


def import_companies(
    db: Database,
    path: Path,
    *,
    mapping: Path | None = None,
    progress: ProgressFn | None = None,
    batch_size: int = 1000,
    reject_dir: Path | None = None,
) -> ImportReport:
    """Import companies; a row without a company name is rejected."""
    path = Path(path)
    src = open_rows(path)
    try:
        return _import(db, path, src, mapping, progress, batch_size, reject_dir)
    finally:
        src.close()


def _import(
    db: Database,
    path: Path,
    src: RowSource,
    mapping: Path | None,
    progress: ProgressFn | None,
    batch_size: int,
    reject_dir: Path | None,
) -> ImportReport:
    mp = (
        load_mapping(mapping, fields=COMPANY_FIELDS, required=("company",))
        if mapping
        else _mapping(src.header)
    )
    if src.fmt != "jsonl":
        check_required(Mapping(mp.columns, mp.constants, mp.source, ("company",)), src.header, path)
    key = source_key(path, b"companies", Path(mapping).read_bytes() if mapping else b"")
    run_id, rep = start_run(db, "companies", path, key)
    rejects = RejectWriter(reject_path(reject_dir, path, key), append=rep.resumed_from > 0)
    try:
        _batches(db, src, mp, rep, rejects, run_id, progress, batch_size)
    except InputError as err:  # the file turned bad part-way: keep committed batches, say where
        rep.errors.append(str(err))
        rep.complete = False
    except Exception as err:  # noqa: BLE001 - a bug or a lost database: the run is marked failed, resumable
        rep.errors.append(interrupted(rep, err))
        rep.complete = False
    finally:
        if not rep.complete:
            rejects.write(rep.resumed_from + rep.rows, "错误", "", rep.errors[-1], None)
        rejects.close()
    finish_run(db, run_id, rep.complete)
    rep.reject_file = rejects.path if rejects.written else None
    return rep


def _batches(
    db: Database,
    src: RowSource,
    mp: Mapping,
    rep: ImportReport,
    rejects: RejectWriter,
    run_id: int,
    progress: ProgressFn | None,
    batch_size: int,
) -> None:
    """Commit rows in batches with the run's progress, skipping the records a killed run committed."""
    batch: list[tuple[int, dict[str, Any]]] = []
    seen = 0
    for n, raw in src.rows:
        seen += 1
        if seen <= rep.resumed_from:
            continue
        batch.append((n, raw))
        if len(batch) >= batch_size:
            _commit(db, batch, mp, rep, rejects, run_id)
            batch = []
            if progress:
                progress(rep.rows, src.bytes_read, src.size)
    if batch:
        _commit(db, batch, mp, rep, rejects, run_id)


def _row(n: int, raw: dict[str, Any], mp: Mapping) -> tuple[dict[str, Any] | None, Warnings, str]:
    """(values or None when rejected, warnings, reject reason) for one row; never raises."""
    if "__error__" in raw:
        return None, [], str(raw["__error__"])
    try:
        the_map = mp if mp.columns else _mapping(list(raw))
        vals, warns = _values(extract(the_map, the_map.fields_of(list(raw)), raw))
    except Exception as err:  # noqa: BLE001 - a bug on one hostile row: reject it alone
        return None, [], f"无法解析这一行（{type(err).__name__}）"
    return (vals, warns, "") if vals["name"] else (None, warns, "缺少公司名称")


def _commit(
    db: Database,
    batch: list[tuple[int, dict[str, Any]]],
    mp: Mapping,
    rep: ImportReport,
    rejects: RejectWriter,
    run_id: int,
) -> None:
    notes: list[tuple[int, str, str, str, dict[str, Any] | None]] = []
    imported = updated = rejected = warnings = 0
    with db.session() as s:
        for n, raw in batch:
            vals, warns, why = _row(n, raw, mp)
            if vals is None:
                notes.append((n, "拒绝", "company", why, raw))
                rejected += 1
                continue
            notes.extend((n, "警告", fld, w, None) for fld, w in warns)
            warnings += len(warns)
            if _upsert(s, vals):
                imported += 1
            else:
                updated += 1
        save_progress(s, run_id, rep.resumed_from + rep.rows + len(batch), rep, (imported, updated, rejected))
    add_counts(rep, (imported, updated, rejected))  # only after the commit, as for jobs
    rep.rows += len(batch)
    rep.warnings += warnings
    for note in notes:
        rejects.write(*note)
