"""The on-disk store: one named graph per document, replacement, failed and interrupted loads."""

from __future__ import annotations

import gzip
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from budgetgraph.cli import main
from budgetgraph.errors import InputError, StoreError, UnsupportedFormatError
from budgetgraph.iris import Minter
from budgetgraph.store import GraphStore, needs_union_flag, open_store
from webdata import DOCS, Doc, write_docs


def graph_of(store: GraphStore, name: str) -> Graph:
    graph = Graph()
    data = ox.serialize((q.triple for q in store.graph_quads(name)), format=ox.RdfFormat.N_TRIPLES) or b""
    graph.parse(data=data.decode(), format="nt")
    return graph


def source_graphs(path: Path) -> dict[str, Graph]:
    dataset = Dataset()
    dataset.parse(path, format="trig")
    found = {}
    for context in dataset.graphs():
        if isinstance(context.identifier, URIRef) and len(context) and "graph/" in str(context.identifier):
            graph = Graph()
            for triple in context:
                graph.add(triple)
            found[str(context.identifier)] = graph
    return found


@pytest.fixture
def trig(tmp_path: Path) -> Path:
    return write_docs(tmp_path / "docs.trig")


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".jsonld"])
def test_quad_files_load_one_graph_per_document(tmp_path: Path, suffix: str) -> None:
    data = write_docs(tmp_path / f"docs{suffix}")
    reference = write_docs(tmp_path / "reference.trig")
    store = open_store(tmp_path / "store")
    result = store.load_file(data)
    expected = source_graphs(reference)
    assert sorted(expected) == store.graphs() == list(result.graphs)
    assert set(expected) == {str(Minter().graph_name(d.sha256)) for d in DOCS}
    for name, graph in expected.items():
        assert isomorphic(graph_of(store, name), graph)
    assert result.quads == sum(len(g) for g in expected.values()) == len(store)


@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_triple_files_go_to_the_documents_graph(tmp_path: Path, suffix: str) -> None:
    data = write_docs(tmp_path / f"one{suffix}", DOCS[:1])
    store = open_store(tmp_path / "store")
    result = store.load_file(data)
    assert result.graphs == (str(Minter().graph_name(DOCS[0].sha256)),)


def test_triples_without_one_disclosure_get_a_graph_per_file(tmp_path: Path) -> None:
    data = tmp_path / "loose.ttl"
    data.write_text("<http://example.org/a> <http://example.org/p> 1 .\n", encoding="utf-8")
    store = open_store(tmp_path / "store")
    (graph,) = store.load_file(data).graphs
    assert graph.startswith(Minter().base + "graph/") and len(graph.rsplit("/", 1)[1]) == 64


def test_reloading_a_document_replaces_its_graph_and_touches_nothing_else(tmp_path: Path, trig: Path) -> None:
    store = open_store(tmp_path / "store")
    store.load_file(trig)
    other = str(Minter().graph_name(DOCS[1].sha256))
    other_before = graph_of(store, other)
    changed = replace(
        DOCS[0],
        lines=(*DOCS[0].lines[:2], ("2010101", "行政运行", Decimal("999.99"), Decimal("999.99"), Decimal(0))),
    )
    new_file = write_docs(tmp_path / "changed.trig", (changed,))
    result = store.load_file(new_file)
    name = str(Minter().graph_name(DOCS[0].sha256))
    assert result.replaced == (name,)
    assert isomorphic(graph_of(store, name), source_graphs(new_file)[name])
    assert isomorphic(graph_of(store, other), other_before)
    amounts = {q.object.value for q in store.graph_quads(name) if q.predicate.value.endswith("#amount")}
    assert "999.99" in amounts and "88.2" not in amounts  # the 208 line is gone with the old version


def dump(store: GraphStore) -> set[str]:
    return {str(q) for q in store.store}


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("broken.trig", "<http://a> <http://b> .", InputError),
        ("empty.nq", "", InputError),
        ("data.csv", "a,b\n", UnsupportedFormatError),
        ("missing.ttl", None, InputError),
    ],
)
def test_a_failed_load_leaves_the_store_as_it_was(
    tmp_path: Path, trig: Path, name: str, content: str | None, error: type[Exception]
) -> None:
    store = open_store(tmp_path / "store")
    store.load_file(trig)
    before = dump(store)
    bad = tmp_path / name
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    with pytest.raises(error) as raised:
        store.load_file(bad)
    assert str(bad) in str(raised.value)
    assert dump(store) == before


def test_a_file_broken_half_way_writes_nothing(tmp_path: Path, trig: Path) -> None:
    store = open_store(tmp_path / "store")
    text = write_docs(tmp_path / "second.nq", (Doc("第三单位", 2022, "doc-c", DOCS[0].lines),)).read_text()
    broken = tmp_path / "broken.nq"
    broken.write_text(text + '<http://a> <http://b> "unterminated .\n', encoding="utf-8")
    with pytest.raises(InputError):
        store.load_file(broken)
    assert store.graphs() == [] and len(store) == 0


def test_an_interrupted_new_load_is_undone_when_the_store_is_next_opened(tmp_path: Path, trig: Path) -> None:
    store = open_store(tmp_path / "store")
    store.load_file(trig)
    before = dump(store)
    half = ox.NamedNode(str(Minter().graph_name("f" * 64)))
    # what a load killed mid-way leaves: its journal entry and part of the graph
    store.store.add(
        ox.Quad(
            half,
            ox.NamedNode("urn:budgetgraph:store:state"),
            ox.Literal("new"),
            ox.NamedNode("urn:budgetgraph:store:journal"),
        )
    )
    store.store.add(
        ox.Quad(
            ox.NamedNode("http://example.org/x"), ox.NamedNode("http://example.org/p"), ox.Literal("1"), half
        )
    )
    store.store.flush()
    del store
    with pytest.raises(StoreError, match="interrupted"):
        open_store(tmp_path / "store", read_only=True)
    reopened = open_store(tmp_path / "store")
    assert dump(reopened) == before


def test_an_interrupted_swap_is_finished_when_the_store_is_next_opened(tmp_path: Path, trig: Path) -> None:
    store = open_store(tmp_path / "store")
    store.load_file(trig)
    name = str(Minter().graph_name(DOCS[0].sha256))
    target = ox.NamedNode(name)
    staging = ox.NamedNode("urn:budgetgraph:store:staging:" + name)
    new = [
        ox.Quad(
            ox.NamedNode("http://example.org/new"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal("2"),
            staging,
        )
    ]
    store.store.extend(new)
    store.store.add(
        ox.Quad(
            target,
            ox.NamedNode("urn:budgetgraph:store:state"),
            ox.Literal("swap"),
            ox.NamedNode("urn:budgetgraph:store:journal"),
        )
    )
    store.store.remove_graph(target)  # killed after dropping the old graph, before copying the new one
    store.store.flush()
    del store
    reopened = open_store(tmp_path / "store")
    assert [str(q.object) for q in reopened.graph_quads(name)] == ['"2"']
    assert name in reopened.graphs() and len(reopened.graphs()) == 2


def test_dump_and_rdflib_view(tmp_path: Path, trig: Path) -> None:
    store = open_store(tmp_path / "store")
    store.load_file(trig)
    target = tmp_path / "all.nq.gz"
    store.dump_nquads_gzip(target)
    reloaded = ox.Store()
    reloaded.load(gzip.decompress(target.read_bytes()), format=ox.RdfFormat.N_QUADS)
    assert len(reloaded) == len(store)
    dataset = store.to_rdflib()
    assert sum(len(source) for source in source_graphs(trig).values()) == len(list(dataset.quads()))


def test_load_command_goes_on_after_a_bad_file(
    tmp_path: Path, trig: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    code = main(["load", str(bad), str(trig), "--store", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{bad}" in err and "1 failed" in err
    assert len(open_store(tmp_path / "store", read_only=True).graphs()) == 2


def default_triples(store: GraphStore) -> set[ox.Triple]:
    return {q.triple for q in store.store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def union_of_documents(store: GraphStore) -> set[ox.Triple]:
    return {q.triple for name in store.graphs() for q in store.graph_quads(name)}


SAME_UNIT = (
    Doc("同一单位", 2021, "same-a", DOCS[0].lines),
    Doc("同一单位", 2022, "same-b", DOCS[0].lines[:2]),
)
UNIT_LABELS = "SELECT ?unit ?name WHERE { ?unit rdfs:label ?label FILTER(STR(?label) = ?name) }"


def test_the_default_graph_is_the_documents_union_without_duplicates(tmp_path: Path) -> None:
    store = open_store(tmp_path / "store")
    store.load_file(write_docs(tmp_path / "same.trig", SAME_UNIT))
    assert default_triples(store) == union_of_documents(store)
    assert len(store) > len(default_triples(store))  # the two documents repeat the unit's triples
    result = store.store.query(
        UNIT_LABELS,
        prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
        substitutions={ox.Variable("name"): ox.Literal("同一单位")},
        use_default_graph_as_union=needs_union_flag(store.store),
    )
    assert isinstance(result, ox.QuerySolutions)
    assert len(list(result)) == 1
    reopened_len = len(store)
    del store
    assert len(open_store(tmp_path / "store", read_only=True)) == reopened_len


def test_replacing_a_document_keeps_the_default_graph_the_union(tmp_path: Path) -> None:
    store = open_store(tmp_path / "store")
    store.load_file(write_docs(tmp_path / "same.trig", SAME_UNIT))
    shared = {t for t in default_triples(store) if t.predicate.value.endswith("rdf-schema#label")}
    changed = replace(
        SAME_UNIT[0], lines=(("2010101", "行政运行", Decimal("777.77"), Decimal("777.77"), Decimal(0)),)
    )
    store.load_file(write_docs(tmp_path / "changed.trig", (changed,)))
    after = default_triples(store)
    assert after == union_of_documents(store)
    assert shared <= after  # still held by the other document
    amounts = {t.object.value for t in after if t.predicate.value.endswith("#amount")}
    assert "777.77" in amounts and "88.2" not in amounts


def test_an_interrupted_load_rebuilds_the_default_graph(tmp_path: Path, trig: Path) -> None:
    store = open_store(tmp_path / "store")
    store.load_file(trig)
    stray = ox.Quad(
        ox.NamedNode("http://example.org/x"), ox.NamedNode("http://example.org/p"), ox.Literal("1")
    )
    store.store.add(stray)  # a killed load's copy into the default graph, its document never landed
    store.store.add(
        ox.Quad(
            ox.NamedNode(str(Minter().graph_name("e" * 64))),
            ox.NamedNode("urn:budgetgraph:store:state"),
            ox.Literal("new"),
            ox.NamedNode("urn:budgetgraph:store:journal"),
        )
    )
    store.store.flush()
    del store
    reopened = open_store(tmp_path / "store")
    assert stray.triple not in default_triples(reopened)
    assert default_triples(reopened) == union_of_documents(reopened)


@pytest.mark.parametrize("optimize", [True, False], ids=["compacted", "not-compacted"])
def test_load_compacts_the_store_unless_told_not_to(
    tmp_path: Path, trig: Path, capsys: pytest.CaptureFixture[str], optimize: bool
) -> None:
    flags = [] if optimize else ["--no-optimize"]
    assert main(["load", str(trig), "--store", str(tmp_path / "store"), *flags]) == 0
    assert ("compacted the store" in capsys.readouterr().err) is optimize
    store = open_store(tmp_path / "store", read_only=True)
    assert set(store.graphs()) == set(source_graphs(trig))
    assert default_triples(store) == union_of_documents(store)
    with pytest.raises(StoreError, match="read-only"):
        store.optimize()


def test_extract_into_the_store_compacts_it_once_at_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    assert main(["generate", "--units", "1", "--years", "1", "--formats", "text", "-o", str(docs)]) == 0
    capsys.readouterr()
    assert main(["extract", str(docs), "-q", "--store", str(tmp_path / "store")]) == 0
    assert capsys.readouterr().err.count("compacted the store") == 1
    assert main(["extract", str(docs), "-q", "--store", str(tmp_path / "store")]) == 0
    assert "compacted" not in capsys.readouterr().err  # nothing new: nothing to compact
    assert len(open_store(tmp_path / "store", read_only=True).graphs()) == 2


def test_load_without_files_compacts_the_store(
    tmp_path: Path, trig: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(trig), "--store", str(tmp_path / "store"), "--no-optimize"]) == 0
    capsys.readouterr()
    assert main(["load", "--store", str(tmp_path / "store")]) == 0
    assert "compacted the store" in capsys.readouterr().err
    assert set(open_store(tmp_path / "store", read_only=True).graphs()) == set(source_graphs(trig))
    assert main(["load", "--store", str(tmp_path / "store"), "--no-optimize"]) == 2
