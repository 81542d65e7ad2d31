"""marketplace: applications with stages and their history, message threads, saved jobs,
notifications, uploaded resume files, invitations, the contact-view audit log, and job moderation

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 19:30:00

Applying used to leave only an `apply` interaction; hiring needs a record that moves through stages
(applied → screening → interview → offer → hired | rejected, or withdrawn by the seeker). The
interactions stay as the analytics record. Jobs gain the posting compliance check's findings and
the operator's review of them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _id() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("id", sa.Integer(), primary_key=True)


def _fk(name: str, target: str, *, cascade: bool = False, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        name,
        sa.Integer(),
        sa.ForeignKey(target, ondelete="CASCADE" if cascade else None),
        nullable=nullable,
    )


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("moderation", sa.String(16), nullable=False, server_default="none"))
        batch.add_column(sa.Column("compliance", sa.JSON(), nullable=True))
        batch.create_index("ix_jobs_moderation", ["moderation"])
    op.create_table(
        "applications",
        _id(),
        _fk("candidate_id", "candidates.id", cascade=True),
        _fk("job_id", "jobs.id", cascade=True),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("candidate_id", "job_id", name="uq_applications_candidate_job"),
    )
    op.create_index("ix_applications_candidate_id", "applications", ["candidate_id"])
    op.create_index("ix_applications_job_stage", "applications", ["job_id", "stage"])
    op.create_table(
        "application_events",
        _id(),
        _fk("application_id", "applications.id", cascade=True),
        _fk("by_user_id", "users.id", nullable=True),
        sa.Column("from_stage", sa.String(16), nullable=True),
        sa.Column("to_stage", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_application_events_application_id", "application_events", ["application_id"])
    op.create_table(
        "messages",
        _id(),
        _fk("application_id", "applications.id", cascade=True),
        _fk("from_user_id", "users.id", nullable=True),
        sa.Column("from_role", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_messages_application_id", "messages", ["application_id"])
    op.create_table(
        "saved_jobs",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("job_id", sa.Integer(), sa.ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "notifications",
        _id(),
        _fk("user_id", "users.id", cascade=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("link", sa.String(256), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_notifications_user_read", "notifications", ["user_id", "read_at"])
    op.create_table(
        "resume_files",
        _id(),
        _fk("candidate_id", "candidates.id", cascade=True),
        sa.Column("filename", sa.String(256), nullable=False),
        sa.Column("content_type", sa.String(128), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_resume_files_candidate_id", "resume_files", ["candidate_id"])
    op.create_table(
        "invitations",
        _id(),
        _fk("job_id", "jobs.id", cascade=True),
        _fk("candidate_id", "candidates.id", cascade=True),
        _fk("by_user_id", "users.id", nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("job_id", "candidate_id", name="uq_invitations_job_candidate"),
    )
    op.create_index("ix_invitations_candidate_id", "invitations", ["candidate_id"])
    op.create_table(
        "contact_views",
        _id(),
        _fk("viewer_user_id", "users.id", nullable=True),
        _fk("candidate_id", "candidates.id", cascade=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("route", sa.String(128), nullable=False),
    )
    op.create_index("ix_contact_views_viewer_user_id", "contact_views", ["viewer_user_id"])
    op.create_index("ix_contact_views_candidate_id", "contact_views", ["candidate_id"])
    op.create_index("ix_contact_views_at", "contact_views", ["at"])


def downgrade() -> None:
    for table in (
        "contact_views",
        "invitations",
        "resume_files",
        "notifications",
        "saved_jobs",
        "messages",
        "application_events",
        "applications",
    ):
        op.drop_table(table)
    with op.batch_alter_table("jobs") as batch:
        batch.drop_index("ix_jobs_moderation")
        batch.drop_column("compliance")
        batch.drop_column("moderation")
