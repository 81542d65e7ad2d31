"""Typed request parameters shared by the routes: record ids in a path, a query or a body field.

Every id is a positive 64-bit integer (the store's BIGINT): `2**63` or `10**30` answers 422 with a
Chinese message instead of reaching the database and failing there as a 500.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from talentseek.errors import InputError

MAX_ID = 2**63 - 1


def _id_in_range(value: Any) -> Any:
    """Reject out-of-range or non-integer ids with a Chinese message (bounds stay in the schema)."""
    if isinstance(value, bool):
        raise PydanticCustomError("id_type", "编号应为正整数，如 42")
    if isinstance(value, str):
        text = value.strip()
        if not text.isascii() or not text.isdigit() or len(text) > 30:
            raise PydanticCustomError("id_type", "编号应为正整数，如 42")
        value = int(text)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e30:
        value = int(value)
    if isinstance(value, int) and not 1 <= value <= MAX_ID:
        raise PydanticCustomError("id_range", "编号超出范围：应为 1 到 {max} 之间的整数", {"max": MAX_ID})
    return value


_CHECK = BeforeValidator(_id_in_range)

IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="记录编号（正整数）"), _CHECK]
IdQuery = Annotated[int, Query(ge=1, le=MAX_ID, description="记录编号（正整数）"), _CHECK]
OptionalIdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID, description="记录编号（正整数）"), _CHECK]
# for request bodies (pydantic models): `company_id: IdField | None = None`
IdField = Annotated[int, Field(ge=1, le=MAX_ID), _CHECK]


def checked_id(value: int | None, field: str) -> int | None:
    """An id from a request body model that does not bound it yet: out of range is a Chinese 4xx."""
    if value is not None and not 1 <= value <= MAX_ID:
        raise InputError(f"编号超出范围：应为 1 到 {MAX_ID} 之间的整数", field=field)
    return value
