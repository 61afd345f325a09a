"""The document page: the report as published beside its normalised text.

Every figure is marked in both texts at its own offsets (``orig_start/orig_end``
in the body, ``start/end`` in the normalised text), so a reader can check each
number against the page as it was published.  The text is cut into plain
segments here and escaped by the template; nothing from the page is trusted
as markup.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request

from search_ui import params
from search_ui.params import BadRequest
from search_ui.web import as_json, render

router = APIRouter()


@dataclass
class Segment:
    text: str
    fig: int | None = None
    """Index of the figure this segment marks, or None for plain text."""


def segments(text: str, spans: list[tuple[int, int, int]]) -> list[Segment]:
    """Cut ``text`` at the (start, end, figure index) spans; overlapping or out-of-range spans are skipped."""
    out: list[Segment] = []
    pos = 0
    for start, end, idx in sorted(spans):
        if start < pos or end <= start or end > len(text) or start < 0:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], idx))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def fig_anchor(f) -> str:
    """A stable anchor for a figure: its offsets in the normalised text."""
    return f"fig-{f.start}-{f.end}"


def _load(request: Request, doc_id: int):
    if doc_id < 1 or doc_id > 2**62:
        raise BadRequest(f"document id must be a positive number; got {doc_id}", param="doc_id")
    sd = request.app.state.corpus.store.get(doc_id)
    if sd is None:
        raise BadRequest(f"there is no document {doc_id}", param="doc_id", status=404)
    return sd


def _doc_json(sd, copies) -> dict[str, Any]:
    return {
        "doc_id": sd.doc_id, "version": sd.version, "url": sd.url, "source": sd.source, "title": sd.title,
        "published": sd.published, "outlet": sd.outlet, "author": sd.author, "kind": sd.kind,
        "variant": sd.variant, "region": sd.region.to_json() if sd.region else None,
        "region_lineage": [r.to_json() for r in sd.region_lineage],
        "body": sd.body, "text": sd.text, "flags": list(sd.flags),
        "figures": [dict(f.to_json(), anchor=fig_anchor(f)) for f in sd.figures],
        "dup_group": sd.dup_group, "is_canonical": sd.is_canonical, "n_copies": sd.n_copies,
        "copies": [{"doc_id": c.doc_id, "url": c.url, "outlet": c.outlet, "published": c.published,
                    "title": c.title} for c in copies],
        "fetched_at": sd.fetched_at, "warc_path": sd.warc_path, "warc_offset": sd.warc_offset,
        "content_hash": sd.content_hash, "extractor_version": sd.extractor_version,
    }


@router.get("/doc/{doc_id:int}.json", summary="One document with its figures (JSON)", tags=["documents"])
def document_json(request: Request, doc_id: int):
    sd = _load(request, doc_id)
    return as_json(_doc_json(sd, request.app.state.corpus.store.copies(doc_id)))


@router.get("/doc/{doc_id:int}", summary="Document page (HTML)", tags=["pages"])
def document_page(request: Request, doc_id: int):
    lang = params.lang_of(request.query_params)
    sd = _load(request, doc_id)
    copies = request.app.state.corpus.store.copies(doc_id)
    figs = list(sd.figures)
    orig = segments(sd.body or "", [(f.orig_start, f.orig_end, i) for i, f in enumerate(figs)])
    norm = segments(sd.text or "", [(f.start, f.end, i) for i, f in enumerate(figs)])
    return render(request, "document.html", lang, {
        "doc": sd, "copies": copies, "figs": figs, "orig": orig, "norm": norm,
        "anchors": [fig_anchor(f) for f in figs],
        "safe_url": _http_url(sd.url),
    })


def _http_url(url: str | None) -> str | None:
    """The URL as a link target only when it is http(s): a ``javascript:`` URL stays plain text."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None
