"""Indicator rows of a performance table printed as wrapped text, without column positions.

Converters (and PDFs typeset from them) print such a table cell after cell, each cell wrapped over
as many lines as its column is narrow, several short cells sharing a line separated by spaces. The
rows are recovered from anchors: the weight is a whole number followed by the scoring rule (…赋分),
or alone on its line when the table ends with the weight; the evidence ends with 资料 / 材料 / 凭证.
Before the weight, the levels are the known level names (wrapped pieces joined), the target starts
with an operator and takes its number and unit, and what follows is the basis (and last year's
value). A qualitative target is told from the level-3 name by the width of its column: the pieces of
a wrapped cell are full except the last, and a target column is narrow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from budgetgraph.indicator_rows import LEVEL1_NAMES, Role, decimal, parse_target
from budgetgraph.narrative_records import Indicator
from budgetgraph.records import SourceLocation

_HEADER_WORDS: tuple[tuple[str, Role], ...] = (
    ("一级指标", Role.LEVEL1),
    ("二级指标", Role.LEVEL2),
    ("三级指标", Role.LEVEL3),
    ("指标值设置依据", Role.BASIS),
    ("指标设定依据", Role.BASIS),
    ("实际完成", Role.ACTUAL),
    ("指标值", Role.TARGET),
    ("上年完成值", Role.LAST_YEAR),
    ("权重", Role.WEIGHT),
    ("分值", Role.WEIGHT),
    ("得分", Role.SCORE),
    ("赋分规则", Role.RULE),
    ("佐证资料", Role.EVIDENCE),
    ("偏差原因", Role.DEVIATION),
    ("备注", Role.NOTE),
)
HEADER_LABELS: dict[Role, str] = {
    Role.LEVEL1: "一级指标", Role.LEVEL2: "二级指标", Role.LEVEL3: "三级指标", Role.TARGET: "指标值",
    Role.BASIS: "指标值设置依据", Role.LAST_YEAR: "上年完成值", Role.WEIGHT: "分值权重", Role.SCORE: "得分",
    Role.RULE: "指标赋分规则", Role.EVIDENCE: "佐证资料", Role.ACTUAL: "实际完成值",
    Role.DEVIATION: "偏差原因", Role.NOTE: "备注",
}  # fmt: skip
"""A canonical header label for every role (header_roles reads them back)."""
_OPERATOR = re.compile(r"^(?:>=|<=|≥|≤|>|<|=)")
_EVIDENCE_END = re.compile(r"(?:资料|材料|凭证|证明|文件|报告|记录)$")
_BASIS_END = re.compile(r"(?:标准|定义|依据|计划|项目|要求|规定|文件|目标|实事)$")
_LAST = re.compile(r"上年|完成值|未实施|无$")


@dataclass(frozen=True)
class Piece:
    text: str
    line: int  # index of the printed line
    first: bool  # first piece of its line
    alone: bool  # the only piece of its line
    location: SourceLocation


def _width(text: str) -> int:
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


_HEADER_CHARS = re.compile(
    r"^[一二三级指标值设定置依据上年完成分权重赋规则佐证资料实际得偏差原因备注"
    r"包含数字及文描述析改进措施度预期年 ()（）]+"
)


def stream_header(texts: Sequence[str]) -> tuple[tuple[Role, ...], int, str] | None:
    """The header's roles in order, the number of lines it takes and what its last line goes on
    with (a first row printed on the header's line), when ``texts`` open with a header: the run of
    lines made of header words."""
    count = 0
    rest = ""
    while count < len(texts) and count < 40:
        text = texts[count].strip()
        match = _HEADER_CHARS.match(text)
        if not match:
            break
        count += 1
        if match.end() < len(text):
            rest = text[match.end() :].strip()
            break
    joined = re.sub(r"\s+", "", "".join(texts[:count]))
    if rest:
        joined = joined[: len(joined) - len(re.sub(r"\s+", "", rest))]
    if "一级指标" not in joined or "三级指标" not in joined:
        return None
    found: list[tuple[int, Role]] = []
    for word, role in _HEADER_WORDS:
        at = joined.find(word)
        if at < 0 or any(r is role for _, r in found):
            continue
        if role is Role.TARGET and any(a <= at < a + 7 for a, r in found if r in (Role.BASIS, Role.ACTUAL)):
            continue
        if role is Role.WEIGHT and any(r is Role.WEIGHT for _, r in found):
            continue
        found.append((at, role))
    return tuple(role for _, role in sorted(found)), count, rest


def _pieces(lines: Sequence[tuple[str, SourceLocation]]) -> list[Piece]:
    pieces: list[Piece] = []
    for number, (text, location) in enumerate(lines):
        parts = text.split()
        for index, part in enumerate(parts):
            pieces.append(Piece(part, number, index == 0, len(parts) == 1, location))
    return pieces


def _is_weight(pieces: Sequence[Piece], i: int, has_rule: bool) -> bool:
    piece = pieces[i]
    if not re.fullmatch(r"\d{1,3}(?:\.\d+)?", piece.text):
        return False
    if i > 0 and pieces[i - 1].line == piece.line and re.search(r"[\d.<>=]$", pieces[i - 1].text):
        return False
    following = pieces[i + 1] if i + 1 < len(pieces) else None
    if has_rule:
        if following is None:
            return False
        rule = following.text  # the rule's first piece, and its second on the same line ("满意度 赋分")
        if i + 2 < len(pieces) and pieces[i + 2].line == following.line:
            rule += pieces[i + 2].text
        return "赋" in rule or rule.startswith(("按", "直接"))
    if following is not None and following.line == piece.line:
        return False
    return following is None or not re.match(r"^[年月日万元%个次人项家天]", following.text)


def _levels(pre: list[Piece]) -> tuple[str, str, list[Piece]]:
    """Level-1 and level-2 names at the head of a row (wrapped pieces joined), and the rest."""
    level1 = level2 = ""
    for k in range(min(3, len(pre)), 0, -1):
        joined = "".join(p.text for p in pre[:k])
        if joined in LEVEL1_NAMES:
            level1, pre = joined, pre[k:]
            break
    for k in range(min(4, len(pre) - 1), 0, -1):
        joined = "".join(p.text for p in pre[:k])
        if joined.endswith("指标") and len(joined) <= 10:
            level2, pre = joined, pre[k:]
            break
    return level1, level2, pre


def _split_basis(rest: list[Piece], has_last: bool) -> tuple[str | None, str | None]:
    """Basis and last year's value: the basis ends with a word that names one (…标准, 自定义), or
    last year's value starts like one (无…, 上年…, a number or an operator)."""
    if not rest:
        return None, None
    if not has_last or len(rest) == 1:
        return "".join(p.text for p in rest), None
    for split in range(1, len(rest)):
        if _BASIS_END.search("".join(p.text for p in rest[:split])):
            return "".join(p.text for p in rest[:split]), "".join(p.text for p in rest[split:])
    for split in range(1, len(rest)):
        if re.match(r"^(?:无|上年|[=<>≥≤\d])", rest[split].text):
            return "".join(p.text for p in rest[:split]), "".join(p.text for p in rest[split:])
    return rest[0].text, "".join(p.text for p in rest[1:])


_DATE = re.compile(r"(?:19|20)\d\d(?:年(?:\d{1,2}(?:月(?:\d{1,2}日?)?)?)?)?")


def _date_target(rest: list[Piece], start: int) -> int | None:
    """The index after the last piece of a date target starting at ``start`` ("2024 年 12 月",
    its pieces split where digits meet CJK), or None when no date starts there."""
    if not re.fullmatch(r"(?:19|20)\d\d年?", rest[start].text):
        return None
    text, end = rest[start].text, start + 1
    while end < len(rest) and _DATE.fullmatch(text + rest[end].text):
        text += rest[end].text
        end += 1
    return end if "年" in text else None


def _operator_target(rest: list[Piece], start: int) -> int:
    """The index after the last piece of an operator target starting at ``start``."""
    text = rest[start].text
    end = start + 1
    while end < len(rest):
        following = rest[end].text
        if text.endswith("/"):  # a unit per something, split at its slash ("万元/" "人")
            text += following
            end += 1
            continue
        opens = text.count("(") + text.count("（") > text.count(")") + text.count("）")
        bare = re.fullmatch(r"(?:>=|<=|[<>=≥≤])", text) is not None
        split_number = re.search(r"[\d.]$", text) is not None and following[0].isdigit()
        unit = (
            len(following) <= 3
            and not re.search(r"标|上年|无|自定", following)
            and not re.search(r"[^\d.%]{1,3}$", text)
        )
        if not (bare or split_number or opens or following.startswith(("(", "（")) or unit):
            break
        text += following
        end += 1
    return end


Cells = tuple[str, str, str, str, str, str]

_UNIT_CHARS = "年月日天时周个次项人家户元%"
_NUMBER_UNIT = re.compile(rf"^(?:\d[{_UNIT_CHARS}]|[年月]\d)$")
_SPACED = re.compile(r"^(?:[\u2e80-\u9fff]\d|\d[\u2e80-\u9fff])$")


def _join_spaced_numbers(pieces: list[Piece]) -> list[Piece]:
    """Pieces of one printed line that a converter separated only because digits meet CJK
    ("年 12", "的 15") are one piece: a cell's wrapped line, not two cells."""
    out: list[Piece] = []
    for piece in pieces:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.line == piece.line
            and _SPACED.match(previous.text[-1] + piece.text[0])
        ):
            out[-1] = Piece(previous.text + piece.text, piece.line, previous.first, False, previous.location)
        else:
            out.append(piece)
    return out


_QUANTITY = re.compile(r"^(?:>=|<=|[<>=≥≤])?\d[\d.,]*$")
_YEAR_START = re.compile(r"^(?:19|20)\d\d")
_UNIT_WORD = re.compile(
    r"^[个月年日天周时小分秒次项人家户元万千百亿条件台套份所座辆名亩里米平方吨克篇期批场张本册间%‰/]{1,4}$"
)


def with_units(words: Sequence[str]) -> list[str]:
    """Words of a row written line by line, each quantity's unit joined to its number ("≥1700"
    "人", "<=40" "元/人", "2" "次") and a date's parts ("2024" "年" "12" "月"): a converter parts
    them where digits meet CJK, but they are one cell."""
    out: list[str] = []
    for word in words:
        if out and (
            (_QUANTITY.match(out[-1]) and _UNIT_WORD.match(word))
            or (_YEAR_START.match(out[-1]) and _DATE.fullmatch(out[-1] + word))
        ):
            out[-1] += word
        else:
            out.append(word)
    return out


def _row(pre: list[Piece], roles: Sequence[Role], widths: dict[Role, int]) -> Cells:
    level1, level2, rest = _levels(pre)
    has_last = Role.LAST_YEAR in roles
    start = next((i for i, p in enumerate(rest) if _OPERATOR.match(p.text) and i > 0), None)
    date = next(((i, end) for i in range(1, len(rest)) if (end := _date_target(rest, i))), None)
    if date is not None and (start is None or date[0] < start):
        level3 = "".join(p.text for p in rest[: date[0]])
        target = "".join(p.text for p in rest[date[0] : date[1]])
        basis, last = _split_basis(rest[date[1] :], has_last)
        return level1, level2, level3, target, basis or "", last or ""
    if start is not None:
        end = _operator_target(rest, start)
        level3 = "".join(p.text for p in rest[:start])
        target = "".join(p.text for p in rest[start:end])
        basis, last = _split_basis(rest[end:], has_last)
        return level1, level2, level3, target, basis or "", last or ""
    # a qualitative target: basis (and last year) from the end, then the narrow target column
    tail_start = len(rest)
    for split in range(len(rest) - 1, 1, -1):
        candidate = "".join(p.text for p in rest[split:])
        if _BASIS_END.search("".join(p.text for p in rest[split : split + 1])) or (
            has_last and _LAST.search(candidate) and split < tail_start
        ):
            tail_start = split
            if _BASIS_END.search(rest[split].text):
                break
    middle, tail = _join_spaced_numbers(rest[:tail_start]), rest[tail_start:]
    width = widths.get(Role.TARGET, 6)
    cut = len(middle) - 1
    wider = [k for k in range(1, len(middle)) if _width(middle[k].text) > _width(middle[0].text)]
    if len(middle) > 2 and wider:
        # the pieces of the wrapped level-3 name are no wider than its first: the first wider
        # piece starts the target ("确保参 保群众 享受医 保待遇 有效保障")
        cut = wider[0]
    else:
        while cut > 1 and 0.7 * width <= _width(middle[cut - 1].text) <= width:
            cut -= 1
    while cut > 1 and _NUMBER_UNIT.search(middle[cut - 1].text[-1] + middle[cut].text[0]):
        cut -= 1  # never cut a number from its unit or a date apart ("…12月31" | "日")
    level3 = "".join(p.text for p in middle[:cut])
    target = "".join(p.text for p in middle[cut:])
    basis, last = _split_basis(tail, has_last)
    return level1, level2, level3, target, basis or "", last or ""


def stream_indicators(
    lines: Sequence[tuple[str, SourceLocation]], roles: Sequence[Role]
) -> tuple[Indicator, ...]:
    """The indicator rows of the lines after a stream header with ``roles``."""
    pieces = _pieces(lines)
    has_rule = Role.RULE in roles
    anchors = [i for i in range(len(pieces)) if _is_weight(pieces, i, has_rule)]
    widths = {Role.TARGET: max((_width(p.text) for p in pieces if _OPERATOR.match(p.text)), default=6)}
    indicators: list[Indicator] = []
    level1 = level2 = ""
    start = 0
    for anchor in anchors:
        if anchor < start:
            continue
        pre = pieces[start:anchor]
        end = anchor + 1
        rule = evidence = None
        if has_rule:
            text = ""
            while end < len(pieces) and not text.endswith(("分", "规则")):
                text += pieces[end].text
                end += 1
            rule = text
            if Role.EVIDENCE in roles:
                text = ""
                while end < len(pieces) and len(text) < 30:
                    text += pieces[end].text
                    end += 1
                    more = end < len(pieces) and pieces[end].text[0] in ",、"
                    if _EVIDENCE_END.search(text) and not more:
                        break
                evidence = text
        start = end
        if not pre:
            continue
        l1, l2, l3, target, basis, last = _row(list(pre), roles, widths)
        if l1:
            level1, level2 = l1, ""
        if l2:
            level2 = l2
        if not l3 or not target:
            continue
        indicators.append(
            Indicator(
                level1=level1,
                level2=level2,
                level3=l3,
                target=parse_target(target),
                location=pre[0].location,
                weight=decimal(pieces[anchor].text),
                basis=basis or None,
                scoring_rule=rule,
                evidence=evidence,
                last_year=last or None,
            )
        )
    return tuple(indicators)
