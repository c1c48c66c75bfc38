"""Tables that are not fully ruled: the generator's round-trip documents (national and Shanghai
templates, budgets and final accounts) rendered to PDF with every table boxed (grid), ruled with
horizontal lines only (hlines) or not ruled at all (none), and read back.

For each rule style it prints the printed amounts that were not extracted and the coded rows whose
figures are not those printed on the row (values under the wrong row, or missing), as the round
trip test counts them (tests/test_generate_roundtrip.py test_every_printed_amount_is_extracted).

    .venv/bin/python bench/bench_unruled.py [grid|hlines|none ...] [--verbose]
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from budgetgraph.extract import extract_document
from budgetgraph.generate import GenerateConfig, Template, generate_documents, load_code_lists, wan
from budgetgraph.generate.codes import default_ontology_codes
from budgetgraph.generate.render_pdf import Rules, render_pdf
from budgetgraph.generate.tables import Table
from budgetgraph.layout import read_layout
from budgetgraph.records import Extraction, MediaType, SourceDocument, TableKind

CONFIG = GenerateConfig(units=4, years=1, templates=(Template.NATIONAL, Template.SHANGHAI), seed=2024)
PERFORMANCE = {TableKind.PERFORMANCE_TARGETS, TableKind.PERFORMANCE_EVALUATION}


@dataclass(frozen=True)
class TableScore:
    key: str
    printed: int  # amounts printed
    missing: int  # printed amounts not extracted
    rows: int  # coded rows
    wrong_rows: tuple[str, ...]  # coded rows whose figures are not the printed ones


def score_table(table: Table, extraction: Extraction) -> TableScore:
    found = [t for t in extraction.tables if t.kind is table.kind]
    wanted = Counter(wan(c.amount) for row in table.rows for c in row.cells if c.amount)
    got = Counter(f.amount for t in found for line in t.lines for f in line.figures if f.amount)
    wrong: list[str] = []
    coded = 0
    for row in table.rows:
        if not row.code:
            continue
        coded += 1
        amounts: list[Decimal] = sorted(wan(c.amount) for c in row.cells if c.amount)
        lines = [line for t in found for line in t.lines if line.code == row.code]
        if amounts not in [sorted(f.amount for f in line.figures if f.amount) for line in lines]:
            wrong.append(f"{row.code} {row.label}")
    return TableScore(table.key, sum(wanted.values()), sum((wanted - got).values()), coded, tuple(wrong))


def main(argv: list[str]) -> None:
    verbose = "--verbose" in argv
    modes = [Rules(arg) for arg in argv if not arg.startswith("--")] or list(Rules)
    generated = list(generate_documents(CONFIG, load_code_lists(default_ontology_codes())))
    for rules in modes:
        printed = missing = rows = wrong = 0
        for g in generated:
            data = render_pdf(g.document, g.style, rules)
            source = SourceDocument(f"{g.stem}.pdf", hashlib.sha256(data).hexdigest(), MediaType.PDF, data)
            extraction = extract_document(read_layout(source))
            scores = [score_table(t, extraction) for t in g.document.tables() if t.kind not in PERFORMANCE]
            for s in scores:
                printed, missing, rows, wrong = (
                    printed + s.printed,
                    missing + s.missing,
                    rows + s.rows,
                    wrong + len(s.wrong_rows),
                )
            if verbose:
                bad = [(s.key, s.missing, len(s.wrong_rows)) for s in scores if s.missing or s.wrong_rows]
                print(f"  {rules.value:6} {g.stem}: (table, missing, wrong rows) {bad}")
                for s in scores:
                    for label in s.wrong_rows[:3]:
                        print(f"           {s.key}: {label}")
        print(
            f"{rules.value:6} missing {missing:4} of {printed} amounts ({missing / printed:6.1%}); "
            f"coded rows wrong {wrong:4} of {rows} ({wrong / rows:6.1%})"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
