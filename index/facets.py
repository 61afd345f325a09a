"""Facet definitions shared by both backends: which field, how it is labelled, how it is ordered.

Backends only count terms (a tantivy terms aggregation, an Elasticsearch terms
aggregation, both asked for up to :data:`FETCH_SIZE` buckets); ordering, label
lookup and truncation happen here so both return exactly the same facets.
"""
from __future__ import annotations

from huanjie import codebook
from index.base import FacetValue

#: facet name → indexed field
FACETS: dict[str, str] = {
    "province": "f_province",
    "city": "f_city",
    "county": "f_county",
    "year": "f_year",
    "outlet": "outlet",
    "metric": "f_metric",
}
TIMELINE_FIELD = "f_month"
#: Buckets asked of a backend per facet: more than any facet shows, so that
#: tie-breaking and truncation are ours, not the engine's.
FETCH_SIZE = 5000


def facet_values(name: str, buckets: dict[str, int], size: int) -> list[FacetValue]:
    """Buckets → sorted, labelled facet values (count desc, then key; years newest first)."""
    items = [(k, c) for k, c in buckets.items() if k and c > 0]
    if name == "year":
        items.sort(key=lambda kc: kc[0], reverse=True)
    else:
        items.sort(key=lambda kc: (-kc[1], kc[0]))
    return [FacetValue(*_key_label(name, k), c) for k, c in items[:size]]


def _key_label(name: str, raw: str) -> tuple[str, str]:
    if name in ("province", "city", "county"):
        code, _, label = raw.partition("|")
        return code, label or code
    if name == "metric":
        m = codebook.BY_KEY.get(raw)
        return raw, m.label_zh if m else raw
    return raw, raw


def timeline(buckets: dict[str, int]) -> list[tuple[str, int]]:
    return sorted((k, c) for k, c in buckets.items() if k and c > 0)
