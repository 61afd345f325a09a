"""``huanjie reextract``: run the current extractors again over the stored captures.

After an extractor upgrade (``extract.version.EXTRACTOR_VERSION``) the figures,
regions and dates of every current document are recomputed from the raw
captures (WARC records or stored payloads); documents keep their ids and
versions.  Pages a crawl fetched are read with their site's XPath overrides as
the site file (``crawlers/sites/*.yaml``) has them now, so fixing an override
and re-running this repairs what the crawl stored; extractions whose overrides
changed are redone like those of an older extractor.  Rebuild the search index
afterwards (``huanjie index``).
"""
from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--home", help="data folder (default: $HUANJIE_HOME or ./huanjie-data)")
    parser.add_argument("--force", action="store_true",
                        help="also re-extract documents already extracted by this extractor version and overrides")
    parser.add_argument("--workers", type=int, default=None, help="extraction processes (default: per CPU, up to 8)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def run(args: argparse.Namespace) -> int:
    from corpus.ingest import default_workers, reextract
    from corpus.store import Store
    from extract.pipeline import warm_up
    from huanjie.config import settings

    cfg = settings(args.home)
    if not cfg.store_path.exists():
        print(f"huanjie reextract: no store at {cfg.store_path}", file=sys.stderr)
        return 2
    warm_up()  # load once, and keep the tables out of the GC's full collections
    with Store.open(cfg.store_path) as store:
        s = reextract(store, force=args.force, workers=args.workers or default_workers())
    if args.json:
        print(json.dumps({k: v for k, v in vars(s).items()}, ensure_ascii=False))
    else:
        print(f"extractor {s.extractor_version}: {s.considered} documents, {s.changed} changed, "
              f"{s.unchanged} unchanged, {s.skipped} already current, {s.errors} errors "
              f"in {s.elapsed_s:.1f}s")
        for url, msg in s.error_samples:
            print(f"  {url}: {msg}", file=sys.stderr)
        if s.changed:
            print("rebuild the search index: huanjie index")
    return 1 if s.errors else 0
