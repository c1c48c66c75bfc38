"""The persistent RDF store: one named graph per document, in pyoxigraph on disk.

``load_file`` reads a file written by ``budgetgraph extract`` (.nq/.trig/.jsonld carry one named graph
per document; the triples of .ttl/.nt files go to the graph of the document they describe, found by
its ``bg:Disclosure``/``bg:sha256``, or to a graph named after the file's own sha256). Loading a
document again replaces its graph and touches nothing else, and a failed load leaves the store as it
was: the file is parsed completely before the store is touched, and every write is journalled so that
a load that is killed half-way is undone (or finished) the next time the store is opened for writing.

The default graph is kept as the deduplicated union of the document graphs (set semantics: a triple
that several documents repeat, such as a unit's label, is there once), so queries run on the default
graph and never see a row twice because two documents mention the same resource. Loading a document
adds its triples; replacing one removes from the default graph only the triples no other document
graph still holds (one index lookup per triple). After an interrupted load the default graph is
rebuilt from the document graphs.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF

from budgetgraph.errors import InputError, StoreError, UnsupportedFormatError
from budgetgraph.iris import Minter
from budgetgraph.namespaces import BG

_FORMATS: dict[str, ox.RdfFormat] = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
}
# Internal bookkeeping graphs, never data: a journal of loads in progress and staged replacements.
_JOURNAL = ox.NamedNode("urn:budgetgraph:store:journal")
_STATE = ox.NamedNode("urn:budgetgraph:store:state")
_STAGING_PREFIX = "urn:budgetgraph:store:staging:"
# An empty graph whose presence says that the default graph is the union of the data graphs.
_DEFAULT_IS_UNION = ox.NamedNode("urn:budgetgraph:store:default-is-union")
_BATCH = 200_000
_NEW = ox.Literal("new")
_SWAP = ox.Literal("swap")
_DISCLOSURE = ox.NamedNode(str(BG.Disclosure))
_SHA256 = ox.NamedNode(str(BG.sha256))
_TYPE = ox.NamedNode(str(RDF.type))


@dataclass(frozen=True)
class LoadResult:
    """One file loaded: the named graphs it (re)placed and how many quads went in."""

    path: str
    graphs: tuple[str, ...]
    quads: int
    replaced: tuple[str, ...] = ()


def is_internal_graph(name: str) -> bool:
    """True for the store's bookkeeping graphs (journal, staging), which are not data."""
    return name.startswith("urn:budgetgraph:store:")


def _is_data_graph(graph: object) -> bool:
    return isinstance(graph, ox.NamedNode) and not is_internal_graph(graph.value)


def default_is_union(store: ox.Store) -> bool:
    """True when ``store``'s default graph is maintained as the deduplicated union of its graphs."""
    return store.contains_named_graph(_DEFAULT_IS_UNION)


def build_union_default(store: ox.Store) -> None:
    """Copy every data graph's triples into the default graph (a set: duplicates collapse), and mark
    the store so that queries run on the default graph instead of pyoxigraph's non-deduplicated union."""
    batch: list[ox.Quad] = []
    for graph in list(store.named_graphs()):
        if not _is_data_graph(graph):
            continue
        batch.extend(
            ox.Quad(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, graph)
        )
        if len(batch) >= _BATCH:
            store.bulk_extend(batch)
            batch = []
    if batch:
        store.bulk_extend(batch)
    store.add_graph(_DEFAULT_IS_UNION)


def needs_union_flag(store: ox.Store) -> bool:
    """Make the default graph of ``store`` the deduplicated union of its data graphs, or say that it
    cannot: True means query with ``use_default_graph_as_union`` (pyoxigraph's union, which repeats a
    triple once per graph holding it) because the store is read-only and was never maintained.

    A store whose default graph is not maintained yet gets it built here (in-memory stores from
    ``read_dataset``)."""
    if not default_is_union(store):
        try:
            build_union_default(store)
        except (OSError, RuntimeError, ValueError):
            return True
    return False


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of ``path`` by its extension, or an ``UnsupportedFormatError``."""
    try:
        return _FORMATS[path.suffix.lower()]
    except KeyError:
        known = " ".join(sorted(_FORMATS))
        raise UnsupportedFormatError(str(path), f"not an RDF file this loader reads ({known})") from None


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _graph_for_triples(path: Path, quads: list[ox.Quad]) -> ox.NamedNode:
    """The document graph for a file of triples: its one ``bg:Disclosure``, else one per file."""
    documents = {q.subject for q in quads if q.predicate == _TYPE and q.object == _DISCLOSURE}
    if len(documents) == 1:
        (document,) = documents
        sha = next(
            (
                q.object.value
                for q in quads
                if q.subject == document and q.predicate == _SHA256 and isinstance(q.object, ox.Literal)
            ),
            None,
        )
        if isinstance(document, ox.NamedNode) and sha and document.value.endswith(f"document/{sha}"):
            base = document.value[: -len(f"document/{sha}")]
            return ox.NamedNode(str(Minter(base).graph_name(sha)))
    return ox.NamedNode(str(Minter().graph_name(_file_sha256(path))))


def parse_file(path: Path) -> dict[ox.NamedNode, list[ox.Quad]]:
    """Parse ``path`` completely into quads grouped by their document graph (raises ``InputError``)."""
    fmt = rdf_format(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    try:
        quads = list(ox.parse(path=str(path), format=fmt))
    except SyntaxError as error:
        raise InputError(str(path), f"not valid {fmt.name}: {error}") from None
    except (OSError, ValueError) as error:
        raise InputError(str(path), f"cannot read: {error}") from None
    if not quads:
        raise InputError(str(path), "holds no triples")
    by_graph: dict[ox.NamedNode, list[ox.Quad]] = defaultdict(list)
    loose: list[ox.Quad] = []
    for quad in quads:
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode):
            if is_internal_graph(graph.value):
                raise InputError(str(path), f"uses the store's reserved graph name {graph.value}")
            by_graph[graph].append(quad)
        else:
            loose.append(quad)
    if loose:
        target = _graph_for_triples(path, loose)
        by_graph[target].extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in loose)
    return dict(by_graph)


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
        """Undo a new graph or finish a swap that a killed load left half-done (then rebuild the
        default graph, which the killed load may have left with triples of no document)."""
        markers = list(self.store.quads_for_pattern(None, _STATE, None, _JOURNAL))
        for quad in markers:
            graph = quad.subject
            assert isinstance(graph, ox.NamedNode)
            staging = self._staging(graph)
            if quad.object == _SWAP:
                self._swap_in(graph, staging)
            else:
                self._drop(graph)
            self.store.remove(quad)
            self._drop(staging)
        for name in list(self.store.named_graphs()):
            if isinstance(name, ox.NamedNode) and name.value.startswith(_STAGING_PREFIX):
                self.store.remove_graph(name)
        if markers:
            self._rebuild_default()

    def _rebuild_default(self) -> None:
        self.store.clear_graph(ox.DefaultGraph())
        build_union_default(self.store)

    def _retract(self, triples: Iterable[ox.Triple]) -> None:
        """Remove from the default graph each of ``triples`` that no data graph holds any more."""
        for triple in triples:
            held = self.store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
            if not any(_is_data_graph(q.graph_name) for q in held):
                self.store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))

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

    # ---------------------------------------------------------------- loading
    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")

    def _drop(self, graph: ox.NamedNode) -> None:
        if self.store.contains_named_graph(graph):
            self.store.remove_graph(graph)

    def add_new_graphs(self, graphs: dict[ox.NamedNode, list[ox.Quad]]) -> None:
        """Bulk-load graphs the store does not hold yet, in one pass (journalled: undone if killed)."""
        self._writable()
        if not graphs:
            return
        markers = [ox.Quad(graph, _STATE, _NEW, _JOURNAL) for graph in graphs]
        self.store.extend(markers)
        try:
            self.store.bulk_extend(q for quads in graphs.values() for q in quads)
            self.store.bulk_extend(
                ox.Quad(q.subject, q.predicate, q.object) for quads in graphs.values() for q in quads
            )
        except Exception as error:
            for graph in graphs:
                self._drop(graph)
            self._retract(q.triple for quads in graphs.values() for q in quads)
            raise StoreError(f"{self.path}: loading failed, nothing kept: {error}") from error
        finally:
            for marker in markers:
                self.store.remove(marker)

    def replace_graph(self, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
        """Replace an existing graph: stage the new version, then swap it in (journalled)."""
        self._writable()
        staging = self._staging(graph)
        try:
            self.store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, staging) for q in quads)
        except Exception as error:
            self._drop(staging)
            raise StoreError(f"{self.path}: loading {graph.value} failed: {error}") from error
        marker = ox.Quad(graph, _STATE, _SWAP, _JOURNAL)
        self.store.add(marker)
        old = {q.triple for q in self.store.quads_for_pattern(None, None, None, graph)}
        self._swap_in(graph, staging)
        new = {q.triple for q in quads}
        self.store.remove_graph(staging)
        self._retract(old - new)
        self.store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in new - old)
        self.store.remove(marker)

    def load_graph(self, graph: ox.NamedNode, quads: list[ox.Quad]) -> bool:
        """Put ``quads`` as the whole content of ``graph``; True when it replaced an existing graph."""
        if self.store.contains_named_graph(graph):
            self.replace_graph(graph, quads)
            return True
        self.add_new_graphs({graph: quads})
        return False

    def load_file(self, path: Path) -> LoadResult:
        """Parse ``path`` then (re)place each of its document graphs. Nothing is written on bad input."""
        self._writable()
        by_graph = parse_file(path)
        existing = {g: q for g, q in by_graph.items() if self.store.contains_named_graph(g)}
        self.add_new_graphs({g: q for g, q in by_graph.items() if g not in existing})
        for graph, quads in existing.items():
            self.replace_graph(graph, quads)
        self.store.flush()
        return LoadResult(
            path=str(path),
            graphs=tuple(sorted(g.value for g in by_graph)),
            quads=sum(len(q) for q in by_graph.values()),
            replaced=tuple(sorted(g.value for g in existing)),
        )

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
            if _is_data_graph(quad.graph_name):
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


def open_store(path: Path | None, *, read_only: bool = False) -> GraphStore:
    return GraphStore(path, read_only=read_only)


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders walked for the RDF files in them (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _FORMATS))
        else:
            found.append(path)
    return found
