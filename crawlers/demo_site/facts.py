"""What a perfect crawl of the demo site would find, page by page.

``site/facts.json`` is written by ``build_site`` next to the pages; tests of the
crawler, the HTML extractor and the figure extractor read it as gold.  Figures
follow DESIGN.md's rules; their quotes are cut from the page's main text as a
reader sees it after decoding (traditional pages: traditional text with pinyin).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

SITE_DIR = Path(__file__).resolve().parent / "site"
FACTS_PATH = SITE_DIR / "facts.json"


@dataclass(frozen=True)
class PageFacts:
    path: str
    """File path under ``site/`` as a URL path (``/gov/zwgk/gzdt/index.html``)."""
    url_path: str
    """What a crawler requests (``/news/list.html?page=2`` for the file ``/news/list_2.html``)."""
    kind: str
    """``article`` or ``list``."""
    on_topic: bool
    layout: str
    """gov | news | mirror | home | admin"""
    encoding: str
    """Real encoding of the bytes: gbk | utf-8 | big5."""
    content_type: str
    """The Content-Type header the server sends (may lack or misstate the charset)."""
    variant: str
    """hans | hant"""
    syndicated_of: str | None
    """Path of the original when this page is a syndicated copy."""
    title: str | None
    """As printed (traditional on the mirror)."""
    published: str | None
    """The date the page itself prints (meta, header line and URL agree); a syndicated copy
    prints its own date, a day or two after the original's."""
    outlet: str | None
    """The source line as printed (traditional on the mirror); a syndicated copy cites the original outlet."""
    region_code: str | None
    region_name: str | None
    region: dict | None
    special: str | None
    """None for ordinary pages; slow | broken | private | disallowed for the awkward ones."""
    in_sitemap: bool
    uid: str
    figures: list[dict[str, Any]] = field(default_factory=list)
    """Gold figures: value, value_max, unit, kind, qualifier, direction, subject, metric,
    quote (as on the page), start/end (in ``body``).  Empty for off-topic pages (their
    sport/weather numbers are not gold: a crawl should skip those pages) and list pages."""
    body: str = ""
    """The article's main text as published (paragraphs joined by newlines)."""


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    if not FACTS_PATH.exists():
        raise FileNotFoundError(f"{FACTS_PATH} is missing: run `python -m crawlers.demo_site.build_site`")
    return json.loads(FACTS_PATH.read_text(encoding="utf-8"))


def load_facts() -> list[PageFacts]:
    """Every page the site serves from files, with its known facts."""
    names = set(PageFacts.__dataclass_fields__)
    return [PageFacts(**{k: v for k, v in p.items() if k in names}) for p in _raw()["pages"]]


def site_info() -> dict[str, Any]:
    """Layouts (list pages, URL patterns, XPaths), robots rules and special endpoints."""
    return _raw()["site"]


def by_path() -> dict[str, PageFacts]:
    return {p.path: p for p in load_facts()}
