"""Table geometry for the PDF layout reader: pdfplumber's table finder run on pdf_page's objects.

Ruled tables come from pdfplumber's algorithm (edges → intersections → cells → tables) with its
default "lines" settings. Tables ruled with horizontal lines only (三线表) take their columns from
the words inside the ruled band (pdf_columns). ``Grid`` arranges a table's cells
in rows over its column positions, as pdfplumber's ``Table`` does, and reads their text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pdfplumber.table import (
    T_intersections,
    cells_to_tables,
    edges_to_intersections,
    merge_edges,
    words_to_edges_h,
    words_to_edges_v,
)
from pdfplumber.utils.geometry import filter_edges, obj_to_bbox
from pdfplumber.utils.text import WordExtractor

from budgetgraph.normalize import compact, normalize_text
from budgetgraph.pdf_columns import column_cells
from budgetgraph.pdf_page import PageContent, PdfObject
from budgetgraph.tables.catalog import CAPTION

# pdfplumber's TableFinder defaults.
_SNAP = 3.0
_JOIN = 3.0
_EDGE_MIN_LENGTH = 3.0
_EDGE_MIN_LENGTH_PREFILTER = 1.0
_INTERSECTION = 3.0
_MIN_WORDS_VERTICAL = 3
LINE_TOLERANCE = 3.0  # pdfplumber's y_tolerance for grouping characters into lines
X_TOLERANCE = 3.0  # pdfplumber's x_tolerance: a wider gap between characters separates words

NUMBER = re.compile(r"^[-+（(]?\d[\d,，]*(\.\d+)?[)）%]?$")


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class GridRow:
    bbox: Box
    cells: tuple[Box | None, ...]  # None where a merged cell from another row or column covers it


@dataclass(frozen=True)
class Grid:
    """A table's cells, arranged in rows over the table's column positions (as pdfplumber's Table)."""

    bbox: Box
    rows: tuple[GridRow, ...]
    columns: int

    @classmethod
    def of(cls, cells: list[Box]) -> Grid:
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
            rows.append(GridRow(bbox=bbox, cells=tuple(row_cells.get(x) for x in xs)))
        table_box = (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )
        return cls(bbox=table_box, rows=tuple(rows), columns=len(xs))

    def caption_rows(self, texts: list[list[str]]) -> int:
        """How many leading rows are captions, read as text lines instead: rows that are one cell
        across the whole width, or whose filled cells all read as a table title and/or its
        "部门：… 单位：万元" line (templates that rule them into the table), or carry no text."""
        skip = 0
        for row, cells in zip(self.rows, texts, strict=True):
            merged_across = row.cells[0] is not None and all(cell is None for cell in row.cells[1:])
            filled = [compact(cell) for cell in cells if cell.strip()]
            if not (merged_across or all(CAPTION.match(cell) for cell in filled)):
                break
            skip += 1
        return skip

    def drop_rows(self, skip: int) -> Grid | None:
        """The grid without its first ``skip`` rows (None when nothing is left)."""
        rows = self.rows[skip:]
        if not rows:
            return None
        bbox = (
            min(row.bbox[0] for row in rows),
            rows[0].bbox[1],
            max(row.bbox[2] for row in rows),
            max(row.bbox[3] for row in rows),
        )
        return Grid(bbox=bbox, rows=rows, columns=self.columns)


@dataclass(frozen=True)
class ReadGrid:
    """A table read: its grid without caption rows, the text of every cell (merged-over cells as
    ""), and the characters that are not in its cells (the page's text)."""

    grid: Grid
    texts: list[list[str]]
    leftover: list[PdfObject]


def read_grid(found: Grid, chars: list[PdfObject]) -> ReadGrid | None:
    """Give each character to the cell its centre stands in (as pdfplumber's Table.extract does),
    read the cells, and set the caption rows aside. None when only captions are left."""
    placed = _place(found, chars)
    texts = [["" if cell is None else join_chars(cell) for cell in row] for row in placed.cells]
    skip = found.caption_rows(texts)
    grid = found.drop_rows(skip)
    if grid is None:
        return None
    leftover = placed.outside + [char for row in placed.cells[:skip] for cell in row if cell for char in cell]
    return ReadGrid(grid=grid, texts=texts[skip:], leftover=leftover)


@dataclass(frozen=True)
class _Placed:
    cells: list[list[list[PdfObject] | None]]  # by row and column; None where no cell starts
    outside: list[PdfObject]


def _place(grid: Grid, chars: list[PdfObject]) -> _Placed:
    rows = grid.rows
    tops = [row.bbox[1] for row in rows]
    tallest = max(row.bbox[3] - row.bbox[1] for row in rows)
    columns = [[(cell[0], index) for index, cell in enumerate(row.cells) if cell is not None] for row in rows]
    starts = [[x for x, _ in row] for row in columns]
    cells: list[list[list[PdfObject] | None]] = [
        [[] if cell is not None else None for cell in row.cells] for row in rows
    ]
    outside: list[PdfObject] = []
    x0, top, x1, bottom = grid.bbox
    for char in chars:
        cx = (char["x0"] + char["x1"]) / 2
        cy = (char["top"] + char["bottom"]) / 2
        target = None
        if x0 <= cx < x1 and top <= cy < bottom:
            r = bisect_right(tops, cy) - 1
            while r >= 0 and tops[r] >= cy - tallest and target is None:
                k = bisect_right(starts[r], cx) - 1
                if k >= 0:
                    column = columns[r][k][1]
                    cell = rows[r].cells[column]
                    if cell is not None and cell[0] <= cx < cell[2] and cell[1] <= cy < cell[3]:
                        target = cells[r][column]
                r -= 1
        if target is None:
            outside.append(char)
        else:
            target.append(char)
    return _Placed(cells=cells, outside=outside)


def ruled_tables(page: PageContent) -> list[Grid]:
    edges = filter_edges(list(page.edges), min_length=_EDGE_MIN_LENGTH_PREFILTER)
    return _tables_from_edges(edges)


def _tables_from_edges(edges: list[PdfObject]) -> list[Grid]:
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
    return [Grid.of(group) for group in cells_to_tables(cells)]


Point = tuple[float, float]


def intersections_to_cells(intersections: T_intersections) -> list[Box]:
    """pdfplumber's ``intersections_to_cells``, with the same cells in the same order, faster: each
    point's edges are turned into sets once (pdfplumber rebuilds both sets for every pair it
    tests), and the points below and to the right of a point come from per-column and per-row
    lists instead of a scan of all later points.

    For every intersection (in (x, top) order), the smallest cell with that corner at its top left:
    the first point below it joined to it by a vertical edge, and the first point right of it
    joined by a horizontal edge, whose bottom-right corner is an intersection joined to both."""
    vertical = {point: {obj_to_bbox(edge) for edge in edges["v"]} for point, edges in intersections.items()}
    horizontal = {point: {obj_to_bbox(edge) for edge in edges["h"]} for point, edges in intersections.items()}
    points: list[Point] = sorted(intersections)
    columns: dict[float, list[Point]] = {}
    rows: dict[float, list[Point]] = {}
    for point in points:  # sorted by x, then top: a column by top, a row by x
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)
    column_index = {point: i for column in columns.values() for i, point in enumerate(column)}
    row_index = {point: i for row in rows.values() for i, point in enumerate(row)}
    cells: list[Box] = []
    for point in points:
        below = columns[point[0]][column_index[point] + 1 :]
        right = rows[point[1]][row_index[point] + 1 :]
        cell = _smallest_cell(point, below, right, vertical, horizontal)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(
    point: Point,
    below: list[Point],
    right: list[Point],
    vertical: dict[Point, set[Box]],
    horizontal: dict[Point, set[Box]],
) -> Box | None:
    down = vertical[point]
    across = horizontal[point]
    for below_point in below:
        if down.isdisjoint(vertical[below_point]):
            continue
        for right_point in right:
            if across.isdisjoint(horizontal[right_point]):
                continue
            corner = (right_point[0], below_point[1])
            if (
                corner in vertical
                and not vertical[corner].isdisjoint(vertical[right_point])
                and not horizontal[corner].isdisjoint(horizontal[below_point])
            ):
                return (point[0], point[1], corner[0], corner[1])
    return None


def aligned_tables(page: PageContent, chars: list[PdfObject]) -> list[Grid]:
    """Tables ruled with horizontal lines only (三线表, or a rule under every row): between two or
    more long parallel rules of the same extent, rows are what lies between two rules (a stretch
    with several lines of figures: one row per line) and columns come from the words standing over
    one another, labels without figures included (pdf_columns); when that finds fewer than three
    columns, pdfplumber's text strategy. Only the words inside the ruled band count, so that prose
    around it cannot skew the columns. Kept only when the result looks like a table of figures."""
    rules = [
        edge
        for edge in filter_edges(list(page.edges), "h", min_length=_EDGE_MIN_LENGTH_PREFILTER)
        if edge["x1"] - edge["x0"] >= page.width / 3
    ]
    bands: list[list[PdfObject]] = []
    for rule in sorted(rules, key=lambda e: (round(e["x0"]), e["top"])):
        for band in bands:
            if abs(band[0]["x0"] - rule["x0"]) <= _SNAP and abs(band[0]["x1"] - rule["x1"]) <= _SNAP:
                band.append(rule)
                break
        else:
            bands.append([rule])
    grids: list[Grid] = []
    for band in bands:
        top, bottom = min(e["top"] for e in band), max(e["top"] for e in band)
        box = (band[0]["x0"] - _SNAP, top, band[0]["x1"] + _SNAP, bottom)
        inside = [char for char in chars if centre_in(char, box)]
        if len(band) < 2 or len(inside) < 20:
            continue
        rule_tops = sorted({round(e["top"], 1) for e in band})
        cells = column_cells(box, rule_tops, char_lines(inside))
        if cells:
            grid = Grid.of(cells)
            if looks_tabular(grid, inside, 1 if len(rule_tops) >= 4 else 3):
                grids.append(grid)
            continue
        words = WordExtractor().extract_words(inside)
        verticals = words_to_edges_v(words, word_threshold=_MIN_WORDS_VERTICAL)
        if len(verticals) < 4:  # three columns at least
            continue
        horizontals = words_to_edges_h(words, word_threshold=1)
        grids.extend(
            grid for grid in _tables_from_edges(list(verticals) + horizontals) if looks_tabular(grid, inside)
        )
    return grids


def looks_tabular(table: Grid, chars: list[PdfObject], least: int = 3) -> bool:
    """Three columns at least, and ``least`` rows with two figures or more (one is enough where
    rules separate four rows or more: a short table, or the last page of a long one)."""
    rows = cell_texts(table, chars)
    if not rows or len(rows[0]) < 3:
        return False
    figure_rows = sum(1 for row in rows if sum(1 for cell in row if NUMBER.match(cell)) >= 2)
    return figure_rows >= least


def cell_texts(table: Grid, chars: list[PdfObject]) -> list[list[str]]:
    """The text of every cell (merged-over cells as ""), by rows."""
    placed = _place(table, chars)
    return [["" if cell is None else join_chars(cell) for cell in row] for row in placed.cells]


def char_lines(chars: list[PdfObject]) -> list[list[PdfObject]]:
    """Characters grouped into printed lines (tops within pdfplumber's y tolerance), each sorted
    left to right; lines top to bottom."""
    ordered = sorted(chars, key=lambda char: char["top"])
    lines: list[list[PdfObject]] = []
    last_top = float("-inf")
    for char in ordered:
        if char["top"] - last_top > LINE_TOLERANCE:
            lines.append([])
        lines[-1].append(char)
        last_top = char["top"]
    return [sorted(line, key=lambda char: char["x0"]) for line in lines]


def line_text(line: list[PdfObject]) -> str:
    """A line's text as pdfplumber's extract_text gives it: words split at whitespace characters
    and at gaps wider than its x tolerance, joined by one space."""
    out: list[str] = []
    previous: PdfObject | None = None
    gap = False
    for char in line:
        text = char["text"]
        if text.isspace():
            gap = True
            continue
        if previous is not None and (gap or char["x0"] > previous["x1"] + X_TOLERANCE):
            out.append(" ")
        out.append(text)
        previous = char
        gap = False
    return "".join(out)


def join_chars(chars: list[PdfObject]) -> str:
    """A cell's text: its lines joined without a separator (CJK text wraps inside words)."""
    if not chars:
        return ""
    return normalize_text("".join(line_text(line) for line in char_lines(chars))).strip()


def centre_in(char: PdfObject, bbox: Box) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return bool(bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3])
