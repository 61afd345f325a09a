"""One figure per fact.

Reports repeat themselves: the title restates a body number, a paragraph is
printed twice, a later sentence mentions "the 113 villages" again.  A repeated
mention is the *same fact* when it has the same value, unit, kind, direction,
metric and the same identifying subject; the same number making another claim
(22个村 in scope vs 22个村 that have completed the vote) is a second figure
because its metric or subject differs.

Generic heads (方面, 工作, 环节, 要求) do not identify a fact: "三个方面" twice in
an article are usually two different lists, so they are kept.
"""
from __future__ import annotations

from dataclasses import dataclass

from extract.figures import Hit
from extract.metrics import Context, unit_noun

__all__ = ["Candidate", "dedupe"]

_MIN_HEAD = 3


@dataclass
class Candidate:
    hit: Hit
    ctx: Context
    metric: str | None
    in_title: bool = False
    absorbed: bool = False
    """A title figure that has met its body mention (it stands for that one only)."""


def _head(c: Candidate) -> str:
    np = c.ctx.np_right if len(c.ctx.np_right) >= 2 else ""
    if np:
        u = unit_noun(np)
        return u if u else np
    return ("<" + c.ctx.np_left[-6:]) if c.ctx.np_left else ""


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
    if a.metric != b.metric or a.ctx.extra.get("claim") != b.ctx.extra.get("claim"):
        return False
    x, y = _head(a), _head(b)
    if not x or not y:
        return False
    if unit_noun(x) and x == y:
        return True
    if len(x) < _MIN_HEAD or len(y) < _MIN_HEAD:
        return False
    return x.startswith(y) or y.startswith(x)


def _key(c: Candidate) -> tuple:
    h = c.hit
    return (h.value, h.value_max, h.unit)


def dedupe(cands: list[Candidate]) -> list[Candidate]:
    """Drop later mentions of a fact already stated; title figures merge with the body.

    Candidates are bucketed by value and unit first, so long texts stay linear.
    """
    kept: list[Candidate] = []
    buckets: dict[tuple, list[Candidate]] = {}
    for c in cands:
        dup = None
        bucket = buckets.setdefault(_key(c), [])
        for k in bucket:
            if _same_fact(k, c):
                dup = k
                if k.in_title and not c.in_title:
                    k.absorbed = True
                break
            if k.in_title and not k.absorbed and not c.in_title and _title_repeat(k, c):
                k.absorbed = True
                dup = k
                break
        if dup is None:
            kept.append(c)
            bucket.append(c)
            continue
        if dup.metric is None and c.metric is not None and dup.in_title:
            # the title quoted first; the body sentence says what the number is
            dup.metric = c.metric
            dup.ctx.subject = c.ctx.subject
    return kept


def _title_repeat(title: Candidate, body: Candidate) -> bool:
    t, b = title.hit, body.hit
    return (t.value, t.value_max, t.unit) == (b.value, b.value_max, b.unit)
