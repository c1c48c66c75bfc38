"""The five seeds, as text renderings and as PDFs, extracted and checked against the documents table by
table. The PDFs go through the PDF layout reader; the text renderings through the text layout reader;
both through the same table interpreter."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

import pytest

from budgetgraph.extract import extract_document
from budgetgraph.layout import read_layout
from budgetgraph.records import (
    AmountUnit,
    BudgetLine,
    ExtractedTable,
    Extraction,
    Funding,
    Level,
    LineItem,
    MediaType,
    Phase,
    SourceDocument,
    SpendingKind,
    TableKind,
    TableStatus,
)
from conftest import seed_pdf, seed_text

K = TableKind
S = TableStatus
F = Funding
SK = SpendingKind
LI = LineItem

RENDERINGS = ("text", "pdf")
_CACHE: dict[tuple[str, str], Extraction] = {}


def extraction(stem: str, rendering: str = "text") -> Extraction:
    if (stem, rendering) not in _CACHE:
        path = seed_text(stem) if rendering == "text" else seed_pdf(stem)
        data = path.read_bytes()
        media = MediaType.TEXT if rendering == "text" else MediaType.PDF
        source = SourceDocument(str(path), hashlib.sha256(data).hexdigest(), media, data)
        _CACHE[stem, rendering] = extract_document(read_layout(source))
    return _CACHE[stem, rendering]


@dataclass(frozen=True)
class Row:
    """Which line: by code, funding, item, project (substring) and/or sub-unit."""

    code: str | None = None
    funding: Funding | None = None
    item: LineItem | None = None
    project: str | None = None
    sub_unit: str | None = None

    def matches(self, line: BudgetLine) -> bool:
        return (
            (self.code is None or line.code == self.code)
            and (self.funding is None or line.funding == self.funding)
            and (self.item is None or line.item == self.item)
            and (self.project is None or (line.project is not None and self.project in line.project))
            and (self.sub_unit is None or line.sub_unit == self.sub_unit)
        )


@dataclass(frozen=True)
class Col:
    """Which column, by what it measures (None = not that dimension)."""

    funding: Funding | None = None
    kind: SpendingKind | None = None
    economic: str | None = None


TOTAL = Col()
FISCAL_PROJECT = Col(funding=Funding.FISCAL, kind=SpendingKind.PROJECT)


def value(table: ExtractedTable, row: Row, col: Col) -> Decimal | None:
    lines = [ln for ln in table.lines if row.matches(ln)]
    assert lines, f"no line {row} in {table.title}"
    line = lines[0]
    for f in line.figures:
        c = f.column
        if (c.funding, c.kind, c.economic_code) == (col.funding, col.kind, col.economic):
            return f.amount
    return None


def table_of(e: Extraction, kind: TableKind) -> ExtractedTable:
    found = [t for t in e.tables if t.kind is kind]
    assert found, f"no {kind} table"
    return found[0]


INFO = {
    "000": ("乌鲁木齐市医疗保障事业发展中心", 2023, Phase.BUDGET, Level.UNIT),
    "001": ("克拉玛依市乌尔禾区医保局", 2023, Phase.FINAL, Level.DEPARTMENT),
    "002": ("阿图什市医疗保障局", 2024, Phase.BUDGET, Level.UNIT),
    "003": ("乌鲁木齐市医疗保障局", 2025, Phase.BUDGET, Level.DEPARTMENT),
    "004": ("新疆维吾尔自治区乌尔禾区医疗保障局", 2021, Phase.BUDGET, Level.UNIT),
}

_NATIONAL = (K.SUMMARY, K.INCOME, K.EXPENDITURE, K.FISCAL_SUMMARY, K.GPB_EXPENDITURE, K.GPB_BASIC,
             K.GPB_PROJECT, K.GOV_FUND, K.SOE, K.THREE_PUBLIC)  # fmt: skip

STATUS: dict[str, dict[TableKind, TableStatus | None]] = {
    "000": {**{k: S.PRESENT for k in _NATIONAL}, K.GOV_FUND: S.EMPTY, K.SOE: S.EMPTY, K.CARRYOVER: None,
            K.PERFORMANCE_TARGETS: S.PRESENT},
    "001": {K.SUMMARY: S.MISSING, K.INCOME: S.MISSING, K.EXPENDITURE: S.MISSING, K.FISCAL_SUMMARY: S.MISSING,
            K.GPB_EXPENDITURE: S.MISSING, K.GPB_BASIC: S.MISSING, K.THREE_PUBLIC: S.MISSING,
            K.GOV_FUND: S.EMPTY, K.SOE: S.EMPTY, K.GPB_PROJECT: None, K.PERFORMANCE_EVALUATION: S.PRESENT},
    "002": {**{k: S.PRESENT for k in _NATIONAL}, K.GOV_FUND: S.EMPTY, K.SOE: S.EMPTY, K.CARRYOVER: S.PRESENT,
            K.PERFORMANCE_TARGETS: S.PRESENT},
    "003": {**{k: S.PRESENT for k in _NATIONAL}, K.GOV_FUND: S.EMPTY, K.SOE: S.EMPTY, K.CARRYOVER: S.PRESENT,
            K.PERFORMANCE_TARGETS: S.PRESENT},
    "004": {K.SUMMARY: S.PRESENT, K.INCOME: S.MISSING, K.EXPENDITURE: S.PRESENT, K.FISCAL_SUMMARY: S.PRESENT,
            K.GPB_EXPENDITURE: S.PRESENT, K.GPB_BASIC: S.PRESENT, K.GPB_PROJECT: S.MISSING,
            K.THREE_PUBLIC: S.PRESENT, K.GOV_FUND: S.EMPTY, K.SOE: None, K.CARRYOVER: None},
}  # fmt: skip

CONTENTS = {"000": 10, "001": 9, "002": 11, "003": 0, "004": 9}

URUMQI_CENTRE = "乌鲁木齐市医疗保障事业发展中心"

VALUES: list[tuple[str, TableKind, Row, Col, str | None]] = [
    # 000: tab-separated, 类/款/项 split over cells
    ("000", K.GPB_EXPENDITURE, Row(code="2101506"), TOTAL, "30.51"),
    ("000", K.GPB_EXPENDITURE, Row(code="2101506"), Col(kind=SK.PROJECT), "30.51"),
    ("000", K.GPB_EXPENDITURE, Row(code="2101506"), Col(kind=SK.BASIC), "0"),
    ("000", K.GPB_EXPENDITURE, Row(item=LI.TOTAL), Col(kind=SK.BASIC), "1213.55"),
    ("000", K.SUMMARY, Row(funding=F.GPB_OWN), TOTAL, "1382.36"),
    ("000", K.SUMMARY, Row(funding=F.CARRYOVER_GPB), TOTAL, "30"),
    ("000", K.SUMMARY, Row(funding=F.GOV_FUND), TOTAL, None),
    ("000", K.SUMMARY, Row(item=LI.INCOME_TOTAL), TOTAL, "1442.87"),
    ("000", K.SUMMARY, Row(code="210"), TOTAL, "1317.02"),
    ("000", K.INCOME, Row(code="210"), Col(funding=F.GPB_TRANSFER), "30.51"),
    ("000", K.INCOME, Row(code="210"), Col(funding=F.GPB_OWN), "1256.51"),
    ("000", K.INCOME, Row(code="2101506"), Col(funding=F.FISCAL), "30.51"),
    ("000", K.EXPENDITURE, Row(code="2101599"), Col(kind=SK.PROJECT), "127.81"),
    ("000", K.EXPENDITURE, Row(item=LI.TOTAL), TOTAL, "1442.87"),
    ("000", K.FISCAL_SUMMARY, Row(code="210"), Col(funding=F.GPB), "1287.02"),
    ("000", K.FISCAL_SUMMARY, Row(funding=F.GPB), Col(funding=F.FISCAL), "1412.87"),
    ("000", K.GPB_BASIC, Row(code="30101"), Col(kind=SK.PERSONNEL), "325.78"),
    ("000", K.GPB_BASIC, Row(item=LI.TOTAL), Col(kind=SK.PUBLIC), "123.78"),
    ("000", K.GPB_PROJECT, Row(project="2023年稽核费"), TOTAL, "12.65"),
    ("000", K.GPB_PROJECT, Row(project="困难人群参加居民长期护理保险缴费补助"), Col(economic="303"), "51"),
    ("000", K.GPB_PROJECT, Row(code="2101399"), Col(economic="302"), "0"),
    ("000", K.GPB_PROJECT, Row(item=LI.TOTAL), TOTAL, "199.32"),
    ("000", K.THREE_PUBLIC, Row(item=LI.RECEPTION), TOTAL, "0.5"),
    ("000", K.THREE_PUBLIC, Row(item=LI.THREE_PUBLIC_TOTAL), Col(funding=F.GPB), "0.5"),
    ("000", K.THREE_PUBLIC, Row(item=LI.OVERSEAS), TOTAL, None),
    # 002: thousands separators, a page split with repeated header, cells shifted out of column
    ("002", K.SUMMARY, Row(funding=F.UNIT_FUNDS), TOTAL, "10.26"),
    ("002", K.SUMMARY, Row(item=LI.INCOME_TOTAL), TOTAL, "1204.71"),
    ("002", K.INCOME, Row(code="2101501"), Col(funding=F.UNIT_FUNDS), "10.26"),
    ("002", K.INCOME, Row(code="2101599"), Col(funding=F.CARRYOVER_FISCAL), "26.41"),
    ("002", K.INCOME, Row(code="2101102"), Col(funding=F.GPB_OWN), "8.39"),
    ("002", K.INCOME, Row(item=LI.TOTAL), Col(funding=F.CARRYOVER_FISCAL), "31.88"),
    ("002", K.INCOME, Row(item=LI.TOTAL), Col(funding=F.SPECIAL_ACCOUNT), None),
    ("002", K.EXPENDITURE, Row(code="2101501"), Col(kind=SK.PROJECT), "10.87"),
    ("002", K.EXPENDITURE, Row(item=LI.TOTAL), Col(kind=SK.PROJECT), "742.19"),
    ("002", K.GPB_EXPENDITURE, Row(code="2101501"), Col(kind=SK.PROJECT), "0.61"),
    ("002", K.GPB_BASIC, Row(code="30231"), Col(kind=SK.PUBLIC), "1.20"),
    ("002", K.GPB_PROJECT, Row(project="城居医疗地方财政补助"), Col(economic="303"), "687.44"),
    ("002", K.THREE_PUBLIC, Row(item=LI.VEHICLE_OPERATION), Col(funding=F.GPB), "1.20"),
    ("002", K.THREE_PUBLIC, Row(item=LI.VEHICLE_TOTAL), TOTAL, "1.20"),
    ("002", K.CARRYOVER, Row(project="2022年度为民办实事经费"), FISCAL_PROJECT, "5.47"),
    ("002", K.CARRYOVER, Row(item=LI.TOTAL), TOTAL, "31.88"),
    # 003: wrapped raw PDF text, values placed by the sums
    ("003", K.SUMMARY, Row(funding=F.GPB_TRANSFER), TOTAL, "197.00"),
    ("003", K.SUMMARY, Row(funding=F.CARRYOVER_FISCAL), TOTAL, "422.38"),
    ("003", K.SUMMARY, Row(code="210"), TOTAL, "2429.62"),
    ("003", K.SUMMARY, Row(item=LI.EXPENDITURE_TOTAL), TOTAL, "2633.49"),
    ("003", K.INCOME, Row(item=LI.TOTAL), Col(funding=F.CARRYOVER_FISCAL), "422.38"),
    ("003", K.INCOME, Row(item=LI.TOTAL), Col(funding=F.GPB_OWN), "2014.11"),
    ("003", K.INCOME, Row(code="2101599"), Col(funding=F.GPB_OWN), "110.00"),
    ("003", K.INCOME, Row(code="2101599"), Col(funding=F.GPB_TRANSFER), "147.00"),
    ("003", K.INCOME, Row(code="21017"), Col(funding=F.GPB_TRANSFER), "50.00"),
    ("003", K.INCOME, Row(code="21017"), Col(funding=F.CARRYOVER_FISCAL), "197.00"),
    ("003", K.INCOME, Row(code="2101504"), Col(funding=F.CARRYOVER_FISCAL), "225.38"),
    ("003", K.INCOME, Row(code="2080505"), TOTAL, "191.84"),
    ("003", K.EXPENDITURE, Row(code="2101502"), Col(kind=SK.PROJECT), "13.28"),
    ("003", K.EXPENDITURE, Row(code="2101550"), Col(kind=SK.BASIC), "551.69"),
    ("003", K.EXPENDITURE, Row(code="206"), Col(kind=SK.PROJECT), "3.65"),
    ("003", K.EXPENDITURE, Row(code="208"), Col(kind=SK.BASIC), "200.22"),
    ("003", K.EXPENDITURE, Row(code="21017"), Col(kind=SK.PROJECT), "247.00"),
    ("003", K.FISCAL_SUMMARY, Row(code="210"), Col(funding=F.GPB), "2007.24"),
    ("003", K.FISCAL_SUMMARY, Row(funding=F.FISCAL), Col(funding=F.FISCAL), "2211.11"),
    ("003", K.GPB_EXPENDITURE, Row(code="21017"), Col(kind=SK.PROJECT), "50.00"),
    ("003", K.GPB_EXPENDITURE, Row(code="2101501"), Col(kind=SK.BASIC), "1087.27"),
    ("003", K.GPB_BASIC, Row(code="301"), Col(kind=SK.PERSONNEL), "1662.81"),
    ("003", K.GPB_BASIC, Row(code="302"), Col(kind=SK.PUBLIC), "167.99"),
    ("003", K.GPB_BASIC, Row(code="30302"), Col(kind=SK.PERSONNEL), "8.37"),
    ("003", K.GPB_PROJECT, Row(project="208号关于提前下达"), TOTAL, "103.00"),
    ("003", K.GPB_PROJECT, Row(project="2025年稽核费", sub_unit=URUMQI_CENTRE), TOTAL, "24.05"),
    ("003", K.GPB_PROJECT, Row(project="困难人群长护险资助缴费"), TOTAL, "48.00"),
    ("003", K.THREE_PUBLIC, Row(item=LI.RECEPTION), Col(funding=F.GPB), "0.20"),
    ("003", K.CARRYOVER, Row(project="(直达资金)(第二批)"), TOTAL, "96.40"),
    ("003", K.CARRYOVER, Row(project="中医药传承创新发展示范试点项目"), FISCAL_PROJECT, "197.00"),
    # 004: blank 类 cells inherit, a 三公 table printed across
    ("004", K.EXPENDITURE, Row(code="20805"), Col(kind=SK.BASIC), "2.70"),
    ("004", K.EXPENDITURE, Row(code="2089999"), Col(kind=SK.PROJECT), "71.15"),
    ("004", K.GPB_BASIC, Row(code="30231"), Col(kind=SK.PUBLIC), "3.45"),
    ("004", K.FISCAL_SUMMARY, Row(code="208"), Col(funding=F.GPB), "73.85"),
    ("004", K.SUMMARY, Row(funding=F.SPECIAL_ACCOUNT), TOTAL, "0.00"),
    ("004", K.THREE_PUBLIC, Row(item=LI.VEHICLE_OPERATION), TOTAL, "3.45"),
    ("004", K.THREE_PUBLIC, Row(item=LI.THREE_PUBLIC_TOTAL), TOTAL, "4.45"),
    ("004", K.THREE_PUBLIC, Row(item=LI.RECEPTION), TOTAL, "1.00"),
]


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("stem", sorted(INFO))
def test_document_info(stem: str, rendering: str) -> None:
    e = extraction(stem, rendering)
    unit, year, phase, level = INFO[stem]
    assert (e.info.unit_name, e.info.year, e.info.phase, e.info.level) == (unit, year, phase, level)
    assert e.info.amount_unit is AmountUnit.WAN_YUAN
    assert len(e.contents) == CONTENTS[stem]


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("stem", sorted(STATUS))
def test_table_statuses(stem: str, rendering: str) -> None:
    e = extraction(stem, rendering)
    for kind, status in STATUS[stem].items():
        found = {t.status for t in e.tables if t.kind is kind}
        if status is None:
            assert not found, f"{kind} should not be recorded"
        else:
            assert found == {status}, f"{kind}: {found}"


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize(("stem", "kind", "row", "col", "expected"), VALUES)
def test_values(stem: str, kind: TableKind, row: Row, col: Col, expected: str | None, rendering: str) -> None:
    got = value(table_of(extraction(stem, rendering), kind), row, col)
    assert got == (Decimal(expected) if expected is not None else None)


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("stem", sorted(INFO))
def test_lines_are_well_formed(stem: str, rendering: str) -> None:
    e = extraction(stem, rendering)
    for table in e.tables:
        keys = [c.key for c in table.columns]
        assert len(keys) == len(set(keys)), table.title
        rows = [ln.location.row for ln in table.lines]
        assert rows == list(range(1, len(rows) + 1))
        for line in table.lines:
            assert line.location.table == table.location.table
            assert line.location.line is not None or line.location.page is not None
            assert line.code is None or (line.code.isdigit() and len(line.code) in (3, 5, 7))
            for figure in line.figures:
                assert figure.column in table.columns
                assert figure.location.row == line.location.row
        if table.status is S.PRESENT and table.kind not in (K.PERFORMANCE_TARGETS, K.PERFORMANCE_EVALUATION):
            assert any(ln.figures for ln in table.lines), table.title
        assert not any(ln.project and ln.project in ("合计", "总计") for ln in table.lines)
        if table.status is not S.PRESENT:
            assert not table.lines


def test_empty_statement_is_the_sentence() -> None:
    gov = table_of(extraction("000"), K.GOV_FUND)
    assert gov.statement == (
        "乌鲁木齐市医疗保障事业发展中心2023年没有使用政府性基金预算拨款安排的支出,政府性基金预算支出情况表为空表。"
    )
    wrapped = table_of(extraction("003"), K.SOE)
    assert wrapped.statement is not None and wrapped.statement.endswith("国有资本经营预算支出情况表为空表。")


def test_sub_units_of_department_tables() -> None:
    projects = table_of(extraction("003"), K.GPB_PROJECT)
    centre = [ln for ln in projects.lines if ln.sub_unit == URUMQI_CENTRE and ln.project]
    assert {ln.project for ln in centre} == {
        "困难人群长护险资助缴费",
        "2025年综合业务费",
        "2025年稽核费",
        "辅助履职人员支出",
    }
    own = [ln for ln in projects.lines if ln.sub_unit == "乌鲁木齐市医疗保障局" and ln.project]
    assert len(own) == 5
    # A unit-level table whose unit rows just repeat the total gives no sub-units.
    assert all(ln.sub_unit is None for ln in table_of(extraction("004"), K.EXPENDITURE).lines)


def test_wrapped_names_are_joined() -> None:
    income = table_of(extraction("003"), K.INCOME)
    (line,) = [ln for ln in income.lines if ln.code == "2080505"]
    assert line.label == "机关事业单位基本养老保险缴费支出"
    projects = table_of(extraction("003"), K.GPB_PROJECT)
    wrapped = (
        "乌财社【2024】192号关于提前下达2025年中央医疗服务与保障能力提升(中医药事业传承与发展部分)补助资金"
    )
    assert any(ln.project == wrapped for ln in projects.lines)


def test_aliases_and_staffing() -> None:
    e = extraction("004")
    assert "乌尔禾区医保局" in e.info.aliases
    assert "乌尔禾区医疗保障局" in e.info.aliases
    s = extraction("003").staffing
    assert s is not None
    assert (s.authorized, s.actual, s.in_service, s.retired, s.in_service_change) == (116, 116, 109, 7, 2)


def test_guessed_placements_are_noted() -> None:
    notes = [n for n in extraction("003").notes if "placed" in n.message]
    assert notes and all(n.location.line for n in notes)
    assert not [n for n in extraction("000").notes if "placed" in n.message]
