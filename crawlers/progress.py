"""Progress lines from the crawl subprocess to the parent (``crawlers.run``).

The crawl runs in a child process (Twisted's reactor cannot restart); it
prints one JSON object a line on stdout — ``progress`` twice a second and a
final ``summary`` — which the parent turns into a rich progress display and a
``CrawlSummary``.  Scrapy's own log goes to a file, not to this channel.
"""
from __future__ import annotations

import json
import sys
import time
from typing import Any

from scrapy import signals
from twisted.internet import task

COUNTERS = ("fetched", "kept", "new", "unchanged", "new_versions", "skipped", "offtopic", "seen", "errors",
            "blocked", "robots_forbidden", "list_pages", "robots_unavailable", "backoff", "paging_stopped", "list_errors")


def counters(stats: dict[str, Any]) -> dict[str, int]:
    return {k: int(stats.get(f"huanjie/{k}", 0)) for k in COUNTERS}


class ProgressReporter:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None
        self.t0 = time.monotonic()
        crawler.signals.connect(self.opened, signal=signals.spider_opened, weak=False)
        crawler.signals.connect(self.closed, signal=signals.spider_closed, weak=False)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ProgressReporter":
        return cls(crawler)

    def emit(self, event: str, **extra: Any) -> None:
        payload = {"event": event, **counters(self.crawler.stats.get_stats()),
                   "elapsed_s": round(time.monotonic() - self.t0, 3), **extra}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def opened(self, spider: Any = None) -> None:
        self.t0 = time.monotonic()
        self.loop = task.LoopingCall(self.emit, "progress")
        self.loop.start(0.5, now=True)

    def closed(self, spider: Any = None, reason: str = "") -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.emit("summary", reason=reason)
