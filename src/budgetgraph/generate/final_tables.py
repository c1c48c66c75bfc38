"""The tables of a final-accounts (决算) disclosure, with the arithmetic each states."""

from __future__ import annotations

from collections.abc import Callable

from budgetgraph.generate.budget_tables import Built, class_amounts, item_matrix
from budgetgraph.generate.codes import CodeLists
from budgetgraph.generate.model import FISCAL_SOURCES, GPB_SOURCES, Source, ThreePublic, UnitYear
from budgetgraph.generate.rows import coded_header, coded_rows, column_sums, total_row
from budgetgraph.generate.style import Style, chinese_number
from budgetgraph.generate.tables import (
    BASIC_PROJECT,
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
from budgetgraph.records import TableKind

NOT_CARRIED = frozenset({Source.GPB, Source.GPB_TRANSFER, Source.GOV_FUND, Source.UNIT_FUNDS})


def _rule(key: str, col: int, target: int, sources: tuple[int, ...], rule: str = SIDE_TOTAL) -> Constraint:
    return Constraint(rule, Ref(key, target, col), tuple(Ref(key, s, col) for s in sources))


def final_summary(uy: UnitYear, title: str, style: Style, codes: CodeLists) -> Built:
    """收入支出决算总表: income lines beside the classes of expenditure, then the totals."""
    gpb = uy.source_total(Source.GPB) + uy.source_total(Source.GPB_TRANSFER)
    fund = uy.source_total(Source.GOV_FUND)
    other = uy.source_total(Source.UNIT_FUNDS)
    income = [
        ("一、一般公共预算财政拨款收入", gpb),
        ("二、政府性基金预算财政拨款收入", fund),
        ("三、国有资本经营预算财政拨款收入", 0),
        ("四、上级补助收入", 0),
        ("五、事业收入", 0),
        ("六、经营收入", 0),
        ("七、附属单位上缴收入", 0),
        ("八、其他收入", other),
    ]
    by_class = class_amounts(uy, None)
    classes = [
        (f"{chinese_number(i + 1)}、{name}", by_class.get(code, 0))
        for i, (code, name) in enumerate(codes.classes())
    ]
    rows = []
    for i, (label, amount) in enumerate(classes):
        left = (Cell(income[i][0]), Cell(amount=income[i][1])) if i < len(income) else (Cell(""), Cell(""))
        rows.append(Row((*left, Cell(label), Cell(amount=amount)), label=left[0].text or label))
    current_in = gpb + fund + other
    tail = (
        ("本年收入合计", current_in, "本年支出合计", uy.expenditure),
        ("使用非财政拨款结余", 0, "结余分配", 0),
        ("年初结转和结余", uy.carry_in, "年末结转和结余", uy.carry_out),
        ("总计", current_in + uy.carry_in, "总计", uy.expenditure + uy.carry_out),
    )
    for label, a, r_label, b in tail:
        rows.append(
            Row(
                (
                    Cell(style.total_label(label)),
                    Cell(amount=a),
                    Cell(style.total_label(r_label)),
                    Cell(amount=b),
                ),
                label=label,
                total=label == "总计",
            )
        )
    columns = ("项目", "决算数", "项目", "决算数")
    table = Table(
        "summary", TableKind.SUMMARY, title, (("收入", "", "支出", ""), columns), tuple(rows), columns
    )
    k, n = table.key, len(classes)
    cons = [
        _rule(k, 1, n, tuple(range(len(income)))),
        _rule(k, 3, n, tuple(range(n))),
        _rule(k, 1, n + 3, (n, n + 1, n + 2)),
        _rule(k, 3, n + 3, (n, n + 1, n + 2)),
        Constraint(INCOME_EXPENDITURE, Ref(k, n + 3, 1), (Ref(k, n + 3, 3),)),
    ]
    return table, cons


def final_income(uy: UnitYear, title: str, codes: CodeLists, style: Style) -> Built:
    labels = (
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    )

    def fiscal(code: str) -> int:
        return sum(uy.item_amounts(code, frozenset({Source.GPB, Source.GPB_TRANSFER, Source.GOV_FUND})))

    def other(code: str) -> int:
        return sum(uy.item_amounts(code, frozenset({Source.UNIT_FUNDS})))

    def zero(code: str) -> int:
        return 0

    def total(code: str) -> int:
        return fiscal(code) + other(code)

    matrix = item_matrix(uy, (total, fiscal, zero, zero, zero, zero, other))
    rows = coded_rows(matrix, codes, style, False)
    rows.append(total_row(column_sums(rows, 3) or [0] * 7, style, False))
    f = len(rows[0].cells) - 7
    table = Table(
        "income", TableKind.INCOME, title, coded_header(style, False, labels), tuple(rows), ("",) * f + labels
    )
    return table, tree_constraints(table) + row_constraints(table, ROW_SUM, f, tuple(range(f + 1, f + 7)))


def final_expenditure(uy: UnitYear, title: str, codes: CodeLists, style: Style) -> Built:
    labels = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")

    def basic(code: str) -> int:
        return uy.item_amounts(code)[0]

    def project(code: str) -> int:
        return uy.item_amounts(code)[1]

    def zero(code: str) -> int:
        return 0

    def total(code: str) -> int:
        return basic(code) + project(code)

    rows = coded_rows(item_matrix(uy, (total, basic, project, zero, zero, zero)), codes, style, False)
    rows.append(total_row(column_sums(rows, 3) or [0] * 6, style, False))
    f = len(rows[0].cells) - 6
    table = Table(
        "expenditure",
        TableKind.EXPENDITURE,
        title,
        coded_header(style, False, labels),
        tuple(rows),
        ("",) * f + labels,
    )
    return table, tree_constraints(table) + row_constraints(
        table, BASIC_PROJECT, f, tuple(range(f + 1, f + 6))
    )


def final_fiscal(uy: UnitYear, title: str, style: Style, codes: CodeLists) -> Built:
    """财政拨款收入支出决算总表."""
    gpb = uy.source_total(Source.GPB) + uy.source_total(Source.GPB_TRANSFER)
    fund = uy.source_total(Source.GOV_FUND)
    gpb_spend = class_amounts(uy, GPB_SOURCES | {Source.CARRYOVER})
    fund_spend = class_amounts(uy, frozenset({Source.GOV_FUND}))
    income = [
        ("一、一般公共预算财政拨款", gpb),
        ("二、政府性基金预算财政拨款", fund),
        ("三、国有资本经营预算财政拨款", 0),
    ]
    rows = []
    for i, (code, name) in enumerate(codes.classes()):
        left = (Cell(income[i][0]), Cell(amount=income[i][1])) if i < len(income) else (Cell(""), Cell(""))
        g, f = gpb_spend.get(code, 0), fund_spend.get(code, 0)
        cells = (
            *left,
            Cell(f"{chinese_number(i + 1)}、{name}"),
            Cell(amount=g + f),
            Cell(amount=g),
            Cell(amount=f),
            Cell(amount=0),
        )
        rows.append(Row(cells, label=left[0].text or name))
    spent = sum(
        uy.item_amounts(c, FISCAL_SOURCES)[0] + uy.item_amounts(c, FISCAL_SOURCES)[1] for c in uy.items()
    )
    spent_gpb = sum(gpb_spend.values())
    spent_fund = sum(fund_spend.values())
    carry_out = uy.carry_out
    tail = (
        ("本年收入合计", gpb + fund, "本年支出合计", (spent, spent_gpb, spent_fund, 0)),
        ("年初财政拨款结转和结余", uy.carry_in, "年末财政拨款结转和结余", (carry_out, carry_out, 0, 0)),
        ("一般公共预算财政拨款", uy.carry_in, "", None),
        ("总计", gpb + fund + uy.carry_in, "总计", (spent + carry_out, spent_gpb + carry_out, spent_fund, 0)),
    )
    for label, a, r_label, b in tail:
        right = tuple(Cell(amount=x) for x in b) if b is not None else tuple(Cell("") for _ in range(4))
        rows.append(
            Row(
                (Cell(style.total_label(label)), Cell(amount=a), Cell(style.total_label(r_label)), *right),
                label=label,
                total=label == "总计",
            )
        )
    columns = (
        "项目",
        "决算数",
        "项目",
        "合计",
        "一般公共预算财政拨款",
        "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款",
    )
    table = Table(
        "fiscal",
        TableKind.FISCAL_SUMMARY,
        title,
        (("收入", "", "支出", "", "", "", ""), columns),
        tuple(rows),
        columns,
    )
    k, n = table.key, len(codes.classes())
    cons = [
        _rule(k, 1, n, (0, 1, 2)),
        _rule(k, 1, n + 3, (n, n + 1)),
        _rule(k, 1, n + 1, (n + 2,)),
        Constraint(INCOME_EXPENDITURE, Ref(k, n + 3, 1), (Ref(k, n + 3, 3),)),
    ]
    cons += [_rule(k, c, n, tuple(range(n))) for c in (3, 4, 5, 6)]
    cons += [_rule(k, c, n + 3, (n, n + 1)) for c in (3, 4, 5, 6)]
    cons += [
        Constraint(ROW_SUM, Ref(k, i, 3), (Ref(k, i, 4), Ref(k, i, 5), Ref(k, i, 6)))
        for i in (*range(n), n, n + 1, n + 3)
    ]
    return table, cons


def final_three_public(uy: UnitYear, title: str) -> Built:
    budget = uy.three_public_budget or ThreePublic(0, 0, 0, 0)
    actual = uy.three_public
    items: tuple[Callable[[ThreePublic], int], ...] = (
        lambda t: t.total,
        lambda t: t.overseas,
        lambda t: t.vehicles,
        lambda t: t.vehicle_purchase,
        lambda t: t.vehicle_operation,
        lambda t: t.reception,
    )
    cells = tuple(Cell(amount=f(t)) for f in items for t in (budget, actual))
    names = (
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行费小计",
        "公务用车购置费",
        "公务用车运行费",
        "公务接待费",
    )
    columns = tuple(f"{n}{w}" for n in names for w in ("预算数", "决算数"))
    header = (tuple(x for n in names for x in (n, "")), tuple(w for _ in names for w in ("预算数", "决算数")))
    table = Table(
        "three-public",
        TableKind.THREE_PUBLIC,
        title,
        header,
        (Row(cells, label="财政拨款“三公”经费"),),
        columns,
    )
    k = table.key
    cons = []
    for w in (0, 1):
        cons.append(
            Constraint(THREE_PUBLIC, Ref(k, 0, w), (Ref(k, 0, 2 + w), Ref(k, 0, 4 + w), Ref(k, 0, 10 + w)))
        )
        cons.append(Constraint(THREE_PUBLIC, Ref(k, 0, 4 + w), (Ref(k, 0, 6 + w), Ref(k, 0, 8 + w))))
    return table, cons


def final_fund(
    uy: UnitYear,
    key: str,
    kind: TableKind,
    title: str,
    statement: str,
    codes: CodeLists,
    style: Style,
    source: Source | None,
) -> Built:
    """政府性基金 / 国有资本经营预算财政拨款收入支出决算表: rows when there is spending, else a 空表."""
    labels = ("年初结转和结余", "本年收入", "本年支出小计", "基本支出", "项目支出", "年末结转和结余")
    sources = frozenset({source}) if source else frozenset()
    matrix = {}
    for code in uy.items():
        spent = uy.item_amounts(code, sources)[1] if source else 0
        if spent:
            matrix[code] = (0, spent, spent, 0, spent, 0)
    header = coded_header(style, False, labels)
    if not matrix:
        columns = ("",) * (len(header[-1]) - 6) + labels
        return Table(
            key, kind, title, header, (total_row((0,) * 6, style, False),), columns, statement=statement
        ), []
    rows = coded_rows(matrix, codes, style, False)
    rows.append(total_row(column_sums(rows, 3), style, False))
    f = len(rows[0].cells) - 6
    table = Table(key, kind, title, header, tuple(rows), ("",) * f + labels)
    return table, tree_constraints(table) + row_constraints(table, BASIC_PROJECT, f + 2, (f + 3, f + 4))
