"""``budgetgraph query NAME|FILE.rq (--data OUT | --store DIR) [--format csv|tsv|json] [--param k=v ...]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from budgetgraph.output import read_dataset
from budgetgraph.queries import (
    FORMATS,
    catalog_markdown,
    load_query,
    parse_bindings,
    render_table,
    run_query,
)
from budgetgraph.store import open_store

HELP = "run a catalog query (queries/NAME.rq) or a .rq file over extracted RDF or a store"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query",
        nargs="?",
        help="a catalog query name (see --list) or the path of a .rq file",
    )
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="OUT",
        help="RDF written by `budgetgraph extract` (.ttl .nt .nq .trig .jsonld); repeatable",
    )
    parser.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="run over this on-disk store (made by `load` or `extract --store`), opened read-only",
    )
    parser.add_argument("--format", choices=FORMATS, default="csv", help="result format (default: csv)")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fix a parameter of the query (see --list for each query's parameters); repeatable",
    )
    parser.add_argument(
        "--list", action="store_true", help="print the catalog (columns and parameters, as Markdown) and exit"
    )


def _list() -> int:
    sys.stdout.write(catalog_markdown())
    return 0


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list()
    if not args.query:
        print("budgetgraph query: error: give a query name or a .rq file (or --list)", file=sys.stderr)
        return 2
    if not args.data and args.store is None:
        print("budgetgraph query: error: give --data OUT or --store DIR", file=sys.stderr)
        return 2
    if args.data and args.store is not None:
        print("budgetgraph query: error: give --data OUT or --store DIR, not both", file=sys.stderr)
        return 2
    query = load_query(args.query)
    bindings = parse_bindings(args.param)
    for name in bindings:
        query.parameter(name)  # unknown parameters fail before the data is read
    store = (
        open_store(args.store, read_only=True).store if args.store is not None else read_dataset(args.data)
    )
    table = run_query(query, store, bindings)
    sys.stdout.write(render_table(table, args.format))
    return 0
