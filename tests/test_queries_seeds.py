"""End to end: the five seeds (text renderings and PDFs) → extractor → graph → catalog queries.

The expected values are read off the documents (收入总计/支出总计 of the 收支总体情况表, the staffing
sentence of the unit profile, the 三公 table); a blank cell in the document is None here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetgraph.iris import Minter
from budgetgraph.namespaces import DEFAULT_BASE
from budgetgraph.output import graph_quads
from budgetgraph.pipeline import ExtractOptions, extract_file
from budgetgraph.queries import Value, load_query, run_query
from conftest import real_document, seed_pdf, seed_text

D = Decimal


@dataclass(frozen=True)
class Expected:
    unit: str
    year: int
    phase: str
    totals: tuple[Value, Value]
    staffing: tuple[Value, Value, Value, Value]  # authorized, actual, inService, retired
    three_public: tuple[Value, ...] | None  # total, overseas, reception, vehicles, purchase, operation


SEEDS: dict[str, Expected] = {
    "000": Expected(
        "乌鲁木齐市医疗保障事业发展中心", 2023, "budget", (D("1442.87"), D("1442.87")), (95, 85, 83, 2),
        (D("0.5"), None, D("0.5"), None, None, None),
    ),
    "001": Expected("克拉玛依市乌尔禾区医保局", 2023, "final", (None, None), (None, 2, 2, 0), None),
    "002": Expected(
        "阿图什市医疗保障局", 2024, "budget", (D("1204.71"), D("1204.71")), (25, 26, 25, 1),
        (D("1.2"), None, None, D("1.2"), None, D("1.2")),
    ),
    "003": Expected(
        "乌鲁木齐市医疗保障局", 2025, "budget", (D("2633.49"), D("2633.49")), (116, 116, 109, 7),
        (D("0.2"), None, D("0.2"), None, None, None),
    ),
    "004": Expected(
        "新疆维吾尔自治区乌尔禾区医疗保障局", 2021, "budget", (D("122.29"), D("122.29")), (2, 2, 2, 0),
        (D("4.45"), D("0"), D("1"), D("3.45"), D("0"), D("3.45")),
    ),
}  # fmt: skip


@cache
def store_of(stem: str, rendering: str) -> ox.Store:
    path: Path = seed_text(stem) if rendering == "text" else seed_pdf(stem)
    extraction, graph = extract_file(path, ExtractOptions(base=DEFAULT_BASE))
    store = ox.Store()
    store.extend(graph_quads(Minter().graph_name(extraction.source.sha256), graph))
    return store


def cases(stems: tuple[str, ...] = tuple(SEEDS)) -> list[object]:
    return [
        pytest.param(stem, rendering, id=f"{stem}-{rendering}")
        for stem in sorted(stems)
        for rendering in ("text", "pdf")
    ]


@pytest.mark.parametrize(("stem", "rendering"), cases())
def test_documents(stem: str, rendering: str) -> None:
    expected = SEEDS[stem]
    rows = run_query(load_query("documents"), store_of(stem, rendering)).rows
    assert rows == ((expected.unit, expected.year, expected.phase, *expected.totals),)


@pytest.mark.parametrize(("stem", "rendering"), cases())
def test_staffing(stem: str, rendering: str) -> None:
    expected = SEEDS[stem]
    rows = run_query(load_query("staffing"), store_of(stem, rendering)).rows
    assert rows == ((expected.unit, expected.year, *expected.staffing),)


@pytest.mark.parametrize(("stem", "rendering"), cases())
def test_three_public(stem: str, rendering: str) -> None:
    expected = SEEDS[stem]
    rows = run_query(load_query("three_public"), store_of(stem, rendering)).rows
    if expected.three_public is None:
        assert all(value is None for row in rows for value in row[2:])
    else:
        assert rows == ((expected.unit, expected.year, *expected.three_public),)


@pytest.mark.parametrize("rendering", ["text", "pdf"])
def test_seed000_tables_by_code(rendering: str) -> None:
    store = store_of("000", rendering)
    unit = SEEDS["000"].unit
    by_function = run_query(load_query("expenditure_by_function"), store, {"code": "2101501"}).rows
    assert by_function == ((unit, 2023, "2101501", "行政运行", D("689.18"), D("689.18"), D("0")),)
    gpb = run_query(load_query("gpb_expenditure_by_function"), store, {"code": "210"}).rows
    assert gpb == ((unit, 2023, "210", "卫生健康支出", D("1287.02"), D("1087.7"), D("199.32")),)
    basic = run_query(load_query("basic_by_economic"), store, {"code": "30101"}).rows
    assert basic == ((unit, 2023, "30101", "基本工资", D("325.78"), D("325.78"), D("0")),)


@pytest.mark.parametrize(("stem", "rendering"), cases(stems=("000",)))
def test_seed000_projects(stem: str, rendering: str) -> None:
    store = store_of(stem, rendering)
    projects = {row[2]: row[3] for row in run_query(load_query("projects"), store).rows}
    assert projects == {
        "困难人群参加居民长期护理保险缴费补助": D("51"),
        "2023年全民参保补助资金": D("30.51"),
        "2023年稽核费": D("12.65"),
        "2023年综合业务费": D("105.16"),
    }


@pytest.mark.parametrize("rendering", ["text", "pdf"])
def test_seed000_indicators(rendering: str) -> None:
    rows = run_query(
        load_query("indicators"), store_of("000", rendering), {"projectName": "2023年全民参保补助资金"}
    ).rows
    unit = SEEDS["000"].unit
    assert (
        unit,
        2023,
        "2023年全民参保补助资金",
        "产出指标",
        "数量指标",
        "基本医疗保险参保人数",
        ">=250万人",
        D("5"),
    ) in rows
    assert len(rows) == 10  # the project's indicator rows in its 绩效目标表


@pytest.mark.shared
def test_real_shanghai_document_in_yuan_reads_in_wan_yuan() -> None:
    """上海市普陀区人民政府办公室 2025: tables in 元 (收入总计 91,016,775.35), its 三公 table in 万元."""
    path = real_document("shanghai_putuo/上海市普陀区人民政府办公室25年预算.pdf")
    _, graph = extract_file(path, ExtractOptions(base=DEFAULT_BASE))
    unit = "上海市普陀区人民政府办公室"
    documents = run_query(load_query("documents"), graph).rows
    assert documents == ((unit, 2025, "budget", D("9101.677535"), D("9101.677535")),)
    health = run_query(load_query("expenditure_by_function"), graph, {"code": "2101101"}).rows
    assert health == ((unit, 2025, "2101101", "行政单位医疗", D("78.285528"), D("78.285528"), None),)
    three_public = run_query(load_query("three_public"), graph).rows
    assert three_public == ((unit, 2025, D("867.5"), D("839"), D("28.5"), None, None, None),)
