"""Bad input for the crawler: errors, loops, endless and huge pages, blocks, robots.txt 5xx.

A small local server of our own serves good and bad pages; the crawl (a real
subprocess, as ``huanjie crawl`` runs it) must log and skip each bad one, keep
the good ones, and never touch what robots.txt forbids.
"""
from __future__ import annotations

import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from corpus import Store
from crawlers.run import crawl
from huanjie.config import settings

ARTICLE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}_县融媒体中心</title></head>
<body><div class="top">首页 | 新闻中心 | 政务公开</div>
<div class="article"><h1>{title}</h1><div class="info">2021-04-0{day} 09:30 来源：县融媒体中心</div>
<div class="content">
<p>截至3月底，全县{n}个村（社区）党组织和村（居）民委员会“两委”换届选举顺利完成，共选举产生“两委”成员{m}名。</p>
<p>从结构看，新一届村党组织书记平均年龄{age}岁，书记、主任“一肩挑”比例达到{rate}%，大专以上学历人员明显增加，班子结构进一步优化。</p>
<p>换届期间，县委组织部会同纪检、政法等部门开展候选人资格联审，对不符合条件的人选一律不得提名。下一步将分批开展新任村干部培训。</p>
</div></div><div class="foot">版权所有 县融媒体中心</div></body></html>"""

CAPTCHA = """<html><head><meta charset="utf-8"><title>安全验证</title></head><body>
<p>访问过于频繁，请输入验证码后继续。</p><form><input name="captcha"></form></body></html>"""


def article(title: str, day: int, n: int, m: int, age: float, rate: float, charset: str = "utf-8") -> bytes:
    return ARTICLE.format(title=title, day=day, n=n, m=m, age=age, rate=rate, charset=charset).encode(
        "gb18030" if charset == "gbk" else charset)


PAGES = {
    "/a/good1.html": ("text/html; charset=utf-8", article("某县村级换届圆满完成", 1, 212, 1130, 44.6, 92.3)),
    "/a/good2.html": ("text/html; charset=gbk", article("某区社区两委换届工作综述", 2, 87, 512, 41.2, 97.1, "gbk")),
    "/a/busy.html": ("text/html; charset=utf-8", article("某镇换届选举工作顺利结束", 3, 31, 176, 46.9, 80.6)),
    "/a/captcha.html": ("text/html; charset=utf-8", CAPTCHA.encode()),
    "/private/a/secret.html": ("text/html; charset=utf-8", article("不应抓取的换届页面", 4, 9, 40, 40.0, 50.0)),
}
LINKS = ["/a/good1.html", "/a/good2.html", "/a/busy.html", "/a/captcha.html", "/a/err500.html",
         "/a/gone404.html", "/a/loop1.html", "/a/endless.html", "/a/huge.html", "/a/forbidden.html",
         "/private/a/secret.html", "/a/binary.html"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output clean; the server keeps its own log
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", extra=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        srv = self.server
        srv.log.append(self.path)
        p = self.path
        if srv.robots_status and p == "/robots.txt":
            return self._send(srv.robots_status, b"unavailable", "text/plain")
        if p == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if p == "/list.html":
            links = "".join(f'<li><a href="{u}">第{i}条</a></li>' for i, u in enumerate(LINKS))
            return self._send(200, f"<html><head><meta charset='utf-8'><title>新闻</title></head><body><ul>{links}</ul></body></html>".encode())
        if p in PAGES:
            if p == "/a/busy.html" and srv.log.count(p) == 1:
                return self._send(429, b"slow down", "text/plain", [("Retry-After", "0")])
            ctype, body = PAGES[p]
            return self._send(200, body, ctype)
        if p == "/a/err500.html":
            return self._send(500, b"internal error")
        if p == "/a/forbidden.html":
            return self._send(403, b"forbidden")
        if p.startswith("/a/loop"):
            nxt = "/a/loop2.html" if p == "/a/loop1.html" else "/a/loop1.html"
            return self._send(302, b"", extra=[("Location", nxt)])
        if p == "/a/binary.html":
            return self._send(200, bytes(range(256)) * 40, "application/octet-stream")
        if p == "/a/endless.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                while not srv.stopping.is_set():
                    chunk = "<p>换届</p>".encode() * 20
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
            return
        if p == "/a/huge.html":
            size = 50 * 1024 * 1024
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            try:
                block = b"x" * 65536
                for _ in range(size // len(block)):
                    if srv.stopping.is_set():
                        break
                    self.wfile.write(block)
            except OSError:
                pass
            return
        return self._send(404, b"not found")


class Server:
    def __init__(self, robots_status: int | None = None) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # clients hanging up on endless pages
        self.httpd.log = []
        self.httpd.robots_status = robots_status
        self.httpd.stopping = threading.Event()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def log(self) -> list[str]:
        return self.httpd.log

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def site_file(tmp_path: Path, base: str) -> Path:
    f = tmp_path / "badsite.yaml"
    f.write_text(f"""name: badsite
start_urls: ["{base}/list.html"]
article_patterns: ['/a/']
""", encoding="utf-8")
    return f


FAST = {"DOWNLOAD_TIMEOUT": 2, "DOWNLOAD_MAXSIZE": 8 * 1024 * 1024, "REDIRECT_MAX_TIMES": 4}


def test_bad_pages_are_logged_and_skipped_and_good_ones_kept(tmp_path):
    cfg = settings(tmp_path / "home")
    with Server() as srv:
        t0 = time.monotonic()
        summary = crawl(str(site_file(tmp_path, srv.base)), cfg, progress=False, extra_settings=FAST, timeout=90)
        took = time.monotonic() - t0
        log = list(srv.log)
    assert summary.reason == "finished", summary
    assert took < 60  # an endless page must not hang the crawl (generous: not a speed test)
    with Store.open(cfg.store_path) as store:
        urls = sorted(d.url.rsplit("/", 1)[-1] for d in store.iter_documents())
        good2 = store.get_by_url(f"{srv.base}/a/good2.html")
        captures = store.stats()["captures"]
    assert urls == ["busy.html", "good1.html", "good2.html"]
    assert summary.kept == 3 and summary.new == 3
    # GBK page decoded
    assert good2.title and "社区两委换届" in good2.title and "两委" in good2.body
    # 500, 404, redirect loop, endless, huge: each an error, none stored; binary: not a page, skipped
    assert summary.errors >= 5, summary
    assert summary.skipped >= 1
    # captcha page and 403: blocked, not worked around
    assert summary.blocked == 2, summary
    assert log.count("/a/captcha.html") == 1 and log.count("/a/forbidden.html") == 1
    # 429 was retried (after backoff) and then kept
    assert log.count("/a/busy.html") == 2
    # robots.txt obeyed
    assert not any(p.startswith("/private/") for p in log)
    assert summary.robots_forbidden == 1
    # every response is a capture, errors included
    assert captures >= 8
    crawl_log = Path(summary.log_path).read_text(encoding="utf-8")
    for bad in ("err500", "gone404", "loop", "endless", "huge", "binary"):
        assert bad in crawl_log, bad


def test_robots_txt_5xx_means_nothing_is_fetched(tmp_path):
    cfg = settings(tmp_path / "home")
    with Server(robots_status=503) as srv:
        summary = crawl(str(site_file(tmp_path, srv.base)), cfg, progress=False, extra_settings=FAST, timeout=60)
        log = list(srv.log)
    assert log and set(log) == {"/robots.txt"}, log
    assert summary.kept == 0 and summary.robots_forbidden >= 1
    con = sqlite3.connect(cfg.store_path)
    assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    con.close()


def test_bad_site_config_is_a_clear_error(tmp_path):
    from crawlers.siteconfig import ConfigError, load_sites

    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nmode: teleport\nstart_urls: [http://127.0.0.1/]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="mode must be one of"):
        load_sites(str(bad))
    bad.write_text("start_urls: [http://127.0.0.1/]\narticle_patterns: ['(']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad pattern"):
        load_sites(str(bad))
    with pytest.raises(ConfigError, match="no site"):
        load_sites("no-such-site")
