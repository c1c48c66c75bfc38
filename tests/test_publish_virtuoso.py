"""publish to, and serve over, a real Virtuoso started on loopback (skipped when it is not installed)."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from SPARQLWrapper import JSON, N3
from SPARQLWrapper import SPARQLWrapper as Wrapper

from budgetgraph import queries
from budgetgraph.iris import Minter
from budgetgraph.publish import GraphFailed, GraphPublished, PublishTarget, publish_graph, publish_store
from budgetgraph.store import GraphStore, open_store
from budgetgraph.web import WebConfig
from budgetgraph.web.engine import compute_statistics
from test_web_remote import void_figures
from webdata import DOCS, LiveServer, load_store, write_docs

MINTER = Minter()
VSP = Path("/var/lib/virtuoso-opensource-7/vsp")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {root}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if binary is None or isql is None:
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
    directory = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    root = VSP if VSP.is_dir() else directory
    (directory / "virtuoso.ini").write_text(INI.format(d=directory, sql=sql, http=http, root=root))
    process = subprocess.Popen(
        [binary, "-f", "-c", str(directory / "virtuoso.ini")],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http}/sparql"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Virtuoso did not start: see {directory / 'virtuoso.log'}")
            time.sleep(0.5)
        subprocess.run(
            [isql, f"127.0.0.1:{sql}", "dba", "dba", 'exec=grant SPARQL_UPDATE to "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> tuple[GraphStore, Path]:
    root = tmp_path_factory.mktemp("publish")
    trig = write_docs(root / "docs.trig")
    load_store(root / "store", trig)
    return open_store(root / "store", read_only=True), trig


def by_value(graph: Graph) -> Graph:
    """Numbers compared by value: Virtuoso keeps the value of 1000.00, not its lexical form, and
    gives a zero decimal the type xsd:integer."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in (XSD.decimal, XSD.integer):
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def remote_graph(endpoint: str, graph: str) -> Graph:
    client = Wrapper(endpoint)
    client.setQuery(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    client.setReturnFormat(N3)
    return by_value(Graph().parse(data=client.query().response.read(), format="turtle"))


def local_graph(store: GraphStore, graph: str) -> Graph:
    data = ox.serialize([q.triple for q in store.graph_quads(graph)], format=ox.RdfFormat.N_TRIPLES) or b""
    return by_value(Graph().parse(data=data, format="nt"))


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_publish_puts_every_graph_in_batches(
    virtuoso: str, local: tuple[GraphStore, Path], method: str
) -> None:
    store, _ = local
    graph_store = virtuoso + "-graph-crud" if method == "gsp" else None
    target = PublishTarget(endpoint=virtuoso, graph_store=graph_store, batch_triples=97)
    outcomes = publish_store(store, target)
    assert all(isinstance(o, GraphPublished) for o in outcomes), outcomes
    assert len(outcomes) == len(DOCS)
    for outcome in outcomes:
        assert isinstance(outcome, GraphPublished)
        assert outcome.requests >= outcome.triples // 97
        assert isomorphic(remote_graph(virtuoso, outcome.graph), local_graph(store, outcome.graph))


@pytest.mark.parametrize("graph_store", [True, False])
def test_publishing_again_replaces_the_graph(virtuoso: str, tmp_path: Path, graph_store: bool) -> None:
    changed = replace(DOCS[0], lines=DOCS[0].lines[:1])
    trig = write_docs(tmp_path / "changed.trig", (changed,))
    store = open_store(tmp_path / "store")
    store.load_file(trig)
    name = str(MINTER.graph_name(changed.sha256))
    target = PublishTarget(virtuoso, virtuoso + "-graph-crud" if graph_store else None, batch_triples=500)
    publish_graph(name, (q.triple for q in store.graph_quads(name)), target)
    assert isomorphic(remote_graph(virtuoso, name), local_graph(store, name))
    publish_graph(name, (q.triple for q in open_store_full(tmp_path).graph_quads(name)), target)
    assert isomorphic(remote_graph(virtuoso, name), local_graph(open_store_full(tmp_path), name))


def open_store_full(tmp_path: Path) -> GraphStore:
    full = tmp_path / "full"
    if not full.exists():
        load_store(full, write_docs(tmp_path / "full.trig"))
    return open_store(full, read_only=True)


@pytest.fixture(scope="module")
def served(virtuoso: str, local: tuple[GraphStore, Path]) -> Iterator[LiveServer]:
    publish_store(local[0], PublishTarget(virtuoso, virtuoso + "-graph-crud"))
    live = LiveServer(WebConfig(endpoint=virtuoso, query_timeout=30))
    yield live
    live.close()


def records(table: queries.ResultTable) -> list[tuple[object, ...]]:
    return sorted(
        (
            tuple(Decimal(str(v)) if isinstance(v, int | float | Decimal) else v for v in row)
            for row in table.rows
        ),
        key=repr,
    )


@pytest.mark.parametrize("name", ["expenditure_by_function", "projects", "documents"])
def test_serve_over_virtuoso_runs_the_catalog(
    served: LiveServer, local: tuple[GraphStore, Path], name: str
) -> None:
    with urllib.request.urlopen(f"{served.url}/queries/{name}.json", timeout=60) as response:
        rows = json.loads(response.read())
    query = queries.load_query(name)
    expected = queries.run_query(query, local[0].store)
    got = queries.ResultTable(query.columns, tuple(tuple(r[c] for c in query.columns) for r in rows))
    assert expected.rows and records(got) == records(expected)


def test_serve_over_virtuoso_pages_and_protocol(served: LiveServer) -> None:
    unit = str(MINTER.unit(DOCS[0].unit))
    request = urllib.request.Request(
        served.url + "/id/" + unit.split("/id/", 1)[1], headers={"Accept": "text/html"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        page = response.read().decode()
    assert f"<h1>{DOCS[0].unit}</h1>" in page and "/id/document/" in page
    client = Wrapper(served.url + "/sparql")
    client.setQuery("SELECT ?code WHERE { ?l <https://w3id.org/budgetgraph/def#code> ?code } ORDER BY ?code")
    client.setReturnFormat(JSON)
    codes = [b["code"]["value"] for b in client.query().convert()["results"]["bindings"]]  # type: ignore[index]
    assert codes == sorted(code for d in DOCS for code, *_ in d.lines)
    refused = urllib.parse.urlencode(
        {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(served.url + "/sparql?" + refused, timeout=60)
    assert error.value.code == 400


def test_serve_over_virtuoso_void_statistics_equal_the_local_stores(
    served: LiveServer, local: tuple[GraphStore, Path]
) -> None:
    stats = compute_statistics(local[0].store)
    counts, classes, properties = void_figures(served.url)
    assert counts["triples"] == stats.triples and counts["documents"] == len(DOCS)
    assert counts["distinctSubjects"] == stats.distinct_subjects
    assert counts["distinctObjects"] == stats.distinct_objects
    assert sorted(classes.items()) == list(stats.classes)
    assert sorted(properties.items()) == list(stats.properties)


class Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503 to the first two requests, then 201; records what it got."""

    calls: ClassVar[list[tuple[str, bytes]]] = []

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Flaky.calls.append((self.command, body))
        self.send_response(503 if len(Flaky.calls) <= 2 else 201)
        self.end_headers()

    do_PUT = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        return None


def test_failed_requests_are_retried_and_a_dead_store_is_reported() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        triples = [
            ox.Triple(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal(str(i)))
            for i in range(5)
        ]
        outcome = publish_graph("http://g", triples, PublishTarget(url, url, batch_triples=2, pause=0.01))
        assert outcome.retries == 2 and outcome.triples == 5
        assert [c for c, _ in Flaky.calls] == ["PUT", "PUT", "PUT", "POST", "POST"]
        assert sum(body.count(b"\n") for _, body in Flaky.calls[2:]) == 5
    finally:
        server.shutdown()
    dead = f"http://127.0.0.1:{free_port()}/sparql"
    store = GraphStore(None)
    store.store.add(
        ox.Quad(
            ox.NamedNode("http://a"),
            ox.NamedNode("http://b"),
            ox.Literal("1"),
            ox.NamedNode(str(MINTER.graph_name("0" * 64))),
        )
    )
    outcomes = publish_store(store, PublishTarget(dead, retries=1, pause=0.01))
    assert len(outcomes) == 1 and isinstance(outcomes[0], GraphFailed) and dead in outcomes[0].message
