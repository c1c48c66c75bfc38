"""The project table of a national budget: projects under their function codes, by economic class."""

from __future__ import annotations

from budgetgraph.generate.budget_tables import Built
from budgetgraph.generate.codes import CodeLists
from budgetgraph.generate.model import GPB_SOURCES, Source, UnitYear
from budgetgraph.generate.rows import code_cells, coded_header, coded_rows, column_sums, total_row
from budgetgraph.generate.style import Style
from budgetgraph.generate.tables import (
    COLUMN_TOTAL,
    ROW_SUM,
    Cell,
    Constraint,
    Ref,
    Row,
    Table,
    row_constraints,
    tree_constraints,
)
from budgetgraph.records import TableKind

ECONOMIC_CLASS_COLUMNS = (
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("310", "资本性支出"),
)


def project_table(uy: UnitYear, title: str, codes: CodeLists, style: Style) -> Built:
    """Projects under their function codes, spending by economic class."""
    projects = [p for p in uy.projects if p.source in GPB_SOURCES]
    width = len(ECONOMIC_CLASS_COLUMNS) + 1
    matrix: dict[str, tuple[int, ...]] = {}
    for p in projects:
        values = tuple(p.amount if p.economic_class == c else 0 for c, _ in ECONOMIC_CLASS_COLUMNS)
        old = matrix.get(p.function_code, (0,) * width)
        matrix[p.function_code] = tuple(a + b for a, b in zip(old, (p.amount, *values), strict=True))
    parents = [r for r in coded_rows(matrix, codes, style, False, extra=1) if r.code and len(r.code) < 7]
    rows: list[Row] = []
    for parent in parents:
        rows.append(parent)
        if parent.code and len(parent.code) == 5:
            for p in sorted(
                (p for p in projects if p.function_code[:5] == parent.code), key=lambda p: p.function_code
            ):
                values = tuple(p.amount if p.economic_class == c else 0 for c, _ in ECONOMIC_CLASS_COLUMNS)
                cells = (
                    *code_cells(p.function_code, style, False),
                    Cell(codes.function_name(p.function_code)),
                    Cell(p.name),
                    Cell(amount=p.amount),
                    *(Cell(amount=v) for v in values),
                )
                rows.append(Row(cells, label=p.name, code=p.function_code))
    rows.append(total_row(column_sums(rows, 3) or [0] * width, style, False, extra=1))
    labels = ("项目支出合计", *(name for _, name in ECONOMIC_CLASS_COLUMNS))
    header = coded_header(style, False, labels, extra=("项目名称",))
    f = len(rows[0].cells) - width if rows else 0
    table = Table("projects", TableKind.GPB_PROJECT, title, header, tuple(rows), ("",) * f + labels)
    return table, tree_constraints(table) + row_constraints(table, ROW_SUM, f, tuple(range(f + 1, f + width)))


CARRYOVER_COLUMNS = (
    "项目名称",
    "总计",
    "财政拨款合计",
    "财政拨款人员经费",
    "财政拨款公用经费",
    "财政拨款项目支出",
    "非财政拨款合计",
    "非财政拨款人员经费",
    "非财政拨款公用经费",
    "非财政拨款项目支出",
)


def carryover_table(uy: UnitYear, title: str, style: Style) -> Built:
    """上年结转结余情况明细表: the projects paid from last year's carried-over appropriations."""
    projects = [p for p in uy.projects if p.source is Source.CARRYOVER]
    rows = [
        Row(
            (
                Cell(p.name),
                Cell(amount=p.amount),
                Cell(amount=p.amount),
                Cell(amount=0),
                Cell(amount=0),
                Cell(amount=p.amount),
                *(Cell(amount=0) for _ in range(4)),
            ),
            label=p.name,
        )
        for p in projects
    ]
    sums = [sum(r.cells[c].amount or 0 for r in rows) for c in range(1, 10)]
    rows.append(
        Row((Cell(style.total_label("合计")), *(Cell(amount=v) for v in sums)), label="合计", total=True)
    )
    header = (
        ("项目名称", "总计", "财政拨款", "", "", "", "非财政拨款", "", "", ""),
        ("", "", "合计", "基本支出", "", "项目支出", "合计", "基本支出", "", "项目支出"),
        ("", "", "", "人员经费", "公用经费", "", "", "人员经费", "公用经费", ""),
    )
    table = Table("carryover", TableKind.CARRYOVER, title, header, tuple(rows), CARRYOVER_COLUMNS)
    key, last = table.key, len(rows) - 1
    cons = row_constraints(table, ROW_SUM, 1, (2, 6)) + row_constraints(table, ROW_SUM, 2, (3, 4, 5))
    cons += row_constraints(table, ROW_SUM, 6, (7, 8, 9))
    cons += [
        Constraint(COLUMN_TOTAL, Ref(key, last, c), tuple(Ref(key, i, c) for i in range(last)))
        for c in range(1, 10)
    ]
    return table, cons
