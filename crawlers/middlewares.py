"""Scrapy middlewares that make the crawler polite, reproducible and incremental.

- ``StrictRobotsTxtMiddleware``: robots.txt as RFC 9309 says: a 5xx answer or an
  unreachable robots.txt means *disallow everything* (Scrapy's own middleware
  would crawl the whole site); a 4xx means no rules.
- ``BackoffRetryMiddleware``: retries 429/503 after ``Retry-After`` or an
  exponential delay, and slows the host's download slot, instead of hammering
  a server that asked us to slow down.
- ``WarcCaptureMiddleware``: every response (redirects and errors included) is
  written raw to WARC and recorded as a capture in the store.
- ``SeenArticleFilter``: the incremental check (scrapy-deltafetch does not load
  on Scrapy 2.19): article requests whose URL the store already took in are
  dropped before they are sent; list pages are always re-read.
"""
from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timezone
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

log = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
DONE_OUTCOMES = ("kept", "offtopic", "out_of_window", "gone", "not_article")
"""Crawl outcomes after which an article URL is not requested again (unless refreshing).
Errors and blocks are tried again on the next crawl."""


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            log.warning("robots.txt of %s answered %s: treating the whole site as disallowed",
                        netloc, response.status)
            self._stats.inc_value("huanjie/robots_unavailable")
            response = response.replace(body=DISALLOW_ALL)
        elif response.status >= 400:
            response = response.replace(body=b"")
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        # Unreachable robots.txt: RFC 9309 says assume complete disallow.
        log.warning("robots.txt of %s unreachable (%s): treating the whole site as disallowed", netloc, exc)
        self._stats.inc_value("huanjie/robots_unavailable")
        from scrapy.utils.misc import build_from_crawler

        rp = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        dfd = self._parsers[netloc]
        self._parsers[netloc] = rp
        dfd.callback(rp)  # type: ignore[union-attr]


class BackoffRetryMiddleware(RetryMiddleware):
    BACKOFF_CODES = (429, 503)

    @classmethod
    def from_crawler(cls, crawler):  # type: ignore[no-untyped-def]
        o = super().from_crawler(crawler)
        o.base = crawler.settings.getfloat("HUANJIE_BACKOFF_BASE", 2.0)
        o.cap = crawler.settings.getfloat("HUANJIE_BACKOFF_MAX", 120.0)
        return o

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if (
            response.status in self.BACKOFF_CODES
            and not request.meta.get("dont_retry", False)
            and request.meta.get("retry_times", 0) < request.meta.get("max_retry_times", self.max_retry_times)
        ):
            delay = self._delay(request, response)
            self.crawler.stats.inc_value("huanjie/backoff")
            log.info("%s answered %s: backing off %.1fs", request.url, response.status, delay)
            self._slow_slot(request, delay)
            await asyncio.sleep(delay)
        return super().process_response(request, response)

    def _delay(self, request: Request, response: Response) -> float:
        ra = response.headers.get(b"Retry-After")
        if ra:
            try:
                return min(self.cap, max(0.0, float(ra.decode("latin-1").strip())))
            except ValueError:
                pass
        return min(self.cap, self.base * (2 ** request.meta.get("retry_times", 0)))

    def _slow_slot(self, request: Request, delay: float) -> None:
        try:
            downloader = self.crawler.engine.downloader
            key = downloader.get_slot_key(request)
            slot = downloader.slots.get(key)
            if slot is not None:
                slot.delay = max(slot.delay, min(delay, self.cap))
        except Exception:  # slot internals are not public API; backoff still happens via the sleep
            pass


class WarcCaptureMiddleware:
    """Writes each response to WARC and the store (installed close to the downloader)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE", 0) or (64 << 20)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "WarcCaptureMiddleware":
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        spider = self.crawler.spider
        response = self._decode(response)
        now = datetime.now(timezone.utc)
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, vs in response.headers.items() for v in vs
        ]
        req_headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, vs in request.headers.items() for v in vs
        ]
        host = urlparse_cached(request).netloc
        req_headers.insert(0, ("Host", host))
        # which site configuration fetched it: ingest and reextract apply that site's overrides again
        site = getattr(spider, "sites", {}).get(request.meta.get("hj_site"))
        site_group = (site.config_ref or None) if site else None
        site_name = site.name if site and site.config_ref else None
        sink = getattr(spider, "warc", None)
        path, offset = (None, None)
        if sink is not None:
            path, offset = sink.write_response(url=response.url, status=response.status, headers=headers,
                                               body=response.body, fetched_at=now, request_headers=req_headers,
                                               method=request.method, site_group=site_group, site=site_name)
        store = getattr(spider, "store", None)
        if store is not None:
            cid = store.add_capture(url=response.url, fetched_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                    status=response.status, headers=dict(headers), payload=response.body,
                                    warc_path=path, warc_offset=offset, site_group=site_group, site=site_name)
            request.meta["hj_capture_id"] = cid
        self.crawler.stats.inc_value("huanjie/fetched")
        return response

    def _decode(self, response: Response) -> Response:
        """Undo a Content-Encoding the server sent although we asked for none (bounded)."""
        enc = (response.headers.get(b"Content-Encoding") or b"").lower().strip()
        if enc not in (b"gzip", b"x-gzip", b"deflate"):
            return response
        wbits = 47 if enc != b"deflate" else zlib.MAX_WBITS
        try:
            d = zlib.decompressobj(wbits)
            body = d.decompress(response.body, self.maxsize)
        except zlib.error:
            try:
                body = zlib.decompressobj(-zlib.MAX_WBITS).decompress(response.body, self.maxsize)
            except zlib.error:
                return response
        headers = response.headers.copy()
        del headers[b"Content-Encoding"]
        return response.replace(body=body, headers=headers)


class SeenArticleFilter:
    """Spider middleware: drop article requests the store has already taken in (incremental crawls)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SeenArticleFilter":
        return cls(crawler)

    def _keep(self, obj: Any) -> bool:
        if not isinstance(obj, Request) or obj.meta.get("hj_role") != "article":
            return True
        spider = self.crawler.spider
        if getattr(spider, "refresh", False):
            return True
        store, site = getattr(spider, "store", None), obj.meta.get("hj_group")
        if store is None or site is None:
            return True
        outcome = store.seen_outcome(site, obj.url)
        if outcome in DONE_OUTCOMES:
            self.crawler.stats.inc_value("huanjie/seen")
            return False
        return True

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in start:
            if self._keep(obj):
                yield obj

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        for obj in result:
            if self._keep(obj):
                yield obj

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for obj in result:
            if self._keep(obj):
                yield obj
