"""Narrative rules on the seed documents: each test changes one thing in a seed's text and shows the
rule that catches it, and the unchanged seeds do not trigger it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetgraph.findings import Severity, ValidationReport
from budgetgraph.narrative_facts import extract_quantities
from budgetgraph.narrative_records import Topic
from budgetgraph.narrative_text import Paragraph
from budgetgraph.records import SourceLocation
from conftest import seed_text
from rule_shapes import validate_file

SEEDS = ("000", "001", "002", "003", "004")
NEW_RULES = ("BG-N05",)


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
]


@pytest.mark.parametrize(("stem", "old", "new", "rule", "severity", "expected", "found"), CHANGES)
def test_one_change_is_caught(
    tmp_path: Path, stem: str, old: str, new: str, rule: str, severity: Severity, expected: str, found: str
) -> None:
    report = validate_file(changed_seed(tmp_path, stem, old, new), "narrative.ttl")
    hits = report.by_rule(rule)
    assert [f.severity for f in hits] == [severity], [(f.rule_id, f.message_en) for f in report.findings]
    (finding,) = hits
    assert (finding.expected, finding.found) == (Decimal(expected), Decimal(found))
    assert finding.difference == finding.found - finding.expected
    assert finding.message_zh and finding.message_en and "{" not in finding.message_zh + finding.message_en
    assert finding.source.document and finding.source.source_line is not None
