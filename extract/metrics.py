"""Subjects and canonical metrics for figures.

The grammar (``extract.figures``) says *how much*; this module says *of what*:

* ``subject`` – a short phrase from the sentence naming what is counted (the
  noun phrase after the measure word, else the one before the number), and for
  averages whose average it is (书记平均年龄);
* ``metric`` – a key of ``huanjie.codebook`` when the figure is one of the
  quantities researchers compare across regions.

Metric assignment is a rule table (``RULES``): ordered, first match wins, each
rule naming the codebook key it assigns (checked against the codebook at import,
so a typo fails loudly), the unit classes and kinds it applies to, and the
words that must / must not appear in one of a few context scopes.  Rates and
their changes go through *topics*: the nearest topic word to the left of the
number in the same sentence (学历 → college_rate, 一肩挑 → concurrent_rate…),
because reports chain several rates in one sentence ("大专以上学历占62.8%，比上届
提高近3成；平均年龄44.4岁").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from huanjie import codebook
from extract.figures import Hit

__all__ = ["Context", "context_for", "subject_for", "metric_for", "RULES", "TOPICS", "unit_noun"]

_CLAUSE_SEP = re.compile(r"[，,；;：:！？!?。\n]")
# Villages, communities, townships as election units (their party organisations count too).
_UNIT_NOUN = re.compile(
    r"(?:村\(社区\)|村（社区）|村\(居\)|村（居）|村居|村社|行政村|自然村|社区|嘎查村?|村|乡镇\(街道\)|乡镇|乡\(镇\)|街道|镇|乡)"
    r"(?!民|\(居\)民|级|干|书|小组|委员|委会|务|规|情|医|集体|组|长|级|主任|监)"
)
_VERB_START = re.compile(
    r"^(?:当选|担任|参加|参与|进行|开展|完成|实现|已|全部|均|都|被|将|是|为|在|从|对|向|于|共|达|占|有|任|作|的|和|及|与|并|通过|经过|负责)"
)
_NP_STOP = re.compile(
    r"(?:认真|定点|开展|进行|派出|对(?!象)|已|全部|完成|负责|下沉|量身|进驻|参加|参与|实现|具有|被|将|接受|均|都|全程|分别|实行|占|达|,|，|；|;|。|：|:)"
)
_LIST_NEXT = re.compile(r"、(?=[0-9一二三四五六七八九十两])")
_LEFT_MARKERS = re.compile(
    r".*(?:选举产生|产生|选出|推选出|推选|选举|选配|选派|储备|培养|录用|开展|培训|整顿|组建|成立|悬挂|印发|制作|签订|办理|梳理|解决|领办|涉及|覆盖|其中|共有|共计|共|有|达到|达|为|对|向|给|占|是|调整|新增|明确|确定|审查|联审)"
)
_LEFT_STRIP_HEAD = re.compile(r"^(?:其中|全省|全市|全县|全区|全镇|全乡|全国|共|目前|本次换届|此次|本次|该区|该县|该市|该镇)+")
_LEFT_STRIP_TAIL = re.compile(r"(?:达到|达|为|占|有|共|约|近|超过|是|的|总数|人数|数)+$")
_WHOSE = re.compile(r"(党组织书记|支部书记|书记|主任|班子成员|“?两委”?成员|“?两委”?干部|委员|成员|干部|候选人)")


@dataclass
class Context:
    """Where a figure sits: its sentence and the clauses either side of it."""

    sentence: str
    start: int
    """Sentence start in the text."""
    p0: int
    p1: int
    """Figure (quote) span within the sentence."""
    left_clause: str = ""
    right_clause: str = ""
    prev_clause: str = ""
    next_clause: str = ""
    subject: str = ""
    np_right: str = ""
    np_left: str = ""
    topic: str | None = None
    topic_right: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def left(self) -> str:
        return self.sentence[: self.p0]

    @property
    def near(self) -> str:
        return self.left_clause + self.sentence[self.p0:self.p1] + self.right_clause


def context_for(hit: Hit, text: str, sent_start: int, sent_end: int) -> Context:
    sentence = text[sent_start:sent_end]
    p0, p1 = hit.start - sent_start, hit.end - sent_start
    left = sentence[:p0]
    seps = list(_CLAUSE_SEP.finditer(left))
    left_clause = left[seps[-1].end():] if seps else left
    prev_clause = left[seps[-2].end() if len(seps) > 1 else 0: seps[-1].start()] if seps else ""
    rest = sentence[p1:]
    m = _CLAUSE_SEP.search(rest)
    right_clause = rest[: m.start()] if m else rest
    next_clause = ""
    if m:
        m2 = _CLAUSE_SEP.search(rest, m.end())
        next_clause = rest[m.end(): m2.start() if m2 else len(rest)]
    ctx = Context(sentence, sent_start, p0, p1, left_clause, right_clause, prev_clause, next_clause)
    ctx.np_right = _np_right(right_clause)
    ctx.np_left = _np_left(left_clause)
    ctx.topic = _nearest_topic(left[-40:]) if hit.unit in _RATE_UNITS else None
    ctx.topic_right = _first_topic(right_clause) if hit.unit in _RATE_UNITS else None
    ctx.subject = subject_for(hit, ctx)
    return ctx


def _np_right(clause: str) -> str:
    """The noun phrase right after the measure word: 6个督导指导组认真负责 → 督导指导组."""
    if _VERB_START.match(clause):
        return ""
    # A list of figures (12个村、53个社区) ends the phrase at 、.
    cut = _LIST_NEXT.search(clause)
    if cut:
        clause = clause[: cut.start()]
    m = _NP_STOP.search(clause, 1)
    np = clause[: m.start()] if m else clause
    return np[:14].strip()


def _np_left(clause: str) -> str:
    """The phrase before the number: 其中村(社区)党组织书记113名 → 村(社区)党组织书记."""
    m = _LEFT_MARKERS.match(clause)
    np = clause[m.end():] if m else clause
    if not np and m:
        np = clause
    np = _LEFT_STRIP_TAIL.sub("", _LEFT_STRIP_HEAD.sub("", np.strip()))
    return np[-16:]


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
    if subject.count("(") < subject.count(")") and subject.endswith(")"):
        subject = subject[:-1]
    subject = _balance_quotes(subject)
    return subject or None


def _balance_quotes(s: str) -> str:
    """Keep “…” pairs whole: a phrase cut inside a quotation gets its opening mark back."""
    s = s.strip("“") if s.count("“") > s.count("”") and s.endswith("“") else s
    if s.count("”") > s.count("“"):
        s = "“" + s
    elif s.count("“") > s.count("”"):
        s = s + "”"
    return s


def unit_noun(phrase: str) -> str | None:
    """The election unit a phrase starts with (村(社区), 社区, 乡镇 …), if any."""
    m = _UNIT_NOUN.match(phrase or "")
    return m.group(0) if m else None


# ---------------------------------------------------------------- topics
# Topic words for rates; the nearest one left of the figure wins.
TOPICS: tuple[tuple[str, str], ...] = (
    ("一肩挑", "concurrent"),
    ("交叉任职", "cross"),
    ("大专", "college"), ("本科", "college"), ("学历", "college"), ("文化程度", "college"),
    ("女性", "female"), ("妇女", "female"), ("女干部", "female"), ("女委员", "female"), ("女书记", "female"),
    ("岁以下", "young"), ("周岁以下", "young"), ("年轻", "young"),
    ("高中以上学历", "other"), ("高中及以上学历", "other"), ("中专以上学历", "other"), ("初中", "other"),
    ("80后", "young"), ("90后", "young"),
    ("新当选", "new"), ("新进", "new"), ("新任", "new"), ("新面孔", "new"), ("新人", "new"),
    ("参选率", "turnout"), ("投票率", "turnout"), ("参选", "turnout"), ("参加投票", "turnout"),
    ("平均年龄", "age"), ("年龄", "age"),
    ("连任", "reelected"), ("留任", "reelected"),
)
_TOPIC_RE = re.compile("|".join(sorted((re.escape(w) for w, _ in TOPICS), key=len, reverse=True)))
_TOPIC_OF = dict(TOPICS)
_RATE = {
    "concurrent": "concurrent_rate", "cross": "cross_appointment_rate", "college": "college_rate",
    "female": "female_rate", "young": "young_rate", "new": "new_rate", "turnout": "turnout_rate",
}
_RATE_CHANGE = {"college": "college_rate_change"}
_RATE_UNITS = frozenset({"%", "个百分点", "百分点", "岁", "周岁"})


def _nearest_topic(left: str) -> str | None:
    found = _TOPIC_RE.findall(left)
    return _TOPIC_OF[found[-1]] if found else None


def _first_topic(right: str) -> str | None:
    m = _TOPIC_RE.search(right)
    return _TOPIC_OF[m.group(0)] if m else None


# ---------------------------------------------------------------- rule table
PERSON = frozenset({"名", "人", "位", "人次", None})
UNITS_OF_UNITS = frozenset({"个", None})


@dataclass(frozen=True)
class Rule:
    metric: str
    units: frozenset | None
    kinds: frozenset
    need: tuple[tuple[str, re.Pattern], ...] = ()
    """(scope, regex) pairs that must all match."""
    avoid: tuple[tuple[str, re.Pattern], ...] = ()
    """(scope, regex) pairs of which none may match."""


def _r(metric: str, units, kinds, need=(), avoid=()) -> Rule:
    codebook.get(metric)  # fail at import on a key the codebook does not define
    return Rule(metric, frozenset(units) if units is not None else None, frozenset(kinds),
                tuple((sc, re.compile(p)) for sc, p in need), tuple((sc, re.compile(p)) for sc, p in avoid))


_COUNT = ("count",)
_NOT_PEOPLE_GROUP = r"离任|落选|退出|离职|调整|后备|原|上届|监督委员会|监委会|小组长|代表|党员|群众|对象|研究生|专员|领导(?!班子)"
RULES: tuple[Rule, ...] = (
    _r("trainees", PERSON, _COUNT, [("left_clause", r"培训|轮训")], [("left_clause", r"审查|联审")]),
    _r("candidates_reviewed", PERSON, _COUNT, [("near2", r"联审|资格审查|资格复审|审查|审核|把关")],
       [("near2", r"约谈|谈话")]),
    _r("reserve_cadres", PERSON, _COUNT, [("prev_np", r"后备")]),
    _r("voters_registered", PERSON, _COUNT, [("near", r"选民"), ("left_clause", r"登记")]),
    _r("trainees", PERSON, _COUNT, [("near2", r"培训|轮训")], [("right_np", r"^(?:场|期|班)")]),
    _r("concurrent_count", PERSON | {"个"}, _COUNT, [("np", r"一肩挑")]),
    _r("female_count", PERSON, _COUNT, [("np_near", r"女")]),
    _r("young_count", PERSON, _COUNT, [("np_near", r"岁以下|年轻|80后|90后|00后")]),
    _r("new_count", PERSON, _COUNT, [("np_near", r"新当选|新进|新任|新面孔")]),
    _r("reelected_count", PERSON, _COUNT, [("np_near", r"连任|留任")]),
    _r("secretaries_elected", PERSON, _COUNT, [("np", r"书记")],
       [("np", _NOT_PEOPLE_GROUP + r"|培训|当选")]),
    _r("members_elected", PERSON, _COUNT,
       [("np", r"班子|两委.{0,2}(?:成员|干部)|村委会?成员|居委会?成员"),
        ("sentence", r"选举|选出|产生|当选|新一届|新班子|换届后|就职|宣誓|履职")],
       [("np", _NOT_PEOPLE_GROUP + r"|培训")]),
    _r("trainings", {"场", "场次", "期", "次", "班"}, _COUNT,
       [("left_clause", r"培训|轮训")], [("left_clause", r"参加|参训")]),
    _r("units_completed", UNITS_OF_UNITS, _COUNT, [("unit_np", r"."), ("near", r"完成|结束|选举产生|选出")]),
    _r("units_total", UNITS_OF_UNITS, _COUNT, [("unit_np", r".")],
       [("np_left_rel", r"的(?:村\(社区\)|社区|行政村|乡镇|村|街道)$")]),
)


def _scope(name: str, hit: Hit, ctx: Context) -> str:
    if name == "np":
        return ctx.subject or ""
    if name == "np_near":
        return (ctx.np_left[-12:] + "|" + ctx.np_right[:10])
    if name == "right_np":
        return ctx.np_right
    if name == "near":
        return ctx.near
    if name == "sentence":
        return ctx.sentence
    if name == "prev_np":
        return ctx.prev_clause + "|" + (ctx.subject or "")
    if name == "near2":
        return ctx.near + "," + ctx.next_clause
    if name == "left_clause":
        return ctx.left_clause
    if name == "unit_np":
        np = ctx.np_right if len(ctx.np_right) >= 1 and unit_noun(ctx.np_right) else ""
        if not np and not ctx.np_right:
            np = ctx.np_left if unit_noun(_last_unit(ctx.np_left)) else ""
        return np
    if name == "np_left_rel":
        # 已制定…的村(社区)有25833个: a subset defined by a relative clause
        return ctx.np_left if not ctx.np_right else ""
    raise KeyError(name)


def _last_unit(phrase: str) -> str:
    m = re.search(r"(村\(社区\)|社区|行政村|乡镇|村|街道)$", phrase or "")
    return m.group(0) if m else ""


def _rule_matches(rule: Rule, hit: Hit, ctx: Context) -> bool:
    if rule.units is not None and hit.unit not in rule.units:
        return False
    if hit.kind not in rule.kinds:
        return False
    for scope, pattern in rule.need:
        if not pattern.search(_scope(scope, hit, ctx)):
            return False
    for scope, pattern in rule.avoid:
        if pattern.search(_scope(scope, hit, ctx)):
            return False
    return True


def metric_for(hit: Hit, ctx: Context) -> str | None:
    """The codebook key this figure measures, or None."""
    if hit.role == "earlier" or hit.kind in ("range", "duration", "money"):
        return None
    if hit.unit in ("岁", "周岁"):
        if hit.kind == "average" or (hit.role == "level" and "平均" in ctx.left[-20:]):
            return "avg_age"
        if hit.kind == "change" and (ctx.topic == "age" or "年龄" in ctx.left):
            return "avg_age_change"
        return None
    if hit.unit in ("%", "个百分点", "百分点"):
        topic = ctx.topic if ctx.topic else (ctx.topic_right if not ctx.np_left else None)
        if topic is None:
            return None
        if hit.kind == "change":
            return _RATE_CHANGE.get(topic)
        return _RATE.get(topic)
    for rule in RULES:
        if _rule_matches(rule, hit, ctx):
            return rule.metric
    return None
