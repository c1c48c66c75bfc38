"""Year-over-year statements, shares and budget-against-final statements of the narrative.

General sentence patterns of the national template, whatever the subject:

- "<subject> X 万元，占 Y%，比上年（预算/决算）增加/减少 Z 万元，增长/下降 W%，主要原因是：<reason>"
- "<subject> 与上年相比，增加 Z 万元，增长 W%" and "<subject> 增加 Z 万元" inside a 比上年 paragraph
- "<subject> X 万元，占 Y%" (shares, also without a change)
- "年初预算数 X 万元，决算数 Y 万元，预决算差异率 Z%" and "<subject> 全年预算数 X 万元，决算数 Y 万元 …",
  with the wording that may follow ("决算数大于预算数的主要原因是…")

The subject is the text before the figure back to the clause boundary; classification paths
("卫生健康支出（类）医疗保障管理事务（款）行政运行（项）", or with codes in the parentheses) are split
into their names, and funding sources, spending kinds and 三公 items are recognised by their names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from budgetgraph.narrative_records import BudgetVsFinal, Direction, Statement, Subject, Topic
from budgetgraph.narrative_text import Paragraph, strip_marker
from budgetgraph.records import Funding, LineItem, SpendingKind

_NUM = r"-?\d[\d,]*(?:\.\d+)?"
_CHANGE = re.compile(
    rf"(?P<cmp>(?:比|较|与)(?P<base>上年|上一年|去年|上年度|\d{{4}}年度?)"
    rf"(?P<what>年初预算数?|预算数?|决算数?|执行数|同期)?(?:相比|相较)?,?)?"
    rf"(?P<inner>(?<=,)[^,;:。\d]{{1,30}}?)?"
    rf"(?P<dir>增加|减少|增长|下降|持平|基本持平)(?:(?P<chg>{_NUM})(?![\d.]*%)(?:万元)?)?"
    rf"(?:,?(?P<pdir>增长|下降|增加|减少)?(?P<pct>{_NUM})%)?"
)
_AMOUNT = re.compile(rf"(?P<amt>{_NUM})万元")
_SHARE = re.compile(rf"占(?:[^\d%,;。]{{0,16}})?(?P<share>{_NUM})%")
_REASON = re.compile(r"^[,.。]?\s*(?:其中[^,]*?,)?主要(?:原因|是|用于)(?:是|为)?[::]?(?P<reason>[^。;]*)")
_BVF = re.compile(
    rf"(?P<label>[^,;:。]*?)(?:全年|年初)?预算(?:数)?(?:为)?(?P<budget>{_NUM})万元,"
    rf"(?:支出)?决算(?:数)?(?:为)?(?P<final>{_NUM})万元"
    rf"(?:,(?:(?:预决算)?差异率(?:为)?(?P<rate>{_NUM})%|完成(?:年初|全年)?预算的(?P<done>{_NUM})%))?"
)
_PATH_SPAN = re.compile(r"(?:[^()。,:;、\d]+?\((?:类|款|项|\d{2,3})\))+")
_CLAUSE_END = re.compile(r"[,;:。]")
_PATH = re.compile(r"(?P<name>[^()]+?)\((?P<tag>类|款|项|\d{2,3})\)")
_YEAR_PREFIX = re.compile(r"^(?:\d{4}年(?:度)?)")
_TRAILING = re.compile(r"(?:(?:支出)?决算数|预算数|数)?(?:为|是)$|(?:(?:支出)?决算数|预算数)$")

_FUNDING_NAMES: tuple[tuple[str, Funding], ...] = (
    ("上级一般公共预算安排的转移支付", Funding.GPB_TRANSFER),
    ("上级一般公共预算安排转移支付", Funding.GPB_TRANSFER),
    ("上级政府性基金", Funding.GOV_FUND_TRANSFER),
    ("上级国有资本经营", Funding.SOE_TRANSFER),
    ("财政拨款结转", Funding.CARRYOVER_FISCAL),
    ("非财政拨款结转", Funding.CARRYOVER_NONFISCAL),
    ("上年结转", Funding.CARRYOVER),
    ("年初结转", Funding.CARRYOVER),
    ("一般财力", Funding.GPB_OWN),
    ("一般公共预算", Funding.GPB),
    ("政府性基金", Funding.GOV_FUND),
    ("国有资本经营", Funding.SOE),
    ("财政专户", Funding.SPECIAL_ACCOUNT),
    ("单位资金", Funding.UNIT_FUNDS),
    ("财政拨款", Funding.FISCAL),
    ("上级补助收入", Funding.SUPERIOR_SUBSIDY),
    ("附属单位上缴收入", Funding.AFFILIATED_INCOME),
    ("事业收入", Funding.BUSINESS_INCOME),
    ("经营收入", Funding.OPERATING_INCOME),
    ("其他收入", Funding.OTHER_INCOME),
    ("本年收入", Funding.CURRENT_YEAR),
)
_KIND_NAMES: tuple[tuple[str, SpendingKind], ...] = (
    ("基本支出", SpendingKind.BASIC),
    ("项目支出", SpendingKind.PROJECT),
    ("人员经费", SpendingKind.PERSONNEL),
    ("公用经费", SpendingKind.PUBLIC),
    ("经营支出", SpendingKind.BUSINESS),
    ("对附属单位补助支出", SpendingKind.TRANSFER_TO_SUBORDINATE),
    ("上缴上级支出", SpendingKind.TRANSFER_TO_SUBORDINATE),
)
_ITEM_NAMES: tuple[tuple[str, LineItem], ...] = (
    ("公务用车购置及运行", LineItem.VEHICLE_TOTAL),
    ("公务用车购置费", LineItem.VEHICLE_PURCHASE),
    ("公务用车购置", LineItem.VEHICLE_PURCHASE),
    ("公务用车运行", LineItem.VEHICLE_OPERATION),
    ("因公出国", LineItem.OVERSEAS),
    ("公务接待", LineItem.RECEPTION),
    ("三公", LineItem.THREE_PUBLIC_TOTAL),
    ("收入支出总", LineItem.INCOME_TOTAL),
    ("收支总", LineItem.INCOME_TOTAL),
    ("收入总计", LineItem.INCOME_TOTAL),
    ("支出总计", LineItem.EXPENDITURE_TOTAL),
    ("本年支出", LineItem.CURRENT_YEAR_EXPENDITURE),
)


def subject(label: str, context: str = "") -> Subject:
    """Recognise what a printed label is about. ``context`` is the paragraph's first subject or its
    section, used when the label alone names nothing (其中 … items inherit their paragraph)."""
    path = tuple(m.group("name").strip() for m in _PATH.finditer(label))
    tags = [m.group("tag") for m in _PATH.finditer(label)]
    code = "".join(tags) if tags and all(t.isdigit() for t in tags) else None
    if path:
        return Subject(label, path=path, code=code)
    if "机关运行经费" in label or "运行经费" in label:
        return Subject(label, topic=Topic.OPERATING_COSTS)
    for name, item in _ITEM_NAMES:
        if name in label:
            return Subject(label, item=item)
    kind = next((k for name, k in _KIND_NAMES if name in label), None)
    funding = next((f for name, f in _FUNDING_NAMES if name in label), None)
    if funding is None and kind is None and context:
        parent = subject(context)
        funding = parent.funding
    return Subject(label, funding=funding, kind=kind)


def _label_before(text: str) -> str:
    """The subject printed before a figure: back to the clause boundary, year and verbs trimmed."""
    clause = _CLAUSE_END.split(text)
    label = ""
    for piece in reversed(clause):
        piece = strip_marker(piece.strip())
        piece = _TRAILING.sub("", _YEAR_PREFIX.sub("", piece)).strip()
        piece = re.sub(r"^(?:其中|包括)", "", piece)
        if piece and not re.fullmatch(r"[\d.%万元]+", piece):
            label = piece
            break
    if "的" in label and not _PATH.search(label) and (len(label) > 24 or re.search(r"\d", label)):
        label = label.rsplit("的", 1)[1] or label
    return label


def _signed(direction: str | None, value: str | None) -> Decimal | None:
    if value is None:
        return None
    number = Decimal(value.replace(",", ""))
    return -abs(number) if direction in ("减少", "下降") else number


def _direction(word: str | None, change: Decimal | None) -> Direction | None:
    if word in ("持平", "基本持平") or change == 0:
        return Direction.UNCHANGED
    if word in ("增加", "增长"):
        return Direction.INCREASE
    if word in ("减少", "下降"):
        return Direction.DECREASE
    return None


def _statements_in(paragraph: Paragraph, carried: str | None) -> list[Statement]:
    """``carried`` is the comparison of the paragraph before when this one lists its 其中 items."""
    text = paragraph.text
    found: list[Statement] = []
    start = 0
    context = ""
    compared: str | None = carried
    for match in _CHANGE.finditer(text):
        if match.start() < start:
            continue  # inside the reason of the statement before
        if (
            match.group("chg") is None
            and match.group("pct") is None
            and match.group("dir") not in ("持平", "基本持平")
        ):
            continue
        if match.group("cmp"):
            base = match.group("base")
            compared = ("上年" if base[0].isdigit() else base) + (match.group("what") or "")
        elif compared is None and "上年" not in text[: match.start()]:
            continue  # 增加 without a comparison is not a year-over-year statement
        before = text[start : match.start()]
        amounts = list(_AMOUNT.finditer(before))
        amount = Decimal(amounts[-1].group("amt").replace(",", "")) if amounts else None
        shares = list(_SHARE.finditer(before))
        share = Decimal(shares[-1].group("share")) if shares else None
        head = before[: amounts[-1].start()] if amounts else before
        label = match.group("inner") or _label_before(head)
        if not label and ":" in before:
            label = _label_before(before.split(":")[0])
        label = label or context
        if not context:
            context = label
        change = _signed(match.group("dir"), match.group("chg"))
        percent = _signed(match.group("pdir") or match.group("dir"), match.group("pct"))
        reason_match = _REASON.match(text[match.end() :])
        reason = reason_match.group("reason").strip() if reason_match else None
        end = match.end() + (reason_match.end() if reason_match else 0)
        found.append(
            Statement(
                subject=subject(label, context),
                text=text[start:end].strip(",;。 "),
                location=paragraph.location,
                amount=amount,
                share=share,
                change=change,
                percent=percent,
                direction=_direction(match.group("dir"), change),
                compared_with=compared,
                reason=reason or None,
            )
        )
        start = end
    found.extend(_shares_in(paragraph, found))
    return found


_SHARE_CLAUSE = re.compile(
    rf"(?P<label>(?:[^,;:。\d()]|\([^)]*\))+?)(?P<amt>{_NUM})万元,占(?:[^\d%,;。]{{0,16}})?(?P<share>{_NUM})%"
)


def _shares_in(paragraph: Paragraph, taken: Sequence[Statement]) -> list[Statement]:
    """ "<subject> X 万元，占 Y%" clauses that no year-over-year statement has taken."""
    known = {(s.amount, s.share) for s in taken}
    result: list[Statement] = []
    for match in _SHARE_CLAUSE.finditer(paragraph.text):
        amount = Decimal(match.group("amt").replace(",", ""))
        share = Decimal(match.group("share"))
        if (amount, share) in known:
            continue
        label = (_label_before(match.group("label")) or match.group("label")).lstrip(".、 ")
        statement = Statement(subject(label), match.group(0), paragraph.location, amount=amount, share=share)
        result.append(statement)
    return result


def extract_statements(paragraphs: Sequence[Paragraph]) -> tuple[Statement, ...]:
    """Every year-over-year statement and every share of the narrative, in reading order."""
    found: list[Statement] = []
    carried: str | None = None
    for paragraph in paragraphs:
        if paragraph.heading or ("万元" not in paragraph.text and "%" not in paragraph.text):
            carried = None
            continue
        statements = _statements_in(paragraph, carried)
        found.extend(statements)
        compared = [s.compared_with for s in statements if s.compared_with]
        carried = compared[-1] if compared and paragraph.text.endswith(":") else None
    return tuple(found)


_WORDED = re.compile(
    r"决算数?(?:(?P<more>大于|高于|超过|多于)|(?P<less>小于|低于|少于)|(?P<same>等于|与(?:年初|全年)?预算数?持平))"
    r"(?:年初|全年)?(?:预算数?)?"
)


def _worded(text: str) -> Direction | None:
    """How a comparison words the final figure against the budget: 决算数大于 / 小于 / 等于预算数."""
    match = _WORDED.search(text)
    if match is None:
        return None
    if match.group("more"):
        return Direction.INCREASE
    return Direction.DECREASE if match.group("less") else Direction.UNCHANGED


def _deviation(match: re.Match[str]) -> Decimal | None:
    """The 预决算差异率 as printed, else from "完成预算的 X%" (X − 100)."""
    if match.group("rate"):
        return Decimal(match.group("rate"))
    if match.group("done"):
        return Decimal(match.group("done")) - 100
    return None


def _first_subject(text: str) -> str:
    """The subject a paragraph opens with: the label before its first figure or comparison."""
    match = re.search(rf"{_NUM}万元|[与比较]上年", text)
    return _label_before(text[: match.start()]) if match else ""


def extract_budget_vs_final(paragraphs: Sequence[Paragraph]) -> tuple[BudgetVsFinal, ...]:
    """年初预算数 / 全年预算数 against 决算数 and the 预决算差异率 (or the completion rate), with the
    reason. A comparison without a subject of its own is about the classification path printed
    before it (in the paragraph, else in the paragraph before)."""
    found: list[BudgetVsFinal] = []
    last_path = ""
    bare = ("", "预算", "支出", "年初预算", "全年预算", "年初", "全年")
    for paragraph in paragraphs:
        text = paragraph.text
        first = ""
        matches = list(_BVF.finditer(text))
        for number, match in enumerate(matches):
            label = _label_before(match.group("label")) or ""
            path = _PATH_SPAN.search(text[: match.start()])
            if path:
                last_path = strip_marker(path.group(0))
            if label in bare and (path or (last_path and not first)):
                label = last_path
            elif label in bare or "预算相比" in label or label.startswith("与"):
                section = paragraph.sections[-1] if paragraph.sections else ""
                opening = _first_subject(text)
                label = first or (opening if opening not in bare else "") or strip_marker(section)
            first = first or label
            reason = _REASON.match(text[match.end() :])
            following = matches[number + 1].start() if number + 1 < len(matches) else len(text)
            found.append(
                BudgetVsFinal(
                    subject=subject(label),
                    budget=Decimal(match.group("budget").replace(",", "")),
                    final=Decimal(match.group("final").replace(",", "")),
                    deviation=_deviation(match),
                    text=match.group(0),
                    location=paragraph.location,
                    reason=reason.group("reason").strip() if reason else None,
                    stated=_worded(text[match.end() : following]),
                )
            )
        paths = list(_PATH_SPAN.finditer(text))
        if paths:
            last_path = strip_marker(paths[-1].group(0))
    return tuple(found)
