"""Run a crawl in a subprocess and report on it.

Twisted's reactor cannot be restarted inside one process, so every crawl (from
the CLI, tests, the demo, benchmarks) runs ``python -m crawlers.run`` as a
child; the parent reads the child's JSON progress lines (``crawlers.progress``)
and returns a ``CrawlSummary``.

State per crawl group (the YAML file's name, or the host for a URL) lives under
``settings.crawl_state_dir/<group>/``: the Scrapy ``JOBDIR`` (pause with Ctrl-C,
run again to resume) and the log.  A job directory left by a crash (SIGKILL,
power loss) is not trusted — Scrapy writes its queue state only on a clean
stop — so it is discarded and the crawl starts over; the store's seen-URL
memory makes that cheap: list pages are re-read, stored articles are not
fetched again.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from huanjie.config import Settings
from huanjie.config import settings as load_settings

CLEAN_MARK = "clean-stop"


@dataclass
class CrawlSummary:
    fetched: int = 0
    kept: int = 0
    skipped: int = 0
    errors: int = 0
    blocked: int = 0
    new_versions: int = 0
    new: int = 0
    unchanged: int = 0
    seen: int = 0
    """Article links not requested because an earlier crawl already took them in."""
    robots_forbidden: int = 0
    elapsed_s: float = 0.0
    reason: str = ""
    log_path: str = ""
    exit_code: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pages_per_s(self) -> float:
        return self.fetched / self.elapsed_s if self.elapsed_s else 0.0

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["pages_per_s"] = round(self.pages_per_s, 2)
        return d


class CrawlError(RuntimeError):
    """The crawl process failed before it could report (bad config, crash); the message says why."""


def _group_of(target: str) -> str:
    if target.startswith(("http://", "https://")):
        return urlsplit(target).hostname or "site"
    return Path(target).stem


def crawl(
    target: str,
    settings: Settings | None = None,
    *,
    max_pages: int | None = None,
    progress: bool = True,
    extra_settings: dict | None = None,
    base_url: str | None = None,
    refresh: bool = False,
    fast_local: bool | None = None,
    timeout: float | None = None,
) -> CrawlSummary:
    """Crawl ``target`` (site name, YAML path or URL) into the store; returns what happened.

    ``base_url`` fills ``{base}`` in site files (the local demo site);
    ``refresh`` fetches already-stored articles again to catch edits (new versions);
    ``fast_local`` (default: only when every start URL is on this machine) drops
    the politeness delays.
    """
    cmd = child_command(target, settings, max_pages=max_pages, extra_settings=extra_settings,
                        base_url=base_url, refresh=refresh, fast_local=fast_local)
    return _run_child(cmd, progress=progress, timeout=timeout, label=str(target))


def child_command(
    target: str,
    settings: Settings | None = None,
    *,
    max_pages: int | None = None,
    extra_settings: dict | None = None,
    base_url: str | None = None,
    refresh: bool = False,
    fast_local: bool | None = None,
) -> list[str]:
    """The command line of the crawl child process (for callers that manage the process themselves)."""
    settings = settings or load_settings()
    if base_url is None and extra_settings and extra_settings.get("HUANJIE_BASE_URL"):
        base_url = str(extra_settings["HUANJIE_BASE_URL"])
    cmd = [sys.executable, "-m", "crawlers.run", "--child", "--target", str(target), "--home", str(settings.home)]
    if max_pages is not None:
        cmd += ["--max-pages", str(max_pages)]
    if base_url:
        cmd += ["--base-url", base_url]
    if refresh:
        cmd.append("--refresh")
    if fast_local is not None:
        cmd.append("--fast-local" if fast_local else "--no-fast-local")
    if extra_settings:
        extra = {k: v for k, v in extra_settings.items() if not k.startswith("HUANJIE_") or k.startswith("HUANJIE_BACKOFF")}
        if extra:
            cmd += ["--settings", json.dumps(extra)]
    return cmd


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _run_child(cmd: list[str], *, progress: bool, timeout: float | None, label: str) -> CrawlSummary:
    errfile = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # a pipe could fill up and stall the child
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errfile, text=True, env=child_env(),
                            encoding="utf-8")
    last: dict[str, Any] = {}
    display = _Display(label) if progress else None
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                msg = json.loads(line)
            except json.JSONDecodeError:
                continue
            if msg.get("event") == "done":
                last = {**last, **msg, "event": last.get("event", "done")}
            else:
                last = msg
            if display:
                display.update(msg)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise CrawlError(f"crawl of {label} did not finish in {timeout}s")
    finally:
        if display:
            display.close()
    errfile.seek(0)
    err = errfile.read()
    errfile.close()
    if last.get("event") != "summary":
        tail = "\n".join(err.strip().splitlines()[-15:])
        raise CrawlError(f"crawl of {label} failed (exit {proc.returncode}):\n{tail}")
    fields = set(CrawlSummary.__dataclass_fields__)
    summary = CrawlSummary(**{k: v for k, v in last.items() if k in fields})
    summary.extra = {k: v for k, v in last.items() if k not in fields and k != "event"}
    summary.exit_code = proc.returncode
    return summary


class _Display:
    """A rich progress line on stderr, fed by the child's progress events."""

    def __init__(self, label: str) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"),
                                 TextColumn("{task.fields[line]}"), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True)
        self.task = self.progress.add_task(f"crawling {label}", line="starting…", total=None)
        self.progress.start()

    def update(self, msg: dict[str, Any]) -> None:
        line = (f"fetched {msg.get('fetched', 0)}  kept {msg.get('kept', 0)}  skipped {msg.get('skipped', 0)}"
                f"  seen {msg.get('seen', 0)}  errors {msg.get('errors', 0)}  blocked {msg.get('blocked', 0)}")
        self.progress.update(self.task, line=line)

    def close(self) -> None:
        self.progress.stop()


# -- the child ---------------------------------------------------------------------------------


def _is_local(urls: list[str]) -> bool:
    hosts = {urlsplit(u).hostname for u in urls}
    return bool(hosts) and all(h in ("127.0.0.1", "localhost", "::1") for h in hosts)


def _prepare_jobdir(state: Path) -> Path:
    """The job directory, trusted only if the last run stopped cleanly (resumable pause)."""
    job = state / "job"
    if job.exists() and not (state / CLEAN_MARK).exists():
        shutil.rmtree(job, ignore_errors=True)
    (state / CLEAN_MARK).unlink(missing_ok=True)
    job.mkdir(parents=True, exist_ok=True)
    return job


def child_main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="crawlers.run")
    ap.add_argument("--child", action="store_true")
    ap.add_argument("--target", required=True)
    ap.add_argument("--home", required=True)
    ap.add_argument("--max-pages", type=int)
    ap.add_argument("--base-url")
    ap.add_argument("--refresh", action="store_true")
    ap.add_argument("--fast-local", dest="fast_local", action="store_true", default=None)
    ap.add_argument("--no-fast-local", dest="fast_local", action="store_false")
    ap.add_argument("--settings", help="JSON object of Scrapy settings to override")
    args = ap.parse_args(argv)

    from scrapy.crawler import CrawlerProcess

    from corpus.store import Store
    from crawlers import settings as crawl_settings
    from crawlers.siteconfig import ConfigError, load_sites
    from crawlers.spider import NewsSpider
    from crawlers.warc_writer import WarcSink

    cfg = load_settings(args.home)
    try:
        sites = load_sites(args.target, base_url=args.base_url)
    except ConfigError as exc:
        print(f"huanjie crawl: {exc}", file=sys.stderr)
        return 2
    group = sites[0].group if sites else _group_of(args.target)
    state = cfg.crawl_state_dir / group
    state.mkdir(parents=True, exist_ok=True)
    jobdir = _prepare_jobdir(state)
    all_urls = [u for s in sites for u in s.start_urls + s.sitemap_urls + s.rss_urls]
    fast = _is_local(all_urls) if args.fast_local is None else args.fast_local
    extra = json.loads(args.settings) if args.settings else {}
    extra.setdefault("JOBDIR", str(jobdir))
    extra.setdefault("LOG_FILE", str(state / "crawl.log"))
    if args.max_pages:
        extra.setdefault("CLOSESPIDER_PAGECOUNT", args.max_pages)
    s = crawl_settings.build(extra, fast_local=fast)

    from corpus.ingest import warm_up

    warm_up()  # not inside the reactor: a multi-second stall there times out downloads in flight
    store = Store.open(cfg.store_path)
    warc = WarcSink(cfg.warc_dir / group, prefix=group)
    process = CrawlerProcess(s, install_root_handler=True)
    process.crawl(NewsSpider, sites=sites, store=store, warc=warc, refresh=args.refresh)
    reason: list[str] = []

    crawler = next(iter(process.crawlers))

    def _closed(spider: Any = None, reason_: str = "", **_: Any) -> None:
        reason.append(reason_)

    from scrapy import signals

    crawler.signals.connect(lambda spider, reason: _closed(spider, reason), signal=signals.spider_closed, weak=False)
    process.start()
    warc.close()
    store.close()
    why = reason[0] if reason else ""
    if why == "shutdown":
        (state / CLEAN_MARK).write_text("paused; run the same crawl again to resume\n")
    else:
        shutil.rmtree(jobdir, ignore_errors=True)
    print(json.dumps({"event": "done", "reason": why, "log_path": str(state / "crawl.log")}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
