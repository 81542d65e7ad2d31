"""Probes for a supervisor or load balancer: GET /healthz (the process answers) and GET /readyz."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from talentseek.api.deps import get_engine
from talentseek.usecases.health import readiness_problem

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Liveness: the worker's event loop answers (no database or index work)."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """200 when the database answers and the search index opens; 503 with the reason otherwise."""
    engine = get_engine(request)
    problem = readiness_problem(lambda: engine.db, lambda: engine.search)
    if problem is not None:
        return JSONResponse({"status": "unavailable", "reason": problem}, status_code=503)
    return JSONResponse({"status": "ready"})
