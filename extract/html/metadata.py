"""Page metadata: published date, outlet (来源), author, meta titles.

Evidence order: CMS meta tags (TRS/Hanweb ``ArticleTitle``/``PubDate``/
``ContentSource``/``Author``, people.cn ``publishdate``/``source``), Open Graph
and ``article:published_time``, JSON-LD; then the visible header line around
the title (``发布时间：… 来源：… 作者：…``); ``htmldate`` (on the HTML string,
never a URL) last.  The outlet is what the page names as 来源 — never the
责任编辑, which is a person on the re-posting site.
"""
from __future__ import annotations

import json
import re

from .textify import tv
from dataclasses import dataclass, field

DATE_RE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_COMPACT_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?!\d)")
# Taiwanese pages date by the Republic (民國) era: 民國110年3月5日, 110年3月5日,
# 110/03/05 (year + 1911).  Without the era name only a three-digit year
# (100-149, i.e. 2011-2060) is read, so "98年" shorthand stays ambiguous-unread.
_ROC_RE = re.compile(
    r"(?:中華民國|中华民国|民國|民国)\s*(\d{2,3})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)|"
    r"(?<![\d/.\-])(1[0-4]\d)\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})|[/.\-](\d{1,2})[/.\-](\d{1,2})(?![\d/.\-]))")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_CN_DATE_RE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")


def _cn_small(s: str) -> int:
    """一 … 三十一 (month/day numerals)."""
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGITS.get(a, 1) if a else 1) * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
    return _CN_DIGITS.get(s, 0)


def _roc_or_cn_date(s: str) -> tuple[int, int, int] | None:
    m = _ROC_RE.search(s)
    if m:
        if m.group(1):
            return int(m[1]) + 1911, int(m[2]), int(m[3])
        mo, d = (m[5], m[6]) if m.group(5) else (m[7], m[8])
        return int(m[4]) + 1911, int(mo), int(d)
    m = _CN_DATE_RE.search(s)
    if m:
        return int("".join(str(_CN_DIGITS[c]) for c in m[1])), _cn_small(m[2]), _cn_small(m[3])
    return None


_URL_DATE_RE = re.compile(r"/((?:19|20)\d\d)[-/_]?(\d\d)[-/_]?(\d\d)/|/t((?:19|20)\d\d)(\d\d)(\d\d)_|/((?:19|20)\d\d)-(\d\d)-(\d\d)/")
_SOURCE_RE = re.compile(tv(
    r"(?:信息来源|文章来源|稿件来源|新闻来源|来源于|来源|出处|稿源)\s*[:：]\s*"
    r"([^\s|丨/：:，,]{2,40}?)(?=\s|$|作者|编辑|责任|发布|时间|日期|浏览|点击|阅读|字号|【|\[|\||丨|/)"))
_AUTHOR_RE = re.compile(tv(r"(?:作者|撰稿|文)\s*[:：/]\s*([\u4e00-\u9fff·]{2,8}(?:\s+[\u4e00-\u9fff·]{2,4}){0,3})"))
_REPORTER_RE = re.compile(tv(r"(?:记者|通讯员)\s*[:：]?\s*([\u4e00-\u9fff]{2,4}(?:[ 、][\u4e00-\u9fff]{2,4}){0,3})"))
_TRAIL_PAREN = re.compile(r"\s*[（(][^）)]{1,8}[）)]$")

META_DATE_KEYS = (
    "pubdate", "publishdate", "publish_date", "publishtime", "pubtime", "article:published_time",
    "og:release_date", "published_time", "datepublished", "weibo: article:create_at", "dc.date.issued",
    "dc.date", "dcterms.created", "firstpublishedtime", "release_date", "og:published_time",
    "article:publish_time", "sailthru.date", "date",
)
META_TITLE_KEYS = ("articletitle", "og:title", "twitter:title", "title", "dc.title")
META_SOURCE_KEYS = ("contentsource", "source", "article:source", "og:source", "mediasource", "media")
META_AUTHOR_KEYS = ("author", "article:author", "og:article:author", "dc.creator")


@dataclass
class PageMeta:
    metas: dict[str, str] = field(default_factory=dict)
    html_title: str | None = None
    jsonld: list[dict] = field(default_factory=list)


def read_meta(tree) -> PageMeta:
    pm = PageMeta()
    for m in tree.iter("meta"):
        key = (m.get("name") or m.get("property") or m.get("itemprop") or m.get("http-equiv") or "").strip().lower()
        val = (m.get("content") or "").strip()
        if key and val and key not in pm.metas:
            pm.metas[key] = val
    t = tree.find(".//title")
    if t is not None:
        pm.html_title = " ".join(t.text_content().split()) or None
    for s in tree.iter("script"):
        if (s.get("type") or "").lower() == "application/ld+json" and s.text:
            try:
                data = json.loads(s.text)
            except (ValueError, RecursionError):
                continue
            items = data if isinstance(data, list) else [data]
            for it in items:
                if isinstance(it, dict):
                    pm.jsonld.append(it)
                    for sub in it.get("@graph", []) if isinstance(it.get("@graph"), list) else []:
                        if isinstance(sub, dict):
                            pm.jsonld.append(sub)
    return pm


def iso_date(s: str | None) -> str | None:
    if not s:
        return None
    m = DATE_RE.search(s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif (ymd := _roc_or_cn_date(s)) is not None:
        y, mo, d = ymd
    else:
        m = _COMPACT_DATE_RE.search(s)
        if not m:
            return None
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if 1 <= mo <= 12 and 1 <= d <= 31 and 1990 <= y <= 2100:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def meta_titles(pm: PageMeta) -> list[str]:
    out = [pm.metas[k] for k in META_TITLE_KEYS if k in pm.metas and k != "title"]
    out += [str(j["headline"]) for j in pm.jsonld if isinstance(j.get("headline"), str)]
    return out


def meta_date(pm: PageMeta) -> str | None:
    for k in META_DATE_KEYS:
        d = iso_date(pm.metas.get(k))
        if d:
            return d
    for j in pm.jsonld:
        d = iso_date(str(j.get("datePublished") or j.get("dateCreated") or ""))
        if d:
            return d
    return None


_DATE_LABEL_RE = re.compile(tv(r"(?:发布|发表|发稿|更新|录入|成文|刊发|上传)?(?:时间|日期)\s*[:：]|[发發]布于"))
_NAV_LINE_RE = re.compile(tv(r"^[【\[]?(?:上一篇|下一篇|上一条|下一条|上篇|下篇|相关|推荐|热门)"))


def zone_date(lines: list[str], *, nearest_last: bool = False) -> str | None:
    """The page's date among header (or footer) lines.

    A labelled date (发布时间：…) wins; then, above the body, the date nearest
    to it (``nearest_last``): lines further up are previous/next-article links
    and sidebars whose dates belong to other pages."""
    for line in lines:
        m = _DATE_LABEL_RE.search(line)
        if m:
            d = iso_date(line[m.start():])
            if d:
                return d
    for line in (reversed(lines) if nearest_last else lines):
        if _NAV_LINE_RE.match(line):
            continue
        d = iso_date(line)
        if d:
            return d
    return None


def url_date(url: str | None) -> str | None:
    if not url:
        return None
    m = _URL_DATE_RE.search(url)
    if not m:
        return None
    g = [x for x in m.groups() if x]
    return iso_date("-".join(g[:3]))


def htmldate_date(html: str) -> str | None:
    try:
        from htmldate import find_date
        d = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises on odd input; it is only a fallback
        return None
    return d or None


def clean_outlet(s: str | None) -> str | None:
    if not s:
        return None
    s = re.sub(tv(r"^(?:本文|文章|信息)?来源(?:于)?\s*[:：]\s*"), "", s.strip())
    s = re.split(r"\s+(?:原创稿|作者|编辑|责任编辑|发布|时间)", s)[0]
    s = re.sub(r"(?:原创稿|供稿|稿)$", "", s.strip())
    s = _TRAIL_PAREN.sub("", s).strip(" 　:：|")
    if not s or len(s) > 40 or s.isdigit():
        return None
    return s


_MEDIA_NAME_RE = re.compile(tv(
    r"^[\u4e00-\u9fff·A-Za-z]{1,14}(?:网|报|社|台|新闻|在线|频道|发布|融媒体中心|新闻中心|杂志|客户端)$"))
_LEAD_DATE_RE = re.compile(r"^(?:(?:19|20)\d\d|(?:中華民國|中华民国|民國|民国)?\s*1[0-4]\d)[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*(?:\d{1,2}:\d\d(?::\d\d)?)?\s*")


def zone_outlet(lines: list[str]) -> str | None:
    for line in lines:
        m = _SOURCE_RE.search(line)
        if m:
            o = clean_outlet(m.group(1))
            if o:
                return o
    # Unlabelled: "2019-09-26 10:56:28 证券时报网" or a media name on the line after the date.
    for i, line in enumerate(lines):
        rest = _LEAD_DATE_RE.sub("", line).strip()
        after_date = rest != line.strip() or (i > 0 and _LEAD_DATE_RE.match(lines[i - 1]))
        if after_date and rest:
            first = rest.split()[0]  # "2021-03-05 10:20 某某日报 字号：大 中 小"
            if _MEDIA_NAME_RE.match(rest):
                return rest
            if _MEDIA_NAME_RE.match(first):
                return first
    return None


def meta_outlet(pm: PageMeta) -> str | None:
    for k in META_SOURCE_KEYS:
        o = clean_outlet(pm.metas.get(k))
        if o and re.search(r"[\u4e00-\u9fffA-Za-z]", o):
            return o
    for j in pm.jsonld:
        pub = j.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            return clean_outlet(pub["name"])
    return None


_NOT_NAME_RE = re.compile(tv(r"来源|发布|编辑|责任|时间|日期|浏览|次数|点击|字号|阅读|通讯员|记者|摄影"))


def zone_author(lines: list[str]) -> str | None:
    for line in lines:
        m = _AUTHOR_RE.search(line) or _REPORTER_RE.search(line)
        if m:
            names = []
            for tok in m.group(1).split():
                if _NOT_NAME_RE.search(tok):
                    break
                names.append(tok)
            if names:
                return " ".join(names)
    return None


def meta_author(pm: PageMeta) -> str | None:
    for k in META_AUTHOR_KEYS:
        v = pm.metas.get(k, "").strip()
        if v and not v.isdigit() and len(v) <= 30 and not re.search(r"网|报|社|台|中心|新闻|http", v):
            return v
    return None
