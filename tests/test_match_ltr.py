"""Learning to rank on generated interactions: the time split decides, and serving follows the decision."""

from __future__ import annotations

from datetime import datetime

import pytest

from talentseek.engine import Engine
from talentseek.errors import InputError
from talentseek.generate import generate_market
from talentseek.match import ltr
from talentseek.match.evaluate import time_split_report
from talentseek.match.service import load_seekers, match_jobs


@pytest.mark.slow  # trains LightGBM on a 600-job market: 18-38 s on 2 shared cores
def test_time_split_report_and_served_ranker() -> None:
    engine = Engine()
    generate_market(engine.db, jobs=600, candidates=400, seed=3, truth_dir=engine.settings.home / "generated")
    report = time_split_report(
        engine.db, engine.settings.home, embedder=engine.embedder, negatives=15, max_groups=150
    )
    m = report["metrics"]
    assert {"scorer", "ltr", "bm25", "dense"} <= set(m)
    assert report["train_groups"] >= 20 and report["test_groups"] >= 5
    for row in m.values():
        assert 0.0 <= row["ndcg@10"] <= 1.0 and 0.0 <= row["auc"] <= 1.0
    # the scorer, built from fields only, must beat a ranking by resume text on the generated market
    assert m["scorer"]["ndcg@10"] > m["bm25"]["ndcg@10"]
    assert report["use_ltr"] == (m["ltr"]["ndcg@10"] > m["scorer"]["ndcg@10"])
    model = ltr.active_model(engine.settings.home)
    assert (model is not None) == report["use_ltr"]
    with engine.db.session() as s:
        seeker = load_seekers(s, None)[0]
        ranked = match_jobs(s, seeker, k=10, now=datetime(2025, 12, 1), model=model)
    assert ranked and all(0.0 <= x.score <= 1.0 for x in ranked)
    assert [x.score for x in ranked] == sorted((x.score for x in ranked), reverse=True)


def test_too_little_history_is_a_clear_error() -> None:
    engine = Engine()
    generate_market(engine.db, jobs=50, candidates=0, seed=1, truth_dir=engine.settings.home / "generated")
    with pytest.raises(InputError, match="互动记录不足"):
        time_split_report(engine.db, engine.settings.home)
