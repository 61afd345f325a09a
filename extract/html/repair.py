"""Line-level repair of an extracted body: the furniture generic extractors keep.

readability and trafilatura both keep Chinese page furniture around the
article: the title and the 时间/来源 line above it, 责任编辑/本文来源 lines,
"分享到", 推荐阅读/相关新闻 blocks, comment boxes (评论（0）, 我要跟帖) and
copyright footers below it.  These rules work on lines so they apply to any
extractor's output.
"""
from __future__ import annotations

import re

from .textify import SENT_END_RE, cjk_count, tv

_DATE = (r"(?:(?:(?:19|20)\d\d|(?:中華民國|中华民国|民國|民国)\s*\d{2,3}|(?<!\d)1[0-4]\d)\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)")

# A line that starts the tail of a page: everything from it on is not the article.
CUT_RE = re.compile(tv(
    r"^[【\[〖（(]?\s*(?:推荐阅读|相关阅读|相关新闻|相关文章|相关报道|相关链接|延伸阅读|热点推荐|精彩推荐|"
    r"热门推荐|猜你喜欢|为你推荐|更多精彩|热门文章|热门新闻|热点新闻|最新新闻|网友评论|我要评论|发表评论|"
    r"全部评论|热门评论|最新评论|我要跟帖|参与评论|评论\s*[（(]\s*\d+\s*[)）]|特别声明|免责声明|版权声明|声明|"
    r"上一篇|下一篇|上一条|下一条|分享到|扫一扫|打印本页|关闭窗口|【?打印】|【?关闭】|"
    r"(?:本文)?相关(?:稿件|专题)|(?:往期|历史)回顾|图片新闻|专题推荐)"
    r"\s*[】\]〗)）]?\s*(?:[:：>》|]|$)")
)
# Promotion blocks of WeChat-style reposts: cut from here on, whatever follows.
CUT_PROMO_RE = re.compile(tv(
    r"^(?:扫描(?:下方|上方|左侧|右侧)?二维码|长按(?:识别)?(?:下方|上方)?二维码|识别(?:下方)?二维码|"
    r"(?:欢迎)?关注(?:我们|公众号|本公众号)|点击(?:下方|左下角)?[“\"]?阅读原文|点击(?:上方|标题下)?蓝字)"))
# Short lines that are furniture wherever they sit at the head or the tail.
FURNITURE_RE = re.compile(tv(
    r"^[【\[（(]?\s*(?:责任编辑|编辑|责编|主编|审核|审校|审签|初审|复审|终审|监制|统筹|制作|"
    r"(?:本文|文章|信息|稿件)?来源(?:于)?|原文来源|作者|撰稿|记者|通讯员|摄影|图片|校对|值班编辑|"
    r"发布(?:时间|日期)|更新时间|时间|日期|浏览次数|阅读(?:次数|量)?|点击(?:数|量|次数)?|访问量|"
    r"字号|字体|分享|分享至|来源网站|信息来源|供稿)\s*[:：]")
)
BARE_FURNITURE_RE = re.compile(tv(
    r"^(?:[【\[]?(?:打印|关闭|返回顶部|收藏|纠错|我要纠错|打印本页|关闭窗口|字号|大|中|小|默认|"
    r"分享|分享到|扫一扫|微信|微博|QQ|QQ空间|复制链接|点赞|在看|评论|跟帖|举报|发表|"
    r"字体[:：]?\s*大\s*中\s*小|【?大\s*中\s*小】?|\s)+[】\]]?)$|"
    r"^(?:已输入\d+字|还可以输入\d+字|\d+人参与|\(?完\)?|—+|-+|·+)$|^[\d\W_]+$"
    r"|^[【\[]?返回[^，。！？\s]{0,10}(?:首页|顶部|列表|目录|频道)[】\]]?\s*[>》»]*$")
)
COPYRIGHT_RE = re.compile(tv(
    r"(?:版权所有|Copyright|©|ICP备|ICP证|公网安备|未经授权|不得转载|禁止转载|转载请注明|"
    r"仅代表作者|不代表本站|不代表本网|联系电话|主办单位|承办单位|技术支持|网站标识码|"
    r"申请加入|投稿邮箱|发送邮件至)"), re.I)
HEADER_INFO_RE = re.compile(tv(
    rf"{_DATE}|(?:来源|作者|发布|编辑|浏览|点击|字号)\s*[:：]"))


# Widget lines inside the article (links to a special topic, "click to enlarge"):
# dropped wherever they stand.  Captions and 原标题 lines are kept: they are
# part of the article as published.
INLINE_WIDGET_RE = re.compile(tv(
    r"^[【\[（(]?\s*(?:点击进入(?:专题|专栏)?|点击查看|点击(?:图片|链接|阅读|收看|观看)|进入专题|更多(?:精彩|内容|报道)请(?:点击|关注)|"
    r"(?:下载|打开)[^。，]{0,12}客户端)[^。！？]{0,40}$"))


TAG_LINE_RE = re.compile(tv(
    r"^(?:(?:标签|关键词|关键字|Tags?)\s*[:：]\s*.{0,60}|(?:[^\s|｜丨，。！？；]{1,10}\s*[|｜丨]\s*)+[^\s|｜丨，。！？；]{1,10})$"), re.I)


# Credit lines of institutional sites: "某某科供稿  摄影/张三  编辑/李四".
CREDIT_LINE_RE = re.compile(tv(r"(?:供稿|(?:摄影|编辑|责编|审核|校对|撰稿|文字|图片)\s*[/／])"))


def _is_furniture(line: str) -> bool:
    if BARE_FURNITURE_RE.match(line) or TAG_LINE_RE.match(line):
        return True
    if len(line) <= 60 and CREDIT_LINE_RE.search(line) and not SENT_END_RE.search(line):
        return True
    if len(line) <= 60 and FURNITURE_RE.match(line):
        return True
    if len(line) <= 120 and COPYRIGHT_RE.search(line) and not SENT_END_RE.search(line[-1:] or ""):
        return True
    if len(line) <= 160 and COPYRIGHT_RE.search(line) and cjk_count(line) < 80 and "。" not in line[:-1]:
        return True
    return False


def _is_header(line: str, title: str | None) -> bool:
    if title and _same(line, title):
        return True
    if len(line) <= 120 and HEADER_INFO_RE.search(line) and not SENT_END_RE.search(line):
        # "2021-03-05 10:20 来源：xx县融媒体中心 作者：xx" or "发布时间：…"
        return True
    return _is_furniture(line)


def _same(a: str, b: str) -> bool:
    na, nb = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    return bool(na) and (na == nb or (len(nb) >= 6 and na.startswith(nb) and len(na) <= len(nb) + 12 and not SENT_END_RE.search(na)))


def repair_lines(text: str, title: str | None = None) -> str:
    """Trim header, tail blocks and furniture lines from an extracted body."""
    lines = [l for l in text.split("\n") if l.strip()]
    if not lines:
        return ""
    # Head: title repeated, date/source line, share/font-size widgets.
    i = 0
    while i < len(lines) and i < 8 and _is_header(lines[i], title):
        i += 1
    if i < len(lines):
        lines = lines[i:]
    # Tail: cut at the first tail marker in the latter part of the text.
    total = sum(len(l) for l in lines)
    seen = 0
    for k, line in enumerate(lines):
        if k > 0 and seen >= total * 0.3 and (CUT_RE.match(line) or CUT_PROMO_RE.match(line)):
            lines = lines[:k]
            break
        seen += len(line)
    # Trailing furniture lines (editor, source, copyright, comment widgets).
    while len(lines) > 1 and _is_furniture(lines[-1]):
        lines.pop()
    # Editor/source lines glued to the final paragraph: "…。（责任编辑：张三）"
    if lines:
        lines[-1] = re.sub(r"\s*[【\[（(](?:责任编辑|编辑|责编|来源)[:：][^】\]）)]{0,30}[】\]）)]\s*$", "", lines[-1])
    return "\n".join(l for l in lines if l and not INLINE_WIDGET_RE.match(l))
