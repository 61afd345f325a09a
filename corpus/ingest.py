"""Files, folders and WARCs into the store, through the same extractors as the crawler.

Every input becomes a *capture* first (raw bytes with provenance), then a
``Document`` (``extract_capture``), then ``Store.ingest``.  The crawler and
``huanjie reextract`` call ``extract_capture`` too, so a page is extracted the
same way whichever door it came in by.

Ingest is idempotent (content hashes; the same URL and payload is one capture)
and transactional in batches: a crash loses at most the open batch, and
running the same ingest again completes it.  Bad inputs (a truncated WARC
record, a binary file, an extractor failure) are counted and logged, never
raised.
"""
from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

from corpus.store import Store
from extract.records import Document
from extract.warc import header_value

log = logging.getLogger(__name__)

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
TEXT_SUFFIXES = {".txt"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
BATCH = 200


def extractor_version() -> str:
    try:
        from extract.version import EXTRACTOR_VERSION
    except ImportError:
        return "unknown"
    return str(EXTRACTOR_VERSION)


@dataclass
class IngestSummary:
    files: int = 0
    records: int = 0
    new: int = 0
    unchanged: int = 0
    new_versions: int = 0
    skipped: int = 0
    errors: int = 0
    error_samples: list[tuple[str, str]] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def stored(self) -> int:
        return self.new + self.unchanged + self.new_versions

    def error(self, source: str, message: str) -> None:
        self.errors += 1
        log.warning("skipped %s: %s", source, message)
        if len(self.error_samples) < 20:
            self.error_samples.append((source, message))

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in
                ("files", "records", "new", "unchanged", "new_versions", "skipped", "errors", "elapsed_s")}


def _looks_like_html(payload: bytes) -> bool:
    head = payload[:2048].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<meta")) or b"<body" in head


def extract_capture(
    payload: bytes,
    *,
    url: str,
    content_type: str | None = None,
    overrides: Any = None,
    source: str | None = None,
) -> Document:
    """One captured payload → ``Document`` (``error`` set when it is not an extractable page).

    HTML goes through ``extract.html.extract_html``; plain text through the
    decoder and ``extract.pipeline.extract_text``.  Never raises.
    """
    src = source or url
    ct = (content_type or "").split(";")[0].strip().lower()
    suffix = Path(url.split("?", 1)[0]).suffix.lower()
    try:
        if "html" in ct or (not ct and suffix in HTML_SUFFIXES) or (
            ct in ("", "application/octet-stream", "text/plain") and _looks_like_html(payload)
        ):
            from extract.html import extract_html

            return extract_html(payload, source=src, url=url, content_type=content_type, overrides=overrides)
        if ct == "text/plain" or (not ct and suffix in TEXT_SUFFIXES):
            from extract.encoding import decode_bytes
            from extract.pipeline import extract_text

            decoded = decode_bytes(payload, _charset(content_type))
            doc = extract_text(decoded.text, source=src)
            doc.flags = list(dict.fromkeys([*doc.flags, *decoded.flags]))
            doc.extra.setdefault("encoding", decoded.encoding)
            return doc
        return Document(source=src, error=f"not a text page ({ct or 'unknown type'})")
    except Exception as exc:  # an extractor bug must not stop a crawl or an ingest
        log.debug("extractor failed on %s", src, exc_info=True)
        return Document(source=src, error=f"extractor failed: {type(exc).__name__}: {exc}")


_WARM_PAGE = (
    "<html><head><meta charset='utf-8'><title>某县村（社区）“两委”换届工作推进会召开</title></head><body>"
    "<div class='content'><p>2021-03-02 09:30 来源：县融媒体中心</p>"
    "<p>截至3月1日，全县126个村（社区）完成“两委”换届，书记、主任“一肩挑”比例达95.2%。</p>"
    "<p>新一届班子成员平均年龄43.5岁，大专以上学历占41.3%。</p></div></body></html>"
).encode("utf-8")


def warm_up() -> None:
    """Extract one small page of our own so the extractors' first-call cost is paid now.

    The first extraction in a process builds the NLP pipeline, loads the
    gazetteer and the segmenter's dictionary: seconds, several under load.  In
    a crawl that happens inside the Twisted reactor, which then stalls; downloads
    already in flight outlive ``DOWNLOAD_TIMEOUT`` and fail or retry depending on
    timing.  Crawls call this before the reactor starts.
    """
    extract_capture(_WARM_PAGE, url="http://warm-up.invalid/t20210302_1.html", content_type="text/html; charset=utf-8")


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        k, _, v = part.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            return v.strip().strip('"')
    return None


# -- inputs ---------------------------------------------------------------------------


@dataclass
class _Item:
    """One capture waiting for extraction."""

    url: str
    source: str
    fetched_at: str | None
    status: int | None
    headers: dict[str, str]
    payload: bytes
    warc_path: str | None
    warc_offset: int | None
    site_group: str | None = None
    """Site file and site a huanjie crawl fetched the capture through (from its WARC record)."""
    site: str | None = None

    @property
    def content_type(self) -> str | None:
        return header_value(self.headers, "content-type")


def iter_inputs(paths: Iterable[str | Path], summary: IngestSummary) -> Iterator[_Item]:
    """Captures from files, folders (recursively) and WARC files, in a stable order."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and _kind(f))
            if not files:
                summary.error(str(path), "no .html/.txt/.warc files in this folder")
            for f in files:
                yield from _file_items(f, summary)
        elif path.is_file():
            if not _kind(path):
                summary.error(str(path), "unsupported file type (want .html, .htm, .txt, .warc, .warc.gz)")
                continue
            yield from _file_items(path, summary)
        else:
            summary.error(str(path), "no such file or folder")


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if path.suffix.lower() in HTML_SUFFIXES:
        return "html"
    if path.suffix.lower() in TEXT_SUFFIXES:
        return "text"
    return None


def _file_items(path: Path, summary: IngestSummary) -> Iterator[_Item]:
    summary.files += 1
    kind = _kind(path)
    if kind == "warc":
        yield from _warc_items(path, summary)
        return
    try:
        payload = path.read_bytes()
        mtime = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except OSError as exc:
        summary.error(str(path), f"unreadable: {exc}")
        return
    ct = "text/html" if kind == "html" else "text/plain"
    yield _Item(url=path.resolve().as_uri(), source=str(path), fetched_at=mtime, status=None,
                headers={"Content-Type": ct}, payload=payload, warc_path=None, warc_offset=None)


def _warc_items(path: Path, summary: IngestSummary) -> Iterator[_Item]:
    from extract.warc import iter_warc_records

    try:
        for rec in iter_warc_records(path):
            status = rec.status
            if status is not None and not 200 <= int(status) < 300:
                summary.records += 1
                summary.skipped += 1
                continue
            yield _Item(url=rec.url, source=rec.url, fetched_at=_iso(rec.fetched_at), status=status,
                        headers=dict(rec.headers or {}), payload=rec.payload,
                        warc_path=str(rec.warc_path or path), warc_offset=rec.offset,
                        site_group=rec.site_group, site=rec.site)
    except Exception as exc:  # a WARC broken beyond what the reader skips
        summary.error(str(path), f"unreadable WARC: {type(exc).__name__}: {exc}")


def _iso(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(v)


# -- the ingest loop ----------------------------------------------------------------------------


def _warm_worker() -> None:
    """Pool initializer: each worker loads the pipeline once and freezes it (``extract.pipeline.warm_up``)."""
    from extract.pipeline import warm_up

    warm_up()


def _extract_item(args: tuple) -> Document:
    """One extraction job ``(payload, url, content_type, source[, overrides])`` (picklable for a pool)."""
    payload, url, ct, source, *rest = args
    return extract_capture(payload, url=url, content_type=ct, source=source, overrides=rest[0] if rest else None)


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    workers: int = 1,
    on_progress: Callable[[IngestSummary], None] | None = None,
    topic: Any = "default",
) -> IngestSummary:
    """Ingest files, folders and WARCs; extraction runs in ``workers`` processes when > 1.

    ``topic`` (a ``crawlers.siteconfig.TopicFilter``; the crawler's default
    keywords unless given; None keeps everything) leaves off-topic articles out,
    as a crawl would: a crawl's WARC holds every page it fetched.
    """
    from crawlers.siteconfig import TopicFilter, overrides_for, overrides_key

    if topic == "default":
        topic = TopicFilter()
    summary = IngestSummary()
    t0 = time.perf_counter()
    version = extractor_version()
    run_id = store.begin_run("ingest", version)
    items = iter_inputs(paths, summary)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_warm_worker) if workers > 1 else None
    try:
        while True:
            batch = list(islice(items, BATCH))
            if not batch:
                break
            # a crawl's capture is read with its site's XPath overrides, as the crawl read it
            overrides = [overrides_for(it.site_group, it.site) for it in batch]
            jobs = [(it.payload, it.url, it.content_type, it.source, ov) for it, ov in zip(batch, overrides)]
            docs = list(pool.map(_extract_item, jobs, chunksize=8)) if pool else [_extract_item(j) for j in jobs]
            with store.transaction():
                for it, doc, ov in zip(batch, docs, overrides):
                    _store_one(store, it, doc, summary, version, run_id, topic, overrides_key(ov))
            if on_progress:
                on_progress(summary)
    finally:
        if pool:
            pool.shutdown()
    summary.elapsed_s = round(time.perf_counter() - t0, 3)
    store.finish_run(run_id, summary.as_dict())
    return summary


def _store_one(store: Store, it: _Item, doc: Document, summary: IngestSummary, version: str, run_id: int,
               topic: Any, overrides_key: str | None = None) -> None:
    summary.records += 1
    cid = store.add_capture(url=it.url, fetched_at=it.fetched_at, status=it.status, headers=it.headers,
                            payload=it.payload, warc_path=it.warc_path, warc_offset=it.warc_offset,
                            site_group=it.site_group, site=it.site)
    if doc.error:
        if doc.error.startswith("not a text page"):
            summary.skipped += 1
        else:
            summary.error(it.source, doc.error)
        return
    if doc.kind != "article" or (topic is not None and not topic.matches(doc.title, doc.text)):
        summary.skipped += 1
        return
    res = store.ingest(doc, url=it.url, capture_id=cid, extractor_version=version, run_id=run_id,
                       overrides_key=overrides_key)
    if res.status == "new":
        summary.new += 1
    elif res.status == "unchanged":
        summary.unchanged += 1
    else:
        summary.new_versions += 1


def default_workers() -> int:
    return max(1, min(8, (os.cpu_count() or 1)))


# -- re-extraction -------------------------------------------------------------------------------


@dataclass
class ReextractSummary:
    considered: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    """Up to date already, or no capture to re-read (re-run with ``force``)."""
    errors: int = 0
    error_samples: list[tuple[str, str]] = field(default_factory=list)
    elapsed_s: float = 0.0
    extractor_version: str = ""


def reextract(store: Store, *, force: bool = False, workers: int = 1,
              on_progress: Callable[[ReextractSummary], None] | None = None) -> ReextractSummary:
    """Run the current extractors again over every current version's stored capture.

    A capture a crawl made is extracted with its site's XPath overrides as the
    site file has them *now* (``crawlers.siteconfig.overrides_for``), so fixing
    an override and running ``reextract`` repairs what the crawl stored.
    Versions already extracted by this ``EXTRACTOR_VERSION`` with the same
    overrides are left alone unless ``force``.  A page the new extractor cannot
    read keeps its old extraction (counted as an error): an upgrade must never
    lose a document.
    """
    from crawlers.siteconfig import overrides_for, overrides_key

    version = extractor_version()
    summary = ReextractSummary(extractor_version=version)
    t0 = time.perf_counter()
    run_id = store.begin_run("reextract", version)
    todo = []
    for r in store.iter_reextract_jobs():
        summary.considered += 1
        overrides = overrides_for(r["site_group"], r["site"])
        key = overrides_key(overrides)
        if r["capture_id"] is None or (r["extractor_version"] == version and r["overrides_key"] == key
                                       and not force):
            summary.skipped += 1
            continue
        headers = json.loads(r["headers"] or "{}")
        ct = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
        todo.append((r["version_id"], r["url"], r["capture_id"], ct, overrides, key))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_warm_worker) if workers > 1 else None
    try:
        for i in range(0, len(todo), BATCH):
            part = todo[i : i + BATCH]
            jobs = [(store.capture_payload(capture_id) or b"", url, ct, url, overrides)
                    for _, url, capture_id, ct, overrides, _ in part]
            docs = list(pool.map(_extract_item, jobs, chunksize=8)) if pool else [_extract_item(j) for j in jobs]
            with store.transaction():
                for (version_id, url, _, _, _, key), job, doc in zip(part, jobs, docs):
                    if not job[0]:
                        summary.errors += 1
                        summary.error_samples.append((url, "capture payload missing (WARC moved?)"))
                    elif doc.error or doc.kind != "article":
                        summary.errors += 1
                        if len(summary.error_samples) < 20:
                            summary.error_samples.append((url, doc.error or f"now read as a {doc.kind} page"))
                    elif store.replace_extraction(version_id, doc, extractor_version=version, run_id=run_id,
                                                  overrides_key=key):
                        summary.changed += 1
                    else:
                        summary.unchanged += 1
            if on_progress:
                on_progress(summary)
    finally:
        if pool:
            pool.shutdown()
    summary.elapsed_s = round(time.perf_counter() - t0, 3)
    store.finish_run(run_id, {k: getattr(summary, k) for k in
                              ("considered", "changed", "unchanged", "skipped", "errors", "elapsed_s")})
    return summary
