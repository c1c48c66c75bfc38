"""Catalog queries over HTTP: budgetgraph serve (pyoxigraph on disk) against rdflib in memory.

Builds a corpus of N documents by copying the seeds' extracted graphs under new unit names (each copy
gets its own sha256, unit, sub-units and projects), loads it into an on-disk store, then drives both
servers over HTTP with 8 concurrent clients running catalog queries scoped to one random unit:

* budgetgraph: the real app (create_app) on waitress, queries in its killable worker processes;
* baseline: the same catalog queries, same bindings, run by rdflib's SPARQL engine over an in-memory
  rdflib Dataset of the same data (union default graph), served by a minimal Flask app on waitress.

Prints p50/p99 latency and throughput of each, and the ratio, measured in the same run.

    .venv/bin/python bench/bench_serve.py --documents 1000 --seconds 30
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import hashlib
import multiprocessing
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import cast

import pyoxigraph as ox
import waitress.server
from flask import Flask, Response, request
from rdflib import Dataset, Literal, Variable

from budgetgraph import queries
from budgetgraph.iris import slug
from budgetgraph.namespaces import PREFIXES
from budgetgraph.store import open_store
from budgetgraph.web import WebConfig, close_app, create_app

ROOT = Path(__file__).resolve().parents[1]
BG_UNIT = ox.NamedNode("https://w3id.org/budgetgraph/def#unit")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
QUERIES = (
    "documents",
    "expenditure_by_function",
    "gpb_expenditure_by_function",
    "basic_by_economic",
    "projects",
    "three_public",
    "staffing",
)


def seed_graphs(data: Path) -> list[tuple[str, str, str]]:
    """(sha256, unit name, N-Quads text) of each document graph in ``data``."""
    store = ox.Store()
    store.bulk_load(path=str(data))
    out = []
    for graph in store.named_graphs():
        assert isinstance(graph, ox.NamedNode)
        sha = graph.value.rsplit("/", 1)[1]
        units = [q.object for q in store.quads_for_pattern(None, BG_UNIT, None, graph)]
        labels = (
            [q.object.value for q in store.quads_for_pattern(units[0], LABEL, None, graph)] if units else []
        )
        text = (
            ox.serialize(store.quads_for_pattern(None, None, None, graph), format=ox.RdfFormat.N_QUADS) or b""
        ).decode()
        if labels:
            out.append((sha, labels[0], text))
    return out


def build_corpus(seeds: list[tuple[str, str, str]], documents: int, target: Path) -> list[str]:
    """Write ``documents`` perturbed copies of the seed graphs to ``target``; returns the unit names."""
    units = []
    with target.open("w", encoding="utf-8") as out:
        for i in range(documents):
            sha, unit, text = seeds[i % len(seeds)]
            copy = i // len(seeds)
            new_unit = f"{unit}第{copy:04d}分局" if copy else unit
            new_sha = hashlib.sha256(f"{sha}:{copy}".encode()).hexdigest() if copy else sha
            out.write(text.replace(sha, new_sha).replace(slug(unit), slug(new_unit)).replace(unit, new_unit))
            units.append(new_unit)
    return units


def rdflib_app(dataset: Dataset) -> Flask:
    """The baseline: catalog queries run by rdflib's SPARQL engine, rendered as CSV."""
    app = Flask("rdflib-baseline")
    lock = threading.Lock()  # rdflib's query parser is not thread-safe (and its engine holds the GIL)
    namespaces = {p: str(ns) for p, ns in PREFIXES.items()}

    @app.route("/queries/<name>.csv")
    def run(name: str) -> Response:
        query = queries.load_query(name)
        bindings = {Variable(k): Literal(v) for k, v in request.args.items()}
        with lock:
            result = list(dataset.query(query.text, initNs=namespaces, initBindings=bindings))
        lines = [",".join(query.columns)]
        lines += [",".join("" if v is None else str(v) for v in row) for row in result]  # type: ignore[union-attr]
        return Response("\n".join(lines) + "\n", mimetype="text/csv")

    return app


@dataclass
class Run:
    latencies: list[float]
    errors: int
    seconds: float


def drive(
    base: str,
    units: list[str],
    clients: int,
    seconds: float,
    seed: int,
    timeout: float = 600.0,
    names: tuple[str, ...] = QUERIES,
) -> Run:
    """``clients`` threads issue unit-scoped catalog queries for ``seconds``; a request that takes longer
    than ``timeout`` counts as an error (its latency is then at least ``timeout``)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(number: int) -> None:
        nonlocal errors
        rng = random.Random(seed * 100 + number)
        while time.perf_counter() < stop:
            name = rng.choice(names)
            url = f"{base}/queries/{name}.csv?" + urllib.parse.urlencode({"unitName": rng.choice(units)})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Run(latencies, errors, time.perf_counter() - started)


def _run_server(app: Flask, threads: int, ready: Queue[object], stop: Event, info: object) -> None:
    server = waitress.server.create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    ready.put((server.effective_port, info))
    stop.wait()
    server.close()


def _budgetgraph_server(config: WebConfig, threads: int, ready: Queue[object], stop: Event) -> None:
    app = create_app(config)
    try:
        _run_server(app, threads, ready, stop, None)
    finally:
        close_app(app)


def _rdflib_server(corpus: Path, threads: int, ready: Queue[object], stop: Event) -> None:
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(corpus, format="nquads")
    seconds = time.perf_counter() - started
    documents = len({c.identifier for c in dataset.graphs()} - {dataset.default_graph.identifier})
    _run_server(rdflib_app(dataset), threads, ready, stop, (documents, len(dataset), seconds))


@contextlib.contextmanager
def served(target: Callable[..., None], argument: object, threads: int) -> Iterator[tuple[str, object]]:
    """A server run by ``target(argument, …)`` in its own process (so that the clients' Python does not
    share its interpreter lock): its base URL and what it reports when ready."""
    context = multiprocessing.get_context("spawn")
    ready: Queue[object] = context.Queue()
    stop = context.Event()
    process = context.Process(target=target, args=(argument, threads, ready, stop))
    process.start()
    try:
        port, info = cast(tuple[int, object], ready.get(timeout=3600))
        yield f"http://127.0.0.1:{port}", info
    finally:
        stop.set()
        process.join(120)
        if process.is_alive():
            process.kill()


def report(name: str, run: Run) -> tuple[float, float, float]:
    ordered = sorted(run.latencies)
    if not ordered:
        print(f"{name:<34} no successful request ({run.errors} errors)")
        return float("nan"), float("nan"), 0.0
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    rate = len(ordered) / run.seconds
    print(f"{name:<34} {len(ordered):>7} {run.errors:>6} {p50:>10.1f} {p99:>10.1f} {rate:>10.1f}")
    return p50, p99, rate


def store_units(store_dir: Path) -> list[str]:
    """The names of the units the documents of an existing store are about."""
    store = ox.Store.read_only(str(store_dir))
    units = {q.object for q in store.quads_for_pattern(None, BG_UNIT, None, ox.DefaultGraph())}
    names = set()
    for unit in units:
        if isinstance(unit, ox.NamedNode):
            names.update(
                q.object.value for q in store.quads_for_pattern(unit, LABEL, None, ox.DefaultGraph())
            )
    return sorted(names)


def subset_nquads(store_dir: Path, documents: int, target: Path) -> list[str]:
    """The first ``documents`` document graphs of a store as N-Quads (rdflib's share of the corpus);
    returns their units' names."""
    store = ox.Store.read_only(str(store_dir))
    graphs = sorted(g.value for g in store.named_graphs() if "/graph/" in g.value)[:documents]
    names = set()
    with target.open("wb") as out:
        for name in graphs:
            graph = ox.NamedNode(name)
            out.write(
                ox.serialize(store.quads_for_pattern(None, None, None, graph), format=ox.RdfFormat.N_QUADS)
                or b""
            )
            for quad in store.quads_for_pattern(None, BG_UNIT, None, graph):
                names.update(q.object.value for q in store.quads_for_pattern(quad.object, LABEL, None, graph))
    return sorted(names)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=30.0, help="run time per server")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--queries", default=",".join(QUERIES), help="comma-separated catalog queries to mix")
    parser.add_argument(
        "--baseline-timeout",
        type=float,
        default=120.0,
        help="seconds after which an rdflib request is given up (counted as an error)",
    )
    parser.add_argument(
        "--data", type=Path, help="extracted seeds (.nq); default: extract tests/fixtures/seeds"
    )
    parser.add_argument(
        "--store",
        type=Path,
        help="an existing store (budgetgraph load of a generated corpus) instead of seed copies",
    )
    parser.add_argument(
        "--rdflib-documents",
        type=int,
        help="with --store: rdflib gets only the first N document graphs (it cannot hold a large corpus)",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the in-memory worker run")
    args = parser.parse_args()
    names = tuple(n.strip() for n in args.queries.split(",") if n.strip())
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)  # the corpus copy and the seed store
    if args.store is not None:
        store_dir = args.store
        units = store_units(store_dir)
        corpus = work / "rdflib.nq"
        rdflib_units = subset_nquads(store_dir, args.rdflib_documents or args.documents, corpus)
        documents = len(
            [g for g in ox.Store.read_only(str(store_dir)).named_graphs() if "/graph/" in g.value]
        )
        loaded_text = f"existing store {store_dir}"
    else:
        data = args.data
        if data is None:
            from budgetgraph.cli import main as cli

            data = work / "seeds.nq"
            if cli(["extract", str(ROOT / "tests/fixtures/seeds"), "-o", str(data)]) != 0:
                return 1
        corpus = work / "corpus.nq"
        units = build_corpus(seed_graphs(data), args.documents, corpus)
        rdflib_units = units
        documents = args.documents
        store_dir = work / "store"
        started = time.perf_counter()
        store = open_store(store_dir)
        loaded = store.load_file(corpus)
        store.flush()
        del store
        load_seconds = time.perf_counter() - started
        loaded_text = f"{loaded.quads:,} quads; store load {load_seconds:.1f} s"
    print(f"corpus: {documents} documents ({loaded_text})")
    print(
        f"machine: {os.cpu_count()} cores; {args.clients} concurrent clients; {args.seconds:g} s per server; "
        f"queries: {', '.join(names)} scoped to one random unit ({len(units)} units; rdflib's drawn from "
        f"its {len(rdflib_units)}); each server in its own process, the clients in this one"
    )
    print(f"{'server':<34} {'requests':>7} {'errors':>6} {'p50 ms':>10} {'p99 ms':>10} {'req/s':>10}")
    figures = {}
    runs = [("budgetgraph, store on disk", False)] + (
        [] if args.no_memory else [("budgetgraph, workers in memory", True)]
    )
    for label, in_memory in runs:
        config = WebConfig(
            store=store_dir, workers=max(2, os.cpu_count() or 2), query_timeout=600, in_memory=in_memory
        )
        with served(_budgetgraph_server, config, args.clients) as (url, _info):
            drive(url, units, 2, 3.0, 0)  # warm-up (and wait for the workers to be up)
            figures[label] = report(label, drive(url, units, args.clients, args.seconds, 1, names=names))
            if rdflib_units is not units:  # the same units rdflib is asked about
                figures[label + " (rdflib's units)"] = report(
                    label + " (rdflib's units)",
                    drive(url, rdflib_units, args.clients, args.seconds, 2, names=names),
                )
    with served(_rdflib_server, corpus, args.clients) as (url, info):
        rdflib_documents, triples, parse_seconds = cast(tuple[int, int, float], info)
        print(f"rdflib: {rdflib_documents} documents, {triples:,} triples, parsed in {parse_seconds:.1f} s")
        run = drive(url, rdflib_units, args.clients, args.seconds, 1, args.baseline_timeout, names)
        baseline = report(f"rdflib in memory ({rdflib_documents} docs)", run)
    for label, (p50, p99, rate) in figures.items():
        if run.latencies:
            print(
                f"{label} / rdflib ({rdflib_documents} docs): p50 {p50 / baseline[0]:.3f}×, "
                f"p99 {p99 / baseline[1]:.3f}×, throughput {rate / baseline[2]:.1f}×"
            )
        else:  # rdflib finished nothing: its latency is only known to exceed the timeout
            bound = args.baseline_timeout * 1000
            verdict = (
                f"p50 at most {p50 / bound:.3f}× rdflib's" if p50 < bound else "inconclusive (both too slow)"
            )
            print(f"{label}: rdflib answered no request within {args.baseline_timeout:g} s; {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
