"""The one function that turns text into search tokens, for documents and queries alike.

Why this exists: a Chinese search index is only as exact as its segmentation, and
it is only *consistent* if the index and the query go through the very same
steps.  Both backends (tantivy and Elasticsearch) receive the output of
:func:`tokens` joined by spaces and split it again on whitespace, so neither
engine ever segments Chinese on its own and both see identical terms.

Steps, in order:

1. traditional → simplified with OpenCC ``t2s`` (so 換屆 and 换届 are one term);
2. full-width ASCII → half-width, then lower-case (ＡＢＣ, ABC, abc are one term);
3. segmentation with ``rjieba`` (jieba-rs) in *search* mode, HMM off.

Measured on the genre (the five seed reports): ``rjieba.cut_for_search(t, False)``
gives exactly the same tokens as ``jieba.cut_for_search(t, HMM=False)`` (0 of 5
documents differ) at ~14 M chars/s, against ~0.5–1 MB/s for jieba.  With HMM on,
the two disagree on dates and URLs, and HMM makes the segmentation of unknown
words (names) depend on context, so a name segmented one way in a query could be
segmented another way in a document.  With HMM off, out-of-vocabulary words fall
apart into single characters in both places, and the query layer matches them as
an exact phrase, which is what a researcher typing a name wants.

Search mode emits a long dictionary word *and* its dictionary sub-words
(党支部书记 → 支部 党支部 书记), so 书记 finds 党支部书记, while 图书记录 segments
as 图书 / 记录 and never yields 书记: words match whole, never across a boundary.

Punctuation and whitespace tokens are dropped.  A small domain lexicon (words the
genre uses constantly but jieba's dictionary lacks) is added to a private
``rjieba.Jieba`` instance so other modules' segmenters are untouched.  Changing
the lexicon or the steps changes the tokens: bump :data:`TOKENIZER_VERSION`, and
the index refuses to serve with a stale version until it is rebuilt.
"""
from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterator

TOKENIZER_VERSION = "rjieba-search-nohmm-t2s-1"

#: Genre words missing from jieba's dictionary.  Each is added whole; search mode
#: still emits the dictionary sub-words inside them (一肩挑 → 肩挑 一肩挑).
DOMAIN_WORDS: tuple[str, ...] = (
    "一肩挑", "两委", "村两委", "交叉任职", "资格联审", "后备干部", "联审",
    "村务监督委员会", "居务监督委员会", "党组织书记",
)

_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _jieba():
    import rjieba

    seg = rjieba.Jieba()
    for w in DOMAIN_WORDS:
        seg.add_word(w, None, None)
    return seg


# Full-width ASCII variants (Ｕ+FF01..FF5E) → ASCII; ideographic space → space.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_NEEDS_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def normalise(text: str) -> str:
    """Simplified, half-width, lower-case text of the *same length* as far as OpenCC allows.

    OpenCC ``t2s`` maps almost every character one to one; where it does not
    (rare phrase conversions) offsets into the result no longer index the input,
    and :mod:`index.highlight` falls back to showing normalised text.
    """
    if not text:
        return ""
    if _NEEDS_WIDTH.search(text):
        text = text.translate(_FULLWIDTH)
    return _t2s().convert(text).lower()


@functools.lru_cache(maxsize=200_000)
def _keep(tok: str) -> bool:
    """False for whitespace and punctuation-only tokens (they carry no meaning for search)."""
    for ch in tok:
        cat = unicodedata.category(ch)
        if cat[0] in "LN" or cat == "So":
            return True
    return False


def tokens(text: str) -> list[str]:
    """Search tokens of ``text``: THE function used for indexing and for queries."""
    norm = normalise(text)
    if not norm:
        return []
    with _lock:  # rjieba instances are not documented as thread-safe
        raw = _jieba().cut_for_search(norm, False)
    keep = _keep
    return [t for t in raw if keep(t)]


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """Tokens with ``(start, end)`` character offsets into ``normalise(text)``.

    Used by the highlighter; the token sequence is identical to :func:`tokens`.
    """
    norm = normalise(text)
    if not norm:
        return []
    with _lock:  # rjieba instances are not documented as thread-safe
        raw = _jieba().tokenize(norm, "search", False)
    keep = _keep
    return [(t, s, e) for t, s, e in raw if keep(t)]


def normalised_token_spans(norm: str) -> list[tuple[str, int, int]]:
    """:func:`token_spans` of text that is already ``normalise``-d (no second conversion)."""
    if not norm:
        return []
    with _lock:  # rjieba instances are not documented as thread-safe
        raw = _jieba().tokenize(norm, "search", False)
    keep = _keep
    return [(t, s, e) for t, s, e in raw if keep(t)]


def token_string(text: str) -> str:
    """Tokens joined by single spaces: what both backends index with a whitespace tokenizer."""
    return " ".join(tokens(text))


def iter_token_strings(texts: list[str]) -> Iterator[str]:
    """Batch helper for bulk indexing (one lock round per text, same output as :func:`token_string`)."""
    for t in texts:
        yield token_string(t)


@functools.lru_cache(maxsize=4096)
def query_tokens(word: str) -> tuple[str, ...]:
    """Cached :func:`tokens` for query words (queries repeat; documents do not)."""
    return tuple(tokens(word))


@functools.lru_cache(maxsize=4096)
def phrase_anchors(toks: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """The words of a multi-token query word, each with its position in the token stream.

    Why: search mode emits every long word's dictionary sub-words right before
    the word itself (平均年龄 → 平均 年龄 平均年龄), always the same ones for the
    same word.  A phrase over the whole stream checks positions of tokens that
    carry no extra information, and those sub-words (平均, 组织, 村) are among
    the commonest terms of the genre, so such a phrase walks most of the
    corpus.  One anchor means a plain term query on the whole word (which then
    also finds it inside a longer word, as 书记 is found in 党支部书记); several
    anchors are matched as adjacent word pairs (:func:`pair_terms`) or, in
    titles, as a phrase with position gaps.
    """
    return tuple(_walk(toks))


PAIR_JOINER = "|"
"""Joins two words into one pair term (no token contains it: it is punctuation)."""


@functools.lru_cache(maxsize=200_000)
def _sub_words(word: str) -> tuple[str, ...]:
    """The sub-words search mode emits before ``word`` (empty when the word stands alone)."""
    if len(word) <= 2:
        return ()
    own = query_tokens(word)
    return own[:-1] if own and own[-1] == word else ()


def _walk(toks: list[str] | tuple[str, ...]) -> list[tuple[int, str]]:
    """(position, word) of the ordinary cut's words inside a search-mode token stream.

    Walks from the end: a word's own sub-words sit right before it, always the
    same ones, so they are recognised exactly and skipped; anything else is a word.
    """
    out: list[tuple[int, str]] = []
    i = len(toks) - 1
    while i >= 0:
        word = toks[i]
        out.append((i, word))
        sub = _sub_words(word)
        k = len(sub)
        if k and i - k >= 0 and tuple(toks[i - k:i]) == sub:
            i -= k + 1
        else:
            i -= 1
    out.reverse()
    return out


def words_of(toks: list[str] | tuple[str, ...]) -> list[str]:
    """The words of the ordinary cut inside a search-mode token stream (sub-words skipped)."""
    return [w for _, w in _walk(toks)]


def pair_terms(words: list[str] | tuple[str, ...]) -> list[str]:
    """Adjacent word pairs (``两委|干部``): what multi-word phrases are matched on.

    Why: a phrase query over common words (村 … 党组织书记, 两委 干部) has to read
    positions in most of the corpus, and tantivy does that even when filters
    would leave a few hundred documents.  One term per adjacent pair makes a
    two-word phrase a single posting-list lookup in both backends.
    """
    return [a + PAIR_JOINER + b for a, b in zip(words, words[1:])]


def pair_string(toks: list[str] | tuple[str, ...]) -> str:
    """Distinct pair terms of a token stream, space-joined (for a whitespace tokenizer)."""
    return " ".join(dict.fromkeys(pair_terms(words_of(toks))))

