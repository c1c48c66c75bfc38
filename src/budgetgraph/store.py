"""The persistent RDF store: one named graph per document, in pyoxigraph on disk.

``load_file`` reads a file written by ``budgetgraph extract`` (see ``store_files``) and puts each of
its document graphs in the store: a graph the store does not hold yet is bulk-loaded (pyoxigraph's
bulk loader, fed N-Quads text: no Python object per triple); a graph it holds with the same content
(sha256 of its N-Quads) is skipped; a graph it holds with other content is replaced (staged, then
swapped in). ``add_documents`` does the same for documents ``budgetgraph extract --store`` extracted.

Every write is journalled in an internal graph, so that a run killed at any point is undone (or
finished) the next time the store is opened for writing, one document graph at a time: the store
never holds half a document. A file is one unit: a failed load leaves the store as it was.

The default graph is kept as the deduplicated union of the document graphs (set semantics: a triple
that several documents repeat, such as a unit's label, is there once), so queries run on the default
graph and never see a row twice because two documents mention the same resource. A new graph's
triples are bulk-loaded into the default graph after the graph itself is complete, so a killed load
is undone by removing from the default graph the triples of its graphs that no other graph holds.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox
import rdflib

from budgetgraph.errors import InputError, StoreError
from budgetgraph.namespaces import BG
from budgetgraph.store_files import (
    INTERNAL_PREFIX,
    GraphData,
    NotCanonical,
    expand_inputs,
    file_graphs,
    is_internal_graph,
    parse_file,
    parsed_graphs,
    rdf_format,
)
from budgetgraph.store_load import LoadResult
from budgetgraph.store_union import (
    DEFAULT_IS_UNION,
    build_union_default,
    default_is_union,
    is_data_graph,
    needs_union_flag,
)

__all__ = [
    "GraphData",
    "GraphStore",
    "LoadResult",
    "build_union_default",
    "default_is_union",
    "expand_inputs",
    "is_internal_graph",
    "needs_union_flag",
    "open_store",
    "parse_file",
    "rdf_format",
]

# Internal bookkeeping graphs, never data: the journal of writes in progress, the registry of what
# each graph was loaded from, and staged replacements.
_JOURNAL = ox.NamedNode(INTERNAL_PREFIX + "journal")
_REGISTRY = ox.NamedNode(INTERNAL_PREFIX + "registry")
_STATE = ox.NamedNode(INTERNAL_PREFIX + "state")
_CONTENT = ox.NamedNode(INTERNAL_PREFIX + "content")
_SOURCE = ox.NamedNode(INTERNAL_PREFIX + "source")
_STAGING_PREFIX = INTERNAL_PREFIX + "staging:"
_BULK = ox.Literal("bulk")  # being bulk-loaded: undone on recovery
_DROP = ox.Literal("drop")  # being removed: finished on recovery
_SWAP = ox.Literal("swap")  # staged replacement being swapped in: finished on recovery
_SHA256 = ox.NamedNode(str(BG.sha256))


class GraphStore:
    """A pyoxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        try:
            if path is None:
                self.store = ox.Store()
            elif read_only:
                if not path.is_dir():
                    raise StoreError(f"{path}: no store here (create one with `budgetgraph load`)")
                self.store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(path))
        except OSError as error:
            raise StoreError(f"{path}: cannot open the store: {error}") from None
        if read_only:
            if self.interrupted():
                raise StoreError(
                    f"{path}: a load was interrupted; run `budgetgraph load` on it once to recover"
                )
        else:
            self.recover()
            if not default_is_union(self.store):
                self._rebuild_default()

    # ---------------------------------------------------------------- journal
    def interrupted(self) -> bool:
        return any(True for _ in self.store.quads_for_pattern(None, _STATE, None, _JOURNAL))

    def recover(self) -> None:
        """Undo the bulk loads, and finish the removals and swaps, that a killed run left half-done.

        A graph being bulk-loaded is removed with the triples it alone put in the default graph; a
        marker of an older journal (``new``), or a swap, makes the default graph rebuilt whole."""
        markers = list(self.store.quads_for_pattern(None, _STATE, None, _JOURNAL))
        rebuild = False
        for quad in sorted(markers, key=lambda q: q.object != _DROP):
            graph = quad.subject
            assert isinstance(graph, ox.NamedNode)
            if quad.object in (_BULK, _DROP):
                self._remove_graph(graph)
            elif quad.object == _SWAP:
                self._swap_in(graph, self._staging(graph))
                rebuild = True
            else:
                self._drop(graph)
                self._forget(graph)
                rebuild = True
            self.store.remove(quad)
            self._drop(self._staging(graph))
        for name in list(self.store.named_graphs()):
            if isinstance(name, ox.NamedNode) and name.value.startswith(_STAGING_PREFIX):
                self.store.remove_graph(name)
        if rebuild:
            self._rebuild_default()

    def _rebuild_default(self) -> None:
        self._drop(DEFAULT_IS_UNION)  # first: a kill during the rebuild leaves the store marked stale
        self.store.clear_graph(ox.DefaultGraph())
        build_union_default(self.store)

    def _retract(self, triples: Iterable[ox.Triple], leaving: ox.NamedNode | None = None) -> None:
        """Remove from the default graph each of ``triples`` that no data graph (other than
        ``leaving``) holds."""
        for triple in triples:
            held = self.store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
            if not any(is_data_graph(q.graph_name) and q.graph_name != leaving for q in held):
                self.store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))

    def _remove_graph(self, graph: ox.NamedNode) -> None:
        """Remove ``graph``, its triples that no other graph holds from the default graph, and its
        registry entries. Idempotent, so that recovery can run it again after a kill."""
        triples = [q.triple for q in self.store.quads_for_pattern(None, None, None, graph)]
        self._retract(triples, leaving=graph)
        self._drop(graph)
        self._forget(graph)

    def _forget(self, graph: ox.NamedNode) -> None:
        for quad in list(self.store.quads_for_pattern(graph, None, None, _REGISTRY)):
            self.store.remove(quad)

    @staticmethod
    def _staging(graph: ox.NamedNode) -> ox.NamedNode:
        return ox.NamedNode(_STAGING_PREFIX + graph.value)

    def _swap_in(self, graph: ox.NamedNode, staging: ox.NamedNode) -> None:
        self._drop(graph)
        moved = (
            ox.Quad(q.subject, q.predicate, q.object, graph)
            for q in self.store.quads_for_pattern(None, None, None, staging)
        )
        self.store.bulk_extend(list(moved))

    # ---------------------------------------------------------------- registry
    def content_digest(self, name: str) -> str | None:
        """The sha256 of the N-Quads a graph was last loaded from, if the store recorded it."""
        for quad in self.store.quads_for_pattern(ox.NamedNode(name), _CONTENT, None, _REGISTRY):
            if isinstance(quad.object, ox.Literal):
                return quad.object.value
        return None

    def graph_of_source_sha(self, sha256: str) -> str | None:
        """The data graph of a document whose source file had this sha256, if the store holds one."""
        for quad in self.store.quads_for_pattern(None, _SHA256, ox.Literal(sha256), None):
            if is_data_graph(quad.graph_name):
                assert isinstance(quad.graph_name, ox.NamedNode)
                return quad.graph_name.value
        return None

    def graphs_from_source(self, source: str) -> list[str]:
        """The data graphs recorded as extracted from the document file ``source``."""
        quads = self.store.quads_for_pattern(None, _SOURCE, ox.Literal(source), _REGISTRY)
        return sorted({q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)})

    def record_source(self, name: str, source: str) -> None:
        self.store.add(ox.Quad(ox.NamedNode(name), _SOURCE, ox.Literal(source), _REGISTRY))

    # ---------------------------------------------------------------- writing
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")

    def _drop(self, graph: ox.NamedNode) -> None:
        if self.store.contains_named_graph(graph):
            self.store.remove_graph(graph)

    def bulk_new(self, graphs: Sequence[GraphData]) -> None:
        """Bulk-load graphs the store does not hold, journalled as in progress until ``commit``.

        The graphs' quads go in first, then their triples into the default graph, so that undoing
        them needs only what the graphs hold. Raises ``SyntaxError`` (bad text) or ``StoreError``;
        the caller then calls ``undo(..., rebuild=True)``."""
        self._writable()
        if not graphs:
            return
        journal: list[ox.Quad] = []
        for data in graphs:
            name = ox.NamedNode(data.name)
            journal.append(ox.Quad(name, _STATE, _BULK, _JOURNAL))
            journal.append(ox.Quad(name, _CONTENT, ox.Literal(data.digest), _REGISTRY))
            if data.source is not None:
                journal.append(ox.Quad(name, _SOURCE, ox.Literal(data.source), _REGISTRY))
        # pyoxigraph's bulk loader gives each call's blank nodes new ids: a graph with blank nodes
        # goes in as quad objects, so that its default-graph copy names the same nodes
        plain = [d for d in graphs if b"_:" not in d.nquads]
        blank = [d.parsed() for d in graphs if b"_:" in d.nquads]
        self.store.extend(journal)
        try:
            if plain:
                self.store.bulk_load(b"".join(d.nquads for d in plain), format=ox.RdfFormat.N_QUADS)
            for quads in blank:
                self.store.bulk_extend(quads)
            if plain:  # the same triples, just validated: no need to check their IRIs again
                default = b"".join(d.ntriples for d in plain)
                self.store.bulk_load(default, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            for quads in blank:
                self.store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        except OSError as error:
            raise StoreError(f"{self.path}: loading failed: {error}") from error

    def commit(self, names: Iterable[str]) -> None:
        """The bulk-loaded graphs ``names`` are complete: take them out of the journal."""
        for name in names:
            self.store.remove(ox.Quad(ox.NamedNode(name), _STATE, _BULK, _JOURNAL))

    def undo(self, names: Iterable[str], *, rebuild: bool = False) -> None:
        """Remove uncommitted bulk-loaded graphs (``rebuild``: and rebuild the default graph, which a
        bulk load that failed half-way may have left with triples of no graph)."""
        if rebuild:
            self._drop(DEFAULT_IS_UNION)
        for name in names:
            graph = ox.NamedNode(name)
            if rebuild:
                self._drop(graph)
                self._forget(graph)
            else:
                self._remove_graph(graph)
            self.store.remove(ox.Quad(graph, _STATE, _BULK, _JOURNAL))
        if rebuild:
            self._rebuild_default()

    def apply_update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update on the data graphs, then rebuild the default graph as their union.

        An update that names one of the store's bookkeeping graphs is refused. Triples written to
        the default graph alone do not persist (the default graph is the union of the data graphs).
        The recorded content digests are forgotten (a later ``load`` of a file then replaces its
        graph instead of skipping it as unchanged). Raises ``SyntaxError`` for a malformed update."""
        self._writable()
        if INTERNAL_PREFIX in text:
            raise StoreError("an update may not touch the store's bookkeeping graphs")
        self._drop(DEFAULT_IS_UNION)  # first: a kill during the update leaves the store marked stale
        self.store.update(text)
        for quad in list(self.store.quads_for_pattern(None, _CONTENT, None, _REGISTRY)):
            self.store.remove(quad)
        self._rebuild_default()
        self.store.flush()

    def remove_graph(self, name: str) -> None:
        """Remove a document graph (journalled: finished on recovery if killed)."""
        self._writable()
        graph = ox.NamedNode(name)
        marker = ox.Quad(graph, _STATE, _DROP, _JOURNAL)
        self.store.add(marker)
        self._remove_graph(graph)
        self.store.remove(marker)

    def stage(self, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
        """Write the next version of an existing graph aside (dropped on recovery until swapped)."""
        self._writable()
        staging = self._staging(graph)
        self._drop(staging)
        try:
            self.store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, staging) for q in quads)
        except Exception as error:
            self._drop(staging)
            raise StoreError(f"{self.path}: loading {graph.value} failed: {error}") from error

    def discard_staged(self, graph: ox.NamedNode) -> None:
        self._drop(self._staging(graph))

    def swap_staged(self, graph: ox.NamedNode, digest: str | None = None) -> None:
        """Replace ``graph`` by its staged version (journalled), keeping the default graph the union."""
        staging = self._staging(graph)
        marker = ox.Quad(graph, _STATE, _SWAP, _JOURNAL)
        self.store.add(marker)
        old = {q.triple for q in self.store.quads_for_pattern(None, None, None, graph)}
        new = {q.triple for q in self.store.quads_for_pattern(None, None, None, staging)}
        self._swap_in(graph, staging)
        self.store.remove_graph(staging)
        self._retract(old - new)
        self.store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in new - old)
        for quad in list(self.store.quads_for_pattern(graph, _CONTENT, None, _REGISTRY)):
            self.store.remove(quad)
        if digest is not None:
            self.store.add(ox.Quad(graph, _CONTENT, ox.Literal(digest), _REGISTRY))
        self.store.remove(marker)

    def replace_graph(self, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
        """Replace an existing graph: stage the new version, then swap it in (journalled)."""
        self.stage(graph, quads)
        self.swap_staged(graph)

    def add_documents(self, graphs: Sequence[GraphData]) -> None:
        """Bulk-load new document graphs and commit them (one journalled batch; on an error
        ``StoreError``, nothing of the batch kept)."""
        try:
            self.bulk_new(graphs)
        except (SyntaxError, StoreError) as error:
            self.undo([d.name for d in graphs], rebuild=True)
            raise StoreError(f"{self.path}: loading failed, nothing kept: {error}") from error
        self.commit(d.name for d in graphs)
        self.store.flush()

    def load_file(self, path: Path, *, batch_quads: int = 0) -> LoadResult:
        """Put each document graph of ``path`` in the store: new ones bulk-loaded (in batches of
        about ``batch_quads``), changed ones replaced, unchanged ones skipped. Nothing is kept on
        bad input (``InputError``)."""
        from budgetgraph.store_load import BATCH_QUADS, FileLoad

        self._writable()
        batch = batch_quads or BATCH_QUADS
        try:
            return FileLoad(self, path, batch).run(file_graphs(path))
        except NotCanonical:
            pass  # not streamable as it is: parsed whole, which also names any syntax error
        try:
            return FileLoad(self, path, batch).run(parsed_graphs(path))
        except NotCanonical as error:
            raise InputError(str(path), f"cannot be stored: {error}") from None

    # ---------------------------------------------------------------- reading
    def graphs(self) -> list[str]:
        """The data graphs (one per document), sorted."""
        names = (g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))
        return sorted(n for n in names if not is_internal_graph(n))

    def has_graph(self, name: str) -> bool:
        return not is_internal_graph(name) and self.store.contains_named_graph(ox.NamedNode(name))

    def graph_quads(self, name: str) -> Iterator[ox.Quad]:
        return iter(self.store.quads_for_pattern(None, None, None, ox.NamedNode(name)))

    def data_quads(self) -> Iterator[ox.Quad]:
        """Every quad of the data graphs (not the default graph, which is their union)."""
        for quad in self.store:
            if is_data_graph(quad.graph_name):
                yield quad

    def __len__(self) -> int:
        return sum(1 for _ in self.data_quads())

    def dump_nquads_gzip(self, target: io.BufferedIOBase | Path) -> None:
        """Every data graph as gzipped N-Quads."""
        opened = target.open("wb") if isinstance(target, Path) else target
        try:
            with gzip.GzipFile(fileobj=opened, mode="wb") as out:
                ox.serialize(self.data_quads(), cast(IO[bytes], out), format=ox.RdfFormat.N_QUADS)
        finally:
            if isinstance(target, Path):
                opened.close()

    def to_rdflib(self, graphs: Iterable[str] | None = None) -> rdflib.Dataset:
        """The data (or some of its graphs) as an rdflib Dataset, for code that needs rdflib."""
        quads: Iterable[ox.Quad]
        quads = self.data_quads() if graphs is None else (q for g in graphs for q in self.graph_quads(g))
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        dataset = rdflib.Dataset()
        dataset.parse(data=data.decode("utf-8"), format="nquads")
        return dataset

    def flush(self) -> None:
        if not self.read_only:
            self.store.flush()

    def optimize(self) -> None:
        """Compact the store's files, the last step of a load. Each bulk load adds files whose
        keys overlap those already there, and every read checks each of them until RocksDB merges
        them, which it never does in a store opened read-only (as ``serve`` opens it): at 1,000
        documents, 35 s of compaction halve the unit-scoped catalog queries (bench/RESULTS.md)."""
        self._writable()
        try:
            self.store.optimize()
        except OSError as error:
            raise StoreError(f"{self.path}: compacting the store failed: {error}") from error


def open_store(path: Path | None, *, read_only: bool = False) -> GraphStore:
    return GraphStore(path, read_only=read_only)
