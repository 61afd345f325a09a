"""Normalise article text for extraction while keeping an exact map back to the source.

Everything downstream (figures, regions, dates, search) works on one canonical
form: simplified characters, no pinyin annotations, ASCII digits and letters,
no page furniture.  Researchers must still be able to highlight a figure in the
page as published, so every character of ``text`` knows the span of
``original`` it came from (:meth:`Normalised.to_orig`).

The map is a short list of segments rather than a per-character array: almost
all edits are deletions and one-to-one substitutions, so a 3 kB article has a
handful of segments and normalising costs a few regex passes plus one OpenCC
call.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from extract.furniture import furniture_spans
from extract.pinyin import PINYIN_LETTERS, TONED_VOWELS, find_annotations

__all__ = ["Normalised", "normalise"]

# Full-width digits, Latin letters, percent sign and full stop used as decimal
# point.  Chinese punctuation (，。“”：) stays: sentence splitting and the
# figure grammar rely on it.
_FULLWIDTH: Final = {0xFF10 + i: 0x30 + i for i in range(10)}
_FULLWIDTH.update({0xFF21 + i: 0x41 + i for i in range(26)})
_FULLWIDTH.update({0xFF41 + i: 0x61 + i for i in range(26)})
_FULLWIDTH.update({0xFF05: ord("%"), 0xFE6A: ord("%"), 0xFF0E: ord(".")})
_FULLWIDTH_RE: Final = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\ufe6a\uff0e]")
# (surrogates written as chr(): mypyc cannot put them in a string literal)
_SURROGATES: Final = chr(0xD800) + "-" + chr(0xDFFF)
_SURROGATE: Final = re.compile("[" + _SURROGATES + "]")
_NON_ASCII: Final = re.compile("[^\x00-\x7f]")

_CJK: Final = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Mojibake: a lost GBK lead byte shows as "?" glued to characters, U+FFFD, or
# private-use code points; orphaned pinyin "fù)" is what is left of an
# annotation whose bytes were eaten.
_MOJIBAKE: Final = re.compile(
    rf"\ufffd+|[\ue000-\uf8ff]+"
    rf"|(?<=[{_CJK}])\?+(?=[{_CJK}{PINYIN_LETTERS}A-Z])"
    rf"|(?<![(（{PINYIN_LETTERS}])[{PINYIN_LETTERS}]{{0,5}}[{TONED_VOWELS}][{PINYIN_LETTERS}]{{0,5}}[)）]"
)
_MOJIBAKE_HINT: Final = re.compile(rf"[?\ufffd\ue000-\uf8ff]|[{TONED_VOWELS}][{PINYIN_LETTERS}]{{0,5}}[)）]")
# Every character that can make one of the rarer steps do anything (surrogates,
# mojibake, full-width forms, pinyin tone marks): one scan tells a plain page
# (the common case) that it can skip them all.
_UNUSUAL: Final = re.compile(
    "[" + _SURROGATES + "\ue000-\uf8ff\ufffd?\uff05\uff0e\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\ufe6a"
    + TONED_VOWELS + "]"
)
_CLAUSE_END: Final = re.compile(r"[，。；！？、：,;!?\n《》“”]")
_MOJIBAKE_REACH: Final = 30


@lru_cache(maxsize=1)
def _converters():
    """OpenCC converter and character classes of traditional-only / simplified-only characters.

    Built once: every CJK code point is converted both ways, one per line (so
    no phrase rule applies), which takes a few milliseconds.
    """
    import opencc

    t2s = opencc.OpenCC("t2s")
    s2t = opencc.OpenCC("s2t")
    chars = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))]
    joined = "\n".join(chars)
    to_s = t2s.convert(joined).split("\n")
    to_t = s2t.convert(joined).split("\n")
    trad = {c for c, x in zip(chars, to_s) if x != c}
    simp = {c for c, x in zip(chars, to_t) if x != c}
    both = trad & simp
    trad_re = re.compile("[" + "".join(sorted(trad - both)) + "]")
    simp_re = re.compile("[" + "".join(sorted(simp - both)) + "]")
    return t2s, trad_re, simp_re


_FIRST_SCAN: Final[list[tuple[re.Pattern[str], re.Pattern[str]]]] = []
"""``[(trad_re, its combined pattern)]`` for the last ``trad_re`` seen."""


def _unusual_or_traditional(trad_re: re.Pattern[str]) -> re.Pattern[str]:
    """``_UNUSUAL`` and ``trad_re`` as one character class (the engine merges the two).

    Built once per ``trad_re`` object (remembered by identity): an ``lru_cache``
    on the pattern hashed its whole compiled code, a few kB, on every call
    (~1.5 µs per document)."""
    memo = _FIRST_SCAN
    if memo and memo[0][0] is trad_re:
        return memo[0][1]
    combined = re.compile(f"{_UNUSUAL.pattern}|{trad_re.pattern}")
    memo[:] = [(trad_re, combined)]
    return combined


@dataclass(init=False)
class Normalised:
    """The normalised text and its map back to the original.

    The ``__init__`` is written out: the one ``dataclass`` generates runs as
    interpreted Python even in the compiled build."""

    original: str
    text: str
    variant: str = "hans"
    flags: list[str] = field(default_factory=list)
    mojibake_spans: list[tuple[int, int]] = field(default_factory=list)
    _segments: list[tuple[int, int, int, int]] = field(default_factory=list, repr=False)
    """``(t_start, t_end, o_start, o_end)``, sorted, covering ``text``; equal lengths map 1:1."""
    _t_starts: list[int] = field(default_factory=list, repr=False)

    def __init__(self, original: str, text: str, variant: str = "hans", flags: list[str] | None = None,
                 mojibake_spans: list[tuple[int, int]] | None = None,
                 _segments: list[tuple[int, int, int, int]] | None = None,
                 _t_starts: list[int] | None = None) -> None:
        self.original = original
        self.text = text
        self.variant = variant
        self.flags = flags if flags is not None else []
        self.mojibake_spans = mojibake_spans if mojibake_spans is not None else []
        self._segments = _segments if _segments is not None else []
        self._t_starts = _t_starts if _t_starts is not None else []

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that ``text[start:end]`` came from."""
        n = len(self.text)
        if start < 0:
            start = 0
        elif start > n:
            start = n
        if end < start:
            end = start
        elif end > n:
            end = n
        segs = self._segments
        if not segs:
            return (0, 0) if not self.original else (len(self.original), len(self.original))
        if len(segs) == 1:  # nothing deleted or stretched: text is one slice of original
            ts, _te, os_, _oe = segs[0]
            if _te - ts == _oe - os_:
                return os_ + start - ts, os_ + end - ts
        os_ = self._map_point(start, left=True)
        if end == start:
            return os_, os_
        oe = self._map_point(end, left=False)
        return os_, max(os_, oe)

    def _map_point(self, pos: int, *, left: bool) -> int:
        segs = self._segments
        # For a start position find the segment holding text[pos]; for an end
        # position the segment holding text[pos - 1].
        probe = pos if left else pos - 1
        i = bisect_right(self._t_starts, probe) - 1
        if i < 0:
            return segs[0][2]
        ts, te, os_, oe = segs[i]
        if left and pos >= te:  # pos == len(text)
            return oe
        if te - ts == oe - os_:
            return os_ + (pos - ts)
        return os_ if left else oe


def normalise(raw: str) -> Normalised:
    """Normalise ``raw``; never raises on any ``str``."""
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    original = raw
    flags: list[str] = []
    work = original
    t2s, trad_re, simp_re = _converters()
    # One scan answers both questions for a plain simplified page (the common case).
    first = _unusual_or_traditional(trad_re).search(work)
    if first is None:
        unusual = has_trad = False
    else:
        unusual = _UNUSUAL.search(work, first.start()) is not None
        if unusual and _SURROGATE.search(work):
            work = _SURROGATE.sub("\ufffd", work)  # one for one: offsets stay
            flags.append("surrogates_replaced")
        has_trad = trad_re.search(work, first.start()) is not None

    # A simplified view of the whole document, used to recognise furniture in
    # traditional pages with the simplified patterns.
    view = t2s.convert(work) if has_trad else work

    annotations = find_annotations(work) if unusual else []
    deletions = furniture_spans(original, view, annotations)
    if deletions:
        flags.append("furniture_removed")
    if annotations:
        flags.append("pinyin_stripped")
        deletions = _merge(deletions + annotations)

    kept = _complement(deletions, len(work))
    pre = "".join(work[a:b] for a, b in kept) if deletions else work
    if unusual and _FULLWIDTH_RE.search(pre):
        pre = pre.translate(_FULLWIDTH)
        flags.append("fullwidth_converted")

    if has_trad:
        n_trad = len(trad_re.findall(pre))
        n_simp = len(simp_re.findall(pre))
    else:
        n_trad = n_simp = 0  # no traditional-only character: simplified whatever else it holds
    variant = _variant(n_trad, n_simp)

    if n_trad:
        text, pieces = _convert_aligned(t2s, pre)
        flags.append("t2s_converted")
    else:
        text, pieces = pre, None
    segments = _compose(kept, pieces)
    result = Normalised(original=original, text=text, variant=variant, flags=flags, _segments=segments)
    result._t_starts = [s[0] for s in segments]
    spans = _mojibake(text) if unusual else []
    if spans:
        result.mojibake_spans = spans
        flags.append("mojibake")
    return result


def _variant(n_trad: int, n_simp: int) -> str:
    total = n_trad + n_simp
    if total == 0 or n_trad <= 0.1 * total:
        return "hans"
    if n_trad >= 0.9 * total:
        return "hant"
    return "mixed"


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _complement(deletions: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    kept = []
    pos = 0
    for a, b in deletions:
        if a > pos:
            kept.append((pos, a))
        pos = max(pos, b)
    if pos < n:
        kept.append((pos, n))
    return kept


def _convert_aligned(t2s, pre: str) -> tuple[str, list[tuple[int, int, int, int]] | None]:
    """Convert to simplified; ``pieces`` maps text → pre when the length changed.

    OpenCC is almost always one character for one; when a phrase rule changes
    the length, the affected lines are converted character by character so
    each output character still knows its source.
    """
    out = t2s.convert(pre)
    # OpenCC's t2s tables map every phrase to one of the same length (checked
    # for OpenCC 1.1-1.4: TSPhrases, TSCharacters, TSCharactersExt), so the
    # output is aligned position by position.  A future table that stretches
    # one phrase and shrinks another would keep the total length: ASCII
    # characters (digits, newlines, punctuation) staying in place rules that
    # out between any two of them.
    if len(out) == len(pre) and (out == pre or _NON_ASCII.sub("\x01", out) == _NON_ASCII.sub("\x01", pre)):
        return out, None
    parts: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []  # (t_start, t_end, p_start, p_end)
    t = p = 0
    for line in pre.splitlines(keepends=True):
        conv = t2s.convert(line)
        if len(conv) == len(line):
            parts.append(conv)
            pieces.append((t, t + len(conv), p, p + len(line)))
            t += len(conv)
        else:
            for ch in line:
                c = t2s.convert(ch)
                parts.append(c)
                if c:
                    pieces.append((t, t + len(c), p, p + 1))
                    t += len(c)
                p += 1
            continue
        p += len(line)
    return "".join(parts), pieces


def _compose(
    kept: list[tuple[int, int]], pieces: list[tuple[int, int, int, int]] | None
) -> list[tuple[int, int, int, int]]:
    """Segments text → original from kept original spans and the text → pre pieces."""
    if pieces is None:
        segs = []
        t = 0
        for a, b in kept:
            segs.append((t, t + b - a, a, b))
            t += b - a
        return segs
    # pre position → original position: pre is the concatenation of kept spans.
    starts = []
    p = 0
    for a, b in kept:
        starts.append(p)
        p += b - a
    segs = []
    for ts, te, ps, pe in pieces:
        if te - ts == pe - ps:
            # one-to-one piece: split it at kept-span boundaries
            pos = ps
            while pos < pe:
                k = bisect_right(starts, pos) - 1
                a, b = kept[k]
                span_end = starts[k] + (b - a)
                stop = min(pe, span_end)
                o = a + (pos - starts[k])
                segs.append((ts + (pos - ps), ts + (stop - ps), o, o + (stop - pos)))
                pos = stop
        else:
            k = bisect_right(starts, ps) - 1
            a, _ = kept[k]
            o = a + (ps - starts[k])
            segs.append((ts, te, o, o + (pe - ps)))
    return segs


def _mojibake(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if not _MOJIBAKE_HINT.search(text):
        return spans
    for m in _MOJIBAKE.finditer(text):
        a = m.start()
        stop = _CLAUSE_END.search(text, m.end(), min(len(text), m.end() + _MOJIBAKE_REACH))
        b = stop.start() if stop else min(len(text), m.end() + _MOJIBAKE_REACH)
        b = max(b, m.end())
        if spans and a <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(b, spans[-1][1]))
        else:
            spans.append((a, b))
    return spans
