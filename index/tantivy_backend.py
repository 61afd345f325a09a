"""The embedded search backend: tantivy over pre-segmented tokens, no server.

Why tantivy (measured on 20,000 segmented genre documents, see DESIGN.md): 0.09 ms
median query with or without filters, against SQLite FTS5's 148 ms p95 once
region/date filters join in; n-gram and trigram tokenizers match across word
boundaries (图书记录 would match 书记).  Text arrives already tokenised by
:mod:`index.tokens` and is split on whitespace (tantivy's ``whitespace``
tokenizer), so segmentation is ours and identical to the Elasticsearch backend.

Where the time goes, and why the query is compiled the way it is (measured on
generated genre reports, 100k–1M documents, ``bench/search.py``):

- **Words** are matched whole: a query word that is one word of jieba's
  ordinary cut is a single term (平均年龄, not the phrase 平均 年龄 平均年龄 of
  search mode), see :func:`index.tokens.phrase_anchors`.
- **Phrases** of several words (村党组织书记 = 村 + 党组织书记, "两委 干部") match
  adjacent-word *pair terms* (field ``pairs``).  A positional phrase over
  common words had to walk most of the corpus — tantivy's phrase scorer seeks
  its first match when it is built, before any filter narrows the set — and
  made the p95 (60 ms at 100k documents).  Titles keep a positional phrase on
  the anchor words (short field).
- **Filters**: region, outlet, ``has:`` are keyword terms; date and metric
  ranges go through the term dictionary (``use_inverted_index``), giving a
  posting-list filter instead of a column scan per query.
- **Collapsing** duplicates excludes the posting list of a ``dup:copy`` marker
  on non-canonical copies (left out when the index has none) instead of a
  ``canonical == 1`` column filter over every match.
- **Facets** are terms aggregations on fast columns (all seven together: about
  100 ns per matching document plus ~4 ms fixed at 1M documents), exact up to
  :data:`FACET_EXACT_LIMIT` matches, estimated from a hash-bucket sample of
  20k–40k documents beyond (``SearchResult.facets_exact``; a value with a 1 %
  share is then within about ±7 %), and cached per commit and query.  The
  empty query (landing page) is always exact: ~90 ms once per commit at 1M.
- **Totals** are exact: the count rides along the top-k collection, which has
  to visit every match for the relevance order anyway.

On disk: ``<index_path>/current`` names the live generation folder
(``gen-<time>``); :meth:`TantivyBackend.rebuild` writes a new generation and
switches the pointer atomically, so a running web app keeps answering from the
old generation and picks up the new one on its next search.
"""
from __future__ import annotations

import json
import math
import os
import shutil
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import tantivy

from huanjie import codebook
from index.base import BackendError, SearchResult, Sort, check_paging, hit_from_payload
from index.documents import DATE_KEY_FACTOR, SAMPLE_MOD, IndexDoc, index_fields
from index.facets import FACETS, FETCH_SIZE, TIMELINE_FIELD, facet_values, timeline
from index.query import (And, DateFilter, HasFilter, MetricFilter, Node, Not, Or, OutletFilter,
                         ParsedQuery, RegionFilter, Terms, parse)
from index.tokens import TOKENIZER_VERSION, pair_terms, phrase_anchors

KEYWORD_FIELDS = ("region_codes", "region_names", "outlet", "has",
                  "f_province", "f_city", "f_county", "f_year", "f_month", "f_metric")
#: Bumped whenever the schema or what is indexed changes: an index built by
#: another version is refused (rebuild it), never half-read.
SCHEMA_VERSION = 2
#: Marker term on every non-canonical copy: collapsing excludes this (short)
#: posting list instead of filtering all documents on a column.
COPY_FIELD, COPY_TERM = "dup", "copy"
PAIRS_FIELD = "pairs"
#: Every document falls in one of SAMPLE_BUCKETS buckets (``index_fields`` "sample").
SAMPLE_FIELD, SAMPLE_BUCKETS = "sample", SAMPLE_MOD
#: Facets are counted exactly up to this many matches and estimated from a sample beyond.
FACET_EXACT_LIMIT = 20_000
FACET_CACHE_SIZE = 256
METRIC_FIELDS = {m.key: f"m_{m.key}" for m in codebook.METRICS}
_U64_MAX = 2**63 - 1


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("doc_id", stored=True, indexed=True, fast=True)
    sb.add_text_field("content", stored=False, tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("title", stored=False, tokenizer_name="whitespace", index_option="position")
    sb.add_text_field(PAIRS_FIELD, stored=False, tokenizer_name="whitespace", index_option="freq")
    for f in KEYWORD_FIELDS:
        sb.add_text_field(f, stored=False, fast=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field(COPY_FIELD, stored=False, tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("pub_day", indexed=True, fast=True)
    sb.add_unsigned_field("date_key", indexed=True, fast=True)
    sb.add_unsigned_field("canonical", indexed=True, fast=True)
    sb.add_unsigned_field(SAMPLE_FIELD, indexed=True, fast=False)
    for f in METRIC_FIELDS.values():
        sb.add_float_field(f, indexed=True, fast=True)
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


def _to_doc(rec: dict[str, Any]) -> tantivy.Document:
    d = tantivy.Document()
    d.add_unsigned("doc_id", rec["doc_id"])
    d.add_text("content", rec["content"])
    d.add_text("title", rec["title"])
    d.add_text(PAIRS_FIELD, rec["pairs"])
    for f in KEYWORD_FIELDS:
        v = rec[f]
        for item in (v if isinstance(v, list) else [v]):
            if item:
                d.add_text(f, item)
    d.add_unsigned("pub_day", rec["pub_day"])
    d.add_unsigned("date_key", rec["date_key"])
    d.add_unsigned("canonical", rec["canonical"])
    d.add_unsigned(SAMPLE_FIELD, rec["sample"])
    if not rec["canonical"]:
        d.add_text(COPY_FIELD, COPY_TERM)
    for key, vals in rec["metrics"].items():
        for v in vals:
            d.add_float(METRIC_FIELDS[key], float(v))
    d.add_bytes("payload", json.dumps(rec["payload"], ensure_ascii=False).encode("utf-8"))
    return d


class TantivyBackend:
    """:class:`index.base.SearchBackend` on an embedded tantivy index at ``path``."""

    name = "embedded"

    def __init__(self, path: str | os.PathLike, *, create: bool = True):
        self.root = Path(path)
        self.schema = _schema()
        self._gen: str | None = None
        self._index: tantivy.Index | None = None
        self._pointer_sig: tuple | None = None
        self._writes = 0
        self._facet_cache: OrderedDict = OrderedDict()
        if create:
            self.root.mkdir(parents=True, exist_ok=True)
            if self._current() is None:
                self._switch(self._new_generation([]))
        elif self._current() is None:
            raise BackendError(f"no search index at {self.root}; build it with `huanjie index`")

    # ------------------------------------------------------------ storage

    def _current(self) -> str | None:
        try:
            name = (self.root / "current").read_text().strip()
        except OSError:
            return None
        return name if name and (self.root / name).is_dir() else None

    def _open(self) -> tantivy.Index:
        # one stat per search: the pointer file is replaced (new inode) on every rebuild
        try:
            st = os.stat(self.root / "current")
            sig = (st.st_ino, st.st_mtime_ns)
        except OSError:
            sig = None
        if sig is not None and sig == self._pointer_sig and self._index is not None:
            return self._index
        self._pointer_sig = sig
        cur = self._current()
        if cur is None:
            raise BackendError(f"no search index at {self.root}; build it with `huanjie index`")
        if cur != self._gen or self._index is None:
            meta = self._meta(cur)
            if meta.get("tokenizer") != TOKENIZER_VERSION:
                raise BackendError(
                    f"the index at {self.root} was built with tokenizer {meta.get('tokenizer')!r}, "
                    f"this version uses {TOKENIZER_VERSION!r}; rebuild it with `huanjie index --rebuild`")
            if meta.get("schema", 1) != SCHEMA_VERSION:
                raise BackendError(
                    f"the index at {self.root} has schema version {meta.get('schema', 1)}, this version "
                    f"reads {SCHEMA_VERSION}; rebuild it with `huanjie index --rebuild`")
            self._index = tantivy.Index(self.schema, path=str(self.root / cur), reuse=True)
            self._gen = cur
        return self._index

    def _meta(self, gen: str) -> dict:
        try:
            return json.loads((self.root / gen / "huanjie-meta.json").read_text())
        except (OSError, ValueError):
            return {}

    def _new_generation(self, docs: Iterable[IndexDoc]) -> str:
        return self._new_generation_records(index_fields(d) for d in docs)

    def _new_generation_records(self, records: Iterable[dict[str, Any]]) -> str:
        gen = f"gen-{time.time_ns()}"
        path = self.root / gen
        path.mkdir(parents=True)
        idx = tantivy.Index(self.schema, path=str(path), reuse=False)
        writer = idx.writer(heap_size=256_000_000, num_threads=2)
        n = 0
        for rec in records:
            writer.add_document(_to_doc(rec))
            n += 1
        writer.commit()
        writer.wait_merging_threads()
        (path / "huanjie-meta.json").write_text(json.dumps(
            {"tokenizer": TOKENIZER_VERSION, "schema": SCHEMA_VERSION, "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "docs": n}))
        self._last_count = n
        return gen

    def _switch(self, gen: str) -> None:
        old = self._current()
        tmp = self.root / "current.tmp"
        tmp.write_text(gen)
        os.replace(tmp, self.root / "current")
        self._index, self._gen = None, None
        if old and old != gen:
            shutil.rmtree(self.root / old, ignore_errors=True)

    # ------------------------------------------------------------ writes

    def rebuild(self, docs: Iterable[IndexDoc]) -> int:
        gen = self._new_generation(docs)
        self._switch(gen)
        return self._last_count

    def rebuild_records(self, records: Iterable[dict[str, Any]]) -> int:
        """:meth:`rebuild` from records already made by ``index_fields`` (benchmarks, token caches)."""
        self._switch(self._new_generation_records(records))
        return self._last_count

    def upsert(self, docs: Iterable[IndexDoc]) -> int:
        idx = self._open()
        writer = idx.writer(heap_size=64_000_000, num_threads=1)
        n = 0
        for doc in docs:
            writer.delete_documents_by_query(self._u64_eq("doc_id", int(doc.doc_id)))
            writer.add_document(_to_doc(index_fields(doc)))
            n += 1
        self._commit(idx, writer)
        return n

    def delete(self, doc_ids: Iterable[int]) -> int:
        idx = self._open()
        writer = idx.writer(heap_size=15_000_000, num_threads=1)
        n = 0
        for d in doc_ids:
            writer.delete_documents_by_query(self._u64_eq("doc_id", int(d)))
            n += 1
        self._commit(idx, writer)
        return n

    def _commit(self, idx: Any, writer: Any) -> None:
        """Make a write visible to this process's searches and drop cached facets."""
        writer.commit()
        writer.wait_merging_threads()
        idx.reload()
        self._writes += 1
        self._facet_cache.clear()

    def count(self) -> int:
        return self._open().searcher().num_docs

    def close(self) -> None:
        self._index = None

    # ------------------------------------------------------------ queries

    def compile(self, pq: ParsedQuery, *, collapse: bool = True,
                searcher: tantivy.Searcher | None = None) -> tantivy.Query:
        """The tantivy query for a parsed query (public for tests and the benchmark).

        With ``searcher`` given, collapsing is left out when the index holds no
        copies at all (the exclusion still costs a pass over every match).
        """
        Q, Occur = tantivy.Query, tantivy.Occur
        root = self._node(pq.root) if pq.root is not None else Q.all_query()
        if not collapse or (searcher is not None and searcher.doc_freq(COPY_FIELD, COPY_TERM) == 0):
            return root
        return Q.boolean_query([(Occur.Must, root),
                                (Occur.MustNot, Q.term_query(self.schema, COPY_FIELD, COPY_TERM))])

    def _u64_eq(self, field: str, value: int) -> tantivy.Query:
        # A term query built from a Python int carries an i64 term and never matches
        # an unsigned field (tantivy-py 0.25); a one-value range is exact and typed.
        return tantivy.Query.range_query(self.schema, field, tantivy.FieldType.Unsigned, value, value)

    def _filter(self, q: tantivy.Query) -> tantivy.Query:
        return tantivy.Query.const_score_query(q, 0.0)

    def _node(self, node: Node) -> tantivy.Query:
        Q, Occur, s = tantivy.Query, tantivy.Occur, self.schema
        if isinstance(node, Terms):
            anchors = phrase_anchors(node.tokens)
            if len(anchors) == 1:
                return Q.term_query(s, node.field, anchors[0][1])
            if node.field == "content":  # adjacent words: one pair term each, no position walk
                pairs = pair_terms([w for _, w in anchors])
                return Q.boolean_query([(Occur.Must, Q.term_query(s, PAIRS_FIELD, p)) for p in pairs])
            first = anchors[0][0]
            return Q.phrase_query(s, node.field, [(pos - first, tok) for pos, tok in anchors])
        if isinstance(node, And):
            parts = []
            for c in node.children:
                if isinstance(c, Not):
                    parts.append((Occur.MustNot, self._node(c.child)))
                else:
                    parts.append((Occur.Must, self._node(c)))
            if all(o == Occur.MustNot for o, _ in parts):
                parts.insert(0, (Occur.Must, Q.all_query()))
            return Q.boolean_query(parts)
        if isinstance(node, Or):
            return Q.boolean_query([(Occur.Should, self._node(c)) for c in node.children])
        if isinstance(node, Not):
            return Q.boolean_query([(Occur.Must, Q.all_query()), (Occur.MustNot, self._node(node.child))])
        if isinstance(node, RegionFilter):
            subs = []
            if node.codes:
                subs.append(Q.term_set_query(s, "region_codes", list(node.codes)))
            if node.names:
                subs.append(Q.term_set_query(s, "region_names", list(node.names)))
            q = subs[0] if len(subs) == 1 else Q.boolean_query([(Occur.Should, x) for x in subs])
            return self._filter(q)
        if isinstance(node, OutletFilter):
            return self._filter(Q.term_query(s, "outlet", node.outlet))
        if isinstance(node, DateFilter):
            lo = node.lo if node.lo is not None else 1
            hi = node.hi if node.hi is not None else 99991231
            # through the term dictionary: a date range is a few thousand day terms whose
            # postings form the filter, instead of a scan of the pub_day column per query
            return self._filter(Q.range_query(s, "pub_day", tantivy.FieldType.Unsigned, lo, hi,
                                              use_inverted_index=True))
        if isinstance(node, MetricFilter):
            if node.op is None:
                return self._filter(Q.term_query(s, "f_metric", node.key))
            f, v = METRIC_FIELDS[node.key], float(node.value)
            lo, hi, inc_lo, inc_hi = -1e308, 1e308, True, True
            if node.op in (">", ">="):
                lo, inc_lo = v, node.op == ">="
            elif node.op in ("<", "<="):
                hi, inc_hi = v, node.op == "<="
            else:
                lo = hi = v
            return self._filter(Q.range_query(s, f, tantivy.FieldType.Float, lo, hi, inc_lo, inc_hi,
                                              use_inverted_index=True))
        if isinstance(node, HasFilter):
            return self._filter(Q.term_query(s, "has", node.what))
        raise TypeError(f"cannot compile {node!r}")

    def search(self, query: str | ParsedQuery, *, page: int = 1, per_page: int = 20,
               sort: Sort = "relevance", collapse: bool = True, facets: bool = True,
               facet_size: int = 50) -> SearchResult:
        pq = parse(query) if isinstance(query, str) else query
        check_paging(page, per_page, sort)
        idx = self._open()
        searcher = idx.searcher()
        q = self.compile(pq, collapse=collapse, searcher=searcher)
        offset = (page - 1) * per_page
        if sort == "relevance":
            res = searcher.search(q, per_page, count=True, offset=offset)
        else:
            order = tantivy.Order.Desc if sort == "date_desc" else tantivy.Order.Asc
            res = searcher.search(q, per_page, count=True, order_by_field="date_key",
                                  offset=offset, order=order)
        hits = []
        for score, addr in res.hits:
            doc = searcher.doc(addr)
            payload = json.loads(doc.get_first("payload"))
            hits.append(hit_from_payload(int(doc.get_first("doc_id")), float(score) if sort == "relevance" else 0.0,
                             payload, pq))
        total = int(res.count or 0)
        fac: dict = {}
        tl: list = []
        exact = True
        if facets:
            fac, tl, exact = self._facets(searcher, pq, q, collapse, total, facet_size)
        return SearchResult(total=total, hits=hits, facets=fac, timeline=tl,
                            query=pq, page=page, per_page=per_page, facets_exact=exact)

    def _facets(self, searcher: tantivy.Searcher, pq: ParsedQuery, q: tantivy.Query, collapse: bool,
                total: int, facet_size: int) -> tuple[dict, list, bool]:
        """Facets and timeline of the match set: cached per commit; sampled above :data:`FACET_EXACT_LIMIT`.

        Why: a terms aggregation visits every matching document once per facet,
        which for a broad query over a million documents costs hundreds of
        milliseconds.  Above the limit the aggregation runs over the documents
        whose ``sample`` bucket is below ``k`` (a hash of the id, so the sample
        is not biased by date or source) and counts are scaled by ``64 / k``;
        ``facets_exact`` says so.  Results are cached per (commit, query), so the
        landing page (the empty query) and paging cost one aggregation.
        """
        key = (self._commit_key(), pq.describe(), collapse, facet_size)
        hit = self._facet_cache.get(key)
        if hit is not None:
            self._facet_cache.move_to_end(key)
            return hit
        scale, exact, agg_q = 1.0, True, q
        if total > FACET_EXACT_LIMIT and pq.root is not None:
            k = max(1, math.ceil(SAMPLE_BUCKETS * FACET_EXACT_LIMIT / total))
            if k < SAMPLE_BUCKETS:
                Q, Occur = tantivy.Query, tantivy.Occur
                sample = Q.range_query(self.schema, SAMPLE_FIELD, tantivy.FieldType.Unsigned, 0, k - 1,
                                       use_inverted_index=True)
                agg_q = Q.boolean_query([(Occur.Must, q), (Occur.Must, self._filter(sample))])
                scale, exact = SAMPLE_BUCKETS / k, False
        aggs = {name: {"terms": {"field": f, "size": FETCH_SIZE}} for name, f in FACETS.items()}
        aggs["_timeline"] = {"terms": {"field": TIMELINE_FIELD, "size": FETCH_SIZE}}
        raw = searcher.aggregate(agg_q, aggs)
        buckets = {name: {b["key"]: int(round(int(b["doc_count"]) * scale))
                          for b in raw.get(name, {}).get("buckets", [])}
                   for name in aggs}
        out = ({name: facet_values(name, buckets[name], facet_size) for name in FACETS},
               timeline(buckets["_timeline"]), exact)
        self._facet_cache[key] = out
        while len(self._facet_cache) > FACET_CACHE_SIZE:
            self._facet_cache.popitem(last=False)
        return out

    def _commit_key(self) -> tuple:
        """Changes with every commit to the live generation (tantivy rewrites meta.json)."""
        try:
            st = os.stat(self.root / (self._gen or "") / "meta.json")
            return (self._gen, st.st_mtime_ns, st.st_size, self._writes)
        except OSError:
            return (self._gen, None, None, self._writes)

    def scan(self, query: str | ParsedQuery, *, collapse: bool = True, batch: int = 1000) -> Iterator[int]:
        """Every match, newest first, by keyset paging on the unique ``date_key``.

        Each batch asks for keys below the last one seen (no growing offset, so an
        export of a million documents is linear), and the id is read from the key
        itself (``day * DATE_KEY_FACTOR + doc_id``) without loading stored payloads.
        """
        pq = parse(query) if isinstance(query, str) else query
        searcher = self._open().searcher()
        base = self.compile(pq, collapse=collapse, searcher=searcher)
        Q, Occur = tantivy.Query, tantivy.Occur
        q = base
        while True:
            res = searcher.search(q, batch, count=False, order_by_field="date_key", order=tantivy.Order.Desc)
            if not res.hits:
                return
            for key, _ in res.hits:
                yield int(key) % DATE_KEY_FACTOR
            last = int(res.hits[-1][0])
            if len(res.hits) < batch or last == 0:
                return
            below = Q.range_query(self.schema, "date_key", tantivy.FieldType.Unsigned, 0, last - 1)
            q = Q.boolean_query([(Occur.Must, base), (Occur.Must, self._filter(below))])
