"""Database errors the faces map to responses without importing SQLAlchemy themselves."""

from __future__ import annotations

from sqlalchemy.exc import DataError

__all__ = ["DataError"]
