"""The ground truth of a generated document: a unit's budget (or final accounts) as atoms.

Every printed total is a sum of these atoms, so sums hold by construction. Amounts are integers in
fen (分, 0.01 yuan) so that sums are exact; ``wan`` converts one to ``Decimal`` 万元.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from budgetgraph.generate.codes import DepartmentKind
from budgetgraph.records import Level, Phase

FEN_PER_WAN = 1_000_000
FEN_PER_YUAN = 100


def wan(fen: int) -> Decimal:
    """An amount in fen as 万元."""
    return Decimal(fen) / FEN_PER_WAN


class Source(StrEnum):
    """Where a project's money comes from (a simplification of the income lines)."""

    GPB = "gpb"  # 一般公共预算 当年拨款 (一般财力)
    GPB_TRANSFER = "gpb-transfer"  # 上级一般公共预算安排转移支付
    GOV_FUND = "gov-fund"  # 政府性基金预算
    UNIT_FUNDS = "unit-funds"  # 单位资金 (其他收入)
    CARRYOVER = "carryover"  # 上年财政拨款结转 (一般公共预算)


FISCAL_SOURCES = frozenset({Source.GPB, Source.GPB_TRANSFER, Source.GOV_FUND, Source.CARRYOVER})
GPB_SOURCES = frozenset({Source.GPB, Source.GPB_TRANSFER})


class Template(StrEnum):
    NATIONAL = "national"  # the national template (财政部 公开表 as the seeds print it)
    SHANGHAI = "shanghai"  # a Shanghai-like regional template (元, spaced codes, 部门财务收支预算总表)


@dataclass(frozen=True)
class Unit:
    """A budget unit: a department (with sub-units) or a single unit."""

    name: str  # full name as the cover prints it
    short_name: str  # the abbreviation some tables print in 编制单位
    place: str  # the government it belongs to (乌鲁木齐市, 普陀区 …)
    province: str
    kind: DepartmentKind
    level: Level
    sub_units: tuple[str, ...] = ()
    offices: tuple[str, ...] = ()  # 内设科室
    key: str = ""  # a stable file-name key


@dataclass(frozen=True)
class Staffing:
    authorized: int
    in_service: int
    retired: int
    retired_before_1949: int
    in_service_change: int
    retired_change: int

    @property
    def actual(self) -> int:
        return self.in_service + self.retired + self.retired_before_1949


@dataclass(frozen=True)
class Indicator:
    """A row of a performance-target (绩效目标) or self-evaluation (绩效自评) table."""

    level1: str  # 一级指标
    level2: str  # 二级指标
    name: str  # 三级指标
    target: str  # 指标值
    prior: str  # 上年完成值
    weight: int  # 分值
    actual: str  # 实际完成值 (final accounts)
    score: int  # 得分 (final accounts)


@dataclass(frozen=True)
class Project:
    name: str
    function_code: str  # the 项 it is classified under
    source: Source
    economic_class: str  # 3-digit economic class of its spending: 302, 303 or 310
    amount: int  # fen
    goal: str
    indicators: tuple[Indicator, ...]
    budgeted: int = 0  # final accounts: the amount the year's budget gave the project (年初预算数)


@dataclass(frozen=True)
class ThreePublic:
    """财政拨款“三公”经费: the items; the totals are derived."""

    overseas: int
    reception: int
    vehicle_purchase: int
    vehicle_operation: int

    @property
    def vehicles(self) -> int:
        return self.vehicle_purchase + self.vehicle_operation

    @property
    def total(self) -> int:
        return self.overseas + self.reception + self.vehicles


@dataclass(frozen=True)
class PriorFigures:
    """Last year's figures of the same phase, for the narrative's year-over-year statements."""

    total: int
    gpb: int
    basic: int
    project: int
    three_public: int
    by_item: tuple[tuple[str, int], ...]  # GPB spending by 项 code


@dataclass(frozen=True)
class UnitYear:
    """One unit, one year, one phase: the atoms everything printed is summed from."""

    unit: Unit
    year: int
    phase: Phase
    staffing: Staffing
    economic: tuple[tuple[str, int], ...]  # basic expenditure (一般公共预算) by 5-digit economic code
    basic_by_item: tuple[tuple[str, int], ...]  # the same money by 7-digit function code
    projects: tuple[Project, ...]
    three_public: ThreePublic
    carry_in: int  # 年初结转和结余 (财政拨款, 一般公共预算)
    prior: PriorFigures
    budget_of_year: PriorFigures | None = None  # final accounts: the same year's budget (年初预算)
    three_public_budget: ThreePublic | None = None  # final accounts: the 三公 budget of the year
    running_cost: int = 0  # 机关运行经费 (the public part of basic expenditure)
    procurement: int = 0  # 政府采购预算

    # ---- derived figures ------------------------------------------------------------------
    @property
    def personnel(self) -> int:
        return sum(a for code, a in self.economic if code[:3] in ("301", "303"))

    @property
    def public(self) -> int:
        return sum(a for code, a in self.economic if code[:3] in ("302", "310"))

    @property
    def basic(self) -> int:
        return sum(a for _, a in self.economic)

    def project_total(self, sources: frozenset[Source] | None = None) -> int:
        return sum(p.amount for p in self.projects if sources is None or p.source in sources)

    def source_total(self, source: Source) -> int:
        own = self.basic if source is Source.GPB else 0
        return own + sum(p.amount for p in self.projects if p.source is source)

    @property
    def expenditure(self) -> int:
        return self.basic + self.project_total()

    @property
    def carry_out(self) -> int:
        """年末结转和结余: the carried-in money not spent this year (final accounts)."""
        return self.carry_in - self.source_total(Source.CARRYOVER)

    def items(self) -> tuple[str, ...]:
        """Every 7-digit function code with spending, sorted."""
        codes = {code for code, _ in self.basic_by_item} | {p.function_code for p in self.projects}
        return tuple(sorted(codes))

    def item_amounts(self, code: str, sources: frozenset[Source] | None = None) -> tuple[int, int]:
        """(basic, project) spending on one 项 from the given sources (all when None)."""
        basic = 0
        if sources is None or Source.GPB in sources:
            basic = sum(a for c, a in self.basic_by_item if c == code)
        project = sum(
            p.amount
            for p in self.projects
            if p.function_code == code and (sources is None or p.source in sources)
        )
        return basic, project
