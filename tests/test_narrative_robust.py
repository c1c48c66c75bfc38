"""The narrative and performance-table readers take any text without failing: whatever lines and
rows a layout holds (hypothesis-generated from the vocabulary of disclosures), they return records."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetgraph.indicators import performance_tables
from budgetgraph.narrative import extract_narrative
from budgetgraph.records import Block, RawRow, RawTable, SourceLocation, TextLine

VOCABULARY = """
一、 (一) 1. 项目名称: 设立的政策依据: 预算安排规模: 万元
占 % 比上年 增加 减少 增长 下降 持平 主要原因是 : , 。 ;
编制数 实有人数 在职 退休 离休 人 基本支出 项目支出 (类)
(款) (项) 年初预算数 决算数 预决算差异率 完成预算的
政府采购 国有资产 车辆 辆 价值 以上 名词解释 绩效目标表
项目支出绩效自评表 一级指标 二级指标 三级指标 指标值
权重 产出指标 数量指标 >= ≤ = 12 3.5 1,204.71 -0.5 〔2022〕
236号 新财社 下设 个科室 分别是 、 与2023年度相比
"""
WORDS = VOCABULARY.split()
text = st.lists(st.sampled_from(WORDS), max_size=25).map("".join)
row = st.lists(text, min_size=1, max_size=9)


@st.composite
def blocks(draw: st.DrawFn) -> list[Block]:
    result: list[Block] = []
    for number, item in enumerate(draw(st.lists(st.one_of(text, row), max_size=30)), start=1):
        location = SourceLocation(line=number)
        if isinstance(item, str):
            result.append(TextLine(item, location, draw(st.integers(0, 3))))
        else:
            result.append(RawTable((RawRow(tuple(item), location),), location))
    return result


@settings(max_examples=200, deadline=None)
@given(blocks())
def test_any_layout_reads(layout: list[Block]) -> None:
    narrative = extract_narrative(layout)
    for statement in narrative.statements:
        assert statement.text is not None
    for table in performance_tables(layout, ("某项目",)):
        for indicator in table.indicators:
            assert indicator.level3 and indicator.target.text
