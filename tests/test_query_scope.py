"""query_scope.document_scoped: the WHERE group found whatever braces comments and strings hold."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetgraph.errors import CatalogError
from budgetgraph.queries import load_query, run_query
from budgetgraph.query_scope import SCOPE_GRAPH, document_scoped

HEADER = "# title: T\n# description: D.\n# columns: unitName, n\n# param unitName: string — the unit\n"


@pytest.mark.parametrize(
    "body",
    [
        "SELECT ?unitName ?n WHERE { ?u rdfs:label ?l BIND(STR(?l) AS ?unitName) BIND(1 AS ?n) }",
        # braces in a comment, a string, a long string and an IRI holding a '#'
        "SELECT ?unitName ?n WHERE { # a comment with a { brace\n"
        '  ?u <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(?l != "}{") FILTER(?l != """{""")\n'
        "  BIND(STR(?l) AS ?unitName) BIND(1 AS ?n) }",
        # a subquery, then GROUP BY and ORDER BY after the group
        "SELECT ?unitName (COUNT(*) AS ?n) WHERE {\n  { SELECT ?u ?l WHERE { ?u rdfs:label ?l } }\n"
        "  BIND(STR(?l) AS ?unitName)\n} GROUP BY ?unitName ORDER BY ?unitName",
    ],
)
def test_the_where_group_goes_inside_graph(body: str) -> None:
    text = HEADER + body
    scoped = document_scoped(text, "q")
    assert scoped.count("{") == text.count("{") + 1 and scoped.count("}") == text.count("}") + 1
    assert f"GRAPH ?{SCOPE_GRAPH} {{" in scoped
    store = ox.Store()
    graph = ox.NamedNode("urn:x:g")
    store.add(
        ox.Quad(
            ox.NamedNode("urn:x:u"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("单位"),
            graph,
        )
    )
    prefixes = {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    rows = list(store.query(scoped, prefixes=prefixes, named_graphs=[graph]))  # type: ignore[union-attr]
    assert [str(row["unitName"]) for row in rows] == ['"单位"']


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("SELECT ?unitName ?n { ?u rdfs:label ?unitName BIND(1 AS ?n) }", "cannot find the WHERE group"),
        (
            "SELECT ?unitName ?n WHERE { ?u rdfs:label ?unitName ; ?p ?bgScopeGraph BIND(1 AS ?n) }",
            "may not use",
        ),
        ("SELECT ?unitName ?n WHERE { ?u rdfs:label ?unitName BIND(1 AS ?n) ", "cannot find the WHERE group"),
    ],
)
def test_a_query_that_cannot_be_scoped_is_refused_when_loaded(tmp_path: Path, body: str, why: str) -> None:
    path = tmp_path / "q.rq"
    path.write_text(HEADER + "# scope: document\n" + body, encoding="utf-8")
    with pytest.raises(CatalogError, match=why):
        load_query(path)


def test_an_unknown_scope_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(HEADER + "# scope: everything\nSELECT ?unitName ?n WHERE { }", encoding="utf-8")
    with pytest.raises(CatalogError, match="'scope: everything' is not one of union, document"):
        load_query(path)


def test_without_a_unit_the_query_runs_as_written(tmp_path: Path) -> None:
    """Unscoped, a document-scoped query runs over the union default graph as any other query."""
    path = tmp_path / "q.rq"
    path.write_text(
        HEADER + "# scope: document\nSELECT ?unitName ?n WHERE { ?u rdfs:label ?l BIND(STR(?l) AS ?unitName)"
        " BIND(1 AS ?n) }",
        encoding="utf-8",
    )
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("urn:x:u"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("单位", language="zh"),
            ox.NamedNode("urn:x:g"),
        )
    )
    query = load_query(path)
    assert query.scope == "document"
    assert run_query(query, store).rows == (("单位", 1),)
    assert run_query(query, store, {"unitName": "单位"}).rows == (("单位", 1),)
