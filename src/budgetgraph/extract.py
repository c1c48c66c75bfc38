"""Layout → Extraction: the document's identity, its contents, and every standard table.

Works on any Layout (PDF, text rendering, HTML): table titles are recognised in text lines (or as a
table's one-cell first row), a table region runs from its title to the next title or part heading,
and the region's blocks are read as aligned rows (RawTable) or as running text (TextLine).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

from budgetgraph.document_info import read_document_info, read_staffing
from budgetgraph.narrative import attach_narrative
from budgetgraph.normalize import compact
from budgetgraph.records import (
    Block,
    ExtractedTable,
    Extraction,
    ExtractionNote,
    Funding,
    Layout,
    RawTable,
    SourceLocation,
    TableKind,
    TableStatus,
    TextLine,
)
from budgetgraph.tables import catalog
from budgetgraph.tables.table import PERFORMANCE, TableRegion, interpret, statement_in

_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_META_WORDS = r"(?:编制(?:单位|部门)|(?:部门|单位)[：:]|金额单位)"
_META = re.compile("^" + _META_WORDS)
_META_INSIDE = re.compile(_META_WORDS)


@lru_cache(maxsize=4096)  # asked of the same lines many times while segmenting
def _title_of(text: str, other: bool = False) -> tuple[str, TableKind, str | None] | None:
    """(title, kind, printed number) when ``text`` is a table title (of a standard kind, or with
    ``other`` of any kind: TableKind.OTHER)."""
    s = compact(text).lstrip("-•·*●").strip("《》")
    number = None
    m = catalog.TABLE_NUMBER.match(s)
    if m:
        number, s = m.group(1), s[m.end() :]
    s = s.strip("《》").rstrip("：:")
    if not catalog.TITLE_SHAPE.match(s):
        return None
    kind = catalog.title_kind(s) or (TableKind.OTHER if other else None)
    return (s, kind, number) if kind is not None else None


@lru_cache(maxsize=4096)
def _contents_entry(text: str) -> str | None:
    s = compact(text).lstrip("-•·*●")
    m = catalog.LIST_NUMBER.match(s)
    if not m:
        return None
    found = _title_of(s[m.end() :])
    return found[0] if found else None


def _block_title(block: Block) -> tuple[str, TableKind, str | None] | None:
    if isinstance(block, TextLine):
        return _title_of(block.text)
    cells = [compact(c) for c in block.rows[0].cells if compact(c)]
    if len(cells) == 2 and catalog.TABLE_NUMBER.fullmatch(cells[0]):
        cells = [cells[0] + cells[1]]  # 公开01表 | 收支预算总表
    if len(cells) != 1:
        return None
    # a converter may have put the title and the line under it into one cell: 收支预算总表部门:… 单位:万元
    meta = _META_INSIDE.search(cells[0])
    return _title_of(cells[0]) or (_title_of(cells[0][: meta.start()]) if meta and meta.start() else None)


def _starts_table(blocks: Sequence[Block], i: int) -> bool:
    """The blocks after position ``i`` open a table (meta lines or rows), not more contents entries."""
    for block in blocks[i + 1 : i + 5]:
        if isinstance(block, RawTable):
            return True
        text = compact(block.text)
        if _META.match(text):
            return True
        if _contents_entry(text) or _PART.match(text) or _title_of(text) or catalog.TABLE_NUMBER.match(text):
            return False
    return False


Contents = list[tuple[str, SourceLocation]]

_WRAP_TAIL = 8
"""At most this many characters of a title wrap onto the next line ("…支出预" / "算表")."""


def _is_title_text(text: str) -> bool:
    return _title_of(text) is not None or _contents_entry(text) is not None


_STRAY_MARKS = re.compile(r"[“”‘’\"'「」『』]+")


def join_wrapped_titles(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """Join a table title (or contents entry) that wrapped onto a short next line: neither line is
    a title alone, the two together are. Lines of nothing but quotation marks are left out first:
    converters put the marks of “三公” on a line of their own when they are set in another font."""
    blocks = [b for b in blocks if not (isinstance(b, TextLine) and _STRAY_MARKS.fullmatch(compact(b.text)))]
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(block, TextLine) and isinstance(following, TextLine):
            head, tail = compact(block.text), compact(following.text)
            if (
                0 < len(tail) <= _WRAP_TAIL
                and block.location.page == following.location.page
                and not _is_title_text(head)
                and not _is_title_text(tail)
                and _is_title_text(head + tail)
            ):
                out.append(replace(block, text=head + tail))
                i += 2
                continue
        out.append(block)
        i += 1
    return tuple(out)


def _segment(layout: Layout) -> tuple[list[TableRegion], Contents, list[ExtractionNote]]:
    regions: list[TableRegion] = []
    contents: list[tuple[str, SourceLocation]] = []
    notes: list[ExtractionNote] = []
    blocks = join_wrapped_titles(layout.blocks)
    current: TableRegion | None = None  # the region a title opened; its blocks come on close
    members: list[Block] = []
    pending_number: str | None = None

    def close() -> None:
        nonlocal current
        if current is not None and not members and current.kind not in PERFORMANCE:
            # A title with nothing under it before the next title: a listing of the table, not the table.
            contents.append((current.title, current.location))
        elif current is not None:
            regions.append(replace(current, blocks=tuple(members)))
        current = None
        members.clear()

    for i, block in enumerate(blocks):
        if isinstance(block, TextLine):
            text = compact(block.text)
            number = catalog.TABLE_NUMBER.fullmatch(text)
            if number:
                close()
                pending_number = number.group(1)
                continue
            entry = _contents_entry(text)
            if entry and not _starts_table(blocks, i):
                contents.append((entry, block.location))
                close()
                continue
            if _PART.match(text):
                close()
                continue
        found = _block_title(block)
        if found is None and isinstance(block, TextLine) and _starts_table(blocks, i):
            # A table of no standard kind: its own region, so its rows join no other table.
            found = _title_of(block.text, other=True)
        if found is not None and (
            isinstance(block, RawTable)
            or not _contents_entry(compact(block.text))
            or _starts_table(blocks, i)
        ):
            close()
            title, kind, number_in_title = found
            location = block.location if isinstance(block, TextLine) else block.rows[0].location
            current = TableRegion(
                kind=kind,
                title=title,
                number=number_in_title or pending_number,
                location=replace(location, table=len(regions) + 1),
                blocks=(),
            )
            pending_number = None
            if isinstance(block, RawTable) and len(block.rows) > 1:
                members.append(RawTable(rows=block.rows[1:], location=block.rows[1].location))
            continue
        if current is not None:
            members.append(block)
        elif isinstance(block, RawTable):
            notes.append(ExtractionNote("a table without a recognised title was left out", block.location))
    close()
    return regions, contents, notes


def _known_funding(tables: Sequence[ExtractedTable]) -> dict[Funding, Decimal]:
    known: dict[Funding, Decimal] = {}
    for table in tables:
        if table.kind not in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY):
            continue
        for line in table.lines:
            if line.funding is not None and line.funding not in known:
                known[line.funding] = sum((f.amount for f in line.figures), Decimal(0))
    return known


def _statements(layout: Layout) -> list[tuple[TableKind, str, SourceLocation]]:
    """空表 statements anywhere in the text, with the table kind they name."""
    out: list[tuple[TableKind, str, SourceLocation]] = []
    lines = [b for b in layout.blocks if isinstance(b, TextLine)]
    texts = [compact(b.text) for b in lines]
    for i, line in enumerate(lines):
        sentence = statement_in(texts, i)
        if not sentence:
            continue
        named = re.search(r"([^，,]*表)为?空表", sentence)
        kind = catalog.title_kind(named.group(1)) if named else None
        if kind is not None and not any(k == kind for k, _, _ in out):
            out.append((kind, sentence, line.location))
    return out


# A sentence saying why a fund's table has nothing in it: "本部门无政府性基金预算",
# "没有使用国有资本经营预算拨款安排的支出", "政府性基金支出预算支出 0 万元", "“三公”经费…为零".
_FUNDS = {"政府性基金": TableKind.GOV_FUND, "国有资本经营": TableKind.SOE, "三公": TableKind.THREE_PUBLIC}
_NONE_OF = re.compile(r"(?:没有|无|未安排|未使用|不涉及)[^，。；]{0,12}?(政府性基金|国有资本经营|三公)")
_ZERO_OF = re.compile(
    r"(政府性基金|国有资本经营|三公)[^，。；]{0,24}?(?:为零|为0|(?<![\d.])0(?:\.0+)?万?元)(?![\d.])"
)


def explained_empty(layout: Layout) -> dict[TableKind, tuple[str, SourceLocation]]:
    """Sentences of the text saying that a fund's table is empty, by the table kind they explain."""
    found: dict[TableKind, tuple[str, SourceLocation]] = {}
    for block in layout.blocks:
        if not isinstance(block, TextLine):
            continue
        for sentence in re.findall(r"[^。；]+[。；]?", compact(block.text)):
            match = _NONE_OF.search(sentence) or _ZERO_OF.search(sentence)
            if match:
                found.setdefault(_FUNDS[match.group(1)], (sentence, block.location))
    return found


def extract_document(layout: Layout) -> Extraction:
    """Everything extracted from one laid-out document."""
    info = read_document_info(layout)
    _title_of.cache_clear()  # the caches serve one document's repeated questions only
    _contents_entry.cache_clear()
    regions, contents, notes = _segment(layout)
    if not regions and not contents:
        notes.append(
            ExtractionNote(
                "no disclosure table and no table of contents: narrative only",
                SourceLocation(page=1 if layout.page_count else None, line=None),
            )
        )
    known_units = (info.unit_name, *info.aliases, *info.sub_units)
    first = [r for r in regions if r.kind in (TableKind.SUMMARY, TableKind.FISCAL_SUMMARY)]
    done: dict[int, ExtractedTable] = {}
    for region in first:
        table, more = interpret(region, info.amount_unit, known_units, {})
        done[id(region)] = table
        notes += more
    known = _known_funding(list(done.values()))
    for region in regions:
        if id(region) not in done:
            table, more = interpret(region, info.amount_unit, known_units, known)
            done[id(region)] = table
            notes += more
    tables = [done[id(r)] for r in regions]
    titles: list[str] = []
    for title, _ in contents:
        if title not in titles:
            titles.append(title)
    explained = explained_empty(layout)
    tables = [
        replace(t, statement=explained[t.kind][0])
        if t.status is TableStatus.EMPTY and not t.statement and t.kind in explained
        else t
        for t in tables
    ]
    printed = {t.kind for t in tables}
    statements = _statements(layout)
    # Tables not printed: said to be empty somewhere in the text (空表), else listed in the contents.
    unprinted: list[tuple[TableKind, str, SourceLocation, str | None]] = [
        (kind, next((t for t in titles if catalog.title_kind(t) is kind), sentence), location, sentence)
        for kind, sentence, location in statements
    ]
    unprinted += [
        (kind, title, location, None) for title, location in contents if (kind := catalog.title_kind(title))
    ]
    for kind, title, location, sentence in unprinted:
        if kind in printed:
            continue
        tables.append(
            ExtractedTable(
                kind=kind,
                title=title,
                status=TableStatus.EMPTY if sentence else TableStatus.MISSING,
                location=replace(location, table=len(tables) + 1),
                unit=info.amount_unit,
                statement=sentence,
            )
        )
        printed.add(kind)
    extraction = Extraction(
        source=layout.source,
        info=info,
        tables=tuple(tables),
        page_count=layout.page_count,
        staffing=read_staffing(layout),
        contents=tuple(titles),
        notes=tuple(notes),
    )
    return attach_narrative(extraction, layout)  # the narrative and the performance tables
