"""Aligned table rows (ruled PDF tables, tab-separated text, HTML) → header columns and RowData."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from budgetgraph.normalize import compact, parse_amount
from budgetgraph.records import AmountUnit, Column, Figure, RawRow, Side
from budgetgraph.tables import catalog
from budgetgraph.tables.columns import HeaderColumn, Role, is_numbering_row, read_header
from budgetgraph.tables.rows import RowData, is_code_part, split_leading_code

_STRONG_AMOUNT = re.compile(r"[.,]|^\d{4,}$|^0$")


def is_data_row(cells: Sequence[str]) -> bool:
    """A row that carries figures or a classification code (not a header or numbering row)."""
    if is_numbering_row(cells):
        return False
    texts = [compact(c) for c in cells]
    filled = [t for t in texts if t]
    if not filled:
        return False
    first = filled[0]
    if split_leading_code(first)[0] is not None and not first.isdigit():
        return True
    if re.fullmatch(r"\d{3}|\d{5}|\d{7}", first):
        return True
    amounts = [t for t in filled if parse_amount(t) is not None]
    if any(_STRONG_AMOUNT.search(t) for t in amounts):
        return True
    key = catalog.ROW_PREFIX.sub("", first)
    return bool(amounts) and any(p.pattern.search(key) for p in catalog.TOTAL_ROWS)


@dataclass(frozen=True)
class Side_:
    """The columns of one side of a table (a one-sided table has one)."""

    side: Side | None
    columns: tuple[HeaderColumn, ...]

    @property
    def values(self) -> tuple[Column, ...]:
        return tuple(c.column for c in self.columns if c.column is not None)


def split_sides(header: Sequence[HeaderColumn]) -> list[Side_]:
    """Two-sided tables (收 | 支, or 收 | 支 by function | 支 by use) have label columns again after
    value columns: the first block is the income side, the others the expenditure side. A table
    printing the same columns twice side by side is one list in two panels."""
    cuts: list[int] = []
    seen_value = False
    for h in header:
        if h.role is Role.VALUE:
            seen_value = True
        elif seen_value and h.path and any(x.role is Role.VALUE for x in header if x.index > h.index):
            cuts.append(h.index)
            seen_value = False
    if not cuts:
        return [Side_(None, tuple(header))]
    bounds = [0, *cuts, len(header) + 1]
    blocks = [tuple(x for x in header if lo <= x.index < hi) for lo, hi in pairwise(bounds)]
    if all([x.path for x in b] == [x.path for x in blocks[0]] for b in blocks):
        # The same columns twice side by side: one list printed in two panels.
        return [Side_(None, b) for b in blocks]
    return [Side_(Side.INCOME, blocks[0]), *(Side_(Side.EXPENDITURE, b) for b in blocks[1:])]


def header_and_data(tables: Sequence[Sequence[RawRow]]) -> tuple[list[RawRow], list[RawRow]]:
    """The header rows (of the first table) and the data rows of all continuation tables."""
    header: list[RawRow] = []
    data: list[RawRow] = []
    for index, rows in enumerate(tables):
        started = False
        for row in rows:
            if not started and _caption(row.cells):
                continue  # the table's title or unit line, put into a table of its own by a converter
            if not started and not is_data_row(row.cells):
                if index == 0 or not header:
                    header.append(row)
                continue
            started = True
            data.append(row)
    return header, data


def _caption(cells: Sequence[str]) -> bool:
    filled = [compact(c) for c in cells if compact(c)]
    return bool(filled) and all(catalog.CAPTION.match(c) for c in filled)


def row_data(row: RawRow, side: Side_, unit: AmountUnit, keys: dict[int, Column]) -> RowData | None:
    """The printed parts of one row on one side."""
    codes: list[str] = []
    names: list[str] = []
    projects: list[str] = []
    figures: list[Figure] = []
    for h in side.columns:
        cell = row.cells[h.index] if h.index < len(row.cells) else ""
        text = compact(cell)
        level = h.path[-1] if h.role is Role.CODE and h.path else ""
        code_level = level in ("类", "款", "项")
        if level in ("款", "项") and len(text) == 1 and text.isdigit():
            text = "0" + text  # a spreadsheet printed 01–09 as a number: "2" is 款 02
        if not text or (code_level and text.isdigit() and not is_code_part(text)):
            # A blank 类/款 cell, or a misprinted one (a single digit in a 类 cell): the code
            # continues the row above's.
            if code_level:
                codes.append("")
            continue
        if h.role is Role.VALUE:
            amount = parse_amount(text)
            if amount is not None:
                column = keys[h.index]
                figures.append(Figure(amount / unit.per_wan, cell.strip(), column, row.location))
            elif not re.fullmatch(r"[-—]+|\*+|※+", text):
                names.append(cell)
        elif is_code_part(text) and h.role in (Role.CODE, Role.NAME):
            codes.append(text)
        elif h.role is Role.PROJECT:
            projects.append(cell)
        elif h.role is Role.CODE and split_leading_code(cell)[0] is not None:
            code, rest = split_leading_code(cell)
            codes.append(code or "")
            if rest:
                names.append(rest)
        elif names and compact(names[-1]) == text:
            continue  # a merged cell that the converter repeated in every column it spans
        else:
            names.append(cell)
    if not any(codes) and not (names or figures or projects):
        return None
    if not any(codes) and not names and projects:
        names, projects = projects, []
    return RowData(
        code_parts=tuple(codes),
        names=tuple(names),
        figures=tuple(figures),
        location=row.location,
        project=" ".join(projects) if projects else None,
        side=side.side,
    )


def column_keys(header: Sequence[HeaderColumn]) -> dict[int, Column]:
    """Value columns keyed by printed index, with stable keys c1, c2 … in printed order."""
    keys: dict[int, Column] = {}
    for n, h in enumerate(x for x in header if x.column is not None):
        assert h.column is not None
        keys[h.index] = replace(h.column, key=f"c{n + 1}")
    return keys


def read_aligned(
    tables: Sequence[Sequence[RawRow]], unit: AmountUnit
) -> tuple[list[Side_], dict[int, Column], list[list[RowData]]]:
    """Header sides, value columns and each data row's RowData per side."""
    header_rows, data = header_and_data(tables)
    header = read_header([r.cells for r in header_rows]) if header_rows else []
    width = max((len(r.cells) for r in data), default=0)
    if len(header) < width:
        header = [*header, *(HeaderColumn(i, (), Role.NAME) for i in range(len(header), width))]
    keys = column_keys(header)
    sides = split_sides(header)
    rows: list[list[RowData]] = []
    for row in data:
        if len(sides) == 1:
            row = _right_aligned(row, header)
        parts = _merge_unlabelled([d for d in (row_data(row, s, unit, keys) for s in sides) if d is not None])
        if parts:
            rows.append(parts)
    return sides, keys, rows


def _right_aligned(row: RawRow, header: Sequence[HeaderColumn]) -> RawRow:
    """A row narrower than its header whose last cells are amounts, one for each value column (the
    header's last columns): its label cell spans the label columns (a 合计 printed across 类, 款,
    项 and 名称, alone on a continuation page), so its amounts are the value columns' figures."""
    values = [h.index for h in header if h.role is Role.VALUE]
    cells = row.cells
    if not values or not len(values) < len(cells) < len(header):
        return row
    if values != list(range(len(header) - len(values), len(header))):
        return row
    tail = cells[-len(values) :]
    if any(parse_amount(compact(cell)) is None for cell in tail):
        return row
    return replace(row, cells=(*cells[: -len(values)], *[""] * (len(header) - len(cells)), *tail))


def _merge_unlabelled(parts: list[RowData]) -> list[RowData]:
    """A panel of a row that prints figures but no label or code of its own (支出合计 printed once
    for a 功能分类 panel and a 支出用途 panel) belongs to the label printed earlier on that row, on
    the same side."""
    merged: list[RowData] = []
    for part in parts:
        unlabelled = not any(part.code_parts) and not part.names and not part.project and part.figures
        owner = next(
            (
                i
                for i in range(len(merged) - 1, -1, -1)
                if merged[i].side == part.side and (any(merged[i].code_parts) or merged[i].names)
            ),
            None,
        )
        if unlabelled and owner is not None:
            merged[owner] = replace(merged[owner], figures=merged[owner].figures + part.figures)
        else:
            merged.append(part)
    return merged
