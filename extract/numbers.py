"""Numerals: Arabic, Chinese and mixed (16.3万, 十六点三万, 5.4万多) to plain floats.

The figure grammar (``extract.figures``) finds *where* a number is; this module
only says *what value* a numeral string has.  Chinese numerals go through
``cn2an`` (a maintained converter) behind a cache, because the same few
numerals (三, 十二, 两千) recur in every article and cn2an validates with
regular expressions on each call.  Magnitude suffixes (万, 亿) are split off
first: cn2an rejects mixed forms such as ``5.4万`` and ``十六点三万``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

import cn2an

CN_DIGITS: Final = "零〇一二两三四五六七八九"
CN_NUMERAL_CHARS: Final = CN_DIGITS + "十百千"
MAGNITUDES: Final = {"万": 1e4, "亿": 1e8, "万亿": 1e12}
_MAGNITUDE_LAST: Final = frozenset("万亿")

# Regex fragments shared with the grammar.  An Arabic number may carry thousands
# separators: commas (26,244) or, in year-books and statistics, a space, thin
# space or no-break space between groups of exactly three digits (12 526 012).
# A spaced number starts on a non-zero digit and its head group has 1–3 digits,
# so a list (1 2 3), a year before a count (2005 120) or a zero-led code group
# never glues into one number.  A Chinese numeral may carry a decimal part (六十二点八).
# The head group's digits are possessive (``{0,2}+``): fewer of them leave a digit,
# never a space, next, so giving one back could not help (the engine need not try).
#
# Both fragments are written for Python's regex engine, which runs them for every
# number in every report: an optional or repeated *group* (``(?:,[0-9]{3})*``)
# costs it a heap allocation each time it is entered, while an alternation with
# an empty branch (``(?:,[0-9]{3}|)``) or a single-character ``?`` does not.  An
# Arabic number is atomic (``(?>…)``): nothing that may follow a number starts
# with a digit, a comma or a point, so giving digits back could never let the
# rest of a pattern match; the engine need not try.  The matches are the same
# as those of the plain forms ``(?:[1-9][0-9]{0,2}(?:[ ][0-9]{3})+(?![0-9])|
# [0-9]+(?:,[0-9]{3})*)(?:\.[0-9]+)?`` and ``[…]+(?:点[…]+)?``.
GROUP_SPACES: Final = " \u00a0\u2009\u202f"
ARABIC: Final = (rf"(?>(?:[1-9][0-9]{{0,2}}+[{GROUP_SPACES}][0-9]{{3}}(?:[{GROUP_SPACES}][0-9]{{3}})*(?![0-9])"
          rf"|[0-9]+(?:,[0-9]{{3}}(?:,[0-9]{{3}})*|))(?:\.[0-9]+|))")
_GROUP_SPACE_TABLE: Final = {ord(c): None for c in GROUP_SPACES + ","}
CHINESE: Final = rf"[{CN_NUMERAL_CHARS}]+(?:点[{CN_DIGITS}]+|)"

_DIGIT_BY_DIGIT: Final = re.compile(rf"[{CN_DIGITS}]{{2,}}")
_FRACTION: Final = re.compile(rf"(?P<den>[{CN_NUMERAL_CHARS}]+|\d+)分之(?P<num>[{CN_NUMERAL_CHARS}]+|\d+)")


class NumberError(ValueError):
    """The string is not a numeral this module understands."""


@lru_cache(maxsize=4096)
def _chinese(s: str) -> float:
    if not s or all(c in "百千点" for c in s):
        raise NumberError(f"not a numeral: {s!r}")
    try:
        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise NumberError(f"not a numeral: {s!r}") from exc


def parse_numeral(s: str) -> float:
    """Value of one numeral without magnitude suffix: ``26,244`` → 26244, ``十六点三`` → 16.3."""
    s = s.strip()
    if not s:
        raise NumberError("empty numeral")
    if s[0] in "0123456789":
        try:
            return float(s.translate(_GROUP_SPACE_TABLE))
        except ValueError as exc:
            raise NumberError(f"not a numeral: {s!r}") from exc
    return _chinese(s)


_NUMBER_CACHE: Final[dict[str, float]] = {}
_NUMBER_CACHE_SIZE: Final = 8192


def parse_number(s: str) -> float:
    """Value of a numeral with an optional magnitude: ``16.3万`` → 163000, ``两亿`` → 2e8.

    Cached by numeral string (a small token: the same few numbers recur in every
    report, and the grammar asks for each of them).  A plain dict, not
    ``lru_cache``: compiled, its look-up is a direct call, where the cache object
    is called through the generic protocol with an argument tuple per number;
    once full it keeps what it has (numerals that fail are never stored)."""
    value = _NUMBER_CACHE.get(s)
    if value is None:
        value = _parse_number(s)
        if len(_NUMBER_CACHE) < _NUMBER_CACHE_SIZE:
            _NUMBER_CACHE[s] = value
    return value


def _parse_number(s: str) -> float:
    s = s.strip()
    if s[-1:] not in _MAGNITUDE_LAST:  # the common case: no magnitude to split off
        return parse_numeral(s)
    factor = 1.0
    for suffix in ("万亿", "亿", "万"):
        if s.endswith(suffix) and len(s) > len(suffix):
            factor = MAGNITUDES[suffix]
            s = s[: -len(suffix)]
            break
    return parse_numeral(s) * factor



def parse_fraction(s: str) -> float:
    """``三分之二`` → 66.7 (a percentage, rounded to one decimal as reports write it)."""
    m = _FRACTION.fullmatch(s.strip())
    if not m:
        raise NumberError(f"not a fraction: {s!r}")
    den, num = parse_numeral(m["den"]), parse_numeral(m["num"])
    if den == 0:
        raise NumberError(f"zero denominator: {s!r}")
    return round(num / den * 100, 1)


def is_chinese(s: str) -> bool:
    return bool(s) and s[0] not in "0123456789"


def is_year_numeral(s: str) -> bool:
    """``二〇二一`` / ``2021``: a numeral that reads as a calendar year before 年."""
    if s.isdigit():
        return len(s) == 4 and 1900 <= int(s) <= 2100
    return bool(_DIGIT_BY_DIGIT.fullmatch(s)) and len(s) == 4


def is_indefinite_one(s: str) -> bool:
    """Chinese 一 on its own is the indefinite article (一名优秀的, 一次), not a count."""
    return s == "一"


def is_bare_magnitude(s: str) -> bool:
    """百, 千, 万 alone (千家万户, 百村行) are words, not numbers (十 alone is ten)."""
    return all(c in "百千万亿" for c in s)
