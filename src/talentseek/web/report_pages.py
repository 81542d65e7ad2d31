"""Web pages (not yet built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
