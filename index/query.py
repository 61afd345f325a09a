"""The search query language: parsed into a small tree, never pasted into a backend query.

Grammar (precedence low → high; ``AND`` may be left out)::

    query   := or
    or      := and ( "OR" and )*
    and     := unary ( ["AND"] unary )*
    unary   := ("NOT" | "-") unary | primary
    primary := "(" or ")" | PHRASE | FIELD ":" VALUE | WORD

- ``WORD``: any run of characters without spaces, quotes or parentheses.  It is
  tokenised with :func:`index.tokens.tokens` (the function documents go
  through); a word that yields several tokens must match them *adjacent and in
  order*, so 贺勤思 (three single characters to jieba) is found as written.
- ``PHRASE``: ``"…"`` or Chinese quotes ``“…”`` / ``「…」``: its tokens adjacent and in order.
- Fields: ``region:`` (name or GB/T 2260 code; matches the region and everything
  under it), ``outlet:``, ``date:`` (``2021``, ``2021-03``, ``2021-03-05``,
  ``2021-01..2021-06``, ``2021-01..``, ``..2021-06``), ``metric:KEY`` (has the
  metric) and ``metric:KEY>=90`` (``> >= < <= =``; keys from
  :mod:`huanjie.codebook`), ``has:figures|metrics|region|date|copies``,
  ``title:WORD`` (the word in the title).  A field value may be quoted.
- Full-width punctuation typed by Chinese keyboards (（）：＂) is accepted.

Errors are :class:`QueryError` with a human message and the character position,
never a backend exception: unbalanced quotes or parentheses, an operator with
nothing to apply to, unknown fields or metrics, bad dates, queries over
:data:`MAX_LENGTH` characters or :data:`MAX_CLAUSES` clauses.  A hand-written
recursive descent parser is used because the language is tiny and the errors must
point at the exact character in terms a researcher understands.
"""
from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from typing import Union

from huanjie import codebook
from index.tokens import normalise, query_tokens

MAX_LENGTH = 1000
MAX_CLAUSES = 64
MAX_DEPTH = 16

FIELDS = ("region", "outlet", "date", "metric", "has", "title")
HAS_VALUES = ("figures", "metrics", "region", "date", "copies")


class QueryError(ValueError):
    """A query the user must fix; ``message`` says what and ``position`` where (0-based)."""

    def __init__(self, message: str, position: int = 0):
        super().__init__(f"{message} (at character {position + 1})")
        self.message = message
        self.position = position


# ---------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Terms:
    """Tokens that must occur adjacent and in order (one token: a plain term)."""

    text: str
    tokens: tuple[str, ...]
    field: str = "content"  # or "title"


@dataclass(frozen=True)
class RegionFilter:
    text: str
    codes: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True)
class OutletFilter:
    text: str
    outlet: str


@dataclass(frozen=True)
class DateFilter:
    text: str
    lo: int | None  # yyyymmdd, inclusive
    hi: int | None  # yyyymmdd, inclusive


@dataclass(frozen=True)
class MetricFilter:
    text: str
    key: str
    op: str | None  # None: the document has the metric at all
    value: float | None = None


@dataclass(frozen=True)
class HasFilter:
    text: str
    what: str


@dataclass(frozen=True)
class And:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    child: "Node"


Node = Union[Terms, RegionFilter, OutletFilter, DateFilter, MetricFilter, HasFilter, And, Or, Not]


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    root: Node | None
    """``None`` matches every document (empty query)."""
    highlight_tokens: tuple[str, ...] = field(default=())
    """Tokens of the positive (not negated) text clauses, for snippets."""

    def describe(self) -> str:
        return describe(self.root) if self.root is not None else "*"


# ---------------------------------------------------------------- lexer

_OPEN_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "＂": "＂"}
_CLOSE_ONLY = {"”", "」", "』"}
_PAREN_OPEN = {"(", "（"}
_PAREN_CLOSE = {")", "）"}
_STOP = set(_OPEN_QUOTES) | _CLOSE_ONLY | _PAREN_OPEN | _PAREN_CLOSE
_FIELD_RE = re.compile(r"([A-Za-z_]+)[:：]")
#: Characters with a meaning in other query languages (JSON, Lucene, SQL, shells)
#: but none in ours: refused outside quotes so nobody believes they did something.
_RESERVED = set("{}[]\\;`<>*?~^=")


@dataclass
class _Tok:
    kind: str  # WORD PHRASE FIELD LP RP AND OR NOT
    value: str
    pos: int
    field: str | None = None
    quoted: bool = False


def _read_quoted(q: str, i: int) -> tuple[str, int]:
    """Text inside the quote opening at ``q[i]``; returns (text, index after the closing quote)."""
    close = _OPEN_QUOTES[q[i]]
    j = q.find(close, i + 1)
    if j < 0:
        raise QueryError(f"unbalanced quote: {q[i]} is never closed", i)
    return q[i + 1:j], j + 1


def _lex(q: str) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        ch = q[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _PAREN_OPEN:
            out.append(_Tok("LP", ch, i))
            i += 1
            continue
        if ch in _PAREN_CLOSE:
            out.append(_Tok("RP", ch, i))
            i += 1
            continue
        if ch in _CLOSE_ONLY:
            raise QueryError(f"unbalanced quote: {ch} closes nothing", i)
        if ch in _OPEN_QUOTES:
            text, j = _read_quoted(q, i)
            out.append(_Tok("PHRASE", text, i))
            i = j
            continue
        if ch == "-" and i + 1 < n and not q[i + 1].isspace() and (i == 0 or q[i - 1].isspace() or q[i - 1] in _PAREN_OPEN):
            out.append(_Tok("NOT", "-", i))
            i += 1
            continue
        m = _FIELD_RE.match(q, i)
        if m:
            name = m.group(1).lower()
            if name not in FIELDS:
                raise QueryError(
                    f"unknown field {m.group(1)!r}; known fields: {', '.join(f + ':' for f in FIELDS)}", i)
            j = m.end()
            if j < n and q[j] in _OPEN_QUOTES:
                value, j = _read_quoted(q, j)
                out.append(_Tok("FIELD", value, i, field=name, quoted=True))
            else:
                k = j
                while k < n and not q[k].isspace() and q[k] not in _STOP:
                    k += 1
                if k == j:
                    raise QueryError(f"field {name}: needs a value, e.g. {_EXAMPLES[name]}", i)
                out.append(_Tok("FIELD", q[j:k], i, field=name))
                j = k
            i = j
            continue
        if ch in _RESERVED:
            what = "wildcards are not supported" if ch in "*?" else "it has no meaning in a query"
            raise QueryError(f"character {ch!r} is not allowed here ({what}); put text in quotes to search for it", i)
        j = i
        while j < n and not q[j].isspace() and q[j] not in _STOP:
            if q[j] in _RESERVED:
                what = "wildcards are not supported" if q[j] in "*?" else "it has no meaning in a query"
                raise QueryError(f"character {q[j]!r} is not allowed here ({what}); put text in quotes to search for it", j)
            j += 1
        word = q[i:j]
        kind = word if word in ("AND", "OR", "NOT") else "WORD"
        if word in ("&&",):
            kind = "AND"
        elif word in ("||", "|"):
            kind = "OR"
        out.append(_Tok(kind, word, i))
        i = j
    return out


_EXAMPLES = {
    "region": "region:广东 or region:440000",
    "outlet": "outlet:乡村干部报",
    "date": "date:2021-01..2021-06",
    "metric": "metric:concurrent_rate>=90",
    "has": "has:figures",
    "title": "title:换届",
}


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, q: str, toks: list[_Tok]):
        self.q = q
        self.toks = toks
        self.i = 0
        self.clauses = 0
        self.positive_tokens: list[str] = []

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node | None:
        if not self.toks:
            return None
        node = self.or_(0)
        tok = self.peek()
        if tok is not None:
            if tok.kind == "RP":
                raise QueryError(f"unbalanced parenthesis: {tok.value} closes nothing", tok.pos)
            raise QueryError(f"unexpected {tok.value!r}", tok.pos)  # pragma: no cover - defensive
        return node

    def or_(self, depth: int) -> Node | None:
        parts = [self.and_(depth)]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.i += 1
            if self.peek() is None or self.peek().kind in ("RP", "OR", "AND"):
                raise QueryError("OR needs something on both sides", tok.pos)
            parts.append(self.and_(depth))
        kept = [p for p in parts if p is not None]
        if not kept:
            return None
        if len(kept) < len(parts):
            # "换届 OR ，" — an empty side would silently match everything; refuse.
            raise QueryError("one side of OR has no searchable words", self.toks[0].pos)
        return kept[0] if len(kept) == 1 else Or(tuple(kept))

    def and_(self, depth: int) -> Node | None:
        parts: list[Node | None] = []
        first = self.peek()
        if first is not None and first.kind in ("AND", "OR"):
            raise QueryError(f"{first.value} needs something on its left", first.pos)
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RP"):
            if tok.kind == "AND":
                self.i += 1
                nxt = self.peek()
                if nxt is None or nxt.kind in ("RP", "OR", "AND"):
                    raise QueryError("AND needs something on both sides", tok.pos)
                continue
            parts.append(self.unary(depth, negated=False))
        if not parts and first is not None and first.kind == "RP":
            raise QueryError("empty parentheses or a parenthesis that closes nothing", first.pos)
        kept = [p for p in parts if p is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else And(tuple(kept))

    def unary(self, depth: int, negated: bool) -> Node | None:
        tok = self.peek()
        assert tok is not None
        if tok.kind == "NOT":
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("RP", "OR", "AND"):
                raise QueryError(f"{tok.value} needs something to exclude", tok.pos)
            child = self.unary(depth, negated=not negated)
            return Not(child) if child is not None else None
        return self.primary(depth, negated)

    def primary(self, depth: int, negated: bool) -> Node | None:
        tok = self.peek()
        assert tok is not None
        self.i += 1
        if tok.kind == "LP":
            if depth + 1 > MAX_DEPTH:
                raise QueryError(f"parentheses nested deeper than {MAX_DEPTH}", tok.pos)
            inner = self.or_(depth + 1)
            close = self.peek()
            if close is None or close.kind != "RP":
                raise QueryError(f"unbalanced parenthesis: {tok.value} is never closed", tok.pos)
            self.i += 1
            if inner is None:
                raise QueryError("empty parentheses", tok.pos)
            return inner
        if tok.kind == "RP":
            raise QueryError(f"unbalanced parenthesis: {tok.value} closes nothing", tok.pos)
        self._count(tok)
        if tok.kind == "FIELD":
            return self.field(tok, negated)
        # WORD or PHRASE
        toks = query_tokens(tok.value)
        if not toks:
            if tok.kind == "PHRASE":
                raise QueryError("the phrase has no searchable words", tok.pos)
            return None  # a lone punctuation mark: nothing to search for
        if not negated:
            self.positive_tokens.extend(toks)
        return Terms(tok.value, toks)

    def _count(self, tok: _Tok) -> None:
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise QueryError(f"too many clauses (the limit is {MAX_CLAUSES})", tok.pos)

    def field(self, tok: _Tok, negated: bool) -> Node:
        name, value, pos = tok.field, tok.value.strip(), tok.pos
        if not value:
            raise QueryError(f"field {name}: needs a value, e.g. {_EXAMPLES[name]}", pos)
        if name == "region":
            return _region(value, pos)
        if name == "outlet":
            return OutletFilter(f"outlet:{value}", normalise(value).strip())
        if name == "date":
            lo, hi = _date_range(value, pos)
            return DateFilter(f"date:{value}", lo, hi)
        if name == "metric":
            return _metric(value, pos)
        if name == "has":
            what = value.lower()
            if what not in HAS_VALUES:
                raise QueryError(f"has:{value} is unknown; use one of {', '.join('has:' + h for h in HAS_VALUES)}", pos)
            return HasFilter(f"has:{what}", what)
        if name == "title":
            toks = query_tokens(value)
            if not toks:
                raise QueryError("title: needs a searchable word", pos)
            if not negated:
                self.positive_tokens.extend(toks)
            return Terms(value, toks, field="title")
        raise QueryError(f"unknown field {name!r}", pos)  # pragma: no cover - lexer checks


# ---------------------------------------------------------------- field values

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _date_bound(s: str, pos: int, upper: bool) -> int:
    m = _DATE_RE.match(s)
    if not m:
        raise QueryError(f"bad date {s!r}: use YYYY, YYYY-MM or YYYY-MM-DD", pos)
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else (12 if upper else 1)
    if not 1 <= mo <= 12 or not 1000 <= y <= 2999:
        raise QueryError(f"bad date {s!r}: no such month", pos)
    last = calendar.monthrange(y, mo)[1]
    d = int(m.group(3)) if m.group(3) else (last if upper else 1)
    if not 1 <= d <= last:
        raise QueryError(f"bad date {s!r}: no such day", pos)
    return y * 10000 + mo * 100 + d


def _date_range(value: str, pos: int) -> tuple[int | None, int | None]:
    if ".." in value:
        a, _, b = value.partition("..")
        if not a and not b:
            raise QueryError("date: needs at least one end, e.g. date:2021-01..2021-06", pos)
        lo = _date_bound(a, pos, upper=False) if a else None
        hi = _date_bound(b, pos, upper=True) if b else None
        if lo is not None and hi is not None and lo > hi:
            raise QueryError(f"date range {value} ends before it starts", pos)
        return lo, hi
    return _date_bound(value, pos, upper=False), _date_bound(value, pos, upper=True)


_METRIC_RE = re.compile(r"^([a-z_]+)\s*(?:(>=|<=|=|>|<|≥|≤)\s*(-?\d+(?:\.\d+)?)%?)?$")


def _metric(value: str, pos: int) -> MetricFilter:
    m = _METRIC_RE.match(value.strip().lower())
    if not m:
        raise QueryError(f"bad metric filter {value!r}: use metric:KEY or metric:KEY>=NUMBER, e.g. {_EXAMPLES['metric']}", pos)
    key, op, num = m.groups()
    if not codebook.is_metric(key):
        raise QueryError(f"unknown metric {key!r}; known: {', '.join(codebook.BY_KEY)}", pos)
    if op is None:
        return MetricFilter(f"metric:{key}", key, None)
    op = {"≥": ">=", "≤": "<="}.get(op, op)
    return MetricFilter(f"metric:{key}{op}{num}", key, op, float(num))


def _region(value: str, pos: int) -> RegionFilter:
    """Codes and names a region value stands for.

    A 6- or 9-digit value is a code.  A name is resolved with the gazetteer
    (helper T's ``extract.gazetteer``) when it is installed, giving codes; the
    name itself (and its short form) is also kept, because documents index the
    names of their whole lineage, so ``region:自贡`` works with or without it.
    """
    v = normalise(value).strip()
    if re.fullmatch(r"\d{6}|\d{9}|\d{12}", v):
        return RegionFilter(f"region:{value}", (v,), ())
    if re.search(r"\d", v) or len(v) > 40:
        raise QueryError(f"bad region {value!r}: give a place name (广东, 自贡市) or a 6-digit code", pos)
    codes: set[str] = set()
    try:  # optional: helper T's gazetteer
        from extract.gazetteer import gazetteer  # type: ignore
    except Exception:  # noqa: BLE001 - absent or broken: fall back to names
        gazetteer = None
    if gazetteer is not None:
        try:
            for mention in gazetteer().find_mentions(v):
                if mention.start == 0 and mention.end == len(v):
                    codes.update(r.code for r in mention.candidates)
        except Exception:  # noqa: BLE001 - a gazetteer bug must not break search
            pass
    from index.documents import region_name_keys

    return RegionFilter(f"region:{value}", tuple(sorted(codes)), tuple(region_name_keys(v)))


# ---------------------------------------------------------------- entry points


def parse(q: str) -> ParsedQuery:
    """Parse ``q`` into a :class:`ParsedQuery`; raises :class:`QueryError` on bad input.

    Parsed queries are immutable and cached (the same query comes back for every
    page, sort and facet click); errors are not cached, they are cheap.
    """
    if not isinstance(q, str):
        raise QueryError("the query must be text", 0)
    return _parse_cached(q)


@functools.lru_cache(maxsize=2048)
def _parse_cached(q: str) -> ParsedQuery:
    if len(q) > MAX_LENGTH:
        raise QueryError(f"query too long ({len(q)} characters; the limit is {MAX_LENGTH})", MAX_LENGTH)
    bad = next((i for i, ch in enumerate(q) if ch == "\x00" or (ord(ch) < 32 and ch not in "\t\n\r")), None)
    if bad is not None:
        raise QueryError("the query contains control characters", bad)
    parser = _Parser(q, _lex(q))
    root = parser.parse()
    if root is None and q.strip():
        raise QueryError("nothing to search for: the query has no words or filters", 0)
    if root is not None:
        root = _flatten(root)
    seen: dict[str, None] = dict.fromkeys(parser.positive_tokens)
    return ParsedQuery(q, root, tuple(seen))


def _flatten(node: Node) -> Node:
    if isinstance(node, (And, Or)):
        kids: list[Node] = []
        for c in node.children:
            c = _flatten(c)
            if type(c) is type(node):
                kids.extend(c.children)  # type: ignore[union-attr]
            else:
                kids.append(c)
        return type(node)(tuple(kids))
    if isinstance(node, Not):
        inner = _flatten(node.child)
        return inner.child if isinstance(inner, Not) else Not(inner)
    return node


def describe(node: Node) -> str:
    """A canonical text form of the tree (for logs, tests and the UI's "searching for")."""
    if isinstance(node, Terms):
        body = " ".join(node.tokens)
        inner = f'"{body}"' if len(node.tokens) > 1 else body
        return f"title:{inner}" if node.field == "title" else inner
    if isinstance(node, (RegionFilter, OutletFilter, DateFilter, MetricFilter, HasFilter)):
        return node.text
    if isinstance(node, Not):
        return f"NOT {describe(node.child)}"
    if isinstance(node, And):
        return "(" + " AND ".join(describe(c) for c in node.children) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(describe(c) for c in node.children) + ")"
    raise TypeError(node)
