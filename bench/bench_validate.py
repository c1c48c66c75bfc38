"""Validation speed: documents per second and ms per document at 1, 10 and 100 documents, peak
memory, and the ratio against running pyshacl once over the whole merged graph.

Corpora: copies of the five bundled seed texts under fresh document and unit IRIs (as if other units
had published the same tables), and, with ``--data``, the documents of an RDF file written by
``budgetgraph extract`` over a ``budgetgraph generate`` corpus. For each corpus and size, in the same
run, each in its own process (so that its peak RSS is its own):

- split:    ``validate.validate_documents`` (per document graph: pyshacl for the core shapes, the
            SHACL-SPARQL constraints straight on pyoxigraph; cross-document rules per unit), in one
            process and with ``--jobs`` worker processes;
- pyshacl:  the same per-document split with pyshacl running every shape (the engine before this
            change), up to ``--pyshacl-limit`` documents;
- merged:   one pyshacl run with every shape over the whole merged graph (the issue's baseline),
            stopped after ``--timeout`` seconds and then printed as "> N".

Ratios are baseline time / split time (above 1: split is faster). Then, for the first ``--phases``
documents of each corpus, in this process, the milliseconds per document of each step: building the
document's store, pyshacl's core shapes, the SHACL-SPARQL constraints and the findings. It prints
figures and asserts nothing.

    .venv/bin/python bench/bench_validate.py [--data corpus.nq] [--sizes 1 10 100] [--jobs 2]
        [--timeout 600] [--single-limit 100] [--pyshacl-limit 10] [--merged-limit 100] [--phases 10]
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import platform
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from budgetgraph.findings import StoreView, document_findings  # noqa: E402
from budgetgraph.iris import Minter, slug  # noqa: E402
from budgetgraph.output import read_dataset  # noqa: E402
from budgetgraph.pipeline import ExtractOptions, extract_file  # noqa: E402
from budgetgraph.shacl_sparql import evaluate_all, sparql_constraints  # noqa: E402
from budgetgraph.validate import (  # noqa: E402
    DocumentGraph,
    data_store,
    load_shapes,
    run_shacl,
    split_documents,
    validate_documents,
)
from budgetgraph.validate_engine import _shapes_graph  # noqa: E402

SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))


def seed_documents() -> list[tuple[str, str, str]]:
    """(sha256, unit name, N-Triples) of each seed text, extracted once."""
    out = []
    for path in SEEDS:
        extraction, graph = extract_file(path, ExtractOptions())
        out.append((extraction.source.sha256, extraction.info.unit_name, graph.serialize(format="nt")))
    return out


def seed_corpus(seeds: list[tuple[str, str, str]], size: int) -> list[DocumentGraph]:
    """``size`` documents: copies of the seeds under fresh document and unit IRIs."""
    minter = Minter()
    docs = []
    for index in range(size):
        sha, unit, text = seeds[index % len(seeds)]
        copy = index // len(seeds)
        if copy:
            new_sha = hashlib.sha256(f"{sha}/{copy}".encode()).hexdigest()
            text = text.replace(sha, new_sha)
            text = text.replace(str(minter.unit(unit)), str(minter.unit(f"{unit}{copy}")))
            text = text.replace(f"/{slug(unit)}/", f"/{slug(unit + str(copy))}/")
            sha = new_sha
        unit_iri = minter.unit(unit if not copy else f"{unit}{copy}")
        docs.append(DocumentGraph(minter.document(sha), unit_iri, text))
    return docs


@dataclass(frozen=True)
class Run:
    seconds: float | None
    """None: stopped after the timeout."""
    peak_mib: float
    findings: int


def _vm_hwm_kib(pid: int | str = "self") -> int:
    """A process's peak RSS in KiB (VmHWM; 0 where /proc is not available). Not ru_maxrss: that
    carries the parent's peak over fork and exec."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


class PeakWatcher(threading.Thread):
    """Polls the peak RSS of this process's worker processes while a run goes on."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kib = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.05):
            for worker in multiprocessing.active_children():
                if worker.pid is not None:
                    self.peak_kib = max(self.peak_kib, _vm_hwm_kib(worker.pid))


def _split(docs: list[DocumentGraph], jobs: int) -> int:
    return len(validate_documents(docs, load_shapes(), jobs=jobs).findings)


def _pyshacl_per_document(docs: list[DocumentGraph]) -> int:
    return len(validate_documents(docs, load_shapes(), jobs=1, engine="pyshacl").findings)


def _merged(docs: list[DocumentGraph]) -> int:
    store = data_store([d.ntriples for d in docs])
    report = run_shacl(store, load_shapes().per_document, engine="pyshacl")
    return len(report)


def _child(task: Callable[..., int], args: tuple[object, ...], queue: multiprocessing.Queue[Run]) -> None:
    watcher = PeakWatcher()
    watcher.start()
    start = time.perf_counter()
    findings = task(*args)
    seconds = time.perf_counter() - start
    watcher.stopped.set()
    peak = max(_vm_hwm_kib(), watcher.peak_kib) / 1024
    queue.put(Run(seconds, peak, findings))


def measure(task: Callable[..., int], args: tuple[object, ...], timeout: float) -> Run:
    """Run ``task(*args)`` in a fresh process; its wall time, peak RSS and result."""
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[Run] = context.Queue()
    child = context.Process(target=_child, args=(task, args, queue))
    child.start()
    deadline = time.monotonic() + timeout
    while child.is_alive() and time.monotonic() < deadline and queue.empty():
        time.sleep(0.05)
    if queue.empty():
        child.terminate()
        child.join()
        return Run(None, 0.0, 0)
    run = queue.get()
    child.join()
    return run


def _seconds(run: Run, timeout: float) -> str:
    return f"> {timeout:.0f}" if run.seconds is None else f"{run.seconds:.2f}"


def _ratio(baseline: Run, split: Run, timeout: float) -> str:
    if split.seconds is None:
        return "-"
    if baseline.seconds is None:
        return f"> {timeout / split.seconds:.0f}"
    return f"{baseline.seconds / split.seconds:.1f}"


def report(name: str, docs: list[DocumentGraph], args: argparse.Namespace) -> None:
    size = len(docs)
    triples = sum(d.ntriples.count("\n") for d in docs)
    skipped = Run(None, 0.0, 0)
    one = measure(_split, (docs, 1), args.timeout) if size <= args.single_limit else skipped
    many = measure(_split, (docs, args.jobs), args.timeout)
    per_doc = measure(_pyshacl_per_document, (docs,), args.timeout) if size <= args.pyshacl_limit else skipped
    merged = measure(_merged, (docs,), args.timeout) if size <= args.merged_limit else skipped
    ms = f"{one.seconds * 1000 / size:.0f}" if one.seconds is not None else "-"
    rate = f"{size / many.seconds:.2f}" if many.seconds else "-"
    many_ms = f"{many.seconds * 1000 / size:.0f}" if many.seconds else "-"
    print(
        f"| {name} | {size} | {triples} | {_seconds(one, args.timeout) if size <= args.single_limit else '-'}"
        f" | {ms} / {many_ms}"
        f" | {_seconds(many, args.timeout)}"
        f" | {rate} | {one.peak_mib:.0f} / {many.peak_mib:.0f}"
        f" | {_seconds(per_doc, args.timeout) if size <= args.pyshacl_limit else '-'}"
        f" | {_seconds(merged, args.timeout) if size <= args.merged_limit else '-'}"
        f" | {_ratio(merged, one, args.timeout) if size <= args.merged_limit else '-'}"
        f" | {one.findings} |",
        flush=True,
    )


def phases(name: str, docs: list[DocumentGraph]) -> None:
    """Milliseconds per document of each step of validating one document graph, in this process
    (after one warm-up document): building its store, pyshacl's core shapes, the SHACL-SPARQL
    constraints (timed on their own; the core figure is the rest of ``run_shacl``), the findings."""
    shapes = load_shapes().per_document
    constraints = sparql_constraints(_shapes_graph(shapes))
    run_shacl(data_store((docs[0].ntriples,)), shapes)
    totals = dict.fromkeys(("store", "core", "sparql", "findings"), 0.0)
    for doc in docs:
        start = time.perf_counter()
        store = data_store((doc.ntriples,))
        built = time.perf_counter()
        report = run_shacl(store, shapes)
        validated = time.perf_counter()
        document_findings(report, StoreView(store), _shapes_graph(shapes))
        found = time.perf_counter()
        evaluate_all(constraints, store)
        sparql = time.perf_counter() - found
        totals["store"] += built - start
        totals["core"] += validated - built - sparql
        totals["sparql"] += sparql
        totals["findings"] += found - validated
    cells = " | ".join(f"{seconds * 1000 / len(docs):.1f}" for seconds in totals.values())
    print(f"| {name} | {len(docs)} | {cells} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, help="an RDF file of a generated corpus (budgetgraph extract)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a run is stopped")
    parser.add_argument("--single-limit", type=int, default=100, help="largest size run in one process")
    parser.add_argument("--pyshacl-limit", type=int, default=10)
    parser.add_argument("--merged-limit", type=int, default=100)
    parser.add_argument("--skip-seeds", action="store_true")
    parser.add_argument("--phases", type=int, default=10, help="documents timed step by step (0: none)")
    args = parser.parse_args()

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    print(
        f"| corpus | docs | triples | split s (1 proc) | ms/doc (1 proc / {args.jobs} jobs)"
        f" | split s ({args.jobs} jobs) | docs/s"
        " | peak MiB (1 / jobs) | pyshacl per doc s | pyshacl merged s | merged / split | findings |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    if not args.skip_seeds:
        seeds = seed_documents()
        for size in args.sizes:
            report("seed copies", seed_corpus(seeds, size), args)
    if args.data:
        generated = list(split_documents(read_dataset([args.data])))
        for size in args.sizes:
            if size <= len(generated):
                report("generated", generated[:size], args)
    if args.phases:
        print("\nms per document, one process, step by step:")
        print("| corpus | docs | store | core shapes | SHACL-SPARQL | findings |\n|---|---|---|---|---|---|")
        if not args.skip_seeds:
            phases("seed copies", seed_corpus(seed_documents(), args.phases))
        if args.data:
            phases("generated", generated[: args.phases])


if __name__ == "__main__":
    main()
