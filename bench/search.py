"""Search benchmark: embedded tantivy backend vs SQLite FTS5 over the same tokens.

For each corpus size (generated genre reports from
``crawlers.demo_site.genre.generate_articles``) it measures, in one run:

- tokenising + preparing records (docs/s; shared by both engines, done once and
  cached on disk under ``--cache``, default ``$TMPDIR/hj-bench-cache``: one
  cache of N documents serves every size up to N, since the generator is
  prefix-stable);
- build throughput (docs/s) of tantivy and of SQLite FTS5 from those records
  (the time to read the cache is measured and subtracted);
- query latency p50/p95, wall clock and CPU time, per query class: the tantivy
  engine alone (compile, top 20, total — what FTS5 is timed on); the full
  ``search()`` path (parse, top 20, total, stored payloads, highlighted
  snippets) for plain word queries and for queries with region / date / outlet
  / metric filters, also sorted by date; the same with facets and timeline
  (facet cache cleared before every query); the landing page (empty query with
  facets, cold and cached); FTS5 doing the comparable work (top 20 by bm25
  plus the total count, filters joined from indexed columns);
- FTS5/tantivy ratios, and whether the two engines agree on totals.

Usage::

    python bench/search.py                     # 100k documents
    python bench/search.py --sizes 100000,1000000 --json bench-search.json
    python bench/search.py --million           # adds 1M (first run: ~20 min to fill the cache)

Memory stays at a few hundred MB for any size: records are streamed from the cache.
Target: filtered p95 ≤ 20 ms at 1M documents on the embedded backend.
"""
from __future__ import annotations

import argparse
import gc
import json
import pickle
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.documents import IndexDoc, index_fields  # noqa: E402
from index.query import (And, DateFilter, MetricFilter, OutletFilter, RegionFilter, Terms,  # noqa: E402
                         parse)
from index.tantivy_backend import TantivyBackend  # noqa: E402
from index.tokens import TOKENIZER_VERSION, phrase_anchors  # noqa: E402

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "hj-bench-cache"
CHUNK = 5000
#: What a cached record holds: 2 added ``pairs`` and ``sample`` (older caches are upgraded in place).
RECORD_VERSION = 2

PLAIN = ["书记", "两委", "换届", "一肩挑", "平均年龄", "女性", "大专", "村党组织书记", "换届 选举",
         '"两委 干部"', "培训", "选民"]


def _index_doc(i: int, a) -> IndexDoc:
    """An :class:`IndexDoc` for generated article ``a`` (lineage from the code's digits)."""
    code = a.region_code
    lineage = [(code[:2] + "0000", code[:2] + "0000", "province")]
    if code[2:4] != "00":
        lineage.append((code[:4] + "00", code[:4] + "00", "city"))
    if code[4:6] != "00":
        lineage.append((code, a.region_name, "county"))
    lineage[-1] = (lineage[-1][0], a.region_name, lineage[-1][2])
    metrics: dict[str, list[float]] = {}
    for f in a.figures:
        if f.get("metric"):
            metrics.setdefault(f["metric"], []).append(float(f["value"]))
    return IndexDoc(doc_id=i, title=a.title, text=a.body or a.text, published=a.published,
                    outlet=a.outlet, region_code=code, region_name=a.region_name, lineage=lineage,
                    metrics=metrics, n_figures=len(a.figures), dup_group=i)


def _cache_paths(cache: Path, seed: int) -> tuple[Path, Path]:
    stem = f"records-seed{seed}-{TOKENIZER_VERSION}"
    return cache / f"{stem}.pkl", cache / f"{stem}.json"


def ensure_records(n: int, cache: Path, seed: int = 7) -> dict:
    """Make sure the first ``n`` generated, tokenised records are cached on disk; returns the cache meta.

    Why: generating and tokenising a million documents takes minutes and, held
    as lists, about ten gigabytes.  Records are written once as a stream of
    pickled chunks and read back lazily; the generator is prefix-stable, so one
    cache of N documents serves every size up to N.
    """
    cache.mkdir(parents=True, exist_ok=True)
    data, meta_path = _cache_paths(cache, seed)
    meta = json.loads(meta_path.read_text()) if meta_path.exists() and data.exists() else {}
    if meta.get("n", 0) >= n:
        if meta.get("record_version", 1) < RECORD_VERSION:
            meta = _upgrade_cache(data, meta_path, meta)
        return meta
    from crawlers.demo_site.genre import generate_articles

    t_gen = t_tok = 0.0
    tmp = data.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        chunk: list[dict] = []
        it = enumerate(generate_articles(n, seed), start=1)
        while True:
            t0 = time.perf_counter()
            batch = [_index_doc(i, a) for i, a in _take(it, CHUNK)]
            t1 = time.perf_counter()
            if not batch:
                break
            chunk = [index_fields(d) for d in batch]
            t_gen += t1 - t0
            t_tok += time.perf_counter() - t1
            pickle.dump(chunk, fh, protocol=pickle.HIGHEST_PROTOCOL)
            print(f"\r  cached {chunk[-1]['doc_id']:,} records", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    tmp.replace(data)
    meta = {"n": n, "seed": seed, "generate_docs_s": n / t_gen, "tokenise_docs_s": n / t_tok,
            "record_version": RECORD_VERSION}
    meta_path.write_text(json.dumps(meta))
    return meta


def _upgrade_cache(data: Path, meta_path: Path, meta: dict) -> dict:
    """Add the record keys newer than the cache (``pairs``, ``sample``) from what it holds.

    ``pairs`` is derived from the token stream already in ``content`` exactly as
    ``index_fields`` derives it, so an upgraded record equals a fresh one.
    """
    from index.documents import sample_bucket
    from index.tokens import pair_string

    tmp = data.with_suffix(".tmp")
    done = 0
    t_added = 0.0
    with data.open("rb") as src, tmp.open("wb") as dst:
        while True:
            try:
                chunk = pickle.load(src)
            except EOFError:
                break
            t0 = time.perf_counter()
            for r in chunk:
                if "pairs" not in r:
                    r["pairs"] = pair_string(r["content"].split())
                r.setdefault("sample", sample_bucket(r["doc_id"]))
            t_added += time.perf_counter() - t0
            pickle.dump(chunk, dst, protocol=pickle.HIGHEST_PROTOCOL)
            done += len(chunk)
            print(f"\r  upgraded {done:,} cached records", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    tmp.replace(data)
    meta["record_version"] = RECORD_VERSION
    # the tokenise rate covers the whole record, new keys included
    meta["tokenise_docs_s"] = done / (done / meta["tokenise_docs_s"] + t_added)
    meta_path.write_text(json.dumps(meta))
    return meta


def _take(it, k: int) -> list:
    out = []
    for x in it:
        out.append(x)
        if len(out) >= k:
            break
    return out


def iter_records(n: int, cache: Path, seed: int = 7):
    """The first ``n`` cached records, streamed (a few chunks in memory at a time)."""
    data, _ = _cache_paths(cache, seed)
    left = n
    with data.open("rb") as fh:
        while left > 0:
            chunk = pickle.load(fh)
            yield from chunk[:left]
            left -= len(chunk)


def corpus_values(records) -> tuple[dict[str, list[str]], float]:
    """Provinces, cities and outlets that occur (for filters); also times one pass over the cache."""
    t0 = time.perf_counter()
    prov, cities, outlets = set(), set(), set()
    for r in records:
        prov.add(r["f_province"].split("|")[0])
        if r["f_city"]:
            cities.add(r["f_city"].split("|")[0])
        if r["payload"]["outlet"]:
            outlets.add(r["payload"]["outlet"])
    return {"provinces": sorted(prov), "cities": sorted(cities), "outlets": sorted(outlets)}, \
        time.perf_counter() - t0


def filtered_queries(values: dict[str, list[str]], k: int, seed: int = 3) -> list[str]:
    """Queries with region/date/outlet/metric filters drawn from values that occur in the corpus."""
    rng = random.Random(seed)
    provinces, cities, outlets = values["provinces"], values["cities"], values["outlets"]
    out = []
    for i in range(k):
        w = rng.choice(PLAIN)
        y = rng.randint(2012, 2022)
        kind = i % 4
        if kind == 0:
            out.append(f"{w} region:{rng.choice(provinces)} date:{y}-01..{y}-12")
        elif kind == 1:
            out.append(f"{w} region:{rng.choice(cities)} date:{y - 3}..{y}")
        elif kind == 2:
            out.append(f"{w} metric:concurrent_rate>={rng.choice([80, 90, 95])} date:{y}")
        else:
            out.append(f"{w} outlet:{rng.choice(outlets)} metric:avg_age<{rng.choice([45, 48, 50])}")
    return out


# ------------------------------------------------------------------ SQLite FTS5 over the same tokens


def fts5_build(path: Path, records) -> None:
    """SQLite FTS5 over the same token strings, filter columns indexed (one pass over ``records``)."""
    con = sqlite3.connect(path)
    con.executescript("""
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE TABLE docs(doc_id INTEGER PRIMARY KEY, province TEXT, city TEXT, county TEXT,
                          outlet TEXT, pub_day INTEGER, canonical INTEGER);
        CREATE TABLE metrics(doc_id INTEGER, key TEXT, value REAL);
        CREATE VIRTUAL TABLE fts USING fts5(content, tokenize='unicode61');
    """)
    it = iter(records)
    with con:
        while chunk := _take(it, CHUNK):
            con.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?)", (
                (r["doc_id"], r["f_province"].split("|")[0], r["f_city"].split("|")[0],
                 r["f_county"].split("|")[0], r["outlet"], r["pub_day"], r["canonical"]) for r in chunk))
            con.executemany("INSERT INTO metrics VALUES (?,?,?)", (
                (r["doc_id"], k, v) for r in chunk for k, vs in r["metrics"].items() for v in vs))
            con.executemany("INSERT INTO fts(rowid, content) VALUES (?,?)",
                            ((r["doc_id"], r["content"]) for r in chunk))
    con.executescript("""
        CREATE INDEX docs_province ON docs(province, pub_day); CREATE INDEX docs_city ON docs(city, pub_day);
        CREATE INDEX docs_outlet ON docs(outlet); CREATE INDEX docs_day ON docs(pub_day);
        CREATE INDEX metrics_kv ON metrics(key, value, doc_id);
    """)
    con.close()


def fts5_sql(q: str) -> tuple[str, list]:
    """The FTS5 equivalent of a benchmark query (words AND-ed, filters as indexed predicates)."""
    root = parse(q).root
    parts = list(root.children) if isinstance(root, And) else [root]
    match, where, params = [], ["d.canonical = 1"], []
    for p in parts:
        if isinstance(p, Terms):
            # the same words as the tantivy query: one word of the ordinary cut is a term
            # (also inside a longer word), several are a phrase over the token stream
            anchors = phrase_anchors(p.tokens)
            words = [anchors[0][1]] if len(anchors) == 1 else list(p.tokens)
            match.append('"' + " ".join(words) + '"')
        elif isinstance(p, RegionFilter):
            code = p.codes[0]
            col = "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"
            where.append(f"d.{col} = ?")
            params.append(code)
        elif isinstance(p, DateFilter):
            where.append("d.pub_day BETWEEN ? AND ?")
            params += [p.lo or 0, p.hi or 99991231]
        elif isinstance(p, OutletFilter):
            where.append("d.outlet = ?")
            params.append(p.outlet)
        elif isinstance(p, MetricFilter):
            op = p.op if p.op != "=" else "="
            where.append(f"d.doc_id IN (SELECT doc_id FROM metrics WHERE key = ? AND value {op} ?)")
            params += [p.key, p.value]
    sql = (" FROM fts JOIN docs d ON d.doc_id = fts.rowid WHERE fts MATCH ? AND " + " AND ".join(where))
    return sql, [" AND ".join(match)] + params


FTS5_CAP_S = 10.0
"""A query still running after this many seconds is interrupted and counted at the cap."""


def fts5_query(con: sqlite3.Connection, q: str) -> int:
    sql, params = fts5_sql(q)
    deadline = time.perf_counter() + FTS5_CAP_S
    con.set_progress_handler(lambda: 1 if time.perf_counter() > deadline else 0, 10_000)
    try:
        con.execute("SELECT d.doc_id" + sql + " ORDER BY fts.rank LIMIT 20", params).fetchall()
        return con.execute("SELECT COUNT(*)" + sql, params).fetchone()[0]
    except sqlite3.OperationalError:  # interrupted at the cap
        return -1
    finally:
        con.set_progress_handler(None, 0)


# ------------------------------------------------------------------ timing


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def time_queries(fn, queries: list[str], repeat: int = 1) -> tuple[float, float, float, float]:
    """Wall-clock p50/p95 and CPU-time p50/p95 (ms) of ``fn`` over ``queries``.

    CPU time (``time.process_time``, all threads of this process) is reported
    next to wall time because the benchmark machine may be shared: waiting for
    a core inflates wall time but not the work a query needs.
    """
    for q in queries[:5]:
        fn(q)  # warm caches
    wall, cpu = [], []
    for _ in range(repeat):
        for q in queries:
            c0, t0 = time.process_time(), time.perf_counter()
            fn(q)
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), pct(wall, 95), statistics.median(cpu), pct(cpu, 95)


CLASSES = [  # (key, label) in report order
    ("engine_plain", "tantivy engine, plain"),
    ("engine_filtered", "tantivy engine, filtered"),
    ("plain", "tantivy search, plain"),
    ("filtered", "tantivy search, filtered"),
    ("filtered_date", "tantivy search, filtered, date sort"),
    ("plain_facets", "tantivy search+facets, plain"),
    ("filtered_facets", "tantivy search+facets, filtered"),
    ("fts5_plain", "fts5, plain"),
    ("fts5_filtered", "fts5, filtered"),
]


def run_size(n: int, workdir: Path, cache: Path, n_queries: int, fts5_queries: int | None = None,
             seed: int = 7) -> dict:
    print(f"\n=== {n:,} documents ===", flush=True)
    meta = ensure_records(n, cache, seed)
    values, t_read = corpus_values(iter_records(n, cache, seed))
    fq = filtered_queries(values, n_queries)
    print(f"generate {meta['generate_docs_s']:,.0f} docs/s; tokenise+prepare {meta['tokenise_docs_s']:,.0f} docs/s "
          f"(cached); reading the cache {n / t_read:,.0f} docs/s (subtracted from build times)", flush=True)

    tb = TantivyBackend(workdir / f"tantivy-{n}")
    t0 = time.perf_counter()
    tb.rebuild_records(iter_records(n, cache, seed))
    t_tan = max(1e-9, time.perf_counter() - t0 - t_read)
    print(f"tantivy build {n / t_tan:,.0f} docs/s", flush=True)
    fts_path = workdir / f"fts5-{n}.sqlite"
    t0 = time.perf_counter()
    fts5_build(fts_path, iter_records(n, cache, seed))
    t_fts = max(1e-9, time.perf_counter() - t0 - t_read)
    print(f"fts5 build {n / t_fts:,.0f} docs/s", flush=True)
    gc.collect()

    plain = PLAIN * max(1, n_queries // len(PLAIN))
    res: dict = {"n": n, "queries": {"plain": len(plain), "filtered": len(fq)},
                 "build": {"tokenise": meta["tokenise_docs_s"], "tantivy": n / t_tan, "fts5": n / t_fts},
                 "index_bytes": {"tantivy": _du(workdir / f"tantivy-{n}"), "fts5": fts_path.stat().st_size}}

    def engine(q: str) -> int:  # the engine alone: compile, top 20 and total (what FTS5 is timed on)
        searcher = tb._open().searcher()
        return searcher.search(tb.compile(parse(q), searcher=searcher), 20, count=True).count

    def cold_facets(q: str, **kw):  # facets are cached per commit and query: time them uncached
        tb._facet_cache.clear()
        return tb.search(q, facets=True, **kw)

    res["engine_plain"] = time_queries(engine, plain)
    res["engine_filtered"] = time_queries(engine, fq)
    res["plain"] = time_queries(lambda q: tb.search(q, facets=False), plain)
    res["filtered"] = time_queries(lambda q: tb.search(q, facets=False), fq)
    res["filtered_date"] = time_queries(lambda q: tb.search(q, facets=False, sort="date_desc"), fq)
    res["plain_facets"] = time_queries(cold_facets, plain)
    res["filtered_facets"] = time_queries(cold_facets, fq)
    sampled = sum(not tb.search(q, facets=True).facets_exact for q in fq)
    res["facets_sampled"] = f"{sampled}/{len(fq)} filtered"
    t0 = time.perf_counter()
    tb._facet_cache.clear()
    tb.search("", facets=True)
    res["landing_cold_ms"] = (time.perf_counter() - t0) * 1000
    res["landing_cached"] = time_queries(lambda q: tb.search(q, facets=True), [""] * 50)
    # agreement check: same totals on a sample (both engines see the same tokens and filters)
    con = sqlite3.connect(fts_path)
    k = fts5_queries or max(20, n_queries // 4)
    totals = [(tb.search(q, facets=False).total, fts5_query(con, q)) for q in fq[:20]]
    res["total_mismatches_of_20"] = sum(a != b for a, b in totals if b >= 0)
    res["fts5_plain"] = time_queries(lambda q: fts5_query(con, q), plain[:k])
    res["fts5_filtered"] = time_queries(lambda q: fts5_query(con, q), fq[:k])
    con.close()
    tb.close()
    return res


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def report(results: list[dict]) -> None:
    print("\n" + "=" * 96)
    for r in results:
        b, sz = r["build"], r["index_bytes"]
        print(f"{r['n']:,} documents | build docs/s: tokenise+prepare {b['tokenise']:,.0f}, "
              f"tantivy {b['tantivy']:,.0f}, fts5 {b['fts5']:,.0f} (tantivy/fts5 {b['tantivy'] / b['fts5']:.2f}x) "
              f"| index size: tantivy {sz['tantivy'] / 1e6:,.0f} MB, fts5 {sz['fts5'] / 1e6:,.0f} MB")
        print(f"  {'query class (ms)':<40} {'p50':>9} {'p95':>9} | {'cpu p50':>9} {'cpu p95':>9}")
        for key, label in CLASSES:
            p50, p95, c50, c95 = r[key]
            print(f"  {label:<40} {p50:>9.2f} {p95:>9.2f} | {c50:>9.2f} {c95:>9.2f}")
        p50, p95, _, _ = r["landing_cached"]
        print(f"  {'landing page (empty query+facets)':<40} cold {r['landing_cold_ms']:.1f}, cached p50 {p50:.2f} p95 {p95:.2f}")
        for kind in ("plain", "filtered"):
            f50, f95 = r[f"fts5_{kind}"][:2]
            e50, e95 = r[f"engine_{kind}"][:2]
            s50, s95 = r[kind][:2]
            print(f"  ratio fts5/tantivy {kind:<9}: engine p50 {f50 / e50:6.1f}x p95 {f95 / e95:6.1f}x; "
                  f"full search p50 {f50 / s50:6.1f}x p95 {f95 / s95:6.1f}x")
        print(f"  facets estimated from a sample for {r['facets_sampled']} queries; "
              f"total-count mismatches tantivy vs fts5: {r['total_mismatches_of_20']}/20 "
              f"(FTS5 queries cut at {FTS5_CAP_S:.0f} s not compared)")
        ok = r["filtered"][1] <= 20.0
        okf = r["filtered_facets"][1] <= 20.0
        print(f"  target filtered p95 <= 20 ms (wall): {'met' if ok else 'MISSED'} ({r['filtered'][1]:.2f} ms, "
              f"cpu {r['filtered'][3]:.2f} ms); with facets {'met' if okf else 'missed'} "
              f"({r['filtered_facets'][1]:.2f} ms, cpu {r['filtered_facets'][3]:.2f} ms)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000", help="comma-separated corpus sizes (default 100000)")
    ap.add_argument("--million", action="store_true", help="add a 1,000,000-document run")
    ap.add_argument("--queries", type=int, default=200, help="filtered queries per size")
    ap.add_argument("--fts5-queries", type=int, default=None,
                    help=f"queries per kind on FTS5 (default: a quarter of --queries; each capped at {FTS5_CAP_S:.0f} s)")
    ap.add_argument("--cache", default=str(DEFAULT_CACHE),
                    help="where generated, tokenised records are kept between runs (default: %(default)s)")
    ap.add_argument("--workdir", help="where to build the indexes (default: a temp folder, removed)")
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.million and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    # one cache for the largest size serves every smaller one (the generator is prefix-stable)
    ensure_records(max(sizes), Path(args.cache))
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="hj-bench-", dir=args.workdir) as tmp:
            results.append(run_size(n, Path(tmp), Path(args.cache), args.queries, args.fts5_queries))
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
