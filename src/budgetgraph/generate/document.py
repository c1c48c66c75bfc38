"""Assembling a generated document: cover, contents, profile, tables, explanations, glossary."""

from __future__ import annotations

from budgetgraph.generate import budget_tables as bt
from budgetgraph.generate import final_tables as ft
from budgetgraph.generate import project_table as pt
from budgetgraph.generate import shanghai_tables as st
from budgetgraph.generate.codes import CodeLists
from budgetgraph.generate.explain import final_explanations, shanghai_explanations, shanghai_other
from budgetgraph.generate.model import GPB_SOURCES, Source, Template, UnitYear
from budgetgraph.generate.narrative import budget_explanations, glossary, profile
from budgetgraph.generate.performance import evaluation_table, target_table
from budgetgraph.generate.style import Style, chinese_number
from budgetgraph.generate.tables import PAGE, Block, Constraint, Document, Paragraph, Table, find_row, same
from budgetgraph.records import AmountUnit, Level, Phase, TableKind

EMPTY = "{name} {year} 年没有使用{what}安排的支出，{title}为空表。"


def _numbered(
    built: list[bt.Built], numbered: bool, organisation: str
) -> tuple[list[Table], list[Constraint]]:
    tables, constraints = [], []
    for i, (table, cons) in enumerate(built):
        from dataclasses import replace

        tables.append(replace(table, number=i + 1 if numbered else None, organisation=organisation))
        constraints.extend(cons)
    return tables, constraints


def _class_links(
    by_key: dict[str, Table],
    left: str,
    left_col: int,
    right: str,
    right_col: int,
    classes: list[str] | None = None,
) -> list[Constraint]:
    """Class rows of a coded table (right) against the class lines of a two-sided table (left):
    by the printed code when ``classes`` is None, else by position in ``classes``."""
    a, b = by_key[left], by_key[right]
    cons = []
    for i, row in enumerate(b.rows):
        if not (row.code and len(row.code) == 3):
            continue
        if classes is None:
            j = next(k for k, r in enumerate(a.rows) if r.cells[2].text.startswith(row.code + " "))
        else:
            j = classes.index(row.code)
        cons.append(same(a, j, left_col, b, i, right_col))
    return cons


def _national_budget(uy: UnitYear, codes: CodeLists, style: Style) -> tuple[list[bt.Built], str]:
    lw = "部门" if uy.unit.level is Level.DEPARTMENT else "单位"
    name, year = uy.unit.name, uy.year
    fund = frozenset({Source.GOV_FUND})
    fund_table = (
        bt.spending_table(
            uy,
            "fund",
            TableKind.GOV_FUND,
            "政府性基金预算支出情况表",
            "政府性基金预算支出",
            fund,
            codes,
            style,
        )
        if uy.source_total(Source.GOV_FUND)
        else bt.empty_table(
            "fund",
            TableKind.GOV_FUND,
            "政府性基金预算支出情况表",
            EMPTY.format(name=name, year=year, what="政府性基金预算拨款", title="政府性基金预算支出情况表"),
            style,
            style.zero != "",
        )
    )
    built = [
        bt.summary_table(uy, f"{lw}收支总体情况表", style, lw, codes),
        bt.income_table(uy, f"{lw}收入总体情况表", codes, style),
        bt.spending_table(
            uy, "expenditure", TableKind.EXPENDITURE, f"{lw}支出总体情况表", "支出预算", None, codes, style
        ),
        bt.fiscal_summary_table(uy, "财政拨款收支预算总体情况表", style, codes),
        bt.spending_table(
            uy,
            "gpb",
            TableKind.GPB_EXPENDITURE,
            "一般公共预算支出情况表",
            "一般公共预算支出",
            GPB_SOURCES,
            codes,
            style,
        ),
        bt.basic_table(uy, "basic", TableKind.GPB_BASIC, "一般公共预算基本支出情况表", codes, style),
        pt.project_table(uy, "一般公共预算项目支出情况表", codes, style),
        fund_table,
        bt.empty_table(
            "soe",
            TableKind.SOE,
            "国有资本经营预算支出情况表",
            EMPTY.format(
                name=name, year=year, what="国有资本经营预算拨款", title="国有资本经营预算支出情况表"
            ),
            style,
            style.zero != "",
        ),
        bt.three_public_table(uy, "财政拨款“三公”经费支出情况表", style),
    ]
    if uy.carry_in:
        built.append(pt.carryover_table(uy, "上年结转结余情况明细表", style))
    return built, lw


def _final(uy: UnitYear, codes: CodeLists, style: Style) -> list[bt.Built]:
    gpb = GPB_SOURCES | {Source.CARRYOVER}
    fund_statement = "本单位本年度无政府性基金预算财政拨款收入、支出及结转和结余，故本表为空表。"
    soe_statement = "本单位本年度无国有资本经营预算财政拨款收入、支出及结转和结余，故本表为空表。"
    return [
        ft.final_summary(uy, "收入支出决算总表", style, codes),
        ft.final_income(uy, "收入决算表", codes, style),
        ft.final_expenditure(uy, "支出决算表", codes, style),
        ft.final_fiscal(uy, "财政拨款收入支出决算总表", style, codes),
        bt.spending_table(
            uy, "gpb", TableKind.GPB_EXPENDITURE, "一般公共预算财政拨款支出决算表", "", gpb, codes, style
        ),
        bt.basic_table(uy, "basic", TableKind.GPB_BASIC, "一般公共预算财政拨款基本支出决算表", codes, style),
        ft.final_three_public(uy, "财政拨款“三公”经费支出决算表"),
        ft.final_fund(
            uy,
            "fund",
            TableKind.GOV_FUND,
            "政府性基金预算财政拨款收入支出决算表",
            fund_statement,
            codes,
            style,
            Source.GOV_FUND,
        ),
        ft.final_fund(
            uy,
            "soe",
            TableKind.SOE,
            "国有资本经营预算财政拨款收入支出决算表",
            soe_statement,
            codes,
            style,
            None,
        ),
    ]


def _shanghai_budget(uy: UnitYear, codes: CodeLists, style: Style) -> tuple[list[bt.Built], str]:
    lw = "部门" if uy.unit.level is Level.DEPARTMENT else "预算单位"
    y = uy.year
    yuan = AmountUnit.YUAN
    fund = frozenset({Source.GOV_FUND})
    note = "注:本{lw}{y}年无{what}财政拨款安排的预算，故本表为空表。"
    fund_title = f"{y}年{lw}政府性基金预算支出功能分类预算表"
    fund_table = (
        bt.spending_table(
            uy, "fund", TableKind.GOV_FUND, fund_title, "政府性基金预算支出", fund, codes, style, yuan
        )
        if uy.source_total(Source.GOV_FUND)
        else bt.empty_table(
            "fund",
            TableKind.GOV_FUND,
            fund_title,
            note.format(lw=lw, y=y, what="政府性基金预算"),
            style,
            True,
            yuan,
        )
    )
    built = [
        st.summary(uy, f"{y}年{lw}财务收支预算总表", codes),
        st.income(uy, f"{y}年{lw}收入预算总表", codes, style),
        bt.spending_table(
            uy,
            "expenditure",
            TableKind.EXPENDITURE,
            f"{y}年{lw}支出预算总表",
            "支出预算",
            None,
            codes,
            style,
            yuan,
        ),
        st.fiscal(uy, f"{y}年{lw}财政拨款收支预算总表", codes),
        bt.spending_table(
            uy,
            "gpb",
            TableKind.GPB_EXPENDITURE,
            f"{y}年{lw}一般公共预算支出功能分类预算表",
            "一般公共预算支出",
            GPB_SOURCES,
            codes,
            style,
            yuan,
        ),
        fund_table,
        bt.empty_table(
            "soe",
            TableKind.SOE,
            f"{y}年{lw}国有资本经营预算支出功能分类预算表",
            note.format(lw=lw, y=y, what="国有资本经营预算"),
            style,
            True,
            yuan,
        ),
        bt.basic_table(
            uy,
            "basic",
            TableKind.GPB_BASIC,
            f"{y}年{lw}一般公共预算基本支出部门预算经济分类预算表",
            codes,
            style,
            yuan,
        ),
        st.three_public(uy, f"{y}年{lw}“三公”经费和机关运行经费预算表"),
    ]
    return built, lw


def _contents(tables: list[Table]) -> list[Block]:
    return [Paragraph(f"- {chinese_number(i + 1)}、{t.title}") for i, t in enumerate(tables)]


def build_document(uy: UnitYear, template: Template, codes: CodeLists, style: Style) -> Document:
    """The whole document of one unit-year in one template."""
    name, year = uy.unit.name, uy.year
    codes = codes.for_year(year)
    org = name if style.code_layout != "joined" else uy.unit.short_name
    extra: list[bt.Built] = []
    blocks: list[Block] = []
    if uy.phase is Phase.BUDGET and template is Template.NATIONAL:
        built, lw = _national_budget(uy, codes, style)
        title = f"{year} 年{lw}预算公开"
        tables, cons = _numbered(built, True, org)
        by_key = {t.key: t for t in tables}
        cons += bt.cross_links(by_key)
        if "carryover" in by_key:
            summary, carryover = by_key["summary"], by_key["carryover"]
            cons.append(same(summary, 17, 1, carryover, len(carryover.rows) - 1, 1))
        scored = [p for p in uy.projects if p.source is not Source.UNIT_FUNDS]
        extra = [target_table(f"target-{i + 1}", p, name, year) for i, p in enumerate(scored)]
        blocks += [
            Paragraph(name, 1),
            Paragraph(title, 1),
            Paragraph("目 录", 1),
            Paragraph(f"第一部分 {name}{lw}概况", 2),
            Paragraph(f"第二部分 {year} 年{lw}预算公开表", 2),
            *_contents(tables),
            Paragraph(f"第三部分 {year} 年{lw}预算情况说明", 2),
            Paragraph("第四部分 名词解释", 2),
            PAGE,
            Paragraph(f"第一部分 {name}{lw}概况", 2),
            *profile(uy, "一、主要职能", "二、机构设置及人员情况"),
            Paragraph(f"第二部分 {year} 年{lw}预算公开表", 2),
            *tables,
            PAGE,
            *budget_explanations(uy, codes, lw),
        ]
    elif uy.phase is Phase.BUDGET:
        built, lw = _shanghai_budget(uy, codes, style)
        department = uy.unit.level is Level.DEPARTMENT
        title = f"{uy.unit.place}{year}年区级部门预算" if department else f"{name}{year}年单位预算"
        tables, cons = _numbered(built, False, name)
        by_key = {t.key: t for t in tables}
        present = sorted({c[:3] for c in uy.items()})
        cons += _class_links(
            by_key, "summary", 3, "expenditure", len(by_key["expenditure"].rows[-1].cells) - 3, present
        )
        blocks += [
            Paragraph(title, 1),
            Paragraph(f"预算主管部门：{name}" if department else f"预算单位：{name}"),
            Paragraph("目 录", 1),
            *(Paragraph(f"{i + 1}. {t.title}") for i, t in enumerate(tables)),
            PAGE,
            *profile(uy, f"{name}主要职能", f"{name}机构设置"),
            *glossary("名词解释")[:4],
            *shanghai_explanations(uy, codes),
            Paragraph(f"{lw.removeprefix('预算')}预算表", 2),
            *tables,
            *shanghai_other(uy),
        ]
    else:
        built = _final(uy, codes, style)
        title = f"{year} 年度{'部门' if uy.unit.level is Level.DEPARTMENT else '单位'}决算公开"
        tables, cons = _numbered(built, template is Template.NATIONAL, org)
        by_key = {t.key: t for t in tables}
        e = by_key["expenditure"]
        cons += _class_links(
            by_key, "summary", 3, "expenditure", len(e.rows[-1].cells) - 6, [c for c, _ in codes.classes()]
        )
        b, g = by_key["basic"], by_key["gpb"]
        cons.append(
            same(
                b,
                find_row(b, total=True),
                len(b.rows[-1].cells) - 3,
                g,
                find_row(g, total=True),
                len(g.rows[-1].cells) - 2,
            )
        )
        extra = [
            evaluation_table(f"evaluation-{i + 1}", p, name, year)
            for i, p in enumerate(uy.projects)
            if p.source is not Source.UNIT_FUNDS
        ]
        blocks += [
            Paragraph(name, 1),
            Paragraph(title, 1),
            Paragraph("目 录", 1),
            Paragraph("第一部分 单位概况", 2),
            Paragraph(f"第二部分 {year} 年度部门决算表", 2),
            *_contents(tables),
            Paragraph("第三部分 部门决算情况说明", 2),
            Paragraph("第四部分 名词解释", 2),
            PAGE,
            Paragraph("第一部分 单位概况", 2),
            *profile(uy, "一、主要职能", "二、机构设置及人员情况"),
            Paragraph(f"第二部分 {year} 年度部门决算表", 2),
            *tables,
            PAGE,
            *final_explanations(uy, codes),
        ]
    for table, table_cons in extra:
        blocks.append(table)
        cons.extend(table_cons)
    if "projects" in {t.key for t in tables}:
        cons += _target_links(uy, {t.key: t for t in tables}["projects"], extra)
    if not (uy.phase is Phase.BUDGET and template is Template.SHANGHAI):
        blocks.append(PAGE)
        blocks += glossary("第四部分 名词解释")
    unit = (
        AmountUnit.YUAN if template is Template.SHANGHAI and uy.phase is Phase.BUDGET else AmountUnit.WAN_YUAN
    )
    return Document(
        uy, template, title if title.startswith(name) else f"{name}{title}", tuple(blocks), tuple(cons), unit
    )


def _target_links(uy: UnitYear, projects: Table, extra: list[bt.Built]) -> list[Constraint]:
    """A project's 年度预算总额 in its target table = its row in the project table."""
    cons = []
    total_col = len(projects.rows[-1].cells) - 5
    for table, _ in extra:
        if table.kind is not TableKind.PERFORMANCE_TARGETS:
            continue
        name = table.rows[1].cells[1].text
        for i, row in enumerate(projects.rows):
            if row.label == name:
                cons.append(same(table, 2, 2, projects, i, total_col))
    return cons
