"""corpus: the store of record for huanjie.

``Store.open(path)`` opens (and creates or migrates) one SQLite file in WAL mode
holding:

- **captures**: every HTTP response or file read, with fetch time, status,
  headers, payload hash and where its raw bytes live (a WARC record, or the
  store itself when there is no WARC);
- **documents** and their **versions**: a URL is one document; each distinct
  content it has had is a version, with the extraction of it and the
  ``extractor_version`` that produced it;
- **figures** of each version (the ``huanjie extract`` contract, flattened);
- **near-duplicate groups** (``corpus.dedup``: MinHash over normalised
  simplified text, LSH bands kept in SQLite) so syndicated copies and
  traditional mirrors count once while every copy stays searchable;
- **runs** and the incremental crawl memory (``crawl_seen``).

``corpus.ingest`` takes files, folders and WARCs through the extractors into
the store; ``huanjie reextract`` re-runs extraction over stored captures.

Typical use::

    from corpus import Store
    with Store.open(settings.store_path) as store:
        for sd in store.iter_documents():
            ...
        for row in store.figure_rows(metrics=["concurrent_rate"]):
            ...
"""
from corpus.models import Capture, FigureRow, IngestResult, StoredDocument
from corpus.store import Store

__all__ = ["Store", "StoredDocument", "FigureRow", "IngestResult", "Capture"]
