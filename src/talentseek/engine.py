"""Composition root: one Settings builds one Engine, which builds each swappable part once, lazily.

Faces (api/, cli/, web/) get everything through an Engine; nothing below reads the environment.
A part handed to the constructor (a fake in tests, a shared database) is used as is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from talentseek.settings import Settings
from talentseek.store.db import Database

if TYPE_CHECKING:
    from talentseek.embed.base import Embedder
    from talentseek.llm.base import LLM
    from talentseek.search.base import SearchIndex


class Engine:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        db: Database | None = None,
        search: SearchIndex | None = None,
        llm: LLM | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.settings.ensure_home()
        self._db = db
        self._search = search
        self._llm = llm
        self._embedder = embedder

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = Database(self.settings.db_url)
        return self._db

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from talentseek.embed import make_embedder

            self._embedder = make_embedder(self.settings)
        return self._embedder

    @property
    def search(self) -> SearchIndex:
        if self._search is None:
            from talentseek.search import make_index

            self._search = make_index(self.settings, self.db, self.embedder)
        return self._search

    @property
    def llm(self) -> LLM:
        if self._llm is None:
            from talentseek.llm import make_llm

            self._llm = make_llm(self.settings)
        return self._llm

    def close(self) -> None:
        """Release the database's connections (a handed-in one too: the engine was given it to use)."""
        if self._db is not None:
            self._db.dispose()
