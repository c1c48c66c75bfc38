"""`serve --endpoint URL` over a remote SPARQL store: here a second real server whose remote store is the
first server's /sparql (a local store), so that both must publish the same figures for the same data."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, URIRef
from rdflib.term import Node

from budgetgraph.namespaces import BG, DEFAULT_BASE, VOID
from budgetgraph.store import open_store
from budgetgraph.web import WebConfig
from budgetgraph.web.engine import compute_statistics
from webdata import DOCS, LiveServer, load_store, write_docs

VoidFigures = tuple[dict[str, int], dict[str, int], dict[str, int]]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, LiveServer, Path]]:
    root = tmp_path_factory.mktemp("web-remote")
    load_store(root / "store", write_docs(root / "docs.trig"))
    local = LiveServer(WebConfig(store=root / "store", query_timeout=20, workers=2))
    remote = LiveServer(WebConfig(endpoint=local.url + "/sparql", query_timeout=20))
    yield local, remote, root / "store"
    remote.close()
    local.close()


def void_figures(url: str) -> VoidFigures:
    """The dataset's counts, its class partitions and its property partitions, from /.well-known/void."""
    request = urllib.request.Request(url + "/.well-known/void", headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request, timeout=120) as response:
        graph = Graph().parse(data=response.read(), format="turtle")
    dataset = next(graph.subjects(predicate=None, object=VOID.Dataset))

    def number(subject: Node, predicate: URIRef) -> int:
        value = graph.value(subject, predicate)
        assert value is not None, f"VoID lacks {predicate}"
        return int(value)

    counts = {
        str(p).rsplit("#", 1)[1]: number(dataset, p)
        for p in (
            VOID.triples,
            VOID.documents,
            VOID.distinctSubjects,
            VOID.distinctObjects,
            VOID.classes,
            VOID.entities,
            VOID.properties,
        )
    }
    classes = {
        str(graph.value(part, VOID["class"])): number(part, VOID.entities)
        for part in graph.objects(dataset, VOID.classPartition)
    }
    properties = {
        str(graph.value(part, VOID.property)): number(part, VOID.triples)
        for part in graph.objects(dataset, VOID.propertyPartition)
    }
    return counts, classes, properties


def test_remote_void_statistics_equal_the_local_stores(servers: tuple[LiveServer, LiveServer, Path]) -> None:
    local, remote, store_dir = servers
    expected = void_figures(local.url)
    got = void_figures(remote.url)
    assert got == expected
    counts, classes, properties = got
    stats = compute_statistics(open_store(store_dir, read_only=True).store)
    assert counts["triples"] == stats.triples and counts["documents"] == len(DOCS)
    assert counts["distinctSubjects"] == stats.distinct_subjects
    assert counts["distinctObjects"] == stats.distinct_objects
    assert sorted(classes.items()) == list(stats.classes)
    assert sorted(properties.items()) == list(stats.properties)
    figures = 3 * sum(len(d.lines) for d in DOCS) + sum(len(d.projects) for d in DOCS)
    assert classes[str(BG.Figure)] == figures
    assert str(BG.amount) in properties


def test_remote_void_request_does_not_grow_with_the_graphs(tmp_path: Path) -> None:
    """Regression: the VoID lookups listed every data graph as a named-graph-uri, so a store of
    ~10,000 documents exceeded the remote server's request limit. Here the remote's limit (4 KiB) is
    below what 60 graph names would take."""
    docs = write_docs(tmp_path / "docs.trig")
    extra = tmp_path / "extra.trig"
    extra.write_text(
        "".join(
            f'<{DEFAULT_BASE}graph/{n:064x}> {{ <{DEFAULT_BASE}thing/{n}> <{RDFS.label}> "{n}" . }}\n'
            for n in range(60)
        ),
        encoding="utf-8",
    )
    load_store(tmp_path / "store", docs)
    load_store(tmp_path / "store", extra)
    local = LiveServer(WebConfig(store=tmp_path / "store", query_timeout=20, max_request_bytes=4096))
    remote = LiveServer(WebConfig(endpoint=local.url + "/sparql", query_timeout=20))
    try:
        counts, _classes, _properties = got = void_figures(remote.url)
        assert got == void_figures(local.url)
        assert counts["documents"] == len(DOCS) + 60
    finally:
        remote.close()
        local.close()
