"""The endpoint, run for real on waitress and queried over HTTP with sparqlwrapper, in every format."""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import os
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, URLENCODED, XML
from SPARQLWrapper import SPARQLWrapper as Wrapper

from budgetgraph import queries
from budgetgraph.iris import Minter
from budgetgraph.namespaces import BG, SD, VOID
from budgetgraph.store import open_store
from budgetgraph.web import WebConfig
from webdata import DOCS, HTML_LABEL, LiveServer, load_store, write_docs

MINTER = Minter()
AMOUNT_QUERY = """SELECT ?code ?amount WHERE {
  ?line bg:code ?code . ?figure bg:line ?line ; bg:amount ?amount ; bg:column ?c .
  FILTER NOT EXISTS { ?c bg:spendingKind ?k } } ORDER BY ?code"""
CONSTRUCT_QUERY = "CONSTRUCT { ?line bg:code ?code } WHERE { ?line bg:code ?code }"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("web")
    trig = write_docs(root / "docs.trig")
    load_store(root / "store", trig)
    return root / "store", trig


@pytest.fixture(scope="module")
def server(data: tuple[Path, Path]) -> Iterator[LiveServer]:
    live = LiveServer(WebConfig(store=data[0], query_timeout=20, workers=2))
    yield live
    live.close()


def expected_amounts(trig: Path) -> list[tuple[str, Decimal]]:
    store = ox.Store()
    store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    result = store.query(AMOUNT_QUERY, prefixes={"bg": str(BG)}, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return sorted((s["code"].value, Decimal(s["amount"].value)) for s in result)  # type: ignore[union-attr]


def wrapper(
    server: LiveServer, query: str, fmt: str, method: str = "GET", request_method: str = URLENCODED
) -> Wrapper:
    client = Wrapper(server.url + "/sparql")
    client.setQuery("PREFIX bg: <https://w3id.org/budgetgraph/def#>\n" + query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    client.setRequestMethod(request_method)
    return client


def rows_of(fmt: str, body: object) -> list[tuple[str, Decimal]]:
    if fmt == JSON:
        assert isinstance(body, dict)
        return sorted(
            (b["code"]["value"], Decimal(b["amount"]["value"])) for b in body["results"]["bindings"]
        )
    if fmt == XML:
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = body.documentElement if hasattr(body, "documentElement") else None
        assert root is not None
        tree = ET.fromstring(root.toxml())
        rows = []
        for result in tree.iterfind(".//r:result", ns):
            cells = {b.get("name"): b[0].text for b in result.iterfind("r:binding", ns)}
            rows.append((str(cells["code"]), Decimal(str(cells["amount"]))))
        return sorted(rows)
    text = body.decode() if isinstance(body, bytes) else str(body)
    if fmt == CSV:
        reader = list(csv.reader(io.StringIO(text)))
        assert reader[0] == ["code", "amount"]
        return sorted((r[0], Decimal(r[1])) for r in reader[1:])
    lines = text.strip().split("\n")
    assert lines[0] == "?code\t?amount"
    parsed = []
    for line in lines[1:]:
        code, amount = line.split("\t")
        parsed.append((code.strip('"'), Decimal(amount.split("^^")[0].strip('"'))))
    return sorted(parsed)


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
@pytest.mark.parametrize(
    ("method", "request_method"), [("GET", URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]
)
def test_select_in_every_result_format_and_method(
    server: LiveServer, data: tuple[Path, Path], fmt: str, method: str, request_method: str
) -> None:
    body = wrapper(server, AMOUNT_QUERY, fmt, method, request_method).query().convert()
    assert rows_of(fmt, body) == expected_amounts(data[1])
    assert len(expected_amounts(data[1])) == sum(len(d.lines) + len(d.projects) for d in DOCS) - sum(
        len(d.projects) for d in DOCS
    )


@pytest.mark.parametrize("fmt", [JSON, XML])
@pytest.mark.parametrize(
    ("query", "answer"), [('ASK { ?l bg:code "20101" }', True), ('ASK { ?l bg:code "999" }', False)]
)
def test_ask(server: LiveServer, fmt: str, query: str, answer: bool) -> None:
    body = wrapper(server, query, fmt).query().convert()
    if fmt == JSON:
        assert isinstance(body, dict) and body["boolean"] is answer
    else:
        assert body.documentElement.getElementsByTagName("boolean")[0].firstChild.data == str(answer).lower()  # type: ignore[union-attr]


def expected_construct() -> Graph:
    graph = Graph()
    for doc in DOCS:
        for row, (code, *_rest) in enumerate(doc.lines, start=1):
            graph.add((URIRef(str(MINTER.line(doc.sha256, 1, row))), BG.code, Literal(code)))
    return graph


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [(TURTLE, "turtle"), (N3, "turtle"), (JSONLD, "json-ld"), (RDFXML, "xml")]
)
def test_construct_in_every_graph_format(server: LiveServer, fmt: str, rdflib_format: str) -> None:
    response = wrapper(server, CONSTRUCT_QUERY, fmt).query()
    graph = Graph()
    graph.parse(data=response.response.read(), format=rdflib_format)
    assert isomorphic(graph, expected_construct())


def fetch(
    url: str, accept: str | None = None, data: bytes | None = None, content_type: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    headers = {}
    if accept:
        headers["Accept"] = accept
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def sparql_url(server: LiveServer, query: str, **params: str) -> str:
    return server.url + "/sparql?" + urllib.parse.urlencode({"query": query, **params})


@pytest.mark.parametrize(
    ("accept", "fmt", "media"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml", None, "application/sparql-results+xml"),
        (
            "application/sparql-results+json;q=0.1, text/tab-separated-values;q=0.9",
            None,
            "text/tab-separated-values",
        ),
        ("text/*", None, "text/csv"),
        ("application/sparql-results+xml", "csv", "text/csv"),
        (None, None, "application/sparql-results+json"),
    ],
)
def test_accept_q_values_and_format_override(
    server: LiveServer, accept: str | None, fmt: str | None, media: str
) -> None:
    extra = {"format": fmt} if fmt else {}
    status, headers, _ = fetch(sparql_url(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", **extra), accept)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == media


def test_not_acceptable(server: LiveServer) -> None:
    status, _, body = fetch(sparql_url(server, "ASK {}"), "image/png")
    assert status == 406 and b"image/png" in body


def test_syntax_error_is_400_with_the_parser_message(server: LiveServer) -> None:
    status, _, body = fetch(sparql_url(server, "SELEC ?x WHERE { ?x ?p ?o }"))
    assert status == 400
    assert b"error at 1:" in body


def test_service_description(server: LiveServer) -> None:
    status, headers, body = fetch(server.url + "/sparql", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    services = list(graph.subjects(predicate=None, object=SD.Service))
    assert len(services) == 1
    assert (services[0], SD.endpoint, URIRef(server.url + "/sparql")) in graph
    names = {str(o) for o in graph.objects(predicate=SD.name)}
    assert names == {str(MINTER.graph_name(d.sha256)) for d in DOCS}


def test_void_statistics_match_the_store(server: LiveServer, data: tuple[Path, Path]) -> None:
    status, _, body = fetch(server.url + "/.well-known/void", "text/turtle")
    assert status == 200
    graph = Graph().parse(data=body, format="turtle")
    store = open_store(data[0], read_only=True)
    dataset = next(graph.subjects(predicate=None, object=VOID.Dataset))
    triples = int(graph.value(dataset, VOID.triples))  # type: ignore[arg-type]
    assert triples == len(store)
    assert int(graph.value(dataset, VOID.documents)) == len(DOCS)  # type: ignore[arg-type]
    figures = [
        p for p in graph.objects(dataset, VOID.classPartition) if graph.value(p, VOID["class"]) == BG.Figure
    ]
    assert int(graph.value(figures[0], VOID.entities)) == 3 * sum(len(d.lines) for d in DOCS) + sum(  # type: ignore[arg-type]
        len(d.projects) for d in DOCS
    )


def test_default_and_named_graph_parameters(server: LiveServer) -> None:
    first = str(MINTER.graph_name(DOCS[0].sha256))
    query = "SELECT (COUNT(DISTINCT ?l) AS ?n) WHERE { ?l <https://w3id.org/budgetgraph/def#code> ?c }"
    _, _, body = fetch(sparql_url(server, query, **{"default-graph-uri": first}))
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(DOCS[0].lines)
    named = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    _, _, body = fetch(sparql_url(server, named, **{"named-graph-uri": first}))
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [first]
    form = urllib.parse.urlencode({"query": query, "default-graph-uri": first}).encode()
    _, _, body = fetch(server.url + "/sparql", data=form, content_type="application/x-www-form-urlencoded")
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(DOCS[0].lines)


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")],
)
def test_graph_store_protocol_reads(
    server: LiveServer, data: tuple[Path, Path], fmt: str, rdflib_format: str
) -> None:
    name = str(MINTER.graph_name(DOCS[1].sha256))
    status, headers, body = fetch(
        server.url + "/rdf-graph-store?" + urllib.parse.urlencode({"graph": name}), fmt
    )
    assert status == 200 and headers["Content-Type"].startswith(fmt)
    from rdflib import Dataset

    source = Dataset().parse(data[1], format="trig").graph(URIRef(name))
    assert isomorphic(Graph().parse(data=body, format=rdflib_format), source)
    assert fetch(server.url + "/rdf-graph-store?graph=http://example.org/none")[0] == 404


def test_dumps(server: LiveServer, data: tuple[Path, Path]) -> None:
    status, _, body = fetch(server.url + "/dumps/budgetgraph.nq.gz")
    assert status == 200
    store = ox.Store()
    store.load(gzip.decompress(body), format=ox.RdfFormat.N_QUADS)
    assert len(store) == len(open_store(data[0], read_only=True))
    status, _, body = fetch(server.url + "/dumps/budgetgraph.ttl")
    assert status == 200 and len(Graph().parse(data=body, format="turtle")) > 0
    assert fetch(server.url + "/dumps")[0] == 200


def test_cors_on_reads(server: LiveServer) -> None:
    _, headers, _ = fetch(sparql_url(server, "ASK {}"))
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_row_cap_is_announced(data: tuple[Path, Path]) -> None:
    live = LiveServer(WebConfig(store=data[0], row_cap=5, workers=1))
    try:
        status, headers, body = fetch(sparql_url(live, "SELECT * WHERE { ?s ?p ?o }"))
        assert status == 200 and headers["X-Results-Truncated"] == "true" and headers["X-Result-Cap"] == "5"
        assert len(json.loads(body)["results"]["bindings"]) == 5
        status, headers, _ = fetch(sparql_url(live, "SELECT * WHERE { ?s ?p ?o } LIMIT 5"))
        assert "X-Results-Truncated" not in headers
        status, headers, body = fetch(live.url + "/queries/expenditure_by_function.csv")
        assert headers["X-Results-Truncated"] == "true" and len(body.decode().strip().split("\n")) == 6
        status, _, body = fetch(live.url + "/queries/expenditure_by_function", "text/html")
        assert "结果已截断" in body.decode()
    finally:
        live.close()


# ------------------------------------------------------------------------------ catalog over HTTP
@pytest.mark.parametrize("name", ["expenditure_by_function", "projects", "documents"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_catalog_queries_over_http_match_run_query(
    server: LiveServer, data: tuple[Path, Path], name: str, fmt: str
) -> None:
    unit = DOCS[0].unit
    url = f"{server.url}/queries/{name}.{fmt}?" + urllib.parse.urlencode({"unitName": unit})
    status, _, body = fetch(url)
    assert status == 200
    local = queries.run_query(
        queries.load_query(name), open_store(data[0], read_only=True).store, {"unitName": unit}
    )
    assert body.decode() == queries.render_table(local, fmt)
    assert local.rows and all(row[0] == unit for row in local.rows)


def test_catalog_html_has_table_and_chart(server: LiveServer) -> None:
    status, _, body = fetch(server.url + "/queries/expenditure_by_function", "text/html")
    page = body.decode()
    assert status == 200 and "<svg" in page and page.count("<rect") == sum(len(d.lines) for d in DOCS)
    assert "56,789.01" in page  # amounts formatted
    assert HTML_LABEL not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize(
    ("url", "status"),
    [("/queries/nope", 404), ("/queries/projects?year=abc", 400), ("/queries/projects?bogus=1", 400)],
)
def test_catalog_errors(server: LiveServer, url: str, status: int) -> None:
    assert fetch(server.url + url)[0] == status


def test_workers_in_memory_answer_the_same(server: LiveServer, data: tuple[Path, Path]) -> None:
    live = LiveServer(WebConfig(store=data[0], workers=1, in_memory=True))
    try:
        for name in ("expenditure_by_function", "projects"):
            assert fetch(f"{live.url}/queries/{name}.csv")[2] == fetch(f"{server.url}/queries/{name}.csv")[2]
        assert rows_of(
            CSV,
            fetch(
                sparql_url(live, "PREFIX bg: <https://w3id.org/budgetgraph/def#>\n" + AMOUNT_QUERY),
                "text/csv",
            )[2],
        ) == expected_amounts(data[1])
    finally:
        live.close()


def test_serve_command_runs_from_another_thread(
    data: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the main thread may set a signal handler: `serve` run from another thread (embedded in
    a tool) keeps the default SIGTERM action instead of failing with ValueError."""
    import threading

    import waitress

    from budgetgraph.cli import main

    served: list[str] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **options: served.append(options["ident"]))
    codes: list[int] = []
    thread = threading.Thread(
        target=lambda: codes.append(main(["serve", "--store", str(data[0]), "--workers", "1"]))
    )
    thread.start()
    thread.join(60)
    assert codes == [0] and served == ["budgetgraph"]


def test_serve_command_runs_waitress(data: tuple[Path, Path], tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    entry = "import sys; from budgetgraph.cli import main; sys.exit(main())"
    command = [
        sys.executable,
        "-c",
        entry,
        "serve",
        "--store",
        str(data[0]),
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    environment = {**os.environ, "TMPDIR": str(scratch)}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    try:
        deadline = time.monotonic() + 60
        while True:
            status, headers, body = (0, {}, b"")
            with contextlib.suppress(OSError):
                status, headers, body = fetch(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D")
            if status == 200 or time.monotonic() > deadline or process.poll() is not None:
                break
            time.sleep(0.3)
        assert status == 200 and json.loads(body)["boolean"] is True
        assert headers["Server"] == "budgetgraph"  # waitress, not the Flask development server
        assert [p.name[:18] for p in scratch.iterdir()] == ["budgetgraph-dumps-"]
    finally:
        process.terminate()
        process.wait(30)
    # stopped by SIGTERM, as a service manager does: the workers stop and the dumps folder goes
    assert process.returncode == 0
    assert list(scratch.iterdir()) == []


def test_unit_scoped_catalog_queries_run_in_the_web_process(
    data: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog query scoped to a unit named by a few graphs runs in the request's thread, with the
    rows a query worker gives; unscoped, or over more graphs than IN_PROCESS_GRAPHS, it goes to a
    worker (which a timeout can stop)."""
    from budgetgraph.web import backend as backend_module
    from budgetgraph.web.backend import LocalBackend

    local = LocalBackend(data[0], workers=1)
    try:
        units = sorted({str(row[0]) for row in local.run_catalog("documents", {}, 60).rows})
        assert units
        names = [q.name for q in queries.catalog() if any(p.name == "unitName" for p in q.parameters)]
        expected = {}
        monkeypatch.setattr(backend_module, "IN_PROCESS_GRAPHS", 0)  # every query to the worker
        for name in names:
            for unit in units:
                expected[name, unit] = local.run_catalog(name, {"unitName": unit}, 60)
        monkeypatch.setattr(backend_module, "IN_PROCESS_GRAPHS", 16)
        calls: list[object] = []
        original = local.pool.call
        monkeypatch.setattr(
            local.pool, "call", lambda task, timeout: calls.append(task) or original(task, timeout)
        )
        for (name, unit), table in expected.items():
            assert local.run_catalog(name, {"unitName": unit}, 60) == table, (name, unit)
        assert calls == []
        local.run_catalog("documents", {}, 60)
        local.run_catalog("documents", {"unitName": "无此单位"}, 60)
        assert len(calls) == 2
    finally:
        local.close()
