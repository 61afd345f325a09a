"""An Elasticsearch endpoint for tests: ``HUANJIE_ES_URL`` if set, else a private noida-db emulator.

``noida-db`` (a test dependency) is a small server that speaks the Elasticsearch
REST API.  :func:`es_endpoint` starts it on a free port with a throwaway data
folder in its own process group, waits until it answers, and stops exactly that
process group afterwards.  With ``HUANJIE_ES_URL`` set, the same tests run
against that cluster and nothing is started.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def noida_executable() -> str | None:
    """The noida-db launcher: next to this interpreter (the venv), else on PATH."""
    cand = Path(sys.executable).with_name("noida-db")
    if cand.exists():
        return str(cand)
    return shutil.which("noida-db")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"noida-db exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"noida-db did not answer at {url} within {timeout:.0f} s")


@contextlib.contextmanager
def es_endpoint() -> Iterator[str | None]:
    """Yield an Elasticsearch URL, or ``None`` when neither a cluster nor noida-db is available."""
    url = os.environ.get("HUANJIE_ES_URL")
    if url:
        yield url
        return
    exe = noida_executable()
    if exe is None:
        yield None
        return
    port = _free_port()
    data = tempfile.mkdtemp(prefix="noida-es-")
    log = open(Path(data) / "server.log", "wb")
    proc = subprocess.Popen(
        [exe, "start", "--only", "elasticsearch", "--host", "127.0.0.1",
         "--elasticsearch-port", str(port), "--data-dir", data],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc)
        yield url
    finally:
        # the launcher and the server it spawned share the new session we created: stop that group only
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        log.close()
        shutil.rmtree(data, ignore_errors=True)
