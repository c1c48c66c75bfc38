"""BG-X03: a narrative's year-over-year statement against the previous year's document of the same
unit. Two documents of one unit (2022 and 2023) built from records and written by the real graph
writer; each test changes one number and shows whether the rule catches it."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from rdflib import Graph

from budgetgraph.findings import Severity
from budgetgraph.graph import extraction_to_graph
from budgetgraph.iris import Minter
from budgetgraph.narrative_records import Direction, Narrative, Statement, Subject
from budgetgraph.records import Extraction, Phase, SourceLocation, TableKind
from budgetgraph.validate import validate_graph
from rule_shapes import shapes_of
from test_shapes import change, extraction
from test_validate_cross import _gpb_table

# 2101501 行政运行 was 689.18 in 2022 (the table of test_shapes); 2023 prints 700.00.
THIS_YEAR = "700.00"


def _statement(change_: str, compared: str = "上年预算数", code: str = "2101501") -> Statement:
    amount, delta = Decimal(THIS_YEAR), Decimal(change_)
    return Statement(
        Subject("卫生健康支出(类)医疗保障管理事务(款)行政运行(项)", code=code),
        f"2023 年预算数为 {amount} 万元，比{compared}增加 {delta} 万元",
        SourceLocation(line=40),
        amount=amount,
        change=delta,
        direction=Direction.INCREASE if delta > 0 else Direction.DECREASE,
        compared_with=compared,
    )


def _this_year(*statements: Statement) -> Extraction:
    table = change([_gpb_table(False)], TableKind.GPB_EXPENDITURE, "2101501", "total", THIS_YEAR)
    document = extraction(table, name="this", year=2023)
    return dataclasses.replace(document, narrative=Narrative(statements=statements))


def _graph(this_year: Extraction, last_phase: Phase = Phase.BUDGET, last_amount: str | None = None) -> Graph:
    tables = [_gpb_table(False)]
    if last_amount is not None:
        for column in ("total", "basic"):  # 行政运行 is all 基本支出
            tables = change(tables, TableKind.GPB_EXPENDITURE, "2101501", column, last_amount)
    last = extraction(tables, name="last", year=2022)
    last = dataclasses.replace(last, info=dataclasses.replace(last.info, phase=last_phase))
    minter = Minter()
    return extraction_to_graph(last, minter) + extraction_to_graph(this_year, minter)


def _x03(graph: Graph) -> list[tuple[Severity, Decimal | None, Decimal | None]]:
    report = validate_graph(graph, shapes_of("narrative.ttl", "cross_document.ttl"))
    assert report.documents == 2
    hits = report.by_rule("BG-X03")
    for finding in hits:
        assert finding.message_zh and finding.message_en and "{" not in finding.message_zh
        assert "2022" in finding.message_zh
        assert finding.source.document.endswith(extraction([], name="this").source.sha256)
        assert finding.source.source_line == 40
    return [(f.severity, f.expected, f.found) for f in hits]


def test_a_statement_that_agrees_with_last_year() -> None:
    assert _x03(_graph(_this_year(_statement("10.82")))) == []


@pytest.mark.parametrize(
    ("delta", "severity", "found"),
    [("10.81", Severity.WARNING, "689.19"), ("20.82", Severity.VIOLATION, "679.18")],
    ids=["within-rounding", "beyond-rounding"],
)
def test_a_changed_change_is_caught(delta: str, severity: Severity, found: str) -> None:
    assert _x03(_graph(_this_year(_statement(delta)))) == [(severity, Decimal("689.18"), Decimal(found))]


def test_last_years_document_changed_is_caught() -> None:
    hits = _x03(_graph(_this_year(_statement("10.82")), last_amount="650.00"))
    assert hits == [(Severity.VIOLATION, Decimal("650.00"), Decimal("689.18"))]


def test_the_document_named_by_the_text_is_compared() -> None:
    """比上年决算 compares with last year's 决算: a 预算 of 2022 is not it."""
    statement = _statement("20.82", compared="上年决算数")
    assert _x03(_graph(_this_year(statement), last_phase=Phase.BUDGET)) == []
    assert _x03(_graph(_this_year(statement), last_phase=Phase.FINAL)) == [
        (Severity.VIOLATION, Decimal("689.18"), Decimal("679.18"))
    ]


def test_other_units_are_not_compared() -> None:
    this_year = _this_year(_statement("20.82"))
    last = extraction([_gpb_table(False)], name="last", year=2022)
    last = dataclasses.replace(last, info=dataclasses.replace(last.info, unit_name="另一个单位"))
    minter = Minter()
    graph = extraction_to_graph(last, minter) + extraction_to_graph(this_year, minter)
    report = validate_graph(graph, shapes_of("narrative.ttl", "cross_document.ttl"))
    assert report.by_rule("BG-X03") == ()
