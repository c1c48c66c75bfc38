"""The one loader: a path on disk becomes a ``SourceDocument`` (bytes, sha256, media type).

This is the pipeline's input edge. The media type is sniffed from the content, never from the file
name: a PDF starts with ``%PDF-`` (within its first kilobyte), an HTML page has HTML markup near its
start, and anything else must decode as UTF-8 (with or without a byte-order mark) or GB18030 text.
A file whose name claims one format while its bytes are another is refused with an error that says
what the bytes really are.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from budgetgraph.errors import InputError, UnsupportedFormatError
from budgetgraph.records import MediaType, SourceDocument

_PDF_MAGIC = b"%PDF-"
# HTML: document-level markup near the start, or a page that opens with a block element. Text
# renderings may carry inline <b>/<p> tags in their text, which does not make them HTML.
_HTML_DOCUMENT = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]", re.IGNORECASE
)
_HTML_BLOCK_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:table|div|p|h[1-6]|section|article|ul|ol|center)[\s>]",
    re.IGNORECASE | re.DOTALL,
)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S", re.MULTILINE)

# Magic numbers of formats people save under a wrong name, to say what a refused file really is.
_KNOWN_BINARY: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP container (e.g. a .docx or .xlsx document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 compound file (e.g. a .doc or .xls document)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)


def load_source(path: Path) -> SourceDocument:
    """Read ``path`` and say what it is; raise an ``InputError`` naming the file if it is unusable."""
    name = str(path)
    if path.is_dir():
        raise InputError(name, "is a folder, not a document")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "unreadable: permission denied") from None
    except OSError as error:
        raise InputError(name, f"unreadable: {error.strerror or error}") from None
    media_type = sniff_media_type(name, data)
    _check_claimed_pdf(name, path.suffix.lower(), media_type, data)
    return SourceDocument(
        path=name, sha256=hashlib.sha256(data).hexdigest(), media_type=media_type, data=data
    )


def sniff_media_type(name: str, data: bytes) -> MediaType:
    """The media type of ``data`` judged by its content; ``name`` is only used in errors."""
    if not data.strip():
        raise InputError(name, "empty file" if not data else "empty file (only whitespace)")
    if _PDF_MAGIC in data[:1024]:
        return MediaType.PDF
    binary = _describe_binary(data)
    if binary is not None:
        raise UnsupportedFormatError(name, f"unsupported format: the file is {binary}")
    text = _decode_text(data)
    if text is None:
        raise UnsupportedFormatError(
            name, "unsupported format: binary data that is neither PDF, HTML nor UTF-8/GB18030 text"
        )
    head = data[:4096]
    if _HTML_DOCUMENT.search(head) or _HTML_BLOCK_START.match(head):
        return MediaType.HTML
    if _MARKDOWN_HEADING.search(text):
        return MediaType.MARKDOWN
    return MediaType.TEXT


def decode_text(source: SourceDocument) -> str:
    """The text of a text, Markdown or HTML document (UTF-16 with a byte-order mark, UTF-8, else
    GB18030)."""
    data = source.data
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnsupportedFormatError(source.path, "not decodable as UTF-8 or GB18030 text")


def _decode_text(data: bytes) -> str | None:
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    return None


def _looks_like_text(text: str) -> bool:
    """Mostly printable characters: control characters other than whitespace are rare in text."""
    if not text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls <= max(2, len(text) // 200)


def _describe_binary(data: bytes) -> str | None:
    for magic, description in _KNOWN_BINARY:
        if data.startswith(magic):
            return description
    return None


def _check_claimed_pdf(name: str, suffix: str, media_type: MediaType, data: bytes) -> None:
    """A file named .pdf must be a PDF: say what it really is when it is not."""
    if suffix != ".pdf" or media_type is MediaType.PDF:
        return
    what = {
        MediaType.HTML: "an HTML page",
        MediaType.MARKDOWN: "a Markdown text",
        MediaType.TEXT: "a plain text file",
    }[media_type]
    raise UnsupportedFormatError(name, f"named .pdf but is not a PDF: the file is {what}")
