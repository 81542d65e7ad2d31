"""The FastAPI application: API routes, web pages, the OpenAI-compatible endpoint. Thin: no logic."""

from __future__ import annotations

from fastapi import FastAPI

from talentseek.api import (
    docs,
    routes_admin,
    routes_assistant,
    routes_auth,
    routes_jobs,
    routes_market,
    routes_match,
    routes_openai,
    routes_search,
    routes_stats,
)
from talentseek.api.errors import install_error_handlers
from talentseek.engine import Engine
from talentseek.web import assistant_pages, match_pages, pages, report_pages, search_pages

# each module defines `router: fastapi.APIRouter`; web pages are routers too
ROUTER_MODULES = (
    docs,  # /docs and /redoc with bundled assets (offline)
    routes_auth,
    routes_jobs,
    routes_market,
    routes_admin,
    routes_search,
    routes_match,
    routes_stats,
    routes_assistant,
    routes_openai,
    pages,
    search_pages,
    match_pages,
    report_pages,
    assistant_pages,
)


def create_app(engine: Engine | None = None) -> FastAPI:
    app = FastAPI(title="TalentSeek 深度求才", version="0.1.0", docs_url=None, redoc_url=None)
    app.state.engine = engine or Engine()
    install_error_handlers(app)
    for module in ROUTER_MODULES:
        app.include_router(module.router)
    return app
