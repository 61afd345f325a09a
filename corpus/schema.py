"""The store's SQLite schema, as numbered migrations.

Kept in Python (not a ``.sql`` data file) so it ships with the package without
packaging rules.  ``PRAGMA user_version`` records how many migrations ran; a
store opened by newer code is migrated forward in one transaction.

Tables, and why each exists:

- ``captures``: one HTTP response or file read, raw provenance (time, status,
  headers, payload hash, WARC location, and for crawls the site configuration
  — YAML file and site name — it came through).  The payload itself is kept
  (zlib-compressed) only when no WARC holds it, so ``reextract`` can always
  re-read it.
- ``documents``: one row per URL (stable ``doc_id``), pointing at its current
  version and its near-duplicate group.
- ``versions``: every distinct content a URL has had, with the extraction of
  it (``extractor_version``, ``overrides_key`` and ``run_id`` say which code and
  which site overrides produced it).
- ``figures``: figures of a version (contract fields, flattened).
- ``minhash`` / ``lsh``: signatures and LSH band keys for near-duplicate search.
- ``runs``: extraction and crawl runs, with their counts.
- ``crawl_seen``: URLs a crawl has already taken in, for incremental crawls
  (the small replacement for scrapy-deltafetch).
"""
from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE captures (
        capture_id   INTEGER PRIMARY KEY,
        url          TEXT NOT NULL,
        fetched_at   TEXT,
        status       INTEGER,
        headers      TEXT NOT NULL DEFAULT '{}',
        payload_hash TEXT NOT NULL,
        payload_size INTEGER NOT NULL,
        payload      BLOB,
        warc_path    TEXT,
        warc_offset  INTEGER,
        UNIQUE (url, payload_hash)
    );
    CREATE TABLE runs (
        run_id            INTEGER PRIMARY KEY,
        kind              TEXT NOT NULL,
        extractor_version TEXT,
        started_at        TEXT NOT NULL,
        finished_at       TEXT,
        stats             TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE documents (
        doc_id          INTEGER PRIMARY KEY,
        url             TEXT NOT NULL UNIQUE,
        current_version INTEGER,
        dup_group       INTEGER NOT NULL DEFAULT 0,
        is_canonical    INTEGER NOT NULL DEFAULT 1,
        first_seen      TEXT NOT NULL
    );
    CREATE INDEX documents_group ON documents (dup_group);
    CREATE TABLE versions (
        version_id        INTEGER PRIMARY KEY,
        doc_id            INTEGER NOT NULL REFERENCES documents (doc_id),
        version           INTEGER NOT NULL,
        capture_id        INTEGER REFERENCES captures (capture_id),
        content_hash      TEXT NOT NULL,
        extractor_version TEXT NOT NULL,
        run_id            INTEGER,
        created_at        TEXT NOT NULL,
        source            TEXT NOT NULL,
        title             TEXT,
        published         TEXT,
        outlet            TEXT,
        author            TEXT,
        kind              TEXT NOT NULL,
        variant           TEXT,
        region_code       TEXT,
        region_name       TEXT,
        region_level      TEXT,
        body              TEXT NOT NULL,
        text              TEXT NOT NULL,
        flags             TEXT NOT NULL DEFAULT '[]',
        extra             TEXT NOT NULL DEFAULT '{}',
        UNIQUE (doc_id, version)
    );
    CREATE INDEX versions_doc ON versions (doc_id);
    CREATE INDEX versions_capture ON versions (capture_id);
    CREATE TABLE figures (
        figure_id    INTEGER PRIMARY KEY,
        version_id   INTEGER NOT NULL REFERENCES versions (version_id),
        doc_id       INTEGER NOT NULL,
        seq          INTEGER NOT NULL,
        value        REAL NOT NULL,
        value_max    REAL,
        unit         TEXT,
        kind         TEXT NOT NULL,
        qualifier    TEXT NOT NULL,
        direction    TEXT,
        subject      TEXT,
        metric       TEXT,
        as_of        TEXT,
        region_code  TEXT,
        region_name  TEXT,
        region_level TEXT,
        quote        TEXT NOT NULL,
        sentence     TEXT NOT NULL,
        start        INTEGER NOT NULL,
        "end"        INTEGER NOT NULL,
        orig_start   INTEGER NOT NULL,
        orig_end     INTEGER NOT NULL
    );
    CREATE INDEX figures_version ON figures (version_id);
    CREATE INDEX figures_metric ON figures (metric);
    CREATE TABLE minhash (
        doc_id INTEGER PRIMARY KEY,
        sig    BLOB NOT NULL
    );
    CREATE TABLE lsh (
        band   INTEGER NOT NULL,
        key    INTEGER NOT NULL,
        doc_id INTEGER NOT NULL
    );
    CREATE INDEX lsh_key ON lsh (band, key);
    CREATE INDEX lsh_doc ON lsh (doc_id);
    CREATE TABLE crawl_seen (
        site         TEXT NOT NULL,
        url          TEXT NOT NULL,
        first_seen   TEXT NOT NULL,
        last_seen    TEXT NOT NULL,
        status       INTEGER,
        outcome      TEXT NOT NULL,
        payload_hash TEXT,
        PRIMARY KEY (site, url)
    );
    """,
    # 2: the numbers a text prints, to tell copies from template-alike reports
    """
    ALTER TABLE minhash ADD COLUMN nums TEXT NOT NULL DEFAULT '';
    """,
    # 3: which site configuration a capture came through (its YAML file and site name), so
    # ``reextract`` can apply that site's XPath overrides again; which overrides an
    # extraction used (a fingerprint), so changed overrides make it stale like a new extractor
    """
    ALTER TABLE captures ADD COLUMN site_group TEXT;
    ALTER TABLE captures ADD COLUMN site TEXT;
    ALTER TABLE versions ADD COLUMN overrides_key TEXT;
    """,
]
