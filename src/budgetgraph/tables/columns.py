"""Header rows → columns: which columns hold labels (codes, names, projects) and which hold values,
and what each value column measures (funding, spending kind, economic class, prior year).

Also the sum relations between value columns that follow from what they measure: a column equals the
sum of the columns directly below it (总计 = 财政拨款小计 + 单位资金 + …; 小计 = its sources;
基本支出 = 人员经费 + 公用经费; 项目支出合计 = its economic classes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum

from budgetgraph.normalize import compact
from budgetgraph.records import Column, Funding, SpendingKind
from budgetgraph.tables import catalog


class Role(Enum):
    CODE = "code"
    NAME = "name"
    PROJECT = "project"
    VALUE = "value"


@dataclass(frozen=True)
class HeaderColumn:
    """One printed column: its header path (top to bottom), its role, and for values its Column."""

    index: int
    path: tuple[str, ...]
    role: Role
    column: Column | None = None


_MARKER = re.compile(r"^(?:\*+|※+|[a-zA-Z]|栏次|行次)$")


def is_numbering_row(cells: Sequence[str]) -> bool:
    """The row under a header that numbers the columns ("※ ※ 1 2 3", "** ** 1 2 3", "1 2 3")."""
    tokens = [compact(c) for c in cells if compact(c)]
    if not tokens:
        return False
    digits = [t for t in tokens if t.isdigit()]
    if any(not (t.isdigit() or _MARKER.match(t)) for t in tokens):
        return False
    return digits == [str(i) for i in range(int(digits[0]), int(digits[0]) + len(digits))] if digits else True


def header_paths(rows: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """The label path of every column of a multi-row header.

    An empty cell continues the merged cell to its left when both columns have labels further down and
    sit under the same cell above (a cell merged across columns); otherwise it continues the cell
    above (merged down).
    """
    width = max((len(r) for r in rows), default=0)
    grid = [[compact(r[i]) if i < len(r) else "" for i in range(width)] for r in rows]
    for r, row in enumerate(grid):
        for c in range(1, width):
            if row[c] or not row[c - 1]:
                continue
            below = any(grid[k][c] for k in range(r + 1, len(grid)))
            left_below = any(grid[k][c - 1] for k in range(r + 1, len(grid)))
            same_group = r == 0 or grid[r - 1][c] == grid[r - 1][c - 1]
            if below and left_below and same_group:
                row[c] = row[c - 1]
    paths: list[tuple[str, ...]] = []
    for c in range(width):
        path: list[str] = []
        for row in grid:
            if row[c] and (not path or path[-1] != row[c]):
                path.append(row[c])
        paths.append(tuple(path))
    return paths


def _match(patterns: Sequence[catalog.ColumnPattern], label: str) -> catalog.ColumnPattern | None:
    for entry in patterns:
        if entry.pattern.search(label):
            return entry
    return None


def role_of(path: tuple[str, ...]) -> Role:
    leaf = path[-1] if path else ""
    if not leaf:
        return Role.NAME
    if catalog.PROJECT_COLUMN.search(leaf) and "合计" not in leaf:
        return Role.PROJECT
    if catalog.LABEL_COLUMN.search(leaf) and not _match(catalog.KIND_LABELS, leaf):
        if re.search(r"编码|代码|编号|^[类款项]+$", leaf):
            return Role.CODE
        return Role.NAME
    return Role.VALUE


def column_of(path: tuple[str, ...], index: int) -> Column:
    """The semantics of a value column from its header path (deepest label first)."""
    funding: Funding | None = None
    kind: SpendingKind | None = None
    economic: str | None = None
    for label in reversed(path):
        if catalog.GROUP_ONLY.match(label):
            continue
        if economic is None and kind is None and funding is None:
            hit = _match(catalog.ECONOMIC_LABELS, label)
            if hit:
                economic = hit.economic_code
                continue
        if kind is None:
            hit = _match(catalog.KIND_LABELS, label)
            if hit:
                kind = hit.kind
        if funding is None:
            hit = _match(catalog.FUNDING_LABELS, label)
            if hit:
                funding = hit.funding
    if kind is SpendingKind.PROJECT and economic is None and any("项目支出合计" in p for p in path):
        kind = None
    prior = any(catalog.PRIOR_YEAR.search(p) for p in path)
    return Column(
        label="/".join(path),
        funding=funding,
        kind=kind,
        economic_code=economic,
        prior_year=prior,
        key=f"c{index + 1}",
    )


_OWN = {Funding.GPB: Funding.GPB_OWN, Funding.GOV_FUND: Funding.GOV_FUND_OWN, Funding.SOE: Funding.SOE_OWN}
_TRANSFER = {
    Funding.GPB: Funding.GPB_TRANSFER,
    Funding.GOV_FUND: Funding.GOV_FUND_TRANSFER,
    Funding.SOE: Funding.SOE_TRANSFER,
}


def refine(columns: list[Column]) -> list[Column]:
    """一般公共预算 beside 上级一般公共预算转移支付 means the own revenue part (一般财力), and so on."""
    present = {c.funding for c in columns}
    out: list[Column] = []
    for c in columns:
        if c.funding in _OWN and _TRANSFER[c.funding] in present:
            c = replace(c, funding=_OWN[c.funding])
        out.append(c)
    return out


def read_header(rows: Sequence[Sequence[str]]) -> list[HeaderColumn]:
    """Header rows (numbering rows excluded) → the table's columns."""
    paths = header_paths([r for r in rows if not is_numbering_row(r)])
    roles = [role_of(p) for p in paths]
    value_paths = [p for p, r in zip(paths, roles, strict=True) if r is Role.VALUE]
    # A label over every value column names the whole table ("一般公共预算支出"): the table's kind
    # already says it, so it is no dimension of its columns.
    shared = len(value_paths) > 1 and all(len(p) > 1 and p[0] == value_paths[0][0] for p in value_paths)
    values = refine(
        [
            replace(column_of(p[1:] if shared and r is Role.VALUE else p, i), label="/".join(p))
            for i, (p, r) in enumerate(zip(paths, roles, strict=True))
        ]
    )
    return [
        HeaderColumn(i, p, roles[i], values[i] if roles[i] is Role.VALUE else None)
        for i, p in enumerate(paths)
    ]


# ---------------------------------------------------------------------------------------------
# Sum relations


_FUNDING_PARENT: dict[Funding, Funding] = {
    Funding.GPB_OWN: Funding.GPB,
    Funding.GPB_TRANSFER: Funding.GPB,
    Funding.GOV_FUND_OWN: Funding.GOV_FUND,
    Funding.GOV_FUND_TRANSFER: Funding.GOV_FUND,
    Funding.SOE_OWN: Funding.SOE,
    Funding.SOE_TRANSFER: Funding.SOE,
    Funding.GPB: Funding.FISCAL,
    Funding.GOV_FUND: Funding.FISCAL,
    Funding.SOE: Funding.FISCAL,
    Funding.FISCAL: Funding.CURRENT_YEAR,
    Funding.SPECIAL_ACCOUNT: Funding.CURRENT_YEAR,
    Funding.UNIT_FUNDS: Funding.CURRENT_YEAR,
    Funding.BUSINESS_INCOME: Funding.UNIT_FUNDS,
    Funding.SUPERIOR_SUBSIDY: Funding.UNIT_FUNDS,
    Funding.AFFILIATED_INCOME: Funding.UNIT_FUNDS,
    Funding.OPERATING_INCOME: Funding.UNIT_FUNDS,
    Funding.OTHER_INCOME: Funding.UNIT_FUNDS,
    Funding.CARRYOVER_GPB: Funding.CARRYOVER_FISCAL,
    Funding.CARRYOVER_GOV_FUND: Funding.CARRYOVER_FISCAL,
    Funding.CARRYOVER_SOE: Funding.CARRYOVER_FISCAL,
    Funding.CARRYOVER_SPECIAL_ACCOUNT: Funding.CARRYOVER_NONFISCAL,
    Funding.CARRYOVER_UNIT_FUNDS: Funding.CARRYOVER_NONFISCAL,
    Funding.CARRYOVER_FISCAL: Funding.CARRYOVER,
    Funding.CARRYOVER_NONFISCAL: Funding.CARRYOVER,
}
_KIND_PARENT: dict[SpendingKind, SpendingKind] = {
    SpendingKind.PERSONNEL: SpendingKind.BASIC,
    SpendingKind.PUBLIC: SpendingKind.BASIC,
}


def _under(child: object, parent: object, parents: dict[object, object]) -> bool:
    """``child`` is ``parent`` or below it; None is the top of every hierarchy."""
    if parent is None:
        return True
    node: object | None = child
    while node is not None:
        if node == parent:
            return True
        node = parents.get(node)
    return False


def below(child: Column, parent: Column) -> bool:
    """``child`` measures a strict part of what ``parent`` measures."""
    if child.prior_year != parent.prior_year:
        return False
    dims_child = (child.funding, child.kind, child.economic_code)
    dims_parent = (parent.funding, parent.kind, parent.economic_code)
    if dims_child == dims_parent:
        return False
    return (
        _under(child.funding, parent.funding, _FUNDING_PARENT)  # type: ignore[arg-type]
        and _under(child.kind, parent.kind, _KIND_PARENT)  # type: ignore[arg-type]
        and (parent.economic_code is None or child.economic_code == parent.economic_code)
    )


def sum_relations(columns: Sequence[Column]) -> list[tuple[int, tuple[int, ...]]]:
    """(parent, direct children) index pairs: the parent column equals the sum of the children."""
    relations: list[tuple[int, tuple[int, ...]]] = []
    for p, parent in enumerate(columns):
        under = [i for i, c in enumerate(columns) if i != p and below(c, parent)]
        direct = tuple(i for i in under if not any(j != i and below(columns[i], columns[j]) for j in under))
        if direct:
            relations.append((p, direct))
    return relations
