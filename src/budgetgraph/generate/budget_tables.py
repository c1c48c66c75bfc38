"""The tables of a budget (预算) disclosure, national template, with the arithmetic each states."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from budgetgraph.generate.codes import CodeLists
from budgetgraph.generate.model import GPB_SOURCES, Source, UnitYear
from budgetgraph.generate.rows import arrange, coded_header, coded_rows, column_sums, total_row
from budgetgraph.generate.style import Style
from budgetgraph.generate.tables import (
    BASIC_PROJECT,
    INCOME_EXPENDITURE,
    MERGED,
    PERSONNEL_PUBLIC,
    ROW_SUM,
    SIDE_TOTAL,
    THREE_PUBLIC,
    Cell,
    Constraint,
    Ref,
    Row,
    Table,
    find_row,
    row_constraints,
    same,
    tree_constraints,
)
from budgetgraph.records import AmountUnit, TableKind

Built = tuple[Table, list[Constraint]]
ALL = None


def item_matrix(uy: UnitYear, columns: Sequence[Callable[[str], int]]) -> dict[str, tuple[int, ...]]:
    return {code: tuple(f(code) for f in columns) for code in uy.items()}


def spending_table(
    uy: UnitYear,
    key: str,
    kind: TableKind,
    title: str,
    group: str,
    sources: frozenset[Source] | None,
    codes: CodeLists,
    style: Style,
    unit: AmountUnit = AmountUnit.WAN_YUAN,
) -> Built:
    """合计 / 基本支出 / 项目支出 by function code."""

    def basic(code: str) -> int:
        return uy.item_amounts(code, sources)[0]

    def project(code: str) -> int:
        return uy.item_amounts(code, sources)[1]

    def both(code: str) -> int:
        return basic(code) + project(code)

    rows = coded_rows(item_matrix(uy, (both, basic, project)), codes, style, False)
    rows.append(total_row(column_sums(rows, 3) or [0, 0, 0], style, False))
    rows = arrange(rows, style, uy.unit)
    header = coded_header(style, False, ("合计", "基本支出", "项目支出"), group)
    first = len(rows[0].cells) - 3
    table = Table(
        key, kind, title, header, tuple(rows), ("",) * first + ("合计", "基本支出", "项目支出"), unit
    )
    return table, tree_constraints(table) + row_constraints(
        table, BASIC_PROJECT, first, (first + 1, first + 2)
    )


def income_table(uy: UnitYear, title: str, codes: CodeLists, style: Style) -> Built:
    labels = (
        "总计",
        "财政拨款（补助）小计",
        "一般公共预算",
        "上级一般公共预算安排的转移支付",
        "政府性基金预算",
        "国有资本经营预算",
        "财政专户管理资金",
        "单位资金",
        "财政拨款结转",
        "非财政拨款结转结余",
    )

    def by(source: Source) -> Callable[[str], int]:
        return lambda code: sum(uy.item_amounts(code, frozenset({source})))

    own, transfer, fund = by(Source.GPB), by(Source.GPB_TRANSFER), by(Source.GOV_FUND)
    unit_funds, carry = by(Source.UNIT_FUNDS), by(Source.CARRYOVER)

    def fiscal(code: str) -> int:
        return own(code) + transfer(code) + fund(code)

    def total(code: str) -> int:
        return fiscal(code) + unit_funds(code) + carry(code)

    def zero(code: str) -> int:
        return 0

    matrix = item_matrix(uy, (total, fiscal, own, transfer, fund, zero, zero, unit_funds, carry, zero))
    rows = coded_rows(matrix, codes, style, False)
    rows.append(total_row(column_sums(rows, 3) or [0] * 10, style, False))
    header = list(coded_header(style, False, labels))
    at = next(i for i, h in enumerate(header) if "财政拨款（补助）小计" in h)
    main = header[at]
    start = main.index("财政拨款（补助）小计")
    group = tuple(
        "财政拨款（补助）" if i == start else MERGED if start < i < start + 4 else ""
        for i in range(len(main))
    )
    header.insert(at, group)
    f = len(rows[0].cells) - 10
    table = Table("income", TableKind.INCOME, title, tuple(header), tuple(rows), ("",) * f + labels)
    cons = tree_constraints(table)
    cons += row_constraints(table, ROW_SUM, f, (f + 1, f + 6, f + 7, f + 8, f + 9))
    cons += row_constraints(table, ROW_SUM, f + 1, (f + 2, f + 3, f + 4, f + 5))
    return table, cons


def _pairs(
    left: Sequence[tuple[str, int | None]], right: Sequence[tuple[str, tuple[int, ...] | None]], width: int
) -> list[Row]:
    """Rows of a two-sided table: an income label and amount beside an expenditure label and amounts."""
    rows = []
    for i in range(max(len(left), len(right))):
        l_label, l_amount = left[i] if i < len(left) else ("", None)
        r_label, r_amounts = right[i] if i < len(right) else ("", None)
        cells = [Cell(l_label), Cell(amount=l_amount) if l_amount is not None else Cell("")]
        cells.append(Cell(r_label))
        cells.extend(Cell(amount=a) for a in r_amounts) if r_amounts is not None else cells.extend(
            Cell("") for _ in range(width)
        )
        rows.append(Row(tuple(cells), label=l_label or r_label))
    return rows


def class_amounts(uy: UnitYear, sources: frozenset[Source] | None) -> dict[str, int]:
    result: dict[str, int] = {}
    for code in uy.items():
        result[code[:3]] = result.get(code[:3], 0) + sum(uy.item_amounts(code, sources))
    return result


def _sum_rule(key: str, col: int, target: int, sources: Sequence[int], rule: str = SIDE_TOTAL) -> Constraint:
    return Constraint(rule, Ref(key, target, col), tuple(Ref(key, s, col) for s in sources))


def summary_table(uy: UnitYear, title: str, style: Style, level_word: str, codes: CodeLists) -> Built:
    own = uy.source_total(Source.GPB)
    transfer = uy.source_total(Source.GPB_TRANSFER)
    fund = uy.source_total(Source.GOV_FUND)
    unit_funds = uy.source_total(Source.UNIT_FUNDS)
    carry = uy.carry_in
    current = own + transfer + fund + unit_funds
    left: list[tuple[str, int | None]] = [
        ("一、本年收入", current),
        ("1. 一般公共预算拨款", own + transfer),
        ("其中：一般财力", own),
        ("上级一般公共预算安排转移支付", transfer),
        ("2. 政府性基金预算拨款", fund),
        ("其中：政府性基金收入", fund),
        ("上级政府性基金安排转移支付", 0),
        ("3. 国有资本经营预算拨款", 0),
        ("其中：国有资本经营收入", 0),
        ("上级国有资本经营预算安排转移支付", 0),
        ("4. 财政专户核拨", 0),
        ("5. 单位资金", unit_funds),
        ("其中：事业收入", 0),
        ("上级补助收入", 0),
        ("附属单位上缴收入", 0),
        ("事业单位经营收入", 0),
        ("其他收入", unit_funds),
        ("二、上年结转结余", carry),
        ("1. 财政拨款结转", carry),
        ("其中：一般公共预算拨款", carry),
        ("政府性基金预算拨款", 0),
        ("国有资本经营预算拨款", 0),
        ("2. 非财政拨款结转结余", 0),
        ("其中：财政专户核拨", 0),
        ("单位资金", 0),
    ]
    by_class = class_amounts(uy, ALL)
    right = [(f"{code} {name}", (by_class.get(code, 0),)) for code, name in codes.classes()]
    rows = _pairs(left, right, 1)
    total = current + carry
    rows.append(
        Row(
            (
                Cell(style.total_label("收入总计")),
                Cell(amount=total),
                Cell(style.total_label("支出总计")),
                Cell(amount=uy.expenditure),
            ),
            "收入总计",
            total=True,
        )
    )
    header = (("收 入", "", "支 出", ""), ("项 目", "预算数", "功能分类", "预算数"))
    table = Table(
        "summary", TableKind.SUMMARY, title, header, tuple(rows), ("项目", "预算数", "功能分类", "预算数")
    )
    k, t = table.key, len(rows) - 1
    cons = [
        _sum_rule(k, 1, 0, (1, 4, 7, 10, 11)),
        _sum_rule(k, 1, 1, (2, 3)),
        _sum_rule(k, 1, 4, (5, 6)),
        _sum_rule(k, 1, 7, (8, 9)),
        _sum_rule(k, 1, 11, (12, 13, 14, 15, 16)),
        _sum_rule(k, 1, 17, (18, 22)),
        _sum_rule(k, 1, 18, (19, 20, 21)),
        _sum_rule(k, 1, 22, (23, 24)),
        _sum_rule(k, 1, t, (0, 17)),
        _sum_rule(k, 3, t, tuple(range(len(right)))),
        Constraint(INCOME_EXPENDITURE, Ref(k, t, 1), (Ref(k, t, 3),)),
    ]
    return table, cons


def fiscal_summary_table(uy: UnitYear, title: str, style: Style, codes: CodeLists) -> Built:
    gpb = uy.source_total(Source.GPB) + uy.source_total(Source.GPB_TRANSFER)
    fund = uy.source_total(Source.GOV_FUND)
    gpb_cls = class_amounts(uy, GPB_SOURCES)
    fund_cls = class_amounts(uy, frozenset({Source.GOV_FUND}))
    left: list[tuple[str, int | None]] = [
        ("一、财政拨款（补助）", gpb + fund),
        ("一般公共预算", gpb),
        ("政府性基金预算", fund),
        ("国有资本经营预算", 0),
    ]
    right = []
    for code, name in codes.classes():
        g, f = gpb_cls.get(code, 0), fund_cls.get(code, 0)
        right.append((f"{code} {name}", (g + f, g, f, 0)))
    rows = _pairs(left, right, 4)
    rows.append(
        Row(
            (
                Cell(style.total_label("收入总计")),
                Cell(amount=gpb + fund),
                Cell(style.total_label("支出总计")),
                Cell(amount=gpb + fund),
                Cell(amount=gpb),
                Cell(amount=fund),
                Cell(amount=0),
            ),
            "收入总计",
            total=True,
        )
    )
    columns = ("项目", "合计", "功能分类", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算")
    header = (("财政拨款收入", "", "财政拨款支出", "", "", "", ""), columns)
    table = Table("fiscal", TableKind.FISCAL_SUMMARY, title, header, tuple(rows), columns)
    k, t = table.key, len(rows) - 1
    cons = [
        _sum_rule(k, 1, 0, (1, 2, 3)),
        _sum_rule(k, 1, t, (0,)),
        Constraint(INCOME_EXPENDITURE, Ref(k, t, 1), (Ref(k, t, 3),)),
    ]
    cons += [_sum_rule(k, c, t, tuple(range(len(right)))) for c in (3, 4, 5, 6)]
    cons += [
        Constraint(ROW_SUM, Ref(k, i, 3), (Ref(k, i, 4), Ref(k, i, 5), Ref(k, i, 6)))
        for i in range(len(right))
    ] + [Constraint(ROW_SUM, Ref(k, t, 3), (Ref(k, t, 4), Ref(k, t, 5), Ref(k, t, 6)))]
    return table, cons


def basic_table(
    uy: UnitYear,
    key: str,
    kind: TableKind,
    title: str,
    codes: CodeLists,
    style: Style,
    unit: AmountUnit = AmountUnit.WAN_YUAN,
    group: str = "一般公共预算基本支出",
) -> Built:
    matrix = {
        code: (a, a if code[:3] in ("301", "303") else 0, a if code[:3] in ("302", "310") else 0)
        for code, a in uy.economic
    }
    rows = coded_rows(matrix, codes, style, True)
    rows.append(total_row(column_sums(rows, 3) or [0, 0, 0], style, True))
    rows = arrange(rows, style, uy.unit)
    header = coded_header(style, True, ("合计", "人员经费", "公用经费"), group)
    f = len(rows[0].cells) - 3
    table = Table(key, kind, title, header, tuple(rows), ("",) * f + ("合计", "人员经费", "公用经费"), unit)
    return table, tree_constraints(table) + row_constraints(table, PERSONNEL_PUBLIC, f, (f + 1, f + 2))


def empty_table(
    key: str,
    kind: TableKind,
    title: str,
    statement: str,
    style: Style,
    with_total: bool,
    unit: AmountUnit = AmountUnit.WAN_YUAN,
) -> Built:
    header = coded_header(style, False, ("合计", "基本支出", "项目支出"))
    rows: tuple[Row, ...] = ()
    if with_total:
        rows = (total_row((0, 0, 0), style, False),)
    columns = ("",) * (len(header[-1]) - 3) + ("合计", "基本支出", "项目支出")
    return Table(key, kind, title, header, rows, columns, unit, statement=statement), []


def three_public_table(uy: UnitYear, title: str, style: Style) -> Built:
    tp = uy.three_public
    items = (
        ("合计", tp.total),
        ("因公出国（境）费", tp.overseas),
        ("公务接待费", tp.reception),
        ("公务用车购置及运行费（小计）", tp.vehicles),
        ("其中：公务用车购置费", tp.vehicle_purchase),
        ("公务用车运行费", tp.vehicle_operation),
    )
    rows = tuple(
        Row(
            (
                Cell(label if i else style.total_label(label)),
                Cell(amount=a),
                Cell(amount=a),
                Cell(amount=0),
                Cell(amount=0),
            ),
            label=label,
            total=i == 0,
        )
        for i, (label, a) in enumerate(items)
    )
    columns = ("“三公”经费支出内容", "合计", "一般公共预算", "政府性基金", "国有资本经营预算")
    header = (("“三公”经费支出内容", "合计", "资金来源", "", ""), ("", "", *columns[2:]))
    table = Table("three-public", TableKind.THREE_PUBLIC, title, header, rows, columns)
    k = table.key
    cons = [
        Constraint(THREE_PUBLIC, Ref(k, 0, c), (Ref(k, 1, c), Ref(k, 2, c), Ref(k, 3, c))) for c in (1, 2)
    ]
    cons += [Constraint(THREE_PUBLIC, Ref(k, 3, c), (Ref(k, 4, c), Ref(k, 5, c))) for c in (1, 2)]
    cons += row_constraints(table, ROW_SUM, 1, (2, 3, 4))
    return table, cons


def cross_links(tables: dict[str, Table]) -> list[Constraint]:
    """The same figure printed in two tables (national budget)."""
    cons: list[Constraint] = []
    expenditure, summary, gpb = tables["expenditure"], tables["summary"], tables["gpb"]
    e0 = len(expenditure.rows[-1].cells) - 3
    g0 = len(gpb.rows[-1].cells) - 3
    for i, row in enumerate(expenditure.rows):
        if row.code and len(row.code) == 3:
            s = next(j for j, r in enumerate(summary.rows) if r.cells[2].text.startswith(row.code + " "))
            cons.append(same(summary, s, 3, expenditure, i, e0))
            if "income" in tables:
                inc = tables["income"]
                cons.append(
                    same(inc, find_row(inc, code=row.code), len(inc.rows[-1].cells) - 10, expenditure, i, e0)
                )
    t = find_row(gpb, total=True)
    cons.append(
        same(
            tables["basic"],
            find_row(tables["basic"], total=True),
            len(tables["basic"].rows[-1].cells) - 3,
            gpb,
            t,
            g0 + 1,
        )
    )
    if "projects" in tables and tables["projects"].rows:
        p = tables["projects"]
        cons.append(same(p, find_row(p, total=True), len(p.rows[-1].cells) - 5, gpb, t, g0 + 2))
    if "fiscal" in tables:
        fiscal = tables["fiscal"]
        for i, row in enumerate(gpb.rows):
            if row.code and len(row.code) == 3:
                s = next(j for j, r in enumerate(fiscal.rows) if r.cells[2].text.startswith(row.code + " "))
                cons.append(same(fiscal, s, 4, gpb, i, g0))
    return cons
