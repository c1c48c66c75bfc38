"""The shapes on small documents built from records (figures of seed 000's tables, which add up)
and written by the real graph writer; each test changes one thing and names the rule that catches it."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from decimal import Decimal

import pytest

from budgetgraph.findings import Finding, Severity, ValidationReport
from budgetgraph.graph import extraction_to_graph
from budgetgraph.iris import Minter
from budgetgraph.records import (
    AmountUnit,
    BudgetLine,
    Column,
    DocumentInfo,
    ExtractedTable,
    Extraction,
    Figure,
    Funding,
    Level,
    LineItem,
    MediaType,
    Phase,
    Side,
    SourceDocument,
    SourceLocation,
    SpendingKind,
    TableKind,
    TableStatus,
)
from budgetgraph.validate import validate_graph

Row = tuple[str, dict[str, str]]
"""(code or item name, amounts by column key)."""

TOTAL = Column("合计", key="total")
BASIC = Column("基本支出", kind=SpendingKind.BASIC, key="basic")
PROJECT = Column("项目支出", kind=SpendingKind.PROJECT, key="project")
PERSONNEL = Column("人员经费", kind=SpendingKind.PERSONNEL, key="personnel")
PUBLIC = Column("公用经费", kind=SpendingKind.PUBLIC, key="public")
FISCAL = Column("财政拨款（补助）小计", funding=Funding.FISCAL, key="fiscal")
GPB = Column("一般公共预算", funding=Funding.GPB, key="gpb")
CARRY = Column("财政拨款结转", funding=Funding.CARRYOVER_FISCAL, key="carry")
INCOME = Column("预算数", key="in")
OUTGO = Column("预算数", key="out")

FUNCTION_ROWS: list[tuple[str, str, tuple[str, ...]]] = [
    # code, name, (total, basic, project) of 单位支出总体情况表
    ("208", "社会保障和就业支出", ("125.85", "125.85", "0")),
    ("20805", "行政事业单位养老支出", ("125.85", "125.85", "0")),
    ("2080501", "行政单位离退休", ("0.78", "0.78", "0")),
    ("2080505", "机关事业单位基本养老保险缴费支出", ("125.07", "125.07", "0")),
    ("210", "卫生健康支出", ("1317.02", "1087.70", "229.32")),
    ("21013", "医疗救助", ("51", "0", "51")),
    ("2101399", "其他医疗救助支出", ("51", "0", "51")),
    ("21015", "医疗保障管理事务", ("1266.02", "1087.70", "178.32")),
    ("2101501", "行政运行", ("689.18", "689.18", "0")),
    ("2101506", "医疗保障经办事务", ("50.51", "0", "50.51")),
    ("2101550", "事业运行", ("398.52", "398.52", "0")),
    ("2101599", "其他医疗保障管理事务支出", ("127.81", "0", "127.81")),
]
INCOME_ROWS: dict[str, tuple[str, str, str, str]] = {
    # code: (总计, 财政拨款小计, 一般公共预算, 财政拨款结转) of 单位收入总体情况表
    "208": ("125.85", "125.85", "125.85", "0"),
    "20805": ("125.85", "125.85", "125.85", "0"),
    "2080501": ("0.78", "0.78", "0.78", "0"),
    "2080505": ("125.07", "125.07", "125.07", "0"),
    "210": ("1317.02", "1287.02", "1256.51", "30"),
    "21013": ("51", "51", "51", "0"),
    "2101399": ("51", "51", "51", "0"),
    "21015": ("1266.02", "1236.02", "1205.51", "30"),
    "2101501": ("689.18", "689.18", "689.18", "0"),
    "2101506": ("50.51", "30.51", "0", "20"),
    "2101550": ("398.52", "398.52", "398.52", "0"),
    "2101599": ("127.81", "117.81", "117.81", "10"),
}
GPB_ROWS: dict[str, tuple[str, str, str]] = {
    # code: (合计, 基本支出, 项目支出) of 一般公共预算支出情况表
    "208": ("125.85", "125.85", "0"),
    "20805": ("125.85", "125.85", "0"),
    "2080501": ("0.78", "0.78", "0"),
    "2080505": ("125.07", "125.07", "0"),
    "210": ("1287.02", "1087.70", "199.32"),
    "21013": ("51", "0", "51"),
    "2101399": ("51", "0", "51"),
    "21015": ("1236.02", "1087.70", "148.32"),
    "2101501": ("689.18", "689.18", "0"),
    "2101506": ("30.51", "0", "30.51"),
    "2101550": ("398.52", "398.52", "0"),
    "2101599": ("117.81", "0", "117.81"),
}
ECONOMIC_ROWS: list[tuple[str, str, tuple[str, str, str]]] = [
    ("301", "工资福利支出", ("1088.99", "1088.99", "0")),
    ("30101", "基本工资", ("325.78", "325.78", "0")),
    ("30102", "津贴补贴", ("232.49", "232.49", "0")),
    ("30103", "奖金", ("131.8", "131.8", "0")),
    ("30107", "绩效工资", ("98.98", "98.98", "0")),
    ("30108", "机关事业单位基本养老保险缴费", ("125.07", "125.07", "0")),
    ("30110", "职工基本医疗保险缴费", ("57.41", "57.41", "0")),
    ("30111", "公务员医疗补助缴费", ("13.86", "13.86", "0")),
    ("30112", "其他社会保障缴费", ("3.09", "3.09", "0")),
    ("30113", "住房公积金", ("100.51", "100.51", "0")),
    ("302", "商品和服务支出", ("123.78", "0", "123.78")),
    ("30201", "办公费", ("100.78", "0", "100.78")),
    ("30217", "公务接待费", ("23", "0", "23")),
    ("303", "对个人和家庭的补助", ("0.78", "0.78", "0")),
    ("30302", "退休费", ("0.78", "0.78", "0")),
]
NAMES = {code: name for code, name, _ in FUNCTION_ROWS}


def _figures(
    columns: tuple[Column, ...], amounts: tuple[str, ...], page: int, row: int
) -> tuple[Figure, ...]:
    return tuple(
        Figure(Decimal(a), a, column, SourceLocation(page=page, row=row))
        for column, a in zip(columns, amounts, strict=True)
        if a != ""
    )


def _coded_table(
    kind: TableKind,
    title: str,
    ordinal: int,
    columns: tuple[Column, ...],
    rows: list[tuple[str, str, tuple[str, ...]]],
    total: tuple[str, ...] | None,
) -> ExtractedTable:
    page = ordinal + 3
    lines = [
        BudgetLine(
            name, SourceLocation(page=page, row=i + 1), _figures(columns, amounts, page, i + 1), code=code
        )
        for i, (code, name, amounts) in enumerate(rows)
    ]
    if total is not None:
        row = len(lines) + 1
        lines.append(
            BudgetLine(
                "合计",
                SourceLocation(page=page, row=row),
                _figures(columns, total, page, row),
                item=LineItem.TOTAL,
            )
        )
    return ExtractedTable(
        kind,
        title,
        TableStatus.PRESENT,
        SourceLocation(page=page, table=ordinal),
        lines=tuple(lines),
        columns=columns,
    )


def _line(label: str, row: int, page: int, column: Column, amount: str, **kw: object) -> BudgetLine:
    return BudgetLine(
        label, SourceLocation(page=page, row=row), _figures((column,), (amount,), page, row), **kw
    )  # type: ignore[arg-type]


def summary_table() -> ExtractedTable:
    inc, out = Side.INCOME, Side.EXPENDITURE
    lines = (
        _line("一、本年收入", 1, 4, INCOME, "1412.87", funding=Funding.CURRENT_YEAR, side=inc),
        _line("1.一般公共预算拨款", 2, 4, INCOME, "1412.87", funding=Funding.GPB, side=inc),
        _line("其中：一般财力", 3, 4, INCOME, "1382.36", funding=Funding.GPB_OWN, side=inc),
        _line("上级一般公共预算安排转移支付", 4, 4, INCOME, "30.51", funding=Funding.GPB_TRANSFER, side=inc),
        _line("二、上年结转结余", 5, 4, INCOME, "30", funding=Funding.CARRYOVER, side=inc),
        _line("208社会保障和就业支出", 6, 4, OUTGO, "125.85", code="208", side=out),
        _line("210卫生健康支出", 7, 4, OUTGO, "1317.02", code="210", side=out),
        _line("收入总计", 8, 4, INCOME, "1442.87", item=LineItem.INCOME_TOTAL, side=inc),
        _line("支出总计", 9, 4, OUTGO, "1442.87", item=LineItem.EXPENDITURE_TOTAL, side=out),
    )
    return ExtractedTable(
        TableKind.SUMMARY, "单位收支总体情况表", TableStatus.PRESENT, SourceLocation(page=4, table=1),
        lines=lines, columns=(INCOME, OUTGO),
    )  # fmt: skip


def fiscal_summary_table(total_funding: Funding | None = None) -> ExtractedTable:
    """``total_funding``: the 合计 columns' funding source, as a header "财政拨款收入/合计" gives it."""
    inc, out = Side.INCOME, Side.EXPENDITURE
    fin, fout = (
        Column("合计", funding=total_funding, key="fin"),
        Column("合计", funding=total_funding, key="fout"),
    )
    fgpb = Column("一般公共预算", funding=Funding.GPB, key="fgpb")
    columns = (fin, fout, fgpb)

    def row(label: str, n: int, column_amounts: tuple[tuple[Column, str], ...], **kw: object) -> BudgetLine:
        figures = tuple(Figure(Decimal(a), a, c, SourceLocation(page=8, row=n)) for c, a in column_amounts)
        return BudgetLine(label, SourceLocation(page=8, row=n), figures, **kw)  # type: ignore[arg-type]

    lines = (
        row("财政拨款（补助）", 1, ((fin, "1412.87"),), funding=Funding.FISCAL, side=inc),
        row("一般公共预算", 2, ((fin, "1412.87"),), funding=Funding.GPB, side=inc),
        row("208社会保障和就业支出", 3, ((fout, "125.85"), (fgpb, "125.85")), code="208", side=out),
        row("210卫生健康支出", 4, ((fout, "1287.02"), (fgpb, "1287.02")), code="210", side=out),
        row("收入总计", 5, ((fin, "1412.87"),), item=LineItem.INCOME_TOTAL, side=inc),
        row("支出总计", 6, ((fout, "1412.87"), (fgpb, "1412.87")), item=LineItem.EXPENDITURE_TOTAL, side=out),
    )
    return ExtractedTable(
        TableKind.FISCAL_SUMMARY, "财政拨款收支预算总体情况表", TableStatus.PRESENT,
        SourceLocation(page=8, table=4), lines=lines, columns=columns,
    )  # fmt: skip


def three_public_table() -> ExtractedTable:
    columns = (TOTAL, Column("一般公共预算", funding=Funding.GPB, key="gpb"))
    lines = (
        BudgetLine("合计", SourceLocation(page=13, row=1), _figures(columns, ("0.5", "0.5"), 13, 1),
                   item=LineItem.THREE_PUBLIC_TOTAL),
        BudgetLine("因公出国（境）费用", SourceLocation(page=13, row=2), (), item=LineItem.OVERSEAS),
        BudgetLine("公务接待费", SourceLocation(page=13, row=3), _figures(columns, ("0.5", "0.5"), 13, 3),
                   item=LineItem.RECEPTION),
        BudgetLine("公务用车购置及运行费", SourceLocation(page=13, row=4), (), item=LineItem.VEHICLE_TOTAL),
    )  # fmt: skip
    return ExtractedTable(
        TableKind.THREE_PUBLIC, "财政拨款“三公”经费支出情况表", TableStatus.PRESENT,
        SourceLocation(page=13, table=10), lines=lines, columns=columns,
    )  # fmt: skip


def clean_tables() -> list[ExtractedTable]:
    income_rows = [(code, NAMES[code], amounts) for code, amounts in INCOME_ROWS.items()]
    gpb_rows = [(code, NAMES[code], amounts) for code, amounts in GPB_ROWS.items()]
    return [
        summary_table(),
        _coded_table(TableKind.INCOME, "单位收入总体情况表", 2, (TOTAL, FISCAL, GPB, CARRY), income_rows,
                     ("1442.87", "1412.87", "1382.36", "30")),
        _coded_table(TableKind.EXPENDITURE, "单位支出总体情况表", 3, (TOTAL, BASIC, PROJECT), FUNCTION_ROWS,
                     ("1442.87", "1213.55", "229.32")),
        fiscal_summary_table(),
        _coded_table(TableKind.GPB_EXPENDITURE, "一般公共预算支出情况表", 5, (TOTAL, BASIC, PROJECT),
                     gpb_rows,
                     ("1412.87", "1213.55", "199.32")),
        _coded_table(TableKind.GPB_BASIC, "一般公共预算基本支出情况表", 6, (TOTAL, PERSONNEL, PUBLIC),
                     ECONOMIC_ROWS,
                     ("1213.55", "1089.77", "123.78")),
        ExtractedTable(TableKind.GOV_FUND, "政府性基金预算支出情况表", TableStatus.EMPTY,
                       SourceLocation(page=11, table=8),
                       statement="本单位没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"),
        three_public_table(),
    ]  # fmt: skip


def extraction(
    tables: list[ExtractedTable], contents: tuple[str, ...] = (), name: str = "doc", year: int = 2023
) -> Extraction:
    data = name.encode()
    source = SourceDocument(f"{name}.txt", hashlib.sha256(data).hexdigest(), MediaType.TEXT, data)
    info = DocumentInfo(
        "测试医疗保障中心", year, Phase.BUDGET, Level.UNIT, AmountUnit.WAN_YUAN, f"{year}年单位预算公开"
    )
    return Extraction(source, info, tuple(tables), page_count=20, contents=contents)


def validate_tables(tables: list[ExtractedTable], contents: tuple[str, ...] = ()) -> ValidationReport:
    return validate_graph(extraction_to_graph(extraction(tables, contents), Minter()))


def _numeric(report: ValidationReport) -> list[Finding]:
    """Findings other than code-list membership (the code lists may not know every test code)."""
    return [f for f in report.findings if f.rule_id not in ("BG-S30", "BG-S31")]


def change(
    tables: list[ExtractedTable], kind: TableKind, key: str, column: str, amount: str
) -> list[ExtractedTable]:
    """The tables with one printed number changed: the line whose code (or label) is ``key``."""
    changed: list[ExtractedTable] = []
    hits = 0
    for table in tables:
        if table.kind is not kind:
            changed.append(table)
            continue
        lines = []
        for line in table.lines:
            if key in (line.code, line.label):
                figures = tuple(
                    dataclasses.replace(f, amount=Decimal(amount), printed=amount)
                    if f.column.key == column
                    else f
                    for f in line.figures
                )
                hits += sum(1 for f in line.figures if f.column.key == column)
                line = dataclasses.replace(line, figures=figures)
            lines.append(line)
        changed.append(dataclasses.replace(table, lines=tuple(lines)))
    assert hits == 1, f"{kind} {key} {column}: {hits} figures changed"
    return changed


@pytest.fixture(scope="module")
def clean_report() -> ValidationReport:
    return validate_tables(clean_tables())


def test_clean_document_conforms(clean_report: ValidationReport) -> None:
    assert _numeric(clean_report) == []
    assert clean_report.documents == 1


MUTATIONS = [
    # (table, line, column, new amount, rule expected, severity)
    (TableKind.EXPENDITURE, "2101501", "total", "689.19", "BG-A01", Severity.WARNING),
    (TableKind.EXPENDITURE, "2101501", "total", "700.18", "BG-A01", Severity.VIOLATION),
    (TableKind.INCOME, "21015", "gpb", "1205.50", "BG-A01", Severity.WARNING),
    (TableKind.GPB_BASIC, "30113", "personnel", "110.51", "BG-A01", Severity.VIOLATION),
    (TableKind.EXPENDITURE, "合计", "basic", "1213.56", "BG-A02", Severity.WARNING),
    (TableKind.GPB_BASIC, "合计", "total", "1313.55", "BG-A02", Severity.VIOLATION),
    (TableKind.EXPENDITURE, "2101599", "project", "127.80", "BG-A04", Severity.WARNING),
    (TableKind.GPB_EXPENDITURE, "2101550", "basic", "390", "BG-A04", Severity.VIOLATION),
    (TableKind.GPB_BASIC, "30201", "public", "110.78", "BG-A05", Severity.VIOLATION),
    (TableKind.THREE_PUBLIC, "合计", "total", "5", "BG-A08", Severity.VIOLATION),
    (TableKind.SUMMARY, "210", "out", "1317.03", "BG-A07", Severity.WARNING),
    (TableKind.INCOME, "2080505", "total", "25.07", "BG-A07", Severity.VIOLATION),
    (TableKind.SUMMARY, "收入总计", "in", "1452.87", "BG-A06", Severity.VIOLATION),
    (TableKind.SUMMARY, "一、本年收入", "in", "1402.87", "BG-A09", Severity.VIOLATION),
    (TableKind.SUMMARY, "其中：一般财力", "in", "1382.35", "BG-A10", Severity.WARNING),
    (TableKind.FISCAL_SUMMARY, "支出总计", "fout", "1412.97", "BG-A06", Severity.VIOLATION),
    (TableKind.FISCAL_SUMMARY, "210", "fgpb", "1287.01", "BG-A07", Severity.WARNING),
    (TableKind.FISCAL_SUMMARY, "一般公共预算", "fin", "1400", "BG-A10", Severity.VIOLATION),
    (TableKind.FISCAL_SUMMARY, "210", "fgpb", "1287.52", "BG-A13", Severity.VIOLATION),
    (TableKind.FISCAL_SUMMARY, "208", "fout", "125.84", "BG-A13", Severity.WARNING),
]


@pytest.mark.parametrize(("kind", "key", "column", "amount", "rule", "severity"), MUTATIONS)
def test_one_changed_number_is_caught(
    kind: TableKind, key: str, column: str, amount: str, rule: str, severity: Severity
) -> None:
    report = validate_tables(change(clean_tables(), kind, key, column, amount))
    hits = [f for f in report.by_rule(rule) if f.severity is severity]
    assert hits, f"{rule} did not fire; found {[(f.rule_id, f.message_en) for f in _numeric(report)]}"
    finding = hits[0]
    assert finding.message_zh and finding.message_en
    assert finding.source.document.endswith(extraction([]).source.sha256)
    assert finding.source.page is not None and finding.source.row is not None
    assert finding.difference is not None and finding.difference != 0
    assert finding.expected is not None and finding.found is not None
    assert finding.found - finding.expected == finding.difference
    assert report.conforms is (severity is not Severity.VIOLATION) or any(
        f.severity is Severity.VIOLATION for f in _numeric(report)
    )


@pytest.mark.parametrize("total_funding", [None, Funding.FISCAL], ids=["plain-total", "fiscal-total"])
def test_income_total_against_expenditure_total(total_funding: Funding | None) -> None:
    """Regression (bench_recall, generated Shanghai 预算): with 合计 columns under 财政拨款收入 /
    财政拨款支出 headers (funding source 财政拨款), BG-A06 found no total column and compared nothing."""
    tables = [
        fiscal_summary_table(total_funding) if t.kind is TableKind.FISCAL_SUMMARY else t
        for t in clean_tables()
    ]
    assert not validate_tables(tables).by_rule("BG-A06")
    report = validate_tables(change(tables, TableKind.FISCAL_SUMMARY, "收入总计", "fin", "1412.89"))
    hits = [f for f in report.by_rule("BG-A06") if f.severity is Severity.VIOLATION]
    assert [(f.found, f.expected) for f in hits] == [(Decimal("1412.89"), Decimal("1412.87"))]


def test_a_blank_total_beside_printed_funding_columns_is_caught() -> None:
    """Regression (bench_recall, generated 决算): 年末财政拨款结转和结余 printed 1.00 in its 政府性基金
    column and nothing in its 合计 column; no rule compared a blank total with its parts."""
    tables = []
    for table in clean_tables():
        if table.kind is TableKind.FISCAL_SUMMARY:
            lines = tuple(
                dataclasses.replace(line, figures=tuple(f for f in line.figures if f.column.key != "fout"))
                if line.code == "208"
                else line
                for line in table.lines
            )
            table = dataclasses.replace(table, lines=lines)
        tables.append(table)
    hits = [f for f in validate_tables(tables).by_rule("BG-A13") if f.severity is Severity.VIOLATION]
    assert [(f.found, f.expected, f.source.label) for f in hits] == [
        (Decimal("0"), Decimal("125.85"), "208社会保障和就业支出")
    ]


@pytest.mark.parametrize(
    ("other_line", "caught"), [(False, True), (True, False)], ids=["items-only", "other-item"]
)
def test_three_public_total_is_left_alone_beside_other_items(other_line: bool, caught: bool) -> None:
    """BG-A08 compares the 三公 total with its items only in tables that print nothing else (a
    table that also prints, say, an unrecognised 其他 line may count it in its total). Regression
    for the rewrite that checks this after grouping the sums (shapes/arithmetic_tables.ttl)."""
    tables = change(clean_tables(), TableKind.THREE_PUBLIC, "合计", "total", "5")
    if other_line:
        columns = three_public_table().columns
        extra = BudgetLine("其他", SourceLocation(page=13, row=5), _figures(columns, ("4.5", "4.5"), 13, 5))
        tables = [
            dataclasses.replace(t, lines=(*t.lines, extra)) if t.kind is TableKind.THREE_PUBLIC else t
            for t in tables
        ]
    hits = [f for f in validate_tables(tables).by_rule("BG-A08") if f.severity is Severity.VIOLATION]
    assert [(f.found, f.expected) for f in hits] == ([(Decimal("5"), Decimal("0.5"))] if caught else [])


def _replace(kind: TableKind, **changes: object) -> Callable[[list[ExtractedTable]], list[ExtractedTable]]:
    def edit(tables: list[ExtractedTable]) -> list[ExtractedTable]:
        return [dataclasses.replace(t, **changes) if t.kind is kind else t for t in tables]  # type: ignore[arg-type]

    return edit


def _add(table: ExtractedTable) -> Callable[[list[ExtractedTable]], list[ExtractedTable]]:
    return lambda tables: [*tables, table]


def _drop(kind: TableKind) -> Callable[[list[ExtractedTable]], list[ExtractedTable]]:
    return lambda tables: [t for t in tables if t.kind is not kind]


MISSING = ExtractedTable(
    TableKind.GPB_PROJECT, "一般公共预算项目支出情况表", TableStatus.MISSING, SourceLocation(table=7)
)
EMPTY_WITH_AMOUNT = dataclasses.replace(
    three_public_table(), kind=TableKind.SOE, title="国有资本经营预算支出情况表", status=TableStatus.EMPTY,
    statement="没有国有资本经营预算支出", location=SourceLocation(page=12, table=9),
)  # fmt: skip
REPRINTED = dataclasses.replace(three_public_table(), location=SourceLocation(page=14, table=11))
FORM_CASES = [
    (_add(MISSING), (), "BG-F01", Severity.VIOLATION),
    (_add(REPRINTED), (), "BG-F02", Severity.WARNING),
    (_replace(TableKind.GOV_FUND, statement=None), (), "BG-F03", Severity.WARNING),
    (_add(EMPTY_WITH_AMOUNT), (), "BG-F04", Severity.VIOLATION),
    (lambda t: t, tuple(f"表{i}" for i in range(12)), "BG-F05", Severity.WARNING),
    (_replace(TableKind.SUMMARY, title="XX单位收支总体情况表"), (), "BG-F06", Severity.WARNING),
    (_replace(TableKind.GPB_EXPENDITURE, title="2022年一般公共预算支出表"), (), "BG-F07", Severity.WARNING),
    (_replace(TableKind.THREE_PUBLIC, unit=AmountUnit.YUAN), (), "BG-F08", Severity.WARNING),
    (_drop(TableKind.INCOME), (), "BG-F09", Severity.WARNING),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "contents", "rule", "severity"), FORM_CASES)
def test_document_form_rule(
    edit: Callable[[list[ExtractedTable]], list[ExtractedTable]],
    contents: tuple[str, ...],
    rule: str,
    severity: Severity,
) -> None:
    report = validate_tables(edit(clean_tables()), contents)
    hits = report.by_rule(rule)
    assert hits, f"{rule} did not fire; found {[(f.rule_id, f.message_en) for f in _numeric(report)]}"
    assert {f.severity for f in hits} == {severity}
    assert all(f.message_zh and f.message_en and "{" not in f.message_en for f in hits)
    others = {f.rule_id for f in _numeric(report)} - {rule}
    assert others <= {"BG-F05", "BG-F09"}, others


def final_fiscal_summary_table() -> ExtractedTable:
    """A 财政拨款收入支出决算总表 laid out as the 决算 template prints it: the current-year parts on
    top, 本年收入合计 below them, then 年初财政拨款结转和结余 with its own 一般公共预算财政拨款 line."""
    inc, out = Side.INCOME, Side.EXPENDITURE
    fin, fout = Column("合计", key="fin"), Column("合计", key="fout")
    columns = (fin, fout)

    def row(label: str, n: int, column: Column, amount: str, **kw: object) -> BudgetLine:
        return _line(label, n, 8, column, amount, **kw)

    lines = (
        row("一、一般公共预算财政拨款", 1, fin, "1412.87", funding=Funding.GPB, side=inc),
        row("二、政府性基金预算财政拨款", 2, fin, "0", funding=Funding.GOV_FUND, side=inc),
        row("208社会保障和就业支出", 3, fout, "125.85", code="208", side=out),
        row("210卫生健康支出", 4, fout, "1317.02", code="210", side=out),
        row("本年收入合计", 5, fin, "1412.87", funding=Funding.CURRENT_YEAR, side=inc),
        row("年初财政拨款结转和结余", 6, fin, "30", funding=Funding.CARRYOVER, side=inc),
        row("一般公共预算财政拨款", 7, fin, "30", funding=Funding.GPB, side=inc),
        row("收入总计", 8, fin, "1442.87", item=LineItem.INCOME_TOTAL, side=inc),
        row("支出总计", 9, fout, "1442.87", item=LineItem.EXPENDITURE_TOTAL, side=out),
    )
    return ExtractedTable(
        TableKind.FISCAL_SUMMARY, "财政拨款收入支出决算总表", TableStatus.PRESENT,
        SourceLocation(page=8, table=4), lines=lines, columns=columns,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("amount", "caught"),
    [("1412.87", False), ("1400", True)],
    ids=["carry-over-line-is-not-a-part", "current-year-part-changed"],
)
def test_funding_parts_stay_within_their_section(amount: str, caught: bool) -> None:
    """BG-A10 regression (generated 决算, seed 3): the 一般公共预算财政拨款 line under 年初财政拨款结转和结余
    is not a part of 本年收入合计; a changed current-year part still is."""
    tables = [t for t in clean_tables() if t.kind is not TableKind.FISCAL_SUMMARY]
    table = final_fiscal_summary_table()
    changed = change([*tables, table], TableKind.FISCAL_SUMMARY, "一、一般公共预算财政拨款", "fin", amount)
    hits = [f for f in _numeric(validate_tables(changed)) if f.rule_id == "BG-A10"]
    assert bool(hits) is caught, [(f.rule_id, f.message_en) for f in hits]
    if caught:
        assert {(f.found, f.expected) for f in hits} == {(Decimal("1412.87"), Decimal("1400"))}


@pytest.mark.parametrize(
    ("amount", "caught"),
    [("30", False), ("31", True)],
    ids=["clean", "carry-over-changed"],
)
def test_final_fiscal_summary_grand_total_counts_its_carry_over(amount: str, caught: bool) -> None:
    """BG-A09 regression (bench_recall: a changed 年初财政拨款结转和结余 was missed): in the
    财政拨款收入支出决算总表 the carry-over line is 年初财政拨款结转和结余 (财政拨款结转), and
    收入总计 = 本年收入合计 + it."""
    tables = [t for t in clean_tables() if t.kind is not TableKind.FISCAL_SUMMARY]
    table = final_fiscal_summary_table()
    carry = "年初财政拨款结转和结余"
    lines = tuple(
        dataclasses.replace(line, funding=Funding.CARRYOVER_FISCAL) if line.label == carry else line
        for line in table.lines
    )
    fiscal = dataclasses.replace(table, lines=lines)
    changed = change([*tables, fiscal], TableKind.FISCAL_SUMMARY, "年初财政拨款结转和结余", "fin", amount)
    hits = [f for f in _numeric(validate_tables(changed)) if f.rule_id == "BG-A09"]
    assert bool(hits) is caught, [(f.rule_id, f.message_en) for f in hits]
    if caught:
        assert {(f.found, f.expected) for f in hits} == {(Decimal("1442.87"), Decimal("1443.87"))}


@pytest.mark.parametrize(
    ("unit", "amount", "severity", "tolerance"),
    [
        (AmountUnit.YUAN, "100.519", Severity.VIOLATION, "0.0009"),  # 90 元 more in a 元 table
        (AmountUnit.YUAN, "100.51005", Severity.WARNING, "0.0009"),  # 0.5 元: rounding in a 元 table
        (AmountUnit.WAN_YUAN, "100.519", Severity.WARNING, "0.09"),  # the same 90 元 in a 万元 table
        (AmountUnit.WAN_YUAN, "100.52", Severity.WARNING, "0.09"),  # 0.01 万元 in a 万元 table
    ],
    ids=["yuan-90", "yuan-half", "wanyuan-90-yuan", "wanyuan-0.01"],
)
def test_rounding_step_follows_the_printed_unit(
    unit: AmountUnit, amount: str, severity: Severity, tolerance: str
) -> None:
    """BG-A01 regression (bench_recall: 0.00 → 90.00 in a Shanghai table printed in 元 was missed): a
    table printed in 元 is exact to 1 元 (0.0001 万元) per summand, one printed in 万元 to 0.01 万元."""
    tables = _replace(TableKind.GPB_BASIC, unit=unit)(clean_tables())
    changed = change(tables, TableKind.GPB_BASIC, "30113", "personnel", amount)
    hits = validate_tables(changed).by_rule("BG-A01")  # 301 工资福利支出 ≠ the sum of its 9 parts
    assert hits, "BG-A01 did not fire"
    assert {f.severity for f in hits} == {severity}, [(f.severity, f.message_en) for f in hits]
    assert {f.tolerance for f in hits} == {Decimal(tolerance)}
    assert {f.expected - f.found for f in hits if f.expected is not None and f.found is not None} == {
        Decimal(amount) - Decimal("100.51")
    }
