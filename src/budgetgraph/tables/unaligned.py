"""Tables whose column positions were lost (wrapped raw PDF text): text lines → rows → RowData.

The region's lines are split into header, data and narrative; the columns come from the header
(the template of the table's kind, or the value labels it prints); ``text_rows`` rebuilds the rows
from the data lines, and ``placement`` decides the columns of each row's amounts, in printed
order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from budgetgraph.normalize import compact, parse_amount
from budgetgraph.records import AmountUnit, Column, Figure, RawRow, Side, SourceLocation, TableKind, TextLine
from budgetgraph.tables import catalog
from budgetgraph.tables.columns import Role, column_of, is_numbering_row, refine, role_of, sum_relations
from budgetgraph.tables.placement import place
from budgetgraph.tables.rows import LineBuilder, RowData, label_key, row_groups, split_leading_code
from budgetgraph.tables.templates import TWO_SIDED, template_paths
from budgetgraph.tables.text_rows import (
    PendingRow,
    amount_after_code,
    cell_units,
    one_cell_a_line,
    pending_rows,
    split_line,
    two_sided_rows,
)
from budgetgraph.tables.three_public import across_columns

_META = re.compile(r"^(?:编制(?:单位|部门)|单位[：:]|金额单位)")
_NARRATIVE = re.compile(r"[，。；]")
_MARK = re.compile(r"\*+|※+|栏次|行次")


def split_lines(lines: Sequence[TextLine]) -> tuple[list[str], list[TextLine], list[str]]:
    """(header lines, data lines, narrative lines) of a table region printed as running text."""
    header: list[str] = []
    data: list[TextLine] = []
    narrative: list[str] = []
    in_header = True
    cells = one_cell_a_line(lines)
    numbering = 0  # with one cell a line: the next number of a numbering row under its marks
    repeated = False  # with one cell a line: within the header printed again on a new page
    for index, line in enumerate(lines):
        text = line.text.strip()
        if _META.match(compact(text)):
            in_header = True
            continue
        if cells and not in_header:
            # the header printed again on a new page, one cell a line: from its first line on, its
            # lines, then its numbering row (marks, then 1, 2, 3 …)
            repeated = (repeated or text == header[0]) and text in header if header else False
            if repeated:
                continue
            if _MARK.fullmatch(text):
                numbering = 1
                continue
            if numbering and text == str(numbering):
                numbering += 1
                continue
            numbering = 0
        if (_NARRATIVE.search(text) and len(compact(text)) > 12) or narrative:
            narrative.append(text)
            continue
        if is_numbering_row(text.split()) and (len(text.split()) > 1 or not cells):
            # (a lone number is a page's number, or with one cell a line an amount or a 类)
            in_header = False
            continue
        codes, _, _ = split_line(text)
        tokens = text.split()
        strong = any(re.search(r"\d[.,]\d", t) and parse_amount(t) is not None for t in tokens) or (
            len(tokens) > 1 and all(parse_amount(t) is not None for t in tokens)
        )  # an amount with decimals, or a line of amounts only (whole numbers, not a numbering)
        first_row = _total_over_amounts(lines, index) or (
            cells and _amounts_follow(lines, index) and _income_row(text)
        )
        if in_header and not codes and not strong and not first_row:
            header.append(text)
            continue
        in_header = False
        data.append(line)
    return header, data, narrative


def _income_row(text: str) -> bool:
    """A 收 | 支 table's income row label (财政拨款(补助), 一、本年收入 …)."""
    key = catalog.ROW_PREFIX.sub("", label_key(text))
    return any(p.pattern.search(key) for p in catalog.INCOME_ROWS)


def _amounts_follow(lines: Sequence[TextLine], index: int) -> bool:
    """Whether the line after ``lines[index]`` is amounts only (with one cell a line: its row's)."""
    following = lines[index + 1].text.split() if index + 1 < len(lines) else []
    return bool(following) and all(parse_amount(t) is not None for t in following)


def _total_over_amounts(lines: Sequence[TextLine], index: int) -> bool:
    """Whether ``lines[index]`` is a total row's label (合计) whose amounts a converter put on the
    next line, alone: the first row of the table, not a line of its header."""
    return _amounts_follow(lines, index) and any(
        p.pattern.search(label_key(lines[index].text)) for p in catalog.TOTAL_ROWS
    )


def printed_value_paths(header: Sequence[str]) -> list[tuple[str, ...]]:
    """The value columns a one-line header names, in printed order: the labels of the one header
    line that names both label columns (codes, names) and value columns ("功能科目代码 功能科目名称
    金额" → 金额). For tables whose kind has no template, or whose header names none of its
    template's columns; empty when no header line, or more than one, reads that way (a header of
    several lines of value labels lost its column structure with its positions)."""
    found: list[list[tuple[str, ...]]] = []
    for line in header:
        labels = [(compact(t),) for t in line.split() if compact(t)]
        roles = [role_of(label) for label in labels]
        if Role.VALUE in roles and any(r is not Role.VALUE for r in roles):
            found.append([label for label, role in zip(labels, roles, strict=True) if role is Role.VALUE])
    return found[0] if len(found) == 1 else []


def _names(row: PendingRow, kind: TableKind) -> tuple[tuple[str, ...], str | None]:
    """The row's name(s) and, in project tables, the project name."""
    if kind in (TableKind.GPB_PROJECT, TableKind.PROJECT_EXPENDITURE) and row.code_parts and row.segments:
        tokens = [t for s in row.segments for t in s]
        return (tokens[0],), ("".join(tokens[1:]) or None)
    return (row.label,), None


@dataclass(frozen=True)
class UnalignedTable:
    columns: tuple[Column, ...]
    rows: tuple[RowData, ...]
    guessed: tuple[SourceLocation, ...]
    header_text: str
    narrative: tuple[str, ...]


_GLUED_AMOUNT = re.compile(r"^(.*[^\d.,\s])(\d[\d,]*\.\d+)$")


def row_as_line(row: RawRow) -> TextLine:
    """A table row as one line of tokens: each cell compacted (a leading code kept apart, an amount
    glued to the end of a wrapped name split off), blank cells left out."""
    tokens: list[str] = []
    for cell in row.cells:
        text = " ".join(cell.split())
        if not text:
            continue
        if parse_amount(text) is not None:
            tokens.append(compact(text))
            continue
        code, rest = split_leading_code(text)
        rest = compact(rest)
        if code:
            tokens.append(code)
        glued = _GLUED_AMOUNT.match(rest)
        if glued:
            tokens += [glued.group(1), glued.group(2)]
        elif rest:
            tokens.append(rest)
    return TextLine(" ".join(tokens), row.location)


def read_unaligned(
    lines: Sequence[TextLine],
    kind: TableKind,
    unit: AmountUnit,
    known_units: Sequence[str],
    prior: Callable[[Column, Decimal], float],
) -> UnalignedTable:
    """Rows rebuilt from lines of text (or of table cells, see ``row_as_line``), values placed."""
    header, data, narrative = split_lines(lines)
    header_text = compact("".join(header))
    two_sided = kind in TWO_SIDED
    words = [[compact(w) for w in line.split()] for line in header]
    paths = template_paths(kind, header_text, words) or ([] if two_sided else printed_value_paths(header))
    income_column = Column(label="收入/预算数", key="c1")
    if two_sided:
        # The side groups as printed (收入 | 支出, or 财政拨款收入 | 财政拨款支出), as an aligned header
        # would give them.
        spend = "财政拨款支出" if "财政拨款支出" in header_text else "支出"
        paths = [(spend, *p[1:]) for p in paths]
        income = "财政拨款收入" if "财政拨款收入" in header_text else "收入"
        measure = next((m for m in ("决算数", "预算数", "合计", "金额") if m in header_text), "预算数")
        income_column = column_of((income, measure), 0)
        if not paths:  # no template column named (项目名称 | 金额): one amount a side
            paths = [(spend, measure)]
    columns = refine([column_of(p, i) for i, p in enumerate(paths)])
    pend: list[tuple[Side | None, PendingRow]] = (
        two_sided_rows(cell_units(data))
        if two_sided
        else [(None, r) for r in pending_rows(data, kind, known_units)]
    )
    if two_sided:
        columns = [replace(c, key=f"c{i + 2}") for i, c in enumerate(columns)]
    else:
        for _, row in pend:
            amount_after_code(row, len(columns))
    rows: list[RowData] = []
    amounts: list[list[Decimal]] = []
    printed: list[list[str]] = []
    for side, row in pend:
        names, project = _names(row, kind)
        rows.append(RowData(tuple(row.code_parts), names, (), row.location, project, side))
        vals = [parse_amount(a) for a in row.amounts]
        amounts.append([v for v in vals if v is not None])
        printed.append(list(row.amounts))
    relations = sum_relations(columns)
    weights: dict[str, float] = {}
    counted = [r for _, r in pend if r.amounts]
    across = (
        across_columns(header_text, words, [amounts[i] for i, (_, r) in enumerate(pend) if r.amounts])
        if kind is TableKind.THREE_PUBLIC
        else None
    )
    if across is not None and counted and all(not r.label and not r.code_parts for r in counted):
        # A 三公 table printed across: the header names the items, the rows carry amounts only (a
        # line of text after them, with no amounts, is no row of the table).
        columns, relations, weights = across
    place_rows = [i for i, (side, _) in enumerate(pend) if side is not Side.INCOME]
    sub_rows = [rows[i] for i in place_rows]
    builder = LineBuilder(kind=kind, known_units=known_units)
    groups = [
        (place_rows[p], tuple(place_rows[c] for c in kids))
        for p, kids in row_groups([builder.build(r) for r in sub_rows])
    ]
    local = {g: n for n, g in enumerate(place_rows)}
    groups_local = [(local[p], tuple(local[c] for c in kids)) for p, kids in groups]
    placements, guessed = place(
        [amounts[i] for i in place_rows],
        len(columns),
        relations,
        groups_local,
        lambda c, v: prior(columns[c], v) + weights.get(columns[c].label, 0.0),
    )
    out: list[RowData] = list(rows)
    for n, i in enumerate(place_rows):
        figs = tuple(
            Figure(v / unit.per_wan, p, columns[c], rows[i].location)
            for v, p, c in zip(amounts[i], printed[i], placements[n], strict=False)
        )
        out[i] = replace(rows[i], figures=figs)
    for i, (side, _) in enumerate(pend):
        if side is Side.INCOME and amounts[i]:
            figure = Figure(amounts[i][0] / unit.per_wan, printed[i][0], income_column, rows[i].location)
            out[i] = replace(rows[i], figures=(figure,))
    all_columns = (income_column, *columns) if two_sided else tuple(columns)
    return UnalignedTable(
        all_columns,
        tuple(out),
        tuple(rows[place_rows[g]].location for g in guessed),
        header_text,
        tuple(narrative),
    )
