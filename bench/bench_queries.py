"""Each catalog query's time over a corpus, unscoped and scoped to one unit: pyoxigraph against rdflib.

Give one or more N-Quads files written by ``budgetgraph extract`` (for example of 100 and of 1,000
generated documents)::

    .venv/bin/budgetgraph generate --units 50 --years 1 --formats text --seed 7 -o /tmp/corpus
    .venv/bin/budgetgraph extract /tmp/corpus -o /tmp/corpus.nq -q
    .venv/bin/python bench/bench_queries.py /tmp/corpus.nq [--rdflib-timeout 30] [--repeat 3]

For each file it prints the time to load it into pyoxigraph and to build the deduplicated default
graph, then per catalog query the median time of ``run_query`` (the catalog's own code path) unscoped
and with ``unitName`` bound to one unit of the corpus, and the same query text with the same binding
run by rdflib's SPARQL engine over an rdflib Dataset of the same quads (union default graph), in a
child process that is stopped after ``--rdflib-timeout`` seconds (then the figure is a lower bound).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Literal

from budgetgraph import queries
from budgetgraph.namespaces import PREFIXES
from budgetgraph.output import read_dataset
from budgetgraph.store import build_union_default


def _median_time(run: object, repeat: int) -> tuple[float, int]:
    assert callable(run)
    times: list[float] = []
    rows = 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def _rdflib_worker(path: str, conn: Connection) -> None:
    dataset = Dataset(default_union=True)
    start = time.perf_counter()
    dataset.parse(path, format="nquads")
    conn.send(("parsed", time.perf_counter() - start))
    while True:
        job = conn.recv()
        if job is None:
            return
        text, unit = job
        bindings = {} if unit is None else {"unitName": Literal(unit)}
        start = time.perf_counter()
        result = dataset.query(text, initNs=dict(PREFIXES), initBindings=bindings)
        rows = len(list(result))
        conn.send((time.perf_counter() - start, rows))


class RdflibRunner:
    """rdflib in a child process, restarted (re-parsing the data) after a query overruns its time."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self.process: mp.process.BaseProcess | None = None
        self.conn: Connection | None = None
        self.parse_seconds = 0.0

    def _start(self) -> Connection:
        if self.conn is None:
            parent, child = mp.Pipe()
            self.process = mp.get_context("fork").Process(target=_rdflib_worker, args=(str(self.path), child))
            self.process.start()
            _, self.parse_seconds = parent.recv()
            self.conn = parent
        return self.conn

    def run(self, text: str, unit: str | None) -> str:
        conn = self._start()
        conn.send((text, unit))
        if conn.poll(self.timeout):
            seconds, rows = conn.recv()
            return f"{seconds:8.3f}s {rows:6d}"
        self.stop()
        return f">{self.timeout:7.0f}s   (stopped)"

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
        self.process = None
        self.conn = None


def bench_file(
    path: Path,
    rdflib_timeout: float,
    repeat: int,
    with_rdflib: bool,
    rdflib_data: Path | None = None,
    only: str | None = None,
    scoped_only: bool = False,
) -> None:
    start = time.perf_counter()
    if path.is_dir():  # a store written by `budgetgraph load`, read on disk as the server reads it
        store = ox.Store.read_only(str(path))
        loaded = time.perf_counter() - start
        union = 0.0
    else:
        store = read_dataset([path])
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        build_union_default(store)
        union = time.perf_counter() - start
    documents = queries.run_query(queries.load_query("documents"), store)
    unit = str(documents.records()[0]["unitName"])
    print(
        f"\n{path}: {len(documents.rows)} documents; pyoxigraph {'open' if path.is_dir() else 'load'} "
        f"{loaded:.1f}s, deduplicated default graph {union:.1f}s; scoped to unit {unit}"
    )
    rdflib_path = rdflib_data if rdflib_data is not None else (None if path.is_dir() else path)
    rdflib = RdflibRunner(rdflib_path, rdflib_timeout) if with_rdflib and rdflib_path else None
    header = f"{'query':32s} {'oxigraph all':>13s} {'rows':>6s} {'oxigraph unit':>13s} {'rows':>5s}"
    if rdflib is not None:
        header += f"  {'rdflib all':>10s} {'rows':>6s}  {'rdflib unit':>10s} {'rows':>6s}"
    print(header, flush=True)
    try:
        chosen = None if only is None else {n.strip() for n in only.split(",")}
        for query in queries.catalog():
            if chosen is not None and query.name not in chosen:
                continue
            scoped = any(p.name == "unitName" for p in query.parameters)
            if scoped_only:
                line = f"{query.name:32s} {'-':>13s} {'-':>6s}"
            else:
                whole, rows = _median_time(lambda q=query: len(queries.run_query(q, store).rows), repeat)
                line = f"{query.name:32s} {whole:12.3f}s {rows:6d}"
            if scoped:
                one, unit_rows = _median_time(
                    lambda q=query: len(queries.run_query(q, store, {"unitName": unit}).rows), repeat
                )
                line += f" {one:12.4f}s {unit_rows:5d}"
            else:
                line += f" {'-':>13s} {'-':>5s}"
            if rdflib is not None:
                line += "  " + ("-" if scoped_only else rdflib.run(query.text, None))
                line += "  " + (rdflib.run(query.text, unit) if scoped else "-")
            print(line, flush=True)
        if rdflib is not None:
            print(f"rdflib parse of {path.name}: {rdflib.parse_seconds:.1f}s")
    finally:
        if rdflib is not None:
            rdflib.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "data", nargs="+", type=Path, help="N-Quads files from budgetgraph extract, or store directories"
    )
    parser.add_argument(
        "--rdflib-data", type=Path, help="N-Quads rdflib parses for a store directory (e.g. a subset)"
    )
    parser.add_argument("--only", help="comma-separated catalog queries (default: all)")
    parser.add_argument(
        "--scoped-only", action="store_true", help="skip the unscoped runs (minutes each on a large store)"
    )
    parser.add_argument("--rdflib-timeout", type=float, default=30.0, help="seconds per rdflib query")
    parser.add_argument("--repeat", type=int, default=3, help="runs per pyoxigraph figure (median)")
    parser.add_argument("--no-rdflib", action="store_true", help="pyoxigraph only")
    args = parser.parse_args()
    for path in args.data:
        bench_file(
            path,
            args.rdflib_timeout,
            args.repeat,
            not args.no_rdflib,
            args.rdflib_data,
            args.only,
            args.scoped_only,
        )


if __name__ == "__main__":
    main()
