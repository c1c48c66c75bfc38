"""PDF → Layout: ruled tables as ``RawTable`` rows of aligned cells, everything else as text lines.

Characters and ruling lines come from PDFium (pdf_page: fast); tables are found by pdfplumber's
table finder (edges → intersections → cells → tables, pdfplumber's default "lines" settings) and
text is grouped into words and lines by pdfplumber's word extractor. A page whose ruling lines make
no table but whose text stands in aligned columns (tables drawn with horizontal rules only, or with
none) is read a second time with pdfplumber's text-alignment strategy for the missing vertical
rules; that table is kept only when it looks like one (several columns, rows of figures).

Text is kept as printed, with lookalike characters normalised (normalize.normalize_text, as
every layout reader does): the lines of a wrapped cell are joined without a separator (CJK
text wraps inside words), a cell covered by a merged neighbour is an empty string, and rows with
no text at all are dropped. Each row carries its page and bounding box.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

import pdfplumber
from pdfplumber.pdf import PDF
from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
    words_to_edges_v,
)
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.geometry import filter_edges
from pdfplumber.utils.text import WordExtractor

from budgetgraph.errors import BrokenPDFError, NoTextLayerError
from budgetgraph.normalize import compact, normalize_text
from budgetgraph.pdf_page import PageContent, PdfObject, iter_pages, open_pdf
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

# pdfplumber's TableFinder defaults.
_SNAP = 3.0
_JOIN = 3.0
_EDGE_MIN_LENGTH = 3.0
_EDGE_MIN_LENGTH_PREFILTER = 1.0
_INTERSECTION = 3.0
_MIN_WORDS_VERTICAL = 3
_LINE_TOLERANCE = 3.0  # pdfplumber's y_tolerance for grouping words into lines

# A caption cell (compact text): a table title ending in 表 (maybe with a parenthesised note, e.g.
# "(功能科目)"), and/or the unit line "部门：…" / "编制单位：…" / "单位：万元".
_CAPTION = re.compile(
    r"^(?:[^:：]{0,48}表(?:[(（][^)）]{1,12}[)）])?)?"
    r"(?:(?:编制单位|编制部门|预算单位|部门|单位名称|单位|金额单位)[:：].*)?$"
)
_NUMBER = re.compile(r"^[-+（(]?\d[\d,，]*(\.\d+)?[)）%]?$")


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
    miner = _MinerChars(source, password)
    try:
        page_count = len(document)
        if page_count == 0:
            raise BrokenPDFError(source.path, "the PDF has no pages")
        blocks: list[Block] = []
        pages_with_text = 0
        images = 0
        for page in iter_pages(source.path, document):
            if chars is CharSource.PDFMINER or page.lost_text:
                page = replace(page, chars=miner.chars(page.number))
            images += page.images
            if any(not char["text"].isspace() for char in page.chars):
                pages_with_text += 1
            blocks.extend(page_blocks(page))
    finally:
        miner.close()
        document.close()
    if pages_with_text == 0:
        what = f"{page_count} page(s) of images" if images else f"{page_count} page(s)"
        raise NoTextLayerError(source.path, f"image-only: no text layer on {what}; needs OCR")
    return Layout(source=source, blocks=_number_tables(blocks), page_count=page_count)


class _MinerChars:
    """pdfminer's characters (through pdfplumber) for the pages PDFium cannot read fully."""

    def __init__(self, source: SourceDocument, password: str | None) -> None:
        self._source = source
        self._password = password
        self._pdf: PDF | None = None

    def chars(self, number: int) -> tuple[PdfObject, ...]:
        try:
            if self._pdf is None:
                self._pdf = pdfplumber.open(io.BytesIO(self._source.data), password=self._password or "")
            page = self._pdf.pages[number - 1]
            chars = tuple(page.chars)
            page.close()
        except Exception as error:  # pdfminer raises many kinds on damaged files
            raise BrokenPDFError(self._source.path, f"damaged PDF: page {number}: {error!r}") from None
        return chars

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


def page_blocks(page: PageContent) -> list[Block]:
    """A page's tables and text lines, ordered top to bottom."""
    chars = [char for char in page.chars if char["text"] != "\x00"]
    tables = _ruled_tables(page)
    if not tables:
        tables = _aligned_tables(page, chars)
    placed: list[tuple[float, float, Block]] = []
    remaining = chars
    for found in tables:
        if found.columns < 2:
            continue  # a framed paragraph or a box around the contents, not a table
        table = found.without_caption(_cell_texts(found, remaining))
        if table is None:
            continue
        raw = _read_table(table, remaining, page.number)
        if raw is None:
            continue
        # Characters in the table's cells are the table's; any others (in an uncelled corner) are text.
        remaining = [char for char in remaining if not table.holds(char)]
        placed.append((table.bbox[1], table.bbox[0], raw))
    for line in text_lines(remaining, page.number):
        line_box = line.location.bbox
        assert line_box is not None
        placed.append((line_box[1], line_box[0], line))
    placed.sort(key=lambda item: (item[0], item[1]))
    return [block for _, _, block in placed]


def text_lines(chars: Sequence[PdfObject], page_number: int) -> list[TextLine]:
    """Group characters into words and words into lines, as pdfplumber's extract_text does."""
    if not chars:
        return []
    words = WordExtractor().extract_words(list(chars))
    lines: list[TextLine] = []
    for line_words in cluster_objects(words, "top", _LINE_TOLERANCE):
        line_words = sorted(line_words, key=lambda word: word["x0"])
        text = normalize_text(" ".join(word["text"] for word in line_words)).strip()
        if not text:
            continue
        bbox = _bbox_of(line_words)
        lines.append(TextLine(text=text, location=SourceLocation(page=page_number, bbox=bbox)))
    return lines


# ------------------------------------------------------------------------------------------
# Tables

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class _GridRow:
    bbox: Box
    cells: tuple[Box | None, ...]  # None where a merged cell from another row or column covers it


@dataclass(frozen=True)
class _Grid:
    """A table's cells, arranged in rows over the table's column positions (as pdfplumber's Table)."""

    bbox: Box
    rows: tuple[_GridRow, ...]
    columns: int

    @classmethod
    def of(cls, cells: list[Box]) -> _Grid:
        xs = sorted({cell[0] for cell in cells})
        by_top: dict[float, dict[float, Box]] = {}
        for cell in sorted(cells, key=lambda c: (c[1], c[0])):
            by_top.setdefault(cell[1], {})[cell[0]] = cell
        rows = []
        for row_cells in by_top.values():
            present = list(row_cells.values())
            bbox = (
                min(c[0] for c in present),
                min(c[1] for c in present),
                max(c[2] for c in present),
                max(c[3] for c in present),
            )
            rows.append(_GridRow(bbox=bbox, cells=tuple(row_cells.get(x) for x in xs)))
        table_box = (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )
        return cls(bbox=table_box, rows=tuple(rows), columns=len(xs))

    def without_caption(self, texts: list[list[str]]) -> _Grid | None:
        """The grid without its leading caption rows, whose text is then read as text lines: rows
        that are one cell across the whole width, or whose filled cells all read as a table title
        and/or its "部门：… 单位：万元" line (templates that rule them into the table). None when
        nothing is left."""
        skip = 0
        for row, cells in zip(self.rows, texts, strict=True):
            merged_across = row.cells[0] is not None and all(cell is None for cell in row.cells[1:])
            filled = [compact(cell) for cell in cells if cell.strip()]
            if not (merged_across or all(_CAPTION.match(cell) for cell in filled)):
                break  # (a leading row with no text at all is skipped too)
            skip += 1
        if skip == 0:
            return self
        rows = self.rows[skip:]
        if not rows:
            return None
        bbox = (
            min(row.bbox[0] for row in rows),
            rows[0].bbox[1],
            max(row.bbox[2] for row in rows),
            max(row.bbox[3] for row in rows),
        )
        return _Grid(bbox=bbox, rows=rows, columns=self.columns)

    def holds(self, char: PdfObject) -> bool:
        """Whether the character stands in one of the grid's cells (merged cells included)."""
        if not _centre_in(char, self.bbox):
            return False
        for row in self.rows:
            if _centre_in(char, row.bbox) and any(
                cell is not None and _centre_in(char, cell) for cell in row.cells
            ):
                return True
        return False


def _ruled_tables(page: PageContent) -> list[_Grid]:
    edges = filter_edges(list(page.edges), min_length=_EDGE_MIN_LENGTH_PREFILTER)
    return _tables_from_edges(edges)


def _tables_from_edges(edges: list[PdfObject]) -> list[_Grid]:
    if not edges:
        return []
    merged = merge_edges(
        edges,
        snap_x_tolerance=_SNAP,
        snap_y_tolerance=_SNAP,
        join_x_tolerance=_JOIN,
        join_y_tolerance=_JOIN,
    )
    merged = filter_edges(merged, min_length=_EDGE_MIN_LENGTH)
    intersections = edges_to_intersections(merged, _INTERSECTION, _INTERSECTION)
    cells = intersections_to_cells(intersections)
    return [_Grid.of(group) for group in cells_to_tables(cells)]


def _aligned_tables(page: PageContent, chars: list[PdfObject]) -> list[_Grid]:
    """Tables without vertical rules: columns from aligned words, rows from rules or text lines."""
    if len(chars) < 20:
        return []
    words = WordExtractor().extract_words(chars)
    verticals = words_to_edges_v(words, word_threshold=_MIN_WORDS_VERTICAL)
    if len(verticals) < 3:
        return []
    horizontals = filter_edges(list(page.edges), "h", min_length=_EDGE_MIN_LENGTH_PREFILTER)
    if len(horizontals) < 3:
        return []  # with no rules at all, columns of words are too often justified prose
    tables = _tables_from_edges(list(verticals) + horizontals)
    return [table for table in tables if _looks_tabular(table, chars)]


def _looks_tabular(table: _Grid, chars: list[PdfObject]) -> bool:
    rows = _cell_texts(table, chars)
    if not rows or len(rows[0]) < 3:
        return False
    figure_rows = sum(1 for row in rows if sum(1 for cell in row if _NUMBER.match(cell)) >= 2)
    return figure_rows >= 3


def _read_table(table: _Grid, chars: list[PdfObject], page_number: int) -> RawTable | None:
    """A found table as a RawTable, or None when it is not a real table (one column, no text)."""
    texts = _cell_texts(table, chars)
    rows: list[RawRow] = []
    for grid_row, cells in zip(table.rows, texts, strict=True):
        if not any(cells):
            continue
        location = SourceLocation(page=page_number, bbox=_rounded(grid_row.bbox))
        rows.append(RawRow(cells=tuple(cells), location=location))
    if not rows:
        return None
    return RawTable(rows=tuple(rows), location=SourceLocation(page=page_number, bbox=_rounded(table.bbox)))


def _cell_texts(table: _Grid, chars: Iterable[PdfObject]) -> list[list[str]]:
    """The text of every cell (merged-over cells as ""), by rows, as pdfplumber's extract does."""
    bbox = table.bbox
    inside = [char for char in chars if _centre_in(char, bbox)]
    out: list[list[str]] = []
    for row in table.rows:
        row_chars = [char for char in inside if _centre_in(char, row.bbox)]
        texts: list[str] = []
        for cell in row.cells:
            if cell is None:
                texts.append("")
                continue
            cell_chars = [char for char in row_chars if _centre_in(char, cell)]
            texts.append(_cell_text(cell_chars))
        out.append(texts)
    return out


def _cell_text(chars: list[PdfObject]) -> str:
    if not chars:
        return ""
    words = WordExtractor().extract_words(chars)
    lines = cluster_objects(words, "top", _LINE_TOLERANCE)
    text = "".join(" ".join(word["text"] for word in sorted(line, key=_x0)) for line in lines)
    return normalize_text(text).strip()


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


def _x0(obj: PdfObject) -> float:
    return float(obj["x0"])


def _centre_in(char: PdfObject, bbox: Box) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return bool(bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3])


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
