"""Text rendering of generated documents, in the style of the converters that made the seed texts:
Markdown headings (or none), tab-separated table rows, 表一：/表 1 numbers, 编制单位 and 单位 lines."""

from __future__ import annotations

from dataclasses import dataclass

from budgetgraph.generate.model import Template
from budgetgraph.generate.style import Style
from budgetgraph.generate.tables import MERGED, Document, Paragraph, Table
from budgetgraph.records import AmountUnit


@dataclass(frozen=True)
class RenderedText:
    text: str
    row_lines: dict[tuple[str, int], int]  # (table key, body row) -> 1-based line number


def unit_label(unit: AmountUnit) -> str:
    return "单位：元" if unit is AmountUnit.YUAN else "单位：万元"


def cell_texts(table: Table, row: int, style: Style) -> list[str]:
    texts = []
    for cell in table.rows[row].cells:
        if cell.amount is None:
            texts.append(cell.text)
        else:
            texts.append(style.amount(cell.amount, table.unit, cell.blank_zero))
    return texts


def render_text(document: Document, style: Style) -> RenderedText:
    lines: list[str] = [""]
    row_lines: dict[tuple[str, int], int] = {}
    regional = document.template is Template.SHANGHAI

    def emit(text: str) -> None:
        lines.append(text)
        lines.append("")

    for block in document.blocks:
        if isinstance(block, Paragraph):
            if block.page_break:
                continue
            if block.heading and style.headings:
                emit(f"{'#' * block.heading} {block.text}")
            elif block.heading:
                emit(block.text)
            else:
                lines.append(block.text) if block.text.startswith("- ") else emit(block.text)
            continue
        table = block
        if table.number is not None and style.number_format != "none":
            emit(style.table_number(table.number))
        emit(f"### {table.title}" if style.headings else table.title)
        if table.organisation and regional:
            emit(f"编制部门：{table.organisation}　　{unit_label(table.unit)}")
        elif table.organisation:
            emit(f"编制单位：{table.organisation}")
            emit(unit_label(table.unit))
        for header in ([c.replace(MERGED, "") for c in h] for h in table.header):
            emit(" ".join(h for h in header if h)) if style.raw_rows else lines.append("\t".join(header))
        for i, row in enumerate(table.rows):
            if style.split_after and i and i % style.split_after == 0 and not style.raw_rows:
                lines.append("")  # a page break in the converted PDF: the header comes again
                lines.extend("\t".join(c.replace(MERGED, "") for c in h) for h in table.header)
            texts = cell_texts(table, i, style)
            if style.raw_rows:  # the converter lost the columns: tokens in reading order
                lines.append(" ".join(t for t in texts if t))
                row_lines[(table.key, i)] = len(lines)
                lines.append("")
                continue
            if row.total and style.bold_totals:
                texts = [f"<b>{t}</b>" if t else t for t in texts]
            lines.append("\t".join(texts))
            row_lines[(table.key, i)] = len(lines)
        lines.append("")
        if table.statement:
            emit(table.statement)
    return RenderedText("\n".join(lines) + "\n", row_lines)
