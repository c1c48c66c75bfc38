"""``budgetgraph validate DATA... | --store DIR [--report report.ttl|report.html|report.md|report.json]``.

Exit codes: 0 the data conforms (warnings allowed), 1 there are violations, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from budgetgraph.errors import OutputError
from budgetgraph.findings import Severity
from budgetgraph.validate import rule_catalog, validate_paths
from budgetgraph.validate_store import validate_store
from budgetgraph.validation_report import REPORT_FORMATS, severity_counts, write_report

HELP = "check extracted RDF against the SHACL shapes (structure, 勾稽关系, document form) and write a report"
SHOWN = 20
"""How many findings are printed on the terminal (the report files have all of them)."""


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "data",
        nargs="*",
        metavar="DATA",
        help="RDF written by `budgetgraph extract` (.ttl .nt .nq .trig .jsonld)",
    )
    parser.add_argument(
        "--report",
        action="append",
        default=[],
        metavar="PATH",
        help="write a report; its format by extension: " + " ".join(REPORT_FORMATS) + " (repeatable)",
    )
    parser.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="validate the documents of this on-disk store (made by `load` or `extract --store`), "
        "a few at a time: memory does not grow with the store",
    )
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default: 1)")
    parser.add_argument("--list-rules", action="store_true", help="list the rules and exit")


def _list_rules() -> int:
    for rule in rule_catalog():
        print(f"{rule.rule_id}\t{rule.severity.value}\t{rule.group}\t{rule.label_zh}\t{rule.label_en}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.list_rules:
        return _list_rules()
    if not args.data and args.store is None:
        print(
            "budgetgraph validate: error: give the RDF to validate (DATA), --store DIR or --list-rules",
            file=sys.stderr,
        )
        return 2
    if args.data and args.store is not None:
        print("budgetgraph validate: error: give DATA or --store, not both", file=sys.stderr)
        return 2
    for path in args.report:
        if Path(path).suffix.lower() not in REPORT_FORMATS:
            raise OutputError(f"{path}: unknown report format (known: {' '.join(REPORT_FORMATS)})")
    jobs = max(1, args.jobs)
    report = validate_store(args.store, jobs) if args.store is not None else validate_paths(args.data, jobs)
    for path in args.report:
        write_report(report, path)
    counts = severity_counts(report)
    for finding in report.findings[:SHOWN]:
        src = finding.source
        where = " ".join(
            part
            for part in (
                src.file_name or src.document,
                f"p.{src.page}" if src.page is not None else "",
                src.table_title or "",
                f"row {src.row}" if src.row is not None else "",
            )
            if part
        )
        print(f"{finding.severity.value:9} {finding.rule_id:7} {where}: {finding.message_zh}")
    if len(report.findings) > SHOWN:
        print(f"… {len(report.findings) - SHOWN} more (see --report)")
    verdict = "conforms" if report.conforms else "does not conform"
    print(
        f"{report.documents} document(s): {verdict}; "
        f"{counts[Severity.VIOLATION]} violation(s), {counts[Severity.WARNING]} warning(s)",
        file=sys.stderr,
    )
    return 0 if report.conforms else 1
