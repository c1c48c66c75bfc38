"""Standard column layouts of the template tables, for rows whose column positions were lost.

When a converter wrapped a table into running text, the header survives only as words. The leaf
columns are then taken from the template of the table's kind, keeping each template column whose
label appears in the printed header text (as often as it appears), so that documents leaving out a
column (no 上级国有资本经营预算转移支付 column, no 人员经费/公用经费 split) are read as printed.
Data, not code: regional templates add entries here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from budgetgraph.records import TableKind


@dataclass(frozen=True)
class TemplateColumn:
    path: tuple[str, ...]
    present: re.Pattern[str]  # must occur in the header text (each occurrence is used once)
    absent_if: re.Pattern[str] | None = None  # dropped when this occurs (it is then only a group)
    weight: float = 0.0  # how often the column carries amounts: the last tie-breaker of placement


def _col(path: str, present: str, absent_if: str | None = None, weight: float = 0.0) -> TemplateColumn:
    return TemplateColumn(
        tuple(path.split("/")), re.compile(present), re.compile(absent_if) if absent_if else None, weight
    )


_SPENDING = (
    _col("合计", r"合计|小计"),
    _col("基本支出", r"基本支出", r"人员经费"),
    _col("基本支出/人员经费", r"人员经费"),
    _col("基本支出/公用经费", r"公用经费"),
    _col("项目支出", r"项目支出"),
)

_FISCAL = "财政拨款（补助）"
# The table's total and its groups' subtotals print as 合计, 总计 or 小计, in that order.
_SUBTOTAL = r"合计|总计|小计"

TEMPLATES: dict[TableKind, tuple[TemplateColumn, ...]] = {
    TableKind.INCOME: (
        _col("总计", r"总计|合计"),
        _col(f"{_FISCAL}/小计", r"小计"),
        _col(f"{_FISCAL}/一般公共预算", r"(?<!上级)一般公共预算(?!安排)"),
        _col(f"{_FISCAL}/上级一般公共预算安排的转移支付", r"上级一般公共预算安排的?转移支付"),
        _col(f"{_FISCAL}/政府性基金预算", r"(?<!上级)政府性基金预算"),
        _col(f"{_FISCAL}/上级政府性基金安排的转移支付", r"上级政府性基金安排的?转移支付"),
        _col(f"{_FISCAL}/国有资本经营预算", r"(?<!上级)国有资本经营预算(?!安排)"),
        _col(f"{_FISCAL}/上级国有资本经营预算安排的转移支付", r"上级国有资本经营预算安排的?转移支付"),
        _col("财政专户（教育收费）", r"财政专户|教育收费"),
        _col("单位资金", r"单位资金"),
        _col("财政拨款结转", r"(?<!非)财政拨款结转"),
        _col("非财政拨款结转结余", r"非财政拨款结转"),
        # 决算 (收入决算表)
        _col("财政拨款收入", r"财政拨款收入"),
        _col("上级补助收入", r"上级补助收入"),
        _col("事业收入", r"(?<!单位)事业收入"),
        _col("经营收入", r"(?:事业单位)?经营收入"),
        _col("附属单位上缴收入", r"附属单位上缴收入"),
        _col("其他收入", r"其他收入"),
    ),
    TableKind.EXPENDITURE: (
        *_SPENDING,
        # Jiangsu (支出预算总表): a reserve and next year's carry-forward beside 基本 and 项目支出
        _col("单位预留机动经费", r"单位预留机动经费"),
        _col("结转下年资金", r"结转下年资金"),
        # 决算 (支出决算表)
        _col("上缴上级支出", r"上缴上级支出"),
        _col("经营支出", r"(?<!非)经营支出"),
        _col("对附属单位补助支出", r"对附属单位补助支出"),
    ),
    TableKind.GPB_EXPENDITURE: _SPENDING,
    TableKind.GOV_FUND: _SPENDING,
    TableKind.SOE: _SPENDING,
    TableKind.GPB_BASIC: (
        _col("合计", r"合计"),
        _col("人员经费", r"人员经费"),
        _col("公用经费", r"公用经费"),
    ),
    TableKind.GPB_PROJECT: (
        _col("项目支出合计", r"项目支出合计|合计"),
        _col("工资福利支出", r"工资福利支出"),
        _col("商品和服务支出", r"商品和服务支出", weight=0.3),
        _col("对个人和家庭的补助", r"对个人和家庭的补助", weight=0.2),
        _col("债务利息及费用支出", r"债务利息及费用支出"),
        _col("资本性支出（基本建设）", r"资本性支出[(（]基本建设"),
        _col("资本性支出", r"资本性支出(?![(（]基本建设)", weight=0.1),
        _col("对企业补助（基本建设）", r"对企业补助[(（]基本建设"),
        _col("对企业补助", r"对企业补助(?![(（]基本建设)"),
        _col("对社会保障基金补助", r"对社会保障基金补助"),
        _col("其他支出", r"其他支出"),
    ),
    TableKind.THREE_PUBLIC: (
        _col("合计", r"合计"),
        _col("资金来源/一般公共预算", r"一般公共预算", weight=0.3),
        _col("资金来源/政府性基金", r"政府性基金"),
        _col("资金来源/国有资本经营预算", r"国有资本经营"),
    ),
    TableKind.CARRYOVER: (
        _col("合计", _SUBTOTAL),
        _col("财政拨款/小计", _SUBTOTAL),
        _col("财政拨款/基本支出", r"基本支出", r"人员经费"),
        _col("财政拨款/基本支出/人员经费", r"人员经费"),
        _col("财政拨款/基本支出/公用经费", r"公用经费"),
        _col("财政拨款/项目支出", r"项目支出", weight=0.3),
        _col("非财政拨款/小计", _SUBTOTAL),
        _col("非财政拨款/基本支出", r"基本支出", r"人员经费"),
        _col("非财政拨款/基本支出/人员经费", r"人员经费"),
        _col("非财政拨款/基本支出/公用经费", r"公用经费"),
        _col("非财政拨款/项目支出", r"项目支出", weight=0.2),
    ),
    # Two-sided tables: the expenditure side's value columns (the income side has one).
    TableKind.SUMMARY: (_col("支出/预算数", r""),),
    TableKind.FISCAL_SUMMARY: (
        _col("财政拨款支出/合计", r"合计"),
        _col("财政拨款支出/一般公共预算", r"一般公共预算", weight=0.3),
        _col("财政拨款支出/政府性基金预算", r"政府性基金"),
        _col("财政拨款支出/国有资本经营预算", r"国有资本经营"),
    ),
}

TWO_SIDED: frozenset[TableKind] = frozenset({TableKind.SUMMARY, TableKind.FISCAL_SUMMARY})


def template_paths(
    kind: TableKind, header_text: str, header_lines: Sequence[Sequence[str]] = ()
) -> list[tuple[str, ...]]:
    """The template columns of ``kind`` present in ``header_text`` (compact), in template order.

    ``header_lines`` (the header's words, line by line, compact) also finds a column whose label
    wrapped inside its cell: a converter that writes the page line by line interleaves the pieces
    of neighbouring cells ("上级一般 上级政府" / "公共预算 性基金安" / …), so the label is no longer
    in the joined text, but it is a chain of whole words, one from each of some lines going down."""
    remaining: dict[str, int] = {}
    out: list[tuple[str, ...]] = []
    for col in TEMPLATES.get(kind, ()):
        if col.absent_if is not None and col.absent_if.search(header_text):
            continue
        key = col.present.pattern
        if key not in remaining:
            remaining[key] = len(col.present.findall(header_text)) if key else 1
            if not remaining[key] and any(chained(s, header_lines) for s in spellings(col.present)):
                remaining[key] = 1
        if remaining[key] > 0:
            remaining[key] -= 1
            out.append(col.path)
    return out


def chained(label: str, lines: Sequence[Sequence[str]], start: int = 0, inside: bool = False) -> bool:
    """Whether ``label`` is a chain of whole pieces taken from successive lines (at most one piece
    of each line, lines going down from ``start``), of two pieces or more. A piece is a word or a
    run of neighbouring words (a letter-spaced cell: "一般公 共" / "预算"); the last piece may go on
    past the label, as the printed label goes on past a column's pattern ("非财政拨" / "款结转结" /
    "余" for 非财政拨款结转, "资本性支" / "出(基本" / "建设)" for 资本性支出(基本建设). With
    ``inside`` the first piece may also begin before the label ("2024年机关运行经" / "费预算数")."""
    for index in range(start, len(lines)):
        for run in _runs(lines[index]):
            # with ``inside``, the label may start inside the first piece ("2024年机关运行经")
            starts = [run[i:] for i in range(len(run) - 1)] if inside else [run]
            piece = next((p for p in starts if p != label and label.startswith(p)), None)
            if piece is not None:
                rest = label[len(piece) :]
                later = (p for line in lines[index + 1 :] for p in _runs(line))
                if any(p.startswith(rest) for p in later) or chained(rest, lines, index + 1):
                    return True
    return False


def _runs(words: Sequence[str]) -> Iterator[str]:
    """Every run of neighbouring words of a line, joined."""
    for first in range(len(words)):
        for last in range(first + 1, len(words) + 1):
            yield "".join(words[first:last])


_LOOKAROUND = re.compile(r"\(\?<?[!=](?:\[[^\]]*\]|[^()\[\]])*\)")


def spellings(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The literal labels a simple column pattern matches: alternatives (a|b), character classes
    ([(（]), optional characters (的?); lookarounds are left out. Empty for any other pattern (the
    column is then found in the joined header text only)."""
    out: list[str] = []
    for branch in _LOOKAROUND.sub("", pattern.pattern).split("|"):
        variants = [""]
        i = 0
        while i < len(branch):
            char = branch[i]
            if char == "[":
                end = branch.find("]", i)
                if end < 0:
                    return ()
                options, i = list(branch[i + 1 : end]), end + 1
            elif char in "\\().*+^${}":
                return ()
            else:
                options, i = [char], i + 1
            if i < len(branch) and branch[i] == "?":
                options, i = [*options, ""], i + 1
            variants = [v + o for v in variants for o in options]
            if len(variants) > 16:
                return ()
        out.extend(v for v in variants if v)
    return tuple(out)


def template_weight(kind: TableKind, label: str) -> float:
    """The placement weight of the template column printed as ``label`` ("a/b" path)."""
    for col in TEMPLATES.get(kind, ()):
        if "/".join(col.path) == label:
            return col.weight
    return 0.0
