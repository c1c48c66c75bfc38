"""``budgetgraph load DATA... --store DIR``: load extracted RDF into the persistent store."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from budgetgraph.errors import BudgetGraphError
from budgetgraph.store import GraphStore, expand_inputs, open_store

HELP = "load extracted RDF (one named graph per document) into the on-disk store (unchanged graphs skipped)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "data",
        nargs="*",
        type=Path,
        metavar="DATA",
        help="files written by `budgetgraph extract` (.nq .trig .ttl .nt .jsonld) or folders; "
        "none: only compact the store (one loaded by an earlier version, or with --no-optimize)",
    )
    parser.add_argument("--store", required=True, type=Path, metavar="DIR", help="the store directory")
    parser.add_argument(
        "--no-optimize",
        dest="optimize",
        action="store_false",
        help="do not compact the store after loading (faster to load, slower to query)",
    )


def run(args: argparse.Namespace) -> int:
    if not args.data:
        if not args.optimize:
            print(
                "budgetgraph load: give DATA to load, or leave out --no-optimize to compact", file=sys.stderr
            )
            return 2
        return 0 if compact(open_store(args.store)) else 1
    store = open_store(args.store)
    files = expand_inputs(args.data)
    failed = quads = graphs = skipped = 0
    started = time.perf_counter()
    for path in files:
        try:
            result = store.load_file(path)
        except BudgetGraphError as error:
            failed += 1
            print(f"budgetgraph load: error: {error}", file=sys.stderr)
            continue
        quads += result.quads
        graphs += len(result.graphs)
        skipped += len(result.skipped)
        replaced = f", {len(result.replaced)} replaced" if result.replaced else ""
        unchanged = f", {len(result.skipped)} unchanged (skipped)" if result.skipped else ""
        print(
            f"{path}: {len(result.graphs)} graph(s), {result.quads} quads loaded{replaced}{unchanged}",
            file=sys.stderr,
        )
    store.flush()
    seconds = time.perf_counter() - started
    rate = quads / seconds if seconds > 0 else 0.0
    print(
        f"loaded {len(files) - failed} of {len(files)} file(s): {graphs} graph(s) ({skipped} unchanged, "
        f"skipped), {quads} quads in {seconds:.2f} s ({rate:,.0f} quads/s); {failed} failed",
        file=sys.stderr,
    )
    if args.optimize and quads and not compact(store):
        return 1
    return 1 if failed else 0


def compact(store: GraphStore) -> bool:
    """``store.optimize()`` with what it took on stderr; False (with the error) if it failed."""
    started = time.perf_counter()
    try:
        store.optimize()
    except BudgetGraphError as error:
        print(f"budgetgraph: error: {error}", file=sys.stderr)
        return False
    print(f"compacted the store in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return True
