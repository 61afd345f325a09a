"""A hostile page is stored, indexed and shown, and nothing in it runs.

The fixture article's title, outlet, author, flags, figure subjects and body
carry ``<script>``, ``onerror=``/``onload=``/``onmouseover=`` handlers,
``javascript:`` URLs (also as its source URL) and broken markup.  In a real
browser every page that shows it must leave ``window.__pwned`` undefined and
open no dialog, while the text itself stays visible, escaped, to the reader.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

import web_corpus
from web_server import LiveServer

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"


@pytest.fixture(scope="module")
def app():
    from search_ui.app import create_app

    return create_app(web_corpus.corpus()["settings"])


@pytest.fixture(scope="module")
def hostile_id() -> int:
    return web_corpus.corpus()["ids"][web_corpus.HOSTILE_URL]


def test_stored_indexed_and_escaped_in_html(app, hostile_id):
    with TestClient(app) as c:
        found = c.get("/search.json", params={"q": web_corpus.HOSTILE_MARK}).json()
        assert [h["doc_id"] for h in found["hits"]] == [hostile_id]
        assert found["hits"][0]["title"] == web_corpus.HOSTILE_TITLE, "stored as written, not sanitised away"
        for url in (f"/search?q={quote(web_corpus.HOSTILE_MARK)}", f"/doc/{hostile_id}",
                    f"/compare?metric=avg_age&level=city",
                    "/compare/cell?metric=avg_age&region=340100&round=2021&level=city"):
            html = c.get(url).text
            if "/compare?" not in url:  # the table shows values, not subjects
                assert "window.__pwned" in html, f"{url} shows the hostile text"
            # the only <script> on any page is our own static file; no hostile tag survives unescaped
            assert html.count("<script") == 1 and '<script src="/static/app.js" defer></script>' in html
            for raw in ("<img src", "onerror=\"window", "<svg onload", "<iframe", '<b onmouseover'):
                assert raw not in html, (url, raw)
            assert 'href="javascript:' not in html.lower()
        doc = c.get(f"/doc/{hostile_id}.json")
        assert doc.headers["content-type"].startswith("application/json")
        assert doc.headers["x-content-type-options"] == "nosniff"
        assert doc.json()["url"] == web_corpus.HOSTILE_URL


@pytest.fixture(scope="module")
def live(app):
    with LiveServer(app) as url:
        yield url


def test_no_script_runs_in_the_browser(live, hostile_id):
    from playwright.sync_api import sync_playwright

    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pages = [
            f"{live}/search?q={quote(web_corpus.HOSTILE_MARK)}",
            f"{live}/doc/{hostile_id}",
            f"{live}/compare?metric=avg_age&metric=units_completed&level=city",
            f"{live}/compare/cell?metric=avg_age&region=340100&round=2021&level=city",
        ]
        for i, url in enumerate(pages):
            page.goto(url)
            page.wait_for_load_state("load")
            # hover and click over everything a handler could hide in
            for sel in ("h1", "h2", ".meta", ".outlet", "#doc-outlet", "#original", "#normalised", "mark",
                        "#source-url", "td", "li"):
                for el in page.locator(sel).all()[:4]:
                    try:
                        el.hover(timeout=200)
                    except Exception:  # noqa: BLE001 - hidden or detached elements are fine to skip
                        pass
            assert page.evaluate("typeof window.__pwned") == "undefined", url
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"hostile-{i}.png"))
        # the document shows the hostile strings as text
        page.goto(f"{live}/doc/{hostile_id}")
        assert page.inner_text("#doc-title") == web_corpus.HOSTILE_TITLE
        assert page.inner_text("#doc-outlet") == web_corpus.HOSTILE_OUTLET
        assert "<script>window.__pwned = 1; alert('pwned')</script>" in page.inner_text("#original")
        assert page.locator("a#source-url").count() == 0, "a javascript: source URL is not a link"
        assert page.locator("#original img, #original iframe, #original script, #original a").count() == 0
        # its figures are still marked
        assert page.locator("#original mark.figmark").count() == 2
        # clicking the search facet for the hostile outlet works and finds it
        page.goto(f"{live}/search?q={quote(web_corpus.HOSTILE_MARK)}")
        page.locator('section.facet[data-facet="outlet"] a').first.click()
        page.wait_for_load_state()
        assert page.inner_text("#total") == "1"
        assert page.evaluate("typeof window.__pwned") == "undefined"
        browser.close()
    assert dialogs == []
