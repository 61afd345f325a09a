"""The figure grammar: which numbers in a report are figures, and what they say.

A figure is a numeral with what makes it a quantity: a measure word (26244个,
16.3万名, 2895场), a percentage (62.8%, 近3成, 百分之六十二点八, 三分之二,
近一半), a duration (10日内, 五年), money (50万元), a range (1-2天) or, for
Arabic numerals, a following noun with no measure word (15乡镇, 70余万).
Year-book typesetting is read too: digit groups parted by a space or thin space
(12 526 012人) and one space between a number and its measure word (274660 人),
while dates, lists (1 2 3) and names after a number (1 张伟) stay apart.  A
hundred or a thousand with a qualifier is an amount (百余人, 近千名; 上百, 数百
stay vague), and a Chinese count right after a list naming that many places is
a count of them (寨后、过坂两村).
Around that core the grammar reads

* qualifiers: 近/约/左右 (approx), 余/多/超过/以上 (more_than), 不足/不到/以下/以内 (less_than);
* kind: count, percent, average (平均年龄44.4岁), change (比上届下降2.8岁,
  提高21.19个百分点; ``direction`` up/down), duration, money, range;
* comparisons: in 由51.4岁下降到49.8岁 both ends are figures; the earlier one
  is marked ``role="earlier"`` so that no metric is given to it.

and rejects what only looks like a quantity (DESIGN.md, "What counts as a
figure"): dates and times, years, ordinals (第十一届), phone/document numbers,
numbers inside labels and slogans (“八个必谈”, 三级联审, 十不选, 三个始终),
indefinite 一 (一名优秀的, 一次), vague amounts (数百, 几十), group-defining
thresholds (35岁以下, 1000人以下的村, 年满18周岁, 职数设置4名, 不超过60周岁),
rules and quotas of a committee (共三至七人组成, 班子中至少有1名妇女, 三分之二以上
成员同意，方可…), descriptions of a group's bulk (以45岁左右…为主体) and
boilerplate (copyright notices, editor lines).  Inside a quoted name or slogan
nothing counts, but a long quoted statement keeps its term length
(“村民委员会每届任期三年”).

The grammar is one compiled regular expression for the numeric core plus
context tests on a few characters either side; it works on normalised
simplified text (``extract.normalise``) and returns character offsets into it.
Subject and metric assignment happen later (``extract.metrics``).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Final

from extract.regex_tools import compile_class_led, first_chars
from extract.numbers import (
    ARABIC,
    CHINESE,
    CN_NUMERAL_CHARS,
    NumberError,
    is_bare_magnitude,
    is_chinese,
    is_indefinite_one,
    is_year_numeral,
    parse_fraction,
    parse_number,
    parse_numeral,
)

__all__ = ["Hit", "find_figures", "sentence_bounds", "label_spans", "boilerplate_spans", "char_offsets", "bisect_left_ints"]


def _opening_chars(pattern: str) -> str:
    """``first_chars`` of a pattern that must have them (``_starting_at``)."""
    chars = first_chars(pattern)
    if not chars:
        raise ValueError(f"no known first characters: {pattern!r}")
    return chars


def char_offsets(text: str, chars: str) -> list[int]:
    """Sorted offsets of every occurrence of any of ``chars`` in ``text``: one
    ``str.find`` scan per character (a byte search).  Cheaper than a regex scan
    that tests every character of the text against a class for a few characters
    (sentence end marks, label openers), not for many: _BOILERPLATE's 22 first
    characters and _FACT_WORDS' 13 cost more this way (measured)."""
    out: list[int] = []
    for c in chars:
        i = text.find(c)
        while i >= 0:
            out.append(i)
            i = text.find(c, i + 1)
    out.sort()
    return out


def bisect_left_ints(a: list[int], x: int) -> int:
    """``bisect.bisect_left`` for a list of ints, compiled: the library function is
    called through the generic C-call protocol and compares boxed ints (several
    times the instructions of this loop; metrics and regions run it per figure)."""
    lo = 0
    hi = len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _starting_at(pattern: re.Pattern, text: str, starts: list[int]) -> list[re.Match]:
    """The matches of ``pattern.finditer(text)`` when ``starts`` (sorted) holds
    every offset where a match can start (a pattern whose every match begins with
    one of a few characters): each is tried in order, past the end of the last
    match, just as the scan would, without the scan.  No match may be empty."""
    out: list[re.Match] = []
    done = 0  # the end of the last match: no match starts before it
    for i in starts:
        if i >= done:
            m = pattern.match(text, i)
            if m is not None:
                done = m.end()
                out.append(m)
    return out


# Measure words, longest first so that 人次 wins over 人 and 个百分点 over 个.
UNITS: Final = (
    "个百分点", "百分点", "人次", "户次", "场次", "个月", "周岁", "万元", "亿元", "千元", "小时",
    "平方公里", "平方米", "立方米", "公顷", "公里", "千米", "吨", "米",
    "个", "名", "人", "位", "次", "场", "份", "件", "条", "项", "类", "轮", "点", "批",
    "期", "家", "所", "处", "户", "岁", "天", "日", "年", "周", "元", "组", "支", "种",
    "张", "本", "篇", "册", "座", "间", "套", "台", "辆", "亩", "块", "幅", "封", "起",
    "例", "队", "届", "倍", "票", "班", "宗", "笔", "栋",
)
# Measure words that may stand one space away from an Arabic number (274660 人, 541 人):
# the ones that are not also common surnames or calendar words (张三, 2014 年, 18 日).
SPACED_UNITS: Final = frozenset({
    "个百分点", "百分点", "人次", "户次", "场次", "周岁", "万元", "亿元",
    "个", "名", "人", "位", "次", "场", "份", "件", "条", "项", "户", "岁", "票", "所", "处", "家",
})
_SPACES: Final = " \u00a0\u2009\u202f\u3000"
TIME_UNITS: Final = {"天", "日", "个月", "年", "周", "小时"}
MONEY_UNITS: Final = {"元", "万元", "亿元", "千元"}
PERSON_UNITS: Final = {"名", "人", "位", "人次"}
# Words after which a count names a label, not a quantity (八个必谈, 三个始终, 十个严禁).
SLOGAN_HEADS: Final = (
    "必", "严禁", "一律", "到位", "始终", "把握", "不", "优先", "坚持", "确保", "落实", "注重",
    "带头", "争当", "争创", "强化", "提升", "服务", "结合", "统一", "一", "二", "两", "三", "四",
    "五", "六", "七", "八", "九", "十", "好", "过硬", "示范", "联", "清", "化",
    "意识", "自信", "维护", "确立", "代表", "全面", "务必", "坚定", "有利于", "敢于", "善于", "之",
)
_COMMON_UNIT_HEADS: Final = "名岁个届日人份元件年天期场轮"
"""First characters of the measure words met most often in reports, commonest first."""


def _unit_alternation(units: tuple[str, ...]) -> str:
    """A pattern matching what ``"|".join(units)`` matches, and the same word first,
    that the engine tries faster: a look-ahead on the words' first characters fails
    in one class test where no measure word stands (every tail of every number is
    tried against the units), and the words are grouped by first character
    (个(?:百分点|月|)), the commonest groups first, so a unit is found after a few
    one-character tests instead of up to 70 alternatives.  Only words sharing a
    first character can match at one place, and each group keeps their order, so
    the first word to match (and every later one tried on backtracking) is the same."""
    groups: dict[str, list[str]] = {}
    for u in units:
        groups.setdefault(u[0], []).append(re.escape(u[1:]))
    heads = sorted(groups, key=lambda h: _COMMON_UNIT_HEADS.find(h) % (len(_COMMON_UNIT_HEADS) + 1))
    alts = [h if groups[h] == [""] else h + "(?:" + "|".join(groups[h]) + ")" for h in heads]
    return "(?=[" + "".join(heads) + "])(?:" + "|".join(alts) + ")"


_UNIT_RE: Final = _unit_alternation(UNITS)
_UNIT_HEADS: Final = "".join(sorted({u[0] for u in UNITS}))
"""The first characters of the measure words."""
# Places counted after a list of their names (寨后、过坂两村; 甲乡和乙镇两乡镇).
_LIST_HEADS: Final = "乡镇|村|社区|乡|镇|街道|县|市|区|省"
_MAG: Final = r"(?:万亿|亿|万)"
_NUM: Final = rf"(?:{ARABIC}|{CHINESE})"

# The numeric core.  Alternatives are tried left to right at each position; the
# lookahead lets the engine skip positions that cannot start a number quickly
# (compiled by ``compile_class_led``, its search jumps between such characters).
# A number (``a`` Arabic, ``c`` Chinese) is read once and then its tail is tried:
# a measure word (unit), a percentage (pct, Arabic only), a range (r…) or, for
# Arabic, nothing (bare).  That is the same as trying "range | percent | counted |
# bare" each with its own numeral: a range needs the longest numeral (what follows
# a shorter one is a digit, 点 or a numeral character, never a separator), and the
# 万…千 form, tried first here, can never be read as a range.  The first three
# tails exclude each other (after the numeral and its 万/亿 a range needs white
# space or a range mark, a percentage white space or %, a measure word a space
# or a unit: no unit starts with a range mark or %), so at most one of them holds
# and their order changes no match; the commonest, a measure word, goes first,
# behind a look-ahead on every character it can start with (a number with no
# measure word fails it in one class test); so is the range tail.
# Optional parts are written ``(…|)`` or ``[…]?`` (see extract.numbers: no
# allocation per try), so an absent part reads "" rather than None.
def _core_pattern(fractions: bool, thousands: bool) -> str:
    """The core grammar.  Without ``fractions`` (a text with no 分之) the 百分之… and
    …分之… alternatives, without ``thousands`` (no 千) the 万…千 one, open with a
    character that cannot stand where a match starts (outside the look-ahead's
    class): the engine passes over each with one character test instead of reading
    the numeral before 分之 or 万 at every number.  The groups and their numbers
    stay the same."""
    fence = "" if fractions else "x"  # never at a match's start: not in its first class
    fence_wan = "" if thousands else "x"
    return (
        rf"(?=[0-9{CN_NUMERAL_CHARS}过半])(?:{fence}百分之(?P<pw>{_NUM})"
        rf"|{fence}(?P<fd>[{CN_NUMERAL_CHARS}]++|[0-9]++)分之(?P<fn>[{CN_NUMERAL_CHARS}]+|[0-9]+)"
        rf"|(?P<half>一半|过半|半数)"
        rf"|{fence_wan}(?P<wn>[0-9]++|[一二两三四五六七八九十]++)万(?P<wk>[0-9一二两三四五六七八九])千(?P<wq>[余多]?)(?P<wu>{_UNIT_RE}|)"
        rf"|(?:(?P<a>{ARABIC})|(?P<c>{CHINESE}))(?:"
        rf"(?=[余多{_SPACES}万亿成{_UNIT_HEADS}])(?P<q1>[余多]?)(?:(?P<sp2>[{_SPACES}]|)(?P<mag>{_MAG})|)(?P<q2>[余多]?)(?P<sp>[{_SPACES}]?)(?P<unit>{_UNIT_RE}|成)"
        rf"|(?(a)\s*(?P<pct>%)|(?!))"
        rf"|(?=[万亿\s\-~～—–至到])(?P<r1m>{_MAG}|)\s*(?:-|~|～|—|–|至|到)\s*(?P<r2>{ARABIC}|{CHINESE})(?P<r2m>{_MAG}|)(?P<rq>[余多]?)(?P<ru>%|{_UNIT_RE})"
        rf"|(?(a)(?P<bq1>[余多]?)(?P<bmag>{_MAG}|)(?P<bq2>[余多]?)|(?!)))"
        rf"|(?P<lw>[二两三四五六七八九十]{{1,2}})(?={_LIST_HEADS}))"
    )


_CORES: Final = tuple(compile_class_led(_core_pattern(bool(k & 1), bool(k & 2))) for k in range(4))
"""The core for each text: ``_CORES[_core_index(text)]``; the same matches there, fewer steps per number."""
_CORE: Final = _CORES[3]
assert all(p.groupindex == _CORE.groupindex for p in _CORES)


def _core_index(text: str) -> int:
    """Which of ``_CORES`` reads ``text``: the 分之 and 万…千 forms only where their
    words are there at all (two substring scans, cheaper than a step per number)."""
    k = 0
    if "分之" in text:
        k = 1
    if "千" in text:
        k += 2
    return k
# Group numbers of _CORE: ``m[_G_UNIT]`` reads a group without looking its name
# up in the pattern's dict (several reads per number in every report).
_G_PW: Final[int] = _CORE.groupindex["pw"]
_G_FD: Final[int] = _CORE.groupindex["fd"]
_G_FN: Final[int] = _CORE.groupindex["fn"]
_G_HALF: Final[int] = _CORE.groupindex["half"]
_G_WN: Final[int] = _CORE.groupindex["wn"]
_G_WK: Final[int] = _CORE.groupindex["wk"]
_G_WQ: Final[int] = _CORE.groupindex["wq"]
_G_WU: Final[int] = _CORE.groupindex["wu"]
_G_A: Final[int] = _CORE.groupindex["a"]
_G_C: Final[int] = _CORE.groupindex["c"]
_G_R1M: Final[int] = _CORE.groupindex["r1m"]
_G_R2: Final[int] = _CORE.groupindex["r2"]
_G_R2M: Final[int] = _CORE.groupindex["r2m"]
_G_RQ: Final[int] = _CORE.groupindex["rq"]
_G_RU: Final[int] = _CORE.groupindex["ru"]
_G_PCT: Final[int] = _CORE.groupindex["pct"]
_G_Q1: Final[int] = _CORE.groupindex["q1"]
_G_SP2: Final[int] = _CORE.groupindex["sp2"]
_G_MAG: Final[int] = _CORE.groupindex["mag"]
_G_Q2: Final[int] = _CORE.groupindex["q2"]
_G_SP: Final[int] = _CORE.groupindex["sp"]
_G_UNIT: Final[int] = _CORE.groupindex["unit"]
_G_BQ1: Final[int] = _CORE.groupindex["bq1"]
_G_BMAG: Final[int] = _CORE.groupindex["bmag"]
_G_BQ2: Final[int] = _CORE.groupindex["bq2"]
_G_LW: Final[int] = _CORE.groupindex["lw"]

_PRE_QUAL: Final = (
    ("大约", "approx"), ("接近", "approx"), ("将近", "approx"), ("近", "approx"), ("约", "approx"),
    ("超过", "more_than"), ("多达", "more_than"), ("逾", "more_than"), ("超", "more_than"),
    ("过", "more_than"), ("不少于", "more_than"), ("不低于", "more_than"), ("不足", "less_than"),
    ("不到", "less_than"), ("不超过", "less_than"), ("不高于", "less_than"), ("不多于", "less_than"),
)
_PRE_QUAL_OF: Final = dict(_PRE_QUAL)
_PRE_QUAL_RE: Final = re.compile("(?:" + "|".join(sorted(_PRE_QUAL_OF, key=len, reverse=True)) + ")$")
# Last characters a match of _PRE_QUAL_RE can end with ("$" also matches before a final newline).
_PRE_QUAL_LAST: Final = frozenset(w[-1] for w in _PRE_QUAL_OF) | frozenset("\n")
_POST_QUAL: Final = (
    ("以上", "more_than"), ("多", "more_than"), ("以下", "less_than"), ("以内", "less_than"),
    ("之内", "less_than"), ("内", "less_than"), ("左右", "approx"), ("上下", "approx"),
)
_UP: Final = ("提高", "提升", "上升", "增加", "增长", "增多", "扩大", "上涨", "多出", "升高")
_DOWN: Final = ("下降", "降低", "减少", "缩小", "回落", "下滑", "降幅", "减小", "缩减", "年轻")
_CHANGE_TAIL: Final = re.compile(
    rf"(?P<verb>{'|'.join(_UP + _DOWN)})(?:了|达|约|近)?$"
)
_LEVEL_VERBS: Final = "|".join(_UP + _DOWN + ("降", "升", "增", "减", "提"))
_LEVEL_TAIL: Final = re.compile(rf"(?:{_LEVEL_VERBS})(?:了)?(?:到|至|为)$")
# Last characters a tail matching _CHANGE_TAIL / _LEVEL_TAIL can end with ("$" also
# matches before a final newline): a set test skips the regex for most figures.
_CHANGE_TAIL_LAST: Final = frozenset(w[-1] for w in _UP + _DOWN) | frozenset("了达约近\n")
_LEVEL_TAIL_LAST: Final = frozenset("到至为\n")
_TO_LEVEL_HEAD: Final = re.compile(rf"(?:{_LEVEL_VERBS})(?:了)?(?:到|至|为)")
_VAGUE_BEFORE: Final = ("数", "几", "上", "成", "好几", "若干")
_NOT_BARE_AFTER: Final = set("年月日号时分秒届后前版楼层路期号周级色代元度号线")
# Admin units and groups that may follow an Arabic numeral without a measure word (15乡镇, 5省).
_BARE_HEADS: Final = (
    "乡镇", "乡", "镇", "村", "社区", "街道", "设区市", "县", "市", "省", "区", "自治区", "旗", "州",
    "党员", "党组织", "党支部", "支部", "户", "群众", "选民", "居民", "村民", "农户", "万",
)
_TIME_NOW: Final = ("上午", "下午", "晚上", "凌晨", "早上", "中午", "晚")
_THRESHOLD_AFTER: Final = re.compile(r"(?:及)?(?:以上|以下|以内)的|(?:及)?(?:以上|以下)(?:人员|年龄|学历|群体|干部|党员)")
_DURATION_BEFORE: Final = ("提前", "历时", "连续", "为期", "用时", "用了", "满", "后", "每", "在", "内", "之日起")
_END_MARKS: Final = "。！？!?；;\n"
_SENTENCE: Final = re.compile(r"[^。！？!?；;\n]+[。！？!?；;\n]*")
_LABEL: Final = re.compile(r"“[^“”\n]{1,20}”|‘[^‘’\n]{1,20}’|《[^《》\n]{1,40}》|「[^「」\n]{1,20}」|【[^【】\n]{1,24}】|\"[^\"\n]{1,20}\"")
_LABEL_OPENERS: Final = _opening_chars(_LABEL.pattern)
"""The first characters of ``_LABEL``'s alternatives (“‘《「【")."""
_QUOTED_STATEMENT: Final = 11
"""A quoted span this long (marks included) is a quoted statement, not a name or slogan."""
# Every alternative starts with one literal character and the pattern has no
# global flag, so the engine jumps straight to the characters that can start a
# match (a look-ahead prefilter or re.I would make it try every position).  The
# Latin words ignore case after their first letter, which lists each character
# re.I would let stand there (i: I, İ, ı).
_BOILERPLATE: Final = re.compile(
    r"版权|转载|本网|本站|免责|侵权|报料|责任编辑|责编|网络编辑|编辑[:：]|来源[:：]|扫码|二维码|备案号|联系电话|举报电话[:：]"
    r"|免费订阅|编辑短信|发送短信|手机报|下载客户端"
    r"|c(?i:opyright)|C(?i:opyright)|i(?i:cp)|I(?i:cp)|\u0130(?i:cp)|\u0131(?i:cp)"
)
_CODE_NEIGHBOUR: Final = set("0123456789.:/-_#@=&?%ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_COLON: Final = ord(":")
_CLAUSE_BREAK: Final = re.compile(r"[，,；;。]")
_LIST_CLAUSE_BREAK: Final = re.compile(r"[，,；;。：:“”（）()]")
_LIST_SEP: Final = re.compile(r"、|和|及|与")
_CJK_WORD: Final = re.compile(r"[\u4e00-\u9fff]+")
_ATTRIBUTE_BEFORE: Final = re.compile(r"占比|比例|比重|率|占")


# 讲3点意见: points of a speech or list, not a clock time (which 点 is after an Arabic numeral)
_POINT_NOUN: Final = re.compile(r"(?:意见|要求|建议|做法|看法|体会|思考|启示|经验|措施|希望|打算|共识)")
# 以1100张以上的高票当选: the votes a winner got, a fact however it is bounded
_VOTES_WON: Final = re.compile(r"(?:以上|多)的?(?:高票|票数|选票|得票|赞成票)")
# 女村民代表达到三分之一的村占99.96%: a share that defines the villages another share counts
_GROUP_SHARE_AFTER: Final = re.compile(r"(?:及)?(?:以上)?的(?:村|社区|行政村|村委会|居委会|村\(社区\))[^，,；;。0-9]{0,4}占")
# 都有1名以上女性的目标: a quota every unit has to meet
_EACH_HAS: Final = re.compile(r"(?:都|均|各|每个?[村社区]{0,2})(?:要|应|应当)?(?:有|配备|配齐)$")


def _clause_before(text: str, pos: int) -> str:
    return _CLAUSE_BREAK.split(_before(text, pos, 20))[-1]
_EVENT_UNITS: Final = frozenset({"轮", "次", "场", "场次", "期", "批", "倍"})
"""Counts of events: 8轮以上的换届 is how many rounds, never a group cut-off."""
_SHARE_BEFORE: Final = re.compile(r"占|比例|比重|人数|数量|成员|委员|代表|女性|妇女|党员")
_ADJACENT_DIGITS: Final = re.compile(r"[一二两三四五六七八九]{2}")
_DURATION_VERBS: Final = ("经过", "历时", "用时", "用了", "仅用", "只用", "花了", "耗时", "为期")
_TERM_CYCLE: Final = re.compile(r"一(?:度|届|次|换届?|轮|选)")
"""三年一度 / 5年一换届: the length of a term, a duration."""
_AGE_CAP: Final = re.compile(r"(?:不超过|不得超过|不能超过|不应超过|不高于|不大于|上限(?:设|定)?为|上限是|控制在|低于|小于|未满|不满)$")
# Last characters an _AGE_CAP match can end with ("$" also matches before a final newline).
_AGE_CAP_LAST: Final = frozenset("过于为是在满\n")
_MAN: Final = ord("满")
# 2011年19期: the year and issue of a periodical
_ISSUE_OF_YEAR: Final = re.compile(r"(?:19|20)\d\d\s*年\s*(?:第\s*)?$")
_ROUND: Final = {"百": 100.0, "千": 1000.0}
_ROUND_QUALIFIERS: Final = ("将近", "接近", "近", "约", "大约", "超过", "逾", "多达", "不足", "不到")
_AVERAGE_UNITS: Final = {"岁", "周岁", None, "名", "人", "%", "个", "元", "万元", "天", "年"}
_MEMBER_QUOTA: Final = ("职数", "设置", "配备不超过")
_RULE_BEFORE: Final = ("得票最多的", "得票多的", "得票较多的")


@dataclass(slots=True, init=False)
class Hit:
    """One figure found by the grammar, before subject and metric are attached.

    The ``__init__`` is written out: the one ``dataclass`` generates runs as
    interpreted Python even in the compiled build (one call per figure)."""

    start: int
    end: int
    value: float
    unit: str | None
    kind: str
    qualifier: str = "exact"
    value_max: float | None = None
    direction: str | None = None
    role: str | None = None
    """``earlier`` for the first term of 由X下降到Y, ``level`` for the second."""
    num_start: int = 0
    num_end: int = 0
    """Where the numeral+unit core is (the quote may add a qualifier on either side)."""

    def __init__(self, start: int, end: int, value: float, unit: str | None, kind: str,
                 qualifier: str = "exact", value_max: float | None = None, direction: str | None = None,
                 role: str | None = None, num_start: int = 0, num_end: int = 0) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.unit = unit
        self.kind = kind
        self.qualifier = qualifier
        self.value_max = value_max
        self.direction = direction
        self.role = role
        self.num_start = num_start
        self.num_end = num_end


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Half-open spans of sentences (split at 。！？；, and line breaks).

    A sentence is a run of text with the run of end marks after it; end marks
    before the first sentence belong to none.  The same spans as the matches of
    ``_SENTENCE``, read from the offsets of the end marks: one ``str.find`` scan
    per mark (a character-class regex tests every character through a table, at
    several times the cost; this runs once per document)."""
    marks = char_offsets(text, _END_MARKS)
    out: list[tuple[int, int]] = []
    pos = 0  # where the next sentence starts
    k = 0
    n_marks = len(marks)
    while k < n_marks:
        first = marks[k]
        while k + 1 < n_marks and marks[k + 1] == marks[k] + 1:
            k += 1  # a run of end marks closes one sentence
        run_end = marks[k] + 1
        if first > pos:  # end marks at the very start belong to no sentence
            out.append((pos, run_end))
        pos = run_end
        k += 1
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def label_spans(text: str) -> list[tuple[int, int]]:
    """Short quoted or bracketed spans: names, slogans and titles (“三个一”, 《…》).

    The matches of ``_LABEL``, read without scanning the text with it: every match
    starts with an opening mark, so the marks' offsets (one ``str.find`` scan per
    mark, much cheaper than a class test per character) are the only places where
    a match can start; trying them in order past the end of the last match gives
    the same matches as ``finditer``."""
    return [m.span() for m in _starting_at(_LABEL, text, char_offsets(text, _LABEL_OPENERS))]


def boilerplate_spans(text: str, sentences: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentences that are site boilerplate (copyright, editor lines): never figures."""
    return _sentences_at(text, [m.start() for m in _BOILERPLATE.finditer(text)], sentences)


def _sentences_at(text: str, found: list[int], sentences: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """The sentences (sorted, each once) in which the offsets ``found`` (sorted) lie."""
    if not found:
        return []
    if sentences is None:
        sentences = sentence_bounds(text)
    starts = [a for a, _ in sentences]
    out: list[tuple[int, int]] = []
    for pos in found:
        i = bisect_right(starts, pos) - 1
        if i >= 0 and (not out or out[-1] != sentences[i]):
            out.append(sentences[i])
    return out


class _Facts:
    """Which of a few rare words a report contains at all, read once per text.

    Several rules look for a word near each figure (职数 before a quota, 得票 before
    an election rule, 平均 before an average, 组成 after a size rule, 至少, the
    wording of a voting rule).  Most reports contain none of them, so a rule whose
    word is absent from the whole text is skipped for every figure."""

    __slots__ = ("quota", "rule", "average", "at_least", "composed", "norm", "norm_rules")

    def __init__(self, found: set[str]):
        # ``found``: the words of one scan for all of them (``_WORDS``; no word's end
        # starts another of a different fact, so non-overlapping matches miss none)
        self.quota = any(w in found for w in _MEMBER_QUOTA)
        self.rule = "得票" in found  # every _RULE_BEFORE phrase contains it
        self.average = "平均" in found
        self.at_least = "至少" in found  # _AT_LEAST starts with it
        self.composed = "组成" in found  # _COMPOSED and _SIZE_RANGE_HEAD end with it
        self.norm = any(w in found for w in _NORM_WORD_LIST)
        self.norm_rules = self.composed or self.at_least or self.norm  # _is_norm may hold anywhere


def find_figures(text: str, *, sentences: list[tuple[int, int]] | None = None) -> list[Hit]:
    """All figures in ``text`` (normalised), in text order; never raises on any str.

    ``sentences`` (from ``sentence_bounds``) may be passed when the caller has them.
    """
    if not text:
        return []
    labels = label_spans(text)
    # one scan for the boilerplate words and the rare fact words (``_WORDS``)
    boiler_at: list[int] = []
    words: set[str] = set()
    for w in _WORDS.finditer(text):
        word = w.group()
        if word in _FACT_WORD_SET:
            words.add(word)
        else:
            boiler_at.append(w.start())
    boiler = _sentences_at(text, boiler_at, sentences)
    n_labels, n_boiler = len(labels), len(boiler)
    li = bi = 0  # the first label / boilerplate sentence that does not end before the number
    facts = _Facts(words)
    hits: list[Hit] = []
    # A number inside a boilerplate sentence or a short label is never a figure, and
    # neither is any later one there.  The scan leaves out the boilerplate sentences
    # that no match can run into or out of (``_scan_segments``); in any other such
    # span it resumes past the span after the first number (``_resume_at``).
    segments = _scan_segments(text, boiler)
    seg = 0
    hi = segments[0][1]
    core = _CORES[_core_index(text)]
    found = core.finditer(text, 0, hi)
    resume = 0  # where the last jump went: no number before it is read
    while True:
        m = next(found, None)
        if m is None:
            seg += 1
            if seg >= len(segments):
                break
            lo, hi = segments[seg]
            found = core.finditer(text, lo if lo > resume else resume, hi)
            continue
        s, e = m.span()
        # Numbers come in text order and the spans are sorted and disjoint, so one
        # forward walk over each list finds the span around a number (no search per number).
        if bi < n_boiler:
            while bi < n_boiler and boiler[bi][1] <= s:
                bi += 1
            if bi < n_boiler and boiler[bi][0] <= s:
                end = boiler[bi][1]
                if end > e and _resume_at(text, end):
                    resume = end
                    found = core.finditer(text, end, hi)
                continue
        label: tuple[int, int] | None = None
        if li < n_labels:
            while li < n_labels and labels[li][1] <= s:
                li += 1
            if li < n_labels and labels[li][0] <= s:
                label = labels[li]
                if label[1] - label[0] < _QUOTED_STATEMENT:
                    if label[1] > e:  # no number runs over a closing mark (”》】…)
                        resume = label[1]
                        found = core.finditer(text, resume, hi)
                    continue
        try:
            hit = _read(text, m, s, e, facts)
        except (NumberError, ValueError, OverflowError):
            hit = None
        if hit is not None and label is not None and (hit.kind != "duration" or (
                hit.num_end != label[1] - 1 and "任期" not in text[label[0]:label[1]])):
            continue  # in a quoted statement (“村委会每届任期三年”) only a term length that ends it counts
        if hit is not None:
            hits.append(hit)
    _link_comparisons(text, hits)
    return hits


# What may follow the white space after a sentence for a core match to run on into
# it: only ``\s*`` in the range and percent tails crosses a line break, and after it
# comes a range mark, a percent sign or the second number of a range; before it
# stands a numeral (with its 万/亿) or a range mark.
_RUNS_ON: Final = frozenset("-~～—–至到%0123456789" + CN_NUMERAL_CHARS)
_RUNS_FROM: Final = frozenset("-~～—–至到万亿0123456789" + CN_NUMERAL_CHARS)


def _scan_segments(text: str, boiler: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``text`` to scan for numbers: all of it but the boilerplate
    sentences (``boiler``, sorted) that can be cut out, those that no match can
    run into from before or out of past their end (both ends after end marks,
    ``_resume_at``).  Scanned up to such a sentence, a part gives the same matches
    as the whole text: every match before it ends before its first character."""
    out: list[tuple[int, int]] = []
    lo = 0
    n = len(text)
    for bs, be in boiler:
        if (bs == 0 or text[bs - 1] in _END_MARKS and _resume_at(text, bs)) and (
                be >= n or text[be - 1] in _END_MARKS and _resume_at(text, be)):
            out.append((lo, bs))
            lo = be
    out.append((lo, n))
    return out


def _resume_at(text: str, end: int) -> bool:
    """Whether the core scan may resume at ``end``, the end of a skipped sentence:
    true when no match starting inside the sentence can reach past it (its end marks
    stop every match unless they are white space followed by a range's or a
    percentage's continuation), so the matches from ``end`` on are the same ones."""
    n = len(text)
    if end >= n or not text[end - 1].isspace():
        return True
    i = end - 1
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == 0 or text[i - 1] not in _RUNS_FROM:
        return True  # nothing before the white space that a ``\s*`` may follow
    j = end
    while j < n and text[j].isspace():
        j += 1
    return j >= n or text[j] not in _RUNS_ON


# First characters of _GROUP_SHARE_AFTER and _THRESHOLD_AFTER matches.
_GROUP_SHARE_FIRST: Final = frozenset("及以的")
# What must follow a figure for an _is_norm rule that needs no rare word (以上, 及以上, 左右).
_NORM_NEXT: Final = frozenset("以及左")
_THRESHOLD_FIRST: Final = frozenset("及以")
_POST_QUAL_FIRST: Final = frozenset(w[0] for w, _ in _POST_QUAL)

# The hot character tests read code points (``ord(text[i])``, which the compiled
# build reads without making a one-character string) in one table of flag bits
# per BMP character: indexing ``bytes`` is an int read, where a set of ints would
# box the code point (a new int object for every CJK character) and hash it.
_SPACE_BIT: Final = 1
_CODE_NEIGHBOUR_BIT: Final = 2
_PRE_QUAL_LAST_BIT: Final = 4
_CHANGE_TAIL_LAST_BIT: Final = 8
_LEVEL_TAIL_LAST_BIT: Final = 16
_AGE_CAP_LAST_BIT: Final = 32
_AFTER_WORD_BIT: Final = 64
"""The first character of a word after a figure that one of _finish's rules reads."""


def _char_flags() -> bytes:
    table = bytearray(0x10000)
    for chars, bit in ((_SPACES, _SPACE_BIT), (_CODE_NEIGHBOUR, _CODE_NEIGHBOUR_BIT),
                       (_PRE_QUAL_LAST, _PRE_QUAL_LAST_BIT), (_CHANGE_TAIL_LAST, _CHANGE_TAIL_LAST_BIT),
                       (_LEVEL_TAIL_LAST, _LEVEL_TAIL_LAST_BIT), (_AGE_CAP_LAST, _AGE_CAP_LAST_BIT),
                       (_GROUP_SHARE_FIRST | _THRESHOLD_FIRST | _NORM_NEXT | _POST_QUAL_FIRST, _AFTER_WORD_BIT)):
        for ch in chars:
            table[ord(ch)] |= bit  # every one of them is in the BMP
    return bytes(table)


_CHAR_FLAGS: Final[bytes] = _char_flags()


def _has_bit(code: int, bit: int) -> bool:
    """Whether the character with code point ``code`` (-1: none) is in the set ``bit`` names."""
    return 0 <= code < 0x10000 and _CHAR_FLAGS[code] & bit != 0


def _spaced_end(text: str, pos: int) -> int:
    """``pos``, or one before it when a single space stands there (不超过 60 周岁)."""
    if pos > 1 and _has_bit(ord(text[pos - 1]), _SPACE_BIT) and not _has_bit(ord(text[pos - 2]), _SPACE_BIT):
        return pos - 1
    return pos


def _before(text: str, pos: int, n: int) -> str:
    """The ``n`` characters before ``pos``, through one space (不超过 60 周岁 reads as 不超过60周岁)."""
    pos = _spaced_end(text, pos)
    start = pos - n
    return text[start if start > 0 else 0:pos]


def _code_point_before(text: str, pos: int) -> int:
    """The code point of the last character of ``_before(text, pos, n)``, or -1 at
    the start: one character to test, without slicing the window or making a string."""
    pos = _spaced_end(text, pos)
    return ord(text[pos - 1]) if pos > 0 else -1


def _pre_qualifier(text: str, pos: int) -> tuple[str, int]:
    at = _spaced_end(text, pos)  # 超过 96 万名
    if at == 0 or not _has_bit(ord(text[at - 1]), _PRE_QUAL_LAST_BIT):
        return "exact", pos  # the common case: no qualifier word ends here
    m = _PRE_QUAL_RE.search(text, max(0, at - 3), at)
    if m is None:
        return "exact", pos
    if m.group(0) == "过" and m.start() > 0 and text[m.start() - 1] in "经通度越错路":
        return "exact", pos  # 经过一天: a verb, not "more than"
    return _PRE_QUAL_OF[m.group(0)], m.start()




def _post_qualifier(text: str, pos: int) -> tuple[str | None, int]:
    if text[pos:pos + 1] not in _POST_QUAL_FIRST:
        return None, pos  # the common case: no qualifier word can start here
    right = text[pos:pos + 2]
    for word, q in _POST_QUAL:
        if right.startswith(word):
            return q, pos + len(word)
    return None, pos


def _code_before(text: str, s: int) -> bool:
    """The character before ``s`` glues the number to a code, date, time or URL.

    A colon is a clock or ratio only between digits (17:10); after a word it is
    punctuation (学历结构:412名, a mirror's ASCII form of ``：``).
    """
    if s <= 0:
        return False
    c = ord(text[s - 1])
    if not _has_bit(c, _CODE_NEIGHBOUR_BIT):
        return False
    if c == _COLON:
        return s > 1 and text[s - 2].isdigit()
    return True


def _is_code_context(text: str, s: int, e: int) -> bool:
    """Digits glued to Latin letters, dates, times, URLs, phone numbers."""
    if _code_before(text, s):
        return True
    if e < len(text) and text[e] in _CODE_NEIGHBOUR and text[e] not in "%":
        # 2021-02-08, 17:10, 0870-2158276, but not 62.8% (the regex ate the decimals)
        return True
    return False


_ORDINAL_MARK: Final = ord("第")
_OF_THEM: Final = ord("其")


def _read(text: str, m: re.Match, s: int, e: int, facts: _Facts) -> Hit | None:
    """The figure that the core match ``m`` (at ``s``–``e``) makes, if any."""
    g = m  # m[_G_…] by group number: groupdict() would build a 30-key dict per number
    left1 = ord(text[s - 1]) if s > 0 else -1  # a code point: no string per number
    if s > 1 and _has_bit(left1, _SPACE_BIT):
        if text[s - 2].isdigit():
            return None  # the tail of a spaced digit run (2005 120, a table row), not a number
        left1 = ord(text[s - 2])
    if left1 == _ORDINAL_MARK or left1 == _OF_THEM:
        return None  # ordinal (第十一届, 第五次, 其一)
    num = g[_G_A]
    if num is not None:  # an Arabic number and its tail
        if g[_G_UNIT] is not None:  # the common case: a numeral with a measure word
            return _read_counted(text, m, s, e, facts, num, False)
        if g[_G_R2] is not None:
            return _read_range(text, m, s, e, facts, num)
        if g[_G_PCT] is not None:
            if _code_before(text, s):
                return None
            # parse_number: the cached reader (an Arabic numeral has no magnitude, so the same value)
            return _finish(text, s, e, parse_number(num), "%", "percent", facts=facts)
        return _read_bare(text, m, s, e, facts, num)
    num = g[_G_C]
    if num is not None:  # a Chinese number: a measure word or a range follows
        if g[_G_UNIT] is not None:
            return _read_counted(text, m, s, e, facts, num, True)
        return _read_range(text, m, s, e, facts, num)
    if g[_G_WN] is not None:  # 3万8千人, 两万三千名
        return _read_wan_qian(text, m, facts)
    if g[_G_PW] is not None:  # 百分之六十二点八
        return _finish(text, s, e, parse_numeral(g[_G_PW]), "%", "percent", facts=facts)
    if g[_G_FD] is not None:  # 三分之二
        if left1 >= 0 and (chr(left1) in CN_NUMERAL_CHARS or chr(left1).isdigit()):
            return None
        return _finish(text, s, e, parse_fraction(m.group(0)), "%", "percent", facts=facts)
    if g[_G_HALF] is not None:
        word = g[_G_HALF]
        if word == "过半" and not _SHARE_BEFORE.search(_before(text, s, 8)):
            return None  # 得票过半 / 未过半: the majority rule, not a share
        hit = _finish(text, s, e, 50.0, "%", "percent", facts=facts)
        if hit and word in ("过半", "半数") and hit.qualifier == "exact":
            hit.qualifier = "more_than"
        if word == "半数" and not text.startswith(("以上", "以下"), e):
            return None  # 半数 alone is a rule ("过半数"), not a share
        return hit
    return _read_list_count(text, m, facts)


def _read_range(text: str, m: re.Match, s: int, e: int, facts: _Facts, a: str) -> Hit | None:
    b, unit = m[_G_R2], m[_G_RU]
    if is_chinese(a) != is_chinese(b):
        return None
    if _code_before(text, s):
        return None
    lo = parse_number(a + m[_G_R1M])
    hi = parse_number(b + (m[_G_R2M] or m[_G_R1M]))
    if unit in ("年",) and is_year_numeral(a):
        return None  # 2016-2021年: years
    if unit == "日" or hi <= lo:
        return None
    if unit in ("岁", "周岁") and (text.startswith(("之间", "的", "以", "段", "年龄段", "人员", "人数", "占", "有"), e)
                                  or text[e:e + 1].isdigit() or text[e:e + 1] in CN_NUMERAL_CHARS):
        return None  # an age band that defines a group (30至49岁1124人)
    hit = _finish(text, s, e, lo, unit, "range", value_max=hi, qual_in=m[_G_RQ], facts=facts)
    return hit


# Measure words with rules of their own in _read_counted; any other (名, 人, 位, 场…)
# goes straight to the checks that hold for every count.
_RULED_UNITS: Final = frozenset({
    "篇", "则", "份", "例", "期", "户", "成", "个", "倍", "个百分点", "百分点", "点", "届",
    "次", "起", "类", "批", "岁", "周岁",
}) | TIME_UNITS


def _read_counted(text: str, m: re.Match, s: int, e: int, facts: _Facts, num: str, chinese: bool) -> Hit | None:
    # typed reads: compiled, comparisons and look-ups of a ``str`` skip the generic object protocol
    unit: str = m[_G_UNIT]
    qual_in: str = m[_G_Q1] or m[_G_Q2]
    if m[_G_SP] and (chinese or unit not in SPACED_UNITS) and not (
            unit == "张" and "票" in _before(text, s, 6)):
        return None  # 2014 年, 1 张三: a space parts a number from a calendar word or a name (选票 3 456 张 is ballots)
    if chinese:
        if m[_G_SP2]:
            return None
        if len(num) > 1 and _ADJACENT_DIGITS.search(num):
            return None  # 一一 / 三四个 (唯一一家, "three or four")
        if is_bare_magnitude(num) and not _round_amount(text, s, num, qual_in):
            return None  # 千家万户, 百村行, 上百人: words and vague amounts
        if is_indefinite_one(num) and not (unit in TIME_UNITS or unit == "个" and text.startswith(("月", "多月", "半月"), e)):
            return None
        if is_indefinite_one(num) and not _strip_pre_qualifier(_before(text, s, 6)).endswith(_DURATION_VERBS):
            return None  # 一天 is a figure only as the length of a stated process (经过(近)一天的选举)
        if num == "四" and unit == "处":
            return None  # 四处: "everywhere"
        if _before(text, s, 2).endswith(_VAGUE_BEFORE):
            if not (text[s - 1:s] == "成" and num[0] not in "十百千"):
                return None  # 数十名, 成百上千; but 分成三处 is three
        if text[s - 1:s] in CN_NUMERAL_CHARS and s > 0:
            return None
    elif _code_before(text, s):
        return None
    mag: str = m[_G_MAG] or ""
    after = text[e:e + 6]

    if unit in _RULED_UNITS:
        if unit in ("篇", "则", "份", "例") and _ANTHOLOGY.search(text, max(0, s - 8), min(len(text), e + 8)):
            return None  # 工作总结(精选3篇), 范文5篇: an essay site's furniture, not a fact
        if unit == "期" and _ISSUE_OF_YEAR.search(_before(text, s, 8)):
            return None  # 2011年19期: a periodical's issue number
        if unit == "户" and after[:1] == "籍":
            # 1300多万户籍人口: 户籍 is a word (household registration), not the measure word 户
            return _finish(text, s, m.start(_G_UNIT), parse_number(num + mag), None, "count", qual_in=qual_in,
                           facts=facts)
        if unit == "成":
            if after[:1] in ("员", "立", "为", "果", "功", "效", "绩", "本", "长", "熟", "不", "型", "交", "就", "了", "套", "年", "人", "都", "才"):
                return None
            return _finish(text, s, e, parse_number(num + mag) * 10, "%", "percent", qual_in=qual_in, facts=facts)
        if unit == "个" and text.startswith(("多月", "半月"), e):
            # 两个多月 / 三个半月: 个 is the classifier of 月
            half = text[e] == "半"
            value = parse_number(num + mag) + (0.5 if half else 0)
            return _finish(text, s, e + 2, value, "月", "duration", qual_in=None if half else "多", facts=facts)
        if unit == "倍":
            return _finish(text, s, e, parse_number(num + mag), "倍", "ratio", qual_in=qual_in, facts=facts)
        if unit in ("个百分点", "百分点"):
            return _finish(text, s, e, parse_number(num + mag), unit, "change", qual_in=qual_in, facts=facts)
        if unit == "年":
            if is_year_numeral(num) or after[:1] in ("度", "级", "代") or re.match(r"[0-9一二三四五六七八九十]+月", after):
                return None
            if not chinese and len(num) >= 3:
                return None
        if unit in TIME_UNITS and after[:1] == "前" and not after.startswith("前后"):
            return None  # 四年前, 三天前: a point in time, not a duration
        if unit == "日":
            before = _before(text, s, 4)
            if not (after.startswith(("内", "以内", "之内")) or before.endswith(_DURATION_BEFORE[:6])):
                return None  # a day of the month
        if unit == "周" and after[:1] in ("年", "岁"):
            return None
        if unit == "点":
            if (not chinese and not _POINT_NOUN.match(after)) or after[:1] in ("半", "钟", "分") or _before(
                    text, s, 2).endswith(_TIME_NOW):
                return None
        if unit == "届":
            return None  # 十一届 without 第 is still an ordinal
        if unit in ("次", "起", "类", "期", "批") and chinese and len(num) == 1 and after[:1] in ("会", "全", "代"):
            return None
        if unit == "个" and after.startswith(("百分点",)):
            return None
        if unit in ("岁", "周岁"):
            if after.startswith(("以下", "以上", "及以下", "及以上", "以内", "至", "到", "-")):
                return None  # 35岁以下: an age group
            if _before(text, s, 2).endswith(("满", "年满")) or (
                    _has_bit(_code_point_before(text, s), _AGE_CAP_LAST_BIT) and _AGE_CAP.search(_before(text, s, 8))):
                return None  # 年满18周岁; 原则上不超过60周岁, 上限设为60周岁: an eligibility rule
    if chinese and after.startswith(SLOGAN_HEADS) and not (
            unit in TIME_UNITS and _TERM_CYCLE.match(after)):
        return None  # 八个必谈, 三个始终, 三个一 (but 三年一度: a term length)
    if _code_point_before(text, s) == _MAN:
        return None  # 满/不满/年满/居住满/任职满 N…: an eligibility rule
    if unit in MONEY_UNITS:
        value = parse_numeral(num) if mag else parse_number(num)
        return _finish(text, s, e, value, (mag + unit) if mag else unit, "money", qual_in=qual_in, facts=facts)
    if num in _ROUND:
        value = _ROUND[num] * (parse_number("1" + mag) if mag else 1.0)  # 百余人, 千余名
    else:
        value = parse_number(num + mag)
    kind = "duration" if unit in TIME_UNITS else "count"
    if unit == "个月":
        unit = "月"
    return _finish(text, s, e, value, unit, kind, qual_in=qual_in, facts=facts)


def _strip_pre_qualifier(before: str) -> str:
    """``经过近`` → ``经过``: the verb before a qualified amount."""
    for q in ("将近", "接近", "大约", "不到", "近", "约", "仅", "只", "才"):
        if before.endswith(q):
            return before[: -len(q)]
    return before


def _round_amount(text: str, s: int, num: str, qual_in: str | None) -> bool:
    """百余人, 千多名, 近百名: a hundred or a thousand with a qualifier is an amount;
    百, 千 alone (百村行, 千家万户) and 上百/数百/成千 stay words or vague."""
    if num not in ("百", "千") or (s > 0 and (text[s - 1].isdigit() or text[s - 1] in CN_NUMERAL_CHARS)):
        return False  # 8千多个: the tail of another numeral
    if _before(text, s, 2).endswith(_VAGUE_BEFORE):
        return False
    return bool(qual_in) or _before(text, s, 2).endswith(_ROUND_QUALIFIERS)


def _read_list_count(text: str, m: re.Match, facts: _Facts) -> Hit | None:
    """寨后、过坂两村: a Chinese count of places right after a list naming exactly that many."""
    s, e = m.span()
    try:
        value = parse_numeral(m[_G_LW])
    except NumberError:
        return None
    clause = _LIST_CLAUSE_BREAK.split(_before(text, s, 40))[-1]
    items = _LIST_SEP.split(clause)
    if len(items) != value or value < 2:
        return None
    if not all(1 <= len(x) <= 8 and _CJK_WORD.fullmatch(x) for x in items[1:]) or not items[0]:
        return None
    return _finish(text, s, e, value, None, "count", facts=facts)  # the quote ends at the numeral, like 15乡镇


def _read_wan_qian(text: str, m: re.Match, facts: _Facts) -> Hit | None:
    """3万8千人 / 两万三千名: ten-thousands and thousands written apart."""
    s, e = m.span()
    a, k = m[_G_WN], m[_G_WK]
    if is_chinese(a) != is_chinese(k) or _code_before(text, s):
        return None
    value = parse_numeral(a) * 1e4 + parse_numeral(k) * 1e3
    unit = m[_G_WU]
    if not unit:
        return _finish(text, s, e, value, None, "count", qual_in=m[_G_WQ], facts=facts)
    if unit in MONEY_UNITS:
        return _finish(text, s, e, value, unit, "money", qual_in=m[_G_WQ], facts=facts)
    return _finish(text, s, e, value, "月" if unit == "个月" else unit,
                   "duration" if unit in TIME_UNITS else "count", qual_in=m[_G_WQ], facts=facts)


def _read_bare(text: str, m: re.Match, s: int, e: int, facts: _Facts, num: str) -> Hit | None:
    """An Arabic numeral with no measure word: a figure only before a countable noun."""
    if _code_before(text, s):
        return None
    nxt = text[e:e + 1]
    if not nxt or nxt in _CODE_NEIGHBOUR:
        return None
    mag: str = m[_G_BMAG] or ""
    if mag:
        if nxt in _NOT_BARE_AFTER and nxt not in ("元",):
            return None
    else:
        if nxt in _NOT_BARE_AFTER or not text.startswith(_BARE_HEADS, e):
            return None
        if len(num.replace(",", "").split(".")[0]) >= 5 and not mag:
            return None  # long digit strings without a unit are codes
    if is_year_numeral(num) and not mag:
        return None
    return _finish(text, s, e, parse_number(num + mag), None, "count", qual_in=m[_G_BQ1] or m[_G_BQ2], facts=facts)


def _finish(text: str, s: int, e: int, value: float, unit: str | None, kind: str, *,
            value_max: float | None = None, qual_in: str | None = None, facts: _Facts) -> Hit | None:
    # Each context rule below is tried only when the one character it must start
    # with (after the number) or end with (before it) is there, or when the report
    # contains its word at all (``facts``): most figures meet none of them.  ``nxt``
    # is made a string only when it can start such a word (else "", in no set).
    nxt = text[e:e + 1] if e < len(text) and _has_bit(ord(text[e]), _AFTER_WORD_BIT) else ""
    if kind == "percent" and nxt in _GROUP_SHARE_FIRST and _GROUP_SHARE_AFTER.match(text, e):
        return None
    if nxt in _THRESHOLD_FIRST and unit not in _EVENT_UNITS and not (
            unit in ("张", "票") and _before(text, s, 1) == "以" and _VOTES_WON.match(text, e)) and (
            _THRESHOLD_AFTER.match(text, e) and (unit != "%" or _ATTRIBUTE_BEFORE.search(_clause_before(text, s)))):
        # 1000人以下的村; 占比达到九成以上的县: a cut-off that defines a group.  A share
        # of the group itself (95%以上的村实现“一肩挑”) is a figure; so are the votes a
        # winner got (以1100张以上的高票当选).
        return None
    if unit in PERSON_UNITS:
        if facts.quota:
            own = _clause_before(text, s)[-8:]  # split once, not once per quota word
            if any(w in own for w in _MEMBER_QUOTA):
                return None  # 职数设置4名, 职数5至7名: a size cut-off (in the number's own clause only)
        if facts.rule and _before(text, s, 6).endswith(_RULE_BEFORE):
            return None  # 得票最多的二人: the wording of an election rule, not a fact
    if (facts.norm_rules or nxt in _NORM_NEXT) and _is_norm(text, s, e, unit, kind, facts):
        return None
    qualifier, qs = _pre_qualifier(text, s)
    if qual_in:
        qualifier = "more_than"
    if nxt in _POST_QUAL_FIRST:
        post, qe = _post_qualifier(text, e)
    else:
        post = None
    if post and not (post == "less_than" and nxt == "内" and kind != "duration"):
        if post == "more_than" and nxt == "多" and kind not in ("count", "duration", "money"):
            qe = e
        else:
            qualifier = post
    else:
        qe = e
    if unit == "周岁":
        unit = "岁"  # the same measure (DESIGN's unit list has 岁 only): 45周岁 and 45岁 are one fact
    # positional: a keyword call of the generated __init__ costs three times as much
    hit = Hit(qs, qe, value, unit, kind, qualifier, value_max, None, None, s, e)
    # A stated change: 比上届下降2.8岁, 提高近3成, 提高21.19个百分点.
    cm = _CHANGE_TAIL.search(_before(text, qs, 6)) if _has_bit(_code_point_before(text, qs), _CHANGE_TAIL_LAST_BIT) else None
    if cm and cm["verb"] == "年轻" and unit not in ("岁", "周岁"):
        cm = None  # 年轻 is a change only of an age (比上届年轻4.8岁)
    if cm and kind in ("count", "percent", "average", "change"):
        hit.kind = "change"
        hit.direction = "up" if cm["verb"] in _UP else "down"
    elif kind == "change":
        hit.direction = None
    if facts.average and hit.kind not in ("change", "range") and unit in _AVERAGE_UNITS:
        before = _before(text, qs, 8)
        if "平均" in before and "平均" in _CLAUSE_BREAK.split(before)[-1]:
            hit.kind = "average"
    return hit



def _is_norm(text: str, s: int, e: int, unit: str | None, kind: str, facts: _Facts) -> bool:
    """Rules, quotas and descriptions that read like quantities (DESIGN: thresholds that
    only define a group are not figures):

    * a committee's size or composition rule — 由…共三至七人组成, 班子中至少有1名妇女;
    * a voting rule — 三分之二以上成员同意, 方可…;
    * a description of the bulk of a group — 以45岁左右、大专以上文化为主体.
    """
    if unit in PERSON_UNITS:
        if facts.composed:
            if kind == "range" and _COMPOSED.match(text, e):
                return True
            if _SIZE_RANGE_HEAD.match(text, e) or (
                    _SIZE_RANGE_TAIL.search(_before(text, s, 6)) and _COMPOSED.match(text, e)):
                return True  # 共3人至7人的单数组成: both ends of a size rule written with their unit
        if facts.at_least and _AT_LEAST.search(_before(text, s, 6)) and _COMPOSITION.search(_clause_before(text, s)):
            return True
        if text.startswith(("以上", "及以上"), e) and _EACH_HAS.search(_before(text, s, 6)):
            return True  # 都有1名以上女性: a quota
    elif kind == "percent":
        if facts.norm and _VOTE_RULE.match(text, e) and _NORM_WORDS.search(text, e, e + 40):
            return True
    if unit in ("岁", "周岁") and text.startswith("左右", e) and _before(text, s, 2).endswith("以") and (
            "为主" in text[e:e + 24]):
        return True
    return False


_ANTHOLOGY: Final = re.compile(r"精选|范文|通用\d|优选|汇编|范例|模板")
_COMPOSED: Final = re.compile(r"(?:的)?(?:单数|奇数)?组成")
_SIZE_RANGE_HEAD: Final = re.compile(r"[至到\-－~～][0-9一二三四五六七八九十]{1,3}[人名](?:的)?(?:单数|奇数)?组成")
_SIZE_RANGE_TAIL: Final = re.compile(r"[0-9一二三四五六七八九十]{1,3}[人名][至到\-－~～]$")
_AT_LEAST: Final = re.compile(r"至少(?:有|要有|应有|应当有|配备|包括|包含|要)?$")
_COMPOSITION: Final = re.compile(r"中|每(?:个|一|届|村)|班子|成员")
_VOTE_RULE: Final = re.compile(r"(?:以上|以下)?(?:的)?[\u4e00-\u9fff]{0,6}?(?:同意|赞成|通过|表决)")
_NORM_WORD_LIST: Final = ("方可", "方能", "才能", "才可", "必须", "须经", "应当", "有效")
_NORM_WORDS: Final = re.compile("|".join(_NORM_WORD_LIST))
_FACT_WORD_SET: Final = frozenset(_MEMBER_QUOTA + ("得票", "平均", "至少", "组成") + _NORM_WORD_LIST)
_FACT_WORDS: Final = re.compile("|".join(_MEMBER_QUOTA + ("得票", "平均", "至少", "组成") + _NORM_WORD_LIST))
# _BOILERPLATE and _FACT_WORDS in one scan (each alternative still opens with a
# literal, so the engine jumps between candidate characters).  Its matches are those
# of the two scans together: no boilerplate word contains a fact word's first
# character or a fact word the first character of a boilerplate word where the two
# could both match (备 of 配备不超过 is followed by 不, of 备案号 by 案), so a match of
# one never overlaps a match of the other; the matched text tells which it is.
_WORDS: Final = re.compile(_BOILERPLATE.pattern + "|" + _FACT_WORDS.pattern)


def _link_comparisons(text: str, hits: list[Hit]) -> None:
    """由51.4岁下降到49.8岁: the first term is ``earlier``, the second ``level``."""
    for i, h in enumerate(hits):
        if _has_bit(_code_point_before(text, h.start), _LEVEL_TAIL_LAST_BIT) and _LEVEL_TAIL.search(_before(text, h.start, 8)):
            h.role = "level"
            prev = hits[i - 1] if i else None
            if prev is not None and h.start - prev.end <= 8 and _TO_LEVEL_HEAD.match(text, prev.end):
                prev.role = "earlier"
                # the earlier term shares the kind of the comparison (an average age, a share)
                if h.kind == "average" or prev.kind == "average":
                    h.kind = prev.kind = "average"
