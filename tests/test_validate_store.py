"""``budgetgraph validate --store DIR``: the documents of an on-disk store validated a few at a time
give the report that validating the files they were loaded from gives (per-document and
per-unit rules), in a deterministic order; bad stores get a clear error."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetgraph.cli import main
from budgetgraph.errors import StoreError
from budgetgraph.output import read_dataset
from budgetgraph.store import open_store
from budgetgraph.validate import graph_documents, load_shapes, partition_documents, validate_paths
from budgetgraph.validate_store import StoredDocument, store_jobs, stored_documents, validate_store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two units' budgets and final accounts of one year, some with planted inconsistencies,
    extracted to N-Quads and loaded into a store."""
    folder = tmp_path_factory.mktemp("validate-store")
    docs, data, store = folder / "docs", folder / "data.nq", folder / "store"
    generate = ["generate", "--units", "2", "--years", "1", "--formats", "text"]
    assert main([*generate, "--inconsistencies", "0.6", "--seed", "5", "-o", str(docs)]) == 0
    assert main(["extract", str(docs), "-q", "-o", str(data)]) == 0
    assert main(["load", str(data), "--store", str(store)]) == 0
    return data, store


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_store_validates_like_its_files(corpus: tuple[Path, Path], jobs: int) -> None:
    data, store = corpus
    expected = validate_paths([data])
    found = validate_store(store, jobs=jobs)
    assert found.documents == expected.documents == 4
    assert found.findings == expected.findings
    assert found.violations > 0  # the planted inconsistencies are there to be found
    assert found.conforms == expected.conforms
    assert len(found.graph) == len(expected.graph)


def test_each_unit_is_a_job(corpus: tuple[Path, Path]) -> None:
    """A unit's documents are one job (each graph is read out of the store once, for its own rules
    and for the unit's); a document naming no unit is a job of its own."""
    _data, store = corpus
    documents = stored_documents(open_store(store, read_only=True).store)
    assert len(documents) == 4 and len({d.unit for d in documents}) == 2
    jobs = list(store_jobs(store, documents, load_shapes()))
    assert {frozenset(job.graphs) for job in jobs} == {
        frozenset(d.graph for d in documents if d.unit == unit) for unit in {d.unit for d in documents}
    }
    no_unit = StoredDocument("https://example.org/graph/no-unit", None)
    alone = list(store_jobs(store, [*documents, no_unit], load_shapes()))
    assert [job.graphs for job in alone[len(jobs) :]] == [(no_unit.graph,)]


def test_the_command_line_writes_the_same_report(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    data, store = corpus
    from_store, from_files = tmp_path / "store.json", tmp_path / "files.json"
    assert main(["validate", "--store", str(store), "--jobs", "2", "--report", str(from_store)]) == 1
    assert main(["validate", str(data), "--report", str(from_files)]) == 1
    assert from_store.read_text(encoding="utf-8") == from_files.read_text(encoding="utf-8")


def test_bad_stores_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(StoreError, match="no store here"):
        validate_store(tmp_path / "missing")
    empty = tmp_path / "empty"
    open_store(empty).flush()
    with pytest.raises(StoreError, match="no disclosure document"):
        validate_store(empty)
    assert main(["validate", "--store", str(tmp_path / "missing")]) == 2
    assert "missing" in capsys.readouterr().err
    assert main(["validate", "x.nq", "--store", str(empty)]) == 2
    assert "not both" in capsys.readouterr().err


def _triples(text: str) -> set[str]:
    return set(filter(None, text.splitlines()))


@pytest.mark.parametrize("documents_per_graph", [1, 2])
def test_a_graph_of_one_document_is_taken_whole(corpus: tuple[Path, Path], documents_per_graph: int) -> None:
    """A graph holding one bg:Disclosure (what ``extract`` writes) is dumped as it is; a graph
    holding two is split per document. Both give the triples ``partition_documents`` gives."""
    data, _store = corpus
    source = read_dataset([data])
    graphs = sorted((g for g in source.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
    store = ox.Store()
    target = ox.NamedNode("https://example.org/two-documents")
    for graph in graphs[: 2 if documents_per_graph == 2 else 1]:
        into = target if documents_per_graph == 2 else graph
        store.extend(
            ox.Quad(q.subject, q.predicate, q.object, into)
            for q in source.quads_for_pattern(None, None, None, graph)
        )
    name = target if documents_per_graph == 2 else graphs[0]
    found = graph_documents(store, name)
    expected = list(partition_documents(list(store.quads_for_pattern(None, None, None, name))))
    assert len(found) == len(expected) == documents_per_graph
    assert [(d.document, d.unit) for d in found] == [(d.document, d.unit) for d in expected]
    assert [_triples(d.ntriples) for d in found] == [_triples(d.ntriples) for d in expected]
