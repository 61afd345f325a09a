"""Pattern analysis on ``re``'s own parser, for faster searches with the same matches.

Why this exists: CPython's regex search can skip ahead only to the characters
its pattern's first *consumed* element allows.  The figure grammar and the
metric rules open with alternations or look-arounds, so a plain search tries
the whole pattern at every position of a report.  The helpers here read the
set of characters a match can start with (``first_chars``) and compile the
pattern behind a look-ahead on that set, with the search prefix the engine
would build for a consumed class (``scan_fast``, ``compile_class_led``).
Matches never change; only the positions where none can start are skipped.

They read ``re``'s private parser and compiler, so they are used only at import
time (module constants), fall back to the plain ``re.compile`` on any Python
they were not checked on, and are held to the plain compile by tests.
"""
from __future__ import annotations

import re
import sys
from typing import Final

__all__ = ["first_chars", "scan_fast", "compile_class_led"]

_INTERNALS_KNOWN: Final = sys.implementation.name == "cpython" and sys.version_info[:2] == (3, 11)
"""``compile_class_led`` builds ``re``'s code by hand: only where that was checked."""

HAND_BUILT: list[tuple[str, int, re.Pattern]] = []
"""(pattern, flags, compiled) of every pattern ``compile_class_led`` built by hand,
so tests can hold each one to ``re.compile(pattern, flags)``."""


def first_chars(pattern: str) -> str | None:
    """Every character a match of ``pattern`` can start with, or None when that is
    not a small known set (a class like ``[^…]``, ``.``, an empty match, syntax this
    reader does not know).  Lookarounds are skipped, so the set is never too small."""
    try:
        from re import _constants as C, _parser as P  # type: ignore[attr-defined]  # Python 3.11+
    except ImportError:  # pragma: no cover - other Python versions: no prefilter
        return None

    def first(seq) -> tuple[set[str] | None, bool]:  # (chars, can match empty)
        out: set[str] = set()
        for op, av in seq:
            if op is C.LITERAL:
                return out | {chr(av)}, False
            if op is C.IN:
                for o, a in av:
                    if o is C.LITERAL:
                        out.add(chr(a))
                    elif o is C.RANGE:
                        out.update(chr(x) for x in range(a[0], a[1] + 1))
                    else:
                        return None, False
                return out, False
            if op is C.SUBPATTERN or op is C.BRANCH:
                if op is C.SUBPATTERN and av[1] & C.SRE_FLAG_IGNORECASE:
                    return None, False
                empty = False
                for alt in (av[1] if op is C.BRANCH else (av[3],)):
                    chars, e = first(alt)
                    if chars is None:
                        return None, False
                    out |= chars
                    empty = empty or e
                if not empty:
                    return out, False
            elif op is C.MAX_REPEAT or op is C.MIN_REPEAT:
                chars, e = first(av[2])
                if chars is None:
                    return None, False
                out |= chars
                if av[0] > 0 and not e:
                    return out, False
            elif op not in (C.ASSERT, C.ASSERT_NOT, C.AT):
                return None, False
        return out, True

    try:
        parsed = P.parse(pattern)
        if parsed.state.flags & C.SRE_FLAG_IGNORECASE:
            return None
        chars, empty = first(parsed)
    except Exception:  # pragma: no cover - an unreadable pattern just gets no prefilter
        return None
    return None if chars is None or empty else "".join(sorted(chars))


def scan_fast(pattern: str, flags: int = 0) -> re.Pattern:
    """``pattern`` behind a look-ahead on its possible first characters: the same
    matches, but the engine can reject most positions with one class test instead
    of trying every alternative (topic scans run for every rate figure)."""
    chars = first_chars(pattern)
    if chars is None:
        return re.compile(pattern, flags)
    # Under the pattern's own flags the class folds case exactly as its literals do.
    return compile_class_led("(?=[" + re.escape(chars) + "])(?:" + pattern + ")", flags)


def compile_class_led(pattern: str, flags: int = 0) -> re.Pattern:
    """``pattern``, which opens with a look-ahead on one character class
    (``(?=[…])``), compiled so that the engine's search skips to the characters
    of that class before it tries a match (its "charset prefix").

    ``re`` derives that prefix only from a pattern's first consumed element, never
    from a look-ahead, so a search would try the whole pattern at every position
    (for the figure grammar, a third of its cost).  The look-ahead holds at the
    start of every match, so the prefix changes no match; it only spares the
    positions where none can start.  Built with ``re``'s own compiler, the info
    block computed from the look-ahead's class and the pattern's true width; on a
    Python whose ``re`` internals differ this falls back to ``re.compile``."""
    if not _INTERNALS_KNOWN:
        return re.compile(pattern, flags)
    try:
        import _sre
        from re import _compiler as C, _constants as K, _parser as P  # type: ignore[attr-defined]  # Python 3.11+

        parsed = P.parse(pattern, flags)
        op, av = parsed.data[0]
        if op is not K.ASSERT or av[0] != 1 or len(av[1]) != 1 or av[1][0][0] is not K.IN:
            raise ValueError("the pattern does not open with a look-ahead on a class")
        lead = P.SubPattern(parsed.state, [av[1][0]])
        lead.width = parsed.getwidth()  # the info block's length bounds are the whole pattern's
        all_flags = parsed.state.flags
        code: list[int] = []
        C._compile_info(code, lead, all_flags)
        if not code[2] & K.SRE_INFO_CHARSET:
            raise ValueError("no class prefix")
        C._compile(code, parsed.data, all_flags)
        code.append(K.SUCCESS)
        groups = parsed.state.groupdict
        names: list[str | None] = [None] * parsed.state.groups
        for name, i in groups.items():
            names[i] = name
        compiled: re.Pattern = _sre.compile(pattern, all_flags, code, parsed.state.groups - 1, groups, tuple(names))
        HAND_BUILT.append((pattern, flags, compiled))
        return compiled
    except Exception:  # pragma: no cover - other Python versions: the plain pattern
        return re.compile(pattern, flags)
