"""Raw responses to WARC files (warcio), so any crawl can be re-extracted or audited.

Each record is its own gzip member and the file is flushed after every record:
a crawl killed mid-write leaves at most one truncated record at the end, which
readers (``extract.warc``) skip.  Files rotate at ``max_bytes``.
"""
from __future__ import annotations

import io
import os
import time
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extract.warc import SITE_FIELD, SITE_GROUP_FIELD

# Headers describing a transfer that already happened: the payload we store is
# the decoded body, so keeping them would make readers decode it a second time.
_DROP_HEADERS = {"transfer-encoding", "content-encoding", "content-length"}


class WarcSink:
    """Append-only WARC output under ``directory`` (one file per process, rotated by size)."""

    def __init__(self, directory: str | Path, prefix: str = "huanjie", max_bytes: int = 1 << 30) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self._fh: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None
        self.path: Path | None = None
        self._serial = 0

    def _open(self) -> None:
        self._serial += 1
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        self.path = self.directory / f"{self.prefix}-{stamp}-{os.getpid()}-{self._serial:04d}.warc.gz"
        self._fh = open(self.path, "ab")
        self._writer = WARCWriter(self._fh, gzip=True)
        info = self._writer.create_warcinfo_record(
            self.path.name, {"software": "huanjie crawler (warcio)", "format": "WARC File Format 1.1"}
        )
        self._writer.write_record(info)
        self._fh.flush()

    def write_response(
        self,
        *,
        url: str,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes,
        fetched_at: datetime | None = None,
        request_headers: list[tuple[str, str]] | None = None,
        method: str = "GET",
        site_group: str | None = None,
        site: str | None = None,
    ) -> tuple[str, int]:
        """Write one response (and its request); returns (WARC path, offset of the response record)."""
        if self._writer is None or (self._fh is not None and self._fh.tell() > self.max_bytes):
            self.close()
            self._open()
        assert self._writer is not None and self._fh is not None and self.path is not None
        when = (fetched_at or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        kept = [(k, v) for k, v in headers if k.lower() not in _DROP_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{status} {reason}", kept, protocol="HTTP/1.1")
        offset = self._fh.tell()
        warc_fields = {"WARC-Date": when}
        if site_group and site:  # which site configuration fetched it (see extract.warc.SITE_FIELD)
            warc_fields[SITE_GROUP_FIELD] = site_group
            warc_fields[SITE_FIELD] = site
        resp = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http,
            warc_headers_dict=warc_fields,
        )
        self._writer.write_record(resp)
        if request_headers is not None:
            path = url.split("://", 1)[-1].split("/", 1)
            target = "/" + (path[1] if len(path) > 1 else "")
            req_http = StatusAndHeaders(f"{method} {target} HTTP/1.1", request_headers, is_http_request=True)
            req = self._writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), http_headers=req_http,
                warc_headers_dict={"WARC-Date": when,
                                   "WARC-Concurrent-To": resp.rec_headers.get_header("WARC-Record-ID")},
            )
            self._writer.write_record(req)
        self._fh.flush()
        return str(self.path), offset

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        self._fh = None
        self._writer = None
