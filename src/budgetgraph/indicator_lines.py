"""What a performance table printed as lines of text says about itself, beyond its rows: a project
name wrapped around its label's line, the table's head printed again after a page break, how much
sense a reading of its rows makes, and the same table printed twice.

Converters that write a page line by line print a cell wrapped over several lines as pieces on the
lines where they stand, interleaved with the neighbouring cells' pieces; these rules read such text
by the shape of the pieces, not by any document's wording.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from budgetgraph.indicator_rows import LEVEL1_NAMES, parse_target
from budgetgraph.indicator_stream import with_units
from budgetgraph.narrative_records import Indicator, PerformanceTable
from budgetgraph.narrative_text import normalize
from budgetgraph.records import SourceLocation


def clean(text: str) -> str:
    """A cell's text normalised, without whitespace."""
    return re.sub(r"\s+", "", normalize(text))


_HEAD_LABEL = re.compile(r"预算单位|项目名称|项目负责人|项目资金|主管部门|实施单位|单位名称|联系电话|联系人")


def centred_project(texts: Sequence[str]) -> str | None:
    """A project name wrapped over lines of its cell and printed line by line: the cell's lines
    stand above and below its label's line (项目名称, maybe with one of them after it), hold no
    label and are equally long but the last. None when the name is not printed that way."""
    for i, text in enumerate(texts):
        match = re.search(r"项目名称\s*", text)
        if match is None:
            continue
        after = text[match.end() :].strip()
        own = "" if not after or _HEAD_LABEL.match(after) else _HEAD_LABEL.split(after)[0].strip()
        above: list[str] = []
        for j in range(i - 1, max(i - 5, -1), -1):
            if not _name_piece(texts[j]):
                break
            above.insert(0, texts[j].strip())
        before = i - len(above) - 1
        if above and before >= 0 and _HEAD_LABEL.fullmatch(re.sub(r"[\s:：]", "", texts[before])):
            above.pop(0)  # the value of the bare label above it (预算单位 / 某某局), one cell a line
        below: list[str] = []
        for j in range(i + 1, min(i + 5, len(texts))):
            if not _name_piece(texts[j]):
                break
            below.append(texts[j].strip())
        pieces = [p for p in (*above, own, *below) if p]
        if (not above and not below) or not pieces:
            return None
        widths = [len(re.sub(r"\s+", "", p)) for p in pieces]
        if len(set(widths[:-1])) > 1 or widths[-1] > widths[0]:
            return None  # not the lines of one cell
        return "".join(re.sub(r"\s+", "", p) for p in pieces)
    return None


def _name_piece(text: str) -> bool:
    """A line that may be a piece of a wrapped name: short, no label, no title or year."""
    bare = re.sub(r"\s+", "", text)
    return (
        0 < len(bare) <= 16
        and not _HEAD_LABEL.search(bare)
        and not re.search(r"绩效|^[(（]?\d{4}年度?[)）]?$", bare)
    )


def head_again(raw: str) -> bool:
    """A line of the table's head (预算单位 …, 项目名称 … 项目负责人 …) printed again on a new page."""
    words = raw.split()
    return bool(words) and _HEAD_LABEL.match(words[0]) is not None and not _OPERATOR_START.match(raw)


_OPERATOR_START = re.compile(r"^\s*(?:>=|<=|[<>=≥≤])")


def sense(indicators: Sequence[Indicator]) -> int:
    """How much sense a reading of indicator rows makes: per row, a known level-1 name, a level-2
    name ending in 指标, a target that is a quantity, a date or a short phrase, and a weight; less
    for a name of one character or of more than 40, a weight above 100 or a bare year as target
    (the pieces of a cell read as cells of their own)."""
    score = 0
    for indicator in indicators:
        target = indicator.target
        score += indicator.level1 in LEVEL1_NAMES
        score += indicator.level2.endswith("指标") and len(indicator.level2) <= 10
        score += target.number is not None or bool(re.fullmatch(r"[^\d]{2,10}|\d{4}年.*", target.text))
        score += indicator.weight is not None
        score -= 3 * (len(indicator.level3) < 2) + (len(indicator.level3) > 40)
        score -= 2 * (indicator.weight is not None and indicator.weight > 100)
        score -= bool(re.fullmatch(r"\d{4}", target.text))
    return score


def dedupe(tables: Sequence[PerformanceTable]) -> tuple[PerformanceTable, ...]:
    """A table printed twice (same kind, project and funds, or same kind, funds and indicator
    rows: a converter may have garbled the project's name differently each time) is kept once:
    the fuller printing, else the one whose name is a project of the document; printed again with
    other rows only, its rows go on the first printing's. Two units of a department may each have
    a project of the same name, with their own funds."""

    def fullness(table: PerformanceTable) -> tuple[int, int, int, bool, bool]:
        named = table.project is not None and clean(table.project) == clean(table.project_name or "")
        return (len(table.indicators), bool(table.goal), len(table.funds), named, table.project is not None)

    def same(table: PerformanceTable, other: PerformanceTable) -> bool:
        if (table.kind, table.total) != (other.kind, other.total):
            return False
        named = table.project_name and clean(table.project_name)
        if named == (other.project_name and clean(other.project_name)):
            return True
        return bool(table.indicators) and _rows_of(table) == _rows_of(other)

    kept: list[PerformanceTable] = []  # in the order of first printing
    for table in tables:
        held = next((i for i, other in enumerate(kept) if same(table, other)), None)
        if held is None:
            kept.append(table)
        elif table.indicators and not set(_rows_of(table)) & set(_rows_of(kept[held])):
            # none of its rows printed before: the table goes on (its head printed again on a
            # new page), not printed twice
            kept[held] = replace(kept[held], indicators=kept[held].indicators + table.indicators)
        elif fullness(table) > fullness(kept[held]):
            kept[held] = table
    return tuple(kept)


def _rows_of(table: PerformanceTable) -> tuple[tuple[str, str, str, str], ...]:
    return tuple((i.level1, i.level2, i.level3, i.target.text) for i in table.indicators)


def names_and_targets(lines: Sequence[tuple[str, SourceLocation]]) -> tuple[Indicator, ...]:
    """The rows of a table of names and targets only (一级指标 | 二级指标 | 三级指标 | 指标值)
    written one cell a line: a level-1 or level-2 name (known names, …指标) sets the level; the
    other lines alternate between a level-3 name and its target. The table's head printed again
    (a title, 预算单位 …, 项目名称 … and their values) is skipped up to the next level name."""
    indicators: list[Indicator] = []
    level1 = level2 = ""
    name: tuple[str, SourceLocation] | None = None
    head = False  # within the table's head printed again (预算单位, 项目名称 … and their values)
    texts = [clean(raw) for raw, _ in lines]
    for index, (raw, location) in enumerate(lines):
        text = texts[index]
        following = next((t for t in texts[index + 1 :] if t), "")
        if _HEAD_LABEL.match(text) or re.fullmatch(r"[(（]?\d{4}年度?[)）]?|.*绩效.*表", text):
            head, name = True, None
            continue
        if not text or (head and text not in LEVEL1_NAMES and not text.endswith("指标")):
            continue
        head = False
        # a level-1 name is one when a level-2 name follows it (else, under a level 1 already
        # read, it names the level 2: 成本指标 under 产出指标, 满意度指标 under 满意度指标)
        if name is None and text in LEVEL1_NAMES and (not level1 or following.endswith("指标")):
            level1, level2 = text, ""
        elif name is None and text.endswith("指标") and len(text) <= 10:
            level2 = text
        elif name is None:
            name = (text, location)
        else:
            target = "".join(with_units(raw.split()))
            indicators.append(Indicator(level1, level2, name[0], parse_target(target), name[1]))
            name = None
    return tuple(indicators)
