"""What is drawn on a PDF page — characters, ruling lines, images — read fast with pypdfium2.

pdfplumber spends most of its time parsing characters with pdfminer; PDFium reads the same
characters about fifty times faster. This module reads a page's characters and the straight
segments of its paths with PDFium and hands them on as pdfplumber-shaped objects, so that
pdfplumber's table finder runs on them unchanged (see pdf_tables and pdf_layout).

Coordinates are pdfplumber's: PDF points, origin at the top-left of the page as displayed (a page
with ``/Rotate`` is turned so that its text reads upright).
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetgraph.errors import BrokenPDFError, EncryptedPDFError

PdfObject = dict[str, Any]
"""A pdfplumber-shaped object (a char or an edge): the shape pdfplumber's algorithms take."""

Matrix = tuple[float, float, float, float, float, float]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_AXIS_TOLERANCE = 0.5  # a segment this close to horizontal/vertical counts as a ruling line
_MIN_SEGMENT = 0.01


@dataclass(frozen=True)
class LostGlyph:
    """A single-glyph text object PDFium dropped from its text (see PageContent.lost_text)."""

    order: int  # its position among the text objects of the page's own content stream
    x: float  # its origin, in the page's display coordinates
    baseline: float
    size: float  # effective font size


@dataclass(frozen=True)
class PageContent:
    """A page's characters and ruling edges (pdfplumber-shaped), its size and its image count.

    ``lost_text`` is True when PDFium dropped characters: it skips a text object whose glyph
    boxes are empty, which happens to single characters set in a non-embedded CJK font (the
    standard STSong-Light of ReportLab and iText). Such a page must take its characters from
    pdfminer instead (pdf_layout does).
    """

    number: int  # 1-based
    width: float
    height: float
    chars: tuple[PdfObject, ...]
    edges: tuple[PdfObject, ...]
    images: int
    lost_text: bool = False
    to_display: Matrix = _IDENTITY  # user space → these coordinates
    # When text was lost in the page's own content stream (not in a form): the lost glyphs, and the
    # text PDFium read from each text object of that stream, in order ("" for the lost ones).
    lost: tuple[LostGlyph, ...] = ()
    object_texts: tuple[str, ...] = ()


def open_pdf(path: str, data: bytes, password: str | None = None) -> pdfium.PdfDocument:
    """Open a PDF with PDFium, turning its failures into typed errors that name the file."""
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            reason = "encrypted PDF: wrong password" if password else "encrypted PDF: a password is needed"
            raise EncryptedPDFError(path, reason) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedPDFError(path, "encrypted PDF: unsupported security handler") from None
        raise BrokenPDFError(path, "damaged or truncated PDF: it cannot be parsed") from None


def iter_pages(path: str, document: pdfium.PdfDocument) -> Iterator[PageContent]:
    """The pages of an open document in order."""
    for index in range(len(document)):
        try:
            page = document[index]
        except pdfium.PdfiumError:
            raise BrokenPDFError(path, f"damaged PDF: page {index + 1} cannot be loaded") from None
        try:
            yield read_page(page, index + 1)
        finally:
            page.close()


def read_page(page: pdfium.PdfPage, number: int) -> PageContent:
    left, bottom, right, top = page.get_bbox()
    width, height = right - left, top - bottom
    textpage = page.get_textpage()
    try:
        # Coordinates in which the page's text reads upright: turned by the page's /Rotate when
        # its text is drawn to be read that way, else by the text's own angle (a table set
        # sideways on the page, or a page turned so that its text runs down the screen).
        rotation = _text_rotation(textpage.raw, page.get_rotation() % 360)
        to_display = _display_transform(rotation, left, bottom, width, height)
        chars = tuple(_read_chars(textpage.raw, to_display))
        edges: list[PdfObject] = []
        tally = _Tally()
        _walk_objects(
            pdfium_c.FPDFPage_CountObjects(page.raw),
            lambda i: pdfium_c.FPDFPage_GetObject(page.raw, i),
            to_display,
            edges,
            tally,
            top_level=True,
        )
        texts: tuple[str, ...] = ()
        if tally.lost and not tally.lost_in_form:
            texts = _object_texts(tally.text_objects, textpage.raw)
    finally:
        textpage.close()
    shown_width, shown_height = (height, width) if rotation in (90, 270) else (width, height)
    return PageContent(
        number=number,
        width=shown_width,
        height=shown_height,
        chars=chars,
        edges=tuple(edges),
        images=tally.images,
        lost_text=bool(tally.lost) or tally.lost_in_form,
        to_display=to_display,
        lost=tuple(tally.lost) if texts else (),
        object_texts=texts,
    )


def _object_texts(objects: list[Any], textpage: Any) -> tuple[str, ...]:
    """The text PDFium read from each text object. One call per object with a buffer that is
    usually large enough (PDFium leaves it untouched and says the size needed when it is not)."""
    capacity = 512  # UTF-16 code units
    buffer = (ctypes.c_ushort * capacity)()
    texts = []
    for obj in objects:
        size = pdfium_c.FPDFTextObj_GetText(obj, textpage, buffer, 2 * capacity)
        if size > 2 * capacity:
            capacity = size // 2
            buffer = (ctypes.c_ushort * capacity)()
            size = pdfium_c.FPDFTextObj_GetText(obj, textpage, buffer, 2 * capacity)
        texts.append(
            ctypes.string_at(buffer, size - 2).decode("utf-16-le", errors="replace") if size > 2 else ""
        )
    return tuple(texts)


_ANGLE_SAMPLES = 64


def _text_rotation(raw: Any, default: int) -> int:
    """The clockwise turn (0, 90, 180 or 270, as a /Rotate) under which most of the page's
    characters read upright, from up to ``_ANGLE_SAMPLES`` of them; ``default`` when the page has
    no text or no turn wins more than half of them."""
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return default
    step = max(1, count // _ANGLE_SAMPLES)
    votes: Counter[int] = Counter()
    for index in range(0, count, step):
        if chr(pdfium_c.FPDFText_GetUnicode(raw, index) or 32).isspace():
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(raw, index)  # clockwise, in user space
        if angle >= 0:
            votes[(360 - round(math.degrees(angle) / 90) % 4 * 90) % 360] += 1
    if not votes:
        return default
    angle, most = votes.most_common(1)[0]
    return angle if angle != default and most * 2 > sum(votes.values()) else default


def _display_transform(rotation: int, left: float, bottom: float, width: float, height: float) -> Matrix:
    """User space → display space with a top-left origin, as an affine matrix (a b c d e f)."""
    # First move the page box to the origin and flip y; then turn by the page's /Rotate.
    if rotation == 90:
        return (0.0, 1.0, 1.0, 0.0, -bottom, -left)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, 1.0, left + width, -bottom)
    if rotation == 270:
        return (0.0, -1.0, -1.0, 0.0, bottom + height, left + width)
    return (1.0, 0.0, 0.0, -1.0, -left, bottom + height)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` then ``outer``."""
    a0, b0, c0, d0, e0, f0 = inner
    a1, b1, c1, d1, e1, f1 = outer
    return (
        a0 * a1 + b0 * c1,
        a0 * b1 + b0 * d1,
        c0 * a1 + d0 * c1,
        c0 * b1 + d0 * d1,
        e0 * a1 + f0 * c1 + e1,
        e0 * b1 + f0 * d1 + f1,
    )


def _plain(function: Any, restype: Any, *argtypes: Any) -> Any:
    """The same PDFium function, taking addresses and ints and returning a pointer result as a
    plain int (or None): pypdfium2's bindings convert typed pointer objects on every call, which
    costs about as much as the call itself when made for every character of a page."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if address is None:
        raise RuntimeError("pypdfium2 bound a PDFium function to a null address")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


# The functions called once per character (see _read_chars)
_page_text = (ctypes.c_void_p, ctypes.c_int)
_text_object_address = _plain(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p, *_page_text)
_get_unicode = _plain(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, *_page_text)
_is_generated = _plain(pdfium_c.FPDFText_IsGenerated, ctypes.c_int, *_page_text)
_loose_box = _plain(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int, *_page_text, ctypes.c_void_p)
_char_origin = _plain(
    pdfium_c.FPDFText_GetCharOrigin, ctypes.c_int, *_page_text, ctypes.c_void_p, ctypes.c_void_p
)


def char_object(text: str, x0: float, x1: float, top: float, bottom: float, size: float) -> PdfObject:
    """A character as pdfplumber's table finder and our readers expect it (page coordinates)."""
    return {
        "object_type": "char",
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "size": size,
        "upright": True,
    }


def _page_codes(raw: Any, count: int) -> list[int] | None:
    """The UTF-16 code of each of the page's ``count`` characters, read in one call; None when the
    text does not have one code unit per character (a character outside the BMP), so that the
    caller reads them one by one."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(raw, 0, count, buffer)
    if written != count + 1:
        return None
    return buffer[:count]


def _read_chars(raw: Any, to_display: Matrix) -> list[PdfObject]:
    """The page's characters. Horizontally a char spans its advance (PDFium's loose box; in a
    font the PDF does not embed, that box follows the substitute font's glyph and may overshoot,
    so it is cut to the advance the PDF's widths declare, as pdfminer's box is); vertically it
    spans its effective font size around the baseline (0.88 above, 0.12 below), the same for
    every glyph of a font, as pdfminer's boxes are: PDFium's own vertical extents follow glyph
    outlines for some fonts, which would scatter one printed line over several.

    This runs for every character of every page, so it makes as few ctypes calls as it can: the
    characters' codes are read in one call; a character's font size and matrix are those of its
    text object (read once per object); a glyph's declared width is read once per font, glyph and
    size; and only whitespace can be one of the characters PDFium generates (spaces and line
    breaks). The baseline is read for every character: the loose box's distance from it is not
    constant within a text object (it varied for 7% of the characters of the test PDFs)."""
    a, b, c, d, e, f = to_display
    upright = b == 0.0
    page = ctypes.cast(raw, ctypes.c_void_p).value
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    origin_x = ctypes.c_double()
    origin_y = ctypes.c_double()
    rect_at, origin_x_at, origin_y_at = (ctypes.addressof(x) for x in (rect, origin_x, origin_y))
    get_unicode, is_generated, loose_box = _get_unicode, _is_generated, _loose_box
    char_origin, object_address = _char_origin, _text_object_address
    current_object: int | None = None
    size = 0.0
    font: Any = None  # the text object's font when its advances are to be read from its widths
    font_key = 0
    advance_scale = 0.0
    width = ctypes.c_float()
    glyph_width = pdfium_c.FPDFFont_GetGlyphWidth
    widths: dict[tuple[int, int, float], float] = {}
    chars: list[PdfObject] = []
    append = chars.append
    count = pdfium_c.FPDFText_CountChars(raw)
    codes = _page_codes(raw, count) if count > 0 else []
    for index in range(count):
        code = codes[index] if codes is not None else get_unicode(page, index)
        if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue
        text = chr(code)
        if text in "\r\n":
            continue
        if text.isspace() and is_generated(page, index):
            continue  # spaces and line breaks PDFium infers; pdfplumber does not have them
        if not loose_box(page, index, rect_at):
            continue
        address = object_address(page, index)
        if address is None or address != current_object:
            current_object = address
            font_size = size = pdfium_c.FPDFText_GetFontSize(raw, index)
            font, advance_scale = None, 0.0
            if pdfium_c.FPDFText_GetMatrix(raw, index, matrix):
                size *= (matrix.c * matrix.c + matrix.d * matrix.d) ** 0.5
                if matrix.b == 0.0 and matrix.a > 0.0:  # horizontal text, left to right
                    font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(raw, index))
                    if not font or pdfium_c.FPDFFont_GetIsEmbedded(font):
                        font = None
                    else:
                        font_key = ctypes.cast(font, ctypes.c_void_p).value or 0
                    advance_scale = matrix.a
        left, right = rect.left, rect.right
        if font is not None:
            key = (font_key, code, font_size)
            declared = widths.get(key)
            if declared is None:
                ok = glyph_width(font, code, font_size, width)
                declared = widths[key] = width.value if ok else 0.0
            if declared > 0.0:
                right = min(right, left + declared * advance_scale)
        if upright and char_origin(page, index, origin_x_at, origin_y_at):
            baseline = origin_y.value
            low, high = baseline - 0.12 * size, baseline + 0.88 * size
        else:  # a turned page: keep PDFium's box
            low, high = rect.bottom, rect.top
        # the box (left, low)–(right, high) in display coordinates
        ax, ay = a * left + c * low + e, b * left + d * low + f
        bx, by = a * right + c * high + e, b * right + d * high + f
        x0, x1 = (ax, bx) if ax <= bx else (bx, ax)
        top, bottom = (ay, by) if ay <= by else (by, ay)
        append(char_object(text, x0, x1, top, bottom, size))
    return chars


class _Tally:
    """What the object walk counts besides edges."""

    def __init__(self) -> None:
        self.images = 0
        self.lost: list[LostGlyph] = []
        self.lost_in_form = False
        self.text_objects: list[Any] = []  # the text objects of the page's own content stream


def _walk_objects(
    count: int, get: Any, outer: Matrix, edges: list[PdfObject], tally: _Tally, top_level: bool = False
) -> None:
    """Append the horizontal and vertical path segments to ``edges``; count images, spot lost text."""
    matrix = pdfium_c.FS_MATRIX()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(count):
        obj = get(index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            tally.images += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            if top_level:
                tally.text_objects.append(obj)
            if (
                pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
                and abs(right.value - left.value) < _MIN_SEGMENT
                and _glyphs_unknown(pdfium_c.FPDFTextObj_GetFont(obj))
            ):
                if top_level:
                    tally.lost.append(_lost_glyph(obj, len(tally.text_objects) - 1, left, bottom, outer))
                else:
                    tally.lost_in_form = True
        elif kind in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                continue
            local: Matrix = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            combined = _compose(local, outer)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                _path_edges(obj, combined, edges)
            else:
                form = obj
                _walk_objects(
                    pdfium_c.FPDFFormObj_CountObjects(form),
                    lambda i, form=form: pdfium_c.FPDFFormObj_GetObject(form, i),
                    combined,
                    edges,
                    tally,
                )


def _lost_glyph(obj: Any, order: int, left: Any, bottom: Any, to_display: Matrix) -> LostGlyph:
    x, baseline = _apply(to_display, left.value, bottom.value)
    size = ctypes.c_float(0.0)
    pdfium_c.FPDFTextObj_GetFontSize(obj, size)
    matrix = pdfium_c.FS_MATRIX()
    scale = 1.0
    if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        scale = (matrix.c * matrix.c + matrix.d * matrix.d) ** 0.5 or 1.0
    return LostGlyph(order=order, x=x, baseline=baseline, size=size.value * scale)


_STANDARD_FONTS = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats", "Arial")


def _glyphs_unknown(font: Any) -> bool:
    """A font whose glyph boxes PDFium may not know: not embedded, and not one of the standard 14
    (whose metrics PDFium has, so that only a blank glyph can have an empty box)."""
    if pdfium_c.FPDFFont_GetIsEmbedded(font):
        return False
    size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
    name = buffer.value.decode("latin-1")
    return not name.startswith(_STANDARD_FONTS)


def _path_edges(path: Any, m: Matrix, edges: list[PdfObject]) -> None:
    x = ctypes.c_float()
    y = ctypes.c_float()
    start: tuple[float, float] | None = None
    previous: tuple[float, float] | None = None
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = _apply(m, x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            _add_edge(previous, point, edges)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_edge(point, start, edges)
        previous = point


def _add_edge(a: tuple[float, float], b: tuple[float, float], edges: list[PdfObject]) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) <= _AXIS_TOLERANCE and abs(ax - bx) >= _MIN_SEGMENT:
        x0, x1 = min(ax, bx), max(ax, bx)
        top = (ay + by) / 2
        edges.append(
            {
                "object_type": "line",
                "orientation": "h",
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": top,
                "doctop": top,
                "width": x1 - x0,
                "height": 0.0,
            }
        )
    elif abs(ax - bx) <= _AXIS_TOLERANCE and abs(ay - by) >= _MIN_SEGMENT:
        top, bottom = min(ay, by), max(ay, by)
        x = (ax + bx) / 2
        edges.append(
            {
                "object_type": "line",
                "orientation": "v",
                "x0": x,
                "x1": x,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": 0.0,
                "height": bottom - top,
            }
        )
