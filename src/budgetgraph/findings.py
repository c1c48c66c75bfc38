"""Validation findings: the typed records a SHACL report becomes, with links back to the source.

``document_findings`` reads one pyshacl report graph together with the data graph it was computed
on and the shapes graph, and turns every sh:ValidationResult into a ``Finding``: the rule's stable id
(``bgsh:ruleId`` of the source shape), its severity, the messages in Chinese and English, the
numbers (expected, found, difference, tolerance, from the constraint's ``@zxx`` message) and a
``SourceLink`` (document, page, table, row, printed label) taken from the provenance of the line or
figure in question. It also writes the rule id, the numbers and the source onto the result nodes of
the report graph, so that machines reading the report get them as triples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, XSD
from rdflib.term import Node

from budgetgraph.namespaces import BG, BGSH
from budgetgraph.terms import rdflib_term


class Severity(StrEnum):
    VIOLATION = "violation"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"violation": 0, "warning": 1, "info": 2}[self.value]

    @property
    def label_zh(self) -> str:
        return {"violation": "错误", "warning": "警告", "info": "提示"}[self.value]


SEVERITIES = {SH.Violation: Severity.VIOLATION, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}


@dataclass(frozen=True)
class SourceLink:
    """Where a finding points in the source: document, page, table and row (as far as known)."""

    document: str = ""
    document_title: str | None = None
    file_name: str | None = None
    table: str | None = None
    table_title: str | None = None
    table_ordinal: int | None = None
    page: int | None = None
    row: int | None = None
    source_line: int | None = None
    label: str | None = None


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, made readable."""

    rule_id: str
    severity: Severity
    shape: str
    focus: str
    message_zh: str
    message_en: str
    source: SourceLink
    value: str | None = None
    expected: Decimal | None = None
    found: Decimal | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None

    def sort_key(self) -> tuple[int, str, int, int, int, str, str, str]:
        """Most severe first, then by document, table, row and rule (then message and focus, so
        that the order never depends on which worker finished first)."""
        src = self.source
        return (
            self.severity.rank,
            src.document,
            src.table_ordinal or 0,
            src.row or 0,
            src.page or 0,
            self.rule_id,
            self.message_en,
            self.focus,
        )


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a dataset. ``graph`` is the SHACL report graph (annotated)."""

    conforms: bool
    findings: tuple[Finding, ...]
    documents: int
    graph: Graph = field(repr=False, compare=False)

    @property
    def violations(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.VIOLATION)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    def by_rule(self, rule_id: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.rule_id == rule_id)


_NUMBER = re.compile(r"(expected|found|difference|tolerance)=(-?[0-9]+(?:\.[0-9]+)?)")
_NUMBER_PREDICATES = {
    "expected": BGSH.expected,
    "found": BGSH.found,
    "difference": BGSH.difference,
    "tolerance": BGSH.tolerance,
}


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


class StoreView:
    """The few look-ups the findings need, over the pyoxigraph store that was validated."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    @staticmethod
    def _ox(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
        if isinstance(node, URIRef):
            return ox.NamedNode(str(node))
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
        return None

    def objects(self, subject: Node, predicate: URIRef) -> list[Node]:
        node = self._ox(subject)
        if node is None or isinstance(node, ox.Literal):
            return []
        quads = self.store.quads_for_pattern(node, ox.NamedNode(str(predicate)), None, None)
        return sorted((rdflib_term(q.object) for q in quads), key=str)

    def subjects(self, predicate: URIRef, obj: Node) -> list[Node]:
        node = self._ox(obj)
        if node is None:
            return []
        quads = self.store.quads_for_pattern(None, ox.NamedNode(str(predicate)), node, None)
        return sorted((rdflib_term(q.subject) for q in quads), key=str)

    def has(self, subject: Node, predicate: URIRef, obj: Node | None = None) -> bool:
        node = self._ox(subject)
        if node is None or isinstance(node, ox.Literal):
            return False
        target = None if obj is None else self._ox(obj)
        pattern = self.store.quads_for_pattern(node, ox.NamedNode(str(predicate)), target, None)
        return next(iter(pattern), None) is not None


def _one(graph: Graph | StoreView, subject: Node | None, predicate: URIRef) -> Node | None:
    if subject is None:
        return None
    values = graph.objects(subject, predicate)
    return next(iter(sorted(values, key=str)), None)


def _text(graph: Graph | StoreView, subject: Node | None, predicate: URIRef) -> str | None:
    value = _one(graph, subject, predicate)
    return None if value is None else str(value)


def _int(graph: Graph | StoreView, subject: Node | None, predicate: URIRef) -> int | None:
    value = _one(graph, subject, predicate)
    if isinstance(value, Literal):
        try:
            return int(str(value))
        except ValueError:
            return None
    return None


def source_link(data: StoreView, focus: Node, value: Node | None) -> SourceLink:
    """The provenance of the value (a line, figure or table) if it has any, else of the focus node."""
    node: Node = focus
    if value is not None and data.has(value, BG.sourceDocument):
        node = value
    document = _one(data, node, BG.sourceDocument)
    if document is None and data.has(node, RDF.type, BG.Disclosure):
        document = node
    table = _one(data, node, BG.table)
    if table is None and data.has(node, RDF.type, BG.DisclosureTable):
        table = node
    label = _text(data, node, BG.printedLabel) or _text(data, node, BG.subjectLabel)
    if label is None:
        line = _one(data, node, BG.line)
        label = _text(data, line, BG.printedLabel)
    return SourceLink(
        document=str(document) if document is not None else "",
        document_title=_text(data, document, DCTERMS.title),
        file_name=_text(data, document, BG.fileName),
        table=str(table) if table is not None else None,
        table_title=_text(data, table, DCTERMS.title),
        table_ordinal=_int(data, table, BG.ordinal),
        page=_int(data, node, BG.page) or _int(data, table, BG.page),
        row=_int(data, node, BG.row),
        source_line=_int(data, node, BG.sourceLine),
        label=label,
    )


def _messages(report: Graph, result: Node) -> tuple[str, str, dict[str, Decimal]]:
    """(Chinese message, English message, numbers). pyshacl drops the language tags of messages it
    fills in, so the languages are told apart by their text: the numbers message is ``name=value``
    pairs, an English message starts with a Latin letter or a quote, a Chinese one does not."""
    zh = en = ""
    numbers: dict[str, Decimal] = {}
    for message in sorted(report.objects(result, SH.resultMessage), key=str):
        text = str(message)
        language = message.language if isinstance(message, Literal) else None
        pairs = _NUMBER.findall(text)
        if language == "zxx" or (pairs and text.startswith(pairs[0][0] + "=")):
            for name, value in pairs:
                number = _decimal(value)
                if number is not None:
                    numbers[name] = number
        elif language == "en" or (language is None and text[:1].isascii()):
            en = en or text
        else:
            zh = zh or text
    return zh or en, en or zh, numbers


def document_findings(report: Graph, data: StoreView, shapes: Graph) -> tuple[Finding, ...]:
    """The findings of one report graph, which is annotated in place (rule id, numbers, source)."""
    findings: list[Finding] = []
    for result in sorted(report.subjects(RDF.type, SH.ValidationResult), key=str):
        shape = _one(report, result, SH.sourceShape)
        focus = _one(report, result, SH.focusNode)
        value = _one(report, result, SH.value)
        severity_node = _one(report, result, SH.resultSeverity)
        severity = SEVERITIES.get(URIRef(str(severity_node or SH.Violation)), Severity.VIOLATION)
        rule_id = _text(shapes, shape, BGSH.ruleId) or (str(shape) if isinstance(shape, URIRef) else "BG-S00")
        zh, en, numbers = _messages(report, result)
        link = source_link(data, focus if focus is not None else URIRef(""), value)
        finding = Finding(
            rule_id=rule_id,
            severity=severity,
            shape=str(shape) if isinstance(shape, URIRef) else "",
            focus=str(focus) if focus is not None else "",
            message_zh=zh,
            message_en=en,
            source=link,
            value=str(value) if value is not None else None,
            expected=numbers.get("expected"),
            found=numbers.get("found"),
            difference=numbers.get("difference"),
            tolerance=numbers.get("tolerance"),
        )
        findings.append(finding)
        _annotate(report, result, finding, numbers)
    return tuple(findings)


def _annotate(report: Graph, result: Node, finding: Finding, numbers: dict[str, Decimal]) -> None:
    report.add((result, BGSH.ruleId, Literal(finding.rule_id)))
    report.remove((result, SH.resultMessage, None))
    report.add((result, SH.resultMessage, Literal(finding.message_zh, lang="zh")))
    report.add((result, SH.resultMessage, Literal(finding.message_en, lang="en")))
    for name, number in numbers.items():
        report.add((result, _NUMBER_PREDICATES[name], Literal(number, datatype=XSD.decimal)))
    src = finding.source
    if src.document:
        report.add((result, BG.sourceDocument, URIRef(src.document)))
    if src.table:
        report.add((result, BG.table, URIRef(src.table)))
    if src.page is not None:
        report.add((result, BG.page, Literal(src.page, datatype=XSD.integer)))
    if src.row is not None:
        report.add((result, BG.row, Literal(src.row, datatype=XSD.integer)))
    if src.label:
        report.add((result, BG.printedLabel, Literal(src.label, lang="zh")))
