"""Scale-out SearchIndex on Milvus (pymilvus; milvus-lite for a local file URI in tests).

One collection per kind: a jieba-analysed text field with Milvus's BM25 function (title repeated
three times and skills twice, emulating the field boosts of the tantivy backend), a dense vector
field, and scalar fields for filters and facets. Same documents, reasons and fusion as tantivy.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

import talentseek.search.store_rows as store_rows
from talentseek.domain import EDUCATION_LEVELS, Role
from talentseek.embed.base import Embedder
from talentseek.errors import Forbidden, InputError, MissingDependency
from talentseek.search.base import (
    IndexCheck,
    IndexStats,
    KindCheck,
    ProgressFn,
    SearchRequest,
    SearchResults,
    Viewer,
)
from talentseek.search.docs import FLOAT_FIELDS, INT_FIELDS, KEYWORD_FIELDS, IndexDoc
from talentseek.search.filters import years_bound
from talentseek.search.fusion import reciprocal_rank_fusion
from talentseek.search.query import ParsedQuery, Side, parse_query
from talentseek.search.ranking import FACETS, POOL, card_hit
from talentseek.search.tantivy_store import NONE
from talentseek.store.db import Database

if TYPE_CHECKING:
    from talentseek.settings import Settings

MAX_ROWS = 16384  # Milvus caps offset+limit of one query
TEXT_CHARS = 6000


def lit(value: str) -> str:
    """A string literal for a Milvus filter expression (JSON escaping: quotes and backslashes are data)."""
    return json.dumps(str(value), ensure_ascii=False)


def _or_null(name: str, cond: str) -> str:
    return f"({cond} or {name} is null)"


def constraint_expr(c: Any, side: str) -> str | None:
    """One hard constraint as a Milvus boolean expression (unstated values pass, as in tantivy)."""
    if c.field in ("province", "city", "district"):
        return f"array_contains({c.field}, {lit(c.value)})"
    if c.field == "job_type":
        return f"array_contains_any(job_type, [{lit(c.value)}, {lit(NONE)}])"
    if c.field == "salary":
        lo, hi = c.value
        parts = ([_or_null("salary_top", f"salary_top >= {float(lo)}")] if lo is not None else []) + (
            [_or_null("salary_bottom", f"salary_bottom <= {float(hi)}")] if hi is not None else []
        )
        return " and ".join(parts) or None
    if c.field == "experience":
        years, fresh = years_bound(c)
        if side == "jobs":
            cond = "exp_min <= 0 or fresh_ok == true" if fresh else f"exp_min <= {years}"
        else:
            cond = "exp_min <= 1" if fresh else f"exp_min >= {float(c.value.get('min_years') or 0)}"
        return _or_null("exp_min", cond)
    if c.field == "education" and c.value != "不限":
        rank = EDUCATION_LEVELS.index(c.value)
        return _or_null("edu_rank", f"edu_rank <= {rank}" if side == "jobs" else f"edu_rank >= {rank}")
    if c.field == "company_size":
        return _or_null("size_min", f"size_min >= {int(c.value)}")
    return None


def filter_expr(
    parsed: ParsedQuery, explicit: tuple[tuple[str, str], ...], visibility: int | None, side: str
) -> str:
    parts = ['array_contains(status, "open")']
    places: dict[str, list[str]] = {}
    for c in parsed.constraints:
        if not c.hard:
            continue
        if c.field in ("province", "city", "district"):
            places.setdefault(c.field, []).append(lit(c.value))
        elif (e := constraint_expr(c, side)) is not None:
            parts.append(e)
    for name, value in explicit:
        places.setdefault(name, []).append(lit(value))
    parts += [f"array_contains_any({name}, [{', '.join(vals)}])" for name, vals in places.items()]
    if side == "candidates" and visibility is not None:
        parts.append(f"(open_to_pool == true or array_contains(applied, {lit(str(visibility))}))")
    return " and ".join(parts)


def to_row(doc: IndexDoc, dim: int, vec: list[float] | None) -> dict[str, Any]:
    t = doc.text
    text = " ".join(
        [t.get("title", "")] * 3 + [t.get("skills", "")] * 2 + [t.get("company", ""), t.get("desc", "")]
    )
    row: dict[str, Any] = {"id": doc.id, "text": text[:TEXT_CHARS] or " ", "dense": vec or [0.0] * dim}
    for name in KEYWORD_FIELDS:
        row[name] = [v[:64] for v in doc.keywords.get(name, []) if v][:32] or [NONE]
    for name in (*FLOAT_FIELDS, *INT_FIELDS):
        v = doc.numbers.get(name)
        row[name] = None if v is None else (float(v) if name in FLOAT_FIELDS else int(v))
    row["fresh_ok"] = bool(doc.flags.get("fresh_ok"))
    row["open_to_pool"] = bool(doc.flags.get("open_to_pool"))
    return row


class MilvusIndex:
    def __init__(self, settings: Settings, db: Database, embedder: Embedder) -> None:
        try:
            from pymilvus import MilvusClient
        except ImportError as err:
            raise MissingDependency("Milvus 检索后端", "pip install 'talentseek[milvus]'") from err
        uri = settings.milvus_uri or str(settings.path("index", "milvus.db"))
        self.client = MilvusClient(uri)
        self.db, self.embedder = db, embedder
        self.dim = embedder.dim or len(embedder.embed(["维度"], kind="query")[0])
        self.names = {"job": "ts_jobs", "candidate": "ts_candidates"}
        for kind in store_rows.KINDS:
            if not self.client.has_collection(self.names[kind]):
                self._create(self.names[kind])

    def _create(self, name: str) -> None:
        from pymilvus import DataType, Function, FunctionType

        s = self.client.create_schema(auto_id=False)
        s.add_field("id", DataType.INT64, is_primary=True)
        s.add_field(
            "text",
            DataType.VARCHAR,
            max_length=TEXT_CHARS * 4,
            enable_analyzer=True,
            analyzer_params={"tokenizer": "jieba"},
        )
        s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        s.add_field("dense", DataType.FLOAT_VECTOR, dim=self.dim)
        for f in KEYWORD_FIELDS:
            s.add_field(f, DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=32, max_length=256)
        for f in FLOAT_FIELDS:
            s.add_field(f, DataType.DOUBLE, nullable=True)
        for f in INT_FIELDS:
            s.add_field(f, DataType.INT64, nullable=True)
        s.add_field("fresh_ok", DataType.BOOL)
        s.add_field("open_to_pool", DataType.BOOL)
        s.add_function(
            Function(
                name="bm25",
                function_type=FunctionType.BM25,
                input_field_names=["text"],
                output_field_names=["sparse"],
            )
        )
        ip = self.client.prepare_index_params()
        ip.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
        ip.add_index(field_name="dense", index_type="FLAT", metric_type="IP")
        self.client.create_collection(name, schema=s, index_params=ip)

    # -- writing ---------------------------------------------------------------------------
    def _upsert(self, kind: str, docs: list[IndexDoc]) -> None:
        if not docs:
            return
        vecs = self.embedder.embed([d.embed_text for d in docs], kind="passage")
        rows = [to_row(d, self.dim, [float(x) for x in v]) for d, v in zip(docs, vecs, strict=True)]
        self.client.upsert(self.names[kind], rows)

    def rebuild(self, progress: ProgressFn | None = None, embed: bool = True) -> IndexStats:
        t0 = time.perf_counter()
        counts = {}
        for kind, name in self.names.items():
            self.client.drop_collection(name)
            self._create(name)
            counts[kind] = 0
            for ids in store_rows.iter_id_batches(self.db, kind, 500):
                self._upsert(kind, list(store_rows.docs_for(self.db, kind, ids).values()))
                counts[kind] += len(ids)
                if progress:
                    progress(counts[kind], None)
        store_rows.drop_queue(self.db, 2**62)
        return IndexStats(counts["job"], counts["candidate"], time.perf_counter() - t0, sum(counts.values()))

    def sync(self, embed: bool = True) -> int:
        drained = 0
        while rows := store_rows.pending_queue(self.db, 1000):
            for kind in store_rows.KINDS:
                last = {e: op for _q, k, e, op in rows if k == kind}
                docs = store_rows.docs_for(self.db, kind, [i for i, op in last.items() if op != "delete"])
                gone = [i for i in last if i not in docs]
                if gone:
                    self.client.delete(self.names[kind], ids=gone)
                self._upsert(kind, list(docs.values()))
            store_rows.drop_queue(self.db, rows[-1][0])  # after the writes: a crash replays (upserts)
            drained += len(rows)
        return drained

    def _all_ids(self, kind: str) -> set[int]:
        out: set[int] = set()
        last = -1
        while True:
            got = self.client.query(
                self.names[kind], filter=f"id > {last}", output_fields=["id"], limit=MAX_ROWS
            )
            if not got:
                return out
            ids = [int(r["id"]) for r in got]
            out.update(ids)
            last = max(ids)

    def check(self) -> IndexCheck:
        parts = []
        for kind in store_rows.KINDS:
            in_db, in_ix = set(store_rows.all_ids(self.db, kind)), self._all_ids(kind)
            parts.append(
                KindCheck(
                    kind, len(in_db), len(in_ix), tuple(sorted(in_db - in_ix)), tuple(sorted(in_ix - in_db))
                )
            )
        return IndexCheck(tuple(parts), store_rows.queue_size(self.db))

    # -- searching -------------------------------------------------------------------------
    def search_jobs(self, request: SearchRequest) -> SearchResults:
        return self._search("job", request.validated(), None)

    def search_candidates(self, request: SearchRequest, viewer: Viewer) -> SearchResults:
        if viewer.role not in (Role.RECRUITER, Role.OPERATOR):
            raise Forbidden("只有招聘方或运营可以搜索人才")
        vis = (
            None
            if viewer.role is Role.OPERATOR
            else (viewer.company_id if viewer.company_id is not None else -1)
        )
        return self._search("candidate", request.validated(), vis)

    def _search(self, kind: str, request: SearchRequest, visibility: int | None) -> SearchResults:
        side: Side = "jobs" if kind == "job" else "candidates"
        parsed = (request.parsed or parse_query(request.query, side)).without(request.removed)
        expr = filter_expr(parsed, request.filters, visibility, side)
        name, offset = self.names[kind], (request.page - 1) * request.k
        if offset + request.k > MAX_ROWS:
            raise InputError("Milvus 后端最多翻到第 16384 条结果，请缩小条件", field="page")
        rows = self.client.query(
            name, filter=expr, output_fields=["id", "posted", "salary_top", *FACETS], limit=MAX_ROWS
        )
        scores, dense = self._rank(name, parsed, request, expr, rows)
        order = [i for i, _ in scores][offset : offset + request.k]
        cards = (store_rows.job_cards if kind == "job" else store_rows.candidate_cards)(self.db, order)
        score_of = dict(scores)
        hits = tuple(card_hit(c, i, score_of[i], parsed, dense.get(i)) for i in order if (c := cards.get(i)))
        facets = self._facets(rows) if request.facets else {}
        return SearchResults(
            parsed.to_dict(),
            hits,
            len(scores),
            request.page,
            request.k,
            facets,
            {"backend": "milvus", "mode": request.mode},
        )

    def _rank(
        self, name: str, parsed: ParsedQuery, request: SearchRequest, expr: str, rows: list[dict[str, Any]]
    ) -> tuple[list[tuple[int, float]], dict[int, float]]:
        if request.sort != "relevance" or not parsed.keywords:
            key = "salary_top" if request.sort == "salary" else "posted"
            ranked = sorted(rows, key=lambda r: (-(r.get(key) or 0), -int(r["id"])))
            return [(int(r["id"]), 0.0) for r in ranked], {}
        limit = min(MAX_ROWS, max(POOL, request.page * request.k))
        bm25, dense = {}, {}
        if request.mode != "dense":
            got = self.client.search(
                name,
                data=[" ".join(parsed.keywords)],
                anns_field="sparse",
                filter=expr,
                limit=limit,
                output_fields=["id"],
            )
            bm25 = {int(h["id"]): float(h["distance"]) for h in got[0]}
        if request.mode != "bm25":
            qv = self.embedder.embed([parsed.text], kind="query")[0]
            got = self.client.search(
                name,
                data=[[float(x) for x in qv]],
                anns_field="dense",
                filter=expr,
                limit=limit,
                output_fields=["id"],
            )
            dense = {int(h["id"]): float(h["distance"]) for h in got[0]}
        if request.mode == "bm25" or not dense:
            return sorted(bm25.items(), key=lambda kv: -kv[1]), dense
        if request.mode == "dense":
            return sorted(dense.items(), key=lambda kv: -kv[1]), dense
        return reciprocal_rank_fusion(
            [sorted(bm25, key=lambda i: -bm25[i]), sorted(dense, key=lambda i: -dense[i])]
        ), dense

    @staticmethod
    def _facets(rows: list[dict[str, Any]]) -> dict[str, list[tuple[str, int]]]:
        out = {}
        for f in FACETS:
            counts: Counter[str] = Counter(v for r in rows for v in (r.get(f) or []) if v != NONE)
            out[f] = counts.most_common(15)
        return out

    def close(self) -> None:
        self.client.close()
