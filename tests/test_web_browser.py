"""The research app in a real browser (Debian chromium driven by Playwright).

One journey, as a researcher would make it: search → click a facet → open a
report and see its figures marked in both texts → compare a metric across
provinces and see the table, bar chart and map → export the figures as CSV and
parse the download.  Screenshots of every page go to
``test-output/screenshots/``.  The pages must also never trip the
Content-Security-Policy (no inline script or style of our own).
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import web_corpus
from web_server import LiveServer

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def base_url():
    from search_ui.app import create_app

    facts = web_corpus.corpus()
    with LiveServer(create_app(facts["settings"])) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("chromium is not installed: apt-get install -y chromium (make install-test does it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                              args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                              locale="zh-CN")
    pg = ctx.new_page()
    pg.csp_errors = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.csp_errors.append(m.text)  # type: ignore[attr-defined]
          if m.type == "error" and "Content Security Policy" in m.text else None)
    yield pg
    ctx.close()


def shot(page, name: str, *, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def test_research_journey(page, base_url, tmp_path):
    # 1. search
    resp = page.goto(f"{base_url}/search?q=换届")
    assert resp.status == 200
    assert "script-src 'self'" in resp.headers["content-security-policy"]
    total = int(page.inner_text("#total"))
    assert total > 10
    assert page.locator("li.hit").count() == 20
    assert page.locator("li.hit .snippet mark").count() > 0, "snippets highlight the query"
    assert page.locator("svg.timeline rect.bar").count() > 0, "coverage chart is drawn"
    assert page.locator("li.hit .chip.fig").count() > 0, "figure chips are shown"
    shot(page, "01-search")

    # 2. click a facet value (the first year): the URL keeps it and the result narrows
    year_link = page.locator('section.facet[data-facet="year"] a').first
    year = year_link.get_attribute("data-key")
    count = int(year_link.locator("xpath=../span[@class='count']").inner_text())
    year_link.click()
    page.wait_for_load_state()
    assert f"year={year}" in page.url and "q=" in page.url
    assert int(page.inner_text("#total")) == count < total
    assert page.locator('#active-filters a.chip[data-facet="year"]').count() == 1
    for d in page.locator("li.hit .date").all_inner_texts():
        assert d.startswith(year)
    shot(page, "02-facet")

    # 3. open the first report: figures marked in both texts at their offsets
    page.locator("li.hit a.doc-link").first.click()
    page.wait_for_load_state()
    doc_id = int(page.url.rsplit("/", 1)[-1].split("?")[0])
    doc = json.loads(page.context.request.get(f"{base_url}/doc/{doc_id}.json").text())
    n = len(doc["figures"])
    assert n > 0
    assert page.locator("#original mark.figmark").count() == n
    assert page.locator("#normalised mark.figmark").count() == n
    first = doc["figures"][0]
    assert page.inner_text("#o-0") == doc["body"][first["orig_start"]:first["orig_end"]]
    assert page.inner_text("#n-0") == doc["text"][first["start"]:first["end"]]
    page.locator("a.jump").first.click()  # the small script marks the figure in both texts
    assert "focus" in (page.get_attribute("#o-0", "class") or "")
    shot(page, "03-document")

    # 4. compare: choose a metric and the province level with the form
    page.goto(f"{base_url}/compare")
    page.locator('input[name="metric"]').evaluate_all("els => els.forEach(e => e.checked = false)")
    page.check('input[name="metric"][value="concurrent_rate"]')
    page.select_option("#level", "province")
    page.click("#compare-submit")
    page.wait_for_load_state()
    assert "metric=concurrent_rate" in page.url and "level=province" in page.url
    section = page.locator('section.metric-section[data-metric="concurrent_rate"]')
    assert section.locator("table.cmp td.cell a").count() >= 3
    assert section.locator("svg.bars rect.bar").count() >= 3
    assert section.locator("svg.map circle.dot").count() >= 3, "provinces placed on the map"
    assert section.locator("svg.map .backdrop circle").count() > 500, "county seats sketch the country"
    assert section.locator("td.cell.conflict").count() >= 1, "安徽 sources disagree"
    box = section.locator("svg.map").bounding_box()
    assert box and box["width"] > 200 and box["height"] > 150
    shot(page, "04-compare", full_page=True)
    # a cell opens the sentences behind it, which link back to the report
    section.locator("td.cell.conflict a").first.click()
    page.wait_for_load_state()
    assert page.locator("ol.sentences li").count() >= 2
    assert page.locator("ol.sentences li.conflicting").count() >= 2
    shot(page, "05-cell")
    page.locator("a.open-doc").first.click()
    page.wait_for_load_state()
    assert "#fig-" in page.url
    assert page.locator("tr.figrow.focus").count() == 1

    # 5. export the search's figures as CSV through the download link and parse it
    page.goto(f"{base_url}/search?q=换届&year={year}")
    with page.expect_download() as dl:
        page.click('a.export-link[data-what="figures"][data-format="csv"]')
    target = tmp_path / "figures.csv"
    dl.value.save_as(str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows, "the export has rows"
    assert {"figure_id", "doc_id", "url", "outlet", "published", "extractor_version", "value", "metric",
            "quote", "sentence", "start", "end", "orig_start", "orig_end"} <= set(rows[0])
    assert all(r["published"].startswith(year) for r in rows)
    assert all(r["extractor_version"] == web_corpus.EXTRACTOR_VERSION for r in rows)
    shot(page, "06-export-source")

    assert page.csp_errors == [], page.csp_errors  # type: ignore[attr-defined]


def test_english_toggle(page, base_url):
    page.goto(f"{base_url}/compare?metric=avg_age&level=province")
    assert "平均年龄" in page.inner_text("section.metric-section h2")
    page.click("#lang-toggle")
    page.wait_for_load_state()
    assert "lang=en" in page.url
    assert "Average age" in page.inner_text("section.metric-section h2")
    assert "Compare regions" in page.inner_text("h1")
    shot(page, "07-compare-en")


def test_bad_query_page(page, base_url):
    resp = page.goto(f"{base_url}/search?q=%22unclosed")
    assert resp.status == 400
    assert "quote" in page.inner_text("#error-message")
    assert page.locator("input[name=q]").input_value() == '"unclosed'
    shot(page, "08-bad-query")
