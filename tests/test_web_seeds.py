"""The endpoint over data extracted from the bundled seeds by `budgetgraph extract`, loaded by `load`."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetgraph import queries
from budgetgraph.cli import main
from budgetgraph.output import read_dataset
from budgetgraph.web import WebConfig
from conftest import SEED_TEXTS
from webdata import LiveServer

CATALOG = [q.name for q in queries.catalog()]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("seeds")
    data = root / "seeds.nq"
    assert main(["extract", str(SEED_TEXTS), "-o", str(data)]) == 0
    assert main(["load", str(data), "--store", str(root / "store")]) == 0
    return data, root / "store"


@pytest.fixture(scope="module")
def reference(extracted: tuple[Path, Path]) -> ox.Store:
    """The extracted file read the way `budgetgraph query --data` reads it."""
    return read_dataset([extracted[0]])


@pytest.fixture(scope="module")
def server(extracted: tuple[Path, Path]) -> Iterator[LiveServer]:
    live = LiveServer(WebConfig(store=extracted[1], workers=2, query_timeout=60))
    yield live
    live.close()


def get(url: str, accept: str = "text/html") -> tuple[int, bytes]:
    with urllib.request.urlopen(
        urllib.request.Request(url, headers={"Accept": accept}), timeout=120
    ) as response:
        return response.status, response.read()


@pytest.mark.parametrize("name", CATALOG)
def test_catalog_over_http_equals_the_query_command(
    server: LiveServer, reference: ox.Store, name: str
) -> None:
    status, body = get(f"{server.url}/queries/{name}.csv", "text/csv")
    query = queries.load_query(name)
    expected = queries.render_table(queries.run_query(query, reference), "csv")
    assert status == 200
    assert normalised(body.decode()) == normalised(expected)


def normalised(text: str) -> list[list[str]]:
    """Rows with GROUP_CONCAT cells ("a; b") sorted: SPARQL leaves their order to the engine."""
    rows = list(csv.reader(io.StringIO(text)))
    return [[";".join(sorted(p.strip() for p in cell.split(";"))) for cell in row] for row in rows]


def test_every_document_dereferences(server: LiveServer, reference: ox.Store) -> None:
    store = reference
    documents = {
        q.subject.value
        for q in store.quads_for_pattern(
            None,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("https://w3id.org/budgetgraph/def#Disclosure"),
            None,
        )
    }
    assert len(documents) == len(list(SEED_TEXTS.glob("*.txt")))
    for iri in documents:
        status, body = get(server.url + "/id/" + iri.split("/id/", 1)[1])
        assert status == 200 and iri in body.decode()


def test_a_figure_page_links_to_its_source(server: LiveServer) -> None:
    query = (
        "SELECT ?f ?amount WHERE { ?f a bg:Figure ; bg:amount ?amount ; bg:sourceDocument ?d ; bg:row ?r } "
        "ORDER BY DESC(?amount) LIMIT 1"
    )
    status, body = get(
        server.url + "/sparql?" + urllib.parse.urlencode({"query": query}), "application/sparql-results+json"
    )
    (binding,) = json.loads(body)["results"]["bindings"]
    status, page = get(server.url + "/id/" + binding["f"]["value"].split("/id/", 1)[1])
    text = page.decode()
    assert status == 200 and "来源 Source" in text and "万元" in text
    assert "/id/document/" in text
