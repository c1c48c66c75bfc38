"""Synthesis of a unit's budgets and final accounts, year after year, as ``UnitYear`` atoms.

Amounts are drawn in fen and rounded to the document's grain (0.01 万元 for documents printed in
万元; 1 fen for documents printed in 元), so every printed figure is exact and every printed sum holds.
A unit's next year grows out of its previous one, so year-over-year statements agree across documents.
"""

from __future__ import annotations

import random

from budgetgraph.generate.codes import CodeLists
from budgetgraph.generate.model import (
    FEN_PER_WAN,
    GPB_SOURCES,
    Indicator,
    PriorFigures,
    Project,
    Source,
    Staffing,
    ThreePublic,
    Unit,
    UnitYear,
)
from budgetgraph.records import Level, Phase

WAN_GRAIN = FEN_PER_WAN // 100  # 0.01 万元

# (code, 万元 per in-service person per year: low, high, probability of the line)
WAGE_LINES = (
    ("30101", 2.5, 4.5, 1.0),
    ("30102", 3.0, 8.0, 1.0),
    ("30103", 0.5, 1.5, 0.6),
    ("30106", 0.2, 0.6, 0.2),
    ("30107", 1.0, 3.0, 0.7),
    ("30199", 0.1, 1.0, 0.3),
)
# (code, share of the wage bill, probability)
CONTRIBUTIONS = (
    ("30108", 0.16, 1.0),
    ("30109", 0.08, 0.5),
    ("30110", 0.07, 1.0),
    ("30111", 0.015, 0.5),
    ("30112", 0.005, 0.8),
    ("30113", 0.12, 1.0),
)
PUBLIC_LINES = (
    "30201",
    "30202",
    "30204",
    "30205",
    "30206",
    "30207",
    "30208",
    "30209",
    "30211",
    "30213",
    "30214",
    "30215",
    "30216",
    "30218",
    "30226",
    "30227",
    "30229",
    "30239",
    "30299",
)
# economic code -> the function 项 basic money on it is classified under (else 行政运行)
ITEM_OF_ECONOMIC = {
    "30108": "2080505",
    "30109": "2080506",
    "30110": "2101101",
    "30111": "2101103",
    "30113": "2210201",
    "30301": "2080501",
    "30302": "2080501",
}

PROJECT_TOPICS = (
    "{service}专项经费",
    "信息化系统运行维护经费",
    "业务宣传经费",
    "{service}能力提升补助资金",
    "聘用人员劳务费",
    "办公用房维修改造经费",
    "专项工作经费",
    "档案数字化建设经费",
    "第三方服务购买经费",
    "{service}绩效评价经费",
    "{service}设备购置经费",
    "培训工作经费",
)


def money(rng: random.Random, low_wan: float, high_wan: float, grain: int) -> int:
    """A random amount in fen between two amounts in 万元, a multiple of ``grain`` (at least one)."""
    fen = rng.uniform(low_wan, high_wan) * FEN_PER_WAN
    return max(grain, int(fen // grain) * grain)


def scale(amount: int, factor: float, grain: int) -> int:
    return int(amount * factor // grain) * grain


def _basic_by_item(
    economic: dict[str, int], unit: Unit, codes: CodeLists, grain: int
) -> tuple[tuple[str, int], ...]:
    admin = unit.kind.section + "01"
    service = unit.kind.section + "50"
    by_item: dict[str, int] = {}
    for code, amount in economic.items():
        item = ITEM_OF_ECONOMIC.get(code, admin)
        if not codes.has_function(item) or not codes.has_function(item[:5]):
            item = admin
        if item == admin and unit.sub_units and codes.has_function(service):
            share = amount * 3 // 10 // grain * grain
            by_item[service] = by_item.get(service, 0) + share
            amount -= share
        by_item[item] = by_item.get(item, 0) + amount
    return tuple(sorted((code, amount) for code, amount in by_item.items() if amount))


def _staffing(rng: random.Random, unit: Unit, previous: Staffing | None) -> Staffing:
    if previous is None:
        size = rng.randint(4, 40) * (3 if unit.level is Level.DEPARTMENT else 1)
        authorized = size + rng.randint(0, max(1, size // 5))
        return Staffing(authorized, size, rng.randint(0, size // 3 + 1), rng.choice((0, 0, 0, 1)), 0, 0)
    change = rng.randint(-2, 3)
    retired_change = rng.randint(0, 2)
    in_service = max(2, previous.in_service + change)
    return Staffing(
        max(previous.authorized, in_service),
        in_service,
        previous.retired + retired_change,
        previous.retired_before_1949,
        in_service - previous.in_service,
        retired_change,
    )


def _economic(rng: random.Random, staff: Staffing, grain: int, codes: CodeLists) -> dict[str, int]:
    people = staff.in_service
    lines: dict[str, int] = {}
    for code, low, high, probability in WAGE_LINES:
        if rng.random() < probability:
            lines[code] = money(rng, low * people, high * people, grain)
    wages = sum(lines.values())
    for code, share, probability in CONTRIBUTIONS:
        if rng.random() < probability:
            lines[code] = max(grain, scale(wages, share * rng.uniform(0.95, 1.05), grain))
    if staff.retired:
        lines["30302"] = money(rng, 0.3 * staff.retired, 1.2 * staff.retired, grain)
    if staff.retired_before_1949:
        lines["30301"] = money(rng, 8.0, 15.0, grain)
    if rng.random() < 0.3:
        lines["30305"] = money(rng, 0.5, 4.0, grain)
    for code in rng.sample(PUBLIC_LINES, rng.randint(4, 12)):
        lines[code] = money(rng, 0.02 * people, 0.5 * people, grain)
    lines["30228"] = max(grain, scale(wages, 0.02, grain))
    # 三公 lines are printed in 万元 even where the rest is in 元: keep them whole 0.01 万元
    lines["30217"] = money(rng, 0.1, 3.0, WAN_GRAIN)
    if rng.random() < 0.6:
        lines["30231"] = money(rng, 0.8, 8.0, WAN_GRAIN)
    if rng.random() < 0.15:
        lines["30212"] = money(rng, 1.0, 12.0, WAN_GRAIN)
    if rng.random() < 0.3:
        lines["31002"] = money(rng, 0.5, 20.0, grain)
    return {c: a for c, a in sorted(lines.items()) if codes.has_economic(c) and codes.has_economic(c[:3])}


def _indicators(rng: random.Random, name: str, amount: int, year: int) -> tuple[Indicator, ...]:
    count = rng.randint(2, 12)
    wan_amount = f"{amount / FEN_PER_WAN:.2f}"
    rows = [
        (
            "产出指标",
            "数量指标",
            f"{name.removeprefix(f'{year}年')[:8]}完成数量",
            f"={count}项",
            f"{count}项",
        ),
        ("产出指标", "质量指标", "验收合格率", ">=95%", "95%"),
        ("产出指标", "时效指标", "任务按时完成率", ">=95%", "100%"),
        ("成本指标", "经济成本指标", "项目预算控制数", f"<={wan_amount}万元", "—"),
        ("效益指标", "社会效益指标", "服务对象覆盖率", f">={rng.choice((80, 85, 90))}%", "90%"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", f">={rng.choice((80, 85, 90))}%", "90%"),
    ]
    chosen = rows[:3] + rng.sample(rows[3:], rng.randint(1, 3))
    weights = [10, 10, 10, 20, 20, 20][: len(chosen)]
    weights[-1] += 90 - sum(weights)
    result = []
    for (l1, l2, n, target, prior), weight in zip(chosen, weights, strict=True):
        achieved = rng.random() < 0.85
        actual = target.lstrip("<>=") if achieved else "基本完成"
        score = weight if achieved else weight - rng.randint(1, max(1, weight // 4))
        result.append(Indicator(l1, l2, n, target, prior, weight, actual, score))
    return tuple(result)


def _projects(
    rng: random.Random,
    unit: Unit,
    year: int,
    people: int,
    grain: int,
    codes: CodeLists,
    previous: tuple[Project, ...],
) -> tuple[Project, ...]:
    items = [c for c in unit.kind.project_items if codes.has_function(c) and codes.has_function(c[:5])]
    items.append(unit.kind.section + "01")
    size = (people / 15) ** 0.5
    projects: list[Project] = []
    names: set[str] = set()
    for old in previous:  # most projects go on the next year
        if rng.random() < 0.6:
            name = old.name.replace(f"{year - 1}年", f"{year}年")
            amount = scale(old.amount, rng.uniform(0.8, 1.25), grain) or grain
            indicators = _indicators(rng, name, amount, year)
            projects.append(
                Project(name, old.function_code, old.source, old.economic_class, amount, old.goal, indicators)
            )
            names.add(name)
    wanted = rng.randint(1, 4) + (2 if unit.level is Level.DEPARTMENT else 0)
    while len(projects) < wanted:
        topic = rng.choice(PROJECT_TOPICS).format(service=unit.kind.public_service)
        name = f"{year}年{topic}" if rng.random() < 0.5 else topic
        if name in names:
            name = (
                f"{name}（{unit.kind.short}）"
                if f"{name}（{unit.kind.short}）" not in names
                else f"{name}二期"
            )
        if name in names:
            break
        names.add(name)
        roll = rng.random()
        source = (
            Source.GPB
            if roll < 0.7
            else Source.GPB_TRANSFER
            if roll < 0.82
            else Source.UNIT_FUNDS
            if roll < 0.9
            else Source.CARRYOVER
        )
        economic_class = "310" if "购置" in name else rng.choice(("302", "302", "302", "303"))
        amount = money(rng, 1.0 * size, 150.0 * size, grain)
        goal = f"保障{unit.kind.public_service}工作正常开展，按时完成{topic}年度任务。"
        code = rng.choice(items)
        projects.append(
            Project(name, code, source, economic_class, amount, goal, _indicators(rng, name, amount, year))
        )
    fund = unit.kind.fund_item
    if fund and codes.has_function(fund) and codes.has_function(fund[:5]) and rng.random() < 0.5:
        name = f"{year}年彩票公益金资助项目"
        amount = money(rng, 5.0, 80.0, grain)
        projects.append(
            Project(
                name,
                fund,
                Source.GOV_FUND,
                "303",
                amount,
                "资助社会福利事业。",
                _indicators(rng, name, amount, year),
            )
        )
    return tuple(projects)


def figures_of(unit_year: UnitYear) -> PriorFigures:
    """A unit-year's headline figures, as the next year (or the final accounts) refer to them."""
    by_item = tuple((code, sum(unit_year.item_amounts(code, GPB_SOURCES))) for code in unit_year.items())
    return PriorFigures(
        total=unit_year.expenditure,
        gpb=unit_year.source_total(Source.GPB) + unit_year.source_total(Source.GPB_TRANSFER),
        basic=unit_year.basic,
        project=unit_year.project_total(),
        three_public=unit_year.three_public.total,
        by_item=by_item,
    )


def _invented_prior(rng: random.Random, figures: PriorFigures, grain: int) -> PriorFigures:
    def back(amount: int) -> int:
        return scale(amount, rng.uniform(0.8, 1.15), grain)

    return PriorFigures(
        back(figures.total),
        back(figures.gpb),
        back(figures.basic),
        back(figures.project),
        scale(figures.three_public, rng.uniform(0.8, 1.2), WAN_GRAIN),
        tuple((code, back(amount)) for code, amount in figures.by_item),
    )


def _three_public(economic: dict[str, int], projects: tuple[Project, ...]) -> ThreePublic:
    return ThreePublic(
        overseas=economic.get("30212", 0),
        reception=economic.get("30217", 0),
        vehicle_purchase=0,
        vehicle_operation=economic.get("30231", 0),
    )


def synthesize_budget(
    rng: random.Random, unit: Unit, year: int, grain: int, codes: CodeLists, previous: UnitYear | None
) -> UnitYear:
    """The unit's budget (预算) of ``year``, grown from last year's budget when there is one."""
    staff = _staffing(rng, unit, previous.staffing if previous else None)
    economic = _economic(rng, staff, grain, codes)
    projects = _projects(
        rng, unit, year, staff.in_service, grain, codes, previous.projects if previous else ()
    )
    carry_in = sum(p.amount for p in projects if p.source is Source.CARRYOVER)
    draft = UnitYear(
        unit=unit,
        year=year,
        phase=Phase.BUDGET,
        staffing=staff,
        economic=tuple(economic.items()),
        basic_by_item=_basic_by_item(economic, unit, codes, grain),
        projects=projects,
        three_public=_three_public(economic, projects),
        carry_in=carry_in,
        prior=PriorFigures(0, 0, 0, 0, 0, ()),
        running_cost=sum(a for c, a in economic.items() if c.startswith("302")),
        procurement=sum(p.amount for p in projects if p.economic_class in ("302", "310"))
        // 2
        // grain
        * grain,
    )
    figures = figures_of(draft)
    prior = figures_of(previous) if previous else _invented_prior(rng, figures, grain)
    return _replace_prior(draft, prior)


def _replace_prior(unit_year: UnitYear, prior: PriorFigures) -> UnitYear:
    from dataclasses import replace

    return replace(unit_year, prior=prior)


def synthesize_final(
    rng: random.Random, budget: UnitYear, grain: int, codes: CodeLists, previous_final: UnitYear | None
) -> UnitYear:
    """The final accounts (决算) of the budget's year: the budget's atoms as executed."""
    from dataclasses import replace

    economic = {
        code: scale(
            amount, rng.uniform(0.85, 1.02), WAN_GRAIN if code in ("30212", "30217", "30231") else grain
        )
        for code, amount in budget.economic
    }
    economic = {code: amount for code, amount in economic.items() if amount}
    projects = tuple(
        replace(
            p,
            amount=max(grain, scale(p.amount, rng.uniform(0.6, 1.0), grain)),
            budgeted=p.amount // grain * grain,
        )
        for p in budget.projects
    )
    final = UnitYear(
        unit=budget.unit,
        year=budget.year,
        phase=Phase.FINAL,
        staffing=budget.staffing,
        economic=tuple(economic.items()),
        basic_by_item=_basic_by_item(economic, budget.unit, codes, grain),
        projects=projects,
        three_public=_three_public(economic, projects),
        carry_in=budget.carry_in // grain * grain,
        prior=PriorFigures(0, 0, 0, 0, 0, ()),
        budget_of_year=figures_of(budget),
        three_public_budget=budget.three_public,
        running_cost=sum(a for c, a in economic.items() if c.startswith("302")),
        procurement=scale(budget.procurement, rng.uniform(0.7, 1.0), grain),
    )
    figures = figures_of(final)
    prior = figures_of(previous_final) if previous_final else _invented_prior(rng, figures, grain)
    return replace(final, prior=prior)
