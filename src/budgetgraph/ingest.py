"""Documents extracted straight into the store (``budgetgraph extract --store``): incremental and
resumable.

Before a file is sent to a worker, the parent hashes it: a document whose source sha256 the store
already holds (``bg:sha256``) is skipped, and so is a second file with the same bytes in one run.
Workers extract in parallel processes (``pipeline.extract_batch``, a bounded window); only this
parent writes to the store, in journalled batches of documents (``GraphStore.add_documents``), so a
run killed at any point leaves whole documents only, and the same command run again extracts just
what is missing. When a file was stored before with other bytes (the store records the file each
graph came from), its earlier graph is removed once the new one is committed.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from budgetgraph.errors import StoreError
from budgetgraph.pipeline import ExtractOptions, FileOutcome, extract_batch
from budgetgraph.store import GraphStore
from budgetgraph.store_files import GraphData, file_sha256
from budgetgraph.store_load import BATCH_QUADS


@dataclass(frozen=True)
class IngestOptions:
    """``commit_every``: documents per store commit (0: about ``BATCH_QUADS`` triples' worth)."""

    jobs: int = 1
    commit_every: int = 0


def source_key(path: Path) -> str:
    """How the store records the file a document came from: its absolute path."""
    return str(path.resolve())


class _Ingest:
    def __init__(self, store: GraphStore, options: IngestOptions) -> None:
        self.store = store
        self.options = options
        self.skipped: deque[FileOutcome] = deque()
        self.scheduled: set[str] = set()
        self.batch: list[tuple[FileOutcome, GraphData]] = []

    def todo(self, paths: Iterable[Path]) -> Iterator[Path]:
        """The paths to extract; the others become skipped outcomes."""
        for path in paths:
            start = time.perf_counter()
            try:
                sha = file_sha256(path)
            except OSError:
                yield path  # the worker names the error
                continue
            held = self.store.graph_of_source_sha(sha)
            if held is None and sha not in self.scheduled:
                self.scheduled.add(sha)
                yield path
                continue
            removed = self._retire_older(source_key(path), held) if held is not None else ()
            self.skipped.append(
                FileOutcome(
                    str(path),
                    time.perf_counter() - start,
                    sha256=sha,
                    graph_name=held,
                    skipped=True,
                    replaced=removed,
                )
            )

    def _retire_older(self, source: str, keep: str) -> tuple[str, ...]:
        """Remove the graphs of earlier versions of ``source`` (all but ``keep``)."""
        older = tuple(g for g in self.store.graphs_from_source(source) if g != keep)
        for graph in older:
            self.store.remove_graph(graph)
        return older

    def take(self, outcome: FileOutcome) -> list[FileOutcome]:
        """Queue a successful outcome for the store; the outcomes now final."""
        if not outcome.ok or outcome.graph_name is None:
            return [outcome]
        data = GraphData.from_ntriples(
            outcome.graph_name, outcome.ntriples.encode("utf-8"), source_key(Path(outcome.path))
        )
        self.batch.append((outcome, data))
        every = self.options.commit_every
        full = len(self.batch) >= every if every > 0 else sum(d.quads for _, d in self.batch) >= BATCH_QUADS
        return self.commit() if full else []

    def commit(self) -> list[FileOutcome]:
        batch, self.batch = self.batch, []
        if not batch:
            return []
        try:
            self.store.add_documents([data for _, data in batch])
        except StoreError as error:
            if len(batch) == 1:
                outcome = batch[0][0]
                return [replace(outcome, error=f"{outcome.path}: not stored: {error}")]
            done: list[FileOutcome] = []
            for item in batch:  # find the document at fault; store the others
                self.batch = [item]
                done.extend(self.commit())
            return done
        return [
            replace(outcome, replaced=self._retire_older(data.source or "", data.name))
            for outcome, data in batch
        ]

    def drain(self) -> Iterator[FileOutcome]:
        while self.skipped:
            yield self.skipped.popleft()


def ingest(
    paths: Sequence[Path], store: GraphStore, extract: ExtractOptions, options: IngestOptions
) -> Iterator[FileOutcome]:
    """Extract ``paths`` into ``store``, yielding each file's outcome once it is final (stored,
    skipped or failed)."""
    run = _Ingest(store, options)
    for outcome in extract_batch(run.todo(paths), extract, jobs=options.jobs):
        yield from run.drain()
        yield from run.take(outcome)
    yield from run.drain()
    yield from run.commit()
