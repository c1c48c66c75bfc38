"""``budgetgraph query NAME|FILE.rq --data OUT [--format csv|tsv|json] [--param name=value ...]``."""

from __future__ import annotations

import argparse
import sys

from budgetgraph.output import read_dataset
from budgetgraph.queries import (
    FORMATS,
    catalog_markdown,
    load_query,
    parse_bindings,
    render_table,
    run_query,
)

HELP = "run a catalog query (queries/NAME.rq) or a .rq file over extracted RDF"


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
    if not args.data:
        print("budgetgraph query: error: --data OUT is required", file=sys.stderr)
        return 2
    query = load_query(args.query)
    bindings = parse_bindings(args.param)
    for name in bindings:
        query.parameter(name)  # unknown parameters fail before the data is read
    store = read_dataset(args.data)
    table = run_query(query, store, bindings)
    sys.stdout.write(render_table(table, args.format))
    return 0
