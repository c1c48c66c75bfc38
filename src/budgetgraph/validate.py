"""SHACL validation of budget graphs, one document graph at a time.

``validate_dataset`` splits a dataset into its documents' graphs (the named graphs of a quad file,
or, for a triple file, the triples minted under each document's IRI plus the shared resources they
refer to), validates each of them with the shapes of shapes/, then runs the cross-document shapes
over the documents of each unit together. Validation time therefore grows linearly with the number
of documents. Each document graph is one pyoxigraph store: pyshacl checks the core constraints (its
property shapes targeted directly, see ``_targeted_property_shapes``) and ``shacl_sparql`` runs the
SHACL-SPARQL constraints on the store itself, adding real sh:ValidationResult nodes to pyshacl's
report (``run_shacl(engine="pyshacl")`` runs pyshacl for everything: the reference the tests and
bench/bench_validate.py compare with). The result is a ``ValidationReport``: typed ``Finding``
records (rule id, severity, messages in Chinese and English, expected/found/difference, and a
``SourceLink`` back to the document, page, table and row) and the SHACL report graph for machines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from budgetgraph.errors import StoreError
from budgetgraph.findings import (
    SEVERITIES,
    Finding,
    Severity,
    StoreView,
    ValidationReport,
    document_findings,
)
from budgetgraph.namespaces import BG, BGSH, bind_prefixes
from budgetgraph.output import read_dataset
from budgetgraph.resources import ontology_dir, shapes_dir
from budgetgraph.terms import DISCLOSURE, RDF_TYPE
from budgetgraph.validate_engine import _shapes_graph
from budgetgraph.validate_engine import run_shacl as run_shacl
from budgetgraph.workers import bounded_map

CROSS_DOCUMENT_FILES = frozenset({"cross_document.ttl"})
"""Shape files that are run over the documents of one unit together, not per document."""


@dataclass(frozen=True)
class DocumentGraph:
    """One document's triples (with the shared resources they refer to), ready for pyshacl."""

    document: URIRef
    unit: URIRef | None
    ntriples: str = field(repr=False)


@dataclass(frozen=True)
class Shapes:
    """The per-document shapes and the cross-document shapes, as Turtle texts (picklable)."""

    per_document: str = field(repr=False)
    cross_document: str = field(repr=False)


# ------------------------------------------------------------------------------------------------
# Loading shapes and code-list labels


def load_shapes(directory: Path | None = None) -> Shapes:
    """Read shapes/*.ttl: cross_document.ttl (with common.ttl) apart, every other file per document."""
    folder = directory or shapes_dir()
    files = sorted(folder.glob("*.ttl"))
    if not files:
        raise StoreError(f"{folder}: no SHACL shapes (*.ttl) found")
    per_document, cross = Graph(), Graph()
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
            if path.name not in CROSS_DOCUMENT_FILES:
                per_document.parse(data=text, format="turtle")
            if path.name in CROSS_DOCUMENT_FILES or path.name == "common.ttl":
                cross.parse(data=text, format="turtle")
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"{path}: cannot read the shapes: {error}") from error
    return Shapes(per_document.serialize(format="nt"), cross.serialize(format="nt"))


@dataclass(frozen=True)
class Rule:
    """One rule of the shapes: its id, severity, group and labels (a rule may have several shapes)."""

    rule_id: str
    severity: Severity
    group: str
    label_zh: str
    label_en: str


def _languages(graph: Graph, subject: Node, predicate: URIRef) -> dict[str | None, str]:
    return {lit.language: str(lit) for lit in graph.objects(subject, predicate) if isinstance(lit, Literal)}


def rule_catalog(shapes: Shapes | None = None) -> tuple[Rule, ...]:
    """Every rule the shapes define, by rule id then severity (most severe first)."""
    shapes = shapes or load_shapes()
    graph = Graph()
    graph.parse(data=shapes.per_document, format="nt")
    graph.parse(data=shapes.cross_document, format="nt")
    rules: dict[tuple[str, Severity], Rule] = {}
    for shape, rule_id in graph.subject_objects(BGSH.ruleId):
        owner = next(iter(graph.subjects(SH.property, shape)), shape)
        severity_node = graph.value(shape, SH.severity) or SH.Violation
        severity = SEVERITIES.get(URIRef(str(severity_node)), Severity.VIOLATION)
        labels = _languages(graph, shape, RDFS.label)
        messages = _languages(graph, shape, SH.message)
        owner_labels = _languages(graph, owner, RDFS.label)
        group = graph.value(shape, BGSH.ruleGroup)
        group_label = _languages(graph, group, SKOS.prefLabel).get("en", "") if group is not None else ""
        key = (str(rule_id), severity)
        rules.setdefault(
            key,
            Rule(
                str(rule_id),
                severity,
                group_label,
                labels.get("zh") or messages.get("zh") or owner_labels.get("zh", ""),
                labels.get("en") or messages.get("en") or owner_labels.get("en", ""),
            ),
        )
    return tuple(sorted(rules.values(), key=lambda r: (r.rule_id, r.severity.rank)))


@lru_cache(maxsize=2)
def reference_quads(codes: str | None = None) -> dict[str, tuple[ox.Quad, ...]]:
    """What the rules need from the ontology and code lists, by subject IRI: the code concepts'
    skos:prefLabel and skos:notation (ontology/codes) and the funding sources' skos:broader
    (ontology/budget.ttl)."""
    found: dict[str, list[ox.Quad]] = defaultdict(list)
    labels = {str(SKOS.prefLabel), str(SKOS.notation)}
    broader = str(SKOS.broader)
    folder = Path(codes) if codes else ontology_dir() / "codes"
    files = [*sorted(folder.glob("*.ttl")), ontology_dir() / "budget.ttl"]
    for path in files:
        if not path.exists():
            continue
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"{path}: cannot read: {error}") from error
        for t in triples:
            wanted = t.predicate.value in labels if path.parent == folder else t.predicate.value == broader
            if wanted and isinstance(t.subject, ox.NamedNode):
                found[t.subject.value].append(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
    return {iri: tuple(quads) for iri, quads in found.items()}


# ------------------------------------------------------------------------------------------------
# Splitting a dataset into document graphs


def _value(term: object) -> str:
    """The IRI (or blank node id, or lexical form) of a pyoxigraph term; "" for a quoted triple."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term.value
    return ""


_UNIT = ox.NamedNode(str(BG.unit))


def _documents(quads: Iterable[ox.Quad]) -> dict[str, str | None]:
    """Document IRI → its unit IRI, for every bg:Disclosure in ``quads``."""
    docs: dict[str, str | None] = {}
    for quad in quads:
        if quad.predicate == RDF_TYPE and quad.object == DISCLOSURE:
            docs.setdefault(_value(quad.subject), None)
    return docs


def graph_documents(store: ox.Store, graph: ox.NamedNode) -> list[DocumentGraph]:
    """The documents of one named graph of ``store``. A graph with exactly one bg:Disclosure (what
    ``extract`` writes) is that document's graph whole, dumped as N-Triples without a Python object
    per triple; any other graph is split by ``partition_documents``."""
    docs = list(store.quads_for_pattern(None, RDF_TYPE, DISCLOSURE, graph))
    if len(docs) != 1 or not isinstance(docs[0].subject, ox.NamedNode):
        return list(partition_documents(list(store.quads_for_pattern(None, None, None, graph))))
    document = docs[0].subject
    units = sorted(
        q.object.value
        for q in store.quads_for_pattern(document, _UNIT, None, graph)
        if isinstance(q.object, ox.NamedNode)
    )
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""
    unit = URIRef(units[0]) if units else None
    return [DocumentGraph(URIRef(document.value), unit, text.decode("utf-8"))]


def split_documents(store: ox.Store) -> Iterator[DocumentGraph]:
    """The document graphs of a store: its named graphs, else its default graph split by document."""
    named = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    if named:
        for graph_name in named:
            yield from graph_documents(store, graph_name)
    default = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if default:
        yield from partition_documents(default)


def _owner(iri: str, documents: Sequence[str]) -> str | None:
    for doc in documents:
        if iri == doc or iri.startswith(doc + "/"):
            return doc
    return None


def partition_documents(quads: list[ox.Quad]) -> Iterator[DocumentGraph]:
    """Split triples by the document whose IRI they are minted under; shared resources (units,
    years, data sets, projects, code concepts) go with every document that refers to them."""
    docs = _documents(quads)
    if not docs:
        return
    order = sorted(docs, key=len, reverse=True)
    own: dict[str, list[ox.Quad]] = defaultdict(list)
    shared: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        subject = _value(quad.subject)
        owner = _owner(subject, order) if isinstance(quad.subject, ox.NamedNode) else None
        (own[owner] if owner else shared[subject]).append(quad)
    for doc in sorted(docs):
        triples = list(own[doc])
        unit: str | None = None
        seen: set[str] = set()
        frontier = [q.object.value for q in triples if isinstance(q.object, ox.NamedNode)]
        frontier += [s for s, qs in shared.items() if any(_value(q.object) == doc for q in qs)]
        for _ in range(2):  # the shared resources and what they refer to (unit → sub-units …)
            following: list[str] = []
            for iri in frontier:
                if iri in seen or iri not in shared:
                    continue
                seen.add(iri)
                triples.extend(shared[iri])
                following.extend(q.object.value for q in shared[iri] if isinstance(q.object, ox.NamedNode))
            frontier = following
        for quad in own[doc]:
            if _value(quad.subject) == doc and quad.predicate == _UNIT:
                unit = _value(quad.object)
        plain = (ox.Triple(q.subject, q.predicate, q.object) for q in triples)
        text = ox.serialize(plain, format=ox.RdfFormat.N_TRIPLES) or b""
        yield DocumentGraph(URIRef(doc), URIRef(unit) if unit else None, text.decode("utf-8"))


# ------------------------------------------------------------------------------------------------
# Running pyshacl


_MENTIONED_IRIS = "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }"


def data_store(ntriples: Iterable[str]) -> ox.Store:
    """A pyoxigraph store of N-Triples texts, with the reference facts about what they mention."""
    store = ox.Store()
    for text in ntriples:
        # Store.load parses in Rust, without a Python object per triple (twice as fast as
        # bulk_extend(parse(...)) on a 12k-triple document); each text's blank nodes are its own
        try:
            store.load(text, format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as error:
            raise StoreError(f"cannot read a document graph: {error}") from error
    reference = reference_quads()
    rows = store.query(_MENTIONED_IRIS)
    if not isinstance(rows, ox.QuerySolutions):
        raise StoreError("the mentioned IRIs query gave no solutions")
    extra = [
        quad for (iri,) in rows if isinstance(iri, ox.NamedNode) for quad in reference.get(iri.value, ())
    ]
    store.bulk_extend(extra)
    return store


@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]
    report_ntriples: str = field(repr=False)


def validate_graphs(graphs: tuple[str, ...], shapes_text: str, engine: str = "split") -> Outcome:
    store = data_store(graphs)
    report = run_shacl(store, shapes_text, engine)
    findings = document_findings(report, StoreView(store), _shapes_graph(shapes_text))
    return Outcome(findings, report.serialize(format="nt"))


def _validate_job(job: tuple[tuple[str, ...], str, str]) -> Outcome:
    return validate_graphs(*job)


def _units(documents: Sequence[DocumentGraph]) -> list[tuple[str, ...]]:
    """The N-Triples of the documents of each unit that has more than one document."""
    by_unit: dict[str, list[str]] = defaultdict(list)
    for doc in documents:
        if doc.unit is not None:
            by_unit[str(doc.unit)].append(doc.ntriples)
    return [tuple(texts) for _unit, texts in sorted(by_unit.items()) if len(texts) > 1]


def validate_documents(
    documents: Sequence[DocumentGraph], shapes: Shapes | None = None, jobs: int = 1, engine: str = "split"
) -> ValidationReport:
    """Validate each document graph, then the cross-document rules per unit (``engine``: see
    ``run_shacl``)."""
    shapes = shapes or load_shapes()
    jobs_list: list[tuple[tuple[str, ...], str, str]] = [
        ((d.ntriples,), shapes.per_document, engine) for d in documents
    ]
    jobs_list += [(texts, shapes.cross_document, engine) for texts in _units(documents)]
    merged = ReportBuilder()
    for outcome in bounded_map(_validate_job, jobs_list, jobs if len(jobs_list) > 1 else 1):
        merged.add(outcome)
    return merged.finish(len(documents))


class ReportBuilder:
    """One report from the outcomes of many validation jobs, taken one at a time (only findings
    are kept, so memory grows with the findings, not with the documents): every finding (most
    severe first), one sh:ValidationReport over all results."""

    def __init__(self) -> None:
        self.graph = bind_prefixes(Graph())
        self.root = BNode("report")
        self.graph.add((self.root, RDF.type, SH.ValidationReport))
        self.findings: list[Finding] = []

    def add(self, outcome: Outcome) -> None:
        self.findings.extend(outcome.findings)
        part = Graph()
        part.parse(data=outcome.report_ntriples, format="nt")
        for node in part.subjects(RDF.type, SH.ValidationReport):
            part.remove((node, None, None))
        for triple in part:
            self.graph.add(triple)
        for result in part.subjects(RDF.type, SH.ValidationResult):
            self.graph.add((self.root, SH.result, result))

    def finish(self, documents: int) -> ValidationReport:
        findings = sorted(self.findings, key=Finding.sort_key)
        conforms = not any(f.severity is Severity.VIOLATION for f in findings)
        self.graph.add((self.root, SH.conforms, Literal(conforms)))
        self.graph.add((self.root, BGSH.documentsValidated, Literal(documents, datatype=XSD.integer)))
        return ValidationReport(
            conforms=conforms, findings=tuple(findings), documents=documents, graph=self.graph
        )


def validate_dataset(store: ox.Store, shapes: Shapes | None = None, jobs: int = 1) -> ValidationReport:
    return validate_documents(list(split_documents(store)), shapes, jobs)


def validate_graph(graph: Graph, shapes: Shapes | None = None) -> ValidationReport:
    """Validate one rdflib graph (one or more documents merged)."""
    store = ox.Store()
    store.extend(ox.parse(graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES))
    return validate_dataset(store, shapes)


def validate_paths(paths: Sequence[str | Path], jobs: int = 1) -> ValidationReport:
    """Validate RDF files written by ``budgetgraph extract`` (.ttl .nt .nq .trig .jsonld)."""
    store = read_dataset(paths)
    documents = list(split_documents(store))
    if not documents:
        names = ", ".join(str(p) for p in paths)
        raise StoreError(f"{names}: no disclosure document (bg:Disclosure) in the data")
    return validate_documents(documents, jobs=jobs)
