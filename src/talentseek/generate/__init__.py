"""Synthetic market generator: `generate_market(db, jobs=, candidates=, seed=)`.

The known truth for evaluation lives in `talentseek.generate.params` (cities, occupations, salary
model, hidden preference model, `expected_median`) and in the `market.json` each run writes
(`params.load_truth(home)`): exact city salary quantiles, intent city shares, Shandong inflow.
"""

from __future__ import annotations

from talentseek.generate.market import MarketSummary, generate_market

__all__ = ["MarketSummary", "generate_market"]
