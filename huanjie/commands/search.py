"""``huanjie search QUERY``: search the index with the query language.

Prints a readable page of hits (highlights in 【】) with the top facets, or the
whole result as JSON with ``--json`` (the same shape the web API returns).
Query mistakes are reported as one clear line with the position, exit code 2.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="+", help='e.g. 换届 region:广东 date:2021-01..2021-06 "一肩挑"')
    parser.add_argument("--home", help="data folder (default: $HUANJIE_HOME or ./huanjie-data)")
    parser.add_argument("--backend", default="embedded", choices=("embedded", "es"))
    parser.add_argument("--page", type=int, default=1)
    parser.add_argument("--per-page", type=int, default=10)
    parser.add_argument("--sort", default="relevance", choices=("relevance", "date_desc", "date_asc"))
    parser.add_argument("--all-copies", action="store_true", help="do not collapse near-duplicate copies")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def result_json(res) -> dict:
    """A JSON-ready dict of a :class:`index.base.SearchResult`."""
    return {
        "query": res.query.text,
        "parsed": res.query.describe(),
        "total": res.total,
        "total_is_exact": res.total_is_exact,
        "facets_exact": res.facets_exact,
        "page": res.page,
        "per_page": res.per_page,
        "hits": [{**asdict(h), "snippet": [[t, bool(m)] for t, m in h.snippet]} for h in res.hits],
        "facets": {k: [asdict(v) for v in vs] for k, vs in res.facets.items()},
        "timeline": [[m, c] for m, c in res.timeline],
    }


def run(args: argparse.Namespace) -> int:
    from huanjie.config import settings
    from index import BackendError, QueryError, open_backend

    cfg = settings(args.home)
    q = " ".join(args.query)
    try:
        backend = open_backend(cfg, args.backend, create=False)
        res = backend.search(q, page=args.page, per_page=args.per_page, sort=args.sort,
                             collapse=not args.all_copies)
    except QueryError as exc:
        print(f"huanjie search: bad query: {exc}", file=sys.stderr)
        return 2
    except BackendError as exc:
        print(f"huanjie search: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result_json(res), ensure_ascii=False, indent=1))
        return 0
    total = f"{res.total}" if res.total_is_exact else f"{res.total}+"
    print(f"{total} documents for {res.query.describe()} (page {res.page})")
    for i, h in enumerate(res.hits, start=(res.page - 1) * res.per_page + 1):
        copies = f"  [{h.n_copies} copies]" if h.n_copies > 1 else ""
        meta = " · ".join(x for x in (h.published, h.outlet, h.region_name) if x)
        print(f"\n{i}. {h.title}  (#{h.doc_id}){copies}\n   {meta}")
        print("   " + "".join(f"【{t}】" if m else t for t, m in h.snippet))
    approx = "" if res.facets_exact else "≈"  # counts estimated from a sample of a huge match set
    for name, values in res.facets.items():
        if values:
            print(f"\n{name}: " + ", ".join(f"{v.label} {approx}{v.count}" for v in values[:8]))
    return 0
