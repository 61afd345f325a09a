"""The search backend interface and the result types every backend returns.

One protocol, two implementations (``index.tantivy_backend`` embedded,
``index.es_backend`` Elasticsearch).  The web app, the CLI and the contract tests
code against :class:`SearchBackend` only, which is why result shapes, facet keys,
sorting and duplicate collapsing are defined here and not per backend.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from index.documents import IndexDoc
from index.query import ParsedQuery

Sort = Literal["relevance", "date_desc", "date_asc"]
SORTS: tuple[str, ...] = ("relevance", "date_desc", "date_asc")
MAX_PER_PAGE = 200


class BackendError(RuntimeError):
    """The index cannot serve: missing, built by another tokenizer version, or unreachable."""


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int


@dataclass
class Hit:
    doc_id: int
    score: float
    title: str
    published: str | None
    outlet: str | None
    region_name: str | None
    region_code: str | None
    snippet: list[tuple[str, bool]]
    """Text pieces; ``True`` marks a highlighted match.  The UI escapes them."""
    n_copies: int = 1
    metrics: dict[str, list[float]] = field(default_factory=dict)
    url: str | None = None


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    timeline: list[tuple[str, int]]
    query: ParsedQuery
    page: int = 1
    per_page: int = 20
    total_is_exact: bool = True
    """``total`` is the exact number of matches (both backends count exactly today;
    a backend that stops counting at a bound sets this False and ``total`` is then
    a lower bound, shown as e.g. "10,000+")."""
    facets_exact: bool = True
    """False when facet and timeline counts are estimates from a sample of a very
    large match set (see ``index.tantivy_backend.FACET_EXACT_LIMIT``); the UI should
    then show them as approximate (≈)."""


@runtime_checkable
class SearchBackend(Protocol):
    name: str

    def rebuild(self, docs: Iterable[IndexDoc]) -> int:
        """Replace the whole index with ``docs`` (readers keep the old one until it is done)."""

    def upsert(self, docs: Iterable[IndexDoc]) -> int:
        """Add or replace documents by ``doc_id``."""

    def delete(self, doc_ids: Iterable[int]) -> int:
        """Remove documents by ``doc_id``."""

    def count(self) -> int:
        """Documents in the index (all copies)."""

    def search(self, query: str | ParsedQuery, *, page: int = 1, per_page: int = 20,
               sort: Sort = "relevance", collapse: bool = True, facets: bool = True,
               facet_size: int = 50) -> SearchResult:
        """One page of hits with facets and timeline for the whole match set."""

    def scan(self, query: str | ParsedQuery, *, collapse: bool = True) -> Iterator[int]:
        """Every matching ``doc_id``, in ``date_desc`` order (for exports; no page limit)."""

    def close(self) -> None: ...


def check_paging(page: int, per_page: int, sort: str) -> None:
    """Shared argument checks so both backends refuse the same things the same way."""
    from index.query import QueryError

    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}", 0)
    if not isinstance(page, int) or page < 1:
        raise QueryError("page must be 1 or more", 0)
    if not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page must be between 1 and {MAX_PER_PAGE}", 0)


def hit_from_payload(doc_id: int, score: float, payload: dict, pq: ParsedQuery) -> Hit:
    """A :class:`Hit` from a stored payload (both backends store the same payload)."""
    from index.highlight import snippet

    return Hit(
        doc_id=doc_id,
        score=score,
        title=payload.get("title") or "",
        published=payload.get("published"),
        outlet=payload.get("outlet"),
        region_name=payload.get("region_name"),
        region_code=payload.get("region_code"),
        snippet=snippet(payload.get("text") or "", payload.get("body") or "", pq.highlight_tokens),
        n_copies=int(payload.get("n_copies") or 1),
        metrics={k: list(v) for k, v in (payload.get("metrics") or {}).items()},
        url=payload.get("url"),
    )
