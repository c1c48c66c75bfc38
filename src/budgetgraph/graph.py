"""Extraction → RDF, as docs/graph-model.md describes.

``extraction_to_graph`` runs a sequence of part writers over one ``GraphContext`` (graph_context.py);
each writer adds the triples of one part of the model: here the document, unit, year, dataset and
staffing; graph_tables.py the tables, columns, lines and figures; graph_narrative.py the narrative and
performance parts. Other modules add parts by writing a ``PartWriter`` and listing it in ``WRITERS``
(or passing ``writers=``). The same Extraction always gives an isomorphic graph: every IRI comes
from the Minter and no blank nodes are used.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from budgetgraph.graph_context import (
    AMOUNT_UNITS,
    IMPLIED_FUNDING,
    LEVELS,
    PHASES,
    SIDES,
    STATUSES,
    GraphContext,
    PartWriter,
    decimal_literal,
    integer_literal,
    line_row,
    make_context,
    table_ordinal,
    write_project,
)
from budgetgraph.graph_tables import write_tables
from budgetgraph.iris import Minter
from budgetgraph.namespaces import BG, ORG, QB
from budgetgraph.records import Extraction, Level

__all__ = [
    "AMOUNT_UNITS",
    "IMPLIED_FUNDING",
    "LEVELS",
    "PHASES",
    "SIDES",
    "STATUSES",
    "WRITERS",
    "GraphContext",
    "PartWriter",
    "decimal_literal",
    "extraction_to_graph",
    "line_row",
    "table_ordinal",
    "write_dataset",
    "write_document",
    "write_project",
    "write_staffing",
    "write_tables",
    "write_unit",
    "write_year",
]


def write_document(ctx: GraphContext) -> None:
    extraction, info, doc = ctx.extraction, ctx.extraction.info, ctx.document
    ctx.add(doc, RDF.type, BG.Disclosure)
    ctx.add(doc, RDF.type, PROV.Entity)
    ctx.add(doc, BG.sha256, Literal(ctx.sha256))
    ctx.add(doc, DCTERMS.title, Literal(info.title, lang="zh"))
    ctx.add(doc, BG.fileName, Literal(posixpath.basename(extraction.source.path.replace("\\", "/"))))
    ctx.add(doc, DCTERMS.format, Literal(extraction.source.media_type.value))
    if extraction.page_count is not None:
        ctx.add(doc, BG.pageCount, integer_literal(extraction.page_count))
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
    if info.level is Level.DEPARTMENT:  # a department-level (consolidated) disclosure is a 部门's
        ctx.add(ctx.unit, RDF.type, BG.Department)
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
    ctx.add(ctx.year, BG.year, integer_literal(year))
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
    ctx.add_values(iri, counts)


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


def extraction_to_graph(
    extraction: Extraction, minter: Minter, writers: Sequence[PartWriter] = WRITERS
) -> Graph:
    """The RDF of one document (to be stored as the named graph ``minter.graph_name(sha256)``)."""
    ctx = make_context(extraction, minter)
    for writer in writers:
        writer(ctx)
    return ctx.graph
