"""The default SearchIndex: tantivy BM25 + filters + facets, numpy dense vectors, fused ranking."""

from __future__ import annotations

import itertools
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

import talentseek.search.store_rows as store_rows
from talentseek.domain import Role
from talentseek.embed.base import Embedder, QueryCache
from talentseek.errors import Busy, TalentSeekError
from talentseek.search.base import (
    IndexCheck,
    IndexStats,
    KindCheck,
    ProgressFn,
    SearchRequest,
    SearchResults,
    Viewer,
)
from talentseek.search.ranking import Ranker
from talentseek.search.tantivy_store import REBUILD_HEAP, TantivyPart, to_document
from talentseek.search.vectors import VectorStore
from talentseek.store.db import Database

if TYPE_CHECKING:
    from talentseek.settings import Settings

EMBED_BATCH = 64
SAVE_EVERY = 256


class TantivyIndex:
    """Jobs and candidates: tantivy indexes under home/index/tantivy, vectors under home/index/vectors."""

    def __init__(self, settings: Settings, db: Database, embedder: Embedder) -> None:
        self.root = settings.home / "index"
        self.db, self.embedder = db, embedder
        self.parts = {k: TantivyPart(self.root / "tantivy" / k) for k in store_rows.KINDS}
        self._vectors: dict[str, VectorStore] = {}
        self._query_cache = QueryCache(embedder)
        # synced without a vector (sync(embed=False)): the index worker embeds these first
        self._unembedded: dict[str, dict[int, None]] = {k: {} for k in store_rows.KINDS}  # ordered set

    # -- vectors ---------------------------------------------------------------------------
    def vectors(self, kind: str) -> VectorStore | None:
        """The vector store of a kind for the current embedder (None until the embedder's dim is known)."""
        if kind not in self._vectors:
            if not self.embedder.dim:
                return None
            self._vectors[kind] = VectorStore(
                self.root / "vectors", self.embedder.dim, f"{kind}-{self.embedder.name}"
            )
        return self._vectors[kind]

    def _embed_docs(self, kind: str, texts: dict[int, str]) -> int:
        ids = list(texts)
        done = 0
        for i in range(0, len(ids), EMBED_BATCH):
            chunk = ids[i : i + EMBED_BATCH]
            vecs = self.embedder.embed([texts[d] for d in chunk], kind="passage")
            store = self.vectors(kind)
            if store is None:
                return done
            store.upsert(chunk, vecs)
            done += len(chunk)
        if done and (store := self.vectors(kind)) is not None:
            store.save()
        return done

    def missing_vectors(self, kind: str) -> list[int]:
        """Ids in the store that have no vector yet (one full scan of the ids)."""
        store = self.vectors(kind)
        have = store.ids() if store is not None else set()
        return [i for i in store_rows.all_ids(self.db, kind) if i not in have]

    def take_unembedded(self, kind: str, n: int) -> list[int]:
        """Up to n ids synced without a fresh vector (new or changed since), oldest first."""
        pending = self._unembedded[kind]
        taken = list(itertools.islice(pending, n))
        for i in taken:
            del pending[i]
        return taken

    def embed_ids(self, kind: str, ids: list[int]) -> int:
        """(Re)compute the vectors of these documents; ids gone from the store are skipped."""
        return self._embed_docs(kind, store_rows.embed_texts(self.db, kind, ids))

    def embed_missing(
        self, kind: str = "job", limit: int | None = None, progress: ProgressFn | None = None
    ) -> int:
        """Fill vectors for documents that have none yet (resumable: saved after each chunk)."""
        todo = self.missing_vectors(kind)[:limit]
        have = len(self.vectors(kind) or [])
        total = i = 0
        while i < len(todo):  # saved per chunk (~5% of the store): an interrupted fill resumes here
            step = max(SAVE_EVERY, (have + total) // 20)
            total += self.embed_ids(kind, todo[i : i + step])
            i += step
            if progress:
                progress(min(i, len(todo)), len(todo))
        if total and (store := self.vectors(kind)) is not None:
            store.refresh_ann(force=True)
        return total

    # -- writing ---------------------------------------------------------------------------
    def rebuild(self, progress: ProgressFn | None = None, embed: bool = True) -> IndexStats:
        """Rebuild both indexes from the store into staging folders, then swap them in."""
        t0 = time.perf_counter()
        counts: dict[str, int] = {}
        total = sum(len(store_rows.all_ids(self.db, k)) for k in store_rows.KINDS)
        done = 0
        for kind, part in self.parts.items():
            staged = part.folder.with_name(part.folder.name + ".new")
            shutil.rmtree(staged, ignore_errors=True)
            fresh = TantivyPart(staged)
            w = fresh.writer(REBUILD_HEAP)

            counts[kind] = 0
            for ids in store_rows.iter_id_batches(self.db, kind):
                for doc in store_rows.docs_for(self.db, kind, ids).values():
                    w.add_document(to_document(doc))
                counts[kind] += len(ids)
                done += len(ids)
                if progress:
                    progress(done, total)
            w.commit()
            w.wait_merging_threads()
            del w, fresh
            part.replace_with(staged)
        self._drop_stale_vectors()
        embedded = sum(self.embed_missing(k) for k in store_rows.KINDS) if embed else 0
        store_rows.drop_queue(self.db, 2**62)  # everything queued before the rebuild is now reflected
        return IndexStats(counts["job"], counts["candidate"], time.perf_counter() - t0, embedded)

    def _drop_stale_vectors(self) -> None:
        for kind in store_rows.KINDS:
            store = self.vectors(kind)
            if store is not None:
                live = set(store_rows.all_ids(self.db, kind))
                store.delete([i for i in store.ids() if i not in live])
                store.save()

    def sync(self, embed: bool = True) -> int:
        """Drain the index_queue outbox: idempotent upserts/deletes, commit, then delete the drained rows.

        An index emptied because its schema changed (an upgrade) is rebuilt in full instead.
        """
        if any(part.stale for part in self.parts.values()):
            stats = self.rebuild(embed=embed)  # replace_with clears each part's stale flag
            return stats.jobs + stats.candidates
        drained = 0
        while rows := store_rows.pending_queue(self.db):
            for kind in store_rows.KINDS:
                last_op: dict[int, str] = {}
                for _qid, k, entity, op in rows:
                    if k == kind:
                        last_op[entity] = op
                docs = store_rows.docs_for(self.db, kind, [i for i, op in last_op.items() if op != "delete"])
                gone = [i for i in last_op if i not in docs]  # deleted, or vanished before we read it
                if last_op:
                    self.parts[kind].write(list(docs.values()), gone)
                    self._sync_vectors(kind, docs, gone, embed)
            store_rows.drop_queue(self.db, rows[-1][0])  # only after the index commit: a crash replays
            drained += len(rows)
        return drained

    def _sync_vectors(self, kind: str, docs: dict[int, Any], gone: list[int], embed: bool) -> None:
        store = self.vectors(kind)
        if embed and docs:
            self._embed_docs(kind, {i: d.embed_text for i, d in docs.items()})
        elif docs:
            # new or changed text: a stale vector is dropped (BM25 still finds the document), so any
            # process's missing-vector scan re-embeds it; this process's worker does so first
            gone = gone + [i for i in docs if store is not None and i in store]
            self._unembedded[kind].update(dict.fromkeys(docs))
        if store is not None and gone:
            store.delete(gone)
            store.save()

    def check(self) -> IndexCheck:
        parts = []
        for kind, part in self.parts.items():
            in_db, in_ix = set(store_rows.all_ids(self.db, kind)), part.ids()
            parts.append(
                KindCheck(
                    kind,
                    len(in_db),
                    len(in_ix),
                    tuple(sorted(in_db - in_ix)),
                    tuple(sorted(in_ix - in_db)),
                    part.searcher().num_segments,
                )
            )
        return IndexCheck(tuple(parts), store_rows.queue_size(self.db))

    # -- searching -------------------------------------------------------------------------
    def _ranker(self, kind: str) -> Ranker:
        if self.parts[kind].stale:
            msg = "检索索引因版本升级正在重建，请稍后再试（或运行 talentseek index rebuild）"
            raise Busy(msg, retry_after=30)
        return Ranker(self.parts[kind], self.vectors(kind), self._query_cache)

    def search_jobs(self, request: SearchRequest) -> SearchResults:
        request = request.validated()
        return self._ranker("job").search(request, "jobs")

    def search_candidates(self, request: SearchRequest, viewer: Viewer) -> SearchResults:
        request = request.validated()
        if viewer.role not in (Role.RECRUITER, Role.OPERATOR):
            from talentseek.errors import Forbidden

            raise Forbidden("只有招聘方或运营可以搜索人才")
        visibility = None if viewer.role is Role.OPERATOR else viewer.company_id
        if viewer.role is Role.RECRUITER and visibility is None:
            visibility = -1  # a recruiter without a company sees only the open talent pool
        return self._ranker("candidate").search(request, "candidates", visibility=visibility)

    def clear_caches(self) -> None:
        """Forget facet counts and query vectors (benchmarks time queries as new ones)."""
        for part in self.parts.values():
            part.clear_cache()
        self._query_cache.clear()

    def close(self) -> None:
        self._vectors.clear()


def index_folder_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def ensure_float32(v: Any) -> np.ndarray[Any, np.dtype[np.float32]]:
    arr = np.asarray(v, dtype=np.float32).reshape(-1)
    if not np.all(np.isfinite(arr)):
        raise TalentSeekError("向量模型返回了无效数值")
    return arr
