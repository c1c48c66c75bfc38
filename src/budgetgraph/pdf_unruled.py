"""Tables printed without any rules (common in PDFs made by word processors), found from the
alignment of their words.

A line of figures is a line of three words or more (words split where characters stand further
apart than pdfplumber's x tolerance, so a sentence, spaces and all, is one word), two of them
amounts. A table's body is a run of at least three such lines, close together, whose amounts
stand over one another in two columns or more (a paragraph that quotes amounts is one word per
line, and its amounts do not line up); lines without amounts between them (a name wrapped over
two lines) belong to the line of figures nearest to them. Its header is the lines just above,
up to the table's title or its "单位：万元" line, a gap or a line of prose. Columns and cells then
come from the words as in a table ruled with horizontal lines only (pdf_columns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from budgetgraph.normalize import compact
from budgetgraph.pdf_columns import header_body_cells
from budgetgraph.pdf_page import PdfObject
from budgetgraph.pdf_tables import NUMBER, X_TOLERANCE, Grid, char_lines, line_text, looks_tabular
from budgetgraph.tables.catalog import CAPTION

_LEAST_FIGURE_LINES = 3
_MAX_HEADER_LINES = 12
_UNIT = re.compile(r"单位[:：]")


@dataclass(frozen=True)
class _Line:
    chars: list[PdfObject]
    words: list[tuple[float, float, str]]  # x0, x1, text
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def amounts(self) -> list[tuple[float, float, str]]:
        return [word for word in self.words if NUMBER.match(word[2])]

    @property
    def numbered(self) -> bool:
        """A word of the line holds a digit (an amount, a code before a name)."""
        return any(any(ch.isdigit() for ch in word[2]) for word in self.words)

    @property
    def figures(self) -> bool:
        """Two words or more, an amount after the first (a code alone is not a figure)."""
        return any(NUMBER.match(word[2]) for word in self.words[1:])

    @property
    def caption(self) -> bool:
        text = compact(line_text(self.chars))
        return bool(_UNIT.search(text) or CAPTION.match(text)) or text.endswith("。")


def unruled_tables(chars: list[PdfObject]) -> list[Grid]:
    """The tables printed without rules among a page's characters (see the module's docstring)."""
    lines = [_line(line) for line in char_lines(chars)]
    lines = [line for line in lines if line.words]
    if not lines:
        return []
    height = median(line.height for line in lines)
    grids: list[Grid] = []
    used = -1
    for start, end in _bodies(lines, height):
        first = _header_start(lines, start, end, max(used + 1, 0), height)
        # Under a header of labels side by side, fewer lines of figures are a table (the last
        # page of a long one): one under three labels or more, two under two; else three.
        side_by_side = max((len(line.words) for line in lines[first:start]), default=0)
        least = 1 if side_by_side >= 3 else 2 if side_by_side == 2 else _LEAST_FIGURE_LINES
        if not _aligned([line for line in lines[start : end + 1] if line.figures], least):
            continue
        last = end
        while last + 1 < len(lines) and _close(lines[last], lines[last + 1], height / 2):
            if lines[last + 1].caption or not _within(lines[last + 1], lines[start : end + 1]):
                break
            last += 1  # the last row's name wrapped below its figures
        grid = _grid(lines[first:start], lines[start : last + 1])
        if grid is not None and looks_tabular(
            grid, [c for line in lines[first : last + 1] for c in line.chars], min(least, 2)
        ):
            grids.append(grid)
            used = last
    return grids


def _line(chars: list[PdfObject]) -> _Line:
    """A line and its words: characters split where they stand further apart than the tolerance
    (a space character between two words fills the gap: "合 计" is one word)."""
    words: list[tuple[float, float, str]] = []
    current: list[PdfObject] = []
    for char in chars:
        if current and char["x0"] > current[-1]["x1"] + X_TOLERANCE:
            words.append(_word(current))
            current = []
        current.append(char)
    if current:
        words.append(_word(current))
    shown = [c for c in chars if not c["text"].isspace()] or chars
    return _Line(
        chars=chars,
        words=[word for word in words if word[2]],
        top=min(c["top"] for c in shown),
        bottom=max(c["bottom"] for c in shown),
    )


def _word(chars: list[PdfObject]) -> tuple[float, float, str]:
    shown = [c for c in chars if not c["text"].isspace()] or chars
    text = "".join(c["text"] for c in chars).strip()
    return (min(c["x0"] for c in shown), max(c["x1"] for c in shown), text)


def _close(upper: _Line, lower: _Line, gap: float) -> bool:
    return lower.top - upper.bottom <= gap


def _bodies(lines: list[_Line], height: float) -> list[tuple[int, int]]:
    """Runs of lines close together from a line of figures to a line of figures, up to a caption or
    a sentence (rows of a sparse table may print no number for many lines)."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    last = -1
    for index, line in enumerate(lines):
        if start is not None and (not _close(lines[index - 1], line, 1.5 * height) or line.caption):
            runs.append((start, last))
            start = None
        if line.figures:
            if start is None:
                start = index
            last = index
    if start is not None:
        runs.append((start, last))
    return runs


def _aligned(lines: list[_Line], least: int) -> bool:
    """``least`` lines of figures or more, whose amounts stand over one another in two columns."""
    if len(lines) < least:
        return False
    amounts = sorted((x0, x1, n) for n, line in enumerate(lines) for x0, x1, _ in line.amounts)
    columns: list[tuple[float, set[int]]] = []  # right end, lines
    for x0, x1, n in amounts:
        if columns and x0 < columns[-1][0]:
            columns[-1] = (max(columns[-1][0], x1), columns[-1][1] | {n})
        else:
            columns.append((x1, {n}))
    return sum(1 for _, members in columns if len(members) >= least) >= 2


def _within(line: _Line, body: list[_Line], wider: bool = False) -> bool:
    """The line lies within the body's width (or may reach further: a header over columns left
    blank) and is not a sentence (one word over half of it)."""
    x0 = min(word[0] for b in body for word in b.words)
    x1 = max(word[1] for b in body for word in b.words)
    margin = 2 * X_TOLERANCE
    if not wider and (line.words[0][0] < x0 - margin or line.words[-1][1] > x1 + margin):
        return False
    return not (len(line.words) == 1 and line.words[0][1] - line.words[0][0] > (x1 - x0) / 2)


def _header_start(lines: list[_Line], start: int, end: int, floor: int, height: float) -> int:
    """The first line of the header above the body starting at ``start``: lines closer together
    than the body's rows, up to a caption, a line of figures or a sentence."""
    first = start
    gaps = [b.top - a.bottom for a, b in pairwise(lines[start : end + 1])]
    row_gap = median(gaps) if gaps else 2 * height  # a body of one line: no rows to compare
    while first - 1 >= floor and start - first < _MAX_HEADER_LINES:
        line = lines[first - 1]
        # The line just above may stand as far as the rows do when it holds labels side by side
        # (a header of one line).
        gap = 1.5 * height if first == start and len(line.words) >= 2 else min(1.5 * height, 0.95 * row_gap)
        if line.caption or line.figures or not _close(line, lines[first], gap):
            break  # a caption, or a row of the table's body (rows stand further apart than a header's lines)
        if not _within(line, lines[start : end + 1], wider=True):
            break
        first -= 1
    return first


def _grid(header: list[_Line], body: list[_Line]) -> Grid | None:
    """The table's cells: the header lines as the header, the body's lines as rows, a line without
    any number joining the numbered line nearest to it (the one above on a tie) when it is closer
    to it than rows usually are to one another (a name wrapped over lines)."""
    anchors = [n for n, line in enumerate(body) if line.numbered]
    middles = [(line.top + line.bottom) / 2 for line in body]
    adjacent = [middles[n + 1] - middles[n] for n in anchors if n + 1 in anchors]
    pitch = median(adjacent or [b - a for a, b in pairwise(middles)] or [0.0])
    rows: dict[int, list[list[PdfObject]]] = {}
    for n, line in enumerate(body):
        nearest = min(anchors, key=lambda a: (abs(middles[a] - middles[n]), a > n))
        own = n in anchors or abs(middles[nearest] - middles[n]) >= 0.75 * pitch
        rows.setdefault(n if own else nearest, []).append(line.chars)
    every = [*header, *body]
    box = (
        min(c["x0"] for line in every for c in line.chars) - 1,
        min(line.top for line in every) - 1,
        max(c["x1"] for line in every for c in line.chars) + 1,
        max(line.bottom for line in every) + 1,
    )
    ordered = [rows[n] for n in sorted(rows)]
    cells = header_body_cells(box, [line.chars for line in header], ordered)
    return Grid.of(cells) if cells else None
