"""``budgetgraph generate``: write a corpus of realistic disclosures with known figures (issue 5)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from budgetgraph.errors import InputError
from budgetgraph.generate import (
    GenerateConfig,
    Template,
    default_ontology_codes,
    load_code_lists,
    write_corpus,
)
from budgetgraph.generate.corpus import FORMATS

HELP = "generate realistic budget/final-accounts documents (text, PDF) with planted inconsistencies"


def _list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--units", type=int, required=True, metavar="N", help="number of budget units")
    parser.add_argument("--years", type=int, required=True, metavar="Y", help="years per unit")
    parser.add_argument("--start-year", type=int, default=2021, help="first fiscal year (default 2021)")
    parser.add_argument(
        "--formats", type=_list, default=("text",), help=f"comma list of {', '.join(FORMATS)}"
    )
    parser.add_argument(
        "--templates",
        type=_list,
        default=("national",),
        help=f"comma list of {', '.join(t.value for t in Template)} (units take them in turn)",
    )
    parser.add_argument(
        "--inconsistencies",
        type=float,
        default=0.0,
        metavar="RATE",
        help="probability that a document gets one planted inconsistency (listed in manifest.jsonl)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    parser.add_argument(
        "--codes", type=Path, default=None, help="folder of SKOS code lists (default ontology/codes)"
    )
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="output folder")


def run(args: argparse.Namespace) -> int:
    if args.units < 1 or args.years < 1:
        raise InputError("--units/--years", "must be at least 1")
    if not 0.0 <= args.inconsistencies <= 1.0:
        raise InputError("--inconsistencies", "RATE must be between 0 and 1")
    unknown = [t for t in args.templates if t not in {m.value for m in Template}]
    if unknown:
        raise InputError("--templates", f"unknown template(s) {', '.join(unknown)}")
    config = GenerateConfig(
        units=args.units,
        years=args.years,
        start_year=args.start_year,
        formats=tuple(args.formats),
        templates=tuple(Template(t) for t in args.templates),
        inconsistency_rate=args.inconsistencies,
        seed=args.seed,
    )
    if args.codes is not None and not args.codes.is_dir():
        raise InputError(str(args.codes), "--codes must be a folder of SKOS code lists (*.ttl)")
    codes = load_code_lists(args.codes if args.codes is not None else default_ontology_codes())
    start = time.perf_counter()
    summary = write_corpus(config, args.output, codes)
    seconds = time.perf_counter() - start
    print(
        f"wrote {summary.files} files ({summary.documents} documents, {summary.planted} with a planted "
        f"inconsistency) to {args.output} in {seconds:.1f} s; codes: {codes.source}",
        file=sys.stderr,
    )
    return 0
