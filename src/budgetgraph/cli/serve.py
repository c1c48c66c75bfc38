"""``budgetgraph serve --store DIR | --endpoint URL``: the SPARQL endpoint and linked-data pages."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from budgetgraph.errors import OutputError
from budgetgraph.namespaces import DEFAULT_BASE

HELP = (
    "serve the SPARQL endpoint, linked-data pages and query catalog "
    "(waitress; read-only unless --update-token)"
)


def register(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--store", type=Path, metavar="DIR", help="the store written by `budgetgraph load`")
    source.add_argument("--endpoint", metavar="URL", help="serve over a remote SPARQL 1.1 query endpoint")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument("--base", default=DEFAULT_BASE, help=f"base IRI of the data (default {DEFAULT_BASE})")
    parser.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="query timeout in seconds (default 10); catalog queries scoped to a unit of at most 16 "
        "document graphs run in the web process and are not stopped",
    )
    parser.add_argument(
        "--row-cap", type=int, default=10000, help="most result rows returned (default 10000)"
    )
    parser.add_argument("--max-request", type=int, default=1 << 20, help="largest request body in bytes")
    parser.add_argument(
        "--workers",
        type=int,
        default=max(2, os.cpu_count() or 2),
        help="query worker processes (default: the number of cores, at least 2)",
    )
    parser.add_argument(
        "--memory",
        action="store_true",
        help="query workers copy the store into memory (faster aggregates; RAM per worker)",
    )
    parser.add_argument("--threads", type=int, default=8, help="waitress threads (default 8)")
    parser.add_argument(
        "--update-token",
        metavar="TOKEN",
        default=os.environ.get("BUDGETGRAPH_UPDATE_TOKEN"),
        help="accept SPARQL Update (POST) from requests with 'Authorization: Bearer TOKEN' "
        "(default: $BUDGETGRAPH_UPDATE_TOKEN; unset: read-only)",
    )


def run(args: argparse.Namespace) -> int:
    import waitress

    from budgetgraph.web import WebConfig, close_app, create_app

    if args.port < 0 or args.port > 65535:
        raise OutputError(f"--port {args.port} is not a port number")
    if args.update_token is not None and (args.endpoint or len(args.update_token) < 16):
        raise OutputError("--update-token needs --store and a token of 16 characters or more")
    config = WebConfig(
        store=args.store,
        endpoint=args.endpoint,
        data_base=args.base,
        query_timeout=args.timeout,
        row_cap=args.row_cap,
        max_request_bytes=args.max_request,
        workers=args.workers,
        in_memory=args.memory,
        update_token=args.update_token,
    )
    app = create_app(config)
    print(
        f"budgetgraph serve: http://{args.host}:{args.port}/ (SPARQL at /sparql)", file=sys.stderr, flush=True
    )
    # a service manager stops us with SIGTERM: leave by SystemExit, so that `finally` stops the
    # query workers and removes the dumps folder (the default action kills without either)
    # (only the main thread may set a handler: run from another thread, the default stays)
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm) if in_main else None
    try:
        waitress.serve(
            app,
            host=args.host,
            port=args.port,
            threads=args.threads,
            max_request_body_size=args.max_request,
            ident="budgetgraph",
        )
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)
        close_app(app)
    return 0


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
