"""Cross-document rules: run over the documents of one unit together, linear in the documents."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from rdflib import Graph

from budgetgraph.findings import Severity
from budgetgraph.graph import extraction_to_graph
from budgetgraph.iris import Minter
from budgetgraph.records import Column, ExtractedTable, Figure, TableKind
from budgetgraph.validate import validate_graph
from test_shapes import BASIC, GPB_ROWS, NAMES, PROJECT, TOTAL, _coded_table, change, extraction

PRIOR = Column("上年预算数", prior_year=True, key="prior")
LAST_YEAR = {code: total for code, (total, _basic, _project) in GPB_ROWS.items()}


def _gpb_table(with_prior: bool) -> ExtractedTable:
    rows = [(code, NAMES[code], amounts) for code, amounts in GPB_ROWS.items()]
    total = ("1412.87", "1213.55", "199.32")
    table = _coded_table(
        TableKind.GPB_EXPENDITURE, "一般公共预算支出情况表", 5, (TOTAL, BASIC, PROJECT), rows, total
    )
    if not with_prior:
        return table
    lines = []
    for line in table.lines:
        printed = LAST_YEAR.get(line.code or "", total[0])
        prior = Figure(Decimal(printed), printed, PRIOR, line.location)
        lines.append(dataclasses.replace(line, figures=(*line.figures, prior)))
    return dataclasses.replace(table, lines=tuple(lines), columns=(*table.columns, PRIOR))


def _two_years(this_year: list[ExtractedTable]) -> Graph:
    minter = Minter()
    graph = extraction_to_graph(extraction([_gpb_table(False)], name="last", year=2022), minter)
    graph += extraction_to_graph(extraction(this_year, name="this", year=2023), minter)
    return graph


def test_prior_year_columns_agree_with_last_years_document() -> None:
    report = validate_graph(_two_years([_gpb_table(True)]))
    assert report.documents == 2
    assert report.by_rule("BG-X01") == ()


@pytest.mark.parametrize(
    ("code", "amount", "severity"),
    [("2101501", "689.19", Severity.WARNING), ("210", "1297.02", Severity.VIOLATION)],
)
def test_a_changed_prior_year_figure_is_caught(code: str, amount: str, severity: Severity) -> None:
    tables = change([_gpb_table(True)], TableKind.GPB_EXPENDITURE, code, "prior", amount)
    report = validate_graph(_two_years(tables))
    hits = report.by_rule("BG-X01")
    assert [f.severity for f in hits] == [severity]
    (finding,) = hits
    assert finding.found == Decimal(amount) and finding.expected == Decimal(LAST_YEAR[code])
    assert finding.source.document.endswith(extraction([], name="this").source.sha256)
    assert "2022" in finding.message_zh


def test_documents_of_other_units_are_not_compared() -> None:
    tables = change([_gpb_table(True)], TableKind.GPB_EXPENDITURE, "210", "prior", "1297.02")
    minter = Minter()
    other = extraction([_gpb_table(False)], name="last", year=2022)
    other = dataclasses.replace(other, info=dataclasses.replace(other.info, unit_name="另一个单位"))
    graph = extraction_to_graph(other, minter) + extraction_to_graph(extraction(tables, name="this"), minter)
    assert validate_graph(graph).by_rule("BG-X01") == ()
