"""Columns of a table ruled with horizontal lines only, from the printed words themselves.

Between two horizontal rules lies one printed row (a header row whose labels wrap over several
lines is still one row); a stretch between rules that holds several lines with figures is a run of
unruled rows, one per line. A column is where words of different rows stand over one another: the
words' x extents, merged where they overlap, give the columns, and the middle of the gap between two
columns is their boundary. A word that stands over two words that do not overlap each other (a
group label over its columns, a label merged across cells) spans columns and draws none; in its row
the cells it crosses are one merged cell, as a ruled table prints it. Columns that carry a label but
no figure (an empty column) are kept: the header's words define them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from budgetgraph.pdf_page import PdfObject

Box = tuple[float, float, float, float]

_WORD_GAP = 3.0  # pdfplumber's x tolerance: a wider gap between characters separates words
_NUMBERING = re.compile(r"^(?:\d{1,2}|\*+|※+|栏次|行次)$")
_FIGURE = re.compile(r"^[-+（(]?\d[\d,，]*\.\d+[)）%]?$|^[-+]?\d{1,3}(?:,\d{3})+$")


@dataclass(frozen=True)
class _Word:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    row: int  # the printed row (slab) it is in
    line: int  # its line, numbered over the whole band

    def overlaps(self, other: _Word) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1


def _words(line: list[PdfObject], row: int, number: int) -> list[_Word]:
    """A line's words: characters split where the gap between them is wider than the tolerance
    (a single space inside a cell, as in "201 03 01", does not split)."""
    words: list[_Word] = []
    current: list[PdfObject] = []
    for char in line:
        if current and char["x0"] > current[-1]["x1"] + _WORD_GAP:
            words.append(_word(current, row, number))
            current = []
        current.append(char)
    if current:
        words.append(_word(current, row, number))
    return [word for word in words if word.text.strip()]


def _word(chars: list[PdfObject], row: int, line: int) -> _Word:
    shown = [char for char in chars if not char["text"].isspace()] or chars
    return _Word(
        x0=min(char["x0"] for char in shown),
        x1=max(char["x1"] for char in shown),
        top=min(char["top"] for char in shown),
        bottom=max(char["bottom"] for char in shown),
        text="".join(char["text"] for char in chars).strip(),
        row=row,
        line=line,
    )


def _rows(lines: list[list[PdfObject]], rules: list[float]) -> list[list[list[PdfObject]]]:
    """The printed rows: the lines between two consecutive rules, a stretch with several lines of
    figures split into one row per line."""
    slabs: list[list[list[PdfObject]]] = [[] for _ in range(len(rules) + 1)]
    for line in lines:
        middle = sum((char["top"] + char["bottom"]) / 2 for char in line) / len(line)
        slabs[sum(1 for y in rules if y <= middle)].append(line)
    rows: list[list[list[PdfObject]]] = []
    for slab in slabs:
        figure_lines = sum(1 for line in slab if any(_FIGURE.match(w.text) for w in _words(line, 0, 0)))
        if figure_lines >= 2:
            rows.extend([line] for line in slab)
        elif slab:
            rows.append(slab)
    return rows


def _spans(word: _Word, others: list[_Word]) -> bool:
    """The word stands over two words of lines below it that do not overlap each other (a word
    with none below, in the last row: of lines above it)."""
    below = [o for o in others if o.line > word.line and word.overlaps(o)]
    under = below or [o for o in others if o.line < word.line and word.overlaps(o)]
    under.sort(key=lambda o: o.x0)
    if not under:
        return False
    reach = under[0].x1
    for other in under[1:]:
        if other.x0 >= reach:
            return True
        reach = max(reach, other.x1)
    return False


def _columns(words: list[_Word], first_body_row: int) -> list[tuple[float, float]]:
    """The x extents of the columns: overlapping extents of the words that span nothing, merged.
    Every column has a header label: figures that stand under no label (right-aligned under a
    label set to the left of a wide cell) belong to the labelled column beside them that has no
    figures of its own, on the left if there is one."""
    kept = sorted((w for w in words if not _spans(w, words)), key=lambda w: w.x0)
    clusters: list[list[_Word]] = []
    for word in kept:
        if clusters and word.x0 < max(w.x1 for w in clusters[-1]):
            clusters[-1].append(word)
        else:
            clusters.append([word])
    labelled = [any(w.row < first_body_row for w in c) for c in clusters]
    filled = [any(w.row >= first_body_row for w in c) for c in clusters]
    merged: list[list[_Word]] = []
    merged_labelled: list[bool] = []
    merged_filled: list[bool] = []
    for k, cluster in enumerate(clusters):
        if merged and not labelled[k] and merged_labelled[-1] and not merged_filled[-1]:
            merged[-1] = merged[-1] + cluster
            merged_filled[-1] = True
            continue
        if merged and labelled[k] and not filled[k] and not merged_labelled[-1] and merged_filled[-1]:
            merged[-1] = merged[-1] + cluster
            merged_labelled[-1] = True
            continue
        merged.append(cluster)
        merged_labelled.append(labelled[k])
        merged_filled.append(filled[k])
    return [(min(w.x0 for w in c), max(w.x1 for w in c)) for c in merged]


def column_cells(box: Box, rules: list[float], lines: list[list[PdfObject]]) -> list[Box]:
    """The cells of the table printed in ``box`` (x0, top, x1, bottom) between the horizontal
    ``rules`` (their y positions), its characters grouped into printed ``lines``: for every
    printed row, one cell per column, or one merged cell over the columns a word of the row
    crosses. Empty when fewer than three columns are found."""
    rows = _rows(lines, sorted(rules))
    numbered = [(r, line) for r, row in enumerate(rows) for line in row]
    words = [word for n, (r, line) in enumerate(numbered) for word in _words(line, r, n)]
    figure_rows = [w.row for w in words if _FIGURE.match(w.text)]
    columns = _columns(words, min(figure_rows, default=0))
    if len(columns) < 3:
        return []
    cuts = [(left[1] + right[0]) / 2 for left, right in pairwise(columns)]
    edges = [box[0], *cuts, box[2]]
    tops = _row_tops(rows, box, rules)
    cells: list[Box] = []
    for r in range(len(rows)):
        row_words = [word for word in words if word.row == r]
        cells.extend(_row_cells(row_words, cuts, edges, tops[r], tops[r + 1], range(len(edges) - 1)))
    return cells


def header_body_cells(
    box: Box, header: list[list[PdfObject]], body: list[list[list[PdfObject]]]
) -> list[Box]:
    """The cells of a table printed without any rules in ``box``: its ``header`` lines above its
    ``body`` rows (each a list of lines). Columns are found as in a ruled band (the columns'
    numbers under the header, "** ** 1 2 3", count as labels). In the header, a word that crosses
    a column boundary is a group label: one cell over the columns it is centred over, down to
    midway to the labels under it; a column's own label takes the rest of the header below the
    lowest group over it, the whole header's height if there is none (a label merged down, as a
    ruled header prints it). Empty when fewer than three columns are found."""
    rows = ([header] if header else []) + body
    numbered = [(r, line) for r, row in enumerate(rows) for line in row]
    words = [word for n, (r, line) in enumerate(numbered) for word in _words(line, r, n)]
    numbering = [r for r in range(len(rows)) if all(_NUMBERING.match(w.text) for w in words if w.row == r)]
    first_body_row = 1 if header else 0
    while first_body_row in numbering:
        first_body_row += 1  # the columns' numbers under the header ("** ** 1 2 3") label them too
    columns = _columns(words, first_body_row)
    if len(columns) < 3:
        return []
    cuts = [(left[1] + right[0]) / 2 for left, right in pairwise(columns)]
    edges = [box[0], *cuts, box[2]]
    tops = _row_tops(rows, box, [])
    cells: list[Box] = []
    if header:
        cells.extend(_header_cells([w for w in words if w.row == 0], cuts, edges, tops[0], tops[1]))
    for r in range(1 if header else 0, len(rows)):
        row_words = [word for word in words if word.row == r]
        cells.extend(_row_cells(row_words, cuts, edges, tops[r], tops[r + 1], range(len(edges) - 1)))
    return cells


def _header_cells(
    words: list[_Word], cuts: list[float], edges: list[float], top: float, bottom: float
) -> list[Box]:
    """The cells of a header printed without rules (see header_body_cells)."""

    def column_of(word: _Word) -> int:
        return sum(1 for cut in cuts if cut <= (word.x0 + word.x1) / 2)

    groups: list[tuple[int, int, float, float]] = []  # first and last column, top, bottom
    centres: list[float] = []
    lefts: list[float] = []
    for word in sorted(words, key=lambda w: w.top):
        centre = (word.x0 + word.x1) / 2
        for n, (a, b, t, low) in enumerate(groups):
            # A group label wrapped over lines: the next line centred under it, or set at its left.
            aligned = abs(centres[n] - centre) <= 2 or abs(lefts[n] - word.x0) <= 1
            if aligned and word.top - low <= word.bottom - word.top:
                groups[n] = (a, b, t, word.bottom)
                break
        else:
            crossed = [k for k, cut in enumerate(cuts) if word.x0 < cut < word.x1]
            if crossed:
                first, last = _centred_span(centre, crossed[0], crossed[-1] + 1, edges)
                groups.append((first, last, word.top, word.bottom))
                centres.append(centre)
                lefts.append(word.x0)
    ends: list[float] = []  # where each group's cell ends: midway to the labels under it
    for first, last, _, low in groups:
        under = [
            w.top
            for w in words
            if w.top > low and first <= column_of(w) <= last and not any(w.x0 < cut < w.x1 for cut in cuts)
        ]
        ends.append((low + min(under)) / 2 if under else bottom)
    cells: list[Box] = []
    for n, (first, last, high, _) in enumerate(groups):
        above = [ends[m] for m, g in enumerate(groups) if g[0] <= first and last <= g[1] and ends[m] <= high]
        cells.append((edges[first], max(above, default=top), edges[last + 1], ends[n]))
    for k in range(len(edges) - 1):
        covering = [ends[n] for n, g in enumerate(groups) if g[0] <= k <= g[1] and ends[n] < bottom]
        if len(covering) < sum(1 for g in groups if g[0] <= k <= g[1]):
            continue  # a group label over this column reaches the header's end: its cell
        cells.append((edges[k], max(covering, default=top), edges[k + 1], bottom))
    return cells


def _centred_span(centre: float, first: int, last: int, edges: list[float]) -> tuple[int, int]:
    """The columns a group label is printed over: at least those it crosses, and as many more on
    either side (two at most) as bring the middle of the span under its middle (a label centred
    over its columns that is shorter than they are wide)."""
    spans = [
        (a, b)
        for a in range(max(first - 2, 0), first + 1)
        for b in range(last, min(last + 2, len(edges) - 2) + 1)
    ]

    def off(span: tuple[int, int]) -> float:
        return abs((edges[span[0]] + edges[span[1] + 1]) / 2 - centre)

    near = [span for span in spans if off(span) <= 2]
    if near:
        return min(near, key=lambda span: (span[1] - span[0], off(span)))
    return min(spans, key=off)


def _row_cells(
    words: list[_Word],
    cuts: list[float],
    edges: list[float],
    top: float,
    bottom: float,
    columns: Sequence[int],
) -> list[Box]:
    """One row's cells over the given ``columns`` (consecutive runs of column indexes): one per
    column, or one merged cell over the columns a word of the row crosses."""
    crossed = {k for word in words for k, cut in enumerate(cuts) if word.x0 < cut < word.x1}
    cells: list[Box] = []
    start: int | None = None
    for k in columns:
        if start is None:
            start = k
        if k in crossed and k + 1 in columns:
            continue  # the cell goes on over the next column
        cells.append((edges[start], top, edges[k + 1], bottom))
        start = None
    return cells


def _row_tops(rows: list[list[list[PdfObject]]], box: Box, rules: list[float]) -> list[float]:
    """The y positions that separate the rows: a rule between two rows where there is one, else the
    middle of the gap between their lines; the box's top and bottom outside."""
    tops = [box[1]]
    for upper, lower in pairwise(rows):
        low = max(char["bottom"] for line in upper for char in line)
        high = min(char["top"] for line in lower for char in line)
        between = [y for y in rules if low - 1 <= y <= high + 1]
        tops.append(between[0] if between else (low + high) / 2)
    tops.append(box[3])
    return tops
