"""``huanjie ingest`` and ``huanjie reextract``: folders and WARCs through the extractors into the store."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import Store
from corpus.ingest import ingest_paths, reextract
from crawlers.demo_site.genre import generate_articles
from crawlers.warc_writer import WarcSink
from huanjie.cli import main as cli

ARTS = list(generate_articles(8, seed=7))

OFF_TOPIC_HTML = """<html><head><meta charset="utf-8"><title>全县春耕生产有序推进</title></head><body>
<div class="content"><h1>全县春耕生产有序推进</h1><p>2021-03-21 来源：县农业农村局</p>
<p>近日，全县各乡镇抢抓农时，组织农户开展春耕备耕，调运化肥1200吨、种子300吨，维修保养农机具800余台。</p>
<p>农技人员深入田间地头开展技术指导，确保春耕生产顺利推进，为全年粮食丰收打下基础。</p></div></body></html>"""


def html_page(a, charset: str = "utf-8") -> bytes:
    paras = "".join(f"<p>{line}</p>" for line in (a.body or a.text).split("\n") if line.strip())
    page = (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{a.title}_{a.outlet}</title></head>'
            f'<body><div class="nav">首页 | 新闻</div><div class="article"><h1>{a.title}</h1>'
            f'<div class="info">{a.published} 09:00 来源：{a.outlet}</div><div class="content">{paras}</div></div>'
            f'<div class="footer">版权所有</div></body></html>')
    return page.encode("gb18030" if charset == "gbk" else charset)


@pytest.fixture
def corpus_dir(tmp_path):
    d = tmp_path / "in"
    (d / "html").mkdir(parents=True)
    (d / "txt").mkdir()
    (d / "html" / "a0.html").write_bytes(html_page(ARTS[0]))
    (d / "html" / "a1.htm").write_bytes(html_page(ARTS[1], "gbk"))
    (d / "html" / "off.html").write_text(OFF_TOPIC_HTML, encoding="utf-8")
    (d / "txt" / "a2.txt").write_text(ARTS[2].text, encoding="utf-8")
    (d / "txt" / "a3.txt").write_bytes(ARTS[3].text.encode("gb18030"))
    (d / "txt" / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 500)
    (d / "notes.docx").write_bytes(b"PK\x03\x04")  # not a supported type: ignored in folders
    return d


def write_warc(path: Path, arts, *, truncate_last: bool = False) -> Path:
    sink = WarcSink(path.parent, prefix=path.stem)
    for i, a in enumerate(arts):
        sink.write_response(url=f"http://county.example/{path.stem}/{i}.html", status=200,
                            headers=[("Content-Type", "text/html; charset=utf-8")], body=html_page(a))
    sink.write_response(url="http://county.example/missing.html", status=404,
                        headers=[("Content-Type", "text/html")], body=b"not found")
    sink.close()
    out = sink.path
    if truncate_last:
        data = out.read_bytes()
        out.write_bytes(data[: len(data) - 60])  # inside the last record
    return out


def test_folder_ingest_is_idempotent(corpus_dir, tmp_path):
    with Store.open(tmp_path / "c.sqlite") as store:
        s1 = ingest_paths(store, [corpus_dir])
        assert (s1.new, s1.errors) == (4, 1), s1
        assert s1.skipped == 1  # the off-topic page
        assert any("binary" in src for src, _ in s1.error_samples)
        before = store.stats()
        docs = {Path(d.url).name: d for d in store.iter_documents()}
        assert set(docs) == {"a0.html", "a1.htm", "a2.txt", "a3.txt"}
        assert docs["a1.htm"].title == ARTS[1].title  # GBK decoded
        assert docs["a3.txt"].title == ARTS[3].title
        assert all(d.figures for d in docs.values())
        # the capture keeps the raw file, so reextract can read it again
        assert store.capture_payload(docs["a1.htm"].capture_id) == (corpus_dir / "html" / "a1.htm").read_bytes()

        s2 = ingest_paths(store, [corpus_dir])
        assert (s2.new, s2.unchanged, s2.new_versions) == (0, 4, 0)
        assert store.stats() == before


def test_warc_ingest_skips_truncated_records_and_keeps_the_rest(tmp_path):
    good = write_warc(tmp_path / "w1.warc.gz", ARTS[:3])
    cut = write_warc(tmp_path / "w2.warc.gz", ARTS[3:6], truncate_last=True)
    garbage = tmp_path / "junk.warc.gz"
    garbage.write_bytes(b"this is not a warc file at all\n" * 10)
    with Store.open(tmp_path / "c.sqlite") as store:
        s = ingest_paths(store, [good, cut, garbage], workers=2)
        urls = sorted(d.url for d in store.iter_documents())
        # w2's truncated final record (the 404) is lost, its three articles are not
        assert len(urls) == 6, (urls, s)
        assert s.new == 6
        d = store.get_by_url("http://county.example/w1.warc/1.html")
        assert d.warc_path == str(good) and d.warc_offset is not None
        assert store.capture_payload(d.capture_id) == html_page(ARTS[1])
        assert s.skipped >= 1  # the 404 response in w1


def test_reextract_after_an_extractor_upgrade(corpus_dir, tmp_path):
    with Store.open(tmp_path / "c.sqlite") as store:
        ingest_paths(store, [corpus_dir / "html"])
        first = {d.doc_id: (d.version, [f.to_json() for f in d.figures]) for d in store.iter_documents()}
        r0 = reextract(store)
        assert r0.changed == 0 and r0.skipped == len(first)  # nothing is stale
        # pretend these were extracted by an older extractor
        store.conn.execute("UPDATE versions SET extractor_version='0.0.1-old'")
        r = reextract(store)
        assert r.considered == len(first) and r.unchanged + r.changed == len(first) and r.errors == 0
        for d in store.iter_documents():
            assert d.extractor_version == r.extractor_version != "0.0.1-old"
            assert (d.version, [f.to_json() for f in d.figures]) == first[d.doc_id]


def test_ingest_cli(corpus_dir, tmp_path, capsys):
    home = tmp_path / "home"
    code = cli(["ingest", "--home", str(home), "--workers", "1", "--json", str(corpus_dir),
                str(tmp_path / "does-not-exist")])
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # some inputs failed: a script must notice
    assert out["new"] == 4 and out["errors"] == 2
    assert cli(["ingest", "--home", str(home), "--workers", "1", "--json", str(corpus_dir / "html")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["unchanged"] == 2 and out["new"] == 0
    assert cli(["reextract", "--home", str(home), "--workers", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["errors"] == 0
