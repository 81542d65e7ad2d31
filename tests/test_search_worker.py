"""The server's index worker, cards served from the index, and an index left by an older schema."""

from __future__ import annotations

import time

import pytest
import tantivy
from sqlalchemy.orm import Session

from search_corpus import build_corpus, hashing_engine
from talentseek.engine import Engine
from talentseek.errors import Busy
from talentseek.search.base import SearchRequest
from talentseek.search.tantivy_index import TantivyIndex
from talentseek.search.worker import IndexWorker
from talentseek.store import models as m
from talentseek.store.repo import delete_job


def titles(index: TantivyIndex, query: str) -> list[str]:
    return [h.title for h in index.search_jobs(SearchRequest(query=query, mode="bm25")).results]


def tantivy_corpus() -> tuple[Engine, dict[str, int], TantivyIndex]:
    """The small corpus in the store (not yet indexed) and the engine's tantivy index."""
    eng = hashing_engine()
    ids = build_corpus(eng)
    index = eng.search
    assert isinstance(index, TantivyIndex)
    return eng, ids, index


def retitle(session: Session, job_id: int, title: str) -> None:
    """Change a job's title the way an edit does: the row, then its outbox entry."""
    job = session.get(m.Job, job_id)
    assert job is not None
    job.title = title
    session.add(m.IndexQueue(kind="job", entity_id=job_id, op="upsert"))


def test_worker_tick_makes_edits_and_deletes_searchable() -> None:
    eng, ids, index = tantivy_corpus()
    worker = IndexWorker(index, interval=60)
    worker.tick()
    assert "新媒体运营" in titles(index, "新媒体运营")
    with eng.db.session() as s:
        delete_job(s, ids["J2"])
        retitle(s, ids["J5"], "商业分析师")
    worker.tick()
    assert "新媒体运营" not in titles(index, "新媒体运营")
    assert titles(index, "商业分析师")[0] == "商业分析师"  # the card read from the index is the new one
    assert index.check().ok and index.check().pending == 0
    assert len(index.vectors("job") or []) == 5  # vectors filled for the jobs that remain
    eng.close()


def test_worker_thread_drains_the_outbox_then_stops() -> None:
    eng = hashing_engine()
    build_corpus(eng)
    worker = IndexWorker(eng.search, interval=0.05).start()
    try:
        deadline = time.monotonic() + 20
        while eng.search.check().pending and time.monotonic() < deadline:
            time.sleep(0.05)
        assert eng.search.check().ok
    finally:
        worker.stop()
    assert worker.ticks >= 1
    eng.close()


def test_an_index_of_an_older_schema_is_reported_then_rebuilt_by_sync() -> None:
    eng = hashing_engine()
    build_corpus(eng)
    eng.search.sync()
    folder = eng.settings.home / "index" / "tantivy" / "job"
    eng.close()
    for p in folder.iterdir():  # replace the job index by one with another schema (an old version)
        p.unlink()
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    tantivy.Index(sb.build(), path=str(folder))

    eng = hashing_engine()  # same TALENTSEEK_HOME
    index = eng.search
    with pytest.raises(Busy, match="重建"):
        index.search_jobs(SearchRequest(query="新媒体运营"))
    assert index.sync() == 9  # 6 jobs and 3 candidates rebuilt
    assert "新媒体运营" in titles(index, "新媒体运营")
    eng.close()


def test_worker_re_embeds_edited_documents_and_scans_for_missing_ones_rarely() -> None:
    eng, ids, index = tantivy_corpus()
    worker = IndexWorker(index, interval=60)
    worker.tick()
    store = index.vectors("job")
    assert store is not None and len(store) == 6
    before = store.search(index.embedder.embed(["商业分析师"], kind="query")[0], 1)
    with eng.db.session() as s:
        retitle(s, ids["J5"], "商业分析师")
    scans = []
    real_missing = index.missing_vectors
    index.missing_vectors = lambda kind: scans.append(kind) or real_missing(kind)  # type: ignore[method-assign]
    worker.tick()
    assert scans == []  # no full scan within FULL_SCAN_S of the last one
    after = store.search(index.embedder.embed(["商业分析师"], kind="query")[0], 1)
    assert after[0][0] == ids["J5"] and after[0][1] > before[0][1]  # the vector follows the new title
    eng.close()


def test_a_sync_without_embedding_drops_stale_vectors_so_a_scan_finds_them() -> None:
    eng, ids, index = tantivy_corpus()
    index.sync()  # with vectors
    with eng.db.session() as s:
        retitle(s, ids["J5"], "商业分析师")
    index.sync(embed=False)  # e.g. `talentseek import` from the CLI while a server runs
    assert ids["J5"] not in (index.vectors("job") or [])
    assert index.missing_vectors("job") == [ids["J5"]]
    assert titles(index, "商业分析师")[0] == "商业分析师"  # BM25 still finds it meanwhile
    eng.close()
