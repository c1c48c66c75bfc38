"""``budgetgraph extract INPUT... -o OUT | --store DIR``: documents in, a budget knowledge graph out
(to a file, or incrementally into the on-disk store: see ``budgetgraph.ingest``)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rdflib import URIRef

from budgetgraph.namespaces import DEFAULT_BASE
from budgetgraph.pipeline import ExtractOptions, FileOutcome, default_jobs, expand_inputs, extract_batch

if TYPE_CHECKING:
    from budgetgraph.output import GraphWriter
    from budgetgraph.store import GraphStore

HELP = "extract disclosures (PDF, text/Markdown, HTML; folders are walked) into RDF"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="files or folders")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="output file, format by extension: .ttl .nt .nq .trig .jsonld (quads: a graph per document)",
    )
    parser.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="extract into this on-disk store (as `budgetgraph load` would): documents it already holds "
        "(same sha256) are skipped, a changed file replaces its earlier graph, and an interrupted run "
        "resumes when run again; with -o too, OUT gets only the documents extracted in this run",
    )
    parser.add_argument(
        "--no-optimize",
        dest="optimize",
        action="store_false",
        help="with --store: do not compact the store at the end (faster to load, slower to query)",
    )
    parser.add_argument(
        "--commit-every",
        type=int,
        default=0,
        metavar="N",
        help="with --store: commit every N documents (default: about 200,000 triples' worth)",
    )
    parser.add_argument(
        "--base", default=DEFAULT_BASE, help=f"base IRI of minted data (default {DEFAULT_BASE})"
    )
    parser.add_argument("--password", default=None, help="password for encrypted PDFs")
    parser.add_argument(
        "-j", "--jobs", type=int, default=0, help="worker processes (default: one per core; 1 = in-process)"
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        default=None,
        help="write a JSON-lines manifest of the run: per file status, error, counts, timings",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def manifest_entry(outcome: FileOutcome, *, store: bool = False) -> str:
    """One manifest line (JSON) for a file's outcome (``store``: with the graphs it replaced)."""
    entry: dict[str, object] = {
        "file": outcome.path,
        "status": outcome.status,
        "error": outcome.error,
        "sha256": outcome.sha256,
        "graph": outcome.graph_name,
        "tables": outcome.tables,
        "figures": outcome.figures,
        "triples": outcome.triples,
        "seconds": round(outcome.seconds, 4),
    }
    if store:
        entry["replaced"] = list(outcome.replaced)
    return json.dumps(entry, ensure_ascii=False)


class Progress:
    """A one-line progress bar on stderr when it is a terminal; error lines always."""

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self.done = 0
        self.start = time.perf_counter()

    def advance(self, outcome: FileOutcome) -> None:
        self.done += 1
        if not outcome.ok:
            self._clear()
            print(f"error: {outcome.error}", file=self.stream)
        if self.enabled:
            width = 30
            filled = width * self.done // max(self.total, 1)
            rate = self.done / max(time.perf_counter() - self.start, 1e-9)
            name = Path(outcome.path).name[-40:]
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {rate:5.1f} docs/s {name}")
            self.stream.flush()

    def _clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")


def run(args: argparse.Namespace) -> int:
    from budgetgraph.cli.load import compact
    from budgetgraph.output import GraphWriter, check_output_path
    from budgetgraph.store import open_store

    output: Path | None = args.output
    if output is None and args.store is None:
        print("budgetgraph extract: give -o OUT, --store DIR, or both", file=sys.stderr)
        return 2
    if output is not None:
        check_output_path(output)
    paths = expand_inputs(args.inputs)
    if not paths:
        print("budgetgraph extract: no documents found in the inputs", file=sys.stderr)
        return 2
    jobs = args.jobs or min(default_jobs(), len(paths))
    options = ExtractOptions(base=args.base, password=args.password)
    store = open_store(args.store) if args.store is not None else None
    progress = Progress(len(paths), sys.stderr, enabled=not args.quiet)
    succeeded = failed = skipped = replaced = triples = figures = 0
    # Each document is written as soon as it is extracted (or, into the store, committed); closing
    # the writer (also on an interruption) puts what was done in place.
    with contextlib.ExitStack() as stack:
        writer = stack.enter_context(GraphWriter(output)) if output is not None else None
        manifest = stack.enter_context(open(args.manifest, "w", encoding="utf-8")) if args.manifest else None
        for outcome in _outcomes(args, paths, options, jobs, writer, store):
            if manifest is not None:
                print(manifest_entry(outcome, store=args.store is not None), file=manifest, flush=True)
            if outcome.skipped:
                skipped += 1
            elif outcome.ok:
                succeeded += 1
                triples += outcome.triples
                figures += outcome.figures
            else:
                failed += 1
            replaced += len(outcome.replaced)
            progress.advance(outcome)
    progress.finish()
    targets = [str(t) for t in (output, args.store) if t is not None]
    print(
        f"{succeeded} of {len(paths)} documents extracted ({figures} figures, {triples} triples)"
        + (f" → {' and '.join(targets)}" if succeeded else "")
        + (f"; {skipped} skipped (already in the store)" if skipped else "")
        + (f"; {replaced} earlier version(s) replaced" if replaced else "")
        + (f"; {failed} failed" if failed else ""),
        file=sys.stderr,
    )
    if store is not None and args.optimize and (succeeded or replaced) and not compact(store):
        return 1
    return 1 if failed else 0


def _outcomes(
    args: argparse.Namespace,
    paths: list[Path],
    options: ExtractOptions,
    jobs: int,
    writer: GraphWriter | None,
    store: GraphStore | None,
) -> Iterator[FileOutcome]:
    """Each file's final outcome; extracted graphs written to ``writer`` (and ``store``) as they come."""
    if store is None:
        outcomes = extract_batch(paths, options, jobs=jobs)
    else:
        from budgetgraph.ingest import IngestOptions, ingest

        outcomes = ingest(paths, store, options, IngestOptions(jobs=jobs, commit_every=args.commit_every))
    for outcome in outcomes:
        if writer is not None and outcome.ok and outcome.ntriples:
            writer.add_ntriples(URIRef(outcome.graph_name or ""), outcome.ntriples)
        yield outcome
