"""Running the shapes over one pyoxigraph store: pyshacl for the core constraints, ``shacl_sparql``
for the SHACL-SPARQL ones, one SHACL report graph.

``run_shacl(store, shapes_text)`` gives pyshacl the shapes without their sh:sparql constraints and
with each property shape that one node shape uses targeted directly (the same results per SHACL;
pyshacl then builds each property shape once instead of once per focus node), runs the sh:select
constraints straight on the store and adds their sh:ValidationResult nodes to pyshacl's report.
``engine="pyshacl"`` runs pyshacl for everything (the reference that tests and benchmarks compare
with).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from budgetgraph.errors import StoreError
from budgetgraph.shacl_sparql import SparqlConstraint, evaluate_all, report_triples, sparql_constraints


@lru_cache(maxsize=4)
def _shapes_graph(text: str) -> Graph:
    graph = Graph()
    graph.parse(data=text, format="nt")
    return graph


def _patch_pyshacl() -> None:
    """pyshacl asks a pyoxigraph data graph for its truth value on every result, which counts the
    whole store (/work/shared/perf-notes.md); a data graph is never empty here."""
    from pyshacl.graph_abstraction import OxigraphDataGraph

    OxigraphDataGraph.__bool__ = lambda self: True  # type: ignore[attr-defined]


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def _targeted_property_shapes(core: Graph) -> Graph:
    """The same constraints with each property shape that only one node shape uses (via
    sh:property) given that node shape's targets instead.

    Per SHACL, a focus node of the node shape conforms to its sh:property shapes, whose results are
    reported as they are, so the results are the same; pyshacl, though, runs a property shape
    reached through sh:property once per focus node (rebuilding its constraint components each
    time) and a targeted one once for all of them, ~3x faster on a document. Node shapes referred
    to from anywhere else (sh:node, sh:and ...) are left alone."""
    flat = Graph()
    for triple in core:
        flat.add(triple)
    for owner in set(core.subjects(SH.property, None)):
        targets = [(p, o) for p in _TARGETS for o in core.objects(owner, p)]
        referred = any(True for _ in core.subject_predicates(owner))
        if not targets or referred or any(True for _ in core.objects(owner, SH.deactivated)):
            continue
        for shape in list(core.objects(owner, SH.property)):
            users = set(core.subjects(SH.property, shape))
            if users != {owner} or any(True for p in _TARGETS for _ in core.objects(shape, p)):
                continue
            if any(True for _ in core.objects(shape, SH.deactivated)):
                continue
            flat.remove((owner, SH.property, shape))
            for predicate, target in targets:
                flat.add((shape, predicate, target))
    return flat


@lru_cache(maxsize=4)
def _split_shapes(text: str) -> tuple[Graph, tuple[SparqlConstraint, ...]]:
    """The shapes without their sh:sparql constraints, property shapes targeted directly (for
    pyshacl), and the SHACL-SPARQL constraints."""
    shapes = _shapes_graph(text)
    core = Graph()
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    return _targeted_property_shapes(core), sparql_constraints(shapes)


def run_shacl(store: ox.Store, shapes_text: str, engine: str = "split") -> Graph:
    """SHACL validation of one pyoxigraph store; returns the report graph.

    ``engine="split"`` (the default) runs pyshacl for the core constraints and the SHACL-SPARQL
    constraints straight on pyoxigraph (``shacl_sparql``: the same results, without pyshacl's
    per-constraint overhead); ``engine="pyshacl"`` runs pyshacl for everything (the baseline)."""
    if engine not in ("split", "pyshacl"):
        raise StoreError(f"unknown validation engine {engine!r}")
    _patch_pyshacl()
    core, constraints = _split_shapes(shapes_text)
    _conforms, report, _text = shacl_validate(
        store,  # type: ignore[arg-type]
        shacl_graph=core if engine == "split" else _shapes_graph(shapes_text),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
    )
    if not isinstance(report, Graph):
        raise StoreError("pyshacl returned no report graph")
    if engine == "split":
        _add_sparql_results(report, store, constraints, _shapes_graph(shapes_text))
    return report


def _add_sparql_results(
    report: Graph, store: ox.Store, constraints: Sequence[SparqlConstraint], shapes: Graph
) -> None:
    """Add the SHACL-SPARQL results to pyshacl's report (and its sh:conforms)."""
    results = evaluate_all(constraints, store)
    if not results:
        return
    root = next(iter(report.subjects(RDF.type, SH.ValidationReport)), None)
    if root is None:
        raise StoreError("pyshacl returned a report graph without sh:ValidationReport")
    for triple in report_triples(results, shapes):
        report.add(triple)
        if triple[1] == RDF.type and triple[2] == SH.ValidationResult:
            report.add((root, SH.result, triple[0]))
    if any(r.constraint.severity == str(SH.Violation) for r in results):
        report.set((root, SH.conforms, Literal(False)))
