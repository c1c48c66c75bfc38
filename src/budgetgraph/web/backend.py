"""Where the web app's data comes from: the local store (with killable query workers) or a remote
SPARQL 1.1 endpoint. Both answer the same calls, so every page and the catalog work over either."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from budgetgraph import queries
from budgetgraph.errors import QueryError, StoreError
from budgetgraph.namespaces import PREFIXES
from budgetgraph.query_scope import unit_graphs
from budgetgraph.store import GraphStore, is_internal_graph
from budgetgraph.web.engine import (
    Boolean,
    CatalogTask,
    QueryOutcome,
    QueryTimeoutError,
    Solutions,
    SparqlTask,
    Statistics,
    StatisticsTask,
    Triples,
    WorkerPool,
    bindings_tuple,
    compute_statistics,
)

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
LOOKUP_DIR = Path(__file__).resolve().parent / "lookup"


class Backend(Protocol):
    def execute(self, task: SparqlTask, timeout: float) -> QueryOutcome: ...

    def run_catalog(self, name: str, bindings: Mapping[str, str], timeout: float) -> queries.ResultTable: ...

    def statistics(self, timeout: float) -> Statistics: ...

    def graphs(self) -> list[str]: ...

    def graph_triples(self, graph: str) -> list[ox.Triple]: ...

    def outgoing(self, iri: str, limit: int) -> list[tuple[ox.NamedNode, Term]]: ...

    def incoming(self, iri: str, limit: int) -> list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode]]: ...

    def graphs_of(self, iri: str) -> list[str]: ...

    def update(self, text: str) -> None: ...

    def close(self) -> None: ...


IN_PROCESS_GRAPHS = 16
"""A catalog query scoped to a unit named by at most this many document graphs runs in the web
process (see ``LocalBackend.run_catalog``)."""


class LocalBackend:
    """The on-disk store, read-only; queries in killable worker processes, except catalog queries
    scoped to one unit, whose cost is bounded by that unit's few graphs: those run in the web
    process's request thread (pyoxigraph releases the interpreter lock while it evaluates), at most
    ``workers`` at a time, without the round trip to a worker."""

    def __init__(
        self,
        store_path: Path | None,
        *,
        workers: int = 2,
        row_cap: int = 10000,
        store: GraphStore | None = None,
        in_memory: bool = False,
        writable: bool = False,
    ) -> None:
        self.store = store if store is not None else GraphStore(store_path, read_only=not writable)
        self.pool = WorkerPool(store_path, size=workers, row_cap=row_cap, in_memory=in_memory)
        self._statistics: Statistics | None = None
        self._write_lock = threading.Lock()
        self._in_process = None if in_memory else threading.BoundedSemaphore(max(1, workers))

    def update(self, text: str) -> None:
        """Apply a SPARQL Update to the store (opened writable); queries then see the new state."""
        if self.store.read_only:
            raise StoreError("the store is served read-only")
        with self._write_lock:
            self.store.apply_update(text)
            self._statistics = None
            self.pool.refresh()

    def execute(self, task: SparqlTask, timeout: float) -> QueryOutcome:
        outcome = self.pool.call(task, timeout)
        assert isinstance(outcome, Solutions | Triples | Boolean)
        return outcome

    def run_catalog(self, name: str, bindings: Mapping[str, str], timeout: float) -> queries.ResultTable:
        if self._bounded_by_unit(bindings.get("unitName", "")):
            assert self._in_process is not None
            with self._in_process:
                return queries.run_query(queries.load_query(name), self.store.store, dict(bindings))
        table = self.pool.call(CatalogTask(name, bindings_tuple(bindings)), timeout)
        assert isinstance(table, queries.ResultTable)
        return table

    def _bounded_by_unit(self, unit: str) -> bool:
        """Whether a catalog query with ``unitName`` = ``unit`` reads only a few graphs of the store
        (then it cannot run away, and needs no killable worker)."""
        if self._in_process is None or not unit or self.store.path is None:
            return False
        return 0 < len(unit_graphs(self.store.store, unit)) <= IN_PROCESS_GRAPHS

    def statistics(self, timeout: float) -> Statistics:
        if self._statistics is None:
            if self.pool.store_path is None:
                self._statistics = compute_statistics(self.store.store)
            else:
                stats = self.pool.call(StatisticsTask(), max(timeout, 120.0))
                assert isinstance(stats, Statistics)
                self._statistics = stats
        return self._statistics

    def graphs(self) -> list[str]:
        return self.store.graphs()

    def graph_triples(self, graph: str) -> list[ox.Triple]:
        return [q.triple for q in self.store.graph_quads(graph)]

    def outgoing(self, iri: str, limit: int) -> list[tuple[ox.NamedNode, Term]]:
        seen: set[tuple[ox.NamedNode, Term]] = set()
        out: list[tuple[ox.NamedNode, Term]] = []
        for quad in self.store.store.quads_for_pattern(ox.NamedNode(iri), None, None, None):
            if _internal(quad):
                continue
            pair = (quad.predicate, quad.object)
            if pair not in seen:
                seen.add(pair)
                out.append(pair)
                if len(out) >= limit:
                    break
        return out

    def incoming(self, iri: str, limit: int) -> list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode]]:
        seen: set[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode]] = set()
        out: list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode]] = []
        for quad in self.store.store.quads_for_pattern(None, None, ox.NamedNode(iri), None):
            subject = quad.subject
            if isinstance(subject, ox.Triple) or _internal(quad):
                continue
            pair = (subject, quad.predicate)
            if pair not in seen:
                seen.add(pair)
                out.append(pair)
                if len(out) >= limit:
                    break
        return out

    def graphs_of(self, iri: str) -> list[str]:
        found = {
            q.graph_name.value
            for q in self.store.store.quads_for_pattern(ox.NamedNode(iri), None, None, None)
            if isinstance(q.graph_name, ox.NamedNode) and not _internal(q)
        }
        return sorted(found)

    def close(self) -> None:
        self.pool.close()


def _internal(quad: ox.Quad) -> bool:
    """A quad of the store's own bookkeeping (journal, registry), never data to show."""
    return isinstance(quad.graph_name, ox.NamedNode) and is_internal_graph(quad.graph_name.value)


@dataclass(frozen=True)
class RemoteEndpoint:
    """A SPARQL 1.1 endpoint (query URL; optional Graph Store Protocol URL)."""

    query_url: str
    timeout: float = 30.0


def _values_clause(bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """A trailing VALUES block binding variables to RDF terms (terms escaped by pyoxigraph)."""
    if not bindings:
        return ""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}\n"


def _count(term: Term | None) -> int:
    """The integer of a COUNT in a lookup's results (an unbound count is 0)."""
    if term is None:
        return 0
    if not isinstance(term, ox.Literal):
        raise QueryError(f"a count came back as {term}, not a number")
    try:
        return int(term.value)
    except ValueError as error:
        raise QueryError(f"a count came back as {term}, not an integer") from error


def lookup_query(name: str) -> str:
    """An internal lookup query of the web app (web/lookup/NAME.rq)."""
    return (LOOKUP_DIR / f"{name}.rq").read_text(encoding="utf-8")


class RemoteBackend:
    """Pages and catalog over a remote SPARQL store; queries go there, nowhere else."""

    def __init__(self, endpoint: RemoteEndpoint, *, row_cap: int = 10000, graph_prefix: str = "") -> None:
        self.endpoint = endpoint
        self.row_cap = row_cap
        self.graph_prefix = graph_prefix
        self._statistics: Statistics | None = None

    def _request(
        self,
        query: str,
        accept: str,
        timeout: float,
        default_graphs: tuple[str, ...] = (),
        named_graphs: tuple[str, ...] = (),
    ) -> bytes:
        fields = [("query", query), ("timeout", str(int(timeout * 1000)))]
        fields += [("default-graph-uri", g) for g in default_graphs]
        fields += [("named-graph-uri", g) for g in named_graphs]
        data = urllib.parse.urlencode(fields).encode("utf-8")
        request = urllib.request.Request(
            self.endpoint.query_url,
            data=data,
            method="POST",
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body: bytes = response.read()
                return body
        except TimeoutError as error:
            raise QueryTimeoutError(f"the remote store did not answer within {timeout:g} s") from error
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")[:500]
            if error.code == 400:
                raise QueryError(detail) from error
            raise StoreError(f"{self.endpoint.query_url}: HTTP {error.code}: {detail}") from error
        except (urllib.error.URLError, OSError) as error:
            if "timed out" in str(error):
                raise QueryTimeoutError(f"the remote store did not answer within {timeout:g} s") from error
            raise StoreError(f"{self.endpoint.query_url}: {error}") from error

    def _select(self, query: str, timeout: float) -> Solutions:
        """A lookup SELECT, all rows (lookups bound their own size)."""
        body = self._request(query, "application/sparql-results+json", timeout)
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if not isinstance(parsed, ox.QuerySolutions):
            raise QueryError("a lookup query did not return solutions")
        variables = tuple(v.value for v in parsed.variables)
        return Solutions(variables, tuple(tuple(s[i] for i in range(len(variables))) for s in parsed))

    def execute(self, task: SparqlTask, timeout: float) -> QueryOutcome:
        from budgetgraph.web.safety import tokens

        words = [t.text.upper() for t in tokens(task.query) if t.kind == "word"]
        graph_form = any(w in ("CONSTRUCT", "DESCRIBE") for w in words[:60])
        accept = "application/n-triples" if graph_form else "application/sparql-results+json"
        body = self._request(task.query, accept, timeout, task.default_graphs, task.named_graphs)
        if graph_form:
            triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
            return Triples(tuple(triples[: self.row_cap]), len(triples) > self.row_cap)
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return Boolean(bool(parsed))
        variables = tuple(v.value for v in parsed.variables)
        rows = [tuple(s[i] for i in range(len(variables))) for s in parsed]
        return Solutions(variables, tuple(rows[: self.row_cap]), len(rows) > self.row_cap)

    def run_catalog(self, name: str, bindings: Mapping[str, str], timeout: float) -> queries.ResultTable:
        query = queries.load_query(name)
        terms = {k: queries._term(query.parameter(k), v) for k, v in bindings.items() if v != ""}
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        outcome = self._select(prologue + query.text + _values_clause(terms), timeout)
        if outcome.variables != query.columns:
            raise QueryError(f"query {name!r} returned {outcome.variables}, not {query.columns}")
        rows = tuple(tuple(queries.python_value(t) for t in row) for row in outcome.rows)
        return queries.ResultTable(columns=outcome.variables, rows=rows)

    def statistics(self, timeout: float) -> Statistics:
        """VoID figures of the data graphs (``graph_prefix`` + a name without "/"), defined as the local
        store's (engine.compute_statistics): the remote store counts per graph space and this keeps
        the data graphs' space, so the request does not grow with the number of graphs."""
        if self._statistics is None:
            wait = max(timeout, 120.0)
            rows = self._select(lookup_query("statistics"), wait).rows
            counts = [row[1:] for row in rows if self._ours(row[0])]
            if len(counts) > 1:
                raise QueryError(f"the statistics lookup returned {len(counts)} rows for one graph space")
            if not counts:
                self._statistics = Statistics(0, 0, 0, 0)
                return self._statistics
            triples, graph_count, subjects, objects = (_count(term) for term in counts[0])
            self._statistics = Statistics(
                triples=triples,
                graphs=graph_count,
                distinct_subjects=subjects,
                distinct_objects=objects,
                classes=self._partition("statistics_classes", wait),
                properties=self._partition("statistics_properties", wait),
            )
        return self._statistics

    def _ours(self, space: Term | None) -> bool:
        """Whether a lookup row's graph space is that of the data graphs."""
        return isinstance(space, ox.Literal) and space.value == self.graph_prefix

    def _partition(self, name: str, timeout: float) -> tuple[tuple[str, int], ...]:
        """(IRI, count) rows of a VoID partition lookup for the data graphs, sorted by IRI."""
        rows = self._select(lookup_query(name), timeout).rows
        counted = ((iri, n) for space, iri, n in rows if self._ours(space))
        return tuple(sorted((iri.value, _count(n)) for iri, n in counted if isinstance(iri, ox.NamedNode)))

    def graphs(self) -> list[str]:
        outcome = self._select(lookup_query("graphs"), self.endpoint.timeout)
        names = [row[0].value for row in outcome.rows if isinstance(row[0], ox.NamedNode)]
        return sorted(n for n in names if n.startswith(self.graph_prefix))

    def graph_triples(self, graph: str) -> list[ox.Triple]:
        query = lookup_query("graph") + _values_clause({"g": ox.NamedNode(graph)})
        triples = []
        for _, s, p, o in self._select(query, self.endpoint.timeout).rows:
            if isinstance(s, ox.NamedNode | ox.BlankNode) and isinstance(p, ox.NamedNode) and o is not None:
                triples.append(ox.Triple(s, p, o))
        return triples

    def outgoing(self, iri: str, limit: int) -> list[tuple[ox.NamedNode, Term]]:
        query = lookup_query("outgoing") + f"LIMIT {int(limit)}" + _values_clause({"s": ox.NamedNode(iri)})
        rows = self._select(query, self.endpoint.timeout).rows
        return [(p, o) for _, p, o in rows if isinstance(p, ox.NamedNode) and o is not None]

    def incoming(self, iri: str, limit: int) -> list[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode]]:
        query = lookup_query("incoming") + f"LIMIT {int(limit)}" + _values_clause({"o": ox.NamedNode(iri)})
        rows = self._select(query, self.endpoint.timeout).rows
        return [
            (s, p)
            for _, s, p in rows
            if isinstance(s, ox.NamedNode | ox.BlankNode) and isinstance(p, ox.NamedNode)
        ]

    def graphs_of(self, iri: str) -> list[str]:
        query = lookup_query("graphs_of") + _values_clause({"s": ox.NamedNode(iri)})
        rows = self._select(query, self.endpoint.timeout).rows
        return sorted(r[1].value for r in rows if isinstance(r[1], ox.NamedNode))

    def update(self, text: str) -> None:
        """Updates go to a local store only: this server never writes to a remote one."""
        raise StoreError("SPARQL Update is served over a local store only (serve --store)")

    def close(self) -> None:
        return None
