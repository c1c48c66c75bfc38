"""The narratives of the real documents in ../shared/real (skipped when absent): the Chongqing HTML
page, the Jiangsu and Shanghai PDFs. Expected values are read off the documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from budgetgraph.layout import read_layout
from budgetgraph.narrative import extract_narrative
from budgetgraph.narrative_records import Narrative, Topic
from budgetgraph.sources import load_source
from conftest import real_document

D = Decimal


@dataclass(frozen=True)
class Expected:
    # (subject, amount, change, percent) year-over-year statements the narrative makes
    said: tuple[tuple[str, Decimal, Decimal | None, Decimal | None], ...]
    # (topic, category, value) detail facts
    counted: tuple[tuple[Topic, str, Decimal], ...]
    glossary: int


REAL: dict[str, Expected] = {
    "chongqing_municipal/重庆市交通委员会2018年部门预算情况说明.html": Expected(
        (("一般公共预算财政拨款支出", D("324970.32"), D("-145261.52"), None),
         ("基本支出", D("61042.17"), D("4824.58"), None),
         ("项目支出", D("263928.15"), D("-150086.1"), None),
         ("政府性基金预算支出", D("38610"), D("18610"), None),
         ("“三公”经费预算", D("2800.68"), D("-295.18"), None)),
        ((Topic.PROCUREMENT, "total", D("6060.41")), (Topic.PROCUREMENT, "goods", D("4728.6")),
         (Topic.PROCUREMENT, "services", D("1331.81"))),
        5,
    ),
    "jiangsu_provincial/江苏省人民检察院_2017年省检察院部门预算.pdf": Expected(
        (("一般公共预算收入预算", D("17981.68"), D("1454.35"), D("8.8")),
         ("公共安全(类)支出", D("13656.34"), D("309.03"), D("2.31")),
         ("基本支出", D("12323.46"), D("1483.8"), D("13.69")),
         ("项目支出", D("5533"), D("-20"), D("-0.36"))),
        ((Topic.PROCUREMENT, "total", D("2889.8")), (Topic.PROCUREMENT, "goods", D("334"))),
        9,
    ),
    "jiangsu_provincial/江苏省政协办公厅2017年度部门预算.pdf": Expected(
        (("一般公共服务(类)支出", D("6543.55"), D("-108.56"), D("-1.63")),
         ("住房保障(类)支出", D("1093.52"), D("466.32"), D("74.35"))),
        (),
        0,
    ),
    "shanghai_putuo/上海市普陀区人民政府办公室25年预算.pdf": Expected(
        (("财政拨款收入", D("9101.68"), D("-2389.52"), None),),
        ((Topic.PROCUREMENT, "services", D("34")), (Topic.PERFORMANCE, "projects", D("11"))),
        0,
    ),
    "shanghai_putuo/上海市普陀区人民政府万里街道办事处24年预算.pdf": Expected(
        (("财政拨款收入", D("15621.11"), D("-876.75"), None),
         ("公务用车购置费", D("25"), D("25"), None)),
        ((Topic.PROCUREMENT, "total", D("1662.44")), (Topic.PROCUREMENT, "works", D("815.87")),
         (Topic.ASSETS, "vehicle", D("7"))),
        0,
    ),
    "shanghai_putuo/上海市普陀区社会福利院2024年单位预算.pdf": Expected(
        (("财政拨款收入", D("950.12"), D("0.46"), None),),
        ((Topic.PROCUREMENT, "services", D("120.60")), (Topic.ASSETS, "vehicle", D("2"))),
        0,
    ),
}  # fmt: skip


@cache
def narrative_of(relative: str) -> Narrative:
    source = load_source(Path(real_document(relative)))
    return extract_narrative(read_layout(source).blocks)


@pytest.mark.parametrize("relative", list(REAL), ids=[Path(r).stem for r in REAL])
def test_real_narrative(relative: str) -> None:
    narrative = narrative_of(relative)
    expected = REAL[relative]
    said = {(s.subject.label, s.amount, s.change, s.percent) for s in narrative.statements}
    for statement in expected.said:
        assert statement in said
    counted = {(q.topic, q.category, q.value) for q in narrative.quantities}
    for fact in expected.counted:
        assert fact in counted
    if expected.glossary:
        assert len(narrative.glossary) == expected.glossary


def test_chongqing_profile_functions() -> None:
    narrative = narrative_of("chongqing_municipal/重庆市交通委员会2018年部门预算情况说明.html")
    assert narrative.profile is not None
    functions = narrative.profile.functions
    assert any(f.startswith("负责推进综合交通运输体系建设") for f in functions)
    assert any(f.startswith("承担交通行业精神文明建设责任") for f in functions)
