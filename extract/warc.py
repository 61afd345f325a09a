"""WARC files → captures and documents.

Crawls write raw captures to WARC (``warcio``); ingest and ``huanjie extract``
read them back here.  Only ``response`` and ``resource`` records carry pages.
The HTTP ``Content-Type`` charset travels with the payload to ``extract_html``
(it is the strongest label a page has besides a BOM).  A truncated or corrupt
record — a crawl killed mid-write, a cut download — is logged and skipped,
never raised: one bad record must not lose a whole archive.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from extract.records import Document

log = logging.getLogger(__name__)

__all__ = ["WarcRecord", "iter_warc_records", "iter_warc_documents"]

_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
_TEXT_TYPES = ("text/plain",)


SITE_GROUP_FIELD = "WARC-Huanjie-Site-Group"
SITE_FIELD = "WARC-Huanjie-Site"
"""Extension fields (WARC 1.1 allows named fields of one's own) on a huanjie crawl's
response records: which site configuration fetched the page, so that ``ingest`` of
the WARC later applies the same XPath overrides and ``reextract`` can find them."""


@dataclass
class WarcRecord:
    url: str
    fetched_at: str | None
    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    payload: bytes = b""
    warc_path: str = ""
    offset: int = 0
    site_group: str | None = None
    """The site file (``SiteConfig.config_ref``) a huanjie crawl fetched this through
    (WARC field ``WARC-Huanjie-Site-Group``); None for other WARCs."""
    site: str | None = None
    """The site's name in that file (``WARC-Huanjie-Site``)."""

    @property
    def content_type(self) -> str | None:
        return header_value(self.headers, "content-type")


def header_value(headers: dict[str, str], name: str) -> str | None:
    """A header's value by case-insensitive name (captured headers keep the server's casing)."""
    name = name.lower()
    for k, v in headers.items():
        if k.lower() == name:
            return v
    return None

def iter_warc_records(path: str | os.PathLike) -> Iterator[WarcRecord]:
    """Response and resource records of a WARC(.gz) file, in file order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    wpath = str(path)
    try:
        fh = open(wpath, "rb")
    except OSError as e:
        log.warning("cannot open WARC %s: %s", wpath, e)
        return
    with fh:
        size = os.fstat(fh.fileno()).st_size
        it = ArchiveIterator(fh)
        seen = 0
        while True:
            try:
                record = next(it)
            except StopIteration:
                # warcio ends quietly on a cut gzip member: say so if bytes are left.
                end = getattr(it, "offset", size)
                if isinstance(end, int) and end < size:
                    log.warning("WARC %s: truncated record at offset %s skipped (%d bytes unread)",
                                wpath, end, size - end)
                if not seen and size:
                    log.warning("WARC %s: no WARC records found", wpath)
                break
            except (ArchiveLoadFailed, EOFError, OSError, ValueError, Exception) as e:  # noqa: B014
                # After a corrupt record the stream position is unknown: stop here.
                log.warning("WARC %s: unreadable record after offset %s, stopping: %s",
                            wpath, _safe_offset(it), e)
                break
            seen += 1
            if record.rec_type not in ("response", "resource"):
                continue
            try:
                payload = record.content_stream().read()
                remaining = getattr(record.raw_stream, "limit", 0) or 0
            except Exception as e:  # truncated gzip member, bad chunking …
                log.warning("WARC %s: truncated record %s skipped: %s", wpath,
                            record.rec_headers.get_header("WARC-Target-URI"), e)
                break
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            if (remaining > 0 or record.length is None or record.rec_headers.get_header("Content-Length") is None
                    or record.rec_headers.get_header("WARC-Truncated")):
                log.warning("WARC %s: truncated record %s skipped", wpath, url)
                continue
            status: int | None = None
            headers: dict[str, str] = {}
            if record.rec_type == "response" and record.http_headers is not None:
                try:
                    status = int(record.http_headers.get_statuscode())
                except (TypeError, ValueError):
                    status = None
                headers = {k: v for k, v in record.http_headers.headers}
            else:
                ct = record.rec_headers.get_header("Content-Type")
                if ct:
                    headers = {"Content-Type": ct}
            yield WarcRecord(
                url=url,
                fetched_at=record.rec_headers.get_header("WARC-Date"),
                status=status,
                headers=headers,
                payload=payload,
                warc_path=wpath,
                offset=_safe_offset(it),
                site_group=record.rec_headers.get_header(SITE_GROUP_FIELD),
                site=record.rec_headers.get_header(SITE_FIELD),
            )


def _safe_offset(it) -> int:
    try:
        return int(it.get_record_offset())
    except Exception:
        return -1


def _kind(rec: WarcRecord) -> str | None:
    ct = (rec.content_type or "").split(";")[0].strip().lower()
    path = rec.url.split("?", 1)[0].lower()
    if ct in _HTML_TYPES or (not ct and path.endswith((".html", ".htm", ".shtml", "/"))):
        return "html"
    if ct in _TEXT_TYPES or path.endswith(".txt"):
        return "text"
    if not ct and rec.payload.lstrip()[:1] == b"<":
        return "html"
    return None


def iter_warc_documents(path: str | os.PathLike) -> Iterator[Document]:
    """Documents of the pages and text files in a WARC (errors as Documents)."""
    from extract.html import extract_html

    for rec in iter_warc_records(path):
        if rec.status is not None and not (200 <= rec.status < 300):
            log.info("WARC %s: %s skipped (HTTP %s)", rec.warc_path, rec.url, rec.status)
            continue
        kind = _kind(rec)
        if kind is None:
            continue
        if kind == "html":
            doc = extract_html(rec.payload, source=rec.url, url=rec.url, content_type=rec.content_type)
        else:
            doc = _text_document(rec)
        doc.extra.update({"fetched_at": rec.fetched_at, "warc_path": rec.warc_path, "warc_offset": rec.offset,
                          "status": rec.status})
        yield doc


def _text_document(rec: WarcRecord) -> Document:
    from extract.encoding import DecodeError, decode_bytes
    from extract.html.decode import header_charset

    try:
        dec = decode_bytes(rec.payload, header_charset(rec.content_type))
    except DecodeError as e:
        return Document(source=rec.url, error=f"not text: {e}", flags=["binary"], kind="error")
    try:
        from extract.pipeline import extract_text
    except ImportError:
        return Document(source=rec.url, body=dec.text, flags=list(dec.flags))
    try:
        doc = extract_text(dec.text, source=rec.url)
    except Exception as e:  # the text pipeline must not lose the archive
        log.warning("text pipeline failed on %s: %s", rec.url, e)
        return Document(source=rec.url, body=dec.text, error=f"text pipeline failed: {e}")
    doc.flags = list(dict.fromkeys(list(doc.flags) + list(dec.flags)))
    return doc


