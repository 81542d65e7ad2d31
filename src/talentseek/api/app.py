"""The FastAPI application: API routes, web pages, the OpenAI-compatible endpoint. Thin: no logic."""

from __future__ import annotations

import importlib

from fastapi import FastAPI

from talentseek.engine import Engine

# each module defines `router: fastapi.APIRouter`; web pages are routers too
ROUTER_MODULES = (
    "talentseek.api.routes_auth",
    "talentseek.api.routes_jobs",
    "talentseek.api.routes_search",
    "talentseek.api.routes_match",
    "talentseek.api.routes_stats",
    "talentseek.api.routes_assistant",
    "talentseek.api.routes_openai",
    "talentseek.web.pages",
    "talentseek.web.search_pages",
    "talentseek.web.match_pages",
    "talentseek.web.report_pages",
    "talentseek.web.assistant_pages",
)


def create_app(engine: Engine | None = None) -> FastAPI:
    from talentseek.api.errors import install_error_handlers

    app = FastAPI(title="TalentSeek 深度求才", version="0.1.0")
    app.state.engine = engine or Engine()
    install_error_handlers(app)
    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
    return app
