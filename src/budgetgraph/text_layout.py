"""Text and Markdown renderings of disclosures → ``Layout``.

Three converter styles are read the same way:

- tab-separated tables with Markdown headings and ``<b>``/``**`` emphasis: every run of consecutive
  lines that contain a tab is a ``RawTable`` of aligned ``RawRow``s (a blank line ends the run; a page
  split therefore arrives as consecutive tables, the continuation repeating its header rows);
- wrapped raw PDF text (column positions lost): every other line is a ``TextLine`` and the table
  interpreter reads the rows out of them;
- narrative-only documents: ``TextLine``s.

Markdown pipe tables (``| a | b |`` rows, ``|---|---|`` delimiter rows skipped) are read as the
tab-separated ones are. HTML tables inside the Markdown (``<table>…</table>``, as some PDF-to-Markdown
converters write tables with merged cells) are read by the HTML reader, spans expanded.

``SourceLocation.line`` is the 1-based line number in the file.
"""

from __future__ import annotations

import re

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

_TAGS = re.compile(r"</?(?:b|strong|p|br|span|em|i|u)\b[^>]*>", re.IGNORECASE)
_BOLD = re.compile(r"\*\*|__")
_HEADING = re.compile(r"^(#{1,6})\s+")
_BULLET = re.compile(r"^[-*+]\s+")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_DELIMITER_ROW = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+(?:\s*:?-{3,}:?\s*)?\|?\s*$")
_PIPE = re.compile(r"(?<!\\)\|")


def _clean(text: str) -> str:
    return _BOLD.sub("", _TAGS.sub("", normalize_text(text))).strip()


def _cells(raw: str) -> tuple[str, ...] | None:
    """The cells of a table row: tab-separated, or a Markdown pipe row; None for a line of text."""
    if "\t" in raw:
        return tuple(_clean(cell) for cell in raw.rstrip("\r\n").split("\t"))
    if _PIPE_ROW.match(raw) and raw.count("|") >= 3:
        inner = raw.strip()[1:-1]
        return tuple(_clean(cell.replace("\\|", "|")) for cell in _PIPE.split(inner))
    return None


_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)


def _html_tables(source: SourceDocument, fragment: str, first_line: int) -> list[RawTable]:
    """The tables of an HTML fragment embedded in a text rendering, located by the file's lines."""
    from budgetgraph.html_layout import read_html_layout

    data = fragment.encode("utf-8")
    page = SourceDocument(source.path, source.sha256, MediaType.HTML, data)
    tables: list[RawTable] = []
    for block in read_html_layout(page).blocks:
        if isinstance(block, RawTable):
            rows = tuple(
                RawRow(
                    cells=row.cells, location=SourceLocation(line=first_line + (row.location.line or 1) - 1)
                )
                for row in block.rows
            )
            tables.append(RawTable(rows=rows, location=rows[0].location))
    return tables


_NUMBER_TOKEN = re.compile(r"^-?\d[\d,]*(?:\.\d+)?%?$")
# a space between two characters that are not digits, before what follows a number (a unit, a
# year's 年, punctuation)
_HOLE = re.compile(r"(?<=[^\s\d]) (?=[万亿元年月日个人项家次辆台套倍%，。；、：）),;])")
_GAP = re.compile(r"(?<=[^\s\d]) (?=[^\s\d])")
_PROSE = re.compile(r"[，。；、：,;]")


def refill_numbers(lines: list[str]) -> list[str]:
    """Numbers put back into the sentence they were lifted from.

    A converter writing a PDF page line by line puts digits set in another font (with another
    baseline) on a line of their own under their sentence, leaving a space where each stood:
    "上海市某局 年度收入支出总计 万元。与 年度相比" / "2024 2995.39 2023". When a line of prose has as
    many such holes (spaces between two characters that are not digits) as the next line, made of
    numbers only, has numbers, and each stands before what follows a number (万元, 年, %, a comma …),
    they go back in order and the line of numbers is left empty."""
    out = list(lines)
    for i in range(len(out) - 1):
        prose, numbers = out[i], out[i + 1].split()
        if not numbers or "\t" in prose or "|" in prose or not _PROSE.search(prose):
            continue
        if not all(_NUMBER_TOKEN.match(t) for t in numbers):
            continue
        holes = list(_HOLE.finditer(prose.strip()))
        if len(holes) != len(numbers) or len(_GAP.findall(prose.strip())) != len(holes):
            continue  # every gap of the line is a number's place, one for each number
        text, filled = prose.strip(), []
        last = 0
        for hole, value in zip(holes, numbers, strict=True):
            filled += [text[last : hole.start()], value]
            last = hole.end()
        out[i], out[i + 1] = "".join([*filled, text[last:]]), ""
    return out


def read_text_layout(source: SourceDocument) -> Layout:
    """Read a text/Markdown rendering into TextLine and RawTable blocks in reading order."""
    text = decode_text(source)
    if "\x00" in text:
        raise InputError(source.path, "the file is binary, not a text rendering")
    blocks: list[Block] = []
    rows: list[RawRow] = []

    def flush() -> None:
        if rows:
            first = rows[0].location.line
            blocks.append(RawTable(rows=tuple(rows), location=SourceLocation(line=first)))
            rows.clear()

    lines = refill_numbers(text.splitlines())
    number = 0
    while number < len(lines):
        raw = lines[number]
        number += 1
        location = SourceLocation(line=number)
        if _TABLE_OPEN.search(raw):
            flush()
            start, fragment = number, [raw]
            while not _TABLE_CLOSE.search(fragment[-1]) and number < len(lines):
                fragment.append(lines[number])
                number += 1
            blocks.extend(_html_tables(source, "\n".join(fragment), start))
            continue
        if _DELIMITER_ROW.match(raw) and "-" in raw:
            continue  # the |---|---| line under a Markdown table's first row
        cells = _cells(raw)
        if cells is not None:
            while cells and not cells[-1]:
                cells = cells[:-1]
            if cells:
                rows.append(RawRow(cells=cells, location=location))
            continue  # a row of empty cells is no text, and goes on with the table
        flush()
        line = raw.strip()
        if not line:
            continue
        heading = 0
        match = _HEADING.match(line)
        if match:
            heading = len(match.group(1))
            line = line[match.end() :]
        line = _BULLET.sub("", line)
        cleaned = _clean(line)
        if cleaned:
            blocks.append(TextLine(text=cleaned, location=location, heading=heading))
    flush()
    return Layout(source=source, blocks=tuple(blocks))
