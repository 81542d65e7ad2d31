"""SQLAlchemy 2 models. One schema for SQLite and PostgreSQL; change it only through Alembic.

Normalised columns (salary_month_low, education_rank, ...) are stored beside the raw ones so that
filters and statistics aggregate in the database instead of Python loops.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


# Covering indexes for the labour-market statistics (migration 0003): reports read these columns only.
REPORT_COLUMNS = (
    "posted_at",
    "city",
    "district",
    "occupation_code",
    "occupation_name",
    "education",
    "exp_min",
    "company_id",
    "salary_period",
    "salary_low",
    "salary_high",
    "salary_months",
)


class Company(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(128), unique=True)
    name: Mapped[str] = mapped_column(String(256), index=True)
    size: Mapped[str | None] = mapped_column(String(32))  # normalised bucket, e.g. "100-499人"
    industry: Mapped[str | None] = mapped_column(String(128))
    ownership: Mapped[str | None] = mapped_column(String(64))  # 民营/国企/外资...
    funding: Mapped[str | None] = mapped_column(String(64))  # 融资阶段
    founded_year: Mapped[int | None] = mapped_column(Integer)
    province: Mapped[str | None] = mapped_column(String(32))
    city: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow)

    jobs: Mapped[list[Job]] = relationship(back_populates="company")


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_city_status", "city", "status"),
        Index("ix_jobs_province_posted", "province", "posted_at"),
        Index("ix_jobs_occupation_city", "occupation_code", "city"),
        Index("ix_jobs_report_province", "province", *REPORT_COLUMNS),
        Index("ix_jobs_report_city", "city", *[c for c in REPORT_COLUMNS if c != "city"]),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # identity: external id where the source has one, else sha1(company|title|description)
    external_id: Mapped[str] = mapped_column(String(128), unique=True)
    source: Mapped[str | None] = mapped_column(String(64))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    title: Mapped[str] = mapped_column(String(256))
    description: Mapped[str] = mapped_column(Text, default="")
    province: Mapped[str | None] = mapped_column(String(32))
    city: Mapped[str | None] = mapped_column(String(32))
    district: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(256))
    salary_text: Mapped[str | None] = mapped_column(String(64))
    salary_low: Mapped[float | None] = mapped_column(Float)
    salary_high: Mapped[float | None] = mapped_column(Float)
    salary_period: Mapped[str | None] = mapped_column(String(8))
    salary_months: Mapped[int | None] = mapped_column(Integer)
    salary_negotiable: Mapped[bool] = mapped_column(Boolean, default=False)
    salary_month_low: Mapped[float | None] = mapped_column(Float)  # yuan/month, 12-month basis
    salary_month_high: Mapped[float | None] = mapped_column(Float)
    exp_min: Mapped[float | None] = mapped_column(Float)
    exp_max: Mapped[float | None] = mapped_column(Float)
    fresh_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    education: Mapped[str | None] = mapped_column(String(16))
    education_rank: Mapped[int | None] = mapped_column(Integer)  # index in domain.EDUCATION_LEVELS
    job_type: Mapped[str | None] = mapped_column(String(16))  # 全职/兼职/实习/校招
    occupation_code: Mapped[str | None] = mapped_column(String(16))
    occupation_name: Mapped[str | None] = mapped_column(String(128))
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    required_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    benefits: Mapped[list[str]] = mapped_column(JSON, default=list)
    headcount: Mapped[int | None] = mapped_column(Integer)
    posted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="open")
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # unmapped source fields
    # posting compliance check (text.compliance) on every post and edit: findings and their review
    moderation: Mapped[str] = mapped_column(String(16), default="none", server_default="none", index=True)
    compliance: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)  # none|flagged|approved|rejected

    company: Mapped[Company | None] = relationship(back_populates="jobs")


class JobSkill(Base):
    """One row per (job, canonical skill): lets skill trends aggregate in SQL."""

    __tablename__ = "job_skills"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    skill: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class Candidate(Base):
    __tablename__ = "candidates"
    __table_args__ = (
        Index(
            "ix_candidates_report",
            "province",
            "city",
            "active",
            "occupation_code",
            "highest_education",
            "district",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(128), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(64))
    gender: Mapped[str | None] = mapped_column(String(4))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(128))
    province: Mapped[str | None] = mapped_column(String(32))
    city: Mapped[str | None] = mapped_column(String(32), index=True)
    district: Mapped[str | None] = mapped_column(String(32))
    intent_titles: Mapped[list[str]] = mapped_column(JSON, default=list)
    intent_salary_low: Mapped[float | None] = mapped_column(Float)  # yuan/month
    intent_salary_high: Mapped[float | None] = mapped_column(Float)
    intent_job_type: Mapped[str | None] = mapped_column(String(16))
    occupation_code: Mapped[str | None] = mapped_column(String(16))
    highest_education: Mapped[str | None] = mapped_column(String(16))
    education_rank: Mapped[int | None] = mapped_column(Integer)
    years_experience: Mapped[float | None] = mapped_column(Float)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    resume: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # CONTRACTS.md resume JSON
    resume_text: Mapped[str] = mapped_column(Text, default="")
    open_to_pool: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)


class CandidateIntentCity(Base):
    """One row per (candidate, intended city): intent rankings and inflow aggregate in SQL."""

    __tablename__ = "candidate_intent_cities"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    city: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
    province: Mapped[str | None] = mapped_column(String(32))


class CandidateSkill(Base):
    __tablename__ = "candidate_skills"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    skill: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class Interaction(Base):
    __tablename__ = "interactions"
    __table_args__ = (Index("ix_interactions_job_kind", "job_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # domain.InteractionKind
    initiated_by: Mapped[str] = mapped_column(String(16))  # domain.Role
    at: Mapped[datetime] = mapped_column(DateTime, index=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))  # domain.Role
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))  # recruiters
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime)  # set by an operator: no login, no key


class ApiKey(Base):
    """API tokens: only the sha256 of the key is stored; the key is shown once at creation."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rate_limit_per_min: Mapped[int] = mapped_column(Integer, default=60)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)


class WebSession(Base):
    """A signed-in browser: the cookie carries this id, so logout and password changes end it here."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    address: Mapped[str | None] = mapped_column(String(64))


class LoginFailure(Base):
    """One failed login; lockouts count these per (username, address), shared by every worker."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_user_address_at", "username", "address", "at"),
        Index("ix_login_failures_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)


class RateCounter(Base):
    """Requests per key and minute window (API keys), shared by every worker process."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class IndexQueue(Base):
    """Outbox for the search index, written in the same transaction as the record change.

    The indexer drains it; a crash between the two leaves rows here to replay (idempotent upserts).
    """

    __tablename__ = "index_queue"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # job | candidate
    entity_id: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(8))  # upsert | delete
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow)


class ImportRun(Base):
    """Progress of one import, so an interrupted import resumes after its last committed batch."""

    __tablename__ = "import_runs"
    __table_args__ = (UniqueConstraint("kind", "source_sha1"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    source_path: Mapped[str] = mapped_column(String(1024))
    source_sha1: Mapped[str] = mapped_column(String(40))
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | done
    started_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)


# ---------------------------------------------------------------- marketplace (migration 0005)


class Application(Base):
    """A seeker's application to a job and its stage (the stage machine: usecases.applications).

    The apply Interaction is still written: it stays the analytics record; this row is the workflow.
    """

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("candidate_id", "job_id", name="uq_applications_candidate_job"),
        Index("ix_applications_job_stage", "job_id", "stage"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(16), default="applied")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ApplicationEvent(Base):
    """One stage move: who moved the application, from which stage to which, when."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime)


class Message(Base):
    """A message in an application's thread (the seeker and the job's company's recruiters)."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    from_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)  # at most 2000 characters (usecases.messages)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SavedJob(Base):
    __tablename__ = "saved_jobs"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Notification(Base):
    """Something for a user to see: kind stage | message | new_match | invite."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(500))
    link: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)


class ResumeFile(Base):
    """An uploaded resume original, stored under HOME/resumes/<sha256>."""

    __tablename__ = "resume_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(256))
    content_type: Mapped[str] = mapped_column(String(128))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(1024))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)


class Invitation(Base):
    """A recruiter invited a talent-pool candidate to apply to a job."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("job_id", "candidate_id", name="uq_invitations_job_candidate"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ContactView(Base):
    """Audit: a candidate's phone and e-mail were shown unmasked to this user (where: `route`)."""

    __tablename__ = "contact_views"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    viewer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    route: Mapped[str] = mapped_column(String(128))
