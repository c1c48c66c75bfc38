"""Queries run in worker processes that can be killed: a timeout that really stops a runaway query.

pyoxigraph has no way to cancel a running query, so each query goes to one of a few worker
processes that hold the store open read-only; when a query overruns its time the worker is killed
and replaced, and the server goes on answering the others. Results come back as pyoxigraph terms
(they pickle) with at most ``row_cap`` rows, and say when they were cut.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox

from budgetgraph.errors import BudgetGraphError, QueryError, StoreError
from budgetgraph.namespaces import PREFIXES
from budgetgraph.terms import RDF_TYPE

DEFAULT_PREFIXES: dict[str, str] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


class QueryTimeoutError(QueryError):
    """A query ran longer than the server allows and was stopped."""


class ServerBusyError(QueryError):
    """Every worker stayed busy for the whole timeout."""


@dataclass(frozen=True)
class SparqlTask:
    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogTask:
    name: str
    bindings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class StatisticsTask:
    pass


@dataclass(frozen=True)
class Solutions:
    variables: tuple[str, ...]
    rows: tuple[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None, ...], ...]
    truncated: bool = False


@dataclass(frozen=True)
class Triples:
    triples: tuple[ox.Triple, ...]
    truncated: bool = False


@dataclass(frozen=True)
class Boolean:
    value: bool


QueryOutcome = Solutions | Triples | Boolean


@dataclass(frozen=True)
class Statistics:
    """VoID statistics of the data graphs."""

    triples: int
    graphs: int
    distinct_subjects: int | None
    distinct_objects: int | None
    classes: tuple[tuple[str, int], ...] = field(default=())  # class IRI, instances
    properties: tuple[tuple[str, int], ...] = field(default=())  # property IRI, triples


_READY = "ready"
STARTUP_TIMEOUT = 120.0
"""How long a new worker may take to start and open the store (not counted in the query timeout)."""


@dataclass(frozen=True)
class _Failure:
    kind: str  # "syntax" | "query" | "error"
    message: str


def run_sparql(store: ox.Store, task: SparqlTask, row_cap: int) -> QueryOutcome:
    """Run a read query on ``store`` (union of the named graphs by default), rows capped."""
    options: dict[str, object] = {"prefixes": DEFAULT_PREFIXES}
    if task.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in task.default_graphs]
    else:
        from budgetgraph.store import needs_union_flag

        options["use_default_graph_as_union"] = needs_union_flag(store)
    if task.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in task.named_graphs]
    result = store.query(task.query, **options)  # type: ignore[arg-type]
    if isinstance(result, ox.QueryBoolean):
        return Boolean(bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        rows: list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None, ...]] = []
        truncated = False
        for solution in result:
            if len(rows) == row_cap:
                truncated = True
                break
            rows.append(tuple(solution[i] for i in range(len(variables))))
        return Solutions(variables, tuple(rows), truncated)
    triples: list[ox.Triple] = []
    truncated = False
    for triple in result:
        if len(triples) == row_cap:
            truncated = True
            break
        triples.append(triple)
    return Triples(tuple(triples), truncated)


def compute_statistics(store: ox.Store) -> Statistics:
    """Count the data graphs' triples, subjects, objects, classes and properties."""
    from budgetgraph.store import default_is_union, is_internal_graph

    union = default_is_union(store)  # then the default graph repeats the data graphs: not counted
    triples = 0
    subjects: set[object] = set()
    objects: set[object] = set()
    classes: Counter[str] = Counter()
    properties: Counter[str] = Counter()
    graphs: set[str] = set()
    for quad in store:
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode):
            if is_internal_graph(graph.value):
                continue
            graphs.add(graph.value)
        elif union:
            continue
        triples += 1
        subjects.add(quad.subject)
        objects.add(quad.object)
        properties[quad.predicate.value] += 1
        if quad.predicate == RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            classes[quad.object.value] += 1
    return Statistics(
        triples=triples,
        graphs=len(graphs),
        distinct_subjects=len(subjects),
        distinct_objects=len(objects),
        classes=tuple(sorted(classes.items())),
        properties=tuple(sorted(properties.items())),
    )


def _handle(store: ox.Store, task: object, row_cap: int) -> object:
    from budgetgraph import queries

    if isinstance(task, SparqlTask):
        return run_sparql(store, task, row_cap)
    if isinstance(task, CatalogTask):
        query = queries.load_query(task.name)
        return queries.run_query(query, store, dict(task.bindings))
    if isinstance(task, StatisticsTask):
        return compute_statistics(store)
    raise QueryError(f"unknown task {type(task).__name__}")


def _open_read_only(path: str, attempts: int = 10) -> ox.Store:
    """Open the store read-only. A writer in another process (an update over HTTP) may be removing
    files its compaction replaced while they are opened: try again a few times before giving up."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.2)
    raise AssertionError("unreachable")


def _worker_main(conn: Connection, store_path: str | None, row_cap: int, in_memory: bool = False) -> None:
    """Loop of a worker process: open the store read-only (or copy it into memory), answer tasks."""
    try:
        store = _open_read_only(store_path) if store_path else ox.Store()
        if in_memory and store_path:
            memory = ox.Store()
            memory.bulk_extend(store)
            store = memory
    except (OSError, RuntimeError) as error:
        conn.send(_Failure("error", f"cannot open the store: {error}"))
        return
    conn.send(_READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        reply: object
        try:
            reply = _handle(store, task, row_cap)
        except SyntaxError as error:
            reply = _Failure("syntax", str(error))
        except BudgetGraphError as error:
            reply = _Failure("query", str(error))
        except Exception as error:  # a query that fails while running (type errors, I/O …)
            reply = _Failure("query", f"{type(error).__name__}: {error}")
        conn.send(reply)


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    generation: int = 0  # the store's state it opened (see WorkerPool.refresh)

    def wait_ready(self) -> None:
        """Wait for a new worker to have opened the store (raises StoreError if it cannot)."""
        if self.ready:
            return
        if not self.conn.poll(STARTUP_TIMEOUT):
            raise StoreError(f"a query worker did not start within {STARTUP_TIMEOUT:g} s")
        message = self.conn.recv()
        if isinstance(message, _Failure):
            raise StoreError(message.message)
        self.ready = True


class WorkerPool:
    """``size`` worker processes over the store at ``store_path`` (read-only)."""

    def __init__(
        self, store_path: Path | None, size: int = 2, row_cap: int = 10000, in_memory: bool = False
    ) -> None:
        self.store_path = str(store_path) if store_path else None
        self.in_memory = in_memory
        self.row_cap = row_cap
        self._context = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        self.killed = 0
        self.generation = 0
        for _ in range(max(1, size)):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(child, self.store_path, self.row_cap, self.in_memory), daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent, generation=self.generation)
        with self._lock:
            self._workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        with self._lock:
            self._workers.remove(worker)

    def refresh(self) -> None:
        """The store changed: every worker opened before now is replaced before its next task (a
        read-only store is a snapshot of the moment it was opened)."""
        self.generation += 1

    def call(self, task: object, timeout: float) -> object:
        """Run ``task`` on a free worker; kill the worker if it overruns ``timeout`` seconds."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise ServerBusyError(f"every query worker stayed busy for {timeout:g} s; try again") from None
        if worker.generation != self.generation:
            self._retire(worker)
            worker = self._spawn()
        replacement = worker
        try:
            worker.wait_ready()
            worker.conn.send(task)
            if not worker.conn.poll(timeout):
                self.killed += 1
                self._retire(worker)
                replacement = self._spawn()
                raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped")
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as error:
            self._retire(worker)
            replacement = self._spawn()
            raise StoreError(f"a query worker failed: {error}") from error
        finally:
            self._idle.put(replacement)
        if isinstance(reply, _Failure):
            if reply.kind == "syntax":
                raise QueryError(reply.message)
            if reply.kind == "error":
                raise StoreError(reply.message)
            raise QueryError(reply.message)
        return reply

    def close(self) -> None:
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            worker.process.kill()
            worker.process.join(5)
            worker.conn.close()
        with self._lock:
            self._workers.clear()


def bindings_tuple(bindings: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in bindings.items() if v != ""))
