"""BG-F11 (the tables in the template's order) on the small document of test_shapes: each test moves
one table and shows whether the rule catches it; the orders of the known templates (national,
Jiangsu, Shanghai) are left alone, and so are the seeds and the real documents."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from budgetgraph.findings import Severity
from budgetgraph.pipeline import ExtractOptions, extract_file
from budgetgraph.records import Column, ExtractedTable, SourceLocation, TableKind, TableStatus
from budgetgraph.validate import validate_graph
from conftest import REAL, seed_text
from rule_shapes import shapes_of
from test_shapes import clean_tables, validate_tables


def _at(kind: TableKind, ordinal: int, tables: list[ExtractedTable]) -> list[ExtractedTable]:
    """The tables with ``kind`` moved to position ``ordinal`` (its page follows)."""
    return [
        dataclasses.replace(t, location=SourceLocation(page=ordinal + 3, table=ordinal))
        if t.kind is kind
        else t
        for t in tables
    ]


def _printed_empty(kind: TableKind, title: str, ordinal: int) -> ExtractedTable:
    """An empty table printed with its header (so it has a position in the document)."""
    return ExtractedTable(
        kind,
        title,
        TableStatus.EMPTY,
        SourceLocation(page=ordinal + 3, table=ordinal),
        columns=(Column("合计", key="total"),),
        statement="本单位没有该项支出，此表为空表。",
    )


def _without_funds(tables: list[ExtractedTable]) -> list[ExtractedTable]:
    return [t for t in tables if t.kind is not TableKind.GOV_FUND]


def _order(report_tables: list[ExtractedTable]) -> list[tuple[str, str]]:
    report = validate_tables(report_tables)
    hits = report.by_rule("BG-F11")
    assert {f.severity for f in hits} <= {Severity.WARNING}
    assert all(f.message_zh and f.message_en and "{" not in f.message_zh for f in hits)
    return sorted((f.source.table_title or "", f.message_zh) for f in hits)


def test_the_clean_order_passes() -> None:
    assert _order(clean_tables()) == []


def test_income_table_printed_after_the_expenditure_table() -> None:
    tables = _at(TableKind.INCOME, 3, _at(TableKind.EXPENDITURE, 2, clean_tables()))
    (hit,) = _order(tables)
    assert hit[0] == "单位收入总体情况表"
    assert "单位支出总体情况表" in hit[1]


def test_summary_printed_last_is_one_finding() -> None:
    hits = _order(_at(TableKind.SUMMARY, 20, clean_tables()))
    assert [title for title, _ in hits] == ["单位收支总体情况表"]
    for title in ("单位收入总体情况表", "财政拨款收支预算总体情况表", "一般公共预算基本支出情况表"):
        assert title in hits[0][1]


def test_three_public_before_the_basic_expenditure_table() -> None:
    # 三公 moved to position 5 and 一般公共预算支出情况表 to 7: both 一般公共预算 tables come after it
    tables = _at(TableKind.THREE_PUBLIC, 5, _at(TableKind.GPB_EXPENDITURE, 7, clean_tables()))
    titles = [title for title, _ in _order(tables)]
    assert titles == ["一般公共预算基本支出情况表", "一般公共预算支出情况表"]


def test_state_capital_before_government_funds() -> None:
    tables = [
        *_without_funds(clean_tables()),
        _printed_empty(TableKind.SOE, "国有资本经营预算支出情况表", 8),
        _printed_empty(TableKind.GOV_FUND, "政府性基金预算支出情况表", 9),
    ]
    assert [title for title, _ in _order(tables)] == ["政府性基金预算支出情况表"]


@pytest.mark.parametrize(
    "layout",
    [
        # national 2021 (seed 004): 三公 right after the basic expenditure table, 政府性基金 after it
        {TableKind.THREE_PUBLIC: 7, TableKind.GOV_FUND: 8, TableKind.SOE: 9},
        # national 2023 (seeds 000, 003): 政府性基金, 国有资本经营, then 三公
        {TableKind.GOV_FUND: 8, TableKind.SOE: 9, TableKind.THREE_PUBLIC: 10},
        # Shanghai: 政府性基金 and 国有资本经营 between 一般公共预算支出 and 基本支出
        {TableKind.GPB_EXPENDITURE: 5, TableKind.GOV_FUND: 6, TableKind.SOE: 7, TableKind.GPB_BASIC: 8,
         TableKind.THREE_PUBLIC: 9},
        # Jiangsu 2017: 政府性基金 before 一般公共预算支出
        {TableKind.GOV_FUND: 5, TableKind.GPB_EXPENDITURE: 6, TableKind.GPB_BASIC: 7,
         TableKind.THREE_PUBLIC: 8},
    ],
    ids=["national-2021", "national-2023", "shanghai", "jiangsu-2017"],
)  # fmt: skip
def test_the_known_templates_pass(layout: dict[TableKind, int]) -> None:
    tables = [
        *_without_funds(clean_tables()),
        _printed_empty(TableKind.GOV_FUND, "政府性基金预算支出情况表", 20),
        _printed_empty(TableKind.SOE, "国有资本经营预算支出情况表", 21),
    ]
    for kind, ordinal in layout.items():
        tables = _at(kind, ordinal, tables)
    ordinals = [t.location.table for t in tables]
    assert len(set(ordinals)) == len(ordinals), ordinals
    assert _order(tables) == []


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_seeds_are_in_order(stem: str) -> None:
    _extraction, graph = extract_file(seed_text(stem), ExtractOptions())
    report = validate_graph(graph, shapes_of("form.ttl"))
    assert report.by_rule("BG-F11") == ()
    if stem == "004":
        assert report.by_rule("BG-F01")  # the form shapes did run


@pytest.mark.parametrize("path", sorted(REAL.rglob("*.pdf")) if REAL.exists() else [], ids=lambda p: p.stem)
def test_real_templates_are_in_order(path: Path) -> None:
    _extraction, graph = extract_file(path, ExtractOptions())
    assert validate_graph(graph, shapes_of("form.ttl")).by_rule("BG-F11") == ()


def test_real_documents_present_or_skipped() -> None:
    if not REAL.exists():
        pytest.skip(f"{REAL} is absent: the real documents live in ../shared/real beside the checkout")
    assert sorted(REAL.rglob("*.pdf"))
