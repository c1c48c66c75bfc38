"""Hand-made Extraction records for the graph, output and query tests.

The figures are those printed in seed 000 (乌鲁木齐市医疗保障事业发展中心 2023 年单位预算) and, for a
department-level final account with sub-unit rows and a 元 document, made-up but consistent ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from decimal import Decimal

from budgetgraph.records import (
    AmountUnit,
    BudgetLine,
    Column,
    DocumentInfo,
    ExtractedTable,
    Extraction,
    ExtractionNote,
    Figure,
    Funding,
    Level,
    LineItem,
    MediaType,
    Phase,
    Scheme,
    Side,
    SourceDocument,
    SourceLocation,
    SpendingKind,
    Staffing,
    TableKind,
    TableStatus,
)

UNIT = "乌鲁木齐市医疗保障事业发展中心"
TOTAL = Column("合计", key="total")
BASIC = Column("基本支出", kind=SpendingKind.BASIC, key="basic")
PROJECT = Column("项目支出", kind=SpendingKind.PROJECT, key="project")
PERSONNEL = Column("人员经费", kind=SpendingKind.PERSONNEL, key="personnel")
PUBLIC = Column("公用经费", kind=SpendingKind.PUBLIC, key="public")
INCOME_AMOUNT = Column("预算数", key="income")
SPENT_AMOUNT = Column("预算数", key="spent")
PRIOR = Column("上年预算数", prior_year=True, key="prior")


def source(name: str, media_type: MediaType = MediaType.TEXT) -> SourceDocument:
    data = name.encode("utf-8")
    return SourceDocument(f"/data/{name}", hashlib.sha256(data).hexdigest(), media_type, data)


def _figures(
    table: int, row: int, columns: tuple[Column, ...], values: tuple[str | None, ...], unit: AmountUnit
) -> tuple[Figure, ...]:
    figures = []
    for column, printed in zip(columns, values, strict=True):
        if printed is None:
            continue
        amount = Decimal(printed.replace(",", "")) / unit.per_wan
        figures.append(Figure(amount, printed, column, SourceLocation(page=3, table=table, row=row)))
    return tuple(figures)


def coded_table(
    kind: TableKind,
    title: str,
    ordinal: int,
    columns: tuple[Column, ...],
    rows: tuple[tuple[str, str, tuple[str | None, ...]], ...],
    total: tuple[str | None, ...],
    unit: AmountUnit = AmountUnit.WAN_YUAN,
    scheme: Scheme = Scheme.FUNCTION,
    sub_unit: str | None = None,
) -> ExtractedTable:
    lines = []
    for index, (code, label, values) in enumerate(rows):
        row = index + 3
        lines.append(
            BudgetLine(
                label=label,
                location=SourceLocation(page=3, line=100 + row, table=ordinal, row=row),
                figures=_figures(ordinal, row, columns, values, unit),
                code=code,
                scheme=scheme,
                sub_unit=sub_unit,
            )
        )
    row = len(rows) + 3
    lines.append(
        BudgetLine(
            label="合计",
            location=SourceLocation(page=3, table=ordinal, row=row),
            figures=_figures(ordinal, row, columns, total, unit),
            item=LineItem.TOTAL,
        )
    )
    return ExtractedTable(
        kind, title, TableStatus.PRESENT, SourceLocation(page=3, table=ordinal), unit, tuple(lines), columns
    )


def summary_table(ordinal: int, income: str, spent: str) -> ExtractedTable:
    def line(label: str, row: int, column: Column, printed: str, **kw: object) -> BudgetLine:
        return BudgetLine(
            label=label,
            location=SourceLocation(page=2, table=ordinal, row=row),
            figures=_figures(ordinal, row, (column,), (printed,), AmountUnit.WAN_YUAN),
            **kw,  # type: ignore[arg-type]
        )

    lines = (
        line("一般公共预算", 3, INCOME_AMOUNT, "1412.87", funding=Funding.GPB, side=Side.INCOME),
        line("卫生健康支出", 4, SPENT_AMOUNT, "1317.02", code="210", side=Side.EXPENDITURE),
        line("收入总计", 5, INCOME_AMOUNT, income, item=LineItem.INCOME_TOTAL, side=Side.INCOME),
        line("支出总计", 6, SPENT_AMOUNT, spent, item=LineItem.EXPENDITURE_TOTAL, side=Side.EXPENDITURE),
    )
    return ExtractedTable(
        TableKind.SUMMARY,
        "单位收支总体情况表",
        TableStatus.PRESENT,
        SourceLocation(page=2, table=ordinal),
        lines=lines,
        columns=(INCOME_AMOUNT, SPENT_AMOUNT),
        number="表一",
    )


def three_public_table(ordinal: int) -> ExtractedTable:
    items = (
        (LineItem.THREE_PUBLIC_TOTAL, "“三公”经费合计", "0.5"),
        (LineItem.OVERSEAS, "因公出国（境）费", "0"),
        (LineItem.RECEPTION, "公务接待费", "0.5"),
        (LineItem.VEHICLE_TOTAL, "公务用车购置及运行费", "0"),
        (LineItem.VEHICLE_PURCHASE, "公务用车购置费", "0"),
        (LineItem.VEHICLE_OPERATION, "公务用车运行费", "0"),
    )
    lines = tuple(
        BudgetLine(
            label,
            SourceLocation(page=9, table=ordinal, row=i + 1),
            figures=(_figures(ordinal, i + 1, (TOTAL, PRIOR), (value, "1.5"), AmountUnit.WAN_YUAN)),
            item=item,
        )
        for i, (item, label, value) in enumerate(items)
    )
    return ExtractedTable(
        TableKind.THREE_PUBLIC,
        "财政拨款“三公”经费支出情况表",
        TableStatus.PRESENT,
        SourceLocation(page=9, table=ordinal),
        lines=lines,
        columns=(TOTAL, PRIOR),
    )


def project_table(ordinal: int) -> ExtractedTable:
    rows = (
        ("2101399", "其他医疗救助支出", "困难人群参加居民长期护理保险缴费补助", "51"),
        ("2101506", "医疗保障经办事务", "2023年全民参保补助资金", "30.51"),
        ("2101599", "其他医疗保障管理事务支出", "2023年稽核费", "12.65"),
        ("2101599", "其他医疗保障管理事务支出", "2023年综合业务费", "105.16"),
    )
    lines = tuple(
        BudgetLine(
            label,
            SourceLocation(page=7, table=ordinal, row=i + 3),
            figures=_figures(ordinal, i + 3, (TOTAL,), (value,), AmountUnit.WAN_YUAN),
            code=code,
            scheme=Scheme.FUNCTION,
            project=project,
        )
        for i, (code, label, project, value) in enumerate(rows)
    )
    return ExtractedTable(
        TableKind.GPB_PROJECT,
        "一般公共预算项目支出情况表",
        TableStatus.PRESENT,
        SourceLocation(page=7, table=ordinal),
        lines=lines,
        columns=(TOTAL,),
    )


EXPENDITURE_ROWS: tuple[tuple[str, str, tuple[str | None, ...]], ...] = (
    ("208", "社会保障和就业支出", ("125.85", "125.85", "0")),
    ("20805", "行政事业单位离退休", ("125.85", "125.85", "0")),
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
)
GPB_ROWS: tuple[tuple[str, str, tuple[str | None, ...]], ...] = (
    ("208", "社会保障和就业支出", ("125.85", "125.85", "0")),
    ("210", "卫生健康支出", ("1287.02", "1087.70", "199.32")),
    ("2101506", "医疗保障经办事务", ("30.51", "0", "30.51")),
)
BASIC_ROWS: tuple[tuple[str, str, tuple[str | None, ...]], ...] = (
    ("301", "工资福利支出", ("1088.99", "1088.99", "0")),
    ("30101", "基本工资", ("325.78", "325.78", "0")),
    ("302", "商品和服务支出", ("123.78", "0", "123.78")),
    ("30217", "公务接待费", ("0.5", "0", "0.5")),
    ("303", "对个人和家庭的补助支出", ("0.78", "0.78", "0")),
)


def seed000_extraction() -> Extraction:
    """Seed 000 as an extractor should see it (a subset of its rows; every figure as printed)."""
    tables = (
        summary_table(1, "1442.87", "1442.87"),
        coded_table(
            TableKind.EXPENDITURE,
            "单位支出总体情况表",
            3,
            (TOTAL, BASIC, PROJECT),
            EXPENDITURE_ROWS,
            ("1442.87", "1213.55", "229.32"),
        ),
        coded_table(
            TableKind.GPB_EXPENDITURE,
            "一般公共预算支出情况表",
            5,
            (TOTAL, BASIC, PROJECT),
            GPB_ROWS,
            ("1412.87", "1213.55", "199.32"),
        ),
        coded_table(
            TableKind.GPB_BASIC,
            "一般公共预算基本支出情况表",
            6,
            (TOTAL, PERSONNEL, PUBLIC),
            BASIC_ROWS,
            ("1213.55", "1089.77", "123.78"),
            scheme=Scheme.ECONOMIC_DEPT,
        ),
        project_table(7),
        ExtractedTable(
            TableKind.GOV_FUND,
            "政府性基金预算支出情况表",
            TableStatus.EMPTY,
            SourceLocation(page=8, table=8),
            statement="本单位2023年无政府性基金预算拨款，此表为空表。",
        ),
        three_public_table(10),
        ExtractedTable(
            TableKind.SOE, "国有资本经营预算支出情况表", TableStatus.MISSING, SourceLocation(table=9)
        ),
    )
    return Extraction(
        source=source("000_seed.txt"),
        info=DocumentInfo(
            UNIT,
            2023,
            Phase.BUDGET,
            Level.UNIT,
            AmountUnit.WAN_YUAN,
            f"{UNIT}2023年单位预算公开",
            aliases=("市医保中心",),
        ),
        tables=tables,
        page_count=None,
        staffing=Staffing(
            SourceLocation(line=62),
            authorized=95,
            actual=85,
            in_service=83,
            retired=2,
            retired_before_1949=0,
            in_service_change=8,
            retired_change=1,
        ),
        contents=("单位收支总体情况表", "国有资本经营预算支出情况表"),
        notes=(ExtractionNote("未识别的表格：附表", SourceLocation(page=12)),),
    )


DEPARTMENT = "示例市卫生健康委员会"
SUB_A = "示例市卫生健康委员会机关"
SUB_B = "示例市疾病预防控制中心"


def department_final_extraction() -> Extraction:
    """A department-level 决算 printed in 元, with rows per sub-unit and an unknown code."""
    rows = (("2100101", "行政运行", ("1,234,500.00", "1,234,500.00", "0.00")),)
    tables = (
        coded_table(
            TableKind.EXPENDITURE,
            "部门支出决算表",
            1,
            (TOTAL, BASIC, PROJECT),
            rows,
            ("3,000,000.00", "2,000,000.00", "1,000,000.00"),
            unit=AmountUnit.YUAN,
            sub_unit=SUB_A,
        ),
        coded_table(
            TableKind.EXPENDITURE,
            "部门支出决算表",
            2,
            (TOTAL, BASIC, PROJECT),
            (("2109999", "未知科目", ("765,500.00", "0.00", "765,500.00")),),
            ("765,500.00", "0.00", "765,500.00"),
            unit=AmountUnit.YUAN,
            sub_unit=SUB_B,
        ),
    )
    return Extraction(
        source=source("dept_final.pdf", MediaType.PDF),
        info=DocumentInfo(
            DEPARTMENT,
            2025,
            Phase.FINAL,
            Level.DEPARTMENT,
            AmountUnit.YUAN,
            f"{DEPARTMENT}2025年部门决算",
            sub_units=(SUB_A, SUB_B),
        ),
        tables=tables,
        page_count=30,
    )


def seed000_final_extraction() -> Extraction:
    """Seed 000's tables as if printed again in the unit's 2023 决算: same unit and year, another document.

    Its graph repeats the unit and year triples of seed 000's graph, which the union of the named
    graphs must not turn into repeated rows.
    """
    budget = seed000_extraction()
    return replace(
        budget,
        source=source("000_final.txt"),
        info=replace(budget.info, phase=Phase.FINAL, title=f"{UNIT}2023年单位决算公开"),
    )
