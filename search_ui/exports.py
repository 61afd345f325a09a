"""Citable dataset exports: documents, figures or the region × metric table.

One implementation serves the web app (streamed downloads) and ``huanjie
export`` (a folder on disk).  A dataset is a data file plus three small files
that make it citable and reproducible:

- ``datapackage.json`` — a Frictionless Data Package: every column with its type
  and meaning, and the metric codebook (read from ``huanjie.codebook``);
- ``manifest.json`` — row and document counts, SHA-256 of every file, the
  extractor versions that produced the rows, the query and filters, the time;
- ``CITATION.cff`` — how to cite the dataset.

Rows are produced lazily and encoded in batches, so a million-row export
streams in constant memory.  Columns are declared once (``COLUMNS``) and drive
the CSV header, the Parquet schema and the Data Package schema alike.
"""
from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from huanjie import codebook


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    """Frictionless type: string, integer, number, boolean."""
    description: str


def _c(name: str, type_: str, description: str) -> Column:
    return Column(name, type_, description)


_PROVENANCE = [
    _c("doc_id", "integer", "Document id in the huanjie store."),
    _c("url", "string", "Source URL of the report (or the file path it was read from)."),
    _c("outlet", "string", "Outlet that published the report (来源), as printed."),
    _c("published", "string", "Publication date of the report, ISO 8601 (YYYY-MM-DD, or less precise when unknown)."),
    _c("title", "string", "Title of the report."),
    _c("extractor_version", "string", "Version of the huanjie extractor that produced the row."),
    _c("dup_group", "integer", "Near-duplicate group: syndicated copies of one report share it."),
]

COLUMNS: dict[str, list[Column]] = {
    "figures": [
        _c("figure_id", "integer", "Figure id in the huanjie store."),
        *_PROVENANCE,
        _c("value", "number", "The number in plain units (16.3万名 → 163000; 近3成 → 30 with unit %)."),
        _c("value_max", "number", "Upper end for ranges (1-2天), else empty."),
        _c("unit", "string", "Measure word as written, simplified (个 名 人 % 岁 个百分点 …); 成 becomes %."),
        _c("kind", "string", "count | percent | average | change | duration | money | range | ratio."),
        _c("qualifier", "string", "exact | approx (近 约 左右) | more_than (余 多 超过 以上) | less_than (不足 不到 以下)."),
        _c("direction", "string", "up or down for changes, else empty."),
        _c("subject", "string", "Whom or what the figure counts (书记, 两委成员 …)."),
        _c("metric", "string", "Codebook metric key (see the metrics resource), empty when the figure has no metric."),
        _c("as_of", "string", "Date the figure refers to (截至…), ISO 8601; year taken from the publication date."),
        _c("region_code", "string", "GB/T 2260 code of the region the figure is about (000000 = national)."),
        _c("region_name", "string", "Name of that region."),
        _c("region_level", "string", "national | province | city | county | township."),
        _c("quote", "string", "The figure as written in the text."),
        _c("sentence", "string", "The normalised sentence containing the figure."),
        _c("start", "integer", "Start offset of the quote in the document's normalised text (0-based, half-open)."),
        _c("end", "integer", "End offset of the quote in the normalised text."),
        _c("orig_start", "integer", "Start offset of the quote in the body as published."),
        _c("orig_end", "integer", "End offset of the quote in the body as published."),
    ],
    "documents": [
        _PROVENANCE[0],
        _c("version", "integer", "Version of the document (a changed page gets a new version)."),
        *_PROVENANCE[1:5],
        _c("author", "string", "Author or editor line, when printed."),
        _c("kind", "string", "article or list (a list page)."),
        _c("variant", "string", "Script as published: hans (simplified), hant (traditional) or mixed."),
        _c("region_code", "string", "GB/T 2260 code of the most specific region the report is about."),
        _c("region_name", "string", "Name of that region."),
        _c("region_level", "string", "national | province | city | county | township."),
        _c("flags", "string", "Extraction flags, separated by ';' (pinyin_stripped, mojibake, region_ambiguous …)."),
        _c("n_figures", "integer", "Number of figures extracted from the report."),
        _c("metrics", "string", "Codebook metrics the report's figures carry, separated by ';'."),
        _PROVENANCE[6],
        _c("is_canonical", "boolean", "True for the copy that represents its duplicate group."),
        _c("n_copies", "integer", "Number of documents in the duplicate group."),
        _c("fetched_at", "string", "When the page was captured (ISO 8601)."),
        _c("warc_path", "string", "WARC file holding the capture, when crawled."),
        _c("warc_offset", "integer", "Byte offset of the capture record in that WARC file."),
        _c("content_hash", "string", "SHA-256 of the extracted content: identifies this exact version."),
        _PROVENANCE[5],
        _c("text", "string", "Normalised simplified text; figure start/end index it."),
        _c("body", "string", "Main text as published; figure orig_start/orig_end index it."),
    ],
    "metrics": [
        _c("region_code", "string", "GB/T 2260 code of the region."),
        _c("region_name", "string", "Name of the region."),
        _c("region_level", "string", "Level compared: national | province | city | county."),
        _c("round", "string", "Election round, named by its main year (2021 = the 2020–21 round)."),
        _c("metric", "string", "Codebook metric key."),
        _c("metric_label_zh", "string", "Chinese label of the metric (from the codebook)."),
        _c("value", "number", "The value chosen for the cell: latest as-of date, most sources."),
        _c("unit", "string", "Unit of the value."),
        _c("as_of", "string", "Date of the chosen value."),
        _c("subject_group", "string", "Subgroup the value is about (secretaries, members, chairs), empty for all."),
        _c("n_sources", "integer", "Independent sources (duplicate groups) reporting the metric for this cell."),
        _c("n_figures", "integer", "Figures behind the cell."),
        _c("conflict", "boolean", "True when sources give different values for the same as-of month."),
        _c("figure_ids", "string", "Ids of the figures behind the cell, space separated (see the figures export)."),
        _c("doc_ids", "string", "Ids of the documents behind the cell, space separated."),
    ],
}

EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "parquet": "parquet"}
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
               "parquet": "application/vnd.apache.parquet"}


# --------------------------------------------------------------------- rows


def _region_cols(region) -> dict[str, Any]:
    if region is None:
        return {"region_code": None, "region_name": None, "region_level": None}
    # an ambiguous region is a name without a code: the code column stays empty (null)
    return {"region_code": region.code or None, "region_name": region.name, "region_level": region.level or None}


def figure_row(fr) -> dict[str, Any]:
    """A ``corpus.models.FigureRow`` as an export row (every contract field, region flattened)."""
    f = fr.figure().to_json()
    region = f.pop("region")
    row = {"figure_id": fr.figure_id, "doc_id": fr.doc_id, "url": fr.url, "outlet": fr.outlet,
           "published": fr.published, "title": fr.title, "extractor_version": fr.extractor_version,
           "dup_group": fr.dup_group}
    row.update(f)
    row.update({"region_code": region["code"], "region_name": region["name"], "region_level": region["level"]}
               if region else _region_cols(None))
    return row


def document_row(sd) -> dict[str, Any]:
    """A ``corpus.models.StoredDocument`` as an export row."""
    metrics = sorted({f.metric for f in sd.figures if f.metric})
    row = {"doc_id": sd.doc_id, "version": sd.version, "url": sd.url, "outlet": sd.outlet,
           "published": sd.published, "title": sd.title, "author": sd.author, "kind": sd.kind,
           "variant": sd.variant, **_region_cols(sd.region), "flags": ";".join(sd.flags),
           "n_figures": len(sd.figures), "metrics": ";".join(metrics), "dup_group": sd.dup_group,
           "is_canonical": bool(sd.is_canonical), "n_copies": sd.n_copies, "fetched_at": sd.fetched_at,
           "warc_path": sd.warc_path, "warc_offset": sd.warc_offset, "content_hash": sd.content_hash,
           "extractor_version": sd.extractor_version, "text": sd.text, "body": sd.body}
    return row


# ----------------------------------------------------------------- encoders


def _project(row: dict, columns: list[Column]) -> dict:
    return {c.name: row.get(c.name) for c in columns}


def encode_csv(rows: Iterable[dict], columns: list[Column], *, batch: int = 500) -> Iterator[bytes]:
    """UTF-8 CSV (RFC 4180 quoting), header first, in chunks of ``batch`` rows."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[c.name for c in columns], extrasaction="ignore",
                            lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: ("true" if v is True else "false" if v is False else v) for k, v in row.items()})
        n += 1
        if n % batch == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def encode_jsonl(rows: Iterable[dict], columns: list[Column], *, batch: int = 500) -> Iterator[bytes]:
    """One JSON object per line, keys in column order, Chinese unescaped."""
    parts: list[str] = []
    for row in rows:
        parts.append(json.dumps(_project(row, columns), ensure_ascii=False))
        if len(parts) >= batch:
            yield ("\n".join(parts) + "\n").encode("utf-8")
            parts = []
    if parts:
        yield ("\n".join(parts) + "\n").encode("utf-8")


class _Sink:
    """A write-only file object that hands written bytes back to a generator."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.pos = 0
        self.closed = False

    def write(self, data) -> int:
        b = bytes(data)
        self.chunks.append(b)
        self.pos += len(b)
        return len(b)

    def tell(self) -> int:
        return self.pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readable(self) -> bool:
        return False

    def drain(self) -> bytes:
        out = b"".join(self.chunks)
        self.chunks.clear()
        return out


def arrow_schema(columns: list[Column]):
    import pyarrow as pa

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
    return pa.schema([pa.field(c.name, types[c.type]) for c in columns])


def encode_parquet(rows: Iterable[dict], columns: list[Column], *, batch: int = 20_000) -> Iterator[bytes]:
    """Parquet written one row group per ``batch`` rows, bytes handed out as each group is done."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(columns)
    sink = _Sink()
    writer = pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema, compression="zstd")
    names = [c.name for c in columns]

    def flush(buffer: list[dict]) -> None:
        cols = {n: [r.get(n) for r in buffer] for n in names}
        writer.write_table(pa.Table.from_pydict(cols, schema=schema))

    buffer: list[dict] = []
    for row in rows:
        buffer.append(row)
        if len(buffer) >= batch:
            flush(buffer)
            buffer = []
            chunk = sink.drain()
            if chunk:
                yield chunk
    if buffer:
        flush(buffer)
    writer.close()
    yield sink.drain()


ENCODERS: dict[str, Callable[..., Iterator[bytes]]] = {
    "csv": encode_csv, "jsonl": encode_jsonl, "parquet": encode_parquet}


# ------------------------------------------------------------ descriptors


def datapackage(what: str, fmt: str, *, data_path: str, title: str | None = None,
                created: str | None = None) -> dict:
    """A Frictionless Data Package describing the data file and the metric codebook."""
    fields = []
    for c in COLUMNS[what]:
        field: dict[str, Any] = {"name": c.name, "type": c.type, "description": c.description}
        if c.name == "metric":
            field["constraints"] = {"enum": [m.key for m in codebook.METRICS]}
        fields.append(field)
    data_resource: dict[str, Any] = {
        "name": what, "path": data_path, "profile": "tabular-data-resource" if fmt == "csv" else "data-resource",
        "format": fmt, "mediatype": MEDIA_TYPES[fmt].split(";")[0], "schema": {"fields": fields},
    }
    if fmt in ("csv", "jsonl"):
        data_resource["encoding"] = "utf-8"
    if fmt == "csv":
        data_resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
    key = {"figures": ["figure_id"], "documents": ["doc_id"],
           "metrics": ["region_code", "round", "metric"]}[what]
    data_resource["schema"]["primaryKey"] = key
    metric_fields = [
        {"name": "key", "type": "string", "description": "Metric key used in the data."},
        {"name": "label_zh", "type": "string", "description": "Chinese label."},
        {"name": "label_en", "type": "string", "description": "English label."},
        {"name": "unit", "type": "string", "description": "Canonical unit."},
        {"name": "denominator", "type": "string", "description": "What a rate is a share of."},
        {"name": "definition", "type": "string", "description": "What the metric counts."},
        {"name": "kind", "type": "string", "description": "Usual figure kind."},
    ]
    return {
        "profile": "data-package",
        "name": f"huanjie-{what}",
        "title": title or f"huanjie {what} export",
        "created": created or _now(),
        "licenses": [{"name": "other-at", "title": "Derived from news reports; check each source's terms"}],
        "sources": [{"title": "News reports on village and community two-committee elections, as crawled by huanjie"}],
        "resources": [
            data_resource,
            {"name": "metrics", "profile": "tabular-data-resource",
             "description": "The metric codebook: what each metric key means.",
             "data": [m.as_dict() for m in codebook.METRICS], "schema": {"fields": metric_fields,
                                                                         "primaryKey": ["key"]}},
        ],
    }


def citation_cff(*, what: str, query: dict, created: str, version: str, n_rows: int) -> str:
    """CITATION.cff for the dataset (YAML written by a serializer, never by string pasting)."""
    import yaml

    date = created[:10]
    doc = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below.",
        "type": "dataset",
        "title": f"huanjie {what} export ({n_rows} rows, {date})",
        "authors": [{"name": "huanjie contributors"}],
        "date-released": date,
        "version": version,
        "abstract": ("Figures and reports on China's village and community two-committee elections, "
                     "extracted from news coverage by huanjie. Query: " + json.dumps(query, ensure_ascii=False)),
        "keywords": ["China", "village elections", "村(社区)两委换届", "news", "dataset"],
        "references": [{"type": "software", "title": "huanjie", "version": version,
                        "authors": [{"name": "huanjie contributors"}]}],
    }
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def _version() -> str:
    from huanjie import __version__
    return __version__


@dataclass
class ExportResult:
    out_dir: Path
    data_file: Path
    n_rows: int
    n_documents: int
    manifest: dict


class _Counting:
    """Pass rows through while counting them, their documents and extractor versions."""

    def __init__(self, rows: Iterable[dict]):
        self.rows = rows
        self.n = 0
        self.docs: set[int] = set()
        self.versions: set[str] = set()
        self.content_hashes: list[str] = []

    def __iter__(self):
        for row in self.rows:
            self.n += 1
            if row.get("doc_id") is not None:
                self.docs.add(row["doc_id"])
            for d in (row.get("doc_ids") or "").split():
                self.docs.add(int(d))
            if row.get("extractor_version"):
                self.versions.add(row["extractor_version"])
            if row.get("content_hash"):
                self.content_hashes.append(row["content_hash"])
            yield row


def write_bundle(out_dir: str | Path, *, what: str, fmt: str, rows: Iterable[dict], query: dict,
                 extractor_versions: Iterable[str] = ()) -> ExportResult:
    """Write the data file and its datapackage.json, manifest.json and CITATION.cff into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    columns = COLUMNS[what]
    data_name = f"{what}.{EXTENSIONS[fmt]}"
    data_path = out / data_name
    counting = _Counting(rows)
    sha = hashlib.sha256()
    size = 0
    tmp = data_path.with_suffix(data_path.suffix + ".part")
    with open(tmp, "wb") as fh:
        for chunk in ENCODERS[fmt](counting, columns):
            fh.write(chunk)
            sha.update(chunk)
            size += len(chunk)
    tmp.replace(data_path)
    created = _now()
    versions = sorted(set(counting.versions) | set(extractor_versions))
    files = {data_name: {"bytes": size, "sha256": sha.hexdigest()}}
    dp = datapackage(what, fmt, data_path=data_name, created=created)
    cff = citation_cff(what=what, query=query, created=created, version=_version(), n_rows=counting.n)
    for name, text in (("datapackage.json", json.dumps(dp, ensure_ascii=False, indent=2) + "\n"),
                       ("CITATION.cff", cff)):
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        files[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    manifest = {
        "dataset": f"huanjie-{what}",
        "created": created,
        "huanjie_version": _version(),
        "what": what,
        "format": fmt,
        "query": query,
        "counts": {"rows": counting.n, "documents": len(counting.docs)},
        "extractor_versions": versions,
        "documents_content_sha256": (hashlib.sha256("\n".join(sorted(counting.content_hashes)).encode()).hexdigest()
                                     if counting.content_hashes else None),
        "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return ExportResult(out_dir=out, data_file=data_path, n_rows=counting.n, n_documents=len(counting.docs),
                        manifest=manifest)
