"""``huanjie serve``: the research web app and JSON API on this machine.

Binds to 127.0.0.1 by default, so the corpus is not exposed on the network
unless ``--host`` says so explicitly.
"""
from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--home", help="data folder (default: $HUANJIE_HOME or ./huanjie-data)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1; use 0.0.0.0 only on a trusted network)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--backend", default="embedded", choices=("embedded", "es"),
                        help="search backend: embedded (default) or es ($HUANJIE_ES_URL)")
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from huanjie.config import settings

    cfg = settings(args.home)
    if not cfg.store_path.exists():
        print(f"huanjie serve: no store at {cfg.store_path}; run `huanjie demo`, `huanjie crawl` "
              "or `huanjie ingest` first", file=sys.stderr)
        return 1
    if not 0 < args.port < 65536:
        print(f"huanjie serve: port must be 1-65535, not {args.port}", file=sys.stderr)
        return 2
    problem = port_problem(args.host, args.port)
    if problem:
        print(f"huanjie serve: {problem}", file=sys.stderr)
        return 1
    serve(cfg, host=args.host, port=args.port, backend=args.backend)
    return 0


def port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be served (in use, bad address), or None: checked before slow work starts."""
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.bind((host, port))
    except OSError as exc:
        return f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another with --port"
    return None


def serve(cfg, *, host: str = "127.0.0.1", port: int = 8000, backend: str = "embedded",
          announce: bool = True) -> None:
    """Run the app until interrupted (used by ``serve`` and ``demo``)."""
    import uvicorn

    from search_ui.app import create_app

    app = create_app(cfg, backend_name=backend)
    if announce:
        shown = "127.0.0.1" if host in ("127.0.0.1", "localhost") else host
        print(f"huanjie: serving {cfg.home} at http://{shown}:{port}/  (Ctrl-C to stop)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
