"""Typed records of what a disclosure says outside its standard tables.

The narrative (说明): the unit profile, every year-over-year statement and share, budget against
final figures, project descriptions, the counted facts of the 三公 / 政府采购 / 国有资产 / 机关运行经费 /
预算绩效 sections and the glossary. The performance tables (绩效目标表 / 绩效自评表): funds, goals and
indicator rows. Amounts are ``Decimal`` in 万元; every record carries its ``SourceLocation``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from budgetgraph.records import Funding, LineItem, SourceLocation, SpendingKind, TableKind


class Direction(StrEnum):
    INCREASE = "Increase"
    DECREASE = "Decrease"
    UNCHANGED = "Unchanged"


class Topic(StrEnum):
    """What a narrative section is about. Values are ontology local names."""

    THREE_PUBLIC = "ThreePublicTopic"  # 三公 details
    OPERATING_COSTS = "OperatingCostsTopic"  # 机关运行经费
    PROCUREMENT = "ProcurementTopic"  # 政府采购
    ASSETS = "AssetsTopic"  # 国有资产占用
    PERFORMANCE = "PerformanceTopic"  # 预算绩效 overview
    CARRYOVER = "CarryoverTopic"  # 结转结余
    OTHER = "OtherTopic"


@dataclass(frozen=True)
class Subject:
    """What a statement is about, as printed, and the budget line it names when that is clear."""

    label: str
    path: tuple[str, ...] = ()  # 类 / 款 / 项 names when the label is a classification path
    code: str | None = None  # function code when printed or resolved from the document's tables
    funding: Funding | None = None
    kind: SpendingKind | None = None
    item: LineItem | None = None
    topic: Topic | None = None  # 机关运行经费 and the like


@dataclass(frozen=True)
class Statement:
    """One figure of the narrative with what is said about it: its share, its change on last year,
    and the reason given. ``change`` and ``percent`` are signed (negative for 减少 / 下降)."""

    subject: Subject
    text: str
    location: SourceLocation
    amount: Decimal | None = None
    share: Decimal | None = None  # 占 X%
    change: Decimal | None = None
    percent: Decimal | None = None
    direction: Direction | None = None
    compared_with: str | None = None  # 上年预算 / 上年决算 / 上年 as printed
    reason: str | None = None

    @property
    def previous(self) -> Decimal | None:
        """Last year's figure implied by the amount and the change."""
        if self.amount is None or self.change is None:
            return None
        return self.amount - self.change


@dataclass(frozen=True)
class BudgetVsFinal:
    """年初预算数 against 决算数 and the 预决算差异率 (决算 documents)."""

    subject: Subject
    budget: Decimal
    final: Decimal
    deviation: Decimal | None  # percent as printed
    text: str
    location: SourceLocation
    reason: str | None = None
    stated: Direction | None = None  # "决算数大于 / 小于 / 等于预算数" as worded


@dataclass(frozen=True)
class Quantity:
    """A counted or valued fact of a narrative section: 车辆 1 辆, 政府采购货物预算 1.42 万元."""

    topic: Topic
    label: str
    value: Decimal  # 万元 for money, else the printed count or measure
    unit: str  # 万元, 辆, 人次, 批次, 个, 平方米, 台(套) …
    text: str
    location: SourceLocation
    category: str | None = None  # goods / works / services / sme / micro, building / vehicle …


@dataclass(frozen=True)
class UnitProfile:
    functions: tuple[str, ...]
    departments: tuple[str, ...]
    department_count: int | None
    sub_units: tuple[str, ...]
    location: SourceLocation


@dataclass(frozen=True)
class ProjectField:
    label: str
    value: str


@dataclass(frozen=True)
class ProjectDetail:
    """A 项目名称 section of the narrative."""

    name: str  # as printed in the narrative
    location: SourceLocation
    project: str | None = None  # the project table's name for it, when that is spelled differently
    fields: tuple[ProjectField, ...] = ()
    policy_basis: str | None = None
    document_numbers: tuple[str, ...] = ()
    scale: Decimal | None = None  # 预算安排规模, 万元
    implementing_unit: str | None = None
    allocation: str | None = None
    allocation_amounts: tuple[Decimal, ...] = ()
    period: str | None = None
    funding_source: str | None = None
    beneficiaries: str | None = None
    subsidy_count: int | None = None
    subsidy_standard: str | None = None


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    location: SourceLocation


@dataclass(frozen=True)
class Narrative:
    """Everything the running text of one document says."""

    profile: UnitProfile | None = None
    statements: tuple[Statement, ...] = ()
    budget_vs_final: tuple[BudgetVsFinal, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    projects: tuple[ProjectDetail, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()


# --------------------------------------------------------------------------------------------
# Performance tables


class Operator(StrEnum):
    GE = "≥"
    LE = "≤"
    GT = ">"
    LT = "<"
    EQ = "="
    QUALITATIVE = "qualitative"


@dataclass(frozen=True)
class Target:
    """An indicator value as printed and parsed: ``>=95%`` is (GE, 95, "%")."""

    text: str
    operator: Operator
    number: Decimal | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Indicator:
    level1: str
    level2: str
    level3: str
    target: Target
    location: SourceLocation
    weight: Decimal | None = None
    basis: str | None = None
    scoring_rule: str | None = None
    evidence: str | None = None
    last_year: str | None = None
    actual: str | None = None  # self-evaluations
    score: Decimal | None = None
    deviation_reason: str | None = None


@dataclass(frozen=True)
class FundLine:
    """A money cell of a performance table's head, with its label: 年度预算总额 12.65."""

    label: str
    amount: Decimal  # 万元
    column: str | None = None  # 年初预算数 / 全年预算数 / 执行数 … in self-evaluations


@dataclass(frozen=True)
class PerformanceTable:
    kind: TableKind  # PERFORMANCE_TARGETS or PERFORMANCE_EVALUATION
    title: str
    location: SourceLocation
    project_name: str | None = None  # as printed in the table; None for unit/department tables
    project: str | None = None  # the document's project it belongs to (another spelling, maybe)
    unit_name: str | None = None
    responsible: str | None = None
    phone: str | None = None  # only when asked for (``publish_phones``)
    goal: str | None = None
    achieved: str | None = None  # self-evaluations: 实际完成情况
    funds: tuple[FundLine, ...] = ()
    total: Decimal | None = None
    fiscal: Decimal | None = None
    other: Decimal | None = None
    execution_rate: Decimal | None = None
    score: Decimal | None = None
    indicators: tuple[Indicator, ...] = ()
