"""Dispatch a loaded document to the layout reader for its media type."""

from __future__ import annotations

from budgetgraph.records import Layout, MediaType, SourceDocument


def read_layout(source: SourceDocument, password: str | None = None) -> Layout:
    """The document's blocks (text lines and raw tables) in reading order, whatever its format."""
    if source.media_type is MediaType.PDF:
        from budgetgraph.pdf_layout import read_pdf_layout

        return read_pdf_layout(source, password=password)
    if source.media_type is MediaType.HTML:
        from budgetgraph.html_layout import read_html_layout

        return read_html_layout(source)
    from budgetgraph.text_layout import read_text_layout

    return read_text_layout(source)
