"""spaCy building blocks of the text pipeline: tokenizer, extensions, components.

The pipeline is a ``spacy.blank("zh")`` object whose parts are registered by
name, so other code can add, swap or remove stages with the usual spaCy calls
(``nlp.add_pipe("my_component", after="huanjie_figures")``).

Tokenizer — why rjieba.  Every rule here is a character grammar, so tokens are
only anchors for spans (``doc.spans["figures"]``) and a convenience for later
stages.  spaCy's own Chinese tokenizer offers ``char`` (one token per
character: 3× more tokens, slower to build) or ``jieba`` (~280 documents/s
here: alone it would use the whole throughput budget).  ``rjieba`` is the same
jieba model and dictionary compiled in Rust, about 40× faster, so the
tokenizer costs ~0.1 ms per 3 kB article, about a fifth of the pipeline's
time on a report.  Segmentation does not always split a numeral from its measure
word (``26244|个村``), so figure spans are aligned with ``alignment_mode=
"expand"``; the exact character offsets live on the figure records.

The tokenizer takes the *raw body* and normalises it first (simplified script,
pinyin stripped, furniture dropped): spaCy's ``Doc.text`` must be the text the
spans index, and that is the normalised text.  ``doc._.normalised`` keeps the
``Normalised`` object with its offset map back to the body.

Components (in order): ``huanjie_header`` (title/date/outlet/author from the
text head when not given), ``huanjie_dates`` (publication date),
``huanjie_regions`` (document region), ``huanjie_figures`` (the grammar →
``doc.spans["figures"]``), ``huanjie_metrics`` (subjects, metrics, one figure
per fact, as_of, sentence regions → ``doc._.figures``).
"""
from __future__ import annotations

import re
from typing import Any, Final
from bisect import bisect_left, bisect_right

import rjieba
from spacy.language import Language
from spacy.tokens import Doc, Span

from extract import dates as _dates
from extract import regions as _regions
from extract.figure_dedupe import Candidate, dedupe
from extract.figures import find_figures, sentence_bounds
from extract.metrics import assign_metrics, clause_marks, context_for
from extract.normalise import Normalised, normalise
from extract.gazetteer import Region
from extract.records import Figure

__all__ = ["HuanjieTokenizer", "register_extensions", "find_header", "ext_get", "ext_set"]

_EXTENSIONS: dict[str, Any] = {
    "normalised": None,
    "meta": None,
    "published": None,
    "region": None,
    "region_flags": None,
    "candidates": None,
    "figures": None,
    "flags": None,
    "token_starts": None,
}


def register_extensions() -> None:
    global _direct
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    _direct = _user_data_holds_extensions()


# ---------------------------------------------------------------- extension values
# ``doc._.<name>`` builds a new accessor object on every use, and each read
# through it goes by a caught AttributeError inside spaCy: about 10 k
# instructions, against 1 k for a dict look-up.  spaCy keeps the values of
# plain (default-only) extensions in ``doc.user_data`` under
# ``("._.", name, None, None)``; ``ext_get``/``ext_set`` use that directly once
# ``register_extensions`` has checked that this spaCy does so, and fall back to
# ``doc._`` otherwise.  All our extensions default to None.
# (the key spaCy files ``doc._.<name>`` under in ``doc.user_data``)
_EXT_KEYS: dict[str, Any] = {name: ("._.", name, None, None) for name in _EXTENSIONS}
_direct = False


def _user_data_holds_extensions() -> bool:
    from spacy.vocab import Vocab

    if any(Doc.get_extension(name)[1:] != (None, None, None) for name in _EXTENSIONS):
        return False  # someone registered one of ours with a getter, setter or method
    probe = Doc(Vocab(), words=["x"])
    marker = object()
    probe._.meta = marker
    probe.user_data[_EXT_KEYS["flags"]] = marker
    return probe.user_data.get(_EXT_KEYS["meta"]) is marker and probe._.flags is marker


def ext_get(doc: Doc, name: str):
    """``doc._.<name>`` for an extension of this module (see above)."""
    if _direct:
        return doc.user_data.get(_EXT_KEYS[name])
    return getattr(doc._, name)


def ext_set(doc: Doc, name: str, value) -> None:
    """``doc._.<name> = value`` for an extension of this module (see above)."""
    if _direct:
        doc.user_data[_EXT_KEYS[name]] = value
    else:
        setattr(doc._, name, value)


class _OrthTable(dict):
    """word → orth ID of its lexeme in ``vocab``, creating the lexeme on first sight.

    ``Doc(vocab, words=[str, …])`` hashes every word and checks it against the
    string store twice, from Python, per token; given orth IDs it only looks the
    lexeme up.  Keyed on single words, so it grows like the vocabulary itself.
    """

    __slots__ = ("vocab",)

    def __init__(self, vocab):
        super().__init__()
        self.vocab = vocab

    def __missing__(self, word: str) -> int:
        orth = self[word] = self.vocab[word].orth  # the lexeme Doc() would have made
        return orth


# ---------------------------------------------------------------- new lexemes
# Every word the vocabulary has not seen (numbers, dates, percentages, names:
# about six per report) becomes a lexeme, and spaCy computes its attributes by
# calling each of ``vocab.lex_attr_getters`` — 23 Python functions, ~10 µs a
# word.  Two of them cost half of that: Chinese ``like_num`` (it joins and
# matches a pattern on every call) and ``like_url``.  The wrappers below answer
# the common words exactly as those functions would, from a cheaper test, and
# hand every other word to the original.
_ZH_NUM_SIGNS: Final = frozenset("+-±~,.，。")  # like_num strips a leading sign and drops these
_ZH_NUM_FIRST: frozenset[str] = frozenset()
"""First characters of the Chinese number words like_num knows (all its counting words are one character)."""
_zh_like_num: Any = None
_like_url: Any = None


def _fast_zh_like_num(text: str) -> bool:
    """``spacy.lang.zh.lex_attrs.like_num``: a word that opens with no sign, no
    dropped punctuation and no number word, and holds no "/", is a number only
    when its digits (with , . ， 。 dropped) are all there is."""
    c = text[:1]
    if not c or c in _ZH_NUM_FIRST or c in _ZH_NUM_SIGNS or "/" in text:
        return bool(_zh_like_num(text))
    return text.replace(",", "").replace(".", "").replace("，", "").replace("。", "").isdigit()


def _fast_like_url(text: str) -> bool:
    """``spacy.lang.lex_attrs.like_url``: without a "." only an http(s):// prefix makes a URL."""
    if text and "." not in text and not text.startswith(("http://", "https://")):
        return False
    return bool(_like_url(text))


def _speed_up_lexeme_attrs(vocab) -> None:
    """Swap spaCy's like_num/like_url getters in ``vocab`` for the exact wrappers
    above; any other getter (or another language's) stays spaCy's own."""
    global _zh_like_num, _like_url, _ZH_NUM_FIRST
    getters = getattr(vocab, "lex_attr_getters", None)
    if not isinstance(getters, dict):
        return
    try:
        from spacy.attrs import LIKE_NUM, LIKE_URL
        from spacy.lang import lex_attrs as base_attrs
        from spacy.lang.zh import lex_attrs as zh_attrs
    except ImportError:  # pragma: no cover - another spaCy layout: keep its getters
        return
    if getters.get(LIKE_NUM) is zh_attrs.like_num and all(
            len(w) == 1 for w in zh_attrs._count_num_words):
        _zh_like_num = zh_attrs.like_num
        _ZH_NUM_FIRST = frozenset(w[0] for w in list(zh_attrs._single_num_words) + list(zh_attrs._count_num_words))
        getters[LIKE_NUM] = _fast_zh_like_num
    if getters.get(LIKE_URL) is base_attrs.like_url:
        _like_url = base_attrs.like_url
        getters[LIKE_URL] = _fast_like_url


class HuanjieTokenizer:
    """Raw body → normalised text → rjieba words → ``Doc`` (see module docstring)."""

    def __init__(self, vocab):
        self.vocab = vocab
        self._orths = _OrthTable(vocab)
        _speed_up_lexeme_attrs(vocab)

    def __call__(self, raw: str) -> Doc:
        norm = normalise(raw)
        return self.from_normalised(norm)

    def from_normalised(self, norm: Normalised) -> Doc:
        text = norm.text
        words = rjieba.cut(text) if text else []
        if "".join(words) != text:  # never trust a segmenter with offsets
            words = list(text)
        doc = Doc(self.vocab, words=self._orth_ids(words), spaces=[False] * len(words))
        ext_set(doc, "normalised", norm)
        ext_set(doc, "token_starts", _token_starts(words))
        ext_set(doc, "flags", list(norm.flags))
        return doc

    def _orth_ids(self, words: list[str]) -> list:
        """Orth IDs for ``words`` (same lexemes, same ``Doc``); the words themselves
        where IDs could go stale: lexemes made inside a spaCy memory zone are
        dropped when it ends."""
        vocab = self.vocab
        table = self._orths
        if table.vocab is not vocab:  # the tokenizer was given another vocabulary
            table = self._orths = _OrthTable(vocab)
            _speed_up_lexeme_attrs(vocab)
        if getattr(vocab, "in_memory_zone", False):  # spaCy < 3.8 has no memory zones
            return words
        return list(map(table.__getitem__, words))

    # spaCy serialisation hooks (nothing to save: the segmenter has no state)
    def to_bytes(self, **_kw) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kw):
        return self

    def to_disk(self, _path, **_kw) -> None:
        return None

    def from_disk(self, _path, **_kw):
        return self


_BOXED_OFFSETS: Final = 8192
_OFFSET_OBJECTS: Final[list[object]] = list(range(_BOXED_OFFSETS))
"""The int objects 0 … 8191, made once: a token start below that is this shared
object instead of a new int (Python caches only 0 … 256), which spares an
allocation and a free per token (~300 per report; about half the cost of
``_token_starts``)."""


def _token_starts(words: list[str]) -> list[int]:
    """Each token's character offset (``Token.idx``): the words join to the text
    with no spaces, so a running sum of their lengths (compiled, cheaper than
    ``doc.to_array(IDX).tolist()``).  The list holds ints as ``object`` so that
    the compiled loop appends the shared objects of ``_OFFSET_OBJECTS`` as they are
    (typed ``int``, each would be unboxed and boxed again)."""
    starts: list[object] = []
    shared = _OFFSET_OBJECTS
    pos = 0
    for w in words:
        starts.append(shared[pos] if pos < _BOXED_OFFSETS else pos)
        pos += len(w)
    return starts  # type: ignore[return-value]  # every item is an int


def doc_text(doc: Doc) -> str:
    """The normalised text; ``Doc.text`` rebuilds the string from every token on each call."""
    norm = ext_get(doc, "normalised")
    return norm.text if norm is not None else doc.text


# ---------------------------------------------------------------- header
_DATELINE: Final = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_OUTLET: Final = re.compile(r"来源\s*[:：]\s*([^\s:：|｜]{2,30}?)(?=\s|编辑|作者|责编|记者|发布|浏览|$|[|｜])")
_AUTHOR: Final = re.compile(r"(?:作者|记者|通讯员)\s*[:：]?\s*([^\s:：|｜,，。]{2,12}?)(?=\s|$|[|｜,，])")
# Lines above a dateline that are no headline: navigation, a source / byline field
# (来源:某某日报), an e-paper masthead (刊号, 出版, 新闻热线, 第3版).  Three
# patterns (at the start, at the end, anywhere): as one alternation with ^ and $
# branches the search tried every branch at every character of the line.
_FURNITURE_TITLE_START: Final = re.compile(
    r"(?:导航|首页|当前位置|您的位置|位置)|\W*$|\d+$"
    r"|(?:来源|來源|作者|编辑|編輯|责任编辑|責任編輯|发布时间|發佈時間|时间|時間|字号|浏览)\s*[:：]")
_FURNITURE_TITLE_END: Final = re.compile(r"(?:网|网站|频道)$")
_FURNITURE_TITLE_ANY: Final = re.compile(r"刊号|刊號|出版|新闻热线|新聞熱線|第\s*[0-9一二三四五六七八九十]+\s*版")
_HEAD_LINES: Final = 12


def _is_furniture_title(line: str) -> bool:
    return bool(_FURNITURE_TITLE_START.match(line) or _FURNITURE_TITLE_END.search(line)
                or _FURNITURE_TITLE_ANY.search(line))


def find_header(text: str) -> dict[str, str | None]:
    """Title, outlet and author of a plain-text report, read from its first lines.

    The title is the nearest substantial line above the dateline (the line with
    the publication date / 来源); without a dateline, a short first line that
    does not read as a sentence.
    """
    lines = [ln.strip() for ln in text.split("\n", _HEAD_LINES + 1)[:_HEAD_LINES]]
    out: dict[str, str | None] = {"title": None, "outlet": None, "author": None}
    # the dateline belongs to the header only above the first body paragraph (a
    # "related news" list below the body also carries dates)
    body_idx = next((i for i, ln in enumerate(lines) if len(ln) >= 120), len(lines))
    date_idx = next((i for i, ln in enumerate(lines[:body_idx]) if _DATELINE.search(ln)), None)
    if date_idx is not None:
        line = lines[date_idx]
        m = _OUTLET.search(line) or next(  # 来源 on its own line next to the dateline
            (o for o in (_OUTLET.search(lines[i]) for i in (date_idx - 1, date_idx + 1) if 0 <= i < len(lines)) if o),
            None)
        if m:
            out["outlet"] = m.group(1)
        m = _AUTHOR.search(line) or (
            _AUTHOR.search(lines[date_idx + 1]) if date_idx + 1 < len(lines) else None
        ) or (_AUTHOR.search(lines[date_idx + 2]) if date_idx + 2 < len(lines) else None)
        if m:
            out["author"] = m.group(1)
        for ln in reversed(lines[:date_idx]):
            if len(ln) >= 6 and not _is_furniture_title(ln):
                out["title"] = ln
                break
    else:
        # portal furniture (移动新媒体, 中国搜索) may stand above the title: skip short lines
        first = next((ln for ln in lines if len(ln) >= 6 and not _is_furniture_title(ln)), "")
        if 6 <= len(first) <= 60 and not first.endswith(("。", "！", "？", "，", ",")) and "。" not in first:
            out["title"] = first
    return out


# ---------------------------------------------------------------- components
@Language.component("huanjie_header")
def header_component(doc: Doc) -> Doc:
    meta = ext_get(doc, "meta")
    if meta is None:
        meta = {}
        ext_set(doc, "meta", meta)
    if not meta.get("title") or not meta.get("outlet") or not meta.get("author"):
        found = find_header(doc_text(doc))
        for key, value in found.items():
            if not meta.get(key) and value:
                meta[key] = value
    return doc


@Language.component("huanjie_dates")
def dates_component(doc: Doc) -> Doc:
    meta = ext_get(doc, "meta") or {}
    ext_set(doc, "published", meta.get("published") or _dates.find_published(doc_text(doc)))
    return doc


@Language.component("huanjie_regions")
def regions_component(doc: Doc) -> Doc:
    # ext_get/ext_set: a dict look-up each instead of ~10 k instructions through ``doc._``.
    meta = ext_get(doc, "meta") or {}
    byline = " ".join(x for x in (meta.get("outlet"), meta.get("author")) if x) or None
    region, flags = _regions.resolve_document_region(doc_text(doc), title=meta.get("title"), byline=byline)
    ext_set(doc, "region", region)
    ext_set(doc, "region_flags", list(flags or []))
    return doc


# Written from the line break before the heading, not from "^": a pattern that
# starts with a literal is searched for that character, "^" is tried at every position.
_TAIL_MARK: Final = re.compile(
    r"\n[ \t\u3000]*(?:新闻推荐|相关推荐|热门推荐|精彩推荐|热点推荐|为你推荐|为您推荐|猜你喜欢|热门资讯|最新资讯"
    r"|相关新闻|相关内容|相关阅读|推荐阅读|延伸阅读|相关文章|相关链接|相关报道|更多新闻|往期回顾|热门文章|相关评论)"
    r"[ \t\u3000]*(?:>>|》|>|[:：])?[ \t\u3000]*$",
    re.M,
)
_TAIL_MIN_BODY: Final = 80


def body_end(text: str) -> int:
    """Where the report ends: the first "related news" heading line below the body.

    Everything after such a heading belongs to other stories (their numbers are
    not this report's figures).  Furniture removal may already have dropped the
    block; this is the figure stage's own guard.
    """
    m = _TAIL_MARK.search(text, _TAIL_MIN_BODY - 1)  # a line that starts at _TAIL_MIN_BODY or later
    return m.start() + 1 if m else len(text)


@Language.component("huanjie_figures")
def figures_component(doc: Doc) -> Doc:
    text = doc_text(doc)
    sents = sentence_bounds(text)
    hits = find_figures(text, sentences=sents)
    end = body_end(text) if hits else len(text)
    if end < len(text):
        hits = [h for h in hits if h.start < end]
    if not hits:
        ext_set(doc, "candidates", [])
        return doc
    starts = [a for a, _ in sents]
    title = (ext_get(doc, "meta") or {}).get("title")
    heads = headline_spans(text, _title_end(text, title))
    # no figure that ends after the last headline can stand in one (most figures)
    heads_end = max(he for _, he in heads) if heads else -1
    cands = []
    n = len(hits)
    marks = clause_marks(text)
    sentence_of = -2  # the sentence read last (figures of a sentence share its string)
    sentence = ""
    prev_end = None
    for k, hit in enumerate(hits):
        i = bisect_right(starts, hit.start) - 1
        a, b = sents[i] if i >= 0 else (0, len(text))
        if i != sentence_of:
            sentence_of, sentence = i, text[a:b]
        next_start = hits[k + 1].start if k + 1 < n else None
        ctx = context_for(hit, text, a, b, prev_end, next_start, marks, sentence)
        in_head = hit.end <= heads_end and any(hs <= hit.start and hit.end <= he for hs, he in heads)
        cands.append(Candidate(hit=hit, ctx=ctx, metric=None, in_title=in_head))
        prev_end = hit.end
    ext_set(doc, "candidates", cands)
    # Spans are set once, by huanjie_metrics, over the figures that survive
    # deduplication (building spans is a noticeable share of the run time).
    return doc


class _LabelIds:
    """The span label ids (metric → string id) of one vocabulary's string store."""

    def __init__(self, strings: Any) -> None:
        self.strings = strings
        self.ids: dict[str | None, int] = {}


# The table of the vocabulary used last: labels are a few dozen metric names, and
# ``StringStore.add`` per document and label (it encodes and hashes the name) cost
# more than the look-up.  The table holds its store, so the identity test is sound.
_labels_last = _LabelIds(None)


def _span_labels(vocab: Any) -> dict[str | None, int]:
    """The label id table of ``vocab``'s string store (a fresh one for another store)."""
    global _labels_last
    table = _labels_last
    strings = vocab.strings
    if table.strings is not strings:
        table = _labels_last = _LabelIds(strings)
    return table.ids


def _add_label(vocab: Any, labels: dict[str | None, int], metric: str | None) -> int:
    """Intern the span label of ``metric`` (None: ``FIGURE``); kept in ``labels`` only
    outside a spaCy memory zone (a name added inside one is dropped when it ends)."""
    label: int = vocab.strings.add(metric or "FIGURE")
    if not getattr(vocab, "in_memory_zone", False):
        labels[metric] = label
    return label


@Language.component("huanjie_metrics")
def metrics_component(doc: Doc) -> Doc:
    norm: Normalised | None = ext_get(doc, "normalised")
    text = norm.text if norm is not None else doc.text
    cands = ext_get(doc, "candidates") or []
    assign_metrics(cands)
    kept = dedupe(cands)
    doc_region = ext_get(doc, "region")
    published = ext_get(doc, "published")
    figures: list[Figure] = []
    region_cache: dict[tuple, Region | None] = {}
    # per sentence (figures of one sentence share it): stripped text, lead, as-of date
    sentence_cache: dict[str, tuple[str, int, str | None, bool]] = {}
    for c in kept:
        h, ctx = c.hit, c.ctx
        hs, he = h.start, h.end
        os_, oe = norm.to_orig(hs, he) if norm is not None else (hs, he)  # compiled with normalise
        raw = ctx.sentence
        known = sentence_cache.get(raw)
        if known is None:
            sentence = raw.strip()
            lead = len(raw) - len(raw.lstrip())
            # (as_of reads only the sentence and the publication date); a sentence
            # that names no place gives every figure the document's region
            known = sentence_cache[raw] = (sentence, lead, _dates.as_of(sentence, published),
                                           _regions.names_places(sentence, ctx.start + lead))
        sentence, lead, as_of, places = known
        # the region is read from the figure's own clause (and 、-list item)
        if not places:
            region = doc_region
        else:
            rkey = (sentence, ctx.left_clause, ctx.right_clause)
            if rkey in region_cache:
                region = region_cache[rkey]
            else:
                # called through the module, not a local alias: compiled, that is a
                # direct native call instead of a Python call parsing keyword arguments
                region = region_cache[rkey] = _regions.sentence_region(
                    sentence, doc_region, figure_start=ctx.p0 - lead, figure_end=ctx.p1 - lead) or doc_region
        # positional, in field order (``Figure``'s written-out __init__)
        figures.append(Figure(
            h.value, h.unit, h.kind, h.qualifier,  # value, unit, kind, qualifier
            text[hs:he], sentence, hs, he,  # quote, sentence, start, end
            os_, oe, h.value_max, h.direction,  # orig_start, orig_end, value_max, direction
            ctx.subject, c.metric, as_of, region,  # subject, metric, as_of, region
        ))
    ext_set(doc, "figures", figures)
    # doc.spans["figures"][i] is the token span of doc._.figures[i] (no per-span
    # extension attribute: setting one per figure cost more than the span itself).
    # Same spans as ``token_span``, with its look-ups hoisted out of the loop; labels
    # are interned once per distinct label, not looked up per span.
    starts: list[int] | None = ext_get(doc, "token_starts")
    if starts is None:
        starts = [t.idx for t in doc]
    n_tokens = len(starts)
    labels = _span_labels(doc.vocab)
    spans = []
    for f in figures:
        # bisect_right(starts, f.start) - 1, compiled (the library call compares
        # boxed ints through the generic call protocol, twice per figure)
        fstart, fend = f.start, f.end
        lo, hi = 0, n_tokens
        while lo < hi:
            mid = (lo + hi) >> 1
            if fstart < starts[mid]:
                hi = mid
            else:
                lo = mid + 1
        i = lo - 1
        if i < 0:
            i = 0
        # bisect_left(starts, f.end): every start before i is at most f.start, so
        # walk on from i over the figure's few tokens
        j = i
        while j < n_tokens and starts[j] < fend:
            j += 1
        if j <= i:
            j = i + 1
        label = labels.get(f.metric)
        if label is None:
            label = _add_label(doc.vocab, labels, f.metric)
        spans.append(Span(doc, i, j if j < n_tokens else n_tokens, label))  # label positional: no kwargs dict
    doc.spans["figures"] = spans
    return doc


def token_span(doc: Doc, start: int, end: int, label: str, starts: list[int] | None = None) -> Span:
    """The smallest token span covering characters [start, end).

    Same result as ``doc.char_span(..., alignment_mode="expand")`` but from the
    token offsets kept by the tokenizer: ``char_span`` walks the tokens and cost
    a fifth of the pipeline's time.
    """
    if starts is None:
        starts = [t.idx for t in doc]
    i = max(bisect_right(starts, start) - 1, 0)
    j = max(bisect_left(starts, end), i + 1)
    return Span(doc, i, min(j, len(starts)), label=label)


_HEADLINE: Final = re.compile(
    r"原标题\s*[:：]\s*\S{4,60}"          # a copy of the title (often glued to the lead paragraph)
    r"|^[ \t\u3000]*◎[^\n]*"               # a subtitle line of ◎-separated claims
    r"|^[ \t\u3000]*(?:副标题|副题|引题|摘要|导读|核心提示)\s*[:：][^\n]*",
    re.M,
)


def headline_spans(text: str, title_end: int = 0) -> list[tuple[int, int]]:
    """Spans of ``text`` that repeat the report's facts as headlines: the title
    (``[0, title_end)``), a ``原标题:`` copy, a ◎ subtitle, a summary line.  Their
    figures stand for the body's mentions (``extract.figure_dedupe``)."""
    spans = [(0, title_end)] if title_end else []
    if "原标题" in text or "◎" in text or "摘要" in text or "导读" in text or "核心提示" in text or (
            # 题 near the top (问题, 主题 …) lets only the 副标题/副题/引题 lines match: scan
            # the text only when one of them is there
            "题" in text[:600] and ("副标题" in text or "副题" in text or "引题" in text)):
        spans.extend(m.span() for m in _HEADLINE.finditer(text))
    return spans


def _title_end(text: str, title: str | None) -> int:
    if not title:
        return 0
    i = text.find(title, 0, 400)
    return i + len(title) if i >= 0 else 0
