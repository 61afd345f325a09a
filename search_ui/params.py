"""Validation of URL parameters, with messages a researcher can act on.

Every page keeps its whole state in the URL, so every page starts by turning
the query string into one of these frozen records.  Anything odd (a page past
the end, a metric that is not in the codebook, a malformed region code) raises
``BadRequest`` with a sentence saying what was wrong and what is accepted; the
app turns that into a 400 page or JSON body, never a 500.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Mapping
from urllib.parse import urlencode

from huanjie import codebook

MAX_QUERY_CHARS = 500
MAX_PER_PAGE = 100
MAX_RESULT_WINDOW = 10_000
"""Deepest result a search page may show (page × per_page); exports have their own limit."""
MAX_EXPORT_ROWS = 2_000_000
SORTS = ("relevance", "date_desc", "date_asc")
LEVELS = ("national", "province", "city", "county")
FORMATS = ("csv", "jsonl", "parquet")
WHATS = ("documents", "figures", "metrics")
FACETS = ("province", "city", "county", "year", "outlet", "metric")

_CODE = re.compile(r"^\d{6}(\d{3})?$")
_YEAR = re.compile(r"^(19[89]\d|20\d\d)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadRequest(ValueError):
    """A request the app understood but cannot serve; ``param`` names the culprit."""

    def __init__(self, message: str, *, param: str | None = None, status: int = 400,
                 position: int | None = None):
        super().__init__(message)
        self.message = message
        self.param = param
        self.status = status
        self.position = position


def _one(params: Mapping[str, str], name: str, default: str = "") -> str:
    value = params.get(name, default)
    if value is None:
        return default
    if _CONTROL.search(value):
        raise BadRequest(f"parameter {name!r} contains control characters", param=name)
    return value.strip()


def _int(params: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = _one(params, name)
    if raw == "":
        return default
    if not re.fullmatch(r"[0-9]{1,9}", raw):
        raise BadRequest(f"parameter {name!r} must be a whole number from {lo} to {hi}, not {raw[:40]!r}", param=name)
    value = int(raw)
    if not lo <= value <= hi:
        raise BadRequest(f"parameter {name!r} must be from {lo} to {hi}; got {value}", param=name)
    return value


def lang_of(params: Mapping[str, str]) -> str:
    lang = _one(params, "lang", "zh") or "zh"
    return lang if lang in ("zh", "en") else "zh"


def check_metric(key: str, param: str = "metric") -> str:
    if not codebook.is_metric(key):
        raise BadRequest(
            f"unknown metric {key[:60]!r}; known metrics: {', '.join(codebook.BY_KEY)}", param=param)
    return key


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    """(facet, value) pairs in URL order; facet ∈ FACETS."""
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    collapse: bool = True
    lang: str = "zh"

    def filter_values(self, facet: str) -> list[str]:
        return [v for f, v in self.filters if f == facet]

    def url_items(self, **changes) -> list[tuple[str, str]]:
        """The URL parameters of this state, with ``changes`` applied (``page`` resets unless given)."""
        state = replace(self, **changes)
        items: list[tuple[str, str]] = []
        if state.q:
            items.append(("q", state.q))
        items.extend(state.filters)
        if state.sort != "relevance":
            items.append(("sort", state.sort))
        if state.page != 1:
            items.append(("page", str(state.page)))
        if state.per_page != 20:
            items.append(("per_page", str(state.per_page)))
        if not state.collapse:
            items.append(("collapse", "0"))
        if state.lang != "zh":
            items.append(("lang", state.lang))
        return items

    def qs(self, **changes) -> str:
        return urlencode(self.url_items(**changes))

    def with_filter(self, facet: str, value: str) -> "SearchParams":
        if (facet, value) in self.filters:
            return replace(self, page=1)
        return replace(self, filters=self.filters + ((facet, value),), page=1)

    def without_filter(self, facet: str, value: str) -> "SearchParams":
        return replace(self, filters=tuple(fv for fv in self.filters if fv != (facet, value)), page=1)


def search_params(params, *, multi: Mapping[str, list[str]] | None = None) -> SearchParams:
    """Parse ``/search`` parameters.  ``multi`` gives every value of repeated keys (facets)."""
    q = _one(params, "q")
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequest(f"query is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}", param="q")
    sort = _one(params, "sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise BadRequest(f"sort must be one of {', '.join(SORTS)}; got {sort[:40]!r}", param="sort")
    per_page = _int(params, "per_page", 20, 1, MAX_PER_PAGE)
    page = _int(params, "page", 1, 1, 10**9)
    if page * per_page > MAX_RESULT_WINDOW:
        raise BadRequest(
            f"page {page} is too deep: searches show at most the first {MAX_RESULT_WINDOW} results "
            f"(page {MAX_RESULT_WINDOW // per_page} at {per_page} per page); narrow the query or use the export",
            param="page")
    collapse = _one(params, "collapse", "1") not in ("0", "false", "no")
    filters: list[tuple[str, str]] = []
    multi = multi or {k: [v] for k, v in params.items()}
    for facet in FACETS:
        for raw in multi.get(facet, []):
            value = (raw or "").strip()
            if not value:
                continue
            if _CONTROL.search(value) or len(value) > 100:
                raise BadRequest(f"filter {facet!r} value is malformed", param=facet)
            if facet in ("province", "city", "county") and not _CODE.match(value):
                raise BadRequest(
                    f"{facet} must be a 6- or 9-digit region code (GB/T 2260), e.g. 440000; got {value[:40]!r}",
                    param=facet)
            if facet == "year" and not _YEAR.match(value):
                raise BadRequest(f"year must be a four-digit year such as 2021; got {value[:40]!r}", param=facet)
            if facet == "metric":
                check_metric(value)
            if (facet, value) not in filters:
                filters.append((facet, value))
    return SearchParams(q=q, filters=tuple(filters), sort=sort, page=page, per_page=per_page,
                        collapse=collapse, lang=lang_of(params))


@dataclass(frozen=True)
class CompareParams:
    metrics: tuple[str, ...] = ("concurrent_rate",)
    level: str = "province"
    round: str | None = None
    lang: str = "zh"

    def qs(self, **changes) -> str:
        state = replace(self, **changes)
        items = [("metric", m) for m in state.metrics]
        items.append(("level", state.level))
        if state.round:
            items.append(("round", state.round))
        if state.lang != "zh":
            items.append(("lang", state.lang))
        return urlencode(items)


def compare_params(params, *, multi: Mapping[str, list[str]] | None = None) -> CompareParams:
    multi = multi or {k: [v] for k, v in params.items()}
    metrics: list[str] = []
    for raw in multi.get("metric", []):
        for part in (raw or "").split(","):
            part = part.strip()
            if part:
                check_metric(part)
                if part not in metrics:
                    metrics.append(part)
    if len(metrics) > 8:
        raise BadRequest("compare at most 8 metrics at once", param="metric")
    level = _one(params, "level", "province") or "province"
    if level not in LEVELS:
        raise BadRequest(f"level must be one of {', '.join(LEVELS)}; got {level[:40]!r}", param="level")
    rnd = _one(params, "round") or None
    if rnd is not None and not _YEAR.match(rnd):
        raise BadRequest(f"round must be a year such as 2021; got {rnd[:40]!r}", param="round")
    return CompareParams(metrics=tuple(metrics) or ("concurrent_rate",), level=level, round=rnd,
                         lang=lang_of(params))


@dataclass(frozen=True)
class ExportParams:
    what: str = "figures"
    format: str = "csv"
    search: SearchParams = field(default_factory=SearchParams)
    compare: CompareParams = field(default_factory=CompareParams)
    limit: int = MAX_EXPORT_ROWS


def export_params(params, *, multi: Mapping[str, list[str]] | None = None) -> ExportParams:
    what = _one(params, "what", "figures") or "figures"
    if what not in WHATS:
        raise BadRequest(f"what must be one of {', '.join(WHATS)}; got {what[:40]!r}", param="what")
    fmt = _one(params, "format", "csv") or "csv"
    if fmt not in FORMATS:
        raise BadRequest(f"format must be one of {', '.join(FORMATS)}; got {fmt[:40]!r}", param="format")
    limit = _int(params, "limit", MAX_EXPORT_ROWS, 1, MAX_EXPORT_ROWS)
    multi = multi or {k: [v] for k, v in params.items()}
    # page/sort mean nothing to an export: drop them before validating the search part
    search_multi = {k: v for k, v in multi.items() if k not in ("page", "per_page", "metric")}
    search_plain = {k: v for k, v in dict(params).items() if k not in ("page", "per_page", "metric")}
    sp = search_params(search_plain, multi=search_multi)
    cp = compare_params(params, multi=multi)
    if what != "metrics":
        # for documents and figures, metric=… filters figures (and documents that carry them)
        sp = replace(sp, filters=sp.filters + tuple(("metric", m) for m in _metrics_given(multi)))
    return ExportParams(what=what, format=fmt, search=sp, compare=cp, limit=limit)


def _metrics_given(multi: Mapping[str, list[str]]) -> list[str]:
    out: list[str] = []
    for raw in multi.get("metric", []):
        for part in (raw or "").split(","):
            part = part.strip()
            if part and part not in out:
                out.append(check_metric(part))
    return out
