"""``huanjie index``: build or rebuild the search index from the store.

The index is derived data: it can always be rebuilt from the store, so the verb
has one job — read every current article from ``settings().store_path`` and
replace the index (embedded at ``settings().index_path``, or the Elasticsearch
alias with ``--backend es``) without interrupting readers.
"""
from __future__ import annotations

import argparse
import sys
import time


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--home", help="data folder (default: $HUANJIE_HOME or ./huanjie-data)")
    parser.add_argument("--backend", default="embedded", choices=("embedded", "es"),
                        help="embedded (tantivy, default) or es (Elasticsearch at $HUANJIE_ES_URL)")
    parser.add_argument("--rebuild", action="store_true",
                        help="accepted for clarity: every run rebuilds the index from the store")


def run(args: argparse.Namespace) -> int:
    from huanjie.config import settings
    from index import BackendError, build_from_store, open_backend

    cfg = settings(args.home)
    if not cfg.store_path.exists():
        print(f"huanjie index: no store at {cfg.store_path}; crawl or ingest first", file=sys.stderr)
        return 1
    from corpus.store import Store

    t0 = time.perf_counter()
    try:
        backend = open_backend(cfg, args.backend)
        with Store.open(cfg.store_path) as store:
            n = build_from_store(store, backend)
    except BackendError as exc:
        print(f"huanjie index: {exc}", file=sys.stderr)
        return 1
    dt = time.perf_counter() - t0
    where = cfg.index_path if args.backend == "embedded" else f"{cfg.es_url} alias {cfg.es_index}"
    print(f"indexed {n} documents into {where} in {dt:.1f} s")
    return 0
