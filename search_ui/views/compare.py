"""The compare page: region × election-round tables, a bar chart and a map.

Each cell links to the sentences behind it (``/compare/cell``), so no number in
the table has to be taken on trust.  The map places a dot at each region's
seat using the gazetteer's coordinates and colours it by value; it is drawn
as SVG on the server and needs no network or script.
"""
from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from huanjie import codebook
from search_ui import charts, compare, i18n, params
from search_ui.params import BadRequest
from search_ui.web import as_json, render

router = APIRouter()


def _multi(request: Request) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        out.setdefault(k, []).append(v)
    return out


@functools.lru_cache(maxsize=1)
def _gazetteer():
    try:
        from extract import gazetteer as gz

        return gz
    except Exception:  # noqa: BLE001 - the map degrades to a table when the gazetteer is missing
        return None


def coords(code: str) -> tuple[float, float] | None:
    gz = _gazetteer()
    if gz is None:
        return None
    try:
        if hasattr(gz, "coords"):
            return gz.coords(code)
        return gz.gazetteer().coords(code)
    except Exception:  # noqa: BLE001
        return None


@functools.lru_cache(maxsize=4)
def backdrop(level: str) -> tuple[tuple[float, float], ...]:
    """Seats of every county (grey dots that sketch the country), through the gazetteer's public lookups.

    County codes are the 6-digit codes not ending in 00 (GB/T 2260), so only the
    code list is taken from the gazetteer's table; levels and coordinates come
    from ``coords``/``by_code``.
    """
    gz = _gazetteer()
    if gz is None:
        return ()
    try:
        codes = list(getattr(gz.gazetteer(), "units", {}) or {})
    except Exception:  # noqa: BLE001 - the map still shows the data dots
        return ()
    out = []
    for code in codes:
        if len(code) == 6 and code.isdigit() and not code.endswith("00"):
            xy = coords(code)
            if xy:
                out.append((float(xy[0]), float(xy[1])))
    return tuple(out[:5000])


def short_name(code: str, name: str) -> str:
    """The unit's own name (天河区, not 广东省广州市天河区) for chart labels."""
    gz = _gazetteer()
    try:
        own = gz.gazetteer().own_name(code) if gz is not None else None
    except Exception:  # noqa: BLE001
        own = None
    return own or name


def cell_href(metric: str, code: str, rnd: str, level: str, lang: str) -> str:
    items = [("metric", metric), ("region", code), ("round", rnd), ("level", level)]
    if lang != "zh":
        items.append(("lang", lang))
    return "/compare/cell?" + urlencode(items)


def _view(request: Request) -> tuple[params.CompareParams, compare.Table, str | None]:
    cp = params.compare_params(request.query_params, multi=_multi(request))
    table = request.app.state.corpus.table(cp.metrics, cp.level)
    rnd = cp.round
    if rnd is not None and rnd not in table.rounds and table.rounds:
        raise BadRequest(f"no data for round {rnd}; rounds with data: {', '.join(table.rounds)}", param="round")
    return cp, table, rnd


def best_round(table: compare.Table, metric: str) -> str | None:
    """The round with the most regions reporting ``metric`` (the latest on ties): the chart's default."""
    counts: dict[str, int] = {}
    for (_, rnd, m) in table.cells:
        if m == metric:
            counts[rnd] = counts.get(rnd, 0) + 1
    return max(counts, key=lambda r: (counts[r], r)) if counts else None


@router.get("/compare.json", summary="Region × round table (JSON)", tags=["compare"])
def compare_json(request: Request):
    """Parameters: ``metric`` (repeatable codebook keys), ``level`` (national, province, city, county)."""
    cp, table, rnd = _view(request)
    return as_json(dict(table.to_json(), round=rnd,
                        chart_rounds={m: rnd or best_round(table, m) for m in cp.metrics}))


@router.get("/compare", summary="Compare page (HTML)", tags=["pages"])
def compare_page(request: Request):
    cp, table, _ = _view(request)
    lang = cp.lang
    sections: list[dict[str, Any]] = []
    for metric in cp.metrics:
        m = codebook.BY_KEY[metric]
        rows = []
        for code, name in table.regions:
            cells = []
            any_cell = False
            for r in table.rounds:
                c = table.cell(code, r, metric)
                any_cell = any_cell or c is not None
                cells.append({"cell": c, "href": cell_href(metric, code, r, cp.level, lang) if c else None})
            if any_cell:
                rows.append({"code": code, "name": name, "cells": cells})
        bars, points, missing = [], [], []
        rnd = cp.round or best_round(table, metric)
        if rnd:
            for code, name in table.regions:
                c = table.cell(code, rnd, metric)
                if c is None or c.value is None:
                    continue
                href = cell_href(metric, code, rnd, cp.level, lang)
                name = short_name(code, name)
                bars.append((name, c.value, href, c.conflict))
                xy = coords(code)
                if xy:
                    points.append((name, float(xy[0]), float(xy[1]), c.value, href, c.conflict))
                else:
                    missing.append(name)
        sections.append({
            "metric": m, "label": i18n.metric_label(metric, lang), "rows": rows, "round": rnd,
            "bar": charts.bar_chart(bars, unit=m.unit if m.unit in ("%", "岁") else None),
            "map": charts.map_chart(points, list(backdrop(cp.level)), unit=m.unit if m.unit in ("%", "岁") else None,
                                    missing=missing),
        })
    return render(request, "compare.html", lang, {
        "cp": cp, "table": table, "round": cp.round, "sections": sections,
        "levels": params.LEVELS, "round_spans": compare.ROUND_SPANS,
        "round_links": [(r, params.CompareParams(cp.metrics, cp.level, r, lang).qs()) for r in table.rounds],
        "export_qs": cp.qs(),
    })


def _cell(request: Request):
    p = request.query_params
    if not (p.get("metric") or "").strip():
        raise BadRequest("give the cell as metric=KEY&region=CODE&round=YEAR&level=LEVEL", param="metric")
    metric = params.check_metric((p.get("metric") or "").strip())
    region = (p.get("region") or "").strip()
    rnd = (p.get("round") or "").strip()
    level = (p.get("level") or "province").strip()
    if level not in params.LEVELS:
        raise BadRequest(f"level must be one of {', '.join(params.LEVELS)}", param="level")
    if not region.isdigit() or len(region) not in (6, 9):
        raise BadRequest("region must be a 6- or 9-digit region code", param="region")
    if rnd not in compare.ROUND_SPANS:
        raise BadRequest(f"round must be one of {', '.join(compare.ROUND_SPANS)}", param="round")
    table = request.app.state.corpus.table((metric,), level)
    c = table.cell(region, rnd, metric)
    if c is None:
        raise BadRequest(f"no {metric} figures for region {region} in round {rnd}", status=404)
    return metric, level, rnd, c


@router.get("/compare/cell.json", summary="The figures behind one table cell (JSON)", tags=["compare"])
def cell_json(request: Request):
    _, _, _, c = _cell(request)
    return as_json(c.to_json())


@router.get("/compare/cell", summary="The sentences behind one table cell (HTML)", tags=["pages"])
def cell_page(request: Request):
    lang = params.lang_of(request.query_params)
    metric, level, rnd, c = _cell(request)
    back = params.CompareParams((metric,), level, rnd, lang).qs()
    figs = []
    for f in c.figures:
        s, e = f.start, f.end
        # the sentence with the quote marked: find the quote inside the sentence
        pos = f.sentence.find(f.quote) if f.quote else -1
        parts = ([(f.sentence[:pos], False), (f.quote, True), (f.sentence[pos + len(f.quote):], False)]
                 if pos >= 0 else [(f.sentence, False)])
        figs.append({"f": f, "parts": parts, "href": f"/doc/{f.doc_id}" + (f"?lang={lang}" if lang != "zh" else "")
                     + f"#fig-{s}-{e}"})
    return render(request, "cell.html", lang, {
        "cell": c, "metric_key": metric, "figs": figs, "back": back, "round_spans": compare.ROUND_SPANS,
    })
