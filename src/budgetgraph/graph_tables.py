"""The part writer of a document's tables: tables (present, empty, missing), columns, lines and figures
with their dimensions and provenance (docs/graph-model.md)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from budgetgraph.codelists import infer_scheme
from budgetgraph.graph_context import (
    AMOUNT_UNITS,
    IMPLIED_FUNDING,
    PHASES,
    SIDES,
    STATUSES,
    GraphContext,
    code_concept_of,
    column_iri,
    column_keys,
    decimal_literal,
    integer_literal,
    line_row,
    table_ordinal,
    write_project,
)
from budgetgraph.namespaces import BG, QB
from budgetgraph.records import BudgetLine, Column, ExtractedTable, Figure, Scheme, SourceLocation


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
    ctx.add(iri, BG.ordinal, integer_literal(ordinal))
    ctx.add(iri, BG.status, STATUSES[table.status])
    if table.statement:
        ctx.add(iri, BG.statement, Literal(table.statement, lang="zh"))
    if table.location.page is not None:
        ctx.add(iri, BG.page, integer_literal(table.location.page))
    if table.location.bbox is not None:
        ctx.add(iri, BG.bbox, Literal(" ".join(f"{v:.2f}" for v in table.location.bbox)))
    if table.location.line is not None:
        ctx.add(iri, BG.sourceLine, integer_literal(table.location.line))
    ctx.add(iri, BG.amountUnit, AMOUNT_UNITS[table.unit])
    ctx.add(iri, BG.sourceDocument, ctx.document)
    keys = column_keys(table)
    for position, (column, key) in enumerate(keys.items()):
        write_column(ctx, iri, ordinal, column, key, position)
    local = local_code_classes(ctx, table)
    if local:
        # Under these 类 the printed names disagree with the code list's for most codes: a regional
        # scheme that reuses the national numbers (上海 部门预算经济分类: 30202 咨询费, not 印刷费).
        # Their lines keep their codes but are not linked to the national concepts.
        ctx.add(iri, BG.localCodes, Literal(True))
        classes = "、".join(sorted(local))
        note = (
            f"「{table.title}」{classes} 类下的科目名称与国家分类代码表多数不一致，"
            "按地方编码处理，未关联国家代码表"
        )
        ctx.add(ctx.document, BG.note, Literal(note, lang="zh"))
    for index, line in enumerate(table.lines):
        local_code = bool(line.code) and (line.code or "")[:3] in local
        write_line(ctx, table, iri, ordinal, line, line_row(line, index), keys, local_code)


_NAME_NOISE = re.compile(r"[()（）\[\]【】、，,\s]|支出$|费用?$")


def _same_name(printed: str, listed: str) -> bool:
    a, b = _NAME_NOISE.sub("", printed), _NAME_NOISE.sub("", listed)
    return bool(a and b) and (a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.6)


def local_code_classes(ctx: GraphContext, table: ExtractedTable) -> set[str]:
    """The 类 (first three digits) under which most of a table's coded lines print another name than
    the code list gives their code: at least four lines with codes the list knows, fewer than half
    of them agreeing."""
    year = ctx.extraction.info.year
    agree: dict[str, int] = {}
    known: dict[str, int] = {}
    for line in table.lines:
        if not line.code or not line.label:
            continue
        scheme = infer_scheme(line.code) or line.scheme
        listed = ctx.codes.label(scheme, year, line.code) if scheme is not None else None
        if listed is None:
            continue
        group = line.code[:3]
        known[group] = known.get(group, 0) + 1
        agree[group] = agree.get(group, 0) + _same_name(line.label, listed)
    return {group for group, count in known.items() if count >= 4 and agree[group] * 2 < count}


def write_column(
    ctx: GraphContext, table: URIRef, ordinal: int, column: Column, key: str, position: int
) -> None:
    iri = column_iri(ctx, ordinal, key)
    ctx.add(table, BG.hasColumn, iri)
    ctx.add(iri, RDF.type, BG.TableColumn)
    ctx.add(iri, RDFS.label, Literal(column.label, lang="zh"))
    ctx.add(iri, BG.columnKey, Literal(key))
    ctx.add(iri, BG.ordinal, integer_literal(position + 1))
    if column.funding is not None:
        ctx.add(iri, BG.fundingSource, BG[column.funding.value])
    if column.kind is not None:
        ctx.add(iri, BG.spendingKind, BG[column.kind.value])
    if column.economic_code:
        resolved = code_concept_of(ctx, column.economic_code, None)
        if resolved is not None:
            ctx.add(iri, BG.economicClassification, resolved[1])
    if column.phase is not None:
        ctx.add(iri, BG.budgetPhase, PHASES[column.phase])
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
    local_codes: bool = False,
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
        concept = None if local_codes else code_concept_of(ctx, line.code, line.scheme)
        if concept is not None:
            ctx.add(iri, BG.classification, concept[1])
    if line.funding is not None:
        ctx.add(iri, BG.fundingSource, BG[line.funding.value])
    if line.item is not None:
        ctx.add(iri, BG.lineItem, BG[line.item.value])
    if line.side is not None:
        ctx.add(iri, BG.side, SIDES[line.side])
    if line.kind is not None:
        ctx.add(iri, BG.spendingKind, BG[line.kind.value])
    if line.project:
        project = write_project(ctx, line.project)
        ctx.add(iri, BG.project, project)
    if line.sub_unit:
        ctx.add(iri, BG.subUnit, ctx.organization(line.sub_unit))
    seen: dict[str, int] = {}
    for figure in line.figures:
        key = keys[figure.column]
        seen[key] = seen.get(key, 0) + 1
        # Two cells of one row read into the same column (an extractor slip) stay two figures: the
        # second is named key~2, both point at the column, and validation sees two amounts for it.
        cell = key if seen[key] == 1 else f"{key}~{seen[key]}"
        write_figure(ctx, table, table_iri, ordinal, line, iri, row, figure, key, concept, cell)


def _with_row(location: SourceLocation, row: int) -> SourceLocation:
    return SourceLocation(location.page, location.line, location.table, row, location.bbox)


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
    cell: str,
) -> None:
    iri = ctx.minter.figure(ctx.sha256, ordinal, row, cell)
    column = figure.column
    ctx.add(iri, RDF.type, QB.Observation)
    ctx.add(iri, RDF.type, BG.Figure)
    ctx.add(iri, QB.dataSet, ctx.dataset)
    ctx.add(iri, BG.line, line_iri)
    ctx.add(iri, BG.column, column_iri(ctx, ordinal, key))
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
        resolved = code_concept_of(ctx, column.economic_code, None)
        if resolved is not None:
            ctx.add(iri, BG.economicClassification, resolved[1])
    funding = column.funding or line.funding or IMPLIED_FUNDING.get(table.kind)
    if funding is not None:
        ctx.add(iri, BG.fundingSource, BG[funding.value])
    kind = column.kind or line.kind
    if kind is not None:
        ctx.add(iri, BG.spendingKind, BG[kind.value])
    if line.item is not None:
        ctx.add(iri, BG.lineItem, BG[line.item.value])
    if line.side is not None:
        ctx.add(iri, BG.side, SIDES[line.side])
    if line.kind is not None:
        ctx.add(iri, BG.spendingKind, BG[line.kind.value])
    ctx.add(iri, BG.budgetPhase, ctx.phase if column.phase is None else PHASES[column.phase])
    ctx.add(iri, BG.fiscalYear, ctx.year)
    ctx.add(iri, BG.organization, ctx.organization(line.sub_unit))
    ctx.add(iri, BG.priorYear, Literal(column.prior_year))
    ctx.add(iri, BG.currency, BG.CNY)
