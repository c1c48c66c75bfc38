"""Loading one RDF file into the store as one unit (``GraphStore.load_file``): new graphs are
bulk-loaded in batches and committed at the end, changed ones staged and swapped in at the end,
unchanged ones (same sha256 of their N-Quads) skipped; on an error everything is undone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from budgetgraph.errors import InputError, StoreError
from budgetgraph.store_files import GraphData, NotCanonical

if TYPE_CHECKING:
    from budgetgraph.store import GraphStore

BATCH_QUADS = 200_000


@dataclass(frozen=True)
class LoadResult:
    """One file loaded: the named graphs it (re)placed, those it skipped, and how many quads went in."""

    path: str
    graphs: tuple[str, ...]
    quads: int
    replaced: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


class FileLoad:
    """One file's graphs into the store, as one unit."""

    def __init__(self, store: GraphStore, path: Path, batch_quads: int = BATCH_QUADS) -> None:
        self.store = store
        self.path = path
        self.batch_quads = batch_quads
        self.batch: list[GraphData] = []
        self.loaded: list[str] = []
        self.staged: dict[str, str] = {}
        self.skipped: list[str] = []
        self.quads = 0

    def run(self, graphs: Iterator[GraphData]) -> LoadResult:
        try:
            for data in graphs:
                self._take(data)
            self._flush()
        except (InputError, NotCanonical, SyntaxError, StoreError) as error:
            self.store.undo(self.loaded, rebuild=isinstance(error, SyntaxError))
            for name in self.staged:
                self.store.discard_staged(ox.NamedNode(name))
            if isinstance(error, SyntaxError):
                raise NotCanonical(str(error)) from error  # read again, parsed whole: names the error
            raise
        for name, digest in self.staged.items():
            self.store.swap_staged(ox.NamedNode(name), digest)
        self.store.commit(self.loaded)
        self.store.flush()
        names = [*self.loaded, *self.staged, *self.skipped]
        return LoadResult(
            path=str(self.path),
            graphs=tuple(sorted(names)),
            quads=self.quads,
            replaced=tuple(sorted(self.staged)),
            skipped=tuple(sorted(self.skipped)),
        )

    def _take(self, data: GraphData) -> None:
        if self.store.content_digest(data.name) == data.digest and self.store.has_graph(data.name):
            self.skipped.append(data.name)
            return
        self.quads += data.quads
        if self.store.has_graph(data.name):
            self.store.stage(ox.NamedNode(data.name), data.parsed())
            self.staged[data.name] = data.digest
            return
        self.batch.append(data)
        if sum(d.quads for d in self.batch) >= self.batch_quads:
            self._flush()

    def _flush(self) -> None:
        batch, self.batch = self.batch, []
        self.loaded.extend(d.name for d in batch)
        self.store.bulk_new(batch)
