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

from index.tokens import normalise, token_spans

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


def _original_mapper(text: str, body: str):
    """A function mapping a span of ``text`` to a span of ``body``, or None when impossible."""
    if not body or body == text:
        return None
    try:
        from extract.normalise import normalise as extract_normalise  # type: ignore
    except Exception:  # noqa: BLE001 - optional module (helper T)
        return None
    try:
        n = extract_normalise(body)
        if n.text != text:
            return None
        return n.to_orig
    except Exception:  # noqa: BLE001 - never let a snippet break a search
        return None


def match_spans(text: str, tokens: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    """Merged spans of ``text`` where a query token occurs as a whole token."""
    wanted = set(tokens)
    if not wanted or not text:
        return []
    return _merge([(s, e) for t, s, e in token_spans(text) if t in wanted])


def snippet(text: str, body: str, tokens: tuple[str, ...] | list[str],
            max_chars: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """Pieces ``(text, highlighted)`` of the best window of the document for ``tokens``."""
    if not text:
        return [(body[:max_chars], False)] if body else []
    # Spans index normalise(text); they index text itself only when lengths agree.
    if len(normalise(text)) != len(text):
        text = normalise(text)
    spans = match_spans(text, tokens)
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
    to_orig = _original_mapper(text, body)
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
