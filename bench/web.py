"""Web app throughput and latency at 100k documents, concurrent clients on loopback.

Builds (once, cached under ``bench/out/web-<n>/``) an embedded index of ``n``
synthetic genre reports (``crawlers.demo_site.genre``), starts the app with
uvicorn in its own process (one worker, as ``huanjie serve`` runs it), and
drives ``/search`` (HTML) and ``/search.json`` with ``--clients`` concurrent
keep-alive clients for at most ``--seconds`` seconds or ``--requests``
requests each.  Queries mix words, phrases, filters and pages.  Prints
requests/s and p50/p95/p99 latency per endpoint, and errors (any non-200).

    python bench/web.py                      # 100k documents, 8 clients, 15 s per endpoint
    python bench/web.py --docs 20000 --clients 16 --seconds 10
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = [
    "换届", "一肩挑", "书记 平均年龄", '"两委" 换届', "选举 NOT 社区", "region:四川", "region:广东 换届",
    "date:2021", "date:2020-10..2021-06 书记", "metric:concurrent_rate>=90", "metric:avg_age",
    "大专 学历", "后备干部", "培训", "outlet:乡村干部报", "", "换届 region:浙江 date:2021",
]


def build_index(home: Path, n: int) -> float:
    """Index ``n`` synthetic reports into ``home``'s embedded index; returns seconds (0 when cached)."""
    from crawlers.demo_site.genre import generate_articles
    from huanjie.config import settings
    from index import IndexDoc, open_backend

    marker = home / "built.json"
    if marker.exists() and json.loads(marker.read_text()).get("n") == n:
        return 0.0
    cfg = settings(home)
    t0 = time.perf_counter()

    def docs():
        for i, a in enumerate(generate_articles(n, seed=11)):
            metrics: dict[str, list[float]] = {}
            for f in a.figures:
                if f.get("metric"):
                    metrics.setdefault(f["metric"], []).append(float(f["value"]))
            code = a.region_code
            lineage = [(code[:2] + "0000", "", "province")] if code[2:] != "0000" else []
            lineage.append((code, a.region_name, a.level))
            yield IndexDoc(doc_id=i + 1, title=a.title, text=a.text, published=a.published, outlet=a.outlet,
                           url=f"https://bench.example/{i}", region_code=code, region_name=a.region_name,
                           lineage=lineage, metrics=metrics, n_figures=len(a.figures), dup_group=i + 1)

    backend = open_backend(cfg)
    count = backend.rebuild(docs())
    backend.close()
    took = time.perf_counter() - t0
    marker.write_text(json.dumps({"n": count, "seconds": round(took, 1)}))
    return took


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def drive(base: str, path: str, clients: int, seconds: float, max_requests: int) -> dict:
    import httpx

    rng = random.Random(5)
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds
    issued = 0

    async def client_loop(c: httpx.AsyncClient) -> None:
        nonlocal issued, errors
        while time.perf_counter() < stop_at and issued < max_requests:
            issued += 1
            params = {"q": rng.choice(QUERIES), "page": str(rng.choice((1, 1, 1, 2, 3)))}
            if rng.random() < 0.3:
                params["sort"] = "date_desc"
            t = time.perf_counter()
            try:
                r = await c.get(base + path, params=params)
                ok = r.status_code == 200 or (r.status_code == 400 and "past the last page" in r.text)
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - t)
            errors += 0 if ok else 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as c:
        t0 = time.perf_counter()
        await asyncio.gather(*(client_loop(c) for _ in range(clients)))
        wall = time.perf_counter() - t0
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {"path": path, "requests": len(latencies), "errors": errors, "seconds": round(wall, 2),
            "rps": round(len(latencies) / wall, 1), "p50_ms": round(pct(0.50), 1),
            "p95_ms": round(pct(0.95), 1), "p99_ms": round(pct(0.99), 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=15.0, help="time limit per endpoint")
    ap.add_argument("--requests", type=int, default=5000, help="request limit per endpoint")
    ap.add_argument("--home", default=None, help="where to keep the benchmark index (default bench/out/web-N)")
    args = ap.parse_args(argv)

    home = Path(args.home or ROOT / "bench" / "out" / f"web-{args.docs}")
    home.mkdir(parents=True, exist_ok=True)
    took = build_index(home, args.docs)
    print(f"index of {args.docs} documents at {home}" + (f" built in {took:.0f} s" if took else " (cached)"))

    port = free_port()
    env = dict(os.environ, HUANJIE_HOME=str(home), PYTHONPATH=str(ROOT))
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "search_ui.app:app_from_env", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"], env=env, cwd=str(ROOT))
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                print("server did not start", file=sys.stderr)
                return 1
            time.sleep(0.2)
        httpx.get(base + "/search.json", params={"q": "换届"}, timeout=60)  # warm the searcher
        results = []
        for path in ("/search.json", "/search"):
            res = asyncio.run(drive(base, path, args.clients, args.seconds, args.requests))
            results.append(res)
        print(f"{'endpoint':<14}{'clients':>8}{'requests':>10}{'errors':>8}{'req/s':>9}"
              f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        for r in results:
            print(f"{r['path']:<14}{args.clients:>8}{r['requests']:>10}{r['errors']:>8}{r['rps']:>9}"
                  f"{r['p50_ms']:>9}{r['p95_ms']:>9}{r['p99_ms']:>9}")
        out = ROOT / "bench" / "out" / "web.json"
        out.write_text(json.dumps({"docs": args.docs, "clients": args.clients, "results": results}, indent=1))
        return 0 if all(r["errors"] == 0 for r in results) else 1
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
