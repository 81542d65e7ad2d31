"""我的简历: a seeker reads, uploads (txt/md/docx/pdf/html, at most 10 MB) and edits their resume.

An upload is checked before anything is written: over 10 MB → TooLarge (413), another type →
UnsupportedType (415), a file no text comes out of → Unprocessable (422); a refused upload changes
nothing. `save=False` parses without saving (the web page's preview to correct) and keeps the
original under an `upload` token that `confirm_upload` saves later with the corrections. Originals
live under HOME/resumes/<sha256>, their row in resume_files. Every save goes through
store.repo.upsert_candidate, which queues the search index update.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentseek import domain
from talentseek.auth.policy import can_view_contact
from talentseek.auth.principal import CurrentUser
from talentseek.domain import Role
from talentseek.errors import Forbidden, InputError, NotFound, TooLarge, Unprocessable, UnsupportedType
from talentseek.ingest.resumes import check_resume
from talentseek.parse.extract import extract_text
from talentseek.parse.resume import parse_resume_text
from talentseek.store import models
from talentseek.store.convert import resume_from_dict, utcnow
from talentseek.store.db import Database
from talentseek.store.repo import upsert_candidate
from talentseek.text.occupation import classify_title
from talentseek.text.region import parse_region
from talentseek.text.salary import parse_salary
from talentseek.text.skills import dictionary, normalize_key
from talentseek.usecases.audit import record_contact_view

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_TYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
}
RESUME_KEYS = (
    "name",
    "gender",
    "birth_year",
    "phone",
    "email",
    "city",
    "intent",
    "education",
    "experience",
    "skills",
    "years_of_experience",
    "highest_education",
    "summary",
)
TOKEN_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class StoredFile:
    """An original resume file to send back: where it is, its name and type."""

    path: Path
    filename: str
    content_type: str


def _seeker(user: CurrentUser) -> None:
    if user.role is not Role.SEEKER or not user.id:
        raise Forbidden("“我的简历”仅限求职者账号使用")


def _own_candidate(s: Session, user: CurrentUser, *, create: bool = False) -> models.Candidate | None:
    """The seeker's candidate record (made empty, outside the talent pool, when `create`)."""
    row = s.scalars(
        sa.select(models.Candidate).where(models.Candidate.user_id == user.id).order_by(models.Candidate.id)
    ).first()
    if row is None and create:
        now = utcnow()
        row = models.Candidate(
            user_id=user.id,
            resume=domain.to_dict(domain.Resume()),
            resume_text="",
            open_to_pool=False,
            created_at=now,
            updated_at=now,
        )
        s.add(row)
        s.flush()
    return row


def _file_dict(f: models.ResumeFile) -> dict[str, Any]:
    return {
        "id": f.id,
        "filename": f.filename,
        "content_type": f.content_type,
        "size_bytes": f.size_bytes,
        "uploaded_at": f.uploaded_at.isoformat(),
    }


def _files(s: Session, candidate_id: int) -> list[models.ResumeFile]:
    q = sa.select(models.ResumeFile).where(models.ResumeFile.candidate_id == candidate_id)
    return list(s.scalars(q.order_by(models.ResumeFile.id.desc())))


def _out(s: Session, cand: models.Candidate | None) -> dict[str, Any]:
    """The contract shape `{"candidate_id", "resume"}` plus pool opt-in and the stored files."""
    if cand is None:
        return {
            "candidate_id": None,
            "resume": domain.to_dict(domain.Resume()),
            "open_to_pool": False,
            "files": [],
            "updated_at": None,
        }
    return {
        "candidate_id": cand.id,
        "resume": dict(cand.resume or domain.to_dict(domain.Resume())),
        "open_to_pool": bool(cand.open_to_pool),
        "files": [_file_dict(f) for f in _files(s, cand.id)],
        "updated_at": cand.updated_at.isoformat() if cand.updated_at else None,
    }


def my_resume(db: Database, user: CurrentUser) -> dict[str, Any]:
    """The seeker's resume: `{"candidate_id", "resume", "open_to_pool", "files", "updated_at"}`."""
    _seeker(user)
    with db.session() as s:
        return _out(s, _own_candidate(s, user))


def _resume_as_text(r: domain.Resume) -> str:
    """Search text for a resume typed in by hand (no uploaded document)."""
    parts: list[str | None] = [r.name, r.city, " ".join(r.intent.titles), " ".join(r.skills), r.summary]
    parts += [f"{e.company or ''} {e.title or ''} {e.description or ''}" for e in r.experience]
    parts += [f"{e.school or ''} {e.degree or ''} {e.major or ''}" for e in r.education]
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _save(
    s: Session,
    cand: models.Candidate,
    resume: domain.Resume,
    text: str | None,
    open_to_pool: bool | None = None,
) -> models.Candidate:
    resume, _ = check_resume(resume)
    has_file = s.scalar(
        sa.select(models.ResumeFile.id).where(models.ResumeFile.candidate_id == cand.id).limit(1)
    )
    if text is None:
        text = cand.resume_text if has_file and cand.resume_text else _resume_as_text(resume)
    title = (resume.intent.titles or tuple(e.title for e in resume.experience if e.title) or ("",))[0]
    occ = classify_title(title) if title else None
    row, _ = upsert_candidate(
        s,
        resume,
        external_id=cand.external_id,
        user_id=cand.user_id,
        open_to_pool=bool(cand.open_to_pool) if open_to_pool is None else open_to_pool,
        resume_text=text,
        region=parse_region(resume.city) if resume.city else None,
        intent_regions=[parse_region(c) for c in resume.intent.cities],
        occupation_code=occ.code if occ else None,
    )
    return row


# ---------------------------------------------------------------- upload


def check_upload(filename: str, size: int) -> str:
    """The file's suffix when it may be uploaded; TooLarge (413) or UnsupportedType (415) otherwise."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in UPLOAD_TYPES:
        raise UnsupportedType(
            f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 txt、md、docx、pdf 或 html 格式的简历"
            "（旧版 .doc 请先另存为 .docx）"
        )
    if size > MAX_UPLOAD_BYTES:
        raise TooLarge(f"文件过大（{size / 1024 / 1024:.1f} MB）：简历附件不能超过 10 MB，请压缩后再上传")
    return suffix


def _read(data: bytes, suffix: str) -> tuple[domain.Resume, str]:
    """(resume, visible text) of an uploaded file; Unprocessable (422) when no text comes out."""
    if not data:
        raise Unprocessable("上传的文件是空的，请重新选择简历文件")
    with tempfile.TemporaryDirectory(prefix="ts-upload-") as tmp:
        path = Path(tmp) / f"resume{suffix}"
        path.write_bytes(data)
        try:
            text = extract_text(path)
        except InputError as err:
            raise Unprocessable(f"无法读取该文件：{err.reason}") from None
        except Exception:  # noqa: BLE001 - a broken document must give a clear 422, never a 500
            raise Unprocessable(
                "文件已损坏或格式不正确，无法读取；请另存为 PDF 或 Word（.docx）后重新上传"
            ) from None
    if not text.strip():
        raise Unprocessable(
            "没有从文件中读出文字（可能是扫描件或图片）：请上传含文字的 PDF/Word，或直接在线填写简历"
        )
    return parse_resume_text(text), text


def _blob(home: Path, sha: str) -> Path:
    return Path(home) / "resumes" / sha


def _keep(home: Path, data: bytes) -> str:
    """Store the bytes under HOME/resumes/<sha256> (written once, atomically); returns the sha."""
    sha = hashlib.sha256(data).hexdigest()
    dest = _blob(home, sha)
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{sha}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(dest)
    return sha


def _attach(
    s: Session, cand: models.Candidate, home: Path, sha: str, filename: str, size: int
) -> models.ResumeFile:
    suffix = Path(filename).suffix.lower()
    row = models.ResumeFile(
        candidate_id=cand.id,
        filename=Path(filename).name[:256] or f"resume{suffix}",
        content_type=UPLOAD_TYPES[suffix],
        size_bytes=size,
        sha256=sha,
        path=str(_blob(home, sha)),
        uploaded_at=utcnow(),
    )
    s.add(row)
    s.flush()
    return row


def upload_resume(
    db: Database,
    user: CurrentUser,
    home: Path,
    filename: str,
    data: bytes,
    *,
    save: bool = True,
    corrections: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Parse an uploaded resume; with `save` store the original and replace the resume with it.

    `save=False`: `{"candidate_id", "resume" (the parse preview), "saved": false, "upload": token}`.
    `corrections` (partial resume JSON) are applied over the parsed resume before saving.
    """
    _seeker(user)
    suffix = check_upload(filename, len(data))
    resume, text = _read(data, suffix)
    sha = _keep(home, data)
    if corrections:
        resume = merge_resume(resume, corrections)
    if not save:
        return {
            "candidate_id": user.candidate_id,
            "resume": domain.to_dict(resume),
            "saved": False,
            "upload": sha,
            "filename": Path(filename).name,
        }
    with db.session() as s:
        cand = _own_candidate(s, user, create=True)
        assert cand is not None
        stored = _attach(s, cand, home, sha, filename, len(data))
        out = _out(s, _save(s, cand, resume, text))
        return {**out, "saved": True, "file": _file_dict(stored)}


def confirm_upload(
    db: Database,
    user: CurrentUser,
    home: Path,
    upload: str,
    filename: str,
    corrections: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Save a previewed upload (the token `upload_resume(save=False)` gave) with the seeker's corrections."""
    _seeker(user)
    if not TOKEN_RE.match(upload or "") or not _blob(home, upload).is_file():
        raise NotFound("上传的文件已失效，请重新上传简历")
    data = _blob(home, upload).read_bytes()
    return upload_resume(db, user, home, filename, data, save=True, corrections=corrections)


# ---------------------------------------------------------------- edit


def _clean_skills(skills: Any) -> list[str]:
    spellings = dictionary().spellings
    out: list[str] = []
    for raw in skills or []:
        name = str(raw).strip()[:64]
        if name:
            out.append(spellings.get(normalize_key(name)) or name)
    return list(dict.fromkeys(out))[:100]


def _merge_intent(old: dict[str, Any], new: Any) -> dict[str, Any]:
    if not isinstance(new, dict):
        raise Unprocessable('intent 应为对象：{"cities", "titles", "salary", "job_type"}', field="intent")
    intent = {**old, **{k: v for k, v in new.items() if k in ("cities", "titles", "salary", "job_type")}}
    if isinstance(intent.get("salary"), str):  # a form may send 1.5万-2万 as typed
        intent["salary"] = domain.to_dict(parse_salary(intent["salary"]))
    elif isinstance(intent.get("salary"), dict) and intent["salary"].get("valid") is None:
        sal = intent["salary"]
        sal["valid"] = (
            bool(sal.get("negotiable")) or sal.get("low") is not None or sal.get("high") is not None
        )
    cities = [
        parse_region(str(c)).city or str(c).strip() for c in intent.get("cities") or [] if str(c).strip()
    ]
    intent["cities"] = list(dict.fromkeys(cities))[:20]
    intent["titles"] = [str(t).strip()[:64] for t in intent.get("titles") or [] if str(t).strip()][:20]
    return intent


def merge_resume(base: domain.Resume, fields: dict[str, Any]) -> domain.Resume:
    """`base` with the given top-level fields replaced (`intent` merged key by key), normalised."""
    unknown = set(fields) - set(RESUME_KEYS)
    if unknown:
        raise Unprocessable(f"未知的简历字段：{'、'.join(sorted(unknown))}；可改：{'、'.join(RESUME_KEYS)}")
    data = domain.to_dict(base)
    for key, value in fields.items():
        data[key] = _merge_intent(data.get("intent") or {}, value) if key == "intent" else value
    if fields.get("city"):
        data["city"] = parse_region(str(fields["city"])).city or str(fields["city"]).strip()
    if "skills" in fields:
        data["skills"] = _clean_skills(fields["skills"])
    try:
        return resume_from_dict(data)
    except (TypeError, ValueError, AttributeError) as err:
        raise Unprocessable(f"简历字段格式有误：{err}") from None


def patch_resume(db: Database, user: CurrentUser, fields: dict[str, Any]) -> dict[str, Any]:
    """Merge a partial resume JSON into the seeker's resume (`open_to_pool` also accepted); same shape as
    `my_resume`. The search index follows through the index queue."""
    _seeker(user)
    fields = dict(fields)
    pool = fields.pop("open_to_pool", None)
    with db.session() as s:
        cand = _own_candidate(s, user, create=True)
        assert cand is not None
        resume = merge_resume(resume_from_dict(cand.resume or {}), fields)
        return _out(s, _save(s, cand, resume, None, None if pool is None else bool(pool)))


# ---------------------------------------------------------------- download


def resume_file(
    db: Database, user: CurrentUser, *, candidate_id: int | None = None, file_id: int | None = None
) -> StoredFile:
    """The stored original (newest, or `file_id`): the seeker's own, or a candidate's for whoever may
    see their contact details (auth.policy; logged in the contact-view audit)."""
    with db.session() as s:
        if candidate_id is None:
            _seeker(user)
            cand = _own_candidate(s, user)
            candidate_id = cand.id if cand else None
        elif not can_view_contact(s, user, candidate_id):
            raise Forbidden("只有候选人投递过的公司的招聘方和运营可以下载其简历附件")
        else:
            record_contact_view(s, user, candidate_id, "resume-download")
        files = _files(s, candidate_id) if candidate_id is not None else []
        if file_id is not None:
            files = [f for f in files if f.id == file_id]
        if not files or not Path(files[0].path).is_file():
            raise NotFound("还没有上传过简历附件（或文件已被清理）；请在“我的简历”上传")
        f = files[0]
        return StoredFile(Path(f.path), f.filename, f.content_type)
