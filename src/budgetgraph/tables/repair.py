"""Checks of aligned tables against their own sums, and the repair of rows shifted out of column.

Converters sometimes shift a row's cells by a column (a lost blank cell). Such a table breaks the
parent = sum of children relation between rows. The rows of the failing groups are then placed again
by ``placement`` (their values in order, as for unaligned rows), keeping every other row where it was
and keeping a row's printed placement whenever it is consistent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from budgetgraph.records import BudgetLine, Column, Figure, SourceLocation
from budgetgraph.tables.columns import sum_relations
from budgetgraph.tables.placement import Placement, consistent, place
from budgetgraph.tables.rows import RowData, row_groups

_ROUNDS = 4


def repair_rows(
    rows: Sequence[RowData],
    provisional: Sequence[BudgetLine | None],
    columns: Sequence[Column],
    prior: Callable[[Column, Decimal], float],
) -> tuple[list[RowData], list[SourceLocation]]:
    """Rows with shifted cells placed back; the locations of the rows that moved."""
    index = {c.key: i for i, c in enumerate(columns)}
    if any(f.column.key not in index for r in rows for f in r.figures):
        return list(rows), []
    groups = row_groups(provisional)
    values = [[f.amount for f in r.figures] for r in rows]
    current: list[Placement] = [tuple(index[f.column.key] for f in r.figures) for r in rows]
    width = len(columns)
    relations = sum_relations(columns)
    moved: set[int] = set()
    for _ in range(_ROUNDS):
        failing = consistent(values, current, width, groups)
        if not failing:
            break
        open_rows = {r for parent, kids in failing for r in (parent, *kids)}
        children = dict(groups)
        stack = list(open_rows)
        while stack:  # a moved row takes its descendants along
            for kid in children.get(stack.pop(), ()):
                if kid not in open_rows:
                    open_rows.add(kid)
                    stack.append(kid)
        fixed: list[Placement | None] = [None if i in open_rows else p for i, p in enumerate(current)]
        placed, _ = place(
            values,
            width,
            relations,
            groups,
            lambda c, v: prior(columns[c], v),
            fixed=fixed,
            preferred=current,
        )
        changed = [i for i, (a, b) in enumerate(zip(placed, current, strict=True)) if a != b]
        if not changed:
            break
        moved.update(changed)
        current = placed
    out: list[RowData] = []
    for i, row in enumerate(rows):
        if i not in moved:
            out.append(row)
            continue
        figures = tuple(
            Figure(f.amount, f.printed, columns[c], f.location)
            for f, c in zip(row.figures, current[i], strict=True)
        )
        out.append(RowData(row.code_parts, row.names, figures, row.location, row.project, row.side))
    return out, [rows[i].location for i in sorted(moved)]
