"""The Elasticsearch backend: the same records and query semantics on a cluster, for scale-out.

Requests are plain Elasticsearch 8/9 REST (OpenSearch accepts the same bodies):

- an **index template** (``<alias>-template`` for ``<alias>-*``) with a
  ``whitespace`` analyzer and no lowercase filter, over the token strings made by
  :mod:`index.tokens` — so Elasticsearch never segments Chinese itself and agrees
  term for term with the embedded backend;
- **bulk** indexing into a fresh concrete index ``<alias>-<time>``, then one
  atomic ``_aliases`` call moves the alias and the old index is deleted: readers
  see the old index until the new one is complete (zero-downtime reindex);
- ``from``/``size`` for pages within the first 10,000 hits, **search_after** on
  the unique ``date_key`` sort beyond that and in :meth:`ElasticBackend.scan`;
- **terms aggregations** for facets, counted on the same keys as the embedded
  backend, ordered and truncated by :mod:`index.facets` (always exact here; the
  embedded backend estimates them above 20k matches and says so);
- the same word semantics as the embedded backend: a query word that is one word
  of the ordinary cut is a ``term`` (found inside longer words too), several
  words match adjacent-word ``pairs`` terms computed by ``index_fields``.

The client sends plain ``application/json`` (not the ``compatible-with=9`` media
type of client 9), which ES 8 and ES 9 both accept.  Every transport or API
error becomes :class:`index.base.BackendError` with the URL and what to do.
"""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from huanjie import codebook
from index.base import BackendError, SearchResult, Sort, check_paging, hit_from_payload
from index.documents import IndexDoc, index_fields
from index.facets import FACETS, FETCH_SIZE, TIMELINE_FIELD, facet_values, timeline
from index.query import (And, DateFilter, HasFilter, MetricFilter, Node, Not, Or, OutletFilter,
                         ParsedQuery, RegionFilter, Terms, parse)
from index.tokens import TOKENIZER_VERSION, pair_terms, phrase_anchors

MAX_WINDOW = 10_000
#: Same meaning as in the embedded backend: what the records hold (pairs since 2).
SCHEMA_VERSION = 2
BULK_CHUNK = 500
_KEYWORDS = ("region_codes", "region_names", "outlet", "has",
             "f_province", "f_city", "f_county", "f_year", "f_month", "f_metric")


def template_body() -> dict[str, Any]:
    """Settings and mappings of every huanjie index (kept in one function for the docs and tests)."""
    props: dict[str, Any] = {
        "doc_id": {"type": "long"},
        "content": {"type": "text", "analyzer": "hj_tokens", "norms": True},
        "title": {"type": "text", "analyzer": "hj_tokens"},
        "pairs": {"type": "text", "analyzer": "hj_tokens", "index_options": "freqs"},
        "pub_day": {"type": "integer"},
        "date_key": {"type": "long"},
        "canonical": {"type": "integer"},
        "sample": {"type": "integer"},
        "metrics": {"properties": {m.key: {"type": "double"} for m in codebook.METRICS}},
        "payload": {"type": "object", "enabled": False},
    }
    for f in _KEYWORDS:
        props[f] = {"type": "keyword"}
    return {
        "settings": {
            "number_of_shards": 1,
            "analysis": {"analyzer": {"hj_tokens": {"type": "custom", "tokenizer": "whitespace"}}},
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"tokenizer": TOKENIZER_VERSION, "schema": SCHEMA_VERSION},
            "properties": props,
        },
    }


class ElasticBackend:
    """:class:`index.base.SearchBackend` on Elasticsearch (or a compatible server) at ``url``."""

    name = "es"

    def __init__(self, url: str, alias: str = "huanjie", *, timeout: float = 30.0, client: Any = None):
        from elasticsearch import Elasticsearch

        self.url = url
        self.alias = alias
        self.es = client or Elasticsearch(
            url, request_timeout=timeout, max_retries=1, retry_on_timeout=False,
            headers={"accept": "application/json", "content-type": "application/json"},
        )
        self._call(self.es.info)  # fail early and clearly when the cluster is unreachable
        self._call(self.es.indices.put_index_template, name=f"{alias}-template",
                   index_patterns=[f"{alias}-*"], template=template_body(), priority=200)

    # ------------------------------------------------------------ plumbing

    def _call(self, fn, *args, **kwargs):
        from elastic_transport import ConnectionError as ConnError, TransportError
        from elasticsearch import ApiError

        try:
            return fn(*args, **kwargs)
        except ConnError as exc:
            raise BackendError(
                f"Elasticsearch at {self.url} is unreachable ({exc.message if hasattr(exc, 'message') else exc}); "
                "start the cluster, fix HUANJIE_ES_URL, or use the embedded backend") from None
        except ApiError as exc:
            raise BackendError(f"Elasticsearch at {self.url} refused the request: {exc.meta.status} {exc.message}") from None
        except TransportError as exc:
            raise BackendError(f"Elasticsearch at {self.url} failed: {exc}") from None

    def _concrete(self) -> list[str]:
        if not self._call(self.es.indices.exists_alias, name=self.alias):
            return []
        return sorted(self._call(self.es.indices.get_alias, name=self.alias).body)

    def _ensure_index(self) -> None:
        if not self._concrete():
            name = f"{self.alias}-{time.time_ns()}"
            self._call(self.es.indices.create, index=name)
            self._call(self.es.indices.update_aliases, actions=[{"add": {"index": name, "alias": self.alias}}])

    def _bulk(self, index: str, actions: Iterable[dict]) -> int:
        from elasticsearch import helpers

        n = 0
        chunk: list[dict] = []

        def flush() -> None:
            nonlocal n, chunk
            if not chunk:
                return
            ok, errors = self._call(helpers.bulk, self.es, chunk, raise_on_error=False,
                                    raise_on_exception=False, chunk_size=BULK_CHUNK)
            if errors:
                raise BackendError(f"Elasticsearch bulk indexing failed for {len(errors)} documents: {errors[:1]}")
            n += ok
            chunk = []

        for a in actions:
            a.setdefault("_index", index)
            chunk.append(a)
            if len(chunk) >= BULK_CHUNK:
                flush()
        flush()
        return n

    @staticmethod
    def _source(rec: dict) -> dict:
        return rec

    # ------------------------------------------------------------ writes

    def rebuild(self, docs: Iterable[IndexDoc]) -> int:
        new = f"{self.alias}-{time.time_ns()}"
        self._call(self.es.indices.create, index=new)
        try:
            n = self._bulk(new, ({"_id": str(d.doc_id), "_source": index_fields(d)} for d in docs))
            self._call(self.es.indices.refresh, index=new)
        except BaseException:
            self._call(self.es.indices.delete, index=new, ignore_unavailable=True)
            raise
        old = self._concrete()
        actions = [{"remove": {"index": o, "alias": self.alias}} for o in old]
        actions.append({"add": {"index": new, "alias": self.alias}})
        self._call(self.es.indices.update_aliases, actions=actions)
        for o in old:
            self._call(self.es.indices.delete, index=o, ignore_unavailable=True)
        return n

    def upsert(self, docs: Iterable[IndexDoc]) -> int:
        self._ensure_index()
        n = self._bulk(self.alias, ({"_id": str(d.doc_id), "_source": index_fields(d)} for d in docs))
        self._call(self.es.indices.refresh, index=self.alias)
        return n

    def delete(self, doc_ids: Iterable[int]) -> int:
        self._ensure_index()
        ids = [str(int(d)) for d in doc_ids]
        if not ids:
            return 0
        from elasticsearch import helpers

        ok, _ = self._call(helpers.bulk, self.es,
                           ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in ids),
                           raise_on_error=False, raise_on_exception=False)
        self._call(self.es.indices.refresh, index=self.alias)
        return ok

    def count(self) -> int:
        if not self._concrete():
            return 0
        return int(self._call(self.es.count, index=self.alias)["count"])

    def close(self) -> None:
        self.es.close()

    def drop(self) -> None:
        """Delete every index behind the alias and the template (tests and ``--rebuild``)."""
        for o in self._concrete():
            self._call(self.es.indices.delete, index=o, ignore_unavailable=True)
        try:
            self.es.indices.delete_index_template(name=f"{self.alias}-template")
        except Exception:  # noqa: BLE001 - already gone
            pass

    # ------------------------------------------------------------ queries

    def compile(self, pq: ParsedQuery, *, collapse: bool = True) -> dict:
        """The Elasticsearch query DSL for a parsed query (public for tests)."""
        must = [self._node(pq.root)] if pq.root is not None else []
        filt = [{"term": {"canonical": 1}}] if collapse else []
        if not must and not filt:
            return {"match_all": {}}
        return {"bool": {"must": must or [{"match_all": {}}], "filter": filt}}

    def _node(self, node: Node) -> dict:
        if isinstance(node, Terms):
            anchors = phrase_anchors(node.tokens)
            if len(anchors) == 1:  # one word of the ordinary cut: a term, as in the embedded backend
                return {"term": {node.field: anchors[0][1]}}
            if node.field == "content":  # adjacent word pairs, as in the embedded backend
                return {"bool": {"must": [{"term": {"pairs": p}} for p in pair_terms([w for _, w in anchors])]}}
            return {"span_near": {"clauses": [{"span_term": {node.field: t}} for t in node.tokens],
                                  "slop": 0, "in_order": True}}
        if isinstance(node, And):
            must = [self._node(c) for c in node.children if not isinstance(c, Not)]
            must_not = [self._node(c.child) for c in node.children if isinstance(c, Not)]
            return {"bool": {"must": must or [{"match_all": {}}], "must_not": must_not}}
        if isinstance(node, Or):
            return {"bool": {"should": [self._node(c) for c in node.children], "minimum_should_match": 1}}
        if isinstance(node, Not):
            return {"bool": {"must": [{"match_all": {}}], "must_not": [self._node(node.child)]}}
        if isinstance(node, RegionFilter):
            subs = []
            if node.codes:
                subs.append({"terms": {"region_codes": list(node.codes)}})
            if node.names:
                subs.append({"terms": {"region_names": list(node.names)}})
            return _filter({"bool": {"should": subs, "minimum_should_match": 1}})
        if isinstance(node, OutletFilter):
            return _filter({"term": {"outlet": node.outlet}})
        if isinstance(node, DateFilter):
            rng: dict[str, int] = {"gte": node.lo if node.lo is not None else 1}
            rng["lte"] = node.hi if node.hi is not None else 99991231
            return _filter({"range": {"pub_day": rng}})
        if isinstance(node, MetricFilter):
            if node.op is None:
                return _filter({"term": {"f_metric": node.key}})
            op = {">": "gt", ">=": "gte", "<": "lt", "<=": "lte"}.get(node.op)
            rng2 = {op: node.value} if op else {"gte": node.value, "lte": node.value}
            return _filter({"range": {f"metrics.{node.key}": rng2}})
        if isinstance(node, HasFilter):
            return _filter({"term": {"has": node.what}})
        raise TypeError(f"cannot compile {node!r}")

    def search(self, query: str | ParsedQuery, *, page: int = 1, per_page: int = 20,
               sort: Sort = "relevance", collapse: bool = True, facets: bool = True,
               facet_size: int = 50) -> SearchResult:
        pq = parse(query) if isinstance(query, str) else query
        check_paging(page, per_page, sort)
        if not self._concrete():
            raise BackendError(f"no index {self.alias!r} on {self.url}; build it with `huanjie index --backend es`")
        q = self.compile(pq, collapse=collapse)
        sort_spec = _sort(sort)
        offset = (page - 1) * per_page
        body: dict[str, Any] = {"query": q, "size": per_page, "track_total_hits": True,
                                "_source": ["doc_id", "payload"]}
        if facets:
            aggs = {name: {"terms": {"field": f, "size": FETCH_SIZE}} for name, f in FACETS.items()}
            aggs["_timeline"] = {"terms": {"field": TIMELINE_FIELD, "size": FETCH_SIZE}}
            body["aggs"] = aggs
        body["sort"] = sort_spec
        if offset + per_page <= MAX_WINDOW:
            body["from"] = offset
            resp = self._call(self.es.search, index=self.alias, body=body)
        else:
            resp = self._deep_page(q, body, offset)
        hits = [hit_from_payload(int(h["_source"]["doc_id"]),
                                 float(h.get("_score") or 0.0) if sort == "relevance" else 0.0,
                                 h["_source"].get("payload") or {}, pq)
                for h in resp["hits"]["hits"]]
        fac: dict = {}
        tl: list = []
        if facets:
            raw = resp.get("aggregations") or {}
            buckets = {name: {str(b["key"]): int(b["doc_count"]) for b in raw.get(name, {}).get("buckets", [])}
                       for name in list(FACETS) + ["_timeline"]}
            fac = {name: facet_values(name, buckets[name], facet_size) for name in FACETS}
            tl = timeline(buckets["_timeline"])
        return SearchResult(total=int(resp["hits"]["total"]["value"]), hits=hits, facets=fac, timeline=tl,
                            query=pq, page=page, per_page=per_page)

    def _deep_page(self, q: dict, body: dict, offset: int) -> Any:
        """Pages past the 10,000-hit window: walk with ``search_after`` (relevance ties by date_key)."""
        walk_sort = body["sort"]
        after = None
        skipped = 0
        while skipped < offset:
            step = min(MAX_WINDOW, offset - skipped)
            req: dict[str, Any] = {"query": q, "size": step, "sort": walk_sort, "_source": False,
                                   "track_total_hits": False}
            if after is not None:
                req["search_after"] = after
            r = self._call(self.es.search, index=self.alias, body=req)
            hs = r["hits"]["hits"]
            if not hs:
                break
            skipped += len(hs)
            after = hs[-1]["sort"]
        final = dict(body)
        if after is not None:
            final["search_after"] = after
        return self._call(self.es.search, index=self.alias, body=final)

    def scan(self, query: str | ParsedQuery, *, collapse: bool = True, batch: int = 1000) -> Iterator[int]:
        pq = parse(query) if isinstance(query, str) else query
        q = self.compile(pq, collapse=collapse)
        after = None
        while True:
            req: dict[str, Any] = {"query": q, "size": batch, "sort": _sort("date_desc"),
                                   "_source": ["doc_id"], "track_total_hits": False}
            if after is not None:
                req["search_after"] = after
            r = self._call(self.es.search, index=self.alias, body=req)
            hs = r["hits"]["hits"]
            if not hs:
                return
            for h in hs:
                yield int(h["_source"]["doc_id"])
            after = hs[-1]["sort"]


def _filter(q: dict) -> dict:
    return {"constant_score": {"filter": q, "boost": 0.0}}


def _sort(sort: str) -> list:
    if sort == "date_desc":
        return [{"date_key": "desc"}]
    if sort == "date_asc":
        return [{"date_key": "asc"}]
    return ["_score", {"date_key": "desc"}]
