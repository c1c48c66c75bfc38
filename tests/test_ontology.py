"""ontology/budget.ttl and the SKOS code lists: complete, labelled, in step with the code and the docs."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from budgetgraph import graph as graph_module
from budgetgraph.codelist_build import build_all, read_rows
from budgetgraph.codelists import infer_scheme, load_code_lists
from budgetgraph.errors import StoreError
from budgetgraph.iris import Minter, code_concept
from budgetgraph.namespaces import BG, BGCODE, OBEU_ATTR, OBEU_DIM, OBEU_MEASURE, QB
from budgetgraph.records import Funding, LineItem, Scheme, SpendingKind, TableKind
from budgetgraph.resources import ontology_dir, project_home
from conftest import SEED_TEXTS
from extraction_samples import department_final_extraction, seed000_extraction

ONTOLOGY = ontology_dir() / "budget.ttl"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def all_terms() -> Graph:
    """Every ontology file (budget.ttl and the parts other writers define beside it)."""
    graph = Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def codes() -> Graph:
    graph = Graph()
    for path in sorted((ontology_dir() / "codes").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def bg_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(BG))}


def languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language}


def test_every_term_has_zh_and_en_labels_and_definitions(all_terms: Graph) -> None:
    terms = bg_terms(all_terms)
    assert len(terms) > 150
    for term in sorted(terms):
        assert languages(all_terms, term, RDFS.label) >= {"zh", "en"}, term
        assert languages(all_terms, term, SKOS.definition) >= {"zh", "en"}, term


@pytest.mark.parametrize("enum", [Funding, SpendingKind, LineItem])
def test_enum_values_are_concepts(enum: type[StrEnum], ontology: Graph) -> None:
    for member in enum:
        assert (BG[member.value], RDF.type, SKOS.Concept) in ontology, member


def test_table_kinds_are_subclasses_of_disclosure_table(ontology: Graph) -> None:
    for kind in TableKind:
        assert (BG[kind.value], RDFS.subClassOf, BG.DisclosureTable) in ontology, kind


@pytest.mark.parametrize(
    "mapping",
    [
        graph_module.PHASES,
        graph_module.LEVELS,
        graph_module.AMOUNT_UNITS,
        graph_module.STATUSES,
        graph_module.SIDES,
    ],
)
def test_graph_writer_individuals_are_defined(mapping: dict[StrEnum, URIRef], ontology: Graph) -> None:
    assert len(mapping) == len(type(next(iter(mapping))))  # every enum member is mapped
    for individual in mapping.values():
        assert (individual, RDF.type, SKOS.Concept) in ontology, individual


def test_every_term_the_writer_emits_is_defined(all_terms: Graph) -> None:
    defined = bg_terms(all_terms)
    for extraction in (seed000_extraction(), department_final_extraction()):
        graph = graph_module.extraction_to_graph(extraction, Minter())
        used = {t for triple in graph for t in triple if isinstance(t, URIRef) and t.startswith(str(BG))}
        assert used - defined == set()


def test_every_term_the_graph_model_names_is_defined(all_terms: Graph) -> None:
    text = (project_home() / "docs" / "graph-model.md").read_text(encoding="utf-8")
    named = {BG[name] for name in re.findall(r"\bbg:([A-Za-z][A-Za-z0-9]*)", text)}
    assert len(named) > 60
    assert named - bg_terms(all_terms) == set()


@pytest.mark.parametrize(
    ("term", "parent"),
    [
        (BG.functionalClassification, OBEU_DIM.functionalClassification),
        (BG.economicClassification, OBEU_DIM.economicClassification),
        (BG.budgetPhase, OBEU_DIM.budgetPhase),
        (BG.spendingKind, OBEU_DIM.operationCharacter),
        (BG.fiscalYear, OBEU_DIM.fiscalYear),
        (BG.organization, OBEU_DIM.organization),
        (BG.amount, OBEU_MEASURE.amount),
        (BG.currency, OBEU_ATTR.currency),
    ],
)
def test_openbudgets_terms_are_extended_by_subproperty(term: URIRef, parent: URIRef, ontology: Graph) -> None:
    assert (term, RDFS.subPropertyOf, parent) in ontology
    assert (parent, None, None) not in ontology  # reused, never redefined


def test_reused_classes_are_extended_not_redefined(ontology: Graph) -> None:
    assert (BG.Figure, RDFS.subClassOf, QB.Observation) in ontology
    assert (BG.BudgetDataset, RDFS.subClassOf, QB.DataSet) in ontology
    foreign = {s for s in ontology.subjects() if isinstance(s, URIRef)} - bg_terms(ontology)
    assert foreign == {URIRef("https://w3id.org/budgetgraph/def")}


def test_data_structure_definition(ontology: Graph) -> None:
    assert (BG.FigureStructure, RDF.type, QB.DataStructureDefinition) in ontology
    components = list(ontology.objects(BG.FigureStructure, QB.component))
    dimensions = {ontology.value(c, QB.dimension) for c in components} - {None}
    assert BG.functionalClassification in dimensions and BG.fundingSource in dimensions
    assert all((d, RDF.type, QB.DimensionProperty) in ontology for d in dimensions)
    assert {ontology.value(c, QB.measure) for c in components} - {None} == {BG.amount}


# -- code lists ------------------------------------------------------------------------------------

ABSENT_CLASSES = {"218", "225", "226", "228"}  # not used by the classification in 2017–2025


def test_every_function_class_201_to_234(codes: Graph) -> None:
    lists = load_code_lists()
    for number in range(201, 235):
        code = str(number)
        assert lists.known(Scheme.FUNCTION, code) is (code not in ABSENT_CLASSES), code


def test_every_concept_is_labelled_and_placed(codes: Graph) -> None:
    concepts = set(codes.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 250
    for concept in concepts:
        assert languages(codes, concept, SKOS.prefLabel) == {"zh", "en"}, concept
        assert languages(codes, concept, SKOS.definition) == {"zh", "en"}, concept
        notation = str(codes.value(concept, SKOS.notation))
        assert str(concept).endswith("/" + notation)
        assert codes.value(concept, BG.level) == {3: BG.Class, 5: BG.Section, 7: BG.Item}[len(notation)]
        for parent in codes.objects(concept, SKOS.broader):
            assert (parent, RDF.type, SKOS.Concept) in codes, f"{concept} → {parent}"
            assert notation.startswith(str(codes.value(parent, SKOS.notation)))
        if len(notation) > 3:
            assert list(codes.objects(concept, SKOS.broader)), concept


def test_turtle_is_built_from_the_sources(codes: Graph) -> None:
    for path, built in build_all().items():
        assert isomorphic(Graph().parse(path, format="turtle"), built), (
            f"{path}: run python -m budgetgraph.codelist_build"
        )


@pytest.mark.parametrize(
    ("year", "version", "label"),
    [
        (2017, "2017", "行政事业单位离退休"),
        (2023, "2017", "行政事业单位离退休"),
        (2024, "2024", "行政事业单位养老支出"),
        (2025, "2024", "行政事业单位养老支出"),
        (2010, "2017", "行政事业单位离退休"),
    ],
)
def test_lookup_takes_the_version_in_force(year: int, version: str, label: str) -> None:
    lists = load_code_lists()
    assert lists.concept(Scheme.FUNCTION, year, "20805") == code_concept(Scheme.FUNCTION, version, "20805")
    assert lists.label(Scheme.FUNCTION, year, "20805") == label


def test_unknown_code_gets_the_document_year() -> None:
    lists = load_code_lists()
    assert not lists.known(Scheme.FUNCTION, "2990101")
    assert lists.concept(Scheme.FUNCTION, 2023, "2990101") == BGCODE["function/2023/2990101"]
    assert lists.label(Scheme.FUNCTION, 2023, "2990101") is None


@pytest.mark.parametrize(
    ("code", "scheme"),
    [
        ("2101501", Scheme.FUNCTION),
        ("208", Scheme.FUNCTION),
        ("30101", Scheme.ECONOMIC_DEPT),
        ("50101", Scheme.ECONOMIC_GOV),
        ("2101", None),
        ("4010", None),
        ("21015a", None),
    ],
)
def test_infer_scheme(code: str, scheme: Scheme | None) -> None:
    assert infer_scheme(code) is scheme


CODE_ROW = re.compile(r"^(?P<class>[23]\d{2})\t(?P<section>\d{2})?\t?(?P<item>\d{2,4})?\t")


def seed_codes() -> set[str]:
    """Codes printed in the tab-separated seed tables (类, 款 and 项 in their own cells)."""
    found: set[str] = set()
    for path in SEED_TEXTS.glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = CODE_ROW.match(line)
            if match:
                found.add("".join(part for part in match.group("class", "section", "item") if part))
    return {code for code in found if len(code) in (3, 5, 7)}


def test_every_code_the_seeds_print_is_in_the_lists() -> None:
    lists = load_code_lists()
    printed = seed_codes()
    assert len(printed) > 40
    unknown = {code for code in printed if not lists.known(infer_scheme(code) or Scheme.FUNCTION, code)}
    assert unknown == set()


def test_malformed_source_row_names_the_file(tmp_path: Path) -> None:
    source = tmp_path / "function.tsv"
    source.write_text("code\tversion\tzh\ten\n21015\t2019\t医疗保障管理事务\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"function\.tsv:2"):
        read_rows(source)


def test_ontology_declares_itself(ontology: Graph) -> None:
    assert (URIRef("https://w3id.org/budgetgraph/def"), RDF.type, OWL.Ontology) in ontology
