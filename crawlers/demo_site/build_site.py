"""Write the demo news site into ``site/`` (committed; a rebuild is byte-identical).

Why a static, generated site: crawler and extraction tests need pages that look
like the real thing (GBK TRS portals, county media centres, traditional-character
mirrors with pinyin annotations, syndication, off-topic noise, traps) and whose
every fact is known.  Everything here is derived from seeded generators; nothing
reads the clock, so ``python -m crawlers.demo_site.build_site`` reproduces the
committed files exactly.

Layouts (see ``facts.json`` → ``site`` for the machine-readable version):

- ``gov``    TRS-style government portal, GBK bytes with ``<meta charset="gb2312">``
             and TRS meta tags (ArticleTitle, PubDate, ContentSource).  Lists:
             ``/gov/zwgk/gzdt/index.html``, ``index_1.html``, ``index_2.html`` (a TRS
             ``createPageHTML`` script plus plain 下一页 links).  Articles:
             ``/gov/zwgk/gzdt/YYYYMM/tYYYYMMDD_NNNNNNN.html``.  Served as ``text/html``
             without charset (one page with a wrong ``charset=utf-8``).
- ``news``   county media centre, UTF-8.  List ``/news/list.html?page=N`` (files
             ``news/list.html``, ``news/list_N.html``) with only a JavaScript pager
             that prints ``countPage``.  Articles ``/news/content/YYYY-MM/DD/content_N.html``.
             RSS at ``/news/rss.xml``.
- ``mirror`` traditional-character converter mirror: ``/hant/...`` UTF-8 with pinyin
             glued after characters (``經(jīng)``), ``/big5/...`` Big5 bytes without pinyin.
             List ``/hant/index.html``.
"""
from __future__ import annotations

import dataclasses
import html
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from .genre import GenArticle, generate_articles, generate_offtopic
from .hant import to_hant
from .places import BY_CODE, COUNTY_PLACES

SITE_DIR = Path(__file__).resolve().parent / "site"
SEED = 2021
HOST_PLACEHOLDER = "http://demo.huanjie.test"
"""Absolute URLs in sitemap/RSS use this host; the server rewrites it to its own base URL."""

GOV_NAME = "基层治理信息公开网"
NEWS_NAME = "基层之声融媒体中心"
MIRROR_NAME = "基層之聲繁體版"

# Special endpoints: served by server.py, linked only from the last media-centre list page.
SPECIALS = {
    "slow": "/news/content/slow/content_slow.html",
    "never_ending": "/stream/live.html",
    "error_500": "/gov/zwgk/gzdt/error.html",
    "redirect_loop": "/loop/a.html",
    "redirect": "/news/old/moved.html",
    "not_found": "/news/content/2021-01/01/content_missing.html",
    "private": "/private/draft.html",
    "admin": "/admin/index.html",
}


# ----------------------------------------------------------------- page model


@dataclass
class Page:
    path: str
    layout: str
    encoding: str
    """The bytes' real encoding: gbk | utf-8 | big5."""
    kind: str = "article"
    on_topic: bool = False
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    """As printed on the page (traditional on the mirror), like ``title`` and ``published``: what an
    extractor reads and stores.  Syndicated copies print the original outlet, and their own date."""
    region: dict | None = None
    figures: list[dict] = field(default_factory=list)
    body: str = ""
    syndicated_of: str | None = None
    variant: str = "hans"
    content_type: str = "text/html; charset=utf-8"
    special: str | None = None
    in_sitemap: bool = True
    uid: str = ""
    html: str = ""
    url_path: str | None = None
    """The URL path a crawler sees when it differs from the file (``/news/list.html?page=2``)."""
    source: Any = None
    """(article, layout, time, outlet line) while building; not part of the facts."""

    def facts(self) -> dict[str, Any]:
        return {
            "path": self.path, "kind": self.kind, "on_topic": self.on_topic, "layout": self.layout,
            "encoding": self.encoding, "content_type": self.content_type, "variant": self.variant,
            "syndicated_of": self.syndicated_of, "title": self.title, "published": self.published,
            "outlet": self.outlet, "region": self.region,
            "region_code": self.region["code"] if self.region else None,
            "region_name": self.region["name"] if self.region else None,
            "special": self.special, "in_sitemap": self.in_sitemap, "uid": self.uid,
            "url_path": self.url_path or self.path, "figures": self.figures, "body": self.body,
        }


# ------------------------------------------------------------- text layout


def _paragraphs(body: str) -> tuple[list[str], list[int]]:
    """Split a generated body into paragraphs and map body positions into ``"\\n".join(paras)``."""
    paras: list[str] = []
    posmap = [-1] * (len(body) + 1)
    out_pos = 0
    i = 0
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            if paras:
                out_pos += 1  # the "\n" between paragraphs
            for k in range(len(stripped)):
                posmap[i + lead + k] = out_pos + k
            out_pos += len(stripped)
            paras.append(stripped)
        i += len(line) + 1
    return paras, posmap


def _requote(text: str, figs: list[dict], spans: list[tuple[int, int]]) -> list[dict]:
    """Gold figures for ``text``: same facts, quotes re-cut to their first mention in ``text``."""
    out = []
    for f, (s, e) in zip(figs, spans):
        g = {k: f[k] for k in ("value", "value_max", "unit", "kind", "qualifier", "direction", "subject", "metric")}
        while s > 0 and text.find(text[s:e]) != s:
            s -= 1
        g["quote"] = text[s:e]
        g["start"], g["end"] = s, e
        out.append(g)
    out.sort(key=lambda g: g["start"])
    return out


@dataclass
class Laid:
    """An article laid out for one page: paragraphs (as printed) and gold figures."""
    title: str
    info_outlet: str
    paras: list[str]
    figures: list[dict]
    variant: str


def _lay_out(a: GenArticle, *, hant: bool = False, pinyin_notes: bool = True) -> Laid:
    paras, posmap = _paragraphs(a.body)
    text = "\n".join(paras)
    spans = []
    for s, e in a.extra["body_spans"]:
        spans.append((posmap[s], posmap[e - 1] + 1))
    title, outlet = a.title, a.outlet
    if hant:
        conv, pos = to_hant(text, pinyin_notes=pinyin_notes)
        spans = [(pos[s], pos[e - 1] + 1) for s, e in spans]
        text = conv
        paras = text.split("\n")
        title = to_hant(title, pinyin_notes=pinyin_notes)[0]
        outlet = to_hant(outlet, pinyin_notes=False)[0]
    return Laid(title, outlet, paras, _requote(text, a.figures, spans), "hant" if hant else "hans")


def _region(a: GenArticle) -> dict:
    return {"code": a.region_code, "name": a.region_name, "level": a.level}


def _header_time(a: GenArticle) -> str:
    """The HH:MM:SS of the generated header line (or a stable default)."""
    h = a.extra.get("header", "")
    import re
    m = re.search(r"\d{2}:\d{2}(?::\d{2})?", h)
    t = m.group(0) if m else "09:00:00"
    return t if len(t) == 8 else t + ":00"


# ------------------------------------------------------------------- chrome

LINK_FARM = " ".join(f'<a href="/news/list.html">{html.escape(p.name)}</a>|' for p in COUNTY_PLACES[:24])


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _paras_html(paras: list[str], style: str = "") -> str:
    return "\n".join(f"<p{style}>{_esc(p)}</p>" for p in paras)


def _related(links: list[tuple[str, str]]) -> str:
    items = "\n".join(f'<li><a href="{_esc(h)}">{_esc(t)}</a></li>' for h, t in links)
    return f'<div class="related"><h3>推荐阅读</h3><ul>\n{items}\n</ul></div>'


def gov_article_html(a: GenArticle, lay: Laid, related: list[tuple[str, str]], pub_time: str,
                     outlet_line: str) -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="gb2312">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{_esc(lay.title)}_{GOV_NAME}</title>
<meta name="SiteName" content="{GOV_NAME}">
<meta name="SiteDomain" content="demo.huanjie.test">
<meta name="ColumnName" content="工作动态">
<meta name="ColumnType" content="工作动态">
<meta name="ArticleTitle" content="{_esc(lay.title)}">
<meta name="PubDate" content="{a.published} {pub_time[:5]}">
<meta name="ContentSource" content="{_esc(outlet_line)}">
<meta name="Keywords" content="换届,村(社区)两委,基层组织建设">
<meta name="Description" content="{_esc(lay.paras[0][:60])}">
<link rel="stylesheet" type="text/css" href="/gov/css/style.css">
</head>
<body>
<div class="top"><div class="w1200"><span class="logo">{GOV_NAME}</span>
<span class="tools"><a href="/gov/">无障碍</a> | <a href="/gov/">长者模式</a> | <a href="/hant/index.html">繁體</a></span></div></div>
<div class="nav"><ul><li><a href="/gov/">首页</a></li><li><a href="/gov/zwgk/gzdt/index.html">政务公开</a></li>
<li><a href="/gov/zwgk/gzdt/index.html">工作动态</a></li><li><a href="/gov/">政务服务</a></li><li><a href="/gov/">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/gov/">首页</a> &gt; <a href="/gov/zwgk/gzdt/index.html">政务公开</a> &gt; <a href="/gov/zwgk/gzdt/index.html">工作动态</a></div>
<div class="article">
<h1 class="article-title">{_esc(lay.title)}</h1>
<div class="article-info">发布时间：{a.published} {pub_time[:5]}&nbsp;&nbsp;来源：{_esc(outlet_line)}&nbsp;&nbsp;【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】&nbsp;&nbsp;<a href="javascript:window.print()">【打印】</a></div>
<div class="TRS_Editor"><div class="Custom_UnionStyle">
{_paras_html(lay.paras, ' style="text-indent:2em"')}
</div></div>
<div class="zrbj">责任编辑：{_esc(a.author or "")}</div>
<div class="share">分享到：<a href="javascript:;" class="wx">微信</a> <a href="javascript:;" class="wb">微博</a> <a href="javascript:;" class="qz">QQ空间</a></div>
</div>
{_related(related)}
<div class="footer"><p>主办单位：{GOV_NAME}编辑部&nbsp;&nbsp;承办：信息中心</p>
<p>网站标识码：DEMO000001&nbsp;&nbsp;ICP备案号：示例ICP备00000000号</p>
<p>版权所有 &copy; {GOV_NAME} 未经授权禁止转载</p></div>
</body>
</html>
"""


def gov_list_html(items: list[tuple[str, str, str]], page: int, count_page: int, extra_links: str = "") -> str:
    lis = "\n".join(f'<li><a href="{_esc(h)}" target="_blank" title="{_esc(t)}">{_esc(t)}</a><span>{d}</span></li>'
                    for h, t, d in items)
    nav = []
    if page > 0:
        prev = "index.html" if page == 1 else f"index_{page - 1}.html"
        nav.append(f'<a href="{prev}">上一页</a>')
    if page < count_page - 1:
        nav.append(f'<a href="index_{page + 1}.html">下一页</a>')
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="gb2312">
<title>工作动态_{GOV_NAME}</title>
<meta name="ColumnName" content="工作动态">
<link rel="stylesheet" type="text/css" href="/gov/css/style.css">
</head>
<body>
<div class="top"><span class="logo">{GOV_NAME}</span></div>
<div class="nav"><ul><li><a href="/gov/">首页</a></li><li><a href="/gov/zwgk/gzdt/index.html">工作动态</a></li></ul></div>
<div class="position">当前位置：<a href="/gov/">首页</a> &gt; 工作动态</div>
<div class="list"><ul>
{lis}
</ul>
<div class="page">
<script type="text/javascript">
var countPage = {count_page}; //共多少页
var currentPage = {page}; //当前页
createPageHTML(countPage, currentPage, "index", "html");
</script>
{' '.join(nav)}
</div></div>
{extra_links}
<div class="footer"><p>版权所有 &copy; {GOV_NAME}</p></div>
<script type="text/javascript" src="/gov/js/page.js"></script>
</body>
</html>
"""


def news_article_html(a: GenArticle, lay: Laid, related: list[tuple[str, str]], pub_time: str,
                      source: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(lay.title)} - {NEWS_NAME}</title>
<meta property="og:title" content="{_esc(lay.title)}">
<meta property="og:type" content="article">
<meta name="publishdate" content="{a.published}">
<meta name="source" content="{_esc(source)}">
<link rel="stylesheet" href="/news/static/site.css">
<link rel="alternate" type="application/rss+xml" title="{NEWS_NAME}" href="/news/rss.xml">
</head>
<body>
<header class="site-header"><a class="brand" href="/news/list.html">{NEWS_NAME}</a>
<nav><a href="/news/list.html">首页</a> <a href="/news/list.html">时政</a> <a href="/news/list.html">乡镇动态</a> <a href="/news/list.html">视频</a> <a href="/news/list.html">专题</a></nav>
<form class="search" action="/news/list.html"><input name="q" placeholder="搜索"><button>搜索</button></form></header>
<div class="crumbs"><a href="/news/list.html">首页</a> &gt; <a href="/news/list.html">乡镇动态</a> &gt; 正文</div>
<main>
<article>
<h1 class="headline">{_esc(lay.title)}</h1>
<div class="article-meta"><span class="time">{a.published} {pub_time}</span> <span class="source">来源：{_esc(source)}</span> <span class="author">编辑：{_esc(a.author or "")}</span> <span class="views">阅读：<em id="hits">--</em></span></div>
<div class="article-content">
{_paras_html(lay.paras)}
</div>
<p class="editor">【责任编辑：{_esc(a.author or "")}】</p>
<div class="share-bar">分享到：<a class="share-wechat" href="javascript:;">微信</a><a class="share-weibo" href="javascript:;">微博</a><a class="share-qq" href="javascript:;">QQ</a> <span class="like">点赞 <em>0</em></span></div>
</article>
{_related(related)}
<section class="comments"><h3>网友评论</h3>
<form class="comment-box" action="/news/comment" method="post"><textarea name="c" placeholder="文明上网，理性发言"></textarea><button type="submit">发表评论</button></form>
<p class="no-comment">暂无评论</p></section>
</main>
<footer><div class="link-farm">友情链接：{LINK_FARM}</div>
<p>{NEWS_NAME} 版权所有 未经许可不得转载 &copy; 2008-2025</p><p>举报电话：12345（示例） 违法和不良信息举报</p></footer>
<script src="/news/static/hits.js"></script>
</body>
</html>
"""


def news_list_html(items: list[tuple[str, str, str]], page: int, count_page: int, extra_links: str = "") -> str:
    lis = "\n".join(f'<li><a href="{_esc(h)}">{_esc(t)}</a> <time>{d}</time></li>' for h, t, d in items)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>乡镇动态 - {NEWS_NAME}</title>
<link rel="stylesheet" href="/news/static/site.css">
<link rel="alternate" type="application/rss+xml" title="{NEWS_NAME}" href="/news/rss.xml">
</head>
<body>
<header class="site-header"><a class="brand" href="/news/list.html">{NEWS_NAME}</a></header>
<div class="crumbs"><a href="/news/list.html">首页</a> &gt; 乡镇动态</div>
<main><ul class="news-list">
{lis}
</ul>
<div id="pager"></div>
<script>
var countPage = {count_page};
var currentPage = {page};
(function () {{
  var html = [];
  for (var i = 1; i <= countPage; i++) {{
    html.push(i === currentPage ? '<b>' + i + '</b>' : '<a href="/news/list.html?page=' + i + '">' + i + '</a>');
  }}
  document.getElementById('pager').innerHTML = html.join(' ');
}})();
</script>
{extra_links}
</main>
<footer><div class="link-farm">友情链接：{LINK_FARM}</div><p>{NEWS_NAME} 版权所有</p></footer>
</body>
</html>
"""


def mirror_article_html(a: GenArticle, lay: Laid, related: list[tuple[str, str]], pub_time: str,
                        charset: str, source: str) -> str:
    editor = to_hant(a.author or "", pinyin_notes=False)[0]
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{_esc(lay.title)}--{MIRROR_NAME}</title>
</head>
<body>
<div class="gate-bar"><a href="/news/list.html">简体中文</a> | <b>繁體中文</b> | <a href="/hant/index.html">返回首頁</a></div>
<div class="crumb">您現在的位置：<a href="/hant/index.html">首頁</a> &gt;&gt; <a href="/hant/index.html">基層動態</a></div>
<table class="main" width="980"><tr><td>
<div class="tit">{_esc(lay.title)}</div>
<div class="info">{a.published} {pub_time}&nbsp;&nbsp;來源：{_esc(source)}&nbsp;&nbsp;作者：{_esc(editor)}</div>
<div id="zoom">
{_paras_html(lay.paras)}
</div>
<div class="bj">責任編輯：{_esc(editor)}</div>
<div class="fx">分享到：<a href="javascript:;">微信</a> <a href="javascript:;">微博</a></div>
</td></tr></table>
{_related(related).replace("推荐阅读", "推薦閱讀")}
<div class="foot">{MIRROR_NAME} 版權所有 &copy; 本站為繁體轉換鏡像，內容以簡體原文為準</div>
</body>
</html>
"""


def mirror_list_html(items: list[tuple[str, str, str]]) -> str:
    lis = "\n".join(f'<li><a href="{_esc(h)}">{_esc(t)}</a> [{d}]</li>' for h, t, d in items)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>基層動態--{MIRROR_NAME}</title>
</head>
<body>
<div class="gate-bar"><a href="/news/list.html">简体中文</a> | <b>繁體中文</b></div>
<ul class="list">
{lis}
</ul>
<div class="foot">{MIRROR_NAME} 版權所有</div>
</body>
</html>
"""


def offtopic_html(layout: str, a: GenArticle) -> str:
    paras = [p.strip() for p in a.body.split("\n") if p.strip()]
    t = _header_time(a)
    if layout == "gov":
        lay = Laid(a.title, a.outlet, paras, [], "hans")
        return gov_article_html(a, lay, [], t, a.outlet)
    if layout == "news":
        return news_article_html(a, Laid(a.title, a.outlet, paras, [], "hans"), [], t, a.outlet)
    hp = [to_hant(p)[0] for p in paras]
    return mirror_article_html(a, Laid(to_hant(a.title)[0], a.outlet, hp, [], "hant"), [], t, "utf-8",
                               to_hant(a.outlet, pinyin_notes=False)[0])


# ------------------------------------------------------------------ building


def _choose_articles(n: int) -> list[GenArticle]:
    """The first n reports of the seed stream that carry enough figures to be useful gold,
    with every region level represented."""
    picked: list[GenArticle] = []
    levels: dict[str, int] = {}
    for a in generate_articles(2000, SEED):
        if len(a.figures) < 5:
            continue
        if levels.get(a.level, 0) >= n // 3:
            continue
        levels[a.level] = levels.get(a.level, 0) + 1
        picked.append(a)
        if len(picked) == n:
            break
    return picked


def _gov_path(a: GenArticle, k: int) -> str:
    y, m, d = a.published.split("-")
    return f"/gov/zwgk/gzdt/{y}{m}/t{y}{m}{d}_{4100000 + k * 7919 % 900000}.html"


def _news_path(a: GenArticle, k: int) -> str:
    y, m, d = a.published.split("-")
    return f"/news/content/{y}-{m}/{d}/content_{83000 + k * 131}.html"


def _mirror_path(a: GenArticle, k: int, big5: bool) -> str:
    y, m, d = a.published.split("-")
    root = "big5" if big5 else "hant"
    return f"/{root}/{y}/{m}{d}/{51000 + k * 37}.htm"


def _next_day(date: str) -> str:
    y, m, d = (int(x) for x in date.split("-"))
    d += 1
    if d > 28:
        d, m = 1, m + 1
        if m > 12:
            m, y = 1, y + 1
    return f"{y:04d}-{m:02d}-{d:02d}"


def build(site_dir: Path = SITE_DIR) -> list[Page]:
    """Build every page in memory; return them (``write`` puts them on disk)."""
    arts = _choose_articles(38)
    pages: list[Page] = []

    # who goes where: 0-15 gov, 16-29 news, 30-33 mirror-only, 34 slow, 35 broken, 36 private draft
    gov_arts, news_arts, mirror_arts = arts[0:16], arts[16:30], arts[30:34]
    slow_art, broken_art, private_art = arts[34], arts[35], arts[36]
    # syndication: (original index in arts, [target layouts])
    synd = {0: ["news"], 1: ["news"], 2: ["mirror"], 3: ["mirror"], 16: ["mirror"], 17: ["mirror"],
            4: ["news", "mirror"], 18: ["gov", "mirror"]}

    def add_article(a: GenArticle, layout: str, k: int, *, of: str | None = None, big5: bool = False,
                    special: str | None = None, path: str | None = None, pub: str | None = None) -> Page:
        hant = layout == "mirror"
        if pub is not None and pub != a.published:  # a syndicated copy shows its own date
            a = dataclasses.replace(a, published=pub)
        lay = _lay_out(a, hant=hant, pinyin_notes=not big5)
        published = a.published
        t = _header_time(a)
        source = lay.info_outlet  # syndicated copies cite the original outlet
        if layout == "gov":
            p = path or _gov_path(a, k)
            ctype = "text/html"
            enc = "gbk"
        elif layout == "news":
            p = path or _news_path(a, k)
            ctype = "text/html; charset=utf-8"
            enc = "utf-8"
        else:
            p = path or _mirror_path(a, k, big5)
            enc = "big5" if big5 else "utf-8"
            ctype = "text/html; charset=big5" if big5 else "text/html; charset=utf-8"
        page = Page(path=p, layout=layout, encoding=enc, on_topic=True, title=lay.title, published=published,
                    outlet=lay.info_outlet, region=_region(a), figures=lay.figures, body="\n".join(lay.paras),
                    syndicated_of=of, variant=lay.variant, content_type=ctype, special=special, uid=a.uid)
        page.source = (a, lay, t, source)
        pages.append(page)
        return page

    originals: dict[int, Page] = {}
    for k, a in enumerate(gov_arts):
        originals[k] = add_article(a, "gov", k)
    for k, a in enumerate(news_arts):
        originals[16 + k] = add_article(a, "news", 16 + k)
    for k, a in enumerate(mirror_arts):
        add_article(a, "mirror", 30 + k, big5=k < 3)
    for idx, targets in synd.items():
        a = arts[idx]
        orig = originals[idx]
        for j, layout in enumerate(targets):
            day = _next_day(a.published) if j == 0 else _next_day(_next_day(a.published))
            add_article(a, layout, 100 + idx * 3 + j, of=orig.path, pub=day)
    # one TRS page is served with a wrong charset header
    wrong = next(p for p in pages if p.layout == "gov")
    wrong.content_type = "text/html; charset=utf-8"
    # specials that are on-topic articles
    sp = add_article(slow_art, "news", 200, special="slow", path=SPECIALS["slow"])
    sp.in_sitemap = False
    br = add_article(broken_art, "gov", 201, special="broken")
    pr = add_article(private_art, "news", 202, special="private", path=SPECIALS["private"])
    pr.in_sitemap = False

    # off-topic pages, three per layout
    offs = list(generate_offtopic(9, SEED))
    for k, o in enumerate(offs):
        layout = ("gov", "news", "mirror")[k % 3]
        if layout == "gov":
            path, enc, ctype = _gov_path(o, 300 + k), "gbk", "text/html"
        elif layout == "news":
            path, enc, ctype = _news_path(o, 300 + k), "utf-8", "text/html; charset=utf-8"
        else:
            path, enc, ctype = _mirror_path(o, 300 + k, False), "utf-8", "text/html; charset=utf-8"
        title = o.title if layout != "mirror" else to_hant(o.title)[0]
        paras = [p.strip() for p in o.body.split("\n") if p.strip()]
        body = "\n".join(paras) if layout != "mirror" else "\n".join(to_hant(p)[0] for p in paras)
        pg = Page(path=path, layout=layout, encoding=enc, on_topic=False, title=title, published=o.published,
                  outlet=o.outlet if layout != "mirror" else to_hant(o.outlet, pinyin_notes=False)[0],
                  region=_region(o), figures=[], body=body, variant="hant" if layout == "mirror" else "hans",
                  content_type=ctype, uid=o.uid)
        pg.html = offtopic_html(layout, o)
        pages.append(pg)

    # related-reading blocks: the three next articles of the same layout
    arts_by_layout: dict[str, list[Page]] = {}
    for p in pages:
        if p.kind == "article" and p.special is None:
            arts_by_layout.setdefault(p.layout, []).append(p)
    for p in pages:
        if p.source is None:
            continue
        a, lay, t, source = p.source
        same = arts_by_layout.get(p.layout, [])
        i = same.index(p) if p in same else 0
        rel = [(q.path, q.title or "") for q in (same[(i + 1) % len(same)], same[(i + 2) % len(same)], same[(i + 3) % len(same)])
               if q is not p]
        if p.layout == "gov":
            p.html = gov_article_html(a, lay, rel, t, source)
        elif p.layout == "news":
            p.html = news_article_html(a, lay, rel, t, source)
        else:
            big5 = p.encoding == "big5"
            p.html = mirror_article_html(a, lay, rel, t, "big5" if big5 else "utf-8", source)

    # the broken page: cut the HTML in the middle of the article body, at a point clear of figures
    _truncate(br)

    # list pages
    def items(layout: str) -> list[tuple[str, str, str]]:
        ps = [p for p in pages if p.layout == layout and p.kind == "article" and p.special in (None, "broken")]
        ps.sort(key=lambda p: (p.published or "", p.path), reverse=True)
        return [(p.path, p.title or "", p.published or "") for p in ps]

    gov_items = items("gov")
    per = 8
    gov_pages = [gov_items[i:i + per] for i in range(0, len(gov_items), per)]
    for n, chunk in enumerate(gov_pages):
        extra = ""
        if n == 1:  # an impolite crawler follows this into a disallowed path
            extra = f'<div class="internal"><a href="{SPECIALS["admin"]}">后台管理</a></div>'
        path = "/gov/zwgk/gzdt/index.html" if n == 0 else f"/gov/zwgk/gzdt/index_{n}.html"
        pages.append(Page(path=path, layout="gov", encoding="gbk", kind="list", content_type="text/html",
                          title="工作动态", html=gov_list_html(chunk, n, len(gov_pages), extra)))
    news_items = [i for i in items("news")]
    per = 7
    news_pages = [news_items[i:i + per] for i in range(0, len(news_items), per)]
    for n, chunk in enumerate(news_pages, start=1):
        extra = ""
        if n == len(news_pages):
            links = [("slow", "【专题】换届工作回顾（长页面）"), ("never_ending", "现场直播：选举大会"),
                     ("error_500", "换届政策问答"), ("redirect_loop", "往期回顾"), ("redirect", "换届工作动态（旧址）"),
                     ("not_found", "换届选举工作通知"), ("private", "内部稿件（草稿）")]
            extra = '<div class="more">' + " ".join(f'<a href="{SPECIALS[k]}">{_esc(t)}</a>' for k, t in links) + "</div>"
        path = "/news/list.html" if n == 1 else f"/news/list_{n}.html"
        pages.append(Page(path=path, layout="news", encoding="utf-8", kind="list", title="乡镇动态",
                          html=news_list_html(chunk, n, len(news_pages), extra),
                          url_path="/news/list.html" if n == 1 else f"/news/list.html?page={n}"))
    pages.append(Page(path="/hant/index.html", layout="mirror", encoding="utf-8", kind="list", title="基層動態",
                      variant="hant", html=mirror_list_html(items("mirror"))))
    pages.append(Page(path="/index.html", layout="home", encoding="utf-8", kind="list", title="演示站点",
                      html=_home_html()))
    pages.append(Page(path=SPECIALS["admin"], layout="admin", encoding="utf-8", kind="list", title="后台管理",
                      in_sitemap=False, special="disallowed",
                      html='<!DOCTYPE html><html><head><meta charset="utf-8"><title>后台管理</title></head>'
                           '<body><form action="/admin/login" method="post"><input name="u"><input name="p" type="password">'
                           '<button>登录</button></form></body></html>\n'))
    return pages


def _truncate(p: Page) -> None:
    """Cut the page's HTML mid-article (no closing tags), keeping only the figures before the cut."""
    doc = p.html
    start = doc.index('<div class="Custom_UnionStyle">')
    paras_start = doc.index("<p", start)
    body = p.body
    target = len(body) // 2
    spans = [(f["start"], f["end"]) for f in p.figures]

    def clear(i: int) -> bool:
        if not ("\u4e00" <= body[i - 1] <= "\u9fff" and "\u4e00" <= body[i] <= "\u9fff"):
            return False
        return all(not (s - 2 <= i <= e + 2) for s, e in spans)

    cut = next(i for i in range(target, len(body)) if clear(i))
    kept = body[:cut]
    # find the same cut in the HTML: the text up to the cut ends with a unique tail
    tail = kept[-12:].split("\n")[-1]
    j = doc.index(_esc(tail), paras_start) + len(_esc(tail))
    p.html = doc[:j]
    p.body = kept
    p.figures = [f for f in p.figures if f["end"] <= cut]


def _home_html() -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>演示站点</title></head>
<body>
<h1>演示站点（测试用，内容为合成文本）</h1>
<ul>
<li><a href="/gov/zwgk/gzdt/index.html">{GOV_NAME} · 工作动态</a></li>
<li><a href="/news/list.html">{NEWS_NAME} · 乡镇动态</a></li>
<li><a href="/hant/index.html">{MIRROR_NAME} · 基層動態</a></li>
</ul>
</body>
</html>
"""


def _robots() -> str:
    return ("User-agent: *\nDisallow: /admin/\nDisallow: /private/\n\n"
            f"Sitemap: {HOST_PLACEHOLDER}/sitemap.xml\n")


def _sitemap(pages: list[Page]) -> str:
    urls = []
    for p in pages:
        if p.kind != "article" or not p.in_sitemap:
            continue
        urls.append(f"  <url><loc>{HOST_PLACEHOLDER}{xml_escape(p.path)}</loc><lastmod>{p.published}</lastmod></url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(urls) + "\n</urlset>\n")


def _rss(pages: list[Page]) -> str:
    import email.utils
    from datetime import datetime, timezone
    ps = [p for p in pages if p.layout == "news" and p.kind == "article" and p.special is None]
    ps.sort(key=lambda p: (p.published or "", p.path), reverse=True)
    items = []
    for p in ps[:10]:
        y, m, d = (int(x) for x in (p.published or "2021-01-01").split("-"))
        date = email.utils.format_datetime(datetime(y, m, d, 8, 0, tzinfo=timezone.utc))
        desc = (p.body.split("\n")[0])[:80]
        items.append(f"""  <item>
    <title>{xml_escape(p.title or "")}</title>
    <link>{HOST_PLACEHOLDER}{xml_escape(p.path)}</link>
    <guid isPermaLink="true">{HOST_PLACEHOLDER}{xml_escape(p.path)}</guid>
    <pubDate>{date}</pubDate>
    <description>{xml_escape(desc)}</description>
  </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>{NEWS_NAME}</title>
  <link>{HOST_PLACEHOLDER}/news/list.html</link>
  <description>{NEWS_NAME} · 乡镇动态</description>
  <language>zh-cn</language>
{chr(10).join(items)}
</channel>
</rss>
"""


STATIC = {
    "/gov/css/style.css": "body{font:14px/1.8 SimSun,serif}.article-title{font-size:22px;text-align:center}\n",
    "/gov/js/page.js": ("function createPageHTML(n,c,p,s){var h='';for(var i=0;i<n;i++){var u=i==0?p+'.'+s:p+'_'+i+'.'+s;"
                        "h+=i==c?'<span>'+(i+1)+'</span>':'<a href=\"'+u+'\">'+(i+1)+'</a>';}document.write(h);}\n"),
    "/news/static/site.css": "body{font-family:sans-serif;max-width:960px;margin:auto}.headline{font-size:26px}\n",
    "/news/static/hits.js": "document.getElementById('hits')&&(document.getElementById('hits').textContent='1024');\n",
}


def _encode(p: Page) -> bytes:
    if p.encoding == "gbk":
        return p.html.encode("gbk")  # strict: a page that GBK cannot hold is a build error
    if p.encoding == "big5":
        return p.html.encode("big5", errors="xmlcharrefreplace")
    return p.html.encode("utf-8")


def site_info() -> dict[str, Any]:
    return {
        "generator": "crawlers.demo_site.build_site",
        "seed": SEED,
        "host_placeholder": HOST_PLACEHOLDER,
        "layouts": {
            "gov": {"name": GOV_NAME, "encoding": "gbk", "list": ["/gov/zwgk/gzdt/index.html", "/gov/zwgk/gzdt/index_N.html"],
                    "article_pattern": r"/gov/zwgk/gzdt/\d{6}/t\d{8}_\d+\.html",
                    "title_xpath": "//meta[@name='ArticleTitle']/@content", "body_xpath": "//div[@class='TRS_Editor']",
                    "date_xpath": "//meta[@name='PubDate']/@content", "outlet_xpath": "//meta[@name='ContentSource']/@content"},
            "news": {"name": NEWS_NAME, "encoding": "utf-8", "list": ["/news/list.html", "/news/list.html?page=N"],
                     "article_pattern": r"/news/content/\d{4}-\d{2}/\d{2}/content_\d+\.html",
                     "title_xpath": "//h1[@class='headline']", "body_xpath": "//div[@class='article-content']",
                     "date_xpath": "//meta[@name='publishdate']/@content", "outlet_xpath": "//span[@class='source']",
                     "pager": "JavaScript only: var countPage = N; links are /news/list.html?page=1..N", "rss": "/news/rss.xml"},
            "mirror": {"name": MIRROR_NAME, "encoding": "utf-8 (/hant/) or big5 (/big5/)", "list": ["/hant/index.html"],
                       "article_pattern": r"/(hant|big5)/\d{4}/\d{4}/\d+\.htm",
                       "title_xpath": "//div[@class='tit']", "body_xpath": "//div[@id='zoom']",
                       "outlet_xpath": "//div[@class='info']"},
        },
        "robots_disallow": ["/admin/", "/private/"],
        "sitemap": "/sitemap.xml",
        "specials": {
            "slow": {"path": SPECIALS["slow"], "behaviour": "200 after a ~2 s delay"},
            "never_ending": {"path": SPECIALS["never_ending"], "behaviour": "200, streams a few bytes a second forever"},
            "error_500": {"path": SPECIALS["error_500"], "behaviour": "500 Internal Server Error"},
            "redirect_loop": {"path": SPECIALS["redirect_loop"], "behaviour": "302 a.html → b.html → a.html …"},
            "redirect": {"path": SPECIALS["redirect"], "behaviour": "301 to the first media-centre article"},
            "not_found": {"path": SPECIALS["not_found"], "behaviour": "404"},
            "private": {"path": SPECIALS["private"], "behaviour": "200 but disallowed by robots.txt"},
            "admin": {"path": SPECIALS["admin"], "behaviour": "200 but disallowed by robots.txt"},
            "broken": {"behaviour": "a GBK article whose HTML is truncated mid-body (see pages with special=broken)"},
            "wrong_charset": {"behaviour": "one GBK page is served with Content-Type charset=utf-8"},
        },
        "linked_from": {"specials": "/news/list_N.html (the last media-centre list page)", "admin": "/gov/zwgk/gzdt/index_1.html"},
    }


def write(site_dir: Path = SITE_DIR) -> list[Page]:
    """Build the site into ``site_dir``, touching only files whose bytes change.

    The site is served and crawled while developers rebuild it: deleting the
    folder and writing it again let a running crawl see missing or half-written
    pages.  Each changed file is replaced atomically (write a sibling, then
    ``os.replace``), stale files are removed after, ``facts.json`` goes last, and
    a byte-identical rebuild writes nothing.
    """
    pages = build(site_dir)
    redirect_target = next(p.path for p in pages if p.layout == "news" and p.kind == "article" and p.special is None)
    out: dict[str, bytes] = {}
    for p in pages:
        out[p.path.lstrip("/")] = _encode(p)
    for path, text in STATIC.items():
        out[path.lstrip("/")] = text.encode("utf-8")
    out["robots.txt"] = _robots().encode("utf-8")
    out["sitemap.xml"] = _sitemap(pages).encode("utf-8")
    out["news/rss.xml"] = _rss(pages).encode("utf-8")
    info = site_info()
    info["specials"]["redirect"]["target"] = redirect_target
    facts = {"site": info, "pages": [p.facts() for p in pages]}
    facts_bytes = (json.dumps(facts, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    site_dir.mkdir(parents=True, exist_ok=True)
    for rel, data in out.items():
        _replace_if_changed(site_dir / rel, data)
    keep = set(out) | {"facts.json"}
    for f in sorted(site_dir.rglob("*"), reverse=True):
        rel = f.relative_to(site_dir).as_posix()
        if f.name.startswith("."):
            continue  # another build's file being written
        if f.is_file() and rel not in keep:
            f.unlink()
        elif f.is_dir() and not any(f.iterdir()):
            f.rmdir()
    _replace_if_changed(site_dir / "facts.json", facts_bytes)
    return pages


def _replace_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def main() -> int:
    pages = write()
    n_art = sum(1 for p in pages if p.kind == "article")
    print(f"wrote {len(pages)} pages ({n_art} articles) to {SITE_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
