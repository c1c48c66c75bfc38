"""The SHACL-SPARQL constraints of this checkout's shapes/ against those of a git revision: time per
document and whether they give the same solutions, side by side in one process.

For every document graph of the RDF files given (written by ``budgetgraph extract``), it builds the
store the validator builds (``validate.data_store``) and runs each shape's sh:select twice, once as
in shapes/ and once as at ``--against`` (the same shape IRI; the order alternates from document to
document), with ``$this`` and ``$currentShape`` pre-bound as the validator binds them. It prints
milliseconds per document for each shape whose query changed (and the total over all shapes), the
number of solutions, and the number of documents where the two disagree.

With ``--candidates`` the rules' final test, ``IF(STRENDS(STR($currentShape), "-rounding"), …, …)``
(the arithmetic rules' HAVING or FILTER that keeps only the lines that do not add up), is replaced by
``true`` in both queries, so that every candidate line with its expected sum is compared, not only the
few that fail. Prints figures; asserts nothing.

    .venv/bin/python bench/compare_constraints.py DATA.nq [DATA ...] [--against REV] [--documents N]
        [--candidates] [--only NAME]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph as ox  # noqa: E402

from budgetgraph.output import read_dataset  # noqa: E402
from budgetgraph.shacl_sparql import SparqlConstraint, sparql_constraints  # noqa: E402
from budgetgraph.validate import data_store, load_shapes, split_documents  # noqa: E402
from budgetgraph.validate_engine import _shapes_graph  # noqa: E402

_FINAL_TEST = 'IF(STRENDS(STR($currentShape), "-rounding"),'


def _without_final_test(query: str) -> str:
    """The query with each ``IF(STRENDS(STR($currentShape), "-rounding"), a, b)`` replaced by true."""
    out, position = [], 0
    while (start := query.find(_FINAL_TEST, position)) >= 0:
        depth, end = 0, start
        for end in range(start, len(query)):
            depth += {"(": 1, ")": -1}.get(query[end], 0)
            if depth == 0 and query[end] == ")":
                break
        out.append(query[position:start] + "true")
        position = end + 1
    return "".join(out) + query[position:]


def _constraints_at(revision: str) -> dict[str, SparqlConstraint]:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "shapes"], capture_output=True, check=True
    ).stdout
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        shapes = load_shapes(Path(folder) / "shapes")
    graph = _shapes_graph(shapes.per_document)
    return {c.shape: c for c in sparql_constraints(graph, portable_only=False)}


@dataclass
class Tally:
    base: float = 0.0
    current: float = 0.0
    rows: int = 0
    differing: int = 0


def _solutions(store: ox.Store, constraint: SparqlConstraint, focus: ox.NamedNode) -> tuple[float, list[str]]:
    start = time.perf_counter()
    rows = store.query(constraint.query, substitutions=constraint.substitutions(focus))  # type: ignore[arg-type]
    solutions = sorted(str(row) for row in rows)  # type: ignore[union-attr]
    return time.perf_counter() - start, solutions


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", type=Path, nargs="+")
    parser.add_argument("--against", default="HEAD", help="git revision of the baseline shapes")
    parser.add_argument("--documents", type=int, default=0, help="at most this many documents per file")
    parser.add_argument("--candidates", action="store_true", help="compare every candidate line")
    parser.add_argument("--only", default="", help="only shapes whose IRI contains this")
    args = parser.parse_args()

    current = {c.shape: c for c in sparql_constraints(_shapes_graph(load_shapes().per_document))}
    base = _constraints_at(args.against)
    shared = sorted(shape for shape in current.keys() & base.keys() if args.only in shape)
    if args.candidates:
        current = {s: replace(c, query=_without_final_test(c.query)) for s, c in current.items()}
        base = {s: replace(c, query=_without_final_test(c.query)) for s, c in base.items()}
    print(f"{len(shared)} shapes in both; only here: {len(current.keys() - base.keys())}, "
          f"only at {args.against}: {len(base.keys() - current.keys())}")  # fmt: skip
    tallies = {shape: Tally() for shape in shared}
    documents = 0
    for path in args.data:
        graphs = list(split_documents(read_dataset([path])))
        for number, doc in enumerate(graphs[: args.documents or None]):
            store = data_store((doc.ntriples,))
            focus = ox.NamedNode(str(doc.document))
            documents += 1
            for shape in shared:
                tally, pair = tallies[shape], (base[shape], current[shape])
                order = (0, 1) if number % 2 else (1, 0)
                seconds, solutions = [0.0, 0.0], [[], []]  # type: ignore[var-annotated]
                for side in order:
                    seconds[side], solutions[side] = _solutions(store, pair[side], focus)
                tally.base += seconds[0]
                tally.current += seconds[1]
                tally.rows += len(solutions[1])
                tally.differing += solutions[0] != solutions[1]
    if not documents:
        raise SystemExit("no documents")
    per_doc = 1000 / documents
    print(f"{documents} documents; ms per document, {args.against} → this checkout")
    print(f"{'shape':45s} {'before':>8s} {'after':>8s} {'ratio':>6s} {'rows':>7s} differing")
    for shape in shared:
        t = tallies[shape]
        if base[shape].query == current[shape].query and not t.differing:
            continue
        name = shape.rsplit("#", 1)[-1]
        ratio = t.base / t.current if t.current else float("inf")
        before, after = t.base * per_doc, t.current * per_doc
        print(f"{name:45s} {before:8.1f} {after:8.1f} {ratio:6.2f} {t.rows:7d} {t.differing}")
    before = sum(t.base for t in tallies.values()) * per_doc
    after = sum(t.current for t in tallies.values()) * per_doc
    differing = sum(t.differing for t in tallies.values())
    print(f"{'all shapes':45s} {before:8.1f} {after:8.1f} {before / after:6.2f} {'':7s} {differing}")


if __name__ == "__main__":
    main()
