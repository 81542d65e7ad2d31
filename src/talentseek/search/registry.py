"""Search indexes by name: `make_index(settings, db, embedder)` picks one from the registry below."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from talentseek.errors import InputError
from talentseek.search.base import SearchIndex

if TYPE_CHECKING:
    from talentseek.embed.base import Embedder
    from talentseek.settings import Settings
    from talentseek.store.db import Database

IndexFactory = Callable[["Settings", "Database", "Embedder"], SearchIndex]


def _tantivy(settings: Settings, db: Database, embedder: Embedder) -> SearchIndex:
    from talentseek.search.tantivy_index import TantivyIndex  # tantivy loads only when chosen

    return TantivyIndex(settings, db, embedder)


def _milvus(settings: Settings, db: Database, embedder: Embedder) -> SearchIndex:
    from talentseek.search.milvus import MilvusIndex  # pymilvus loads only when chosen

    return MilvusIndex(settings, db, embedder)


INDEXES: dict[str, IndexFactory] = {"tantivy": _tantivy, "milvus": _milvus}


def make_index(settings: Settings, db: Database, embedder: Embedder) -> SearchIndex:
    """The search backend named by `settings.search_backend`."""
    factory = INDEXES.get(settings.search_backend)
    if factory is None:
        raise InputError(
            f"未知的检索后端 {settings.search_backend!r}；可选：{'、'.join(INDEXES)}",
            field="TALENTSEEK_SEARCH_BACKEND",
        )
    return factory(settings, db, embedder)
