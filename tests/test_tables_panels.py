"""A two-sided summary table whose expenditure side is printed in two panels (功能分类 | 支出用途):
a total printed once, its label in one panel and its amount in the other, is one line."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from budgetgraph.extract import extract_document
from budgetgraph.layout import read_layout
from budgetgraph.records import LineItem, MediaType, SourceDocument, TableKind
from budgetgraph.sources import load_source
from budgetgraph.text_layout import read_text_layout
from conftest import real_document

SUMMARY = """某某市某某局2019年部门预算

编制部门：某某市某某局

收支预算总表

单位：万元

收入\t\t支出\t\t\t
项目名称\t金额\t功能分类\t\t支出用途\t
\t\t功能科目名称\t金额\t项目名称\t金额
一、财政拨款\t100.00\t一、一般公共服务支出\t60.00\t一、基本支出\t70.00
1.一般公共预算\t100.00\t二、外交支出\t\t二、项目支出\t30.00
\t\t三、社会保障和就业支出\t40.00\t\t
收入合计\t100.00\t支出合计\t\t\t100.00
"""


@pytest.fixture(scope="module")
def summary_lines() -> dict[LineItem, list[Decimal]]:
    data = SUMMARY.encode()
    source = SourceDocument("panels.txt", hashlib.sha256(data).hexdigest(), MediaType.TEXT, data)
    extraction = extract_document(read_text_layout(source))
    (table,) = [t for t in extraction.tables if t.kind is TableKind.SUMMARY]
    return {line.item: [f.amount for f in line.figures] for line in table.lines if line.item is not None}


@pytest.mark.parametrize(
    ("item", "amounts"),
    [(LineItem.INCOME_TOTAL, [Decimal("100.00")]), (LineItem.EXPENDITURE_TOTAL, [Decimal("100.00")])],
)
def test_a_total_printed_across_panels_is_one_line(
    summary_lines: dict[LineItem, list[Decimal]], item: LineItem, amounts: list[Decimal]
) -> None:
    assert summary_lines[item] == amounts


def test_jiangsu_summary_totals() -> None:
    path = real_document("jiangsu_provincial/江苏省政协办公厅2019年预算公开表.pdf")
    extraction = extract_document(read_layout(load_source(path)))
    (table,) = [t for t in extraction.tables if t.kind is TableKind.SUMMARY]
    totals = {line.item: [f.amount for f in line.figures] for line in table.lines if line.item}
    assert totals[LineItem.INCOME_TOTAL] == [Decimal("13377.11")]
    assert totals[LineItem.EXPENDITURE_TOTAL] == [Decimal("13377.11")]
