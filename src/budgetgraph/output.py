"""Writing per-document graphs to a file, and reading such files back, the format chosen by extension.

- ``.nt`` and ``.ttl``: the documents' graphs merged into one graph;
- ``.nq``, ``.trig`` and ``.jsonld``: one named graph per document (name ``Minter.graph_name(sha256)``).

N-Triples and N-Quads are streamed (each document is written as soon as it is added, so a batch
that fails half-way keeps what was done); Turtle, TriG and JSON-LD are collected in a pyoxigraph
store and serialised once, on close. Files are written to ``OUT.part`` and renamed on close.
Serialisation is pyoxigraph's (an order of magnitude faster than rdflib's).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from budgetgraph.errors import OutputError, StoreError
from budgetgraph.namespaces import PREFIXES

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
STREAMED = frozenset({".nt", ".nq"})
NAMED_GRAPHS = frozenset({".nq", ".trig", ".jsonld"})


def output_format(path: str | Path) -> ox.RdfFormat:
    """The RDF format of ``path`` by its extension; OutputError for any other extension."""
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        known = " ".join(FORMATS)
        shown = suffix or "(no extension)"
        raise OutputError(f"{path}: unknown output format {shown!r} (known: {known})") from None


def check_output_path(path: str | Path) -> ox.RdfFormat:
    """Fail early (OutputError) when ``path`` has an unknown extension or its folder cannot be made."""
    fmt = output_format(path)
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{path}: is a folder, not an output file")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{path}: cannot create its folder: {error}") from error
    if not os.access(target.parent, os.W_OK):
        raise OutputError(f"{path}: its folder is not writable")
    return fmt


@lru_cache(maxsize=1 << 16)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    raise OutputError(f"cannot write the RDF term {term!r}")


def graph_quads(name: URIRef | None, graph: Graph) -> Iterator[ox.Quad]:
    """The triples of ``graph`` as pyoxigraph quads in graph ``name`` (None: the default graph)."""
    graph_name = ox.DefaultGraph() if name is None else _named(str(name))
    for s, p, o in graph:
        subject = to_oxigraph(s)
        if isinstance(subject, ox.Literal):
            raise OutputError(f"a literal cannot be a subject: {s!r}")
        yield ox.Quad(subject, _named(str(p)), to_oxigraph(o), graph_name)


def _prefixes() -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


class GraphWriter:
    """Writes documents' graphs to one output file; use as a context manager (or call ``close``)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.format = output_format(self.path)
        self.suffix = self.path.suffix.lower()
        self.named = self.suffix in NAMED_GRAPHS
        self.triples = 0
        self._part = self.path.with_name(self.path.name + ".part")
        self._stream: BinaryIO | None = None
        self._store: ox.Store | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.suffix in STREAMED:
                self._stream = open(self._part, "wb")  # noqa: SIM115 (closed in close())
            else:
                self._store = ox.Store()
        except OSError as error:
            raise OutputError(f"{self.path}: cannot write: {error}") from error

    def add(self, name: URIRef, graph: Graph) -> int:
        """Add one document's graph (stored as named graph ``name`` in the quad formats)."""
        quads = list(graph_quads(name if self.named else None, graph))  # default graph: triple formats
        if self._stream is not None:
            ox.serialize(quads, self._stream, format=self.format)
        elif self._store is not None:
            self._store.extend(quads)
        else:
            raise OutputError(f"{self.path}: the writer is closed")
        self.triples += len(quads)
        return len(quads)

    def add_ntriples(self, name: URIRef, data: str | bytes) -> int:
        """Add one document's graph given as N-Triples text (no rdflib round trip)."""
        graph_name = _named(str(name)) if self.named else ox.DefaultGraph()
        try:
            triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        except (SyntaxError, ValueError) as error:
            raise OutputError(f"{self.path}: graph {name} is not valid N-Triples: {error}") from error
        quads = [ox.Quad(t.subject, t.predicate, t.object, graph_name) for t in triples]
        if self._stream is not None:
            ox.serialize(quads, self._stream, format=self.format)
        elif self._store is not None:
            self._store.extend(quads)
        else:
            raise OutputError(f"{self.path}: the writer is closed")
        self.triples += len(quads)
        return len(quads)

    def close(self) -> None:
        try:
            if self._stream is not None:
                self._stream.close()
                self._stream = None
            elif self._store is not None:
                store, self._store = self._store, None
                ox.serialize(store, str(self._part), format=self.format, prefixes=_prefixes())
            else:
                return
            os.replace(self._part, self.path)
        except OSError as error:
            raise OutputError(f"{self.path}: cannot write: {error}") from error

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def write_graphs(graphs: Iterable[tuple[URIRef, Graph]], path: str | Path) -> int:
    """Write (graph name, graph) pairs to ``path``; returns the number of triples written."""
    with GraphWriter(path) as writer:
        for name, graph in graphs:
            writer.add(name, graph)
    return writer.triples


def read_dataset(paths: Iterable[str | Path], store: ox.Store | None = None) -> ox.Store:
    """Load RDF files (any of the output formats) into a pyoxigraph store (in memory by default).

    Triple formats load into the default graph; query with the default graph as the union.
    """
    target = ox.Store() if store is None else store
    for path in paths:
        fmt = output_format(path)
        try:
            target.bulk_load(path=str(path), format=fmt)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"{path}: cannot read RDF: {error}") from error
    return target
