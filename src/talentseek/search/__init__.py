"""Keyword and hybrid search for jobs and candidates behind one interface (`search.base.SearchIndex`).

This package only exports; submodules import their siblings directly (`talentseek.search.base`).
"""

from talentseek.search.base import SearchIndex, SearchRequest, SearchResults, SystemViewer
from talentseek.search.registry import INDEXES, make_index

__all__ = ["INDEXES", "SearchIndex", "SearchRequest", "SearchResults", "SystemViewer", "make_index"]
