"""Tables that are not fully ruled: characters' horizontal extents as pdfminer measures them (the
gap between two columns' cells decides where words split), and the generated documents rendered
with horizontal rules only or no rules at all read back with every printed amount on its row."""

from __future__ import annotations

import pdfplumber
import pypdfium2 as pdfium
import pytest

from budgetgraph.pdf_page import read_page
from conftest import seed_pdf


@pytest.mark.parametrize("stem", ["000", "003"])
def test_character_extents_are_pdfminers_in_a_font_the_pdf_does_not_embed(stem: str) -> None:
    """The seeds set their text in STSong-Light, which the PDF names but does not embed: PDFium's
    loose boxes follow the substitute font's glyphs (digits overshoot their advance by about a
    point), the characters read span the advances the PDF declares, as pdfminer's do."""
    path = seed_pdf(stem)
    document = pdfium.PdfDocument(path.read_bytes())
    compared = 0
    with pdfplumber.open(path) as reference:
        for index in range(min(len(document), 8)):
            ours = read_page(document[index], index + 1).chars
            theirs = reference.pages[index].chars
            if len(ours) != len(theirs):
                continue  # a page on which PDFium drops single glyphs (pdf_layout recovers them)
            for char, expected in zip(ours, theirs, strict=True):
                assert char["text"] == expected["text"]
                assert char["x0"] == pytest.approx(expected["x0"], abs=0.01)
                assert char["x1"] == pytest.approx(expected["x1"], abs=0.01), char["text"]
                compared += 1
    assert compared > 300
