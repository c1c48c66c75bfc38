"""Validation of the five seed documents end to end (extractor → graph writer → shapes): the known
problems are found, the clean parts conform, and changing one printed number in a seed makes the
rule that guards it fire."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetgraph.findings import Finding, Severity, ValidationReport
from budgetgraph.pipeline import ExtractOptions, extract_file
from budgetgraph.validate import validate_graph
from conftest import seed_pdf, seed_text

SEEDS = ("000", "001", "002", "003", "004")
Reports = dict[str, ValidationReport]


def validate_file(path: Path) -> ValidationReport:
    _extraction, graph = extract_file(path, ExtractOptions())
    return validate_graph(graph)


@pytest.fixture(scope="module", params=["text", "pdf"])
def seed_reports(request: pytest.FixtureRequest) -> dict[str, ValidationReport]:
    locate = seed_text if request.param == "text" else seed_pdf
    return {stem: validate_file(locate(stem)) for stem in SEEDS}


def _violations(report: ValidationReport) -> list[Finding]:
    return [f for f in report.findings if f.severity is Severity.VIOLATION]


def test_seed_000_income_table_items_stop_before_their_total(
    seed_reports: Reports,
) -> None:
    """收入总体情况表 of seed 000: the 项 rows under 210 15 stop after 06, so 21015 does not add up."""
    report = seed_reports["000"]
    hits = [f for f in _violations(report) if f.rule_id == "BG-A01"]
    assert hits
    assert {f.source.table_title for f in hits} == {"单位收入总体情况表"}
    assert {f.source.label for f in hits} == {"医疗保障管理事务"}
    total = [f for f in hits if f.found == Decimal("1266.02")]
    assert len(total) == 1
    assert total[0].expected == Decimal("739.69")  # 689.18 + 50.51
    assert total[0].difference == Decimal("526.33")
    assert total[0].source.row is not None
    assert not report.conforms


def test_seed_003_20805_items_sum_to_one_cent_less(seed_reports: Reports) -> None:
    """Seed 003's 208 05 row prints 200.22 while its items (8.37 + 191.84) sum to 200.21: rounding."""
    report = seed_reports["003"]
    hits = [f for f in report.by_rule("BG-A01") if f.source.label == "行政事业单位养老支出"]
    assert hits
    assert {f.severity for f in hits} == {Severity.WARNING}
    assert {(f.found, f.expected, f.difference) for f in hits} == {
        (Decimal("200.22"), Decimal("200.21"), Decimal("0.01"))
    }
    assert _violations(report) == []
    assert report.conforms


def test_seed_004_tables_listed_in_the_contents_are_missing(
    seed_reports: Reports,
) -> None:
    report = seed_reports["004"]
    missing = report.by_rule("BG-F01")
    assert {f.source.table_title for f in missing} == {"单位收入总体情况表", "一般公共预算项目支出情况表"}
    assert {f.severity for f in missing} == {Severity.VIOLATION}
    assert _violations(report) == list(missing)


@pytest.mark.parametrize("stem", ["001", "002"])
def test_clean_seeds_conform(seed_reports: Reports, stem: str) -> None:
    report = seed_reports[stem]
    assert _violations(report) == []
    assert report.conforms


def test_seed_000_has_no_other_violation(seed_reports: Reports) -> None:
    report = seed_reports["000"]
    found = {(f.rule_id, f.source.table_title or f.source.label) for f in _violations(report)}
    # and the narrative's 24.62% growth of a transfer that did not exist the year before
    assert found == {("BG-A01", "单位收入总体情况表"), ("BG-N03", "上级一般公共预算安排的转移支付资金")}


# One printed number changed in a seed (the seed, old text, new text) and the rule
# that must catch it, with the severity and the table the finding points to.
MUTATIONS = [
    ("000", "210\t15\t50\t398.52\t398.52\t0", "210\t15\t50\t398.53\t398.52\t0",
     "BG-A04", Severity.WARNING, "单位支出总体情况表"),
    ("000", "210\t15\t50\t事业运行\t398.52\t398.52\t0", "210\t15\t50\t事业运行\t398.52\t408.52\t0",
     "BG-A04", Severity.VIOLATION, "一般公共预算支出情况表"),
    ("000", "301\t01\t基本工资\t325.78\t325.78\t0", "301\t01\t基本工资\t335.78\t325.78\t0",
     "BG-A05", Severity.VIOLATION, "一般公共预算基本支出情况表"),
    ("000", "302\t\t商品和服务支出\t123.78\t0\t123.78", "302\t\t商品和服务支出\t123.78\t0\t124.78",
     "BG-A02", Severity.VIOLATION, "一般公共预算基本支出情况表"),
    ("000", "302\t13\t维修(护)费\t3.6\t0\t3.6", "302\t13\t维修(护)费\t3.61\t0\t3.6",
     "BG-A01", Severity.WARNING, "一般公共预算基本支出情况表"),
    ("000", "合计\t0.5\t0.5\t0\t0", "合计\t0.6\t0.5\t0\t0",
     "BG-A08", Severity.VIOLATION, "财政拨款“三公”经费支出情况表"),
    ("000", "收 入 总 计\t1442.87\t支 出 总 计\t1442.87", "收 入 总 计\t1442.88\t支 出 总 计\t1442.87",
     "BG-A06", Severity.WARNING, "单位收支总体情况表"),
    ("000", "其中：一般财力\t1382.36\t203 国防支出\t", "其中：一般财力\t1382.46\t203 国防支出\t",
     "BG-A10", Severity.VIOLATION, "单位收支总体情况表"),
    ("000", "\t\t合 计\t1442.87\t1213.55\t229.32", "\t\t合 计\t1442.87\t1213.55\t229.33",
     "BG-A02", Severity.WARNING, "单位支出总体情况表"),
    ("000", "2023年综合业务费\t105.16\t0\t105.16", "2023年综合业务费\t115.16\t0\t105.16",
     "BG-A03", Severity.VIOLATION, "一般公共预算项目支出情况表"),
    ("000", "210 卫生健康支出\t1287.02\t1287.02\t0\t0", "210 卫生健康支出\t1287.02\t1297.02\t0\t0",
     "BG-A07", Severity.VIOLATION, "财政拨款收支预算总体情况表"),
    ("000", "一般公共预算 1382.36 万元，占 95.81%", "一般公共预算 1382.36 万元，占 85.81%",
     "BG-N04", Severity.WARNING, None),
    ("000", "比上年预算增加 273.13 万元，增长 24.62%", "比上年预算增加 273.13 万元，增长 34.62%",
     "BG-N02", Severity.VIOLATION, None),
    ("000", "事业运行（项）：2023 年预算数为 398.52 万元", "事业运行（项）：2023 年预算数为 388.52 万元",
     "BG-N01", Severity.VIOLATION, None),
    ("000", "年度预算总额:\t105.16\t其中: 财政拨款\t105.16", "年度预算总额:\t115.16\t其中: 财政拨款\t105.16",
     "BG-P03", Severity.VIOLATION, None),
    ("001", "宣传次数(次)\t>2 次\t2 次\t20\t20.00", "宣传次数(次)\t>2 次\t2 次\t20\t25.00",
     "BG-P04", Severity.VIOLATION, None),
    ("000", "302\t\t商品和服务支出\t123.78\t0\t123.78", "302\t\t商品和服务支出\t123.78\t0\t",
     "BG-A12", Severity.WARNING, "一般公共预算基本支出情况表"),
]  # fmt: skip


@pytest.fixture(scope="module")
def baselines() -> dict[str, ValidationReport]:
    return {}


@pytest.mark.parametrize(("stem", "old", "new", "rule", "severity", "table"), MUTATIONS)
def test_one_changed_number_in_a_seed_is_caught(
    tmp_path: Path,
    baselines: dict[str, ValidationReport],
    stem: str,
    old: str,
    new: str,
    rule: str,
    severity: Severity,
    table: str | None,
) -> None:
    original = seed_text(stem)
    text = original.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    changed = tmp_path / original.name
    changed.write_text(text.replace(old, new), encoding="utf-8")
    report = validate_file(changed)
    hits = [f for f in report.by_rule(rule) if f.severity is severity and f.source.table_title == table]
    assert hits, [(f.rule_id, f.severity.value, f.source.table_title, f.message_en) for f in report.findings]
    assert all(f.difference is not None and abs(f.difference) > 0 for f in hits)
    for finding in hits:
        src = finding.source
        assert src.document and (src.row, src.source_line, src.page) != (None, None, None)
    if stem not in baselines:
        baselines[stem] = validate_file(original)
    before = baselines[stem].by_rule(rule)
    assert not [f for f in before if f.severity is severity and f.source.table_title == table]
