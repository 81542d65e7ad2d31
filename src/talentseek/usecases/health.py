"""Readiness: does the database answer and does the search index open? (GET /readyz)"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlalchemy as sa

from talentseek.store.db import Database

log = logging.getLogger(__name__)


def readiness_problem(open_db: Callable[[], Database], open_index: Callable[[], object]) -> str | None:
    """None when ready; else why not, in Chinese, with what to do (the details go to the log).

    Both parts are opened through the callables, so a database that cannot even be opened (a bad
    URL, a server that is down) is a 503 here rather than an error on the probe.
    """
    try:
        with open_db().engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception:  # any driver error means "not ready"; the log keeps the cause
        log.warning("readiness: database did not answer", exc_info=True)
        return "数据库无法连接：请检查 TALENTSEEK_DATABASE_URL 与数据库服务是否在运行"
    try:
        open_index()
    except Exception:  # a broken or locked index: not ready, the rest is logged
        log.warning("readiness: search index did not open", exc_info=True)
        return "检索索引无法打开：请查看服务日志，必要时运行 talentseek index rebuild"
    return None
