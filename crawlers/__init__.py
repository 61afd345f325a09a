"""crawlers: polite, reproducible, incremental crawling of Chinese news sites into the store.

One generic Scrapy spider (``crawlers.spider.NewsSpider``) is driven by per-site
YAML files in ``crawlers/sites/`` (``crawlers.siteconfig`` documents every key):
start URLs, list and article URL patterns, pagination (TRS ``index_N.html``,
``?page=N``, JavaScript pagers that only print ``countPage``), XPath overrides
for the extractor, a charset override, a date window and topic keywords.
Modes: ``list``, ``sitemap``, ``rss`` and ``auto`` (only a start URL: follow
in-site links, recognise articles, keep those on topic).

Run a crawl::

    huanjie crawl SITE            # a name in crawlers/sites, e.g. demo (with --base-url)
    huanjie crawl path/to/site.yaml
    huanjie crawl https://example.gov.cn/   # auto mode

or from Python ``crawlers.run.crawl(target, settings) -> CrawlSummary``; each
crawl runs in its own process (Twisted's reactor cannot restart).

Polite by default (``crawlers.settings``): robots.txt obeyed, and a robots.txt
answering 5xx or unreachable means *nothing* is fetched; an honest User-Agent
(set ``HUANJIE_CRAWL_CONTACT``); AutoThrottle with at most two requests per
host; retries with backoff on 429/503; size and time limits on every download.
Captchas, logins and JavaScript challenges are logged as *blocked* and left
alone.

Reproducible: every response is written raw to WARC (``crawlers.warc_writer``)
and recorded in the store with fetch time, status, headers and payload hash.

Incremental: list pages are re-read on every crawl, one page at a time, and
paging stops at the first page that lists no new article (after a crawl that
read everything; ``pagination.stop_when_no_new: false`` turns it off per site);
article URLs the store has already taken in are not requested again
(``middlewares.SeenArticleFilter``);
``--refresh`` fetches them again and changed content becomes a new version.
Ctrl-C pauses (Scrapy ``JOBDIR``) and the same command resumes; after a crash
the crawl starts over cheaply and ends with the same store.

``crawlers.demo_site`` is a local demo news site with known facts, for tests,
benchmarks and ``huanjie demo``.
"""
