"""Performance tables: 项目支出绩效目标表, 部门/单位整体绩效目标表, 项目支出绩效自评表,
部门整体支出绩效自评表.

``performance_tables(blocks, projects)`` finds every performance table by its title, reads its head
(project, unit, responsible person, funds, goal) and every indicator row, links each table to the
document's project it is about (spellings differ between tables: a fuzzy match), and drops a table
printed twice. Phone numbers of named persons are kept only when ``publish_phones`` is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from budgetgraph.indicator_lines import centred_project, clean, dedupe, head_again, names_and_targets, sense
from budgetgraph.indicator_rows import (
    Role,
    RowCells,
    align,
    decimal,
    header_roles,
    is_header,
    is_level1,
    is_level2,
    parse_target,
)
from budgetgraph.indicator_stream import HEADER_LABELS, stream_header, stream_indicators, with_units
from budgetgraph.narrative_records import FundLine, Indicator, PerformanceTable
from budgetgraph.narrative_text import MARKER, normalize
from budgetgraph.normalize import normalize_text
from budgetgraph.project_match import match_project
from budgetgraph.records import Block, RawTable, SourceLocation, TableKind


@dataclass(frozen=True)
class _Row:
    cells: tuple[str, ...]
    location: SourceLocation
    text_line: bool  # running text, not a table row
    raw: str = ""  # the row's text with its spaces (normalised characters)
    heading: bool = False  # a Markdown heading line

    def filled(self) -> RowCells:
        return RowCells(tuple((i, c) for i, c in enumerate(self.cells) if c))


def _rows(blocks: Sequence[Block]) -> list[_Row]:
    rows: list[_Row] = []
    for block in blocks:
        if isinstance(block, RawTable):
            for row in block.rows:
                raw = " ".join(normalize_text(c).strip() for c in row.cells if c.strip())
                rows.append(_Row(tuple(clean(c) for c in row.cells), row.location, False, raw))
        else:
            text = clean(block.text)
            if text:
                plain = block.heading == 0 and "\t" not in block.text
                raw = normalize_text(block.text).strip()
                rows.append(_Row((text,), block.location, plain, raw, block.heading > 0))
    return rows


def title_kind(text: str) -> TableKind | None:
    """The kind of performance table a title line names, or None."""
    title = re.sub(r"\(\d{4}年度?\)$", "", text)
    if len(title) > 30 or title.endswith(("。", ":")) or "绩效" not in title:
        return None
    if not title.endswith(("表", "表)")):
        return None
    if "自评" in title:
        return TableKind.PERFORMANCE_EVALUATION
    if "绩效目标" in title:
        return TableKind.PERFORMANCE_TARGETS
    return None


_SECTION_END = re.compile(r"(?:情况|说明|事项|解释|概况|职能|目录|表)$")


def _groups(rows: Sequence[_Row]) -> list[tuple[str, TableKind, list[_Row]]]:
    groups: list[tuple[str, TableKind, list[_Row]]] = []
    current: list[_Row] | None = None
    for row in rows:
        texts = [c for c in row.cells if c]
        if not texts:
            continue
        kind = title_kind(texts[0]) if len(texts) == 1 else None
        if kind is not None:
            current = []
            groups.append((texts[0], kind, current))
            continue
        if current is None:
            continue
        heading = bool(MARKER.match(texts[0]) and _SECTION_END.search(texts[0])) and len(texts[0]) <= 30
        long_text = len(texts[0]) > 80 and "一级" not in row.raw
        if row.heading or (row.text_line and len(texts) == 1 and (heading or long_text)):
            current = None  # a numbered heading: the narrative goes on after the table
            continue
        current.append(row)
    return groups


_LABELS: tuple[tuple[str, str], ...] = (
    ("项目名称", "project"),
    ("项目负责人", "responsible"),
    ("联系人", "responsible"),
    ("联系电话", "phone"),
    ("预算单位", "unit"),
    ("实施单位", "unit"),
    ("单位名称", "unit"),
    ("部门名称", "unit"),
    ("(单位)名称", "unit"),
    ("主管部门", "supervisor"),
    ("总体目标", "goal"),
    ("绩效目标", "goal"),
)
_MONEY_LABEL = re.compile(r"总额|财政拨款|财政资金|其他资金|上级安排|本级安排|^其他$|安排|结转|合计")


def _label(cell: str) -> str | None:
    bare = re.sub(r"\(盖章\)|[::]$", "", cell)
    if len(bare) > 12:
        return None
    for word, key in _LABELS:
        if word in bare:
            return key
    return None


def _read_head(rows: Sequence[_Row], table: PerformanceTable, publish_phones: bool) -> PerformanceTable:
    values: dict[str, str] = {}
    funds: list[FundLine] = []
    money_columns: list[str] = []
    goal_row = False
    for row in rows:
        cells = row.filled().texts()
        if goal_row:
            texts = [c for c in cells if _label(c) is None and len(c) > 3]
            if texts:
                values.setdefault("goal", texts[0])
                if len(texts) > 1:
                    values.setdefault("achieved", texts[-1])
                goal_row = False
                continue
        if any("预期目标" in c for c in cells):
            goal_row = True
            continue
        if any("年初预算数" in c or "执行数" in c for c in cells):
            money_columns = [c for c in cells if re.search("预算数|执行数|执行率|分值|得分|调整后", c)]
            continue
        amounts = [n for n in (decimal(c) for c in cells) if n is not None]
        if money_columns and cells and decimal(cells[0]) is None and len(amounts) >= 2:
            generic = re.fullmatch(r"(财政资金|资金来源|年度预算|项目资金).*", cells[0])
            label = cells[1] if generic else cells[0]
            for column, amount in zip(money_columns, amounts, strict=False):
                funds.append(FundLine(re.sub(r"^其中:", "", label), amount, column))
            continue
        index = 0
        while index < len(cells):
            cell = cells[index]
            key = _label(cell)
            inline = re.match(r"^(.*?[\u4e00-\u9fff)])[::]?(-?\d[\d,]*(?:\.\d+)?)$", cell)
            if key and index + 1 < len(cells) and _label(cells[index + 1]) is None and key != "goal":
                values.setdefault(key, cells[index + 1])
                index += 2
                continue
            if key == "goal" and index + 1 < len(cells):
                values.setdefault("goal", max(cells[index + 1 :], key=len))
                break
            money_inline = inline is not None and _MONEY_LABEL.search(inline.group(1)) is not None
            inline_amount = decimal(inline.group(2)) if inline and money_inline else None
            next_amount = decimal(cells[index + 1]) if index + 1 < len(cells) else None
            if inline and inline_amount is not None:
                funds.append(FundLine(re.sub(r"^其中:|[::]$", "", inline.group(1)), inline_amount))
            elif _MONEY_LABEL.search(cell) and next_amount is not None:
                funds.append(FundLine(re.sub(r"^其中:|[::]$", "", cell), next_amount))
                index += 2
                continue
            index += 1
    return _with_funds(
        replace(
            table,
            project_name=values.get("project"),
            unit_name=values.get("unit"),
            responsible=values.get("responsible"),
            phone=values.get("phone") if publish_phones else None,
            goal=values.get("goal"),
            achieved=values.get("achieved"),
        ),
        tuple(funds),
    )


def _with_funds(table: PerformanceTable, funds: tuple[FundLine, ...]) -> PerformanceTable:
    def first(pattern: str, column: str | None = None) -> FundLine | None:
        for line in funds:
            if re.search(pattern, line.label) and (column is None or (line.column and column in line.column)):
                return line
        return None

    if any(line.column for line in funds):
        total = first("总额|合计", "全年预算数") or first("总额|合计", "调整后") or first("总额|合计")
        rate = first("总额|合计", "执行率")
        score = first("总额|合计", "得分")
        fiscal = first("财政拨款", "全年预算数") or first("财政拨款")
        other = first("其他资金", "全年预算数") or first("其他资金")
        return replace(
            table,
            funds=funds,
            total=total.amount if total else None,
            fiscal=fiscal.amount if fiscal else None,
            other=other.amount if other else None,
            execution_rate=rate.amount if rate else None,
            score=score.amount if score else None,
        )
    total = first("总额")
    fiscal = first("财政拨款|财政资金")
    other = first("其他")
    parts = [line.amount for line in funds if re.search("安排", line.label)]
    fiscal_amount = fiscal.amount if fiscal else (sum(parts, start=parts[0] * 0) if parts else None)
    other_amount = other.amount if other else None
    total_amount = total.amount if total else None
    if total_amount is None and fiscal_amount is not None:
        total_amount = fiscal_amount + (other_amount or 0)
    return replace(table, funds=funds, total=total_amount, fiscal=fiscal_amount, other=other_amount)


def _read_indicators(rows: Sequence[_Row]) -> tuple[Indicator, ...]:
    roles: tuple[tuple[int, Role], ...] = ()
    indicators: list[Indicator] = []
    level1 = level2 = ""
    for row in rows:
        if is_header(row.cells):
            roles = header_roles(row.cells)
            continue
        if not roles or row.text_line:
            continue
        cells = row.filled().cells
        if not cells or cells[0][1].startswith(("总分", "合计")):
            continue
        if _label(cells[0][1]) is not None or _MONEY_LABEL.search(cells[0][1]):
            continue  # the table's head printed again on the next page
        if any(re.search("预算数|执行数|执行率", text) for _, text in cells):
            continue
        got = align(cells, roles)
        values = {role: text for role, (_, text) in got.items()}
        if Role.LEVEL3 not in values or Role.TARGET not in values:
            if indicators and not (Role.LEVEL1 in values or Role.LEVEL2 in values):
                indicators[-1] = _continue(indicators[-1], values)
            elif Role.LEVEL1 in values:
                level1, level2 = values[Role.LEVEL1], values.get(Role.LEVEL2, "")
            elif Role.LEVEL2 in values:
                level2 = values[Role.LEVEL2]
            continue
        if Role.LEVEL1 in values:
            level1 = values[Role.LEVEL1]
            level2 = ""
        if Role.LEVEL2 in values:
            level2 = values[Role.LEVEL2]
        if not level2 and is_level2(level1) and not is_level1(level1):
            level1, level2 = "", level1
        indicators.append(
            Indicator(
                level1=level1,
                level2=level2,
                level3=values[Role.LEVEL3],
                target=parse_target(values[Role.TARGET]),
                location=row.location,
                weight=decimal(values.get(Role.WEIGHT)),
                basis=values.get(Role.BASIS),
                scoring_rule=values.get(Role.RULE),
                evidence=values.get(Role.EVIDENCE),
                last_year=values.get(Role.LAST_YEAR),
                actual=values.get(Role.ACTUAL),
                score=decimal(values.get(Role.SCORE)),
                deviation_reason=values.get(Role.DEVIATION),
            )
        )
    return tuple(indicators)


def _continue(indicator: Indicator, values: dict[Role, str]) -> Indicator:
    """A row that only carries the wrapped ends of the previous row's cells."""

    def join(old: str | None, role: Role) -> str | None:
        extra = values.get(role)
        return (old or "") + extra if extra else old

    return replace(
        indicator,
        basis=join(indicator.basis, Role.BASIS),
        scoring_rule=join(indicator.scoring_rule, Role.RULE),
        evidence=join(indicator.evidence, Role.EVIDENCE),
        last_year=join(indicator.last_year, Role.LAST_YEAR),
        deviation_reason=join(indicator.deviation_reason, Role.DEVIATION),
    )


def performance_tables(
    blocks: Sequence[Block], projects: Sequence[str] = (), publish_phones: bool = False
) -> tuple[PerformanceTable, ...]:
    """Every performance table of a document, each once, linked to the document's ``projects``."""
    tables: list[PerformanceTable] = []
    for title, kind, rows in _groups(_rows(blocks)):
        header = next(
            (i for i, row in enumerate(rows) if is_header(row.cells) and len(row.filled().cells) >= 3), None
        )
        if header is None:
            streamed = _streamed(title, kind, rows, publish_phones)
            if streamed is not None:
                tables.append(_linked(streamed, projects))
            continue
        location = rows[0].location if rows else SourceLocation()
        table = _read_head(rows[:header], PerformanceTable(kind, title, location), publish_phones)
        table = replace(table, indicators=_read_indicators(rows[header:]))
        tables.append(_linked(table, projects))
    return dedupe(tables)


_NAMES_AND_TARGET = frozenset({Role.LEVEL1, Role.LEVEL2, Role.LEVEL3, Role.TARGET})


def _linked(table: PerformanceTable, projects: Sequence[str]) -> PerformanceTable:
    if table.project_name:
        return replace(table, project=match_project(table.project_name, projects))
    return table


_NUMBER = r"(-?\d[\d,]*(?:\.\d+)?)"
_STREAM_HEAD: tuple[tuple[str, str], ...] = (
    ("project", r"项目名称\s*(.+?)\s*(?:项目负责人|项目资金|主管部门|实施单位|预算单位|$)"),
    ("unit", r"(?:预算单位|实施单位|单位名称|部门名称)(?:\(盖章\))?\s*(\S+)"),
    (
        "responsible",
        r"(?:项目负责人|联系人)\s*(?!项目资金|预算单位|项目总体|联系电话)(\S+?)(?=\s|联系电话|项目资金|$)",
    ),
    ("phone", r"联系电话[::]?\s*(\d[\d-]{4,})"),
    ("goal", r"(?:项目总体目标|年度绩效目标|年度总体目标)\s*(.+?)\s*(?:年度预算\(万元\)|$)"),
)
# (a number followed by 、 or by a dot that starts no decimals numbers the goal's items: 其他资金:
# (blank) / 1. 印制业务相关表单 …)
_STREAM_FUNDS = re.compile(
    rf"(年度预算总额|年度资金总额|财政拨款|其他资金|上级安排|本级安排|其他)[::]?\s*{_NUMBER}(?![.．、\d])"
)


def _streamed(
    title: str, kind: TableKind, rows: Sequence[_Row], publish_phones: bool
) -> PerformanceTable | None:
    """A performance table printed as wrapped text (no column positions): head by its labels,
    indicator rows by indicator_stream."""
    texts = [row.raw for row in rows]
    start = next((i for i, text in enumerate(texts) if "一级" in text), None)
    if start is None:
        return None
    found = stream_header(texts[start:])
    if found is None:
        return None
    roles, count, rest = found
    head = " ".join(texts[:start])  # labels and values apart
    compact = normalize(head)  # wrapped words joined again
    values: dict[str, str] = {}
    for key, pattern in _STREAM_HEAD:
        match = re.search(pattern, compact if key == "goal" else head)
        if match and match.group(1).strip():
            values[key] = re.sub(r"\s+", "", match.group(1)) if key != "goal" else match.group(1).strip()
    centred = centred_project(texts[:start])
    if centred:
        values["project"] = centred
    funds = tuple(
        FundLine(m.group(1), amount)
        for m in _STREAM_FUNDS.finditer(compact)
        if (amount := decimal(m.group(2))) is not None
    )
    location = rows[0].location if rows else SourceLocation()
    if re.search("年初预算数|全年预算数", compact) and "执行数" in compact:  # a self-evaluation's funds
        split_head = [_Row(tuple(row.raw.split()), row.location, False) for row in rows[:start]]
        funds = _read_head(split_head, PerformanceTable(kind, title, location), publish_phones).funds
    # the table's head printed again after a page break is no part of the indicator rows
    body = [row for row in rows[start + count :] if not head_again(row.raw)]
    if rest:  # the first row began on the header's last line
        body.insert(0, _Row((clean(rest),), rows[start + count - 1].location, True, rest))
    lines = [(row.raw, row.location) for row in body]
    indicators = stream_indicators(lines, roles)  # cells wrapped over lines
    whole = sum(len(row.raw.split()) >= 3 for row in body)
    if body and (whole >= 0.6 * len(body) or Role.WEIGHT not in roles):
        # one row a line: its cells space-joined (aligned to the header's roles), or each cell's
        # wrapped pieces space-joined too, as a converter writing the page line by line gives
        # them (read as a stream, which needs the weights to tell rows apart); the reading that
        # makes more sense of the rows
        header = _Row(tuple(HEADER_LABELS[role] for role in roles), location, False)
        split = [_Row(tuple(with_units(row.raw.split())), row.location, False) for row in body]
        aligned = _read_indicators([header, *split])
        if sense(aligned) >= sense(indicators):
            indicators = aligned
        if set(roles) <= _NAMES_AND_TARGET:
            alternating = names_and_targets([(row.raw, row.location) for row in rows[start + count :]])
            if sense(alternating) > sense(indicators):
                indicators = alternating
    table = PerformanceTable(
        kind, title, location,
        project_name=values.get("project"), unit_name=values.get("unit"),
        responsible=values.get("responsible"),
        phone=values.get("phone") if publish_phones else None, goal=values.get("goal"),
        indicators=indicators,
    )  # fmt: skip
    return _with_funds(table, funds)
