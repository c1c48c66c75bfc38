"""Time each SHACL-SPARQL constraint of shapes/ on one document graph, straight on pyoxigraph.

For the document graph number ``--document`` of an RDF file written by ``budgetgraph extract``, it
builds the same pyoxigraph store the validator builds, then runs every sh:select of the per-document
shapes with ``$this`` (the document) and ``$currentShape`` pre-bound through pyoxigraph's
``substitutions`` and prints milliseconds per constraint (slowest first) and the number of rows.
With ``--unbound N`` it also runs each constraint once over the first N documents in one store with
``$this`` left unbound (the batched evaluation). A constraint that takes longer than ``--timeout``
seconds is reported as such (it runs in a child process that is stopped). Prints figures, asserts
nothing.

    .venv/bin/python bench/profile_constraints.py DATA.nq [--document 0] [--unbound 10] [--timeout 60]
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402

from budgetgraph.output import read_dataset  # noqa: E402
from budgetgraph.shacl_sparql import SparqlConstraint, sparql_constraints  # noqa: E402
from budgetgraph.validate import data_store, load_shapes, split_documents  # noqa: E402
from budgetgraph.validate_engine import _shapes_graph  # noqa: E402


def _run(texts: tuple[str, ...], constraint: SparqlConstraint, focus: str | None, out: object) -> None:
    store = data_store(texts)
    substitutions = constraint.substitutions(ox.NamedNode(focus) if focus is not None else None)
    start = time.perf_counter()
    rows = len(list(store.query(constraint.query, substitutions=substitutions)))  # type: ignore[arg-type]
    out.put((time.perf_counter() - start, rows))  # type: ignore[attr-defined]


def timed(texts: tuple[str, ...], constraint: SparqlConstraint, focus: str | None, timeout: float) -> str:
    context = multiprocessing.get_context("spawn")  # a forked pyoxigraph child can hang
    queue: multiprocessing.Queue[tuple[float, int]] = context.Queue()
    child = context.Process(target=_run, args=(texts, constraint, focus, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join()
        return f"> {timeout * 1000:9.0f} ms"
    if child.exitcode != 0:
        return f"failed (exit code {child.exitcode})"
    seconds, rows = queue.get(timeout=5)
    return f"{seconds * 1000:9.1f} ms {rows:5d} rows"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", type=Path)
    parser.add_argument("--document", type=int, default=0)
    parser.add_argument("--unbound", type=int, default=0, help="also run unbound over this many documents")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", default="", help="only constraints whose shape IRI contains this")
    args = parser.parse_args()

    documents = list(split_documents(read_dataset([args.data])))
    doc = documents[args.document]
    shapes = _shapes_graph(load_shapes().per_document)
    constraints = [c for c in sparql_constraints(shapes) if args.only in c.shape]
    triples = doc.ntriples.count("\n")
    print(f"document {doc.document} ({triples} triples), {len(constraints)} constraint shapes")
    for constraint in constraints:
        name = constraint.shape.rsplit("#", 1)[-1]
        line = f"{name:45s} bound: {timed((doc.ntriples,), constraint, str(doc.document), args.timeout)}"
        if args.unbound:
            texts = tuple(d.ntriples for d in documents[: args.unbound])
            line += f"   unbound x{len(texts)}: {timed(texts, constraint, None, args.timeout)}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
