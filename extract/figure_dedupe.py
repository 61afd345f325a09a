"""One figure per fact.

Reports repeat themselves: the title restates a body number, a paragraph is
printed twice, a later sentence mentions "the 113 villages" again.  A repeated
mention is the *same fact* when it has the same value and kind and makes the
same claim; the same number making another claim (22个村 in scope vs 22个村 that
have completed the vote; 15个村“两委” vs 15个村党组织 completed) is a second
figure because its metric, its organ or its subject differs.

Surface variants do not make a new fact: a measure word of the same class
(名/人/位; a bare number and 个: 26省份 / 26个省), the qualifier word (多/余).

Three ways a later mention merges into an earlier one:

1. **headlines** — the title, a ``原标题:`` copy of it, a subtitle (◎…◎) or a
   summary line state facts the body states again: each headline figure stands
   for the first body mention with the same value and unit class (it keeps
   its place, the body sentence gives it its metric), and a headline
   repeating an earlier headline is dropped;
2. **same claim** — same value, unit, kind, direction, qualifier and metric,
   and the same identifying head (the counted noun, and for villages the
   organ: 两委 / 党组织 / 村委会);
3. **distinctive values** — a value nobody states twice by chance (a decimal
   such as 60.4%, or an unround count such as 99 or 2802) stated again in
   another sentence with a compatible unit and no conflicting metric.

Generic heads (方面, 工作, 环节, 要求) do not identify a fact: "三个方面" twice in
an article are usually two different lists, so they are kept.
"""
from __future__ import annotations

import re
from typing import Final

from extract.figures import Hit
from extract.metrics import Context, unit_noun, unit_noun_span

__all__ = ["Candidate", "dedupe", "unit_class"]

_MIN_HEAD: Final = 3
_UNIT_CLASS: Final = {"名": "person", "人": "person", "位": "person", "个": "unit", None: "unit", "家": "unit"}
_BREAKDOWN: Final = re.compile(r"[(（][^()（）]*[0-9][^()（）]*[)）]")
_ORGAN_ANY: Final = re.compile(r"(两委|党组织|党支部|党总支|村民委员会|居民委员会|村委会|居委会|村\(居\)委会?)")
_UNIT_COMMITTEES: Final = frozenset({"居委会", "村委会", "居民委员会", "村民委员会"})
_ORGAN: Final = re.compile(r"^[“”\"]*(两委|党组织|党支部|党总支|村民委员会|居民委员会|村委会|居委会|委员会|村委|居委|党委|支部|委)")


class Candidate:
    """A figure on its way to a record: its grammar hit, its context and its metric.

    A plain class, not a dataclass: compiled, a dataclass keeps an interpreted
    ``__init__``, and one Candidate is built per figure."""

    def __init__(self, hit: Hit, ctx: Context, metric: str | None, in_title: bool = False,
                 absorbed: bool = False) -> None:
        self.hit = hit
        self.ctx = ctx
        self.metric = metric
        self.in_title = in_title
        """The figure stands in a headline (title, 原标题, subtitle, summary)."""
        self.absorbed = absorbed
        """A headline figure that has met its body mention (it stands for that one only)."""

    def __repr__(self) -> str:
        return f"Candidate({self.hit!r}, metric={self.metric!r}, in_title={self.in_title})"


def unit_class(unit: str | None) -> str | None:
    """名/人/位 are one class; a bare number and 个 (26省份 / 26个省) another."""
    return _UNIT_CLASS.get(unit, unit)


def _head(c: Candidate) -> str:
    np = c.ctx.np_right if len(c.ctx.np_right) >= 2 else ""
    if np:
        u = unit_noun(np)
        return u if u else np
    return ("<" + c.ctx.np_left[-6:]) if c.ctx.np_left else ""


def _organ(c: Candidate) -> str | None:
    """The organ a village count is about: 15个村(社区)“两委” vs 15个村(社区)党组织 —
    right after the village noun, else the first one named in the rest of the clause
    (173个村(社区)(…)产生新一届“两委”班子)."""
    np = c.ctx.np_right
    found = unit_noun_span(np)
    if not found:
        return None
    m = _ORGAN.match(np[found[1]:])
    if m:
        # 社区居委会 / 村村委会 names the unit itself, as 居委会 or 村委会 alone does (no organ claim)
        return None if m.group(1) in _UNIT_COMMITTEES else m.group(1)
    rest = _BREAKDOWN.sub("", c.ctx.right_clause)
    found = unit_noun_span(rest)
    m = _ORGAN_ANY.search(rest, found[1] if found else 0)
    return m.group(1) if m else None


def _organs_differ(a: Candidate, b: Candidate) -> bool:
    x, y = _organ(a), _organ(b)
    return x is not None and y is not None and x != y


def _same_fact(a: Candidate, b: Candidate) -> bool:
    ha, hb = a.hit, b.hit
    if (ha.value, ha.value_max, ha.unit, ha.kind, ha.direction, ha.qualifier) != (
        hb.value, hb.value_max, hb.unit, hb.kind, hb.direction, hb.qualifier
    ):
        return False
    if a.ctx.sentence == b.ctx.sentence and a.ctx.p0 == b.ctx.p0:
        return True  # a repeated sentence or paragraph
    if a.ctx.start == b.ctx.start:
        return False  # two mentions in one sentence (甲镇12个村、乙镇12个村) are two claims
    if a.metric != b.metric or a.ctx.claim != b.ctx.claim:
        return False
    if _organs_differ(a, b):
        return False
    x, y = _head(a), _head(b)
    if not x or not y:
        return False
    if unit_noun(x) and x == y:
        return True
    if len(x) < _MIN_HEAD or len(y) < _MIN_HEAD:
        return False
    return x.startswith(y) or y.startswith(x)


_ANAPHOR: Final = ("这", "该", "上述", "前述", "此", "这些", "以上", "所述")
_KIND_UNITS: Final = frozenset({"类", "种"})
_HEAD_SKIP: Final = set("的之等各")


def _refers_back(a: Candidate, b: Candidate) -> bool:
    """A later mention that points back at an earlier count of the same thing:
    ``这两类人员`` after ``两类非本村户籍人口`` (an anaphor), or ``两类人员`` again —
    a number of *kinds* (类, 种) restated with a noun sharing the earlier one's head
    character.  Counts of villages or people are left to the claim rules."""
    ha, hb = a.hit, b.hit
    if a.ctx.start == b.ctx.start or (ha.value, ha.value_max, ha.unit, ha.kind) != (
            hb.value, hb.value_max, hb.unit, hb.kind):
        return False
    if b.ctx.own_left.endswith(_ANAPHOR) and (a.metric == b.metric or b.metric is None):
        return True
    if ha.unit in _KIND_UNITS and a.metric == b.metric:
        later = [ch for ch in b.ctx.np_right[:2] if ch not in _HEAD_SKIP]
        if later and any(ch in a.ctx.np_right[:10] for ch in later):
            return True
        # 两类非本村户籍居民 … 两类人员: both kinds of people
        return bool(_PEOPLE.match(b.ctx.np_right) and _PEOPLE.search(a.ctx.np_right[:10]))
    return False


_PEOPLE: Final = re.compile(r"[^，,；;。]{0,8}?(?:人员|人口|居民|村民|干部|党员|群众|对象|代表|人才)")


def _unit_kind(noun: str | None) -> str | None:
    """村, 行政村, 村委会 count the same villages; 社区, 居委会 the same communities."""
    if noun is None:
        return None
    village = "村" in noun and "村社" != noun
    community = "社区" in noun or "居" in noun
    if village and community:
        return "village+community"
    if noun.startswith(("自然村", "经济", "股份")):
        return noun
    return "village" if village else "community" if community else noun


def _restated_step(a: Candidate, b: Candidate) -> bool:
    """A distinctive village count restated without a claim of its own is the same villages:
    全区138个村…如期完成 … 全区138个村推选选举委员会 (a step taken by the whole district's
    villages, not a subset); 28个社区…完成换届 … 28个社区居委会成员的整体素质 (their members)."""
    if a.metric not in ("units_completed", "units_total") or b.metric is not None:
        return False
    ctx = b.ctx
    return ctx.role or ctx.procedure and "全" in ctx.own_left


def _distinctive(value: float) -> bool:
    """A value unlikely to recur by chance: a decimal, or an unround count of 20 and more."""
    if value != int(value):
        return True
    return value >= 20 and value % 10 != 0


def _shares_of_other_groups(a: Candidate, b: Candidate) -> bool:
    """党员8人，占88%；…连选连任的8人，占88%: each share is of the count right before it;
    different counts make different shares, however equal the numbers."""
    if a.hit.kind != "percent" or not (a.ctx.own_left.endswith("占") and b.ctx.own_left.endswith("占")):
        return False
    x, y = _GROUP_COUNT.search(a.ctx.prev_clause), _GROUP_COUNT.search(b.ctx.prev_clause)
    return (x is not None and y is not None and x.group(0) == y.group(0)
            and a.ctx.prev_clause.strip() != b.ctx.prev_clause.strip())


_GROUP_COUNT: Final = re.compile(r"[0-9]+(?:人|名|位)$")


def _same_villages(a: Candidate, b: Candidate) -> bool:
    """辖区7个社区均一次性完成 after 顺利完成七个社区…换届: the township's villages that completed
    the vote, counted again collectively with no claim of their own, are the same villages."""
    ha, hb = a.hit, b.hit
    if a.ctx.start == b.ctx.start or a.metric != "units_completed" or b.metric not in (None, "units_total"):
        return False
    if (ha.value, ha.value_max, ha.kind) != (hb.value, hb.value_max, hb.kind) or unit_class(hb.unit) != "unit":
        return False
    if b.metric is not None or not _COLLECTIVE.search(b.ctx.own_left) or _UNITS_SUBSET.search(b.ctx.own_left):
        return False
    na, nb = unit_noun(a.ctx.np_right), unit_noun(b.ctx.np_right)
    return na is not None and _unit_kind(na) == _unit_kind(nb)


_COLLECTIVE: Final = re.compile(r"(?:辖区|全镇|全乡|全街道|该镇|该乡|该街道|本镇|本乡|本街道)(?:内|的)?$")
_UNITS_SUBSET: Final = re.compile(r"其中|其他|其余|另外|另有|、[\u4e00-\u9fff]{1,6}$")


def _same_distinctive(a: Candidate, b: Candidate) -> bool:
    ha, hb = a.hit, b.hit
    if a.ctx.start == b.ctx.start or not _distinctive(ha.value):
        return False
    if _shares_of_other_groups(a, b):
        return False
    if (ha.value, ha.value_max, ha.kind, ha.direction) != (hb.value, hb.value_max, hb.kind, hb.direction):
        return False
    if unit_class(ha.unit) != unit_class(hb.unit):
        return False
    na, nb = unit_noun(a.ctx.np_right), unit_noun(b.ctx.np_right)
    if unit_class(ha.unit) == "unit" and na != nb and not (_restated_step(a, b) and _unit_kind(na) == _unit_kind(nb)):
        return False  # 173个村(社区)指导组 / 173个村(居)委会候选人提名: counts of different things
    if a.metric != b.metric and (a.metric and b.metric or unit_class(ha.unit) == "unit") and not _restated_step(a, b):
        return False  # village counts differ by claim (in scope, completed, a procedural subset)
    if a.ctx.claim != b.ctx.claim or _organs_differ(a, b):
        return False
    if a.metric != b.metric and not _restated_step(a, b):
        # one mention has a metric, the other none: the same fact only if they name the same group
        return len(_bigrams(a.ctx.subject) & _bigrams(b.ctx.subject)) >= 2
    return True


_NOT_WORD: Final = re.compile(r"[^\u4e00-\u9fff]")


def _bigrams(s: str | None) -> set[str]:
    s = _NOT_WORD.sub("", s or "")
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _key(c: Candidate) -> tuple:
    h = c.hit
    return (h.value, h.value_max)


def dedupe(cands: list[Candidate]) -> list[Candidate]:
    """Drop later mentions of a fact already stated; headline figures merge with the body.

    Candidates are bucketed by value first, so long texts stay linear.
    """
    kept: list[Candidate] = []
    buckets: dict[tuple, list[Candidate]] = {}
    for c in cands:
        dup = None
        bucket = buckets.setdefault(_key(c), [])
        for k in bucket:
            if k.in_title and k.ctx.start != c.ctx.start and _headline_repeat(k, c):
                if c.in_title:
                    dup = k  # the title printed again (原标题, subtitle)
                    break
                if not k.absorbed:
                    k.absorbed = True
                    dup = k
                    break
            if _same_fact(k, c) or (not c.in_title and (_same_distinctive(k, c) or _refers_back(k, c)
                                                        or _same_villages(k, c))):
                dup = k
                if k.in_title and not c.in_title:
                    k.absorbed = True
                break
        if dup is None:
            kept.append(c)
            bucket.append(c)
            continue
        if dup.metric is None and c.metric is not None and dup.in_title:
            # the headline quoted first; the body sentence says what the number is
            dup.metric = c.metric
            dup.ctx.subject = c.ctx.subject
    return kept


def _headline_repeat(title: Candidate, other: Candidate) -> bool:
    t, b = title.hit, other.hit
    return (t.value, t.value_max) == (b.value, b.value_max) and unit_class(t.unit) == unit_class(b.unit)
