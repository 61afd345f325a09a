"""The search page and its JSON twin.

The whole state (query, facet filters, sort, page, language) lives in the URL,
so a search can be bookmarked, cited or shared, and the back button works.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from search_ui import charts, i18n, params
from search_ui.web import as_json, render

router = APIRouter()

QUERY_EXAMPLES: tuple[tuple[str, str, str], ...] = (
    ("一肩挑", "词语", "a word"),
    ('"一肩挑" AND 比例', "短语与组合", "phrase and AND"),
    ("换届 region:广东", "按地区", "by region"),
    ("书记 date:2021-01..2021-06", "按日期范围", "by date range"),
    ("metric:concurrent_rate>=90", "按指标数值", "by metric value"),
    ("换届 NOT 社区", "排除", "excluding a word"),
    ('outlet:"乡村干部报"', "按来源", "by outlet"),
)

FACET_ORDER = ("province", "city", "county", "year", "outlet", "metric")


def _multi(request: Request) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        out.setdefault(k, []).append(v)
    return out


def _hit_json(hit) -> dict[str, Any]:
    return {
        "doc_id": hit.doc_id, "score": hit.score, "title": hit.title, "published": hit.published,
        "outlet": hit.outlet, "region_name": hit.region_name, "region_code": hit.region_code,
        "url": getattr(hit, "url", None), "n_copies": hit.n_copies,
        "snippet": [{"text": text, "match": bool(m)} for text, m in hit.snippet],
        "metrics": hit.metrics,
    }


def _chips(hit, lang: str) -> list[tuple[str, str, str]]:
    """(metric key, label, values text) for a hit's figure chips."""
    from huanjie import codebook
    from search_ui.web import _fmt_value

    out = []
    for key, values in sorted(hit.metrics.items()):
        m = codebook.BY_KEY.get(key)
        unit = (m.unit or "") if m else ""
        out.append((key, i18n.metric_label(key, lang), " / ".join(_fmt_value(v) + unit for v in values[:3])))
    return out


def _page_links(page: int, last: int) -> list[int | None]:
    """Page numbers to show: first, last and a window around the current page; None is a gap."""
    show = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    out: list[int | None] = []
    prev = 0
    for p in show:
        if p - prev > 1:
            out.append(None)
        out.append(p)
        prev = p
    return out


def _search(request: Request) -> tuple[params.SearchParams, Any]:
    sp = params.search_params(request.query_params, multi=_multi(request))
    result = request.app.state.corpus.search(sp)
    return sp, result


@router.get("/search.json", summary="Search (JSON)", tags=["search"])
def search_json(request: Request):
    """Hits, facets and the monthly timeline for a query; the same parameters as ``/search``.

    Parameters: ``q`` (query language), facet filters ``province``, ``city``,
    ``county`` (region codes), ``year``, ``outlet``, ``metric`` (repeatable),
    ``sort`` (relevance, date_desc, date_asc), ``page``, ``per_page`` (≤ 100),
    ``collapse`` (0 to list syndicated copies separately).
    """
    sp, result = _search(request)
    return as_json({
        "query": sp.q, "parsed": result.query.describe(), "filters": [list(fv) for fv in sp.filters],
        "sort": sp.sort, "page": sp.page, "per_page": sp.per_page, "total": result.total,
        "total_is_exact": getattr(result, "total_is_exact", True),
        "facets_exact": getattr(result, "facets_exact", True),
        "hits": [_hit_json(h) for h in result.hits],
        "facets": {k: [{"key": f.key, "label": f.label, "count": f.count} for f in v]
                   for k, v in result.facets.items()},
        "timeline": [{"month": m, "count": c} for m, c in result.timeline],
    })


@router.get("/search", summary="Search page (HTML)", tags=["pages"])
def search_page(request: Request):
    lang = params.lang_of(request.query_params)
    sp, result = _search(request)
    last = max(1, -(-result.total // sp.per_page))
    facet_labels: dict[tuple[str, str], str] = {}
    for name, values in result.facets.items():
        for fv in values:
            facet_labels[(name, fv.key)] = i18n.metric_label(fv.key, lang) if name == "metric" else fv.label
    active = [
        {"facet": f, "value": v, "label": facet_labels.get((f, v), i18n.metric_label(v, lang) if f == "metric" else v),
         "remove": sp.without_filter(f, v).qs()}
        for f, v in sp.filters
    ]
    facets = []
    for name in FACET_ORDER:
        values = result.facets.get(name) or []
        if not values:
            continue
        facets.append({
            "name": name,
            "values": [{
                "key": fv.key,
                "label": i18n.metric_label(fv.key, lang) if name == "metric" else fv.label,
                "count": fv.count,
                "active": (name, fv.key) in sp.filters,
                "qs": (sp.without_filter(name, fv.key) if (name, fv.key) in sp.filters
                       else sp.with_filter(name, fv.key)).qs(),
            } for fv in values[:15]],
        })
    timeline = charts.timeline_chart(result.timeline)
    hits = [{"hit": h, "chips": _chips(h, lang)} for h in result.hits]
    export_qs = params.SearchParams(q=sp.q, filters=sp.filters, lang=sp.lang).qs()
    return render(request, "search.html", lang, {
        "sp": sp, "result": result, "hits": hits, "facets": facets, "active": active,
        "timeline": timeline, "last": last, "pages": _page_links(sp.page, last),
        "examples": [(q, zh if lang == "zh" else en) for q, zh, en in QUERY_EXAMPLES],
        "export_qs": export_qs, "query_error": None,
    })
