"""Subjects and canonical metrics for figures.

The grammar (``extract.figures``) says *how much*; this module says *of what*:

* ``subject`` – a short phrase from the sentence naming what is counted (the
  noun phrase after the measure word, else the one before the number), and for
  averages whose average it is (书记平均年龄);
* ``metric`` – a key of ``huanjie.codebook`` when the figure is one of the
  quantities researchers compare across regions.

A metric on a wrong figure pollutes every region × metric table, so every rule
here prefers ``None`` when the sentence does not say clearly what the number
measures.  A metric comes from four decisions, each read from the figure's own
clause (cut at the neighbouring figures):

(a) **what it counts** — the head noun: the noun phrase after the measure word
    (``unit_noun_span``: a village noun, possibly with an area modifier such as
    城区/农村; a village noun that only modifies another head — 村(社区)换届工作
    指导组 — is not a count of villages), else the noun before the number
    (涉及村委会30余万个, 书记113名);
(b) **the topic** that makes a share a metric (``TOPICS``: 一肩挑, 大专以上,
    女性, 35岁以下/80后, 参选率…; topics that are *not* the codebook's — 得票率,
    completion rates, committees that include a woman, education below college —
    block a farther topic instead of inheriting it), and for people's shares a
    denominator of people (100%的村委会班子 is a share of committees);
(c) **the predicate** — completed (完成, 产生新一届, 举行了…选举), in scope
    (涉及, 共有, 应换届), a claim (实现一肩挑), a procedural step or subset
    (完成了选民登记, 成立选举委员会, 提名, 一次性选举成功) or not done
    (未, 将, 计划); a bracketed breakdown is skipped to find it;
(d) **which term** — the previous term's value (上届为79%, the first end of
    由…到…) gets ``None`` (``is_earlier_term``); a change against it is a change
    metric.

These decisions are implemented in three layers:

1. **rule table** (``RULES``) for counts: ordered, first match wins, each rule
   naming the codebook key (checked against the codebook at import), the unit
   classes and kinds it applies to, and the words that must / must not appear
   in one of a few context scopes.  The scopes are read from the figure's *own*
   stretch of text — its clause, cut at the neighbouring figures — so that
   ``全省14329个村中已有14296个完成换届`` gives the completion verb to the
   second number only;
2. **topics** for rates and their changes: the nearest topic word to the left
   of the number (大专以上 → college_rate, 一肩挑 → concurrent_rate…), because
   reports chain several rates in one sentence.  Education below college
   (高中, 中专, 初中), age cut-offs other than the young one (45岁以下, 60岁以上),
   success rates and party-member shares are topics too, so that they *block*
   a farther metric topic instead of inheriting it;
3. **sentence passes** (``assign_metrics``) that need the other figures of the
   sentence: ``分别`` lists (the i-th value takes the i-th topic), coordinated
   lists sharing one verb (16个行政村、35个居民区…完成换届), ``其中`` clauses
   carrying the group of the figure before them (妇女35707名…其中1479人当选书记),
   breakdowns by place (班子成员195名，行政村52名…), and a district's total
   superseded by the number taking part (共有155个社区，参加换届的145个),
   bracketed breakdowns (515个社区(477个…、38个…)产生新一届班子) and comma lists
   of bare village counts sharing the first item's predicate, and the roles of a
   subgroup (大学生村官…其中任主任1人) that are not the committee's members;
   the parts of a village count after 其中 (…其中村174个，社区21个) and a bare
   N个 that elides the village noun (320个村中，已有300个完成换届) take the
   claim of the count they break down; and, over the whole report, "newly
   elected" members fewer than the elected total are the new ones (new_count).

The completion predicate (c) may stand in the count's own clause (…换届选举圆满
收官), in a later complete clause of the sentence that no other figure
interrupts (…从3月开始集中换届，截至4月10日，换届工作全部完成), or after
N个…中 when people are then elected among them (139个社区中，733人被选为…).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from huanjie import codebook
from extract.figures import Hit, bisect_left_ints, char_offsets
from extract.regex_tools import first_chars as _first_chars, scan_fast as _scan_fast

__all__ = ["Context", "context_for", "subject_for", "metric_for", "assign_metrics", "RULES", "TOPICS", "unit_noun_span",
           "unit_noun"]

_SPACES: Final = " \u00a0\u2009\u202f\u3000"
_CLAUSE_SEP: Final = re.compile(r"[，,；;：:！？!?。\n]")
# Villages and communities (and their committees / party organisations): the codebook's election units.
_VILLAGE: Final = (
    r"居\(村\)委会|居（村）委会|居\(村\)民委员会|居（村）民委员会|居\(村\)|居（村）|居村委会|居村"  # Shanghai usage
    r"|村\(社区\)|村（社区）|村\(居\)委会|村（居）委会|村\(居\)民委员会|村（居）民委员会|村\(居\)|村（居）|村居|村社"
    r"|社区\(村\)|社区（村）|村民委员会|居民委员会|村委会|居委会|行政村|居民区|社区|嘎查村?|自然村"
    r"|股份经济合作社|经济合作社|经济联合社|村"
)
_TOWNSHIP: Final = r"乡镇\(街道\)|乡镇（街道）|乡\(镇\)|乡（镇）|乡镇|街道|镇|乡"
_UNIT_NOUN: Final = re.compile(
    rf"(?:{_VILLAGE}|{_TOWNSHIP})"
    r"(?!民(?!委员会)|\(居\)民(?!委员会)|级|干|书|小组|务|规|情|医|集体|组(?!织)|长|主任|监|代表|党员)"
)
_NOT_ELECTION_UNIT: Final = ("自然村", "乡", "镇", "街道")  # prefixes of township nouns and natural villages
_VERB_START: Final = re.compile(
    r"^(?:增加|提高|提升|下降|降低|减少|上升|由|从|比|当选|担任|参加|参与|进行|开展|完成|实现|已|全部|均|都|被|将|是|为|在|从|对|向|于|共|达|占|有|任|作|的|和|及|与|并|通过|经过|负责)"
)
# (a plain alternation of literal-led words: the engine scans for their first characters
# itself, faster than behind a look-ahead)
_NP_STOP: Final = re.compile(
    r"认真|定点|开展|进行|派出|对(?!象)|已|全部|完成|负责|下沉|量身|进驻|参加|参与|实现|具有|被|将|接受|均|都|全程|分别|实行|占|达|,|，|；|;|。|：|:"
)
_VERB_FIRST: Final = frozenset(_first_chars(_VERB_START.pattern[1:]) or "")  # (without its ^)
assert _VERB_FIRST, "verbs have known first characters"
_LIST_NEXT: Final = re.compile(r"(?:、|和|及|与|以及)(?=[0-9一二三四五六七八九十两近约])")  # 以及 holds 及
# The words after which the phrase before a number starts (共有, 选举产生 …), in the
# order a regex alternation would try them.
_LEFT_MARKER_WORDS: Final = (
    "选举产生|产生|选出|推选出|推选|选举|选配|选派|储备|培养|录用|开展|培训|整顿|组建|成立|悬挂|印发|制作|签订|办理|梳理"
    "|解决|领办|涉及|覆盖|其中|共有|共计|共|有|达到|达|为|对|向|给|占比|占|是|调整|新增|明确|确定|审查|联审").split("|")
# The regex ``_left_marker_end`` reads without a call (tests/test_metrics_markers.py
# holds it to this one): ``.*`` backtracks from the clause end to the last marker.
_LEFT_MARKERS: Final = re.compile(r".*" + _scan_fast("(?:" + "|".join(_LEFT_MARKER_WORDS) + ")").pattern)
_MARKER_FIRSTS: Final = sorted({w[0] for w in _LEFT_MARKER_WORDS})
# The marker words by first character (table order kept), and one byte per BMP code
# point (every word starts in the BMP): 1 + the index of its words here, or 0.
_MARKERS_BY_FIRST: Final = tuple(tuple(w for w in _LEFT_MARKER_WORDS if w[0] == c) for c in _MARKER_FIRSTS)
_MARKER_FIRST: Final = bytes(_MARKER_FIRSTS.index(chr(cp)) + 1 if chr(cp) in _MARKER_FIRSTS else 0
                             for cp in range(0x10000))
assert len(_MARKER_FIRSTS) < 256
_LEFT_STRIP_HEAD: Final = re.compile(r"^(?:其中|全省|全市|全县|全区|全镇|全乡|全国|共|目前|本次换届|此次|本次|该区|该县|该市|该镇)+")
_LEFT_STRIP_TAIL: Final = _scan_fast(r"(?:达到|达|为|占|有|共|约|近|超过|是|的|总数|人数|数)+$")
_HEAD_FIRST: Final = frozenset("其全共目本此该")  # the first characters of _LEFT_STRIP_HEAD's words
_TAIL_LAST: Final = frozenset("到达为占有共约近过是的数")  # the last characters of _LEFT_STRIP_TAIL's words
# (“?两委 spelt out as “两委|两委, in the same order: every alternative then starts with a
# literal, and the engine skips ahead to the possible first characters instead of trying
# the group at every position)
_WHOSE: Final = re.compile(r"(党组织书记|支部书记|书记|主任|班子成员|“两委”?成员|两委”?成员|“两委”?干部|两委”?干部|委员|成员|干部|候选人)")


class Context:
    """Where a figure sits: its sentence and the clauses either side of it.

    A plain class with its own ``__init__`` (not a dataclass): compiled, a
    dataclass keeps the interpreted ``__init__`` that ``dataclasses`` writes, and
    one Context is built per figure."""

    def __init__(self, sentence: str, start: int, p0: int, p1: int, left_clause: str = "",
                 right_clause: str = "", prev_clause: str = "", next_clause: str = "", text: str = "") -> None:
        self.sentence = sentence
        self.start = start
        """Sentence start in the text."""
        self.p0 = p0
        self.p1 = p1
        """Figure (quote) span within the sentence."""
        self.left_clause = left_clause
        self.right_clause = right_clause
        self.prev_clause = prev_clause
        self.next_clause = next_clause
        self.text = text
        """The whole document text (the sentence is ``text[start:start + len(sentence)]``)."""
        self.subject: str | None = ""
        self.np_right = ""
        self.np_left = ""
        self.topic: str | None = None
        """The nearest topic on the left, for a rate (set when ``metric_for`` reads it)."""
        self.topic_right: str | None = None
        """The first topic on the right, for a share with no phrase on its left (likewise)."""
        self.own_left = ""
        """The left clause after the previous figure (the figure's own words on its left)."""
        self.own_right = ""
        """The right clause up to the next figure."""
        self.after = ""
        """The rest of the sentence up to the next figure (across clauses)."""
        self.topic_gap = ""
        """The words between the nearest left topic and the figure (set with ``topic``)."""
        self.claim: str | None = None
        """A township's or natural village's claim (no metric, but it tells mentions apart)."""
        self.procedure = False
        """A village count that did a procedural step (``_units_claim``)."""
        self.role = False
        """A village count that counts a role (``_units_claim``)."""

    def __repr__(self) -> str:
        return f"Context({self.sentence[self.p0:self.p1]!r} in {self.sentence!r}, subject={self.subject!r})"

    @property
    def window(self) -> str:
        """The 160 characters before the sentence and the sentence (the ``window`` scope)."""
        start = self.start
        return self.text[max(0, start - 160):start + len(self.sentence)]

    @property
    def left(self) -> str:
        return self.sentence[: self.p0]

    @property
    def near(self) -> str:
        return self.left_clause + self.sentence[self.p0:self.p1] + self.right_clause

    @property
    def own(self) -> str:
        return self.own_left + "|" + self.own_right


_CLAUSE_SEP_CHARS: Final = "，,；;：:！？!?。\n"  # every character _CLAUSE_SEP's class holds
assert len(_CLAUSE_SEP_CHARS) == len(_CLAUSE_SEP.pattern) - 3 and all(
    _CLAUSE_SEP.fullmatch(c) for c in _CLAUSE_SEP_CHARS), "the separators are _CLAUSE_SEP's"


def clause_marks(text: str) -> list[int]:
    """Offsets of every clause separator in ``text`` (computed once per document).

    One ``str.find`` walk per separator character, sorted: a byte search per
    character, where a regex split tests every character against the class and
    makes a string per clause."""
    return char_offsets(text, _CLAUSE_SEP_CHARS)


def context_for(hit: Hit, text: str, sent_start: int, sent_end: int,
                prev_end: int | None = None, next_start: int | None = None,
                marks: list[int] | None = None, sentence: str | None = None) -> Context:
    """The context of ``hit`` in its sentence; ``prev_end``/``next_start`` are the
    neighbouring figures' offsets in ``text`` (they bound the figure's own words);
    ``marks`` are ``clause_marks(text)`` when the caller has them (else computed);
    ``sentence`` is ``text[sent_start:sent_end]`` when the caller has it (the
    figures of one sentence share one string)."""
    if marks is None:
        marks = clause_marks(text)
    hs, he = hit.start, hit.end
    if sentence is None:
        sentence = text[sent_start:sent_end]
    p0, p1 = hs - sent_start, he - sent_start
    # clause separators around the figure, from the document-wide list
    i = bisect_left_ints(marks, hs)  # marks[i-1] < hs <= marks[i]
    j = i - 1
    lc_start = marks[j] + 1 if j >= 0 and marks[j] >= sent_start else sent_start
    pc_start = marks[j - 1] + 1 if j >= 1 and marks[j - 1] >= sent_start else sent_start
    # the first mark at or after the figure's end: from i on (a figure holds few marks,
    # most none: 1,234), the same index ``bisect_left(marks, he)`` gives
    k = i
    n_marks = len(marks)
    while k < n_marks and marks[k] < he:
        k += 1
    rc_end = marks[k] if k < n_marks and marks[k] < sent_end else sent_end
    nc_end = marks[k + 1] if k + 1 < n_marks and marks[k + 1] < sent_end else sent_end
    left_clause = text[lc_start:hs].rstrip(_SPACES)  # 登记参加选举的村民 274660 人
    prev_clause = text[pc_start:lc_start - 1] if lc_start > sent_start else ""
    right_clause = text[he:rc_end]
    next_clause = text[rc_end + 1:nc_end] if rc_end < sent_end else ""
    ctx = Context(sentence, sent_start, p0, p1, left_clause, right_clause, prev_clause, next_clause, text=text)
    own_left = left_clause
    if prev_end is not None and prev_end > lc_start:
        own_left = text[prev_end:hs].rstrip(_SPACES)
    ctx.own_left = own_left
    after_end = next_start if next_start is not None and next_start < sent_end else sent_end
    after = ctx.after = text[he:max(he, after_end)]
    own_right = right_clause if after_end >= rc_end else after
    ctx.own_right = own_right
    ctx.np_right = _np_right(own_right)
    ctx.np_left = _np_left(own_left.lstrip("、和及与") if own_left is not left_clause else left_clause)
    # topics are read by ``metric_for`` for the rates that need them (``_left_topic``)
    ctx.subject = subject_for(hit, ctx)
    return ctx


def _left_topic(ctx: Context) -> str | None:
    """The nearest topic in the 40 characters left of the figure (set on ``ctx.topic``,
    the words between it and the figure on ``ctx.topic_gap``).

    Read on demand: only shares and changes look for a topic, and an average age
    (the commonest figure in 岁) never does."""
    found = _nearest_topic_at(ctx.sentence[max(0, ctx.p0 - 40):ctx.p0])
    if found:
        ctx.topic, ctx.topic_gap = found
    return ctx.topic


def _np_right(clause: str) -> str:
    """The noun phrase right after the measure word: 6个督导指导组认真负责 → 督导指导组."""
    if not clause or clause[0] in "(（、" or (clause[0] in _VERB_FIRST and _VERB_START.match(clause)):
        return ""  # a parenthesis (其中书记16名) or a list mark describes something else
    # A list of figures (12个村、53个社区) ends the phrase at 、 (the regex only where a list word is).
    if "、" in clause or "和" in clause or "及" in clause or "与" in clause:
        cut = _LIST_NEXT.search(clause)
        if cut:
            clause = clause[: cut.start()]
    m = _NP_STOP.search(clause, 1)
    np = clause[: m.start()] if m else clause
    return np[:14].strip()


def _np_left(clause: str) -> str:
    """The phrase before the number: 其中村(社区)党组织书记113名 → 村(社区)党组织书记."""
    end = _left_marker_end(clause)
    np = clause[end:] if end >= 0 else clause
    if not np:
        np = clause
    np = np.strip()
    # both strips are anchored: a first / last character that starts / ends none
    # of their words spares the regex call (most phrases); each can match once
    # only (at the start / up to the end), so a slice does what ``sub`` would
    if np and np[0] in _HEAD_FIRST:
        m = _LEFT_STRIP_HEAD.match(np)
        if m:
            np = np[m.end():]
    if np and np[-1] in _TAIL_LAST:
        m = _LEFT_STRIP_TAIL.search(np)
        if m:
            np = np[:m.start()]
    return np[-16:]


def _left_marker_end(clause: str) -> int:
    """Where ``_LEFT_MARKERS.match(clause)`` ends, or -1: the end of the marker word that
    starts last (before any line break, which ``.*`` does not cross), the first word
    in table order where several start there.  A backward walk over code points with
    a byte table, compiled: the regex backtracked through the whole clause in the
    engine, one look-ahead per character, behind a call's fixed cost."""
    n = clause.find("\n")
    size = n if n >= 0 else len(clause)
    pos = size - 1
    table = _MARKER_FIRST
    while pos >= 0:
        cp = ord(clause[pos])
        k = table[cp] if cp < 0x10000 else 0
        if k:
            for word in _MARKERS_BY_FIRST[k - 1]:
                if _word_at(clause, pos, size, word):
                    return pos + len(word)
        pos -= 1
    return -1


def _word_at(text: str, pos: int, end: int, word: str) -> bool:
    """``text.startswith(word, pos)`` for a word ending by ``end``, code point by code
    point (compiled, no generic method call and no slice)."""
    n = len(word)
    if pos + n > end:
        return False
    for k in range(n):
        if ord(text[pos + k]) != ord(word[k]):
            return False
    return True


def subject_for(hit: Hit, ctx: Context) -> str | None:
    if hit.kind in ("count", "duration", "money", "range") and hit.unit not in ("%",):
        good_right = len(ctx.np_right) >= 2 or unit_noun(ctx.np_right)
        subject = ctx.np_right if good_right else (ctx.np_left or ctx.np_right)
    else:
        subject = ctx.np_left or ctx.np_right or ctx.right_clause[:14]
        if hit.kind in ("average", "change") and hit.unit in ("岁", "周岁"):
            whose = _WHOSE.findall(ctx.left[-60:])
            if whose and whose[-1] not in subject:
                subject = whose[-1].strip("“”") + subject
    subject = (subject or "").strip(" ，,、").lstrip(")）")
    if subject.endswith(")") and subject.count("(") < subject.count(")"):
        subject = subject[:-1]
    subject = _balance_quotes(subject)
    return subject or None


def _balance_quotes(s: str) -> str:
    """Keep “…” pairs whole: a phrase cut inside a quotation gets its opening mark back."""
    if "“" not in s and "”" not in s:
        return s  # most phrases hold no quotation mark
    s = s.strip("“") if s.count("“") > s.count("”") and s.endswith("“") else s
    if s.count("”") > s.count("“"):
        s = "“" + s
    elif s.count("“") > s.count("”"):
        s = s + "”"
    return s


_TERM_MOD: Final = r"新一届|新一任|本届"
_AREA_WORDS: Final = r"城区|城市|农村|涉农|村改居|城镇|城郊|村转居|撤村建居|新型农村|易地搬迁安置|安置"
_AREA_MOD: Final = re.compile(rf"(?:{_TERM_MOD})?(?:{_AREA_WORDS})?")
# Every character a unit noun (or its modifier) can start with: a phrase starting
# with another (most subjects) holds no unit noun, without a regex call.
_UNIT_FIRST: Final = frozenset(_first_chars(f"{_VILLAGE}|{_TOWNSHIP}|{_TERM_MOD}|{_AREA_WORDS}") or "")
assert _UNIT_FIRST, "unit nouns have known first characters"


def unit_noun_span(phrase: str) -> tuple[str, int] | None:
    """The election unit a phrase starts with and where it ends (村(社区), 社区, 乡镇 …).

    The head noun may carry an area modifier (城区社区居委会, 农村社区: the same
    kind of unit); a modifier naming a subset (重点难点村, 软弱涣散村, 试点村)
    does not qualify, so those are not counts of the units in scope.
    """
    if not phrase or phrase[0] not in _UNIT_FIRST:
        return None
    m = _UNIT_NOUN.match(phrase)
    if m is None:
        a = _AREA_MOD.match(phrase)
        if not a.end():  # type: ignore[union-attr]  # _AREA_MOD matches everywhere (maybe empty)
            return None
        m = _UNIT_NOUN.match(phrase, a.end())  # type: ignore[union-attr]
        if m is None:
            return None
    return m.group(0), m.end()


def unit_noun(phrase: str) -> str | None:
    """The election unit a phrase starts with (村(社区), 社区, 乡镇 …), if any."""
    found = unit_noun_span(phrase)
    return found[0] if found else None


def _village_noun(phrase: str) -> str | None:
    """Like ``unit_noun`` but only villages/communities (not townships, not 自然村)."""
    u = unit_noun(phrase)
    if u is None or u.startswith(_NOT_ELECTION_UNIT):
        return None
    return u


# ---------------------------------------------------------------- topics
# Topic words for rates; the nearest one left of the figure wins.  ``other``
# topics carry no metric: they stop a farther topic from being inherited.
TOPICS: tuple[tuple[str, str], ...] = (
    # a share of committees that *include* a woman (女性进村委比例, 有女性成员的), not of women
    (r"(?:女性|妇女)进(?:入)?[^，,；;、。0-9]{0,8}比例|(?:女性|妇女)进(?:入)?(?:村|社区|居)?(?:“?两委”?|村委会?|居委会?|班子|支委)(?![^，,；;。0-9]{0,4}(?:成员|委员|干部)[0-9一二三四五六七八九十])|都?有女性(?:成员|委员)?|女性(?:成员|委员)?的(?:村|班子)"
     r"|有女(?:性)?(?:成员|委员|干部|书记|主任)?的(?:村|社区|班子)|女[^，,；;。0-9]{0,6}(?:达到|超过)[^，,；;。0-9]{0,6}的(?:村|社区)", "other"),
    (r"一肩挑", "concurrent"),
    (r"交叉任职|在村(?:级)?党(?:组织|支部|总支)(?:中)?任职|同时在[^，,；;。0-9]{0,8}任职", "cross"),
    (r"大专(?:及|或|和)?以上|大学专科(?:及)?以上|大专及其以上", "college"),
    (r"高中|中专|初中|小学|职高|技校|大专|本科|研究生|大学", "other"),
    (r"女(?:性|干部|委员|书记|支书|副书记|主任|村主任|副主任|成员|代表|候选人|党员|同志|村官)|妇女", "female"),
    (r"男性|男(?=[0-9])", "other"),
    (r"(?<![男妇])女(?=[0-9])", "female"),  # 男37人，占82%，女8人，占18%
    (r"(?:[12][0-9]|3[0-5]|三十五?|二十[一二三四五六七八九]?)周?岁(?:及|或)?以下|年轻|80后|90后|八零后|九零后", "young"),
    # (the numeral run is matched from its first character only, and possessively: a start
    # inside the run, or a shorter run, reaches the same 周/岁 and fails the same way,
    # and no topic match ends on a numeral, so this is the same set of matches without
    # re-scanning every suffix of a long run of digits)
    (r"[0-9一二三四五六七八九十](?<![0-9一二三四五六七八九十]{2})[0-9一二三四五六七八九十]*+周?岁(?:及|或)?以[上下]", "other"),
    (r"少数民族|党员(?:比例|占比|的比例)|中共党员|是党员|成功率|完成率|完成比例|满意率|知晓率|覆盖率"
     r"|得票率|得票|支持率|赞成率|通过率|合格率", "other"),
    (r"新当选|新进|新任|新面孔|新人", "new"),
    (r"委托投票率?|代投", "other"),  # proxy votes are a share of the ballots, not the turnout
    (r"参选率|投票率|参选|参加(?:换届)?投票|占(?:全体|全部)?(?:登记)?选民|应到会|到会率|参会率", "turnout"),
    (r"平均年龄|年龄", "age"),
    (r"连任|留任|连续任职", "reelected"),
)




def _top_alternatives(pattern: str) -> list[str]:
    """``pattern`` cut at its top-level ``|`` (outside groups and classes)."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern.startswith("]", i + 1) or pattern.startswith("^]", i + 1):
                i += 2 if pattern.startswith("]", i + 1) else 3  # a leading ] is a member
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


_DIGIT_RUN_ENDS: Final = "一二三四五六七八九十周岁后"
"""What follows the ASCII digits a topic starts with (35岁, 80后, 4十岁): a numeral of the
age topics' class, 周/岁 or 后 (``_topic_gate``)."""


def _second_chars(items) -> set[str] | None:
    """The characters the parsed regex sequence ``items`` can start with (a look-ahead
    in front stands for what follows it; other look-arounds are passed over), or None
    when that is not a small known set or the sequence can match empty."""
    from re import _constants as C  # type: ignore[attr-defined]
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            return out | {chr(av)}
        if op is C.IN:
            for o, a in av:
                if o is C.LITERAL:
                    out.add(chr(a))
                elif o is C.RANGE and a[1] - a[0] < 16:
                    out.update(chr(x) for x in range(a[0], a[1] + 1))
                else:
                    return None
            return out
        if op is C.ASSERT and av[0] == 1:  # a look-ahead: the next character is one of its firsts
            found = _second_chars(av[1])
            return None if found is None else out | found
        if op is C.ASSERT or op is C.ASSERT_NOT:
            continue  # other look-arounds consume nothing: what follows decides
        if op is C.SUBPATTERN and not av[1] and not av[2]:
            found = _second_chars(av[3])
            return None if found is None else out | found
        if op is C.BRANCH:
            for alt in av[1]:
                found = _second_chars(alt)
                if found is None:
                    return None
                out |= found
            return out
        if (op is C.MAX_REPEAT or op is C.MIN_REPEAT) and av[0] == 0:
            found = _second_chars(av[2])
            if found is None:
                return None
            out |= found
            continue  # optional: what follows may come first
        return None
    return None  # the sequence can end here: any character (or none) may follow


def _topic_gate(patterns: list[str]) -> str:
    """A look-ahead that every match of ``patterns`` passes at its start: the first
    character where an alternative starts with a class or group, else the first two
    (占 followed by 全/登/选: 占选民, 占全体选民…).

    A position where a topic's first character stands but no topic matches costs the
    engine a test of every alternative (about 3,600 instructions); 占, 成, 委, 到 and
    the digits of the numbers before a share are most such positions, and this rejects
    them with one or two character tests.  A run of ASCII digits can start a topic only
    when it ends in 周/岁/后 or a Chinese numeral (35岁, 80后, 3十岁: the age topics),
    which the look-ahead checks instead of the run's first digit (asserted below)."""
    from re import _constants as C, _parser as P  # type: ignore[attr-defined]
    ungated: set[str] = set()
    seconds: dict[str, set[str]] = {}
    digit_led: list[str] = []
    for pattern in patterns:
        for alt in _top_alternatives(pattern):
            items = list(P.parse(alt))
            firsts = set(_first_chars(alt) or "")
            assert firsts, alt
            if firsts & set("0123456789"):
                digit_led.append(alt)
            if items and items[0][0] is C.LITERAL:
                second = _second_chars(items[1:])
                if second is not None:
                    seconds.setdefault(chr(items[0][1]), set()).update(second)
                    continue
            ungated |= firsts
    assert set(digit_led) == {  # the age topics: see the docstring before changing them
        "(?:[12][0-9]|3[0-5]|三十五?|二十[一二三四五六七八九]?)周?岁(?:及|或)?以下", "80后", "90后",
        "[0-9一二三四五六七八九十](?<![0-9一二三四五六七八九十]{2})[0-9一二三四五六七八九十]*+周?岁(?:及|或)?以[上下]"}, digit_led
    ungated -= set("0123456789")
    for ch in ungated | set("0123456789"):
        seconds.pop(ch, None)  # a class or group can start there: the first character must do
    branches = ["[" + re.escape("".join(sorted(ungated))) + "]"] if ungated else []
    branches.append("[0-9][0-9]*+[" + _DIGIT_RUN_ENDS + "]")
    branches += [re.escape(c) + "[" + re.escape("".join(sorted(second))) + "]" for c, second in sorted(seconds.items())]
    return "(?=" + "|".join(branches) + ")"


# Each topic is followed by an empty group that says which one matched (``lastindex``;
# the patterns hold no capturing group of their own).  Starting with the topic's own
# literal or class, an alternative that cannot match is skipped by the engine's
# first-character test without entering it (a group or look-ahead in front is always
# entered).  In front, the cheap look-ahead on the first characters (``_scan_fast``)
# and, where one passes, ``_topic_gate``.
_TOPIC_RE: Final = _scan_fast(_topic_gate([p for p, _ in TOPICS]) + "(?:" + "|".join(f"(?:{p})()" for p, _ in TOPICS) + ")")
_TOPIC_OF: Final = ("",) + tuple(t for _, t in TOPICS)
"""The topic of ``_TOPIC_RE``'s group *i* (``m.lastindex``)."""
_RATE: Final = {
    "concurrent": "concurrent_rate", "cross": "cross_appointment_rate", "college": "college_rate",
    "female": "female_rate", "young": "young_rate", "new": "new_rate", "turnout": "turnout_rate",
}
_RATE_CHANGE: Final = {"college": "college_rate_change"}
_RATE_UNITS: Final = frozenset({"%", "个百分点", "百分点", "岁", "周岁"})


_PAREN: Final = re.compile(r"\([^()]*\)|（[^（）]*）")


def _nearest_topic(left: str) -> str | None:
    found = _nearest_topic_at(left)
    return found[0] if found else None


def _nearest_topic_at(left: str) -> tuple[str, str] | None:
    """The nearest topic left of a figure and the words between it and the figure."""
    if "(" in left or "（" in left:
        left = _PAREN.sub("", left)  # (其中，全日制大专及以上5人) describes a subgroup
    last = None
    for last in _TOPIC_RE.finditer(left):
        pass
    return (_TOPIC_OF[last.lastindex or 0], left[last.end():]) if last is not None else None


def _first_topic(right: str) -> str | None:
    m = _TOPIC_RE.search(right)
    return _TOPIC_OF[m.lastindex or 0] if m else None


def _topics_in(s: str) -> list[str]:
    return [_TOPIC_OF[m.lastindex or 0] for m in _TOPIC_RE.finditer(s)]


# ---------------------------------------------------------------- rule table
PERSON: Final = frozenset({"名", "人", "位", "人次", None})
UNITS_OF_UNITS: Final = frozenset({"个", None})


@dataclass(frozen=True)
class Rule:
    metric: str
    units: frozenset | None
    kinds: frozenset
    need: tuple[tuple[str, re.Pattern, tuple[str, ...] | None], ...] = ()
    """(scope, regex, required characters) triples that must all match."""
    avoid: tuple[tuple[str, re.Pattern, tuple[str, ...] | None], ...] = ()
    """(scope, regex, required characters) triples of which none may match."""
    need_at: tuple[tuple[int, re.Pattern, tuple[str, ...] | None, re.Pattern | None], ...] = ()
    """``need`` as ``_needs_met`` reads it: each scope as its index in ``SCOPES``, and
    the regex split in two (``_split_anchored``): the alternatives anchored at the
    start, tried with one ``match`` (or None), and the others, searched."""
    avoid_at: tuple[tuple[int, re.Pattern, tuple[str, ...] | None, re.Pattern | None], ...] = ()
    """``avoid`` likewise."""


SCOPES: Final = ("np", "np_near", "own_np", "right_np", "near", "sentence", "window", "prev_np", "near2",
                 "left_clause", "own_left", "own_right")
"""The texts a rule can test (``_scope_at``): the subject, the noun phrases either side,
the clauses, the sentence and the 160 characters before it."""


def _required_chars(pattern: str) -> tuple[str, ...] | None:
    """A few characters of which every match of ``pattern`` contains at least one
    (培训|轮训 → 训; 新进|新任|首次当选 → 新, 首), or None when there is no small such set.

    Most rule searches fail, and a scope string that holds none of these characters
    cannot match: a few ``in`` tests spare the regex call.  Lookarounds, anchors and
    optional parts are never counted as required, so the set is never wrong."""
    try:
        from re import _constants as C, _parser as P  # type: ignore[attr-defined]  # Python 3.11+
    except ImportError:  # pragma: no cover - other Python versions: no prefilter
        return None

    def item(op, av) -> set[str] | None:
        if op is C.LITERAL:
            return {chr(av)}
        if op is C.IN:
            if all(o is C.LITERAL for o, _ in av):
                return {chr(a) for _, a in av}
            return None
        if op is C.SUBPATTERN:
            return None if av[1] & C.SRE_FLAG_IGNORECASE else seq(av[3])
        if op is C.BRANCH:
            return branch([options(alt) for alt in av[1]])
        if (op is C.MAX_REPEAT or op is C.MIN_REPEAT) and av[0] >= 1:
            return seq(av[2])
        return None

    def options(items) -> list[set[str]]:
        """Every set of which a match of the sequence holds one character."""
        return [chars for chars in (item(op, av) for op, av in items) if chars is not None]

    def seq(items) -> set[str] | None:
        found = options(items)
        return min(found, key=len) if found else None

    def branch(alts: list[list[set[str]]]) -> set[str] | None:
        """Few characters covering every alternative (培训|轮训 → 训): greedy, the
        character required by most alternatives first."""
        out: set[str] = set()
        left = list(alts)
        while left:
            if any(not found for found in left):
                return None
            counts: dict[str, int] = {}
            for found in left:
                for ch in set().union(*(c for c in found if len(c) == 1)):
                    counts[ch] = counts.get(ch, 0) + 1
            if not counts:  # only classes left: take each alternative's smallest
                for found in left:
                    out |= min(found, key=len)
                return out
            best = max(counts, key=lambda ch: counts[ch])
            out.add(best)
            left = [found for found in left if {best} not in found]
        return out

    parsed = P.parse(pattern)
    if parsed.state.flags & C.SRE_FLAG_IGNORECASE:
        return None
    found = seq(parsed)
    return tuple(sorted(found)) if found is not None and len(found) <= 4 else None


def _holds_any(text: str, chars: tuple[str, ...]) -> bool:
    for ch in chars:
        if ch in text:
            return True
    return False


def _r(metric: str, units, kinds, need=(), avoid=()) -> Rule:
    codebook.get(metric)  # fail at import on a key the codebook does not define
    needs = tuple((sc, re.compile(p), _required_chars(p)) for sc, p in need)
    avoids = tuple((sc, re.compile(p), _required_chars(p)) for sc, p in avoid)
    return Rule(metric, frozenset(units) if units is not None else None, frozenset(kinds), needs, avoids,
                _indexed(needs), _indexed(avoids))


def _indexed(tests: tuple[tuple[str, re.Pattern, tuple[str, ...] | None], ...]
             ) -> tuple[tuple[int, re.Pattern, tuple[str, ...] | None, re.Pattern | None], ...]:
    """``Rule.need``/``avoid`` entries in the form ``_needs_met`` reads (``Rule.need_at``)."""
    out = []
    for scope, rx, chars in tests:
        rest, head = _split_anchored(rx)
        out.append((SCOPES.index(scope), rest, chars, head))
    return tuple(out)


def _split_anchored(rx: re.Pattern) -> tuple[re.Pattern, re.Pattern | None]:
    """``rx`` as (the alternatives not anchored at the start, the anchored ones or None).

    Rules only ask *whether* a scope holds a match, and ``rx.search(t)`` finds one
    exactly when ``head.match(t)`` or ``rest.search(t)`` does.  One anchored
    alternative (``^(?:镇|乡|县|市|区|街道)|离任|落选|…``) keeps the engine from
    skipping ahead to the other alternatives' first characters, so it tries the
    whole alternation at every position; apart, each is cheap."""
    if rx.flags & ~re.UNICODE:
        return rx, None
    alts = _top_alternatives(rx.pattern)
    head = [a for a in alts if a.startswith("^")]
    if not head or len(head) == len(alts):
        return rx, None
    return re.compile("|".join(a for a in alts if not a.startswith("^"))), re.compile("|".join(head))


_COUNT: Final = ("count",)
_NOT_PEOPLE_GROUP: Final = r"^(?:镇|乡|县|市|区|街道)|离任|落选|退出|离职|调整|后备|原|上届|监督委员会|监委会|小组长|代表|党员|群众|对象|研究生|专员|领导(?!班子)"
# A count of people *with a characteristic* is not the elected total (大专以上学历4名, 交叉任职18659人).
_CHARACTERISTIC: Final = (r"学历|文化程度|大专|本科|高中|初中|中专|小学|交叉任职|大学生|少数民族|退役|致富|能人|返乡"
                   r"|妇女|女|岁|80后|90后|候选|选举委员会|选委会|分别|副书记")
# Secretaries appointed or seconded, not elected (派聘, 选派第一书记, 调整).
_APPOINTED: Final = r"派|聘|任命|挂任|兼任"
# A group of people with a background: its members entering the committees are a subgroup.
_SUBGROUP: Final = r"大学生村官|村官|选调生|退役军人|返乡|致富能手|新乡贤"
# What reports call committee members and heads (小巷总理: residents' committee members).
_NICKNAMES: Final = r"小巷总理|当家人|领头雁|带头人|掌舵人"
_ELECTION_WORDS: Final = r"选举产生|选出|选举出|换届选举|产生|当选|新一届|新班子|换届后|就职|宣誓|履职|本届|新当选"
_YOUNG: Final = r"(?:[12][0-9]|3[0-5]|三十五?|二十[一二三四五六七八九]?)周?岁(?:及|或)?以下|年轻|80后|90后|00后|八零后|九零后"
# People "chosen as" / "becoming" committee members: 733人被居民选为社区当家人, 60余名党员和社员成为新一届班子成员.
_CHOSEN_AS: Final = (r"^(?:被|经)[^，,；;。]{0,8}(?:选为|选举为|推选为|选进|选入)|^[^，,；;。]{0,10}成为新一届[^，,；;。]{0,10}(?:成员|委员|班子|当家人)"
              r"|^(?:当选为|当选)[^，,；;。]{0,10}(?:成员|委员|班子)")
RULES: tuple[Rule, ...] = (
    _r("trainees", PERSON, _COUNT, [("left_clause", r"培训|轮训")], [("left_clause", r"审查|联审")]),
    _r("candidates_reviewed", PERSON, _COUNT, [("near2", r"联审|资格审查|资格复审|审查|审核|把关")],
       [("near2", r"约谈|谈话")]),
    _r("reserve_cadres", PERSON, _COUNT, [("prev_np", r"后备")]),
    _r("voters_registered", PERSON, _COUNT, [("own_left", r"登记参加(?:选举|投票)的(?:选民|村民|居民)$")]),
    # 参加本次选举登记的选民共有1756人: the roll, however long the relative clause before it
    _r("voters_registered", PERSON, _COUNT, [("own_left", r"登记的(?:选民|村民|居民)(?:总数|人数)?(?:共有|共计|共|总计|有|为|达)*$")]),
    # 选举应到人数84名，实到75名: the electorate of a village vote (not a party meeting's roll)
    _r("voters_registered", PERSON, _COUNT, [("own_left", r"应到(?:人数|选民|村民|居民)?$"), ("sentence", r"选举|投票")],
       [("window", r"党员|代表")]),
    _r("voters_registered", PERSON, _COUNT, [("np_near", r"选民|登记.{0,4}村民")],
       [("own_np", r"投票|到会|提名|参加|参与|(?<!应)(?<!登记)参选|实际|占"), ("near2", r"投下|投出")]),
    _r("trainees", PERSON, _COUNT, [("near2", r"培训|轮训")], [("right_np", r"^(?:场|期|班)")]),
    _r("concurrent_count", PERSON | {"个"}, _COUNT, [("np", r"一肩挑")], [("np", r"^(?:职务|职位|岗位|职)")]),
    # 其中20名…为党支部书记、居委会主任“一肩挑”: the count's own clause ends in the claim
    _r("concurrent_count", {"名", "人", "位"}, _COUNT, [("own_right", r"^[^ ]{0,30}一肩挑[”\"]?$")]),
    _r("female_count", PERSON, _COUNT, [("np_near", r"女")], [("np_near", r"妇联|妇代会|人口|群众|村民|儿童")]),
    _r("female_count", {"个"}, _COUNT, [("own_left", r"女性|女书记|女主任|女委员")],
       [("np_near", r"会|组织|站|家"), ("right_np", r".")]),
    _r("young_count", PERSON, _COUNT, [("np_near", _YOUNG)]),
    _r("new_count", PERSON, _COUNT, [("np_near", r"新进|新任|新面孔|新人|首次当选|首次进入")]),
    _r("new_count", PERSON, _COUNT, [("np_near", r"新当选")], [("np", r"成员|委员|班子|干部|主任|书记|" + _NICKNAMES)]),
    _r("new_count", {"个"}, _COUNT, [("np_near", r"新进|新任|新面孔|首次当选"), ("np_near", r"成员|干部|委员|书记")]),
    _r("reelected_count", PERSON, _COUNT, [("np_near", r"连任|留任|连续任职")]),
    _r("reelected_count", {"个"}, _COUNT, [("np_near", r"连任|留任|连续任职"), ("np_near", r"成员|干部|委员|书记")]),
    _r("secretaries_elected", PERSON, _COUNT, [("own_right", _CHOSEN_AS), ("own_right", r"书记")],
       [("own_right", r"副书记|代表|监督|监委")]),
    # 三位候选人均以高票当选: every candidate counted won
    _r("members_elected", PERSON, _COUNT, [("np", r"^(?:正式)?候选人"),
                                            ("sentence", r"候选人(?:均|都|全部|全都)[^，,；;。]{0,16}当选")],
       [("sentence", r"落选|书记|代表|监督|监委")]),
    _r("members_elected", PERSON, _COUNT, [("own_right", _CHOSEN_AS)],
       [("own_right", r"书记|代表|监督|监委|后备|候选")]),
    _r("secretaries_elected", PERSON, _COUNT, [("np", r"书记")],
       [("np", _NOT_PEOPLE_GROUP + r"|培训|当选|" + _CHARACTERISTIC),
        ("own_left", _NOT_PEOPLE_GROUP + r"|推选|" + _APPOINTED)]),
    _r("members_elected", PERSON, _COUNT,
       [("np", r"班子|两委.{0,2}(?:成员|干部)|成员|委员(?!会)|主任|" + _NICKNAMES), ("window", _ELECTION_WORDS)],
       [("np", _NOT_PEOPLE_GROUP + r"|培训|" + _CHARACTERISTIC), ("own_left", _NOT_PEOPLE_GROUP + r"|推选"),
        ("left_clause", r"(?:直接|差额|等额)选举(?!产生|选出)|应选|拟选|职数"), ("prev_np", _SUBGROUP),
        ("np", r"^(?:村民|选民|居民|群众)(?!委员会)")]),
    _r("trainings", {"场", "场次", "期", "次", "班"}, _COUNT,
       [("left_clause", r"培训|轮训")], [("left_clause", r"参加|参训")]),
    _r("trainings", {"个"}, _COUNT, [("right_np", r"^(?:班次|期次|场次|期培训班|培训班)"), ("near", r"培训|轮训")]),
    _r("trainings", {"期", "班", "场", "场次"}, _COUNT, [("right_np", r"培训班|轮训班|培训会|培训")],
       [("own_left", r"参加|参训")]),
)

# Election units: what may not be counted as villages in scope / completed.
_UNITS_NEGATED: Final = re.compile(r"未|尚未|没有|另有|仍有")
_NOT_DONE: Final = re.compile(r"(?:未|未能|尚未|没有|没能|不能|无法)[^，,；;。]{0,4}(?:完成|结束|选举|换届)")
_UNITS_FUTURE: Final = re.compile(r"^[^，,；;。]{0,12}(?:将|计划|预计|拟|准备|正在|即将)")
_UNITS_DONE: Final = re.compile(r"完成|结束|收官|落下帷幕|落幕|告捷|画上[^，,；;。]{0,4}句号|选举产生|选出|产生了?新一届|顺利换届"
                         r"|通过[^，,；;。]{0,6}选举"
                         r"|举行了[^，,；;。]{0,16}选举|进行了[^，,；;。]{0,16}选举|召开了[^，,；;。]{0,16}选举")
# (举行|进行|召开 spelt out: with every alternative led by a literal the engine skips
# ahead to their first characters instead of trying the alternation at every position)
# The election itself is ahead (全市3691个村今年将进行村委会换届选举): the villages are in scope.
_FUTURE_ELECTION: Final = re.compile(r"(?:进行|开展|举行|启动|参加|迎来)[^，,；;。]{0,10}换届")
# A later clause of the sentence that says the election (of the villages counted before it)
# is over: …换届，截至4月17日，换届工作圆满完成 / …同日展开，如期完成 / …，选举产生了新一届班子.
_DONE_LATER: Final = re.compile(
    r"^(?:[^，,；;。]{0,12}?(?:换届|选举)(?:选举)?(?:工作)?)?"
    r"(?:已经|已|均|全部|都|并|顺利|圆满|如期|按期|按时|依法|相继|先后|陆续|全面|同步|现已|目前|最终)*"
    r"(?:(?:于|在)[^，,；;。]{1,10}?)?(?:全部|顺利|圆满|如期|均)*"
    r"(?:完成|结束|收官|落下帷幕|选举产生了?新一届|产生了?新一届)")
_NOT_DONE_LATER: Final = re.compile(r"将|计划|预计|力争|确保|要|拟|前完成|底前|之前|的")
# Steps on the way to the election, or subsets picked out by how it went: a count of
# villages that did *these* is neither the scope nor the completed total.
_UNITS_PROCEDURE: Final = re.compile(
    r"一次性|一次选举成功|推选|提名|预选|选民登记|登记|公示|资格审查|联审|选举委员会|选委会")
# What a count is of when a village noun only modifies it: 96个村(社区)“两委”换届工作指导组.
_OTHER_HEAD: Final = re.compile(
    r"^[^，,；;。成开完产选进举召实全均已将]{0,16}?(?:指导组|督导组|工作组|工作队|专班|服务队|检查组|巡查组|考察组"
    r"|指导员|联络员|投票站|投票点|会场|网格)")
# 推荐/目标/计划/方案 after a count of villages: a plan or a list, not villages that voted.
_PLANNED: Final = re.compile(r"推荐|目标|计划|方案")
_STATS_AFTER: Final = re.compile(r"[^，,；;。]{0,4}?(?:平均年龄|年龄|学历|结构)")
_UNITS_ROLE_AFTER: Final = re.compile(
    rf"^(?:{_AREA_MOD.pattern})(?:{_VILLAGE})(?:“?两委”?|党组织|党支部|党总支|党委|支部|委会|居委会|村委会|居民委员会|村民委员会)?"
    r"(?:的)?(?:书记|主任|成员|委员|班子|干部|二级支部|党小组|网格|小组)"
)
_TOWNSHIP_ELECTION: Final = re.compile(rf"^(?:{_TOWNSHIP})(?:党委|人大|领导班子)?换届")
_TAKING_PART: Final = re.compile(r"(?:参加|参与|进行|开展|需要|应)[^，,；;。]{0,8}换届(?:选举)?(?:工作)?的$")
_CONCURRENT: Final = re.compile(r"一肩挑")
_DONE_NEXT: Final = re.compile(r"^[^，,；;。]*[，,]\s*(?:并|均|全部|顺利|圆满|已|相继|先后)*(?:完成|结束)")
_CONCURRENT_CLAIM: Final = re.compile(r"一肩挑”?(?!比例|率|的比例)")
_SCOPE_WORDS: Final = re.compile(
    r"换届|选举|两委|村委|居委|党组织|党支部|支部|候选|走访|指导|督导|调研|考察|方案|完成|参加|涉及|覆盖|整顿|村级|任期"
)


def _units_metric(hit: Hit, ctx: Context) -> str | None:
    """Villages/communities in scope, completed, or 一肩挑 counted by village; else None."""
    if hit.unit not in UNITS_OF_UNITS or hit.kind != "count":
        return None
    np_r = ctx.np_right
    tail = ctx.own_right
    if tail.count("(") + tail.count("（") > tail.count(")") + tail.count("）"):
        # the next figure opens a breakdown (515个社区(477个城市社区、38个…)产生新一届班子):
        # the predicate is after the parenthesis
        tail = _PAREN.sub("", ctx.right_clause)
    if np_r:
        u = unit_noun(np_r)
        if u is None or _OTHER_HEAD.match(tail):
            return None
        noun_text = tail
    elif not tail.strip(" 、和及与") or hit.unit == "个":
        # the noun is before the number: 涉及村委会30余万个, 其中村党支部14个, 参加换届的145个
        left = ctx.np_left
        u = unit_noun(left)
        if u is None:
            if hit.unit == "个" and _TAKING_PART.search(ctx.own_left):
                return "units_total"
            return None
        noun_text = left
    else:
        return None
    if u.startswith(_NOT_ELECTION_UNIT) or u.startswith("乡"):
        # townships count only where their own election is meant (巡回指导15乡镇换届工作)
        if u == "自然村" or not _TOWNSHIP_ELECTION.match(noun_text):
            # no metric, but the claim still tells two mentions apart (one figure per fact)
            ctx.claim = _units_claim(hit, ctx, tail, noun_text)
            return None
    return _units_claim(hit, ctx, tail, noun_text)


_AMONG: Final = re.compile(rf"^(?:{_VILLAGE})中$")
_ELECTED_AMONG: Final = re.compile(r"选为|当选|选举产生|选出|产生了?新一届")


def _done_later(after: str) -> bool:
    """A later, complete clause of the sentence (no other figure before it) reports the
    election finished; the count's own clause is only its subject."""
    clauses = _CLAUSE_SEP.split(after.rstrip("。！；;\n!"))
    if not after.endswith(("。", "！", "；", ";", "\n", "!")):
        clauses.pop()  # the last clause runs into the next figure: its words are that one's
    for clause in clauses[1:]:
        clause = clause.strip()
        m = _DONE_LATER.match(clause)
        if m and not _NOT_DONE_LATER.search(clause):
            return True
    return False


_RELATIVE_VILLAGES: Final = re.compile(r"的(?:村\(社区\)|社区|行政村|村|居委会|村委会)$")
_SURVEY_SAMPLE: Final = re.compile(r"(?:调查|调研|抽查|抽样|问卷|样本|回访)[^，,；;。]{0,8}$")


def _units_claim(hit: Hit, ctx: Context, tail: str, noun_text: str) -> str | None:
    np_r = ctx.np_right
    own_left = ctx.own_left
    if _UNITS_NEGATED.search(ctx.left_clause) or _UNITS_NEGATED.match(tail) or _NOT_DONE.search(tail):
        return None
    if _SURVEY_SAMPLE.search(own_left):
        return None  # 调查的263个村庄, 回收问卷涉及的119个村: a survey's sample, not the election's scope
    if _UNITS_FUTURE.match(tail):
        if _FUTURE_ELECTION.search(tail) and not _UNITS_DONE.search(tail):
            return "units_total"  # …将进行换届选举: the villages the coming election covers
        return None
    if _CONCURRENT.search(tail):
        return "concurrent_count"
    done = (_UNITS_DONE.search(tail) or _UNITS_DONE.search(own_left) or _DONE_NEXT.search(ctx.after)
            or _done_later(ctx.after))
    if not done and _CONCURRENT_CLAIM.search(ctx.after):
        return "concurrent_count"
    if _UNITS_PROCEDURE.search(tail):
        ctx.procedure = True
        return None  # 16个村均一次性选举成功, 303个村完成了选民登记: a subset or a step
    role = _UNITS_ROLE_AFTER.match(noun_text)
    if role and done and hit.unit == "个" and role.group().endswith("班子"):
        # 49.1万个村班子顺利完成换届: teams counted by 个 are the units that voted
        return "units_completed" if not _PLANNED.search(tail) else None
    if role:
        if not done and _STATS_AFTER.match(noun_text, role.end()):
            return "units_total"  # 197个村“两委”班子平均年龄…: the villages the averages cover
        ctx.role = True
        return None  # 15个村党支部书记全票当选: a role
    if not done and _AMONG.match(tail) and _ELECTED_AMONG.search(ctx.sentence, ctx.p1):
        done = True  # 139个社区中，733人被居民选为社区当家人: the villages the vote was held in
    if done:
        if not _PLANNED.search(tail):
            return "units_completed"
        return None
    if not np_r and ctx.np_left.endswith("的"):
        return None
    if not np_r and _RELATIVE_VILLAGES.search(ctx.np_left):
        return None  # 已制定…的村(社区)有25833个: a subset defined by a relative clause
    if not _SCOPE_WORDS.search(ctx.sentence):
        return None  # 全区共有17个街道、165个社区: a description of the district, not the election
    return "units_total"


def _scope(name: str, hit: Hit, ctx: Context) -> str:
    """The text of the scope called ``name`` (one of ``SCOPES``)."""
    return _scope_at(SCOPES.index(name), ctx)


def _scope_at(i: int, ctx: Context) -> str:
    """The text of scope ``SCOPES[i]`` (rules name their scopes by index: an int
    compare per scope instead of a string compare, a list slot instead of a dict key)."""
    if i == 0:  # np
        return ctx.subject or ""
    if i == 1:  # np_near
        return (ctx.np_left[-16:] + "|" + ctx.np_right[:10])
    if i == 2:  # own_np
        return ctx.own_left + "|" + ctx.own_right[:14]
    if i == 3:  # right_np
        return ctx.np_right
    if i == 4:  # near
        return ctx.near
    if i == 5:  # sentence
        return ctx.sentence
    if i == 6:  # window
        return ctx.window
    if i == 7:  # prev_np
        return ctx.prev_clause + "|" + (ctx.subject or "")
    if i == 8:  # near2
        return ctx.near + "," + ctx.next_clause
    if i == 9:  # left_clause
        return ctx.left_clause
    if i == 10:  # own_left
        return ctx.own_left
    if i == 11:  # own_right
        return ctx.own_right
    raise KeyError(i)


def _rule_matches(rule: Rule, hit: Hit, ctx: Context, scopes: list[str | None] | None = None) -> bool:
    """``scopes`` (``_no_scopes()``) keeps the scope strings across the rules tried for one
    figure (they are joined from the context, which does not change while rules are tried)."""
    if rule.units is not None and hit.unit not in rule.units:
        return False
    if hit.kind not in rule.kinds:
        return False
    return _needs_met(rule, hit, ctx, _no_scopes() if scopes is None else scopes)


def _no_scopes() -> list[str | None]:
    """One slot per scope of ``SCOPES``, none read yet."""
    return [None] * len(SCOPES)


# The value of the earlier term (上届为79%, 上一届平均年龄51岁) is no current metric;
# 比上届 / 较上届 introduce a change, which is.
_EARLIER_TERM: Final = re.compile(r"(?:^|[^比较与同])(?:上届|上一届|上轮|上次换届|换届前)(?!相比|比)[^，,；;。]{0,16}$")
# Shares of people (women, college, young) need people as denominator: a share
# "of the villages / committees" (100%的村委会班子中都有女性) is another quantity.
_PEOPLE_SHARES: Final = frozenset({"female", "college", "young", "new"})
_SHARE_OF_UNITS: Final = re.compile(rf"^(?:以上|以下)?的(?:{_VILLAGE}|{_TOWNSHIP}|班子|支部|支委|村委|两委)")
# A change of a number of people (大专以上学历者较上届增长58%) is not a change of the share.
_COUNT_CHANGE: Final = re.compile(r"者|人数|人员|的人|名|数量")


def is_earlier_term(hit: Hit, ctx: Context) -> bool:
    """The figure states the previous term's value (decision (d) of the module docstring)."""
    if hit.role == "earlier":
        return True
    if hit.kind == "change":
        return False
    own_left = ctx.own_left
    # every earlier-term word holds 上 or is 换届前: most clauses skip the scan
    return ("上" in own_left or "换届前" in own_left) and bool(_EARLIER_TERM.search(own_left))


_NAMED_LIST: Final = re.compile(r"[\u4e00-\u9fff](?:、|和|及|与)[\u4e00-\u9fff]{1,8}$")


_CLAIM_RIGHT: Final = re.compile(r"^(?:实现|达到|为)?[“\"]?(一肩挑|交叉任职)")


# 降幅达8.9%, 增幅为12%: a change restated relative to its base — neither the share nor
# its change in points (较上届下降4.55% with no such word stays the metric's change).
_RELATIVE_SIZE: Final = re.compile(r"(?:降幅|增幅|涨幅|减幅|幅度|降低幅度|下降幅度|增长幅度)(?:达到|达|为|是|约)?$")
# 成洲、新秀、泉淮3个社区…, 其他6个社区…: villages named one by one, or "the others", are a subset.
# A list closed by 等 (檀树头、南门…北湖等8个) enumerates the whole scope instead.
# The clause must open with the names (桃城镇12个村、五里街镇12个村 are two townships' villages).
_UNITS_SUBSET_LEFT: Final = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,6}、)+[\u4e00-\u9fff]{2,6}(?<![等镇乡县区市道])$|(?:其他|其余|另外)$")


_SOME_OF: Final = re.compile(r"^[^，,；;。]{0,4}(?:有的|个别|最低的|最高的|最小的|最大的)")


def is_chinese_numeral(quote: str) -> bool:
    return bool(quote) and quote[0] in "二两三四五六七八九十"


def metric_for(hit: Hit, ctx: Context) -> str | None:
    """The codebook key this figure measures, or None (figure by figure; see ``assign_metrics``)."""
    if hit.kind in ("range", "duration", "money", "ratio") or is_earlier_term(hit, ctx):
        return None
    if hit.unit in ("岁", "周岁"):
        left_clause = ctx.left_clause
        # (every _SOME_OF word holds 有, 个 or 最: most clauses skip the regex call)
        if hit.kind == "average" and ("有" in left_clause or "个" in left_clause or "最" in left_clause) and _SOME_OF.search(
                left_clause):
            return None  # 有的乡镇…平均年龄45周岁: the average of an unnamed subset
        if hit.kind == "average" or (hit.role == "level" and "平均" in ctx.left[-20:]):
            return "avg_age"
        if hit.kind == "change" and (_left_topic(ctx) == "age" or "年龄" in ctx.left):
            return "avg_age_change"
        return None
    if hit.unit in ("%", "个百分点", "百分点"):
        if "幅" in ctx.own_left and _RELATIVE_SIZE.search(ctx.own_left):  # (every such word holds 幅)
            return None  # …下降3.44岁，降幅达6.71%: the size of a change relative to its base, no share
        topic = _left_topic(ctx)
        if not topic and not ctx.np_left:
            topic = ctx.topic_right = _first_topic(ctx.right_clause)
        elif not topic:
            topic = None
        if topic is None:
            claim = _CLAIM_RIGHT.match(ctx.right_clause)
            if claim:  # 书记、主任100%“一肩挑”: the share stands right before its claim
                topic = "concurrent" if claim.group(1) == "一肩挑" else "cross"
        if topic is None:
            return None
        if hit.kind == "change":
            if topic == "age":
                return "avg_age_change"  # 平均年龄为42岁，较上届下降4.55%
            gap = ctx.topic_gap
            if hit.unit == "%" and len(gap) <= len(ctx.own_left) and _COUNT_CHANGE.search(gap):
                return None
            return _RATE_CHANGE.get(topic)
        if topic in _PEOPLE_SHARES and ctx.own_right.startswith(("的", "以上的", "以下的")) and _SHARE_OF_UNITS.match(
                ctx.own_right):
            return None  # 100%的村委会班子中都有女性: a share of committees, not of people
        return _RATE.get(topic)
    if hit.kind != "count":
        return None
    if hit.unit is None and unit_noun(ctx.np_right):
        if _NAMED_LIST.search(ctx.own_left) and is_chinese_numeral(ctx.sentence[ctx.p0:ctx.p1]):
            return None  # 寨后、过坂两村: villages named one by one are a subset, not the scope
        return _units_metric(hit, ctx)  # 15乡镇: places, never people
    if hit.unit in UNITS_OF_UNITS and unit_noun(ctx.np_right) and _UNITS_SUBSET_LEFT.search(ctx.own_left):
        return None
    scopes = _no_scopes()
    for rule in _count_rules(hit.unit):
        if _needs_met(rule, hit, ctx, scopes):
            return rule.metric
    return _units_metric(hit, ctx)


_COUNT_RULES: dict[str | None, tuple[Rule, ...]] = {}


def _count_rules(unit: str | None) -> tuple[Rule, ...]:
    """The rules (in table order) that can apply to a count in ``unit``: most rules
    name their units, so checking unit and kind once per unit, not once per figure
    and rule, skips most of the table (it is tried for every counted figure)."""
    rules = _COUNT_RULES.get(unit)
    if rules is None:
        rules = _COUNT_RULES[unit] = tuple(
            r for r in RULES if "count" in r.kinds and (r.units is None or unit in r.units))
    return rules


def _needs_met(rule: Rule, hit: Hit, ctx: Context, scopes: list[str | None]) -> bool:
    """``_rule_matches`` without the unit and kind checks (``_count_rules`` made them)."""
    for scope, pattern, chars, head in rule.need_at:
        text = scopes[scope]
        if text is None:
            text = scopes[scope] = _scope_at(scope, ctx)
        if chars is not None and not _holds_any(text, chars):
            return False
        if not pattern.search(text) and (head is None or not head.match(text)):
            return False
    for scope, pattern, chars, head in rule.avoid_at:
        text = scopes[scope]
        if text is None:
            text = scopes[scope] = _scope_at(scope, ctx)
        if chars is not None and not _holds_any(text, chars):
            continue
        if (head is not None and head.match(text)) or pattern.search(text):
            return False
    return True


# ---------------------------------------------------------------- sentence passes
_RESPECTIVELY: Final = re.compile(r"分别")
_LINK: Final = re.compile(r"^[^，,；;。:：()（）]{0,14}?(?:、|和|及|与|以及)[^，,；;。:：、()（）0-9]{0,6}$")
_GROUP_CARRY: Final = {"female_count", "young_count"}
_TRAIT: Final = re.compile(r"学历|文化程度|大专|本科|高中|初中|中专|交叉任职|少数民族|大学生|岁|男")
_PERSON_NOUN: Final = re.compile(r"人员|干部|书记|成员|委员|主任|党员|选民|群众|村民|代表|候选人|人才|大学生|妇女|女")


def assign_metrics(items: list) -> None:
    """Set ``.metric`` on every item (objects with ``hit``, ``ctx``, ``metric``), in text order.

    First figure by figure (``metric_for``), then the sentence passes described in
    the module docstring.
    """
    for c in items:
        c.metric = metric_for(c.hit, c.ctx)
    by_sentence: list[list] = []
    for c in items:
        if by_sentence and by_sentence[-1][0].ctx.start == c.ctx.start:
            by_sentence[-1].append(c)
        else:
            by_sentence.append([c])
    prev_sentence: list = []
    for group in by_sentence:
        if len(group) > 1:
            _respectively(group)
            _coordinated(group)
            _breakdown(group)
            _list_continues(group)
            _taking_part(group)
            _subgroup_of_which(group)
            _elided_units(group)
        _carry(group, prev_sentence)
        _units_of_which(group, prev_sentence)
        prev_sentence = group
    _newly_elected(items)


def _respectively(group: list) -> None:
    """甲、乙比例分别达到x%和y%: the i-th value takes the i-th topic before 分别."""
    sentence = group[0].ctx.sentence
    if "分别" not in sentence:
        return  # most sentences: no regex scan
    for m in _RESPECTIVELY.finditer(sentence):
        pos = m.end()
        vals = [c for c in group if c.ctx.p0 >= pos and c.hit.unit in ("%", "个百分点", "百分点")
                and c.hit.kind in ("percent", "change")]
        if not vals:
            continue
        # the list: consecutive values joined by 、/和/及 right after 分别…
        first = vals[0]
        if first.ctx.p0 - pos > 16 or _CLAUSE_SEP.search(sentence, pos, first.ctx.p0):
            continue
        run = [first]
        for c in vals[1:]:
            between = sentence[run[-1].ctx.p1:c.ctx.p0]
            if len(between) <= 2 and re.fullmatch(r"[、和及与,，]?", between):
                run.append(c)
            else:
                break
        topics = _topics_in(sentence[:m.start()])
        if len(topics) < len(run):
            continue
        for c, topic in zip(run, topics[-len(run):]):
            if c.hit.kind == "change":
                c.metric = _RATE_CHANGE.get(topic)
            else:
                c.metric = _RATE.get(topic)


def _coordinated(group: list) -> None:
    """16个行政村、35个居民区党组织顺利完成换届: list members share the last member's unit metric."""
    i = 0
    n = len(group)
    while i < n:
        j = i
        while j + 1 < n:
            a, b = group[j], group[j + 1]
            if not a.hit.unit == b.hit.unit == "个":
                break  # (tested first: most pairs, and no slice for them)
            between = a.ctx.sentence[a.ctx.p1:b.ctx.p0]
            if _LINK.match(_PAREN.sub("", between)) and unit_noun(between):
                j += 1
            else:
                break
        if j > i:
            last = group[j].metric
            first = group[i].ctx
            if (last in (None, "units_total") and _DONE_BEFORE.search(first.own_left)
                    and not _UNITS_NEGATED.search(first.left_clause)):
                last = "units_completed"  # 已完成全县358个村和12个城市社区…换届: the verb leads the list
                group[j].metric = last
            if last in ("units_completed", "units_total", "concurrent_count"):
                for c in group[i:j]:
                    if c.metric in (None, "units_total", "units_completed") and _village_noun(c.ctx.np_right):
                        c.metric = last
        i = j + 1


_UNITS_METRICS: Final = ("units_completed", "units_total")
_DONE_BEFORE: Final = re.compile(r"(?:已|已经|顺利|圆满|全面|相继|先后)(?:完成|结束)了?[^，,；;。0-9]{0,6}$")


def _breakdown(group: list) -> None:
    """515个社区(477个城市社区、38个村改居社区)产生新一届班子: the parts in brackets
    right after a village count share its metric."""
    for k, a in enumerate(group):
        if a.metric not in _UNITS_METRICS:
            continue
        for b in group[k + 1:]:
            between = a.ctx.sentence[a.ctx.p1:b.ctx.p0]
            opened = between.count("(") + between.count("（") - between.count(")") - between.count("）")
            if opened <= 0 or len(between) > 40:
                break
            if b.hit.unit in UNITS_OF_UNITS and b.hit.kind == "count" and _village_noun(b.ctx.np_right):
                b.metric = a.metric


def _list_continues(group: list) -> None:
    """应换届的有861个行政村…，77个农村社区…，64个城区社区…: a clause that is only a
    village count with no predicate of its own continues the list of the clause before."""
    for a, b in zip(group, group[1:]):
        if (a.metric in _UNITS_METRICS and b.metric is None and a.hit.unit == b.hit.unit == "个"
                and not b.ctx.own_left.strip() and _village_noun(b.ctx.np_right)
                and not _NP_STOP.search(a.ctx.own_right) and not _NP_STOP.search(b.ctx.own_right)
                and a.ctx.sentence[a.ctx.p1:b.ctx.p0].count("，") + a.ctx.sentence[a.ctx.p1:b.ctx.p0].count(",") == 1):
            b.metric = a.metric


def _subgroup_of_which(group: list) -> None:
    """本次进入“两委”的（大学生村官）99人，其中任主任1人: roles of a subgroup are not the
    committee's members; the breakdown after 其中 keeps the subgroup's null metric."""
    sentence = group[0].ctx.sentence
    i = sentence.find("其中")
    if i < 0:
        return
    parent = None
    for c in group:
        if c.ctx.p0 < i:
            if c.hit.kind == "count":
                parent = c
            continue
        if parent is None or parent.metric is not None or parent.hit.unit not in PERSON:
            return
        if not re.search(_SUBGROUP, parent.ctx.prev_clause + parent.ctx.own_left + (parent.ctx.subject or "")):
            return
        if c.metric in ("members_elected", "secretaries_elected"):
            c.metric = None


def _taking_part(group: list) -> None:
    """共有155个社区，参加换届的145个: the district's total is not the election's scope."""
    for a, b in zip(group, group[1:]):
        if a.metric == "units_total" and b.metric == "units_total" and _TAKING_PART.search(
                b.ctx.own_left + (b.ctx.np_right and "的")) or (
                a.metric == "units_total" and b.metric == "units_total" and re.search(r"(?:参加|参与)[^，,；;。]{0,8}换届", b.ctx.own_left)):
            if re.search(r"共有|共|有", a.ctx.own_left):
                a.metric = None


_NEWLY: Final = re.compile(r"新当选|新选出|新进入?")


def _newly_elected(items: list) -> None:
    """新当选的居委会成员53人 after 产生193名居委会成员: "newly elected" members fewer than
    the elected total the report gave are the new ones (new_count); as many as the total
    they are the total restated (one fact, merged by dedupe)."""
    total = 0.0
    for c in items:
        if c.metric != "members_elected":
            continue
        if total and c.hit.value < total and _NEWLY.search(c.ctx.own_left + "|" + (c.ctx.subject or "")):
            c.metric = "new_count"
        else:
            total = max(total, c.hit.value)


def _elided_units(group: list) -> None:
    """全县320个村中，已有300个完成换届 / …，目前已完成换届的有300个: a bare 个 count right
    after a village count, naming no noun of its own, counts the same kind of village;
    its own predicate says whether they completed."""
    for a, b in zip(group, group[1:]):
        if b.metric is not None or b.hit.unit != "个" or b.hit.kind != "count" or a.hit.unit != "个":
            continue
        if not (_village_noun(a.ctx.np_right) or _village_noun(a.ctx.np_left)):
            continue
        if unit_noun(b.ctx.np_right) or unit_noun(b.ctx.np_left) or len(b.ctx.own_left) > 16:
            continue
        if b.ctx.np_right and not _VERB_START.match(b.ctx.own_right):
            continue  # 300个督导组: a noun of its own
        words = b.ctx.own_left + "|" + b.ctx.own_right
        if _UNITS_NEGATED.search(words) or _NOT_DONE.search(words) or _UNITS_FUTURE.search(words):
            continue
        if _UNITS_PROCEDURE.search(words) or re.search(r"推荐|目标|计划|方案", words):
            continue
        if _UNITS_DONE.search(words) and b.hit.value < a.hit.value:
            b.metric = "units_completed"


def _units_of_which(group: list, prev_sentence: list) -> None:
    """…195个村(居)举行了投票选举…，其中村174个，社区21个: the parts of a village count
    after 其中 share its claim (a comma list of bare village counts continues the part)."""
    for k, c in enumerate(group):
        hit: Hit = c.hit  # (typed: its fields are read natively)
        if hit.unit not in UNITS_OF_UNITS or hit.kind != "count" or c.metric not in (None, "units_completed", "units_total"):
            continue
        if "其中" not in c.ctx.own_left:
            continue  # both tests below look for 其中 in it
        # 215个居(村)委会(其中居委会140个): the 其中 may open a bracket after the parent count
        bracketed = re.split(r"[(（]", c.ctx.own_left)[-1]
        if not (c.ctx.own_left.lstrip("，, (（").startswith("其中") or bracketed.startswith("其中")) or not _village_noun(
                c.ctx.np_left or c.ctx.np_right):
            continue
        before = group[:k] if k else prev_sentence
        parent = next((p for p in before[::-1] if p.metric in _UNITS_METRICS
                       and p.hit.unit in UNITS_OF_UNITS and p.hit.value > c.hit.value), None)
        if parent is None:
            continue
        c.metric = parent.metric
        for d in group[k + 1:]:
            if (d.hit.unit != c.hit.unit or d.hit.value >= parent.hit.value or d.metric not in (None, "units_completed", "units_total")
                    or d.ctx.own_right.strip() or not _village_noun(d.ctx.np_left)
                    or d.ctx.np_left != d.ctx.own_left.strip("，, ")):
                break
            d.metric = parent.metric


def _carry(group: list, prev_sentence: list) -> None:
    """其中 clauses and breakdowns by place inherit the group of the figure before them."""
    for k, c in enumerate(group):
        hit: Hit = c.hit  # (typed: its fields are read natively, not looked up by name)
        if hit.unit not in PERSON or hit.kind != "count":
            continue
        ctx: Context = c.ctx
        own = ctx.own_left
        of_which = own.lstrip("，, (（").startswith("其中") or (
            not own.strip() and ctx.prev_clause.strip() == "其中")
        metric = c.metric
        if of_which and metric in (None, "secretaries_elected", "members_elected"):
            before = group[:k] if k else prev_sentence
            prev = next((p for p in before[::-1] if p.hit.kind == "count"), None)
            if prev is not None and prev.metric in _GROUP_CARRY and not _TRAIT.search(ctx.subject or ""):
                c.metric = prev.metric  # 妇女35707名…其中1479人当选书记
                continue
        if metric is None and _village_noun(ctx.np_left) and not _PERSON_NOUN.search(
                ctx.np_left + "|" + ctx.np_right):
            # 班子成员共195名，行政村52名(其中书记16名)；居民区143名: a breakdown by place
            for p in (group[:k] if k else prev_sentence)[::-1]:
                if p.metric == "members_elected" and not _village_noun(p.ctx.np_left):
                    c.metric = "members_elected"
                    break
