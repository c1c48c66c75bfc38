"""Linked-data pages (HTML and RDF by conneg or suffix), the query page and the catalog."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from budgetgraph import queries
from budgetgraph.iris import Minter
from budgetgraph.namespaces import BG, BGCODE, BGSH
from budgetgraph.web import state
from budgetgraph.web.chart import bar_chart
from budgetgraph.web.engine import DEFAULT_PREFIXES
from budgetgraph.web.formats import (
    GRAPH_FORMATS,
    HTML,
    NotAcceptableError,
    by_key,
    negotiate,
    serialize_triples,
)
from budgetgraph.web.views import Describer, format_amount
from budgetgraph.web.vocab import SPACE_PATHS, compact, vocabulary_label, vocabulary_terms

pages = Blueprint("pages", __name__)
SUFFIXES = {"ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "rdf": "rdfxml", "html": "html"}
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
CATALOG_FORMATS = ("html", "csv", "json", "tsv")


def describer() -> Describer:
    app_state = state()
    return Describer(app_state.backend, app_state.vocabulary, app_state.spaces)


def raw_rest(prefix: str, decoded: str) -> str:
    """The path after ``prefix`` as the client sent it (percent-encoding kept, hex upper-cased)."""
    raw = request.environ.get("REQUEST_URI") or request.environ.get("RAW_URI")
    if raw:
        path = raw.split("?", 1)[0]
        if path.startswith(prefix):
            return _PERCENT.sub(lambda m: m.group().upper(), path[len(prefix) :])
    return "/".join(quote(part, safe="") for part in decoded.split("/"))


def _choose(explicit: str | None) -> str:
    """The format key of a page: a suffix or ``format=`` wins, else the Accept header."""
    try:
        return negotiate(
            request.headers.get("Accept"), (HTML, *GRAPH_FORMATS), explicit or request.args.get("format")
        ).key
    except NotAcceptableError as error:
        abort(406, str(error))


def _rdf(triples: list[ox.Triple], key: str) -> Response:
    fmt = by_key(key, GRAPH_FORMATS)
    assert fmt is not None
    return Response(serialize_triples(triples, fmt, DEFAULT_PREFIXES), mimetype=fmt.media_type)


def serve_resource(space: str, rest: str) -> Response | str:
    app_state = state()
    iri = app_state.spaces.iri_for_path(space, rest)
    view_describer = describer()
    explicit: str | None = None
    view = view_describer.describe(iri)
    if view is None and "." in rest.rsplit("/", 1)[-1]:
        stem, _, suffix = rest.rpartition(".")
        if suffix in SUFFIXES:
            iri = app_state.spaces.iri_for_path(space, stem)
            explicit = SUFFIXES[suffix]
            view = view_describer.describe(iri)
    if view is None:
        if iri in set(app_state.backend.graphs()):
            key = _choose(explicit)
            if key == "html":
                return render_template("graph.html", iri=iri, size=len(app_state.backend.graph_triples(iri)))
            return _rdf(app_state.backend.graph_triples(iri), key)
        abort(404, f"nothing is known about <{iri}>")
    key = _choose(explicit)
    if key != "html":
        return _rdf(view_describer.triples(iri), key)
    local = app_state.spaces.local_path(iri) or iri
    alternates = {name: f"{local}.{suffix}" for suffix, name in SUFFIXES.items() if name != "html"}
    return render_template(
        "resource.html", view=view, alternates=alternates, gsp=url_for("protocol.graph_store")
    )


@pages.route("/id/<path:rest>")
def data_resource(rest: str) -> Response | str:
    return serve_resource("id", raw_rest("/id/", rest))


@pages.route("/code/<path:rest>")
def code_resource(rest: str) -> Response | str:
    return serve_resource("code", raw_rest("/code/", rest))


def vocabulary_document(space: str, suffix: str | None) -> Response | str:
    """The ontology (/def) or the shapes (/shapes): hash IRIs, so one document holds every term."""
    app_state = state()
    namespace = SPACE_PATHS[space]
    if suffix is not None and suffix not in SUFFIXES:
        abort(404)
    key = _choose(SUFFIXES[suffix] if suffix else None)
    terms = vocabulary_terms(app_state.vocabulary, namespace)
    view_describer = describer()
    if key != "html":
        triples = [t for term in terms for t in view_describer.triples(term)]
        return _rdf(triples, key)
    views = [v for v in (view_describer.describe(term) for term in terms) if v is not None]
    title = "预算本体 Budget ontology" if space == "def" else "校验规则 SHACL shapes"
    return render_template("vocabulary.html", title=title, namespace=namespace, views=views, space=space)


@pages.route("/def")
@pages.route("/def.<suffix>")
def ontology(suffix: str | None = None) -> Response | str:
    return vocabulary_document("def", suffix)


@pages.route("/shapes")
@pages.route("/shapes.<suffix>")
def shapes(suffix: str | None = None) -> Response | str:
    return vocabulary_document("shapes", suffix)


@pages.route("/")
def home() -> str:
    app_state = state()
    graphs = app_state.backend.graphs()
    documents = []
    for graph in graphs[:500]:
        sha = graph.rsplit("/", 1)[-1]
        iri = app_state.spaces.data_base + f"document/{sha}"
        label = describer().label(iri)
        documents.append((label or sha, app_state.spaces.local_path(iri), graph))
    return render_template(
        "home.html",
        documents=documents,
        total=len(graphs),
        catalog=_safe_catalog(),
        base=app_state.spaces.data_base,
    )


def _safe_catalog() -> tuple[queries.CatalogQuery, ...]:
    return queries.catalog()


@pages.route("/query")
def query_page() -> str:
    app_state = state()
    catalog = _safe_catalog()
    spaces = {
        app_state.spaces.data_base: "/id/",
        str(BGCODE): "/code/",
        str(BG): "/def#",
        str(BGSH): "/shapes#",
    }
    preload = {q.name: _editor_text(q) for q in catalog}
    return render_template(
        "query.html",
        catalog=catalog,
        preload_json=json.dumps(preload, ensure_ascii=False),
        spaces_json=json.dumps(spaces, ensure_ascii=False),
        first=preload.get(catalog[0].name, "") if catalog else "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
        row_cap=app_state.config.row_cap,
        timeout=app_state.config.query_timeout,
    )


def _editor_text(query: queries.CatalogQuery) -> str:
    """A catalog query as it runs on the endpoint: with the PREFIX lines the catalog predeclares."""
    used = [p for p in DEFAULT_PREFIXES if f"{p}:" in query.text and f"PREFIX {p}:" not in query.text]
    prologue = "".join(f"PREFIX {p}: <{DEFAULT_PREFIXES[p]}>\n" for p in used)
    return prologue + query.text


@pages.route("/queries")
def catalog_index() -> str:
    return render_template("catalog.html", catalog=_safe_catalog())


@pages.route("/queries/<name>")
@pages.route("/queries/<name>.<suffix>")
def catalog_query(name: str, suffix: str | None = None) -> Response | str:
    app_state = state()
    query = queries.load_query(name)
    bindings = {p.name: request.args.get(p.name, "") for p in query.parameters}
    unknown = set(request.args) - {p.name for p in query.parameters} - {"format"}
    if unknown:
        abort(400, f"unknown parameter(s) {', '.join(sorted(unknown))} for query {name!r}")
    explicit = suffix or request.args.get("format")
    if explicit is None:
        accept = request.accept_mimetypes
        best = accept.best_match(["text/html", "text/csv", "application/json", "text/tab-separated-values"])
        explicit = {"text/csv": "csv", "application/json": "json", "text/tab-separated-values": "tsv"}.get(
            best or "", "html"
        )
    if explicit not in CATALOG_FORMATS:
        abort(406, f"format {explicit!r} is not offered (offered: {', '.join(CATALOG_FORMATS)})")
    table = app_state.backend.run_catalog(name, bindings, app_state.config.query_timeout)
    cap = app_state.config.row_cap
    truncated = len(table.rows) > cap
    if truncated:
        table = queries.ResultTable(table.columns, table.rows[:cap])
    if explicit == "html":
        body = render_template(
            "catalog_query.html",
            query=query,
            bindings=bindings,
            table=table,
            truncated=truncated,
            cap=cap,
            chart=bar_chart(table, query.title),
            cell=_cell,
            csv_href=_catalog_href(name, "csv", bindings),
            json_href=_catalog_href(name, "json", bindings),
        )
        response = Response(body, mimetype="text/html")
    else:
        mimetype = {"csv": "text/csv", "json": "application/json", "tsv": "text/tab-separated-values"}[
            explicit
        ]
        response = Response(queries.render_table(table, explicit), mimetype=mimetype)
    response.headers["X-Result-Cap"] = str(cap)
    if truncated:
        response.headers["X-Results-Truncated"] = "true"
    return response


def _catalog_href(name: str, suffix: str, bindings: dict[str, str]) -> str:
    query = urlencode({k: v for k, v in bindings.items() if v})
    path = url_for("pages.catalog_query", name=name, suffix=suffix)
    return f"{path}?{query}" if query else path


def _cell(column: str, value: object) -> tuple[str, str | None]:
    """(text, local link) of a result cell: amounts formatted, IRIs linked."""
    if value is None:
        return "", None
    if isinstance(value, Decimal) and column not in ("year", "code", "weight"):
        return format_amount(str(value)).removesuffix(" 万元"), None
    text = str(value)
    if text.startswith(("http://", "https://")):
        app_state = state()
        local = app_state.spaces.local_path(text)
        label = vocabulary_label(app_state.vocabulary, text)
        return label or compact(text), local or text
    return text, None


@pages.route("/lookup/<kind>")
def lookup(kind: str) -> WerkzeugResponse:
    """Redirect from a name (as catalog tables show it) to the resource the minter names by it."""
    app_state = state()
    minter = Minter(app_state.spaces.data_base)
    name = request.args.get("name", "").strip()
    if not name:
        abort(400, "give ?name=")
    if kind == "unit":
        iri = str(minter.unit(name))
    elif kind == "project":
        try:
            year = int(request.args.get("year", ""))
        except ValueError:
            abort(400, "a project needs ?unit=, ?year= and ?name=")
        iri = str(minter.project(request.args.get("unit", ""), year, name))
    else:
        abort(404, f"no lookup for {kind!r} (unit, project)")
    return redirect(app_state.spaces.local_path(iri) or iri, code=303)
