"""The text-showing operations of a page content stream, in order: a small, strict tokenizer.

Used to recover the few single glyphs PDFium drops (pdf_page.LostGlyph) without interpreting the
whole page with pdfminer: PDFium's text objects come in content-stream order, one per text-showing
operator (Tj, TJ, ', "), so the n-th operation here is the n-th text object there. Anything this
tokenizer is unsure of (unbalanced strings, nesting beyond one level in a literal string, a stray
byte) makes it give up (None), and the caller falls back to pdfminer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    rb"""
    (?P<ws>[\x00\t\n\x0c\r ]+)
  | (?P<comment>%[^\r\n]*)
  | (?P<string>\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\))
  | (?P<dict><<|>>)
  | (?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)
  | (?P<open>\[)
  | (?P<close>\])
  | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<op>[A-Za-z'"*][A-Za-z0-9'"*]*)
  | (?P<brace>[{}])
    """,
    re.VERBOSE | re.DOTALL,
)
_INLINE_IMAGE_DATA = re.compile(rb"\bID[\x00\t\n\x0c\r ]")
_INLINE_IMAGE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|(\r\n|\r|\n)|(.))", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@dataclass(frozen=True)
class ShownText:
    """One text-showing operation: the font resource name set by Tf, and the bytes shown."""

    font: str
    data: bytes


def shown_texts(stream: bytes) -> list[ShownText] | None:
    """The text-showing operations of a content stream in order, or None when unsure."""
    shown: list[ShownText] = []
    stack: list[list[object]] = [[]]
    font = ""
    position = 0
    end = len(stream)
    while position < end:
        match = _TOKEN.match(stream, position)
        if match is None:
            return None
        position = match.end()
        kind = match.lastgroup
        token = match.group()
        if kind in ("ws", "comment"):
            continue
        if kind == "string":
            stack[-1].append(_literal(token[1:-1]))
        elif kind == "hex":
            digits = re.sub(rb"[\x00\t\n\x0c\r ]", b"", token[1:-1])
            stack[-1].append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii")))
        elif kind == "open" or (kind == "dict" and token == b"<<"):
            stack.append([])
        elif kind == "close" or kind == "dict":
            if len(stack) < 2:
                return None
            inner = stack.pop()
            stack[-1].append(inner)
        elif kind == "name":
            stack[-1].append(token[1:].decode("latin-1"))
        elif kind == "number":
            stack[-1].append(float(token))
        elif kind == "op":
            operands = stack[-1]
            if len(stack) != 1:
                return None
            if token == b"Tf" and len(operands) >= 2 and isinstance(operands[-2], str):
                font = operands[-2]
            elif token in (b"Tj", b"'", b'"'):
                if not operands or not isinstance(operands[-1], bytes):
                    return None
                shown.append(ShownText(font, operands[-1]))
            elif token == b"TJ":
                if not operands or not isinstance(operands[-1], list):
                    return None
                parts = [part for part in operands[-1] if isinstance(part, bytes)]
                shown.append(ShownText(font, b"".join(parts)))
            elif token == b"BI":
                data = _INLINE_IMAGE_DATA.search(stream, position)
                image_end = _INLINE_IMAGE_END.search(stream, data.end()) if data else None
                if image_end is None:
                    return None
                position = image_end.end()
            operands.clear()
        else:
            return None
    return shown


def _literal(body: bytes) -> bytes:
    def unescape(match: re.Match[bytes]) -> bytes:
        octal, newline, char = match.groups()
        if octal is not None:
            return bytes([int(octal, 8) & 0xFF])
        if newline is not None:
            return b""
        return _ESCAPES.get(char, char)

    return _ESCAPE.sub(unescape, body)
