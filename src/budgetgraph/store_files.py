"""Reading RDF files for the store: each document graph of a file as a ``GraphData`` (its quads as
N-Quads text and the same triples as N-Triples text, which the store bulk-loads without making a
Python object per triple).

An N-Quads file written by ``budgetgraph extract`` holds each document's graph as one run of lines
``S P O <G> .``; ``nquads_graphs`` streams such runs block by block (memory bounded by the largest
document, not the file) and raises ``NotCanonical`` on anything else (comments, other spacing,
interleaved graphs, triples outside a named graph), in which case the file is read by
``parsed_graphs``: parsed completely by pyoxigraph first, then grouped by graph. The triples of
.ttl/.nt files go to the graph of the document they describe, found by its ``bg:Disclosure`` /
``bg:sha256``, or to a graph named after the file's own sha256.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from budgetgraph.errors import InputError, UnsupportedFormatError
from budgetgraph.iris import Minter
from budgetgraph.namespaces import BG
from budgetgraph.terms import DISCLOSURE, RDF_TYPE

FORMATS: dict[str, ox.RdfFormat] = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
}
INTERNAL_PREFIX = "urn:budgetgraph:store:"
_BLOCK = 1 << 24
_SHA256 = ox.NamedNode(str(BG.sha256))


class NotCanonical(Exception):
    """The N-Quads file is not one run of ``S P O <G> .`` lines per graph: read it the slow way."""


@dataclass(frozen=True)
class GraphData:
    """One document graph, ready for the store: ``nquads`` (every line in graph ``name``) and the
    same triples as ``ntriples`` (for the store's default graph); ``source`` is the document file
    it was extracted from, when known."""

    name: str
    nquads: bytes
    ntriples: bytes
    source: str | None = None

    @cached_property
    def digest(self) -> str:
        """sha256 of the graph's N-Quads text: equal digests, equal content."""
        return hashlib.sha256(self.nquads).hexdigest()

    @cached_property
    def quads(self) -> int:
        return self.nquads.count(b"\n")

    @classmethod
    def from_ntriples(cls, name: str, ntriples: bytes, source: str | None = None) -> GraphData:
        """A graph from canonical N-Triples text (one triple a line, each ending `` .``)."""
        if ntriples and not ntriples.endswith(b" .\n"):
            ntriples = (
                ox.serialize(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)
                or b""
            )
        suffix = b" <" + name.encode() + b"> .\n"
        return cls(name, ntriples.replace(b" .\n", suffix), ntriples, source)

    def parsed(self) -> list[ox.Quad]:
        """The graph's quads as pyoxigraph objects (raises ``SyntaxError`` on bad text)."""
        quads = list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS))
        if any(q.graph_name != ox.NamedNode(self.name) for q in quads):
            raise SyntaxError(f"a line of graph {self.name} is in another graph")
        return quads


def is_internal_graph(name: str) -> bool:
    """True for the store's bookkeeping graphs (journal, registry, staging), which are not data."""
    return name.startswith(INTERNAL_PREFIX)


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of ``path`` by its extension, or an ``UnsupportedFormatError``."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = " ".join(sorted(FORMATS))
        raise UnsupportedFormatError(str(path), f"not an RDF file this loader reads ({known})") from None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _graph_for_triples(path: Path, quads: list[ox.Quad]) -> ox.NamedNode:
    """The document graph for a file of triples: its one ``bg:Disclosure``, else one per file."""
    documents = {q.subject for q in quads if q.predicate == RDF_TYPE and q.object == DISCLOSURE}
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
    return ox.NamedNode(str(Minter().graph_name(file_sha256(path))))


def _check_file(path: Path) -> ox.RdfFormat:
    fmt = rdf_format(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    return fmt


def parse_file(path: Path) -> dict[ox.NamedNode, list[ox.Quad]]:
    """Parse ``path`` completely into quads grouped by their document graph (raises ``InputError``)."""
    fmt = _check_file(path)
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


def parsed_graphs(path: Path) -> Iterator[GraphData]:
    """Every graph of ``path``, parsed completely before the first is yielded."""
    for graph, quads in parse_file(path).items():
        triples = (q.triple for q in quads)
        yield GraphData(
            graph.value,
            ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"",
            ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"",
        )


def _blocks(path: Path) -> Iterator[bytes]:
    """The file in blocks of whole lines."""
    carry = b""
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            block = carry + block
            cut = block.rfind(b"\n") + 1
            carry = block[cut:]
            if cut:
                yield block[:cut]
    if carry:
        raise NotCanonical("the last line has no newline")


def _suffix(block: bytes, start: int, end: int) -> bytes:
    """The `` <G> .\\n`` ending the line ``block[start:end+1]``."""
    if end - start < 4 or block[end - 2 : end + 1] != b" .\n":
        raise NotCanonical("a line not ending in ' .'")
    space = block.rfind(b" ", start, end - 2)
    term = block[space + 1 : end - 2]
    if space < 0 or not (term.startswith(b"<") and term.endswith(b">")) or b"\\" in term:
        raise NotCanonical("a line without a named graph")
    return block[space : end + 1]


def nquads_graphs(path: Path) -> Iterator[GraphData]:
    """The graphs of a canonical N-Quads file, one run of lines each, streamed."""
    _check_file(path)
    seen: set[bytes] = set()
    run: list[bytes] = []
    current = b""
    for block in _blocks(path):
        pos = 0
        while pos < len(block):
            suffix = _suffix(block, pos, block.index(b"\n", pos))
            if suffix != current:
                if run:
                    yield _run_data(current, run)
                    run = []
                if suffix in seen:
                    raise NotCanonical("a graph in two runs of lines")
                seen.add(suffix)
                current = suffix
            last = block.rfind(suffix, pos) + len(suffix)
            segment = block[pos:last]
            if segment.count(b"\n") != segment.count(suffix):
                raise NotCanonical("graphs interleaved")
            run.append(segment)
            pos = last
    if run:
        yield _run_data(current, run)
    elif not seen:
        raise InputError(str(path), "holds no triples")


def _run_data(suffix: bytes, run: list[bytes]) -> GraphData:
    name = suffix[2:-4].decode("utf-8")
    if is_internal_graph(name):
        raise NotCanonical("a reserved graph name")  # the slow path names the error
    nquads = b"".join(run)
    return GraphData(name, nquads, nquads.replace(suffix, b" .\n"))


def file_graphs(path: Path) -> Iterator[GraphData]:
    """The graphs of ``path``: streamed for N-Quads, else parsed whole (``InputError`` on bad input)."""
    if _check_file(path) == ox.RdfFormat.N_QUADS:
        return nquads_graphs(path)
    return parsed_graphs(path)


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders walked for the RDF files in them (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS))
        else:
            found.append(path)
    return found
