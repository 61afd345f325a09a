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
    pre = 0  # inside <pre>, source newlines are line breaks; elsewhere they are spaces
    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag
        if not isinstance(tag, str):  # comments, processing instructions
            if event == "end" and node.tail and node is not el:
                parts.append(node.tail if pre else node.tail.replace("\n", " "))
            continue
        tag = tag.lower()
        if event == "start":
            if tag == "pre":
                pre += 1
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if node.text and tag not in ("script", "style"):
                parts.append(node.text if pre else node.text.replace("\n", " "))
        else:
            if tag == "pre":
                pre -= 1
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if node.tail and node is not el:
                parts.append(node.tail if pre else node.tail.replace("\n", " "))
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


_TRAD = {
    "来": "來", "发": "發", "时": "時", "间": "間", "编": "編", "辑": "輯", "责": "責", "记": "記",
    "闻": "聞", "讯": "訊", "览": "覽", "击": "擊", "阅": "閱", "读": "讀", "关": "關", "评": "評",
    "论": "論", "荐": "薦", "声": "聲", "权": "權", "务": "務", "转": "轉", "载": "載", "稿": "稿",
    "审": "審", "核": "核", "对": "對", "页": "頁", "条": "條", "篇": "篇", "扫": "掃", "维": "維",
    "码": "碼", "导": "導", "摄": "攝", "图": "圖", "处": "處", "网": "網", "报": "報", "台": "臺",
    "视": "視", "频": "頻", "号": "號", "体": "體", "复": "複", "归": "歸", "属": "屬", "开": "開",
    "热": "熱", "点": "點", "门": "門", "猜": "猜", "欢": "歡", "迎": "迎", "识": "識", "别": "別",
    "长": "長", "录": "錄", "删": "刪", "统": "統", "筹": "籌", "监": "監", "制": "製", "联": "聯",
    "系": "係", "电": "電", "话": "話", "办": "辦", "单": "單", "术": "術", "标": "標", "备": "備",
    "书": "書", "进": "進", "专": "專", "题": "題", "户": "戶", "链": "鏈", "观": "觀", "细": "細",
    "尔": "爾", "们": "們", "赏": "賞", "乐": "樂", "现": "現", "场": "場", "打": "打", "印": "印", "闭": "閉", "窗": "窗", "亲": "親", "选": "選", "动": "動",
}


def tv(pattern: str) -> str:
    """A regex source that also matches the traditional forms of its characters.

    Converter mirrors and Hong Kong/Taiwan outlets write 來源, 發佈時間, 責任編輯;
    the furniture rules must see them too.  Only characters outside ``[...]``
    classes are widened (a class already lists what it wants)."""
    out, in_class, esc = [], False, False
    for ch in pattern:
        if esc:
            out.append(ch); esc = False; continue
        if ch == "\\":
            out.append(ch); esc = True; continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        t = _TRAD.get(ch)
        if t and t != ch:
            out.append(ch + t if in_class else f"[{ch}{t}]")
        else:
            out.append(ch)
    return "".join(out)
