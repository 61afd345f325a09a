"""Serve the demo site over HTTP, with the awkward endpoints a real crawl meets.

Why a real server (not file:// or mocks): crawler tests must exercise HTTP —
headers that lie about the charset, robots.txt, redirects, slow and never-ending
responses, 404/500 — and check what the crawler requested (politeness) from the
server's own request log.

Usage::

    with DemoSite() as site:           # port 0 = any free port
        urlopen(site.base_url + "/news/list.html")
        site.request_log               # [RequestLogEntry(path, user_agent, time, ...)]

    python -m crawlers.demo_site.server --port 8001 [--log requests.jsonl]

Stopping never waits for a handler: handler threads are daemons and the
streaming endpoints watch a stop event.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import posixpath
import threading
import time
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .build_site import HOST_PLACEHOLDER, SPECIALS
from .facts import SITE_DIR, load_facts, site_info

SLOW_SECONDS = 2.0
STREAM_INTERVAL = 0.5

_EXT_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class RequestLogEntry:
    path: str
    """Path with query string, as requested (``/news/list.html?page=2``)."""
    user_agent: str | None
    time: float
    """Unix time the request arrived."""
    method: str = "GET"
    status: int = 0


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    site: "DemoSite"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = 10  # idle keep-alive connections are dropped
    server_version = "DemoSite/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # the structured request log replaces stderr noise

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
        self._handle(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._handle(head=False)

    def do_POST(self) -> None:  # noqa: N802 - the comment box posts here
        self.server.site._log(self.path, self.headers.get("User-Agent"), "POST", 405, time.time())
        self._send(405, b"method not allowed\n", "text/plain; charset=utf-8", head=False)

    # ------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str | None, *, head: bool,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def _handle(self, *, head: bool) -> None:
        site = self.server.site
        raw = self.path
        parts = urlsplit(raw)
        path = parts.path or "/"
        t0 = time.time()
        status = site._route(self, path, parts.query, head, raw, t0)
        if status is not None:
            site._log(raw, self.headers.get("User-Agent"), "HEAD" if head else "GET", status, t0)


class DemoSite:
    """The demo site on ``host:port`` (port 0 picks a free one)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, log_file: str | Path | None = None,
                 slow_seconds: float = SLOW_SECONDS) -> None:
        self.host = host
        self.port = port
        self.log_file = Path(log_file) if log_file else None
        self.slow_seconds = slow_seconds
        self.request_log: list[RequestLogEntry] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._types = {p.path: p.content_type for p in load_facts()}
        self._files = _snapshot(SITE_DIR)
        info = site_info()
        self._redirect_target = info["specials"]["redirect"]["target"]
        self._overrides: dict[str, tuple[bytes, str | None]] = {}

    # ---------------------------------------------------------------- control
    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("DemoSite is not started")
        return f"http://{self.host}:{self._httpd.server_address[1]}"

    def start(self) -> "DemoSite":
        if self._httpd is not None:
            return self
        self._stop.clear()
        httpd = _Server((self.host, self.port), _Handler)
        httpd.site = self
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="demo-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._stop.set()  # releases slow and streaming handlers
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> "DemoSite":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def override(self, path: str, data: bytes | None, content_type: str | None = None) -> None:
        """Serve ``data`` at ``path`` instead of the file (None removes the override).

        ``path`` is matched with its query, exactly as requested: overriding
        ``/news/list.html`` leaves ``/news/list.html?page=2`` alone.

        For tests of re-crawls: a page that changed, or appeared, since the last crawl.
        """
        with self._lock:
            if data is None:
                self._overrides.pop(path, None)
            else:
                self._overrides[path] = (data, content_type)

    def clear_log(self) -> None:
        with self._lock:
            self.request_log.clear()

    # ---------------------------------------------------------------- internals
    def _log(self, path: str, ua: str | None, method: str, status: int, t: float) -> None:
        entry = RequestLogEntry(path, ua, t, method, status)
        with self._lock:
            self.request_log.append(entry)
            if self.log_file is not None:
                with self.log_file.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")

    def _file_for(self, path: str, query: str) -> str | None:
        """The site file (``/``-rooted relative path in the snapshot) a request path and query name."""
        if path.endswith("/"):
            path += "index.html"
        if path == "/news/list.html" and query:
            page = parse_qs(query).get("page", ["1"])[0]
            if not page.isdigit() or int(page) < 1:
                return None
            if int(page) > 1:
                path = f"/news/list_{int(page)}.html"
        rel = "/" + posixpath.normpath(path).lstrip("/")
        if rel == "/facts.json" or rel not in self._files:
            return None
        return rel

    def _route(self, h: _Handler, path: str, query: str, head: bool, raw: str, t0: float) -> int | None:
        """Answer one request; the status to log, or None when the handler logged it itself."""
        if path == SPECIALS["error_500"]:
            h._send(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>\n",
                    "text/html; charset=utf-8", head=head)
            return 500
        if path in ("/loop/a.html", "/loop/b.html"):
            other = "/loop/b.html" if path.endswith("a.html") else "/loop/a.html"
            h._send(302, b"", None, head=head, extra={"Location": other})
            return 302
        if path == SPECIALS["redirect"]:
            h._send(301, b"", None, head=head, extra={"Location": self._redirect_target})
            return 301
        if path == SPECIALS["never_ending"]:
            # logged on arrival: the response never finishes
            self._log(raw, h.headers.get("User-Agent"), "HEAD" if head else "GET", 200, t0)
            self._stream(h, head)
            return None
        with self._lock:
            ov = self._overrides.get(raw)
        if ov is not None:
            h._send(200, ov[0], ov[1] or self._types.get(path, "text/html; charset=utf-8"), head=head)
            return 200
        f = self._file_for(path, query)
        if f is None:
            h._send(404, "<html><body><h1>404 页面不存在</h1></body></html>\n".encode("utf-8"),
                    "text/html; charset=utf-8", head=head)
            return 404
        if path == SPECIALS["slow"] and self._stop.wait(self.slow_seconds):
            return None  # stopping: nothing was sent
        rel = f
        data = self._files[rel]
        if rel in ("/robots.txt", "/sitemap.xml", "/news/rss.xml"):
            data = data.replace(HOST_PLACEHOLDER.encode(), self.base_url.encode())
        ctype = self._types.get(rel) or _EXT_TYPES.get(posixpath.splitext(rel)[1], "application/octet-stream")
        if rel == "/news/rss.xml":
            ctype = "application/rss+xml; charset=utf-8"
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        if h.headers.get("If-None-Match") == etag:
            h._send(304, b"", None, head=True, extra={"ETag": etag})
            return 304
        h._send(200, data, ctype, head=head, extra={"ETag": etag})
        return 200

    def _stream(self, h: _Handler, head: bool) -> None:
        """A page that never ends: a few bytes every half second until the client or the server gives up."""
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        if head:
            return
        try:
            h.wfile.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>现场直播</title></head><body>\n"
                          .encode("utf-8"))
            h.wfile.flush()
            n = 0
            while not self._stop.wait(STREAM_INTERVAL):
                n += 1
                h.wfile.write(f"<p>直播进行中……{n}</p>\n".encode("utf-8"))
                h.wfile.flush()
        except OSError:  # the client gave up
            pass


def _snapshot(site_dir: Path) -> dict[str, bytes]:
    """Every file of the site, read once: a server serves one build for its whole life.

    Reading files per request let a rebuild (``build_site`` run by someone else,
    or a checkout) change or remove pages under a running crawl, which then lost
    pages or stored content the facts do not describe.  The site is about 1 MB.
    """
    files: dict[str, bytes] = {}
    for f in sorted(site_dir.rglob("*")):
        if f.is_file() and not f.name.startswith("."):
            files["/" + f.relative_to(site_dir).as_posix()] = f.read_bytes()
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Serve the huanjie demo news site.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8001)
    ap.add_argument("--log", help="append every request as a JSON line to this file")
    a = ap.parse_args(argv)
    site = DemoSite(a.host, a.port, log_file=a.log).start()
    print(f"demo site at {site.base_url}/  (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
