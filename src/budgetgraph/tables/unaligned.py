"""Tables whose column positions were lost (wrapped raw PDF text): text lines → rows → RowData.

Rows are rebuilt from the lines: a row starts at a classification code, at a recognised row label
(totals, 三公 items, income sources, sub-units) or after a row that already has its values; other
lines continue the row's name (names wrapped over lines are joined). The values of a row are the
amounts at the end of its text, in column order; ``placement`` decides their columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from budgetgraph.normalize import compact, parse_amount
from budgetgraph.records import AmountUnit, Column, Figure, RawRow, Side, SourceLocation, TableKind, TextLine
from budgetgraph.tables import catalog
from budgetgraph.tables.columns import Role, column_of, is_numbering_row, refine, role_of, sum_relations
from budgetgraph.tables.placement import place
from budgetgraph.tables.rows import LineBuilder, RowData, label_key, org_name, row_groups, split_leading_code
from budgetgraph.tables.templates import TWO_SIDED, template_paths
from budgetgraph.tables.three_public import across_columns

_META = re.compile(r"^(?:编制(?:单位|部门)|单位[：:]|金额单位)")
_CODE3 = re.compile(r"^\d{3}$|^\d{5}$|^\d{7}$")
_CODE2 = re.compile(r"^\d{2}$|^\d{4}$")
_NARRATIVE = re.compile(r"[，。；]")


@dataclass
class PendingRow:
    location: SourceLocation
    code_parts: list[str] = field(default_factory=list)
    segments: list[list[str]] = field(default_factory=list)  # text tokens, one list per line
    amounts: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "".join("".join(s) for s in self.segments)


def _split_line(text: str) -> tuple[list[str], list[str], list[str]]:
    """(leading code parts, text tokens, trailing amount tokens) of one line."""
    tokens = text.split()
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


def split_lines(lines: Sequence[TextLine]) -> tuple[list[str], list[TextLine], list[str]]:
    """(header lines, data lines, narrative lines) of a table region printed as running text."""
    header: list[str] = []
    data: list[TextLine] = []
    narrative: list[str] = []
    in_header = True
    cells = one_cell_a_line(lines)
    for index, line in enumerate(lines):
        text = line.text.strip()
        if _META.match(compact(text)):
            in_header = True
            continue
        if (_NARRATIVE.search(text) and len(compact(text)) > 12) or narrative:
            narrative.append(text)
            continue
        if is_numbering_row(text.split()) and (len(text.split()) > 1 or not cells):
            # (a lone number is a page's number, or with one cell a line an amount or a 类)
            in_header = False
            continue
        codes, _, _ = _split_line(text)
        tokens = text.split()
        strong = any(re.search(r"\d[.,]\d", t) and parse_amount(t) is not None for t in tokens) or (
            len(tokens) > 1 and all(parse_amount(t) is not None for t in tokens)
        )  # an amount with decimals, or a line of amounts only (whole numbers, not a numbering)
        first_row = _total_over_amounts(lines, index) or (
            cells and _amounts_follow(lines, index) and _income_row(text)
        )
        if in_header and not codes and not strong and not first_row:
            header.append(text)
            continue
        in_header = False
        data.append(line)
    return header, data, narrative


def one_cell_a_line(lines: Sequence[TextLine]) -> bool:
    """Whether a table's rows come one cell a line (most lines a single word, or many lines of
    amounts alone), as converters that write each text object of the page on its own line give
    them."""
    single = sum(1 for line in lines if len(line.text.split()) == 1)
    amounts = sum(1 for line in lines if all(parse_amount(t) is not None for t in line.text.split()))
    return (len(lines) >= 6 and single >= 0.8 * len(lines)) or (
        len(lines) >= 10 and amounts >= 0.3 * len(lines)
    )


def _income_row(text: str) -> bool:
    """A 收 | 支 table's income row label (财政拨款(补助), 一、本年收入 …)."""
    key = catalog.ROW_PREFIX.sub("", label_key(text))
    return any(p.pattern.search(key) for p in catalog.INCOME_ROWS)


def _amounts_follow(lines: Sequence[TextLine], index: int) -> bool:
    """Whether the line after ``lines[index]`` is amounts only (with one cell a line: its row's)."""
    following = lines[index + 1].text.split() if index + 1 < len(lines) else []
    return bool(following) and all(parse_amount(t) is not None for t in following)


def _total_over_amounts(lines: Sequence[TextLine], index: int) -> bool:
    """Whether ``lines[index]`` is a total row's label (合计) whose amounts a converter put on the
    next line, alone: the first row of the table, not a line of its header."""
    return _amounts_follow(lines, index) and any(
        p.pattern.search(label_key(lines[index].text)) for p in catalog.TOTAL_ROWS
    )


def printed_value_paths(header: Sequence[str]) -> list[tuple[str, ...]]:
    """The value columns a one-line header names, in printed order: the labels of the one header
    line that names both label columns (codes, names) and value columns ("功能科目代码 功能科目名称
    金额" → 金额). For tables whose kind has no template, or whose header names none of its
    template's columns; empty when no header line, or more than one, reads that way (a header of
    several lines of value labels lost its column structure with its positions)."""
    found: list[list[tuple[str, ...]]] = []
    for line in header:
        labels = [(compact(t),) for t in line.split() if compact(t)]
        roles = [role_of(label) for label in labels]
        if Role.VALUE in roles and any(r is not Role.VALUE for r in roles):
            found.append([label for label, role in zip(labels, roles, strict=True) if role is Role.VALUE])
    return found[0] if len(found) == 1 else []


def pending_rows(lines: Sequence[TextLine], kind: TableKind, known_units: Sequence[str]) -> list[PendingRow]:
    rows: list[PendingRow] = []
    current: PendingRow | None = None
    cells = one_cell_a_line(lines)
    for index, line in enumerate(lines):
        text = line.text.strip()
        if current is not None and _code_goes_on(current, text):
            current.code_parts.append(text)  # one cell a line: the 款 or 项 under its 类
            continue
        codes, tokens, amounts = _split_line(text)
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
    return rows


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


def _amount_after_code(row: PendingRow, width: int) -> None:
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


def _names(row: PendingRow, kind: TableKind) -> tuple[tuple[str, ...], str | None]:
    """The row's name(s) and, in project tables, the project name."""
    if kind in (TableKind.GPB_PROJECT, TableKind.PROJECT_EXPENDITURE) and row.code_parts and row.segments:
        tokens = [t for s in row.segments for t in s]
        return (tokens[0],), ("".join(tokens[1:]) or None)
    return (row.label,), None


@dataclass(frozen=True)
class UnalignedTable:
    columns: tuple[Column, ...]
    rows: tuple[RowData, ...]
    guessed: tuple[SourceLocation, ...]
    header_text: str
    narrative: tuple[str, ...]


_GLUED_AMOUNT = re.compile(r"^(.*[^\d.,\s])(\d[\d,]*\.\d+)$")


def row_as_line(row: RawRow) -> TextLine:
    """A table row as one line of tokens: each cell compacted (a leading code kept apart, an amount
    glued to the end of a wrapped name split off), blank cells left out."""
    tokens: list[str] = []
    for cell in row.cells:
        text = " ".join(cell.split())
        if not text:
            continue
        if parse_amount(text) is not None:
            tokens.append(compact(text))
            continue
        code, rest = split_leading_code(text)
        rest = compact(rest)
        if code:
            tokens.append(code)
        glued = _GLUED_AMOUNT.match(rest)
        if glued:
            tokens += [glued.group(1), glued.group(2)]
        elif rest:
            tokens.append(rest)
    return TextLine(" ".join(tokens), row.location)


def read_unaligned(
    lines: Sequence[TextLine],
    kind: TableKind,
    unit: AmountUnit,
    known_units: Sequence[str],
    prior: Callable[[Column, Decimal], float],
) -> UnalignedTable:
    """Rows rebuilt from lines of text (or of table cells, see ``row_as_line``), values placed."""
    header, data, narrative = split_lines(lines)
    header_text = compact("".join(header))
    two_sided = kind in TWO_SIDED
    words = [[compact(w) for w in line.split()] for line in header]
    paths = template_paths(kind, header_text, words) or ([] if two_sided else printed_value_paths(header))
    income_column = Column(label="收入/预算数", key="c1")
    if two_sided:
        # The side groups as printed (收入 | 支出, or 财政拨款收入 | 财政拨款支出), as an aligned header
        # would give them.
        spend = "财政拨款支出" if "财政拨款支出" in header_text else "支出"
        paths = [(spend, *p[1:]) for p in paths]
        income = "财政拨款收入" if "财政拨款收入" in header_text else "收入"
        measure = next((m for m in ("决算数", "预算数", "合计") if m in header_text), "预算数")
        income_column = column_of((income, measure), 0)
    columns = refine([column_of(p, i) for i, p in enumerate(paths)])
    pend: list[tuple[Side | None, PendingRow]] = (
        _two_sided_rows(_cell_units(data))
        if two_sided
        else [(None, r) for r in pending_rows(data, kind, known_units)]
    )
    if two_sided:
        columns = [replace(c, key=f"c{i + 2}") for i, c in enumerate(columns)]
    else:
        for _, row in pend:
            _amount_after_code(row, len(columns))
    rows: list[RowData] = []
    amounts: list[list[Decimal]] = []
    printed: list[list[str]] = []
    for side, row in pend:
        names, project = _names(row, kind)
        rows.append(RowData(tuple(row.code_parts), names, (), row.location, project, side))
        vals = [parse_amount(a) for a in row.amounts]
        amounts.append([v for v in vals if v is not None])
        printed.append(list(row.amounts))
    relations = sum_relations(columns)
    weights: dict[str, float] = {}
    counted = [r for _, r in pend if r.amounts]
    across = (
        across_columns(header_text, words, [amounts[i] for i, (_, r) in enumerate(pend) if r.amounts])
        if kind is TableKind.THREE_PUBLIC
        else None
    )
    if across is not None and counted and all(not r.label and not r.code_parts for r in counted):
        # A 三公 table printed across: the header names the items, the rows carry amounts only (a
        # line of text after them, with no amounts, is no row of the table).
        columns, relations, weights = across
    place_rows = [i for i, (side, _) in enumerate(pend) if side is not Side.INCOME]
    sub_rows = [rows[i] for i in place_rows]
    builder = LineBuilder(kind=kind, known_units=known_units)
    groups = [
        (place_rows[p], tuple(place_rows[c] for c in kids))
        for p, kids in row_groups([builder.build(r) for r in sub_rows])
    ]
    local = {g: n for n, g in enumerate(place_rows)}
    groups_local = [(local[p], tuple(local[c] for c in kids)) for p, kids in groups]
    placements, guessed = place(
        [amounts[i] for i in place_rows],
        len(columns),
        relations,
        groups_local,
        lambda c, v: prior(columns[c], v) + weights.get(columns[c].label, 0.0),
    )
    out: list[RowData] = list(rows)
    for n, i in enumerate(place_rows):
        figs = tuple(
            Figure(v / unit.per_wan, p, columns[c], rows[i].location)
            for v, p, c in zip(amounts[i], printed[i], placements[n], strict=False)
        )
        out[i] = replace(rows[i], figures=figs)
    for i, (side, _) in enumerate(pend):
        if side is Side.INCOME and amounts[i]:
            figure = Figure(amounts[i][0] / unit.per_wan, printed[i][0], income_column, rows[i].location)
            out[i] = replace(rows[i], figures=(figure,))
    all_columns = (income_column, *columns) if two_sided else tuple(columns)
    return UnalignedTable(
        all_columns,
        tuple(out),
        tuple(rows[place_rows[g]].location for g in guessed),
        header_text,
        tuple(narrative),
    )


_EXPENDITURE_LABEL = re.compile(r"支出(?:合计|总计)?$|^结余分配$|^年末.*结转")


def _expenditure_label(token: str) -> bool:
    key = label_key(token)
    return key in catalog.FUNCTION_CLASS_NAMES or bool(_EXPENDITURE_LABEL.search(key))


def _cell_units(lines: Sequence[TextLine]) -> list[TextLine]:
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
        codes, tokens, _ = _split_line(text)
        if units and (amounts or code_only):
            units[-1] = TextLine(f"{units[-1].text} {text}", units[-1].location)
            code_only = code_only and amounts
        else:
            units.append(TextLine(text, line.location))
            code_only = bool(codes) and not tokens
    return units


def _two_sided_rows(lines: Sequence[TextLine]) -> list[tuple[Side | None, PendingRow]]:
    """Each line of a 收 | 支 table: the income label and value, then the expenditure label and values."""
    out: list[tuple[Side | None, PendingRow]] = []
    for line in lines:
        tokens = line.text.split()
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
        for side, part in ((Side.INCOME, income), (Side.EXPENDITURE, expense)):
            if not part:
                continue
            codes, text, amounts = _split_line(" ".join(part))
            if not text and not codes:
                continue
            row = PendingRow(location=line.location, code_parts=codes, segments=[text], amounts=amounts)
            out.append((side, row))
    return out
