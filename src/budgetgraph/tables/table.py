"""One table region (its title, the blocks up to the next title) → ExtractedTable."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from budgetgraph.normalize import compact
from budgetgraph.records import (
    AmountUnit,
    Block,
    BudgetLine,
    Column,
    ExtractedTable,
    ExtractionNote,
    Figure,
    Funding,
    RawRow,
    RawTable,
    SourceLocation,
    TableKind,
    TableStatus,
    TextLine,
)
from budgetgraph.tables.aligned import is_data_row, read_aligned
from budgetgraph.tables.columns import is_numbering_row
from budgetgraph.tables.repair import repair_rows
from budgetgraph.tables.rows import LineBuilder, RowData, org_name
from budgetgraph.tables.templates import TEMPLATES, template_weight
from budgetgraph.tables.three_public import three_public_by_column
from budgetgraph.tables.unaligned import read_unaligned, row_as_line

PERFORMANCE = frozenset({TableKind.PERFORMANCE_TARGETS, TableKind.PERFORMANCE_EVALUATION})
_UNIT = re.compile(r"单位[：:]\s*(万元|元)")


@dataclass(frozen=True)
class TableRegion:
    kind: TableKind
    title: str
    number: str | None
    location: SourceLocation  # of the title; .table is the ordinal
    blocks: tuple[Block, ...]


def region_unit(blocks: Sequence[Block], default: AmountUnit) -> AmountUnit:
    """The amount unit the table states (单位：元 / 万元), in a line above it or in its first rows."""
    for block in blocks:
        texts = [block.text] if isinstance(block, TextLine) else [c for r in block.rows[:3] for c in r.cells]
        for text in texts:
            match = _UNIT.search(compact(text))
            if match:
                return AmountUnit.YUAN if match.group(1) == "元" else AmountUnit.WAN_YUAN
    return default


def statement_in(lines: Sequence[str], i: int) -> str | None:
    """The sentence of ``lines[i]`` that states a table is empty (空表), joined with the line before
    when the statement was wrapped just before 空表."""
    text = lines[i]
    at = text.find("空表")
    if at < 0:
        return None
    if i > 0 and not any(p in text[:at] for p in "。；，,"):
        # The sentence began on the line before (wrapped).
        text, at = lines[i - 1] + text, at + len(lines[i - 1])
    start = max(text.rfind(p, 0, at) for p in "。；") + 1
    end = text.find("。", at)
    return text[start : end + 1 if end >= 0 else len(text)]


def empty_statement(blocks: Sequence[Block]) -> str | None:
    lines = [compact(b.text) for b in blocks if isinstance(b, TextLine)]
    for i in range(len(lines)):
        found = statement_in(lines, i)
        if found:
            return found
    return None


def _prior(kind: TableKind, known: Mapping[Funding, Decimal]) -> Callable[[Column, Decimal], float]:
    def prior(column: Column, value: Decimal) -> float:
        score = template_weight(kind, column.label)
        if column.funding is not None and column.funding in known:
            score += 1.0 if known[column.funding] != 0 else -1.0
        return score

    return prior


def _with_sub_units(lines: list[BudgetLine]) -> list[BudgetLine]:
    """Sub-unit rows that split the table carry their name to the rows below them."""
    orgs = [ln for ln in lines if ln.sub_unit and not ln.code and ln.item is None]
    signatures = {tuple(f.amount for f in ln.figures) for ln in orgs}
    if len({ln.sub_unit for ln in orgs}) < 2 or len(signatures) < 2:
        return [replace(ln, sub_unit=None) if ln in orgs else ln for ln in lines]
    out: list[BudgetLine] = []
    current: str | None = None
    for ln in lines:
        if ln in orgs:
            current = ln.sub_unit
        elif ln.item is None and current is not None:
            ln = replace(ln, sub_unit=current)
        out.append(ln)
    return out


def _numbered(lines: Sequence[BudgetLine], ordinal: int) -> tuple[BudgetLine, ...]:
    out: list[BudgetLine] = []
    for n, ln in enumerate(lines, start=1):
        loc = replace(ln.location, table=ordinal, row=n)
        figures = tuple(
            Figure(f.amount, f.printed, f.column, replace(f.location, table=ordinal, row=n))
            for f in ln.figures
        )
        out.append(replace(ln, location=loc, figures=figures))
    return tuple(out)


_GUESSED = (
    "the row's values could be placed in more than one way; "
    "placed by the document's funding sources and the template's usual columns"
)
_MOVED = (
    "the row's cells were out of column (the table's sums disagree); its values were placed again by the sums"
)


def _headless(rows: Sequence[RawRow]) -> bool:
    """The ruled rows carry no header (it was printed above them as text), at most a numbering row."""
    for row in rows:
        if is_data_row(row.cells):
            return True
        if not is_numbering_row(row.cells):
            return False
    return False


def _read_rows(
    region: TableRegion,
    unit: AmountUnit,
    known_units: Sequence[str],
    known_funding: Mapping[Funding, Decimal],
    notes: list[ExtractionNote],
) -> tuple[tuple[Column, ...], list[RowData], bool]:
    """The region's value columns and rows, whichever way the layout gave them."""
    prior = _prior(region.kind, known_funding)
    tables = [b for b in region.blocks if isinstance(b, RawTable)]
    aligned = [t.rows for t in tables if all(r.aligned for r in t.rows)]
    headless = bool(aligned) and region.kind in TEMPLATES and _headless(aligned[0])
    text: list[TextLine] = []
    for block in region.blocks:
        if isinstance(block, TextLine):
            text.append(block)
        elif headless or not all(r.aligned for r in block.rows):
            text += [row_as_line(r) for r in block.rows]
    if aligned and not headless:
        sides, keys, row_parts = read_aligned(aligned, unit)
        columns = tuple(keys.values())
        rows = [part for parts in row_parts for part in parts]
        economic = any("经济分类" in "".join(h.path) for s in sides for h in s.columns)
        if rows and all(r.side is None for r in rows):
            provisional = LineBuilder(kind=region.kind, known_units=known_units, economic_header=economic)
            rows, moved = repair_rows(rows, [provisional.build(r) for r in rows], columns, prior)
            notes.extend(ExtractionNote(f"{region.title}: {_MOVED}", loc) for loc in moved)
        return columns, rows, economic
    if not text and not headless:
        return (), [], False
    # Running text, or ruled rows whose header was printed above them as text (their cells are not
    # reliably in column either): rows in reading order, values placed by the sums.
    table = read_unaligned(text, region.kind, unit, known_units, prior)
    notes.extend(ExtractionNote(f"{region.title}: {_GUESSED}", loc) for loc in table.guessed)
    return table.columns, list(table.rows), "经济分类" in table.header_text


def interpret(
    region: TableRegion,
    default_unit: AmountUnit,
    known_units: Sequence[str],
    known_funding: Mapping[Funding, Decimal],
) -> tuple[ExtractedTable, list[ExtractionNote]]:
    notes: list[ExtractionNote] = []
    unit = region_unit(region.blocks, default_unit)
    statement = empty_statement(region.blocks)
    base = ExtractedTable(
        kind=region.kind,
        title=region.title,
        status=TableStatus.PRESENT,
        location=region.location,
        unit=unit,
        statement=statement,
        number=region.number,
    )
    if region.kind in PERFORMANCE:
        return base, notes
    columns, rows, economic = _read_rows(region, unit, known_units, known_funding, notes)
    builder = LineBuilder(kind=region.kind, known_units=known_units, economic_header=economic)
    lines = [ln for ln in (builder.build(r) for r in rows) if ln is not None]
    if region.kind is TableKind.THREE_PUBLIC:
        lines, columns = three_public_by_column(lines, columns)
    lines = _with_sub_units(lines)
    has_figures = any(f.amount != 0 for ln in lines for f in ln.figures)
    status = TableStatus.PRESENT
    if statement is not None or not any(ln.figures for ln in lines):
        status = TableStatus.EMPTY
    if status is TableStatus.EMPTY and has_figures:
        notes.append(
            ExtractionNote(f"{region.title}: stated as empty but prints non-zero figures", region.location)
        )
        status = TableStatus.PRESENT
    if status is TableStatus.EMPTY:
        if statement is None:
            notes.append(ExtractionNote(f"{region.title}: printed without figures", region.location))
        lines = []
    for ln in lines:
        recognised = ln.code or ln.funding or ln.item or ln.project or ln.sub_unit
        if ln.figures and not recognised and org_name(ln.label, known_units) is None:
            notes.append(
                ExtractionNote(f"{region.title}: row not recognised: {ln.label or '(no label)'}", ln.location)
            )
    return replace(
        base, status=status, lines=_numbered(lines, region.location.table or 0), columns=columns
    ), notes
