"""Tables of the Shanghai-like regional budget template (amounts in 元, spaced codes, 部门…预算总表)."""

from __future__ import annotations

from budgetgraph.generate.budget_tables import Built, class_amounts, item_matrix
from budgetgraph.generate.codes import CodeLists
from budgetgraph.generate.model import GPB_SOURCES, Source, UnitYear
from budgetgraph.generate.rows import coded_header, coded_rows, column_sums, total_row
from budgetgraph.generate.style import Style, chinese_number
from budgetgraph.generate.tables import (
    INCOME_EXPENDITURE,
    ROW_SUM,
    SIDE_TOTAL,
    THREE_PUBLIC,
    Cell,
    Constraint,
    Ref,
    Row,
    Table,
    row_constraints,
    tree_constraints,
)
from budgetgraph.records import AmountUnit, TableKind

YUAN = AmountUnit.YUAN


def _rule(key: str, col: int, target: int, sources: tuple[int, ...]) -> Constraint:
    return Constraint(SIDE_TOTAL, Ref(key, target, col), tuple(Ref(key, s, col) for s in sources))


def _classes(amounts: dict[str, tuple[int, ...]], codes: CodeLists) -> list[tuple[str, tuple[int, ...]]]:
    """Only the classes with spending, numbered 一、二、… as the regional template prints them."""
    present = [(code, v) for code, v in sorted(amounts.items()) if any(v)]
    return [
        (f"{chinese_number(i + 1)}、{codes.function_name(code)}", v) for i, (code, v) in enumerate(present)
    ]


def summary(uy: UnitYear, title: str, codes: CodeLists) -> Built:
    gpb = uy.source_total(Source.GPB) + uy.source_total(Source.GPB_TRANSFER)
    fund = uy.source_total(Source.GOV_FUND)
    other = uy.source_total(Source.UNIT_FUNDS)
    carry = uy.carry_in
    income: list[tuple[str, int]] = [
        ("一、财政拨款收入", gpb + fund),
        ("1. 一般公共预算资金", gpb),
        ("2. 政府性基金", fund),
        ("3. 国有资本经营预算", 0),
        ("二、事业收入", 0),
        ("三、事业单位经营收入", 0),
        ("四、其他收入", other),
        ("五、上年结转", carry),
    ]
    classes = _classes({c: (a,) for c, a in class_amounts(uy, None).items()}, codes)
    rows = []
    for i in range(max(len(income), len(classes))):
        left = (Cell(income[i][0]), Cell(amount=income[i][1])) if i < len(income) else (Cell(""), Cell(""))
        right = (
            (Cell(classes[i][0]), Cell(amount=classes[i][1][0])) if i < len(classes) else (Cell(""), Cell(""))
        )
        rows.append(Row((*left, *right), label=left[0].text or right[0].text))
    rows.append(
        Row(
            (
                Cell("收入总计"),
                Cell(amount=gpb + fund + other + carry),
                Cell("支出总计"),
                Cell(amount=uy.expenditure),
            ),
            label="收入总计",
            total=True,
        )
    )
    columns = ("项目", "预算数", "项目", "预算数")
    table = Table(
        "summary",
        TableKind.SUMMARY,
        title,
        (("本年收入", "", "本年支出", ""), columns),
        tuple(rows),
        columns,
        YUAN,
    )
    k, t = table.key, len(rows) - 1
    cons = [
        _rule(k, 1, 0, (1, 2, 3)),
        _rule(k, 1, t, (0, 4, 5, 6, 7)),
        _rule(k, 3, t, tuple(range(len(classes)))),
        Constraint(INCOME_EXPENDITURE, Ref(k, t, 1), (Ref(k, t, 3),)),
    ]
    return table, cons


def income(uy: UnitYear, title: str, codes: CodeLists, style: Style) -> Built:
    labels = ("合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入", "上年结转")

    def fiscal(code: str) -> int:
        return sum(uy.item_amounts(code, frozenset({Source.GPB, Source.GPB_TRANSFER, Source.GOV_FUND})))

    def other(code: str) -> int:
        return sum(uy.item_amounts(code, frozenset({Source.UNIT_FUNDS})))

    def carry(code: str) -> int:
        return sum(uy.item_amounts(code, frozenset({Source.CARRYOVER})))

    def zero(code: str) -> int:
        return 0

    def total(code: str) -> int:
        return fiscal(code) + other(code) + carry(code)

    rows = coded_rows(item_matrix(uy, (total, fiscal, zero, zero, other, carry)), codes, style, False)
    rows.append(total_row(column_sums(rows, 3) or [0] * 6, style, False))
    f = len(rows[0].cells) - 6
    table = Table(
        "income",
        TableKind.INCOME,
        title,
        coded_header(style, False, labels, "收入预算"),
        tuple(rows),
        ("",) * f + labels,
        YUAN,
    )
    return table, tree_constraints(table) + row_constraints(table, ROW_SUM, f, tuple(range(f + 1, f + 6)))


def fiscal(uy: UnitYear, title: str, codes: CodeLists) -> Built:
    gpb = uy.source_total(Source.GPB) + uy.source_total(Source.GPB_TRANSFER)
    fund = uy.source_total(Source.GOV_FUND)
    g = class_amounts(uy, GPB_SOURCES)
    f = class_amounts(uy, frozenset({Source.GOV_FUND}))
    classes = _classes(
        {c: (g.get(c, 0) + f.get(c, 0), g.get(c, 0), f.get(c, 0), 0) for c in set(g) | set(f)}, codes
    )
    income = [("一、一般公共预算资金", gpb), ("二、政府性基金", fund), ("三、国有资本经营预算", 0)]
    rows = []
    for i in range(max(len(income), len(classes))):
        left = (Cell(income[i][0]), Cell(amount=income[i][1])) if i < len(income) else (Cell(""), Cell(""))
        right = (
            (Cell(classes[i][0]), *(Cell(amount=a) for a in classes[i][1]))
            if i < len(classes)
            else tuple(Cell("") for _ in range(5))
        )
        rows.append(Row((*left, *right), label=left[0].text or right[0].text))
    rows.append(
        Row(
            (
                Cell("收入总计"),
                Cell(amount=gpb + fund),
                Cell("支出总计"),
                Cell(amount=gpb + fund),
                Cell(amount=gpb),
                Cell(amount=fund),
                Cell(amount=0),
            ),
            label="收入总计",
            total=True,
        )
    )
    columns = ("项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算")
    table = Table(
        "fiscal",
        TableKind.FISCAL_SUMMARY,
        title,
        (("财政拨款收入", "", "财政拨款支出", "", "", "", ""), columns),
        tuple(rows),
        columns,
        YUAN,
    )
    k, t = table.key, len(rows) - 1
    n = len(classes)
    cons = [_rule(k, 1, t, (0, 1, 2)), Constraint(INCOME_EXPENDITURE, Ref(k, t, 1), (Ref(k, t, 3),))]
    cons += [_rule(k, c, t, tuple(range(n))) for c in (3, 4, 5, 6)]
    cons += [
        Constraint(ROW_SUM, Ref(k, i, 3), (Ref(k, i, 4), Ref(k, i, 5), Ref(k, i, 6))) for i in (*range(n), t)
    ]
    return table, cons


def three_public(uy: UnitYear, title: str) -> Built:
    """“三公”经费和机关运行经费预算表: one row, in 万元 (as the regional template prints it)."""
    tp = uy.three_public
    values = (tp.total, tp.overseas, tp.vehicles, tp.vehicle_purchase, tp.vehicle_operation, tp.reception)
    running = uy.running_cost // 10000 * 10000
    cells = (*(Cell(amount=v) for v in values), Cell(amount=running))
    columns = (
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行费小计",
        "购置费",
        "运行费",
        "公务接待费",
        "机关运行经费预算数",
    )
    header = (
        ("“三公”经费预算数", "", "", "", "", "", "机关运行经费预算数"),
        ("合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费", ""),
        ("", "", "小计", "购置费", "运行费", "", ""),
    )
    table = Table(
        "three-public", TableKind.THREE_PUBLIC, title, header, (Row(cells, label="“三公”经费"),), columns
    )
    k = table.key
    cons = [
        Constraint(THREE_PUBLIC, Ref(k, 0, 0), (Ref(k, 0, 1), Ref(k, 0, 2), Ref(k, 0, 5))),
        Constraint(THREE_PUBLIC, Ref(k, 0, 2), (Ref(k, 0, 3), Ref(k, 0, 4))),
    ]
    return table, cons
