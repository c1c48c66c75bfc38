"""The real Shanghai and Jiangsu templates in ../shared/real, extracted end to end from the PDFs.

Every figure below was read off the PDF page (page numbers given) and is checked as printed and in
万元. Shanghai budgets print their tables in 元 (the 三公 table in 万元), its 决算 in 万元 with
codes spaced over 类/款/项 columns ("201 06 01"); Jiangsu numbers its tables 公开01表 … and rules
their titles into the tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import pytest

from budgetgraph.extract import extract_document
from budgetgraph.layout import read_layout
from budgetgraph.records import (
    AmountUnit,
    BudgetLine,
    Extraction,
    Funding,
    Level,
    LineItem,
    Phase,
    SpendingKind,
    TableKind,
    TableStatus,
)
from budgetgraph.sources import load_source
from conftest import real_document

OFFICE = "shanghai_putuo/上海市普陀区人民政府办公室25年预算.pdf"
STREET = "shanghai_putuo/上海市普陀区人民政府万里街道办事处24年预算.pdf"
WELFARE = "shanghai_putuo/上海市普陀区社会福利院2024年单位预算.pdf"
FINANCE = "shanghai_putuo/上海市普陀区财政局2024年度部门决算.pdf"
CPPCC = "jiangsu_provincial/江苏省政协办公厅2019年预算公开表.pdf"
PROCURATORATE = "jiangsu_provincial/江苏省人民检察院_2017年省检察院部门预算.pdf"


@cache
def extraction(relative: str) -> Extraction:
    return extract_document(read_layout(load_source(real_document(relative))))


@dataclass(frozen=True)
class Document:
    relative: str
    unit: str
    year: int
    phase: Phase
    level: Level
    amount_unit: AmountUnit


DOCUMENTS = [
    Document(OFFICE, "上海市普陀区人民政府办公室", 2025, Phase.BUDGET, Level.DEPARTMENT, AmountUnit.YUAN),
    Document(
        STREET, "上海市普陀区人民政府万里街道办事处", 2024, Phase.BUDGET, Level.DEPARTMENT, AmountUnit.YUAN
    ),
    Document(WELFARE, "上海市普陀区社会福利院", 2024, Phase.BUDGET, Level.UNIT, AmountUnit.YUAN),
    Document(FINANCE, "上海市普陀区财政局", 2024, Phase.FINAL, Level.DEPARTMENT, AmountUnit.WAN_YUAN),
    Document(PROCURATORATE, "江苏省人民检察院", 2017, Phase.BUDGET, Level.DEPARTMENT, AmountUnit.WAN_YUAN),
    Document(CPPCC, "江苏省政协办公厅", 2019, Phase.BUDGET, Level.DEPARTMENT, AmountUnit.WAN_YUAN),
]


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d.relative.split("/")[-1])
def test_document_info(doc: Document) -> None:
    info = extraction(doc.relative).info
    assert (info.unit_name, info.year, info.phase, info.amount_unit) == (
        doc.unit,
        doc.year,
        doc.phase,
        doc.amount_unit,
    )
    assert info.level is doc.level


STANDARD_KINDS = {
    OFFICE: [
        (TableKind.SUMMARY, "2025年部门财务收支预算总表", TableStatus.PRESENT, 8),
        (TableKind.INCOME, "2025年部门收入预算总表", TableStatus.PRESENT, 9),
        (TableKind.EXPENDITURE, "2025年部门支出预算总表", TableStatus.PRESENT, 11),
        (TableKind.FISCAL_SUMMARY, "2025年部门财政拨款收支预算总表", TableStatus.PRESENT, 13),
        (TableKind.GPB_EXPENDITURE, "2025年部门一般公共预算支出功能分类预算表", TableStatus.PRESENT, 14),
        (TableKind.GOV_FUND, "2025年部门政府性基金预算支出功能分类预算表", TableStatus.EMPTY, 16),
        (TableKind.SOE, "2025年部门国有资本经营预算支出功能分类预算表", TableStatus.EMPTY, 17),
        (
            TableKind.GPB_BASIC,
            "2025年部门一般公共预算基本支出部门预算经济分类预算表",
            TableStatus.PRESENT,
            18,
        ),
        (TableKind.THREE_PUBLIC, "2025年部门“三公”经费和机关运行经费预算表", TableStatus.PRESENT, 20),
    ],
    FINANCE: [
        (TableKind.SUMMARY, "收入支出决算总表", TableStatus.PRESENT, 6),
        (TableKind.INCOME, "收入决算表", TableStatus.PRESENT, 8),
        (TableKind.EXPENDITURE, "支出决算表", TableStatus.PRESENT, 10),
        (TableKind.FISCAL_SUMMARY, "财政拨款收入支出决算总表", TableStatus.PRESENT, 12),
        (TableKind.GPB_EXPENDITURE, "一般公共预算财政拨款支出决算表", TableStatus.PRESENT, 15),
        (TableKind.GPB_BASIC, "一般公共预算财政拨款基本支出决算表", TableStatus.PRESENT, 16),
        (TableKind.THREE_PUBLIC, "财政拨款“三公”经费支出决算表", TableStatus.PRESENT, 18),
        (TableKind.GOV_FUND, "政府性基金预算财政拨款收入支出决算表", TableStatus.EMPTY, 19),
        (TableKind.SOE, "国有资本经营预算财政拨款收入支出决算表", TableStatus.EMPTY, 20),
    ],
    CPPCC: [
        (TableKind.SUMMARY, "收支预算总表", TableStatus.PRESENT, 1),
        (TableKind.INCOME, "收入预算总表", TableStatus.PRESENT, 2),
        (TableKind.EXPENDITURE, "支出预算总表", TableStatus.PRESENT, 3),
        (TableKind.FISCAL_SUMMARY, "财政拨款收支预算总表", TableStatus.PRESENT, 4),
        (TableKind.OTHER, "财政拨款支出预算表(功能科目)", TableStatus.PRESENT, 5),
        (TableKind.OTHER, "财政拨款基本支出预算表(经济科目)", TableStatus.PRESENT, 6),
        (TableKind.GPB_EXPENDITURE, "一般公共预算支出预算表(功能科目)", TableStatus.PRESENT, 7),
        (TableKind.GPB_BASIC, "一般公共预算基本支出预算表(经济科目)", TableStatus.PRESENT, 8),
        (TableKind.THREE_PUBLIC, "“三公”经费、会议费、培训费支出预算表", TableStatus.PRESENT, 9),
        (TableKind.GOV_FUND, "财政拨款政府性基金支出预算表", TableStatus.EMPTY, 10),
        (TableKind.OTHER, "一般公共预算机关运行经费支出预算表", TableStatus.PRESENT, 11),
        (TableKind.OTHER, "2019年政府采购预算表", TableStatus.PRESENT, 12),
    ],
}


@pytest.mark.parametrize("relative", sorted(STANDARD_KINDS), ids=lambda r: r.split("/")[-1])
def test_tables_in_order_with_kind_status_and_page(relative: str) -> None:
    """The disclosure tables (performance tables are another stage's concern and not listed)."""
    performance = (TableKind.PERFORMANCE_TARGETS, TableKind.PERFORMANCE_EVALUATION)
    found = [
        (t.kind, t.title, t.status, t.location.page)
        for t in extraction(relative).tables
        if t.kind not in performance
    ]
    assert found == STANDARD_KINDS[relative]


def test_jiangsu_tables_keep_their_numbers() -> None:
    numbers = [t.number for t in extraction(CPPCC).tables]
    assert numbers == [f"公开{n:02d}表" for n in range(1, 13)]


@dataclass(frozen=True)
class Fig:
    """A printed figure: the table (kind), the line (code / funding / item / label), the column (a
    suffix of its label path), the cell as printed, and the amount in 万元."""

    relative: str
    kind: TableKind
    line: str | Funding | LineItem
    column: str
    printed: str
    wan: str
    page: int

    def matches(self, line: BudgetLine) -> bool:
        if isinstance(self.line, Funding):
            return line.funding is self.line
        if isinstance(self.line, LineItem):
            return line.item is self.line
        if self.line.isdigit():
            return line.code == self.line
        return line.label == self.line


FIGURES = [
    # 上海 普陀区人民政府办公室 2025 (元)
    Fig(OFFICE, TableKind.SUMMARY, Funding.FISCAL, "预算数", "91,016,775.35", "9101.677535", 8),
    Fig(OFFICE, TableKind.SUMMARY, LineItem.EXPENDITURE_TOTAL, "预算数", "91,016,775.35", "9101.677535", 8),
    Fig(OFFICE, TableKind.GPB_EXPENDITURE, "2010301", "合计", "12,029,501.84", "1202.950184", 14),
    Fig(OFFICE, TableKind.GPB_EXPENDITURE, "2010301", "基本支出", "11,919,501.84", "1191.950184", 14),
    Fig(OFFICE, TableKind.GPB_EXPENDITURE, "2010301", "项目支出", "110,000.00", "11", 14),
    Fig(OFFICE, TableKind.GPB_EXPENDITURE, "2210203", "合计", "1,867,680.00", "186.768", 15),
    Fig(OFFICE, TableKind.GPB_EXPENDITURE, LineItem.TOTAL, "基本支出", "24,606,775.35", "2460.677535", 15),
    Fig(OFFICE, TableKind.THREE_PUBLIC, LineItem.OVERSEAS, "合计", "839.00", "839", 20),
    Fig(OFFICE, TableKind.THREE_PUBLIC, LineItem.RECEPTION, "合计", "28.50", "28.5", 20),
    # 上海 万里街道办事处 2024 (元)
    Fig(STREET, TableKind.FISCAL_SUMMARY, Funding.GPB, "预算数", "156,211,123", "15621.1123", 21),
    Fig(
        STREET, TableKind.FISCAL_SUMMARY, "八、城乡社区支出", "一般公共预算", "119,385,303", "11938.5303", 21
    ),
    Fig(STREET, TableKind.GPB_EXPENDITURE, "2010507", "项目支出", "257,700", "25.77", 22),
    # its 款 cells print 02 and 07 as "2" and "7" (a spreadsheet's numbers): 30102 and 30107
    Fig(STREET, TableKind.GPB_BASIC, "30102", "人员经费", "16,623,810", "1662.381", 29),
    Fig(STREET, TableKind.GPB_BASIC, "30107", "合计", "11,447,100", "1144.71", 29),
    # a 合计 alone on a continuation page, its cell spanning 类, 款, 项 and 名称: its amounts are
    # the value columns' (they were read into the code and name columns)
    Fig(STREET, TableKind.INCOME, LineItem.TOTAL, "收入预算/合计", "156,211,123", "15621.1123", 15),
    Fig(STREET, TableKind.EXPENDITURE, LineItem.TOTAL, "支出预算/项目支出", "56,505,103", "5650.5103", 20),
    # 上海 社会福利院 2024 单位预算 (元)
    Fig(WELFARE, TableKind.FISCAL_SUMMARY, Funding.GPB, "预算数", "9,501,164", "950.1164", 10),
    Fig(WELFARE, TableKind.GPB_EXPENDITURE, "2081005", "合计", "6,964,796", "696.4796", 11),
    Fig(WELFARE, TableKind.GPB_EXPENDITURE, "2080599", "基本支出", "7,020", "0.702", 11),
    # its 类 cell of 210 11 02 prints a stray "7": the code continues the row above's
    Fig(WELFARE, TableKind.EXPENDITURE, "2101102", "合计", "503,724", "50.3724", 9),
    # 上海 财政局 2024 决算 (万元; codes printed "201 06 01" over 类/款/项)
    Fig(FINANCE, TableKind.SUMMARY, Funding.GPB, "决算数", "2,940.05", "2940.05", 6),
    Fig(FINANCE, TableKind.SUMMARY, LineItem.CARRY_FORWARD, "决算数", "55.34", "55.34", 7),
    Fig(FINANCE, TableKind.SUMMARY, LineItem.EXPENDITURE_TOTAL, "决算数", "2,995.39", "2995.39", 7),
    Fig(FINANCE, TableKind.INCOME, "2010602", "本年收入合计", "16.19", "16.19", 8),
    Fig(FINANCE, TableKind.INCOME, "2010602", "其他收入", "6.19", "6.19", 8),
    Fig(FINANCE, TableKind.GPB_EXPENDITURE, "2010601", "合计", "1,511.89", "1511.89", 15),
    Fig(FINANCE, TableKind.GPB_EXPENDITURE, "2010601", "项目支出", "8.37", "8.37", 15),
    Fig(FINANCE, TableKind.GPB_EXPENDITURE, "2210203", "基本支出", "258.50", "258.5", 15),
    # 江苏 省政协办公厅 2019 (公开01表 …, 万元)
    Fig(CPPCC, TableKind.SUMMARY, Funding.FISCAL, "金额", "13,297.11", "13297.11", 1),
    Fig(CPPCC, TableKind.EXPENDITURE, "", "合计", "13,377.11", "13377.11", 3),
    Fig(CPPCC, TableKind.EXPENDITURE, "", "单位预留机动经费", "1,886.02", "1886.02", 3),
    Fig(CPPCC, TableKind.GPB_EXPENDITURE, LineItem.TOTAL, "金额", "13,297.11", "13297.11", 7),
    Fig(CPPCC, TableKind.GPB_EXPENDITURE, "2010201", "金额", "5,223.22", "5223.22", 7),
    Fig(CPPCC, TableKind.GPB_EXPENDITURE, "2210202", "金额", "1,754.17", "1754.17", 7),
    Fig(CPPCC, TableKind.GPB_BASIC, "30231", "金额", "156.60", "156.6", 8),
    Fig(CPPCC, TableKind.GPB_BASIC, "303", "金额", "944.05", "944.05", 8),
    Fig(CPPCC, TableKind.THREE_PUBLIC, LineItem.OVERSEAS, "合计", "106.00", "106", 9),
    Fig(CPPCC, TableKind.THREE_PUBLIC, LineItem.RECEPTION, "合计", "397.50", "397.5", 9),
    # 江苏 省人民检察院 2017 (万元)
    Fig(PROCURATORATE, TableKind.FISCAL_SUMMARY, Funding.GPB, "金额", "17,981.68", "17981.68", 11),
    Fig(PROCURATORATE, TableKind.GPB_EXPENDITURE, "2040401", "金额", "7,968.14", "7968.14", 14),
    Fig(PROCURATORATE, TableKind.GPB_EXPENDITURE, "2080504", "金额", "2,021.18", "2021.18", 14),
    # the 三公 title wraps: "十一、一般公共预算“三公”经费、会议费、培训费支出预" / "算表"
    Fig(PROCURATORATE, TableKind.THREE_PUBLIC, LineItem.OVERSEAS, "合计", "110.00", "110", 16),
    Fig(PROCURATORATE, TableKind.THREE_PUBLIC, LineItem.VEHICLE_OPERATION, "合计", "267.80", "267.8", 16),
    Fig(PROCURATORATE, TableKind.THREE_PUBLIC, LineItem.RECEPTION, "合计", "156.55", "156.55", 16),
    # … and prints 会议费 and 培训费 beside the 三公 items: 合计 covers all, “三公”经费/小计 the 三公 items
    Fig(PROCURATORATE, TableKind.THREE_PUBLIC, LineItem.THREE_PUBLIC_TOTAL, "合计", "584.35", "584.35", 16),
    Fig(PROCURATORATE, TableKind.THREE_PUBLIC, LineItem.TOTAL, "合计", "1,452.35", "1452.35", 16),
    Fig(PROCURATORATE, TableKind.THREE_PUBLIC, LineItem.MEETING, "合计", "168.00", "168", 16),
    Fig(PROCURATORATE, TableKind.THREE_PUBLIC, LineItem.TRAINING, "合计", "700.00", "700", 16),
]


@pytest.mark.parametrize(
    "fig", FIGURES, ids=lambda f: f"{f.relative.split('/')[-1][:12]}-{f.kind.value}-{f.line}-{f.column}"
)
def test_printed_figures(fig: Fig) -> None:
    tables = [t for t in extraction(fig.relative).tables if t.kind is fig.kind]
    assert tables, f"no {fig.kind.value}"
    lines = [line for table in tables for line in table.lines if fig.matches(line)]
    assert lines, f"no line {fig.line!r} in {fig.kind.value}"
    figures = [
        f
        for line in lines
        for f in line.figures
        if f.column.label == fig.column or f.column.label.endswith("/" + fig.column)
    ]
    assert [(f.printed, f.amount) for f in figures] == [(fig.printed, Decimal(fig.wan))]
    assert figures[0].location.page == fig.page
    assert figures[0].location.bbox is not None


@pytest.mark.parametrize(
    ("relative", "kind", "unit"),
    [
        (OFFICE, TableKind.GPB_EXPENDITURE, AmountUnit.YUAN),
        (OFFICE, TableKind.THREE_PUBLIC, AmountUnit.WAN_YUAN),  # the 三公 table says 单位：万元
        (FINANCE, TableKind.GPB_EXPENDITURE, AmountUnit.WAN_YUAN),
        (CPPCC, TableKind.GPB_BASIC, AmountUnit.WAN_YUAN),
    ],
)
def test_table_amount_units(relative: str, kind: TableKind, unit: AmountUnit) -> None:
    (table,) = [t for t in extraction(relative).tables if t.kind is kind]
    assert table.unit is unit


def test_function_codes_spaced_over_columns_are_joined() -> None:
    """The 决算 GPB table prints 201 / 06 / 01 in three columns: lines carry 7-digit codes whose
    parents are in the same table, with the 类 totals as printed on page 15."""
    (table,) = [t for t in extraction(FINANCE).tables if t.kind is TableKind.GPB_EXPENDITURE]
    codes = [line.code for line in table.lines if line.code]
    assert {len(code) for code in codes} == {3, 5, 7}
    assert all(code[:5] in codes and code[:3] in codes for code in codes if len(code) == 7)

    def total(line: BudgetLine) -> Decimal:
        return next(f.amount for f in line.figures if f.column.label == "合计")

    classes = {line.code: total(line) for line in table.lines if line.code and len(line.code) == 3}
    assert classes == {
        "201": Decimal("2106.66"),
        "208": Decimal("326.72"),
        "210": Decimal("60.99"),
        "221": Decimal("445.69"),
    }


def test_chongqing_html_page_end_to_end() -> None:
    """The Chongqing page is narrative HTML (its tables were images): the document is still named,
    dated and phased, and the missing tables are said plainly."""
    result = extraction("chongqing_municipal/重庆市交通委员会2018年部门预算情况说明.html")
    info = result.info
    assert (info.unit_name, info.year, info.phase, info.level) == (
        "重庆市交通委员会",
        2018,
        Phase.BUDGET,
        Level.DEPARTMENT,
    )
    assert result.tables == ()
    assert any("narrative only" in note.message for note in result.notes)


def test_expenditure_purpose_rows_carry_their_kind() -> None:
    """Jiangsu's 收支预算总表 prints 支出用途 (基本支出 / 项目支出) beside the functional classes."""
    (table,) = [t for t in extraction(CPPCC).tables if t.kind is TableKind.SUMMARY]
    kinds = {line.kind: line.figures[0].amount for line in table.lines if line.kind is not None}
    assert kinds == {SpendingKind.BASIC: Decimal("6522.75"), SpendingKind.PROJECT: Decimal("4968.34")}
