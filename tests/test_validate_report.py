"""The report renderers: HTML escapes everything taken from the documents, severities are ordered,
findings are grouped by document and table, Markdown cells stay inside their table."""

from __future__ import annotations

import dataclasses
import json

from budgetgraph.findings import Severity
from budgetgraph.records import ExtractedTable, TableKind
from budgetgraph.validation_report import group_findings, render_html, render_json, render_markdown
from test_shapes import change, clean_tables, validate_tables

HOSTILE = '<script>alert("x")</script>|行政运行'


def _hostile_tables() -> list[ExtractedTable]:
    """Seed-like tables where one row's printed label is hostile and its amount no longer adds up."""
    tables = change(clean_tables(), TableKind.EXPENDITURE, "2101501", "total", "700.18")
    return [
        dataclasses.replace(
            t,
            lines=tuple(
                dataclasses.replace(line, label=HOSTILE) if line.code == "2101501" else line
                for line in t.lines
            ),
        )
        if t.kind is TableKind.EXPENDITURE
        else t
        for t in tables
    ]


def test_html_escapes_what_the_document_printed() -> None:
    report = validate_tables(_hostile_tables())
    assert any(f.source.label == HOSTILE for f in report.findings)
    page = render_html(report)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert page.count("<table") == page.count("</table>")


def test_findings_are_grouped_by_table_most_severe_first() -> None:
    tables = change(clean_tables(), TableKind.EXPENDITURE, "2101501", "total", "700.18")
    tables = change(tables, TableKind.GPB_BASIC, "30201", "public", "100.79")  # a rounding warning
    report = validate_tables(tables)
    groups = group_findings(report)
    assert len(groups) == 1
    _document, by_table = groups[0]
    titles = [findings[0].source.table_title for _table, findings in by_table]
    assert len(titles) == len(set(titles))
    for _table, findings in by_table:
        ranks = [f.severity.rank for f in findings]
        assert ranks == sorted(ranks)
        assert len({f.source.table for f in findings}) == 1
    first_ranks = [min(f.severity.rank for f in findings) for _t, findings in by_table]
    assert first_ranks == sorted(first_ranks)
    assert {f.severity for f in report.findings} >= {Severity.VIOLATION, Severity.WARNING}
    page = render_html(report)
    assert page.index("一般公共预算基本支出情况表") > page.index("单位支出总体情况表")


def test_markdown_and_json_keep_hostile_text_in_place() -> None:
    report = validate_tables(_hostile_tables())
    markdown = render_markdown(report)
    rows = [line for line in markdown.splitlines() if "2101501" in line or "&lt;script&gt;" in line]
    assert rows and all(line.count(" | ") == 7 for line in rows)
    body = json.loads(render_json(report))
    assert any(f["label"] == HOSTILE for f in body["findings"])
    assert body["violations"] == sum(1 for f in body["findings"] if f["severity"] == "violation")
