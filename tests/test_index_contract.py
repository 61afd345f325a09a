"""Contract battery: the embedded (tantivy) and Elasticsearch backends must answer alike.

Over a fixed corpus of 60 genre documents written for this test (no real article
text), every query in :data:`CONTRACT_QUERIES` runs on both backends and the
hit lists (date order, so the order is total), totals, facet counts and timelines
must be identical.  Ground-truth checks then pin what the hits must *be*: the
word-boundary traps (图书记录, 秘书记录 never match 书记; 两委员 never matches
两委), traditional = simplified, and every filter against an oracle computed from
the corpus itself, not from either engine.

The Elasticsearch side runs against ``HUANJIE_ES_URL`` when set (a real ES 8/9
cluster), otherwise against a private noida-db emulator started by
``tests/es_server.py`` and stopped afterwards.
"""
from __future__ import annotations

import os
import random
from dataclasses import replace

import opencc
import pytest

from index.base import BackendError
from index.documents import IndexDoc, pub_day
from index.query import QueryError
from index.tantivy_backend import TantivyBackend
try:  # tests/ is a rootdir-less folder of modules (pytest "prepend" import mode) …
    from es_server import es_endpoint
except ImportError:  # … or a package, if someone adds tests/__init__.py
    from tests.es_server import es_endpoint

# ------------------------------------------------------------------ the corpus

REGIONS = [  # (lineage province→county, outlet home)
    [("510000", "四川省", "province"), ("510300", "自贡市", "city"), ("510311", "沿滩区", "county")],
    [("510000", "四川省", "province"), ("510100", "成都市", "city"), ("510117", "郫都区", "county")],
    [("440000", "广东省", "province"), ("440100", "广州市", "city"), ("440113", "番禺区", "county")],
    [("440000", "广东省", "province"), ("441400", "梅州市", "city"), ("441403", "梅县区", "county")],
    [("140000", "山西省", "province"), ("140100", "太原市", "city"), ("140122", "阳曲县", "county")],
    [("000000", "全国", "national")],
]
OUTLETS = ["乡村干部报", "南方农村报", "三晋日报", "天府时报", "民政快讯"]

# sentence kind → (template, words it contains as whole words)
SENTENCES = {
    "intro": ("{place}村（社区）“两委”换届工作圆满完成，共选出新一届班子成员{members}名。", {"两委", "换届"}),
    "secretary": ("新当选的村党支部书记纷纷表示，要带领群众发展集体经济。", {"书记"}),
    "concurrent": ("村党组织书记、村委会主任“一肩挑”比例达到{cr}%。", {"书记", "一肩挑"}),
    "age": ("新一届班子成员平均年龄{age}岁，比上届下降{d}岁。", {"平均年龄"}),
    "female": ("女性成员占比{fr}%，较上届有所提高。", {"女性"}),
    "library": ("各村同步整理图书记录，完善农家书屋台账。", {"图书", "记录"}),
    "clerk": ("县委办公室秘书记录了会议要点，并印发各乡镇。", {"秘书", "记录"}),
    "committee": ("会上，两委员就议程作了说明。", {"委员"}),
    "neutral": ("{place}召开乡村振兴工作推进会，部署春耕生产和人居环境整治。", set()),
    "training": ("全区举办培训班{tn}期，培训新任村干部{tp}人次。", {"培训"}),
    "supervision": ("换届风气监督工作同步开展，未发现违规问题。", {"换届"}),
}
METRIC_OF = {"concurrent": ("concurrent_rate", "cr"), "age": ("avg_age", "age"),
             "female": ("female_rate", "fr"), "training": ("trainees", "tp")}
TITLES = ["{place}村（社区）“两委”换届工作综述", "{place}扎实推进基层组织建设", "{place}：新班子新气象",
          "{place}乡村振兴工作简报"]
N_DOCS = 60
TRAD_TEXT = {3, 17, 29, 41}     # documents stored in traditional characters (text and body)
TRAD_BODY = {5, 23, 47}         # published traditional, normalised text simplified
COPIES = {10: [101, 102, 103]}     # canonical doc → its near-duplicate copies


def _make_corpus() -> tuple[list[IndexDoc], dict[int, set[str]]]:
    """60 documents and, per doc, the set of whole words it contains (the oracle)."""
    rng = random.Random(20240521)
    s2t = opencc.OpenCC("s2t")
    docs: list[IndexDoc] = []
    words: dict[int, set[str]] = {}
    for i in range(1, N_DOCS + 1 - sum(len(v) for v in COPIES.values())):
        lineage = REGIONS[i % len(REGIONS)]
        place = lineage[-1][1]
        kinds = rng.sample(sorted(SENTENCES), rng.randint(2, 5))
        if i % 7 == 0:
            kinds = ["library", "clerk", "committee", "neutral"]  # pure traps: no 书记, no 两委
        vals = {"members": rng.randint(300, 9000), "cr": round(rng.uniform(80, 100), 1),
                "age": round(rng.uniform(40, 52), 1), "d": round(rng.uniform(0.5, 5), 1),
                "fr": round(rng.uniform(15, 40), 1), "tn": rng.randint(3, 40), "tp": rng.randint(50, 3000)}
        text = "".join(SENTENCES[k][0].format(place=place, **vals) for k in kinds)
        w: set[str] = set().union(*(SENTENCES[k][1] for k in kinds))
        metrics = {METRIC_OF[k][0]: [float(vals[METRIC_OF[k][1]])] for k in kinds if k in METRIC_OF}
        title = TITLES[i % len(TITLES)].format(place=place)
        w |= {"换届", "两委"} if i % len(TITLES) == 0 else set()
        title_words = {"换届", "两委"} if i % len(TITLES) == 0 else set()
        year = 2016 + i % 7
        month = 1 + (i * 5) % 12
        body = text
        if i in TRAD_TEXT:
            text = body = s2t.convert(text)
            title = s2t.convert(title)
        elif i in TRAD_BODY:
            body = s2t.convert(text)
        docs.append(IndexDoc(
            doc_id=i, title=title, text=text, body=body,
            published=f"{year}-{month:02d}-{1 + i % 27:02d}" if i % 13 else None,
            outlet=OUTLETS[i % len(OUTLETS)], url=f"https://example.org/{i}.html",
            region_code=lineage[-1][0], region_name=lineage[-1][1], lineage=list(lineage),
            metrics=metrics, n_figures=len(metrics) + (1 if "intro" in kinds else 0),
            dup_group=i, is_canonical=True, n_copies=1,
        ))
        words[i] = w
        words[-i] = title_words  # title words kept apart for title: queries
    by_id = {d.doc_id: d for d in docs}
    for canon, copies in COPIES.items():
        by_id[canon].n_copies = 1 + len(copies)
        for c in copies:
            docs.append(replace(by_id[canon], doc_id=c, is_canonical=False, url=f"https://mirror.example/{c}.html"))
            words[c] = words[canon]
            words[-c] = words[-canon]
    assert len(docs) == N_DOCS
    return docs, words


CORPUS, WORDS = _make_corpus()
CANONICAL = {d.doc_id for d in CORPUS if d.is_canonical}


def _ids(pred) -> set[int]:
    return {d.doc_id for d in CORPUS if d.is_canonical and pred(d)}


def _has_word(word: str):
    return lambda d: word in WORDS[d.doc_id]


def _in_region(code: str):
    return lambda d: any(c == code for c, _, _ in d.lineage)


# ------------------------------------------------------------------ backends


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    b = TantivyBackend(tmp_path_factory.mktemp("tantivy"))
    assert b.rebuild(CORPUS) == N_DOCS
    yield b
    b.close()


@pytest.fixture(scope="module")
def es_url():
    with es_endpoint() as url:
        if url is None:
            pytest.skip("no Elasticsearch: set HUANJIE_ES_URL or install noida-db")
        yield url


@pytest.fixture(scope="module")
def es(es_url):
    from index.es_backend import ElasticBackend

    b = ElasticBackend(es_url, f"huanjie-contract-{os.getpid()}")
    assert b.rebuild(CORPUS) == N_DOCS
    yield b
    b.drop()
    b.close()


@pytest.fixture(scope="module", params=["embedded", "es"])
def backend(request):
    return request.getfixturevalue(request.param)


# ------------------------------------------------------------------ contract: both agree

CONTRACT_QUERIES = [
    "", "书记", "两委", "换届", "图书", "一肩挑", "書記", "兩委 換屆", '"两委换届"', "“一肩挑”",
    "书记 OR 图书", "书记 AND NOT 一肩挑", "-书记 换届", "(书记 OR 两委) region:四川", "region:自贡市",
    "region:440000", "region:广东 date:2021-01..2021-06", "date:2019", "date:..2018-12", "date:2020-07..",
    "outlet:乡村干部报", "outlet:南方农村报 书记", "metric:concurrent_rate>=90", "metric:avg_age<45",
    "metric:female_rate", "has:figures", "has:copies", "title:换届", "NOT region:四川", "秘书", "委员",
    "培训 metric:trainees>1000", "region:全国", "黨組織書記", "(region:四川 OR region:山西) AND metric:concurrent_rate>=95",
    "date:2021 -outlet:三晋日报", "平均年龄", "has:date -has:metrics",
    "党组织", "村党组织书记", '"村委会 主任"', "乡村振兴 工作", '"新一届班子成员"', "title:工作综述",
]


def _snapshot(b, q: str, **kw):
    r = b.search(q, per_page=200, sort="date_desc", **kw)
    return {
        "total": r.total,
        "ids": [h.doc_id for h in r.hits],
        "facets": {k: [(v.key, v.label, v.count) for v in vs] for k, vs in r.facets.items()},
        "timeline": r.timeline,
        "snippets": [h.snippet for h in r.hits],
        "copies": [h.n_copies for h in r.hits],
    }


def test_contract_battery_identical_on_both_backends(embedded, es):
    assert len(CONTRACT_QUERIES) >= 30
    mismatches = []
    nonempty = 0
    for q in CONTRACT_QUERIES:
        a, b = _snapshot(embedded, q), _snapshot(es, q)
        if a != b:
            diff = {k: (a[k], b[k]) for k in a if a[k] != b[k]}
            mismatches.append((q, diff))
        nonempty += bool(a["total"])
        assert a["total"] == len(a["ids"])
    assert not mismatches, mismatches
    assert nonempty >= len(CONTRACT_QUERIES) - 2  # the battery exercises real hits, not empty sets


def test_relevance_order_gives_same_hit_sets(embedded, es):
    for q in ["书记", "换届 两委", "书记 OR 图书", "一肩挑 region:广东"]:
        a = embedded.search(q, per_page=200)
        b = es.search(q, per_page=200)
        assert {h.doc_id for h in a.hits} == {h.doc_id for h in b.hits}, q
        assert a.total == b.total > 0


def test_pagination_agrees_and_partitions(embedded, es):
    pages = {}
    for name, b in (("embedded", embedded), ("es", es)):
        seen: list[int] = []
        for page in range(1, 11):
            r = b.search("", page=page, per_page=7, sort="date_asc", facets=False)
            seen.extend(h.doc_id for h in r.hits)
        pages[name] = seen
    assert pages["embedded"] == pages["es"]
    assert len(pages["embedded"]) == len(set(pages["embedded"])) == len(CANONICAL)
    assert set(pages["embedded"]) == CANONICAL
    assert list(embedded.scan("书记")) == list(es.scan("书记"))
    # small batches page by key: same sequence, nothing lost or repeated (documents without a date last)
    for q in ("", "书记", "region:四川"):
        assert list(embedded.scan(q, batch=7)) == list(embedded.scan(q)) == list(es.scan(q, batch=7))
    assert list(embedded.scan("", collapse=False, batch=5)) == list(es.scan("", collapse=False))


def test_updates_and_deletes_agree(embedded, es, tmp_path):
    extra = IndexDoc(doc_id=999, title="补选", text="某村补选村党支部书记一名。", published="2022-05-01",
                     outlet="民政快讯", lineage=list(REGIONS[0]), region_code="510311", region_name="沿滩区")
    for b in (embedded, es):
        before = b.search("补选").total
        assert b.upsert([extra]) == 1
        assert b.search("补选").total == before + 1
        assert b.upsert([replace(extra, text="某村增补村委会委员一名。")]) == 1
        assert b.search("补选").total == before + 1  # replaced by id, not duplicated (title still 补选)
        assert 999 not in {h.doc_id for h in b.search("书记", per_page=200).hits}
        assert b.delete([999]) == 1
        assert b.search("补选").total == before
    assert embedded.count() == es.count() == N_DOCS


# ------------------------------------------------------------------ ground truth (each backend)


def _hits(b, q: str, **kw) -> set[int]:
    r = b.search(q, per_page=200, **kw)
    assert r.total == len(r.hits)
    return {h.doc_id for h in r.hits}


def test_two_character_words_whole_and_never_across_boundaries(backend):
    shuji = _hits(backend, "书记")
    assert shuji == _ids(_has_word("书记")) and shuji
    traps = _ids(lambda d: "记录" in WORDS[d.doc_id] and "书记" not in WORDS[d.doc_id])
    assert traps and not (traps & shuji)  # 图书记录 / 秘书记录 documents exist and are not found
    liangwei = _hits(backend, "两委")
    assert liangwei == _ids(lambda d: "两委" in WORDS[d.doc_id] or "两委" in WORDS[-d.doc_id])
    assert not (_ids(lambda d: "委员" in WORDS[d.doc_id] and "两委" not in WORDS[d.doc_id]
                     and "两委" not in WORDS[-d.doc_id]) & liangwei)
    assert _hits(backend, "换届") == _ids(lambda d: "换届" in WORDS[d.doc_id])


def test_traditional_and_simplified_find_the_same(backend):
    for simp, trad in [("书记", "書記"), ("两委 换届", "兩委 換屆"), ("一肩挑", "一肩挑"),
                       ("党组织书记", "黨組織書記"), ("平均年龄", "平均年齡")]:
        assert _hits(backend, simp) == _hits(backend, trad), (simp, trad)
    # documents stored in traditional characters are found by simplified queries
    for i in (3, 17, 29, 41):
        for w in WORDS[i] & {"书记", "两委", "换届", "一肩挑"}:
            assert i in _hits(backend, w), (i, w)


def test_filters_match_the_oracle(backend):
    assert _hits(backend, "region:四川") == _ids(_in_region("510000"))
    assert _hits(backend, "region:510300") == _ids(_in_region("510300"))
    assert _hits(backend, "region:自贡") == _ids(_in_region("510300"))
    assert _hits(backend, "region:番禺区 OR region:梅县") == _ids(lambda d: d.region_code in ("440113", "441403"))
    assert _hits(backend, "outlet:三晋日报") == _ids(lambda d: d.outlet == "三晋日报")
    lo, hi = 20210101, 20210630
    assert _hits(backend, "date:2021-01..2021-06") == _ids(lambda d: lo <= pub_day(d.published) <= hi)
    assert _hits(backend, "date:..2018") == _ids(lambda d: 0 < pub_day(d.published) <= 20181231)
    assert _hits(backend, "metric:concurrent_rate>=90") == _ids(
        lambda d: any(v >= 90 for v in d.metrics.get("concurrent_rate", [])))
    assert _hits(backend, "metric:avg_age<45") == _ids(lambda d: any(v < 45 for v in d.metrics.get("avg_age", [])))
    assert _hits(backend, "metric:trainees") == _ids(lambda d: "trainees" in d.metrics)
    assert _hits(backend, "has:figures") == _ids(lambda d: d.n_figures > 0)
    assert _hits(backend, "title:换届") == _ids(lambda d: "换届" in WORDS[-d.doc_id])
    assert _hits(backend, "NOT region:四川") == CANONICAL - _ids(_in_region("510000"))
    assert _hits(backend, "书记 -region:四川 date:2016..2019") == (
        _ids(_has_word("书记")) - _ids(_in_region("510000"))) & _ids(
        lambda d: 20160101 <= pub_day(d.published) <= 20191231)


def test_facets_count_the_whole_match_set(backend):
    r = backend.search("", per_page=1)
    assert r.total == len(CANONICAL)
    prov = {v.key: (v.label, v.count) for v in r.facets["province"]}
    assert prov["510000"] == ("四川省", len(_ids(_in_region("510000"))))
    assert prov["440000"][1] == len(_ids(_in_region("440000")))
    years = [v.key for v in r.facets["year"]]
    assert years == sorted(years, reverse=True)
    assert sum(v.count for v in r.facets["year"]) == len(_ids(lambda d: d.published))
    metric = {v.key: v for v in r.facets["metric"]}
    assert metric["concurrent_rate"].label == "“一肩挑”比例"
    assert metric["concurrent_rate"].count == len(_ids(lambda d: "concurrent_rate" in d.metrics))
    assert sum(c for _, c in r.timeline) == len(_ids(lambda d: d.published))


def test_duplicates_collapsed_with_copy_count(backend):
    collapsed = _hits(backend, "", collapse=True)
    assert not ({101, 102, 103} & collapsed) and 10 in collapsed
    hit = next(h for h in backend.search("", per_page=200).hits if h.doc_id == 10)
    assert hit.n_copies == 4
    assert {10, 101, 102, 103} <= _hits(backend, "", collapse=False)


def test_snippets_highlight_whole_words_in_the_original(backend):
    r = backend.search("书记", per_page=200)
    for h in r.hits:
        marked = [t for t, m in h.snippet if m]
        assert marked and all(t in ("书记", "書記") for t in marked), h.snippet
    # a document published in traditional characters shows its original text
    trad = next(h for h in backend.search("书记 OR 两委 OR 换届", per_page=200).hits if h.doc_id in (5, 23, 47))
    shown = "".join(t for t, _ in trad.snippet)
    assert any(ch in shown for ch in "書兩換屆黨區") or not any(
        w in WORDS[trad.doc_id] for w in ("书记", "两委", "换届")), shown
    # a trap document never gets 书 or 记 highlighted
    trap = next(d.doc_id for d in CORPUS if d.doc_id % 7 == 0 and d.is_canonical)
    r2 = backend.search(f"书记 OR 图书", per_page=200)
    snip = next(h.snippet for h in r2.hits if h.doc_id == trap)
    assert [t for t, m in snip if m] == ["图书"]


def test_bad_queries_raise_query_error_not_backend_errors(backend):
    for q in ['"两委', "(书记", "书记)", "x" * 10_000, "foo:bar", "metric:nosuch>1", "date:2021-13",
              '{"query": {"match_all": {}}}', "region:1; DROP TABLE documents", "AND", "书记 OR",
              "书记 OR 1=1", "换*", "())", '"""']:
        with pytest.raises(QueryError):
            backend.search(q)
    with pytest.raises(QueryError):
        backend.search("书记", page=0)
    with pytest.raises(QueryError):
        backend.search("书记", sort="random")
    # punctuation that parses is not searchable: it changes nothing
    assert _hits(backend, "书记 ，。！") == _hits(backend, "书记")
    # a quoted SQL fragment is literal text: the phrase "or 1" occurs nowhere
    assert _hits(backend, '书记 "\' OR 1 -- "') == set()


def test_unreachable_cluster_is_a_clear_error():
    from index.es_backend import ElasticBackend

    with pytest.raises(BackendError, match="unreachable"):
        ElasticBackend("http://127.0.0.1:9", "x", timeout=2)


# ------------------------------------------------------------------ words, phrases, facets at scale


def test_a_word_is_found_inside_a_longer_word_and_phrases_by_adjacent_words(backend):
    # 党组织 occurs in this corpus only inside 党组织书记 (search mode emits it as a sub-word)
    assert _hits(backend, "党组织") == _hits(backend, "党组织书记") == _ids(_has_word("一肩挑"))
    # two words typed together must be adjacent: 村党组织书记 (村 + 党组织书记) is in every
    # "concurrent" sentence, 村委会主任 too; 村党支部书记 in every "secretary" sentence
    assert _hits(backend, "村党组织书记") == _ids(_has_word("一肩挑"))
    assert _hits(backend, '"村委会 主任"') == _ids(_has_word("一肩挑"))
    assert _hits(backend, "村党支部书记") == _ids(lambda d: "新当选的村党支部书记" in d.text.replace("黨", "党")
                                                 or "新當選的村黨支部書記" in d.text)
    # the same words in another order or apart are not a phrase
    assert _hits(backend, '"主任 村委会"') == set()
    assert _hits(backend, '"书记 一肩挑"') == set()


def test_facets_of_huge_match_sets_are_sampled_and_flagged(embedded, monkeypatch):
    import index.tantivy_backend as tb

    exact = embedded.search("换届 OR 书记 OR 两委", per_page=1)
    assert exact.facets_exact and exact.total_is_exact and exact.total > 20
    monkeypatch.setattr(tb, "FACET_EXACT_LIMIT", 10)
    embedded._facet_cache.clear()
    est = embedded.search("换届 OR 书记 OR 两委", per_page=1)
    assert not est.facets_exact and est.total == exact.total  # totals stay exact
    keys = {v.key for v in exact.facets["province"]}
    assert {v.key for v in est.facets["province"]} <= keys
    assert sum(v.count for v in est.facets["year"]) > 0
    # the empty query (landing page) is always counted exactly, then cached
    everything = embedded.search("", per_page=1)
    assert everything.facets_exact
    embedded._facet_cache.clear()  # the module-scoped backend serves other tests with the real limit


def test_cached_facets_follow_writes_and_other_processes_rebuilds(tmp_path):
    a = TantivyBackend(tmp_path)
    a.rebuild(CORPUS[:20])
    before = {v.key: v.count for v in a.search("").facets["province"]}
    extra = IndexDoc(doc_id=900, title="补选", text="某村补选村党支部书记一名。", published="2022-05-01",
                     outlet="民政快讯", lineage=list(REGIONS[0]), region_code="510311", region_name="沿滩区")
    a.upsert([extra])
    after = {v.key: v.count for v in a.search("").facets["province"]}
    assert after["510000"] == before.get("510000", 0) + 1
    # another backend object on the same folder (another process) rebuilds: the first sees it
    b = TantivyBackend(tmp_path)
    b.rebuild(CORPUS)
    assert a.search("", per_page=1).total == len(CANONICAL)
    assert a.search("").facets == b.search("").facets


def test_snippets_from_a_normalised_prefix_equal_the_full_mapping(monkeypatch):
    """Real reports (the shared seeds, as published and in traditional characters): the snippet
    mapped through a normalised prefix of the body is the one the whole body gives."""
    from pathlib import Path

    from extract.normalise import normalise as extract_normalise
    from index import highlight

    seeds = sorted((Path(__file__).resolve().parents[1].parent / "shared" / "seeds").glob("*.txt"))
    assert seeds
    s2t = opencc.OpenCC("s2t")
    bodies = [p.read_text(encoding="utf-8") for p in seeds]
    bodies += [s2t.convert(b) for b in bodies]

    def whole(text, body, upto):
        n = extract_normalise(body)
        return n.to_orig if n.text == text else None

    compared = 0
    for body in bodies:
        text = extract_normalise(body).text
        for words in (["换届"], ["书记"], ["两委"], ["选举", "换届选举"], ["村"]):
            fast = highlight.snippet(text, body, words)
            with monkeypatch.context() as m:
                m.setattr(highlight, "_original_mapper", whole)
                slow = highlight.snippet(text, body, words)
            assert fast == slow, (words, fast, slow)
            compared += any(h for _, h in fast)
    assert compared >= len(bodies) * 3

