"""Item pipeline: kept articles into the store, remembered as seen, in one transaction.

The capture was recorded when the response arrived (``WarcCaptureMiddleware``);
here the extracted ``Document`` is ingested and the article URL marked *kept*
together, so a crash leaves either both or neither: a restarted crawl then
fetches the page again and ingest answers ``unchanged`` — no loss, no duplicate.
"""
from __future__ import annotations

import logging
from typing import Any

from scrapy import signals

from corpus.ingest import extractor_version

log = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.version = extractor_version()
        self.run_id: int | None = None
        self.groups: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> "StorePipeline":
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        if spider.store is not None:
            self.groups = sorted({s.group for s in spider.sites.values()})
            self.run_id = spider.store.begin_run("crawl", self.version, {"groups": self.groups})
            self.crawler.signals.connect(self._closed, signal=signals.spider_closed, weak=False)

    def _closed(self, spider: Any = None, reason: str = "") -> None:
        """The run's counts and why it stopped (``finished`` lets the next crawl page incrementally).

        On ``spider_closed``, not in ``close_spider``: only the signal carries the reason.
        """
        store = self.crawler.spider.store
        if store is not None and self.run_id is not None:
            stats = {k.split("/", 1)[1]: v for k, v in self.crawler.stats.get_stats().items()
                     if k.startswith("huanjie/")}
            store.finish_run(self.run_id, {**stats, "groups": self.groups, "reason": reason})

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict) or "hj_doc" not in item:
            return item
        stats = self.crawler.stats
        store = self.crawler.spider.store
        if store is None:
            stats.inc_value("huanjie/kept")
            return item
        doc = item.pop("hj_doc")
        with store.transaction():
            res = store.ingest(doc, url=item["url"], capture_id=item.get("capture_id"),
                               extractor_version=self.version, run_id=self.run_id,
                               overrides_key=item.pop("overrides_key", None))
            for url in item.get("urls") or [item["url"]]:
                store.mark_seen(item["group"], url, status=item.get("status"), outcome="kept")
        stats.inc_value("huanjie/kept")
        stats.inc_value({"new": "huanjie/new", "unchanged": "huanjie/unchanged",
                         "new_version": "huanjie/new_versions"}[res.status])
        item.update(doc_id=res.doc_id, status=res.status)
        log.debug("stored %s as doc %s (%s)", item["url"], res.doc_id, res.status)
        return item
