"""Final accounts (决算): seed 001 (a narrative-only 决算, text and PDF) and the Shanghai 部门决算 in
../shared/real — totals, income by source with shares, expenditure by kind, items with last year's
figure and the change, budget against final, 三公 actual against budget, 机关运行经费, procurement and
assets, with phase "final" so that 预算 and 决算 of one unit and year meet in one query.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetgraph.iris import Minter
from budgetgraph.layout import read_layout
from budgetgraph.narrative import extract_narrative
from budgetgraph.narrative_records import Narrative, Topic
from budgetgraph.output import graph_quads
from budgetgraph.pipeline import ExtractOptions, extract_file
from budgetgraph.queries import load_query, run_query
from budgetgraph.records import Extraction, LineItem, Phase
from budgetgraph.sources import load_source
from conftest import real_document, seed_pdf, seed_text

D = Decimal
SHANGHAI_FINAL = "shanghai_putuo/上海市普陀区财政局2024年度部门决算.pdf"

SEED001_BUDGET_VS_FINAL = (
    ("财政拨款收入支出总体", D("132.00"), D("46.26"), D("-64.95")),
    ("一般公共预算财政拨款支出", D("132.00"), D("46.26"), D("-64.95")),
    ("财政拨款“三公”经费支出", D("4.45"), D("2.32"), D("-47.87")),
    ("因公出国(境)费", D("0.00"), D("0.00"), D("0.00")),
    ("公务用车购置费", D("0.00"), D("0.00"), D("0.00")),
    ("公务用车运行费", D("3.45"), D("1.36"), D("-60.58")),
    ("公务接待费", D("1.00"), D("0.96"), D("-4.00")),
)


@cache
def seed001(rendering: str) -> tuple[Extraction, ox.Store]:
    path = seed_text("001") if rendering == "text" else seed_pdf("001")
    extraction, graph = extract_file(path, ExtractOptions())
    store = ox.Store()
    store.extend(graph_quads(Minter().graph_name(extraction.source.sha256), graph))
    return extraction, store


@pytest.mark.parametrize("rendering", ["text", "pdf"])
def test_seed001_budget_against_final(rendering: str) -> None:
    extraction, _ = seed001(rendering)
    assert extraction.info.phase is Phase.FINAL
    narrative = extraction.narrative
    assert narrative is not None
    got = tuple((b.subject.label, b.budget, b.final, b.deviation) for b in narrative.budget_vs_final)
    assert got == SEED001_BUDGET_VS_FINAL
    overseas = narrative.budget_vs_final[3]
    assert overseas.subject.item is LineItem.OVERSEAS


@pytest.mark.parametrize("rendering", ["text", "pdf"])
def test_seed001_items_with_last_year(rendering: str) -> None:
    narrative = seed001(rendering)[0].narrative
    assert narrative is not None
    items = {s.subject.path: s for s in narrative.statements if len(s.subject.path) == 3}
    assert len(items) == 10
    running = items[("卫生健康支出", "医疗保障管理事务", "行政运行")]
    assert (running.amount, running.change, running.percent) == (D("26.20"), D("-7.72"), D("-22.76"))
    assert running.previous == D("33.92") and running.compared_with == "上年决算"
    assert running.reason is not None and running.reason.startswith("本年功能科目调整")
    classes = {
        s.subject.path[0]: (s.amount, s.share) for s in narrative.statements if len(s.subject.path) == 1
    }
    assert classes == {
        "社会保障和就业支出": (D("2.92"), D("6.31")),
        "卫生健康支出": (D("38.46"), D("83.14")),
        "住房保障支出": (D("4.88"), D("10.55")),
    }


@pytest.mark.parametrize("rendering", ["text", "pdf"])
def test_seed001_queries(rendering: str) -> None:
    extraction, store = seed001(rendering)
    rows = run_query(load_query("budget_vs_final"), store).rows
    assert [(r[2], r[3], r[4], r[5]) for r in rows] == [
        (label, budget.normalize(), final.normalize(), rate.normalize())
        for label, budget, final, rate in SEED001_BUDGET_VS_FINAL
    ]
    assert {(r[0], r[1]) for r in rows} == {(extraction.info.unit_name, 2023)}
    changes = run_query(load_query("yoy_changes"), store).rows
    assert {r[2] for r in changes} == {"final"}
    income = [r for r in changes if r[3] == "财政拨款收入"]
    assert [(r[5], r[6]) for r in income] == [(D("46.26"), D("100"))]
    procurement = run_query(load_query("procurement"), store).rows
    assert {(r[3], r[5]) for r in procurement} >= {("total", D("0")), ("sme", D("0")), ("micro", D("0"))}
    assets = run_query(load_query("assets"), store).rows
    assert ("fixedAssets", "固定资产原值", D("6.65"), "万元") in {(r[3], r[4], r[5], r[6]) for r in assets}


@cache
def shanghai_final() -> Narrative:
    source = load_source(Path(real_document(SHANGHAI_FINAL)))
    return extract_narrative(read_layout(source).blocks)


def test_shanghai_final_totals_and_shares() -> None:
    narrative = shanghai_final()
    said = {(s.subject.label, s.amount, s.share, s.change, s.percent) for s in narrative.statements}
    assert ("收入支出总计", D("2995.39"), None, D("-56.95"), D("-1.87")) in said
    assert ("财政拨款收入", D("2940.05"), D("99.79"), None, None) in said
    assert ("其他收入", D("6.2"), D("0.21"), None, None) in said
    assert ("基本支出", D("2336.91"), D("79.49"), None, None) in said
    assert ("项目支出", D("603.14"), D("20.51"), None, None) in said
    assert ("一般公共预算财政拨款支出", D("2940.05"), D("100.00"), D("-63.14"), D("-2.10")) in said
    assert ("一般公共服务支出(类)", D("2106.66"), D("71.73"), None, None) in said
    operating = next(s for s in narrative.statements if s.subject.topic is Topic.OPERATING_COSTS)
    assert (operating.amount, operating.change, operating.percent) == (D("184.65"), D("2.55"), D("1.40"))


def test_shanghai_final_budget_against_final() -> None:
    compared = {(b.subject.label, b.budget, b.final): b for b in shanghai_final().budget_vs_final}
    total = compared[("一般公共预算财政拨款支出", D("2993.92"), D("2940.05"))]
    assert total.deviation == D("-1.80")
    assert ("住房保障支出(类)住房改革支出(款)住房公积金(项)", D("187.75"), D("187.19")) in compared
    assert ("一般公共服务支出(类)财政事务(款)行政运行(项)", D("1560.05"), D("1511.89")) in compared
    three_public = compared[("“三公”经费财政拨款支出", D("0.95"), D("0.00"))]
    assert three_public.subject.item is LineItem.THREE_PUBLIC_TOTAL


def test_shanghai_final_procurement_and_assets() -> None:
    counted = {(q.topic, q.category, q.value) for q in shanghai_final().quantities}
    assert (Topic.PROCUREMENT, "total", D("251.25")) in counted
    assert (Topic.PROCUREMENT, "goods", D("4.79")) in counted
    assert (Topic.PROCUREMENT, "services", D("246.47")) in counted
    assert (Topic.PROCUREMENT, "sme", D("246.47")) in counted
    assert (Topic.ASSETS, "vehicle", D("0")) in counted
    assert (Topic.ASSETS, "equipment", D("2")) in counted
    assert len(shanghai_final().glossary) == 11
