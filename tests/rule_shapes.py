"""Helpers for the rule tests (tests/test_rules_*.py): validation with a few shape files only, so a
test on a whole seed document runs the rules it is about and not the cost of every other one."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph

from budgetgraph.findings import ValidationReport
from budgetgraph.pipeline import ExtractOptions, extract_file
from budgetgraph.resources import shapes_dir
from budgetgraph.validate import Shapes, validate_graph


@cache
def shapes_of(*names: str) -> Shapes:
    """The shapes of the named files of shapes/ (with common.ttl); cross_document.ttl, when named,
    is run per unit as validate.load_shapes does."""
    per_document, cross = Graph(), Graph()
    for name in ("common.ttl", *names):
        path = shapes_dir() / name
        if name in ("common.ttl", "cross_document.ttl"):
            cross.parse(path, format="turtle")
        if name != "cross_document.ttl":
            per_document.parse(path, format="turtle")
    return Shapes(per_document.serialize(format="nt"), cross.serialize(format="nt"))


def validate_file(path: Path, *names: str) -> ValidationReport:
    """Extract one document and validate it with the named shape files."""
    _extraction, graph = extract_file(path, ExtractOptions())
    return validate_graph(graph, shapes_of(*names))
