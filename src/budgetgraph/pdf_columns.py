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
from dataclasses import dataclass
from itertools import pairwise

from budgetgraph.pdf_page import PdfObject

Box = tuple[float, float, float, float]

_WORD_GAP = 3.0  # pdfplumber's x tolerance: a wider gap between characters separates words
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
    x0, _, x1, _ = box
    edges = [x0, *cuts, x1]
    tops = _row_tops(rows, box, rules)
    cells: list[Box] = []
    for r in range(len(rows)):
        top, bottom = tops[r], tops[r + 1]
        crossed = {
            k for word in words if word.row == r for k, cut in enumerate(cuts) if word.x0 < cut < word.x1
        }
        start = 0
        for k in range(len(cuts) + 1):
            if k in crossed:
                continue  # the cell goes on over the next column
            cells.append((edges[start], top, edges[k + 1], bottom))
            start = k + 1
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
