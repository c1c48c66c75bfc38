"""SHACL-SPARQL constraints (sh:sparql with sh:select) of the shapes, read once and run on pyoxigraph.

``sparql_constraints`` reads every (shape, sh:select constraint) pair of a shapes graph with what a
result needs: the shape's targets, severity and messages, the constraint's own messages, and the
query with its sh:prefixes declarations. ``SparqlConstraint.run`` evaluates it the way SHACL-SPARQL
says (https://www.w3.org/TR/shacl/#sparql-constraints-validation): ``$this`` pre-bound to each focus
node and ``$currentShape`` to the shape (through pyoxigraph's ``substitutions``, as pyshacl does on
a pyoxigraph store), every solution a ``SparqlResult`` whose messages have ``{?var}``/``{$var}``
replaced by the solution's bindings. ``$shapesGraph`` and ``$PATH`` are not supported (pyshacl
does not support ``$shapesGraph`` either): a constraint using them raises ``StoreError``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from budgetgraph.errors import StoreError
from budgetgraph.sparql_lexer import OPAQUE
from budgetgraph.terms import RDF_TYPE, rdflib_term

_PREBOUND = re.compile(r"[\s{}()][$?](shapesGraph|PATH)\b")
_BINDS_THIS = re.compile(r"[\s{}()][$?]this\b")
_BINDS_SHAPE = re.compile(r"[\s{}()][$?]currentShape\b")
_MESSAGE_VARIABLE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")
# what may hide a keyword: an IRI, a comment, a string (replaced by a space before the checks below)
_OPAQUE = re.compile(OPAQUE)
_FORBIDDEN = re.compile(r"(?<![\w:$?-])(MINUS|VALUES|SERVICE)\b", re.IGNORECASE)
_NESTED_PROJECTION = re.compile(r"(?<![\w:$?-])SELECT\b(.*?)(?:\bWHERE\b|\{)", re.IGNORECASE | re.DOTALL)
_PREBOUND_AS = re.compile(r"\bAS\s+[$?](this|currentShape|shapesGraph)\b", re.IGNORECASE)
_DEFAULT_PREFIXES = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}


@dataclass(frozen=True)
class Message:
    """A message template (sh:message) with its language tag, if any."""

    text: str
    language: str | None = None

    def fill(self, bindings: dict[str, str]) -> str:
        """The template with each ``{?name}`` / ``{$name}`` replaced by the lexical form of the
        binding of ``name``; a variable without a binding is left as written."""
        return _MESSAGE_VARIABLE.sub(lambda m: bindings.get(m.group(1), m.group(0)), self.text)


@dataclass(frozen=True)
class SparqlConstraint:
    """One sh:select constraint as used by one shape (a constraint shared by two shapes is two of
    these: $currentShape tells them apart)."""

    shape: str
    """The shape's IRI (or blank node id)."""
    constraint: str
    """The constraint node's IRI or blank node id (sh:sourceConstraint)."""
    shape_is_blank: bool
    constraint_is_blank: bool
    target_classes: tuple[str, ...]
    target_nodes: tuple[str, ...]
    severity: str
    messages: tuple[Message, ...] = field(repr=False)
    """The shape's sh:message values, then the constraint's (pyshacl reports both)."""
    query: str = field(repr=False)
    """The sh:select text behind PREFIX declarations of its sh:prefixes."""
    binds_this: bool = True
    binds_shape: bool = True
    """Whether the query mentions $this / $currentShape (only those are pre-bound, as in pyshacl:
    pyoxigraph refuses to substitute a variable the query does not project)."""

    def substitutions(
        self, focus: ox.NamedNode | ox.BlankNode | None
    ) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode]:
        """The pre-bound variables: $this = ``focus`` (unless None) and $currentShape = the shape."""
        bound: dict[ox.Variable, ox.NamedNode | ox.BlankNode] = {}
        if self.binds_this and focus is not None:
            bound[ox.Variable("this")] = focus
        if self.binds_shape:
            bound[ox.Variable("currentShape")] = (
                ox.BlankNode(self.shape) if self.shape_is_blank else ox.NamedNode(self.shape)
            )
        return bound

    def focus_nodes(self, store: ox.Store) -> list[ox.NamedNode | ox.BlankNode]:
        """The targets of the shape in ``store``: instances of its target classes (directly or
        through rdfs:subClassOf* in the data) and its target nodes, each once, sorted."""
        found: dict[str, ox.NamedNode | ox.BlankNode] = {}
        rdf_type, subclass = RDF_TYPE, ox.NamedNode(str(RDFS.subClassOf))
        for iri in self.target_classes:
            classes = {iri}
            frontier = [ox.NamedNode(iri)]
            while frontier:
                parent = frontier.pop()
                for quad in store.quads_for_pattern(None, subclass, parent, None):
                    if isinstance(quad.subject, ox.NamedNode) and quad.subject.value not in classes:
                        classes.add(quad.subject.value)
                        frontier.append(quad.subject)
            for cls in classes:
                for quad in store.quads_for_pattern(None, rdf_type, ox.NamedNode(cls), None):
                    if isinstance(quad.subject, ox.NamedNode | ox.BlankNode):
                        found.setdefault(str(quad.subject), quad.subject)
        for iri in self.target_nodes:
            found.setdefault(f"<{iri}>", ox.NamedNode(iri))
        return [found[key] for key in sorted(found)]

    def solutions(
        self, store: ox.Store, focus: ox.NamedNode | ox.BlankNode
    ) -> Iterator[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        """The query's solutions (bound variables by name) with $this = ``focus`` and
        $currentShape = this shape."""
        return run_select(store, self.query, self.substitutions(focus), self.shape)


def run_select(
    store: ox.Store, query: str, substitutions: Mapping[ox.Variable, object], shape: str
) -> Iterator[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
    """A constraint's SELECT on ``store`` with pre-bound variables: its solutions, bound variables by
    name (``shape`` names the constraint in errors)."""
    try:
        result = store.query(query, substitutions=substitutions)  # type: ignore[arg-type]
    except (SyntaxError, OSError, ValueError, RuntimeError) as error:
        raise StoreError(f"{shape}: cannot run its SPARQL constraint: {error}") from error
    if not isinstance(result, ox.QuerySolutions):
        raise StoreError(f"{shape}: sh:select is not a SELECT query")
    names = [variable.value for variable in result.variables]
    for solution in result:
        yield {
            name: term
            for name, term in zip(names, solution, strict=True)
            if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal)
        }


def _text(term: Node) -> str:
    return str(term)


def _prefixes(shapes: Graph, constraint: Node) -> dict[str, str]:
    """The prefixes a constraint declares through sh:prefixes (owl:Ontology nodes' sh:declare)."""
    found = dict(_DEFAULT_PREFIXES)
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise StoreError(f"{holder}: sh:declare without sh:prefix and sh:namespace")
            found[str(prefix)] = str(namespace)
    return found


def _messages(shapes: Graph, node: Node) -> list[Message]:
    return sorted(
        (Message(str(m), m.language) for m in shapes.objects(node, SH.message) if isinstance(m, Literal)),
        key=lambda m: (m.text, m.language or ""),
    )


def sparql_constraints(shapes: Graph, portable_only: bool = True) -> tuple[SparqlConstraint, ...]:
    """Every active (shape, sh:select constraint) pair of ``shapes``, by shape then constraint.
    A query that SHACL-SPARQL's pre-binding rules forbid is refused (``StoreError``) unless
    ``portable_only`` is False (for reading old shapes, as bench/compare_constraints.py does)."""
    found: list[SparqlConstraint] = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        if _deactivated(shapes, shape) or _deactivated(shapes, constraint):
            continue
        select = shapes.value(constraint, SH.select)
        if not isinstance(select, Literal):
            raise StoreError(f"{constraint}: sh:sparql without one sh:select text")
        text = str(select)
        if _PREBOUND.search(text):
            raise StoreError(f"{constraint}: $shapesGraph and $PATH are not supported in sh:select")
        if portable_only:
            _check_prebinding_rules(text, str(constraint))
        if shapes.value(shape, SH.path) is not None:
            raise StoreError(f"{shape}: SHACL-SPARQL on property shapes is not supported")
        declarations = "".join(
            f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(_prefixes(shapes, constraint).items())
        )
        severity = shapes.value(shape, SH.severity) or SH.Violation
        found.append(
            SparqlConstraint(
                shape=_text(shape),
                constraint=_text(constraint),
                shape_is_blank=isinstance(shape, BNode),
                constraint_is_blank=isinstance(constraint, BNode),
                target_classes=tuple(sorted(str(c) for c in shapes.objects(shape, SH.targetClass))),
                target_nodes=tuple(
                    sorted(str(n) for n in shapes.objects(shape, SH.targetNode) if isinstance(n, URIRef))
                ),
                severity=str(severity),
                messages=(*_messages(shapes, shape), *_messages(shapes, constraint)),
                query=declarations + text,
                binds_this=bool(_BINDS_THIS.search(text)),
                binds_shape=bool(_BINDS_SHAPE.search(text)),
            )
        )
    return tuple(sorted(found, key=lambda c: (c.shape, c.constraint)))


def _check_prebinding_rules(text: str, constraint: str) -> None:
    """Refuse what SHACL-SPARQL forbids in a query whose variables are pre-bound
    (https://www.w3.org/TR/shacl/#pre-binding): MINUS, VALUES and SERVICE, a nested SELECT that
    does not project $this, and ``AS`` a pre-bound variable. pyoxigraph would run such a query, but
    other SHACL engines (pyshacl, the reference) refuse it, so the shapes would no longer be
    portable and the two engines would disagree."""
    plain = _OPAQUE.sub(" ", text)
    forbidden = _FORBIDDEN.search(plain)
    if forbidden:
        raise StoreError(f"{constraint}: SHACL-SPARQL forbids {forbidden.group(1).upper()} in sh:select")
    for nested in list(_NESTED_PROJECTION.finditer(plain))[1:]:
        if not _BINDS_THIS.search(" " + nested.group(1) + " "):
            raise StoreError(f"{constraint}: a nested SELECT in sh:select must project $this")
    bound = _PREBOUND_AS.search(plain)
    if bound:
        raise StoreError(f"{constraint}: sh:select may not bind the pre-bound ${bound.group(1)} with AS")


def _deactivated(shapes: Graph, node: Node) -> bool:
    flag = shapes.value(node, SH.deactivated)
    return isinstance(flag, Literal) and flag.toPython() is True


# ------------------------------------------------------------------------------------------------
# Evaluating the constraints into SHACL validation results


@dataclass(frozen=True)
class SparqlResult:
    """One sh:ValidationResult of a SHACL-SPARQL constraint."""

    constraint: SparqlConstraint
    focus: Node
    value: Node | None
    path: Node | None
    messages: tuple[Literal, ...]


Row = dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]


def _result(
    constraint: SparqlConstraint, focus: ox.NamedNode | ox.BlankNode, row: Row, seen: set[object]
) -> SparqlResult | None:
    """The result a solution makes, or None for a solution identical to one already seen."""
    if "failure" in row:
        raise StoreError(f"{constraint.shape}: its SPARQL constraint reported a failure")
    key = (constraint.shape, str(focus), tuple(sorted((name, str(term)) for name, term in row.items())))
    if key in seen:
        return None
    seen.add(key)
    this, value, path = row.get("this"), row.get("value"), row.get("path")
    focus_node = rdflib_term(this if this is not None else focus)
    lexicals = {name: term.value for name, term in row.items()}
    return SparqlResult(
        constraint=constraint,
        focus=focus_node,
        value=rdflib_term(value) if value is not None else focus_node,
        path=rdflib_term(path) if path is not None else None,
        messages=tuple(Literal(m.fill(lexicals), lang=m.language) for m in constraint.messages),
    )


def evaluate(constraint: SparqlConstraint, store: ox.Store) -> list[SparqlResult]:
    """The results of one constraint over every focus node of its shape in ``store``.

    As in SHACL-SPARQL (and pyshacl): each solution is a result for the focus node ``$this``; its
    sh:value is ``?value`` if bound, else the focus node; ``?path`` gives sh:resultPath; a solution
    binding ``?failure`` is a failure of the constraint (``StoreError``); identical solutions give
    one result; every message gets ``{?var}`` replaced by the solution's binding of ``var``."""
    results: list[SparqlResult] = []
    seen: set[object] = set()
    for focus in constraint.focus_nodes(store):
        for row in constraint.solutions(store, focus):
            result = _result(constraint, focus, row, seen)
            if result is not None:
                results.append(result)
    return results


_TOP_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _shape_only_at_top(query: str) -> bool:
    """Whether $currentShape is projected by the top-level SELECT and otherwise used only at the top
    level of its WHERE group or after it (GROUP BY, HAVING): there, joining the group with
    ``VALUES ?currentShape`` gives each shape the solutions pre-binding it would give."""
    where = _TOP_WHERE.search(query)
    select = re.search(r"\bSELECT\b", query, re.IGNORECASE)
    if where is None or select is None or "{" in query[select.end() : where.start()]:
        return False  # the first WHERE is not the top-level query's
    if not _BINDS_SHAPE.search(" " + query[: where.start()]):
        return False
    depth = 0
    position = where.end() - 1
    for match in re.finditer(r"[{}]|[$?]currentShape\b", query[position:]):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth > 1:
            return False
    return True


def _evaluate_together(members: list[SparqlConstraint], store: ox.Store) -> list[SparqlResult]:
    """The results of shapes sharing one constraint, from one evaluation per focus node: the query's
    top-level group joined with ``VALUES ?currentShape`` over the shapes (pyoxigraph then runs the
    shared part of the query once instead of once per shape)."""
    by_shape = {(f"_:{m.shape}" if m.shape_is_blank else f"<{m.shape}>"): m for m in members}
    first = members[0]
    where = _TOP_WHERE.search(first.query)
    if where is None:
        raise StoreError(f"{first.shape}: sh:select has no WHERE clause")
    values = " ".join(by_shape)
    query = (
        f"{first.query[: where.end()]}\n VALUES ?currentShape {{ {values} }}\n{first.query[where.end() :]}"
    )
    results: list[SparqlResult] = []
    seen: set[object] = set()
    for focus in first.focus_nodes(store):
        substitutions = {ox.Variable("this"): focus} if first.binds_this else {}
        for row in run_select(store, query, substitutions, first.shape):
            shape = row.get("currentShape")
            member = by_shape.get(str(shape)) if shape is not None else None
            if member is None:
                raise StoreError(f"{first.shape}: a solution without one of the shapes as $currentShape")
            result = _result(member, focus, row, seen)
            if result is not None:
                results.append(result)
    return results


def evaluate_all(constraints: Iterable[SparqlConstraint], store: ox.Store) -> list[SparqlResult]:
    """The results of every constraint in ``store``; shapes sharing one constraint (and their
    targets) are evaluated together where that is equivalent (see ``_shape_only_at_top``)."""
    groups: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], list[SparqlConstraint]] = {}
    for constraint in constraints:
        key = (constraint.constraint, constraint.query, constraint.target_classes, constraint.target_nodes)
        groups.setdefault(key, []).append(constraint)
    results: list[SparqlResult] = []
    for members in groups.values():
        if len(members) > 1 and _shape_only_at_top(members[0].query):
            results.extend(_evaluate_together(members, store))
        else:
            for constraint in members:
                results.extend(evaluate(constraint, store))
    return results


def report_triples(results: Iterable[SparqlResult], shapes: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """The sh:ValidationResult triples of ``results`` (without the sh:ValidationReport node); a
    blank constraint node is copied with its own triples, as pyshacl does."""
    copied: set[str] = set()
    for result in results:
        c = result.constraint
        node = BNode()
        shape: Node = BNode(c.shape) if c.shape_is_blank else URIRef(c.shape)
        source: Node = BNode(c.constraint) if c.constraint_is_blank else URIRef(c.constraint)
        yield node, RDF.type, SH.ValidationResult
        yield node, SH.focusNode, result.focus
        if result.value is not None:
            yield node, SH.value, result.value
        if result.path is not None:
            yield node, SH.resultPath, result.path
        yield node, SH.sourceShape, shape
        yield node, SH.sourceConstraint, source
        yield node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent
        yield node, SH.resultSeverity, URIRef(c.severity)
        for message in result.messages:
            yield node, SH.resultMessage, message
        if c.constraint_is_blank and c.constraint not in copied:
            copied.add(c.constraint)
            yield from shapes.triples((source, None, None))
