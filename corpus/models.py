"""Records the store hands back to readers (index, web app, exports).

They extend the ``extract.records`` contract with what only the store knows:
identity (``doc_id``, ``version``), provenance (capture time, WARC location,
content hash, extractor version) and duplicate grouping (``dup_group``,
``is_canonical``, ``n_copies``), so a reader never has to query SQLite itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

from extract.records import Figure, Region

IngestStatus = Literal["new", "unchanged", "new_version"]


@dataclass(frozen=True)
class IngestResult:
    doc_id: int
    version_id: int
    status: IngestStatus


@dataclass
class StoredDocument:
    doc_id: int
    version: int
    url: str
    source: str
    title: str | None
    published: str | None
    outlet: str | None
    author: str | None
    kind: str
    variant: str | None
    region: Region | None
    region_lineage: list[Region]
    body: str
    text: str
    flags: list[str]
    figures: list[Figure]
    dup_group: int
    is_canonical: bool
    n_copies: int
    fetched_at: str | None
    warc_path: str | None
    warc_offset: int | None
    content_hash: str
    extractor_version: str
    version_id: int = 0
    capture_id: int | None = None
    is_current: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True)
class FigureRow(Figure):
    """One figure with the document facts an analysis table needs to cite it.

    It *is* a contract ``Figure`` (same fields, defined once in ``extract.records``)
    plus the citation fields; ``figure()`` strips it back to the bare contract.
    """

    figure_id: int
    doc_id: int
    url: str
    outlet: str | None
    published: str | None
    title: str | None
    extractor_version: str
    dup_group: int
    doc_region: Region | None = None

    def figure(self) -> Figure:
        """The bare contract ``Figure`` (for ``to_json`` and exports)."""
        return Figure(**{f.name: getattr(self, f.name) for f in fields(Figure)})

    def to_json(self) -> dict[str, Any]:
        out = self.figure().to_json()
        out.update(
            figure_id=self.figure_id, doc_id=self.doc_id, url=self.url, outlet=self.outlet,
            published=self.published, title=self.title,
            extractor_version=self.extractor_version, dup_group=self.dup_group,
        )
        return out


@dataclass
class Capture:
    """One HTTP response (or file read) as it was recorded."""

    capture_id: int
    url: str
    fetched_at: str | None
    status: int | None
    headers: dict[str, str]
    payload_hash: str
    payload_size: int
    warc_path: str | None
    warc_offset: int | None
    site_group: str | None = None
    """The crawl's site file (``crawlers/sites/<site_group>.yaml``) when a crawl made this capture."""
    site: str | None = None
    """The site's name inside that file (its XPath overrides apply on re-extraction)."""
