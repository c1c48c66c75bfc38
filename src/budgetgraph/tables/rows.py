"""Table rows → BudgetLines: codes (one cell, split over 类/款/项 cells, spaced "210 15 01", a blank
类 cell inheriting from the row above), totals and 三公 items → LineItem, income rows → Funding,
sub-unit rows of department tables → BudgetLine.sub_unit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from budgetgraph.normalize import compact
from budgetgraph.records import (
    BudgetLine,
    Figure,
    Funding,
    LineItem,
    Scheme,
    Side,
    SourceLocation,
    TableKind,
)
from budgetgraph.tables import catalog

_CODE_PART = re.compile(r"^\d{2,7}$")
_LEADING_CODE = re.compile(r"^(\d{3}(?:\s*\d{2}){0,2}|\d{5}|\d{7})(?=\s|[^\d\s.,，、]|$)\s*")


_BY_FUNCTION = frozenset(
    {
        TableKind.INCOME,
        TableKind.EXPENDITURE,
        TableKind.GPB_EXPENDITURE,
        TableKind.GOV_FUND,
        TableKind.SOE,
    }
)


@dataclass(frozen=True)
class RowData:
    """A row's printed parts before meaning is given to them."""

    code_parts: tuple[str, ...]
    names: tuple[str, ...]
    figures: tuple[Figure, ...]
    location: SourceLocation
    project: str | None = None
    side: Side | None = None


def is_code_part(text: str) -> bool:
    return bool(_CODE_PART.match(compact(text)))


def split_leading_code(text: str) -> tuple[str | None, str]:
    """ "201 一般公共服务支出" → ("201", "一般公共服务支出"); "210 15 01 行政运行" → ("2101501", …)."""
    stripped = text.strip()
    match = _LEADING_CODE.match(stripped)
    if not match:
        return None, stripped
    return re.sub(r"\s", "", match.group(1)), stripped[match.end() :]


def label_key(label: str) -> str:
    """A label with numbering, 其中 and brackets-content-free spacing removed, for pattern matching."""
    return catalog.ROW_PREFIX.sub("", compact(label)).strip('“”"')


def scheme_of(code: str, kind: TableKind, economic_header: bool) -> Scheme:
    if economic_header or kind is TableKind.GPB_BASIC:
        return Scheme.ECONOMIC_GOV if code.startswith("5") else Scheme.ECONOMIC_DEPT
    return Scheme.FUNCTION


def org_name(label: str, known: Sequence[str]) -> str | None:
    """The organisation a sub-unit row names, or None."""
    name = catalog.ORG_CODE_PREFIX.sub("", compact(label))
    bare = re.sub(r"[(（]本级[)）]$", "", name)
    if not bare:
        return None
    if any(bare == compact(k) or compact(k).endswith(bare) for k in known if k):
        return bare
    if catalog.ORG_CODE_PREFIX.match(compact(label)) or catalog.ORG_SUFFIX.search(name):
        return bare
    return None


@dataclass
class LineBuilder:
    """Turns RowData into BudgetLines, keeping the state that spans rows of one table."""

    kind: TableKind
    known_units: Sequence[str] = ()
    economic_header: bool = False
    previous_code: str | None = None
    in_carryover: bool = False
    sub_unit: str | None = None
    org_rows: list[int] = field(default_factory=list)

    def code_of(self, parts: Sequence[str]) -> str | None:
        parts = [compact(p) for p in parts]
        if not any(parts):
            return None
        if not parts[0] and self.previous_code:
            # A blank 类 (and 款) cell inherits the leading digits of the row above.
            missing = 0
            for p in parts:
                if p:
                    break
                missing += 1
            widths = [3, 2, 2]
            prefix_len = sum(widths[:missing])
            return self.previous_code[:prefix_len] + "".join(parts)
        return "".join(parts)

    def build(self, row: RowData) -> BudgetLine | None:
        names = [n for n in (compact(x) for x in row.names) if n]
        parts = list(row.code_parts)
        if names and not any(parts):
            code, rest = split_leading_code(row.names[0])
            if code:
                parts = [code]
                names = [compact(rest), *names[1:]] if compact(rest) else names[1:]
        label = "".join(names)
        code = self.code_of(parts)
        if code is None and (row.side is Side.EXPENDITURE or self.kind in _BY_FUNCTION):
            # A 类 printed by its name only ("一、一般公共服务支出").
            code = catalog.FUNCTION_CLASS_NAMES.get(label_key(label))
        if code and not code.isdigit():
            code = None
        if not label and not code and not row.figures:
            return None
        key = label_key(label)
        if code:
            self.previous_code = code
            return BudgetLine(
                label=label,
                location=row.location,
                figures=row.figures,
                code=code,
                scheme=scheme_of(code, self.kind, self.economic_header),
                side=row.side,
                project=compact(row.project) if row.project else None,
                sub_unit=self.sub_unit,
            )
        item = self._item(key, row.side)
        if item is not None:
            return BudgetLine(
                label=label,
                location=row.location,
                figures=row.figures,
                item=item,
                side=row.side,
                sub_unit=None,
            )
        if row.side is Side.EXPENDITURE and self.kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
            spending = next((kind for pattern, kind in catalog.SPENDING_ROWS if pattern.match(key)), None)
            if spending is not None:
                return BudgetLine(
                    label=label, location=row.location, figures=row.figures, side=row.side, kind=spending
                )
        if row.side is Side.INCOME or self.kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
            funding = self._funding(key, row.side)
            if funding is not None:
                return BudgetLine(
                    label=label,
                    location=row.location,
                    figures=row.figures,
                    funding=funding,
                    side=row.side or Side.INCOME,
                )
        org = org_name(label, self.known_units) if row.project is None else None
        if org is not None and key not in ("项目", "科目"):
            return BudgetLine(
                label=label, location=row.location, figures=row.figures, sub_unit=org, side=row.side
            )
        project = compact(row.project) if row.project else None
        if project is None and self.kind in (TableKind.CARRYOVER, TableKind.PROJECT_EXPENDITURE):
            project = label or None
        return BudgetLine(
            label=label,
            location=row.location,
            figures=row.figures,
            side=row.side,
            project=project,
            sub_unit=self.sub_unit,
        )

    def _item(self, key: str, side: Side | None) -> LineItem | None:
        if self.kind is TableKind.THREE_PUBLIC:
            for entry in catalog.THREE_PUBLIC_ROWS:
                if entry.pattern.search(key):
                    return entry.item
        for entry in catalog.TOTAL_ROWS:
            if entry.pattern.search(key):
                if entry.item is LineItem.TOTAL and side is Side.INCOME:
                    return LineItem.INCOME_TOTAL
                if entry.item is LineItem.TOTAL and side is Side.EXPENDITURE:
                    return LineItem.EXPENDITURE_TOTAL
                return entry.item
        return None

    def _funding(self, key: str, side: Side | None) -> Funding | None:
        """The funding source a row names; on the income side, inside the carry-over block, the
        carry-over part it names (the expenditure side's rows never enter that block)."""
        for entry in catalog.INCOME_ROWS:
            if entry.pattern.search(key):
                funding = entry.funding
                if side is Side.EXPENDITURE:
                    return funding
                if entry.opens_carryover:
                    self.in_carryover = True
                    return funding
                if funding in (Funding.CURRENT_YEAR,):
                    self.in_carryover = False
                if self.in_carryover and funding in catalog.CARRYOVER_PARTS:
                    return catalog.CARRYOVER_PARTS[funding]
                return funding
        return None


_TOTALS = frozenset({LineItem.TOTAL, LineItem.EXPENDITURE_TOTAL, LineItem.THREE_PUBLIC_TOTAL})


def row_groups(lines: Sequence[BudgetLine | None]) -> list[tuple[int, tuple[int, ...]]]:
    """Parent → children row groups (indices into ``lines``) from codes, sub-unit rows and the total
    row: a 项 row is a child of its 款, a 款 of its 类, a 类 (or a row without code) of the sub-unit
    row above it or else of the total row; sub-unit rows are children of the total row."""
    children: dict[int, list[int]] = {}
    total: int | None = None
    org: int | None = None
    last_by_code: dict[str, int] = {}
    top_rows: list[int] = []
    current_year = any(ln is not None and ln.item is LineItem.CURRENT_YEAR_EXPENDITURE for ln in lines)
    for i, line in enumerate(lines):
        if line is None or line.side is Side.INCOME:
            continue
        if line.code is None and (
            line.item is LineItem.CURRENT_YEAR_EXPENDITURE or (line.item in _TOTALS and not current_year)
        ):
            # 本年支出合计 when printed (支出总计 then adds the carry-forward), else the total.
            total = i
            continue
        if line.item is not None:
            continue
        if line.code is None and line.sub_unit is not None and line.project is None:
            org, last_by_code = i, {}
            top_rows.append(i)
            continue
        code = line.code or ""
        if not code and line.project is None:
            continue  # a row of its own (年末结转和结余 …), no part of the classification tree
        if len(code) in (5, 7) and code[:-2] in last_by_code:
            children.setdefault(last_by_code[code[:-2]], []).append(i)
        elif org is not None:
            children.setdefault(org, []).append(i)
        else:
            top_rows.append(i)
        if code:
            last_by_code.setdefault(code, i)
    if total is not None and top_rows:
        children[total] = top_rows
    return [(p, tuple(c)) for p, c in children.items()]
