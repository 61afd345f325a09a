"""One small real store + real index for the web, export and hostile-page tests.

Built once per test session (cached in this module) from:

- synthetic genre reports from ``crawlers.demo_site.genre`` (our own prose,
  every figure known), turned into ``extract.records.Document`` objects;
- a handful of hand-written reports designed to exercise the compare page: two
  independent outlets that disagree about one province's 一肩挑 share, and a
  syndicated copy that must count once;
- hostile pages whose title, outlet and body carry script tags, event
  handlers, ``javascript:`` URLs and broken markup.

Everything goes through ``corpus.store.Store.ingest`` and
``index.build_from_store``: nothing here stands in for the store or index.
"""
from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from pathlib import Path

from extract.records import Document, Figure, Region

EXTRACTOR_VERSION = "test-fixture-1"
N_GENRE = 160

HOSTILE_MARK = "恶意页面测试"
HOSTILE_SCRIPT = "<script>window.__pwned = 1; alert('pwned')</script>"
HOSTILE_TITLE = f'{HOSTILE_MARK}<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
HOSTILE_OUTLET = '<b onmouseover="window.__pwned=3">坏来源</b><svg onload="window.__pwned=4">'
HOSTILE_BODY = (
    f"{HOSTILE_MARK}：全县共有120个村(社区)完成换届。{HOSTILE_SCRIPT}\n"
    '<img src="x" onerror="window.__pwned=5">点击<a href="javascript:window.__pwned=6">这里</a>查看。\n'
    "<div><p>未闭合的标签 <iframe src=javascript:window.__pwned=7> ]]> --> <!-- \n"
    '"><script>window.__pwned=8</script>村党组织书记平均年龄为45.2岁。\n'
)
HOSTILE_URL = "javascript:window.__pwned=9"

_SENT_END = re.compile(r"[。！？!?\n]")

_state: dict[str, object] = {}


def _sentence(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENT_END.finditer(text, 0, start)), default=0)
    m = _SENT_END.search(text, end)
    right = m.end() if m else len(text)
    return text[left:right].strip()


def _figure(text: str, d: dict, region: Region | None, as_of: str | None = None) -> Figure:
    return Figure(
        value=d["value"], value_max=d.get("value_max"), unit=d.get("unit"), kind=d["kind"],
        qualifier=d.get("qualifier") or "exact", direction=d.get("direction"), subject=d.get("subject"),
        metric=d.get("metric"), as_of=as_of or d.get("as_of"), region=region, quote=d["quote"],
        sentence=_sentence(text, d["start"], d["end"]), start=d["start"], end=d["end"],
        orig_start=d["start"], orig_end=d["end"],
    )


def genre_documents(n: int = N_GENRE, seed: int = 7) -> list[tuple[str, Document]]:
    from crawlers.demo_site.genre import generate_articles

    out = []
    for i, a in enumerate(generate_articles(n, seed=seed)):
        region = Region(a.region_code, a.region_name, a.level)
        doc = Document(source=f"genre:{a.uid or i}", title=a.title, published=a.published, outlet=a.outlet,
                       author=a.author, variant="hans", region=region, body=a.text, text=a.text,
                       figures=[_figure(a.text, f, region) for f in a.figures])
        out.append((f"https://news.example.cn/genre/{i}.html", doc))
    return out


def _find(text: str, quote: str) -> tuple[int, int]:
    i = text.index(quote)
    return i, i + len(quote)


def _made(url: str, title: str, outlet: str, published: str, region: Region, paragraphs: list[str],
          figs: list[dict]) -> tuple[str, Document]:
    text = "\n".join(paragraphs)
    figures = []
    for f in figs:
        s, e = _find(text, f["quote"])
        figures.append(_figure(text, dict(f, start=s, end=e), region))
    return url, Document(source=url, title=title, published=published, outlet=outlet, variant="hans",
                         region=region, body=text, text=text, figures=figures)


ANHUI = Region("340000", "安徽省", "province")


def compare_documents() -> list[tuple[str, Document]]:
    """Two outlets disagree on 安徽省's 一肩挑 share in the same month; one copy is syndicated."""
    a = _made(
        "https://a.example.cn/ah-2021-1.html", "安徽省村(社区)“两委”换届工作全面完成", "江淮晨报", "2021-04-12", ANHUI,
        ["据统计，全省村(社区)“两委”换届工作已于日前全面完成。",
         "新当选的村(社区)党组织书记中，“一肩挑”比例达到96.1%，书记平均年龄45.3岁。",
         "全省共选出村(社区)“两委”成员9.8万名。"],
        [{"quote": "96.1%", "value": 96.1, "unit": "%", "kind": "percent", "metric": "concurrent_rate",
          "subject": "村(社区)党组织书记"},
         {"quote": "45.3岁", "value": 45.3, "unit": "岁", "kind": "average", "metric": "avg_age",
          "subject": "村(社区)党组织书记"},
         {"quote": "9.8万名", "value": 98000, "unit": "名", "kind": "count", "metric": "members_elected",
          "subject": "村(社区)“两委”成员"}])
    b = _made(
        "https://b.example.cn/news/0413.html", "安徽圆满完成新一轮村级换届", "皖北观察", "2021-04-13", ANHUI,
        ["记者从省委组织部获悉，本轮村(社区)“两委”换届选举圆满结束。",
         "全省村(社区)党组织书记和村(居)委会主任“一肩挑”比例为91.5%。"],
        [{"quote": "91.5%", "value": 91.5, "unit": "%", "kind": "percent", "metric": "concurrent_rate",
          "subject": "村(社区)党组织书记"}])
    # a syndicated copy of a: same text, another outlet and URL
    url_c, doc_c = _made(
        "https://c.example.cn/zhuanzai/a.html", "安徽省村(社区)“两委”换届工作全面完成", "转载网", "2021-04-12", ANHUI,
        ["据统计，全省村(社区)“两委”换届工作已于日前全面完成。",
         "新当选的村(社区)党组织书记中，“一肩挑”比例达到96.1%，书记平均年龄45.3岁。",
         "全省共选出村(社区)“两委”成员9.8万名。"],
        [{"quote": "96.1%", "value": 96.1, "unit": "%", "kind": "percent", "metric": "concurrent_rate",
          "subject": "村(社区)党组织书记"}])
    old = _made(
        "https://a.example.cn/ah-2018.html", "安徽村级组织换届基本完成", "江淮晨报", "2018-02-02", ANHUI,
        ["截至目前，全省村级组织换届基本完成，“一肩挑”比例为42.0%。"],
        [{"quote": "42.0%", "value": 42.0, "unit": "%", "kind": "percent", "metric": "concurrent_rate",
          "subject": "村党组织书记"}])
    return [a, b, (url_c, doc_c), old]


def hostile_documents() -> list[tuple[str, Document]]:
    region = Region("340100", "合肥市", "city")
    text = HOSTILE_BODY
    figs = []
    for quote, value, unit, kind, metric in (("120个", 120, "个", "count", "units_completed"),
                                             ("45.2岁", 45.2, "岁", "average", "avg_age")):
        s, e = _find(text, quote)
        figs.append(_figure(text, {"quote": quote, "value": value, "unit": unit, "kind": kind, "metric": metric,
                                   "start": s, "end": e, "subject": "<script>window.__pwned=10</script>"},
                            region))
    doc = Document(source=HOSTILE_URL, title=HOSTILE_TITLE, published="2021-03-03", outlet=HOSTILE_OUTLET,
                   author='"><script>window.__pwned=11</script>', variant="hans", region=region, body=text,
                   text=text, flags=["<script>window.__pwned=12</script>"], figures=figs)
    return [(HOSTILE_URL, doc)]


def build(home: Path) -> dict:
    """Ingest every fixture document into a store under ``home`` and index it; returns facts for tests."""
    from corpus.store import Store
    from huanjie.config import settings as make_settings
    from index import build_from_store, open_backend

    s = make_settings(home)
    store = Store.open(s.store_path)
    ids: dict[str, int] = {}
    for url, doc in genre_documents() + compare_documents() + hostile_documents():
        res = store.ingest(doc, url=url, capture_id=None, extractor_version=EXTRACTOR_VERSION)
        ids[url] = res.doc_id
    backend = open_backend(s)
    n = build_from_store(store, backend)
    backend.close()
    facts = {"settings": s, "ids": ids, "n_indexed": n, "n_docs": store.count(),
             "n_figures": store.stats()["figures"]}
    store.close()
    return facts


def corpus() -> dict:
    """The session's corpus (built on first use, removed at exit)."""
    if "facts" not in _state:
        home = Path(tempfile.mkdtemp(prefix="huanjie-web-"))
        atexit.register(shutil.rmtree, home, ignore_errors=True)
        _state["facts"] = build(home)
    return _state["facts"]  # type: ignore[return-value]
