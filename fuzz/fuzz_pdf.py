"""atheris harness: the PDF layout reader and the extractor on mutated PDF bytes.

Slow (pdfplumber parses every input); start it from generated or seed PDFs in ``fuzz/corpus-pdf/``.
Run: .venv/bin/python fuzz/fuzz_pdf.py fuzz/corpus-pdf -max_total_time=900 -rss_limit_mb=4096
"""

from __future__ import annotations

import contextlib
import hashlib
import sys

import atheris

with atheris.instrument_imports():
    from budgetgraph.errors import BudgetGraphError
    from budgetgraph.extract import extract_document
    from budgetgraph.pdf_layout import read_pdf_layout
    from budgetgraph.records import MediaType, SourceDocument


def test_one_input(data: bytes) -> None:
    source = SourceDocument("fuzz.pdf", hashlib.sha256(data).hexdigest(), MediaType.PDF, data)
    with contextlib.suppress(BudgetGraphError):
        extract_document(read_pdf_layout(source))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
