"""The table interpreter's parts: catalog, header semantics, sum relations, value placement."""

from __future__ import annotations

import hashlib
import random
from decimal import Decimal

import pytest

from budgetgraph.errors import BudgetGraphError, UnknownTemplateError
from budgetgraph.extract import extract_document
from budgetgraph.records import (
    Column,
    Funding,
    LineItem,
    MediaType,
    Side,
    SourceDocument,
    SpendingKind,
    TableKind,
    TableStatus,
)
from budgetgraph.tables.catalog import title_kind
from budgetgraph.tables.columns import Role, header_paths, read_header, sum_relations
from budgetgraph.tables.placement import consistent, place
from budgetgraph.text_layout import read_text_layout
from conftest import seed_text

D = Decimal


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("单位收支总体情况表", TableKind.SUMMARY),
        ("收入支出决算总表", TableKind.SUMMARY),
        ("部门财务收支预算总表", TableKind.SUMMARY),
        ("财政拨款收支预算总体情况表", TableKind.FISCAL_SUMMARY),
        ("财政拨款收入支出决算总表", TableKind.FISCAL_SUMMARY),
        ("部门收入总体情况表", TableKind.INCOME),
        ("收入决算表", TableKind.INCOME),
        ("支出决算表", TableKind.EXPENDITURE),
        ("一般公共预算财政拨款支出决算表", TableKind.GPB_EXPENDITURE),
        ("一般公共预算基本支出情况表", TableKind.GPB_BASIC),
        ("一般公共预算项目支出情况表", TableKind.GPB_PROJECT),
        ("政府性基金预算财政拨款收入支出决算表", TableKind.GOV_FUND),
        ("国有资本经营预算支出情况表", TableKind.SOE),
        ("一般公共预算“三公”经费支出情况表", TableKind.THREE_PUBLIC),
        ("上年结转结余情况明细表", TableKind.CARRYOVER),
        ("项目支出绩效目标表", TableKind.PERFORMANCE_TARGETS),
        ("部门(单位)整体支出绩效目标自评表", TableKind.PERFORMANCE_EVALUATION),
        # the Ministry of Finance's budget template since 2020
        ("部门收支总表", TableKind.SUMMARY),
        ("部门收入总表", TableKind.INCOME),
        ("单位支出总表", TableKind.EXPENDITURE),
        ("项目支出预算明细表", TableKind.PROJECT_EXPENDITURE),
        ("具体情况见下表", None),
        ("事业收入表", None),
    ],
)
def test_title_kinds(title: str, kind: TableKind | None) -> None:
    assert title_kind(title) is kind


INCOME_HEADER = [
    [
        "功能分类编码",
        "",
        "",
        "功能分类科目名称",
        "总计",
        "财政拨款（补助）",
        "",
        "",
        "单位资金",
        "财政拨款结转",
    ],
    ["类", "款", "项", "", "", "财政拨款（补助）小计", "一般公共预算", "上级一般公共预算安排的转移支付"],
]


def test_merged_header_cells() -> None:
    paths = header_paths(INCOME_HEADER)
    assert paths[1] == ("功能分类编码", "款")
    assert paths[3] == ("功能分类科目名称",)
    assert paths[4] == ("总计",)
    assert paths[7] == ("财政拨款(补助)", "上级一般公共预算安排的转移支付")
    assert paths[8] == ("单位资金",)


def test_header_semantics_and_sums() -> None:
    header = read_header(INCOME_HEADER)
    assert [h.role for h in header[:4]] == [Role.CODE, Role.CODE, Role.CODE, Role.NAME]
    values = [h.column for h in header if h.column is not None]
    assert [(c.funding, c.kind) for c in values] == [
        (None, None),
        (Funding.FISCAL, None),
        (Funding.GPB_OWN, None),  # beside its transfer column, 一般公共预算 is the own revenue part
        (Funding.GPB_TRANSFER, None),
        (Funding.UNIT_FUNDS, None),
        (Funding.CARRYOVER_FISCAL, None),
    ]
    assert sum_relations(values) == [(0, (1, 4, 5)), (1, (2, 3))]


def test_basic_expenditure_sums() -> None:
    columns = [
        Column("合计"),
        Column("基本支出", kind=SpendingKind.BASIC),
        Column("人员经费", kind=SpendingKind.PERSONNEL),
        Column("公用经费", kind=SpendingKind.PUBLIC),
        Column("项目支出", kind=SpendingKind.PROJECT),
    ]
    assert sum_relations(columns) == [(0, (1, 4)), (1, (2, 3))]


def _no_prior(_: int, __: Decimal) -> float:
    return 0.0


def test_placement_by_parent_and_children_sums() -> None:
    # 合计 | 基本支出 | 项目支出; the 类 rows print two values each: basic or project?
    relations = [(0, (1, 2))]
    rows = [
        [D("2633.49"), D("1839.18"), D("794.31")],  # 总计
        [D("3.65"), D("3.65")],  # 206
        [D("200.22"), D("200.22")],  # 208
        [D("2429.62"), D("1638.96"), D("790.66")],  # 210
    ]
    placements, guessed = place(rows, 3, relations, [(0, (1, 2, 3))], _no_prior)
    assert placements == [(0, 1, 2), (0, 2), (0, 1), (0, 1, 2)]
    assert guessed == []


def test_placement_falls_back_to_the_prior_then_leftmost() -> None:
    # 合计 | 一般公共预算 | 政府性基金 | 国有资本经营: the row alone cannot tell which source.
    relations = [(0, (1, 2, 3))]
    prior = {1: -1.0, 2: 1.0, 3: -1.0}
    placements, guessed = place([[D("5"), D("5")]], 4, relations, [], lambda c, v: prior.get(c, 0.0))
    assert placements == [(0, 2)] and guessed == [0]
    placements, _ = place([[D("5"), D("5")]], 4, relations, [], _no_prior)
    assert placements == [(0, 1)]


def test_row_relations_rule_out_placements() -> None:
    # 总计 = 小计 + 单位资金; 小计 = 一般公共预算 + 转移支付: 257 | 257 | 110 | 147
    relations = [(0, (1, 4)), (1, (2, 3))]
    placements, guessed = place([[D("257"), D("257"), D("110"), D("147")]], 5, relations, [], _no_prior)
    assert placements == [(0, 1, 2, 3)] and guessed == []


@pytest.mark.parametrize(
    ("parent", "kid", "adds_up"),
    [
        ("10.01", "5.00", True),  # one unit of the last printed place: rounding
        ("10.02", "5.00", False),
        ("9.99", "5", True),
        ("10.001", "5", True),  # the finest printed place sets the unit
        ("10.01", "5.000", False),  # ten units of 0.001
        ("1000000000000.01", "500000000000", True),  # absurd sizes stay exact
    ],
)
def test_sums_between_rows_allow_one_unit_of_rounding(parent: str, kid: str, adds_up: bool) -> None:
    rows = [[D(parent)], [D(kid)], [D(kid)]]
    failing = consistent(rows, [(0,), (0,), (0,)], 1, [(0, (1, 2))])
    assert failing == ([] if adds_up else [(0, (1, 2))])


def _doc(text: str, name: str = "doc.md") -> SourceDocument:
    data = text.encode("utf-8")
    return SourceDocument(name, hashlib.sha256(data).hexdigest(), MediaType.MARKDOWN, data)


def test_not_a_disclosure_names_the_file() -> None:
    with pytest.raises(UnknownTemplateError, match=r"menu\.md"):
        extract_document(read_text_layout(_doc("今日菜单\n\n红烧肉 38 元\n", "menu.md")))


WRAPPED = """某某局2024年部门预算公开

目录

一、部门支出总体情况表
二、一般公共预算基本支出情况表

表 3

部门支出总体情况表

编制部门：某某局 单位：万元

科目 支出预算
功能分类科目编码
功能分类科目名称 合计 基本支出 项目支出
类 款 项
合计 110.00 100.00 10.00
208 05 05
机关事业单位基本养老保险缴
费支出
100.00 100.00
213 05 99 其他巩固脱贫攻坚
成果衔接乡村振兴支出 10.00 10.00
"""


def test_wrapped_table_and_missing_table() -> None:
    e = extract_document(read_text_layout(_doc(WRAPPED)))
    assert e.info.unit_name == "某某局" and e.info.year == 2024
    assert e.contents == ("部门支出总体情况表", "一般公共预算基本支出情况表")
    (spending,) = [t for t in e.tables if t.kind is TableKind.EXPENDITURE]
    assert spending.status is TableStatus.PRESENT and spending.number == "表3"
    by_code = {ln.code: ln for ln in spending.lines if ln.code}
    assert by_code["2080505"].label == "机关事业单位基本养老保险缴费支出"
    basic = {f.column.kind: f.amount for f in by_code["2080505"].figures}
    assert basic == {None: D("100.00"), SpendingKind.BASIC: D("100.00")}
    project = {f.column.kind: f.amount for f in by_code["2130599"].figures}
    assert project == {None: D("10.00"), SpendingKind.PROJECT: D("10.00")}
    assert by_code["2130599"].label == "其他巩固脱贫攻坚成果衔接乡村振兴支出"
    (total,) = [ln for ln in spending.lines if ln.item is LineItem.TOTAL]
    assert [f.amount for f in total.figures] == [D("110.00"), D("100.00"), D("10.00")]
    (missing,) = [t for t in e.tables if t.kind is TableKind.GPB_BASIC]
    assert missing.status is TableStatus.MISSING and not missing.lines


YEAR_FIRST = """2024年某某县教育局部门预算

目录

一、部门收支总体情况表

第二部分 部门预算公开表

部门收支总体情况表
单位：元
收入\t\t支出\t
项目\t预算数\t功能分类\t预算数
一、本年收入\t1,234,500.00\t205 教育支出\t1,234,500.00
收入总计\t1,234,500.00\t支出总计\t1,234,500.00
"""


def test_year_first_title_and_yuan_table() -> None:
    e = extract_document(read_text_layout(_doc(YEAR_FIRST)))
    assert (e.info.unit_name, e.info.year) == ("某某县教育局", 2024)
    (summary,) = [t for t in e.tables if t.kind is TableKind.SUMMARY]
    assert summary.unit.value == "yuan"
    (education,) = [ln for ln in summary.lines if ln.code == "205"]
    assert education.figures[0].amount == D("123.45")  # 1,234,500.00 元 = 123.45 万元
    assert education.figures[0].printed == "1,234,500.00"


THREE_PUBLIC_ACROSS = """某某局2023年部门决算公开

表 7

财政拨款“三公”经费支出决算表

编制单位：某某局

单位：万元

合计 因公出国（境）费 公务用车购置及运行费小计 公务用车购置费 公务用车运行费 公务接待费

预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数

4.77 4.41 3.01 2.75 3.01 2.75 1.76 1.66
"""


def test_three_public_across_as_running_text() -> None:
    e = extract_document(read_text_layout(_doc(THREE_PUBLIC_ACROSS)))
    (table,) = [t for t in e.tables if t.kind is TableKind.THREE_PUBLIC]
    got = {ln.item: tuple((f.column.label, f.amount) for f in ln.figures) for ln in table.lines}
    assert got == {
        LineItem.THREE_PUBLIC_TOTAL: (("预算数", D("4.77")), ("决算数", D("4.41"))),
        LineItem.VEHICLE_TOTAL: (("预算数", D("3.01")), ("决算数", D("2.75"))),
        LineItem.VEHICLE_OPERATION: (("预算数", D("3.01")), ("决算数", D("2.75"))),
        LineItem.RECEPTION: (("预算数", D("1.76")), ("决算数", D("1.66"))),
    }


WRAPPED_FINAL = """某某办公室2023年部门决算公开

表 3

支出决算表

编制单位：某某办公室

单位：万元

功能分类科目编码 功能分类科目名称 本年支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出

类 款 项

201 一般公共服务支出 324.06 195.21 128.85 0.00 0.00 0.00

03 政府办公厅（室）及相关机构事务 324.06 195.21 128.85 0.00 0.00 0.00

201 03 01 行政运行 203.98 136.71 67.27 0.00 0.00 0.00

201 03 02 一般行政管理事务 120.08 58.50 61.58 0.00 0.00 0.00

表 11

上年结转结余情况明细表

编制单位：某某办公室

单位：万元

项目名称 总计 财政拨款 非财政拨款

合计 基本支出 项目支出 合计 基本支出 项目支出

人员经费 公用经费 人员经费 公用经费

第三方服务购买经费 5.80 5.80 5.80

合计 5.80 5.80 5.80
"""


def test_wrapped_final_accounts_tables() -> None:
    e = extract_document(read_text_layout(_doc(WRAPPED_FINAL)))
    (spending,) = [t for t in e.tables if t.kind is TableKind.EXPENDITURE]
    labels = [c.label for c in spending.columns]
    assert labels == ["合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    by_code = {ln.code: ln for ln in spending.lines}
    assert set(by_code) == {"201", "20103", "2010301", "2010302"}  # 款 with a blank 类 cell
    figures = {f.column.label: f.amount for f in by_code["20103"].figures}
    assert figures["基本支出"] == D("195.21") and figures["经营支出"] == D("0.00")
    (carryover,) = [t for t in e.tables if t.kind is TableKind.CARRYOVER]
    (project,) = [ln for ln in carryover.lines if ln.project]
    placed = {(f.column.funding, f.column.kind) for f in project.figures}
    assert placed == {(None, None), (Funding.FISCAL, None), (Funding.FISCAL, SpendingKind.PROJECT)}


def _mutated(stem: str, how: str, seed: int) -> str:
    rnd = random.Random(seed)
    lines = seed_text(stem).read_text(encoding="utf-8").splitlines()
    if how == "shuffle":
        rnd.shuffle(lines)
    elif how == "untab":
        lines = [ln.replace("\t", " ") if rnd.random() < 0.5 else ln for ln in lines]
    elif how == "drop":
        lines = ["".join(ch for ch in ln if rnd.random() > 0.05) for ln in lines]
    return "\n".join(lines)


@pytest.mark.parametrize("stem", ["000", "002", "003", "004"])
@pytest.mark.parametrize("how", ["shuffle", "untab", "drop"])
def test_damaged_documents_give_an_extraction_or_a_typed_error(stem: str, how: str) -> None:
    try:
        e = extract_document(read_text_layout(_doc(_mutated(stem, how, 7), f"{stem}-{how}.md")))
    except BudgetGraphError as error:
        assert f"{stem}-{how}.md" in str(error)
        return
    for table in e.tables:
        for line in table.lines:
            assert all(f.column in table.columns for f in line.figures)


HTML = """<html><body>
<h1>某某局2024年部门预算公开</h1>
<p>表三：</p>
<h3>部门支出总体情况表</h3>
<p>编制部门：某某局</p><p>单位：万元</p>
<table>
<tr><th colspan="3">功能分类科目编码</th><th rowspan="2">功能分类科目名称</th>
<th colspan="3">支出预算</th></tr>
<tr><th>类</th><th>款</th><th>项</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr>
<tr><td>208</td><td></td><td></td><td>社会保障和就业支出</td><td>1,100.00</td><td>1,000.00</td><td>100.00</td></tr>
<tr><td></td><td>05</td><td></td><td>行政事业单位养老支出</td><td>1,100.00</td><td>1,000.00</td><td>100.00</td></tr>
<tr><td>208</td><td>05</td><td>05</td><td>机关事业单位基本养老保险缴费支出</td><td>1,100.00</td><td>1,000.00</td><td>100.00</td></tr>
<tr><td colspan="4"><b>合计</b></td><td><b>1,100.00</b></td><td>1,000.00</td><td>100.00</td></tr>
</table>
</body></html>"""


def test_html_table() -> None:
    from budgetgraph.layout import read_layout

    data = HTML.encode("utf-8")
    source = SourceDocument("page.html", hashlib.sha256(data).hexdigest(), MediaType.HTML, data)
    e = extract_document(read_layout(source))
    assert (e.info.unit_name, e.info.year) == ("某某局", 2024)
    (spending,) = [t for t in e.tables if t.kind is TableKind.EXPENDITURE]
    assert spending.number == "表三"
    by_code = {ln.code: {f.column.kind: f.amount for f in ln.figures} for ln in spending.lines if ln.code}
    assert by_code["20805"] == {
        None: D("1100.00"),
        SpendingKind.BASIC: D("1000.00"),
        SpendingKind.PROJECT: D("100.00"),
    }
    (total,) = [ln for ln in spending.lines if ln.item is LineItem.TOTAL]
    assert total.figures[0].amount == D("1100.00")


FINAL_FISCAL_SUMMARY = """某某局2023年部门决算公开

财政拨款收入支出决算总表

编制单位：某某局 单位：万元

收入\t\t支出\t
项目\t决算数\t项目\t决算数
一、一般公共预算财政拨款\t100.00\t一、一般公共服务支出\t120.00
二、政府性基金预算财政拨款\t0.00\t\t
本年收入合计\t100.00\t本年支出合计\t120.00
年初财政拨款结转和结余\t30.00\t年末财政拨款结转和结余\t10.00
一般公共预算财政拨款\t30.00\t一般公共预算财政拨款\t10.00
收入总计\t130.00\t支出总计\t130.00
"""


def test_final_fiscal_summary_carryover_parts() -> None:
    """Regression: the 一般公共预算财政拨款 line under 年初财政拨款结转和结余 is the carry-over of the
    general public budget, not a second current-year 一般公共预算 income line."""
    e = extract_document(read_text_layout(_doc(FINAL_FISCAL_SUMMARY)))
    (table,) = [t for t in e.tables if t.kind is TableKind.FISCAL_SUMMARY]
    income = [(ln.funding, ln.figures[0].amount) for ln in table.lines if ln.side is Side.INCOME]
    assert income == [
        (Funding.GPB, D("100.00")),
        (Funding.GOV_FUND, D("0.00")),
        (Funding.CURRENT_YEAR, D("100.00")),
        (Funding.CARRYOVER_FISCAL, D("30.00")),
        (Funding.CARRYOVER_GPB, D("30.00")),
        (None, D("130.00")),
    ]


WRAPPED_TITLE = """某某局2017年部门预算

目录

一、一般公共预算“三公”经费、会议费、培训费支出预算
表

十一、一般公共预算“三公”经费、会议费、培训费支出预
算表
部门：某某局 单位：万元
合计 因公出国（境）费 公务用车购置及运行费 公务接待费
10.00 2.00 5.00 3.00
"""


def test_title_wrapped_onto_a_short_line() -> None:
    """Regression (Jiangsu 检察院 2017): a title and a contents entry that wrap before their last
    characters are joined, and the table under the title is read."""
    e = extract_document(read_text_layout(_doc(WRAPPED_TITLE)))
    assert e.contents == ("一般公共预算“三公”经费、会议费、培训费支出预算表",)
    (table,) = [t for t in e.tables if t.kind is TableKind.THREE_PUBLIC]
    assert table.status is TableStatus.PRESENT
    got = {ln.item: ln.figures[0].amount for ln in table.lines}
    assert got[LineItem.OVERSEAS] == D("2.00") and got[LineItem.RECEPTION] == D("3.00")


MISPRINTED_CLASS_CELL = """某某院2024年单位预算

单位支出预算总表

编制单位：某某院 单位：万元

功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出
类\t款\t项\t\t\t
210\t\t\t卫生健康支出\t50.00\t50.00
210\t11\t\t行政事业单位医疗\t50.00\t50.00
7\t11\t02\t事业单位医疗\t50.00\t50.00
合计\t\t\t\t50.00\t50.00
"""


SUMMARY_BY_KIND = """某某厅2019年部门预算

收支预算总表

部门：某某厅 单位：万元

收入\t\t支出\t
项目\t金额\t项目\t金额
一、财政拨款\t120.00\t一、基本支出\t100.00
\t\t二、项目支出\t20.00
收入合计\t120.00\t支出合计\t120.00
"""


def test_summary_rows_naming_an_expenditure_kind() -> None:
    """The 支出用途 rows of a 收支总表 (基本支出 / 项目支出) carry their expenditure kind."""
    e = extract_document(read_text_layout(_doc(SUMMARY_BY_KIND)))
    (table,) = [t for t in e.tables if t.kind is TableKind.SUMMARY]
    kinds = [(ln.kind, ln.figures[0].amount) for ln in table.lines if ln.kind is not None]
    assert kinds == [(SpendingKind.BASIC, D("100.00")), (SpendingKind.PROJECT, D("20.00"))]


EXPLAINED_EMPTY = """某某院2017年部门预算

七、政府性基金支出预算表

部门：某某院 单位：万元

功能科目代码\t功能科目名称\t金额
合计\t\t

第三部分 部门预算情况说明

七、政府性基金支出预算表情况说明

某某院2017年政府性基金支出预算支出0万元，本部门无政府性基金预算。
"""


@pytest.mark.parametrize(
    ("sentence", "explained"),
    [
        ("某某院2017年政府性基金支出预算支出0万元，本部门无政府性基金预算。", True),
        ("本单位没有使用政府性基金预算拨款安排的支出。", True),
        ("某某院2017年政府性基金支出预算支出10万元。", False),
    ],
)
def test_empty_table_explained_in_the_narrative(sentence: str, explained: bool) -> None:
    """Regression (Jiangsu 检察院 2017): a printed empty table whose 情况说明 says why it is empty
    carries that sentence as its statement."""
    text = EXPLAINED_EMPTY.replace(
        "某某院2017年政府性基金支出预算支出0万元，本部门无政府性基金预算。", sentence
    )
    e = extract_document(read_text_layout(_doc(text)))
    (table,) = [t for t in e.tables if t.kind is TableKind.GOV_FUND]
    assert table.status is TableStatus.EMPTY
    assert bool(table.statement) is explained


ZERO_DROPPED_KUAN_CELL = """某某街道2024年部门预算

部门一般公共预算基本支出部门预算经济分类预算表

编制部门：某某街道 单位：元

经济分类科目编码\t\t经济分类科目名称\t合计\t人员经费\t公用经费
类\t款\t\t\t\t
301\t\t工资福利支出\t300\t300\t0
301\t01\t基本工资\t100\t100\t0
301\t2\t津贴补贴\t150\t150\t0
301\t7\t绩效工资\t50\t50\t0
合计\t\t\t300\t300\t0
"""


_WRAPPED_KUAN_TEXT = ZERO_DROPPED_KUAN_CELL.replace("\t\t", "\t").replace("\t", " ")
_MISPRINTED_CLASS_TEXT = MISPRINTED_CLASS_CELL.replace("\t\t", "\t").replace("\t", " ")
_CLASS_CODES = [("210", "卫生健康支出"), ("21011", "行政事业单位医疗"), ("2101102", "事业单位医疗")]
_KUAN_CODES = [("301", "工资福利支出"), ("30101", "基本工资"), ("30102", "津贴补贴"), ("30107", "绩效工资")]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # Shanghai 福利院 2024: a stray "7" in the 类 cell of 210 11 02 is a misprint, not part of
        # the code or the name; the code continues the row above's
        (MISPRINTED_CLASS_CELL, TableKind.EXPENDITURE, _CLASS_CODES),
        # the same page as pdfplumber's extract_text gives it: "7 11 02 事业单位医疗"
        (_MISPRINTED_CLASS_TEXT, TableKind.EXPENDITURE, _CLASS_CODES),
        # Shanghai 万里街道 2024, p.29: the spreadsheet printed 款 02 and 07 as "2" and "7": a single
        # digit in a 款 or 项 cell is the two-digit part without its leading zero (read as a
        # misprint, the rows became twins of their 类; in text without cells, part of the name)
        (ZERO_DROPPED_KUAN_CELL, TableKind.GPB_BASIC, _KUAN_CODES),
        (_WRAPPED_KUAN_TEXT, TableKind.GPB_BASIC, _KUAN_CODES),
    ],
    ids=[
        "misprinted-class-cell",
        "misprinted-class-wrapped-text",
        "zero-dropped-kuan-cells",
        "zero-dropped-kuan-wrapped-text",
    ],
)
def test_single_digits_in_code_cells(text: str, kind: TableKind, expected: list[tuple[str, str]]) -> None:
    """Regressions from real documents: a single digit where a part of a code belongs."""
    e = extract_document(read_text_layout(_doc(text)))
    (table,) = [t for t in e.tables if t.kind is kind]
    assert [(ln.code, ln.label) for ln in table.lines if ln.code] == expected
