"""Who is making this request (session cookie or API token). Placeholder until auth lands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from talentseek.api.deps import CurrentUser
    from talentseek.engine import Engine


def identify_request(request: Request, engine: Engine) -> CurrentUser | None:
    return None
