"""The FastAPI application: pages, their JSON twins, exports and security headers.

``create_app(settings)`` wires the page routers to one shared ``Corpus`` (store
+ index).  Security decisions live here, in one place:

- every response carries a Content-Security-Policy that allows scripts, styles
  and images from this origin only (no inline script, no CDN), plus
  ``X-Content-Type-Options``, ``Referrer-Policy`` and ``X-Frame-Options``;
- bad input (``BadRequest``, validation errors, unknown paths) becomes a 4xx
  page or JSON body with a helpful message; anything unexpected becomes a
  generic 500 without a traceback;
- Swagger/ReDoc pages (which load from a CDN) are off; ``/openapi.json`` is on.
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from huanjie.config import Settings
from search_ui import params
from search_ui.data import Corpus
from search_ui.params import BadRequest
from search_ui.views import compare as compare_views
from search_ui.views import document as document_views
from search_ui.views import export as export_views
from search_ui.views import search as search_views
from search_ui.web import STATIC_DIR, as_json, render, wants_json

log = logging.getLogger("huanjie.web")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def create_app(settings: Settings, *, corpus: Corpus | None = None, backend_name: str = "embedded") -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.corpus.close()

    app = FastAPI(
        lifespan=lifespan,
        title="huanjie",
        description="Search, compare and export news reports on village and community 'two committees' "
                    "elections. Every HTML page has a .json twin with the same parameters.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.corpus = corpus or Corpus(settings, backend_name=backend_name)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest):
        return _error(request, exc.status, exc.message, param=exc.param, position=exc.position)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path"))
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return _error(request, 400, "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        msg = {404: "no such page", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
        return _error(request, exc.status_code, msg)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return _error(request, 500, "internal error: the problem was logged")

    @app.get("/", include_in_schema=False)
    def home(request: Request):
        lang = params.lang_of(request.query_params)
        return RedirectResponse("/search" + ("?lang=en" if lang == "en" else ""), status_code=307)

    @app.get("/api.json", summary="The endpoints of this API", tags=["api"])
    def api_json():
        return as_json({"openapi": "/openapi.json", "endpoints": _endpoints(app)})

    @app.get("/api", summary="API page (HTML)", tags=["pages"])
    def api_page(request: Request):
        lang = params.lang_of(request.query_params)
        return render(request, "api.html", lang, {"endpoints": _endpoints(app)})

    @app.get("/healthz", include_in_schema=False)
    def health():
        return {"ok": True}

    app.include_router(search_views.router)
    app.include_router(document_views.router)
    app.include_router(compare_views.router)
    app.include_router(export_views.router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    return app


def app_from_env() -> FastAPI:
    """An app for ``uvicorn --factory search_ui.app:app_from_env`` (data folder from $HUANJIE_HOME)."""
    import os

    from huanjie.config import settings

    return create_app(settings(), backend_name=os.environ.get("HUANJIE_BACKEND", "embedded"))


def _endpoints(app: FastAPI) -> list[dict]:
    """GET endpoints from the OpenAPI schema (so the API page and the schema cannot disagree)."""
    out = []
    for path, ops in app.openapi().get("paths", {}).items():
        op = ops.get("get")
        if op:
            out.append({"path": path, "summary": op.get("summary", ""),
                        "description": (op.get("description") or "").split("\n\n")[0]})
    return out


def _error(request: Request, status: int, message: str, *, param: str | None = None,
           position: int | None = None):
    if wants_json(request) or request.url.path.startswith("/export"):
        body = {"error": message, "status": status}
        if param:
            body["param"] = param
        if position is not None:
            body["position"] = position
        return as_json(body, status=status)
    lang = params.lang_of(request.query_params)
    q = request.query_params.get("q", "") if param == "q" else ""
    q = q[:500]
    caret = None
    if position is not None and q and 0 <= position <= len(q):
        caret = (q[:position], q[position:position + 1] or " ", q[position + 1:])
    return render(request, "error.html", lang, {"status": status, "message": message, "param": param,
                                                "q": q, "caret": caret}, status=status)
