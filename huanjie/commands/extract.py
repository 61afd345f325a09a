"""``huanjie extract PATH...``: articles and figures as JSON Lines, no store.

One JSON object per document (``Document.to_json()``), compact UTF-8 without
ASCII escapes, in input order (``huanjie.jsonl``).  Inputs that cannot be read still get an object with
an ``error`` field, the rest are still printed, and the exit status is 1 so a
script notices.  Directories are walked for the supported suffixes.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help=".txt, .html/.htm or .warc(.gz) files, or folders holding them")
    parser.add_argument("--pretty", action="store_true", help="indented JSON for reading, not JSON Lines")
    parser.add_argument("--no-body", action="store_true", help="leave out body and text (smaller output)")


def _expand(paths: list[str]):
    from extract.files import SUFFIXES

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.name.lower().endswith(SUFFIXES):
                    yield str(child)
        else:
            yield raw


def run(args: argparse.Namespace) -> int:
    from extract.files import extract_path
    from extract.pipeline import warm_up
    from extract.version import EXTRACTOR_VERSION

    from huanjie.jsonl import encode_line

    warm_up()  # load once, and keep the tables out of the GC's full collections
    out = sys.stdout
    out.flush()
    raw = getattr(out, "buffer", None)  # None when stdout was replaced by a text-only stream
    failed = 0
    for path in _expand(args.paths):
        for doc in extract_path(path):
            record = doc.to_json()
            record["extractor_version"] = EXTRACTOR_VERSION
            if args.no_body:
                record.pop("body", None)
                record.pop("text", None)
            if doc.error is not None:
                failed += 1
                print(f"huanjie extract: {doc.source}: {doc.error}", file=sys.stderr)
            if args.pretty:
                out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
                out.flush()
            else:
                line = encode_line(record)
                if raw is not None:
                    raw.write(line)
                else:
                    out.write(line.decode("utf-8"))
    out.flush()
    if raw is not None:
        raw.flush()
    return 1 if failed else 0
