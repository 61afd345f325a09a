"""``huanjie demo``: the whole job on one machine, with nothing to configure.

Starts the bundled demo news site (``crawlers.demo_site``) on loopback, crawls
it politely into a fresh data folder (WARC files + store, extraction included),
builds the search index, and serves the research app on
http://127.0.0.1:8000.  ``--no-serve`` stops after indexing (for tests and CI);
the last line always says where to look.
"""
from __future__ import annotations

import argparse
import sys
import time


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--home", default=None,
                        help="data folder for the demo (default: $HUANJIE_HOME or ./huanjie-data)")
    parser.add_argument("--port", type=int, default=8000, help="port for the web app (default 8000)")
    parser.add_argument("--host", default="127.0.0.1", help="address for the web app (default 127.0.0.1)")
    parser.add_argument("--site-port", type=int, default=8001,
                        help="port for the demo news site (default 8001; a fixed port keeps its URLs, so a "
                             "second run finds the pages already stored instead of adding copies)")
    parser.add_argument("--max-pages", type=int, default=None, help="stop the crawl after this many pages")
    parser.add_argument("--no-serve", action="store_true", help="stop after indexing (do not start the web app)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from huanjie.config import settings

    console = Console(stderr=True, quiet=args.quiet)
    cfg = settings(args.home)
    if not args.no_serve:
        from huanjie.commands.serve import port_problem

        problem = port_problem(args.host, args.port)
        if problem:
            print(f"huanjie demo: {problem}", file=sys.stderr)
            return 1
    cfg.home.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    try:
        summary, n_docs, n_figs, n_indexed = build_demo(cfg, console=console, max_pages=args.max_pages,
                                                        progress=not args.quiet, site_port=args.site_port)
    except DemoError as exc:
        print(f"huanjie demo: {exc}", file=sys.stderr)
        return 1
    took = time.perf_counter() - t0
    seen = getattr(summary, "seen", 0)
    console.print(f"[green]✓[/green] crawled {summary.fetched} pages, kept {summary.kept} new "
                  f"({summary.skipped} skipped, {seen} already stored, {summary.errors} errors); "
                  f"store holds {n_docs} documents, "
                  f"{n_figs} figures; indexed {n_indexed} in {took:.1f} s", highlight=False)
    url = f"http://{'127.0.0.1' if args.host in ('127.0.0.1', 'localhost') else args.host}:{args.port}/"
    if args.no_serve:
        print(f"huanjie demo: data ready in {cfg.home}. Run `huanjie serve --home {cfg.home}` and open {url}",
              flush=True)
        return 0
    from huanjie.commands.serve import serve

    print(f"huanjie demo: open {url} in your browser — search, compare regions "
          f"({url}compare), export data; data in {cfg.home}. Ctrl-C to stop.", flush=True)
    serve(cfg, host=args.host, port=args.port, announce=False)
    return 0


class DemoError(RuntimeError):
    pass


def build_demo(cfg, *, console=None, max_pages: int | None = None, progress: bool = True,
               site_port: int = 8001):
    """Site → crawl (WARC + store + extraction) → index; returns (summary, documents, figures, indexed)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    try:
        from crawlers.demo_site.server import DemoSite
        from crawlers.run import crawl
    except ImportError as exc:
        raise DemoError(f"the demo needs the crawler and demo site modules ({exc})") from None
    from corpus.store import Store
    from index import build_from_store, open_backend

    from huanjie.commands.serve import port_problem

    if site_port and port_problem("127.0.0.1", site_port):
        if console is not None:
            console.print(f"port {site_port} is busy: the demo site takes a free port (its pages get new URLs)",
                          highlight=False)
        site_port = 0
    with DemoSite(port=site_port) as site:
        if console is not None:
            console.print(f"demo news site running at {site.base_url}", highlight=False)
        try:
            summary = crawl("demo", cfg, max_pages=max_pages, progress=progress, base_url=site.base_url)
        except Exception as exc:  # noqa: BLE001 - CrawlError and friends: say what failed, no traceback
            raise DemoError(f"the crawl of the demo site failed: {exc}") from None
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, disable=not progress, transient=True) as bar:
        task = bar.add_task("building the search index", total=None)
        with Store.open(cfg.store_path) as store:
            backend = open_backend(cfg)
            try:
                n_indexed = build_from_store(store, backend)
            finally:
                backend.close()
            n_docs = store.count()
            n_figs = store.stats().get("figures", 0)
            if n_docs == 0:
                raise DemoError(f"the crawl stored no reports (fetched {summary.fetched}, errors "
                                f"{summary.errors}); see {summary.log_path or 'the crawl log'}")
        bar.update(task, completed=1, total=1)
    return summary, n_docs, n_figs, n_indexed


