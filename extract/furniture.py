"""Recognise page furniture in article text: what the site prints around every story.

Link farms (``大英县| 昆山市| …``), copyright notices, comment boxes, editor
lines and share widgets are not part of the report.  They must go before region
resolution (a link farm names dozens of counties) and figure extraction (a
copyright notice has "30日内").  Decisions are per line, so the caller can keep
an exact offset map by deleting whole line spans.

The head of the document (the title and the date/来源 line) is never removed:
later stages read the title and publication date from there.
"""
from __future__ import annotations

import re
from typing import Final

from extract.pinyin import find_annotations

__all__ = ["furniture_spans"]

# Lines are matched on simplified text (the caller converts first).
_LINK_FARM: Final = re.compile(r"(?:[^|｜\n]{1,16}[|｜]\s*){4,}")
# (alternations of literal-led branches: the engine skips to a possible first character)
_WIDGET: Final = re.compile(
    r"分享(?:到|至)|扫(?:一扫|描二维码)|微信公众号|官方微博|关注我们|手机看新闻|打印本页|关闭窗口|字号[:：]?\s*[大中小]"
    r"|【收藏】?$|收藏】?$"
)
_EDITOR: Final = re.compile(r"^[【\[(（]?\s*(?:责编|责任编辑|编辑|审核|审\s*核|校对|审校|终审|初审|复审|值班编辑|网络编辑)\s*[:：】\])）\s]")
# Copyright and legal lines.  The Chinese forms and the case-insensitive Latin ones
# are two patterns: with re.I on the whole, no branch could be skipped by its first
# character and the search tried every branch at every position.
_COPYRIGHT_ZH: Final = re.compile(
    r"版权(?:所有|声明|.{0,12}声明)|免责声明|©|未经.{0,8}(?:授权|许可).{0,8}(?:不得|禁止)?转载"
    r"|转载请注明|本(?:文地址[:：]|站立场)|新闻报料|报料热线|备案号"
)
_COPYRIGHT_LATIN_FIRST: Final = re.compile(r"[cai]", re.I)
_COPYRIGHT_LATIN: Final = re.compile(r"copyright|all rights reserved|ICP[备证]", re.I)


def _is_copyright(s: str) -> bool:
    if _COPYRIGHT_ZH.search(s):
        return True
    return _COPYRIGHT_LATIN_FIRST.search(s) is not None and _COPYRIGHT_LATIN.search(s) is not None


_COMMENTS: Final = re.compile(r"发表评论|网友评论|留言与评论|我要评论|评论\s*[（(]\s*共|条评论|验证码[:：]|查看评论|参与评论")
_NAV: Final = re.compile(
    r"^\s*[【\[]?\s*(?:上一篇|下一篇|上一条|下一条|相关新闻|相关阅读|相关文章|相关链接|相关报道|相关内容|相关推荐|相关评论"
    r"|推荐阅读|热点推荐|热门推荐|精彩推荐|新闻推荐|编辑推荐|今日推荐|为你推荐|为您推荐|热门资讯|最新资讯|热点新闻|热门新闻"
    r"|热门文章|更多新闻|往期回顾|延伸阅读|猜你喜欢|返回顶部|返回首页)"
    # a heading, not a sentence that happens to begin with the word (相关内容显示…)
    r"(?=\s*(?:$|[:：>》】\]|｜\-—(（\s]))|^\s*[【\[]?\s*(?:标签\s*[>：:]|上一篇|下一篇|上一条|下一条)"
)
# Lines that end the article when they appear in its second part (with copyright lines).
_TAIL_TRIGGERS: Final = (_COMMENTS, _NAV, _EDITOR)
_DATE: Final = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}")
_HEAD_LINES: Final = 15
_TAIL_FROM: Final = 0.4  # share of the document after which a trigger line cuts the rest
_SHORT: Final = 60


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line including its newline."""
    if not text:
        return []
    out = []
    pos = 0
    for ln in text.split("\n"):
        end = pos + len(ln) + 1
        out.append((pos, end))
        pos = end
    if text.endswith("\n"):
        out.pop()  # the empty piece after a final newline is no line
    else:
        out[-1] = (out[-1][0], len(text))
    return out


_PIPE: Final = re.compile(r"[|｜]")
# Any keyword that can make a line furniture; lines without one are skipped fast.
_KEYWORDS: Final = (
    "分享 扫一扫 扫描二维码 公众号 官方微博 关注我们 手机看 打印 关闭窗口 字号 收藏 编 审 校对 版权 声明 "
    "Copyright copyright COPYRIGHT © rights Rights 转载 本文地址 本站 报料 备案 ICP 评论 验证码 上一篇 下一篇 "
    "相关 阅读 推荐 猜你 返回 标签 上一条 下一条 资讯 热点新闻 热门新闻 热门文章 更多新闻 往期"
).split()


def keyword_regex(words: list[str]) -> re.Pattern[str]:
    """One character class first, then the rest of each keyword behind a look-behind.

    Python's regex engine scans for a leading character class quickly but not
    for a leading alternation, so this form is several times faster on prose.
    """
    by_first = _rests_by_first(words)
    branches = [f"(?<={re.escape(first)})(?:{'|'.join(rests)})" for first, rests in by_first.items()]
    chars = "".join(re.escape(c) for c in by_first)
    return re.compile(f"[{chars}](?:{'|'.join(branches)})")


def literal_alternation(words: list[str]) -> re.Pattern[str]:
    """``first(?:rest|…)|…``: the keywords grouped by their first character.

    For a pattern that stands alone this beats ``keyword_regex``: the engine
    takes a character-set prefix from branches that each start with a literal,
    and skips a branch whose first literal does not match without entering it
    (a look-behind branch is always entered).  Same matches, longest rest first.
    """
    branches = [f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in _rests_by_first(words).items()]
    return re.compile("|".join(branches))


def _rests_by_first(words: list[str]) -> dict[str, list[str]]:
    """Keywords grouped by first character: {first: [escaped rest, longest first]}."""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    for rests in by_first.values():
        rests.sort(key=len, reverse=True)
    return by_first


_ANY: Final = literal_alternation(_KEYWORDS)


_PROSE_PUNCT: Final = re.compile(r"[。，；！？]")


def _is_prose(s: str) -> bool:
    """A paragraph of the report (long, with sentence punctuation), not a header line."""
    return len(s) >= 80 and len(_PROSE_PUNCT.findall(s)) >= 3


def _is_farm(s: str) -> bool:
    if "|" not in s and "｜" not in s:
        return False
    m = _LINK_FARM.search(s)
    return m is not None and (m.end() - m.start()) >= 0.6 * len(s)


def _is_furniture(s: str) -> bool:
    if _is_farm(s):
        return True
    if len(s) > _SHORT * 3 or not _ANY.search(s):
        return False
    if len(s) < 40 and _EDITOR.search(s):
        return True
    if len(s) <= _SHORT and (_WIDGET.search(s) or _NAV.search(s) or _COMMENTS.search(s)):
        return True
    return _is_copyright(s)


def _is_tail_trigger(s: str) -> bool:
    """A trigger line: short and of any trigger kind, or a copyright line of any length."""
    if len(s) > _SHORT * 3 or not _ANY.search(s):
        return False
    if len(s) > _SHORT:
        return _is_copyright(s)
    return _is_copyright(s) or any(p.search(s) for p in _TAIL_TRIGGERS)


def furniture_spans(
    original: str, view: str | None = None, annotations: list[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Spans of ``original`` (whole lines with their newline) that are furniture.

    ``view`` is a same-length simplified copy of ``original`` used for matching
    (so traditional pages are recognised too); by default ``original`` itself.
    ``annotations`` are pinyin annotation spans (``extract.pinyin``) to ignore
    while matching, so that 責(zé)編 still reads as 责编; found here when not given.
    """
    if view is None or len(view) != len(original):
        view = original
    if not view:
        return []
    if annotations is None:
        annotations = find_annotations(view)
    # The text the patterns see: the view without annotations.  Annotations
    # never hold a newline, so its lines correspond one to one with ``lines``.
    if annotations:
        parts = []
        pos = 0
        for x, y in annotations:
            parts.append(view[pos:x])
            pos = y
        parts.append(view[pos:])
        scan = "".join(parts)
    else:
        scan = view
    # Only lines holding a furniture keyword or a pipe can be furniture: find
    # them with one pass over the document instead of testing every line.
    hits = [m.start() for m in _ANY.finditer(scan)]
    if "|" in scan or "｜" in scan:
        hits.extend(m.start() for m in _PIPE.finditer(scan))
        hits.sort()
    if not hits:
        return []
    # Lines of ``scan`` and ``view`` correspond one to one by their index.
    view_lines = _lines(view) if scan is not view else None
    if view_lines is not None and len(_lines(scan)) != len(view_lines):
        # cannot happen (annotations hold no newline); stay safe rather than misalign
        scan, view_lines = view, None
        hits = sorted([m.start() for m in _ANY.finditer(scan)] + [m.start() for m in _PIPE.finditer(scan)])
    protected = _protected_end(scan)
    n = len(view)
    spans: list[tuple[int, int]] = []
    line_end = -1
    for pos in hits:
        if pos < line_end:  # another hit on the line just judged
            continue
        sa = scan.rfind("\n", 0, pos) + 1
        nl = scan.find("\n", pos)
        line_end = nl + 1 if nl >= 0 else len(scan)
        if sa < protected:
            continue
        s = scan[sa:line_end].strip()
        if not s:
            continue
        if view_lines is None:
            a, b = sa, line_end
        else:
            a, b = view_lines[scan.count("\n", 0, sa)]
        if a >= _TAIL_FROM * n and _is_tail_trigger(s):
            spans.append((a, n))
            break
        if _is_furniture(s):
            spans.append((a, b))
    return spans


def _protected_end(scan: str) -> int:
    """End of the head that is never furniture (offset in ``scan``).

    The head is the first non-blank line (title) and everything up to a date
    line among the first lines (the byline with date and 来源).  A report
    without a header line goes straight into prose: a date further down (a
    related-news list "- 2015-12-15 某县…") is no byline then.
    """
    protected = 0
    seen = 0
    pos, n = 0, len(scan)
    while pos < n:
        nl = scan.find("\n", pos)
        end = nl + 1 if nl >= 0 else n
        s = scan[pos:end].strip()
        if s:
            seen += 1
            if seen == 1:
                protected = end
            if _DATE.search(s):
                protected = end
                break
            if seen >= _HEAD_LINES or (seen > 1 and _is_prose(s)):
                break
        pos = end
    return protected
