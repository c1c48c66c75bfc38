"""Validation of an on-disk store (``budgetgraph validate --store DIR``), document by document.

The parent reads only which document graphs the store holds and the unit of each (one query); the
worker processes open the store read-only themselves, each reading the graphs of its job. A job is
one unit's documents: each is validated alone with the per-document shapes, then (when the unit has
several) all of them together with the cross-document shapes, so that each graph is read out of the
store once (reading is about a third of the work). Jobs run through ``workers.bounded_map``, so at
most a few units' documents are in memory at once and the parent keeps only the findings: memory is
bounded by the largest unit and the number of findings, not by the size of the store. The shapes
and the findings are those of ``validate.validate_documents``: validating a store gives the report
that validating the files it was loaded from gives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from budgetgraph.errors import StoreError
from budgetgraph.findings import ValidationReport
from budgetgraph.namespaces import BG
from budgetgraph.store import is_internal_graph, open_store
from budgetgraph.validate import (
    DocumentGraph,
    Outcome,
    ReportBuilder,
    Shapes,
    graph_documents,
    load_shapes,
    validate_graphs,
)
from budgetgraph.workers import bounded_map

_DOCUMENTS = f"""
SELECT DISTINCT ?graph ?unit WHERE {{
  GRAPH ?graph {{ ?doc a <{BG.Disclosure}> . OPTIONAL {{ ?doc <{BG.unit}> ?unit }} }}
}}
"""


@dataclass(frozen=True)
class StoredDocument:
    """A document graph of the store and the unit its document is about (None if it names none)."""

    graph: str
    unit: str | None


@dataclass(frozen=True)
class StoreJob:
    """Validate each of these graphs of the store at ``path`` with the per-document shapes, then,
    when there are several (one unit's documents), all of them together with the cross-document
    shapes."""

    path: str
    graphs: tuple[str, ...]
    shapes: Shapes


def stored_documents(store: ox.Store) -> list[StoredDocument]:
    """The store's document graphs (those with a bg:Disclosure), sorted by graph name."""
    found: dict[str, str | None] = {}
    rows = store.query(_DOCUMENTS)
    assert isinstance(rows, ox.QuerySolutions)
    for row in rows:
        graph, unit = row["graph"], row["unit"]
        if isinstance(graph, ox.NamedNode) and not is_internal_graph(graph.value):
            current = found.get(graph.value)
            found[graph.value] = current or (unit.value if isinstance(unit, ox.NamedNode) else None)
    return [StoredDocument(graph, unit) for graph, unit in sorted(found.items())]


_OPEN: dict[str, ox.Store] = {}
"""The store each worker process opened, by path (opened once per process)."""


def _graph_documents(path: str, graph: str) -> list[DocumentGraph]:
    store = _OPEN.get(path)
    if store is None:
        try:
            store = _OPEN[path] = ox.Store.read_only(path)
        except OSError as error:
            raise StoreError(f"{path}: cannot open the store: {error}") from None
    return graph_documents(store, ox.NamedNode(graph))


def _validate_stored(job: StoreJob) -> tuple[Outcome, ...]:
    per_graph = [_graph_documents(job.path, graph) for graph in job.graphs]
    outcomes = [
        validate_graphs(tuple(doc.ntriples for doc in documents), job.shapes.per_document)
        for documents in per_graph
    ]
    if len(job.graphs) > 1:
        together = tuple(doc.ntriples for documents in per_graph for doc in documents)
        outcomes.append(validate_graphs(together, job.shapes.cross_document))
    return tuple(outcomes)


def store_jobs(path: Path, documents: list[StoredDocument], shapes: Shapes) -> Iterator[StoreJob]:
    """One job per unit (its document graphs), by unit; then one per document that names no unit."""
    where = str(path)
    by_unit: dict[str, list[str]] = defaultdict(list)
    for doc in documents:
        if doc.unit is not None:
            by_unit[doc.unit].append(doc.graph)
    for _unit, graphs in sorted(by_unit.items()):
        yield StoreJob(where, tuple(graphs), shapes)
    for doc in documents:
        if doc.unit is None:
            yield StoreJob(where, (doc.graph,), shapes)


def validate_store(path: Path, jobs: int = 1, shapes: Shapes | None = None) -> ValidationReport:
    """Validate every document graph of the store at ``path`` (a store made by ``budgetgraph load``
    or ``extract --store``)."""
    documents = stored_documents(open_store(path, read_only=True).store)
    if not documents:
        raise StoreError(f"{path}: no disclosure document (bg:Disclosure) in the store")
    merged = ReportBuilder()
    try:
        for outcomes in bounded_map(
            _validate_stored, store_jobs(path, documents, shapes or load_shapes()), jobs
        ):
            for outcome in outcomes:
                merged.add(outcome)
    finally:
        _OPEN.pop(str(path), None)  # with jobs=1 this process opened it: do not keep it open
    return merged.finish(len(documents))
