"""End to end: crawl the bundled demo site into a fresh store and check it against the site's facts.

The demo site (``crawlers/demo_site``) knows every page: on/off topic, encoding,
syndicated copies, figures.  Crawls run as real subprocesses (``crawlers.run``),
as ``huanjie crawl`` runs them; politeness is checked from the server's own
request log.
"""
from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from corpus import Store
from crawlers.demo_site.facts import load_facts
from crawlers.demo_site.server import DemoSite
from crawlers.run import child_command, child_env, crawl
from huanjie.config import settings

FACTS = {p.url_path: p for p in load_facts()}
ON_TOPIC = {p.url_path for p in FACTS.values()
            if p.kind == "article" and p.on_topic and p.special not in ("private", "disallowed")}
OFF_TOPIC = {p.url_path for p in FACTS.values() if p.kind == "article" and not p.on_topic}
ARTICLES = ON_TOPIC | OFF_TOPIC
DISALLOWED = ("/admin/", "/private/")
SITE = Path(__file__).resolve().parents[1] / "crawlers/demo_site/site"


def path_of(url: str) -> str:
    return urlsplit(url).path


def snapshot(store_path: Path) -> dict:
    """What a crawl left in the store, independent of ids and order."""
    with Store.open(store_path) as store:
        docs = list(store.iter_documents())
        groups: dict[int, set[str]] = {}
        for d in docs:
            groups.setdefault(d.dup_group, set()).add(path_of(d.url))
        return {
            "docs": {path_of(d.url): (d.content_hash, d.version, d.is_canonical, len(d.figures)) for d in docs},
            "groups": {frozenset(g) for g in groups.values()},
            "n_docs": len(docs),
            "captures": {(path_of(r[0]), r[1]) for r in store.conn.execute(
                "SELECT url, payload_hash FROM captures WHERE status = 200")},
        }


@pytest.fixture(scope="module")
def site():
    with DemoSite(slow_seconds=0.3) as s:  # the "slow" page stays slow, just not test-suite slow
        yield s


@pytest.fixture(scope="module")
def first(site, tmp_path_factory):
    """One full crawl of the demo site into a fresh store; its summary, settings and snapshot."""
    cfg = settings(tmp_path_factory.mktemp("demo-home"))
    site.clear_log()
    summary = crawl("demo", cfg, base_url=site.base_url, progress=False, timeout=120)
    log = list(site.request_log)
    return summary, cfg, snapshot(cfg.store_path), log


def test_every_on_topic_article_once_and_nothing_else(first):
    summary, cfg, snap, log = first
    assert summary.reason == "finished" and summary.kept > 0
    kept = set(snap["docs"])
    assert kept == ON_TOPIC, (sorted(ON_TOPIC - kept), sorted(kept - ON_TOPIC))
    assert snap["n_docs"] == len(ON_TOPIC) == summary.new
    assert summary.skipped >= len(OFF_TOPIC)
    # each article page was requested once: no duplicate fetches
    counts = Counter(e.path for e in log)
    assert all(counts[p] == 1 for p in ON_TOPIC if FACTS[p].special != "slow"), counts.most_common(3)


def test_syndicated_copies_are_grouped_and_each_copy_kept(first):
    _, _, snap, _ = first
    group_of = {p: g for g in snap["groups"] for p in g}
    originals = {p for p in ON_TOPIC if not FACTS[p].syndicated_of}
    copies = {p for p in ON_TOPIC if FACTS[p].syndicated_of}
    assert copies, "the demo site should have syndicated copies"
    for p in copies:
        assert group_of[p] == group_of[FACTS[p].syndicated_of], p
    # exactly one group per original report, one canonical per group
    assert len(snap["groups"]) == len(originals)
    assert sum(1 for v in snap["docs"].values() if v[2]) == len(originals)
    # traditional mirrors (hant and big5) are copies of simplified originals, never canonical
    for p in copies:
        if FACTS[p].variant == "hant":
            assert snap["docs"][p][2] is False, p


def test_dates_outlets_and_canonical_copy_match_the_facts(first):
    """Every stored document has the date and outlet its page prints (copies their own date;
    the traditional mirror its outlet as printed), and each group's canonical member is its
    simplified copy with the earliest date."""
    _, cfg, _, _ = first
    with Store.open(cfg.store_path) as store:
        docs = {path_of(d.url): d for d in store.iter_documents()}
    assert docs
    wrong_dates = {p: (d.published, FACTS[p].published) for p, d in docs.items() if d.published != FACTS[p].published}
    assert not wrong_dates, wrong_dates
    wrong_outlets = {p: (d.outlet, FACTS[p].outlet) for p, d in docs.items() if d.outlet != FACTS[p].outlet}
    assert not wrong_outlets, wrong_outlets
    groups: dict[int, list[str]] = {}
    for p, d in docs.items():
        groups.setdefault(d.dup_group, []).append(p)
    for members in groups.values():
        want = min(members, key=lambda p: (FACTS[p].variant != "hans", FACTS[p].published, p))
        assert [p for p in members if docs[p].is_canonical] == [want], members


def test_politeness_from_the_server_log(first):
    _, _, _, log = first
    assert log, "the server saw no requests"
    assert not [e.path for e in log if e.path.startswith(DISALLOWED)]
    assert log[0].path == "/robots.txt"
    assert all(e.user_agent and e.user_agent.startswith("huanjie/") for e in log)


def test_encodings_and_figures_match_the_facts(first):
    _, cfg, _, _ = first
    with Store.open(cfg.store_path) as store:
        docs = {path_of(d.url): d for d in store.iter_documents()}
        encodings = Counter(FACTS[p].encoding for p in docs)
        assert encodings["gbk"] > 0 and encodings["big5"] > 0
        for p, d in docs.items():
            f = FACTS[p]
            if f.encoding in ("gbk", "big5"):
                assert d.title == f.title, (p, d.title, f.title)
                assert "\ufffd" not in d.body, p
            if f.variant == "hant":
                assert d.variant in ("hant", "mixed"), p
        gold = Counter((p, float(x["value"])) for p in docs for x in FACTS[p].figures)
        got = Counter((p, float(x.value)) for p, d in docs.items() for x in d.figures)
        tp = sum((gold & got).values())
        assert gold and tp / sum(gold.values()) >= 0.9, (tp, sum(gold.values()))
        assert tp / max(1, sum(got.values())) >= 0.9, (tp, sum(got.values()))
        # metrics tables count a syndicated report once
        rows_all = list(store.figure_rows(canonical_only=False))
        rows = list(store.figure_rows())
        assert len(rows) < len(rows_all)
        # provenance: every document's capture is in a WARC we wrote, and reads back byte-identical
        for d in list(docs.values())[:10]:
            assert d.warc_path and Path(d.warc_path).exists()
            cap = store.get_capture(d.capture_id)
            payload = store.capture_payload(d.capture_id)
            assert "sha256:" + hashlib.sha256(payload).hexdigest() == cap.payload_hash
            assert cap.status == 200 and cap.fetched_at


START_PAGES = {"/gov/zwgk/gzdt/index.html", "/news/list.html", "/hant/index.html"}


def test_second_crawl_requests_no_article_again(first, site):
    """Incremental: each list's first page is re-read, lists nothing new, and paging stops there."""
    summary1, cfg, snap, _ = first
    site.clear_log()
    summary = crawl("demo", cfg, base_url=site.base_url, progress=False, timeout=120)
    paths = [e.path for e in site.request_log]
    assert paths, "the second crawl requested nothing at all (list pages must be re-read)"
    assert not set(paths) & ARTICLES, sorted(set(paths) & ARTICLES)
    assert set(paths) == START_PAGES | {"/robots.txt"}, sorted(paths)
    assert summary.kept == 0 and summary.seen > 0 and summary.extra["paging_stopped"] == len(START_PAGES)
    assert snapshot(cfg.store_path)["docs"] == snap["docs"]


def test_paging_goes_on_while_pages_bring_new_articles(first, site):
    """A new article on a list's first page: that list is read one page further, then paging stops."""
    _, cfg, _, _ = first
    old = sorted(p for p in ON_TOPIC if FACTS[p].layout == "news" and not FACTS[p].special)[-1]
    page = (SITE / FACTS[old].path.lstrip("/")).read_bytes()
    fresh = page.replace("</p>".encode(), "（新发布：全县换届后续工作推进会召开）</p>".encode(), 1)
    new_path = "/news/content/2026-01/05/content_99999.html"
    lst = (SITE / "news/list.html").read_bytes()
    assert b'<a href="/news/content/' in lst
    lst = lst.replace(b'<a href="/news/content/', f'<a href="{new_path}">新稿</a><a href="/news/content/'.encode(), 1)
    site.override(new_path, fresh, "text/html; charset=utf-8")
    site.override("/news/list.html", lst, "text/html; charset=utf-8")
    site.clear_log()
    try:
        summary = crawl("demo", cfg, base_url=site.base_url, progress=False, timeout=120)
    finally:
        site.override(new_path, None)
        site.override("/news/list.html", None)
    paths = {e.path for e in site.request_log}
    assert new_path in paths and summary.new == 1
    assert "/news/list.html?page=2" in paths and "/news/list.html?page=3" not in paths, sorted(paths)
    assert not paths & ARTICLES and not {"/gov/zwgk/gzdt/index_1.html"} & paths
    assert summary.extra["paging_stopped"] == len(START_PAGES)  # news page 2, gov and hant first pages


def test_a_changed_article_becomes_a_new_version(first, site):
    _, cfg, _, _ = first
    path = sorted(p for p in ON_TOPIC if FACTS[p].layout == "news" and not FACTS[p].special)[0]
    original = (Path(__file__).resolve().parents[1] / "crawlers/demo_site/site" / FACTS[path].path.lstrip("/")
                ).read_bytes()
    assert b"</p>" in original
    changed = original.replace(b"</p>", "（本文有更新：补充了换届后续工作安排）</p>".encode(), 1)
    site.override(FACTS[path].path, changed, "text/html; charset=utf-8")
    try:
        summary = crawl("demo", cfg, base_url=site.base_url, progress=False, refresh=True, timeout=120)
    finally:
        site.override(FACTS[path].path, None)
    assert summary.new_versions == 1 and summary.new == 0, summary
    with Store.open(cfg.store_path) as store:
        d = store.get_by_url(site.base_url + path)
        assert d.version == 2 and "本文有更新" in d.body
        assert [v.version for v in store.versions(d.doc_id)] == [1, 2]


def test_killed_crawl_resumes_to_the_same_store(first, site, tmp_path):
    _, _, reference, _ = first
    cfg = settings(tmp_path / "home")
    # slow the crawl down (one request at a time, small delay) so there is a "halfway" to kill it at
    cmd = child_command("demo", cfg, base_url=site.base_url,
                        extra_settings={"DOWNLOAD_DELAY": 0.08, "CONCURRENT_REQUESTS_PER_DOMAIN": 1})
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env())
    deadline = time.monotonic() + 60
    n = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
            if cfg.store_path.exists():
                try:
                    con = sqlite3.connect(cfg.store_path, timeout=1)
                    n = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                    con.close()
                except sqlite3.Error:
                    continue
                if n >= len(ON_TOPIC) // 4:
                    break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert 0 < n < len(ON_TOPIC), f"not killed halfway ({n} documents)"
    summary = crawl("demo", cfg, base_url=site.base_url, progress=False, timeout=120)
    assert summary.reason == "finished"
    after = snapshot(cfg.store_path)
    assert after["docs"] == reference["docs"]
    assert after["groups"] == reference["groups"]
    assert after["captures"] == reference["captures"]


def test_auto_mode_from_the_home_page(site, tmp_path):
    """Only a start URL: links are followed, articles recognised, robots.txt obeyed, bad pages survived."""
    cfg = settings(tmp_path / "home")
    site.clear_log()
    summary = crawl(site.base_url + "/index.html", cfg, progress=False, timeout=120,
                    extra_settings={"DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 1})
    paths = [e.path for e in site.request_log]
    assert not [p for p in paths if p.startswith(DISALLOWED)]
    assert summary.robots_forbidden >= 1  # the links were there; robots.txt stopped them
    assert summary.errors >= 3  # 404, 500, redirect loop, endless stream …
    with Store.open(cfg.store_path) as store:
        kept = {path_of(d.url) for d in store.iter_documents()}
    assert kept <= ON_TOPIC
    assert len(kept) >= 0.9 * len(ON_TOPIC), sorted(ON_TOPIC - kept)


def test_sitemap_and_rss_modes(site, tmp_path):
    cfg = settings(tmp_path / "home")
    summary = crawl("demo-feeds", cfg, base_url=site.base_url, progress=False, timeout=120)
    with Store.open(cfg.store_path) as store:
        kept = {path_of(d.url) for d in store.iter_documents()}
    in_sitemap = {p for p in ON_TOPIC if FACTS[p].in_sitemap}
    assert in_sitemap and in_sitemap <= kept <= ON_TOPIC
    assert summary.kept == len(kept)


GOV_SITE = """\
sites:
  - name: demo-gov
    mode: list
    start_urls: ["{base}/gov/zwgk/gzdt/index.html"]
    list_patterns: ['/gov/zwgk/gzdt/index(_\\d+)?\\.html$']
    article_patterns: ['/gov/zwgk/gzdt/\\d{6}/t\\d{8}_\\d+\\.html$']
    pagination: {kind: trs, max_pages: 50, stop_when_no_new: false}
    overrides:
      title_xpath: "//meta[@name='ArticleTitle']/@content"
      body_xpath: "//div[@class='TRS_Editor']"
      date_xpath: "//meta[@name='PubDate']/@content"
      outlet_xpath: "%s"
"""


def test_reextract_reapplies_the_site_overrides(site, tmp_path):
    """A capture remembers its site; re-extraction applies the site file's overrides as they are now.

    The site file here also turns incremental paging off: its second crawl reads every list page.
    """
    from corpus.ingest import reextract

    good, odd = "//meta[@name='ContentSource']/@content", "//meta[@name='ArticleTitle']/@content"
    cfg = settings(tmp_path / "home")
    yaml_file = tmp_path / "gov.yaml"
    yaml_file.write_text(GOV_SITE % good, encoding="utf-8")
    crawl(str(yaml_file), cfg, base_url=site.base_url, progress=False, timeout=120)
    with Store.open(cfg.store_path) as store:
        docs = {path_of(d.url): d for d in store.iter_documents()}
        assert len(docs) >= 10 and all(d.outlet == FACTS[p].outlet for p, d in docs.items())
        cap = store.get_capture(next(iter(docs.values())).capture_id)
        assert (cap.site_group, cap.site) == (str(yaml_file.resolve()), "demo-gov")

    site.clear_log()
    again = crawl(str(yaml_file), cfg, base_url=site.base_url, progress=False, timeout=120)
    assert again.kept == 0 and {"/gov/zwgk/gzdt/index_1.html", "/gov/zwgk/gzdt/index_2.html"} <= {
        e.path for e in site.request_log}

    with Store.open(cfg.store_path) as store:
        # an override no extractor would guess by itself: the outlet read from the title meta
        yaml_file.write_text(GOV_SITE % odd, encoding="utf-8")
        s = reextract(store)
        assert (s.changed, s.errors) == (len(docs), 0), s
        assert all(d.outlet == d.title for d in store.iter_documents())
        yaml_file.write_text(GOV_SITE % good, encoding="utf-8")
        assert reextract(store).changed == len(docs)
        assert all(d.outlet == FACTS[path_of(d.url)].outlet for d in store.iter_documents())
        assert reextract(store).skipped == len(docs)  # same extractor, same overrides: nothing to do

    # the crawl's WARC files name the site of each response: ingested into another store,
    # they are read with that site's overrides (here the odd one again), as the crawl read them
    from corpus.ingest import ingest_paths

    yaml_file.write_text(GOV_SITE % odd, encoding="utf-8")
    warcs = sorted(cfg.warc_dir.rglob("*.warc.gz"))
    assert warcs
    with Store.open(tmp_path / "elsewhere.sqlite") as other:
        summary = ingest_paths(other, warcs)
        moved = {path_of(d.url): d for d in other.iter_documents()}
        assert set(moved) == set(docs), summary
        assert all(d.outlet == d.title for d in moved.values())
        cap = other.get_capture(next(iter(moved.values())).capture_id)
        assert (cap.site_group, cap.site) == (str(yaml_file.resolve()), "demo-gov")
        assert reextract(other).skipped == len(moved)  # the stored overrides key matches the site file
