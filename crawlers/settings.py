"""Scrapy settings for huanjie crawls: polite by default.

Real crawls: robots.txt obeyed (strictly, see ``middlewares``), an honest
User-Agent with a contact, AutoThrottle aiming at one request in flight per
host (at most two), a one-second floor between requests, retries with backoff
on 429/503, size and time limits on every download.  Tests and the local demo
pass ``FAST_LOCAL`` on top, which only shortens delays and timeouts.
"""
from __future__ import annotations

import os

from huanjie import __version__

CONTACT = os.environ.get("HUANJIE_CRAWL_CONTACT", "set HUANJIE_CRAWL_CONTACT to your e-mail or project page")
USER_AGENT = f"huanjie/{__version__} (research crawler for public news reports; +{CONTACT})"

BASE: dict = {
    "BOT_NAME": "huanjie",
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": True,
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    # politeness
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "DOWNLOAD_DELAY": 1.0,
    "DOWNLOAD_DELAY_JITTER": 0.5,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 2.0,
    "AUTOTHROTTLE_MAX_DELAY": 60.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 3,
    "RETRY_HTTP_CODES": [429, 500, 502, 503, 504, 522, 524, 408],
    "HUANJIE_BACKOFF_BASE": 5.0,
    "HUANJIE_BACKOFF_MAX": 300.0,
    # limits: a runaway or endless page is cut off and logged, never stored
    "DOWNLOAD_TIMEOUT": 60,
    "DOWNLOAD_MAXSIZE": 16 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 4 * 1024 * 1024,
    "REDIRECT_MAX_TIMES": 8,
    "METAREFRESH_ENABLED": True,
    # The WARC keeps what the server sent; asking for identity encoding keeps the
    # stored payload and the WARC payload byte-identical.
    "COMPRESSION_ENABLED": False,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,  # no listening ports from a research crawler
    "LOG_LEVEL": "INFO",
    "DEPTH_PRIORITY": 0,
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "crawlers.middlewares.StrictRobotsTxtMiddleware": 100,
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "crawlers.middlewares.BackoffRetryMiddleware": 550,
        "crawlers.middlewares.WarcCaptureMiddleware": 950,
    },
    "SPIDER_MIDDLEWARES": {
        "crawlers.middlewares.SeenArticleFilter": 950,
    },
    "ITEM_PIPELINES": {
        "crawlers.pipelines.StorePipeline": 300,
    },
    "EXTENSIONS": {
        "crawlers.progress.ProgressReporter": 500,
    },
}

# Only for the local demo site and tests: no waiting between requests, short timeouts.
FAST_LOCAL: dict = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_TIMEOUT": 3,
    "RETRY_TIMES": 1,
    "HUANJIE_BACKOFF_BASE": 0.05,
    "HUANJIE_BACKOFF_MAX": 0.5,
    "LOG_LEVEL": "INFO",
}


def build(extra: dict | None = None, *, fast_local: bool = False) -> dict:
    s = dict(BASE)
    if fast_local:
        s.update(FAST_LOCAL)
    if extra:
        s.update(extra)
    return s
