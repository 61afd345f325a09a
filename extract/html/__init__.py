"""HTML page → article ``Document`` (GitHub issue 3).

``extract_html`` decodes the bytes (``decode.py``), parses once with lxml,
reads metadata (``metadata.py``), finds the main text on top of readability and
trafilatura (``maintext.py``), picks the title (``titles.py``), recognises
list/error pages (``listpage.py``) and then runs the shared text pipeline
(``extract.pipeline.extract_text``) on the body.  It never raises on bad input:
problems come back as ``Document.error`` or ``flags``.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from extract.records import Document

from . import metadata as md
from .decode import HtmlDecodeError, decode_page
from .listpage import list_reasons
from .maintext import extract_main
from .textify import cjk_count, element_text
from .titles import choose_title, heading_candidates

log = logging.getLogger(__name__)

MAX_BODY_CHARS = 200_000
"""Bodies above this go to the text pipeline cut (flag ``body_truncated``)."""
MAX_BYTES = 4_000_000
"""Pages above this (after dropping scripts, styles and inline data) are cut: no
real article is that long, and a 20 MB page must not stall a crawl."""

__all__ = ["Overrides", "extract_html", "HtmlDecodeError"]


@dataclass
class Overrides:
    """Per-site extraction hints (from the crawler's site YAML)."""
    body_xpath: str | None = None
    title_xpath: str | None = None
    date_xpath: str | None = None
    outlet_xpath: str | None = None
    noise_xpaths: list[str] = field(default_factory=list)
    encoding: str | None = None


_BULK_RE = re.compile(rb"<script\b.*?</script\s*>|<style\b.*?</style\s*>|data:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]{200,}",
                      re.I | re.S)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# A stray </body> or </html> (a header template that closes its own page) makes
# libxml2 put everything after it outside the tree; browsers ignore such tags and
# keep parsing into the body, and so do we by dropping them (the parser closes
# both at the end anyway).
_END_TAG_RE = re.compile(r"</\s*(?:body|html)\s*>", re.I)
_WS = re.compile(r"\s+")


def _shrink(data: bytes, flags: list[str]) -> bytes:
    if len(data) <= MAX_BYTES:
        return data
    data = _BULK_RE.sub(b"", data)
    if len(data) > MAX_BYTES:
        data = data[:MAX_BYTES]
        flags.append("page_truncated")
    return data


def _xpath_text(tree, xp: str | None) -> str | None:
    if not xp:
        return None
    try:
        res = tree.xpath(xp)
    except etree.XPathError:
        log.warning("bad xpath %r", xp)
        return None
    parts = []
    for r in res if isinstance(res, list) else [res]:
        parts.append(" ".join((r.text_content() if isinstance(r, etree._Element) else str(r)).split()))
    txt = " ".join(p for p in parts if p)
    return txt or None


def _find_line(lines: list[str], needle: str, start: int = 0) -> int:
    n = _WS.sub("", needle)[:30]
    if not n:
        return -1
    for i in range(start, len(lines)):
        if n in _WS.sub("", lines[i]):
            return i
    return -1


def extract_html(data: bytes, *, source: str, url: str | None = None, content_type: str | None = None,
                 overrides: Overrides | None = None, text_pipeline: bool = True) -> Document:
    """Article fields of one HTML page; never raises (see ``_extract_html``)."""
    try:
        return _extract_html(data, source=source, url=url, content_type=content_type, overrides=overrides,
                             text_pipeline=text_pipeline)
    except Exception as e:  # lxml/readability assertions on pathological markup
        log.warning("HTML extraction failed on %s: %r", source, e)
        return Document(source=source, error=f"HTML extraction failed: {type(e).__name__}: {e}"[:300],
                        flags=["extraction_failed"], kind="error")


def _extract_html(data: bytes, *, source: str, url: str | None, content_type: str | None,
                  overrides: Overrides | None, text_pipeline: bool) -> Document:
    """Article fields of one HTML page; errors come back in ``Document.error``.

    ``text_pipeline=False`` stops after the HTML stage (title, date, outlet,
    author, body): for benchmarks and for callers that run the text pipeline
    themselves."""
    ov = overrides or Overrides()
    flags: list[str] = []
    if not isinstance(data, (bytes, bytearray)):
        return Document(source=source, error="expected bytes", flags=["bad_input"], kind="error")
    data = _shrink(bytes(data), flags)
    try:
        page = decode_page(data, content_type, ov.encoding)
    except HtmlDecodeError as e:
        return Document(source=source, error=f"not an HTML page: {e}", flags=["binary"], kind="error")
    flags += [f for f in page.flags if f != "empty"]
    text = _END_TAG_RE.sub("", _XML_DECL_RE.sub("", page.text)).replace("\x00", "")
    if not text.strip() or "<" not in text:
        return Document(source=source, error="not an HTML page: no markup", flags=flags + ["empty"], kind="error")
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        return Document(source=source, error=f"unparseable HTML: {e}", flags=flags, kind="error")

    pm = md.read_meta(tree)
    etree.strip_elements(tree, "script", "style", "noscript", with_tail=False)
    headings = heading_candidates(tree)
    pre_title = choose_title(html_title=pm.html_title, meta_titles=md.meta_titles(pm), headings=headings)
    main = extract_main(tree, title=pre_title, body_xpath=ov.body_xpath, noise_xpaths=ov.noise_xpaths)
    body = main.body
    flags += main.flags
    if len(body) > MAX_BODY_CHARS:
        body = body[:MAX_BODY_CHARS].rsplit("\n", 1)[0]
        flags.append("body_truncated")

    # The visible header/footer lines around the body, for date/source/author.
    page_lines = main.page_lines
    b = _find_line(page_lines, body.split("\n", 1)[0]) if body else -1
    last = body.rsplit("\n", 1)[-1] if body else ""
    e = _find_line(page_lines, last, max(b, 0)) if body else -1
    head_zone = page_lines[max(0, b - 8):b] if b > 0 else page_lines[:8]
    head_zone = [l for l in head_zone if len(l) <= 150]
    tail_zone = [l for l in page_lines[e + 1:e + 7] if len(l) <= 150] if e >= 0 else []

    # Bold/font headings of old CMS layouts are no <h1>: a header line that is a
    # separator-bounded run of <title> is a heading too.
    raw_title = _WS.sub("", pm.html_title or "")
    headings = headings + [l for l in head_zone if len(_WS.sub("", l)) >= 6
                           and _WS.sub("", l) in raw_title and _WS.sub("", l) != raw_title]
    nearest = None
    hset = {_WS.sub("", h) for h in headings}
    for line in reversed(head_zone):
        if _WS.sub("", line) in hset and len(line) >= 6 and cjk_count(line) >= 4:
            nearest = line
            break
    title = _xpath_text(tree, ov.title_xpath) or choose_title(
        html_title=pm.html_title, meta_titles=md.meta_titles(pm), headings=headings, nearest_heading=nearest)
    if title and pre_title and title != pre_title and body:
        pass  # body was repaired against pre_title; a leading title line is rare

    published = (md.iso_date(_xpath_text(tree, ov.date_xpath)) or md.meta_date(pm) or md.zone_date(head_zone, nearest_last=True)
                 or md.htmldate_date(text) or md.zone_date(tail_zone) or md.url_date(url))
    outlet = (md.clean_outlet(_xpath_text(tree, ov.outlet_xpath)) or md.zone_outlet(head_zone)
              or md.meta_outlet(pm) or md.zone_outlet(tail_zone) or _class_source(tree))
    author = md.zone_author(head_zone) or md.meta_author(pm)

    reasons = [] if ov.body_xpath and body else list_reasons(body, main.link_density, title)
    extra = {"encoding": page.encoding, "declared_encoding": page.declared, "method": main.method}
    if reasons:
        doc = Document(source=source, title=title, published=published, outlet=outlet, author=author,
                       kind="list", body="", flags=flags + ["list_page"] + reasons, extra=extra)
        return doc
    if not text_pipeline:
        return Document(source=source, title=title, published=published, outlet=outlet, author=author,
                        body=body, flags=flags, extra=extra)
    return _run_text_pipeline(body, source=source, title=title, published=published, outlet=outlet,
                              author=author, flags=flags, extra=extra)


def _class_source(tree) -> str | None:
    """An element classed ``source`` in the page header (portal layouts)."""
    for el in tree.iter("a", "span", "em", "i", "div"):
        cls = (el.get("class") or "").lower().split()
        if "source" in cls or "media-name" in cls or "ne_article_source" == (el.get("id") or ""):
            o = md.clean_outlet(" ".join(el.text_content().split()))
            if o and len(o) <= 20:
                return o
    return None


def _run_text_pipeline(body: str, *, source: str, title, published, outlet, author, flags, extra) -> Document:
    try:
        from extract.pipeline import extract_text  # helper F's text pipeline
    except ImportError:
        extract_text = None  # type: ignore[assignment]
    if extract_text is not None:
        try:
            doc = extract_text(body, source=source, title=title, published=published, outlet=outlet, author=author)
        except Exception as e:  # the text pipeline must not lose the page
            log.warning("text pipeline failed on %s: %s", source, e)
            doc = Document(source=source, title=title, published=published, outlet=outlet, author=author,
                           body=body, error=f"text pipeline failed: {e}")
        doc.body = body
        doc.kind = "article"
        doc.flags = list(dict.fromkeys(list(doc.flags) + flags))
        doc.extra.update(extra)
        # The page's own metadata wins over what the text pipeline guessed.
        doc.title = title or doc.title
        doc.published = published or doc.published
        doc.outlet = outlet or doc.outlet
        doc.author = author or doc.author
        return doc
    return Document(source=source, title=title, published=published, outlet=outlet, author=author,
                    body=body, flags=flags, extra=extra)
