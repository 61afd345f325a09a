"""The demo news site and the genre generator: reproducible, served faithfully, gold that holds."""
from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import html as lxml_html

from crawlers.demo_site import build_site
from crawlers.demo_site.facts import SITE_DIR, by_path, load_facts, site_info
from crawlers.demo_site.genre import generate_articles, generate_offtopic
from crawlers.demo_site.hant import to_hant
from crawlers.demo_site.places import BY_CODE
from crawlers.demo_site.server import DemoSite
from huanjie.codebook import is_metric

KINDS = {"count", "percent", "average", "change", "duration", "money", "range", "ratio"}
QUALIFIERS = {"exact", "approx", "more_than", "less_than"}
UA = "huanjie-test/1.0"


# ------------------------------------------------------------------ helpers


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def fetch(url: str, *, follow: bool = True, timeout: float = 5) -> tuple[int, dict, bytes]:
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    req = urllib.request.Request(url, headers={"User-Agent": UA})
    try:
        with opener.open(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture(scope="module")
def site():
    with DemoSite() as s:
        yield s


def _decode(p, data: bytes) -> str:
    return data.decode({"gbk": "gb18030", "big5": "big5hkscs"}.get(p.encoding, "utf-8"))


BODY_XPATH = {"gov": "//div[@class='Custom_UnionStyle']/p", "news": "//div[@class='article-content']/p",
              "mirror": "//div[@id='zoom']/p"}


# ------------------------------------------------------------------ the site files


def test_site_rebuild_is_byte_identical_to_committed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site.write(out)
    built = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    committed = {p.relative_to(SITE_DIR).as_posix(): p.read_bytes() for p in SITE_DIR.rglob("*") if p.is_file()}
    assert sorted(built) == sorted(committed)
    changed = [k for k in built if built[k] != committed[k]]
    assert not changed, f"committed site is stale (rebuild with python -m crawlers.demo_site.build_site): {changed[:5]}"
    # a rebuild over an existing site rewrites nothing (a server or crawl reading it sees no gap)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    (out / "stale.html").write_text("old page")
    build_site.write(out)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps


def test_site_has_the_promised_mix() -> None:
    pages = load_facts()
    arts = [p for p in pages if p.kind == "article" and p.on_topic and p.special is None]
    assert len(arts) >= 40
    layouts = {(p.layout, p.encoding) for p in arts}
    assert {("gov", "gbk"), ("news", "utf-8"), ("mirror", "utf-8"), ("mirror", "big5")} <= layouts
    synd = [p for p in arts if p.syndicated_of]
    paths = {p.path for p in pages}
    assert synd and all(p.syndicated_of in paths for p in synd)
    # one report copied onto three layouts, one copy in traditional characters
    groups: dict[str, set[str]] = {}
    for p in synd:
        groups.setdefault(p.syndicated_of, set()).add(p.layout)
    by = {p.path: p for p in pages}
    assert any(len(v | {by[k].layout}) == 3 for k, v in groups.items())
    assert any(p.variant == "hant" for p in synd)
    off = [p for p in pages if p.kind == "article" and not p.on_topic]
    assert len(off) >= 6 and all(not p.figures for p in off)
    assert {p.special for p in pages} >= {"slow", "broken", "private", "disallowed"}


def test_gbk_pages_really_are_gbk_with_trs_meta() -> None:
    gov = [p for p in load_facts() if p.layout == "gov"]
    assert len(gov) >= 20
    for p in gov:
        data = (SITE_DIR / p.path.lstrip("/")).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        text = data.decode("gbk")
        assert '<meta charset="gb2312">' in text
        if p.kind == "article" and p.special != "broken":
            for name in ("ArticleTitle", "PubDate", "ContentSource"):
                assert f'<meta name="{name}"' in text
    big5 = [p for p in load_facts() if p.encoding == "big5"]
    assert big5
    for p in big5:
        data = (SITE_DIR / p.path.lstrip("/")).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert "換屆" in data.decode("big5hkscs")


def test_page_bodies_and_gold_figures_match_the_html() -> None:
    n_figs = 0
    for p in load_facts():
        if p.kind != "article" or p.special == "broken":
            continue
        text = _decode(p, (SITE_DIR / p.path.lstrip("/")).read_bytes())
        doc = lxml_html.fromstring(text)
        paras = [e.text_content().strip() for e in doc.xpath(BODY_XPATH[p.layout])]
        assert "\n".join(paras) == p.body, p.path
        for f in p.figures:
            n_figs += 1
            assert p.body[f["start"]:f["end"]] == f["quote"], (p.path, f)
            assert p.body.find(f["quote"]) == f["start"], (p.path, f)  # first mention
            assert f["kind"] in KINDS and f["qualifier"] in QUALIFIERS
            assert f["metric"] is None or is_metric(f["metric"])
        if p.on_topic:
            assert p.figures and p.region_code in BY_CODE
            if p.variant == "hant":
                assert "換屆" in p.body and not re.search(r"换届", p.body)
    assert n_figs > 300


URL_DATE = re.compile(r"/(?:t(\d{4})(\d{2})(\d{2})_|(\d{4})-(\d{2})/(\d{2})/|(\d{4})/(\d{2})(\d{2})/)")
HEADER_DATE = {"gov": r'<meta name="PubDate" content="{date}', "news": r'<meta name="publishdate" content="{date}"',
               "mirror": r'class="info">{date} '}
PRINTED_OUTLET = {"gov": r'<meta name="ContentSource" content="{outlet}">', "news": r'class="source">来源：{outlet}<',
                  "mirror": r'來源：{outlet}&nbsp;'}


def test_every_article_prints_its_facts_date_and_outlet() -> None:
    """The facts hold what the page prints: its own date (URL, meta, header line) and its source line.

    Syndicated copies carry their own date (a day or two after the original's) and cite the
    original outlet; the traditional mirror prints the outlet in traditional characters.
    """
    n_copies = 0
    for p in load_facts():
        if p.kind != "article" or p.special in ("broken", "slow", "private"):
            continue
        m = URL_DATE.search(p.path)
        assert m, p.path
        assert "-".join(g for g in m.groups() if g) == p.published, p.path
        text = _decode(p, (SITE_DIR / p.path.lstrip("/")).read_bytes())
        assert HEADER_DATE[p.layout].format(date=p.published) in text, p.path
        assert p.outlet and PRINTED_OUTLET[p.layout].format(outlet=p.outlet) in text, p.path
        if p.variant == "hant":
            assert "來源" in text
        if p.syndicated_of:
            n_copies += 1
            orig = by_path()[p.syndicated_of]
            assert orig.published < p.published, p.path
            assert p.outlet == (to_hant(orig.outlet, pinyin_notes=False)[0] if p.variant == "hant" else orig.outlet)
    assert n_copies >= 10


def test_pinyin_annotations_on_the_utf8_mirror() -> None:
    hant = [p for p in load_facts() if p.layout == "mirror" and p.encoding == "utf-8" and p.kind == "article"]
    notes = sum(len(re.findall(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)", p.body)) for p in hant)
    assert notes > 100
    # 村(社區) is not an annotation and is kept
    assert any("村(社區" in p.body for p in hant)


def test_broken_page_is_truncated_html() -> None:
    br = next(p for p in load_facts() if p.special == "broken")
    data = (SITE_DIR / br.path.lstrip("/")).read_bytes().decode("gbk")
    assert "</html>" not in data and br.body.split("\n")[-1] in data
    for f in br.figures:
        assert br.body[f["start"]:f["end"]] == f["quote"]


# ------------------------------------------------------------------ the server


def test_server_serves_every_page_with_its_bytes_and_headers(site: DemoSite) -> None:
    for p in load_facts():
        if p.special == "slow":
            continue
        status, headers, data = fetch(site.base_url + p.url_path)
        assert status == 200, p.url_path
        assert data == (SITE_DIR / p.path.lstrip("/")).read_bytes(), p.url_path
        assert headers["Content-Type"] == p.content_type
    gov_types = {p.content_type for p in load_facts() if p.layout == "gov"}
    assert gov_types == {"text/html", "text/html; charset=utf-8"}  # no charset, and one lie


def test_robots_sitemap_and_rss_are_valid(site: DemoSite) -> None:
    status, headers, robots = fetch(site.base_url + "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    rp = urllib.robotparser.RobotFileParser()
    rp.parse(robots.decode("utf-8").splitlines())
    assert not rp.can_fetch(UA, site.base_url + "/private/draft.html")
    assert not rp.can_fetch(UA, site.base_url + "/admin/index.html")
    assert rp.can_fetch(UA, site.base_url + "/news/list.html")
    assert rp.site_maps() == [site.base_url + "/sitemap.xml"]

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    _, _, sm = fetch(site.base_url + "/sitemap.xml")
    locs = [e.text for e in ET.fromstring(sm).findall("s:url/s:loc", ns)]
    expected = {p.path for p in load_facts() if p.kind == "article" and p.in_sitemap}
    assert {u.removeprefix(site.base_url) for u in locs} == expected
    assert all(rp.can_fetch(UA, u) for u in locs)

    status, headers, rss = fetch(site.base_url + "/news/rss.xml")
    assert status == 200 and "rss" in headers["Content-Type"]
    items = ET.fromstring(rss).findall("channel/item")
    assert len(items) >= 5
    paths = {p.path for p in load_facts()}
    for it in items:
        assert it.findtext("link").removeprefix(site.base_url) in paths
        assert it.findtext("title") and it.findtext("pubDate")


def test_disallowed_and_special_pages_are_linked_from_list_pages() -> None:
    info = site_info()
    gov1 = (SITE_DIR / "gov/zwgk/gzdt/index_1.html").read_bytes().decode("gbk")
    assert info["specials"]["admin"]["path"] in gov1
    last = sorted(SITE_DIR.glob("news/list_*.html"))[-1].read_text(encoding="utf-8")
    for key in ("slow", "never_ending", "error_500", "redirect_loop", "not_found", "private"):
        assert info["specials"][key]["path"] in last
    assert re.search(r"var countPage = \d+;", last)


def test_error_and_redirect_endpoints(site: DemoSite) -> None:
    info = site_info()["specials"]
    assert fetch(site.base_url + info["not_found"]["path"])[0] == 404
    assert fetch(site.base_url + info["error_500"]["path"])[0] == 500
    status, headers, _ = fetch(site.base_url + info["redirect_loop"]["path"], follow=False)
    assert status == 302 and headers["Location"] == "/loop/b.html"
    status, headers, _ = fetch(site.base_url + "/loop/b.html", follow=False)
    assert headers["Location"] == "/loop/a.html"
    with pytest.raises(urllib.error.HTTPError):  # urllib gives up on the loop
        urllib.request.urlopen(site.base_url + info["redirect_loop"]["path"], timeout=5)
    status, headers, _ = fetch(site.base_url + info["redirect"]["path"], follow=False)
    assert status == 301 and headers["Location"] == info["redirect"]["target"]
    assert fetch(site.base_url + "/../../etc/passwd")[0] == 404
    assert fetch(site.base_url + "/facts.json")[0] == 404


def test_slow_page_is_slow(site: DemoSite) -> None:
    t = time.monotonic()
    status, _, data = fetch(site.base_url + site_info()["specials"]["slow"]["path"], timeout=10)
    assert status == 200 and data
    assert time.monotonic() - t >= 1.9


def test_never_ending_page_streams_and_does_not_block_stop() -> None:
    s = DemoSite().start()
    port = int(s.base_url.rsplit(":", 1)[1])
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(b"GET /stream/live.html HTTP/1.1\r\nHost: x\r\nUser-Agent: streamer\r\n\r\n")
    got = b""
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        got += sock.recv(4096)
    assert got.startswith(b"HTTP/1.1 200") and got.count("直播进行中".encode()) >= 2
    assert b"</html>" not in got
    t = time.monotonic()
    s.stop()
    assert time.monotonic() - t < 2
    sock.close()
    assert any(e.path == "/stream/live.html" and e.user_agent == "streamer" for e in s.request_log)


def test_request_log_records_path_agent_and_time(tmp_path: Path) -> None:
    log = tmp_path / "req.jsonl"
    with DemoSite(log_file=log) as s:
        before = time.time()
        fetch(s.base_url + "/news/list.html?page=2")
        fetch(s.base_url + "/nope.html")
    e1, e2 = s.request_log[-2:]
    assert e1.path == "/news/list.html?page=2" and e1.user_agent == UA and e1.status == 200
    assert e2.path == "/nope.html" and e2.status == 404
    assert before - 1 <= e1.time <= time.time()
    assert len(log.read_text(encoding="utf-8").splitlines()) == 2


def test_override_serves_changed_content(site: DemoSite) -> None:
    p = next(p for p in load_facts() if p.layout == "news" and p.kind == "article")
    site.override(p.path, "<html>改版</html>".encode("utf-8"))
    assert fetch(site.base_url + p.path)[2] == "<html>改版</html>".encode("utf-8")
    site.override(p.path, None)
    assert fetch(site.base_url + p.path)[2] == (SITE_DIR / p.path.lstrip("/")).read_bytes()


# ------------------------------------------------------------------ the generator

_ALLOWED_NONFIG = re.compile(r"\d+月\d+日|\d+月底|\d+年|35岁以下|60岁以上|80后|90后")


def _num_value(quote: str, unit: str | None) -> float | None:
    """The value a quote's last number says (the figure's own number ends the quote)."""
    m = re.search(r"(\d+(?:\.\d+)?)(?:-\d+)?(万?)\D*$", quote)
    if not m:
        return None
    v = float(m.group(1))
    return v * 10000 if m.group(2) and unit != "万元" else v


def test_generate_articles_is_deterministic_and_prefix_stable() -> None:
    a = list(generate_articles(60, seed=5))
    b = list(generate_articles(60, seed=5))
    assert [(x.text, x.figures) for x in a] == [(x.text, x.figures) for x in b]
    c = list(generate_articles(20, seed=5))
    assert [x.text for x in c] == [x.text for x in a[:20]]
    d = list(generate_articles(20, seed=6))
    assert [x.text for x in d] != [x.text for x in c]


def test_generated_figures_are_verbatim_and_complete() -> None:
    levels, years = set(), set()
    for art in generate_articles(400, seed=11):
        text = art.text
        lines = text.split("\n")
        assert lines[0] == art.title and art.published[:4] in lines[1]
        assert BY_CODE[art.region_code].level == art.level
        assert len(art.region_code) == (9 if art.level == "township" else 6)
        levels.add(art.level)
        years.add(art.year)
        covered = [False] * len(text)
        for f in art.figures:
            assert text[f["start"]:f["end"]] == f["quote"]
            assert text.find(f["quote"]) == f["start"]
            assert f["kind"] in KINDS and f["qualifier"] in QUALIFIERS
            assert f["metric"] is None or is_metric(f["metric"])
            if f["kind"] == "range":
                assert f["value_max"] > f["value"]
            v = _num_value(f["quote"], f["unit"])
            if v is not None and "成" not in f["quote"]:
                assert abs(v - f["value"]) < 1e-6, f
            covered[f["start"]:f["end"]] = [True] * (f["end"] - f["start"])
        for m in _ALLOWED_NONFIG.finditer(text):
            covered[m.start():m.end()] = [True] * (m.end() - m.start())
        body_start = len(lines[0]) + len(lines[1]) + 2
        title_quotes = [f["quote"] for f in art.figures if f["start"] < len(lines[0])]
        for m in re.finditer(r"\d+(?:\.\d+)?", text[body_start:]):
            s, e = m.start() + body_start, m.end() + body_start
            if all(covered[s:e]):
                continue
            # a body repeat of a number the title already carries is the same figure
            assert any(text.find(q, body_start) != -1 and q in text[s - 6:e + 6] for q in title_quotes), \
                f"number not in gold: {text[s - 10:e + 5]!r} in {art.uid}"
    assert levels == {"province", "city", "county", "township"}
    assert min(years) <= 2008 and max(years) >= 2025


def test_offtopic_articles_have_no_election_figures() -> None:
    offs = list(generate_offtopic(40, seed=1))
    assert offs == list(generate_offtopic(40, seed=1))
    assert all(not o.on_topic and not o.figures and "换届" not in o.text for o in offs)
    assert len({o.extra["topic"] for o in offs}) == 4
