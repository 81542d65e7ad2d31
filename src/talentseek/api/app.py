"""The FastAPI application: API routes, web pages, the OpenAI-compatible endpoint. Thin: no logic."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from talentseek.api import (
    docs,
    health,
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
from talentseek.api.middleware import ServedApp, configure_access_log
from talentseek.engine import Engine
from talentseek.settings import Settings
from talentseek.web import assistant_pages, match_pages, pages, report_pages, search_pages

# each module defines `router: fastapi.APIRouter`; web pages are routers too
ROUTER_MODULES = (
    docs,  # /docs and /redoc with bundled assets (offline)
    health,
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
    app = ServedApp(title="TalentSeek 深度求才", version="0.1.0", docs_url=None, redoc_url=None)
    app.state.engine = engine or Engine()
    install_error_handlers(app)
    for module in ROUTER_MODULES:
        app.include_router(module.router)
    return app


def create_app_from_env() -> FastAPI:
    """The app of one `serve --workers N` process (uvicorn factory): its own Engine from the environment."""
    settings = Settings()
    configure_access_log(settings.access_log)
    engine = Engine(settings)
    # built here, in one thread, before the first request: the Engine's parts are made lazily and
    # two requests racing to make the database would run the migrations twice at once
    warm_up(engine)
    app = create_app(engine)

    @asynccontextmanager
    async def _close_engine(_app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.engine.close()

    app.router.lifespan_context = _close_engine
    return app


def warm_up(engine: Engine) -> None:
    """Open the database (migrating it) and the search index; a broken index only shows in /readyz."""
    engine.db  # noqa: B018 - the property builds it
    try:
        engine.search  # noqa: B018
    except Exception:  # /readyz reports it (503) and search answers with its own error
        logging.getLogger(__name__).warning("search index did not open at start", exc_info=True)
