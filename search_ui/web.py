"""Rendering helpers shared by the page modules: templates, language, JSON twins.

Jinja2 autoescaping is on for every template (``.html`` and ``.svg``): text from
crawled pages is only ever printed as an escaped value, and no template uses
``|safe`` on it.  Each page can answer as HTML or as JSON (its ``.json`` twin);
``respond`` picks one from the route, so the two never drift apart.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from huanjie import codebook
from search_ui import i18n

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=select_autoescape(enabled_extensions=("html", "svg", "xml"), default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
templates = Jinja2Templates(env=_env)


def _fmt_value(v: Any) -> str:
    if v is None:
        return "—"
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    if f.is_integer():
        return f"{int(f):,}"
    return f"{f:,.2f}".rstrip("0").rstrip(".")


_env.filters["num"] = _fmt_value


def url_with(request: Request, **changes: str | None) -> str:
    """The current URL with some parameters replaced (None removes them)."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    items += [(k, v) for k, v in changes.items() if v is not None]
    qs = urlencode(items)
    return request.url.path + (f"?{qs}" if qs else "")


def base_context(request: Request, lang: str) -> dict[str, Any]:
    other = "en" if lang == "zh" else "zh"
    return {
        "request": request,
        "lang": lang,
        "t": i18n.translator(lang),
        "metric_label": lambda key: i18n.metric_label(key, lang),
        "level_label": lambda level: i18n.level_label(level, lang),
        "metrics": codebook.METRICS,
        "lang_url": url_with(request, lang=None if other == "zh" else other),
        "lang_q": "" if lang == "zh" else "lang=en",
        "json_url": _json_twin(request),
    }


def _json_twin(request: Request) -> str | None:
    path = request.url.path
    if path.endswith(".json") or path.startswith("/static") or path.startswith("/export"):
        return None
    twin = ("/index" if path == "/" else path.rstrip("/")) + ".json"
    q = request.url.query
    return twin + (f"?{q}" if q else "")


def render(request: Request, template: str, lang: str, context: dict[str, Any], *,
           status: int = 200) -> HTMLResponse:
    ctx = base_context(request, lang)
    ctx.update(context)
    return templates.TemplateResponse(request, template, ctx, status_code=status)


def as_json(payload: Any, *, status: int = 200) -> JSONResponse:
    return JSONResponse(payload, status_code=status)


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")
