"""Region × election-round tables built from stored figures.

Why this is more than a pivot: the same fact is reported many times (progress
reports, syndicated copies, a provincial summary quoted by a county), so a cell
must pick *one* value, say how many independent sources stand behind it, and
flag sources that disagree, with every figure still reachable for checking.

Rules (documented here because researchers cite the table):

- **Round.**  Village elections run nationally in waves; a figure belongs to the
  wave its date falls in (``as_of``, else the report's ``published``).  Waves are
  named by their main year: 2008, 2011, 2014, 2017, 2021 (2020–21), 2025 (2024–26).
- **Region.**  A figure counts for the level asked only when its own region (else
  its document's region) is *at* that level: a county's share is never its
  province's share.
- **Value.**  The cell shows the most recent figure (latest as-of date); among
  figures of that date, the value most sources give.  Subgroups (``subject``:
  secretaries, members, chairs) are kept apart; the group most figures speak of
  fills the cell.
- **Sources.**  Independent sources are distinct duplicate groups, so a
  syndicated copy does not count twice.
- **Conflict.**  Two sources conflict when, for the same subgroup and the same
  as-of month, their values differ by more than rounding (0.5 % relative; 10 %
  when either is approximate, 近/约/余).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from huanjie import codebook

ROUNDS: tuple[tuple[str, int, int], ...] = (
    # (name, first year, last year): a date in [first, last] belongs to the round
    ("2008", 1900, 2009),
    ("2011", 2010, 2012),
    ("2014", 2013, 2015),
    ("2017", 2016, 2018),
    ("2021", 2019, 2022),
    ("2025", 2023, 2027),
)
ROUND_SPANS = {"2008": "2008", "2011": "2011", "2014": "2014", "2017": "2017",
               "2021": "2020–21", "2025": "2024–26"}


def round_of(date: str | None) -> str | None:
    """The election round a date belongs to (``"2021"`` for 2020-11-05), or None without a year."""
    if not date or len(date) < 4 or not date[:4].isdigit():
        return None
    year = int(date[:4])
    for name, lo, hi in ROUNDS:
        if lo <= year <= hi:
            return name
    return None


def subject_group(subject: str | None) -> str:
    """A coarse subgroup for a figure's subject, so 书记 and 成员 averages are not compared."""
    s = subject or ""
    if "书记" in s:
        return "secretaries"
    if "主任" in s:
        return "chairs"
    if any(w in s for w in ("成员", "班子", "委员", "干部")):
        return "members"
    return ""


@dataclass
class CellFigure:
    """One figure behind a cell, with what a reader needs to check it."""

    figure_id: int
    doc_id: int
    value: float
    qualifier: str
    unit: str | None
    subject: str | None
    as_of: str | None
    date: str | None
    quote: str
    sentence: str
    start: int
    end: int
    url: str
    outlet: str | None
    title: str | None
    published: str | None
    source_key: int
    conflicting: bool = False


@dataclass
class Cell:
    region_code: str
    region_name: str
    round: str
    metric: str
    value: float | None = None
    unit: str | None = None
    as_of: str | None = None
    subject_group: str = ""
    n_sources: int = 0
    conflict: bool = False
    figures: list[CellFigure] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "region_code": self.region_code, "region_name": self.region_name, "round": self.round,
            "metric": self.metric, "value": _plain(self.value), "unit": self.unit, "as_of": self.as_of,
            "subject_group": self.subject_group or None, "n_sources": self.n_sources,
            "conflict": self.conflict, "n_figures": len(self.figures),
            "figures": [
                {"figure_id": f.figure_id, "doc_id": f.doc_id, "value": _plain(f.value),
                 "qualifier": f.qualifier, "subject": f.subject, "as_of": f.as_of, "quote": f.quote,
                 "sentence": f.sentence, "start": f.start, "end": f.end, "url": f.url,
                 "outlet": f.outlet, "published": f.published, "conflicting": f.conflicting}
                for f in self.figures
            ],
        }


@dataclass
class Table:
    metrics: list[str]
    level: str
    rounds: list[str]
    regions: list[tuple[str, str]]
    """(code, name), sorted by code."""
    cells: dict[tuple[str, str, str], Cell]
    """(region_code, round, metric) → cell."""

    def cell(self, region: str, rnd: str, metric: str) -> Cell | None:
        return self.cells.get((region, rnd, metric))

    def rows(self) -> Iterable[dict]:
        """Flat rows for the metrics export: one per filled cell."""
        for (code, rnd, metric), c in sorted(self.cells.items()):
            m = codebook.BY_KEY.get(metric)
            yield {
                "region_code": code, "region_name": c.region_name, "region_level": self.level,
                "round": rnd, "metric": metric, "metric_label_zh": m.label_zh if m else None,
                "value": _plain(c.value), "unit": c.unit, "as_of": c.as_of,
                "subject_group": c.subject_group or None, "n_sources": c.n_sources,
                "n_figures": len(c.figures), "conflict": c.conflict,
                "figure_ids": " ".join(str(f.figure_id) for f in c.figures),
                "doc_ids": " ".join(sorted({str(f.doc_id) for f in c.figures}, key=int)),
            }

    def to_json(self, *, with_figures: bool = False) -> dict:
        cells = []
        for (code, rnd, metric), c in sorted(self.cells.items()):
            d = c.to_json()
            if not with_figures:
                d.pop("figures")
            cells.append(d)
        return {"metrics": self.metrics, "level": self.level, "rounds": self.rounds,
                "regions": [{"code": c, "name": n} for c, n in self.regions], "cells": cells}


def _plain(x):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(float(x), 6)


def _disagree(a: CellFigure, b: CellFigure) -> bool:
    approx = a.qualifier != "exact" or b.qualifier != "exact"
    tol = 0.10 if approx else 0.005
    scale = max(abs(a.value), abs(b.value), 1e-9)
    return abs(a.value - b.value) / scale > tol


def build_table(rows: Iterable, metrics: Iterable[str], level: str) -> Table:
    """Build the table from ``FigureRow``-like records (attributes as in ``corpus.models.FigureRow``)."""
    wanted = list(dict.fromkeys(metrics))
    groups: dict[tuple[str, str, str], list[CellFigure]] = defaultdict(list)
    names: dict[str, str] = {}
    units: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    for r in rows:
        if r.metric not in wanted:
            continue
        region = r.region or getattr(r, "doc_region", None)
        if region is None or not region.code or region.level != level:
            continue  # a name without a code (ambiguous) cannot be placed in the table
        date = r.as_of or r.published
        rnd = round_of(date)
        if rnd is None:
            continue
        key = (region.code, rnd, r.metric)
        names.setdefault(region.code, region.name)
        units[key][r.unit] += 1
        groups[key].append(CellFigure(
            figure_id=r.figure_id, doc_id=r.doc_id, value=float(r.value), qualifier=r.qualifier or "exact",
            unit=r.unit, subject=r.subject, as_of=r.as_of, date=date, quote=r.quote, sentence=r.sentence,
            start=r.start, end=r.end, url=r.url, outlet=r.outlet, title=r.title, published=r.published,
            source_key=r.dup_group if r.dup_group is not None else -r.doc_id,
        ))
    cells: dict[tuple[str, str, str], Cell] = {}
    for key, figs in groups.items():
        code, rnd, metric = key
        figs.sort(key=lambda f: (f.date or "", f.figure_id))
        cell = Cell(region_code=code, region_name=names[code], round=rnd, metric=metric, figures=figs)
        cell.n_sources = len({f.source_key for f in figs})
        by_group = Counter(subject_group(f.subject) for f in figs)
        group = max(by_group, key=lambda g: (by_group[g], g == ""))
        cell.subject_group = group
        mine = [f for f in figs if subject_group(f.subject) == group]
        latest = max(f.date or "" for f in mine)
        at_latest = [f for f in mine if (f.date or "") == latest]
        sources_for: dict[float, set[int]] = defaultdict(set)
        first_id: dict[float, int] = {}
        for f in at_latest:
            sources_for[f.value].add(f.source_key)
            first_id[f.value] = min(first_id.get(f.value, f.figure_id), f.figure_id)
        best = max(sources_for, key=lambda v: (len(sources_for[v]), -first_id[v]))
        cell.value = best
        cell.as_of = latest or None
        cell.unit = units[key].most_common(1)[0][0]
        # conflicts: same subgroup, same as-of month, different source, values apart
        by_month: dict[tuple[str, str], list[CellFigure]] = defaultdict(list)
        for f in figs:
            by_month[(subject_group(f.subject), (f.date or "")[:7])].append(f)
        for bucket in by_month.values():
            for i, a in enumerate(bucket):
                for b in bucket[i + 1:]:
                    if a.source_key != b.source_key and _disagree(a, b):
                        a.conflicting = b.conflicting = True
        cell.conflict = any(f.conflicting for f in figs)
        cells[key] = cell
    rounds = sorted({k[1] for k in cells})
    regions = sorted(names.items())
    return Table(metrics=wanted, level=level, rounds=rounds, regions=regions, cells=cells)
