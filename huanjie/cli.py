"""The ``huanjie`` command line: one verb per pipeline stage.

Each verb lives in its own module under ``huanjie.commands`` exposing
``add_arguments(parser)`` and ``run(args) -> int``.  Modules are imported only
when their verb runs, so ``huanjie extract`` never pays for Scrapy or FastAPI.
"""
from __future__ import annotations

import argparse
import importlib
import sys

VERBS: dict[str, str] = {
    "extract": "Extract articles and figures from .txt/.html/.warc files to JSON Lines (no store).",
    "crawl": "Crawl a configured site (or a URL) into the store.",
    "ingest": "Ingest folders of .html/.txt and WARC files into the store.",
    "reextract": "Re-run extraction over every stored capture (after an extractor upgrade).",
    "index": "Build or rebuild the search index from the store.",
    "search": "Search the index with the query language.",
    "compare": "Print a region x round table for one or more metrics.",
    "export": "Export documents, figures or metric tables with a codebook and manifest.",
    "serve": "Serve the research web app and JSON API.",
    "demo": "Start the demo news site, crawl, extract, index and serve it: the whole job on one machine.",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="huanjie",
        description="huanjie (换届): news coverage of village and community \"two committees\" elections, as data.",
    )
    parser.add_argument("--version", action="version", version=f"huanjie {_version()}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb, help_text in VERBS.items():
        p = sub.add_parser(verb, help=help_text, description=help_text)
        module = _module(verb)
        if module is not None:
            module.add_arguments(p)
    return parser


def _module(verb: str):
    try:
        return importlib.import_module(f"huanjie.commands.{verb}")
    except ModuleNotFoundError as exc:
        if exc.name == f"huanjie.commands.{verb}":
            return None
        raise


def _version() -> str:
    from huanjie import __version__
    return __version__


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.verb:
        parser.print_help()
        return 2
    module = _module(args.verb)
    if module is None:
        print(f"huanjie: the {args.verb!r} verb is not available in this build", file=sys.stderr)
        return 2
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        print("huanjie: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
