"""Search over the corpus: one interface, an embedded default and Elasticsearch for scale-out.

Usage::

    from huanjie.config import settings
    from index import open_backend, build_from_store
    from corpus.store import Store

    backend = open_backend(settings())            # embedded tantivy at settings().index_path
    build_from_store(Store.open(settings().store_path), backend)
    result = backend.search('换届 region:四川 date:2021-01..2021-06 metric:concurrent_rate>=90')
    for hit in result.hits:
        print(hit.title, hit.n_copies, hit.snippet)     # snippet: [(text, highlighted), ...]
    result.facets["province"], result.timeline

Modules (one job each):

- :mod:`index.tokens` — THE tokenizer (OpenCC t2s → half-width/lower → rjieba
  search mode, HMM off) used for documents and queries alike;
- :mod:`index.query` — the query language, parsed to a tree; :class:`QueryError`;
- :mod:`index.documents` — :class:`IndexDoc`, ``from_stored`` and the flat record
  both backends index;
- :mod:`index.base` — the :class:`SearchBackend` protocol and result types;
- :mod:`index.tantivy_backend` — embedded default (no server);
- :mod:`index.es_backend` — Elasticsearch 8/9 (alias swap reindex, search_after);
- :mod:`index.facets`, :mod:`index.highlight` — shared so both backends agree.

Testing against a real cluster: the contract battery
(``tests/test_index_contract.py``) runs the same queries on both backends and
asserts identical hits and facets.  By default it starts the ``noida-db``
Elasticsearch emulator itself (``scripts/start_noida_es.sh`` does the same for
CI).  To run it against a real Elasticsearch 8/9 or OpenSearch cluster instead::

    HUANJIE_ES_URL=http://localhost:9200 python -m pytest tests/test_index_contract.py

It creates and deletes its own alias (``huanjie-contract-<pid>``), never ``huanjie``.
"""
from __future__ import annotations

from typing import Any

from index.base import BackendError, FacetValue, Hit, SearchBackend, SearchResult
from index.documents import IndexDoc, from_stored
from index.query import ParsedQuery, QueryError, parse

__all__ = [
    "BackendError", "FacetValue", "Hit", "IndexDoc", "ParsedQuery", "QueryError", "SearchBackend",
    "SearchResult", "build_from_store", "from_stored", "open_backend", "parse",
]

BACKENDS = ("embedded", "es")


def open_backend(settings: Any, name: str = "embedded", *, create: bool = True) -> SearchBackend:
    """The backend called ``name`` ("embedded" or "es"), configured from ``settings``.

    ``create=False`` refuses to create an empty embedded index (for read-only use
    such as ``huanjie search``), so a missing index is a clear error, not zero hits.
    """
    if name in ("embedded", "tantivy"):
        from index.tantivy_backend import TantivyBackend

        return TantivyBackend(settings.index_path, create=create)
    if name in ("es", "elasticsearch", "opensearch"):
        if not settings.es_url:
            raise BackendError("the es backend needs HUANJIE_ES_URL (e.g. http://localhost:9200)")
        from index.es_backend import ElasticBackend

        return ElasticBackend(settings.es_url, settings.es_index)
    raise BackendError(f"unknown backend {name!r}; use one of {', '.join(BACKENDS)}")


def build_from_store(store: Any, backend: SearchBackend) -> int:
    """Rebuild ``backend`` from every current article in ``store``; returns the number indexed.

    List pages (``kind == "list"``) have no article text and are not indexed.
    """
    docs = (from_stored(sd) for sd in store.iter_documents(current_only=True) if sd.kind != "list")
    return backend.rebuild(docs)
