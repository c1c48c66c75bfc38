"""Shared by the tests that read a PDF through a converter's rendering of it (pdfplumber's text,
pypdf's text, Markdown) and compare with what the PDF itself gives."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from budgetgraph.extract import extract_document
from budgetgraph.pipeline import ExtractOptions, extract_file
from budgetgraph.records import Extraction, MediaType, SourceDocument
from budgetgraph.text_layout import read_text_layout

Render = Callable[[Path], str]


def extract_text(text: str, name: str = "rendering.txt", media: MediaType = MediaType.TEXT) -> Extraction:
    """The extraction of a text or Markdown rendering given as a string."""
    data = text.encode("utf-8")
    return extract_document(
        read_text_layout(SourceDocument(name, hashlib.sha256(data).hexdigest(), media, data))
    )


def figures(extraction: Extraction) -> Counter[tuple[str, str, str]]:
    """Every figure as (table kind, code, amount): what two readings of a document must agree on."""
    return Counter(
        (t.kind.value, ln.code or "", str(f.amount))
        for t in extraction.tables
        for ln in t.lines
        for f in ln.figures
    )


def indicators(extraction: Extraction) -> Counter[tuple[object, ...]]:
    return Counter(
        (t.kind, t.project_name, i.level1, i.level2, i.level3, i.target.text, i.weight)
        for t in extraction.performance
        for i in t.indicators
    )


@cache
def pdf_and_rendering(path: Path, render: Render, suffix: str = ".txt") -> tuple[Extraction, Extraction]:
    """The PDF's extraction and the extraction of ``render``'s rendering of it (skipped when the PDF
    is absent: the real documents live in ../shared/real beside the checkout)."""
    if not path.exists():
        pytest.skip(f"{path} is absent: the real documents live in ../shared/real beside the checkout")
    from_pdf, _ = extract_file(path, ExtractOptions())
    media = MediaType.MARKDOWN if suffix == ".md" else MediaType.TEXT
    return from_pdf, extract_text(render(path), path.stem + suffix, media)


def assert_figures_close(from_pdf: Extraction, from_text: Extraction, differing: int) -> None:
    """The rendering gives the PDF's figures but for at most ``differing`` missing or added."""
    expected, found = figures(from_pdf), figures(from_text)
    assert sum(expected.values()) > 100
    missing, added = expected - found, found - expected
    assert sum(missing.values()) + sum(added.values()) <= differing, (list(missing)[:5], list(added)[:5])
