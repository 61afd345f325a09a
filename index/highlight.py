"""Snippets with highlighted matches, mapped back to the text as published.

Both backends call :func:`snippet` on the stored text, so highlights agree across
engines and need no engine-side highlighter.  Matches are found with
:func:`index.tokens.token_spans` — the same segmentation as indexing — so a
highlight marks whole words only (书记 is never marked inside 图书记录).

Matches are found in the normalised text; to show them in the original body
(traditional characters, pinyin annotations, full-width digits as published) the
span is mapped with helper T's ``extract.normalise.normalise(body).to_orig``
when that module is installed and reproduces the stored text.  Otherwise the
snippet shows the normalised text, which is always correct, just simplified.
"""
from __future__ import annotations

import re

from index.tokens import normalise, normalised_token_spans

SNIPPET_CHARS = 160
CONTEXT_BEFORE = 30


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _original_mapper(text: str, body: str, upto: int):
    """A function mapping a span of ``text[:upto]`` to a span of ``body``, or None when impossible.

    Why a prefix: normalising a whole report costs ~0.25 ms, times 20 hits per
    page; the snippet window is usually near the top.  A prefix of the body is
    normalised (doubling until it covers the window) and used only if its text
    agrees with the stored text well past the window; else the whole body is.
    """
    if not body or body == text:
        return None
    try:
        from extract.normalise import normalise as extract_normalise  # type: ignore
    except Exception:  # noqa: BLE001 - optional module (helper T)
        return None
    try:
        need = min(len(text), upto + PREFIX_MARGIN)
        cut = min(len(body), 2 * need + 256)
        while True:
            n = extract_normalise(body[:cut])
            if cut >= len(body):
                return n.to_orig if n.text == text else None
            if len(n.text) >= need + PREFIX_MARGIN and n.text[:need] == text[:need]:
                return n.to_orig
            cut = min(len(body), cut * 2)
    except Exception:  # noqa: BLE001 - never let a snippet break a search
        return None


#: How far past the snippet window a normalised prefix must agree with the stored text.
PREFIX_MARGIN = 64


#: Characters jieba never joins into a word: blocks between them are segmented
#: independently, so segmenting only the blocks that hold a candidate gives
#: exactly the tokens a segmentation of the whole text would (only punctuation
#: and spaces are listed; ``.%-+#&_`` can sit inside tokens and are not).
_BLOCK_BREAK = re.compile(r"[\s，。、；：？！“”‘’（）《》〈〉【】「」『』—…·,;:?!()\"'<>\[\]{}|/\\]")
#: Guards for pathological texts: occurrences looked at per token, block reach
#: each way, verified matches collected (enough to choose a dense window).
MAX_CANDIDATES = 200
MAX_BLOCK_REACH = 2000
MAX_MATCHES = 48


def _block(text: str, pos: int) -> tuple[int, int]:
    """The block of ``text`` around ``pos`` (between break characters)."""
    lo = max(0, pos - MAX_BLOCK_REACH)
    start = lo
    for m in _BLOCK_BREAK.finditer(text, lo, pos):
        start = m.end()
    m = _BLOCK_BREAK.search(text, pos, min(len(text), pos + MAX_BLOCK_REACH))
    return start, (m.start() if m else min(len(text), pos + MAX_BLOCK_REACH))


def match_spans(text: str, tokens: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    """Merged spans of ``text`` (normalised) where a query token occurs as a whole token.

    Why not segment the whole text: a snippet needs a window, not every match,
    and segmentation is most of a search's time for long reports.  Candidate
    places are found by plain substring search, and only the blocks holding
    them are segmented — with the same tokenizer, so a match is still a whole
    word (书记 is never marked inside 图书记录).
    """
    wanted = set(tokens)
    if not wanted or not text:
        return []
    cands: list[int] = []
    for tok in wanted:
        i = text.find(tok)
        n = 0
        while i >= 0 and n < MAX_CANDIDATES:
            cands.append(i)
            n += 1
            i = text.find(tok, i + 1)
    if not cands:
        return []
    cands.sort()
    found: list[tuple[int, int]] = []
    done_to = -1
    for c in cands:
        if c < done_to:
            continue
        b0, b1 = _block(text, c)
        found.extend((b0 + s, b0 + e) for t, s, e in normalised_token_spans(text[b0:b1]) if t in wanted)
        done_to = max(b1, c + 1)
        if len(found) >= MAX_MATCHES:
            break
    return _merge(found)


def snippet(text: str, body: str, tokens: tuple[str, ...] | list[str],
            max_chars: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """Pieces ``(text, highlighted)`` of the best window of the document for ``tokens``."""
    if not text:
        return [(body[:max_chars], False)] if body else []
    # Spans index normalise(text); they index text itself only when lengths agree.
    norm = normalise(text)
    if len(norm) != len(text):
        text = norm
    spans = match_spans(norm, tokens)
    if not spans:
        start, end = 0, min(len(text), max_chars)
    else:
        # the window holding the most matches (two pointers over match starts)
        best, best_i, j = 0, 0, 0
        for i, (s, _) in enumerate(spans):
            while j < len(spans) and spans[j][1] <= s + max_chars:
                j += 1
            if j - i > best:
                best, best_i = j - i, i
        start = max(0, spans[best_i][0] - CONTEXT_BEFORE)
        end = min(len(text), start + max_chars)
        start = max(0, min(start, end - max_chars))
    inside = [(max(s, start), min(e, end)) for s, e in spans if e > start and s < end]
    to_orig = _original_mapper(text, body, end)
    src = text
    if to_orig is not None:
        src = body
        ws, we = to_orig(start, end)
        mapped = []
        for s, e in inside:
            os_, oe = to_orig(s, e)
            mapped.append((max(os_, ws), min(oe, we)))
        start, end, inside = ws, we, [(s, e) for s, e in mapped if e > s]
    pieces: list[tuple[str, bool]] = []
    pos = start
    if start > 0:
        pieces.append(("…", False))
    for s, e in inside:
        if s > pos:
            pieces.append((src[pos:s], False))
        pieces.append((src[s:e], True))
        pos = e
    if pos < end:
        pieces.append((src[pos:end], False))
    if end < len(src):
        pieces.append(("…", False))
    return [(t.replace("\n", " "), h) for t, h in pieces if t]
