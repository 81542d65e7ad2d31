"""One tantivy index per kind (jobs, candidates) on disk: schema, document writing, id listing.

Text fields hold tokens pre-segmented by talentseek.text.tokenize and joined by spaces, indexed
with tantivy's whitespace tokenizer, so `spring_cloud` and `新媒体运营` stay single terms.
"""

from __future__ import annotations

import logging
import math
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import orjson
import tantivy

from talentseek.domain import JOB_TYPES
from talentseek.search.docs import FLOAT_FIELDS, INT_FIELDS, KEYWORD_FIELDS, IndexDoc
from talentseek.text.benefits import BENEFITS

TEXT_FIELDS = ("title", "skills", "desc", "company")
FLAG_FIELDS = ("fresh_ok", "open_to_pool")
# "x meets the bound, or x is not stated" as one range on one fast column per direction: x_or_hi holds
# x or, when unstated, UNSTATED_HI (so "x >= v" admits it); x_or_lo holds x or UNSTATED_LO ("x <= v").
# The union with has_x:false it replaces made tantivy walk both lists in 4,096-doc windows on every query.
STATED_OR = ("salary_top", "salary_bottom", "exp_min", "edu_rank", "size_min")
SCALE = {"exp_min": 10}  # integer columns: experience in tenths of a year
UNSTATED_LO, UNSTATED_HI = -1, 2**31 - 1
# jobs that take a fresh graduate: fresh_ok, no experience asked, or none stated (one term, not a union)
FRESH_PASS = "fresh_pass"
# closed jobs and inactive candidates: excluded with MUST_NOT on this short list, where MUST status:open
# intersected every query with a list of nearly every document
UNLISTED = "unlisted"
# benefits and job types as bit sets in one fast column each: ranking reads them for its candidate pool
BIT_FIELDS = {"benefit_bits": ("benefit", BENEFITS), "job_type_bits": ("job_type", JOB_TYPES)}
NONE = "_none"  # a keyword field with no value: lets filters say "unstated is not a miss"
WRITER_HEAP = 64_000_000  # incremental writes: small batches
# a rebuild writes every document at once, and the writer flushes a segment each time its memory reaches
# the budget: at 64 MB a million jobs left six segments, with 1 GB they stay in one (the writer only takes
# what it needs). Each segment costs every query its own term lookups, and every fast-column read opens
# the column once per segment: full search p50 at 1M, 6 segments vs 1, 7.83 vs 6.92 ms. tantivy's merges
# keep a live index to a few segments; `talentseek index rebuild` compacts it to one again
REBUILD_HEAP = 1_000_000_000
FACET_CACHE_SIZE = 512
FACET_CACHE_TTL_S = 30.0  # bounds staleness when another process (an import) writes the index
log = logging.getLogger(__name__)


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    for name in KEYWORD_FIELDS:
        sb.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    for name in FLOAT_FIELDS:
        sb.add_float_field(name, indexed=True, fast=True)
        sb.add_boolean_field(f"has_{name}", indexed=True, fast=True)
    for name in INT_FIELDS:
        sb.add_integer_field(name, indexed=True, fast=True)
        sb.add_boolean_field(f"has_{name}", indexed=True, fast=True)
    for name in FLAG_FIELDS:
        sb.add_boolean_field(name, indexed=True, fast=True)
    for name in STATED_OR:
        sb.add_integer_field(f"{name}_or_lo", indexed=False, fast=True)
        sb.add_integer_field(f"{name}_or_hi", indexed=False, fast=True)
    sb.add_boolean_field(FRESH_PASS, indexed=True, fast=False)
    sb.add_boolean_field(UNLISTED, indexed=True, fast=False)
    for name in BIT_FIELDS:
        sb.add_integer_field(name, indexed=False, fast=True)
    sb.add_text_field("job_type_ok", tokenizer_name="raw", index_option="basic")
    # the result card as JSON: a page of results is read from the index alone, no database round trip
    sb.add_bytes_field("card", stored=True)
    return sb.build()


def to_document(doc: IndexDoc) -> tantivy.Document:
    d = tantivy.Document()
    d.add_integer("id", doc.id)
    for name in TEXT_FIELDS:
        d.add_text(name, doc.text.get(name, ""))
    for name in KEYWORD_FIELDS:
        values = [v for v in doc.keywords.get(name, []) if v] or [NONE]
        for v in values:
            d.add_text(name, v)
    for name in (*FLOAT_FIELDS, *INT_FIELDS):
        num = doc.numbers.get(name)
        d.add_boolean(f"has_{name}", num is not None)
        if num is not None:
            if name in FLOAT_FIELDS:
                d.add_float(name, float(num))
            else:
                d.add_integer(name, int(num))
    for name in FLAG_FIELDS:
        d.add_boolean(name, bool(doc.flags.get(name, False)))
    for name in STATED_OR:
        num = doc.numbers.get(name)
        d.add_integer(f"{name}_or_lo", UNSTATED_LO if num is None else scaled(name, num, math.ceil))
        d.add_integer(f"{name}_or_hi", UNSTATED_HI if num is None else scaled(name, num, math.floor))
    exp = doc.numbers.get("exp_min")
    d.add_boolean(FRESH_PASS, bool(doc.flags.get("fresh_ok")) or exp is None or exp <= 0)
    for value in [v for v in doc.keywords.get("job_type", []) if v] or JOB_TYPES:
        d.add_text("job_type_ok", value)  # an unstated type admits every type filter
    d.add_boolean(UNLISTED, doc.keywords.get("status", ["open"]) != ["open"])
    for name, (source, vocabulary) in BIT_FIELDS.items():
        d.add_integer(name, bit_set(vocabulary, doc.keywords.get(source, [])))
    d.add_bytes("card", orjson.dumps(doc.card, option=orjson.OPT_NON_STR_KEYS))
    return d


def scaled(name: str, value: float, rounding: Callable[[float], int]) -> int:
    """A number on its integer column (bounds round inwards: ceil for <= columns, floor for >=)."""
    return max(0, min(UNSTATED_HI - 1, rounding(value * SCALE.get(name, 1))))


def bit_set(vocabulary: tuple[str, ...], values: list[str] | tuple[str, ...]) -> int:
    """Bit i set for each value that is vocabulary[i] (values outside the vocabulary are left out)."""
    return sum(1 << vocabulary.index(v) for v in set(values) if v in vocabulary)


def read_cards(searcher: tantivy.Searcher, addrs: dict[int, Any]) -> dict[int, dict[str, Any]]:
    """id → stored card for the given doc addresses (ids whose document has no card are left out)."""
    out = {}
    for doc_id, addr in addrs.items():
        raw = searcher.doc(addr).get_first("card")
        if raw:
            out[doc_id] = orjson.loads(raw)
    return out


class TantivyPart:
    """The on-disk index of one kind; a writer is opened only while writing."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.schema = build_schema()
        folder.mkdir(parents=True, exist_ok=True)
        self.stale = False  # True when an index of an older schema was found and emptied
        self.index = self._open(folder)
        self._facets: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._facets_lock = threading.Lock()

    def cached(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Facet counts by query: paging, sorting and the page's facet request reuse one aggregation.

        Cleared on every write here; the key should include the searcher's doc and segment counts.
        """
        now = time.monotonic()
        with self._facets_lock:
            hit = self._facets.get(key)
            if hit is not None and now - hit[0] < FACET_CACHE_TTL_S:
                self._facets.move_to_end(key)
                return hit[1]
        value = compute()
        with self._facets_lock:
            self._facets[key] = (now, value)
            while len(self._facets) > FACET_CACHE_SIZE:
                self._facets.popitem(last=False)
        return value

    def clear_cache(self) -> None:
        with self._facets_lock:
            self._facets.clear()

    def _open(self, folder: Path) -> tantivy.Index:
        try:
            return tantivy.Index(self.schema, path=str(folder), reuse=True)
        except ValueError:  # schema changed between versions: start empty; the next sync rebuilds
            log.warning("检索索引 %s 的结构已过期，已清空，将从数据库重建", folder)
            self.stale = True
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True, exist_ok=True)
            return tantivy.Index(self.schema, path=str(folder), reuse=True)

    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()

    def writer(self, heap: int = WRITER_HEAP) -> tantivy.IndexWriter:
        return self.index.writer(heap_size=heap, num_threads=1)

    def write(self, upserts: list[IndexDoc], deletes: list[int]) -> None:
        """Delete-then-add by id in one commit: replaying the same batch gives the same index."""
        w = self.writer()
        try:
            for doc_id in deletes + [d.id for d in upserts]:
                w.delete_documents_by_term("id", doc_id)
            for doc in upserts:
                w.add_document(to_document(doc))
            w.commit()
            w.wait_merging_threads()
        except BaseException:
            w.rollback()
            raise
        self.index.reload()
        self.clear_cache()

    def replace_with(self, staged: Path) -> None:
        """Swap a fully built index folder in place of this one (rebuild), then reopen."""
        old = self.folder.with_name(self.folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        self.folder.rename(old)
        staged.rename(self.folder)
        shutil.rmtree(old, ignore_errors=True)
        self.index = self._open(self.folder)
        self.stale = False
        self.clear_cache()

    def ids(self) -> set[int]:
        s = self.searcher()
        n = s.num_docs
        if n == 0:
            return set()
        hits = s.search(tantivy.Query.all_query(), limit=n, count=False).hits
        return {int(v or 0) for v in s.fast_field_values("id", [a for _, a in hits])}
