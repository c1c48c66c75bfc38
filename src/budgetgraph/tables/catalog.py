"""The table catalog: data, not code. Title patterns → TableKind, header labels → Column semantics,
row labels → Funding / LineItem.

Every pattern is matched against ``normalize.compact`` text (no spaces). Regional templates are added
by appending entries; order matters (the first match wins), so put specific patterns first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetgraph.records import Funding, LineItem, SpendingKind, TableKind

# A caption cell (compact text): a table title ending in 表 (maybe with a parenthesised note, e.g.
# "(功能科目)"), and/or the unit line "部门：…" / "编制单位：…" / "单位：万元".
CAPTION = re.compile(
    r"^(?:[^:：]{0,48}表(?:[(（][^)）]{1,12}[)）])?)?"
    r"(?:(?:编制单位|编制部门|预算单位|部门|单位名称|单位|金额单位)[:：].*)?$"
)

# ---------------------------------------------------------------------------------------------
# Titles


@dataclass(frozen=True)
class TitlePattern:
    pattern: re.Pattern[str]
    kind: TableKind


def _t(pattern: str, kind: TableKind) -> TitlePattern:
    return TitlePattern(re.compile(pattern), kind)


TITLE_PATTERNS: tuple[TitlePattern, ...] = (
    _t(r"绩效.*自评", TableKind.PERFORMANCE_EVALUATION),
    _t(r"绩效目标", TableKind.PERFORMANCE_TARGETS),
    _t(r"三公", TableKind.THREE_PUBLIC),
    _t(r"财政拨款收(?:入)?支(?:出)?.*总(?:体情况)?表", TableKind.FISCAL_SUMMARY),
    _t(r"上年结转结余", TableKind.CARRYOVER),
    _t(r"一般公共预算(?:财政拨款)?基本支出", TableKind.GPB_BASIC),
    _t(r"一般公共预算(?:财政拨款)?项目支出", TableKind.GPB_PROJECT),
    _t(r"一般公共预算(?:财政拨款)?(?:当年拨款)?支出", TableKind.GPB_EXPENDITURE),
    _t(r"政府性基金预算(?:财政拨款)?(?:收入)?支出", TableKind.GOV_FUND),
    _t(r"国有资本经营预算(?:财政拨款)?(?:收入)?支出", TableKind.SOE),
    # Jiangsu template (公开01表 …): 政府性基金支出预算表, 财政拨款政府性基金支出预算表; its tables of
    # all fiscal appropriations (财政拨款支出预算表(功能科目), 财政拨款基本支出预算表(经济科目)), of
    # 机关运行经费 and of 政府采购 have no standard kind: recorded as other tables, not as 支出总表.
    _t(r"政府性基金(?:财政拨款)?支出(?:预算|决算)表", TableKind.GOV_FUND),
    _t(r"国有资本经营(?:财政拨款)?支出(?:预算|决算)表", TableKind.SOE),
    _t(r"机关运行经费|政府采购", TableKind.OTHER),
    _t(r"财政拨款(?:基本)?支出(?:预算|决算)表", TableKind.OTHER),
    _t(r"收(?:入)?支(?:出)?.*总(?:体情况)?表|财务收支.*总表", TableKind.SUMMARY),
    # 收入总表 / 支出总表: the Ministry of Finance's budget template since 2020 (部门收支总表 …)
    _t(r"收入(?:(?:总体情况|预算|决算)总?|总)表", TableKind.INCOME),
    _t(r"项目支出(?:预算|决算)?(?:情况|明细)?表", TableKind.PROJECT_EXPENDITURE),
    _t(r"支出(?:(?:总体情况|预算|决算)总?|总)表", TableKind.EXPENDITURE),
)

# A printed table title: short, ends with 表 (or 表 and a short note in brackets), no sentence
# punctuation.
TITLE_SHAPE = re.compile(r"^[^，。；：:;,]{2,48}表(?:[(（][^()（）]{1,12}[)）])?$")  # 表(功能科目): Jiangsu
# Numbering printed before or with a title: 表一： / 表 1 / 公开01表 / 一、 / 1. / （一）
TABLE_NUMBER = re.compile(r"^(表[一二三四五六七八九十\d]+|公开\d+表|附表\d*)[：:]?")
LIST_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])"
)


def title_kind(text: str) -> TableKind | None:
    """The kind of table a (compact, normalised) title names, or None."""
    for entry in TITLE_PATTERNS:
        if entry.pattern.search(text):
            return entry.kind
    return None


# ---------------------------------------------------------------------------------------------
# Header labels → Column semantics


@dataclass(frozen=True)
class ColumnPattern:
    pattern: re.Pattern[str]
    funding: Funding | None = None
    kind: SpendingKind | None = None
    economic_code: str | None = None


def _c(
    pattern: str,
    funding: Funding | None = None,
    kind: SpendingKind | None = None,
    economic_code: str | None = None,
) -> ColumnPattern:
    return ColumnPattern(re.compile(pattern), funding, kind, economic_code)


# Funding named by a header label (matched on each label of a column's path, deepest first).
FUNDING_LABELS: tuple[ColumnPattern, ...] = (
    _c(r"非财政拨款", Funding.CARRYOVER_NONFISCAL),
    _c(r"财政拨款结转", Funding.CARRYOVER_FISCAL),
    _c(r"上年结转", Funding.CARRYOVER),
    _c(r"上级一般公共预算.*转移支付", Funding.GPB_TRANSFER),
    _c(r"上级政府性基金.*转移支付", Funding.GOV_FUND_TRANSFER),
    _c(r"上级国有资本.*转移支付", Funding.SOE_TRANSFER),
    _c(r"一般财力", Funding.GPB_OWN),
    _c(r"一般公共预算", Funding.GPB),
    _c(r"政府性基金收入", Funding.GOV_FUND_OWN),
    _c(r"政府性基金", Funding.GOV_FUND),
    _c(r"国有资本经营收入", Funding.SOE_OWN),
    _c(r"国有资本经营", Funding.SOE),
    _c(r"财政专户|教育收费", Funding.SPECIAL_ACCOUNT),
    _c(r"财政拨款|财政补助", Funding.FISCAL),
    _c(r"单位资金", Funding.UNIT_FUNDS),
    _c(r"事业收入", Funding.BUSINESS_INCOME),
    _c(r"上级补助", Funding.SUPERIOR_SUBSIDY),
    _c(r"附属单位上缴", Funding.AFFILIATED_INCOME),
    _c(r"经营收入", Funding.OPERATING_INCOME),
    _c(r"其他收入", Funding.OTHER_INCOME),
)

KIND_LABELS: tuple[ColumnPattern, ...] = (
    _c(r"人员经费|人员支出", kind=SpendingKind.PERSONNEL),
    _c(r"公用经费|公用支出", kind=SpendingKind.PUBLIC),
    _c(r"基本支出", kind=SpendingKind.BASIC),
    _c(r"项目支出$|^项目支出", kind=SpendingKind.PROJECT),
    _c(r"经营支出", kind=SpendingKind.BUSINESS),
    _c(r"对下级单位补助|上缴上级|对附属单位补助", kind=SpendingKind.TRANSFER_TO_SUBORDINATE),
)

# Economic classes as column labels (项目支出表): 部门预算支出经济分类 类.
ECONOMIC_LABELS: tuple[ColumnPattern, ...] = (
    _c(r"^工资福利支出$", economic_code="301"),
    _c(r"^商品和服务支出$", economic_code="302"),
    _c(r"^对个人和家庭的补助(?:支出)?$", economic_code="303"),
    _c(r"^债务利息及费用支出$", economic_code="307"),
    _c(r"^资本性支出[(（]基本建设[)）]$", economic_code="309"),
    _c(r"^资本性支出$", economic_code="310"),
    _c(r"^对企业补助[(（]基本建设[)）]$", economic_code="311"),
    _c(r"^对企业补助$", economic_code="312"),
    _c(r"^对社会保障基金补助$", economic_code="313"),
    _c(r"^其他支出$", economic_code="399"),
)

PRIOR_YEAR = re.compile(r"上年(?:预算|决算|执行)?数|上年度")
SUBTOTAL = re.compile(r"小计")
# Header labels of label columns (codes, names), as opposed to value columns.
LABEL_COLUMN = re.compile(
    r"编码|编号|代码|名称|^[类款项]+$|^项目$|^科目$|^功能分类$|^经济分类$|内容$|^单位$|^部门$|^收入$|^支出$"
)
PROJECT_COLUMN = re.compile(r"项目名称|^项目$")
# Header labels that name the whole header (table-wide group labels), not a dimension.
GROUP_ONLY = re.compile(r"^(?:支出预算|资金来源|本年支出|本年收入)$")

# ---------------------------------------------------------------------------------------------
# Row labels


@dataclass(frozen=True)
class RowPattern:
    pattern: re.Pattern[str]
    funding: Funding | None = None
    item: LineItem | None = None
    opens_carryover: bool = False
    """The row heads the carry-over block: the funding rows below it are carry-over parts."""


def _r(
    pattern: str, funding: Funding | None = None, item: LineItem | None = None, *, opens: bool = False
) -> RowPattern:
    return RowPattern(re.compile(pattern), funding, item, opens)


# Numbering and "of which" prefixes stripped before a row label is matched.
ROW_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|其中[：:]?)+"
)

TOTAL_ROWS: tuple[RowPattern, ...] = (
    _r(r"^收入(?:总计|合计)$", item=LineItem.INCOME_TOTAL),
    _r(r"^支出(?:总计|合计)$", item=LineItem.EXPENDITURE_TOTAL),
    _r(r"^(?:本年|当年)支出(?:合计|小计)$", item=LineItem.CURRENT_YEAR_EXPENDITURE),
    _r(r"^年末(?:财政拨款)?结转和?结余$|^结转下年", item=LineItem.CARRY_FORWARD),
    _r(r"^(?:[类款项]+)?(?:合计|总计|小计)$", item=LineItem.TOTAL),
)

THREE_PUBLIC_ROWS: tuple[RowPattern, ...] = (
    _r(r"因公出国", item=LineItem.OVERSEAS),
    _r(r"公务接待", item=LineItem.RECEPTION),
    _r(r"公务用车购置及运行", item=LineItem.VEHICLE_TOTAL),
    _r(r"公务用车购置", item=LineItem.VEHICLE_PURCHASE),
    _r(r"公务用车运行", item=LineItem.VEHICLE_OPERATION),
    _r(r"^(?:“?三公”?经费)?(?:合计|总计)$", item=LineItem.THREE_PUBLIC_TOTAL),
    _r(r"^会议费$", item=LineItem.MEETING),
    _r(r"^培训费$", item=LineItem.TRAINING),
    _r(r"^(?:\d{4}年度?)?机关运行经费(?:(?:预算|决算)数?|支出)?$", item=LineItem.OPERATING_COSTS),
)

# Income rows (收支总表, 财政拨款收支总表). Inside the carryover block (after a 上年结转 or
# 年初财政拨款结转和结余 row) the same labels name the carryover parts.
INCOME_ROWS: tuple[RowPattern, ...] = (
    _r(r"^(?:本年|当年)收入", Funding.CURRENT_YEAR),
    _r(r"^年初财政拨款结转", Funding.CARRYOVER_FISCAL, opens=True),
    _r(r"上年结转|^年初结转", Funding.CARRYOVER, opens=True),
    _r(r"^财政拨款结转", Funding.CARRYOVER_FISCAL),
    _r(r"^非财政拨款结", Funding.CARRYOVER_NONFISCAL),
    _r(r"^一般财力", Funding.GPB_OWN),
    _r(r"^上级一般公共预算.*转移支付", Funding.GPB_TRANSFER),
    _r(r"^政府性基金收入", Funding.GOV_FUND_OWN),
    _r(r"^上级政府性基金.*转移支付", Funding.GOV_FUND_TRANSFER),
    _r(r"^国有资本经营收入", Funding.SOE_OWN),
    _r(r"^上级国有资本.*转移支付", Funding.SOE_TRANSFER),
    _r(r"^一般公共预算", Funding.GPB),
    _r(r"^(?:政府性)?基金预算|^政府性基金", Funding.GOV_FUND),
    _r(r"^国有资本经营预算", Funding.SOE),
    _r(r"财政专户|教育收费", Funding.SPECIAL_ACCOUNT),
    _r(r"^财政拨款", Funding.FISCAL),
    _r(r"^单位资金|^其他资金$", Funding.UNIT_FUNDS),  # 其他资金: the older name of 单位资金
    _r(r"^事业收入", Funding.BUSINESS_INCOME),
    _r(r"^上级补助收入", Funding.SUPERIOR_SUBSIDY),
    _r(r"^附属单位上缴收入", Funding.AFFILIATED_INCOME),
    _r(r"经营收入", Funding.OPERATING_INCOME),
    _r(r"其他(?:资金)?收入", Funding.OTHER_INCOME),
)

# Expenditure rows that name an expenditure kind (the 支出用途 side of a 收支总表), matched whole.
SPENDING_ROWS: tuple[tuple[re.Pattern[str], SpendingKind], ...] = (
    (re.compile(r"^基本支出$"), SpendingKind.BASIC),
    (re.compile(r"^项目支出$"), SpendingKind.PROJECT),
    (re.compile(r"^人员(?:经费|支出)$"), SpendingKind.PERSONNEL),
    (re.compile(r"^(?:日常)?公用(?:经费|支出)$"), SpendingKind.PUBLIC),
    (re.compile(r"^(?:事业单位)?经营支出$"), SpendingKind.BUSINESS),
    (re.compile(r"^(?:对下级单位补助|上缴上级|对附属单位补助)支出$"), SpendingKind.TRANSFER_TO_SUBORDINATE),
)

CARRYOVER_PARTS: dict[Funding, Funding] = {
    Funding.GPB: Funding.CARRYOVER_GPB,
    Funding.GOV_FUND: Funding.CARRYOVER_GOV_FUND,
    Funding.SOE: Funding.CARRYOVER_SOE,
    Funding.SPECIAL_ACCOUNT: Funding.CARRYOVER_SPECIAL_ACCOUNT,
    Funding.UNIT_FUNDS: Funding.CARRYOVER_UNIT_FUNDS,
    Funding.FISCAL: Funding.CARRYOVER_FISCAL,
}

# Names of organisations (sub-unit rows of department tables).
# Generic words (室, 会, 场 …) are left out: project names end with them too ("党员活动室").
ORG_SUFFIX = re.compile(
    r"(?:局|中心|院|所|站|委员会|委|办公室|办事处|办|厅|队|馆|学校|学院|医院|幼儿园|部|处)(?:[(（]本级[)）])?$"
)
ORG_CODE_PREFIX = re.compile(r"^[\[【(（]\d+[\]】)）]")

# 支出功能分类 类 by name, for expenditure rows printed without their code (Shanghai's 收支总表).
# Names of earlier classification versions are listed beside the current ones.
FUNCTION_CLASS_NAMES: dict[str, str] = {
    "一般公共服务支出": "201", "外交支出": "202", "国防支出": "203", "公共安全支出": "204",
    "教育支出": "205", "科学技术支出": "206", "文化旅游体育与传媒支出": "207", "文化体育与传媒支出": "207",
    "社会保障和就业支出": "208", "社会保险基金支出": "209", "卫生健康支出": "210",
    "医疗卫生与计划生育支出": "210", "医疗卫生支出": "210", "节能环保支出": "211", "城乡社区支出": "212",
    "农林水支出": "213", "交通运输支出": "214", "资源勘探工业信息等支出": "215",
    "资源勘探信息等支出": "215", "商业服务业等支出": "216", "金融支出": "217",
    "援助其他地区支出": "219", "自然资源海洋气象等支出": "220", "国土海洋气象等支出": "220",
    "住房保障支出": "221", "粮油物资储备支出": "222", "国有资本经营预算支出": "223",
    "灾害防治及应急管理支出": "224", "预备费": "227", "其他支出": "229", "转移性支出": "230",
    "债务还本支出": "231", "债务付息支出": "232", "债务发行费用支出": "233",
    "抗疫特别国债安排的支出": "234", "抗疫特别国债还本支出": "234",
}  # fmt: skip
