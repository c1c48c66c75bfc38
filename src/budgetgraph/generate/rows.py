"""Building blocks of generated tables: coded rows (类/款/项, 类/款), their headers, total rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from budgetgraph.generate.codes import CodeLists
from budgetgraph.generate.model import Unit
from budgetgraph.generate.style import Style
from budgetgraph.generate.tables import Cell, Row


def code_width(style: Style, economic: bool) -> int:
    """How many cells a code takes."""
    if style.code_layout == "split":
        return 2 if economic else 3
    return 1


def code_cells(code: str, style: Style, economic: bool) -> tuple[Cell, ...]:
    parts = [code[:3]] + [code[i : i + 2] for i in range(3, len(code), 2)]
    if style.code_layout == "split":
        width = code_width(style, economic)
        if style.sparse_codes and not economic and len(parts) == 2:
            parts[0] = ""
        return tuple(Cell(parts[i] if i < len(parts) else "") for i in range(width))
    if style.code_layout == "spaced":
        return (Cell(" ".join(parts)),)
    return (Cell(code),)


def blank_code(style: Style, economic: bool) -> tuple[Cell, ...]:
    return tuple(Cell("") for _ in range(code_width(style, economic)))


def coded_header(
    style: Style, economic: bool, columns: Sequence[str], group: str = "", extra: Sequence[str] = ()
) -> tuple[tuple[str, ...], ...]:
    """Header rows of a coded table: [group row,] code/name/columns row [, 类/款/项 row]."""
    scheme = "经济分类科目" if economic else "功能分类科目"
    width = code_width(style, economic)
    cols = tuple(style.total_label(c) if c in ("合计", "总计") else c for c in columns)
    main = (f"{scheme}编码", *([""] * (width - 1)), f"{scheme}名称", *extra, *cols)
    rows: list[tuple[str, ...]] = []
    if style.group_row and group:
        rows.append(("项目", *([""] * (width + len(extra))), group, *([""] * (len(cols) - 1))))
    rows.append(main)
    if style.code_layout == "split":
        levels = ("类", "款") if economic else ("类", "款", "项")
        rows.append((*levels, *([""] * (1 + len(extra) + len(cols)))))
    if style.numbered_columns:
        rows.append((*(["**"] * (width + 1 + len(extra))), *(str(i + 1) for i in range(len(cols)))))
    return tuple(rows)


def _aggregate(amounts: Mapping[str, Sequence[int]], economic: bool) -> dict[str, tuple[int, ...]]:
    totals: dict[str, list[int]] = {}
    for code, values in amounts.items():
        parents = (code[:3], code) if economic else (code[:3], code[:5], code)
        for parent in parents:
            acc = totals.setdefault(parent, [0] * len(values))
            for i, v in enumerate(values):
                acc[i] += v
    return {code: tuple(v) for code, v in totals.items()}


def coded_rows(
    amounts: Mapping[str, Sequence[int]], codes: CodeLists, style: Style, economic: bool, extra: int = 0
) -> list[Row]:
    """Rows for every code with a non-zero amount and for its parents, in code order.

    ``amounts`` maps leaf codes (7-digit function or 5-digit economic) to one amount per column.
    ``extra`` blank text cells go between the name and the amounts.
    """
    rows = []
    for code, values in sorted(_aggregate(amounts, economic).items()):
        if not any(values):
            continue
        name = codes.economic_name(code) if economic else codes.function_name(code)
        cells = (
            *code_cells(code, style, economic),
            Cell(name),
            *(Cell("") for _ in range(extra)),
            *(Cell(amount=v) for v in values),
        )
        rows.append(Row(cells, label=name, code=code))
    return rows


def total_row(
    values: Sequence[int], style: Style, economic: bool, label: str = "合计", extra: int = 0
) -> Row:
    cells = (
        *blank_code(style, economic),
        Cell(style.total_label(label)),
        *(Cell("") for _ in range(extra)),
        *(Cell(amount=v) for v in values),
    )
    return Row(cells, label=label, total=True)


def column_sums(rows: Sequence[Row], top_length: int) -> list[int]:
    """Sums of the amount columns over the rows whose code has ``top_length`` digits."""
    sums: list[int] = []
    for row in rows:
        if row.code is None or len(row.code) != top_length:
            continue
        values = [c.amount for c in row.cells if c.amount is not None]
        if not sums:
            sums = [0] * len(values)
        for i, v in enumerate(values):
            sums[i] += v
    return sums


def arrange(rows: list[Row], style: Style, unit: Unit) -> list[Row]:
    """Put the 合计 row first and add the unit rows (``【040001】某某局``) when the style asks for them."""
    if not (style.total_first or style.unit_rows) or not rows or not rows[-1].total:
        return rows
    total = rows[-1]
    body = rows[:-1]
    extra: list[Row] = []
    if style.unit_rows:
        amounts = [c for c in total.cells if c.amount is not None]
        width = len(total.cells) - len(amounts)
        for name in (unit.kind.short, f"【{40000 + int(unit.key[1:] or 0):06d}】{unit.short_name}"):
            cells = (*(Cell("") for _ in range(width - 1)), Cell(name), *(replace(c) for c in amounts))
            extra.append(Row(cells, label=name, unit_total=True))
    return [total, *extra, *body] if style.total_first or style.unit_rows else rows
