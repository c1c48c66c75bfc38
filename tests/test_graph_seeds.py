"""The graph of each seed as the extractor reads it: deterministic, every term defined, every figure
traceable to its place in the document."""

from __future__ import annotations

from functools import cache

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from budgetgraph.namespaces import BG, DEFAULT_BASE
from budgetgraph.pipeline import ExtractOptions, extract_file
from budgetgraph.records import Extraction
from budgetgraph.resources import ontology_dir
from conftest import seed_pdf, seed_text

CASES = [(stem, rendering) for stem in ("000", "001", "002", "003", "004") for rendering in ("text", "pdf")]


@cache
def extracted(stem: str, rendering: str) -> tuple[Extraction, Graph]:
    path = seed_text(stem) if rendering == "text" else seed_pdf(stem)
    return extract_file(path, ExtractOptions(base=DEFAULT_BASE))


@cache
def defined_terms() -> frozenset[URIRef]:
    graph = Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        graph.parse(path, format="turtle")
    return frozenset(s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(BG)))


@pytest.mark.parametrize(("stem", "rendering"), CASES)
def test_extracting_again_gives_an_isomorphic_graph(stem: str, rendering: str) -> None:
    path = seed_text(stem) if rendering == "text" else seed_pdf(stem)
    _, again = extract_file(path, ExtractOptions(base=DEFAULT_BASE))
    assert isomorphic(extracted(stem, rendering)[1], again)


@pytest.mark.parametrize(("stem", "rendering"), CASES)
def test_every_term_used_is_defined_in_the_ontology(stem: str, rendering: str) -> None:
    graph = extracted(stem, rendering)[1]
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and t.startswith(str(BG))}
    assert used - defined_terms() == set()


@pytest.mark.parametrize(("stem", "rendering"), CASES)
def test_every_figure_is_traceable(stem: str, rendering: str) -> None:
    extraction, graph = extracted(stem, rendering)
    figures = set(graph.subjects(RDF.type, BG.Figure))
    printed = sum(len(line.figures) for table in extraction.tables for line in table.lines)
    assert len(figures) == printed
    for figure in figures:
        amount = graph.value(figure, BG.amount)
        assert isinstance(amount, Literal) and amount.datatype == XSD.decimal, figure
        assert graph.value(figure, BG.printedValue) is not None, figure
        assert graph.value(figure, BG.sourceDocument) is not None, figure
        assert graph.value(figure, BG.table) is not None, figure
        assert graph.value(figure, BG.row) is not None, figure
        assert graph.value(figure, BG.line) is not None, figure
        if rendering == "pdf":
            assert graph.value(figure, BG.page) is not None, figure
            assert graph.value(figure, BG.bbox) is not None, figure
        else:
            assert graph.value(figure, BG.sourceLine) is not None, figure
