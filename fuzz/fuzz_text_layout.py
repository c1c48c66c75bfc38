"""atheris harness: the text layout reader and the extractor on arbitrary bytes.

Anything but a ``BudgetGraphError`` (or a hang) is a finding. Seed the corpus with real renderings
for deeper coverage: ``fuzz/corpus/`` (see fuzz/README.md).
Run: .venv/bin/python fuzz/fuzz_text_layout.py fuzz/corpus -max_total_time=600
"""

from __future__ import annotations

import contextlib
import hashlib
import sys

import atheris

with atheris.instrument_imports():
    from budgetgraph.errors import BudgetGraphError
    from budgetgraph.extract import extract_document
    from budgetgraph.records import MediaType, SourceDocument
    from budgetgraph.text_layout import read_text_layout


def test_one_input(data: bytes) -> None:
    source = SourceDocument("fuzz.txt", hashlib.sha256(data).hexdigest(), MediaType.TEXT, data)
    with contextlib.suppress(BudgetGraphError):
        extract_document(read_text_layout(source))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
