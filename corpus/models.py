"""Records the store hands back to readers (index, web app, exports).

They extend the ``extract.records`` contract with what only the store knows:
identity (``doc_id``, ``version``), provenance (capture time, WARC location,
content hash, extractor version) and duplicate grouping (``dup_group``,
``is_canonical``, ``n_copies``), so a reader never has to query SQLite itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class FigureRow:
    """One figure with the document facts an analysis table needs to cite it."""

    figure_id: int
    doc_id: int
    url: str
    outlet: str | None
    published: str | None
    title: str | None
    extractor_version: str
    dup_group: int
    value: float
    unit: str | None
    kind: str
    qualifier: str
    quote: str
    sentence: str
    start: int
    end: int
    orig_start: int
    orig_end: int
    value_max: float | None = None
    direction: str | None = None
    subject: str | None = None
    metric: str | None = None
    as_of: str | None = None
    region: Region | None = None
    doc_region: Region | None = None

    def figure(self) -> Figure:
        """The bare contract ``Figure`` (for ``to_json`` and exports)."""
        return Figure(
            value=self.value, unit=self.unit, kind=self.kind, qualifier=self.qualifier,
            quote=self.quote, sentence=self.sentence, start=self.start, end=self.end,
            orig_start=self.orig_start, orig_end=self.orig_end, value_max=self.value_max,
            direction=self.direction, subject=self.subject, metric=self.metric,
            as_of=self.as_of, region=self.region,
        )

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
