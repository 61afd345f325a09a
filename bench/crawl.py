"""Crawl and ingest throughput.

usage: python bench/crawl.py [--records 10000] [--workers N] [--skip-crawl] [--skip-warc]

1. **Crawl**: the bundled demo site on this machine, politeness delays off
   (``FAST_LOCAL``; real sites keep AutoThrottle), into a fresh store: pages/s
   as the crawl process measured it (spider open → close) and wall time with
   process start-up; then the incremental re-crawl.
2. **WARC ingest**: ``--records`` synthetic genre pages (``demo_site.genre``)
   written to a WARC by our ``WarcSink``, then ``ingest_paths`` into a fresh
   store (HTML extraction, figures, near-duplicate grouping): documents/s and
   peak memory (this process and the extraction workers).
3. **Store only**: the same articles as ready-made ``Document`` objects straight
   into ``Store.ingest`` (hashing, versions, figures, MinHash LSH), to separate
   the store's cost from extraction.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus.ingest import default_workers, ingest_paths  # noqa: E402
from corpus.store import Store  # noqa: E402
from crawlers.demo_site.genre import generate_articles  # noqa: E402
from crawlers.warc_writer import WarcSink  # noqa: E402
from extract.records import Document, Figure  # noqa: E402
from huanjie.config import settings  # noqa: E402


def peak_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process and of its largest finished child."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def html_page(a) -> bytes:
    paras = "".join(f"<p>{line}</p>" for line in (a.body or a.text).split("\n") if line.strip())
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{a.title}_{a.outlet}</title></head>'
            f'<body><div class="nav">首页 | 新闻中心 | 政务公开</div><div class="article"><h1>{a.title}</h1>'
            f'<div class="info">{a.published} 09:00 来源：{a.outlet}</div><div class="content">{paras}</div>'
            f'</div><div class="footer">版权所有 技术支持</div></body></html>').encode("utf-8")


def bench_crawl(tmp: Path) -> None:
    from crawlers.demo_site.server import DemoSite
    from crawlers.run import crawl

    cfg = settings(tmp / "crawl-home")
    with DemoSite(slow_seconds=0.2) as site:
        t0 = time.perf_counter()
        s = crawl("demo", cfg, base_url=site.base_url, progress=False)
        wall = time.perf_counter() - t0
        print(f"crawl demo site: {s.fetched} pages, {s.kept} articles kept, {s.skipped} skipped, "
              f"{s.errors} errors in {s.elapsed_s:.2f}s = {s.pages_per_s:.1f} pages/s "
              f"(wall {wall:.2f}s with process start-up)")
        t0 = time.perf_counter()
        s2 = crawl("demo", cfg, base_url=site.base_url, progress=False)
        wall2 = time.perf_counter() - t0
        print(f"incremental re-crawl: {s2.fetched} pages fetched (list pages only), {s2.seen} article links "
              f"not requested, {s2.kept} kept, in {s2.elapsed_s:.2f}s (wall {wall2:.2f}s)")


def bench_warc(tmp: Path, n: int, workers: int) -> None:
    warc_dir = tmp / "warc"
    t0 = time.perf_counter()
    sink = WarcSink(warc_dir, prefix="bench")
    n_written = 0
    for i, a in enumerate(generate_articles(n, seed=11)):
        sink.write_response(url=f"http://bench.example/{i // 1000}/{i}.html", status=200,
                            headers=[("Content-Type", "text/html; charset=utf-8")], body=html_page(a))
        n_written += 1
    sink.close()
    size = sum(p.stat().st_size for p in warc_dir.iterdir())
    print(f"wrote {n_written} WARC records ({size / 1e6:.1f} MB gzipped) in {time.perf_counter() - t0:.1f}s")

    with Store.open(tmp / "warc-store.sqlite") as store:
        t0 = time.perf_counter()
        s = ingest_paths(store, [warc_dir], workers=workers)
        dt = time.perf_counter() - t0
        stats = store.stats()
    me, kids = peak_mb()
    print(f"WARC ingest ({workers} extraction workers): {s.records} records, {s.new} documents, "
          f"{s.skipped} skipped, {s.errors} errors in {dt:.1f}s = {s.new / dt:.0f} documents/s; "
          f"{stats['figures']} figures, {stats['dup_groups']} duplicate groups; "
          f"peak memory {me:.0f} MB (ingest process), {kids:.0f} MB (largest worker)")


def bench_store(tmp: Path, n: int) -> None:
    docs = []
    for i, a in enumerate(generate_articles(n, seed=11)):
        figs = [Figure(value=float(f["value"]), unit=f.get("unit"), kind=f.get("kind", "count"),
                       qualifier=f.get("qualifier", "exact"), quote=f.get("quote", ""), sentence="",
                       start=int(f.get("start", 0)), end=int(f.get("end", 0)), orig_start=int(f.get("start", 0)),
                       orig_end=int(f.get("end", 0)), metric=f.get("metric")) for f in a.figures]
        docs.append((f"http://bench.example/{i}.html",
                     Document(source="bench", title=a.title, published=a.published, outlet=a.outlet,
                              body=a.text, text=a.text, figures=figs, variant="hans")))
    with Store.open(tmp / "store-only.sqlite") as store:
        t0 = time.perf_counter()
        for start in range(0, len(docs), 500):
            with store.transaction():
                for url, d in docs[start : start + 500]:
                    store.ingest(d, url=url, capture_id=None, extractor_version="bench")
        dt = time.perf_counter() - t0
        t1 = time.perf_counter()
        n_read = sum(1 for _ in store.iter_documents())
        dt_read = time.perf_counter() - t1
    print(f"store only: {len(docs)} documents in {dt:.1f}s = {len(docs) / dt:.0f} documents/s "
          f"(hash, versions, figures, MinHash LSH); read back {n_read} in {dt_read:.1f}s "
          f"= {n_read / dt_read:.0f} documents/s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--skip-crawl", action="store_true")
    ap.add_argument("--skip-warc", action="store_true")
    a = ap.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="huanjie-bench-") as d:
        tmp = Path(d)
        if not a.skip_crawl:
            bench_crawl(tmp)
        bench_store(tmp, a.records)
        if not a.skip_warc:
            bench_warc(tmp, a.records, a.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
