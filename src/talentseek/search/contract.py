"""The JSON shape of search results (CONTRACTS.md), shared by the CLI and the API."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from talentseek.search.base import SearchHit, SearchResults
from talentseek.text.contacts import scrub_contacts, scrub_tree


def _scrub_hit(h: SearchHit) -> SearchHit:
    return replace(
        h,
        title=scrub_contacts(h.title),
        company=scrub_contacts(h.company) if h.company else h.company,
        reasons=tuple(scrub_contacts(r) for r in h.reasons),
        extra=scrub_tree(h.extra),
    )


def scrub_results(res: SearchResults) -> SearchResults:
    """Talent search results with every contact detail in their text masked (text.contacts).

    Candidate cards come from the index as stored; whatever a resume's titles or snippets hold,
    no phone number, e-mail address, WeChat/QQ id or ID-card number reaches a recruiter.
    """
    return replace(res, results=tuple(_scrub_hit(h) for h in res.results))


def contract_json(res: SearchResults, *, scrub: bool = False) -> dict[str, Any]:
    """The CONTRACTS.md shape plus paging, facets and debug (extra keys are allowed).

    `scrub` masks contact details in every result's text (talent search: see scrub_results).
    """
    if scrub:
        res = scrub_results(res)
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
