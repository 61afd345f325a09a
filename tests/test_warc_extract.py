"""WARC reading: records, documents, HTTP charset, truncated records."""
from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extract.warc import iter_warc_documents, iter_warc_records

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"
NO_META = ("<html><head><title>镇里完成村级换届_镇政府网</title></head><body><div class=art><h1>镇里完成村级换届</h1>"
           + "".join(f"<p>全镇{i}个村完成“两委”换届，选出成员{i * 6}名，平均年龄43.5岁。</p>" for i in range(8, 16))
           + "</div></body></html>")


def _write(path: Path, *, gz: bool) -> None:
    records = [
        ("response", "http://county.example.gov.cn/art/2021/3/19/art_1.html", "200 OK", "text/html; charset=gbk",
         (FIXTURES / "trs_gov_gbk.html").read_bytes()),
        # no <meta charset>: only the HTTP header says GBK
        ("response", "http://town.example.cn/a/2.html", "200 OK", "text/html; charset=GBK", NO_META.encode("gbk")),
        ("response", "http://town.example.cn/report.txt", "200 OK", "text/plain; charset=utf-8",
         "截至3月18日，全县126个村(社区)完成“两委”换届。".encode()),
        ("response", "http://town.example.cn/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("response", "http://town.example.cn/gone.html", "404 Not Found", "text/html", b"<html>404</html>"),
        ("resource", "file:///archive/list.html", None, "text/html", (FIXTURES / "list_page.html").read_bytes()),
    ]
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        for rtype, url, status, ct, body in records:
            if rtype == "response":
                hh = StatusAndHeaders(status, [("Content-Type", ct)], protocol="HTTP/1.1")
                rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=hh)
            else:
                rec = w.create_warc_record(url, "resource", payload=io.BytesIO(body),
                                           warc_content_type=ct)
            w.write_record(rec)
        # a request record is not a capture
        w.write_record(w.create_warc_record("http://town.example.cn/a/2.html", "request",
                                            payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("gz", [True, False])
def test_records_and_documents(tmp_path, gz):
    p = tmp_path / ("a.warc.gz" if gz else "a.warc")
    _write(p, gz=gz)
    recs = list(iter_warc_records(p))
    assert [r.status for r in recs] == [200, 200, 200, 200, 404, None]
    assert recs[0].headers["Content-Type"] == "text/html; charset=gbk"
    assert recs[0].offset == 0 and recs[1].offset > recs[0].offset
    assert recs[0].fetched_at and recs[0].warc_path == str(p)
    docs = list(iter_warc_documents(p))
    by_url = {d.source: d for d in docs}
    assert set(by_url) == {"http://county.example.gov.cn/art/2021/3/19/art_1.html", "http://town.example.cn/a/2.html",
                           "http://town.example.cn/report.txt", "file:///archive/list.html"}
    trs = by_url["http://county.example.gov.cn/art/2021/3/19/art_1.html"]
    assert (trs.title, trs.published, trs.outlet) == ("青川县圆满完成村(社区)“两委”换届选举工作", "2021-03-19", "青川县融媒体中心")
    assert trs.extra["warc_offset"] == 0
    town = by_url["http://town.example.cn/a/2.html"]
    assert town.title == "镇里完成村级换届" and "两委" in town.body
    assert "换届" in by_url["http://town.example.cn/report.txt"].body
    assert by_url["file:///archive/list.html"].kind == "list"


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_archive_is_logged_not_raised(tmp_path, caplog, gz):
    full = tmp_path / ("a.warc.gz" if gz else "a.warc")
    _write(full, gz=gz)
    data = full.read_bytes()
    last = list(iter_warc_records(full))[-1].offset
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    with caplog.at_level(logging.WARNING, logger="extract.warc"):
        cut.write_bytes(data[: last + 200])  # inside the last capture
        assert len(list(iter_warc_records(cut))) == 5
        assert len(list(iter_warc_documents(cut))) == 3
        assert any("truncated" in r.getMessage() or "unreadable" in r.getMessage() for r in caplog.records)
        for n in (len(data) // 2, 50):
            cut.write_bytes(data[:n])
            assert len(list(iter_warc_records(cut))) < 5
            assert len(list(iter_warc_documents(cut))) < 3


def test_missing_and_garbage_files(tmp_path, caplog):
    bad = tmp_path / "junk.warc"
    bad.write_bytes(b"this is not a warc file at all\n" * 20)
    with caplog.at_level(logging.WARNING, logger="extract.warc"):
        assert list(iter_warc_records(bad)) == []
        assert list(iter_warc_records(tmp_path / "missing.warc.gz")) == []
    assert caplog.records
