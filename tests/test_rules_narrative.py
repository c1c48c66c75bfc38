"""Narrative rules on the seed documents: each test changes one thing in a seed's text and shows the
rule that catches it, and the unchanged seeds do not trigger it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetgraph.findings import Severity, ValidationReport
from budgetgraph.narrative_facts import extract_quantities
from budgetgraph.narrative_records import Direction, Topic
from budgetgraph.narrative_statements import extract_budget_vs_final, extract_statements
from budgetgraph.narrative_text import Paragraph
from budgetgraph.records import SourceLocation
from conftest import seed_text
from rule_shapes import validate_file

SEEDS = ("000", "001", "002", "003", "004")
NEW_RULES = ("BG-N05", "BG-N06", "BG-N07", "BG-N08", "BG-N09")


def changed_seed(tmp_path: Path, stem: str, old: str, new: str) -> Path:
    original = seed_text(stem)
    text = original.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / original.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _performance_paragraph(text: str) -> Paragraph:
    return Paragraph(text, SourceLocation(line=1), heading=False, sections=("四、预算绩效情况说明",))


@pytest.mark.parametrize(
    ("text", "category", "value"),
    [
        ("2024年,本单位纳入绩效目标管理的共8个项目,涉及预算金额100.00万元。", "projects", "8"),
        ("本部门设置1个整体绩效目标,项目绩效目标5个。", "overall", "1"),
        ("本部门设置1个整体绩效目标,项目绩效目标5个。", "projects", "5"),
        ("本年度编制绩效目标6个,涉及预算金额12.00万元。", "targets", "6"),
        ("本年度预算绩效管理的财政拨款项目4个,涉及预算金额199.32万元。", "projects", "4"),
    ],
)
def test_stated_counts_are_read(text: str, category: str, value: str) -> None:
    found = {
        (q.category, q.value)
        for q in extract_quantities([_performance_paragraph(text)])
        if q.topic is Topic.PERFORMANCE and q.unit == "个"
    }
    assert (category, Decimal(value)) in found


def _paragraph(text: str) -> Paragraph:
    return Paragraph(text, SourceLocation(line=1), heading=False, sections=("二、支出情况说明",))


@pytest.mark.parametrize(
    ("text", "change", "percent"),
    [
        ("基本支出100.00万元,比上年增长5.00%,主要原因是人员增加。", None, "5.00"),
        ("基本支出100.00万元,比上年增加5.00万元,增长5.26%。", "5.00", "5.26"),
        ("基本支出100.00万元,比上年减少5.00万元,增长5.26%。", "-5.00", "5.26"),
    ],
)
def test_a_percentage_is_not_read_as_a_change(text: str, change: str | None, percent: str) -> None:
    (statement,) = [s for s in extract_statements([_paragraph(text)]) if s.direction is not None]
    assert statement.change == (Decimal(change) if change else None)
    assert statement.percent == Decimal(percent)


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("年初预算数132.00万元,决算数46.26万元,预决算差异率-64.95%,决算数小于预算数的主要原因是:厉行节约。",
         Direction.DECREASE),
        ("年初预算数10.00万元,决算数12.00万元,完成年初预算的120.00%,决算数大于年初预算数,主要原因是追加。",
         Direction.INCREASE),
        ("年初预算数10.00万元,决算数10.00万元,决算数与预算数持平。", Direction.UNCHANGED),
        ("年初预算数10.00万元,决算数12.00万元,预决算差异率20.00%。", None),
    ],
)  # fmt: skip
def test_final_against_budget_wording_is_read(text: str, stated: Direction | None) -> None:
    (comparison,) = extract_budget_vs_final([_paragraph(text)])
    assert comparison.stated is stated


@pytest.fixture(scope="module")
def seed_reports() -> dict[str, ValidationReport]:
    return {stem: validate_file(seed_text(stem), "narrative.ttl") for stem in SEEDS}


@pytest.mark.parametrize("stem", SEEDS)
@pytest.mark.parametrize("rule", NEW_RULES)
def test_seeds_do_not_trigger(seed_reports: dict[str, ValidationReport], stem: str, rule: str) -> None:
    hits = seed_reports[stem].by_rule(rule)
    assert hits == (), [(f.severity.value, f.message_en) for f in hits]


# (seed, old text, new text, rule, severity, expected, found)
CHANGES = [
    # the 预算绩效 paragraph counts one project more than the target tables printed
    ("000", "财政拨款项目 4 个", "财政拨款项目 5 个", "BG-N05", Severity.WARNING, "4", "5"),
    # a split count (财政拨款 3 + 非财政拨款 1 = 4 tables) with one part changed
    ("002", "当年非财政拨款项目 1 个", "当年非财政拨款项目 2 个", "BG-N05", Severity.WARNING, "4", "5"),
    ("003", "当年预算安排项目共 8个", "当年预算安排项目共 7个", "BG-N05", Severity.WARNING, "8", "7"),
    ("002", "整体预算绩效目标 1 个", "整体预算绩效目标 2 个", "BG-N05", Severity.WARNING, "1", "2"),
    # a 决算's self-evaluations
    ("001", "预算绩效评价项目 2 个", "预算绩效评价项目 3 个", "BG-N05", Severity.WARNING, "2", "3"),
    # 增加 … 下降: the change and its percentage point different ways
    ("000", "比上年预算增加 273.13 万元，增长 24.62%", "比上年预算增加 273.13 万元，下降 24.62%",
     "BG-N06", Severity.VIOLATION, None, None),
    ("002", "单位资金 10.26 万元，占 0.85%，比上年预算减少 9.74 万元，下降 48.70%",
     "单位资金 10.26 万元，占 0.85%，比上年预算减少 9.74 万元，增长 48.70%", "BG-N06", Severity.VIOLATION,
     None, None),
    # 增加 printed with a negative number
    ("000", "比上年预算数增加 39.63 万元", "比上年预算数增加 -39.63 万元", "BG-N06", Severity.VIOLATION,
     None, None),
    # 预决算差异率 against the two amounts
    ("001", "决算数 0.96 万元，预决算差异率-4.00%", "决算数 0.96 万元，预决算差异率-5.00%",
     "BG-N07", Severity.VIOLATION, "-4.00", "-5.00"),
    ("001", "决算数 0.96 万元，预决算差异率-4.00%", "决算数 0.96 万元，预决算差异率-4.10%",
     "BG-N07", Severity.WARNING, "-4.00", "-4.10"),
    ("001", "决算数 1.36 万元，预决算差异率-60.58%", "决算数 1.36 万元，预决算差异率60.58%",
     "BG-N07", Severity.VIOLATION, "-60.58", "60.58"),
    # "决算数大于预算数" where the final figure is below the budget
    ("001", "预决算差异率-4.00%，主要原因是", "预决算差异率-4.00%，决算数大于预算数，主要原因是",
     "BG-N08", Severity.VIOLATION, "1.00", "0.96"),
]  # fmt: skip


@pytest.mark.parametrize(("stem", "old", "new", "rule", "severity", "expected", "found"), CHANGES)
def test_one_change_is_caught(
    tmp_path: Path,
    stem: str,
    old: str,
    new: str,
    rule: str,
    severity: Severity,
    expected: str | None,
    found: str | None,
) -> None:
    report = validate_file(changed_seed(tmp_path, stem, old, new), "narrative.ttl")
    hits = report.by_rule(rule)
    assert [f.severity for f in hits] == [severity], [(f.rule_id, f.message_en) for f in report.findings]
    (finding,) = hits
    if expected is not None and found is not None:
        assert (finding.expected, finding.found) == (Decimal(expected), Decimal(found))
        assert finding.difference == Decimal(found) - Decimal(expected)
    assert finding.message_zh and finding.message_en and "{" not in finding.message_zh + finding.message_en
    assert finding.source.document and finding.source.source_line is not None


# 本年收入 and 本年支出 of seed 001 (a 决算) stated against last year: both up, then one down.
INCOME_EXPENDITURE = (
    "本年收入 46.26 万元，比上年增加 8.56 万元，增长 22.71%。本年支出 46.26 万元，比上年{word} 8.56 万元，"
    "{percent_word} 22.71%。{reason}\n\n本年收入 46.26 万元，其中："
)


@pytest.mark.parametrize(
    ("word", "percent_word", "reason", "caught"),
    [
        ("增加", "增长", "", False),
        ("减少", "下降", "", True),
        ("减少", "下降", "主要原因是年末结转增加。", False),
    ],
    ids=["same-direction", "opposite-without-a-word", "opposite-with-a-reason"],
)
def test_income_and_expenditure_moving_apart(
    tmp_path: Path, word: str, percent_word: str, reason: str, caught: bool
) -> None:
    new = INCOME_EXPENDITURE.format(word=word, percent_word=percent_word, reason=reason)
    report = validate_file(changed_seed(tmp_path, "001", "本年收入 46.26 万元，其中：", new), "narrative.ttl")
    hits = report.by_rule("BG-N09")
    assert bool(hits) is caught, [(f.rule_id, f.message_en) for f in report.findings]
    assert {f.severity for f in hits} <= {Severity.WARNING}
    assert all("本年支出" in f.message_zh and "本年收入" in f.message_zh for f in hits)
    assert report.by_rule("BG-N06") == ()
