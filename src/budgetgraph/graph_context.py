"""What the graph's part writers share: the context of one document, IRIs of its columns and codes, and
the mapping of record enums to ontology individuals (docs/graph-model.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from budgetgraph.codelists import CodeLists, infer_scheme, load_code_lists
from budgetgraph.iris import Minter
from budgetgraph.namespaces import BG, bind_prefixes
from budgetgraph.records import (
    AmountUnit,
    BudgetLine,
    Column,
    ExtractedTable,
    Extraction,
    Funding,
    Level,
    Phase,
    Scheme,
    Side,
    SourceLocation,
    TableKind,
    TableStatus,
)

PHASES = {Phase.BUDGET: BG.Budget, Phase.FINAL: BG.Final}
LEVELS = {Level.DEPARTMENT: BG.DepartmentLevel, Level.UNIT: BG.UnitLevel}
AMOUNT_UNITS = {AmountUnit.WAN_YUAN: BG.WanYuan, AmountUnit.YUAN: BG.Yuan}
STATUSES = {TableStatus.PRESENT: BG.Present, TableStatus.EMPTY: BG.Empty, TableStatus.MISSING: BG.Missing}
SIDES = {Side.INCOME: BG.IncomeSide, Side.EXPENDITURE: BG.ExpenditureSide}
IMPLIED_FUNDING: dict[TableKind, Funding] = {
    TableKind.GPB_EXPENDITURE: Funding.GPB,
    TableKind.GPB_BASIC: Funding.GPB,
    TableKind.GPB_PROJECT: Funding.GPB,
    TableKind.GOV_FUND: Funding.GOV_FUND,
    TableKind.SOE: Funding.SOE,
    TableKind.THREE_PUBLIC: Funding.FISCAL,
}
"""The funding source a table's title implies for figures whose column and line name none."""


def integer_literal(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal in canonical form (no trailing zeros: 1087.70 → "1087.7", 51.00 → "51"), the form
    pyoxigraph stores, so that a graph written and read back is the same graph."""
    text = format(value.normalize(), "f")
    return Literal("0" if text in ("-0", "") else text, datatype=XSD.decimal)


@dataclass(frozen=True)
class GraphContext:
    """What every part writer needs: the extraction, the minter, the graph and the shared IRIs."""

    extraction: Extraction
    minter: Minter
    graph: Graph
    codes: CodeLists
    sha256: str
    document: URIRef
    unit: URIRef
    year: URIRef
    dataset: URIRef
    phase: URIRef

    def add(self, subject: URIRef, predicate: URIRef, value: URIRef | Literal) -> None:
        self.graph.add((subject, predicate, value))

    def add_values(self, subject: URIRef, pairs: Iterable[tuple[URIRef, int | Decimal | str | None]]) -> None:
        """Add each (predicate, value) whose value was printed: integers as xsd:integer, amounts as
        canonical xsd:decimal, text as a Chinese literal; None and empty text are skipped."""
        for predicate, value in pairs:
            if value is None or value == "":
                continue
            if isinstance(value, str):
                self.add(subject, predicate, Literal(value, lang="zh"))
            elif isinstance(value, Decimal):
                self.add(subject, predicate, decimal_literal(value))
            else:
                self.add(subject, predicate, integer_literal(value))

    def organization(self, sub_unit: str | None) -> URIRef:
        if sub_unit is None:
            return self.unit
        return self.minter.sub_unit(self.extraction.info.unit_name, sub_unit)

    def provenance(self, subject: URIRef, location: SourceLocation, table: URIRef | None) -> None:
        """bg:sourceDocument, bg:page, bg:table, bg:row, bg:bbox, bg:sourceLine."""
        self.add(subject, BG.sourceDocument, self.document)
        if location.page is not None:
            self.add(subject, BG.page, integer_literal(location.page))
        if table is not None:
            self.add(subject, BG.table, table)
        if location.row is not None:
            self.add(subject, BG.row, integer_literal(location.row))
        if location.line is not None:
            self.add(subject, BG.sourceLine, integer_literal(location.line))
        if location.bbox is not None:
            self.add(subject, BG.bbox, Literal(" ".join(f"{v:.2f}" for v in location.bbox)))


PartWriter = Callable[[GraphContext], None]


def table_ordinal(table: ExtractedTable, index: int) -> int:
    """A table's ordinal in its document: its location's table number, else its 1-based position."""
    return table.location.table if table.location.table is not None else index + 1


def line_row(line: BudgetLine, index: int) -> int:
    return line.location.row if line.location.row is not None else index + 1


def column_keys(table: ExtractedTable) -> dict[Column, str]:
    """Every column of a table (declared ones first, then any only its figures name) with its key.

    A column's key is its own ``key``, else "c" and its 1-based position; keys are made unique.
    """
    columns = list(dict.fromkeys(table.columns))
    for line in table.lines:
        for figure in line.figures:
            if figure.column not in columns:
                columns.append(figure.column)
    keys: dict[Column, str] = {}
    used: set[str] = set()
    for position, column in enumerate(columns):
        key = column.key or f"c{position + 1}"
        while key in used:
            key += "_"
        used.add(key)
        keys[column] = key
    return keys


def column_iri(ctx: GraphContext, ordinal: int, key: str) -> URIRef:
    """The IRI of a table's column (a per-document part)."""
    return ctx.minter.part(ctx.sha256, "table", ordinal, "column", key)


def code_concept_of(ctx: GraphContext, code: str, scheme: Scheme | None) -> tuple[Scheme, URIRef] | None:
    """The code-list concept of ``code`` for the document's year, described in the graph (notation,
    names, or bg:unknownCode for a code the lists do not know); None when the code fits no scheme.

    The code's shape decides between the lists when it fits one (function codes are 2xx…, economic
    codes 3xx…/5xx…), whatever scheme the line was given; a stated scheme is used for the rest."""
    resolved = infer_scheme(code) or scheme
    if resolved is None:
        return None
    found = ctx.codes.lookup(resolved, ctx.extraction.info.year, code)
    concept = ctx.codes.concept(resolved, ctx.extraction.info.year, code)
    ctx.add(concept, RDF.type, SKOS.Concept)
    ctx.add(concept, SKOS.notation, Literal(code))
    if found is None:
        ctx.add(concept, BG.unknownCode, Literal(code))
    else:  # the names travel with the data, so that queries need not load the code lists
        for lang, label in sorted(found.labels.items()):
            ctx.add(concept, SKOS.prefLabel, Literal(label, lang=lang))
    return resolved, concept


def write_project(ctx: GraphContext, name: str) -> URIRef:
    info = ctx.extraction.info
    iri = ctx.minter.project(info.unit_name, info.year, name)
    ctx.add(iri, RDF.type, BG.Project)
    ctx.add(iri, RDFS.label, Literal(name, lang="zh"))
    ctx.add(iri, BG.unit, ctx.unit)
    ctx.add(iri, BG.fiscalYear, ctx.year)
    return iri


def make_context(extraction: Extraction, minter: Minter, graph: Graph | None = None) -> GraphContext:
    info = extraction.info
    sha256 = extraction.source.sha256
    return GraphContext(
        extraction=extraction,
        minter=minter,
        # rdflib's SimpleMemory store: 3× faster to fill and to serialise than the default context-aware
        # store, and a document's graph needs no contexts (output.py names the graph).
        graph=bind_prefixes(Graph(store="SimpleMemory")) if graph is None else graph,
        codes=load_code_lists(),
        sha256=sha256,
        document=minter.document(sha256),
        unit=minter.unit(info.unit_name),
        year=minter.fiscal_year(info.year),
        dataset=minter.budget(info.unit_name, info.year, info.phase.value),
        phase=PHASES[info.phase],
    )
