"""graph.extraction_to_graph: the RDF of hand-made Extractions, checked against docs/graph-model.md."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, XSD

from budgetgraph.graph import WRITERS, GraphContext, extraction_to_graph
from budgetgraph.iris import Minter, code_concept
from budgetgraph.namespaces import BG, QB
from budgetgraph.queries import load_query, run_query
from budgetgraph.records import (
    BudgetLine,
    Column,
    ExtractedTable,
    Extraction,
    Figure,
    LineItem,
    Phase,
    Scheme,
    SourceLocation,
    TableKind,
    TableStatus,
)
from extraction_samples import (
    DEPARTMENT,
    SUB_A,
    SUB_B,
    UNIT,
    department_final_extraction,
    seed000_extraction,
)

FACTORIES: dict[str, Callable[[], Extraction]] = {
    "seed000": seed000_extraction,
    "department_final": department_final_extraction,
}
MINTER = Minter()


@pytest.fixture(scope="module")
def seed_graph() -> Graph:
    return extraction_to_graph(seed000_extraction(), MINTER)


@pytest.fixture(scope="module")
def dept_graph() -> Graph:
    return extraction_to_graph(department_final_extraction(), MINTER)


def figure_of(graph: Graph, extraction: Extraction, table: int, row: int, key: str) -> URIRef:
    iri = MINTER.figure(extraction.source.sha256, table, row, key)
    assert (iri, RDF.type, BG.Figure) in graph, f"no figure {iri}"
    return iri


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_same_extraction_gives_isomorphic_graphs(name: str) -> None:
    first = extraction_to_graph(FACTORIES[name](), Minter())
    second = extraction_to_graph(FACTORIES[name](), Minter())
    assert len(first) > 100
    assert isomorphic(first, second)


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_base_iri_is_configurable(name: str) -> None:
    graph = extraction_to_graph(FACTORIES[name](), Minter("https://example.org/budget"))
    subjects = {str(s) for s in graph.subjects() if isinstance(s, URIRef)}
    data = {s for s in subjects if "/code/" not in s}
    assert data and all(s.startswith("https://example.org/budget/") for s in data)


def test_document_resource(seed_graph: Graph) -> None:
    extraction = seed000_extraction()
    doc = MINTER.document(extraction.source.sha256)
    g = seed_graph
    assert (doc, RDF.type, BG.Disclosure) in g
    assert g.value(doc, BG.sha256) == Literal(extraction.source.sha256)
    assert g.value(doc, BG.fileName) == Literal("000_seed.txt")
    assert g.value(doc, DCTERMS.format) == Literal("text/plain")
    assert g.value(doc, BG.phase) == BG.Budget
    assert g.value(doc, BG.level) == BG.UnitLevel
    assert g.value(doc, BG.amountUnit) == BG.WanYuan
    assert g.value(doc, BG.unit) == MINTER.unit(UNIT)
    assert g.value(MINTER.fiscal_year(2023), BG.year) == Literal(2023, datatype=XSD.integer)
    assert {str(t) for t in g.objects(doc, BG.listsTable)} == {
        "单位收支总体情况表",
        "国有资本经营预算支出情况表",
    }
    assert [str(n) for n in g.objects(doc, BG.note)] == ["未识别的表格：附表"]
    assert len(set(g.objects(doc, BG.hasTable))) == len(extraction.tables)
    dataset = MINTER.budget(UNIT, 2023, "budget")
    assert g.value(doc, BG.dataset) == dataset
    assert (dataset, RDF.type, QB.DataSet) in g
    assert g.value(dataset, QB.structure) == BG.FigureStructure
    assert g.value(MINTER.unit(UNIT), SKOS.altLabel) == Literal("市医保中心", lang="zh")


def test_empty_and_missing_tables_are_recorded(seed_graph: Graph) -> None:
    sha = seed000_extraction().source.sha256
    empty, missing = MINTER.table(sha, 8), MINTER.table(sha, 9)
    assert seed_graph.value(empty, BG.status) == BG.Empty
    assert (empty, RDF.type, BG.GovernmentFundExpenditureTable) in seed_graph
    assert "空表" in str(seed_graph.value(empty, BG.statement))
    assert seed_graph.value(missing, BG.status) == BG.Missing
    assert seed_graph.value(missing, BG.page) is None
    assert not list(seed_graph.objects(missing, BG.hasLine))


def test_figure_has_value_dimensions_and_provenance(seed_graph: Graph) -> None:
    extraction = seed000_extraction()
    sha = extraction.source.sha256
    # 2101501 行政运行, 支出总体情况表 (table 3), row 11, 合计 689.18
    figure = figure_of(seed_graph, extraction, 3, 11, "total")
    g = seed_graph
    assert g.value(figure, BG.amount) == Literal("689.18", datatype=XSD.decimal)
    assert str(g.value(figure, BG.printedValue)) == "689.18"
    assert str(g.value(figure, BG.printedLabel)) == "行政运行"
    assert g.value(figure, BG.sourceDocument) == MINTER.document(sha)
    assert g.value(figure, BG.table) == MINTER.table(sha, 3)
    assert g.value(figure, BG.page) == Literal(3, datatype=XSD.integer)
    assert g.value(figure, BG.row) == Literal(11, datatype=XSD.integer)
    assert g.value(figure, BG.line) == MINTER.line(sha, 3, 11)
    assert g.value(figure, QB.dataSet) == MINTER.budget(UNIT, 2023, "budget")
    assert g.value(figure, BG.functionalClassification) == code_concept(Scheme.FUNCTION, "2019", "2101501")
    assert g.value(figure, BG.fundingSource) is None  # all funds
    assert g.value(figure, BG.organization) == MINTER.unit(UNIT)
    assert g.value(figure, BG.priorYear) == Literal(False)
    assert g.value(figure, BG.currency) == BG.CNY
    line = MINTER.line(sha, 3, 11)
    assert str(g.value(line, BG.code)) == "2101501"
    assert g.value(line, BG.sourceLine) == Literal(111, datatype=XSD.integer)
    basic = figure_of(g, extraction, 3, 11, "basic")
    assert g.value(basic, BG.spendingKind) == BG.BasicExpenditure


def test_table_implied_funding_and_economic_codes(seed_graph: Graph) -> None:
    extraction = seed000_extraction()
    gpb = figure_of(seed_graph, extraction, 5, 3, "total")  # 一般公共预算支出情况表: 208
    assert seed_graph.value(gpb, BG.fundingSource) == BG.GeneralPublicBudget
    basic = figure_of(seed_graph, extraction, 6, 4, "personnel")  # 基本支出表: 30101 基本工资
    assert seed_graph.value(basic, BG.economicClassification) == code_concept(
        Scheme.ECONOMIC_DEPT, "2017", "30101"
    )
    assert seed_graph.value(basic, BG.spendingKind) == BG.PersonnelExpenditure
    assert seed_graph.value(basic, BG.amount) == Literal("325.78", datatype=XSD.decimal)


def test_prior_year_columns_and_three_public_items(seed_graph: Graph) -> None:
    extraction = seed000_extraction()
    prior = figure_of(seed_graph, extraction, 10, 3, "prior")
    assert seed_graph.value(prior, BG.priorYear) == Literal(True)
    current = figure_of(seed_graph, extraction, 10, 3, "total")
    assert seed_graph.value(current, BG.lineItem) == BG.OfficialReception
    assert seed_graph.value(current, BG.fundingSource) == BG.FiscalAppropriation
    assert seed_graph.value(current, BG.amount) == Literal("0.5", datatype=XSD.decimal)


def test_projects_and_staffing(seed_graph: Graph) -> None:
    project = MINTER.project(UNIT, 2023, "2023年稽核费")
    assert (project, RDF.type, BG.Project) in seed_graph
    assert seed_graph.value(project, BG.unit) == MINTER.unit(UNIT)
    lines = list(seed_graph.subjects(BG.project, project))
    assert len(lines) == 1
    staffing = MINTER.part(seed000_extraction().source.sha256, "staffing")
    expected = {BG.authorized: 95, BG.actual: 85, BG.inService: 83, BG.retired: 2, BG.inServiceChange: 8}
    for predicate, value in expected.items():
        assert seed_graph.value(staffing, predicate) == Literal(value, datatype=XSD.integer)


def test_yuan_document_amounts_are_in_wan_yuan(dept_graph: Graph) -> None:
    extraction = department_final_extraction()
    figure = figure_of(dept_graph, extraction, 1, 3, "total")
    amount = dept_graph.value(figure, BG.amount)
    assert isinstance(amount, Literal) and amount.toPython() == Decimal("123.45")
    assert str(dept_graph.value(figure, BG.printedValue)) == "1,234,500.00"
    assert dept_graph.value(MINTER.table(extraction.source.sha256, 1), BG.amountUnit) == BG.Yuan


def test_sub_unit_rows(dept_graph: Graph) -> None:
    extraction = department_final_extraction()
    unit, sub_a, sub_b = (
        MINTER.unit(DEPARTMENT),
        MINTER.sub_unit(DEPARTMENT, SUB_A),
        MINTER.sub_unit(DEPARTMENT, SUB_B),
    )
    assert set(dept_graph.objects(unit, ORG.hasSubOrganization)) == {sub_a, sub_b}
    assert (unit, RDF.type, BG.Department) in dept_graph
    unit_level = extraction_to_graph(seed000_extraction(), MINTER)
    assert (MINTER.unit(UNIT), RDF.type, BG.Department) not in unit_level
    assert dept_graph.value(sub_b, ORG.subOrganizationOf) == unit
    assert dept_graph.value(sub_b, RDFS.label) == Literal(SUB_B, lang="zh")
    figure = figure_of(dept_graph, extraction, 2, 3, "total")
    assert dept_graph.value(figure, BG.organization) == sub_b
    assert dept_graph.value(MINTER.line(extraction.source.sha256, 2, 3), BG.subUnit) == sub_b
    assert dept_graph.value(figure, BG.budgetPhase) == BG.Final


def test_unknown_code_is_minted_with_the_document_year(dept_graph: Graph, seed_graph: Graph) -> None:
    for code in ("2109999", "2100101"):  # neither is in the code lists
        concept = code_concept(Scheme.FUNCTION, "2025", code)
        assert dept_graph.value(concept, BG.unknownCode) == Literal(code)
    flagged = set(seed_graph.subjects(BG.unknownCode, None))
    assert flagged == set(), "every code of seed 000 is in the code lists"


def test_label_version_follows_the_document_year(dept_graph: Graph, seed_graph: Graph) -> None:
    seed_line = MINTER.line(seed000_extraction().source.sha256, 3, 4)  # 20805 in a 2023 document
    assert seed_graph.value(seed_line, BG.classification) == code_concept(Scheme.FUNCTION, "2017", "20805")
    extraction = department_final_extraction()
    line = MINTER.line(extraction.source.sha256, 1, 3)  # 2100101 in 2025: not in the lists
    assert dept_graph.value(line, BG.classification) == code_concept(Scheme.FUNCTION, "2025", "2100101")


def test_writers_are_composable() -> None:
    def write_marker(ctx: GraphContext) -> None:
        ctx.add(ctx.document, RDFS.comment, Literal("extra part"))

    extraction = seed000_extraction()
    plain = extraction_to_graph(extraction, MINTER)
    extended = extraction_to_graph(extraction, MINTER, writers=(*WRITERS, write_marker))
    assert len(extended) == len(plain) + 1
    only_document = extraction_to_graph(extraction, MINTER, writers=WRITERS[:1])
    assert (MINTER.document(extraction.source.sha256), RDF.type, BG.Disclosure) in only_document
    assert not list(only_document.subjects(RDF.type, BG.Figure))


def test_no_blank_nodes(seed_graph: Graph, dept_graph: Graph) -> None:
    for graph in (seed_graph, dept_graph):
        assert all(isinstance(s, URIRef) for s in graph.subjects())


def test_the_code_shape_decides_the_code_list() -> None:
    """An economic code on a line the extractor gave the function scheme is still an economic code."""
    extraction = seed000_extraction()
    basic = next(t for t in extraction.tables if t.kind is TableKind.GPB_BASIC)
    wrong = replace(basic, lines=tuple(replace(line, scheme=Scheme.FUNCTION) for line in basic.lines))
    graph = extraction_to_graph(
        replace(extraction, tables=tuple(wrong if t is basic else t for t in extraction.tables)), MINTER
    )
    line = MINTER.line(extraction.source.sha256, 6, 4)  # 30101 基本工资
    assert graph.value(line, BG.classification) == code_concept(Scheme.ECONOMIC_DEPT, "2017", "30101")
    assert not list(graph.subjects(BG.unknownCode, None))


def test_budget_columns_of_a_final_table_keep_the_budget_phase() -> None:
    """A 决算 三公 table prints 预算数 beside 决算数: only the 决算数 is the document's (final) figure."""
    extraction = department_final_extraction()
    budgeted = Column("预算数", key="budgeted", phase=Phase.BUDGET)
    final = Column("决算数", key="final")
    line = BudgetLine(
        "“三公”经费合计",
        SourceLocation(page=5, table=3, row=3),
        figures=(
            Figure(Decimal("2"), "2.00", budgeted, SourceLocation(page=5, table=3, row=3)),
            Figure(Decimal("1.5"), "1.50", final, SourceLocation(page=5, table=3, row=3)),
        ),
        item=LineItem.THREE_PUBLIC_TOTAL,
    )
    title = "财政拨款“三公”经费支出决算表"
    where = SourceLocation(page=5, table=3)
    table = ExtractedTable(
        TableKind.THREE_PUBLIC, title, TableStatus.PRESENT, where, lines=(line,), columns=(budgeted, final)
    )
    graph = extraction_to_graph(replace(extraction, tables=(*extraction.tables, table)), MINTER)
    sha = extraction.source.sha256
    assert graph.value(MINTER.figure(sha, 3, 3, "budgeted"), BG.budgetPhase) == BG.Budget
    assert graph.value(MINTER.figure(sha, 3, 3, "final"), BG.budgetPhase) == BG.Final
    assert graph.value(MINTER.part(sha, "table", 3, "column", "budgeted"), BG.budgetPhase) == BG.Budget
    rows = run_query(load_query("three_public"), graph).rows
    assert [row[:3] for row in rows] == [(DEPARTMENT, 2025, Decimal("1.5"))]


def test_two_cells_read_into_one_column_stay_two_figures() -> None:
    extraction = seed000_extraction()
    total = Column("合计", key="total")
    line = BudgetLine(
        "合计",
        SourceLocation(page=9, table=20, row=3),
        figures=(
            Figure(Decimal("2224.43"), "2,224.43", total, SourceLocation(page=9, table=20, row=3)),
            Figure(Decimal("660.10"), "660.10", total, SourceLocation(page=9, table=20, row=3)),
        ),
        item=LineItem.THREE_PUBLIC_TOTAL,
    )
    where = SourceLocation(page=9, table=20)
    title = "“三公”经费支出预算表"
    table = ExtractedTable(TableKind.THREE_PUBLIC, title, TableStatus.PRESENT, where, lines=(line,))
    graph = extraction_to_graph(replace(extraction, tables=(table,)), MINTER)
    sha = extraction.source.sha256
    first, second = MINTER.figure(sha, 20, 3, "total"), MINTER.figure(sha, 20, 3, "total~2")
    assert graph.value(first, BG.amount) == Literal("2224.43", datatype=XSD.decimal)
    assert graph.value(second, BG.amount) == Literal("660.1", datatype=XSD.decimal)
    assert graph.value(first, BG.column) == graph.value(second, BG.column)
    assert len(set(graph.subjects(RDF.type, BG.Figure))) == 2
