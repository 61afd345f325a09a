"""The ``huanjie extract`` data contract as Python types.

These dataclasses are the single definition of a document record and a figure
record (see DESIGN.md, "Data contracts").  ``to_json`` gives the exact key order
and shape the contract promises; every stage (CLI, store, index, exports) goes
through them instead of building dicts of its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["count", "percent", "average", "change", "duration", "money", "range", "ratio"]
Qualifier = Literal["exact", "approx", "more_than", "less_than"]
Level = Literal["national", "province", "city", "county", "township"]


@dataclass(frozen=True)
class Region:
    code: str
    """GB/T 2260 code: 6 digits to county, 9 for townships, ``000000`` for the whole country."""
    name: str
    level: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "level": self.level}


@dataclass
class Figure:
    value: float
    unit: str | None
    kind: str
    qualifier: str
    quote: str
    sentence: str
    start: int
    end: int
    orig_start: int
    orig_end: int
    value_max: float | None = None
    direction: str | None = None
    subject: str | None = None
    metric: str | None = None
    as_of: str | None = None
    region: Region | None = None

    def to_json(self) -> dict[str, Any]:
        value: Any = self.value
        if type(value) is float and value.is_integer() and -1e15 < value < 1e15:
            value = int(value)  # the common case of ``_plain``, without the call
        else:
            value = _plain(value)
        value_max = self.value_max
        return {
            "value": value,
            "value_max": None if value_max is None else _plain(value_max),
            "unit": self.unit,
            "kind": self.kind,
            "qualifier": self.qualifier,
            "direction": self.direction,
            "subject": self.subject,
            "metric": self.metric,
            "as_of": self.as_of,
            "region": self.region.to_json() if self.region else None,
            "quote": self.quote,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "orig_start": self.orig_start,
            "orig_end": self.orig_end,
        }


@dataclass
class Document:
    source: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    variant: str | None = None
    """``hans`` (simplified), ``hant`` (traditional) or ``mixed``: the script as published."""
    kind: str = "article"
    """``article`` or ``list`` (a list/index page, no article body)."""
    region: Region | None = None
    body: str = ""
    """The main text as published (after decoding), paragraphs separated by newlines."""
    text: str = ""
    """Normalised simplified text; figure ``start/end`` index this."""
    flags: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """Stage-specific details (encoding, extractor used …) that are not part of the contract."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "outlet": self.outlet,
            "author": self.author,
            "kind": self.kind,
            "variant": self.variant,
            "region": self.region.to_json() if self.region else None,
            "body": self.body,
            "text": self.text,
            "flags": list(self.flags),
            "figures": [f.to_json() for f in self.figures],
        }
        if self.error is not None:
            out["error"] = self.error
        return out


def _plain(x: float | None) -> float | int | None:
    """Whole numbers print as ints (26244, not 26244.0), as the contract shows."""
    if x is None:
        return None
    if float(x).is_integer() and abs(x) < 1e15:
        return int(x)
    return round(float(x), 6)
