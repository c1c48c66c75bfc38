"""Validation reports for people and machines: HTML, Markdown, JSON and the SHACL report as Turtle.

The HTML report is written for a finance officer: Chinese first, grouped by document and by table,
most severe first, the printed and expected amounts side by side, and every finding linked to its
page and row. Every value taken from the data is escaped.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from budgetgraph.errors import OutputError
from budgetgraph.findings import Finding, Severity, SourceLink, ValidationReport
from budgetgraph.namespaces import bind_prefixes

REPORT_FORMATS = (".ttl", ".html", ".md", ".json")

Group = tuple[str, list[tuple[str, list[Finding]]]]
"""(document key, [(table key, findings)])."""


def _amount(value: Decimal | None) -> str:
    return (
        "" if value is None else f"{value:,.2f}" if value == value.quantize(Decimal("0.01")) else f"{value:,}"
    )


def _document_name(src: SourceLink) -> str:
    return src.document_title or src.file_name or src.document or "（未知文档）"


def _table_name(src: SourceLink) -> str:
    if src.table_title:
        return src.table_title
    return "文档整体 / whole document"


def _where(src: SourceLink) -> str:
    parts = []
    if src.page is not None:
        parts.append(f"第 {src.page} 页")
    if src.row is not None:
        parts.append(f"第 {src.row} 行")
    if src.source_line is not None:
        parts.append(f"文本第 {src.source_line} 行")
    return " ".join(parts)


def group_findings(report: ValidationReport) -> list[Group]:
    """Findings by document, then by table (in table order), each list most severe first."""
    by_document: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    order: dict[str, tuple[int, int]] = {}
    for finding in report.findings:
        src = finding.source
        table_key = src.table or ""
        by_document[src.document][table_key].append(finding)
        rank = order.get(table_key, (9, 0))
        order[table_key] = min(rank, (finding.severity.rank, src.table_ordinal or 0))
    groups: list[Group] = []
    for document in sorted(
        by_document, key=lambda d: min(f.severity.rank for t in by_document[d].values() for f in t)
    ):
        tables = by_document[document]
        ordered = sorted(tables, key=lambda t: (order[t][0], order[t][1], t))
        groups.append((document, [(t, sorted(tables[t], key=Finding.sort_key)) for t in ordered]))
    return groups


# ------------------------------------------------------------------------------------------------
# HTML

_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
th,td{border:1px solid #ccc;padding:.35em .5em;vertical-align:top}
th{background:#f3f3f3;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.violation{color:#b00020;font-weight:bold}.warning{color:#a65f00}.info{color:#555}
.en{color:#666;font-size:.9em}.summary td{border:none;padding:.2em 1em .2em 0}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _link(src: SourceLink) -> str:
    where = _where(src) or "—"
    if src.file_name and src.page is not None:
        target = f"{src.file_name}#page={src.page}"
        return f'<a href="{_e(target)}">{_e(where)}</a>'
    return _e(where)


def render_html(report: ValidationReport) -> str:
    status = "通过" if report.conforms else "未通过"
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        "<title>预算公开数据校验报告 / Validation report</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>预算公开数据校验报告 <span class=en>Validation report</span></h1>",
        '<table class="summary">',
        f"<tr><td>校验结论 / result</td><td><b>{_e(status)}</b></td></tr>",
        f"<tr><td>文档数 / documents</td><td>{report.documents}</td></tr>",
        f"<tr><td>错误 / violations</td><td class=violation>{report.violations}</td></tr>",
        f"<tr><td>警告 / warnings</td><td class=warning>{report.warnings}</td></tr>",
        "</table>",
    ]
    if not report.findings:
        out.append("<p>所有规则均已通过。<span class=en>Every rule passes.</span></p>")
    for number, (_document, tables) in enumerate(group_findings(report), start=1):
        first = tables[0][1][0].source
        out.append(f'<h2 id="doc{number}">{_e(_document_name(first))}</h2>')
        if first.file_name:
            out.append(f"<p class=en>{_e(first.file_name)} · {_e(first.document)}</p>")
        for _table, findings in tables:
            src = findings[0].source
            out.append(f"<h3>{_e(_table_name(src))}</h3>")
            out.append(
                "<table><tr><th>级别</th><th>规则</th><th>位置</th><th>项目</th><th>说明</th>"
                "<th>印刷数（万元）</th><th>应有数（万元）</th><th>差额</th></tr>"
            )
            for finding in findings:
                out.append(_html_row(finding))
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _html_row(finding: Finding) -> str:
    src = finding.source
    severity = finding.severity
    return (
        f'<tr class="{_e(severity.value)}">'
        f'<td class="{_e(severity.value)}">{_e(severity.label_zh)}'
        f"<br><span class=en>{_e(severity.value)}</span></td>"
        f"<td>{_e(finding.rule_id)}</td>"
        f"<td>{_link(src)}</td>"
        f"<td>{_e(src.label or '')}</td>"
        f"<td>{_e(finding.message_zh)}<br><span class=en>{_e(finding.message_en)}</span></td>"
        f"<td class=num>{_e(_amount(finding.found))}</td>"
        f"<td class=num>{_e(_amount(finding.expected))}</td>"
        f"<td class=num>{_e(_amount(finding.difference))}</td>"
        "</tr>"
    )


# ------------------------------------------------------------------------------------------------
# Markdown, JSON, Turtle


def _md(text: object) -> str:
    """Text safe inside a Markdown table cell (HTML escaped, pipes and line breaks neutralised)."""
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: ValidationReport) -> str:
    status = "通过 (conforms)" if report.conforms else "未通过 (does not conform)"
    out = [
        "# 预算公开数据校验报告 / Validation report",
        "",
        f"- 校验结论 / result: **{status}**",
        f"- 文档数 / documents: {report.documents}",
        f"- 错误 / violations: {report.violations}",
        f"- 警告 / warnings: {report.warnings}",
        "",
    ]
    for _document, tables in group_findings(report):
        first = tables[0][1][0].source
        out += [f"## {_md(_document_name(first))}", ""]
        for _table, findings in tables:
            out += [f"### {_md(_table_name(findings[0].source))}", ""]
            out.append("| 级别 | 规则 | 位置 | 项目 | 说明 | 印刷数 | 应有数 | 差额 |")
            out.append("|---|---|---|---|---|--:|--:|--:|")
            for f in findings:
                cells = (
                    _md(f.severity.label_zh),
                    _md(f.rule_id),
                    _md(_where(f.source)),
                    _md(f.source.label or ""),
                    f"{_md(f.message_zh)}<br>{_md(f.message_en)}",
                    _md(_amount(f.found)),
                    _md(_amount(f.expected)),
                    _md(_amount(f.difference)),
                )
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
    return "\n".join(out) + "\n"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def finding_json(finding: Finding) -> dict[str, object]:
    src = finding.source
    return {
        "ruleId": finding.rule_id,
        "severity": finding.severity.value,
        "messageZh": finding.message_zh,
        "messageEn": finding.message_en,
        "expected": _number(finding.expected),
        "found": _number(finding.found),
        "difference": _number(finding.difference),
        "tolerance": _number(finding.tolerance),
        "document": src.document,
        "documentTitle": src.document_title,
        "fileName": src.file_name,
        "table": src.table,
        "tableTitle": src.table_title,
        "page": src.page,
        "row": src.row,
        "sourceLine": src.source_line,
        "label": src.label,
        "focusNode": finding.focus,
        "value": finding.value,
        "shape": finding.shape,
    }


def render_json(report: ValidationReport) -> str:
    body = {
        "conforms": report.conforms,
        "documents": report.documents,
        "violations": report.violations,
        "warnings": report.warnings,
        "findings": [finding_json(f) for f in report.findings],
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def render_turtle(report: ValidationReport) -> str:
    return bind_prefixes(report.graph).serialize(format="turtle")


RENDERERS: dict[str, Callable[[ValidationReport], str]] = {
    ".ttl": render_turtle,
    ".html": render_html,
    ".md": render_markdown,
    ".json": render_json,
}


def write_report(report: ValidationReport, path: str | Path) -> None:
    """Write ``report`` to ``path`` in the format its extension names (.ttl .html .md .json)."""
    target = Path(path)
    renderer = RENDERERS.get(target.suffix.lower())
    if renderer is None:
        known = " ".join(REPORT_FORMATS)
        raise OutputError(f"{target}: unknown report format {target.suffix or '(none)'!r} (known: {known})")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(renderer(report), encoding="utf-8")
    except OSError as error:
        raise OutputError(f"{target}: cannot write the report: {error}") from error


def severity_counts(report: ValidationReport) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for finding in report.findings:
        counts[finding.severity] += 1
    return counts
