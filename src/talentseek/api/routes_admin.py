"""Operator API under /api/admin: accounts, API keys, the moderation queue, the contact-view audit log.

Operators only (OperatorDep); the use cases check the role again. Thin: the work is in
usecases.admin, usecases.moderation and usecases.audit.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from talentseek.api.deps import EngineDep, OperatorDep
from talentseek.api.market_io import KeyIn, PasswordIn, UserIn
from talentseek.api.params import IdPath, OptionalIdQuery
from talentseek.usecases import admin, audit, moderation

router = APIRouter(prefix="/api/admin", tags=["admin"])


@router.get("/users")
def api_users(
    user: OperatorDep,
    engine: EngineDep,
    role: Annotated[str | None, Query(pattern="^(seeker|recruiter|operator)$")] = None,
    q: Annotated[str | None, Query(max_length=64)] = None,
) -> dict[str, Any]:
    """`{"users": [{"id", "username", "role", "company", "disabled_at", ...}]}`."""
    return {"users": admin.list_users(engine.db, user, role=role, q=q)}


@router.post("/users", status_code=201)
def api_create_user(body: UserIn, user: OperatorDep, engine: EngineDep) -> dict[str, Any]:
    """Create an account; without `password` a random one comes back once in `password`."""
    return admin.create_user(
        engine.db,
        user,
        body.username,
        body.role,
        password=body.password,
        company=body.company,
        display_name=body.display_name,
    )


@router.post("/users/{user_id}/disable")
def api_disable_user(user_id: IdPath, user: OperatorDep, engine: EngineDep) -> dict[str, Any]:
    """No more logins or key use for this account; its open sessions end."""
    return admin.set_disabled(engine.db, user, user_id, True)


@router.post("/users/{user_id}/enable")
def api_enable_user(user_id: IdPath, user: OperatorDep, engine: EngineDep) -> dict[str, Any]:
    return admin.set_disabled(engine.db, user, user_id, False)


@router.post("/users/{user_id}/reset-password")
def api_reset_password(
    user_id: IdPath, body: PasswordIn, user: OperatorDep, engine: EngineDep
) -> dict[str, Any]:
    """A new password (generated and shown once when none is given); the user's sessions end."""
    return admin.reset_password(engine.db, user, user_id, body.password)


@router.get("/keys")
def api_keys(user: OperatorDep, engine: EngineDep) -> dict[str, Any]:
    """`{"keys": [{"id", "prefix", "name", "user", "revoked", "created_at", "last_used_at"}]}`."""
    return {"keys": admin.list_keys(engine.db, user)}


@router.post("/keys", status_code=201)
def api_create_key(body: KeyIn, user: OperatorDep, engine: EngineDep) -> dict[str, Any]:
    """A new API key; the key itself (`key`) is shown only in this response."""
    return admin.create_key(
        engine.db, user, body.name, username=body.username, rate_limit_per_min=body.rate_limit_per_min
    )


@router.post("/keys/{key_id}/revoke")
def api_revoke_key(key_id: IdPath, user: OperatorDep, engine: EngineDep) -> dict[str, Any]:
    return admin.revoke_key(engine.db, user, key_id)


@router.get("/moderation")
def api_moderation_queue(
    user: OperatorDep,
    engine: EngineDep,
    status: Annotated[str, Query(pattern="^(flagged|approved|rejected|all)$")] = "flagged",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Postings the compliance check flagged: `{"jobs": [job + "moderation", "compliance"]}`."""
    return {"jobs": moderation.moderation_queue(engine.db, user, status=status, limit=limit)}


@router.post("/moderation/{job_id}/approve")
def api_approve(job_id: IdPath, user: OperatorDep, engine: EngineDep) -> dict[str, Any]:
    return moderation.approve(engine.db, user, job_id)


@router.post("/moderation/{job_id}/reject")
def api_reject(job_id: IdPath, user: OperatorDep, engine: EngineDep) -> dict[str, Any]:
    """Reject a flagged posting: it is closed."""
    return moderation.reject(engine.db, user, job_id)


@router.post("/moderation/scan")
def api_scan(
    user: OperatorDep, engine: EngineDep, limit: Annotated[int, Query(ge=1, le=20_000)] = 2000
) -> dict[str, int]:
    """Run the compliance check over jobs never checked (imported ones): `{"checked", "flagged"}`."""
    return moderation.scan_unchecked(engine.db, user, limit=limit)


@router.get("/audit/contact-views")
def api_contact_views(
    user: OperatorDep,
    engine: EngineDep,
    candidate_id: OptionalIdQuery = None,
    viewer_user_id: OptionalIdQuery = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Who was shown which candidate's contact details, newest first."""
    views = audit.contact_views(
        engine.db, user, candidate_id=candidate_id, viewer_user_id=viewer_user_id, limit=limit
    )
    return {"views": views}
