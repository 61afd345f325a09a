"""``huanjie export``: documents, figures or the region × metric table as a citable dataset.

Writes the data file plus ``datapackage.json`` (Frictionless codebook),
``manifest.json`` (counts, SHA-256 hashes, extractor versions, the query) and
``CITATION.cff`` into ``--out``; the same code serves the web app's downloads.
"""
from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--home", help="data folder (default: $HUANJIE_HOME or ./huanjie-data)")
    parser.add_argument("--format", default="csv", choices=("csv", "jsonl", "parquet"))
    parser.add_argument("--what", default="figures", choices=("documents", "figures", "metrics"))
    parser.add_argument("--query", "-q", default="", help="search query (the query language of `huanjie search`)")
    parser.add_argument("--metric", action="append", default=[],
                        help="codebook metric key (repeatable); for --what metrics the table's metrics")
    parser.add_argument("--level", default="province", choices=("national", "province", "city", "county"),
                        help="region level of the metrics table")
    parser.add_argument("--limit", type=int, default=None, help="at most this many rows")
    parser.add_argument("--backend", default="embedded", choices=("embedded", "es"))
    parser.add_argument("--out", required=True, help="output folder (created; files in it are replaced)")


def run(args: argparse.Namespace) -> int:
    from huanjie.config import settings
    from search_ui import exports, params
    from search_ui.data import Corpus
    from search_ui.params import BadRequest
    from search_ui.views.export import query_record, rows_for

    cfg = settings(args.home)
    if not cfg.store_path.exists():
        print(f"huanjie export: no store at {cfg.store_path}; crawl or ingest first", file=sys.stderr)
        return 1
    raw: dict[str, list[str]] = {"what": [args.what], "format": [args.format], "q": [args.query],
                                 "metric": list(args.metric), "level": [args.level]}
    if args.limit is not None:
        raw["limit"] = [str(args.limit)]
    plain = {k: v[0] for k, v in raw.items() if v}
    corpus = Corpus(cfg, backend_name=args.backend)
    try:
        ep = params.export_params(plain, multi=raw)
        result = exports.write_bundle(args.out, what=ep.what, fmt=ep.format, rows=rows_for(corpus, ep),
                                      query=query_record(ep))
    except BadRequest as exc:
        print(f"huanjie export: {exc.message}", file=sys.stderr)
        return 2
    finally:
        corpus.close()
    print(f"wrote {result.n_rows} {ep.what} rows from {result.n_documents} documents to {result.data_file}")
    print(f"codebook: {result.out_dir / 'datapackage.json'}  manifest: {result.out_dir / 'manifest.json'}  "
          f"citation: {result.out_dir / 'CITATION.cff'}")
    return 0
