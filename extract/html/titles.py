"""Article title: headings that agree with ``<title>``, meta titles, site suffixes.

``<title>`` usually carries the site and channel (``…_新华网``, ``…-中国政府网``,
``…--人民网``, ``…|公园_新浪新闻``); the visible heading usually does not.  A
heading whose text is contained in ``<title>`` is therefore the best evidence;
then meta titles (TRS ``ArticleTitle``, Open Graph), then the heading nearest the
article text, then ``<title>`` with its site suffix stripped.
"""
from __future__ import annotations

import re

from .textify import clean_lines

# Separators between title and site/channel names.  A hyphen between digits
# (2021-03-05) or inside Latin words is not one.
_SEP_RE = re.compile(r"\s*(?:_{1,2}|-{2,}|—{1,2}|\s-\s|(?<![0-9A-Za-z])-(?![0-9A-Za-z])|(?<=[\u4e00-\u9fff）)》”！？])-|\||｜|丨)\s*")
_TITLE_TOKEN_RE = re.compile(r"title|biaoti|headline|tit\b|bt\b", re.I)
_WS = re.compile(r"\s+")


def _n(s: str) -> str:
    return _WS.sub("", s or "")


_SITE_TAIL_RE = re.compile(r"(?:网|網|网站|網站|报|報|台|臺|政府|门户|門戶|中心|频道|頻道|新闻|新聞|在线|在線|客户端|[A-Za-z.]{4,})$")
_DASH_SEP_RE = re.compile(r"\s*—{1,2}\s*")


def _keep_subtitle_dashes(t: str) -> str:
    """``正题——副题`` is one title; ``正题——某某网`` ends in a site name.  Em
    dashes that do not introduce a site name are protected from splitting."""
    pieces = _DASH_SEP_RE.split(t)
    if len(pieces) == 1:
        return t
    out = pieces[0]
    for seps, piece in zip(_DASH_SEP_RE.findall(t), pieces[1:]):
        head = re.split(r"\s*(?:_{1,2}|\s-\s|\||｜|丨)\s*", piece)[0]
        out += (seps if _SITE_TAIL_RE.search(head.strip()) else seps.strip().replace("—", "\uffff")) + piece
    return out


def strip_site_suffix(title: str | None) -> str | None:
    """``国务院…防输出_网易新闻`` → ``国务院…防输出``: keep the longest segment
    (the first among equals); site and channel names are short."""
    if not title:
        return title
    t = _keep_subtitle_dashes(clean_lines(title).replace("\n", " ").strip())
    parts = [p.strip().replace("\uffff", "—") for p in _SEP_RE.split(t) if p and p.strip()]
    if len(parts) <= 1:
        return t
    best = max(parts, key=lambda p: (len(p), -parts.index(p)))
    return best


_BOUND_CH = "-_|｜丨—:：·>»/ \t"


def _bounded(h: str, title: str) -> bool:
    """The heading is a whole separator-delimited run of ``<title>`` (``栏目 -
    标题 - 站名``), not a fragment of it."""
    t = " ".join(title.split())
    hh = " ".join(h.split())
    i = t.find(hh)
    if i < 0 or len(hh) < 6:
        return False
    before, after = t[:i], t[i + len(hh):]
    return (not before or before[-1] in _BOUND_CH) and (not after or after[0] in _BOUND_CH) and (before or after) != ""


def heading_candidates(tree) -> list[str]:
    """Texts of h1–h6 and title-classed elements, in document order, not links."""
    out: list[str] = []
    body = tree.find("body") if tree.tag == "html" else tree
    if body is None:
        return out
    for el in body.iter("h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "p", "td", "strong", "b", "font"):
        tag = el.tag
        if tag in ("div", "span", "p", "td", "strong", "b", "font"):
            attrs = (el.get("class") or "") + " " + (el.get("id") or "")
            if not _TITLE_TOKEN_RE.search(attrs):
                continue
        text = " ".join(el.text_content().split())
        if 4 <= len(text) <= 120:
            out.append(text)
    return out


def choose_title(*, html_title: str | None, meta_titles: list[str], headings: list[str],
                 nearest_heading: str | None = None) -> str | None:
    raw = _n(html_title or "")
    if raw:
        # The heading must be the title part of <title>, not its site suffix.
        inside = [h for h in headings if len(_n(h)) >= 4 and _n(h) in raw
                  and (raw.startswith(_n(h)) or len(_n(h)) >= 0.6 * len(raw) or _bounded(h, html_title or ""))]
        if inside:
            best = max(inside, key=lambda h: len(_n(h)))
            stripped = strip_site_suffix(html_title) or ""
            if len(_n(best)) >= 0.5 * len(_n(stripped)):
                return best
    for m in meta_titles:
        s = strip_site_suffix(m)
        if s and len(_n(s)) >= 4:
            return s
    if nearest_heading:
        return nearest_heading
    s = strip_site_suffix(html_title)
    if s:
        return s
    return headings[0] if headings else None
