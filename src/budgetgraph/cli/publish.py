"""``budgetgraph publish --store DIR --endpoint URL``: push named graphs to a SPARQL 1.1 store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from budgetgraph.publish import GraphFailed, GraphPublished, PublishOutcome, PublishTarget, publish_store
from budgetgraph.store import open_store

HELP = (
    "push the store's named graphs to a SPARQL 1.1 store (Graph Store Protocol or Update, batched, retried)"
)


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", required=True, type=Path, metavar="DIR", help="the store to publish")
    parser.add_argument(
        "--endpoint", required=True, metavar="URL", help="the SPARQL endpoint (Update goes here)"
    )
    parser.add_argument(
        "--graph-store", metavar="URL", help="a Graph Store Protocol URL: use it instead of Update"
    )
    parser.add_argument(
        "--graph", action="append", metavar="IRI", help="publish only this graph (repeatable)"
    )
    parser.add_argument("--batch", type=int, default=20000, help="triples per request (default 20000)")
    parser.add_argument("--retries", type=int, default=3, help="retries of a failed request (default 3)")
    parser.add_argument("--user", help="user name for HTTP authentication")
    parser.add_argument("--password", help="password for HTTP authentication")


def run(args: argparse.Namespace) -> int:
    store = open_store(args.store, read_only=True)
    target = PublishTarget(
        endpoint=args.endpoint,
        graph_store=args.graph_store,
        batch_triples=max(1, args.batch),
        retries=max(0, args.retries),
        user=args.user,
        password=args.password,
    )

    def report(outcome: PublishOutcome) -> None:
        if isinstance(outcome, GraphFailed):
            print(f"budgetgraph publish: error: {outcome.graph}: {outcome.message}", file=sys.stderr)
        else:
            print(
                f"{outcome.graph}: {outcome.triples} triples in {outcome.requests} request(s)",
                file=sys.stderr,
            )

    outcomes = publish_store(store, target, args.graph, report)
    done = [o for o in outcomes if isinstance(o, GraphPublished)]
    failed = len(outcomes) - len(done)
    triples = sum(o.triples for o in done)
    print(
        f"published {len(done)} of {len(outcomes)} graph(s), {triples} triples, by {target.method}; "
        f"{failed} failed",
        file=sys.stderr,
    )
    return 1 if failed else 0
