"""The text pipeline: a decoded article body in, a ``Document`` record out.

``extract_text`` is what every input path ends in (.txt files, HTML pages after
main-text extraction, WARC records).  It runs the spaCy pipeline built by
``nlp()`` (see ``extract.components`` for the stages and the tokenizer choice)
and turns the annotated ``Doc`` into the contract record of
``extract.records``.  ``nlp()`` is cached and public so that other code can add
components::

    from extract.pipeline import nlp
    nlp().add_pipe("my_component", after="huanjie_metrics")
"""
from __future__ import annotations

import gc
from functools import lru_cache
from typing import Final

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extract.components import HuanjieTokenizer, doc_text, ext_get, ext_set, register_extensions
from extract.records import Document

__all__ = ["nlp", "make_nlp", "extract_text", "warm_up", "PIPE_NAMES"]

MAX_TEXT_CHARS: Final = 500_000
"""Longer bodies are cut here (flag ``body_truncated``): a report is a few thousand
characters, and one pathological input must not hold a batch for minutes."""

PIPE_NAMES: Final = ("huanjie_header", "huanjie_dates", "huanjie_regions", "huanjie_figures", "huanjie_metrics")


def make_nlp() -> Language:
    """A fresh pipeline (use ``nlp()`` for the shared cached one)."""
    register_extensions()
    pipeline = spacy.blank("zh")
    pipeline.tokenizer = HuanjieTokenizer(pipeline.vocab)
    pipeline.max_length = MAX_TEXT_CHARS + 1
    for name in PIPE_NAMES:
        pipeline.add_pipe(name)
    return pipeline


@lru_cache(maxsize=1)
def nlp() -> Language:
    return make_nlp()


# A made-up report that reaches every lazily loaded table: the traditional-script
# converter, the gazetteer and its automaton, the date and figure grammars.
_WARM_UP_TEXT: Final = (
    "某县完成村“兩委”換屆\n2021-03-18 10:00 来源：某县融媒体中心\n"
    "截至3月18日，湖北省某县326个村全部完成换届，选举产生村党组织书记326名，"
    "“一肩挑”比例达98.5%，平均年龄44.4岁，比上届下降2.8岁。"
)


def warm_up() -> Language:
    """Load the shared pipeline for a batch run and set it aside from the cyclic GC.

    The pipeline's tables (spaCy's language data, the gazetteer, OpenCC's
    character classes) are a few hundred thousand long-lived Python objects.
    Each full collection of the cyclic garbage collector walks all of them
    again (~50 ms), a few times per thousand reports, although none of them is
    ever garbage.  ``gc.freeze()`` moves every object alive now into the
    permanent generation, so later collections walk only what the run itself
    allocates.  Batch entry points (``huanjie extract``, ingest workers, the
    benchmarks) call this once before their loop; plain library use of
    ``extract_text`` is unaffected.
    """
    pipeline = nlp()
    extract_text(_WARM_UP_TEXT, source="warm-up")
    gc.collect()  # what is garbage now is not frozen
    gc.freeze()
    return pipeline


def annotate(body: str, *, title: str | None = None, published: str | None = None,
             outlet: str | None = None, author: str | None = None,
             pipeline: Language | None = None) -> Doc:
    """Run the pipeline on ``body`` with known metadata; returns the annotated ``Doc``."""
    pipeline = pipeline or nlp()
    doc = pipeline.make_doc(body)
    ext_set(doc, "meta", {"title": title, "published": published, "outlet": outlet, "author": author})
    for proc in _enabled_components(pipeline):
        doc = proc(doc)
    return doc


def _enabled_components(pipeline: Language) -> list:
    """``[proc for _, proc in pipeline.pipeline]`` without the property's cost.

    ``Language.pipeline`` formats an error message for its frozen list on every
    call (~28 k instructions per document); spaCy builds that list from the
    component table and the disabled names, and so does this (the public
    property where those attributes are missing)."""
    try:
        components, disabled = pipeline._components, pipeline._disabled
    except AttributeError:
        return [proc for _name, proc in pipeline.pipeline]
    return [proc for name, proc in components if name not in disabled]


def extract_text(body: str, *, source: str, title: str | None = None, published: str | None = None,
                 outlet: str | None = None, author: str | None = None) -> Document:
    """The whole text pipeline on an already-decoded body (see module docstring)."""
    if not isinstance(body, str):
        body = "" if body is None else str(body)
    truncated = len(body) > MAX_TEXT_CHARS
    if truncated:
        body = body[:MAX_TEXT_CHARS]
    doc = annotate(body, title=title, published=published, outlet=outlet, author=author)
    meta = ext_get(doc, "meta") or {}
    norm = ext_get(doc, "normalised")
    flags = list(ext_get(doc, "flags") or [])
    for f in ext_get(doc, "region_flags") or []:
        if f not in flags:
            flags.append(f)
    text = norm.text if norm is not None else doc.text
    if not text.strip():
        flags.append("empty")
    if truncated:
        flags.append("body_truncated")
    return Document(
        source=source,
        title=meta.get("title"),
        published=ext_get(doc, "published"),
        outlet=meta.get("outlet"),
        author=meta.get("author"),
        variant=norm.variant if norm is not None else None,
        kind="article",
        region=ext_get(doc, "region"),
        body=body,
        text=text,
        flags=flags,
        figures=list(ext_get(doc, "figures") or []),
    )
