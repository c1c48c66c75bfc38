"""The narrative of generated documents: profile, staffing, explanations with figures, shares and
year-over-year changes that agree with the tables (all computed from the same ``UnitYear``)."""

from __future__ import annotations

from collections.abc import Sequence

from budgetgraph.generate.codes import CodeLists
from budgetgraph.generate.model import FEN_PER_WAN, FISCAL_SOURCES, GPB_SOURCES, Project, Source, UnitYear
from budgetgraph.generate.style import chinese_number
from budgetgraph.generate.tables import Block, Paragraph
from budgetgraph.records import Level

DUTIES = (
    "贯彻执行国家和上级有关{service}工作的方针政策和法律法规，拟订本级{service}政策措施并组织实施。",
    "负责{service}相关经费的预算编制、执行和监督管理工作。",
    "承担{service}信息化建设、运行维护和数据统计分析工作。",
    "组织开展{service}领域的监督检查，依法查处违法违规行为。",
    "完成上级交办的其他任务。",
)

GLOSSARY = (
    "财政拨款：指由一般公共预算、政府性基金预算、国有资本经营预算安排的财政拨款数。",
    "基本支出：指为保障机构正常运转、完成日常工作任务而发生的各项支出，包括人员经费和公用经费。",
    "项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "“三公”经费：指使用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
    "机关运行经费：指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金。",
)


def w(fen: int) -> str:
    """An amount in 万元 as the narrative prints it."""
    return f"{fen / FEN_PER_WAN:.2f}"


def share(part: int, whole: int) -> str:
    return f"{(part / whole * 100) if whole else 0:.2f}%"


def change(now: int, before: int, compared: str) -> str:
    """比上年预算增加 X 万元，增长 Y% — or 减少/下降, or 持平."""
    diff = now - before
    if diff == 0:
        return f"与{compared}持平"
    rate = abs(diff) / before * 100 if before else 100.0
    verb, trend = ("增加", "增长") if diff > 0 else ("减少", "下降")
    return f"比{compared}{verb} {w(abs(diff))} 万元，{trend} {rate:.2f}%"


def staffing_paragraph(uy: UnitYear) -> str:
    s = uy.staffing

    def delta(n: int) -> str:
        return f"增加 {n} 人" if n >= 0 else f"减少 {-n} 人"

    return (
        f"{uy.unit.name}编制数 {s.authorized} 人，实有人数 {s.actual} 人，其中：在职 {s.in_service} 人，"
        f"{delta(s.in_service_change)}；退休 {s.retired} 人，{delta(s.retired_change)}；"
        f"离休 {s.retired_before_1949} 人，增加 0 人。"
    )


def profile(uy: UnitYear, first: str, second: str) -> list[Block]:
    unit = uy.unit
    duties = [d.format(service=unit.kind.public_service) for d in DUTIES]
    blocks: list[Block] = [Paragraph(first, 3)]
    blocks += [Paragraph(f"（{chinese_number(i + 1)}）{d}") for i, d in enumerate(duties)]
    blocks.append(Paragraph(second, 3))
    offices = "、".join(unit.offices)
    if unit.level is Level.DEPARTMENT:
        subs = "、".join(unit.sub_units)
        blocks.append(
            Paragraph(
                f"{unit.name}部门预算包括本级及所属 {len(unit.sub_units) - 1} 家单位，分别是：{subs}。"
                f"机关内设 {len(unit.offices)} 个科室，分别是：{offices}。"
            )
        )
    else:
        blocks.append(
            Paragraph(f"{unit.name}无下属预算单位，下设 {len(unit.offices)} 个科室，分别是：{offices}。")
        )
    blocks.append(Paragraph(staffing_paragraph(uy)))
    return blocks


def _item_path(code: str, codes: CodeLists) -> str:
    return (
        f"{codes.function_name(code[:3])}（类）{codes.function_name(code[:5])}（款）"
        f"{codes.function_name(code)}（项）"
    )


def budget_explanations(uy: UnitYear, codes: CodeLists, level_word: str) -> list[Block]:
    """第三部分 情况说明 of a national-template budget."""
    name, year, prior = uy.unit.name, uy.year, uy.prior
    total = uy.expenditure
    gpb = uy.source_total(Source.GPB) + uy.source_total(Source.GPB_TRANSFER)
    blocks: list[Block] = [Paragraph(f"第三部分 {year} 年{level_word}预算情况说明", 2)]

    def section(n: int, text: str) -> None:
        blocks.append(Paragraph(f"{chinese_number(n)}、关于{name} {year} 年{text}", 3))

    section(1, "收支预算情况的总体说明")
    blocks.append(
        Paragraph(
            f"按照全口径预算的原则，{name} {year} 年所有收入和支出均纳入{level_word}预算管理。"
            f"收支总预算 {w(total)} 万元。"
        )
    )
    section(2, "收入预算情况说明")
    blocks.append(Paragraph(f"{name}收入预算 {w(total)} 万元，其中："))
    blocks.append(
        Paragraph(
            f"一般公共预算 {w(gpb)} 万元，占 {share(gpb, total)}，{change(gpb, prior.gpb, '上年预算')}。"
        )
    )
    for source, label in (
        (Source.GOV_FUND, "政府性基金预算"),
        (Source.UNIT_FUNDS, "单位资金"),
        (Source.CARRYOVER, "财政拨款结转"),
    ):
        amount = uy.source_total(source)
        blocks.append(
            Paragraph(
                f"{label} {w(amount)} 万元，占 {share(amount, total)}。" if amount else f"{label}未安排。"
            )
        )
    section(3, "支出预算情况说明")
    blocks.append(Paragraph(f"{name} {year} 年支出预算 {w(total)} 万元，其中："))
    blocks.append(
        Paragraph(
            f"基本支出 {w(uy.basic)} 万元，占 {share(uy.basic, total)}，"
            f"{change(uy.basic, prior.basic, '上年预算')}。"
        )
    )
    project = uy.project_total()
    blocks.append(
        Paragraph(
            f"项目支出 {w(project)} 万元，占 {share(project, total)}，"
            f"{change(project, prior.project, '上年预算')}。"
        )
    )
    fiscal = gpb + uy.source_total(Source.GOV_FUND)
    section(4, "财政拨款收支预算情况的总体说明")
    blocks.append(Paragraph(f"{year} 年财政拨款收支总预算 {w(fiscal)} 万元。"))
    section(5, "一般公共预算当年拨款情况说明")
    blocks.append(Paragraph("（一）一般公共预算当年拨款规模变化情况", 4))
    gpb_basic = uy.basic
    gpb_project = uy.project_total(GPB_SOURCES)
    blocks.append(
        Paragraph(
            f"{name} {year} 年一般公共预算拨款合计 {w(gpb)} 万元，其中：基本支出 {w(gpb_basic)} 万元；"
            f"项目支出 {w(gpb_project)} 万元。"
        )
    )
    blocks.append(Paragraph("（二）一般公共预算当年拨款结构情况", 4))
    by_class: dict[str, int] = {}
    for code in uy.items():
        by_class[code[:3]] = by_class.get(code[:3], 0) + sum(uy.item_amounts(code, GPB_SOURCES))
    for i, (code, amount) in enumerate((c, a) for c, a in sorted(by_class.items()) if a):
        blocks.append(
            Paragraph(
                f"{i + 1}. {codes.function_name(code)}（类）{w(amount)} 万元，占 {share(amount, gpb)}。"
            )
        )
    blocks.append(Paragraph("（三）一般公共预算当年拨款具体使用情况", 4))
    before = dict(prior.by_item)
    n = 0
    for code in uy.items():
        amount = sum(uy.item_amounts(code, GPB_SOURCES))
        if amount:
            n += 1
            blocks.append(
                Paragraph(
                    f"{n}. {_item_path(code, codes)}：{year} 年预算数为 {w(amount)} 万元，"
                    f"{change(amount, before.get(code, 0), '上年预算数')}。"
                )
            )
    section(6, "一般公共预算基本支出情况说明")
    blocks.append(
        Paragraph(
            f"{name} {year} 年一般公共预算基本支出 {w(uy.basic)} 万元，其中：人员经费 "
            f"{w(uy.personnel)} 万元，主要包括：{_economic_names(uy, codes, ('301', '303'))}；"
            f"公用经费 {w(uy.public)} 万元，主要包括：{_economic_names(uy, codes, ('302', '310'))}。"
        )
    )
    section(7, "一般公共预算项目支出情况说明")
    blocks += project_paragraphs([p for p in uy.projects if p.source in GPB_SOURCES], name)
    section(8, "政府性基金预算拨款情况说明")
    fund = uy.source_total(Source.GOV_FUND)
    blocks.append(
        Paragraph(
            f"{name} {year} 年政府性基金预算拨款 {w(fund)} 万元。"
            if fund
            else f"{name} {year} 年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"
        )
    )
    section(9, "国有资本经营预算拨款情况说明")
    blocks.append(
        Paragraph(
            f"{name} {year} 年没有使用国有资本经营预算拨款安排的支出，国有资本经营预算支出情况表为空表。"
        )
    )
    section(10, "财政拨款“三公”经费预算情况说明")
    blocks += three_public_paragraphs(uy, "上年预算")
    blocks.append(Paragraph(f"{chinese_number(11)}、其他重要事项的情况说明", 3))
    blocks.append(
        Paragraph(
            f"（一）机关运行经费情况：{year} 年{name}机关运行经费财政拨款预算 {w(uy.running_cost)} 万元。"
        )
    )
    blocks.append(Paragraph(f"（二）政府采购情况：{year} 年{name}政府采购预算 {w(uy.procurement)} 万元。"))
    scored = [p for p in uy.projects if p.source in FISCAL_SOURCES]
    blocks.append(
        Paragraph(
            f"（三）预算绩效情况：{year} 年本{level_word}实行绩效目标管理的财政拨款项目 {len(scored)} 个，"
            f"涉及预算金额 {w(sum(p.amount for p in scored))} 万元。"
        )
    )
    return blocks


def _economic_names(uy: UnitYear, codes: CodeLists, classes: Sequence[str]) -> str:
    names = [codes.economic_name(c) for c, a in uy.economic if c[:3] in classes and a]
    return "、".join(names) or "无"


def project_paragraphs(projects: Sequence[Project], unit_name: str) -> list[Block]:
    blocks: list[Block] = []
    for i, p in enumerate(projects):
        blocks.append(Paragraph(f"{i + 1}. 项目名称：{p.name}。"))
        blocks.append(Paragraph(f"预算安排规模：{w(p.amount)} 万元"))
        blocks.append(Paragraph(f"项目承担单位：{unit_name}。"))
        blocks.append(Paragraph(f"项目目标：{p.goal}"))
    return blocks


def three_public_paragraphs(uy: UnitYear, compared: str) -> list[Block]:
    tp = uy.three_public
    return [
        Paragraph(
            f"{uy.unit.name} {uy.year} 年财政拨款“三公”经费数为 {w(tp.total)} 万元，其中：因公出国（境）费 "
            f"{w(tp.overseas)} 万元，公务用车购置费 {w(tp.vehicle_purchase)} 万元，公务用车运行费 "
            f"{w(tp.vehicle_operation)} 万元，公务接待费 {w(tp.reception)} 万元。"
        ),
        Paragraph(f"{uy.year} 年财政拨款“三公”经费{change(tp.total, uy.prior.three_public, compared)}。"),
    ]


def glossary(heading: str) -> list[Block]:
    return [
        Paragraph(heading, 2),
        *(Paragraph(f"{chinese_number(i + 1)}、{g}") for i, g in enumerate(GLOSSARY)),
    ]
