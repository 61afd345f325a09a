"""The main text of an article page, built on readability-lxml and trafilatura.

Neither library is right alone on Chinese pages (DESIGN.md: body F1 0.914 and
0.881): readability sometimes keeps only the first paragraph or the comment box,
trafilatura keeps 推荐阅读 lists and footers.  So we
1. prune what is furniture on any Chinese news/government page (scripts,
   hidden blocks, share/comment/recommend/footer containers named by class or id)
   — this also makes readability faster;
2. take readability's candidate; when it holds clearly less of the page's
   sentence text than the page offers, also take trafilatura's and keep the
   better one by CJK sentence mass;
3. repair lines (``repair.py``): title/date line at the head, tail blocks,
   editor/source/copyright furniture.
"""
from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from .repair import repair_lines
from .textify import SENT_END_RE, cjk_count, element_text, link_text_len

log = logging.getLogger(__name__)

_DROP_TAGS = ("script", "style", "noscript", "iframe", "textarea", "select", "option", "button",
              "svg", "canvas", "template", "object", "embed", "video", "audio", "input", "link", "meta")
# class/id tokens naming page furniture (token = run of letters/digits).
_NOISE_EXACT = frozenset(
    "nav navbar menu sidebar side aside foot footer footers header-nav topbar toolbar tools tool "
    "share shares sharebox fenxiang bdshare bdsharebuttonbox comment comments pinglun "
    "recommend recommended tuijian tjyd xgxw xgyd xgwz related relate relates hot hotnews rank "
    "ranking paihang phb breadcrumb crumb crumbs location weizhi position dqwz copyright banquan "
    "ad ads advert adv gg guanggao qrcode erweima ewm print dayin login search pager pagination "
    "statement disclaimer mianze shenming backtop gotop totop modal popup dialog".split()
)
_NOISE_PREFIX = ("comment", "pinglun", "share", "recommend", "related", "tuijian", "footer",
                 "sidebar", "breadcrumb", "copyright", "advert", "qrcode", "pagination", "hotnews",
                 "relate", "xiangguan")
_TOKEN_RE = re.compile(r"[a-z]+|\d+")
_HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_POSITIVE = ["trs_editor", "artibody", "zoom", "detail", "wenzhang", "zhengwen", "article", "content"]


@dataclass
class MainText:
    body: str
    method: str
    flags: list[str] = field(default_factory=list)
    link_density: float = 0.0
    page_lines: list[str] = field(default_factory=list)
    """All text lines of the pruned page, to find the header line around the body."""


def _is_noise(el) -> bool:
    attrs = (el.get("class") or "") + " " + (el.get("id") or "")
    if not attrs.strip():
        return False
    for tok in _TOKEN_RE.findall(attrs.lower()):
        if tok in _NOISE_EXACT or tok.startswith(_NOISE_PREFIX):
            return True
    return False


def prune(tree, noise_xpaths: list[str] | None = None):
    """Remove furniture in place; returns the tree.  Containers that hold most of
    the page's sentences are never removed (a main column named "content side")."""
    etree.strip_elements(tree, *_DROP_TAGS, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for xp in noise_xpaths or []:
        try:
            for el in tree.xpath(xp):
                _drop(el)
        except etree.XPathError:
            log.warning("bad noise xpath %r", xp)
    body = tree.find("body") if tree.tag == "html" else tree
    if body is None:
        body = tree
    total_sent = len(SENT_END_RE.findall(body.text_content())) or 1
    doomed = []
    for el in body.iter(etree.Element):
        if el is body:
            continue
        style = el.get("style")
        if (style and _HIDDEN_RE.search(style)) or el.get("hidden") is not None or _is_noise(el):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is None:
            continue
        if el.tag in ("body", "html"):
            continue
        txt = el.text_content()
        n_sent = len(SENT_END_RE.findall(txt))
        if n_sent >= 5 and n_sent > 0.5 * total_sent and link_text_len(el) < 0.3 * max(1, len(txt.strip())):
            continue  # the article itself lives in a badly named container
        _drop(el)
    return tree


def _drop(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    el.drop_tree()  # keeps the tail text


def _readability(tree) -> tuple[str, float]:
    from readability import Document as RDocument
    try:
        doc = RDocument(tree, positive_keywords=_POSITIVE)
        html = doc.summary(html_partial=True)
    except Exception as e:  # readability raises its own Unparseable and lxml errors
        log.debug("readability failed: %s", e)
        return "", 0.0
    if not html or not html.strip():
        return "", 0.0
    try:
        frag = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return "", 0.0
    text = element_text(frag)
    ld = link_text_len(frag) / max(1, len(re.sub(r"\s", "", text)))
    return text, ld


def _trafilatura(tree) -> str:
    import trafilatura
    try:
        out = trafilatura.extract(tree, include_comments=False, include_tables=True, fast=True,
                                  deduplicate=False, favor_precision=False)
    except Exception as e:  # trafilatura raises on odd trees
        log.debug("trafilatura failed: %s", e)
        return ""
    return out or ""


def _mass(text: str) -> tuple[int, int]:
    return cjk_count(text), len(SENT_END_RE.findall(text))


_CLAUSE_RE = re.compile(r"[，。！？；：,!?;]")


def prose_score(text: str) -> float:
    """CJK in prose lines minus the CJK in short headline-like lines.

    A fallback extraction that "wins" only by sweeping tag clouds, link lists,
    breadcrumbs and sidebar counters into the body (trafilatura on a page whose
    article is one short paragraph) must not replace a clean short body."""
    score = 0.0
    for line in text.split("\n"):
        n = cjk_count(line)
        if _CLAUSE_RE.search(line) and n >= 12:
            score += n
        else:
            score -= n
    return score


def page_sentence_mass(tree) -> int:
    """Sentence ends in the pruned page outside links: what an article could hold."""
    body = tree.find("body") if tree.tag == "html" else tree
    if body is None:
        body = tree
    n = 0
    for t in body.itertext():
        n += len(SENT_END_RE.findall(t))
    for a in body.iter("a"):
        n -= len(SENT_END_RE.findall(a.text_content()))
    return max(0, n)


def extract_main(tree, *, title: str | None = None, body_xpath: str | None = None,
                 noise_xpaths: list[str] | None = None) -> MainText:
    """Main text of a parsed page (the tree is not modified)."""
    work = prune(copy.deepcopy(tree), noise_xpaths)
    page_lines = element_text(work).split("\n")
    if body_xpath:
        try:
            found = work.xpath(body_xpath)
        except etree.XPathError:
            found = []
            log.warning("bad body xpath %r", body_xpath)
        els = [e for e in found if isinstance(e, etree._Element)]
        if els:
            text = "\n".join(element_text(e) for e in els)
            return MainText(repair_lines(text, title), "override", page_lines=page_lines)
    page_sent = page_sentence_mass(work)
    r_text, r_ld = _readability(copy.deepcopy(work))
    r_text = repair_lines(r_text, title)
    r_cjk, r_sent = _mass(r_text)
    method, text, ld = "readability", r_text, r_ld
    flags: list[str] = []
    if r_cjk < 150 or (page_sent - r_sent >= 6 and r_sent < 0.6 * page_sent):
        t_text = repair_lines(_trafilatura(copy.deepcopy(work)), title)
        t_cjk, t_sent = _mass(t_text)
        if t_cjk > 1.2 * r_cjk and t_sent > r_sent and prose_score(t_text) > 1.1 * prose_score(r_text):
            method, text, ld = "trafilatura", t_text, 0.0
            flags.append("readability_replaced")
    return MainText(text, method, flags, ld, page_lines)
