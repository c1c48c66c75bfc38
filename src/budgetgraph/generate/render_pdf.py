"""PDF rendering of generated documents with reportlab: ruled tables, one table per page start,
the Adobe CID font STSong-Light (no font file needed; the PDF references it by name)."""

from __future__ import annotations

import io
from enum import StrEnum
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from budgetgraph.generate.model import Template
from budgetgraph.generate.render_text import cell_texts, unit_label
from budgetgraph.generate.style import Style
from budgetgraph.generate.tables import MERGED, Document, Paragraph, Table


class Rules(StrEnum):
    """How tables are ruled: every cell boxed (GRID), a horizontal rule above and below every row and
    no verticals (HLINES), or no rules at all (NONE)."""

    GRID = "grid"
    HLINES = "hlines"
    NONE = "none"


FONT = "STSong-Light"
_registered = False


def _font() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16, firstLineIndent=21)
    return {
        "body": body,
        "h1": ParagraphStyle(
            "h1", parent=body, fontSize=18, leading=26, alignment=TA_CENTER, firstLineIndent=0
        ),
        "h2": ParagraphStyle("h2", parent=body, fontSize=14, leading=22, firstLineIndent=0, spaceBefore=8),
        "h3": ParagraphStyle("h3", parent=body, fontSize=12, leading=18, firstLineIndent=0, spaceBefore=4),
        "title": ParagraphStyle(
            "title", parent=body, fontSize=15, leading=22, alignment=TA_CENTER, firstLineIndent=0
        ),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9.5),
        "meta": ParagraphStyle("meta", parent=body, fontSize=9, firstLineIndent=0),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_width(text: str) -> float:
    """The printed width of a cell's text at the table font size: CJK glyphs are square, Latin half."""
    return sum(7.5 if ord(ch) >= 0x2E80 else 4.2 for ch in text)


def _widths(grid: list[list[str]], header_rows: int, available: float) -> list[float]:
    """Column widths: every body cell's text fits on one line where possible (numbers never wrap);
    header labels may wrap, so they ask for at most four characters' width."""
    count = max(len(r) for r in grid)
    least = [24.0] * count  # what numbers and codes need
    natural = [24.0] * count
    for r, row in enumerate(grid):
        for i, text in enumerate(row):
            width = text_width(text) + 8
            if r < header_rows:
                natural[i] = max(natural[i], min(width, 38.0))
            elif any("\u4e00" <= ch <= "\u9fff" for ch in text):
                natural[i] = max(natural[i], min(width, 150.0))
            else:
                least[i] = max(least[i], width)
    natural = [max(n, m) for n, m in zip(natural, least, strict=True)]
    spare = sum(natural) - available
    if spare <= 0:
        return natural
    slack = sum(n - m for n, m in zip(natural, least, strict=True))
    if slack <= 0:
        return [w * available / sum(natural) for w in natural]
    shrink = min(1.0, spare / slack)
    return [n - (n - m) * shrink for n, m in zip(natural, least, strict=True)]


Span = tuple[tuple[int, int], tuple[int, int]]


def header_spans(header: list[list[str]]) -> list[Span]:
    """Merged header cells, as printed tables have them: a label spans the blank cells to its right
    when the row below labels those columns (a column group), or explicitly merged cells (MERGED);
    a label spans down over the blank cells below it. Spans are ((col, row), (col, row)) corners."""
    spans: list[Span] = []
    covered: set[tuple[int, int]] = set()
    rows, width = len(header), max((len(r) for r in header), default=0)
    for r in range(rows):
        for c in range(width):
            if not header[r][c] or header[r][c] == MERGED or (r, c) in covered:
                continue
            end = c
            while end + 1 < width and header[r][end + 1] == MERGED:
                end += 1
            if end == c and r + 1 < rows:
                while end + 1 < width and header[r][end + 1] == "" and (r, end + 1) not in covered:
                    end += 1
                if not any(header[r + 1][k] for k in range(c + 1, end + 1)):
                    end = c
            bottom = r
            if end == c:
                while bottom + 1 < rows and header[bottom + 1][c] == "" and (bottom + 1, c) not in covered:
                    bottom += 1
            if end > c or bottom > r:
                spans.append(((c, r), (end, bottom)))
                covered.update((y, x) for y in range(r, bottom + 1) for x in range(c, end + 1))
    return spans


def _rule_commands(rules: Rules) -> list[Any]:
    if rules is Rules.GRID:
        return [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
    if rules is Rules.HLINES:
        return [
            ("LINEABOVE", (0, 0), (-1, -1), 0.5, colors.black),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black),
        ]
    return []


def _pdf_table(
    table: Table, style: Style, styles: dict[str, ParagraphStyle], available: float, rules: Rules
) -> PdfTable:
    width = max(len(r) for r in (*table.header, *(row.cells for row in table.rows)))
    header = [list(h) + [""] * (width - len(h)) for h in table.header]
    spans = header_spans(header)
    header = [[c.replace(MERGED, "") for c in h] for h in header]
    body = [cell_texts(table, i, style) for i in range(len(table.rows))]
    grid = header + body
    width = max(len(r) for r in grid)
    grid = [r + [""] * (width - len(r)) for r in grid]
    widths = _widths(grid, len(header), available)
    data: list[list[Any]] = []
    for row in grid:
        cells: list[Any] = []
        for i, text in enumerate(row):
            if text_width(text) + 6 > widths[i]:
                cells.append(PdfParagraph(_escape(text), styles["cell"]))
            else:
                cells.append(text)
        data.append(cells)
    pdf_table = PdfTable(data, colWidths=widths, repeatRows=len(header))
    commands: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        *_rule_commands(rules),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        *(("SPAN", start, end) for start, end in spans),
        *(("VALIGN", start, start, "MIDDLE") for start, _ in spans),
        *(("ALIGN", start, start, "CENTER") for start, _ in spans),
    ]
    for r, body_row in enumerate(table.rows):
        for c, cell in enumerate(body_row.cells):
            if cell.amount is not None:
                commands.append(("ALIGN", (c, r + len(header)), (c, r + len(header)), "RIGHT"))
    pdf_table.setStyle(TableStyle(commands))
    return pdf_table


def render_pdf(document: Document, style: Style, rules: Rules = Rules.GRID) -> bytes:
    """The document as PDF bytes (deterministic: fixed metadata, no timestamps), its tables ruled
    as ``rules`` says."""
    _font()
    styles = _styles()
    buffer = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=36,
        rightMargin=36,
        topMargin=36,
        bottomMargin=36,
        title=document.title,
        author="budgetgraph generate",
        creator="budgetgraph",
        invariant=1,
    )
    available = page[0] - 72
    flow: list[Any] = []
    regional = document.template is Template.SHANGHAI
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if block.page_break:
                flow.append(PageBreak())
                continue
            name = {1: "h1", 2: "h2", 3: "h3", 4: "h3"}.get(block.heading, "body")
            text = block.text.removeprefix("- ")  # a Markdown bullet is the text renderings' list item
            flow.append(PdfParagraph(_escape(text), styles[name]))
            continue
        flow.append(PageBreak())
        if block.number is not None and style.number_format != "none":
            flow.append(PdfParagraph(style.table_number(block.number), styles["meta"]))
        flow.append(PdfParagraph(_escape(block.title), styles["title"]))
        if block.organisation:
            who = "编制部门" if regional else "编制单位"
            flow.append(
                PdfParagraph(
                    f"{who}：{_escape(block.organisation)}　　　　{unit_label(block.unit)}", styles["meta"]
                )
            )
        flow.append(Spacer(1, 4))
        if block.rows or block.header:
            flow.append(_pdf_table(block, style, styles, available, rules))
        if block.statement:
            flow.append(Spacer(1, 6))
            flow.append(PdfParagraph(_escape(block.statement), styles["meta"]))
    doc.build(flow)
    return buffer.getvalue()


def find_page(data: bytes, title: str, printed: str) -> int | None:
    """The first 1-based page, from the page where the table titled ``title`` starts, that prints
    ``printed`` (a long table's earlier page may repeat the same figure: an approximation)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        seen_title = False
        for number in range(len(pdf)):
            page = pdf[number]
            text = page.get_textpage().get_text_range().replace("\r", "").replace("\n", "")
            seen_title = seen_title or (title in text and "单位：" in text)  # the table, not the contents
            if seen_title and printed in text:
                return number + 1
        return None
    finally:
        pdf.close()
