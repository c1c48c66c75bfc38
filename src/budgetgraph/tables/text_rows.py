"""Lines of text of a table whose column positions were lost → pending rows (code parts, name
pieces, amounts in printed order).

A row starts at a classification code, at a recognised row label (totals, 三公 items, income
sources, sub-units) or after a row that already has its values; other lines continue the row's
name (names wrapped over lines are joined). Text written one cell a line (each code part, the
name and each amount on a line of its own) is read the same way. A 收 | 支 table's lines are split
into their income and expenditure sides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from budgetgraph.normalize import parse_amount
from budgetgraph.records import Side, SourceLocation, TableKind, TextLine
from budgetgraph.tables import catalog
from budgetgraph.tables.rows import label_key, org_name

_CODE3 = re.compile(r"^\d{3}$|^\d{5}$|^\d{7}$")
_CODE2 = re.compile(r"^\d{2}$|^\d{4}$")


# an amount with decimals glued to the label after it ("91,016,775.35一、一般公共服务支出")
_GLUED_LABEL = re.compile(r"(?<=\d\.\d\d)(?=[\u4e00-\u9fff])")


def words(text: str) -> list[str]:
    """The words of a line of a table, an amount glued to the next cell's label set apart."""
    return _GLUED_LABEL.sub(" ", text).split()


@dataclass
class PendingRow:
    location: SourceLocation
    code_parts: list[str] = field(default_factory=list)
    segments: list[list[str]] = field(default_factory=list)  # text tokens, one list per line
    amounts: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "".join("".join(s) for s in self.segments)


def split_line(text: str) -> tuple[list[str], list[str], list[str]]:
    """(leading code parts, text tokens, trailing amount tokens) of one line."""
    tokens = words(text)
    codes: list[str] = []
    numeric = all(re.fullmatch(r"\d+", t) for t in tokens)
    code_first = (
        bool(tokens)
        and bool(_CODE3.match(tokens[0]))
        and (not numeric or len(tokens) == 1 or len(tokens[1]) == 2)
    )
    if code_first:
        codes.append(tokens.pop(0))
        while tokens and len(codes) < 3 and len(codes[0]) == 3:
            if _CODE2.match(tokens[0]):
                codes.append(tokens.pop(0))
            elif re.fullmatch(r"\d", tokens[0]) and len(tokens) > 1 and _is_label(tokens[1]):
                codes.append("0" + tokens.pop(0))  # a spreadsheet printed 款 02 as "2"
            else:
                break
    elif len(tokens) > 1 and re.fullmatch(r"\d{2}", tokens[0]) and parse_amount(tokens[1]) is None:
        # A 款 printed with its 类 cell blank: the code continues the row above's.
        codes += ["", tokens.pop(0)]
    elif (
        len(tokens) > 3
        and re.fullmatch(r"\d", tokens[0])
        and all(re.fullmatch(r"\d{2}", t) for t in tokens[1:3])
        and _is_label(tokens[3])
    ):
        # A stray digit where the 类 is printed, before a 款 and a 项 (as in a misprinted 类 cell):
        # the code continues the row above's.
        codes += ["", tokens[1], tokens[2]]
        del tokens[:3]
    amounts: list[str] = []
    while tokens and parse_amount(tokens[-1]) is not None:
        amounts.insert(0, tokens.pop())
    return codes, tokens, amounts


def _is_label(token: str) -> bool:
    """Whether a token starts a row's name: not a number, not an amount."""
    return not token.isdigit() and parse_amount(token) is None


def _known_row(key: str, kind: TableKind, known_units: Sequence[str]) -> bool:
    patterns = [*catalog.TOTAL_ROWS]
    if kind is TableKind.THREE_PUBLIC:
        patterns += catalog.THREE_PUBLIC_ROWS
    if any(p.pattern.search(key) for p in patterns):
        return True
    return org_name(key, known_units) is not None


def one_cell_a_line(lines: Sequence[TextLine]) -> bool:
    """Whether a table's rows come one cell a line (most lines a single word, or many lines of
    amounts alone), as converters that write each text object of the page on its own line give
    them."""
    single = sum(1 for line in lines if len(line.text.split()) == 1)
    amounts = sum(1 for line in lines if all(parse_amount(t) is not None for t in line.text.split()))
    return (len(lines) >= 6 and single >= 0.8 * len(lines)) or (
        len(lines) >= 10 and amounts >= 0.3 * len(lines)
    )


def pending_rows(lines: Sequence[TextLine], kind: TableKind, known_units: Sequence[str]) -> list[PendingRow]:
    rows: list[PendingRow] = []
    current: PendingRow | None = None
    cells = one_cell_a_line(lines)
    for index, line in enumerate(lines):
        text = line.text.strip()
        if current is not None and _code_goes_on(current, text):
            current.code_parts.append(text)  # one cell a line: the 款 or 项 under its 类
            continue
        codes, tokens, amounts = split_line(text)
        following = lines[index + 1].text.split() if index + 1 < len(lines) else []
        if (
            cells
            and re.fullmatch(r"\d{2}", text)
            and following
            and _is_label(following[0])
            and not _known_row(label_key(following[0]), kind, known_units)
        ):
            codes, tokens, amounts = ["", text], [], []  # a 款 with its 类 cell blank, before its name
        if cells and current is not None and amounts and not codes and not tokens:
            current.amounts.extend(amounts)  # one cell a line: the row's next amount
            continue
        key = label_key("".join(tokens))
        # a line of amounts only gives them to the row above when it has none yet (a 合计 whose
        # amounts a converter put on the next line); otherwise a known row without amounts is a
        # row of its own
        continues = not codes and not tokens and current is not None and not current.amounts
        closed = not continues and (
            current is None
            or bool(current.amounts)
            or (not current.code_parts and _known_row(label_key(current.label), kind, known_units))
        )
        starts = (
            bool(codes)
            or closed
            or (bool(tokens) and _known_row(key, kind, known_units) and not current_has_code(current))
        )
        if codes and not tokens and _name_alone(current, kind, known_units):
            # a name printed above its code (centred in a cell of two lines): one row
            assert current is not None
            current.code_parts, current.location = codes, line.location
        elif starts or current is None:
            current = PendingRow(location=line.location, code_parts=codes)
            rows.append(current)
        if tokens:
            current.segments.append(tokens)
        current.amounts.extend(amounts)
    return _projects_around(rows, kind, known_units) if kind in _PROJECT_KINDS else rows


_PROJECT_KINDS = frozenset({TableKind.GPB_PROJECT, TableKind.PROJECT_EXPENDITURE})


def _projects_around(rows: list[PendingRow], kind: TableKind, known_units: Sequence[str]) -> list[PendingRow]:
    """A project's name wrapped in its cell, printed line by line: its first line stands above the
    row's code line and the rest below (the cell is centred on the row). Lines of text only (no
    code, no amount, no known row) right above and below a coded row with amounts and no project
    are that row's project."""

    def loose(row: PendingRow) -> bool:
        return (
            bool(row.segments)
            and not row.code_parts
            and not row.amounts
            and not _known_row(label_key(row.label), kind, known_units)
        )

    out: list[PendingRow] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        above = out[-1] if out and loose(out[-1]) else None
        below = rows[index + 1] if index + 1 < len(rows) and loose(rows[index + 1]) else None
        alone = row.code_parts and row.amounts and sum(len(s) for s in row.segments) == 1
        if alone and above is not None and below is not None:
            out.pop()
            row.segments += [*above.segments, *below.segments]
            index += 1
        out.append(row)
        index += 1
    return out


def _code_goes_on(row: PendingRow, text: str) -> bool:
    """A line of two digits only (or four: 款 and 项), after a row that so far is a 类 (or 类 and
    款) and nothing else: the next part of its code (a converter writing one cell a line)."""
    parts = row.code_parts
    return (
        bool(re.fullmatch(r"\d{2}", text) or (re.fullmatch(r"\d{4}", text) and len(parts) == 1))
        and 0 < len(parts) < 3
        and len(parts[0]) == 3
        and not row.segments
        and not row.amounts
    )


def _name_alone(row: PendingRow | None, kind: TableKind, known_units: Sequence[str]) -> bool:
    """A row of a name only: no code, no amounts, not a total or another known row."""
    return (
        row is not None
        and bool(row.segments)
        and not row.code_parts
        and not row.amounts
        and not _known_row(label_key(row.label), kind, known_units)
    )


def amount_after_code(row: PendingRow, width: int) -> None:
    """A row printed without a name whose first amount is a two-digit whole number reads as one
    more part of its code ("210 13 51 0 51"); when that leaves it one amount short of the table's
    columns, the code already has its 款, the number has no leading zero (as a 项 part may) and
    the row's amounts are whole numbers too, the number is the amount."""
    part = row.code_parts[-1] if len(row.code_parts) == 3 else ""
    if (
        not row.segments
        and len(row.amounts) + 1 == width
        and re.fullmatch(r"[1-9]\d", part)
        and all(re.fullmatch(r"-?[\d,]+", a) for a in row.amounts)
    ):
        row.amounts.insert(0, row.code_parts.pop())


def current_has_code(row: PendingRow | None) -> bool:
    return row is not None and bool(row.code_parts)


_EXPENDITURE_LABEL = re.compile(r"支出(?:合计|总计)?$|^结余分配$|^年末.*结转")


def _expenditure_label(token: str) -> bool:
    key = label_key(token)
    return key in catalog.FUNCTION_CLASS_NAMES or bool(_EXPENDITURE_LABEL.search(key))


def cell_units(lines: Sequence[TextLine]) -> list[TextLine]:
    """The lines of a 收 | 支 table with a line of amounts alone joined to the line before it, and
    a line of a code alone to the line after it. Written one cell a line, a label (its code
    first) and the amounts after it are then one side of a row (blank cells are not written, so
    which side is told by the label, as for a line holding both); written a row a line, amounts
    wrapped onto a line of their own go back to their row."""
    units: list[TextLine] = []
    code_only = False
    for line in lines:
        text = line.text.strip()
        amounts = all(parse_amount(t) is not None for t in text.split())
        codes, tokens, _ = split_line(text)
        if units and (amounts or code_only):
            units[-1] = TextLine(f"{units[-1].text} {text}", units[-1].location)
            code_only = code_only and amounts
        else:
            units.append(TextLine(text, line.location))
            code_only = bool(codes) and not tokens
    return units


def two_sided_rows(lines: Sequence[TextLine]) -> list[tuple[Side | None, PendingRow]]:
    """Each line of a 收 | 支 table: the income label and value, then the expenditure label and values."""
    out: list[tuple[Side | None, PendingRow]] = []
    for line in lines:
        tokens = words(line.text)
        # Runs of text and of amounts; a 3-digit code followed by text starts the expenditure side.
        cut = None
        for i, t in enumerate(tokens):
            followed_by_text = i + 1 < len(tokens) and parse_amount(tokens[i + 1]) is None
            if len(t) == 3 and t.isdigit() and followed_by_text:
                cut = i
                break
        if cut is None:
            # An expenditure label (a 类 by name, 本年支出合计, 结余分配, 年末结转和结余 …) starts that side.
            cut = next(
                (i for i, t in enumerate(tokens) if parse_amount(t) is None and _expenditure_label(t)), None
            )
        if cut is None:
            first_amount = next((i for i, t in enumerate(tokens) if parse_amount(t) is not None), None)
            if first_amount is not None and first_amount + 1 < len(tokens):
                cut = first_amount + 1
        income = tokens[:cut] if cut is not None else tokens
        expense = tokens[cut:] if cut is not None else []
        # the expenditure side may print two panels (by function, then by use): a label after
        # amounts starts the next one ("一、一般公共服务支出 10,271.56 一、基本支出 6,522.75")
        parts = [(Side.INCOME, income), *((Side.EXPENDITURE, panel) for panel in _panels(expense))]
        for side, part in parts:
            if not part:
                continue
            codes, text, amounts = split_line(" ".join(part))
            if not text and not codes:
                continue
            row = PendingRow(location=line.location, code_parts=codes, segments=[text], amounts=amounts)
            out.append((side, row))
    return out


_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.．、])")


def _panels(tokens: list[str]) -> list[list[str]]:
    """Tokens cut where a word that is no amount follows an amount, or where a numbered label
    (二、项目支出) follows a label of the panel so far (the panel before it printed no amount)."""
    panels: list[list[str]] = [[]]
    for token in tokens:
        labelled = any(parse_amount(t) is None for t in panels[-1])  # not a code alone (210)
        follows = labelled and (parse_amount(panels[-1][-1]) is not None or _ENUMERATED.match(token))
        if parse_amount(token) is None and follows:
            panels.append([])
        panels[-1].append(token)
    return panels
