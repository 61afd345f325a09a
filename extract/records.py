"""The ``huanjie extract`` data contract as Python types.

These dataclasses are the single definition of a document record and a figure
record (see DESIGN.md, "Data contracts").  ``to_json`` gives the exact key order
and shape the contract promises; every stage (CLI, store, index, exports) goes
through them instead of building dicts of its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

try:  # installed with mypy; only the compiled build needs it
    from mypy_extensions import mypyc_attr
except ImportError:  # pragma: no cover - a plain install without mypy
    def mypyc_attr(*_args: object, **_kwargs: object) -> Any:  # type: ignore[misc]
        """No-op stand-in: the attribute only matters to mypyc."""
        return lambda cls: cls

Kind = Literal["count", "percent", "average", "change", "duration", "money", "range", "ratio"]
Qualifier = Literal["exact", "approx", "more_than", "less_than"]
Level = Literal["national", "province", "city", "county", "township"]


@mypyc_attr(allow_interpreted_subclasses=True)
@dataclass(frozen=True)
class Region:
    code: str
    """GB/T 2260 code: 6 digits to county, 9 for townships, ``000000`` for the whole country."""
    name: str
    level: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "level": self.level}

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        """Pickle through the constructor: compiled, the default state restore
        assigns the fields one by one, which a frozen dataclass refuses."""
        return (type(self), (self.code, self.name, self.level))


@mypyc_attr(allow_interpreted_subclasses=True)
@dataclass(init=False)
class Figure:
    """One figure record.  Compiled (``extract.compiled``) and open to interpreted
    subclasses (``corpus.models.FigureRow``); the ``__init__`` is written out
    because the one ``dataclass`` generates runs interpreted (one call per figure)."""

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

    def __init__(self, value: float, unit: str | None, kind: str, qualifier: str, quote: str,
                 sentence: str, start: int, end: int, orig_start: int, orig_end: int,
                 value_max: float | None = None, direction: str | None = None,
                 subject: str | None = None, metric: str | None = None, as_of: str | None = None,
                 region: Region | None = None) -> None:
        self.value = value
        self.unit = unit
        self.kind = kind
        self.qualifier = qualifier
        self.quote = quote
        self.sentence = sentence
        self.start = start
        self.end = end
        self.orig_start = orig_start
        self.orig_end = orig_end
        self.value_max = value_max
        self.direction = direction
        self.subject = subject
        self.metric = metric
        self.as_of = as_of
        self.region = region

    def __reduce__(self) -> tuple[Any, tuple[type, dict[str, Any]]]:
        """Pickle (and copy) through the constructor with every dataclass field:
        compiled, the default state holds only this class's own attributes and
        would drop those of an interpreted subclass (``FigureRow.figure_id`` …)."""
        return (_construct, (type(self), {f.name: getattr(self, f.name) for f in fields(self)}))

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


@mypyc_attr(allow_interpreted_subclasses=True)
@dataclass(init=False)
class Document:
    """One document record (``__init__`` written out, as for ``Figure``)."""

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

    def __init__(self, source: str, title: str | None = None, published: str | None = None,
                 outlet: str | None = None, author: str | None = None, variant: str | None = None,
                 kind: str = "article", region: Region | None = None, body: str = "", text: str = "",
                 flags: list[str] | None = None, figures: list[Figure] | None = None,
                 error: str | None = None, extra: dict[str, Any] | None = None) -> None:
        self.source = source
        self.title = title
        self.published = published
        self.outlet = outlet
        self.author = author
        self.variant = variant
        self.kind = kind
        self.region = region
        self.body = body
        self.text = text
        self.flags = [] if flags is None else flags
        self.figures = [] if figures is None else figures
        self.error = error
        self.extra = {} if extra is None else extra

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


def _construct(cls: type, kwargs: dict[str, Any]) -> Any:
    """``cls(**kwargs)``: what ``Figure.__reduce__`` unpickles with."""
    return cls(**kwargs)


def _plain(x: float | None) -> float | int | None:
    """Whole numbers print as ints (26244, not 26244.0), as the contract shows."""
    if x is None:
        return None
    if float(x).is_integer() and abs(x) < 1e15:
        return int(x)
    return _round6(float(x))


def _round6(x: float) -> float:
    """``round(x, 6)``, without its decimal conversion when ``x`` already has at most
    six decimals (12.5, 3.14: most figures).  Then ``x`` is the double nearest
    ``k / 10**6`` for the integer ``k`` nearest ``x * 10**6``, which the division
    (correctly rounded) confirms, and ``round`` would give ``x`` back: below 1e9
    ``x`` is within half an ulp (< 6e-8) of that decimal."""
    if -1e9 < x < 1e9:
        k = round(x * 1e6)
        if k / 1e6 == x:
            return x
    return round(x, 6)
