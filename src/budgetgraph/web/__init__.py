"""The web app: SPARQL 1.1 Protocol, linked-data pages and the query catalog, read-only.

``create_app(config)`` is the factory; ``budgetgraph serve`` runs it on waitress. It is an edge: it
turns ``BudgetGraphError`` into HTTP statuses.
"""

from __future__ import annotations

import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException

from budgetgraph.errors import BudgetGraphError, CatalogError, QueryError
from budgetgraph.namespaces import DEFAULT_BASE
from budgetgraph.web.backend import Backend, LocalBackend, RemoteBackend, RemoteEndpoint
from budgetgraph.web.engine import QueryTimeoutError, ServerBusyError
from budgetgraph.web.vocab import Spaces, load_vocabulary


@dataclass(frozen=True)
class WebConfig:
    """How the app runs. Give ``store`` (a store directory) or ``endpoint`` (a remote SPARQL URL)."""

    store: Path | None = None
    endpoint: str | None = None
    data_base: str = DEFAULT_BASE
    query_timeout: float = 10.0
    row_cap: int = 10000
    max_request_bytes: int = 1 << 20
    workers: int = 2
    in_memory: bool = False  # query workers copy the store into memory (faster aggregates, more RAM)
    vocabulary: tuple[Path, ...] | None = None  # folders of .ttl; None: the project's ontology/ and shapes/
    update_token: str | None = None  # SPARQL Update over HTTP, for requests carrying this bearer token


@dataclass
class AppState:
    config: WebConfig
    backend: Backend
    spaces: Spaces
    vocabulary: ox.Store
    dump_cache: tempfile.TemporaryDirectory[str] = field(
        default_factory=lambda: tempfile.TemporaryDirectory(prefix="budgetgraph-dumps-")
    )  # removed when the app is collected or the process exits
    dump_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def dump_dir(self) -> Path:
        return Path(self.dump_cache.name)

    def forget_dumps(self) -> None:
        """Drop the dumps written so far: the store has changed since."""
        with self.dump_lock:
            for written in self.dump_dir.iterdir():
                written.unlink(missing_ok=True)


def state() -> AppState:
    found: AppState = current_app.extensions["budgetgraph"]
    return found


def make_backend(config: WebConfig) -> Backend:
    if config.endpoint:
        graph_prefix = config.data_base + "graph/"
        return RemoteBackend(
            RemoteEndpoint(config.endpoint, config.query_timeout),
            row_cap=config.row_cap,
            graph_prefix=graph_prefix,
        )
    return LocalBackend(
        config.store,
        workers=config.workers,
        row_cap=config.row_cap,
        in_memory=config.in_memory,
        writable=config.update_token is not None,
    )


def _error_response(status: int, message: str) -> Response:
    accept = request.headers.get("Accept", "")
    if "text/html" in accept and "json" not in accept:
        from flask import render_template

        body = render_template("error.html", status=status, message=message)
        return Response(body, status=status, mimetype="text/html")
    return Response(message + "\n", status=status, mimetype="text/plain")


def create_app(config: WebConfig, backend: Backend | None = None) -> Flask:
    """The Flask app over ``config.store`` (read-only) or ``config.endpoint``."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_request_bytes
    app.config["MAX_FORM_MEMORY_SIZE"] = config.max_request_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["budgetgraph"] = AppState(
        config=config,
        backend=backend if backend is not None else make_backend(config),
        spaces=Spaces(config.data_base if config.data_base.endswith(("/", "#")) else config.data_base + "/"),
        vocabulary=load_vocabulary(config.vocabulary),
    )

    from budgetgraph.web.pages import pages
    from budgetgraph.web.protocol import protocol

    app.register_blueprint(protocol)
    app.register_blueprint(pages)

    @app.before_request
    def _limit_url() -> Response | None:
        if len(request.query_string) > config.max_request_bytes:
            return _error_response(414, "the request URL is too long")
        length = request.content_length
        if length is not None and length > config.max_request_bytes:
            return _error_response(413, f"the request body is larger than {config.max_request_bytes} bytes")
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        if request.method in ("GET", "HEAD", "POST", "OPTIONS"):
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, Authorization"
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
            response.headers["Access-Control-Expose-Headers"] = "X-Result-Cap, X-Results-Truncated"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.mimetype == "text/html":
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'",
            )
        vary = response.headers.get("Vary")
        response.headers["Vary"] = vary if vary else "Accept"
        return response

    @app.errorhandler(QueryTimeoutError)
    @app.errorhandler(ServerBusyError)
    def _timeout(error: QueryError) -> Response:
        response = _error_response(503, f"{error}")
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(CatalogError)
    def _catalog(error: CatalogError) -> Response:
        status = 404 if "no catalog query" in str(error) else 400
        return _error_response(status, str(error))

    @app.errorhandler(QueryError)
    def _query(error: QueryError) -> Response:
        return _error_response(400, f"query error: {error}")

    @app.errorhandler(BudgetGraphError)
    def _internal(error: BudgetGraphError) -> Response:
        return _error_response(500, str(error))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        return _error_response(error.code or 500, error.description or error.name)

    return app


def close_app(app: Flask) -> None:
    """Stop the query workers of an app made by ``create_app`` and remove its cached dumps."""
    app_state: AppState = app.extensions["budgetgraph"]
    app_state.backend.close()
    app_state.dump_cache.cleanup()
