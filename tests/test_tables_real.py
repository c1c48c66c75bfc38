"""The table interpreter on real third-party disclosures (../shared/real; skipped when absent)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from budgetgraph.extract import extract_document
from budgetgraph.layout import read_layout
from budgetgraph.records import AmountUnit, Extraction, LineItem, Phase, Side, TableKind, TableStatus
from budgetgraph.sources import load_source
from conftest import real_document

WANLI = "shanghai_putuo/上海市普陀区人民政府万里街道办事处24年预算.pdf"
OFFICE = "shanghai_putuo/上海市普陀区人民政府办公室25年预算.pdf"
CHONGQING = "chongqing_municipal/重庆市交通委员会2018年部门预算情况说明.html"


@cache
def _extract(relative: str) -> Extraction:
    return extract_document(read_layout(load_source(real_document(relative))))


def test_three_public_printed_across() -> None:
    e = _extract(WANLI)
    (table,) = [t for t in e.tables if t.kind is TableKind.THREE_PUBLIC]
    amounts = {ln.item: ln.figures[0].amount for ln in table.lines}
    assert amounts == {
        LineItem.THREE_PUBLIC_TOTAL: Decimal("47.91"),
        LineItem.OVERSEAS: Decimal("0"),
        LineItem.RECEPTION: Decimal("1.35"),
        LineItem.VEHICLE_TOTAL: Decimal("46.56"),
        LineItem.VEHICLE_PURCHASE: Decimal("25"),
        LineItem.VEHICLE_OPERATION: Decimal("21.56"),
        # printed beside the 三公 items under a header with the year ("2024年机关运行经费预算数"),
        # the figure was dropped
        LineItem.OPERATING_COSTS: Decimal("443.18"),
    }
    # The table's note calls it empty, yet it prints figures: kept, and said.
    assert table.status is TableStatus.PRESENT
    assert any("stated as empty" in n.message for n in e.notes)


def test_yuan_tables_and_classes_printed_by_name() -> None:
    e = _extract(OFFICE)
    assert (e.info.year, e.info.phase, e.info.amount_unit) == (2025, Phase.BUDGET, AmountUnit.YUAN)
    (summary,) = [t for t in e.tables if t.kind is TableKind.SUMMARY]
    assert summary.unit is AmountUnit.YUAN
    spending = {ln.code: ln for ln in summary.lines if ln.side is Side.EXPENDITURE and ln.code}
    # 一、一般公共服务支出 82,096,797.42 元, normalised to 万元
    assert spending["201"].figures[0].amount == Decimal("8209.679742")
    (total,) = [ln for ln in summary.lines if ln.item is LineItem.INCOME_TOTAL]
    assert total.figures[0].amount == Decimal("9101.677535")


def test_narrative_only_page_is_a_disclosure_without_tables() -> None:
    e = _extract(CHONGQING)
    assert (e.info.unit_name, e.info.year, e.info.phase) == ("重庆市交通委员会", 2018, Phase.BUDGET)
    assert not [t for t in e.tables if t.status is TableStatus.PRESENT and t.lines]
    assert any("narrative only" in n.message for n in e.notes)
