"""Narrative explanations of final accounts (决算) and of the regional (Shanghai-like) budget template."""

from __future__ import annotations

from budgetgraph.generate.codes import CodeLists
from budgetgraph.generate.model import GPB_SOURCES, Source, UnitYear
from budgetgraph.generate.narrative import change, project_paragraphs, share, three_public_paragraphs, w
from budgetgraph.generate.style import chinese_number
from budgetgraph.generate.tables import Block, Paragraph


def final_explanations(uy: UnitYear, codes: CodeLists) -> list[Block]:
    """第三部分 决算情况说明: totals, shares, changes on last year and against the year's budget."""
    name, year, prior = uy.unit.name, uy.year, uy.prior
    budget = uy.budget_of_year
    current_in = uy.expenditure + uy.carry_out - uy.carry_in
    total = current_in + uy.carry_in
    fiscal_in = (
        uy.source_total(Source.GPB) + uy.source_total(Source.GPB_TRANSFER) + uy.source_total(Source.GOV_FUND)
    )
    other = uy.source_total(Source.UNIT_FUNDS)
    blocks: list[Block] = [Paragraph(f"第三部分 {name} {year} 年度部门决算情况说明", 2)]

    def section(n: int, text: str) -> None:
        blocks.append(Paragraph(f"{chinese_number(n)}、{text}", 3))

    section(1, "收入支出决算总体情况说明")
    blocks.append(
        Paragraph(
            f"{year} 年度收入总计 {w(total)} 万元，其中：本年收入合计 {w(current_in)} 万元，"
            f"使用非财政拨款结余 0.00 万元，年初结转和结余 {w(uy.carry_in)} 万元。"
        )
    )
    blocks.append(
        Paragraph(
            f"{year} 年度支出总计 {w(uy.expenditure + uy.carry_out)} 万元，其中：本年支出合计 "
            f"{w(uy.expenditure)} 万元，结余分配 0.00 万元，年末结转和结余 {w(uy.carry_out)} 万元。"
        )
    )
    blocks.append(Paragraph(f"本年支出合计{change(uy.expenditure, prior.total, '上年')}。"))
    section(2, "收入决算情况说明")
    blocks.append(
        Paragraph(
            f"本年收入 {w(current_in)} 万元，其中：财政拨款收入 {w(fiscal_in)} 万元，占 "
            f"{share(fiscal_in, current_in)}；上级补助收入 0.00 万元，占 0.00%；事业收入 0.00 万元，"
            f"占 0.00%；经营收入 0.00 万元，占 0.00%；附属单位上缴收入 0.00 万元，占 0.00%；"
            f"其他收入 {w(other)} 万元，占 {share(other, current_in)}。"
        )
    )
    section(3, "支出决算情况说明")
    project = uy.project_total()
    blocks.append(
        Paragraph(
            f"本年支出 {w(uy.expenditure)} 万元，其中：基本支出 {w(uy.basic)} 万元，占 "
            f"{share(uy.basic, uy.expenditure)}；项目支出 {w(project)} 万元，占 "
            f"{share(project, uy.expenditure)}。"
        )
    )
    section(4, "财政拨款收入支出决算总体情况说明")
    gpb_spent = uy.basic + uy.project_total(GPB_SOURCES | {Source.CARRYOVER})
    if budget is not None:
        gap = (gpb_spent - budget.gpb) / budget.gpb * 100 if budget.gpb else 0.0
        blocks.append(
            Paragraph(
                f"与年初预算相比，年初预算数 {w(budget.gpb)} 万元，决算数 {w(gpb_spent)} 万元，"
                f"预决算差异率 {gap:.2f}%。"
            )
        )
    section(5, "一般公共预算财政拨款支出决算情况说明")
    blocks.append(
        Paragraph(
            f"{year} 年度一般公共预算财政拨款支出 {w(gpb_spent)} 万元，占本年支出合计的 "
            f"{share(gpb_spent, uy.expenditure)}。"
        )
    )
    before = dict(prior.by_item)
    n = 0
    for code in uy.items():
        amount = sum(uy.item_amounts(code, GPB_SOURCES | {Source.CARRYOVER}))
        if amount:
            n += 1
            blocks.append(
                Paragraph(
                    f"{n}. {codes.function_name(code[:3])}(类){codes.function_name(code[:5])}(款)"
                    f"{codes.function_name(code)}(项)：支出决算数为 {w(amount)} 万元，"
                    f"{change(amount, before.get(code, 0), '上年决算')}。"
                )
            )
    section(6, "一般公共预算财政拨款基本支出决算情况说明")
    blocks.append(
        Paragraph(
            f"{year} 年度一般公共预算财政拨款基本支出 {w(uy.basic)} 万元，其中：人员经费 "
            f"{w(uy.personnel)} 万元；公用经费 {w(uy.public)} 万元。"
        )
    )
    section(7, "财政拨款“三公”经费支出决算情况说明")
    tp, tb = uy.three_public, uy.three_public_budget
    if tb is not None:
        blocks.append(
            Paragraph(
                f"“三公”经费财政拨款支出年初预算为 {w(tb.total)} 万元，支出决算为 {w(tp.total)} 万元，"
                f"完成预算的 {share(tp.total, tb.total)}。"
            )
        )
    blocks += three_public_paragraphs(uy, "上年决算")
    section(8, "政府性基金预算财政拨款收入支出决算情况说明")
    fund = uy.source_total(Source.GOV_FUND)
    blocks.append(
        Paragraph(
            f"{year} 年度政府性基金预算财政拨款支出 {w(fund)} 万元。"
            if fund
            else "本单位本年度无政府性基金预算财政拨款收入、支出及结转和结余，"
            "政府性基金预算财政拨款收入支出决算表为空表。"
        )
    )
    section(9, "国有资本经营预算财政拨款收入支出决算情况说明")
    blocks.append(
        Paragraph(
            "本单位本年度无国有资本经营预算财政拨款收入、支出及结转和结余，"
            "国有资本经营预算财政拨款收入支出决算表为空表。"
        )
    )
    section(10, "其他重要事项的情况说明")
    blocks.append(
        Paragraph(f"（一）机关运行经费支出情况：{year} 年度机关运行经费支出 {w(uy.running_cost)} 万元。")
    )
    blocks.append(Paragraph(f"（二）政府采购情况：{year} 年度政府采购支出总额 {w(uy.procurement)} 万元。"))
    section(11, "预算绩效情况说明")
    scored = [p for p in uy.projects if p.source is not Source.UNIT_FUNDS]
    blocks.append(
        Paragraph(
            f"{year} 年度开展绩效自评的项目 {len(scored)} 个，全年执行数 "
            f"{w(sum(p.amount for p in scored))} 万元。具体项目自评情况附绩效自评表。"
        )
    )
    return blocks


def shanghai_explanations(uy: UnitYear, codes: CodeLists) -> list[Block]:
    """四、部门预算编制说明 of the regional template."""
    name, year, prior = uy.unit.name, uy.year, uy.prior
    fiscal = (
        uy.source_total(Source.GPB) + uy.source_total(Source.GPB_TRANSFER) + uy.source_total(Source.GOV_FUND)
    )
    other = uy.source_total(Source.UNIT_FUNDS)
    gpb = uy.source_total(Source.GPB) + uy.source_total(Source.GPB_TRANSFER)
    blocks: list[Block] = [Paragraph(f"{year}年部门预算编制说明", 2)]
    blocks.append(
        Paragraph(
            f"{year}年，{name}收入预算{w(uy.expenditure)}万元，其中：财政拨款收入{w(fiscal)}万元，"
            f"{change(gpb, prior.gpb, f'{year - 1}年预算')}；事业收入0万元；事业单位经营收入0万元；"
            f"其他收入{w(other)}万元。"
        )
    )
    blocks.append(
        Paragraph(
            f"支出预算{w(uy.expenditure)}万元，其中：基本支出{w(uy.basic)}万元，"
            f"项目支出{w(uy.project_total())}万元。"
        )
    )
    blocks.append(Paragraph("财政拨款支出主要内容如下："))
    n = 0
    for code in uy.items():
        amount = sum(uy.item_amounts(code, GPB_SOURCES))
        if amount:
            n += 1
            path = "-".join(codes.function_name(c) for c in (code[:3], code[:5], code))
            blocks.append(Paragraph(f"{n}. “{path}”科目{w(amount)}万元。"))
    return blocks


def shanghai_other(uy: UnitYear) -> list[Block]:
    tp = uy.three_public
    year = uy.year
    return [
        Paragraph("其他相关情况说明", 2),
        Paragraph(f"一、{year}年“三公”经费预算情况说明"),
        Paragraph(
            f"{year}年“三公”经费预算数为{w(tp.total)}万元，"
            f"{change(tp.total, uy.prior.three_public, f'{year - 1}年预算')}。"
            f"其中：因公出国（境）费{w(tp.overseas)}万元；公务用车购置及运行费{w(tp.vehicles)}万元；"
            f"公务接待费{w(tp.reception)}万元。"
        ),
        Paragraph("二、机关运行经费预算"),
        Paragraph(f"{year}年{uy.unit.name}机关运行经费预算为{w(uy.running_cost // 10000 * 10000)}万元。"),
        Paragraph("三、政府采购预算情况"),
        Paragraph(f"{year}年本部门政府采购预算{w(uy.procurement)}万元。"),
        Paragraph("项目经费情况说明", 2),
        *project_paragraphs(uy.projects, uy.unit.name),
    ]
