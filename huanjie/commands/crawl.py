"""``huanjie crawl SITE|URL``: crawl a configured site (or any news site, in auto mode) into the store.

SITE is a name in ``crawlers/sites/`` (``demo`` needs ``--base-url``), a path to a
YAML site file, or a start URL.  Polite defaults (robots.txt, AutoThrottle, an
honest User-Agent) hold for every remote site; Ctrl-C pauses, and running the
same command again resumes.  Prints a summary; exit status 1 when nothing
could be fetched.
"""
from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="SITE|URL", help="site name, site YAML file, or a start URL (auto mode)")
    parser.add_argument("--home", help="data folder (default: $HUANJIE_HOME or ./huanjie-data)")
    parser.add_argument("--max-pages", type=int, help="stop after this many responses")
    parser.add_argument("--base-url", help="fills {base} in a site file (the local demo site)")
    parser.add_argument("--refresh", action="store_true",
                        help="fetch stored articles again to catch edits (they become new versions)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a Scrapy setting (e.g. DOWNLOAD_DELAY=5); repeatable")
    parser.add_argument("--no-progress", action="store_true", help="no progress display")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def _parse_sets(items: list[str]) -> dict:
    out: dict = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"--set wants NAME=VALUE, got {item!r}")
        try:
            out[name] = json.loads(value)
        except json.JSONDecodeError:
            out[name] = value
    return out


def run(args: argparse.Namespace) -> int:
    from crawlers.run import CrawlError, crawl
    from crawlers.siteconfig import ConfigError, load_sites
    from huanjie.config import settings

    cfg = settings(args.home)
    try:
        extra = _parse_sets(args.set)
        load_sites(args.target, base_url=args.base_url)  # fail fast on a bad config, with its message
        summary = crawl(args.target, cfg, max_pages=args.max_pages, progress=not args.no_progress,
                        extra_settings=extra or None, base_url=args.base_url, refresh=args.refresh)
    except (ConfigError, ValueError, CrawlError) as exc:
        print(f"huanjie crawl: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        from rich.console import Console
        from rich.table import Table

        t = Table(title=f"crawl of {args.target}: {summary.reason or 'done'} in {summary.elapsed_s:.1f}s",
                  show_header=False)
        for label, value in [
            ("pages fetched", summary.fetched), ("articles kept", summary.kept),
            ("  new", summary.new), ("  new versions", summary.new_versions), ("  unchanged", summary.unchanged),
            ("skipped (off topic, out of window, not articles)", summary.skipped),
            ("already stored, not requested", summary.seen),
            ("forbidden by robots.txt", summary.robots_forbidden),
            ("blocked (captcha, login, challenge)", summary.blocked), ("errors", summary.errors),
        ]:
            t.add_row(label, str(value))
        Console().print(t)
        print(f"log: {summary.log_path}; store: {cfg.store_path}")
    return 0 if summary.fetched else 1
