"""Running text of a disclosure as paragraphs in numbered sections.

The layout stage gives lines; converters and PDFs wrap a paragraph over several lines. This module
normalises characters (NFKC, lookalike radicals, markup left by converters), joins wrapped lines
back into paragraphs, and records for every paragraph the numbered headings it sits under
(第一部分 / 一、 / (一)), so that the narrative extractors can ask "which section is this in".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from budgetgraph.records import Block, SourceLocation, TextLine

# CJK radicals that NFKC leaves alone but PDFs print instead of the ideograph.
_LOOKALIKES = str.maketrans(
    {
        "⻓": "长",
        "⻔": "门",
        "⻩": "黄",
        "⻅": "见",
        "⻋": "车",
        "⻢": "马",
        "⻛": "风",
        "⻘": "青",
        "⻝": "食",
        "⻜": "飞",
        "⻉": "贝",
        "⻄": "西",
        "⻬": "齐",
        "⻥": "鱼",
        "⻦": "鸟",
        "⺠": "民",
        "⻚": "页",
        "⻰": "龙",
        "⻳": "龟",
        "⺟": "母",
        "⻆": "角",
        "⻣": "骨",
        "⺁": "厂",
        "⼝": "口",
        "⺫": "罒",
        "⻨": "麦",
        "⻤": "鬼",
        "⺇": "几",
        "⺈": "刀",
    }
)
_MARKUP = re.compile(r"</?(?:b|p|strong|em|br|span)[^>]*>|\*\*|^#+\s*|^[-•]\s+")
_SPACES = re.compile(r"\s+")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])|(?<=[\d.,%:;()=<>])\s+(?=[\d.%])")

CN_NUMERAL = "一二三四五六七八九十百零〇"
# A numbered heading or list item at the start of a paragraph.
MARKER = re.compile(
    rf"^(?:第[{CN_NUMERAL}]+部分|[{CN_NUMERAL}]+[、.]|\([{CN_NUMERAL}]+\)|\d{{1,2}}(?:[、]|\.(?!\d))|\(\d{{1,2}}\))"
)
_FIELD_START = re.compile(r"^(?!其中)(?![^:]*\((?:类|款|项|\d+)\))[\u4e00-\u9fff][\u4e00-\u9fff()“”]{1,13}:")
_HEADING_END = re.compile(r"(?:情况|说明|职能|概况|解释|事项|表|经费|目录|报表\)?)$")
_TERMINAL = ("。", ";", "!", "?")


def normalize(text: str) -> str:
    """NFKC, lookalike radicals mapped, converter markup removed, spaces inside CJK text removed."""
    text = unicodedata.normalize("NFKC", text).translate(_LOOKALIKES)
    text = _MARKUP.sub("", text.strip())
    text = _SPACES.sub(" ", text).strip()
    return _CJK_SPACE.sub("", text)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text, normalised, with the numbered headings above it."""

    text: str
    location: SourceLocation
    heading: bool  # a numbered heading line (第一部分, 一、…, (一)…) or a Markdown heading
    sections: tuple[str, ...]  # the heading texts above it, outermost first

    def within(self, *words: str) -> bool:
        """Whether any heading above (or the paragraph itself, for headings) mentions one of ``words``."""
        titles = (*self.sections, self.text) if self.heading else self.sections
        return any(word in title for title in titles for word in words)


_UNNUMBERED_SECTION = re.compile(
    r"^[\u4e00-\u9fff()]{0,24}(?:主要职能|职能职责|机构设置(?:及人员情况)?|人员情况|单位概况|部门概况)$"
)


_LEVELS = (
    (re.compile(rf"^第[{CN_NUMERAL}]+部分"), 0),
    (re.compile(rf"^[{CN_NUMERAL}]+、"), 1),
    (re.compile(rf"^\([{CN_NUMERAL}]+\)"), 2),
    (_UNNUMBERED_SECTION, 1),
)


def _level(text: str) -> int | None:
    """The nesting level of a heading: 第X部分 0, 一、 1, (一) 2; a profile section printed without
    a number ("某某局主要职能", "某某局机构设置") 1; None otherwise."""
    for pattern, level in _LEVELS:
        if pattern.match(text):
            return level
    return None


def _is_heading(text: str, markdown: bool) -> bool:
    level = _level(text)
    if level is None:
        return markdown and len(text) <= 60 and not text.endswith(("。", ";"))
    if text.endswith(("。", ";")) and len(text) <= 12 and "," not in text:
        return True  # "(一)职能职责。": a run-in heading printed as a short sentence
    if text.endswith(("。", ";")) or "万元" in text or ":" in text.rstrip(":"):
        return False
    # a numbered heading is short, or ends with the noun that names a section
    return len(text) <= 20 or (len(text) <= 60 and _HEADING_END.search(text) is not None)


def _continues(previous: str, last: TextLine | None, line: TextLine, text: str, width: float) -> bool:
    """Whether ``text`` carries on the paragraph ``previous`` (whose last printed line was ``last``):
    the last line ran to the right margin (PDFs) or to the wrap width (text) without ending a sentence."""
    if line.heading or not previous or last is None:
        return False
    if previous.endswith(_TERMINAL) or MARKER.match(text) or _FIELD_START.match(text):
        return False
    if _is_heading(previous, False):
        return False
    if previous.endswith(":"):
        return True  # what a colon introduces carries on (lists start with a marker, fields with a label)
    if last.location.bbox is not None and line.location.bbox is not None:
        indented = line.location.bbox[0] > last.location.bbox[0] + 10  # a first line is indented
        return last.location.bbox[2] >= width and not indented
    return len(normalize(last.text)) >= 0.7 * width


def _right_margin(lines: Sequence[TextLine]) -> float | None:
    """Where full lines of a PDF end: a little left of the 90th percentile of the lines' right edges."""
    edges = sorted(line.location.bbox[2] for line in lines if line.location.bbox is not None)
    if len(edges) < len(lines) or not edges:
        return None
    return edges[int(len(edges) * 0.9)] - 24.0


def _wrap_width(texts: Sequence[str]) -> float:
    """The width a wrapped rendering breaks its lines at (its long lines cluster there); for a
    rendering with a paragraph per line, the length past which an unfinished line surely goes on."""
    lengths = [len(text) for text in texts if len(text) >= 30]
    if not lengths:
        return 60.0
    counts = Counter(lengths)
    mode = max(counts, key=lambda n: (sum(counts[m] for m in range(n - 3, n + 4)), n))
    near = sum(counts[m] for m in range(mode - 3, mode + 4))
    # a paragraph per line: an unfinished line of some length is a sentence split at a page end
    return float(mode) if near >= 0.3 * len(lengths) else 15.0 / 0.7


def text_lines(blocks: Sequence[Block]) -> list[TextLine]:
    """The running-text lines of a document (table blocks skipped), in reading order."""
    return [block for block in blocks if isinstance(block, TextLine)]


def paragraphs(blocks: Sequence[Block]) -> list[Paragraph]:
    """Join wrapped lines into paragraphs and attach the numbered headings above each one."""
    joined: list[tuple[str, SourceLocation, bool]] = []
    lines = [block for block in blocks if isinstance(block, TextLine)]
    texts = {id(block): normalize(block.text) for block in lines}
    width = _right_margin(lines) or _wrap_width([text for text in texts.values() if not MARKER.match(text)])
    last_line: TextLine | None = None
    for block in blocks:
        if not isinstance(block, TextLine):
            if joined:  # a table ends the paragraph before it
                joined.append(("", block.location, False))
            continue
        text = texts[id(block)]
        if not text:
            continue
        if joined and _continues(joined[-1][0], last_line, block, text, width):
            previous, location, markdown = joined[-1]
            joined[-1] = (previous + text, location, markdown)
        else:
            joined.append((text, block.location, block.heading > 0))
        last_line = block
    result: list[Paragraph] = []
    stack: list[tuple[int, str]] = []
    for text, location, markdown in joined:
        if not text:
            continue
        heading = _is_heading(text, markdown)
        level = _level(text)
        if heading and level is not None:
            stack = [(lvl, title) for lvl, title in stack if lvl < level]
        result.append(Paragraph(text, location, heading, tuple(title for _, title in stack)))
        if heading and level is not None:
            stack.append((level, text))
    return result


def strip_marker(text: str) -> str:
    """A paragraph without its leading list number."""
    return MARKER.sub("", text, count=1).strip()


def parse_amount(text: str) -> tuple[str, ...]:
    """Numbers in ``text`` as printed (thousands separators removed)."""
    return tuple(m.replace(",", "") for m in re.findall(r"-?\d[\d,]*(?:\.\d+)?", text))
