"""The schema migrates and round-trips on SQLite and PostgreSQL with the same code."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from talentseek.store import models as m
from talentseek.store.db import Database


def test_migrate_insert_and_query(db_url: str) -> None:
    db = Database(db_url)
    with db.session() as s:
        c = m.Company(name="浪潮软件", size="1000-9999人")
        s.add(c)
        s.flush()
        s.add(m.Job(external_id="J1", title="Java开发工程师", company_id=c.id, city="济南市",
                    skills=["Java", "Spring Boot"], posted_at=datetime(2025, 3, 1)))
    with db.session() as s:
        job = s.scalars(sa.select(m.Job)).one()
        assert job.skills == ["Java", "Spring Boot"]
        assert job.company is not None and job.company.name == "浪潮软件"
    Database(db_url).dispose()  # second upgrade is a no-op
    db.dispose()


def test_duplicate_external_id_is_rejected(db_url: str) -> None:
    db = Database(db_url)
    with db.session() as s:
        s.add(m.Job(external_id="J1", title="a"))
    try:
        with db.session() as s:
            s.add(m.Job(external_id="J1", title="b"))
        raise AssertionError("duplicate external_id accepted")
    except sa.exc.IntegrityError:
        pass
    with db.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Job)) == 1
    db.dispose()


def test_the_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    """A model changed without a migration (or the reverse) shows up as a difference here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from talentseek.store.models import Base

    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    db.dispose()
