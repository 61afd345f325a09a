"""What the index knows about a document, and the one flat record both backends store.

:class:`IndexDoc` is the backend-neutral input (built from the store with
:func:`from_stored`, or directly in tests and benchmarks).  :func:`index_fields`
turns it into the flat record that *both* backends index — token strings,
filter keys, facet keys, metric values — so tantivy and Elasticsearch cannot
drift apart: neither computes anything about a document on its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from huanjie import codebook
from index.tokens import normalise, pair_string, tokens

#: Date sort keys pack ``yyyymmdd`` and the document id into one unsigned number,
#: so sorting by date is a total order (ties broken by id) in both backends.
DATE_KEY_FACTOR = 10**10
#: Documents are spread over this many ``sample`` buckets by a hash of their id,
#: so a backend can estimate facets of a huge match set from an unbiased subset.
SAMPLE_MOD = 64


def sample_bucket(doc_id: int) -> int:
    """The sample bucket of a document (Fibonacci hashing of the id: neighbours spread out)."""
    return ((int(doc_id) * 11400714819323198485) % 2**64) >> 58

_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
    "地区", "林区", "新区", "省", "市", "县", "区", "盟", "旗", "州",
)


@dataclass
class IndexDoc:
    doc_id: int
    title: str = ""
    text: str = ""
    """Normalised simplified text (what is tokenised)."""
    body: str = ""
    """Text as published, for snippets mapped back to the original; ``""`` = same as text."""
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    region_code: str | None = None
    region_name: str | None = None
    lineage: list[tuple[str, str, str]] = field(default_factory=list)
    """(code, name, level) from province down to the document's own region."""
    metrics: dict[str, list[float]] = field(default_factory=dict)
    n_figures: int = 0
    dup_group: int = 0
    is_canonical: bool = True
    n_copies: int = 1


def from_stored(sd: Any) -> IndexDoc:
    """An :class:`IndexDoc` from a ``corpus.models.StoredDocument``."""
    metrics: dict[str, list[float]] = {}
    for f in sd.figures or []:
        if f.metric and codebook.is_metric(f.metric):
            vals = metrics.setdefault(f.metric, [])
            if float(f.value) not in vals:
                vals.append(float(f.value))
    lineage = [(r.code, r.name, r.level) for r in (sd.region_lineage or [])]
    region = sd.region
    if region is not None and region.code and not any(code == region.code for code, _, _ in lineage):
        lineage.append((region.code, region.name, region.level))
    return IndexDoc(
        doc_id=int(sd.doc_id),
        title=sd.title or "",
        text=sd.text or "",
        body=sd.body or "",
        published=sd.published,
        outlet=sd.outlet,
        url=sd.url,
        region_code=(region.code or None) if region else None,
        region_name=region.name if region else None,
        lineage=lineage,
        metrics=metrics,
        n_figures=len(sd.figures or []),
        dup_group=int(sd.dup_group or sd.doc_id),
        is_canonical=bool(sd.is_canonical),
        n_copies=int(sd.n_copies or 1),
    )


def region_name_keys(name: str) -> list[str]:
    """Search keys for a place name: the full name and its short form (自贡市 → 自贡市, 自贡)."""
    n = normalise(name).strip()
    if not n:
        return []
    keys = [n]
    for suf in _SUFFIXES:
        if n.endswith(suf) and len(n) - len(suf) >= 2:
            keys.append(n[: -len(suf)])
            break
    return keys


_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def pub_day(published: str | None) -> int:
    """``yyyymmdd`` as an int (missing month/day → 01); 0 when unknown."""
    m = _ISO.match(published or "")
    if not m:
        return 0
    return int(m.group(1)) * 10000 + int(m.group(2) or 1) * 100 + int(m.group(3) or 1)


def index_fields(doc: IndexDoc) -> dict[str, Any]:
    """The flat record both backends index.

    Keys: ``doc_id``; ``content`` / ``title`` (token strings for a whitespace
    tokenizer); ``pairs`` (adjacent-word pair terms, see :func:`index.tokens.pair_terms`); filters ``region_codes``, ``region_names``, ``outlet``, ``pub_day``,
    ``date_key``, ``has``, ``canonical``, ``sample``, ``m_<metric>`` (lists of values);
    facet keys ``f_province`` / ``f_city`` / ``f_county`` (``code|name``),
    ``f_year``, ``f_month``, ``f_metric``; and ``payload`` (what a hit shows).
    """
    day = pub_day(doc.published)
    title_toks = tokens(doc.title)
    text_toks = tokens(doc.text)
    title_tokens = " ".join(title_toks)
    text_tokens = " ".join(text_toks)
    codes: list[str] = []
    names: list[str] = []
    levels: dict[str, str] = {}
    parent = ""
    for code, name, level in doc.lineage:
        if code not in codes:
            codes.append(code)
        # the store names units with their lineage (四川省自贡市): index the unit's own name too
        own = name[len(parent):] if parent and name.startswith(parent) and len(name) > len(parent) else name
        for k in region_name_keys(name) + region_name_keys(own):
            if k not in names:
                names.append(k)
        levels.setdefault(level, f"{code}|{name}")
        parent = name
    if doc.region_code and doc.region_code not in codes:
        codes.append(doc.region_code)
    if doc.region_name and not doc.region_code:  # an ambiguous name: searchable by name, no code to facet on
        for k in region_name_keys(doc.region_name):
            if k not in names:
                names.append(k)
    metrics = {k: sorted(set(v)) for k, v in doc.metrics.items() if v and codebook.is_metric(k)}
    has = []
    if doc.n_figures:
        has.append("figures")
    if metrics:
        has.append("metrics")
    if codes:
        has.append("region")
    if day:
        has.append("date")
    if doc.n_copies > 1:
        has.append("copies")
    rec: dict[str, Any] = {
        "doc_id": int(doc.doc_id),
        "content": (title_tokens + " " + text_tokens).strip(),
        "title": title_tokens,
        "pairs": pair_string(title_toks + text_toks),
        "region_codes": codes,
        "region_names": names,
        "outlet": normalise(doc.outlet).strip() if doc.outlet else "",
        "pub_day": day,
        "date_key": day * DATE_KEY_FACTOR + int(doc.doc_id),
        "has": has,
        "canonical": 1 if doc.is_canonical else 0,
        "sample": sample_bucket(doc.doc_id),
        "f_province": levels.get("province", ""),
        "f_city": levels.get("city", ""),
        "f_county": levels.get("county", ""),
        "f_year": str(day // 10000) if day else "",
        "f_month": f"{day // 10000:04d}-{day // 100 % 100:02d}" if day else "",
        "f_metric": sorted(metrics),
        "metrics": metrics,
        "payload": {
            "title": doc.title,
            "published": doc.published,
            "outlet": doc.outlet,
            "url": doc.url,
            "region_code": doc.region_code,
            "region_name": doc.region_name,
            "n_copies": doc.n_copies,
            "dup_group": doc.dup_group,
            "metrics": metrics,
            "text": doc.text,
            "body": doc.body if doc.body and doc.body != doc.text else "",
        },
    }
    return rec
