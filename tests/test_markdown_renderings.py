"""The same disclosure rendered as Markdown pipe tables reads like its tab-separated rendering.

tests/fixtures/markdown holds the tab-separated seeds rendered three ways (by render_markdown.py there):
``pipes`` (a ``| … |`` row per table row, a ``|---|`` delimiter under the first), ``merged`` (as
converters that repeat a merged cell in every grid position it spans write them: header cells
spanning rows or columns, and a 合计 / sub-unit label spanning the code columns) and ``html`` (each
table a ``<table>`` inside the Markdown, merged header cells with their colspan). All must give exactly the
figures, tables and indicators of the tab-separated text."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pytest

from budgetgraph.extract import extract_document
from budgetgraph.records import Extraction, MediaType, SourceDocument
from budgetgraph.text_layout import read_text_layout

FIXTURES = Path(__file__).parent / "fixtures"
RENDERINGS = sorted(FIXTURES.glob("markdown/*.md"))


@cache
def extraction(path: Path) -> Extraction:
    data = path.read_bytes()
    media = MediaType.MARKDOWN if path.suffix == ".md" else MediaType.TEXT
    return extract_document(
        read_text_layout(SourceDocument(path.name, hashlib.sha256(data).hexdigest(), media, data))
    )


def figures(e: Extraction) -> list[tuple[str, str, str, str, str]]:
    return sorted(
        (t.kind.value, line.code or "", line.label, f.column.label, str(f.amount))
        for t in e.tables
        for line in t.lines
        for f in line.figures
    )


def indicators(e: Extraction) -> list[list[tuple[str, str, str, str, object]]]:
    return [
        [(i.level1, i.level2, i.level3, i.target.text, i.weight) for i in table.indicators]
        for table in e.performance
    ]


def seed_of(rendering: Path) -> Path:
    return FIXTURES / "seeds" / (rendering.name.split(".")[0] + ".txt")


@pytest.mark.parametrize("rendering", RENDERINGS, ids=lambda p: p.name)
def test_markdown_tables_read_as_tab_separated(rendering: Path) -> None:
    markdown, text = extraction(rendering), extraction(seed_of(rendering))
    assert figures(markdown) == figures(text)
    assert [(t.kind, t.status) for t in markdown.tables] == [(t.kind, t.status) for t in text.tables]
    assert (markdown.info.unit_name, markdown.info.year) == (text.info.unit_name, text.info.year)
    indicators = [[(i.level3, i.target.text, i.weight) for i in p.indicators] for p in markdown.performance]
    assert indicators == [
        [(i.level3, i.target.text, i.weight) for i in p.indicators] for p in text.performance
    ]


def test_the_renderings_cover_tables() -> None:
    """The fixtures are not vacuous: every rendering with tables has hundreds of figures."""
    counts = {p.name: len(figures(extraction(p))) for p in RENDERINGS}
    assert len(counts) == 12
    assert all(n > 200 for name, n in counts.items() if not name.startswith("001")), counts
