"""The corpus store: idempotent ingest, versions, duplicate groups, provenance."""
from __future__ import annotations

import io
import threading

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpus import Store
from corpus.store import content_hash
from extract.records import Document, Figure, Region

GD = Region("440000", "广东省", "province")

REPORT = (
    "截至3月18日，{place}圆满完成{n}个村（社区）“两委”换届选举。新一届村党组织书记平均年龄{age}岁，"
    "比上届下降2.8岁；书记、主任“一肩挑”比例达到{rate}%，大专以上学历的占{college}%。"
    "各地严格落实资格联审，共审查候选人{cands}名，劝退不符合条件人选，确保换届风清气正。"
)


def report(place="某某县", n=326, age=45.3, rate=95.6, college=46.2, cands=4120) -> str:
    return REPORT.format(place=place, n=n, age=age, rate=rate, college=college, cands=cands)


def make_doc(text: str, *, title="换届工作顺利完成", variant="hans", published="2021-03-20", metric_value=None) -> Document:
    i = text.index("个村")
    j = text.rindex("完成", 0, i) + 2
    value = metric_value if metric_value is not None else float(text[j:i])
    fig = Figure(value=value, unit="个", kind="count", qualifier="exact", quote=text[j : i + 1],
                 sentence=text[: text.index("。") + 1], start=j, end=i + 1, orig_start=j, orig_end=i + 1,
                 metric="units_completed", region=GD)
    return Document(source="test", title=title, published=published, outlet="县融媒体中心", variant=variant,
                    region=GD, body=text, text=text, figures=[fig], flags=[])


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "corpus.sqlite")
    yield s
    s.close()


def test_ingest_is_idempotent_and_versions_changes(store):
    doc = make_doc(report())
    r1 = store.ingest(doc, url="http://a.example/1.html", capture_id=None, extractor_version="t1")
    r2 = store.ingest(doc, url="http://a.example/1.html", capture_id=None, extractor_version="t1")
    assert (r1.status, r2.status) == ("new", "unchanged")
    assert r1.doc_id == r2.doc_id and r1.version_id == r2.version_id
    assert store.count() == 1 and store.stats()["figures"] == 1

    changed = make_doc(report(n=327))
    r3 = store.ingest(changed, url="http://a.example/1.html", capture_id=None, extractor_version="t1")
    assert r3.status == "new_version" and r3.doc_id == r1.doc_id and r3.version_id != r1.version_id
    sd = store.get(r1.doc_id)
    assert sd.version == 2 and sd.figures[0].value == 327
    assert [v.version for v in store.versions(r1.doc_id)] == [1, 2]
    assert [d.version for d in store.iter_documents(current_only=False)] == [1, 2]
    # figure rows only come from the current version
    assert [r.value for r in store.figure_rows(canonical_only=False)] == [327]
    assert sd.content_hash == content_hash(changed)


def test_syndicated_copies_group_and_count_once(store):
    text = report()
    a = store.ingest(make_doc(text, published="2021-03-20"), url="http://county.example/a.html",
                     capture_id=None, extractor_version="t1")
    # a syndicated copy with an editor's line and a later date
    b = store.ingest(make_doc(text + "（责任编辑：王某）", published="2021-03-22"),
                     url="http://province.example/b.html", capture_id=None, extractor_version="t1")
    # a traditional mirror: its normalised text is the same simplified text
    c = store.ingest(make_doc(text, variant="hant", published="2021-03-19"), url="http://mirror.example/c.html",
                     capture_id=None, extractor_version="t1")
    # a different county's report from the same template is NOT a copy
    d = store.ingest(make_doc(report(place="另一个区", n=118, age=47.1, rate=88.0, college=39.5, cands=1290)),
                     url="http://other.example/d.html", capture_id=None, extractor_version="t1")
    docs = {sd.doc_id: sd for sd in store.iter_documents()}
    assert docs[a.doc_id].dup_group == docs[b.doc_id].dup_group == docs[c.doc_id].dup_group
    assert docs[d.doc_id].dup_group != docs[a.doc_id].dup_group
    assert docs[a.doc_id].n_copies == 3 and docs[d.doc_id].n_copies == 1
    # simplified before traditional, then earliest date: a is canonical
    assert [i for i, sd in docs.items() if sd.is_canonical] == [a.doc_id, d.doc_id]
    assert {x.doc_id for x in store.copies(b.doc_id)} == {a.doc_id, c.doc_id}
    assert store.copies(d.doc_id) == []
    assert len(list(store.figure_rows())) == 2
    assert len(list(store.figure_rows(canonical_only=False))) == 4
    assert [r.url for r in store.figure_rows(metrics=["avg_age"])] == []
    assert store.count(canonical_only=True) == 2


def test_same_wording_different_numbers_is_not_a_copy(store):
    a = store.ingest(make_doc(report()), url="http://x/a", capture_id=None, extractor_version="t1")
    e = store.ingest(make_doc(report(n=327)), url="http://x/e", capture_id=None, extractor_version="t1")
    assert store.get(a.doc_id).n_copies == store.get(e.doc_id).n_copies == 1


def test_group_label_survives_when_founder_changes(store):
    text = report()
    a = store.ingest(make_doc(text), url="http://x/a", capture_id=None, extractor_version="t1")
    b = store.ingest(make_doc(text + "来源：市委组织部"), url="http://x/b", capture_id=None, extractor_version="t1")
    c = store.ingest(make_doc(text + "编辑：李某"), url="http://x/c", capture_id=None, extractor_version="t1")
    assert store.get(b.doc_id).dup_group == a.doc_id
    # the founder is rewritten into a different report: it leaves, the others stay together
    store.ingest(make_doc(report(place="新区", n=55, age=41.0, rate=70.1, college=60.2, cands=300)),
                 url="http://x/a", capture_id=None, extractor_version="t1")
    ga, gb, gc = (store.get(i).dup_group for i in (a.doc_id, b.doc_id, c.doc_id))
    assert gb == gc == b.doc_id and ga == a.doc_id
    assert store.get(b.doc_id).is_canonical ^ store.get(c.doc_id).is_canonical
    assert store.get(a.doc_id).is_canonical and store.get(a.doc_id).n_copies == 1


def test_short_texts_and_list_pages_are_not_grouped(store):
    short = Document(source="t", title="通知", body="关于换届的通知", text="关于换届的通知")
    r1 = store.ingest(short, url="http://x/1", capture_id=None, extractor_version="t1")
    r2 = store.ingest(short, url="http://x/2", capture_id=None, extractor_version="t1")
    lst = Document(source="t", kind="list", body=report(), text=report())
    r3 = store.ingest(lst, url="http://x/list", capture_id=None, extractor_version="t1")
    r4 = store.ingest(lst, url="http://x/list2", capture_id=None, extractor_version="t1")
    groups = {store.get(r.doc_id).dup_group for r in (r1, r2, r3, r4)}
    assert len(groups) == 4


def test_failed_extraction_is_refused_and_rolls_back(store):
    with pytest.raises(ValueError, match="failed extraction"):
        store.ingest(Document(source="x", error="binary data, not text"), url="http://x/bin",
                     capture_id=None, extractor_version="t1")
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.ingest(make_doc(report()), url="http://x/ok", capture_id=None, extractor_version="t1")
            raise RuntimeError("crash mid-batch")
    assert store.count() == 0 and store.stats()["figures"] == 0


def test_captures_keep_provenance_and_payload(store, tmp_path):
    payload = "<html><meta charset=gbk><p>换届</p></html>".encode("gb18030")
    cid = store.add_capture(url="http://x/p", fetched_at="2024-05-01T00:00:00Z", status=200,
                            headers={"Content-Type": "text/html; charset=gbk"}, payload=payload,
                            warc_path=None, warc_offset=None)
    assert store.add_capture(url="http://x/p", fetched_at="2024-05-02T00:00:00Z", status=200, headers={},
                             payload=payload, warc_path=None, warc_offset=None) == cid
    cap = store.get_capture(cid)
    assert cap.status == 200 and cap.headers["Content-Type"].endswith("gbk")
    assert cap.payload_hash.startswith("sha256:") and cap.payload_size == len(payload)
    assert store.capture_payload(cid) == payload

    # a payload held in a WARC is read back from the record's offset
    warc = tmp_path / "x.warc.gz"
    with open(warc, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        offsets = []
        for i, body in enumerate([b"first record", payload]):
            offsets.append(fh.tell())
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"http://x/w{i}", "response", payload=io.BytesIO(body),
                                                http_headers=http))
    cid2 = store.add_capture(url="http://x/w1", fetched_at=None, status=200, headers={}, payload=payload,
                             warc_path=str(warc), warc_offset=offsets[1])
    assert store.capture_payload(cid2) == payload

    r = store.ingest(make_doc(report()), url="http://x/w1", capture_id=cid2, extractor_version="t1")
    sd = store.get(r.doc_id)
    assert sd.warc_path == str(warc) and sd.warc_offset == offsets[1]


def test_store_reopens_and_serves_other_threads(tmp_path):
    path = tmp_path / "c.sqlite"
    with Store.open(path) as s:
        for i in range(3):
            s.ingest(make_doc(report(n=100 + i * 37, age=40 + i, cands=900 + i * 111)), url=f"http://x/{i}",
                     capture_id=None, extractor_version="t1")
    s = Store.open(path)
    seen: list[int] = []
    t = threading.Thread(target=lambda: seen.extend(d.doc_id for d in s.iter_documents()))
    t.start()
    t.join()
    assert seen == [1, 2, 3]
    assert s.get(999) is None
    s.close()


def test_reextract_replaces_extraction_in_place(store):
    r = store.ingest(make_doc(report()), url="http://x/a", capture_id=None, extractor_version="t1")
    better = make_doc(report())
    better.figures[0].metric = "units_total"
    assert store.replace_extraction(r.version_id, better, extractor_version="t2") is True
    sd = store.get(r.doc_id)
    assert sd.extractor_version == "t2" and sd.figures[0].metric == "units_total" and sd.version == 1
    assert store.replace_extraction(r.version_id, better, extractor_version="t2") is False


def test_crawl_memory(store):
    store.mark_seen("demo", "http://x/a", status=200, outcome="kept")
    store.mark_seen("demo", "http://x/b", status=200, outcome="skipped")
    store.mark_seen("demo", "http://x/b", status=500, outcome="error")
    assert store.seen_outcome("demo", "http://x/b") == "error"
    assert store.seen_urls("demo", ["kept", "skipped"]) == {"http://x/a"}
    assert store.seen_urls("other") == set()


def _chain_texts() -> tuple[str, str, str]:
    """B is a copy of A and of C, but A and C are too different to be copies of each other."""
    filler = "各乡镇党委严格落实换届纪律要求，逐村研判班子运行情况，确保选出好带头人。"
    core = report() + filler * 6
    a = "甲乡镇专题会议强调，要把政治标准放在首位，严把人选资格关口，坚决防止带病提拔。" * 3 + core
    c = core + "乙街道召开推进会议，部署换届后续培训工作，组织新任干部外出学习考察。" * 3
    return a, core, c


@pytest.mark.parametrize("order", ["abc", "acb", "bca", "cab"])
def test_groups_do_not_depend_on_arrival_order(tmp_path, order):
    """A crawl's arrival order varies (concurrency, a killed crawl resumed): groups must not."""
    from corpus import dedup

    texts = dict(zip("abc", _chain_texts()))
    sig = {k: dedup.signature(v) for k, v in texts.items()}
    assert dedup.jaccard(sig["a"], sig["b"]) >= dedup.THRESHOLD
    assert dedup.jaccard(sig["c"], sig["b"]) >= dedup.THRESHOLD
    assert dedup.jaccard(sig["a"], sig["c"]) < dedup.THRESHOLD
    with Store.open(tmp_path / "c.sqlite") as s:
        ids = {k: s.ingest(make_doc(texts[k], published=f"2021-03-2{'abc'.index(k)}"), url=f"http://x/{k}",
                           capture_id=None, extractor_version="t1").doc_id for k in order}
        docs = {k: s.get(i) for k, i in ids.items()}
        assert len({d.dup_group for d in docs.values()}) == 1
        assert docs["a"].dup_group == min(ids.values())
        assert [k for k, d in docs.items() if d.is_canonical] == ["a"]  # earliest date
        # B rewritten into another report: nothing holds A and C together any more
        s.ingest(make_doc(report(place="新区", n=55, age=41.0, rate=70.1, college=60.2, cands=300)),
                 url="http://x/b", capture_id=None, extractor_version="t1")
        docs = {k: s.get(i) for k, i in ids.items()}
        assert len({d.dup_group for d in docs.values()}) == 3
        assert all(d.is_canonical and d.n_copies == 1 for d in docs.values())


def test_older_store_is_migrated_and_captures_learn_their_site(tmp_path):
    """A store written before captures recorded their site opens, migrates, and keeps its rows."""
    import sqlite3

    from corpus.schema import MIGRATIONS

    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    for m in MIGRATIONS[:2]:
        con.executescript(m)
    con.execute("PRAGMA user_version=2")
    con.execute("INSERT INTO captures (url, payload_hash, payload_size) VALUES ('http://x/p', 'sha256:0', 3)")
    con.commit()
    con.close()
    with Store.open(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        cap = s.get_capture(1)
        assert cap.url == "http://x/p" and (cap.site_group, cap.site) == (None, None)
        payload = b"<p>x</p>"
        cid = s.add_capture(url="http://x/q", fetched_at=None, status=200, headers={}, payload=payload,
                            warc_path=None, warc_offset=None)
        # a later crawl of the same bytes names the site it came through; the capture learns it
        assert s.add_capture(url="http://x/q", fetched_at=None, status=200, headers={}, payload=payload,
                             warc_path=None, warc_offset=None, site_group="demo", site="demo-gov") == cid
        assert (s.get_capture(cid).site_group, s.get_capture(cid).site) == ("demo", "demo-gov")
        r = s.ingest(make_doc(report()), url="http://x/q", capture_id=cid, extractor_version="t1",
                     overrides_key="abc")
        job = next(iter(s.iter_reextract_jobs()))
        assert (job["version_id"], job["overrides_key"], job["site"]) == (r.version_id, "abc", "demo-gov")


def test_incremental_paging_only_after_a_crawl_that_read_everything(store):
    assert store.last_crawl_read_everything("demo") is False  # never crawled
    r1 = store.begin_run("crawl", "t1", {"groups": ["demo"]})
    store.finish_run(r1, {"groups": ["demo"], "reason": "finished"})
    assert store.last_crawl_read_everything("demo") is True
    assert store.last_crawl_read_everything("other") is False
    store.begin_run("crawl", "t1", {"groups": ["demo"]})  # killed: never finished
    assert store.last_crawl_read_everything("demo") is False
    r3 = store.begin_run("crawl", "t1", {"groups": ["demo"]})
    store.finish_run(r3, {"groups": ["demo"], "reason": "finished", "list_errors": 1})  # a list page failed
    assert store.last_crawl_read_everything("demo") is False
    r4 = store.begin_run("crawl", "t1", {"groups": ["demo"]})
    store.finish_run(r4, {"groups": ["demo"], "reason": "closespider_pagecount"})
    assert store.last_crawl_read_everything("demo") is False
    r5 = store.begin_run("crawl", "t1", {"groups": ["demo"]})
    store.finish_run(r5, {"groups": ["demo"], "reason": "finished"})
    store.begin_run("ingest", "t1")  # other kinds of run do not count
    assert store.last_crawl_read_everything("demo") is True


def test_ambiguous_region_keeps_its_name_through_the_store(store, tmp_path):
    """A name the extractor could not resolve (no code, flag region_ambiguous) is data:
    it must come back from the store, be searchable by name, and stay out of the
    code-keyed comparison table."""
    from index.documents import from_stored, index_fields
    from search_ui.compare import build_table

    ambiguous = Region("", "城关镇", "township")
    doc = make_doc(report(place="城关镇"))
    doc.region = ambiguous
    doc.figures[0].region = ambiguous
    doc.flags = ["region_ambiguous"]
    r = store.ingest(doc, url="http://a.example/amb.html", capture_id=None, extractor_version="t1")
    sd = store.get(r.doc_id)
    assert sd.region == ambiguous and sd.region_lineage == []
    assert sd.figures[0].region == ambiguous
    rec = index_fields(from_stored(sd))
    assert rec["region_codes"] == [] and "城关镇" in rec["region_names"]
    assert "region" not in rec["has"]
    table = build_table(store.figure_rows(canonical_only=False), ["units_completed"], level="township")
    assert table.cells == {} and table.regions == []
