"""The narrative and performance parts of the graph: deterministic IRIs (isomorphic graphs), links
to the budget lines explained and to the projects, indicator levels as SKOS concepts, the glossary as
SKOS definitions, every term in the ontology, and the catalog queries that read them."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

from budgetgraph.iris import Minter
from budgetgraph.namespaces import BG
from budgetgraph.output import graph_quads
from budgetgraph.pipeline import ExtractOptions, extract_file
from budgetgraph.queries import load_query, run_query
from budgetgraph.records import Extraction
from budgetgraph.resources import ontology_dir
from conftest import seed_pdf, seed_text

D = Decimal


@cache
def seed(stem: str, pdf: bool = False) -> tuple[Extraction, Graph]:
    return extract_file(seed_pdf(stem) if pdf else seed_text(stem), ExtractOptions())


@cache
def store(stem: str) -> ox.Store:
    extraction, graph = seed(stem)
    result = ox.Store()
    result.extend(graph_quads(Minter().graph_name(extraction.source.sha256), graph))
    return result


def test_same_input_same_graph() -> None:
    first = seed("002")[1]
    again = extract_file(seed_text("002"), ExtractOptions())[1]
    assert isomorphic(first, again)


def test_every_narrative_term_is_in_the_ontology() -> None:
    ontology = Graph()
    for path in ontology_dir().glob("*.ttl"):
        ontology.parse(path)
    defined = {s for s in ontology.subjects(RDFS.label, None) if isinstance(s, URIRef)}
    graph = seed("000")[1]
    used = {p for p in graph.predicates() if str(p).startswith(str(BG))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(BG))}
    assert used - defined == set()
    for term in defined:
        labels = {
            label.language for label in ontology.objects(term, RDFS.label) if isinstance(label, Literal)
        }
        assert {"zh", "en"} <= labels, term


def test_statements_explain_budget_lines() -> None:
    graph = seed("000")[1]
    explained = [
        (s, line)
        for s in graph.subjects(RDF.type, BG.NarrativeStatement)
        for line in graph.objects(s, BG.explains)
    ]
    codes = {str(graph.value(line, BG.code)) for _, line in explained if graph.value(line, BG.code)}
    assert {"2101501", "2101599", "2080505"} <= codes
    for _, line in explained:
        assert (line, RDF.type, BG.BudgetLine) in graph


def test_indicator_levels_are_skos_concepts() -> None:
    graph = seed("004")[1]
    indicators = list(graph.subjects(RDF.type, BG.PerformanceIndicator))
    assert len(indicators) == 41
    for indicator in indicators:
        level3 = graph.value(indicator, BG.level3Concept)
        level2 = graph.value(level3, SKOS.broader)
        level1 = graph.value(level2, SKOS.broader)
        assert (level1, SKOS.prefLabel, None) in graph and graph.value(level1, SKOS.broader) is None
        assert graph.value(level3, SKOS.prefLabel) == graph.value(indicator, BG.level3Indicator)
    costs = [i for i in indicators if str(graph.value(i, BG.level3Indicator)) == "宣传横幅制作成本"]
    (cost,) = costs
    assert graph.value(cost, BG.targetOperator) == BG.AtMost
    number = graph.value(cost, BG.targetNumber)
    assert isinstance(number, Literal) and number.toPython() == D("0.12")


def test_both_spellings_of_a_project_are_kept() -> None:
    graph = seed("004")[1]
    project = Minter().project("新疆维吾尔自治区乌尔禾区医疗保障局", 2021, "医疗保障宣传及系统运行经费")
    assert (project, RDFS.label, Literal("医疗保障宣传及系统运行经费", lang="zh")) in graph
    assert (project, SKOS.altLabel, Literal("医保保障宣传及系统运行经费", lang="zh")) in graph


def test_glossary_as_skos_definitions() -> None:
    graph = seed("001")[1]
    concepts = {
        str(graph.value(c, SKOS.prefLabel)): str(graph.value(c, SKOS.definition))
        for c in graph.subjects(RDF.type, SKOS.Concept)
        if graph.value(c, SKOS.definition) is not None
    }
    expected = "行政单位和参照公务员法管理的事业单位财政拨款基本支出中的公用经费支出。"
    assert concepts["机关运行经费"] == expected
    assert len(concepts) == 14


def test_no_phone_numbers_in_the_graph() -> None:
    graph = seed("002", pdf=True)[1]
    assert not list(graph.triples((None, BG.contactPhone, None)))
    assert "18809086175" not in graph.serialize(format="nt")


def test_yoy_changes_query() -> None:
    rows = run_query(load_query("yoy_changes"), store("000")).rows
    row = next(r for r in rows if r[3] == "卫生健康支出(类)医疗保障管理事务(款)行政运行(项)")
    assert row[4:11] == ("2101501", D("689.18"), None, D("39.63"), D("6.1"), "Increase", "上年预算数")
    assert row[2] == "budget"


def test_project_details_query() -> None:
    rows = run_query(load_query("project_details"), store("000")).rows
    by_name = {r[2]: r for r in rows}
    care = by_name["困难人群参加居民长期护理保险缴费补助"]
    assert care[3] == "困难人群参加居民长护保险缴费补助"
    # GROUP_CONCAT has no order in SPARQL 1.1: the document numbers are a set
    assert sorted(care[5].split("; ")) == ["乌医保〔2019〕55号", "乌政办规〔2021〕1号"] and care[6] == D("51")
    assert by_name["2023年全民参保补助资金"][5] == "新财社〔2022〕236号"


def test_procurement_and_assets_queries() -> None:
    procurement = {(r[3], r[5]) for r in run_query(load_query("procurement"), store("002")).rows}
    expected = {("total", D("0.12")), ("goods", D("0.12")), ("works", D("0")), ("services", D("0"))}
    assert expected <= procurement
    assets = {(r[3], r[4], r[5], r[6]) for r in run_query(load_query("assets"), store("002")).rows}
    assert ("vehicle", "车辆", D("1"), "辆") in assets
    assert ("vehicle", "车辆价值", D("18.6"), "万元") in assets
    assert ("furniture", "办公家具价值", D("6.61"), "万元") in assets
