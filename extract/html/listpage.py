"""Is this page an article at all?

List/index pages, search results, 404 and "page moved" pages reach the
extractor from crawls and must not be mistaken for articles (their link texts
are headlines full of numbers, which would become figures).  A page is a list
when the best main-text candidate is short, mostly links, or has no sentences,
or when the page says it is an error page.
"""
from __future__ import annotations

import re

from .textify import SENT_END_RE, cjk_count

_ERROR_RE = re.compile(
    r"404|403|not\s*found|页面不存在|页面未找到|找不到(?:该|您要的|页面)|页面已删除|内容不存在|"
    r"信息不存在|文章不存在|已被删除|无法访问|访问出错|服务器错误|页面出错|error", re.I)


def list_reasons(body: str, link_density: float, title: str | None) -> list[str]:
    """Why the page is not an article ([] when it is one)."""
    reasons: list[str] = []
    cjk = cjk_count(body)
    sent = len(SENT_END_RE.findall(body))
    if cjk < 40:
        reasons.append("no_main_text")
    elif sent == 0 and cjk < 150:
        reasons.append("no_sentences")
    if link_density > 0.5:
        reasons.append("mostly_links")
    if title and len(title) <= 40 and _ERROR_RE.search(title) and cjk < 300:
        reasons.append("error_page")
    lines = body.split("\n")
    if len(lines) >= 8:
        short = sum(1 for l in lines if len(l) <= 40 and not SENT_END_RE.search(l))
        if short / len(lines) > 0.85 and sent < 3:
            reasons.append("headline_list")
    return reasons
