"""The JSON API and bad input, through the real app on the session's store and index.

Every page has a ``.json`` twin that agrees with it; the OpenAPI schema lists
them; malformed input gets a 4xx with a message that says what to fix, never
a 500.
"""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import web_corpus
from search_ui.compare import round_of


@pytest.fixture(scope="module")
def client():
    from search_ui.app import create_app

    facts = web_corpus.corpus()
    with TestClient(create_app(facts["settings"]), raise_server_exceptions=False) as c:
        yield c


def test_search_json_matches_page(client):
    r = client.get("/search.json", params={"q": "一肩挑", "sort": "date_desc"})
    assert r.status_code == 200
    data = r.json()
    assert data["total"] > 0 and len(data["hits"]) == min(20, data["total"])
    dates = [h["published"] for h in data["hits"]]
    assert dates == sorted(dates, reverse=True)
    assert any(piece["match"] for h in data["hits"] for piece in h["snippet"])
    assert set(data["facets"]) >= {"province", "year", "outlet", "metric"}
    assert sum(m["count"] for m in data["timeline"]) >= 1
    page = client.get("/search", params={"q": "一肩挑", "sort": "date_desc"})
    assert page.status_code == 200
    assert f'<strong id="total">{data["total"]}</strong>' in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert page.headers["x-content-type-options"] == "nosniff"


def test_facet_filters_narrow_and_combine(client):
    base = client.get("/search.json", params={"q": "换届"}).json()
    province = base["facets"]["province"][0]
    narrowed = client.get("/search.json", params={"q": "换届", "province": province["key"]}).json()
    assert narrowed["total"] == province["count"]
    assert all(h["region_code"].startswith(province["key"][:2]) for h in narrowed["hits"])
    year = narrowed["facets"]["year"][0]
    both = client.get("/search.json", params={"q": "换届", "province": province["key"], "year": year["key"]}).json()
    assert both["total"] == year["count"]
    # an outlet name full of query syntax is a filter value, not query text
    odd = client.get("/search.json", params={"outlet": 'x" OR 换届 OR "'}).json()
    assert odd["total"] == 0


def test_paging_is_consistent(client):
    p1 = client.get("/search.json", params={"q": "换届", "per_page": 10}).json()
    p2 = client.get("/search.json", params={"q": "换届", "per_page": 10, "page": 2}).json()
    ids1 = {h["doc_id"] for h in p1["hits"]}
    ids2 = {h["doc_id"] for h in p2["hits"]}
    assert len(ids1) == 10 and len(ids2) == 10 and not ids1 & ids2


def test_document_json_and_page(client):
    ids = web_corpus.corpus()["ids"]
    doc_id = ids["https://a.example.cn/ah-2021-1.html"]
    d = client.get(f"/doc/{doc_id}.json").json()
    assert d["outlet"] == "江淮晨报" and d["region"]["code"] == "340000"
    assert [f["quote"] for f in d["figures"]] == ["96.1%", "45.3岁", "9.8万名"]
    for f in d["figures"]:
        assert d["body"][f["orig_start"]:f["orig_end"]] == f["quote"]
    copy_id = ids["https://c.example.cn/zhuanzai/a.html"]
    assert copy_id in [c["doc_id"] for c in d["copies"]], "the syndicated copy is listed"
    html = client.get(f"/doc/{doc_id}").text
    assert '<mark id="o-0" class="figmark metric"' in html and "96.1%</mark>" in html
    assert 'href="https://a.example.cn/ah-2021-1.html"' in html


def test_compare_json_cells_sources_and_conflicts(client):
    t = client.get("/compare.json", params={"metric": "concurrent_rate", "level": "province"}).json()
    cells = {(c["region_code"], c["round"]): c for c in t["cells"]}
    anhui = cells[("340000", "2021")]
    # two independent outlets (the syndicated copy counts once) disagree: 96.1 vs 91.5
    assert anhui["n_sources"] == 2 and anhui["conflict"] is True
    assert anhui["value"] == 91.5 and anhui["as_of"] == "2021-04-13"
    assert cells[("340000", "2017")]["value"] == 42 and cells[("340000", "2017")]["conflict"] is False
    cell = client.get("/compare/cell.json", params={"metric": "concurrent_rate", "region": "340000",
                                                    "round": "2021", "level": "province"}).json()
    assert sorted(f["value"] for f in cell["figures"]) == [91.5, 96.1]
    assert all(f["conflicting"] for f in cell["figures"])
    page = client.get("/compare", params={"metric": ["concurrent_rate", "avg_age"], "level": "province"})
    assert page.status_code == 200
    assert page.text.count('class="metric-section"') == 2
    assert "/compare/cell?metric=concurrent_rate&amp;region=340000&amp;round=2021" in page.text


def test_rounds():
    assert [round_of(d) for d in ("2008-05-01", "2011-03", "2014-12-31", "2017-06-01", "2018-02-02",
                                  "2020-11-05", "2021-04-13", "2024-10-01", "2026-01-02", None, "")] == \
        ["2008", "2011", "2014", "2017", "2017", "2021", "2021", "2025", "2025", None, None]


def test_openapi_lists_json_twins(client):
    spec = client.get("/openapi.json").json()
    for path in ("/search.json", "/doc/{doc_id}.json", "/compare.json", "/compare/cell.json",
                 "/export/{what}.{fmt}", "/export/bundle.zip", "/export/datapackage.json"):
        assert path in spec["paths"], path
    api = client.get("/api.json").json()
    assert any(e["path"] == "/search.json" for e in api["endpoints"])


def test_english_labels_from_codebook(client):
    en = client.get("/compare", params={"metric": "female_rate", "lang": "en"}).text
    zh = client.get("/compare", params={"metric": "female_rate"}).text
    assert "Women (share)" in en and "女性比例" in zh
    assert 'href="/compare?metric=female_rate" id="lang-toggle"' in en  # the toggle back drops lang


BAD = [
    ("/search", {"q": '"unclosed'}, "quote"),
    ("/search.json", {"q": "换届 AND"}, None),
    ("/search.json", {"q": "(换届"}, None),
    ("/search.json", {"q": "metric:nonsense>=5"}, "unknown metric"),
    ("/search.json", {"q": "date:2021-13"}, None),
    ("/search.json", {"q": "x" * 600}, "limit"),
    ("/search.json", {"q": "a\x00b"}, "control"),
    ("/search.json", {"page": "99999999"}, "too deep"),
    ("/search.json", {"page": "-1"}, "page"),
    ("/search.json", {"page": "abc"}, "whole number"),
    ("/search.json", {"page": "1e9"}, "whole number"),
    ("/search.json", {"per_page": "100000"}, "per_page"),
    ("/search.json", {"q": "换届", "page": "400"}, "past the last page"),
    ("/search.json", {"sort": "random"}, "sort"),
    ("/search.json", {"metric": "bogus"}, "unknown metric"),
    ("/search.json", {"province": "广东"}, "region code"),
    ("/search.json", {"year": "21"}, "four-digit"),
    ("/compare.json", {"metric": "bogus"}, "known metrics"),
    ("/compare.json", {"level": "galaxy"}, "level"),
    ("/compare.json", {"metric": "concurrent_rate", "round": "1999"}, "round"),
    ("/compare/cell.json", {"metric": "concurrent_rate", "region": "abc", "round": "2021"}, "region"),
    ("/compare/cell.json", {"metric": "concurrent_rate", "region": "110000", "round": "2021"}, "no concurrent_rate"),
    ("/doc/999999.json", {}, "no document"),
    ("/doc/0", {}, "positive"),
    ("/doc/abc", {}, "no such page"),
    ("/export/figures.xlsx", {}, "format"),
    ("/export/everything.csv", {}, "cannot export"),
    ("/export/figures.csv", {"q": "(("}, None),
    ("/export/figures.csv", {"limit": "0"}, "limit"),
    ("/export/bundle.zip", {"what": "passwords"}, "what"),
    ("/nope", {}, "no such page"),
]


@pytest.mark.parametrize("path,query,needle", BAD)
def test_bad_input_is_4xx_with_a_message(client, path, query, needle):
    r = client.get(path, params=query)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    text = r.json()["error"] if r.headers["content-type"].startswith("application/json") else r.text
    assert text
    if needle:
        assert needle in text, text[:300]


def test_query_error_points_at_the_character(client):
    r = client.get("/search.json", params={"q": '换届 "一肩挑'})
    assert r.status_code == 400
    assert r.json()["position"] == 3 and r.json()["param"] == "q"
    page = client.get("/search", params={"q": '换届 "一肩挑'})
    assert page.status_code == 400 and '<mark>&#34;</mark>' in page.text


def test_post_is_refused_cleanly(client):
    r = client.post("/search.json", data={"q": "x"})
    assert r.status_code == 405


def test_demo_builds_a_searchable_corpus(tmp_path, capsys):
    """``huanjie demo --no-serve``: demo site → crawl → extract → index, then the app serves it."""
    from huanjie.cli import main
    from huanjie.config import settings
    from search_ui.app import create_app

    assert main(["demo", "--no-serve", "--quiet", "--site-port", "0", "--home", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "huanjie serve --home" in out and "http://127.0.0.1:8000/" in out
    with TestClient(create_app(settings(tmp_path))) as c:
        found = c.get("/search.json", params={"q": "换届"}).json()
        assert found["total"] >= 10
        doc = c.get(f"/doc/{found['hits'][0]['doc_id']}.json").json()
        assert doc["warc_path"] and doc["fetched_at"] and doc["url"].startswith("http://127.0.0.1:")
        assert c.get(f"/doc/{found['hits'][0]['doc_id']}").status_code == 200
        cells = c.get("/compare.json", params={"metric": ["avg_age", "concurrent_rate"], "level": "county"}).json()
        assert cells["cells"], "figures extracted from the crawl fill the region table"
