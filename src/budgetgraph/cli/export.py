"""``budgetgraph export``: CSV of every catalog query and a Fiscal Data Package, for spreadsheets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from budgetgraph.export import export_catalog_csv, export_fdp
from budgetgraph.output import read_dataset
from budgetgraph.store import expand_inputs, open_store

HELP = "export every catalog query as CSV and a Fiscal Data Package (datapackage.json + CSV)"


def register(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--store", type=Path, metavar="DIR", help="a store written by `budgetgraph load`")
    source.add_argument(
        "--data", type=Path, nargs="+", metavar="DATA", help="files written by `budgetgraph extract`"
    )
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="DIR", help="output folder")


def run(args: argparse.Namespace) -> int:
    if args.store is not None:
        store = open_store(args.store, read_only=True).store
    else:
        store = read_dataset(expand_inputs(args.data))
    catalog = export_catalog_csv(store, args.output / "csv")
    fdp = export_fdp(store, args.output / "fiscal-data-package")
    print(
        f"wrote {len(catalog.files)} catalog CSV file(s) ({catalog.rows} rows) to {args.output / 'csv'} "
        f"and a Fiscal Data Package ({fdp.rows} rows) to {args.output / 'fiscal-data-package'}",
        file=sys.stderr,
    )
    return 0
