"""Bad HTML input gives a flagged Document or a clear error, never a traceback."""
from __future__ import annotations

import os
from pathlib import Path

from extract.html import extract_html

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"
PARA = "<p>全镇18个村完成换届选举，共选出“两委”成员136名，平均年龄42.3岁，比上届下降6.1岁。</p>"


def test_truncated_page_still_gives_the_article_start():
    raw = (FIXTURES / "portal_recommend_comments.html").read_bytes()
    doc = extract_html(raw[: len(raw) // 2], source="cut.html")  # cut mid-character
    assert doc.error is None
    assert doc.title == "全省村(社区)“两委”换届进入收尾阶段"
    assert "\ufffd" not in doc.title and "换届" in doc.body


def test_unclosed_markup():
    raw = ("<html><head><meta charset=utf-8><title>镇里完成换届_镇政府</title><body><div><div><table><tr><td>"
           + PARA.replace("</p>", "") * 12 + "<div><span>").encode()
    doc = extract_html(raw, source="open.html")
    assert doc.kind == "article" and doc.body.count("全镇18个村") == 12


def test_list_page_is_not_an_article():
    doc = extract_html((FIXTURES / "list_page.html").read_bytes(), source="list.html")
    assert doc.kind == "list" and "list_page" in doc.flags
    assert doc.figures == [] and doc.body == ""


def test_404_page_is_flagged():
    doc = extract_html((FIXTURES / "not_found_404.html").read_bytes(), source="404.html")
    assert doc.kind == "list" and "error_page" in doc.flags and doc.figures == []


def test_javascript_only_page():
    raw = ("<html><head><script>" + "var cfg={a:1,b:'换届'};" * 2000 + "</script></head><body>"
           "<div id=app></div><script>render(cfg)</script></body></html>").encode()
    doc = extract_html(raw, source="spa.html")
    assert doc.kind == "list" and "no_main_text" in doc.flags and doc.figures == []


def test_20mb_page_is_cut_not_stalled():
    raw = ("<html><head><meta charset='utf-8'><title>大页面</title><script>" + "x" * 2_000_000 +
           "</script></head><body><div class=c>" + PARA * 150_000 + "</div></body></html>").encode()
    assert len(raw) > 20_000_000
    doc = extract_html(raw, source="big.html")
    assert doc.error is None and "page_truncated" in doc.flags
    assert doc.body.startswith("全镇18个村") and len(doc.body) <= 200_000


def test_binary_data_with_html_name():
    doc = extract_html(os.urandom(4096) + b"\x00" * 64, source="image.html")
    assert doc.kind == "error" and doc.error and doc.error.startswith("not an HTML page")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + os.urandom(2000)
    assert extract_html(png, source="x.html").error


def test_empty_and_markup_free_input():
    for raw in (b"", b"   \n", "只有一句话，没有任何标签。".encode()):
        doc = extract_html(raw, source="e.html")
        assert doc.error and doc.kind == "error"


def test_wrong_type():
    doc = extract_html("<html></html>", source="s.html")  # type: ignore[arg-type]
    assert doc.error == "expected bytes"


def test_pathological_markup_never_raises():
    """Markup that trips lxml/readability internals comes back as a flagged Document."""
    raws = [b'</title><?xml version="1.0" encoding="gbk"?></script></title></html></script><title>',
            b"<html><body>" + b"<div>" * 5000 + "换届".encode() + b"</body>",
            b"<![CDATA[<html>]]><svg><math><p>\x00</p>"]
    for raw in raws:
        doc = extract_html(raw, source="weird.html")
        assert doc.kind in ("article", "list", "error")
        assert doc.figures == [] or doc.kind == "article"
