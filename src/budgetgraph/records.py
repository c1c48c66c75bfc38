"""Typed records handed from one pipeline stage to the next.

The pipeline is::

    path --(sources.load_source)--> SourceDocument
         --(pdf_layout / text_layout / html_layout)--> Layout (TextLine and RawTable blocks)
         --(extract.extract_document)--> Extraction (DocumentInfo, ExtractedTable, BudgetLine, Figure)
         --(graph.extraction_to_graph)--> rdflib Graph

Every record is a frozen dataclass; amounts are ``Decimal`` in 万元 (ten thousand yuan) whatever the
document printed, with the printed text kept beside them; every record that comes from a place in a
document carries a ``SourceLocation``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budgetgraph.narrative_records import Narrative, PerformanceTable

BBox = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in PDF points, origin top-left as in pdfplumber."""


@dataclass(frozen=True)
class SourceLocation:
    """Where something was printed. Pages, lines, tables and rows are 1-based."""

    page: int | None = None
    line: int | None = None
    table: int | None = None
    row: int | None = None
    bbox: BBox | None = None


class MediaType(StrEnum):
    PDF = "application/pdf"
    TEXT = "text/plain"
    MARKDOWN = "text/markdown"
    HTML = "text/html"


@dataclass(frozen=True)
class SourceDocument:
    """A document as loaded from disk: its bytes and what they are."""

    path: str
    sha256: str
    media_type: MediaType
    data: bytes = field(repr=False)


# --------------------------------------------------------------------------------------------
# Layout stage: what is on the page, before any budget meaning is given to it.


@dataclass(frozen=True)
class TextLine:
    """A line of running text (narrative, titles, notes). ``heading`` is a Markdown level or 0."""

    text: str
    location: SourceLocation
    heading: int = 0


@dataclass(frozen=True)
class RawRow:
    """One printed row of a table.

    ``aligned`` is True when every cell is in its column (ruled PDF tables, tab-separated text,
    HTML); False when the converter lost the column positions (wrapped raw PDF text), in which case
    ``cells`` are the row's tokens in reading order and blank cells are simply absent.
    """

    cells: tuple[str, ...]
    location: SourceLocation
    aligned: bool = True


@dataclass(frozen=True)
class RawTable:
    """A run of table rows as the layout stage found them (header rows included)."""

    rows: tuple[RawRow, ...]
    location: SourceLocation


Block = TextLine | RawTable


@dataclass(frozen=True)
class Layout:
    """A document's blocks in reading order."""

    source: SourceDocument
    blocks: tuple[Block, ...]
    page_count: int | None = None


# --------------------------------------------------------------------------------------------
# Extraction stage: budget meaning.


class AmountUnit(StrEnum):
    YUAN = "yuan"
    WAN_YUAN = "wanyuan"

    @property
    def per_wan(self) -> Decimal:
        """How many of this unit make one 万元."""
        return Decimal(10000) if self is AmountUnit.YUAN else Decimal(1)


class Phase(StrEnum):
    BUDGET = "budget"  # 预算 (approved)
    FINAL = "final"  # 决算 (executed)


class Level(StrEnum):
    DEPARTMENT = "department"  # 部门 (consolidated over its sub-units)
    UNIT = "unit"  # 单位


class Scheme(StrEnum):
    """Classification code lists."""

    FUNCTION = "function"  # 支出功能分类科目 (类/款/项: 3/5/7 digits)
    ECONOMIC_DEPT = "economic-dept"  # 部门预算支出经济分类 (301…, 类/款: 3/5 digits)
    ECONOMIC_GOV = "economic-gov"  # 政府预算支出经济分类 (501…)
    INDICATOR = "indicator"  # 绩效指标 levels (一级 / 二级 / 三级) of performance tables


class TableKind(StrEnum):
    """Standard disclosure tables. Values are the ontology's local names for them."""

    SUMMARY = "IncomeExpenditureSummaryTable"  # 收支总体情况表 / 部门财务收支预算总表
    INCOME = "IncomeTable"  # 收入总体情况表
    EXPENDITURE = "ExpenditureTable"  # 支出总体情况表
    FISCAL_SUMMARY = "FiscalAppropriationSummaryTable"  # 财政拨款收支总体情况表
    GPB_EXPENDITURE = "GeneralPublicBudgetExpenditureTable"  # 一般公共预算支出情况表
    GPB_BASIC = "GeneralPublicBudgetBasicExpenditureTable"  # 一般公共预算基本支出情况表
    GPB_PROJECT = "GeneralPublicBudgetProjectExpenditureTable"  # 一般公共预算项目支出情况表
    GOV_FUND = "GovernmentFundExpenditureTable"  # 政府性基金预算支出情况表
    SOE = "StateCapitalExpenditureTable"  # 国有资本经营预算支出情况表
    THREE_PUBLIC = "ThreePublicExpenditureTable"  # 财政拨款“三公”经费支出情况表
    CARRYOVER = "CarryoverTable"  # 上年结转结余情况明细表
    PROJECT_EXPENDITURE = "ProjectExpenditureTable"  # 项目支出表 (all funds; regional templates)
    PERFORMANCE_TARGETS = "PerformanceTargetTable"  # 绩效目标表
    PERFORMANCE_EVALUATION = "PerformanceEvaluationTable"  # 绩效自评表
    OTHER = "OtherTable"  # a table recognised as a table but of no standard kind


class TableStatus(StrEnum):
    PRESENT = "present"
    EMPTY = "empty"  # printed, and stated as 空表 / carries no figures
    MISSING = "missing"  # listed in the contents but not in the document


class Funding(StrEnum):
    """Funding sources (资金来源), income lines and income columns. Values are ontology local names."""

    CURRENT_YEAR = "CurrentYearIncome"  # 本年收入
    FISCAL = "FiscalAppropriation"  # 财政拨款（补助）
    GPB = "GeneralPublicBudget"  # 一般公共预算
    GPB_OWN = "GeneralRevenue"  # 一般财力
    GPB_TRANSFER = "GeneralPublicBudgetTransfer"  # 上级一般公共预算安排转移支付
    GOV_FUND = "GovernmentFund"  # 政府性基金预算
    GOV_FUND_OWN = "GovernmentFundRevenue"  # 政府性基金收入
    GOV_FUND_TRANSFER = "GovernmentFundTransfer"  # 上级政府性基金安排转移支付
    SOE = "StateCapitalBudget"  # 国有资本经营预算
    SOE_OWN = "StateCapitalRevenue"  # 国有资本经营收入
    SOE_TRANSFER = "StateCapitalTransfer"  # 上级国有资本经营预算安排转移支付
    SPECIAL_ACCOUNT = "FiscalSpecialAccount"  # 财政专户管理资金 / 财政专户核拨
    UNIT_FUNDS = "UnitFunds"  # 单位资金
    BUSINESS_INCOME = "BusinessIncome"  # 事业收入
    SUPERIOR_SUBSIDY = "SuperiorSubsidy"  # 上级补助收入
    AFFILIATED_INCOME = "AffiliatedUnitIncome"  # 附属单位上缴收入
    OPERATING_INCOME = "OperatingIncome"  # 事业单位经营收入
    OTHER_INCOME = "OtherIncome"  # 其他收入
    CARRYOVER = "Carryover"  # 上年结转结余
    CARRYOVER_FISCAL = "FiscalCarryover"  # 财政拨款结转（结余）
    CARRYOVER_GPB = "GeneralPublicBudgetCarryover"
    CARRYOVER_GOV_FUND = "GovernmentFundCarryover"
    CARRYOVER_SOE = "StateCapitalCarryover"
    CARRYOVER_NONFISCAL = "NonFiscalCarryover"  # 非财政拨款结转结余
    CARRYOVER_SPECIAL_ACCOUNT = "FiscalSpecialAccountCarryover"
    CARRYOVER_UNIT_FUNDS = "UnitFundsCarryover"


class SpendingKind(StrEnum):
    """Expenditure kinds (支出性质). Values are ontology local names."""

    BASIC = "BasicExpenditure"  # 基本支出
    PROJECT = "ProjectExpenditure"  # 项目支出
    PERSONNEL = "PersonnelExpenditure"  # 人员经费
    PUBLIC = "PublicExpenditure"  # 公用经费
    # Regional templates add these columns to expenditure tables:
    BUSINESS = "BusinessOperationExpenditure"  # 事业单位经营支出
    TRANSFER_TO_SUBORDINATE = "SubordinateSubsidyExpenditure"  # 对下级单位补助支出 / 上缴上级支出


class LineItem(StrEnum):
    """Rows that are neither a classification code nor a funding source."""

    TOTAL = "Total"  # 合计 / 总计 of a one-sided table
    INCOME_TOTAL = "IncomeTotal"  # 收入总计
    EXPENDITURE_TOTAL = "ExpenditureTotal"  # 支出总计
    CURRENT_YEAR_EXPENDITURE = "CurrentYearExpenditure"  # 本年支出合计
    CARRY_FORWARD = "CarryForward"  # 年末结转和结余
    THREE_PUBLIC_TOTAL = "ThreePublicTotal"  # “三公”经费合计
    OVERSEAS = "OverseasTravel"  # 因公出国（境）费
    RECEPTION = "OfficialReception"  # 公务接待费
    VEHICLE_TOTAL = "OfficialVehicles"  # 公务用车购置及运行费
    VEHICLE_PURCHASE = "VehiclePurchase"  # 公务用车购置费
    VEHICLE_OPERATION = "VehicleOperation"  # 公务用车运行（维护）费
    MEETING = "MeetingExpenses"  # 会议费 (printed beside the 三公 items by some templates)
    TRAINING = "TrainingExpenses"  # 培训费
    OPERATING_COSTS = "AdministrativeOperatingCosts"  # 机关运行经费 (printed in the 三公 table by some)


class Side(StrEnum):
    """Which side of a two-sided (收/支) table a line is on."""

    INCOME = "income"
    EXPENDITURE = "expenditure"


@dataclass(frozen=True)
class Column:
    """What a table column measures. Empty dimensions mean "all" (a 合计 column has none)."""

    label: str
    funding: Funding | None = None
    kind: SpendingKind | None = None
    economic_code: str | None = None  # columns of economic classes (项目支出表: 工资福利支出 …)
    prior_year: bool = False  # 上年数 / 上年预算数 columns
    key: str = ""  # short stable key for IRIs, derived by the table reader ("c1", "c2" … by default)
    phase: Phase | None = None  # when it is not the document's: 预算数 / 年初预算数 columns of a 决算 table


@dataclass(frozen=True)
class Figure:
    """One printed amount: a cell of a table."""

    amount: Decimal  # in 万元
    printed: str  # the cell exactly as printed
    column: Column
    location: SourceLocation


@dataclass(frozen=True)
class BudgetLine:
    """A row of a disclosure table with its figures.

    A line is identified by a classification ``code`` (digits only, e.g. "2101501", "30101"), or by
    a ``funding`` source (income rows), or by an ``item`` (totals, 三公 items), or by a ``project``,
    or by the expenditure ``kind`` it names (基本支出 / 项目支出 rows of a 收支总表).
    ``label`` is the row's name as printed (normalised characters, spaces removed).
    """

    label: str
    location: SourceLocation
    figures: tuple[Figure, ...] = ()
    code: str | None = None
    scheme: Scheme | None = None
    funding: Funding | None = None
    item: LineItem | None = None
    side: Side | None = None
    project: str | None = None
    sub_unit: str | None = None  # department tables: the sub-unit this row belongs to
    kind: SpendingKind | None = None  # rows naming an expenditure kind (收支总表 支出用途: 基本支出 …)


@dataclass(frozen=True)
class ExtractedTable:
    """A standard table as found (or recorded as empty or missing)."""

    kind: TableKind
    title: str  # as printed, normalised characters
    status: TableStatus
    location: SourceLocation  # location.table is the table's ordinal in the document
    unit: AmountUnit = AmountUnit.WAN_YUAN
    lines: tuple[BudgetLine, ...] = ()
    columns: tuple[Column, ...] = ()
    statement: str | None = None  # the 空表 statement, if any
    number: str | None = None  # 表一 / 表 1 / 公开01表 as printed


@dataclass(frozen=True)
class Staffing:
    """Staffing figures (编制数, 实有人数 …) and the stated changes, from the unit profile."""

    location: SourceLocation
    authorized: int | None = None  # 编制数
    actual: int | None = None  # 实有人数
    in_service: int | None = None  # 在职
    retired: int | None = None  # 退休
    retired_before_1949: int | None = None  # 离休
    in_service_change: int | None = None
    retired_change: int | None = None
    retired_before_1949_change: int | None = None


@dataclass(frozen=True)
class DocumentInfo:
    """What a document is: whose, which year, which phase, which level, which amount unit."""

    unit_name: str
    year: int
    phase: Phase
    level: Level
    amount_unit: AmountUnit
    title: str
    aliases: tuple[str, ...] = ()  # other names the unit goes by in the document
    sub_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtractionNote:
    """Something the extractor could not recognise or had to guess, said plainly."""

    message: str
    location: SourceLocation


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    source: SourceDocument
    info: DocumentInfo
    tables: tuple[ExtractedTable, ...]
    page_count: int | None = None
    staffing: Staffing | None = None
    contents: tuple[str, ...] = ()  # table titles listed in the contents (目录)
    notes: tuple[ExtractionNote, ...] = ()
    narrative: Narrative | None = None  # the running text's facts (narrative.attach_narrative)
    performance: tuple[PerformanceTable, ...] = ()  # 绩效目标表 / 绩效自评表
