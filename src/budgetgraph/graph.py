"""Extraction → RDF, as docs/graph-model.md describes.

``extraction_to_graph`` runs a sequence of part writers over one ``GraphContext``; each writer adds
the triples of one part of the model (document, unit, year, dataset, tables, lines and figures,
staffing). Other modules add parts by writing a ``PartWriter`` and listing it in ``WRITERS`` (or
passing ``writers=``). The same Extraction always gives an isomorphic graph: every IRI comes from the
Minter and no blank nodes are used.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from budgetgraph.codelists import CodeLists, infer_scheme, load_code_lists
from budgetgraph.iris import Minter
from budgetgraph.namespaces import BG, ORG, QB, bind_prefixes
from budgetgraph.records import (
    AmountUnit,
    BudgetLine,
    Column,
    ExtractedTable,
    Extraction,
    Figure,
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


def _integer(value: int) -> Literal:
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

    def organization(self, sub_unit: str | None) -> URIRef:
        if sub_unit is None:
            return self.unit
        return self.minter.sub_unit(self.extraction.info.unit_name, sub_unit)

    def provenance(self, subject: URIRef, location: SourceLocation, table: URIRef | None) -> None:
        """bg:sourceDocument, bg:page, bg:table, bg:row, bg:bbox, bg:sourceLine."""
        self.add(subject, BG.sourceDocument, self.document)
        if location.page is not None:
            self.add(subject, BG.page, _integer(location.page))
        if table is not None:
            self.add(subject, BG.table, table)
        if location.row is not None:
            self.add(subject, BG.row, _integer(location.row))
        if location.line is not None:
            self.add(subject, BG.sourceLine, _integer(location.line))
        if location.bbox is not None:
            self.add(subject, BG.bbox, Literal(" ".join(f"{v:.2f}" for v in location.bbox)))


PartWriter = Callable[[GraphContext], None]


def write_document(ctx: GraphContext) -> None:
    extraction, info, doc = ctx.extraction, ctx.extraction.info, ctx.document
    ctx.add(doc, RDF.type, BG.Disclosure)
    ctx.add(doc, RDF.type, PROV.Entity)
    ctx.add(doc, BG.sha256, Literal(ctx.sha256))
    ctx.add(doc, DCTERMS.title, Literal(info.title, lang="zh"))
    ctx.add(doc, BG.fileName, Literal(posixpath.basename(extraction.source.path.replace("\\", "/"))))
    ctx.add(doc, DCTERMS.format, Literal(extraction.source.media_type.value))
    if extraction.page_count is not None:
        ctx.add(doc, BG.pageCount, _integer(extraction.page_count))
    ctx.add(doc, BG.unit, ctx.unit)
    ctx.add(doc, BG.fiscalYear, ctx.year)
    ctx.add(doc, BG.phase, ctx.phase)
    ctx.add(doc, BG.level, LEVELS[info.level])
    ctx.add(doc, BG.amountUnit, AMOUNT_UNITS[info.amount_unit])
    ctx.add(doc, BG.dataset, ctx.dataset)
    for title in extraction.contents:
        ctx.add(doc, BG.listsTable, Literal(title, lang="zh"))
    for note in extraction.notes:
        ctx.add(doc, BG.note, Literal(note.message, lang="zh"))


def write_unit(ctx: GraphContext) -> None:
    info = ctx.extraction.info
    ctx.add(ctx.unit, RDF.type, ORG.Organization)
    ctx.add(ctx.unit, RDF.type, BG.BudgetUnit)
    ctx.add(ctx.unit, RDFS.label, Literal(info.unit_name, lang="zh"))
    for alias in info.aliases:
        if alias != info.unit_name:
            ctx.add(ctx.unit, SKOS.altLabel, Literal(alias, lang="zh"))
    names = set(info.sub_units)
    names.update(line.sub_unit for t in ctx.extraction.tables for line in t.lines if line.sub_unit)
    for name in sorted(names):
        sub = ctx.organization(name)
        ctx.add(sub, RDF.type, ORG.Organization)
        ctx.add(sub, RDF.type, BG.BudgetUnit)
        ctx.add(sub, RDFS.label, Literal(name, lang="zh"))
        ctx.add(sub, ORG.subOrganizationOf, ctx.unit)
        ctx.add(ctx.unit, ORG.hasSubOrganization, sub)


def write_year(ctx: GraphContext) -> None:
    year = ctx.extraction.info.year
    ctx.add(ctx.year, RDF.type, BG.FiscalYear)
    ctx.add(ctx.year, BG.year, _integer(year))
    ctx.add(ctx.year, RDFS.label, Literal(f"{year}年", lang="zh"))
    ctx.add(ctx.year, RDFS.label, Literal(f"fiscal year {year}", lang="en"))


def write_dataset(ctx: GraphContext) -> None:
    ds = ctx.dataset
    ctx.add(ds, RDF.type, QB.DataSet)
    ctx.add(ds, RDF.type, BG.BudgetDataset)
    ctx.add(ds, QB.structure, BG.FigureStructure)
    ctx.add(ds, BG.organization, ctx.unit)
    ctx.add(ds, BG.fiscalYear, ctx.year)
    ctx.add(ds, BG.budgetPhase, ctx.phase)
    ctx.add(ds, BG.document, ctx.document)


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


def _column_iri(ctx: GraphContext, ordinal: int, key: str) -> URIRef:
    return ctx.minter.part(ctx.sha256, "table", ordinal, "column", key)


def _code_concept(ctx: GraphContext, code: str, scheme: Scheme | None) -> tuple[Scheme, URIRef] | None:
    resolved = scheme or infer_scheme(code)
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


def write_tables(ctx: GraphContext) -> None:
    for index, table in enumerate(ctx.extraction.tables):
        write_table(ctx, table, table_ordinal(table, index))


def write_table(ctx: GraphContext, table: ExtractedTable, ordinal: int) -> None:
    iri = ctx.minter.table(ctx.sha256, ordinal)
    ctx.add(ctx.document, BG.hasTable, iri)
    ctx.add(iri, RDF.type, BG.DisclosureTable)
    ctx.add(iri, RDF.type, BG[table.kind.value])
    ctx.add(iri, DCTERMS.title, Literal(table.title, lang="zh"))
    if table.number:
        ctx.add(iri, BG.tableNumber, Literal(table.number))
    ctx.add(iri, BG.ordinal, _integer(ordinal))
    ctx.add(iri, BG.status, STATUSES[table.status])
    if table.statement:
        ctx.add(iri, BG.statement, Literal(table.statement, lang="zh"))
    if table.location.page is not None:
        ctx.add(iri, BG.page, _integer(table.location.page))
    if table.location.bbox is not None:
        ctx.add(iri, BG.bbox, Literal(" ".join(f"{v:.2f}" for v in table.location.bbox)))
    if table.location.line is not None:
        ctx.add(iri, BG.sourceLine, _integer(table.location.line))
    ctx.add(iri, BG.amountUnit, AMOUNT_UNITS[table.unit])
    ctx.add(iri, BG.sourceDocument, ctx.document)
    keys = column_keys(table)
    for position, (column, key) in enumerate(keys.items()):
        write_column(ctx, iri, ordinal, column, key, position)
    for index, line in enumerate(table.lines):
        write_line(ctx, table, iri, ordinal, line, line_row(line, index), keys)


def write_column(
    ctx: GraphContext, table: URIRef, ordinal: int, column: Column, key: str, position: int
) -> None:
    iri = _column_iri(ctx, ordinal, key)
    ctx.add(table, BG.hasColumn, iri)
    ctx.add(iri, RDF.type, BG.TableColumn)
    ctx.add(iri, RDFS.label, Literal(column.label, lang="zh"))
    ctx.add(iri, BG.columnKey, Literal(key))
    ctx.add(iri, BG.ordinal, _integer(position + 1))
    if column.funding is not None:
        ctx.add(iri, BG.fundingSource, BG[column.funding.value])
    if column.kind is not None:
        ctx.add(iri, BG.spendingKind, BG[column.kind.value])
    if column.economic_code:
        resolved = _code_concept(ctx, column.economic_code, None)
        if resolved is not None:
            ctx.add(iri, BG.economicClassification, resolved[1])
    if column.prior_year:
        ctx.add(iri, BG.priorYear, Literal(True))


def write_line(
    ctx: GraphContext,
    table: ExtractedTable,
    table_iri: URIRef,
    ordinal: int,
    line: BudgetLine,
    row: int,
    keys: dict[Column, str],
) -> None:
    iri = ctx.minter.line(ctx.sha256, ordinal, row)
    ctx.add(table_iri, BG.hasLine, iri)
    ctx.add(iri, RDF.type, BG.BudgetLine)
    ctx.add(iri, BG.printedLabel, Literal(line.label, lang="zh"))
    location = line.location if line.location.row is not None else _with_row(line.location, row)
    ctx.provenance(iri, location, table_iri)
    concept: tuple[Scheme, URIRef] | None = None
    if line.code:
        ctx.add(iri, BG.code, Literal(line.code))
        concept = _code_concept(ctx, line.code, line.scheme)
        if concept is not None:
            ctx.add(iri, BG.classification, concept[1])
    if line.funding is not None:
        ctx.add(iri, BG.fundingSource, BG[line.funding.value])
    if line.item is not None:
        ctx.add(iri, BG.lineItem, BG[line.item.value])
    if line.side is not None:
        ctx.add(iri, BG.side, SIDES[line.side])
    if line.project:
        project = write_project(ctx, line.project)
        ctx.add(iri, BG.project, project)
    if line.sub_unit:
        ctx.add(iri, BG.subUnit, ctx.organization(line.sub_unit))
    for figure in line.figures:
        key = keys[figure.column]
        write_figure(ctx, table, table_iri, ordinal, line, iri, row, figure, key, concept)


def _with_row(location: SourceLocation, row: int) -> SourceLocation:
    return SourceLocation(location.page, location.line, location.table, row, location.bbox)


def write_project(ctx: GraphContext, name: str) -> URIRef:
    info = ctx.extraction.info
    iri = ctx.minter.project(info.unit_name, info.year, name)
    ctx.add(iri, RDF.type, BG.Project)
    ctx.add(iri, RDFS.label, Literal(name, lang="zh"))
    ctx.add(iri, BG.unit, ctx.unit)
    ctx.add(iri, BG.fiscalYear, ctx.year)
    return iri


def write_figure(
    ctx: GraphContext,
    table: ExtractedTable,
    table_iri: URIRef,
    ordinal: int,
    line: BudgetLine,
    line_iri: URIRef,
    row: int,
    figure: Figure,
    key: str,
    concept: tuple[Scheme, URIRef] | None,
) -> None:
    iri = ctx.minter.figure(ctx.sha256, ordinal, row, key)
    column = figure.column
    ctx.add(iri, RDF.type, QB.Observation)
    ctx.add(iri, RDF.type, BG.Figure)
    ctx.add(iri, QB.dataSet, ctx.dataset)
    ctx.add(iri, BG.line, line_iri)
    ctx.add(iri, BG.column, _column_iri(ctx, ordinal, key))
    ctx.add(iri, BG.amount, decimal_literal(figure.amount))
    ctx.add(iri, BG.printedValue, Literal(figure.printed))
    ctx.add(iri, BG.columnLabel, Literal(column.label, lang="zh"))
    ctx.add(iri, BG.printedLabel, Literal(line.label, lang="zh"))
    location = figure.location if figure.location.row is not None else _with_row(figure.location, row)
    ctx.provenance(iri, location, table_iri)
    if concept is not None:
        scheme, code_iri = concept
        dimension = BG.functionalClassification if scheme is Scheme.FUNCTION else BG.economicClassification
        ctx.add(iri, dimension, code_iri)
    if column.economic_code and (concept is None or concept[0] is Scheme.FUNCTION):
        resolved = _code_concept(ctx, column.economic_code, None)
        if resolved is not None:
            ctx.add(iri, BG.economicClassification, resolved[1])
    funding = column.funding or line.funding or IMPLIED_FUNDING.get(table.kind)
    if funding is not None:
        ctx.add(iri, BG.fundingSource, BG[funding.value])
    if column.kind is not None:
        ctx.add(iri, BG.spendingKind, BG[column.kind.value])
    if line.item is not None:
        ctx.add(iri, BG.lineItem, BG[line.item.value])
    if line.side is not None:
        ctx.add(iri, BG.side, SIDES[line.side])
    ctx.add(iri, BG.budgetPhase, ctx.phase)
    ctx.add(iri, BG.fiscalYear, ctx.year)
    ctx.add(iri, BG.organization, ctx.organization(line.sub_unit))
    ctx.add(iri, BG.priorYear, Literal(column.prior_year))
    ctx.add(iri, BG.currency, BG.CNY)


def write_staffing(ctx: GraphContext) -> None:
    staffing = ctx.extraction.staffing
    if staffing is None:
        return
    iri = ctx.minter.part(ctx.sha256, "staffing")
    ctx.add(ctx.document, BG.staffing, iri)
    ctx.add(iri, RDF.type, BG.Staffing)
    ctx.add(iri, BG.unit, ctx.unit)
    ctx.add(iri, BG.fiscalYear, ctx.year)
    ctx.provenance(iri, staffing.location, None)
    counts = (
        (BG.authorized, staffing.authorized),
        (BG.actual, staffing.actual),
        (BG.inService, staffing.in_service),
        (BG.retired, staffing.retired),
        (BG.retiredBefore1949, staffing.retired_before_1949),
        (BG.inServiceChange, staffing.in_service_change),
        (BG.retiredChange, staffing.retired_change),
        (BG.retiredBefore1949Change, staffing.retired_before_1949_change),
    )
    for predicate, value in counts:
        if value is not None:
            ctx.add(iri, predicate, _integer(value))


def write_narrative(ctx: GraphContext) -> None:
    """The narrative and performance parts (graph_narrative.py, which builds on this module)."""
    from budgetgraph.graph_narrative import write_narrative as write_narrative_parts

    write_narrative_parts(ctx)


WRITERS: tuple[PartWriter, ...] = (
    write_document,
    write_unit,
    write_year,
    write_dataset,
    write_tables,
    write_staffing,
    write_narrative,
)
"""The part writers ``extraction_to_graph`` runs, in order."""


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


def extraction_to_graph(
    extraction: Extraction, minter: Minter, writers: Sequence[PartWriter] = WRITERS
) -> Graph:
    """The RDF of one document (to be stored as the named graph ``minter.graph_name(sha256)``)."""
    ctx = make_context(extraction, minter)
    for writer in writers:
        writer(ctx)
    return ctx.graph
