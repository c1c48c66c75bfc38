"""PDF → Layout: ruled tables as ``RawTable`` rows of aligned cells, everything else as text lines.

Characters and ruling lines come from PDFium (pdf_page: fast); a page on which PDFium loses
characters takes them from pdfminer instead (pdf_miner). Tables are found by pdfplumber's table
finder (pdf_tables), including tables ruled with horizontal lines only; on a page with neither,
tables printed without rules are found from the alignment of their figures (pdf_unruled); text is
grouped into words and lines as pdfplumber's extract_text does. Leading rows of a table that
only carry its title or its "部门/编制单位：… 单位：万元" line are read as text lines before it.

Text is kept as printed, with lookalike characters normalised (normalize.normalize_text, as
every layout reader does): the lines of a wrapped cell are joined without a separator (CJK
text wraps inside words), a cell covered by a merged neighbour is an empty string, and rows with
no text at all are dropped. Each row carries its page and bounding box; tables and rows are
numbered (1-based) in ``SourceLocation.table`` / ``.row``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum

from budgetgraph.errors import BrokenPDFError, NoTextLayerError
from budgetgraph.normalize import normalize_text
from budgetgraph.pdf_miner import MinerChars
from budgetgraph.pdf_page import PageContent, PdfObject, iter_pages, open_pdf
from budgetgraph.pdf_tables import Grid, aligned_tables, char_lines, line_text, read_grid, ruled_tables
from budgetgraph.pdf_unruled import unruled_tables
from budgetgraph.records import (
    BBox,
    Block,
    Layout,
    MediaType,
    RawRow,
    RawTable,
    SourceDocument,
    SourceLocation,
    TextLine,
)


class CharSource(StrEnum):
    """Where characters come from: PDFium unless it lost some on the page (AUTO), or pdfminer."""

    AUTO = "auto"
    PDFMINER = "pdfminer"


def read_pdf_layout(
    source: SourceDocument, password: str | None = None, chars: CharSource = CharSource.AUTO
) -> Layout:
    """Read a PDF's tables and text lines, page by page, in reading order."""
    if source.media_type is not MediaType.PDF:
        raise BrokenPDFError(source.path, f"not a PDF (it is {source.media_type.value})")
    document = open_pdf(source.path, source.data, password)
    miner = MinerChars(source.path, source.data, password)
    try:
        page_count = len(document)
        if page_count == 0:
            raise BrokenPDFError(source.path, "the PDF has no pages")
        blocks: list[Block] = []
        pages_with_text = 0
        images = 0
        for page in iter_pages(source.path, document):
            if chars is CharSource.PDFMINER:
                page = replace(page, chars=miner.chars(page.number, page.to_display))
            elif page.lost_text:
                recovered = miner.recover(page)
                if recovered is None:
                    recovered = miner.chars(page.number, page.to_display)
                page = replace(page, chars=recovered)
            images += page.images
            if any(not char["text"].isspace() for char in page.chars):
                pages_with_text += 1
            blocks.extend(page_blocks(page))
    finally:
        document.close()
    if pages_with_text == 0:
        what = f"{page_count} page(s) of images" if images else f"{page_count} page(s)"
        raise NoTextLayerError(source.path, f"image-only: no text layer on {what}; needs OCR")
    return Layout(source=source, blocks=_number_tables(blocks), page_count=page_count)


def page_blocks(page: PageContent) -> list[Block]:
    """A page's tables and text lines, ordered top to bottom."""
    chars = [char for char in page.chars if char["text"] != "\x00"]
    tables = ruled_tables(page)
    if not tables:
        tables = aligned_tables(page, chars)
    if not tables:
        tables = unruled_tables(chars)
    placed: list[tuple[float, float, Block]] = []
    remaining = chars
    for found in tables:
        if found.columns < 2:
            continue  # a framed paragraph or a box around the contents, not a table
        read = read_grid(found, remaining)
        if read is None:
            continue
        raw = _read_table(read.grid, read.texts, page.number)
        if raw is None:
            continue
        remaining = read.leftover  # characters in no cell of the table: captions, uncelled corners
        placed.append((read.grid.bbox[1], read.grid.bbox[0], raw))
    for line in text_lines(remaining, page.number):
        line_box = line.location.bbox
        assert line_box is not None
        placed.append((line_box[1], line_box[0], line))
    placed.sort(key=lambda item: (item[0], item[1]))
    return [block for _, _, block in placed]


def text_lines(chars: Sequence[PdfObject], page_number: int) -> list[TextLine]:
    """Group characters into lines and words, as pdfplumber's extract_text does."""
    lines: list[TextLine] = []
    for line in char_lines(list(chars)):
        text = normalize_text(line_text(line)).strip()
        if not text:
            continue
        bbox = _bbox_of([char for char in line if not char["text"].isspace()])
        lines.append(TextLine(text=text, location=SourceLocation(page=page_number, bbox=bbox)))
    return lines


def _read_table(table: Grid, texts: list[list[str]], page_number: int) -> RawTable | None:
    """A read table as a RawTable, or None when none of its rows has text."""
    rows: list[RawRow] = []
    for grid_row, cells in zip(table.rows, texts, strict=True):
        if not any(cells):
            continue
        location = SourceLocation(page=page_number, bbox=_rounded(grid_row.bbox))
        rows.append(RawRow(cells=tuple(cells), location=location))
    if not rows:
        return None
    return RawTable(rows=tuple(rows), location=SourceLocation(page=page_number, bbox=_rounded(table.bbox)))


def _number_tables(blocks: list[Block]) -> tuple[Block, ...]:
    """Give tables their 1-based ordinal in the document and rows theirs in the table."""
    numbered: list[Block] = []
    ordinal = 0
    for block in blocks:
        if isinstance(block, RawTable):
            ordinal += 1
            rows = tuple(
                RawRow(
                    cells=row.cells,
                    location=SourceLocation(
                        page=row.location.page, table=ordinal, row=index, bbox=row.location.bbox
                    ),
                    aligned=row.aligned,
                )
                for index, row in enumerate(block.rows, start=1)
            )
            location = SourceLocation(page=block.location.page, table=ordinal, bbox=block.location.bbox)
            numbered.append(RawTable(rows=rows, location=location))
        else:
            numbered.append(block)
    return tuple(numbered)


# ------------------------------------------------------------------------------------------
# Geometry


def _bbox_of(objects: Sequence[PdfObject]) -> BBox:
    return _rounded(
        (
            min(obj["x0"] for obj in objects),
            min(obj["top"] for obj in objects),
            max(obj["x1"] for obj in objects),
            max(obj["bottom"] for obj in objects),
        )
    )


def _rounded(bbox: tuple[float, float, float, float]) -> BBox:
    x0, top, x1, bottom = bbox
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))
