"""三公 tables printed across: one row, a column per item (因公出国(境)费 | 公务接待费 | 公务用车购置及运行费
(小计 | 购置费 | 运行费)), possibly each split into 预算数 | 决算数. They become a line per item with a
figure per measure, as the tables printed down are."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from budgetgraph.records import BudgetLine, Column, Figure, LineItem
from budgetgraph.tables import catalog
from budgetgraph.tables.placement import rows_fitting
from budgetgraph.tables.templates import chained, spellings

_BEYOND = frozenset({"会议费", "培训费"})
"""Items some templates print beside the 三公 items, under the same 合计 (Jiangsu)."""
_MEASURE = re.compile(r"^(?:(?:全年|年初|本年|上年)?(?:预算|决算|执行)数|金额|合计)$")


def item_of_column(column: Column, beyond_three_public: bool = False) -> tuple[LineItem, str, str] | None:
    """(item, printed item label, measure) of a column of a 三公 table printed across. With
    ``beyond_three_public`` (the header also prints a “三公”经费 小计 and items such as 会议费) a
    bare 合计 is the table's total over all of them, not the 三公 total."""
    parts = column.label.split("/")
    measure = "合计"
    if len(parts) > 1 and _MEASURE.match(parts[-1]) and parts[-1] != "合计":
        measure, parts = parts[-1], parts[:-1]
    leaf, parent = parts[-1], (parts[-2] if len(parts) > 1 else "")
    if re.fullmatch(r"合计|小计|总计", leaf):
        if not parent and beyond_three_public:
            return LineItem.TOTAL, leaf, measure
        if not parent or "三公" in parent:
            return LineItem.THREE_PUBLIC_TOTAL, leaf, measure
        leaf = parent
    elif re.fullmatch(r"(?:购置|运行(?:维护)?)费", leaf) and "公务用车" in parent:
        leaf = "公务用车" + leaf
    for entry in catalog.THREE_PUBLIC_ROWS:
        if entry.pattern.search(leaf) and entry.item is not None:
            return entry.item, leaf, measure
    return None


def three_public_by_column(
    lines: list[BudgetLine], columns: tuple[Column, ...]
) -> tuple[list[BudgetLine], tuple[Column, ...]]:
    """A line per item when the items are columns; the table unchanged otherwise."""
    paths = [c.label.split("/") for c in columns]
    subtotal = any(len(p) > 1 and "三公" in p[0] and p[1] in ("小计", "合计") for p in paths)
    others = any(p[0] in _BEYOND for p in paths)
    found = [item_of_column(c, subtotal and others) for c in columns]
    if sum(1 for f in found if f is not None and f[0] is not LineItem.THREE_PUBLIC_TOTAL) < 2:
        return lines, columns
    measures: dict[str, Column] = {}
    for f in found:
        if f is not None and f[2] not in measures:
            measures[f[2]] = Column(label=f[2], key=f"c{len(measures) + 1}")
    out: list[BudgetLine] = []
    for line in lines:
        by_item: dict[LineItem, tuple[str, list[Figure]]] = {}
        for figure in line.figures:
            if figure.column not in columns:
                continue
            hit = found[columns.index(figure.column)]
            if hit is None:
                continue
            item, label, measure = hit
            entry = by_item.setdefault(item, (label, []))
            entry[1].append(Figure(figure.amount, figure.printed, measures[measure], figure.location))
        for item, (label, figures) in by_item.items():
            out.append(BudgetLine(label=label, location=line.location, item=item, figures=tuple(figures)))
    return out, tuple(measures.values())


# Items as a header prints them across, in the order they nest: (item, pattern on compact text).
_ACROSS: tuple[tuple[LineItem, re.Pattern[str]], ...] = (
    (LineItem.OVERSEAS, re.compile(r"因公出国[(（]境[)）]费(?:用)?")),
    (LineItem.VEHICLE_TOTAL, re.compile(r"公务用车购置及运行(?:维护)?费(?:[(（]?小计[)）]?)?")),
    (LineItem.VEHICLE_PURCHASE, re.compile(r"公务用车购置费")),
    (LineItem.VEHICLE_OPERATION, re.compile(r"公务用车运行(?:维护)?费")),
    (LineItem.RECEPTION, re.compile(r"公务接待费")),
    (LineItem.OPERATING_COSTS, re.compile(r"机关运行经费")),
)
_SHORT_VEHICLE_PARTS = (
    (LineItem.VEHICLE_PURCHASE, re.compile(r"购置费")),
    (LineItem.VEHICLE_OPERATION, re.compile(r"运行(?:维护)?费")),
)
_BEYOND_ITEMS = frozenset({LineItem.OPERATING_COSTS})

_PARTS = {
    LineItem.THREE_PUBLIC_TOTAL: (LineItem.OVERSEAS, LineItem.VEHICLE_TOTAL, LineItem.RECEPTION),
    LineItem.VEHICLE_TOTAL: (LineItem.VEHICLE_PURCHASE, LineItem.VEHICLE_OPERATION),
}
# How often an item carries amounts, the last tie-breaker of placement (running costs are the rule,
# purchases the exception).
_WEIGHT = {LineItem.VEHICLE_OPERATION: 0.2}


Across = tuple[list[Column], list[tuple[int, tuple[int, ...]]], dict[str, float]]


def across_columns(
    header_text: str,
    header_lines: Sequence[Sequence[str]] = (),
    amounts: Sequence[Sequence[Decimal]] = (),
) -> Across | None:
    """Columns of a 三公 table printed across as running text (header words only, then a line of
    amounts): a column per item and measure, the sums between them, and placement weights.

    The items are ordered as the header text prints them. A header written line by line
    (``header_lines``, its words) interleaves its cells' lines, so the 公务用车 group, printed
    above its parts, may seem to come first: the order is then the one, of the group at each place
    among the items, whose sums the rows of ``amounts`` bear out."""
    orders = _item_orders(header_text, header_lines)
    if not orders:
        return None
    candidates = [_columns(header_text, items) for items in orders]
    if len(candidates) == 1 or not amounts:
        return candidates[0]
    return max(candidates, key=lambda c: _sums_held(c, amounts))


def _sums_held(across: Across, amounts: Sequence[Sequence[Decimal]]) -> int:
    columns, relations, _ = across
    return rows_fitting(amounts, len(columns), relations)


def _found(
    header_text: str, header_lines: Sequence[Sequence[str]], item: LineItem, pattern: re.Pattern[str]
) -> tuple[int, str] | None:
    """Where the header prints an item (its place in the joined text), and its label."""
    match = pattern.search(header_text)
    if match:
        return match.start(), match.group(0)
    for spelling in spellings(pattern):
        if chained(spelling, header_lines, inside=True):
            at = header_text.find(spelling[:2])
            return (at if at >= 0 else len(header_text)), spelling
    return None


def _item_orders(header_text: str, header_lines: Sequence[Sequence[str]]) -> list[list[tuple[LineItem, str]]]:
    found: list[tuple[int, LineItem, str]] = []
    beyond: list[tuple[int, LineItem, str]] = []
    vehicle_parts: list[tuple[int, LineItem, str]] = []
    for item, pattern in _ACROSS:
        hit = _found(header_text, header_lines, item, pattern)
        if hit is None:
            continue
        at, label = hit
        if item in _PARTS[LineItem.VEHICLE_TOTAL]:
            vehicle_parts.append((at, item, label))
        else:
            (beyond if item in _BEYOND_ITEMS else found).append((at, item, label))
    vehicle = next((f for f in found if f[1] is LineItem.VEHICLE_TOTAL), None)
    if vehicle is not None and not vehicle_parts:
        # A header of several lines prints the parts under 公务用车购置及运行费 as 购置费 | 运行费.
        after = vehicle[0] + len(vehicle[2])
        for item, pattern in _SHORT_VEHICLE_PARTS:
            match = pattern.search(header_text, after)
            if match:  # named under their group, as an aligned header's path would
                vehicle_parts.append((match.start(), item, f"{vehicle[2]}/{match.group(0)}"))
    if len(found) < 2:
        return []
    found.sort()
    total_at = header_text.find("合计")
    # the order as printed; written line by line, also the 公务用车 group at each other place
    orders = [[item for _, item, _ in found]]
    if header_lines and any(item is LineItem.VEHICLE_TOTAL for _, item, _ in found):
        others = [item for _, item, _ in found if item is not LineItem.VEHICLE_TOTAL]
        for place in range(len(others) + 1):
            order = [*others[:place], LineItem.VEHICLE_TOTAL, *others[place:]]
            if order not in orders:
                orders.append(order)
    labels = {item: label for _, item, label in found}
    out: list[list[tuple[LineItem, str]]] = []
    # 合计 heads the items; written line by line it may stand on a line below the groups
    total = 0 <= total_at < found[0][0] or (bool(header_lines) and total_at >= 0)
    for order in orders:
        items = [(LineItem.THREE_PUBLIC_TOTAL, "合计")] if total else []
        for item in order:  # the vehicle parts right after their 小计, as they nest
            items.append((item, labels[item]))
            if item is LineItem.VEHICLE_TOTAL:
                items += [(part, part_label) for _, part, part_label in sorted(vehicle_parts)]
        # Items printed beside the 三公 group (机关运行经费): a group header of its own, on the first
        # header line with “三公”经费; before or after the whole group as printed there.
        group_at = header_text.find("三公")
        items = [(item, label) for at, item, label in sorted(beyond) if at < group_at] + items
        items += [(item, label) for at, item, label in sorted(beyond) if at >= group_at]
        out.append(items)
    return out


def _columns(header_text: str, items: Sequence[tuple[LineItem, str]]) -> Across:
    measures = list(dict.fromkeys(re.findall(r"(?:预算|决算)数", header_text))) or ["合计"]
    columns: list[Column] = []
    index: dict[tuple[LineItem, str], int] = {}
    weights: dict[str, float] = {}
    for item, label in items:
        for measure in measures:
            name = f"{label}/{measure}" if measure != "合计" else label
            index[item, measure] = len(columns)
            columns.append(Column(label=name, key=f"c{len(columns) + 1}"))
            weights[name] = _WEIGHT.get(item, 0.0)
    relations = [
        (index[whole, m], tuple(index[p, m] for p in parts if (p, m) in index))
        for whole, parts in _PARTS.items()
        for m in measures
        if (whole, m) in index and any((p, m) in index for p in parts)
    ]
    return columns, relations, weights
