"""HTML pages → Layout: tables as ``RawTable`` rows, headings and paragraphs as ``TextLine``s.

Read with the standard library's ``html.parser``. Tables have their ``rowspan``/``colspan`` cells
expanded onto the grid the way a ruled PDF table reads: the text stands in the top-left position of
the merged area and the positions it covers are empty strings. A table nested in a cell is read as
that cell's text. Outside tables, every block element (p, div, li, h1–h6 …) and every ``<br>`` ends
a line; ``TextLine.heading`` is the level of an enclosing h1–h6. ``SourceLocation.line`` is the line
of the HTML source where the block starts. Scripts, styles and the ``<head>`` are skipped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from budgetgraph.errors import InputError
from budgetgraph.normalize import normalize_text
from budgetgraph.records import (
    Block,
    Layout,
    MediaType,
    RawRow,
    RawTable,
    SourceDocument,
    SourceLocation,
    TextLine,
)
from budgetgraph.sources import decode_text

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "hr", "center", "form", "address", "figure", "figcaption", "caption",
        "main", "nav", "aside",
    }
)  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SKIPPED = frozenset({"script", "style", "head", "title", "noscript", "template", "svg"})
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"})
_MAX_SPAN = 1000  # a colspan/rowspan beyond this is a broken page, not a table


@dataclass
class _Cell:
    text: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1


@dataclass
class _Table:
    line: int
    rows: list[tuple[int, list[_Cell]]] = field(default_factory=list)  # (source line, cells)
    depth: int = 0  # tables nested inside this one's cells
    caption: list[str] = field(default_factory=list)  # text inside the table but in no cell


class _LayoutParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._text: list[str] = []
        self._text_line = 1
        self._heading: list[int] = []
        self._skip = 0
        self._table: _Table | None = None
        self._cell: _Cell | None = None

    # -- text outside tables -------------------------------------------------------------------

    def _flush_text(self) -> None:
        text = _clean("".join(self._text))
        self._text.clear()
        if text:
            heading = self._heading[-1] if self._heading else 0
            location = SourceLocation(line=self._text_line)
            self.blocks.append(TextLine(text=text, location=location, heading=heading))
        self._text_line = self.getpos()[0]

    # -- parser callbacks ---------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            if tag not in _VOID:
                self._skip += 1
            return
        if self._skip:
            return
        table = self._table
        if table is not None:
            self._table_start(table, tag, attrs)
            return
        if tag == "table":
            self._flush_text()
            self._table = _Table(line=self.getpos()[0])
        elif tag in _HEADINGS:
            self._flush_text()
            self._heading.append(_HEADINGS[tag])
        elif tag in _BLOCK_TAGS or tag == "br":
            self._flush_text()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        table = self._table
        if table is not None:
            self._table_end(table, tag)
            return
        if tag in _HEADINGS:
            self._flush_text()
            if self._heading:
                self._heading.pop()
        elif tag in _BLOCK_TAGS:
            self._flush_text()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell.text.append(data)
        elif self._table is not None:
            self._table.caption.append(data)  # <caption>, or text stray between rows
        else:
            if not "".join(self._text).strip():
                self._text_line = self.getpos()[0]
            self._text.append(data)

    # -- tables -------------------------------------------------------------------------------

    def _table_start(self, table: _Table, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            table.depth += 1
        elif table.depth:
            if tag in ("tr", "br", "p", "div") and self._cell is not None:
                self._cell.text.append("\n")
        elif tag == "tr":
            table.rows.append((self.getpos()[0], []))
            self._cell = None
        elif tag in ("td", "th"):
            if not table.rows:
                table.rows.append((self.getpos()[0], []))
            values = dict(attrs)
            self._cell = _Cell(rowspan=_span(values.get("rowspan")), colspan=_span(values.get("colspan")))
            table.rows[-1][1].append(self._cell)
        elif tag in ("br", "p", "div") and self._cell is not None:
            self._cell.text.append("\n")

    def _table_end(self, table: _Table, tag: str) -> None:
        if tag == "table":
            if table.depth:
                table.depth -= 1
                return
            self._end_table(table)
            self._cell = None
        elif not table.depth and tag in ("td", "th", "tr"):
            self._cell = None

    def close(self) -> None:
        super().close()
        if self._table is not None:  # an unclosed table at the end of the page
            self._end_table(self._table)
        self._flush_text()

    def _end_table(self, table: _Table) -> None:
        caption = _clean("".join(table.caption))
        if caption:  # the caption is the table's title: a text line before it
            self.blocks.append(TextLine(text=caption, location=SourceLocation(line=table.line)))
        self.blocks.append(_raw_table(table))
        self._table = None
        self._text_line = self.getpos()[0]


def _span(value: str | None) -> int:
    try:
        span = int((value or "1").strip())
    except ValueError:
        return 1
    return min(max(span, 1), _MAX_SPAN)


def _clean(text: str) -> str:
    """Normalised characters, invisible format characters (zero-width joiners …) dropped, runs of
    whitespace collapsed to one space."""
    visible = "".join(ch for ch in normalize_text(text) if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())


def _cell_text(cell: _Cell) -> str:
    """A cell's lines joined without a separator (as PDF cells are)."""
    return "".join(_clean(part) for part in "".join(cell.text).split("\n"))


def _raw_table(table: _Table) -> RawTable:
    """Expand row and column spans onto a grid; covered positions are empty strings."""
    grid: dict[tuple[int, int], str] = {}
    lines: list[int] = []
    width = 0
    for r, (line, cells) in enumerate(table.rows):
        lines.append(line)
        c = 0
        for cell in cells:
            while (r, c) in grid:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    grid[(r + dr, c + dc)] = ""
            grid[(r, c)] = _cell_text(cell)
            c += cell.colspan
        width = max(width, c)
    rows: list[RawRow] = []
    for r, line in enumerate(lines):
        cells_text = tuple(grid.get((r, c), "") for c in range(width))
        if any(cells_text):
            rows.append(RawRow(cells=cells_text, location=SourceLocation(line=line)))
    return RawTable(rows=tuple(rows), location=SourceLocation(line=table.line))


def read_html_layout(source: SourceDocument) -> Layout:
    """Read an HTML page into TextLine and RawTable blocks in reading order."""
    if source.media_type is not MediaType.HTML:
        raise InputError(source.path, f"not an HTML page (it is {source.media_type.value})")
    parser = _LayoutParser()
    parser.feed(decode_text(source))
    parser.close()
    blocks: list[Block] = []
    ordinal = 0
    for block in parser.blocks:
        if isinstance(block, RawTable):
            if not block.rows:
                continue
            ordinal += 1
            rows = tuple(
                RawRow(
                    cells=row.cells,
                    location=SourceLocation(line=row.location.line, table=ordinal, row=index),
                )
                for index, row in enumerate(block.rows, start=1)
            )
            blocks.append(
                RawTable(rows=rows, location=SourceLocation(line=block.location.line, table=ordinal))
            )
        else:
            blocks.append(block)
    return Layout(source=source, blocks=tuple(blocks), page_count=None)
