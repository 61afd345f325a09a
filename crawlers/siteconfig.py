"""Per-site crawl configuration, read from ``crawlers/sites/*.yaml``.

One generic spider serves every site; what differs between news portals (where
the lists are, what an article URL looks like, how the pager works, which
XPath finds the body, which charset the server lies about) lives in YAML so a
researcher can add a site without writing Python.

A file holds one site, or several under ``sites:`` (crawled together, e.g. the
three layouts of the demo site).  Keys (all optional except ``start_urls``)::

    name: county-media            # defaults to the file name
    mode: list                    # list | sitemap | rss | auto
    start_urls: [http://host/xwzx/index.html]
    allowed_domains: [host]       # defaults to the start URLs' hosts
    list_patterns: ['/xwzx/index(_\\d+)?\\.html$']   # regexes (searched) for list pages to follow
    article_patterns: ['/t\\d{8}_\\d+\\.html$']      # regexes for article pages
    deny_patterns: ['/login']
    pagination: {kind: trs|query|countpage|none, param: page, max_pages: 50,
                 stop_when_no_new: true}  # incremental crawls stop paging at a page with no new article
    sitemap_urls: [http://host/sitemap.xml]
    rss_urls: [http://host/rss.xml]
    depth: 3                      # auto mode: link depth from the start URL
    encoding: gbk                 # when the server's declaration is wrong
    overrides: {body_xpath: ..., title_xpath: ..., date_xpath: ..., outlet_xpath: ..., noise_xpaths: [...]}
    date_window: {from: 2011-01-01, to: 2030-12-31}
    topic: {keywords: [换届, 两委, ...], core: [换届, 两委], min_hits: 2}
    max_pages: 5000               # safety stop for this site
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

log = logging.getLogger(__name__)

SITES_DIR = Path(__file__).resolve().parent / "sites"
MODES = ("list", "sitemap", "rss", "auto")

CORE_KEYWORDS = ["换届", "两委"]
TOPIC_KEYWORDS = [
    "换届", "两委", "选举", "村委会", "居委会", "村民委员会", "居民委员会", "村党组织", "社区党组织",
    "一肩挑", "党组织书记", "村(社区)", "村（社区）", "村级组织",
]

# What article URLs look like on Chinese government and media portals, for
# sites that give no ``article_patterns`` (and for ``auto`` mode).
GENERIC_ARTICLE_PATTERNS = [
    r"/t\d{8}_\d+\.s?html?$",                 # TRS: t20210318_123456.html
    r"/20\d{2}[-/_]?\d{2}[-/_]?\d{2}/[^/]+\.s?html?$",  # /2021-03/18/xxx.html, /20210318/xxx.html
    r"/20\d{2}[-/_]?\d{2}/\d{1,2}/[^/]+\.s?html?$",
    r"/(art|content|detail|article|info|news)[_/-]?\d+",
    r"/\d{5,}\.s?html?$",
    r"[?&](id|articleid|aid|newsid|contentid)=\d+",
]


class ConfigError(ValueError):
    """A site configuration that cannot drive a crawl (bad YAML, unknown mode, no start URL …)."""


@dataclass
class TopicFilter:
    keywords: list[str] = field(default_factory=lambda: list(TOPIC_KEYWORDS))
    core: list[str] = field(default_factory=lambda: list(CORE_KEYWORDS))
    min_hits: int = 2

    def matches(self, title: str | None, text: str) -> bool:
        """On topic: a core word in the title, or a core word in the text with ``min_hits`` distinct keywords."""
        t = title or ""
        if any(k in t for k in self.core):
            return True
        if not any(k in text for k in self.core):
            return False
        return sum(1 for k in self.keywords if k in t or k in text) >= self.min_hits


@dataclass
class SiteConfig:
    name: str
    start_urls: list[str]
    mode: str = "list"
    allowed_domains: list[str] = field(default_factory=list)
    list_patterns: list[str] = field(default_factory=list)
    article_patterns: list[str] = field(default_factory=list)
    deny_patterns: list[str] = field(default_factory=list)
    pagination: dict[str, Any] = field(default_factory=dict)
    sitemap_urls: list[str] = field(default_factory=list)
    rss_urls: list[str] = field(default_factory=list)
    depth: int = 3
    encoding: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    date_from: str | None = None
    date_to: str | None = None
    topic: TopicFilter = field(default_factory=TopicFilter)
    max_pages: int | None = None
    group: str = ""
    """The crawl's name for its incremental memory (the file's name; shared by its ``sites``)."""
    config_ref: str = ""
    """Where this site's file is, as recorded with each capture: its name for a file in
    ``crawlers/sites``, else its absolute path (empty for a URL crawl: no file)."""

    def __post_init__(self) -> None:
        if not self.start_urls and not self.sitemap_urls and not self.rss_urls:
            raise ConfigError(f"site {self.name!r}: no start_urls, sitemap_urls or rss_urls")
        if self.mode not in MODES:
            raise ConfigError(f"site {self.name!r}: mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if not self.allowed_domains:
            hosts = {urlsplit(u).hostname for u in self.start_urls + self.sitemap_urls + self.rss_urls}
            self.allowed_domains = sorted(h for h in hosts if h)
        try:
            self._list = [re.compile(p) for p in self.list_patterns]
            self._article = [re.compile(p) for p in (self.article_patterns or GENERIC_ARTICLE_PATTERNS)]
            self._deny = [re.compile(p) for p in self.deny_patterns]
        except re.error as exc:
            raise ConfigError(f"site {self.name!r}: bad pattern: {exc}") from exc
        self.group = self.group or self.name

    # -- URL classification ---------------------------------------------------------

    def in_scope(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        if not any(host == d or host.endswith("." + d) for d in self.allowed_domains):
            return False
        return not any(p.search(url) for p in self._deny)

    def is_article_url(self, url: str) -> bool:
        return any(p.search(url) for p in self._article)

    def is_list_url(self, url: str) -> bool:
        return any(p.search(url) for p in self._list)

    def in_window(self, published: str | None) -> bool:
        """Dates outside the window are skipped; an unknown date is kept (the extractor may miss it)."""
        if not published:
            return True
        day = published[:10]
        if self.date_from and day < self.date_from:
            return False
        if self.date_to and day > self.date_to:
            return False
        return True

    def extract_overrides(self) -> Any:
        """The ``extract.html.Overrides`` for this site (None when it has none)."""
        if not self.overrides and not self.encoding:
            return None
        from extract.html import Overrides

        kw = {k: v for k, v in self.overrides.items() if k in Overrides.__dataclass_fields__}
        if self.encoding:
            kw.setdefault("encoding", self.encoding)
        return Overrides(**kw)


def overrides_key(overrides: Any) -> str | None:
    """A fingerprint of an ``Overrides`` (None for none), stored with each extraction.

    ``reextract`` compares it with the site file's current overrides: a fixed
    XPath makes the extractions it produced stale, as a new extractor does.
    """
    if overrides is None:
        return None
    fields = dataclasses.asdict(overrides) if dataclasses.is_dataclass(overrides) else dict(vars(overrides))
    raw = json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def overrides_for(site_group: str | None, site: str | None) -> Any:
    """The current ``Overrides`` of ``site`` in the site file ``site_group`` (None when gone or none).

    ``site_group`` is a ``SiteConfig.config_ref``: a name in ``crawlers/sites`` or a path.

    For re-extraction of stored captures: the site file is read again (a
    researcher may have fixed an XPath since the crawl); ``{base}`` templates
    are filled with a placeholder (overrides never depend on the address).
    A site file that no longer loads is logged and treated as no overrides.
    """
    if not site_group or not site:
        return None
    return _overrides_cached(site_group, site, _sites_mtime(site_group))


def _sites_mtime(site_group: str) -> tuple[int, int]:
    """The site file's (mtime, size): the cache below re-reads a file that was edited."""
    try:
        st = _config_path(site_group).stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=64)
def _overrides_cached(site_group: str, site: str, _stamp: tuple[int, int]) -> Any:
    path = _config_path(site_group)
    if not path.exists():
        return None
    try:
        sites = load_sites(path, base_url="http://base.invalid")
    except ConfigError as exc:
        log.warning("site file %s does not load (%s): re-extracting without its overrides", path, exc)
        return None
    for s in sites:
        if s.name == site:
            return s.extract_overrides()
    return None


def _site(raw: dict[str, Any], default_name: str, group: str) -> SiteConfig:
    if not isinstance(raw, dict):
        raise ConfigError(f"{default_name}: a site must be a mapping, got {type(raw).__name__}")
    raw = dict(raw)
    window = raw.pop("date_window", None) or {}
    topic = raw.pop("topic", None) or {}
    known = set(SiteConfig.__dataclass_fields__) - {"topic", "date_from", "date_to", "group", "config_ref"}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"{default_name}: unknown keys {sorted(unknown)}")
    for key in ("start_urls", "list_patterns", "article_patterns", "deny_patterns", "sitemap_urls",
                "rss_urls", "allowed_domains"):
        if isinstance(raw.get(key), str):
            raw[key] = [raw[key]]
    tf = TopicFilter(
        keywords=list(topic.get("keywords") or TOPIC_KEYWORDS),
        core=list(topic.get("core") or CORE_KEYWORDS),
        min_hits=int(topic.get("min_hits", 2)),
    )
    return SiteConfig(
        name=str(raw.pop("name", default_name)),
        start_urls=list(raw.pop("start_urls", []) or []),
        date_from=_day(window.get("from")),
        date_to=_day(window.get("to")),
        topic=tf,
        group=group,
        **raw,
    )


def _day(v: Any) -> str | None:
    return None if v is None else str(v)[:10]


def load_sites(target: str | Path, *, base_url: str | None = None) -> list[SiteConfig]:
    """Sites to crawl for ``target``: a site name in ``crawlers/sites``, a YAML path, or a URL (auto mode).

    ``base_url`` replaces the ``{base}`` placeholder in URLs (the demo site runs on a random port).
    """
    t = str(target)
    if re.match(r"^https?://", t):
        host = urlsplit(t).hostname or "site"
        return [SiteConfig(name=host, start_urls=[t], mode="auto", group=host)]
    path = Path(t)
    if not path.suffix and not path.exists():
        path = SITES_DIR / f"{t}.yaml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in SITES_DIR.glob("*.yaml")))
        raise ConfigError(f"no site {t!r} (a name in crawlers/sites: {known}; a .yaml path; or a URL)")
    text = path.read_text(encoding="utf-8")
    if base_url is not None:
        text = text.replace("{base}", base_url.rstrip("/"))
    elif "{base}" in text:
        raise ConfigError(f"{path.name} needs a base URL (it is a template for a local site)")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    group = path.stem
    if isinstance(data, dict) and "sites" in data:
        shared = {k: v for k, v in data.items() if k != "sites"}
        sites = [_site({**shared, **s}, f"{group}-{i}", group) for i, s in enumerate(data["sites"] or [])]
    else:
        sites = [_site(data or {}, group, group)]
    resolved = path.resolve()
    ref = group if resolved == (SITES_DIR / f"{group}.yaml").resolve() else str(resolved)
    for s in sites:
        s.config_ref = ref
    return sites


def _config_path(config_ref: str) -> Path:
    return Path(config_ref) if config_ref.endswith((".yaml", ".yml")) else SITES_DIR / f"{config_ref}.yaml"
