"""The one generic news spider, driven by ``SiteConfig`` (``crawlers/sites/*.yaml``).

Modes:
- ``list``: start at list pages, follow pagination (TRS ``index_N.html``,
  ``?page=N``, JavaScript pagers that print ``countPage``) and list links, and
  take article links;
- ``sitemap`` / ``rss``: article URLs from sitemap.xml (index files followed) or
  RSS/Atom feeds;
- ``auto``: only a start URL: follow in-site links to ``depth``, recognise
  articles by URL shape and by the extractor's verdict, keep those on topic.

Each article page is extracted (``corpus.ingest.extract_capture``), checked for
topic and date window, and handed to ``crawlers.pipelines.StorePipeline``.
Captchas, logins and JavaScript challenges are recognised and logged as
*blocked*, never worked around.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap

from corpus.ingest import extract_capture
from crawlers.middlewares import DONE_OUTCOMES
from crawlers.siteconfig import SiteConfig, overrides_key

log = logging.getLogger(__name__)

COUNT_RE = re.compile(
    r"(?:countPage|pageCount|totalPage|totalPages|page_count|pagecount|maxPage)\s*[=:]\s*['\"]?(\d{1,5})"
)
CREATE_PAGE_RE = re.compile(r"createPageHTML\(\s*['\"]?(\d{1,5})")
TRS_PAGE_RE = re.compile(r"^(?P<name>index|default)(?:_(?P<n>\d+))?\.(?P<ext>s?html?)$")
QUERY_PAGER_RE = re.compile(r"\?(?:[^\"'<>\s]*&)?(page|pageNo|pageno|pageIndex|pn|p)=")
BLOCK_MARKERS = (
    "captcha", "验证码", "人机验证", "安全验证", "滑动验证", "just a moment...", "访问过于频繁",
    "请开启javascript", "请启用javascript", "please enable javascript",
)
HTML_TYPES = ("text/html", "application/xhtml")


def blocked_reason(response: Response) -> str | None:
    """Why a 200 response is a captcha, login wall or JavaScript challenge (None when it is a page).

    Only the title and the visible text of a *short* page count: a news page
    that links to ``/captcha.html`` or mentions 验证码 in a long article is a page.
    """
    if len(response.body) > 100_000:
        return None
    raw = response.body.decode("utf-8", "ignore")
    if "\ufffd" in raw[:2000] and isinstance(response, TextResponse):
        try:
            raw = response.text
        except Exception:
            pass
    low = raw.lower()
    m = re.search(r"<title[^>]*>(.*?)</title>", low, flags=re.S)
    title = m.group(1) if m else ""
    visible = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>|\s+|&nbsp;", "",
                     re.sub(r"<a\b[^>]*>.*?</a>", "", low, flags=re.S), flags=re.S)
    short = len(visible) < 400
    for marker in BLOCK_MARKERS:
        if marker in title or (short and marker in visible):
            return f"challenge page ({marker})"
    if short and any(m in low for m in ("cf-challenge", "challenge-platform", "cf_chl_")):
        return "javascript challenge"
    if short and ('type="password"' in low or "type='password'" in low):
        return "login form"
    if len(visible) < 80 and "document.cookie" in low and ("location" in low or "reload" in low):
        return "javascript challenge"
    return None


class NewsSpider(scrapy.Spider):
    name = "huanjie-news"

    def __init__(self, sites: list[SiteConfig], store: Any = None, warc: Any = None,
                 refresh: bool = False, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sites = {s.name: s for s in sites}
        self.store = store
        self.warc = warc
        self.refresh = refresh
        self.allowed_domains = sorted({d for s in sites for d in s.allowed_domains})
        self.requested: Counter[str] = Counter()
        # read before this crawl's own run is recorded: did the last crawl of each group read everything?
        self.read_everything_before = {
            g: store.last_crawl_read_everything(g) for g in {s.group for s in sites}
        } if store is not None else {}

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "NewsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_dropped, signal=scrapy.signals.request_dropped, weak=False)
        return spider

    def on_dropped(self, request: Request, spider: Any = None) -> None:
        """A redirect back to a URL already visited was dropped by the dupefilter: a redirect loop."""
        chain = request.meta.get("redirect_urls") or []
        if request.url in chain or (chain and request.meta.get("hj_role") == "article"):
            self._error(chain[0] if chain else request.url, f"redirect loop ({' -> '.join([*chain, request.url])})")
            meta = request.meta
            if self.store is not None and meta.get("hj_role") == "article" and "hj_group" in meta:
                self.store.mark_seen(meta["hj_group"], chain[0], status=None, outcome="error")

    # -- helpers -------------------------------------------------------------------------

    def _meta(self, site: SiteConfig, role: str, depth: int = 0, **extra: Any) -> dict[str, Any]:
        return {"hj_site": site.name, "hj_group": site.group, "hj_role": role, "hj_depth": depth, **extra}

    def _request(self, url: str, site: SiteConfig, role: str, depth: int = 0, **extra: Any) -> Request | None:
        if site.max_pages is not None and self.requested[site.name] >= site.max_pages:
            return None
        self.requested[site.name] += 1
        callback = {"article": self.parse_article, "sitemap": self.parse_sitemap, "rss": self.parse_rss}.get(
            role, self.parse_page)
        return Request(url, callback=callback, errback=self.on_error, meta=self._meta(site, role, depth, **extra))

    def _inc(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"huanjie/{key}", n)

    def _site(self, response: Response) -> SiteConfig:
        return self.sites[response.meta["hj_site"]]

    def _text_response(self, response: Response, site: SiteConfig) -> TextResponse | None:
        if not isinstance(response, TextResponse):
            return None
        if site.encoding:
            enc = site.encoding.lower()
            return response.replace(encoding="gb18030" if enc in ("gbk", "gb2312", "gb18030") else enc)
        return response

    # -- start -----------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for site in self.sites.values():
            if site.mode in ("list", "auto"):
                for url in site.start_urls:
                    req = self._request(url, site, "list" if site.mode == "list" else "start")
                    if req:
                        yield req
            for url in site.sitemap_urls if site.mode == "sitemap" else []:
                req = self._request(url, site, "sitemap")
                if req:
                    yield req
            for url in site.rss_urls if site.mode == "rss" else []:
                req = self._request(url, site, "rss")
                if req:
                    yield req
            if site.mode in ("sitemap", "rss") and not (site.sitemap_urls or site.rss_urls):
                for url in site.start_urls:
                    guess = urljoin(url, "/sitemap.xml" if site.mode == "sitemap" else "/rss.xml")
                    req = self._request(guess, site, site.mode)
                    if req:
                        yield req

    # -- list pages and auto discovery -------------------------------------------------------

    def parse_page(self, response: Response) -> Iterator[Any]:
        site = self._site(response)
        role, depth = response.meta["hj_role"], response.meta.get("hj_depth", 0)
        reason = blocked_reason(response)
        if reason:
            self._inc("list_errors")
            yield from self._blocked(response, reason)
            return
        tr = self._text_response(response, site)
        if tr is None:
            self._inc("skipped")
            return
        is_article = False
        if site.mode == "auto" and role == "page":
            # an unknown in-site page: it may be an article whose URL has no telling shape
            doc = self._extract(response, site)
            if doc is not None and doc.kind == "article" and not doc.error:
                is_article = True
                yield from self._judge(response, site, doc)
                if depth >= site.depth:
                    return
        if not is_article:
            self._inc("list_pages")
        links = self._links(tr, site, depth)
        pages = [] if is_article else self._pager_urls(tr, site)
        if not self._pages_incrementally(site):
            yield from self._requests(links, site, depth)
            for page in pages:  # a first (or full) crawl asks for every page at once
                req = self._request(page, site, "list", depth)
                if req:
                    yield req
            return
        # incremental: one list page at a time, while pages bring new articles
        if role == "list" and not any(r == "article" and not self._done(site, u) for u, r in links):
            self._inc("paging_stopped")
            log.info("%s lists no new article: not paging further", response.url)
            yield from self._requests(links, site, depth, articles_only=True)
            return
        rest = pages or list(response.meta.get("hj_next_pages") or [])
        chained = set(rest)
        yield from self._requests([(u, r) for u, r in links if u not in chained], site, depth)
        if rest:
            req = self._request(rest[0], site, "list", depth, hj_next_pages=rest[1:])
            if req:
                yield req

    # -- incremental paging ------------------------------------------------------------------

    def _pages_incrementally(self, site: SiteConfig) -> bool:
        """Stop paging a list at a page with no new article URL (``pagination.stop_when_no_new``, default on).

        Lists run newest first, so once a page holds nothing new the older pages
        hold nothing new either — provided the last crawl of this site read them
        all.  After a crawl that was killed, paused or cut off by a page limit
        (or with ``--refresh``) every page is read again.
        """
        return (site.mode == "list" and bool(site.pagination.get("stop_when_no_new", True))
                and not self.refresh and self.read_everything_before.get(site.group, False))

    def _done(self, site: SiteConfig, url: str) -> bool:
        return self.store is not None and self.store.seen_outcome(site.group, url) in DONE_OUTCOMES

    # -- links -------------------------------------------------------------------------------

    def _follow_links(self, response: TextResponse, site: SiteConfig, depth: int) -> Iterator[Request]:
        yield from self._requests(self._links(response, site, depth), site, depth)

    def _links(self, response: TextResponse, site: SiteConfig, depth: int) -> list[tuple[str, str]]:
        """In-scope links of a page as (url, role): article, list, or (auto mode) page."""
        seen: set[str] = set()
        out: list[tuple[str, str]] = []
        for href in response.xpath("//a/@href").getall():
            url = _clean_url(response.urljoin(href.strip()))
            if url is None or url in seen or not site.in_scope(url):
                continue
            seen.add(url)
            if site.is_article_url(url):
                out.append((url, "article"))
            elif site.is_list_url(url):
                out.append((url, "list"))
            elif site.mode == "auto" and depth < site.depth:
                out.append((url, "page"))
        return out

    def _requests(self, links: list[tuple[str, str]], site: SiteConfig, depth: int, *,
                  articles_only: bool = False) -> Iterator[Request]:
        for url, role in links:
            if articles_only and role != "article":
                continue
            req = self._request(url, site, role, depth + 1)
            if req is not None:
                yield req

    def _pager_urls(self, response: TextResponse, site: SiteConfig) -> list[str]:
        """Pages a JavaScript pager only announces (``countPage = 12``), in order; links to pages are followed anyway.

        Only a list's first page announces the others (an empty list for any other page).
        """
        cfg = site.pagination or {}
        kind = cfg.get("kind", "auto")
        if kind == "none":
            return []
        text = response.text
        m = CREATE_PAGE_RE.search(text) or COUNT_RE.search(text)
        if not m:
            return []
        count = min(int(m.group(1)), int(cfg.get("max_pages", 100)))
        pages: list[str] = []
        url = response.url
        parts = urlsplit(url)
        trs = TRS_PAGE_RE.match(parts.path.rsplit("/", 1)[-1] or "index.html")
        qm = QUERY_PAGER_RE.search(text)
        if kind == "query" or (kind in ("auto", "countpage") and qm):
            param = str(cfg.get("param") or (qm.group(1) if qm else "page"))
            first = int(cfg.get("first", 1))
            query = dict(parse_qsl(parts.query))
            if query.get(param, str(first)) != str(first):
                return []  # only the first page announces the others
            for n in range(first + 1, first + count):
                query[param] = str(n)
                pages.append(urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), "")))
        elif kind == "trs" or (kind in ("auto", "countpage") and trs and not parts.query):
            if trs is None or trs.group("n"):
                return []
            stem = parts.path.rsplit("/", 1)[0] + "/"
            for n in range(1, count):
                path = f"{stem}{trs.group('name')}_{n}.{trs.group('ext')}"
                pages.append(urlunsplit((parts.scheme, parts.netloc, path, "", "")))
        return pages

    # -- sitemaps and feeds ----------------------------------------------------------------

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        site = self._site(response)
        try:
            sm = Sitemap(response.body)
        except Exception as exc:
            self._error(response.url, f"unreadable sitemap: {exc}")
            return
        for entry in sm:
            loc = _clean_url(entry.get("loc", "").strip())
            if not loc or not site.in_scope(loc):
                continue
            if sm.type == "sitemapindex":
                req = self._request(loc, site, "sitemap")
            else:
                lastmod = (entry.get("lastmod") or "")[:10]
                if lastmod and site.date_from and lastmod < site.date_from:
                    self._inc("skipped")
                    continue
                req = self._request(loc, site, "article")
            if req:
                yield req

    def parse_rss(self, response: Response) -> Iterator[Any]:
        site = self._site(response)
        from lxml import etree

        try:
            root = etree.fromstring(response.body, parser=etree.XMLParser(recover=True, resolve_entities=False,
                                                                         no_network=True))
        except etree.XMLSyntaxError as exc:
            self._error(response.url, f"unreadable feed: {exc}")
            return
        if root is None:
            self._error(response.url, "empty feed")
            return
        links = root.xpath("//*[local-name()='item']/*[local-name()='link']/text()"
                           " | //*[local-name()='entry']/*[local-name()='link']/@href")
        for link in links:
            url = _clean_url(urljoin(response.url, str(link).strip()))
            if url and site.in_scope(url):
                req = self._request(url, site, "article")
                if req:
                    yield req

    # -- articles --------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Any]:
        site = self._site(response)
        reason = blocked_reason(response)
        if reason:
            yield from self._blocked(response, reason)
            return
        doc = self._extract(response, site)
        if doc is None:
            ct = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
            log.info("skipped %s: not a text page (%s)", response.url, ct or "no content type")
            self._mark(response, "not_article")
            self._inc("skipped")
            return
        if doc.error:
            self._error(response.url, doc.error)
            self._mark(response, "error")
            return
        if doc.kind == "list":
            # a list page with an article-like URL: read it as a list, don't remember it as done
            tr = self._text_response(response, site)
            if tr is not None:
                self._inc("list_pages")
                yield from self._follow_links(tr, site, response.meta.get("hj_depth", 0))
            return
        yield from self._judge(response, site, doc)

    def _extract(self, response: Response, site: SiteConfig) -> Any:
        ct = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        if ct and not any(t in ct.lower() for t in HTML_TYPES) and "text/plain" not in ct.lower():
            return None
        return extract_capture(response.body, url=response.url, content_type=ct or None,
                               overrides=site.extract_overrides())

    def _judge(self, response: Response, site: SiteConfig, doc: Any) -> Iterator[Any]:
        if not site.topic.matches(doc.title, doc.text):
            self._inc("skipped")
            self._inc("offtopic")
            self._mark(response, "offtopic")
            return
        if not site.in_window(doc.published):
            self._inc("skipped")
            self._mark(response, "out_of_window")
            return
        yield {
            "hj_doc": doc,
            "url": response.url,
            "urls": _request_urls(response),
            "capture_id": response.meta.get("hj_capture_id"),
            "group": site.group,
            "status": response.status,
            "overrides_key": overrides_key(site.extract_overrides()),
        }

    # -- outcomes --------------------------------------------------------------------------

    def _mark(self, response: Response, outcome: str) -> None:
        if self.store is None:
            return
        for url in _request_urls(response):
            self.store.mark_seen(response.meta["hj_group"], url, status=response.status, outcome=outcome)

    def _blocked(self, response: Response, reason: str) -> Iterator[Any]:
        self._inc("blocked")
        log.warning("blocked at %s: %s (not worked around)", response.url, reason)
        if self.store is not None and response.meta.get("hj_role") == "article":
            self.store.mark_seen(response.meta["hj_group"], response.url, status=response.status, outcome="blocked")
        return iter(())

    def _error(self, url: str, message: str) -> None:
        self._inc("errors")
        log.warning("error at %s: %s", url, message)

    def on_error(self, failure: Any) -> None:
        request = failure.request
        meta = request.meta
        exc = failure.value
        if meta.get("hj_role") in ("list", "start") and not isinstance(exc, IgnoreRequest):
            self._inc("list_errors")  # this crawl did not read every list page: the next one must
        if isinstance(exc, HttpError):
            status = exc.response.status
            if status in (401, 403, 407, 451):
                self._inc("blocked")
                log.warning("blocked at %s: HTTP %s (not worked around)", request.url, status)
                outcome = "blocked"
            else:
                self._error(request.url, f"HTTP {status}")
                outcome = "gone" if status in (404, 410) else "error"
        elif isinstance(exc, IgnoreRequest):
            msg = str(exc)
            if "robots" in msg.lower():
                self._inc("robots_forbidden")
                log.info("robots.txt forbids %s", request.url)
                return
            self._error(request.url, msg or "request dropped")
            outcome = "error"
        else:
            self._error(request.url, f"{type(exc).__name__}: {exc}")
            outcome = "error"
        if self.store is not None and meta.get("hj_role") == "article" and "hj_group" in meta:
            self.store.mark_seen(meta["hj_group"], request.url, status=None, outcome=outcome)


def _clean_url(url: str | None) -> str | None:
    if not url or not url.startswith(("http://", "https://")):
        return None
    return url.split("#", 1)[0]


def _request_urls(response: Response) -> list[str]:
    """The URL as first requested (before redirects) and as finally served."""
    urls = list(response.meta.get("redirect_urls", [])[:1])
    if response.url not in urls:
        urls.append(response.url)
    return urls
