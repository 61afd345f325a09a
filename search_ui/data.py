"""The app's one door to the store and the search index.

Pages never touch SQLite or the index directly: they ask a ``Corpus`` for a
search page, a document, a region table or an export row stream.  Facet
filters chosen in the UI are added to the user's query as *nodes of the parsed
query tree* (``index.query``), never pasted into the query text, so an outlet
name with quotes or operators in it cannot change what is searched.
"""
from __future__ import annotations

import threading
from dataclasses import replace
from typing import Iterable, Iterator

from huanjie.config import Settings
from search_ui import compare as compare_mod
from search_ui import exports
from search_ui.params import BadRequest, SearchParams


def _year_filter(year: str):
    from index.query import DateFilter

    y = int(year)
    return DateFilter(f"date:{year}", y * 10000 + 101, y * 10000 + 1231)


def compose(sp: SearchParams):
    """The user's query plus the facet filters of ``sp``, as one ``ParsedQuery``."""
    from index.query import And, MetricFilter, OutletFilter, Or, ParsedQuery, QueryError, RegionFilter, parse

    try:
        parsed = parse(sp.q)
    except QueryError as exc:
        raise BadRequest(f"cannot read the query: {exc.message}", param="q", position=exc.position) from None
    groups: dict[str, list] = {}
    for facet, value in sp.filters:
        if facet in ("province", "city", "county"):
            node = RegionFilter(f"region:{value}", (value,), ())
        elif facet == "year":
            node = _year_filter(value)
        elif facet == "outlet":
            node = OutletFilter(f"outlet:{value}", value)
        elif facet == "metric":
            node = MetricFilter(f"metric:{value}", value, None)
        else:  # params.search_params only lets FACETS through
            continue
        groups.setdefault(facet, []).append(node)
    if not groups:
        return parsed
    parts = [] if parsed.root is None else [parsed.root]
    for facet, nodes in groups.items():
        # two values of one facet widen (OR); different facets narrow (AND)
        parts.append(nodes[0] if len(nodes) == 1 else Or(tuple(nodes)))
    root = parts[0] if len(parts) == 1 else And(tuple(parts))
    return ParsedQuery(sp.q, root, parsed.highlight_tokens)


def has_constraints(sp: SearchParams) -> bool:
    return bool(sp.q.strip()) or bool(sp.filters)


class Corpus:
    """Opens the store and the index lazily, once, and shares them between requests."""

    def __init__(self, settings: Settings, *, backend_name: str = "embedded"):
        self.settings = settings
        self.backend_name = backend_name
        self._store = None
        self._backend = None
        self._lock = threading.Lock()
        self._table_cache: dict[tuple, compare_mod.Table] = {}

    # -- resources ---------------------------------------------------------------

    @property
    def store(self):
        if self._store is None:
            with self._lock:
                if self._store is None:
                    from corpus.store import Store

                    if not self.settings.store_path.exists():
                        raise BadRequest(
                            f"no store at {self.settings.store_path}: run `huanjie demo` or `huanjie crawl` first",
                            status=503)
                    self._store = Store.open(self.settings.store_path)
        return self._store

    @property
    def backend(self):
        if self._backend is None:
            with self._lock:
                if self._backend is None:
                    from index import open_backend

                    try:
                        # never create an empty index behind the user's back: a missing one is an error
                        self._backend = open_backend(self.settings, self.backend_name, create=False)
                    except Exception as exc:  # noqa: BLE001 - any failure to open is "no index yet"
                        raise BadRequest(f"the search index cannot be opened: {exc}",
                                         status=503) from None
        return self._backend

    def close(self) -> None:
        if self._backend is not None:
            try:
                self._backend.close()
            except Exception:  # noqa: BLE001
                pass
        if self._store is not None:
            self._store.close()

    # -- search ----------------------------------------------------------------

    def search(self, sp: SearchParams):
        from index.query import QueryError

        query = compose(sp)
        try:
            result = self.backend.search(query, page=sp.page, per_page=sp.per_page, sort=sp.sort,
                                         collapse=sp.collapse)
        except QueryError as exc:
            raise BadRequest(exc.message, param="q", position=exc.position) from None
        last = max(1, -(-result.total // sp.per_page))
        if sp.page > last:
            raise BadRequest(f"page {sp.page} is past the last page ({last}) of {result.total} results",
                             param="page")
        return result

    def matching_doc_ids(self, sp: SearchParams, *, collapse: bool = False, limit: int | None = None) -> Iterator[int]:
        """Every document id the query and filters match (no page limit), for exports."""
        query = compose(sp)
        n = 0
        for doc_id in self.backend.scan(query, collapse=collapse):
            yield int(doc_id)
            n += 1
            if limit is not None and n >= limit:
                return

    # -- rows for exports ------------------------------------------------------

    def document_rows(self, sp: SearchParams, *, limit: int) -> Iterator[dict]:
        store = self.store
        if not has_constraints(sp):
            n = 0
            for sd in store.iter_documents():
                yield exports.document_row(sd)
                n += 1
                if n >= limit:
                    return
            return
        for doc_id in self.matching_doc_ids(sp, limit=limit):
            sd = store.get(doc_id)
            if sd is not None:
                yield exports.document_row(sd)

    def figure_rows(self, sp: SearchParams, *, limit: int) -> Iterator[dict]:
        metrics = sp.filter_values("metric") or None
        rest = replace(sp, filters=tuple(fv for fv in sp.filters if fv[0] != "metric"))
        wanted: set[int] | None = None
        if has_constraints(rest):
            wanted = set(self.matching_doc_ids(sp, collapse=False))
        n = 0
        for fr in self.store.figure_rows(metrics=metrics):
            if wanted is not None and fr.doc_id not in wanted:
                continue
            yield exports.figure_row(fr)
            n += 1
            if n >= limit:
                return

    # -- region tables ---------------------------------------------------------

    def table(self, metrics: Iterable[str], level: str) -> compare_mod.Table:
        metrics = tuple(metrics)
        stamp = self._data_stamp()
        key = (metrics, level, stamp)
        table = self._table_cache.get(key)
        if table is None:
            table = compare_mod.build_table(self.store.figure_rows(metrics=list(metrics)), metrics, level)
            if len(self._table_cache) > 64:
                self._table_cache.clear()
            self._table_cache[key] = table
        return table

    def _data_stamp(self) -> tuple:
        """Changes whenever figures change, so cached tables are rebuilt after a crawl."""
        try:
            row = self.store.conn.execute("SELECT COUNT(*), COALESCE(MAX(figure_id), 0) FROM figures").fetchone()
            return tuple(row)
        except Exception:  # noqa: BLE001 - a schema change must not break the page, only the cache
            return tuple(sorted(self.store.stats().items()))
