"""Push the store's named graphs to any SPARQL 1.1 store, in batches, with retries.

With a Graph Store Protocol URL each graph is replaced by a PUT of its first batch and completed by
POSTs of the others; without one, SPARQL Update is used (``DROP SILENT GRAPH`` then ``INSERT DATA``
batches). Triples are written as N-Triples by pyoxigraph, so every term is escaped by the serialiser.
A request that fails with a network error or a 5xx status is retried with a growing pause; a graph
that still fails is reported and the others go on.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from budgetgraph.errors import StoreError
from budgetgraph.store import GraphStore


@dataclass(frozen=True)
class PublishTarget:
    """Where to publish: a SPARQL endpoint (for Update) and optionally a Graph Store Protocol URL."""

    endpoint: str
    graph_store: str | None = None
    batch_triples: int = 20000
    retries: int = 3
    pause: float = 0.5
    timeout: float = 120.0
    user: str | None = None
    password: str | None = None

    @property
    def method(self) -> str:
        return "gsp" if self.graph_store else "update"


@dataclass(frozen=True)
class GraphPublished:
    graph: str
    triples: int
    requests: int
    retries: int


@dataclass(frozen=True)
class GraphFailed:
    graph: str
    message: str


PublishOutcome = GraphPublished | GraphFailed


class _Client:
    def __init__(self, target: PublishTarget) -> None:
        self.target = target
        handlers: list[urllib.request.BaseHandler] = []
        if target.user is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (target.endpoint, target.graph_store):
                if url:
                    manager.add_password(None, url, target.user, target.password or "")
            handlers += [
                urllib.request.HTTPDigestAuthHandler(manager),
                urllib.request.HTTPBasicAuthHandler(manager),
            ]
        self.opener = urllib.request.build_opener(*handlers)
        self.requests = 0
        self.retries = 0

    def send(self, method: str, url: str, body: bytes, content_type: str) -> None:
        attempt = 0
        while True:
            self.requests += 1
            request = urllib.request.Request(
                url, data=body, method=method, headers={"Content-Type": content_type}
            )
            try:
                with self.opener.open(request, timeout=self.target.timeout) as response:
                    response.read()
                return
            except urllib.error.HTTPError as error:
                detail = error.read().decode("utf-8", "replace")[:300]
                if error.code < 500 or attempt >= self.target.retries:
                    raise StoreError(f"{method} {url}: HTTP {error.code}: {detail}") from error
            except (urllib.error.URLError, OSError) as error:
                if attempt >= self.target.retries:
                    raise StoreError(f"{method} {url}: {error}") from error
            attempt += 1
            self.retries += 1
            time.sleep(self.target.pause * 2 ** (attempt - 1))


def batches(triples: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    batch: list[ox.Triple] = []
    for triple in triples:
        batch.append(triple)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ntriples(triples: Sequence[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def publish_graph(graph: str, triples: Iterable[ox.Triple], target: PublishTarget) -> GraphPublished:
    """Replace ``graph`` on the target with ``triples`` (raises ``StoreError`` when it cannot)."""
    client = _Client(target)
    count = 0
    name = ox.NamedNode(graph)
    if target.graph_store:
        url = (
            target.graph_store
            + ("&" if "?" in target.graph_store else "?")
            + urllib.parse.urlencode({"graph": graph})
        )
        first = True
        for batch in batches(triples, target.batch_triples):
            client.send("PUT" if first else "POST", url, _ntriples(batch), "application/n-triples")
            first = False
            count += len(batch)
        if first:  # an empty graph still replaces what was there
            client.send("PUT", url, b"", "application/n-triples")
    else:
        drop = urllib.parse.urlencode({"update": f"DROP SILENT GRAPH {name}"}).encode()
        client.send("POST", target.endpoint, drop, "application/x-www-form-urlencoded")
        for batch in batches(triples, target.batch_triples):
            update = f"INSERT DATA {{ GRAPH {name} {{\n" + _ntriples(batch).decode("utf-8") + "} }"
            body = urllib.parse.urlencode({"update": update}).encode()
            client.send("POST", target.endpoint, body, "application/x-www-form-urlencoded")
            count += len(batch)
    return GraphPublished(graph, count, client.requests, client.retries)


def publish_store(
    store: GraphStore,
    target: PublishTarget,
    graphs: Sequence[str] | None = None,
    progress: Callable[[PublishOutcome], None] | None = None,
) -> list[PublishOutcome]:
    """Publish every data graph of ``store`` (or ``graphs``); failures are reported, the rest go on."""
    outcomes: list[PublishOutcome] = []
    for graph in graphs if graphs is not None else store.graphs():
        outcome: PublishOutcome
        if not store.has_graph(graph):
            outcome = GraphFailed(graph, "no such graph in the store")
        else:
            try:
                outcome = publish_graph(graph, (q.triple for q in store.graph_quads(graph)), target)
            except StoreError as error:
                outcome = GraphFailed(graph, str(error))
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
    return outcomes
