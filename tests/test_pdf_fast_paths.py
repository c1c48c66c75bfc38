"""The fast paths of the PDF reader give what the plain ways give: characters read with few ctypes
calls against one PDFium call per property, the table cells against pdfplumber's own
``intersections_to_cells``, and the content-stream scanner's strings against a plain decoder of
PDF literal strings."""

from __future__ import annotations

import base64
import ctypes
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pdfplumber.table import edges_to_intersections, merge_edges
from pdfplumber.table import intersections_to_cells as pdfplumber_cells
from pdfplumber.utils.geometry import filter_edges

from budgetgraph import pdf_page
from budgetgraph.pdf_content import ascii85, shown_texts
from budgetgraph.pdf_page import PdfObject, read_page
from budgetgraph.pdf_tables import intersections_to_cells
from conftest import REAL, SEED_PDFS, seed_pdf

SEEDS = ("000", "001", "002", "003", "004")


def _sample_pdfs() -> list[Path]:
    paths = [seed_pdf(stem) for stem in SEEDS]
    if REAL.is_dir():
        paths += sorted(REAL.rglob("*.pdf"))[:3]
    return paths


# ------------------------------------------------------------------------------------------
# Characters


def _plain_chars(raw: Any, to_display: tuple[float, ...]) -> Iterator[PdfObject]:
    """Every property of every character asked of PDFium separately (the reader before it was
    made fast), with the same boxes: a font the PDF does not embed cut to its declared advances."""
    a, b, c, d, e, f = to_display
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        if pdfium_c.FPDFText_IsGenerated(raw, index):
            continue
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF or chr(code) in "\r\n":
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect):
            continue
        font_size = size = pdfium_c.FPDFText_GetFontSize(raw, index)
        right = rect.right
        if pdfium_c.FPDFText_GetMatrix(raw, index, matrix):
            size *= (matrix.c * matrix.c + matrix.d * matrix.d) ** 0.5
            font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(raw, index))
            width = ctypes.c_float()
            if (
                matrix.b == 0.0
                and matrix.a > 0.0
                and not pdfium_c.FPDFFont_GetIsEmbedded(font)
                and pdfium_c.FPDFFont_GetGlyphWidth(font, code, font_size, width)
                and width.value > 0.0
            ):
                right = min(right, rect.left + width.value * matrix.a)  # the declared advance
        if b == 0.0 and pdfium_c.FPDFText_GetCharOrigin(raw, index, origin_x, origin_y):
            low, high = origin_y.value - 0.12 * size, origin_y.value + 0.88 * size
        else:
            low, high = rect.bottom, rect.top
        xs = (a * rect.left + c * low + e, a * right + c * high + e)
        ys = (b * rect.left + d * low + f, b * right + d * high + f)
        yield {
            "text": chr(code),
            "x0": min(xs),
            "x1": max(xs),
            "top": min(ys),
            "bottom": max(ys),
            "size": size,
        }


_COMPARED = ("text", "x0", "x1", "top", "bottom", "size")


@pytest.mark.parametrize("codes", ["page-text", "one-by-one"])
@pytest.mark.parametrize("path", _sample_pdfs(), ids=lambda p: p.name)
def test_fast_characters_are_the_plain_ones(path: Path, codes: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Characters' codes come from the page's text in one call, or one by one when that text does
    not have one code unit per character (forced here)."""
    if codes == "one-by-one":
        monkeypatch.setattr(pdf_page, "_page_codes", lambda raw, count: None)
    document = pdfium.PdfDocument(path.read_bytes())
    checked = 0
    for index in range(len(document)):
        page = document[index]
        content = read_page(page, index + 1)
        textpage = page.get_textpage()
        plain = list(_plain_chars(textpage.raw, content.to_display))
        textpage.close()
        assert [{key: char[key] for key in _COMPARED} for char in content.chars] == plain
        checked += len(plain)
    assert checked > 1000


# ------------------------------------------------------------------------------------------
# Table cells


def _cells_both_ways(edges: list[PdfObject]) -> tuple[list[Any], list[Any]]:
    merged = filter_edges(merge_edges(edges, 3, 3, 3, 3), min_length=3)
    intersections = edges_to_intersections(merged, 3, 3)
    return intersections_to_cells(intersections), pdfplumber_cells(intersections)


def _edge(orientation: str, at: float, start: float, end: float) -> PdfObject:
    if orientation == "h":
        return {"orientation": "h", "x0": start, "x1": end, "top": at, "bottom": at, "width": end - start}
    return {"orientation": "v", "x0": at, "x1": at, "top": start, "bottom": end, "height": end - start}


@pytest.mark.parametrize("path", _sample_pdfs(), ids=lambda p: p.name)
def test_cells_are_pdfplumbers_on_real_pages(path: Path) -> None:
    document = pdfium.PdfDocument(path.read_bytes())
    found = 0
    for index in range(len(document)):
        edges = filter_edges(list(read_page(document[index], index + 1).edges), min_length=1)
        ours, theirs = _cells_both_ways(edges)
        assert ours == theirs
        found += len(ours)
    if path.parent == SEED_PDFS:
        assert found > 100  # the seeds' tables are ruled


_SPOTS = st.sampled_from([0.0, 1.5, 20.0, 40.0, 41.0, 60.0, 80.0, 100.0, 130.0])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("hv"), _SPOTS, _SPOTS, _SPOTS).filter(lambda e: abs(e[2] - e[3]) > 3),
        min_size=2,
        max_size=30,
    )
)
def test_cells_are_pdfplumbers_on_random_rulings(segments: list[tuple[str, float, float, float]]) -> None:
    """Grids with missing, overlapping and stray segments: merged cells, open corners."""
    edges = [_edge(kind, at, min(p, q), max(p, q)) for kind, at, p, q in segments]
    ours, theirs = _cells_both_ways(edges)
    assert ours == theirs


# ------------------------------------------------------------------------------------------
# Literal strings of content streams


def _plain_literal(body: bytes) -> bytes:
    """PDF 32000-1 §7.3.4.2, one byte at a time."""
    out = bytearray()
    i = 0
    named = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(body):
        byte = body[i]
        i += 1
        if byte != ord("\\"):
            out.append(byte)
            continue
        following = body[i]
        i += 1
        if following in named:
            out.append(named[following])
        elif ord("0") <= following <= ord("7"):
            value = following - ord("0")
            for _ in range(2):
                if i < len(body) and ord("0") <= body[i] <= ord("7"):
                    value = value * 8 + body[i] - ord("0")
                    i += 1
            out.append(value & 0xFF)
        elif following == ord("\r"):
            if i < len(body) and body[i] == ord("\n"):
                i += 1
        elif following != ord("\n"):
            out.append(following)  # an unknown escape: the backslash is dropped
    return bytes(out)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (rb"a\(b\)c", b"a(b)c"),
        (rb"\\(", None),  # an escaped backslash, then an unbalanced parenthesis: unsure
        (rb"\\\(x", b"\\(x"),
        (rb"\101\0607\777", b"A07\xff"),
        (b"\\7\\\r\n4", b"\x074"),
        (b"a\\\nb\\\rc", b"abc"),
        (rb"\x\a\v\'", b"xav'"),
        (b"\\000\\372N-\\377\\032", b"\x00\xfaN-\xff\x1a"),
    ],
)
def test_escapes_in_literal_strings(body: bytes, expected: bytes | None) -> None:
    shown = shown_texts(b"BT /F1 9 Tf (" + body + b") Tj ET")
    if expected is None:
        assert shown is None
    else:
        assert shown is not None and [item.data for item in shown] == [expected]
        assert _plain_literal(body) == expected


_ESCAPES = [b"\\", b"\\\\", b"\\(", b"\\)", b"\\377", b"\\400", b"\\\r\n", b"\\\n"]
_PLAIN = [b"0", b"3", b"4", b"7", b"8", b"n", b"r", b"t", b"x", b"\n", b"\r", b"\r\n", b"\xff", b"\x00"]
_BODY_PIECES = st.sampled_from([*_ESCAPES, *_PLAIN, b"(b)", b"(", b")"])


def _nesting(body: bytes) -> int | None:
    """How deep unescaped parentheses nest in a string body, or None when they do not balance."""
    depth = deepest = 0
    escaped = False
    for byte in body:
        if escaped:
            escaped = False
        elif byte == ord("\\"):
            escaped = True
        elif byte == ord("("):
            depth += 1
            deepest = max(deepest, depth)
        elif byte == ord(")"):
            depth -= 1
            if depth < 0:
                return None
    return deepest if depth == 0 and not escaped else None


@settings(max_examples=500, deadline=None)
@given(st.lists(_BODY_PIECES, max_size=16))
def test_literal_strings_read_as_pdf_says(pieces: list[bytes]) -> None:
    body = b"".join(pieces)
    nesting = _nesting(body)
    assume(nesting is not None and nesting <= 1)  # deeper nesting: the scanner gives up
    shown = shown_texts(b"BT /F1 9 Tf (" + body + b") Tj ET")
    assert shown is not None
    assert [item.data for item in shown] == [_plain_literal(body)]


def test_text_objects_longer_than_the_first_buffer() -> None:
    """A page with a dropped glyph keeps the text of each of its text objects, however long."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    drawing = canvas.Canvas(out)
    drawing.setFont("STSong-Light", 4)
    for y, text in ((700, "一二" * 700), (600, "三"), (500, "四五")):
        drawing.drawString(10, y, text)
    drawing.save()
    page = read_page(pdfium.PdfDocument(out.getvalue())[0], 1)
    assert page.lost_text and len(page.lost) == 1
    assert page.object_texts == ("一二" * 700, "", "四五")


# ------------------------------------------------------------------------------------------
# ASCII85 content streams


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.integers(0, 30), st.sampled_from([b"", b" ", b"\n", b"\r\n\t"]))
def test_ascii85_is_pythons(data: bytes, wrap: int, space: bytes) -> None:
    encoded = base64.a85encode(data, wrapcol=wrap)
    if space:
        encoded = space.join(encoded[i : i + 7] for i in range(0, len(encoded), 7))
    decoded = ascii85(encoded)
    assert decoded == base64.a85decode(encoded) or (decoded is None and b"z" in encoded)


@pytest.mark.parametrize("junk", [b"abc~", b"ab{c", b"uuuuu", b"!!z!!"])
def test_ascii85_leaves_the_doubtful_to_python(junk: bytes) -> None:
    assert ascii85(junk) is None
