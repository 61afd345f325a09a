#!/usr/bin/env python3
"""Throughput of the text pipeline vs the naive regex baseline, side by side.

usage: python bench/extract_text.py [-n 10000] [--seed 0] [--cpu 0]

Generates ``n`` genre articles (``crawlers.demo_site.genre.generate_articles``),
writes them as .txt files, then on ONE core (the process is pinned) reads and
extracts every file twice:

* ``huanjie``: ``extract.files.extract_path`` (decode, normalise, spaCy pipeline
  with regions, dates, figures, metrics) → JSON Lines;
* ``baseline``: ``../shared/tools/baseline_extract.py`` executed in this process
  (its own OpenCC + three regexes + cn2an), with its output discarded.

Both include file reading and JSON serialisation.  Like ``huanjie extract``,
the timed loop starts after ``extract.pipeline.warm_up`` and keeps no records:
they are read back from the JSON Lines for scoring after the clock stops.  Prints articles/s (CPU time
and wall time) for each, the ratio, and figure F1 of both against the
generator's known figures (matched like ``score_figures.py``: value and unit
class).  Timings belong here, never in tests.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import runpy
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def _pin(cpu: int) -> str:
    try:
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError) as exc:  # not Linux, or CPU not available
        return f"not pinned ({exc})"


def _scorer():
    spec = importlib.util.spec_from_file_location("score_figures", SHARED / "tools" / "score_figures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _f1(golds: list[list[dict]], preds: list[list[dict]]) -> float:
    match = _scorer().match
    tp = fp = fn = 0
    for g, p in zip(golds, preds):
        pairs = match(g, p)
        tp += len(pairs)
        fp += len(p) - len(pairs)
        fn += len(g) - len(pairs)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def run_huanjie(paths: list[str]) -> tuple[float, float, list[list[dict]]]:
    from extract.files import extract_path
    from huanjie.jsonl import encode_line

    sink = io.BytesIO()
    c0, w0 = time.process_time(), time.perf_counter()
    for path in paths:
        for doc in extract_path(path):
            sink.write(encode_line(doc.to_json()))  # as `huanjie extract` writes it
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    # read back for scoring only after the clock stops: the CLI holds no records,
    # and neither does the timed loop
    out = [json.loads(line)["figures"] for line in sink.getvalue().splitlines()]
    return cpu, wall, out


def run_baseline(paths: list[str]) -> tuple[float, float, list[list[dict]]]:
    script = SHARED / "tools" / "baseline_extract.py"
    buf = io.StringIO()
    argv = sys.argv
    sys.argv = [str(script), *paths]
    try:
        c0, w0 = time.process_time(), time.perf_counter()
        with contextlib.redirect_stdout(buf):
            runpy.run_path(str(script), run_name="__main__")
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    finally:
        sys.argv = argv
    figs = [json.loads(line)["figures"] for line in buf.getvalue().splitlines() if line.strip()]
    return cpu, wall, figs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cpu", type=int, default=0)
    a = ap.parse_args()
    pinned = _pin(a.cpu)

    from crawlers.demo_site.genre import generate_articles
    from extract.pipeline import extract_text, warm_up

    arts = list(generate_articles(a.n, seed=a.seed))
    golds = [art.figures for art in arts]
    nbytes = sum(len(art.text.encode("utf-8")) for art in arts)
    with tempfile.TemporaryDirectory(prefix="hj-bench-") as tmp:
        paths = []
        for i, art in enumerate(arts):
            p = Path(tmp) / f"{i:06d}.txt"
            p.write_text(art.text, encoding="utf-8")
            paths.append(str(p))
        for art in arts[:200]:  # warm caches (OpenCC tables, gazetteer, cn2an)
            extract_text(art.text, source="warm")
        # as `huanjie extract` does before its loop (this also sets the bench's
        # own articles and gold aside from the GC's full collections)
        warm_up()
        hj_cpu, hj_wall, hj_figs = run_huanjie(paths)
        run_baseline(paths[:50])  # warm its imports and OpenCC
        bl_cpu, bl_wall, bl_figs = run_baseline(paths)

    n = len(paths)
    from extract.compiled import status

    state = status()
    build = "compiled (mypyc)" if state["mode"] == "compiled" else f"plain Python ({state['reason']})"
    print(f"articles: {n} generated (seed {a.seed}), {nbytes / n:.0f} bytes and "
          f"{sum(map(len, golds)) / n:.1f} figures each; {pinned}; extraction modules: {build}")
    print(f"huanjie : {n / hj_cpu:8.0f} articles/s (CPU)  {n / hj_wall:8.0f} articles/s (wall)  "
          f"figure F1 {_f1(golds, hj_figs):.3f}")
    print(f"baseline: {n / bl_cpu:8.0f} articles/s (CPU)  {n / bl_wall:8.0f} articles/s (wall)  "
          f"figure F1 {_f1(golds, bl_figs):.3f}")
    print(f"ratio huanjie/baseline (CPU): {bl_cpu / hj_cpu:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
