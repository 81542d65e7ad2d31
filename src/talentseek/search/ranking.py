"""Query execution over one tantivy part: filters, BM25 with field boosts, dense, fusion, facets, reasons.

User text never reaches tantivy's query parser: queries are built from tokens, so `title:(a OR b)`,
quotes and parentheses are just words.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, cast

import numpy as np
import tantivy

from talentseek.embed.base import QueryCache
from talentseek.search.base import SearchHit, SearchRequest, SearchResults, Side
from talentseek.search.filters import boost_scores, check_constraint, filter_query
from talentseek.search.fusion import freshness_factors, reciprocal_rank_fusion
from talentseek.search.query import ParsedQuery, parse_query
from talentseek.search.tantivy_store import NONE, UNLISTED, TantivyPart, read_cards
from talentseek.search.tokens import sub_tokens
from talentseek.search.vectors import VectorStore

Q = tantivy.Query
MUST, SHOULD, MUST_NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot
FIELD_BOOSTS = {"title": 3.0, "skills": 2.0, "company": 1.0, "desc": 1.0}  # title > skills > description
SUB_WEIGHT = 0.5  # a sub-word of a query word (剪辑 in 短视频剪辑) counts half
POOL = 200  # candidates taken from each retriever before fusion
# dense weight in RRF, measured on benchmarks/qrels/search_dev.tsv (benchmarks/embed_bench.py, 35 queries;
# BM25 alone NDCG@10 0.838, R@50 0.900): the default static embedder gives 0.834 / 0.901 at w=0.05 and
# 0.826 / 0.902 at w=0.1 (fuse: 0.836 / 0.901 and 0.833 / 0.906). No weight beats BM25 on NDCG@10 here;
# dense is kept light for what keywords miss (paraphrases), not to reorder keyword matches.
DENSE_WEIGHT = 0.05


# work that runs beside the BM25 search, which it does not need: the nearest vectors (the query vector and
# the graph search, ~1.5 ms at 1M jobs) and the facet counts (a walk over every match, p50 ~5 ms). tantivy,
# faiss and numpy release the GIL, so on two cores a hybrid query with facets costs about what BM25 does
def _beside_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="search-beside")


BESIDE = _beside_pool()


def _new_pool_after_fork() -> None:
    """A forked child inherits the pool but not its threads: work submitted there would never run."""
    global BESIDE
    BESIDE = _beside_pool()


os.register_at_fork(after_in_child=_new_pool_after_fork)
FACETS = ("city", "district", "education", "exp_bucket", "job_type", "salary_band", "size")
FIELD_NAMES = {"title": "标题", "skills": "技能", "desc": "描述", "company": "公司"}


@dataclass
class Retrieved:
    """The fused ranking before paging: ids in order, their scores, and what each retriever said."""

    order: list[int]
    scores: dict[int, float]
    total: int
    bm25: dict[int, float] = field(default_factory=dict)
    dense: dict[int, float] = field(default_factory=dict)
    debug: dict[str, Any] = field(default_factory=dict)
    addrs: dict[int, Any] = field(default_factory=dict)  # id → tantivy DocAddress, to read its card


def keyword_query(schema: tantivy.Schema, parsed: ParsedQuery) -> tantivy.Query | None:
    """BM25 over the keyword tokens, each field boosted; None when the query has no keywords."""
    clauses = []
    for tok in parsed.keywords:
        # a keyword scores by its best field (+30% of the others): a word repeated in the skills list
        # and the description must not outweigh a second query word (dis_max, as in Lucene's DisjunctionMax)
        per_field = [Q.boost_query(Q.term_query(schema, f, tok), boost) for f, boost in FIELD_BOOSTS.items()]
        clauses.append((SHOULD, Q.disjunction_max_query(per_field, tie_breaker=0.3)))
        # its sub-words (剪辑 in 短视频剪辑) count half, summed over fields in one flat union: their lists are
        # long (工程师, 开发), and nested dis_max unions cost 30% more at 1M jobs (p50 7.50 vs 5.76 ms) for
        # NDCG@10 0.842 → 0.839 on the dev set (benchmarks/search_query_shapes.py)
        clauses.extend(
            (SHOULD, Q.boost_query(Q.term_query(schema, f, sub), boost * SUB_WEIGHT))
            for sub in sub_tokens(tok)
            for f, boost in FIELD_BOOSTS.items()
        )
    return Q.boolean_query(clauses) if clauses else None


def unknown_keywords(searcher: tantivy.Searcher, keywords: tuple[str, ...]) -> list[str]:
    """Keywords that no document holds in any field, neither whole nor through a sub-word."""
    return [
        tok
        for tok in keywords
        if not any(searcher.doc_freq(f, t) for t in (tok, *sub_tokens(tok)) for f in FIELD_BOOSTS)
    ]


def nothing_relevant(parsed: ParsedQuery, unknown: list[str]) -> ParsedQuery:
    """The query with a note naming the words no posting holds; the page shows the empty state."""
    note = f"没有任何结果包含：{'、'.join(unknown)}。请检查拼写，或换个常见的说法"
    return replace(parsed, notes=(*parsed.notes, note))


def bm25_query(kw: tantivy.Query, flt: tantivy.Query) -> tantivy.Query:
    """The keywords' BM25 over the documents passing the filters (which add nothing to the score)."""
    return Q.boolean_query([(MUST, kw), (MUST, Q.const_score_query(flt, 0.0))])


class Ranker:
    def __init__(self, part: TantivyPart, vectors: VectorStore | None, embed_query: QueryCache) -> None:
        self.part, self.vectors, self.embed_query = part, vectors, embed_query
        self.schema = part.schema

    def _filter(
        self, parsed: ParsedQuery, request: SearchRequest, side: Side, visibility: int | None
    ) -> tantivy.Query:
        clauses = filter_query(self.schema, parsed, request.filters)
        if side == "candidates" and visibility is not None:
            clauses.append(
                Q.boolean_query(
                    [
                        (SHOULD, Q.term_query(self.schema, "open_to_pool", True)),
                        (SHOULD, Q.term_query(self.schema, "applied", str(visibility))),
                    ]
                )
            )
        return Q.boolean_query(
            [(MUST, c) for c in clauses or [Q.all_query()]]
            + [(MUST_NOT, Q.term_query(self.schema, UNLISTED, True))]
        )

    def search(self, request: SearchRequest, side: Side, visibility: int | None = None) -> SearchResults:
        t0 = time.perf_counter()
        parsed = (request.parsed or parse_query(request.query, side)).without(request.removed)
        flt = self._filter(parsed, request, side, visibility)
        kw = keyword_query(self.schema, parsed)
        searcher = self.part.searcher()
        empty = self._nothing_relevant(searcher, parsed, request)
        if empty is not None:
            return empty
        offset = (request.page - 1) * request.k
        counting = None
        if request.facets:
            hard = tuple((c.field, repr(c.value)) for c in parsed.constraints if c.hard)
            key = (side, visibility, parsed.keywords, hard, request.filters)
            counting = BESIDE.submit(self._facets, searcher, flt, kw, key)
        if not request.hits:  # the page's second request: only the counts
            got = Retrieved([], {}, 0)
        elif request.sort != "relevance" or (kw is None and not self._dense_usable(request, parsed)):
            got = self._sorted(searcher, flt, kw, request, offset)
        else:
            got = self._relevance(searcher, flt, kw, parsed, request, offset + request.k)
        facets, total = counting.result() if counting is not None else ({}, 0)
        if not request.hits:
            got.total = total
        page_ids = got.order[offset : offset + request.k] if request.sort == "relevance" else got.order
        rows = read_cards(searcher, {i: got.addrs[i] for i in page_ids if i in got.addrs})
        hits = [self._hit(rows[i], got, i, parsed) for i in page_ids if i in rows]
        got.debug["ms"] = round((time.perf_counter() - t0) * 1000, 2)
        return SearchResults(
            parsed.to_dict(), tuple(hits), got.total, request.page, request.k, facets, got.debug
        )

    def _nothing_relevant(
        self, searcher: tantivy.Searcher, parsed: ParsedQuery, request: SearchRequest
    ) -> SearchResults | None:
        """An empty result when most keywords are in no posting (asdfgh 不存在的职位xyz).

        Without it such a query got 200 semantic neighbours, or every posting with the one common word
        left: filler. Half or fewer unknown (Java xyzcorp) still searches the known words.
        """
        unknown = unknown_keywords(searcher, parsed.keywords)
        if not unknown or 2 * len(unknown) <= len(parsed.keywords):
            return None
        known = [k for k in parsed.keywords if k not in unknown]
        query = nothing_relevant(parsed, unknown).to_dict()
        query["suggestions"] = [" ".join(known)] if known else []
        return SearchResults(query, (), 0, request.page, request.k, {}, {"unknown": unknown})

    def _dense_usable(self, request: SearchRequest, parsed: ParsedQuery) -> bool:
        return (
            request.mode != "bm25"
            and self.vectors is not None
            and len(self.vectors) > 0
            and bool(parsed.keywords)
        )

    def _sorted(
        self,
        searcher: tantivy.Searcher,
        flt: tantivy.Query,
        kw: tantivy.Query | None,
        request: SearchRequest,
        offset: int,
    ) -> Retrieved:
        """Sort by date or salary (newest first when the query has no keywords at all)."""
        q = flt if kw is None else Q.boolean_query([(MUST, kw), (MUST, Q.const_score_query(flt, 0.0))])
        order_field = "salary_top" if request.sort == "salary" else "posted"
        res = searcher.search(q, limit=request.k, offset=offset, order_by_field=order_field)
        addrs = [a for _, a in res.hits]
        ids = [int(v or 0) for v in searcher.fast_field_values("id", addrs)]
        total = int(getattr(res, "count", 0))
        return Retrieved(
            ids,
            dict.fromkeys(ids, 0.0),
            total,
            debug={"sort": order_field},
            addrs=dict(zip(ids, addrs, strict=True)),
        )

    def _bm25(
        self,
        searcher: tantivy.Searcher,
        flt: tantivy.Query,
        kw: tantivy.Query,
        parsed: ParsedQuery,
        limit: int,
    ) -> tuple[dict[int, float], int, dict[int, Any]]:
        """The BM25 pool with boosts and freshness applied: id → score, best first; the match count."""
        res = searcher.search(bm25_query(kw, flt), limit=limit)
        hits = res.hits  # a property that builds a new list of (score, address) on every access
        addrs = [a for _, a in hits]
        ids = cast(list[int], searcher.fast_field_values("id", addrs))  # every document has one
        raw = np.fromiter((s for s, _ in hits), np.float64, len(hits))
        posted = np.array(searcher.fast_field_values("posted", addrs), dtype=np.float64)  # None → nan
        scores = (raw + boost_scores(searcher, addrs, parsed)) * freshness_factors(posted, time.time())
        best = np.argsort(-scores, kind="stable")  # ties keep tantivy's order
        ranked = dict(zip([ids[i] for i in best], scores[best].tolist(), strict=True))
        return ranked, int(getattr(res, "count", 0)), dict(zip(ids, addrs, strict=True))

    def _near(self, parsed: ParsedQuery, limit: int) -> dict[int, float]:
        """Nearest vectors, id → similarity, best first, before any filter (see _admitted)."""
        assert self.vectors is not None
        return dict(self.vectors.search(self.embed_query(parsed.text), limit))

    def _relevance(
        self,
        searcher: tantivy.Searcher,
        flt: tantivy.Query,
        kw: tantivy.Query | None,
        parsed: ParsedQuery,
        request: SearchRequest,
        need: int,
    ) -> Retrieved:
        pool = max(POOL, need)
        pending = BESIDE.submit(self._near, parsed, pool) if self._dense_usable(request, parsed) else None
        bm25, total, addrs = self._bm25(searcher, flt, kw, parsed, pool) if kw is not None else ({}, 0, {})
        near = pending.result() if pending is not None else {}
        debug: dict[str, Any] = {"mode": request.mode, "bm25_hits": len(bm25), "dense_hits": len(near)}
        if self.vectors is not None and request.mode != "bm25":
            debug["vectors"] = f"{len(self.vectors)}/{searcher.num_docs} 篇已向量化；其余仅用关键词检索"
        if request.mode == "dense" and near:
            ranked = self._admitted(searcher, flt, list(near.items()), addrs, len(near))
        elif request.mode == "hybrid" and near:
            fused = reciprocal_rank_fusion([list(bm25), list(near)], weights=(1.0, DENSE_WEIGHT))
            ranked = self._admitted(searcher, flt, fused, addrs, need)
        else:
            ranked = list(bm25.items())  # already best first
        order = [i for i, _ in ranked]
        shown = sum(1 for i in order if i in addrs)  # unchecked neighbours are not promised as results
        return Retrieved(order, dict(ranked), max(total, shown), bm25, near, debug, addrs)

    def _admitted(
        self,
        searcher: tantivy.Searcher,
        flt: tantivy.Query,
        ranked: list[tuple[int, float]],
        addrs: dict[int, Any],
        need: int,
    ) -> list[tuple[int, float]]:
        """The ranking without the neighbours that fail the filters, checked once one reaches the page.

        BM25's pool passed the filters in tantivy. Dense-only neighbours are looked up only when one of
        them ranks within the first `need`: with RRF and a DENSE_WEIGHT < 1 they rank below every pooled
        keyword match, so a page of keyword results needs no lookup (checking every neighbour took 3.9 ms
        at 1M jobs). When one does, all are checked in one query. Unchecked neighbours stay in the
        order, past the page, but not in the total: a page that reaches them checks them first.
        """
        if all(i in addrs for i, _ in ranked[:need]):
            return ranked
        unknown = [i for i, _ in ranked if i not in addrs]
        # a disjunction of id terms: each is one dictionary lookup, while term_set_query walked the
        # whole id dictionary (7.5 vs 1.9 ms for 400 ids at 100k jobs, growing with the index)
        ids_q = Q.boolean_query([(SHOULD, Q.term_query(self.schema, "id", i)) for i in unknown])
        res = searcher.search(Q.boolean_query([(MUST, ids_q), (MUST, flt)]), limit=len(unknown), count=False)
        found = [a for _, a in res.hits]
        addrs.update(zip(cast(list[int], searcher.fast_field_values("id", found)), found, strict=True))
        return [(i, score) for i, score in ranked if i in addrs]

    def _facets(
        self, searcher: tantivy.Searcher, flt: tantivy.Query, kw: tantivy.Query | None, key: Any
    ) -> tuple[dict[str, list[tuple[str, int]]], int]:
        """Counts per facet value over the whole filtered, matching set, and its size (cached by query)."""
        q = flt if kw is None else Q.boolean_query([(MUST, kw), (MUST, flt)])
        spec: dict[str, Any] = {name: {"terms": {"field": name, "size": 15}} for name in FACETS}
        spec["_total"] = {"value_count": {"field": "id"}}

        def compute() -> tuple[dict[str, list[tuple[str, int]]], int]:
            try:
                agg = searcher.aggregate(q, spec)
            except ValueError:
                return {}, 0
            facets = {
                name: [
                    (b["key"], int(b["doc_count"]))
                    for b in agg.get(name, {}).get("buckets", [])
                    if b["key"] != NONE
                ]
                for name in FACETS
            }
            return facets, int(agg.get("_total", {}).get("value") or 0)

        result: tuple[dict[str, list[tuple[str, int]]], int] = self.part.cached(
            (key, searcher.num_docs, searcher.num_segments), compute
        )
        return result

    def _hit(self, row: dict[str, Any], got: Retrieved, doc_id: int, parsed: ParsedQuery) -> SearchHit:
        return card_hit(row, doc_id, got.scores.get(doc_id, 0.0), parsed, got.dense.get(doc_id))


def card_hit(
    card: dict[str, Any], doc_id: int, score: float, parsed: ParsedQuery, dense: float | None
) -> SearchHit:
    """A result from its stored card: the one hit shape every backend returns."""
    return SearchHit(
        id=doc_id,
        external_id=card.get("external_id"),
        title=card.get("title") or "",
        company=card.get("company"),
        city=card.get("city"),
        salary=card.get("salary") or {},
        score=round(score, 6),
        reasons=tuple(reasons_for(card, parsed, dense)),
        district=card.get("district"),
        posted_at=card.get("posted_at"),
        extra={
            "job_type": card.get("job_type"),
            "education": card.get("education"),
            "skills": card.get("skills", []),
        },
    )


def matched_terms(row: dict[str, Any], keywords: tuple[str, ...]) -> dict[str, list[str]]:
    """Which query keywords occur in which field of a result (for reasons and highlighting).

    A substring test on the lower-cased field: cheap enough for every hit of every query, and the
    keyword already came out of the same tokenizer that built the index.
    """
    fields = {
        "title": " ".join([row.get("title") or "", *row.get("titles", [])]).lower(),
        "skills": " ".join(row.get("skills") or []).lower(),
        "company": (row.get("company") or "").lower(),
        "desc": (row.get("description") or "").lower(),
    }
    out: dict[str, list[str]] = {}
    seen: set[str] = set()
    for name, text in fields.items():
        hit = [k for k in keywords if k not in seen and k.replace("_", " ") in text]
        if hit:
            out[name] = hit
            seen.update(hit)
    return out


def reasons_for(row: dict[str, Any], parsed: ParsedQuery, dense: float | None) -> list[str]:
    """Human reasons: matched terms per field, then each understood constraint checked on this result."""
    out = [f"{FIELD_NAMES[f]}命中：{'、'.join(ws)}" for f, ws in matched_terms(row, parsed.keywords).items()]
    for c in parsed.constraints:
        ok, why = check_constraint(c, row, parsed.side)
        if why and ok is not False:
            out.append(why)
    if dense is not None:
        out.append(f"语义相近（相似度 {dense:.2f}）")
    return out
