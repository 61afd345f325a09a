"""``huanjie compare``: a region × election-round table for one or more metrics.

Prints the same table as the web app's compare page (value, as-of date, number
of independent sources, ⚠ where sources disagree); ``--json`` prints it as JSON
with the figures behind every cell.
"""
from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("metrics", nargs="*", default=["concurrent_rate"],
                        help="codebook metric keys (default: concurrent_rate)")
    parser.add_argument("--level", default="province", choices=("national", "province", "city", "county"))
    parser.add_argument("--home", help="data folder (default: $HUANJIE_HOME or ./huanjie-data)")
    parser.add_argument("--json", action="store_true", help="print JSON with the figures behind each cell")


def run(args: argparse.Namespace) -> int:
    from huanjie import codebook
    from huanjie.config import settings
    from search_ui.compare import ROUND_SPANS
    from search_ui.data import Corpus
    from search_ui.params import BadRequest, check_metric

    cfg = settings(args.home)
    try:
        metrics = [check_metric(m) for m in args.metrics]
    except BadRequest as exc:
        print(f"huanjie compare: {exc.message}", file=sys.stderr)
        return 2
    if not cfg.store_path.exists():
        print(f"huanjie compare: no store at {cfg.store_path}; crawl or ingest first", file=sys.stderr)
        return 1
    corpus = Corpus(cfg)
    try:
        table = corpus.table(metrics, args.level)
    except Exception:
        corpus.close()
        raise
    if args.json:
        print(json.dumps(table.to_json(with_figures=True), ensure_ascii=False, indent=1))
        corpus.close()
        return 0
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console(width=max(100, 24 + 22 * len(table.rounds)))
    for metric in metrics:
        m = codebook.get(metric)
        rt = RichTable(title=f"{m.label_zh} / {m.label_en} ({metric}) · {args.level}")
        rt.add_column("region")
        for r in table.rounds:
            rt.add_column(ROUND_SPANS.get(r, r), justify="right")
        for code, name in table.regions:
            cells = [table.cell(code, r, metric) for r in table.rounds]
            if not any(cells):
                continue
            texts = []
            for c in cells:
                if c is None:
                    texts.append("—")
                    continue
                v = int(c.value) if float(c.value).is_integer() else round(c.value, 2)
                texts.append(f"{v}{c.unit or ''}{' ⚠' if c.conflict else ''}\n{c.as_of or '?'} n={c.n_sources}")
            rt.add_row(f"{name} {code}", *texts)
        console.print(rt)
    corpus.close()
    return 0
