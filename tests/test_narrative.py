"""The narrative (说明) of the five seeds, from the text renderings and from the PDFs: staffing, the
unit profile, year-over-year statements and shares, projects with their details, the detail facts
(政府采购, 国有资产, 三公) and the glossary. Expected values are read off the documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from budgetgraph.narrative_records import Direction, Statement, Topic
from budgetgraph.pipeline import ExtractOptions, extract_file
from budgetgraph.records import Extraction, Funding, LineItem, SpendingKind
from conftest import seed_pdf, seed_text

D = Decimal
# (subject label, amount, share, change, percent)
Said = tuple[str, str | None, str | None, str | None, str | None]
# (project name, scale, document numbers, subsidy count)
Described = tuple[str, str, tuple[str, ...], int | None]
# (topic, category, value)
Counted = tuple[Topic, str, str]


@dataclass(frozen=True)
class Expected:
    staffing: tuple[int | None, ...]  # 编制, 实有, 在职, 退休, 离休, 在职±, 退休±, 离休±
    departments: tuple[str, ...]
    functions: int
    said: tuple[Said, ...]
    projects: tuple[Described, ...]
    counted: tuple[Counted, ...]
    glossary: int
    coded: tuple[tuple[str, str], ...] = field(default=())  # (code, amount) of classification statements


SEEDS: dict[str, Expected] = {
    "000": Expected(
        (95, 85, 83, 2, 0, 8, 1, 0),
        ("党政办公室", "基金管理科", "待遇支付科", "综合业务科", "定点医药机构管理科", "稽查审核科",
         "内控档案科", "信息科", "长期护理保险服务科"),
        2,
        (("一般公共预算", "1382.36", "95.81", "273.13", "24.62"),
         ("上级一般公共预算安排的转移支付资金", "30.51", "2.11", "30.51", "24.62"),
         ("财政拨款结转", "30.00", "2.08", "30.00", "100.00"),
         ("基本支出", "1213.55", "84.11", "235.22", "24.04"),
         ("项目支出", "229.32", "15.89", "98.42", "75.19"),
         ("公务接待费", None, None, "-0.50", "-50.00")),
        (("2023年稽核费", "12.65", (), None),
         ("2023年综合业务费", "105.16", (), None),
         ("2023年全民参保补助资金", "30.51", ("新财社〔2022〕236号",), None),
         ("困难人群参加居民长护保险缴费补助", "51.00", ("乌政办规〔2021〕1号", "乌医保〔2019〕55号"), None)),
        ((Topic.PROCUREMENT, "total", "55.94"), (Topic.PROCUREMENT, "goods", "1.42"),
         (Topic.PROCUREMENT, "works", "0"), (Topic.PROCUREMENT, "services", "54.52"),
         (Topic.PROCUREMENT, "sme", "55.94"), (Topic.PROCUREMENT, "micro", "55.94"),
         (Topic.ASSETS, "furniture", "0.40"), (Topic.PERFORMANCE, "projects", "4")),
        8,
        (("2080501", "0.78"), ("2101501", "689.18"), ("2101599", "117.81")),
    ),
    "001": Expected(
        (None, 2, 2, 0, 0, None, None, None),
        ("办公室",),
        9,
        (("收入支出总体", None, None, "8.56", "22.71"),
         ("财政拨款收入", "46.26", "100.00", None, None),
         ("基本支出", "36.01", "77.84", None, None),
         ("项目支出", "10.25", "22.16", None, None),
         ("财政拨款“三公”经费支出", "2.32", None, "1.26", "118.87"),
         ("公务用车购置及运行维护费支出", "1.36", "58.62", "0.30", "28.30")),
        (),
        ((Topic.THREE_PUBLIC, "delegations", "0"), (Topic.THREE_PUBLIC, "receptionBatches", "9"),
         (Topic.THREE_PUBLIC, "receptionPersons", "86"), (Topic.THREE_PUBLIC, "vehiclesHeld", "1"),
         (Topic.PROCUREMENT, "total", "0.00"), (Topic.ASSETS, "fixedAssets", "6.65")),
        14,
    ),
    "002": Expected(
        (25, 26, 25, 1, 0, 0, 0, 0),
        ("综合业务科", "稽核和档案管理中心", "基金管理中心", "结算中心", "征缴综合业务中心", "网络信息中心"),
        5,
        (("一般公共预算", "1162.57", "96.50", "73.72", "6.77"),
         ("单位资金", "10.26", "0.85", "-9.74", "-48.70"),
         ("基本支出", "462.52", "38.39", "77.11", "20.01"),
         ("项目支出", "742.19", "61.61", "-7.75", "-1.03")),
        (("医保专线网费", "0.61", ("阿财预【2024】0001",), None),
         ("城居医疗地方财政补助", "687.44", ("克政办发【2016】113号",), 229146),
         ("离休人员医疗费用", "12.00", ("阿财预【2024】0001",), 2)),
        ((Topic.PROCUREMENT, "goods", "0.12"), (Topic.ASSETS, "vehicle", "18.60"),
         (Topic.ASSETS, "furniture", "6.61"), (Topic.ASSETS, "other", "95.40")),
        8,
        (("2101599", "699.44"), ("2210201", "38.59")),
    ),
    "003": Expected(
        (116, 116, 109, 7, 0, 2, 2, 0),
        ("党政办公室", "待遇保障科", "医药和医疗服务管理科", "基金监管科"),
        13,
        (("基本支出", "1839.18", None, "34.58", "1.92"),),
        (("2025年稽核费", "24.05", (), None),
         ("困难人群长护险资助缴费", "48.00",
          ("乌政办规【2021】1号", "乌医保【2022】2号", "乌医保【2023】36号"), None)),
        ((Topic.PROCUREMENT, "total", "614.24"), (Topic.PROCUREMENT, "goods", "4.50"),
         (Topic.PROCUREMENT, "micro", "604.88")),
        8,
    ),
    "004": Expected(
        (2, 2, 2, 0, 0, 0, 0, 0),
        ("综合办公室", "医疗保障服务中心"),  # the list runs into the next sentence (no 。)
        7,
        (("基本支出", "49.15", None, "12.86", "35.44"),
         ("社会保障和就业支出(208)", "73.85", "60.39", None, None)),
        (("城乡居民医疗保险及长护险补贴", "71.15", (), 1600),
         ("城乡居民医疗救助补贴", "0.50", ("克民发【2018】22号",), None),
         ("医疗保障宣传及系统运行经费", "1.49", (), None)),
        ((Topic.PROCUREMENT, "total", "0"), (Topic.ASSETS, "building", "0")),
        6,
        (("2101301", "0.5"), ("2101501", "46.45")),
    ),
}  # fmt: skip

CASES = [
    pytest.param(stem, rendering, id=f"{stem}-{rendering}") for stem in SEEDS for rendering in ("text", "pdf")
]


@cache
def extracted(stem: str, rendering: str) -> Extraction:
    path: Path = seed_text(stem) if rendering == "text" else seed_pdf(stem)
    extraction, _ = extract_file(path, ExtractOptions())
    return extraction


def _said(statement: Statement) -> Said:
    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return (statement.subject.label, text(statement.amount), text(statement.share), text(statement.change),
            text(statement.percent))  # fmt: skip


@pytest.mark.parametrize(("stem", "rendering"), CASES)
def test_staffing(stem: str, rendering: str) -> None:
    staffing = extracted(stem, rendering).staffing
    assert staffing is not None
    got = (staffing.authorized, staffing.actual, staffing.in_service, staffing.retired,
           staffing.retired_before_1949, staffing.in_service_change, staffing.retired_change,
           staffing.retired_before_1949_change)  # fmt: skip
    assert got == SEEDS[stem].staffing


@pytest.mark.parametrize(("stem", "rendering"), CASES)
def test_profile(stem: str, rendering: str) -> None:
    narrative = extracted(stem, rendering).narrative
    assert narrative is not None and narrative.profile is not None
    profile = narrative.profile
    assert profile.departments == SEEDS[stem].departments
    assert len(profile.functions) == SEEDS[stem].functions
    assert all(not function.startswith(("(", "1")) for function in profile.functions)


@pytest.mark.parametrize(("stem", "rendering"), CASES)
def test_statements(stem: str, rendering: str) -> None:
    narrative = extracted(stem, rendering).narrative
    assert narrative is not None
    said = {_said(s) for s in narrative.statements}
    for expected in SEEDS[stem].said:
        assert expected in said
    coded = {(s.subject.code, str(s.amount)) for s in narrative.statements if s.subject.code}
    assert set(SEEDS[stem].coded) <= coded


@pytest.mark.parametrize(("stem", "rendering"), CASES)
def test_projects(stem: str, rendering: str) -> None:
    narrative = extracted(stem, rendering).narrative
    assert narrative is not None
    got = {p.name: p for p in narrative.projects}
    for name, scale, numbers, count in SEEDS[stem].projects:
        project = got[name]
        assert (project.scale, project.document_numbers, project.subsidy_count) == (D(scale), numbers, count)
        assert project.implementing_unit and project.period and project.policy_basis
        assert [f.label for f in project.fields][:2] == ["设立的政策依据", "预算安排规模"]


@pytest.mark.parametrize(("stem", "rendering"), CASES)
def test_detail_quantities(stem: str, rendering: str) -> None:
    narrative = extracted(stem, rendering).narrative
    assert narrative is not None
    counted = {(q.topic, q.category, str(q.value)) for q in narrative.quantities}
    for expected in SEEDS[stem].counted:
        assert expected in counted


@pytest.mark.parametrize(("stem", "rendering"), CASES)
def test_glossary(stem: str, rendering: str) -> None:
    narrative = extracted(stem, rendering).narrative
    assert narrative is not None
    assert len(narrative.glossary) == SEEDS[stem].glossary
    terms = {entry.term: entry.definition for entry in narrative.glossary}
    assert terms["基本支出"].startswith(("包括人员经费", "指为保障机构正常运转"))


def test_statement_subjects_are_recognised() -> None:
    narrative = extracted("000", "text").narrative
    assert narrative is not None
    by_label = {s.subject.label: s for s in narrative.statements}
    assert by_label["一般公共预算"].subject.funding is Funding.GPB
    assert by_label["上级一般公共预算安排的转移支付资金"].subject.funding is Funding.GPB_TRANSFER
    assert by_label["基本支出"].subject.kind is SpendingKind.BASIC
    reception = by_label["公务接待费"]
    assert reception.subject.item is LineItem.RECEPTION and reception.direction is Direction.DECREASE
    assert reception.reason == "厉行节约、压减控制三公经费增长"
    operating = next(s for s in narrative.statements if s.subject.topic is Topic.OPERATING_COSTS)
    assert (operating.amount, operating.change, operating.percent) == (D("123.78"), D("8.81"), D("7.66"))
    assert operating.previous == D("114.97")


def test_project_description_details() -> None:
    narrative = extracted("002", "pdf").narrative
    assert narrative is not None
    project = next(p for p in narrative.projects if p.name == "城居医疗地方财政补助")
    assert project.funding_source == "地方财政拨款"
    assert project.subsidy_standard == "每人每年30元"
    assert project.allocation_amounts == (D("687.44"),)
    assert project.period == "2024年1月1日-2024年12月31日"
    assert project.beneficiaries is not None and project.beneficiaries.startswith("城乡居民参保人员")
