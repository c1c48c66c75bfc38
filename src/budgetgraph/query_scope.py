"""Which graphs a catalog query scoped to one unit runs over, and how.

A query with ``unitName`` bound runs over the document graphs that name the unit (``unit_graphs``)
instead of the whole store: pyoxigraph applies a bound value where the variable appears, and the
catalog computes ``unitName`` from a label after the joins, so over the whole store a scoped query
costs as much as an unscoped one. Every fact a unit's rows are made of is in a document graph that
names the unit or one of its sub-units (each document graph carries its unit's and sub-units'
labels, its year and the code-list concepts it uses), and the catalog queries group their rows, so
the answer is the same; its cost no longer grows with the corpus.

Over those graphs' union (``default_graph``) pyoxigraph looks every pattern up in each graph. A query
whose header says ``# scope: document`` promises that each of its solutions is made of one document
graph's triples; it then runs with its WHERE group inside ``GRAPH ?g { … }`` over the same graphs as
named graphs (``document_scoped``), so that after the first pattern each lookup reads one graph:
about twice as fast, with the same rows (tests compare both ways for every such query and unit).
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from budgetgraph.errors import CatalogError
from budgetgraph.sparql_lexer import OPAQUE
from budgetgraph.store import is_internal_graph
from budgetgraph.terms import RDFS_LABEL, XSD_STRING

SCOPE_GRAPH = "bgScopeGraph"
"""The variable ``document_scoped`` binds to the document graph (a query may not use it)."""

# a brace, or what may hide one: an IRI, a comment, a string
_SKIPPED = re.compile(OPAQUE + r"|[{}]")
_WHERE = re.compile(r"\bWHERE\s*$", re.IGNORECASE)


def unit_graphs(store: ox.Store, unit_name: str) -> list[ox.NamedNode]:
    """The document graphs that name a unit or sub-unit called ``unit_name`` (its rdfs:label, as
    the graph writer spells it: tagged zh, or a plain string); empty when no graph does. A graph that
    links to an organisation (bg:unit, bg:subUnit, bg:organization) carries its label too: the writer
    labels the document's unit and every sub-unit it names. One index lookup per spelling, and only
    graph names are read: the cost depends on the unit, not on the store."""
    graphs: set[str] = set()
    for label in (ox.Literal(unit_name, language="zh"), ox.Literal(unit_name, datatype=XSD_STRING)):
        for quad in store.quads_for_pattern(None, RDFS_LABEL, label, None):
            graph = quad.graph_name
            if isinstance(graph, ox.NamedNode) and not is_internal_graph(graph.value):
                graphs.add(graph.value)
    return [ox.NamedNode(g) for g in sorted(graphs)]


def _top_where_group(text: str, origin: str) -> tuple[int, int]:
    """The offsets of the braces of the top-level SELECT's WHERE group (the first group that opens
    at depth 0), skipping braces in comments and strings."""
    depth = 0
    opening = -1
    for match in _SKIPPED.finditer(text):
        token = match.group(0)
        if token == "{":
            if depth == 0:
                if opening >= 0 or not _WHERE.search(text[: match.start()]):
                    break
                opening = match.start()
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0 and opening >= 0:
                return opening, match.start()
            if depth < 0:
                break
    raise CatalogError(f"{origin}: cannot find the WHERE group of the query (for '# scope: document')")


def document_scoped(text: str, origin: str) -> str:
    """``text`` with its top-level WHERE group inside ``GRAPH ?bgScopeGraph { … }``: run with the
    unit's graphs as named graphs, each solution comes from one of them."""
    if re.search(r"[?$]" + SCOPE_GRAPH + r"\b", text):
        raise CatalogError(f"{origin}: the query may not use ?{SCOPE_GRAPH} ('# scope: document')")
    opening, closing = _top_where_group(text, origin)
    inner = text[opening + 1 : closing]
    return f"{text[: opening + 1]}\n  GRAPH ?{SCOPE_GRAPH} {{{inner}}}\n{text[closing:]}"
