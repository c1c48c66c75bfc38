"""Linked-data pages: every minted IRI and vocabulary term dereferences, as HTML and as RDF."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from budgetgraph.iris import Minter
from budgetgraph.namespaces import BG, DEFAULT_BASE
from budgetgraph.web import WebConfig
from webdata import DOCS, HTML_LABEL, LiveServer, load_store, write_docs

MINTER = Minter()
DOC = DOCS[0]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("pages")
    trig = write_docs(root / "docs.trig")
    load_store(root / "store", trig)
    return root / "store", trig


@pytest.fixture(scope="module")
def server(data: tuple[Path, Path]) -> Iterator[LiveServer]:
    live = LiveServer(WebConfig(store=data[0], workers=1))
    yield live
    live.close()


def get(url: str, accept: str | None = "text/html") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def local(server: LiveServer, iri: str) -> str:
    assert iri.startswith(DEFAULT_BASE)
    return server.url + "/id/" + iri[len(DEFAULT_BASE) :]


def description(trig: Path, iri: str) -> Graph:
    """What the page should serve as RDF: every arc out of ``iri`` over all graphs."""
    store = ox.Store()
    store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    triples = {q.triple for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, None)}
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=data, format="nt")


MINTED = {
    "document": str(MINTER.document(DOC.sha256)),
    "unit": str(MINTER.unit(DOC.unit)),
    "year": str(MINTER.fiscal_year(DOC.year)),
    "dataset": str(MINTER.budget(DOC.unit, DOC.year, "budget")),
    "table": str(MINTER.table(DOC.sha256, 1)),
    "line": str(MINTER.line(DOC.sha256, 1, 3)),
    "figure": str(MINTER.figure(DOC.sha256, 1, 3, "c1")),
    "project": str(MINTER.project(DOC.unit, DOC.year, DOC.projects[0][0])),
}


@pytest.mark.parametrize("kind", sorted(MINTED))
@pytest.mark.parametrize(
    ("accept", "suffix", "rdflib_format"),
    [
        ("text/turtle", "ttl", "turtle"),
        ("application/ld+json", "jsonld", "json-ld"),
        ("application/n-triples", "nt", "nt"),
        ("application/rdf+xml", "rdf", "xml"),
    ],
)
def test_minted_iris_dereference_as_rdf_by_conneg_and_suffix(
    server: LiveServer, data: tuple[Path, Path], kind: str, accept: str, suffix: str, rdflib_format: str
) -> None:
    iri = MINTED[kind]
    expected = description(data[1], iri)
    assert len(expected) > 0
    for url, header in ((local(server, iri), accept), (f"{local(server, iri)}.{suffix}", None)):
        status, content_type, body = get(url, header)
        assert status == 200 and content_type.startswith(accept)
        assert isomorphic(Graph().parse(data=body, format=rdflib_format), expected)


@pytest.mark.parametrize("kind", sorted(MINTED))
def test_minted_iris_dereference_as_html(server: LiveServer, kind: str) -> None:
    status, content_type, body = get(local(server, MINTED[kind]))
    assert status == 200 and content_type.startswith("text/html")
    assert MINTED[kind] in body.decode()


def test_figure_page_shows_amount_source_and_links(server: LiveServer) -> None:
    _, _, body = get(local(server, MINTED["figure"]))
    page = body.decode()
    assert "1,000.00 万元" in page  # 行政运行 合计, formatted
    assert "来源 Source" in page and "页 Page: 3" in page
    for target in ("document", "table", "line"):
        assert f'href="/id/{MINTED[target][len(DEFAULT_BASE) :]}"' in page
    assert "<h1>行政运行</h1>" in page or "行政运行" in page.split("<h1>")[1].split("</h1>")[0]


def test_unit_page_links_to_everything_that_names_it(server: LiveServer) -> None:
    _, _, body = get(local(server, MINTED["unit"]))
    page = body.decode()
    assert f"<h1>{DOC.unit}</h1>" in page
    assert f'href="/id/{MINTED["document"][len(DEFAULT_BASE) :]}"' in page


def test_html_in_literals_is_escaped(server: LiveServer) -> None:
    for iri in (str(MINTER.line(DOC.sha256, 1, 1)), MINTED["unit"], MINTED["table"]):
        _, _, body = get(local(server, iri))
        page = body.decode()
        assert HTML_LABEL not in page and "<script>alert" not in page
        assert "&lt;script&gt;alert(" in page


def test_ontology_terms_dereference(server: LiveServer) -> None:
    status, _, body = get(server.url + "/def")
    page = body.decode()
    if 'id="Disclosure"' not in page:
        pytest.skip("ontology/ has no bg:Disclosure yet")
    assert status == 200
    section = page.split('id="Disclosure"')[1].split("</section>")[0]
    assert "@zh" in section and "@en" in section
    status, _, body = get(server.url + "/def", "text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert status == 200 and (BG.Disclosure, None, None) in graph
    assert get(server.url + "/def.jsonld", None)[0] == 200


def test_code_concepts_dereference(server: LiveServer) -> None:
    found = [
        iri
        for iri in (
            str(o)
            for o in Graph()
            .parse(data=get(local(server, MINTED["line"]), "text/turtle")[2], format="turtle")
            .objects()
        )
        if iri.startswith("https://w3id.org/budgetgraph/code/")
    ]
    if not found:
        pytest.skip("the graph writer linked no code concept (code lists absent)")
    status, _, body = get(server.url + "/code/" + found[0][len("https://w3id.org/budgetgraph/code/") :])
    assert status == 200 and "行政运行" in body.decode()
    status, _, body = get(
        server.url + "/code/" + found[0][len("https://w3id.org/budgetgraph/code/") :], "text/turtle"
    )
    assert (URIRef(found[0]), None, None) in Graph().parse(data=body, format="turtle")


def test_graph_names_dereference_to_their_content(server: LiveServer, data: tuple[Path, Path]) -> None:
    name = str(MINTER.graph_name(DOC.sha256))
    status, _, body = get(local(server, name), "application/n-triples")
    assert status == 200
    assert len(Graph().parse(data=body, format="nt")) == sum(
        1
        for _ in ox.parse(path=str(data[1]))
        if isinstance(_.graph_name, ox.NamedNode) and _.graph_name.value == name
    )


@pytest.mark.parametrize("path", ["/id/unit/nobody", "/id/document/0000", "/code/function/1999/1"])
def test_unknown_iris_are_404(server: LiveServer, path: str) -> None:
    assert get(server.url + path)[0] == 404


@pytest.mark.parametrize("path", ["/", "/query", "/queries", "/dumps", "/shapes"])
def test_site_pages(server: LiveServer, path: str) -> None:
    status, content_type, body = get(server.url + path)
    assert status == 200 and content_type.startswith("text/html")
    assert "http://" not in body.decode().split("<main>")[0].replace("http://www.w3.org", "")  # no CDN


def test_home_lists_documents(server: LiveServer) -> None:
    _, _, body = get(server.url + "/")
    page = body.decode()
    for doc in DOCS:
        assert f"/id/document/{doc.sha256}" in page


def test_lookup_redirects_to_the_minted_unit(server: LiveServer) -> None:
    status, _, body = get(server.url + "/lookup/unit?name=" + urllib.request.quote(DOC.unit))
    assert status == 200 and f"<h1>{DOC.unit}</h1>" in body.decode()
