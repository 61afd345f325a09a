"""Element → text with paragraph breaks, and the CJK measures the selectors use.

lxml's ``text_content()`` glues paragraphs together; the contract wants the body
"as published", paragraphs separated by newlines, so block elements and
``<br>`` become line breaks.  ``iterwalk`` keeps this iterative: broken pages
nest thousands of unclosed tags and recursion would overflow.
"""
from __future__ import annotations

import re

from lxml import etree

BLOCK_TAGS = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr table tbody thead tfoot section article "
    "blockquote pre center figure figcaption header footer form hr address main aside nav "
    "caption fieldset legend details summary".split()
)
_SPACES = re.compile(r"[ \t\r\f\v\xa0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SENT_END_RE = re.compile(r"[。！？!?；]")
PUNCT_RE = re.compile(r"[，。！？；、：“”‘’（）《》,]")


def element_text(el) -> str:
    """Text of ``el`` with newlines at block boundaries; blank lines dropped."""
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag
        if not isinstance(tag, str):  # comments, processing instructions
            if event == "end" and node.tail and node is not el:
                parts.append(node.tail)
            continue
        tag = tag.lower()
        if event == "start":
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if node.text and tag not in ("script", "style"):
                parts.append(node.text)
        else:
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if node.tail and node is not el:
                parts.append(node.tail)
    return clean_lines("".join(parts))


def clean_lines(text: str) -> str:
    out = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line:
            out.append(line)
    return "\n".join(out)


def cjk_count(s: str) -> int:
    return len(CJK_RE.findall(s))


def link_text_len(el) -> int:
    n = 0
    for a in el.iter("a"):
        n += len("".join(a.itertext()).strip())
    return n
