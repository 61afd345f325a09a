"""The store of record: captures, documents and their versions, figures, duplicates.

One SQLite file in WAL mode, so the web app can read while a crawl writes.
Every reader of the corpus (index, web app, exports) goes through ``Store``;
nobody else writes SQL against these tables.

Identity and history:
- a *document* is a URL (or a file's URI); its ``doc_id`` never changes;
- a *version* is one distinct content of that URL (hash of title + body):
  ingesting the same content again is ``unchanged``, changed content is a
  ``new_version`` and becomes current;
- a *capture* is one HTTP response (or file read) with its provenance.

Near-duplicates (the same report on several sites, a traditional mirror) share
a ``dup_group``: the connected component of the copy relation, labelled by its
smallest ``doc_id``; exactly one member per group ``is_canonical`` (simplified
script first, then earliest published, then URL), so counts and metric tables
take a report once while every copy stays searchable.  Both are functions of
the set of stored texts, not of the order they arrived in: a crawl killed and
resumed, or run with other concurrency, ends with the same groups.

Thread safety: one SQLite connection per thread (the web app's workers), and
writes take ``BEGIN IMMEDIATE`` so concurrent processes serialise cleanly.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from corpus import dedup
from corpus.models import Capture, FigureRow, IngestResult, StoredDocument
from corpus.schema import MIGRATIONS
from extract.records import Document, Figure, Region

_CHUNK = 500
_VARIANT_RANK = {"hans": 0, None: 1, "mixed": 2, "hant": 3}


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(doc: Document) -> str:
    """What makes two extractions "the same content": title and body as published."""
    h = hashlib.sha256()
    h.update((doc.title or "").encode("utf-8"))
    h.update(b"\x00")
    h.update(doc.body.encode("utf-8"))
    return h.hexdigest()


def payload_hash(payload: bytes) -> str:
    return "sha256:" + hashlib.sha256(payload).hexdigest()


@lru_cache(maxsize=8192)
def _lineage(code: str) -> tuple[Region, ...]:
    try:
        from extract.gazetteer import lineage
    except ImportError:
        return ()
    try:
        return tuple(lineage(code))
    except Exception:  # an unknown code is not the store's problem
        return ()


def _region(code: str | None, name: str | None, level: str | None) -> Region | None:
    """A stored region back as a ``Region``.  An ambiguous name (flag
    ``region_ambiguous``) has no code but keeps its name: reading it back as None
    would lose what the extractor found."""
    if not code and not name:
        return None
    return Region(code or "", name or "", level or "")


class Store:
    """The corpus store.  Open with ``Store.open(path)``; close with ``close()`` or ``with``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.RLock()
        self._conns: list[sqlite3.Connection] = []
        self._migrate()

    @classmethod
    def open(cls, path: str | Path) -> "Store":
        p = Path(path)
        if str(p) != ":memory:":
            p.parent.mkdir(parents=True, exist_ok=True)
        return cls(p)

    # -- connections and transactions -------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        c = getattr(self._local, "conn", None)
        if c is None:
            c = sqlite3.connect(str(self.path), timeout=60, isolation_level=None, check_same_thread=False)
            c.row_factory = sqlite3.Row
            c.execute("PRAGMA journal_mode=WAL")
            c.execute("PRAGMA synchronous=NORMAL")
            c.execute("PRAGMA busy_timeout=60000")
            c.execute("PRAGMA foreign_keys=ON")
            self._local.conn = c
            self._local.depth = 0
            with self._lock:
                self._conns.append(c)
        return c

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; nested uses join the outer one (so a bulk ingest is one commit)."""
        c = self.conn
        if self._local.depth:
            self._local.depth += 1
            try:
                yield c
            finally:
                self._local.depth -= 1
            return
        c.execute("BEGIN IMMEDIATE")
        self._local.depth = 1
        try:
            yield c
        except BaseException:
            c.execute("ROLLBACK")
            raise
        else:
            c.execute("COMMIT")
        finally:
            self._local.depth = 0

    batch = transaction

    def close(self) -> None:
        with self._lock:
            for c in self._conns:
                try:
                    c.close()
                except sqlite3.Error:
                    pass
            self._conns.clear()
        self._local = threading.local()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        c = self.conn
        have = c.execute("PRAGMA user_version").fetchone()[0]
        if have >= len(MIGRATIONS):
            return
        with self.transaction():
            have = c.execute("PRAGMA user_version").fetchone()[0]
            for i in range(have, len(MIGRATIONS)):
                for stmt in MIGRATIONS[i].split(";"):
                    if stmt.strip():
                        c.execute(stmt)
            c.execute(f"PRAGMA user_version={len(MIGRATIONS)}")

    # -- captures ----------------------------------------------------------------------

    def add_capture(
        self,
        *,
        url: str,
        fetched_at: str | None,
        status: int | None,
        headers: dict,
        payload: bytes,
        warc_path: str | None,
        warc_offset: int | None,
        site_group: str | None = None,
        site: str | None = None,
    ) -> int:
        """Record one response; the same URL with the same payload is one capture (idempotent).

        The payload is kept here (compressed) only when no WARC holds it.  ``site_group``
        and ``site`` name the site configuration a crawl fetched it through (kept
        from the first capture that names one).
        """
        ph = payload_hash(payload)
        blob = None if warc_path else zlib.compress(payload, 6)
        hdrs = json.dumps({str(k): str(v) for k, v in (headers or {}).items()}, ensure_ascii=False)
        with self.transaction() as c:
            row = c.execute(
                "SELECT capture_id, warc_path, site FROM captures WHERE url=? AND payload_hash=?", (url, ph)
            ).fetchone()
            if row is not None:
                if row["warc_path"] is None and warc_path:
                    c.execute(
                        "UPDATE captures SET warc_path=?, warc_offset=?, payload=NULL WHERE capture_id=?",
                        (warc_path, warc_offset, row["capture_id"]),
                    )
                if row["site"] is None and site:
                    c.execute("UPDATE captures SET site_group=?, site=? WHERE capture_id=?",
                              (site_group, site, row["capture_id"]))
                return int(row["capture_id"])
            cur = c.execute(
                "INSERT INTO captures (url, fetched_at, status, headers, payload_hash, payload_size,"
                " payload, warc_path, warc_offset, site_group, site) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (url, fetched_at, status, hdrs, ph, len(payload), blob, warc_path, warc_offset, site_group, site),
            )
            return int(cur.lastrowid)

    def get_capture(self, capture_id: int) -> Capture | None:
        r = self.conn.execute("SELECT * FROM captures WHERE capture_id=?", (capture_id,)).fetchone()
        if r is None:
            return None
        return Capture(
            capture_id=r["capture_id"], url=r["url"], fetched_at=r["fetched_at"], status=r["status"],
            headers=json.loads(r["headers"]), payload_hash=r["payload_hash"],
            payload_size=r["payload_size"], warc_path=r["warc_path"], warc_offset=r["warc_offset"],
            site_group=r["site_group"], site=r["site"],
        )

    def capture_payload(self, capture_id: int) -> bytes | None:
        """The raw payload of a capture: from the store, or read back from its WARC record."""
        r = self.conn.execute(
            "SELECT payload, warc_path, warc_offset, payload_hash FROM captures WHERE capture_id=?",
            (capture_id,),
        ).fetchone()
        if r is None:
            return None
        if r["payload"] is not None:
            return zlib.decompress(r["payload"])
        if r["warc_path"] and r["warc_offset"] is not None:
            return _read_warc_payload(r["warc_path"], int(r["warc_offset"]))
        return None

    def iter_current_captures(self) -> Iterator[tuple[int, int, str, int | None]]:
        """(doc_id, version_id, url, capture_id) of every current version, for ``reextract``."""
        rows = self.conn.execute(
            "SELECT d.doc_id, v.version_id, d.url, v.capture_id FROM documents d"
            " JOIN versions v ON v.version_id = d.current_version ORDER BY d.doc_id"
        ).fetchall()
        for r in rows:
            yield r[0], r[1], r[2], r[3]

    def iter_reextract_jobs(self) -> Iterator[sqlite3.Row]:
        """Every current version with what ``reextract`` needs to judge and redo it.

        Rows: ``doc_id, version_id, url, capture_id, extractor_version, overrides_key,
        site_group, site, headers`` (the last three from the capture; NULL without one).
        """
        yield from self.conn.execute(
            "SELECT d.doc_id, v.version_id, d.url, v.capture_id, v.extractor_version, v.overrides_key,"
            " c.site_group, c.site, c.headers FROM documents d"
            " JOIN versions v ON v.version_id = d.current_version"
            " LEFT JOIN captures c ON c.capture_id = v.capture_id ORDER BY d.doc_id"
        ).fetchall()

    # -- documents ---------------------------------------------------------------------

    def ingest(
        self,
        doc: Document,
        *,
        url: str,
        capture_id: int | None,
        extractor_version: str,
        run_id: int | None = None,
        overrides_key: str | None = None,
    ) -> IngestResult:
        """Add a document (idempotent by content hash, one transaction, groups near-duplicates).

        ``overrides_key`` fingerprints the site's XPath overrides the extraction used
        (``crawlers.siteconfig.overrides_key``), so ``reextract`` can tell when they changed.
        """
        if doc.error:
            raise ValueError(f"refusing to store a failed extraction of {url}: {doc.error}")
        chash = content_hash(doc)
        with self.transaction() as c:
            row = c.execute("SELECT doc_id, current_version FROM documents WHERE url=?", (url,)).fetchone()
            if row is not None:
                doc_id = int(row["doc_id"])
                cur = c.execute(
                    "SELECT version_id, version, content_hash FROM versions WHERE version_id=?",
                    (row["current_version"],),
                ).fetchone()
                if cur is not None and cur["content_hash"] == chash:
                    return IngestResult(doc_id, int(cur["version_id"]), "unchanged")
                version = (int(cur["version"]) if cur is not None else 0) + 1
                status = "new_version"
            else:
                doc_id = int(c.execute(
                    "INSERT INTO documents (url, first_seen) VALUES (?, ?)", (url, now_iso())
                ).lastrowid)
                c.execute("UPDATE documents SET dup_group=? WHERE doc_id=?", (doc_id, doc_id))
                version, status = 1, "new"
            version_id = self._insert_version(c, doc_id, version, capture_id, chash, extractor_version, run_id, doc,
                                              overrides_key)
            c.execute("UPDATE documents SET current_version=? WHERE doc_id=?", (version_id, doc_id))
            self._assign_group(c, doc_id, doc)
        return IngestResult(doc_id, version_id, status)

    def replace_extraction(
        self, version_id: int, doc: Document, *, extractor_version: str, run_id: int | None = None,
        overrides_key: str | None = None,
    ) -> bool:
        """Overwrite a version's extraction in place (``reextract``); True when anything changed."""
        if doc.error:
            raise ValueError(doc.error)
        with self.transaction() as c:
            old = c.execute("SELECT * FROM versions WHERE version_id=?", (version_id,)).fetchone()
            if old is None:
                raise KeyError(version_id)
            new_json = json.dumps(doc.to_json(), ensure_ascii=False, sort_keys=True)
            old_doc = self._version_document(c, old)
            changed = (
                json.dumps(old_doc.to_json(), ensure_ascii=False, sort_keys=True) != new_json
                or old["extractor_version"] != extractor_version
                or old["overrides_key"] != overrides_key
            )
            reg = doc.region
            c.execute(
                "UPDATE versions SET content_hash=?, extractor_version=?, run_id=?, title=?, published=?,"
                " outlet=?, author=?, kind=?, variant=?, region_code=?, region_name=?, region_level=?,"
                " body=?, text=?, flags=?, extra=?, overrides_key=? WHERE version_id=?",
                (
                    content_hash(doc), extractor_version, run_id, doc.title, doc.published, doc.outlet,
                    doc.author, doc.kind, doc.variant, reg.code if reg else None,
                    reg.name if reg else None, reg.level if reg else None, doc.body, doc.text,
                    json.dumps(list(doc.flags), ensure_ascii=False),
                    json.dumps(doc.extra, ensure_ascii=False, default=str), overrides_key, version_id,
                ),
            )
            c.execute("DELETE FROM figures WHERE version_id=?", (version_id,))
            self._insert_figures(c, version_id, int(old["doc_id"]), doc.figures)
            cur = c.execute("SELECT current_version FROM documents WHERE doc_id=?", (old["doc_id"],)).fetchone()
            if cur is not None and cur[0] == version_id:
                self._assign_group(c, int(old["doc_id"]), doc)
        return changed

    def _insert_version(
        self, c: sqlite3.Connection, doc_id: int, version: int, capture_id: int | None,
        chash: str, extractor_version: str, run_id: int | None, doc: Document, overrides_key: str | None = None,
    ) -> int:
        reg = doc.region
        version_id = int(c.execute(
            "INSERT INTO versions (doc_id, version, capture_id, content_hash, extractor_version, run_id,"
            " created_at, source, title, published, outlet, author, kind, variant, region_code,"
            " region_name, region_level, body, text, flags, extra, overrides_key)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc_id, version, capture_id, chash, extractor_version, run_id, now_iso(), doc.source,
                doc.title, doc.published, doc.outlet, doc.author, doc.kind, doc.variant,
                reg.code if reg else None, reg.name if reg else None, reg.level if reg else None,
                doc.body, doc.text, json.dumps(list(doc.flags), ensure_ascii=False),
                json.dumps(doc.extra, ensure_ascii=False, default=str), overrides_key,
            ),
        ).lastrowid)
        self._insert_figures(c, version_id, doc_id, doc.figures)
        return version_id

    @staticmethod
    def _insert_figures(c: sqlite3.Connection, version_id: int, doc_id: int, figures: list[Figure]) -> None:
        if not figures:
            return
        c.executemany(
            "INSERT INTO figures (version_id, doc_id, seq, value, value_max, unit, kind, qualifier,"
            " direction, subject, metric, as_of, region_code, region_name, region_level, quote,"
            ' sentence, start, "end", orig_start, orig_end) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
            [
                (
                    version_id, doc_id, i, float(f.value), f.value_max, f.unit, f.kind, f.qualifier,
                    f.direction, f.subject, f.metric, f.as_of,
                    f.region.code if f.region else None, f.region.name if f.region else None,
                    f.region.level if f.region else None, f.quote, f.sentence, f.start, f.end,
                    f.orig_start, f.orig_end,
                )
                for i, f in enumerate(figures)
            ],
        )

    # -- near-duplicate groups -----------------------------------------------------------

    def _assign_group(self, c: sqlite3.Connection, doc_id: int, doc: Document) -> None:
        """Put ``doc_id`` (whose text is now ``doc.text``) into its near-duplicate group.

        A group is a *connected component* of the copy relation (``_is_copy``:
        LSH band shared, estimated Jaccard over ``THRESHOLD``, printed numbers
        agree), labelled by its smallest ``doc_id``.  Components do not depend on
        the order documents arrive in — a crawl's order does (concurrency, a
        crawl killed and resumed) — whereas "join the best match's group" did:
        with A~B, B~C and A≁C, the order A, C, B left two groups, A, B, C one.
        So a document joins *every* group it matches (merging them), and one
        that leaves a group (its text changed) may split what it held together.
        """
        old_group = int(c.execute("SELECT dup_group FROM documents WHERE doc_id=?", (doc_id,)).fetchone()[0])
        c.execute("DELETE FROM lsh WHERE doc_id=?", (doc_id,))
        c.execute("DELETE FROM minhash WHERE doc_id=?", (doc_id,))
        sig = dedup.signature(doc.text) if doc.kind == "article" else None
        matches: set[int] = set()
        if sig is not None:
            nums = dedup.numbers(doc.text)
            keys = dedup.band_keys(sig)
            cands = self._candidates(c, keys)
            cands.discard(doc_id)
            if cands:
                for r in _chunked_in(c, "SELECT doc_id, sig, nums FROM minhash WHERE doc_id IN ({})", sorted(cands)):
                    # a shared band key is given (they are candidates): the rest of _is_copy
                    if (dedup.jaccard(sig, dedup.from_blob(r["sig"])) >= dedup.THRESHOLD
                            and dedup.numbers_agree(nums, r["nums"])):
                        matches.add(int(r["doc_id"]))
            c.execute("INSERT INTO minhash (doc_id, sig, nums) VALUES (?, ?, ?)",
                      (doc_id, dedup.to_blob(sig), nums))
            c.executemany("INSERT INTO lsh (band, key, doc_id) VALUES (?,?,?)", [(b, k, doc_id) for b, k in keys])
        touched: set[int] = set()
        # 1. leaving: what remains of the old group is re-split into its components
        rest = [int(r[0]) for r in c.execute(
            "SELECT doc_id FROM documents WHERE dup_group=? AND doc_id != ?", (old_group, doc_id))]
        if rest:
            touched |= self._resplit(c, rest)
        # 2. joining: this document and every group it matches become one group
        members = {doc_id}
        if matches:
            groups = {int(r[0]) for r in _chunked_in(
                c, "SELECT DISTINCT dup_group FROM documents WHERE doc_id IN ({})", sorted(matches))}
            for r in _chunked_in(c, "SELECT doc_id FROM documents WHERE dup_group IN ({})", sorted(groups)):
                members.add(int(r[0]))
        label = min(members)
        for part in _chunks(sorted(members)):
            c.execute(f"UPDATE documents SET dup_group=? WHERE doc_id IN ({','.join('?' for _ in part)})",
                      [label, *part])
        touched.discard(label)
        self._pick_canonical(c, label)
        for g in sorted(touched - members):
            self._pick_canonical(c, g)

    def _resplit(self, c: sqlite3.Connection, ids: list[int]) -> set[int]:
        """Relabel ``ids`` (one former group) as their connected components; returns the labels used."""
        sigs: dict[int, tuple[Any, str, set[tuple[int, int]]]] = {}
        for r in _chunked_in(c, "SELECT doc_id, sig, nums FROM minhash WHERE doc_id IN ({})", ids):
            s = dedup.from_blob(r["sig"])
            sigs[int(r["doc_id"])] = (s, r["nums"], set(dedup.band_keys(s)))
        parent = {i: i for i in ids}

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        have = sorted(sigs)
        for x_i, x in enumerate(have):
            for y in have[x_i + 1:]:
                if _is_copy(sigs[x], sigs[y]):
                    rx, ry = find(x), find(y)
                    if rx != ry:
                        parent[max(rx, ry)] = min(rx, ry)
        comps: dict[int, list[int]] = {}
        for i in ids:
            comps.setdefault(find(i), []).append(i)
        labels = set()
        for members in comps.values():
            label = min(members)
            labels.add(label)
            for part in _chunks(sorted(members)):
                c.execute(f"UPDATE documents SET dup_group=? WHERE doc_id IN ({','.join('?' for _ in part)})",
                          [label, *part])
        return labels

    @staticmethod
    def _candidates(c: sqlite3.Connection, keys: list[tuple[int, int]]) -> set[int]:
        placeholders = ",".join("(?,?)" for _ in keys)
        params: list[int] = [x for bk in keys for x in bk]
        rows = c.execute(
            f"WITH k(band, key) AS (VALUES {placeholders})"
            " SELECT DISTINCT l.doc_id FROM k JOIN lsh l ON l.band = k.band AND l.key = k.key",
            params,
        ).fetchall()
        return {int(r[0]) for r in rows}

    @staticmethod
    def _pick_canonical(c: sqlite3.Connection, group: int) -> None:
        rows = c.execute(
            "SELECT d.doc_id, d.url, v.variant, v.published FROM documents d"
            " JOIN versions v ON v.version_id = d.current_version WHERE d.dup_group=?",
            (group,),
        ).fetchall()
        if not rows:
            return
        best = min(
            rows,
            key=lambda r: (_VARIANT_RANK.get(r["variant"], 1), r["published"] or "9999", r["url"]),
        )
        c.execute(
            "UPDATE documents SET is_canonical = (doc_id = ?) WHERE dup_group=?", (best["doc_id"], group)
        )

    # -- reading -------------------------------------------------------------------------

    _SELECT = (
        "SELECT d.doc_id, d.url, d.dup_group, d.is_canonical, d.current_version, v.*,"
        " c.fetched_at, c.warc_path, c.warc_offset,"
        " (SELECT COUNT(*) FROM documents d2 WHERE d2.dup_group = d.dup_group) AS n_copies"
        " FROM versions v JOIN documents d ON d.doc_id = v.doc_id"
        " LEFT JOIN captures c ON c.capture_id = v.capture_id"
    )

    def get(self, doc_id: int) -> StoredDocument | None:
        rows = self.conn.execute(
            self._SELECT + " WHERE d.doc_id=? AND v.version_id = d.current_version", (doc_id,)
        ).fetchall()
        docs = self._hydrate(rows)
        return docs[0] if docs else None

    def get_by_url(self, url: str) -> StoredDocument | None:
        r = self.conn.execute("SELECT doc_id FROM documents WHERE url=?", (url,)).fetchone()
        return self.get(int(r[0])) if r else None

    def versions(self, doc_id: int) -> list[StoredDocument]:
        rows = self.conn.execute(self._SELECT + " WHERE d.doc_id=? ORDER BY v.version", (doc_id,)).fetchall()
        return self._hydrate(rows)

    def iter_documents(self, *, current_only: bool = True) -> Iterator[StoredDocument]:
        """Every document (current versions, or all versions), in ``doc_id`` order, read in chunks."""
        last = 0
        while True:
            if current_only:
                rows = self.conn.execute(
                    self._SELECT + " WHERE v.version_id = d.current_version AND v.version_id > ?"
                    " ORDER BY v.version_id LIMIT ?", (last, _CHUNK)
                ).fetchall()
            else:
                rows = self.conn.execute(
                    self._SELECT + " WHERE v.version_id > ? ORDER BY v.version_id LIMIT ?", (last, _CHUNK)
                ).fetchall()
            if not rows:
                return
            last = int(rows[-1]["version_id"])
            yield from self._hydrate(rows)

    def count(self, *, kind: str | None = None, canonical_only: bool = False) -> int:
        sql = "SELECT COUNT(*) FROM documents d JOIN versions v ON v.version_id = d.current_version WHERE 1=1"
        params: list[Any] = []
        if kind:
            sql += " AND v.kind=?"
            params.append(kind)
        if canonical_only:
            sql += " AND d.is_canonical=1"
        return int(self.conn.execute(sql, params).fetchone()[0])

    def copies(self, doc_id: int) -> list[StoredDocument]:
        """The other members of ``doc_id``'s near-duplicate group (empty when it stands alone)."""
        rows = self.conn.execute(
            self._SELECT + " WHERE v.version_id = d.current_version AND d.doc_id != ?"
            " AND d.dup_group = (SELECT dup_group FROM documents WHERE doc_id=?) ORDER BY d.doc_id",
            (doc_id, doc_id),
        ).fetchall()
        return self._hydrate(rows)

    def figure_rows(
        self, *, metrics: list[str] | None = None, canonical_only: bool = True
    ) -> Iterator[FigureRow]:
        """Figures of current versions, one report counted once unless ``canonical_only=False``."""
        sql = (
            "SELECT f.*, d.url, d.dup_group, v.outlet, v.published, v.title, v.extractor_version,"
            " v.region_code AS d_code, v.region_name AS d_name, v.region_level AS d_level"
            " FROM figures f JOIN documents d ON d.current_version = f.version_id"
            " JOIN versions v ON v.version_id = f.version_id WHERE 1=1"
        )
        params: list[Any] = []
        if metrics:
            sql += f" AND f.metric IN ({','.join('?' for _ in metrics)})"
            params += list(metrics)
        if canonical_only:
            sql += " AND d.is_canonical = 1"
        sql += " ORDER BY f.doc_id, f.seq"
        for r in self.conn.execute(sql, params):
            yield FigureRow(
                figure_id=r["figure_id"], doc_id=r["doc_id"], url=r["url"], outlet=r["outlet"],
                published=r["published"], title=r["title"], extractor_version=r["extractor_version"],
                dup_group=r["dup_group"], value=r["value"], unit=r["unit"], kind=r["kind"],
                qualifier=r["qualifier"], quote=r["quote"], sentence=r["sentence"], start=r["start"],
                end=r["end"], orig_start=r["orig_start"], orig_end=r["orig_end"],
                value_max=r["value_max"], direction=r["direction"], subject=r["subject"],
                metric=r["metric"], as_of=r["as_of"],
                region=_region(r["region_code"], r["region_name"], r["region_level"]),
                doc_region=_region(r["d_code"], r["d_name"], r["d_level"]),
            )

    def stats(self) -> dict[str, int]:
        c = self.conn
        q = lambda sql: int(c.execute(sql).fetchone()[0])  # noqa: E731
        return {
            "captures": q("SELECT COUNT(*) FROM captures"),
            "documents": q("SELECT COUNT(*) FROM documents"),
            "versions": q("SELECT COUNT(*) FROM versions"),
            "figures": q("SELECT COUNT(*) FROM figures f JOIN documents d ON d.current_version=f.version_id"),
            "dup_groups": q("SELECT COUNT(DISTINCT dup_group) FROM documents"),
            "canonical": q("SELECT COUNT(*) FROM documents WHERE is_canonical=1"),
        }

    def _hydrate(self, rows: list[sqlite3.Row]) -> list[StoredDocument]:
        if not rows:
            return []
        figs: dict[int, list[Figure]] = {}
        ids = [int(r["version_id"]) for r in rows]
        for f in _chunked_in(self.conn, "SELECT * FROM figures WHERE version_id IN ({}) ORDER BY version_id, seq", ids):
            figs.setdefault(int(f["version_id"]), []).append(_figure(f))
        out = []
        for r in rows:
            reg = _region(r["region_code"], r["region_name"], r["region_level"])
            out.append(StoredDocument(
                doc_id=r["doc_id"], version=r["version"], url=r["url"], source=r["source"],
                title=r["title"], published=r["published"], outlet=r["outlet"], author=r["author"],
                kind=r["kind"], variant=r["variant"], region=reg,
                region_lineage=list(_lineage(reg.code)) if reg and reg.code else [],
                body=r["body"], text=r["text"], flags=json.loads(r["flags"]),
                figures=figs.get(int(r["version_id"]), []), dup_group=r["dup_group"],
                is_canonical=bool(r["is_canonical"]), n_copies=int(r["n_copies"]),
                fetched_at=r["fetched_at"], warc_path=r["warc_path"], warc_offset=r["warc_offset"],
                content_hash=r["content_hash"], extractor_version=r["extractor_version"],
                version_id=r["version_id"], capture_id=r["capture_id"],
                is_current=r["version_id"] == r["current_version"], extra=json.loads(r["extra"] or "{}"),
            ))
        return out

    @staticmethod
    def _version_document(c: sqlite3.Connection, r: sqlite3.Row) -> Document:
        figs = [_figure(f) for f in c.execute(
            "SELECT * FROM figures WHERE version_id=? ORDER BY seq", (r["version_id"],))]
        return Document(
            source=r["source"], title=r["title"], published=r["published"], outlet=r["outlet"],
            author=r["author"], variant=r["variant"], kind=r["kind"],
            region=_region(r["region_code"], r["region_name"], r["region_level"]),
            body=r["body"], text=r["text"], flags=json.loads(r["flags"]), figures=figs,
        )

    # -- runs and the incremental-crawl memory ------------------------------------------------

    def begin_run(self, kind: str, extractor_version: str | None = None, stats: dict | None = None) -> int:
        """Start a run; ``stats`` known up front (a crawl's ``groups``) are there even if it is killed."""
        with self.transaction() as c:
            return int(c.execute(
                "INSERT INTO runs (kind, extractor_version, started_at, stats) VALUES (?,?,?,?)",
                (kind, extractor_version, now_iso(), json.dumps(stats or {}, ensure_ascii=False)),
            ).lastrowid)

    def finish_run(self, run_id: int, stats: dict) -> None:
        with self.transaction() as c:
            c.execute(
                "UPDATE runs SET finished_at=?, stats=? WHERE run_id=?",
                (now_iso(), json.dumps(stats, ensure_ascii=False), run_id),
            )

    def last_crawl_read_everything(self, group: str) -> bool:
        """Whether the latest crawl of ``group`` ran to its natural end (reason ``finished``).

        Incremental paging ("stop at the first list page with nothing new") is only
        sound after a crawl that read every list page it meant to: one killed,
        paused, cut off by a page limit or failing on a list page (``list_errors``)
        may have left older pages unread, so the next crawl must read them all again.
        """
        for r in self.conn.execute(
            "SELECT finished_at, stats FROM runs WHERE kind='crawl' ORDER BY run_id DESC LIMIT 200"
        ):
            try:
                stats = json.loads(r["stats"] or "{}")
            except ValueError:
                continue
            groups = stats.get("groups")
            if r["finished_at"] is None and groups is None:
                return False  # killed before it could say which sites it crawled: trust nothing
            if groups is not None and group in groups:
                return (r["finished_at"] is not None and stats.get("reason") == "finished"
                        and not stats.get("list_errors"))
        return False

    def mark_seen(
        self, site: str, url: str, *, status: int | None, outcome: str, payload_hash: str | None = None
    ) -> None:
        """Remember that a crawl of ``site`` took ``url`` in (``outcome``: kept, skipped, list, error …)."""
        t = now_iso()
        with self.transaction() as c:
            c.execute(
                "INSERT INTO crawl_seen (site, url, first_seen, last_seen, status, outcome, payload_hash)"
                " VALUES (?,?,?,?,?,?,?) ON CONFLICT (site, url) DO UPDATE SET last_seen=excluded.last_seen,"
                " status=excluded.status, outcome=excluded.outcome, payload_hash=excluded.payload_hash",
                (site, url, t, t, status, outcome, payload_hash),
            )

    def seen_outcome(self, site: str, url: str) -> str | None:
        r = self.conn.execute("SELECT outcome FROM crawl_seen WHERE site=? AND url=?", (site, url)).fetchone()
        return r[0] if r else None

    def seen_urls(self, site: str, outcomes: Iterable[str] | None = None) -> set[str]:
        sql, params = "SELECT url FROM crawl_seen WHERE site=?", [site]
        if outcomes is not None:
            outs = list(outcomes)
            sql += f" AND outcome IN ({','.join('?' for _ in outs)})"
            params += outs
        return {r[0] for r in self.conn.execute(sql, params)}


def _figure(f: sqlite3.Row) -> Figure:
    return Figure(
        value=f["value"], unit=f["unit"], kind=f["kind"], qualifier=f["qualifier"], quote=f["quote"],
        sentence=f["sentence"], start=f["start"], end=f["end"], orig_start=f["orig_start"],
        orig_end=f["orig_end"], value_max=f["value_max"], direction=f["direction"],
        subject=f["subject"], metric=f["metric"], as_of=f["as_of"],
        region=_region(f["region_code"], f["region_name"], f["region_level"]),
    )


def _is_copy(a: tuple[Any, str, set[tuple[int, int]]], b: tuple[Any, str, set[tuple[int, int]]]) -> bool:
    """The copy relation on (signature, numbers, band keys): the same test ingest applies to candidates."""
    return (bool(a[2] & b[2]) and dedup.jaccard(a[0], b[0]) >= dedup.THRESHOLD
            and dedup.numbers_agree(a[1], b[1]))


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _chunked_in(c: sqlite3.Connection, sql: str, ids: list[int], size: int = 500) -> Iterator[sqlite3.Row]:
    for i in range(0, len(ids), size):
        part = ids[i : i + size]
        yield from c.execute(sql.format(",".join("?" for _ in part)), part)


def _read_warc_payload(path: str, offset: int) -> bytes | None:
    """Read one record's payload back from a WARC file (plain or gzip per record)."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            for rec in ArchiveIterator(fh):
                return rec.content_stream().read()
    except (OSError, ValueError):
        return None
    return None
