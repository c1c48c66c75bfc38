"""What a linked-data page shows about one IRI: typed view records built from the backend."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
from rdflib.namespace import RDF

from budgetgraph.namespaces import BG, OBEU_MEASURE
from budgetgraph.web.backend import Backend, Term
from budgetgraph.web.vocab import LABEL_PREDICATES, Spaces, compact, pick_label, vocabulary_label

AMOUNT_PREDICATES = frozenset({str(BG.amount), str(OBEU_MEASURE.amount)})
NUMERIC_TYPES = frozenset(
    "http://www.w3.org/2001/XMLSchema#" + t for t in ("decimal", "integer", "double", "float", "int", "long")
)
SOURCE_PREDICATES = (
    ("document", str(BG.sourceDocument)),
    ("page", str(BG.page)),
    ("table", str(BG.table)),
    ("row", str(BG.row)),
    ("line", str(BG.line)),
    ("sourceLine", str(BG.sourceLine)),
    ("bbox", str(BG.bbox)),
    ("printedLabel", str(BG.printedLabel)),
)
INCOMING_LIMIT = 200
OUTGOING_LIMIT = 5000
LABELLED_OBJECTS = 300


@dataclass(frozen=True)
class Value:
    """One value on a page: text to show, where it links, and what kind of term it is."""

    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None
    amount: bool = False


@dataclass(frozen=True)
class PropertyRow:
    predicate: Value
    values: tuple[Value, ...]


@dataclass(frozen=True)
class SourceView:
    document: Value | None
    page: str | None
    table: Value | None
    row: str | None
    line: Value | None
    source_line: str | None
    bbox: str | None
    printed_label: str | None


@dataclass(frozen=True)
class ResourceView:
    iri: str
    label: str
    types: tuple[Value, ...]
    rows: tuple[PropertyRow, ...]
    incoming: tuple[tuple[Value, Value], ...]
    incoming_more: bool
    source: SourceView | None
    graphs: tuple[str, ...]


class Describer:
    """Builds views and RDF descriptions over a backend and the vocabulary."""

    def __init__(self, backend: Backend, vocabulary: ox.Store, spaces: Spaces) -> None:
        self.backend = backend
        self.vocabulary = vocabulary
        self.spaces = spaces
        self._labels: dict[str, str | None] = {}

    def outgoing(self, iri: str) -> list[tuple[ox.NamedNode, Term]]:
        pairs = list(self.backend.outgoing(iri, OUTGOING_LIMIT))
        seen = set(pairs)
        for quad in self.vocabulary.quads_for_pattern(ox.NamedNode(iri), None, None, None):
            pair = (quad.predicate, quad.object)
            if pair not in seen:
                seen.add(pair)
                pairs.append(pair)
        return pairs

    def triples(self, iri: str) -> list[ox.Triple]:
        """The description served as RDF: every arc out of the IRI (and out of its blank nodes)."""
        subject = ox.NamedNode(iri)
        triples = [ox.Triple(subject, p, o) for p, o in self.outgoing(iri)]
        blanks = [o for _, o in self.outgoing(iri) if isinstance(o, ox.BlankNode)]
        for blank in blanks[:200]:
            for quad in self.vocabulary.quads_for_pattern(blank, None, None, None):
                triples.append(quad.triple)
        return triples

    def label(self, iri: str) -> str | None:
        if iri not in self._labels:
            found = vocabulary_label(self.vocabulary, iri)
            if found is None and len(self._labels) < 5000:
                literals = [
                    o
                    for p, o in self.backend.outgoing(iri, 200)
                    if p in LABEL_PREDICATES and isinstance(o, ox.Literal)
                ]
                found = pick_label(literals)
            self._labels[iri] = found
        return self._labels[iri]

    def value(self, term: Term, predicate: str | None = None, with_label: bool = True) -> Value:
        if isinstance(term, ox.NamedNode):
            label = self.label(term.value) if with_label else None
            href = self.spaces.local_path(term.value) or term.value
            return Value(text=label or compact(term.value), href=href, iri=term.value)
        if isinstance(term, ox.BlankNode):
            return Value(text=f"_:{term.value}")
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            if predicate in AMOUNT_PREDICATES and datatype in NUMERIC_TYPES:
                return Value(text=format_amount(term.value), datatype=compact(datatype), amount=True)
            shown = compact(datatype) if datatype in NUMERIC_TYPES else None
            return Value(text=term.value, lang=term.language, datatype=shown)
        return Value(text=str(term))

    def describe(self, iri: str) -> ResourceView | None:
        pairs = self.outgoing(iri)
        incoming_pairs = self.backend.incoming(iri, INCOMING_LIMIT + 1)
        if not pairs and not incoming_pairs:
            return None
        by_predicate: dict[str, list[Term]] = {}
        for arc, obj in pairs:
            by_predicate.setdefault(arc.value, []).append(obj)
        labels = [o for p, o in pairs if p in LABEL_PREDICATES and isinstance(o, ox.Literal)]
        title = pick_label(labels) or compact(iri)
        types = tuple(self.value(t) for t in by_predicate.pop(str(RDF.type), []))
        rows = []
        labelled = 0
        for predicate in sorted(by_predicate, key=lambda p: (self.label(p) is None, compact(p))):
            values = []
            for obj in sorted(by_predicate[predicate], key=_term_order):
                with_label = labelled < LABELLED_OBJECTS
                labelled += isinstance(obj, ox.NamedNode)
                values.append(self.value(obj, predicate, with_label))
            rows.append(PropertyRow(self.value(ox.NamedNode(predicate)), tuple(values)))
        incoming = tuple(
            (self.value(s, with_label=i < 60), self.value(p))
            for i, (s, p) in enumerate(incoming_pairs[:INCOMING_LIMIT])
        )
        return ResourceView(
            iri=iri,
            label=title,
            types=types,
            rows=tuple(rows),
            incoming=incoming,
            incoming_more=len(incoming_pairs) > INCOMING_LIMIT,
            source=self._source(by_predicate),
            graphs=tuple(self.backend.graphs_of(iri)),
        )

    def _source(self, by_predicate: dict[str, list[Term]]) -> SourceView | None:
        found = {key: by_predicate.get(iri, [None])[0] for key, iri in SOURCE_PREDICATES}
        if found["document"] is None and found["table"] is None:
            return None

        def text(key: str) -> str | None:
            term = found[key]
            return term.value if isinstance(term, ox.Literal) else None

        def link(key: str) -> Value | None:
            term = found[key]
            return self.value(term) if isinstance(term, ox.NamedNode) else None

        return SourceView(
            document=link("document"),
            page=text("page"),
            table=link("table"),
            row=text("row"),
            line=link("line"),
            source_line=text("sourceLine"),
            bbox=text("bbox"),
            printed_label=text("printedLabel"),
        )


def _term_order(term: Term) -> tuple[int, str]:
    if isinstance(term, ox.Literal):
        return (0 if term.language == "zh" else 1 if term.language == "en" else 2, term.value)
    return (3, str(term))


def format_amount(text: str) -> str:
    """``1234567.8`` → ``1,234,567.80 万元`` (amounts are in 万元 in the graph)."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < -2 else 2
    return f"{number:,.{places}f} 万元"
