"""``huanjie ingest PATH...``: folders of .html/.txt and WARC files into the store.

Same extractors as the crawler; idempotent (running it twice changes nothing)
and transactional in batches.  Unreadable inputs are reported and skipped;
exit status 1 when any input failed.
"""
from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help=".html/.htm/.txt/.warc(.gz) files or folders")
    parser.add_argument("--home", help="data folder (default: $HUANJIE_HOME or ./huanjie-data)")
    parser.add_argument("--workers", type=int, default=None,
                        help="extraction processes (default: up to 8, one per CPU)")
    parser.add_argument("--all-topics", action="store_true",
                        help="keep every article, not only those on 换届/两委 elections")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def run(args: argparse.Namespace) -> int:
    from corpus.ingest import default_workers, ingest_paths
    from corpus.store import Store
    from extract.pipeline import warm_up
    from huanjie.config import settings

    warm_up()  # load once, and keep the tables out of the GC's full collections
    cfg = settings(args.home)
    workers = args.workers or default_workers()
    topic = None if args.all_topics else "default"
    with Store.open(cfg.store_path) as store:
        if sys.stderr.isatty() and not args.json:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("ingesting", total=None)
                summary = ingest_paths(store, args.paths, workers=workers, topic=topic,
                                       on_progress=lambda s: bar.update(task, description=f"ingested {s.records}"))
        else:
            summary = ingest_paths(store, args.paths, workers=workers, topic=topic)
    if args.json:
        print(json.dumps({**summary.as_dict(), "error_samples": summary.error_samples}, ensure_ascii=False))
    else:
        print(f"{summary.files} files, {summary.records} records in {summary.elapsed_s:.1f}s: "
              f"{summary.new} new, {summary.new_versions} new versions, {summary.unchanged} unchanged, "
              f"{summary.skipped} skipped, {summary.errors} errors")
        for source, message in summary.error_samples:
            print(f"  {source}: {message}", file=sys.stderr)
    return 1 if summary.errors else 0
