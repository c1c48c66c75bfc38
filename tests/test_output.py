"""output: per-document graphs written by extension and read back."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from budgetgraph.errors import OutputError
from budgetgraph.graph import extraction_to_graph
from budgetgraph.iris import Minter
from budgetgraph.output import (
    FORMATS,
    NAMED_GRAPHS,
    GraphWriter,
    check_output_path,
    read_dataset,
    write_graphs,
)
from extraction_samples import department_final_extraction, seed000_extraction

MINTER = Minter()


@pytest.fixture(scope="module")
def graphs() -> list[tuple[URIRef, Graph]]:
    extractions = (seed000_extraction(), department_final_extraction())
    return [(MINTER.graph_name(e.source.sha256), extraction_to_graph(e, MINTER)) for e in extractions]


def union(graphs: list[tuple[URIRef, Graph]]) -> Graph:
    merged = Graph()
    for _, graph in graphs:
        merged += graph
    return merged


def store_as_graph(store: ox.Store) -> Graph:
    data = ox.serialize(
        (ox.Triple(q.subject, q.predicate, q.object) for q in store), format=ox.RdfFormat.N_TRIPLES
    )
    return Graph().parse(data=data, format="nt")


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_written_graphs_read_back_unchanged(
    suffix: str, graphs: list[tuple[URIRef, Graph]], tmp_path: Path
) -> None:
    path = tmp_path / f"out{suffix}"
    written = write_graphs(graphs, path)
    assert written == sum(len(g) for _, g in graphs)
    assert not list(tmp_path.glob("*.part"))
    store = read_dataset([path])
    assert isomorphic(store_as_graph(store), union(graphs))
    names = {str(g.value) for g in store.named_graphs()}
    if suffix in NAMED_GRAPHS:
        assert names == {str(name) for name, _ in graphs}
        for name, graph in graphs:
            assert len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))) == len(graph)
    else:
        assert names == set()


@pytest.mark.parametrize("suffix", [".nt", ".nq", ".trig"])
def test_ntriples_input_is_written_like_a_graph(
    suffix: str, graphs: list[tuple[URIRef, Graph]], tmp_path: Path
) -> None:
    direct, via_text = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    write_graphs(graphs, direct)
    with GraphWriter(via_text) as writer:
        for name, graph in graphs:
            writer.add_ntriples(name, graph.serialize(format="nt"))
    first, second = read_dataset([direct]), read_dataset([via_text])
    assert set(first) == set(second)


@pytest.mark.parametrize("name", ["out.xml", "out", "out.ttl.gz", "out.json"])
def test_unknown_extension_is_an_output_error(name: str, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="unknown output format"):
        check_output_path(tmp_path / name)
    with pytest.raises(OutputError):
        write_graphs([], tmp_path / name)


def test_folder_as_output_is_an_output_error(tmp_path: Path) -> None:
    folder = tmp_path / "out.nq"
    folder.mkdir()
    with pytest.raises(OutputError, match="folder"):
        check_output_path(folder)


def test_reading_a_broken_file_names_it(tmp_path: Path) -> None:
    from budgetgraph.errors import StoreError

    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"broken\.ttl"):
        read_dataset([broken])


def test_reading_several_files_merges_them(graphs: list[tuple[URIRef, Graph]], tmp_path: Path) -> None:
    first, second = tmp_path / "one.nq", tmp_path / "two.trig"
    write_graphs(graphs[:1], first)
    write_graphs(graphs[1:], second)
    store = read_dataset([first, second])
    assert len(store) == sum(len(g) for _, g in graphs)
