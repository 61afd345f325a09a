#!/usr/bin/env python3
"""Run every benchmark in turn (``make bench``), each printing its figures and ratios.

Benchmarks are kept out of the test suite on purpose: the machines are shared and
noisy, so speed is reported, never asserted.  Each script can also be run alone
with its own options (``--help``); this runner uses their defaults, except for
the search benchmark's optional 1M-document run (``--million``), which takes
about half an hour and ~12 GB of memory: pass ``--million`` here to include it.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES: list[tuple[str, list[str]]] = [
    ("extract_text.py", []),
    ("extract_html.py", []),
    ("crawl.py", []),
    ("search.py", []),
    ("web.py", []),
]


def main(argv: list[str]) -> int:
    failed = []
    for script, args in BENCHES:
        if script == "search.py" and "--million" in argv:
            args = [*args, "--million"]
        print(f"\n=== bench/{script} {' '.join(args)}", flush=True)
        rc = subprocess.call([sys.executable, str(HERE / script), *args])
        if rc:
            failed.append(f"{script} (exit {rc})")
    if failed:
        print("\nfailed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
