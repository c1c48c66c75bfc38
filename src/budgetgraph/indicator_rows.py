"""Indicator rows of performance tables: cells to roles, and targets to operator / number / unit.

Rows of 绩效目标表 and 绩效自评表 come out of converters shifted, with blank cells dropped or columns
merged. A row's cells are therefore matched to the header's roles by an order-preserving alignment
that weighs the distance between a cell's column and a role's column against how well the cell's
content fits the role (levels end with 指标, weights are numbers, targets start with an operator …).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

from budgetgraph.narrative_records import Operator, Target


class Role(Enum):
    SECTION = "section"
    LEVEL1 = "level1"
    LEVEL2 = "level2"
    LEVEL3 = "level3"
    TARGET = "target"
    ACTUAL = "actual"
    BASIS = "basis"
    LAST_YEAR = "last_year"
    WEIGHT = "weight"
    SCORE = "score"
    RULE = "rule"
    EVIDENCE = "evidence"
    DEVIATION = "deviation"
    NOTE = "note"


# First-level indicator names of the national performance-target templates.
LEVEL1_NAMES = frozenset(
    {
        "产出指标",
        "效益指标",
        "满意度指标",
        "成本指标",
        "履职效能",
        "管理效率",
        "社会效应",
        "能力建设",
        "服务对象满意度",
        "产出",
        "效益",
        "满意度",
        "成本",
        "决策",
        "过程",
        "运行成本",
        "综合管理",
    }
)

_HEADER_ROLES: tuple[tuple[str, Role], ...] = (
    ("上年", Role.LAST_YEAR),
    ("一级指标", Role.LEVEL1),
    ("二级指标", Role.LEVEL2),
    ("三级指标", Role.LEVEL3),
    ("实际", Role.ACTUAL),
    ("完成值", Role.ACTUAL),
    ("依据", Role.BASIS),
    ("得分", Role.SCORE),
    ("权重", Role.WEIGHT),
    ("分值", Role.WEIGHT),
    ("规则", Role.RULE),
    ("佐证", Role.EVIDENCE),
    ("偏差", Role.DEVIATION),
    ("原因", Role.DEVIATION),
    ("指标值", Role.TARGET),
    ("目标值", Role.TARGET),
    ("备注", Role.NOTE),
)

_NUMBER = re.compile(r"^-?\d[\d,]*(?:\.\d+)?(?:分|%)?$")
_OPERATOR = re.compile(r"^(>=|<=|≥|≤|=>|=<|>|<|=)")
_OPERATORS = {
    ">=": Operator.GE,
    "≥": Operator.GE,
    "=>": Operator.GE,
    "<=": Operator.LE,
    "≤": Operator.LE,
    "=<": Operator.LE,
    ">": Operator.GT,
    "<": Operator.LT,
    "=": Operator.EQ,
}
_QUANTITY = re.compile(r"^(-?\d[\d,]*(?:\.\d+)?)([^\d]*)$")
SKIP_CELL = 4.0
# Every indicator row names an indicator and its value: leaving those out costs.
_EMPTY = {Role.LEVEL3: 4.0, Role.TARGET: 2.0}


def header_roles(cells: Sequence[str]) -> tuple[tuple[int, Role], ...]:
    """The roles of an indicator header row's columns (column index, role); unknown columns left out."""
    roles: list[tuple[int, Role]] = []
    for index, cell in enumerate(cells):
        text = re.sub(r"\s+", "", cell)
        if not text:
            continue
        if "目标" in text and "指标" not in text:
            continue
        for word, role in _HEADER_ROLES:
            if word in text:
                # the first of duplicate roles keeps it: a second 分值 after 得分 is still a weight
                roles.append((index, role))
                break
    return tuple(roles)


def is_header(cells: Sequence[str]) -> bool:
    joined = "".join(re.sub(r"\s+", "", c) for c in cells)
    return "一级指标" in joined and "三级指标" in joined


def is_level1(text: str) -> bool:
    return text in LEVEL1_NAMES


def is_level2(text: str) -> bool:
    return text.endswith("指标") and len(text) <= 10


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def _fit(role: Role, text: str) -> float:
    """How badly ``text`` fits ``role`` (0 = perfectly)."""
    level_like = is_level2(text) or is_level1(text)
    if role is Role.LEVEL1:
        return 0.0 if is_level1(text) else (3.0 if level_like else 9.0)
    if role is Role.LEVEL2:
        if is_level2(text):
            return 0.5 if is_level1(text) else 0.0
        return 3.0 if level_like else 9.0
    if role is Role.LEVEL3:
        if level_like:
            return 3.0
        return 3.0 if _OPERATOR.match(text) else 0.0
    if role in (Role.WEIGHT, Role.SCORE):
        return 0.0 if is_number(text) else 12.0
    if role is Role.TARGET:
        if level_like:
            return 5.0
        if _OPERATOR.match(text) or _QUANTITY.match(text):
            return 0.0
        return 2.0 if len(text) > 6 and not re.search(r"\d", text) else 1.0
    if role in (Role.BASIS, Role.RULE, Role.EVIDENCE) and _OPERATOR.match(text):
        return 3.0
    if role is Role.RULE:
        return 0.0 if "分" in text else 1.5
    if role is Role.EVIDENCE:
        return 0.0 if re.search("资料|材料|凭证|证明|报告|文件", text) else 1.5
    if role is Role.SECTION:
        return 0.0
    if role is Role.LAST_YEAR:  # a value with its unit or %; a bare whole number is rather a weight
        return 1.5 if re.fullmatch(r"\d{1,3}", text) else 0.0
    return 0.5 if is_number(text) else 0.0


def align(cells: Sequence[tuple[int, str]], roles: Sequence[tuple[int, Role]]) -> dict[Role, tuple[int, str]]:
    """Assign a row's non-empty cells (column, text) to header roles, in order, at least cost.

    Converters shift whole rows by a column or two; each shift is tried and costs a little."""
    best: tuple[float, dict[Role, tuple[int, str]]] = (float("inf"), {})
    # a row of one or two cells carries the wrapped ends of the row above, or levels only
    empty = _EMPTY if len(cells) >= 3 else {}
    fits = [[_fit(role, text) for _, role in roles] for _, text in cells]  # the same for every shift
    for shift in range(-3, 4):
        cost, assigned = _align(cells, roles, shift, empty, fits)
        cost += 0.3 * abs(shift)
        if cost < best[0]:
            best = (cost, assigned)
    return best[1]


def _align(
    cells: Sequence[tuple[int, str]],
    roles: Sequence[tuple[int, Role]],
    shift: int,
    empty_cost: dict[Role, float],
    fits: Sequence[Sequence[float]],
) -> tuple[float, dict[Role, tuple[int, str]]]:
    n, m = len(cells), len(roles)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, bool]]] = [[(0, 0, False)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            empty = here + empty_cost.get(roles[j][1], 0.0) if j < m else inf
            if j < m and empty < cost[i][j + 1]:  # leave the role empty
                cost[i][j + 1] = empty
                back[i][j + 1] = (i, j, False)
            if i < n and here + SKIP_CELL < cost[i + 1][j]:  # a cell of no known role
                cost[i + 1][j] = here + SKIP_CELL
                back[i + 1][j] = (i, j, False)
            if i < n and j < m:
                step = abs(cells[i][0] - roles[j][0] - shift) + fits[i][j]
                if here + step < cost[i + 1][j + 1]:
                    cost[i + 1][j + 1] = here + step
                    back[i + 1][j + 1] = (i, j, True)
    assigned: dict[Role, tuple[int, str]] = {}
    i, j = n, m
    while i or j:
        pi, pj, took = back[i][j]
        if took:
            assigned.setdefault(roles[pj][1], cells[pi])
        i, j = pi, pj
    return cost[n][m], assigned


def decimal(text: str | None) -> Decimal | None:
    """A number cell as a Decimal: separators, 分 and % dropped; None when not a number."""
    if not text:
        return None
    cleaned = text.replace(",", "").replace("分", "").replace("%", "").strip()
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def parse_target(text: str) -> Target:
    """``>=95%`` → (GE, 95, "%"); ``=12个月`` → (EQ, 12, "个月"); ``有效保障`` → qualitative."""
    compact = re.sub(r"\s+", "", text)
    match = _OPERATOR.match(compact)
    rest = compact[match.end() :] if match else compact
    quantity = _QUANTITY.match(rest)
    if quantity and not re.search(r"\d", quantity.group(2)):
        operator = _OPERATORS[match.group(1)] if match else Operator.EQ
        number = decimal(quantity.group(1))
        unit = quantity.group(2) or None
        return Target(text, operator, number, unit)
    if match:
        return Target(text, _OPERATORS[match.group(1)], None, rest or None)
    return Target(text, Operator.QUALITATIVE)


@dataclass(frozen=True)
class RowCells:
    """A table row as (column, normalised text) pairs of its non-empty cells."""

    cells: tuple[tuple[int, str], ...]

    def texts(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.cells)
