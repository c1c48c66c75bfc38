"""Validation time for 1, 10 and 100 documents, per document graph against one merged graph.

The five bundled seed texts are extracted once; copies of their graphs with fresh document and unit
IRIs (as if other units had published the same tables) make up corpora of 1, 10 and 100 documents.
For each corpus, in the same run:

- per-document: ``validate.validate_documents`` (pyshacl over each document's graph, plus the
  cross-document rules per unit), in one process and with ``--jobs`` worker processes;
- baseline:     one pyshacl run with the same shapes over the whole merged graph (the same pyoxigraph
  engine and shapes, every document at once).

It prints wall seconds, seconds per document and the ratio baseline / per-document (above 1: the
per-document split is faster). The merged run is skipped above ``--merged-limit`` documents: it grows
faster than linearly (measured on a loaded 2-core machine: 4–11 times the per-document time at 10
documents), so 100 documents would take hours. It prints figures and asserts nothing.

    .venv/bin/python bench/bench_validate.py [--sizes 1 10 100] [--jobs 2] [--merged-limit 10]
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from budgetgraph.iris import Minter, slug  # noqa: E402
from budgetgraph.pipeline import ExtractOptions, extract_file  # noqa: E402
from budgetgraph.validate import (  # noqa: E402
    DocumentGraph,
    data_store,
    load_shapes,
    run_shacl,
    validate_documents,
)

SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))


def seed_documents() -> list[tuple[str, str, str]]:
    """(sha256, unit name, N-Triples) of each seed text, extracted once."""
    out = []
    for path in SEEDS:
        extraction, graph = extract_file(path, ExtractOptions())
        out.append((extraction.source.sha256, extraction.info.unit_name, graph.serialize(format="nt")))
    return out


def corpus(seeds: list[tuple[str, str, str]], size: int) -> list[DocumentGraph]:
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


def timed(run: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()  # type: ignore[operator]
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--merged-limit", type=int, default=10)
    args = parser.parse_args()

    print(f"python {platform.python_version()} on {platform.machine()}, {len(SEEDS)} seed texts")
    seeds = seed_documents()
    shapes = load_shapes()
    print(
        f"{'docs':>5} {'triples':>9} {'per-doc s':>10} {'s/doc':>7} {'jobs':>4} {'jobs s':>8}"
        f" {'merged s':>9} {'ratio':>6} {'findings':>8}"
    )
    for size in args.sizes:
        docs = corpus(seeds, size)
        triples = sum(d.ntriples.count("\n") for d in docs)
        single, report = timed(lambda docs=docs: validate_documents(docs, shapes, jobs=1))
        parallel, _ = timed(lambda docs=docs: validate_documents(docs, shapes, jobs=args.jobs))
        merged_text = "-"
        ratio_text = "-"
        if size <= args.merged_limit:
            store = data_store([d.ntriples for d in docs])
            merged, _ = timed(lambda store=store: run_shacl(store, shapes.per_document))
            merged_text = f"{merged:9.2f}"
            ratio_text = f"{merged / single:6.2f}"
        findings = len(report.findings)  # type: ignore[attr-defined]
        print(
            f"{size:>5} {triples:>9} {single:>10.2f} {single / size:>7.3f} {args.jobs:>4} {parallel:>8.2f}"
            f" {merged_text:>9} {ratio_text:>6} {findings:>8}"
        )


if __name__ == "__main__":
    main()
