"""Attacks on the endpoint: each is refused or defused, and the server keeps answering."""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest

from budgetgraph.web import WebConfig
from budgetgraph.web.safety import RefusedQueryError, dataset_iris, looks_like_update, screen_query
from webdata import HTML_LABEL, LiveServer, load_store, write_docs

EXPONENTIAL = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"
)
TIMEOUT = 2.0
LABELLED = (
    "SELECT ?l WHERE { ?l <https://w3id.org/budgetgraph/def#printedLabel> ?x "
    'FILTER(CONTAINS(?x, "<script>")) }'
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("attacks")
    load_store(root / "store", write_docs(root / "docs.trig"))
    live = LiveServer(
        WebConfig(store=root / "store", query_timeout=TIMEOUT, workers=2, max_request_bytes=64 * 1024)
    )
    yield live
    live.close()


def request(
    url: str, data: bytes | None = None, content_type: str | None = None, accept: str | None = None
) -> tuple[int, str]:
    headers = {}
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=data, headers=headers), timeout=60
        ) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def still_answers(server: LiveServer) -> None:
    status, body = request(server.url + "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
    assert status == 200 and json.loads(body)["boolean"] is True


class Listener:
    """A loopback TCP port that records whether anything connected to it."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(5)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.socket.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "PREFIX x: <http://127.0.0.1:{port}/>\nSELECT * WHERE {{ SERVICE x:sparql {{ ?s ?p ?o }} }}",
        "SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <http://127.0.0.1:{port}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
def test_federation_and_remote_graphs_are_refused_and_nothing_leaves(
    server: LiveServer, template: str, method: str
) -> None:
    listener = Listener()
    try:
        query = template.format(port=listener.port)
        if method == "GET":
            status, body = request(server.url + "/sparql?" + urllib.parse.urlencode({"query": query}))
        elif method == "POST-form":
            status, body = request(
                server.url + "/sparql",
                urllib.parse.urlencode({"query": query}).encode(),
                "application/x-www-form-urlencoded",
            )
        else:
            status, body = request(server.url + "/sparql", query.encode(), "application/sparql-query")
        assert status == 400 and "refused" in body
    finally:
        listener.close()
    assert listener.connections == 0
    still_answers(server)


def test_remote_default_graph_uri_is_refused(server: LiveServer) -> None:
    query = urllib.parse.urlencode({"query": "ASK {}", "default-graph-uri": "http://127.0.0.1:9/x.ttl"})
    status, body = request(server.url + "/sparql?" + query)
    assert status == 400 and "never fetched" in body


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (
            urllib.parse.urlencode({"update": "LOAD <http://127.0.0.1:9/x.ttl>"}).encode(),
            "application/x-www-form-urlencoded",
        ),
        (b"LOAD <http://127.0.0.1:9/x.ttl>", "application/sparql-update"),
        (b"DROP ALL", "application/sparql-update"),
        (b"INSERT DATA { <http://a> <http://b> <http://c> }", "application/sparql-query"),
        (urllib.parse.urlencode({"query": "CLEAR ALL"}).encode(), "application/x-www-form-urlencoded"),
    ],
)
def test_updates_and_load_are_refused(server: LiveServer, data: bytes, content_type: str) -> None:
    status, body = request(server.url + "/sparql", data, content_type)
    assert status == 403 and "read-only" in body
    still_answers(server)


def test_an_exponential_query_is_stopped_while_others_are_answered(server: LiveServer) -> None:
    outcome: dict[str, tuple[int, str]] = {}

    def runaway() -> None:
        outcome["runaway"] = request(server.url + "/sparql", EXPONENTIAL.encode(), "application/sparql-query")

    still_answers(server)  # both workers up (the pool hands them out in turn)
    still_answers(server)
    thread = threading.Thread(target=runaway)
    thread.start()
    still_answers(server)  # answered while the runaway query runs
    assert "runaway" not in outcome
    thread.join(60)
    status, body = outcome["runaway"]
    assert status == 503 and "stopped" in body
    still_answers(server)
    still_answers(server)


def test_a_huge_post_is_refused(server: LiveServer) -> None:
    huge = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (2 * 1024 * 1024)
    status, _ = request(server.url + "/sparql", huge, "application/sparql-query")
    assert status == 413
    form = urllib.parse.urlencode({"query": "ASK {}" + " " * (200 * 1024)}).encode()
    status, _ = request(server.url + "/sparql", form, "application/x-www-form-urlencoded")
    assert status == 413
    still_answers(server)


def test_html_in_a_literal_is_escaped_on_every_page(server: LiveServer) -> None:
    pages = ["/queries/expenditure_by_function", "/"]
    status, body = request(server.url + "/sparql?" + urllib.parse.urlencode({"query": LABELLED}))
    line = json.loads(body)["results"]["bindings"][0]["l"]["value"]
    pages.append("/id/" + line.split("/id/", 1)[1])
    for page in pages:
        status, html = request(server.url + page, accept="text/html")
        assert status == 200
        assert HTML_LABEL not in html and "<script>alert" not in html
    # and an HTML error message echoes nothing raw
    status, html = request(server.url + "/id/%3Cscript%3Ealert(1)%3C%2Fscript%3E", accept="text/html")
    assert status == 404 and "<script>alert(1)" not in html


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("SELECT * WHERE { ?s ?p 'SERVICE <http://x>' }", False),  # in a string
        ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x>", False),  # in a comment
        ("SELECT ?service WHERE { ?service ?p ?o }", False),  # a variable
        ("SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }", False),  # in an IRI
        ("SELECT * WHERE { SeRvIcE <http://x> { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s ?p ?o . SERVICE\n<http://x> {} }", True),
        ("SELECT * FROM <http://local/g> WHERE { ?s ?p ?o }", False),
        ("PREFIX g: <http://local/>\nSELECT * FROM g:g WHERE { ?s ?p ?o }", False),
        ("PREFIX g: <http://remote/>\nSELECT * FROM g:g WHERE { ?s ?p ?o }", True),
        ("SELECT * FROM NAMED <http://remote/g> WHERE { ?s ?p ?o }", True),
    ],
)
def test_screen(query: str, refused: bool) -> None:
    def local(iri: str) -> bool:
        return iri == "http://local/g"

    if refused:
        with pytest.raises(RefusedQueryError):
            screen_query(query, {}, local)
    else:
        screen_query(query, {}, local)


def test_lexer_helpers() -> None:
    assert dataset_iris("PREFIX a: <http://a/>\nSELECT * FROM a:x FROM NAMED <http://b> {}", {}) == [
        "http://a/x",
        "http://b",
    ]
    assert looks_like_update("PREFIX a: <http://a/>\nINSERT DATA { a:x a:y a:z }")
    assert not looks_like_update("PREFIX a: <http://a/>\nSELECT * { ?insert ?p ?o }")
