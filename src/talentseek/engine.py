"""Composition root: one Settings builds one Engine, which builds each swappable part once, lazily.

Faces (api/, cli/, web/) get everything through an Engine; nothing below reads the environment.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from talentseek.settings import Settings
from talentseek.store.db import Database

if TYPE_CHECKING:
    from talentseek.embed.base import Embedder
    from talentseek.llm.base import LLM
    from talentseek.search.base import SearchIndex


class Engine:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.settings.ensure_home()

    @cached_property
    def db(self) -> Database:
        return Database(self.settings.db_url)

    @cached_property
    def embedder(self) -> Embedder:
        from talentseek.embed import make_embedder

        return make_embedder(self.settings)

    @cached_property
    def search(self) -> SearchIndex:
        from talentseek.search import make_index

        return make_index(self.settings, self.db, self.embedder)

    @cached_property
    def llm(self) -> LLM:
        from talentseek.llm import make_llm

        return make_llm(self.settings)

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.dispose()
