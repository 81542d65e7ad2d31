"""`import_resumes`: resume documents (a file or a folder) or a JSONL of resume JSON → candidates.

Identity: hashed phone, else hashed e-mail, else the file's content hash; re-import updates.
Impossible values (birth year 1800, an end date before its start) are nulled with a warning.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

import talentseek.ingest.fields as F
from talentseek import domain
from talentseek.errors import InputError, TalentSeekError
from talentseek.ingest.jobs import default_reject_dir
from talentseek.ingest.normalize import clean
from talentseek.ingest.report import ImportReport, ProgressFn, RejectWriter
from talentseek.ingest.resume_values import typed
from talentseek.parse.extract import extract_text
from talentseek.parse.resume import parse_resume_text
from talentseek.store.convert import resume_from_dict, utcnow
from talentseek.store.db import Database
from talentseek.store.repo import candidate_identity, upsert_candidate

RESUME_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")
# picked up in a folder so that each gets its clear reason (needs OCR, old format) in the reject file
REFUSED_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".doc", ".wps", ".rtf")
Warnings = list[tuple[str, str]]


def resume_files(path: Path) -> list[Path]:
    """The resume documents under a folder (recursive, sorted) or the single file given."""
    if path.is_dir():
        wanted = RESUME_SUFFIXES + REFUSED_SUFFIXES
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in wanted)
    if path.is_file():
        return [path]
    raise InputError("路径不存在", file=str(path))


def _ym(d: str | None) -> str | None:
    return d[:7] if d else None


def _fix_entries(entries: tuple[Any, ...], label: str, warns: Warnings) -> tuple[Any, ...]:
    """Entries whose end precedes their start lose both dates (null = unknown, never guessed)."""
    out = []
    for e in entries:
        s, t = _ym(e.start), _ym(e.end)
        if s and t and t < s[: len(t)]:
            warns.append((label, f"{e.start} 至 {e.end}：结束早于开始，已清空这段经历的日期"))
            e = dataclasses.replace(e, start=None, end=None)
        out.append(e)
    return tuple(out)


def check_resume(r: domain.Resume) -> tuple[domain.Resume, Warnings]:
    """Null impossible values: birth year outside 1940..(now-14), years of experience outside 0..60."""
    warns: Warnings = []
    r = typed(r, warns)
    year = utcnow().year
    birth = r.birth_year
    if birth is not None and not 1940 <= birth <= year - 14:
        warns.append(("birth_year", f"出生年份 {birth} 不合理，已置空"))
        birth = None
    yoe = r.years_of_experience
    if yoe is not None and not 0 <= yoe <= 60:
        warns.append(("years_of_experience", f"工作年限 {yoe} 不合理，已置空"))
        yoe = None
    edu = _fix_entries(r.education, "education", warns)
    work = _fix_entries(r.experience, "experience", warns)
    return dataclasses.replace(
        r, birth_year=birth, years_of_experience=yoe, education=edu, experience=work
    ), warns


def _parse_file(p: Path) -> tuple[domain.Resume, str]:
    """(resume, visible text): the text is extracted once and kept for search."""
    text = extract_text(p)
    return parse_resume_text(text), text


def _items(path: Path) -> Iterator[tuple[int, str, Any]]:
    """(row, label, resume-or-error) for a JSONL of resume JSON or for each document."""
    if path.is_file() and path.suffix.lower() == ".jsonl":
        with path.open("rb") as f:  # decoded per line: one line in another encoding is one reject
            for n, line in enumerate(f, start=1):
                if line.strip():
                    yield n, f"{path.name}:{n}", line.removeprefix(codecs.BOM_UTF8) if n == 1 else line
        return
    files = resume_files(path)
    if not files:
        raise InputError(f"没有找到简历文件（{'/'.join(RESUME_SUFFIXES)}）", file=str(path))
    for n, p in enumerate(files, start=1):
        yield n, str(p), p


def _load(item: Any) -> tuple[domain.Resume, str, str | None]:
    """(resume, text, identity fallback) from a JSONL line or a document path."""
    if isinstance(item, bytes):
        try:
            d = json.loads(item.decode("utf-8"))
        except UnicodeDecodeError:
            raise InputError("这一行不是 UTF-8 文本：请把文件另存为 UTF-8 后重试") from None
        except json.JSONDecodeError as err:
            raise InputError(f"JSON 格式错误（{err.msg}）") from None
        except (ValueError, RecursionError):
            raise InputError("JSON 无法读取：数字过长或嵌套过深") from None
        if not isinstance(d, dict):
            raise InputError("这一行不是 JSON 对象")
        ext = clean(str(d.get("external_id") or ""))
        return resume_from_dict(d), clean(str(d.get("resume_text") or "")), ext[:128] or None
    resume, text = _parse_file(item)
    return resume, text, "f:" + hashlib.sha1(item.read_bytes()).hexdigest()


def _save(db: Database, resume: domain.Resume, text: str, fallback: str | None) -> tuple[int, bool]:
    """(candidate id, created)."""
    ext = candidate_identity(resume, fallback)
    region = F.region(resume.city) if resume.city else None
    intents = [F.region(c) for c in resume.intent.cities]
    title = (resume.intent.titles or tuple(e.title for e in resume.experience if e.title) or ("",))[0]
    occ = F.occupation(title[:256]) if title else None  # a title, not a page: classify_title is O(n²)
    with db.session() as s:
        row, created = upsert_candidate(
            s,
            resume,
            external_id=ext,
            resume_text=clean(text),
            region=region,
            intent_regions=intents,
            occupation_code=occ.code if occ else None,
        )
        cid = row.id
    return cid, created


def _reject(rep: ImportReport, rejects: RejectWriter, n: int, label: str, why: str) -> None:
    rejects.write(n, "拒绝", label, why, None)
    rep.rejected += 1
    key = why.split("：", 1)[0][:60]
    rep.reasons[key] = rep.reasons.get(key, 0) + 1


def _one(db: Database, rep: ImportReport, rejects: RejectWriter, n: int, label: str, item: Any) -> None:
    """Load, check and save one resume; whatever is wrong with it rejects it alone."""
    try:
        resume, text, fallback = _load(item)
        resume, warns = check_resume(resume)
        for fld, why in warns:
            rejects.write(n, "警告", fld, f"{label}: {why}", None)
        rep.warnings += len(warns)
        cid, created = _save(db, resume, text, fallback)
    except TalentSeekError as err:  # image-only, encrypted, zip bomb, bad JSON ...
        _reject(rep, rejects, n, label, str(err))
        return
    except sa.exc.OperationalError:  # the database itself: no later resume would fare better
        raise
    except Exception as err:  # noqa: BLE001 - one broken file must not stop a folder import
        what = "保存" if isinstance(err, sa.exc.SQLAlchemyError) else "解析"
        why = f"{what}失败（{type(err).__name__}）：请检查文件内容，或转存为 .txt 后重试"
        _reject(rep, rejects, n, label, why)
        return
    rep.note_written("candidate", cid)
    if created:
        rep.imported += 1
    else:
        rep.updated += 1


def import_resumes(
    db: Database, path: Path, *, progress: ProgressFn | None = None, reject_dir: Path | None = None
) -> ImportReport:
    """Import resumes; each file is its own transaction, a bad file is rejected with its reason."""
    path = Path(path)
    rep = ImportReport()
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    rejects = RejectWriter((reject_dir or default_reject_dir()) / f"{path.stem}.resumes.{stamp}.rejects.csv")
    try:
        for n, label, item in _items(path):
            rep.rows += 1
            _one(db, rep, rejects, n, label, item)
            if progress:
                progress(rep.rows, 0, 0)
    finally:
        rejects.close()
    rep.reject_file = rejects.path if rejects.written else None
    return rep
