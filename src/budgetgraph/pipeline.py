"""The whole extraction of one file, and of a batch of files, as records.

``extract_file`` runs source → layout → extraction → graph for one path. ``extract_batch`` runs it
over many paths, in worker processes when asked, and yields one ``FileOutcome`` per path in input
order: a failure of one file (a typed ``BudgetGraphError``, or an unexpected error) becomes that
file's outcome and the batch goes on.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rdflib import Graph

from budgetgraph.errors import BudgetGraphError
from budgetgraph.iris import Minter
from budgetgraph.namespaces import DEFAULT_BASE
from budgetgraph.records import Extraction
from budgetgraph.workers import bounded_map

DOCUMENT_SUFFIXES = frozenset({".pdf", ".txt", ".md", ".markdown", ".html", ".htm", ".text"})


@dataclass(frozen=True)
class ExtractOptions:
    base: str = DEFAULT_BASE
    password: str | None = None


@dataclass(frozen=True)
class FileOutcome:
    """What became of one input file. ``ntriples`` holds the document's graph when it succeeded."""

    path: str
    seconds: float
    sha256: str | None = None
    graph_name: str | None = None
    ntriples: str = ""
    triples: int = 0
    tables: int = 0
    figures: int = 0
    error: str | None = None
    skipped: bool = False  # already in the store (``extract --store``): not extracted again
    replaced: tuple[str, ...] = ()  # graphs of an earlier version of the file, removed from the store

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> str:
        return "failed" if self.error is not None else "skipped" if self.skipped else "ok"


def extract_file(path: Path, options: ExtractOptions) -> tuple[Extraction, Graph]:
    """Extract one document and build its graph. Raises ``BudgetGraphError`` on bad input."""
    from budgetgraph.extract import extract_document
    from budgetgraph.graph import extraction_to_graph
    from budgetgraph.layout import read_layout
    from budgetgraph.sources import load_source

    source = load_source(path)
    layout = read_layout(source, password=options.password)
    extraction = extract_document(layout)
    return extraction, extraction_to_graph(extraction, Minter(options.base))


def _outcome(path: Path, options: ExtractOptions) -> FileOutcome:
    start = time.perf_counter()
    try:
        extraction, graph = extract_file(path, options)
    except BudgetGraphError as error:
        message = str(error) if str(path) in str(error) else f"{path}: {error}"
        return FileOutcome(str(path), time.perf_counter() - start, error=message)
    except Exception as error:  # a bug must not sink the batch: report it against the file
        where = traceback.extract_tb(error.__traceback__)[-1]
        return FileOutcome(
            str(path),
            time.perf_counter() - start,
            error=f"{path}: internal error {type(error).__name__}: {error} "
            f"(at {Path(where.filename).name}:{where.lineno})",
        )
    sha = extraction.source.sha256
    return FileOutcome(
        path=str(path),
        seconds=time.perf_counter() - start,
        sha256=sha,
        graph_name=str(Minter(options.base).graph_name(sha)),
        ntriples=graph.serialize(format="nt"),
        triples=len(graph),
        tables=len(extraction.tables),
        figures=sum(len(line.figures) for table in extraction.tables for line in table.lines),
    )


def expand_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Files as given, folders walked (sorted) for document files. Missing paths are kept so that
    they fail as files with a clear message."""
    paths: list[Path] = []
    for item in inputs:
        if item.is_dir():
            paths.extend(
                sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
            )
        else:
            paths.append(item)
    return paths


def extract_batch(paths: Iterable[Path], options: ExtractOptions, jobs: int = 1) -> Iterator[FileOutcome]:
    """Extract every path, ``jobs`` worker processes at a time, yielding outcomes in input order.

    ``paths`` is consumed lazily and at most ``4 × jobs`` documents are in flight at once, so memory
    stays bounded whatever the number of paths.
    """
    yield from bounded_map(partial(_outcome, options=options), paths, jobs)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
