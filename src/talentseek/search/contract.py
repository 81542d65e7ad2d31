"""The JSON shape of search results (CONTRACTS.md), shared by the CLI and the API."""

from __future__ import annotations

from typing import Any

from talentseek.search.base import SearchResults


def contract_json(res: SearchResults) -> dict[str, Any]:
    """The CONTRACTS.md shape plus paging, facets and debug (extra keys are allowed)."""
    results = [
        {
            "id": h.id,
            "external_id": h.external_id,
            "title": h.title,
            "company": h.company,
            "city": h.city,
            "salary": h.salary,
            "score": h.score,
            "reasons": list(h.reasons),
            "district": h.district,
            "posted_at": h.posted_at,
        }
        for h in res.results
    ]
    return {
        "query": res.query,
        "results": results,
        "total": res.total,
        "page": res.page,
        "facets": {k: [list(v) for v in vals] for k, vals in res.facets.items()},
        "debug": res.debug,
    }
