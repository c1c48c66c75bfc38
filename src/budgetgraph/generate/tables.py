"""Generated documents as blocks (paragraphs and tables) and the arithmetic rules their cells obey.

A ``Table`` is what gets printed: header rows, then body rows of cells; an amount cell keeps its
amount in fen and is formatted only when rendered. Each arithmetic fact the document states is a
``Constraint``: the target cell equals the sum of the source cells (a cell printed blank counts as
zero). ``violations`` evaluates them, which is how the tests check generated documents and how the
planter knows which rules a changed number breaks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from budgetgraph.generate.model import Template, UnitYear
from budgetgraph.records import AmountUnit, TableKind


@dataclass(frozen=True)
class Cell:
    text: str = ""
    amount: int | None = None  # fen; None for a text cell
    blank_zero: bool = False  # a zero amount this cell prints as blank whatever the style


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    label: str = ""  # the row's name as printed (first side, for two-sided tables)
    code: str | None = None  # classification code (digits) of the row, if any
    total: bool = False  # a 合计/总计 row
    unit_total: bool = False  # a row naming the (sub-)unit, repeating the table total (some templates)


MERGED = "<"  # a header cell merged with the one to its left (PDF spans it; text prints it blank)


@dataclass(frozen=True)
class Table:
    key: str  # unique within the document
    kind: TableKind
    title: str
    header: tuple[tuple[str, ...], ...]
    rows: tuple[Row, ...]
    columns: tuple[str, ...]  # a label for each cell column (the lowest header label)
    unit: AmountUnit = AmountUnit.WAN_YUAN
    statement: str | None = None  # the 空表 statement printed under an empty table
    number: int | None = None  # ordinal printed as 表一 / 表 1 (None: no number printed)
    organisation: str = ""  # 编制单位


@dataclass(frozen=True)
class Paragraph:
    text: str
    heading: int = 0  # 0 = body text, 1..4 = heading level
    page_break: bool = False  # a new page starts here (PDF); the text is then empty


PAGE = Paragraph("", page_break=True)


Block = Paragraph | Table


@dataclass(frozen=True)
class Ref:
    table: str
    row: int  # 0-based body row
    column: int  # 0-based cell column


@dataclass(frozen=True)
class Constraint:
    rule: str
    target: Ref
    sources: tuple[Ref, ...]


# Rule kinds (the manifest's ``rule`` values).
PARENT_SUM = "parent-equals-sum-of-children"
COLUMN_TOTAL = "total-row-equals-sum-of-rows"
ROW_SUM = "total-column-equals-sum-of-columns"
BASIC_PROJECT = "total-equals-basic-plus-project"
PERSONNEL_PUBLIC = "basic-equals-personnel-plus-public"
INCOME_EXPENDITURE = "income-total-equals-expenditure-total"
SIDE_TOTAL = "side-total-equals-sum-of-lines"
CROSS_TABLE = "same-figure-across-tables"
THREE_PUBLIC = "three-public-total-equals-items"
RULES = (
    PARENT_SUM,
    COLUMN_TOTAL,
    ROW_SUM,
    BASIC_PROJECT,
    PERSONNEL_PUBLIC,
    INCOME_EXPENDITURE,
    SIDE_TOTAL,
    CROSS_TABLE,
    THREE_PUBLIC,
)


@dataclass(frozen=True)
class Document:
    """A generated document before rendering: its ground truth, blocks and arithmetic."""

    truth: UnitYear
    template: Template
    title: str
    blocks: tuple[Block, ...]
    constraints: tuple[Constraint, ...]
    amount_unit: AmountUnit = AmountUnit.WAN_YUAN
    style_seed: int = 0  # picks the rendering style (number format, code columns, headings)
    tables_by_key: dict[str, Table] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.tables_by_key.update({b.key: b for b in self.blocks if isinstance(b, Table)})

    def table(self, key: str) -> Table:
        return self.tables_by_key[key]

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def amount(self, ref: Ref) -> int:
        cell = self.table(ref.table).rows[ref.row].cells[ref.column]
        return cell.amount or 0


def amount_columns(rows: Iterable[Row]) -> list[int]:
    columns: set[int] = set()
    for row in rows:
        columns.update(i for i, cell in enumerate(row.cells) if cell.amount is not None)
    return sorted(columns)


def tree_constraints(table: Table) -> list[Constraint]:
    """Parent = sum of children over the coded rows (类 ← 款 ← 项, 301 ← 30101) and the total row =
    sum of the top-level rows, in every amount column."""
    rows = table.rows
    coded = [(i, r.code) for i, r in enumerate(rows) if r.code]
    result: list[Constraint] = []
    columns = amount_columns(rows)
    by_parent: dict[str, list[int]] = {}
    for j, c in coded:  # a code's parent is the code two digits shorter (类 3, 款 5, 项 7 digits)
        by_parent.setdefault(c[:-2], []).append(j)
    for i, code in coded:
        direct = by_parent.get(code, []) if len(code) >= 3 else []
        if not direct:
            continue
        for col in columns:
            if rows[i].cells[col].amount is None:
                continue
            result.append(
                Constraint(PARENT_SUM, Ref(table.key, i, col), tuple(Ref(table.key, j, col) for j in direct))
            )
    top_length = min((len(c) for _, c in coded), default=0)
    tops = [i for i, c in coded if len(c) == top_length]
    totals = [i for i, row in enumerate(rows) if row.total]
    for i, row in enumerate(rows):
        if row.unit_total and totals:
            for col in columns:
                if row.cells[col].amount is not None:
                    target, source = Ref(table.key, i, col), Ref(table.key, totals[0], col)
                    result.append(Constraint(COLUMN_TOTAL, target, (source,)))
        if row.total and tops:
            for col in columns:
                if row.cells[col].amount is not None:
                    result.append(
                        Constraint(
                            COLUMN_TOTAL, Ref(table.key, i, col), tuple(Ref(table.key, j, col) for j in tops)
                        )
                    )
    return result


def row_constraints(table: Table, rule: str, target: int, sources: tuple[int, ...]) -> list[Constraint]:
    """In every row with amounts: column ``target`` = sum of columns ``sources``."""
    return [
        Constraint(rule, Ref(table.key, i, target), tuple(Ref(table.key, i, s) for s in sources))
        for i, row in enumerate(table.rows)
        if row.cells[target].amount is not None
    ]


def find_row(table: Table, *, code: str | None = None, label: str | None = None, total: bool = False) -> int:
    for i, row in enumerate(table.rows):
        if code is not None and row.code == code:
            return i
        if label is not None and row.label == label:
            return i
        if total and row.total:
            return i
    raise KeyError(f"{table.title}: no row {code or label or 'total'}")


def same(a: Table, a_row: int, a_col: int, b: Table, b_row: int, b_col: int) -> Constraint:
    return Constraint(CROSS_TABLE, Ref(a.key, a_row, a_col), (Ref(b.key, b_row, b_col),))


@dataclass(frozen=True)
class Violation:
    constraint: Constraint
    actual: int
    expected: int


def violations(document: Document) -> list[Violation]:
    """The constraints the document's printed numbers break."""
    found = []
    for constraint in document.constraints:
        actual = document.amount(constraint.target)
        expected = sum(document.amount(s) for s in constraint.sources)
        if actual != expected:
            found.append(Violation(constraint, actual, expected))
    return found
