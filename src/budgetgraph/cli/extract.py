"""``budgetgraph extract INPUT... -o OUT``: documents in, a budget knowledge graph out."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import TextIO

from rdflib import URIRef

from budgetgraph.namespaces import DEFAULT_BASE
from budgetgraph.pipeline import ExtractOptions, FileOutcome, default_jobs, expand_inputs, extract_batch

HELP = "extract disclosures (PDF, text/Markdown, HTML; folders are walked) into RDF"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="files or folders")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="OUT",
        help="output file, format by extension: .ttl .nt .nq .trig .jsonld (quads: a graph per document)",
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


def manifest_entry(outcome: FileOutcome) -> str:
    """One manifest line (JSON) for a file's outcome."""
    return json.dumps(
        {
            "file": outcome.path,
            "status": "ok" if outcome.ok else "failed",
            "error": outcome.error,
            "sha256": outcome.sha256,
            "graph": outcome.graph_name,
            "tables": outcome.tables,
            "figures": outcome.figures,
            "triples": outcome.triples,
            "seconds": round(outcome.seconds, 4),
        },
        ensure_ascii=False,
    )


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
    from budgetgraph.output import GraphWriter, check_output_path

    output: Path = args.output
    check_output_path(output)
    paths = expand_inputs(args.inputs)
    if not paths:
        print("budgetgraph extract: no documents found in the inputs", file=sys.stderr)
        return 2
    jobs = args.jobs or min(default_jobs(), len(paths))
    options = ExtractOptions(base=args.base, password=args.password)
    progress = Progress(len(paths), sys.stderr, enabled=not args.quiet)
    succeeded = failed = triples = figures = 0
    # Each document is written as soon as it is extracted; closing the writer (also on an
    # interruption) puts what was done in place.
    with contextlib.ExitStack() as stack:
        writer = stack.enter_context(GraphWriter(output))
        manifest = stack.enter_context(open(args.manifest, "w", encoding="utf-8")) if args.manifest else None
        for outcome in extract_batch(paths, options, jobs=jobs):
            if manifest is not None:
                print(manifest_entry(outcome), file=manifest, flush=True)
            if outcome.ok:
                writer.add_ntriples(URIRef(outcome.graph_name or ""), outcome.ntriples)
                succeeded += 1
                triples += outcome.triples
                figures += outcome.figures
            else:
                failed += 1
            progress.advance(outcome)
    progress.finish()
    print(
        f"{succeeded} of {len(paths)} documents extracted ({figures} figures, {triples} triples)"
        + (f" → {output}" if succeeded else "")
        + (f"; {failed} failed" if failed else ""),
        file=sys.stderr,
    )
    return 1 if failed else 0
