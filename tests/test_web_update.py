"""SPARQL Update over HTTP: refused unless the server was started with a token and the request
carries it; then applied to the store, seen by the next query, and the default graph stays the union
of the document graphs. LOAD, SERVICE and the store's bookkeeping graphs stay out of reach."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from budgetgraph.cli import main
from budgetgraph.errors import StoreError
from budgetgraph.store import GraphStore, default_is_union, open_store
from budgetgraph.web import WebConfig
from webdata import LiveServer, load_store, write_docs

TOKEN = "s3cret-update-token-0123"
GRAPH = "https://w3id.org/budgetgraph/graph/test-update"
INSERT = f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:x:a> <urn:x:says> "你好" }} }}'
ASK = 'ASK { <urn:x:a> <urn:x:says> "你好" }'


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    load_store(tmp_path / "store", write_docs(tmp_path / "docs.trig"))
    live = LiveServer(WebConfig(store=tmp_path / "store", query_timeout=20, workers=1, update_token=TOKEN))
    yield live
    live.close()


def post(server: LiveServer, update: str, token: str | None = TOKEN, form: bool = False) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if form:
        body = urllib.parse.urlencode({"update": update}).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    else:
        body = update.encode()
        headers["Content-Type"] = "application/sparql-update"
    request = urllib.request.Request(server.url + "/sparql", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def ask(server: LiveServer, query: str) -> bool:
    url = server.url + "/sparql?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return bool(json.load(response)["boolean"])


@pytest.mark.parametrize("form", [False, True], ids=["sparql-update", "form"])
def test_update_with_the_token_is_applied_and_seen(server: LiveServer, form: bool) -> None:
    assert not ask(server, ASK)
    assert post(server, INSERT, form=form) == 204
    assert ask(server, ASK)  # the default graph (the union) has it
    assert ask(server, f"ASK {{ GRAPH <{GRAPH}> {{ <urn:x:a> ?p ?o }} }}")
    delete = f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ <urn:x:a> ?p ?o }} }}"
    assert post(server, delete, form=form) == 204
    assert not ask(server, ASK)


@pytest.mark.parametrize(
    ("update", "token", "status"),
    [
        (INSERT, None, 401),
        (INSERT, "wrong-token-wrong-token", 401),
        ("LOAD <http://127.0.0.1:9/data.ttl>", TOKEN, 400),
        (
            f"INSERT {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }} "
            "WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            TOKEN,
            400,
        ),
        ("DROP GRAPH <urn:budgetgraph:store:registry>", TOKEN, 400),
        ("INSERT DATA { this is not sparql }", TOKEN, 400),
    ],
    ids=["no-token", "wrong-token", "load", "service", "bookkeeping", "syntax"],
)
def test_refused_updates_change_nothing(
    server: LiveServer, update: str, token: str | None, status: int
) -> None:
    assert post(server, update, token=token) == status
    assert not ask(server, ASK)
    assert ask(server, "ASK { ?s ?p ?o }")  # the server still answers


def test_without_a_token_update_is_switched_off(tmp_path: Path) -> None:
    load_store(tmp_path / "store", write_docs(tmp_path / "docs.trig"))
    live = LiveServer(WebConfig(store=tmp_path / "store", workers=1))
    try:
        assert post(live, INSERT) == 403
    finally:
        live.close()


def read_only_store(path: Path) -> GraphStore:
    for _ in range(20):  # the writer's background compaction may be replacing files
        try:
            return open_store(path, read_only=True)
        except (StoreError, RuntimeError):
            time.sleep(0.2)
    return open_store(path, read_only=True)


def test_the_store_stays_consistent_after_updates(server: LiveServer, tmp_path: Path) -> None:
    assert post(server, INSERT) == 204
    store = read_only_store(tmp_path / "store")  # a snapshot beside the server's writer
    assert default_is_union(store.store)
    assert GRAPH in store.graphs()


def test_serve_refuses_a_short_token_or_a_remote_store(tmp_path: Path) -> None:
    assert main(["serve", "--store", str(tmp_path), "--update-token", "short"]) != 0
    assert main(["serve", "--endpoint", "http://127.0.0.1:9/sparql", "--update-token", TOKEN]) != 0


def test_dumps_follow_updates_and_leave_nothing_behind(server: LiveServer) -> None:
    """Regression: the dump cache was written once per app, served stale after an update, and its
    temporary folder was never removed."""

    def dump() -> bytes:
        with urllib.request.urlopen(server.url + "/dumps/budgetgraph.ttl", timeout=30) as response:
            return bytes(response.read())

    assert "你好".encode() not in dump()
    assert post(server, INSERT) == 204
    assert "你好".encode() in dump()
    cache = server.app.extensions["budgetgraph"].dump_dir
    assert cache.is_dir()
    server.close()
    assert not cache.exists()
