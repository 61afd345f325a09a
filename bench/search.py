"""Search benchmark: embedded tantivy backend vs SQLite FTS5 over the same tokens.

For each corpus size (generated genre reports from
``crawlers.demo_site.genre.generate_articles``) it measures, in one run:

- tokenising + preparing records (docs/s; shared by both engines, done once);
- build throughput (docs/s) of tantivy and of SQLite FTS5 from those records;
- query latency p50/p95 for plain word queries and for queries with region /
  date / outlet / metric filters: tantivy through the full ``search()`` path
  (parse, top 20, total count, stored payloads and highlighted snippets),
  tantivy with facets and timeline on top, and FTS5 doing the comparable work
  (top 20 by bm25 rank plus the total count, filters joined from indexed columns).

Usage::

    python bench/search.py                     # 100k documents
    python bench/search.py --sizes 100000,1000000
    python bench/search.py --million           # adds 1M (several minutes, ~10 GB RAM)

Target: filtered p95 ≤ 20 ms at 1M documents on the embedded backend.
"""
from __future__ import annotations

import argparse
import gc
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

PLAIN = ["书记", "两委", "换届", "一肩挑", "平均年龄", "女性", "大专", "村党组织书记", "换届 选举",
         '"两委 干部"', "培训", "选民"]


def make_docs(n: int, seed: int = 7) -> list[IndexDoc]:
    from crawlers.demo_site.genre import generate_articles

    docs = []
    for i, a in enumerate(generate_articles(n, seed), start=1):
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
        docs.append(IndexDoc(doc_id=i, title=a.title, text=a.body or a.text, published=a.published,
                             outlet=a.outlet, region_code=code, region_name=a.region_name, lineage=lineage,
                             metrics=metrics, n_figures=len(a.figures), dup_group=i))
    return docs


def filtered_queries(docs: list[IndexDoc], k: int, seed: int = 3) -> list[str]:
    """Queries with region/date/outlet/metric filters drawn from values that occur in the corpus."""
    rng = random.Random(seed)
    provinces = sorted({d.lineage[0][0] for d in docs})
    cities = sorted({c for d in docs for c, _, lvl in d.lineage if lvl == "city"})
    outlets = sorted({d.outlet for d in docs if d.outlet})
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


def fts5_build(path: Path, records: list[dict]) -> None:
    con = sqlite3.connect(path)
    con.executescript("""
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE TABLE docs(doc_id INTEGER PRIMARY KEY, province TEXT, city TEXT, county TEXT,
                          outlet TEXT, pub_day INTEGER, canonical INTEGER);
        CREATE TABLE metrics(doc_id INTEGER, key TEXT, value REAL);
        CREATE VIRTUAL TABLE fts USING fts5(content, tokenize='unicode61');
    """)
    with con:
        con.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?,?)", (
            (r["doc_id"], r["f_province"].split("|")[0], r["f_city"].split("|")[0], r["f_county"].split("|")[0],
             r["outlet"], r["pub_day"], r["canonical"]) for r in records))
        con.executemany("INSERT INTO metrics VALUES (?,?,?)", (
            (r["doc_id"], k, v) for r in records for k, vs in r["metrics"].items() for v in vs))
        con.executemany("INSERT INTO fts(rowid, content) VALUES (?,?)", ((r["doc_id"], r["content"]) for r in records))
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
            match.append('"' + " ".join(p.tokens) + '"')
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


def time_queries(fn, queries: list[str], repeat: int = 1) -> tuple[float, float, list[float]]:
    for q in queries[:5]:
        fn(q)  # warm caches
    ms = []
    for _ in range(repeat):
        for q in queries:
            t0 = time.perf_counter()
            fn(q)
            ms.append((time.perf_counter() - t0) * 1000)
    return statistics.median(ms), pct(ms, 95), ms


def run_size(n: int, workdir: Path, n_queries: int, fts5_queries: int | None = None) -> dict:
    print(f"\n=== {n:,} documents ===", flush=True)
    t0 = time.perf_counter()
    docs = make_docs(n)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    records = [index_fields(d) for d in docs]
    t_tok = time.perf_counter() - t0
    print(f"generate {n / t_gen:,.0f} docs/s; tokenise+prepare {n / t_tok:,.0f} docs/s", flush=True)
    fq = filtered_queries(docs, n_queries)
    del docs
    gc.collect()

    tb = TantivyBackend(workdir / f"tantivy-{n}")
    t0 = time.perf_counter()
    tb.rebuild_records(records)
    t_tan = time.perf_counter() - t0
    print(f"tantivy build {n / t_tan:,.0f} docs/s", flush=True)
    fts_path = workdir / f"fts5-{n}.sqlite"
    t0 = time.perf_counter()
    fts5_build(fts_path, records)
    t_fts = time.perf_counter() - t0
    print(f"fts5 build {n / t_fts:,.0f} docs/s", flush=True)
    del records
    gc.collect()

    plain = PLAIN * max(1, n_queries // len(PLAIN))
    res: dict = {"n": n, "build": {"tokenise": n / t_tok, "tantivy": n / t_tan, "fts5": n / t_fts}}
    def engine(q: str) -> int:  # the engine alone: compile, top 20 and total (what FTS5 is timed on)
        searcher = tb._open().searcher()
        return searcher.search(tb.compile(parse(q)), 20, count=True).count

    res["tantivy_engine_plain"] = time_queries(engine, plain)[:2]
    res["tantivy_engine_filtered"] = time_queries(engine, fq)[:2]
    res["tantivy_plain"] = time_queries(lambda q: tb.search(q, facets=False), plain)[:2]
    res["tantivy_filtered"] = time_queries(lambda q: tb.search(q, facets=False), fq)[:2]
    res["tantivy_filtered_facets"] = time_queries(lambda q: tb.search(q, facets=True), fq)[:2]
    res["tantivy_plain_facets"] = time_queries(lambda q: tb.search(q, facets=True), plain)[:2]
    # agreement check: same totals on a sample (both engines see the same tokens and filters)
    con = sqlite3.connect(fts_path)
    k = fts5_queries or max(20, n_queries // 4)
    totals = [(tb.search(q, facets=False).total, fts5_query(con, q)) for q in fq[:20]]
    mism = sum(a != b for a, b in totals if b >= 0)
    res["fts5_plain"] = time_queries(lambda q: fts5_query(con, q), plain[:k])[:2]
    res["fts5_filtered"] = time_queries(lambda q: fts5_query(con, q), fq[:k])[:2]
    res["total_mismatches_of_20"] = mism
    con.close()
    return res


def report(results: list[dict]) -> None:
    print("\n" + "=" * 92)
    print(f"{'docs':>10} | {'build docs/s: tokenise / tantivy / fts5':>40} | {'query (ms)':<12} {'p50':>8} {'p95':>8}")
    for r in results:
        b = r["build"]
        print(f"{r['n']:>10,} | {b['tokenise']:>12,.0f} / {b['tantivy']:>10,.0f} / {b['fts5']:>10,.0f} |")
        for key, label in [("tantivy_engine_plain", "tantivy engine plain"),
                           ("tantivy_engine_filtered", "tantivy engine filt"),
                           ("tantivy_plain", "tantivy plain"), ("tantivy_filtered", "tantivy filtered"),
                           ("tantivy_plain_facets", "tantivy plain+facets"),
                           ("tantivy_filtered_facets", "tantivy filt+facets"),
                           ("fts5_plain", "fts5 plain"), ("fts5_filtered", "fts5 filtered")]:
            p50, p95 = r[key]
            print(f"{'':>10} | {'':>40} | {label:<22} {p50:>8.2f} {p95:>8.2f}")
        print(f"{'':>10} | build speed tantivy/fts5 {b['tantivy'] / b['fts5']:.2f}x; p95 fts5/tantivy-engine: "
              f"plain {r['fts5_plain'][1] / r['tantivy_engine_plain'][1]:.1f}x, "
              f"filtered {r['fts5_filtered'][1] / r['tantivy_engine_filtered'][1]:.1f}x; "
              f"total-count mismatches {r['total_mismatches_of_20']}/20 (FTS5 queries cut at {FTS5_CAP_S:.0f} s not compared)")
        ok = r["tantivy_filtered"][1] <= 20.0
        print(f"{'':>10} | target filtered p95 <= 20 ms: {'met' if ok else 'MISSED'} "
              f"({r['tantivy_filtered'][1]:.2f} ms)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000", help="comma-separated corpus sizes (default 100000)")
    ap.add_argument("--million", action="store_true", help="add a 1,000,000-document run")
    ap.add_argument("--queries", type=int, default=200, help="filtered queries per size")
    ap.add_argument("--fts5-queries", type=int, default=None,
                    help=f"queries per kind on FTS5 (default: a quarter of --queries; each capped at {FTS5_CAP_S:.0f} s)")
    ap.add_argument("--workdir", help="where to build the indexes (default: a temp folder, removed)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.million and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    with tempfile.TemporaryDirectory(prefix="hj-bench-", dir=args.workdir) as tmp:
        results = [run_size(n, Path(tmp), args.queries, args.fts5_queries) for n in sizes]
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
