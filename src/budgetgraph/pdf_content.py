"""The text-showing operations of a page content stream, in order: a small, strict scanner.

Used to recover the few single glyphs PDFium drops (pdf_page.LostGlyph) without interpreting the
whole page with pdfminer: PDFium's text objects come in content-stream order, one per text-showing
operator (Tj, TJ, ', "), so the n-th operation here is the n-th text object there. The scanner
gives up (None) on a parenthesis or bracket outside any string or array (unbalanced strings,
nesting beyond one level in a literal string) or an inline image without its end; the caller also
checks every other operation's text against PDFium's and falls back to pdfminer on any mismatch.
"""

from __future__ import annotations

import codecs
import re
import struct
from dataclasses import dataclass

_WS = rb"\x00\t\n\x0c\r "
_BODY = rb"(?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*"  # a literal string's, one level of nesting
_STRING = rb"\(" + _BODY + rb"\)"
_HEX = rb"<[0-9A-Fa-f" + _WS + rb"]*>"
_NAME_BODY = rb"[^" + _WS + rb"()<>\[\]{}/%]+"
_NUMBER = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
_SPACE = rb"[" + _WS + rb"]+"
# Only what matters is matched; everything between (numbers, other operators) is skipped in C. Every
# alternative starts with a literal byte, so that the regex engine skips ahead to the next of those
# bytes instead of trying each alternative at every position (several times faster).
_AFTER_OPERATOR = rb"(?![A-Za-z0-9])"
_SCAN = re.compile(
    b"|".join(
        [
            rb"\((?P<string>" + _BODY + rb")\)",
            rb"<(?P<hex>[0-9A-Fa-f" + _WS + rb"]*)>",
            rb"\[(?P<array>(?:[^\[\]()<>]|" + _STRING + rb"|" + _HEX + rb")*)\]",
            rb"/(?P<font>" + _NAME_BODY + rb")" + _SPACE + _NUMBER + _SPACE + rb"Tf" + _AFTER_OPERATOR,
            # an operator: not the end of a name or of another word
            rb"T(?<![A-Za-z0-9/]T)(?P<op>[jJ])" + _AFTER_OPERATOR,
            rb"B(?<![A-Za-z0-9/]B)(?P<image>I)" + _AFTER_OPERATOR,
            rb"'(?<![A-Za-z0-9/]')(?P<quote>)" + _AFTER_OPERATOR,
            rb'"(?<![A-Za-z0-9/]")(?P<quote2>)' + _AFTER_OPERATOR,
            rb"%(?P<comment>[^\r\n]*)",
            rb"\((?P<stray_open>)",
            rb"\)(?P<stray_close>)",
            rb"\[(?P<stray_bracket>)",
            rb"\](?P<stray_end>)",
        ]
    ),
    re.DOTALL,
)
_ARRAY_PART = re.compile(rb"(?P<string>" + _STRING + rb")|(?P<hex>" + _HEX + rb")", re.DOTALL)
_INLINE_IMAGE_DATA = re.compile(rb"(?<![A-Za-z0-9])ID[" + _WS + rb"]")
_INLINE_IMAGE_END = re.compile(rb"[" + _WS + rb"]EI(?=[" + _WS + rb"]|$)")
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|(\r\n|\r|\n)|(.))", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
# An escape that Python's bytes-literal decoder would read otherwise than PDF (other than \( and \)):
# an unknown escape whose backslash PDF drops, a backslash before a carriage return (a line break
# PDF drops), an octal escape above \377 (which Python warns about). It may also match after an
# escaped backslash: that string is then merely read by the slower decoder.
_UNUSUAL_ESCAPE = re.compile(rb"\\(?:[^0-7nrtbf\\\n()]|[4-7][0-7][0-7])")


@dataclass(frozen=True)
class ShownText:
    """One text-showing operation: the font resource name set by Tf, and the bytes shown."""

    font: str
    data: bytes


def shown_texts(stream: bytes) -> list[ShownText] | None:
    """The text-showing operations of a content stream in order, or None when unsure (a
    parenthesis or bracket that belongs to no string or array, an inline image without its end)."""
    shown: list[ShownText] = []
    font = ""
    operand: bytes | list[bytes] | None = None
    position = 0
    while True:
        match = _SCAN.search(stream, position)
        if match is None:
            return shown
        position = match.end()
        kind = match.lastgroup
        if kind == "string":
            operand = _literal(match.group("string"))
        elif kind == "hex":
            operand = _hex(match.group())
        elif kind == "array":
            operand = [
                _literal(part.group()[1:-1]) if part.lastgroup == "string" else _hex(part.group())
                for part in _ARRAY_PART.finditer(match.group("array"))
            ]
        elif kind == "font":
            font = match.group("font").decode("latin-1")
        elif kind == "image":
            data = _INLINE_IMAGE_DATA.search(stream, position)
            image_end = _INLINE_IMAGE_END.search(stream, data.end()) if data else None
            if image_end is None:
                return None
            position = image_end.end()
            operand = None
        elif kind in ("op", "quote", "quote2"):
            if match.group() == b"TJ":
                if not isinstance(operand, list):
                    return None
                shown.append(ShownText(font, b"".join(operand)))
            else:
                if not isinstance(operand, bytes):
                    return None
                shown.append(ShownText(font, operand))
            operand = None
        elif kind != "comment":  # a parenthesis or bracket outside any string or array
            return None


def _hex(token: bytes) -> bytes:
    digits = re.sub(rb"[" + _WS + rb"]", b"", token[1:-1])
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def _literal(body: bytes) -> bytes:
    if b"\\" not in body:
        return body
    if _UNUSUAL_ESCAPE.search(body) is None:
        # Decoded in C by Python's bytes-literal decoder once \( and \) lose their backslash. Runs of
        # backslashes pair from the left, as split() cuts them, so that no backslash in a part is
        # escaped: every one starts an escape.
        parts = body.split(b"\\\\")
        text = b"\\\\".join(part.replace(b"\\(", b"(").replace(b"\\)", b")") for part in parts)
        return codecs.escape_decode(text)[0]

    def unescape(match: re.Match[bytes]) -> bytes:
        octal, newline, char = match.groups()
        if octal is not None:
            return bytes([int(octal, 8) & 0xFF])
        if newline is not None:
            return b""
        return _ESCAPES.get(char, char)

    return _ESCAPE.sub(unescape, body)


_A85_IGNORED = b" \t\n\r\v"  # what Python's base64.a85decode skips
_A85_DIGITS = re.compile(rb"[!-u]*")
_A85_OFFSET = 33 * (85**4 + 85**3 + 85**2 + 85 + 1)


def ascii85(data: bytes) -> bytes | None:
    """``base64.a85decode(data)`` (as pdfminer's ASCII85Decode calls it, after its ``<~ … ~>`` is
    stripped), a group at a time instead of a character at a time; None where that decoder must
    be asked instead (a ``z`` group, a character it would reject, an overflowing group)."""
    data = data.translate(None, _A85_IGNORED)
    if not _A85_DIGITS.fullmatch(data):
        return None
    padding = -len(data) % 5
    data += b"u" * padding
    values = [
        (((a * 85 + b) * 85 + c) * 85 + d) * 85 + e - _A85_OFFSET
        for a, b, c, d, e in zip(data[0::5], data[1::5], data[2::5], data[3::5], data[4::5], strict=True)
    ]
    if values and max(values) > 0xFFFFFFFF:
        return None
    decoded = struct.pack(f">{len(values)}I", *values)
    return decoded[: len(decoded) - padding]
