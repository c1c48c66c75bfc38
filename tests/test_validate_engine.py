"""The SHACL-SPARQL engine (shacl_sparql, run straight on pyoxigraph) gives the same SHACL report
as pyshacl running every shape: the same results (focus node, value, path, source shape and
constraint component, severity, filled-in messages), compared as sets, on seeds with findings of
both severities."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH
from rdflib.term import Node

from budgetgraph.errors import StoreError
from budgetgraph.namespaces import BG
from budgetgraph.pipeline import ExtractOptions, extract_file
from budgetgraph.shacl_sparql import Message, _shape_only_at_top, sparql_constraints
from budgetgraph.validate import data_store, load_shapes, run_shacl
from budgetgraph.validate_engine import _shapes_graph
from conftest import seed_text

Result = tuple[object, ...]


def _results(report: Graph) -> set[Result]:
    found: set[Result] = set()
    for node in report.subjects(RDF.type, SH.ValidationResult):

        def one(predicate: URIRef, node: Node = node) -> str | None:
            value = report.value(node, predicate)
            if value is None:
                return None
            return "_:blank" if isinstance(value, BNode) else str(value)

        messages = frozenset(str(m) for m in report.objects(node, SH.resultMessage))
        found.add(
            (
                one(SH.focusNode),
                one(SH.value),
                one(SH.resultPath),
                one(SH.sourceShape),
                one(SH.sourceConstraintComponent),
                one(SH.resultSeverity),
                messages,
            )
        )
    return found


@pytest.mark.parametrize(("stem", "severity"), [("000", SH.Violation), ("003", SH.Warning)])
def test_sparql_engine_matches_pyshacl(stem: str, severity: URIRef) -> None:
    _extraction, graph = extract_file(seed_text(stem), ExtractOptions())
    store = data_store([graph.serialize(format="nt")])
    shapes = load_shapes().per_document
    split = _results(run_shacl(store, shapes, engine="split"))
    reference = _results(run_shacl(store, shapes, engine="pyshacl"))
    assert split == reference
    components = {result[4] for result in split}
    assert str(SH.SPARQLConstraintComponent) in components  # the comparison covers SPARQL results
    severities = {result[5] for result in split if result[4] == str(SH.SPARQLConstraintComponent)}
    assert str(severity) in severities


def test_core_shapes_match_pyshacl_on_broken_data() -> None:
    """Rows without a row number, amounts that are not decimals, a table with two titles: the
    property shapes, which the split engine targets directly, report what pyshacl reports."""
    _extraction, graph = extract_file(seed_text("003"), ExtractOptions())
    for triple in sorted(graph.triples((None, BG.row, None)))[:3]:
        graph.remove(triple)
    for figure in sorted(graph.subjects(RDF.type, BG.Figure), key=str)[:2]:
        for amount in list(graph.objects(figure, BG.amount)):
            graph.remove((figure, BG.amount, amount))
            graph.add((figure, BG.amount, Literal(str(amount))))
    table = sorted(graph.subjects(RDF.type, BG.DisclosureTable), key=str)[0]
    graph.add((table, DCTERMS.title, Literal("另一个标题")))
    store = data_store([graph.serialize(format="nt")])
    shapes = load_shapes().per_document
    split = _results(run_shacl(store, shapes, engine="split"))
    assert split == _results(run_shacl(store, shapes, engine="pyshacl"))
    components = {result[4] for result in split}
    for component in (
        SH.MinCountConstraintComponent,
        SH.MaxCountConstraintComponent,
        SH.DatatypeConstraintComponent,
    ):
        assert str(component) in components


def test_constraints_are_read_per_shape_with_prefixes() -> None:
    constraints = sparql_constraints(_shapes_graph(load_shapes().per_document))
    by_shape = {c.shape.rsplit("#", 1)[-1]: c for c in constraints}
    pair = by_shape["ParentEqualsChildren"], by_shape["ParentEqualsChildren-rounding"]
    assert pair[0].constraint == pair[1].constraint  # one query shared by the pair
    assert pair[0].severity == str(SH.Violation) and pair[1].severity == str(SH.Warning)
    assert "PREFIX bg: <https://w3id.org/budgetgraph/def#>" in pair[0].query
    assert pair[0].binds_this and pair[0].binds_shape


def test_message_templates_fill_bound_variables_only() -> None:
    message = Message("{?found} vs {$expected}: {?missing}", "en")
    assert message.fill({"found": "1.5", "expected": "2"}) == "1.5 vs 2: {?missing}"


def test_shapes_sharing_a_constraint_are_evaluated_together_only_when_equivalent() -> None:
    top = 'SELECT $this $currentShape ?v WHERE { $this ?p ?v . FILTER(STR($currentShape) != "") }'
    nested = "SELECT $this $currentShape ?v WHERE { $this ?p ?v . OPTIONAL { ?v ?q $currentShape } }"
    unprojected = 'SELECT $this ?v WHERE { $this ?p ?v . FILTER(STR($currentShape) != "") }'
    assert _shape_only_at_top(top)
    assert not _shape_only_at_top(nested)
    assert not _shape_only_at_top(unprojected)


def test_data_store_keeps_each_texts_blank_nodes_apart() -> None:
    text = '_:b0 <https://example.org/p> "x" .\n'
    store = data_store([text, text])
    assert len({quad.subject for quad in store}) == 2


def test_data_store_names_an_unreadable_document_graph() -> None:
    with pytest.raises(StoreError, match="cannot read a document graph"):
        data_store(["<https://example.org/s> <https://example.org/p> .\n"])


def _one_constraint(select: str) -> Graph:
    shapes = Graph()
    shapes.parse(
        format="turtle",
        data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:Shape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql ex:Constraint .
        ex:Constraint a sh:SPARQLConstraint ; sh:select '''{select}''' .
        """,
    )
    return shapes


@pytest.mark.parametrize(
    ("select", "refused"),
    [
        ("SELECT $this WHERE { $this ?p ?o MINUS { $this a ?c } }", "forbids MINUS"),
        ("SELECT $this WHERE { VALUES ?o { 1 } $this ?p ?o }", "forbids VALUES"),
        ("SELECT $this WHERE { SERVICE <https://example.org/sparql> { $this ?p ?o } }", "forbids SERVICE"),
        ("SELECT $this WHERE { { SELECT $this ?o WHERE { $this ?p ?o } } { SELECT ?o WHERE { ?s ?p ?o } } }",
         "must project \\$this"),
        ("SELECT $this WHERE { { SELECT * WHERE { $this ?p ?o } } }", "must project \\$this"),
        ("SELECT $this WHERE { $this ?p ?o BIND(?o AS ?currentShape) }", "pre-bound \\$currentShape"),
        # the words in comments, strings, IRIs and prefixed names are not the keywords
        ("SELECT $this WHERE {\n # no MINUS, no VALUES\n $this <https://example.org/values> ?o ;"
         " sh:minus 'SERVICE' . { SELECT $this ?o WHERE { $this ?p ?o } } }", None),
    ],
)  # fmt: skip
def test_sparql_constraints_keep_to_the_pre_binding_rules(select: str, refused: str | None) -> None:
    """SHACL-SPARQL forbids these where variables are pre-bound; pyshacl refuses them (it refused a
    VALUES rewrite of BG-A07), so the split engine refuses them too."""
    shapes = _one_constraint(select)
    if refused is None:
        assert len(sparql_constraints(shapes)) == 1
        return
    with pytest.raises(StoreError, match=refused):
        sparql_constraints(shapes)
    assert len(sparql_constraints(shapes, portable_only=False)) == 1
