"""Downloads: the current query as CSV, JSONL or Parquet, or as a citable bundle.

``/export/{what}.{format}`` streams the data file as it is produced (one
producer thread reads the store and encodes batches; the response sends them
as they come), so a large export starts at once and uses little memory.
``/export/bundle.zip`` adds ``datapackage.json``, ``manifest.json`` and
``CITATION.cff`` (built by :mod:`search_ui.exports`, the same code as
``huanjie export``).  File names are fixed by the app, never taken from the
request.
"""
from __future__ import annotations

import asyncio
import logging
import queue
import shutil
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Callable, Iterator

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from search_ui import exports, params
from search_ui.params import BadRequest
from search_ui.web import as_json

router = APIRouter()
log = logging.getLogger("huanjie.web.export")

_DONE = object()


def stream_in_thread(produce: Callable[[], Iterator[bytes]], *, maxsize: int = 8):
    """Run a blocking byte generator in its own thread and hand its chunks to the event loop.

    One thread owns the whole generator (and so its database cursor) from start
    to end; a bounded queue gives back-pressure; a client that disconnects stops
    the producer at its next chunk.
    """
    q: queue.Queue = queue.Queue(maxsize=maxsize)
    stop = threading.Event()

    def work() -> None:
        try:
            for chunk in produce():
                while not stop.is_set():
                    try:
                        q.put(chunk, timeout=0.5)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(_DONE)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer to end the response
            q.put(exc)

    async def agen():
        thread = threading.Thread(target=work, name="huanjie-export", daemon=True)
        thread.start()
        loop = asyncio.get_running_loop()
        try:
            while True:
                item = await loop.run_in_executor(None, q.get)
                if item is _DONE:
                    return
                if isinstance(item, BaseException):
                    # headers are sent already: end the body (the client sees a short file) and log why
                    log.error("export stream failed: %r", item)
                    return
                yield item
        finally:
            stop.set()

    return agen()


def _multi(request: Request) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        out.setdefault(k, []).append(v)
    return out


def _params(request: Request, what: str | None = None, fmt: str | None = None) -> params.ExportParams:
    plain = dict(request.query_params)
    multi = _multi(request)
    if what is not None:
        plain["what"] = what
        multi["what"] = [what]
    if fmt is not None:
        plain["format"] = fmt
        multi["format"] = [fmt]
    return params.export_params(plain, multi=multi)


def rows_for(corpus, ep: params.ExportParams) -> Iterator[dict]:
    if ep.what == "documents":
        return corpus.document_rows(ep.search, limit=ep.limit)
    if ep.what == "figures":
        return corpus.figure_rows(ep.search, limit=ep.limit)
    table = corpus.table(ep.compare.metrics, ep.compare.level)
    return iter(list(table.rows())[: ep.limit])


def query_record(ep: params.ExportParams) -> dict:
    """What was asked, as recorded in the manifest and CITATION.cff."""
    if ep.what == "metrics":
        return {"metrics": list(ep.compare.metrics), "level": ep.compare.level}
    return {"q": ep.search.q, "filters": [list(fv) for fv in ep.search.filters]}


@router.get("/export/datapackage.json", summary="The codebook (Frictionless Data Package) of an export",
            tags=["export"])
def datapackage_json(request: Request):
    ep = _params(request)
    return as_json(exports.datapackage(ep.what, ep.format, data_path=f"{ep.what}.{exports.EXTENSIONS[ep.format]}"))


@router.get("/export/bundle.zip", summary="Data file + datapackage.json + manifest.json + CITATION.cff",
            tags=["export"])
def bundle(request: Request):
    ep = _params(request)
    corpus = request.app.state.corpus
    rows = rows_for(corpus, ep)
    tmp = Path(tempfile.mkdtemp(prefix="huanjie-export-"))
    try:
        exports.write_bundle(tmp / "data", what=ep.what, fmt=ep.format, rows=rows, query=query_record(ep))
        zpath = tmp / "bundle.zip"
        with zipfile.ZipFile(zpath, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for p in sorted((tmp / "data").iterdir()):
                zf.write(p, arcname=f"huanjie-{ep.what}/{p.name}")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return FileResponse(zpath, media_type="application/zip", filename=f"huanjie-{ep.what}.zip",
                        background=BackgroundTask(shutil.rmtree, tmp, ignore_errors=True))


@router.get("/export/{what}.{fmt}", summary="Stream documents, figures or the metric table", tags=["export"])
def export_data(request: Request, what: str, fmt: str):
    """``what``: documents | figures | metrics; ``fmt``: csv | jsonl | parquet.  Takes the search
    parameters (``q``, facet filters) or, for metrics, ``metric`` and ``level``."""
    if what not in params.WHATS:
        raise BadRequest(f"cannot export {what[:40]!r}: choose documents, figures or metrics", param="what",
                         status=404)
    if fmt not in params.FORMATS:
        raise BadRequest(f"unknown format {fmt[:40]!r}: choose csv, jsonl or parquet", param="format", status=404)
    ep = _params(request, what, fmt)
    corpus = request.app.state.corpus
    # touch the store and index now, so a missing index is a clean 503 before streaming starts
    corpus.store
    if ep.what != "metrics" and (ep.search.q or ep.search.filters):
        from search_ui.data import compose

        compose(ep.search)
        corpus.backend

    def produce() -> Iterator[bytes]:
        yield from exports.ENCODERS[ep.format](rows_for(corpus, ep), exports.COLUMNS[ep.what])

    name = f"huanjie-{ep.what}.{exports.EXTENSIONS[ep.format]}"
    return StreamingResponse(stream_in_thread(produce), media_type=exports.MEDIA_TYPES[ep.format],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
