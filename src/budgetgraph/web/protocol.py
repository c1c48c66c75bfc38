"""SPARQL 1.1 Protocol at /sparql, the service description, VoID, Graph Store reads and dumps."""

from __future__ import annotations

import gzip
import hmac
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox
from flask import Blueprint, Response, abort, redirect, render_template, request, send_file, url_for
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD
from werkzeug.wrappers import Response as WerkzeugResponse

from budgetgraph.errors import QueryError
from budgetgraph.namespaces import BG, SD, VOID, bind_prefixes
from budgetgraph.store_files import INTERNAL_PREFIX
from budgetgraph.web import state
from budgetgraph.web.engine import DEFAULT_PREFIXES, Solutions, SparqlTask, Triples
from budgetgraph.web.formats import (
    GRAPH_FORMATS,
    HTML,
    RESULT_FORMATS,
    NotAcceptableError,
    negotiate,
    serialize_results,
    serialize_triples,
)
from budgetgraph.web.safety import RefusedQueryError, looks_like_update, screen_query, screen_update

protocol = Blueprint("protocol", __name__)
W3C_FORMATS = {
    "json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "tsv": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "turtle": "http://www.w3.org/ns/formats/Turtle",
    "ntriples": "http://www.w3.org/ns/formats/N-Triples",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "rdfxml": "http://www.w3.org/ns/formats/RDF_XML",
}
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
DUMPS = {"budgetgraph.nq.gz": "application/gzip", "budgetgraph.ttl": "text/turtle"}


def _not_acceptable(error: NotAcceptableError) -> Response:
    return Response(f"{error}\n", status=406, mimetype="text/plain")


def graph_response(graph: Graph, *, html_endpoint: str | None = None) -> Response | WerkzeugResponse:
    """A small rdflib graph (service description, VoID) by content negotiation."""
    offers = (*GRAPH_FORMATS, HTML) if html_endpoint else GRAPH_FORMATS
    try:
        fmt = negotiate(request.headers.get("Accept"), offers, request.args.get("format"))
    except NotAcceptableError as error:
        return _not_acceptable(error)
    if fmt is HTML and html_endpoint:
        return redirect(url_for(html_endpoint))
    body = bind_prefixes(graph).serialize(format=RDFLIB_FORMATS[fmt.key], encoding="utf-8")
    return Response(body, mimetype=fmt.media_type)


def _query_text() -> tuple[str | None, str | None]:
    """(query, update) of a Protocol request, or a 400/415 abort."""
    if request.method == "GET":
        if "update" in request.args:
            return None, request.args["update"]
        queries = request.args.getlist("query")
        if len(queries) > 1:
            abort(400, "more than one query parameter")
        return (queries[0] if queries else None), None
    mimetype = request.mimetype
    if mimetype == "application/sparql-query":
        return request.get_data(as_text=True), None
    if mimetype == "application/sparql-update":
        return None, request.get_data(as_text=True)
    if mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        if "update" in request.form:
            return None, request.form["update"]
        queries = request.form.getlist("query")
        if len(queries) != 1:
            abort(400, "a POST form needs exactly one query parameter")
        return queries[0], None
    abort(415, f"unsupported content type {mimetype!r} (use a form, application/sparql-query)")


def _graph_params() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """default-graph-uri and named-graph-uri, from the URL and (form POSTs) the body."""
    return tuple(request.values.getlist("default-graph-uri")), tuple(
        request.values.getlist("named-graph-uri")
    )


def run_protocol_query(query: str, default: tuple[str, ...], named: tuple[str, ...]) -> Response:
    app_state = state()
    graphs: set[str] | None = None

    def is_local(iri: str) -> bool:
        nonlocal graphs
        if graphs is None:
            graphs = set(app_state.backend.graphs())
        return iri in graphs

    if looks_like_update(query):
        abort(403, "SPARQL Update is switched off: this endpoint is read-only")
    screen_query(query, DEFAULT_PREFIXES, is_local)
    for iri in (*default, *named):
        if not is_local(iri):
            raise RefusedQueryError(f"graph <{iri}> is not in this store (remote graphs are never fetched)")
    outcome = app_state.backend.execute(SparqlTask(query, default, named), app_state.config.query_timeout)
    explicit = request.values.get("format") or None
    try:
        if isinstance(outcome, Triples):
            fmt = negotiate(request.headers.get("Accept"), GRAPH_FORMATS, explicit)
            body = serialize_triples(outcome.triples, fmt, DEFAULT_PREFIXES)
        else:
            fmt = negotiate(request.headers.get("Accept"), RESULT_FORMATS, explicit)
            body = serialize_results(outcome, fmt)
    except NotAcceptableError as error:
        return _not_acceptable(error)
    content_type = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")
    response = Response(body, content_type=content_type)
    response.headers["X-Result-Cap"] = str(app_state.config.row_cap)
    if isinstance(outcome, Solutions | Triples) and outcome.truncated:
        response.headers["X-Results-Truncated"] = "true"
        response.headers["Warning"] = (
            f'199 budgetgraph "results cut at {app_state.config.row_cap} rows: add LIMIT/OFFSET to page"'
        )
    return response


def run_protocol_update(update: str) -> Response:
    """A SPARQL Update, when the server was started with an update token and the request carries
    it (``Authorization: Bearer TOKEN``), over POST only; LOAD and SERVICE are refused."""
    token = state().config.update_token
    if token is None:
        abort(403, "SPARQL Update is switched off: this endpoint is read-only")
    if request.method != "POST":
        abort(405, "SPARQL Update is sent with POST")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        response = Response(
            "SPARQL Update needs the server's update token (Authorization: Bearer …)\n",
            status=401,
            mimetype="text/plain",
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="budgetgraph update"'
        return response
    screen_update(update)
    if INTERNAL_PREFIX in update:
        raise RefusedQueryError("an update may not touch the store's bookkeeping graphs")
    try:
        state().backend.update(update)
    except SyntaxError as error:
        raise QueryError(f"update syntax: {error}") from error
    finally:
        state().forget_dumps()
    return Response(status=204)


@protocol.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response | WerkzeugResponse:
    query, update = _query_text()
    if update is not None:
        return run_protocol_update(update)
    if query is None:
        return graph_response(service_description(), html_endpoint="pages.query_page")
    default, named = _graph_params()
    return run_protocol_query(query, default, named)


def _endpoint_url() -> URIRef:
    return URIRef(url_for("protocol.sparql", _external=True))


def service_description() -> Graph:
    app_state = state()
    graph = Graph()
    service = URIRef(url_for("protocol.sparql", _external=True) + "#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, _endpoint_url()))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for key, iri in W3C_FORMATS.items():
        if key in {f.key for f in (*RESULT_FORMATS, *GRAPH_FORMATS)}:
            graph.add((service, SD.resultFormat, URIRef(iri)))
    dataset = BNode()
    default_graph = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default_graph))
    graph.add((default_graph, RDF.type, SD.Graph))
    graph.add((default_graph, DCTERMS.description, Literal("the union of every document graph", lang="en")))
    for name in app_state.backend.graphs():
        named = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, SD.name, URIRef(name)))
    graph.add(
        (
            service,
            DCTERMS.description,
            Literal(
                f"Read-only. Queries stop after {app_state.config.query_timeout:g} s; results are cut at "
                f"{app_state.config.row_cap} rows (announced by the X-Results-Truncated header); "
                "SERVICE, LOAD and remote FROM are refused. Prefixes bg:, qb:, skos: … are predeclared.",
                lang="en",
            ),
        )
    )
    return graph


@protocol.route("/.well-known/void")
def void() -> Response | WerkzeugResponse:
    app_state = state()
    stats = app_state.backend.statistics(app_state.config.query_timeout)
    graph = Graph()
    dataset = URIRef(url_for("protocol.void", _external=True) + "#budgetgraph")
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("预算/决算公开知识图谱", lang="zh")))
    graph.add((dataset, DCTERMS.title, Literal("Budget and final-accounts disclosures", lang="en")))
    graph.add((dataset, VOID.sparqlEndpoint, _endpoint_url()))
    graph.add((dataset, VOID.uriSpace, Literal(app_state.spaces.data_base)))
    graph.add((dataset, VOID.vocabulary, URIRef(str(BG))))
    for name in DUMPS:
        graph.add((dataset, VOID.dataDump, URIRef(url_for("protocol.dump", name=name, _external=True))))
    graph.add((dataset, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
    graph.add((dataset, VOID.documents, Literal(stats.graphs, datatype=XSD.integer)))
    if stats.distinct_subjects is not None:
        graph.add((dataset, VOID.distinctSubjects, Literal(stats.distinct_subjects, datatype=XSD.integer)))
    if stats.distinct_objects is not None:
        graph.add((dataset, VOID.distinctObjects, Literal(stats.distinct_objects, datatype=XSD.integer)))
    if stats.classes:
        graph.add((dataset, VOID.classes, Literal(len(stats.classes), datatype=XSD.integer)))
        graph.add((dataset, VOID.entities, Literal(sum(n for _, n in stats.classes), datatype=XSD.integer)))
    if stats.properties:
        graph.add((dataset, VOID.properties, Literal(len(stats.properties), datatype=XSD.integer)))
    for iri, count in stats.classes:
        part = BNode()
        graph.add((dataset, VOID.classPartition, part))
        graph.add((part, VOID["class"], URIRef(iri)))
        graph.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    for iri, count in stats.properties:
        part = BNode()
        graph.add((dataset, VOID.propertyPartition, part))
        graph.add((part, VOID.property, URIRef(iri)))
        graph.add((part, VOID.triples, Literal(count, datatype=XSD.integer)))
    return graph_response(graph)


@protocol.route("/rdf-graph-store")
def graph_store() -> Response | WerkzeugResponse:
    """Graph Store Protocol, reads: ?graph=IRI (one document graph) or ?default (the union, as a dump)."""
    if "default" in request.args:
        return redirect(url_for("protocol.dump", name="budgetgraph.ttl"), code=303)
    name = request.args.get("graph")
    if not name:
        abort(400, "give ?graph=IRI or ?default")
    backend = state().backend
    if name not in set(backend.graphs()):
        abort(404, f"no graph <{name}> in this store")
    try:
        fmt = negotiate(request.headers.get("Accept"), GRAPH_FORMATS, request.args.get("format"))
    except NotAcceptableError as error:
        return _not_acceptable(error)
    return Response(
        serialize_triples(backend.graph_triples(name), fmt, DEFAULT_PREFIXES), mimetype=fmt.media_type
    )


@protocol.route("/dumps/")
@protocol.route("/dumps")
def dumps() -> str:
    return render_template("dumps.html", dumps=list(DUMPS))


def _write_dump(name: str, target: Path) -> None:
    backend = state().backend
    partial = target.with_suffix(".partial")
    if name.endswith(".nq.gz"):
        with gzip.open(partial, "wb") as out:
            for graph in backend.graphs():
                node = ox.NamedNode(graph)
                quads = (
                    ox.Quad(t.subject, t.predicate, t.object, node) for t in backend.graph_triples(graph)
                )
                ox.serialize(quads, cast(IO[bytes], out), format=ox.RdfFormat.N_QUADS)
    else:
        with partial.open("wb") as out:
            out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in DEFAULT_PREFIXES.items()).encode())
            for graph in backend.graphs():
                ox.serialize(backend.graph_triples(graph), out, format=ox.RdfFormat.N_TRIPLES)
    partial.replace(target)


@protocol.route("/dumps/<name>")
def dump(name: str) -> Response:
    if name not in DUMPS:
        abort(404, f"no dump named {name!r}")
    app_state = state()
    target = app_state.dump_dir / name
    with app_state.dump_lock:
        if not target.exists():
            _write_dump(name, target)
    return send_file(target, mimetype=DUMPS[name], as_attachment=False, download_name=name)
