"""Load speed into the on-disk store, against rdflib parsing the same N-Triples, in the same run.

    .venv/bin/python bench/bench_load.py [--sizes 100,1000] [--rdflib-docs 100] [--cache DIR]

The corpus is generated once (``budgetgraph generate --units 500 --years 1 --formats text
--seed 11``: 1,000 text documents), extracted once to N-Quads and cached under ``--cache``
(default /tmp/budgetgraph-bench-load, never the repository); the corpus of N documents is the first
N document graphs of that file. For each size, each measurement runs in a fresh child process (so
its peak RSS is its own), on a fresh store in the cache folder:

- ``load``: ``GraphStore.load_file`` (what ``budgetgraph load`` runs): document graphs plus the
  deduplicated default graph, journalled;
- ``reload``: the same file again into that store (every graph unchanged: skipped);
- ``bulk``: pyoxigraph's own ``bulk_load`` of the same file into an empty on-disk store (document
  graphs only, no default graph, no journal): the ceiling;
- ``bulk+dg``: the same, then ``bulk_load`` of the same triples as N-Triples (prepared beforehand,
  cached) into the default graph: the floor for a store whose default graph is the union;
- ``rdflib``: rdflib parsing the same triples as N-Triples into one ``Graph`` (the issue's
  baseline); ``--rdflib-docs`` limits it to the first documents (their triples/s is the figure).

Each line gives wall seconds, CPU seconds of the child (all its threads), triples per second of
wall and of CPU time, and peak RSS. The machine is shared: CPU rates are the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from budgetgraph.store import open_store
from budgetgraph.store_files import nquads_graphs

DEFAULT_CACHE = Path("/tmp/budgetgraph-bench-load")
MODES = ("load", "reload", "bulk", "bulk+dg", "rdflib")
UNITS, SEED = 500, 11


def _cli(*args: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from budgetgraph.cli import main; sys.exit(main(sys.argv[1:]))",
            *args,
        ],
        check=True,
    )


def corpus(cache: Path, size: int) -> Path:
    """The cached N-Quads of the first ``size`` documents (built on first use)."""
    full = cache / "docs-1000.nq"
    if not full.exists():
        docs = cache / "docs-1000"
        if not docs.exists():
            _cli(
                "generate",
                "--units",
                str(UNITS),
                "--years",
                "1",
                "--formats",
                "text",
                "--seed",
                str(SEED),
                "-o",
                str(docs),
            )
        _cli("extract", str(docs), "-o", str(full), "-q")
    if size >= 1000:
        return full
    part = cache / f"docs-{size}.nq"
    if not part.exists():
        with (cache / f"docs-{size}.nq.part").open("wb") as out:
            for count, graph in enumerate(nquads_graphs(full)):
                if count == size:
                    break
                out.write(graph.nquads)
        (cache / f"docs-{size}.nq.part").rename(part)
    return part


def ntriples(data: Path) -> Path:
    """The document triples of ``data`` as N-Triples (cached beside it)."""
    target = data.with_suffix(".nt")
    if not target.exists():
        with target.with_suffix(".nt.part").open("wb") as out:
            for graph in nquads_graphs(data):
                out.write(graph.ntriples)
        target.with_suffix(".nt.part").rename(target)
    return target


def _measure(mode: str, data: Path, store: Path, limit: int) -> dict[str, float]:
    """One measurement in this (child) process."""
    triples = 0
    start, cpu = time.perf_counter(), time.process_time()
    if mode in ("load", "reload"):
        if mode == "load":
            shutil.rmtree(store, ignore_errors=True)
        result = open_store(store).load_file(data)
        triples = result.quads
    elif mode == "bulk":
        shutil.rmtree(store, ignore_errors=True)
        raw = ox.Store(str(store))
        raw.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        raw.flush()
        triples = data.read_bytes().count(b"\n")
    elif mode == "bulk+dg":
        triples_file = ntriples(data)
        start, cpu = time.perf_counter(), time.process_time()
        shutil.rmtree(store, ignore_errors=True)
        raw = ox.Store(str(store))
        raw.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        raw.bulk_load(path=str(triples_file), format=ox.RdfFormat.N_TRIPLES)
        raw.flush()
        triples = data.read_bytes().count(b"\n")
    elif mode == "rdflib":
        import rdflib

        text = b"".join(g.ntriples for _, g in zip(range(limit), nquads_graphs(data), strict=False))
        start, cpu = time.perf_counter(), time.process_time()
        graph = rdflib.Graph()
        graph.parse(data=text.decode("utf-8"), format="nt")
        triples = len(graph)
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    if mode == "reload":  # nothing loaded: the rate is of the triples checked and skipped
        triples = sum(g.quads for g in nquads_graphs(data))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"triples": triples, "wall": wall, "cpu": used, "rss": peak}


def _child(mode: str, data: Path, store: Path, limit: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", mode, str(data), str(store), str(limit)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes in documents (≤ 1000)")
    parser.add_argument("--rdflib-docs", type=int, default=100, help="documents rdflib parses (0: all)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--modes", default=",".join(MODES), help="measurements to run (default: all)")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, data, store, limit = args.child
        print(json.dumps(_measure(mode, Path(data), Path(store), int(limit))))
        return
    args.cache.mkdir(parents=True, exist_ok=True)
    machine = f"{platform.node()} · {platform.machine()} · {os.cpu_count()} cores"
    print(f"# {machine} · Python {platform.python_version()}")
    print(f"# pyoxigraph {ox.__version__} · load average {os.getloadavg()[0]:.1f} at start")
    columns = ("wall s", "cpu s", "tr/s wall", "tr/s cpu", "peak MB")
    header = f"{'docs':>5} {'measure':<8} {'triples':>11} " + " ".join(f"{c:>10}" for c in columns)
    print(header)
    print("-" * len(header))
    peaks: dict[int, float] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        data = corpus(args.cache, size)
        store = args.cache / f"store-{size}"
        rows: dict[str, dict[str, float]] = {}
        limit = args.rdflib_docs or size
        for mode in args.modes.split(","):
            rows[mode] = figures = _child(mode, data, store, min(limit, size))
            triples, wall, cpu = figures["triples"], figures["wall"], figures["cpu"]
            cells = (f"{wall:.1f}", f"{cpu:.1f}", f"{triples / wall:,.0f}", f"{triples / cpu:,.0f}")
            cells += (f"{figures['rss']:,.0f}",)
            print(f"{size:>5} {mode:<8} {triples:>11,.0f} " + " ".join(f"{c:>10}" for c in cells), flush=True)
        shutil.rmtree(store, ignore_errors=True)
        if "load" in rows:
            peaks[size] = rows["load"]["rss"]

        def rate(mode: str, clock: str, rows: dict[str, dict[str, float]] = rows) -> float:
            return rows[mode]["triples"] / rows[mode][clock]

        for other in ("rdflib", "bulk", "bulk+dg"):
            if "load" in rows and other in rows:
                print(
                    f"      load vs {other}: {rate('load', 'wall') / rate(other, 'wall'):.2f}× (wall), "
                    f"{rate('load', 'cpu') / rate(other, 'cpu'):.2f}× (CPU)"
                )
    sizes = sorted(peaks)
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(
            f"# load peak RSS {peaks[first]:,.0f} MB at {first} documents, {peaks[last]:,.0f} MB at {last} "
            f"({peaks[last] / peaks[first]:.2f}× for {last / first:.0f}× the documents)"
        )


if __name__ == "__main__":
    main()
