"""PDF → Layout on the seed PDFs and the real ones: cells of known rows, locations, reading order,
the fast character source against pdfminer's, turned pages."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from pypdf.generic import RectangleObject

from budgetgraph.normalize import compact, is_amount
from budgetgraph.pdf_content import shown_texts
from budgetgraph.pdf_layout import CharSource, read_pdf_layout
from budgetgraph.pdf_miner import MinerChars
from budgetgraph.pdf_page import PdfObject, read_page
from budgetgraph.records import Layout, MediaType, RawRow, RawTable, SourceDocument, TextLine
from budgetgraph.sources import load_source
from conftest import real_document, seed_pdf, seed_text

SEEDS = ("000", "001", "002", "003", "004")
SEEDS_WITH_TAB_TABLES = ("000", "001", "002", "004")  # 003's text rendering lost its columns


@cache
def seed_layout(stem: str, chars: CharSource = CharSource.AUTO) -> Layout:
    return read_pdf_layout(load_source(seed_pdf(stem)), chars=chars)


def tables(layout: Layout) -> list[RawTable]:
    return [block for block in layout.blocks if isinstance(block, RawTable)]


def rows(layout: Layout) -> list[RawRow]:
    return [row for table in tables(layout) for row in table.rows]


def trimmed(cells: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    out = [compact(cell) for cell in cells]
    while out and not out[-1]:
        out.pop()
    return tuple(out)


def test_known_row_of_seed_000() -> None:
    """一般公共预算支出情况表 of seed 000: a 项 row with its code split over 类/款/项 columns."""
    layout = seed_layout("000")
    expected = ("210", "15", "06", "医疗保障经办事务", "30.51", "0", "30.51")
    matches = [row for row in rows(layout) if row.cells == expected]
    assert len(matches) == 1
    row = matches[0]
    assert row.location.page == 6
    assert row.location.bbox is not None
    x0, top, x1, bottom = row.location.bbox
    assert 0 < x0 < x1 <= 596 and 0 < top < bottom <= 842
    assert row.aligned


def test_title_precedes_its_table_and_merged_cells_are_empty() -> None:
    layout = seed_layout("000")
    blocks = list(layout.blocks)
    title_text = "一般公共预算支出情况表"
    title = next(i for i, b in enumerate(blocks) if isinstance(b, TextLine) and compact(b.text) == title_text)
    table = next(b for b in blocks[title:] if isinstance(b, RawTable))
    assert table.location.page == blocks[title].location.page == 6
    header = table.rows[0].cells
    assert header[0] == "项目" and header[3] == "一般公共预算支出"
    assert header[1] == header[2] == "" and header[4:] == ("", "", "")  # covered by merged cells
    assert table.rows[2].cells[:3] == ("类", "款", "项")  # single-glyph cells PDFium alone would lose
    assert table.rows[-1].cells == ("", "", "", "合 计", "1412.87", "1213.55", "199.32")


@pytest.mark.parametrize("stem", SEEDS_WITH_TAB_TABLES)
def test_every_table_row_of_the_text_rendering_is_in_the_pdf_layout(stem: str) -> None:
    """The seed texts carry the same tables tab-separated: every row with an amount is a PDF row."""
    pdf_rows = {trimmed(row.cells) for row in rows(seed_layout(stem))}
    expected = []
    for line in seed_text(stem).read_text(encoding="utf-8").splitlines():
        if "\t" not in line or "**" in line:  # "**" marks the converter's bold, not printed text
            continue
        cells = trimmed([re.sub(r"</?b>", "", cell) for cell in line.split("\t")])
        if any(is_amount(cell) for cell in cells):
            expected.append(cells)
    assert len(expected) > 20
    missing = [cells for cells in expected if cells not in pdf_rows]
    assert missing == []


@pytest.mark.parametrize("stem", SEEDS)
def test_fast_characters_read_the_same_tables_as_pdfminer(stem: str) -> None:
    fast = seed_layout(stem)
    reference = seed_layout(stem, CharSource.PDFMINER)
    assert len(tables(fast)) == len(tables(reference)) > 0

    def amounts(layout: Layout) -> list[tuple[int | None, tuple[str, ...]]]:
        return [
            (row.location.page, tuple(cell for cell in row.cells if is_amount(cell))) for row in rows(layout)
        ]

    assert amounts(fast) == amounts(reference)


@pytest.mark.parametrize("stem", SEEDS)
def test_locations_are_numbered_and_inside_their_pages(stem: str) -> None:
    layout = seed_layout(stem)
    document = pdfium.PdfDocument(seed_pdf(stem).read_bytes())
    sizes = [document[i].get_size() for i in range(len(document))]
    assert layout.page_count == len(sizes)
    pages_with_blocks = set()
    for ordinal, table in enumerate(tables(layout), start=1):
        assert table.location.table == ordinal
        assert [row.location.row for row in table.rows] == list(range(1, len(table.rows) + 1))
        assert all(row.location.table == ordinal and any(row.cells) for row in table.rows)
        assert len({len(row.cells) for row in table.rows}) == 1
    for block in layout.blocks:
        page = block.location.page
        assert page is not None and block.location.bbox is not None
        width, height = sizes[page - 1]
        x0, top, x1, bottom = block.location.bbox
        assert -1 <= x0 <= x1 <= width + 1 and -1 <= top <= bottom <= height + 1
        pages_with_blocks.add(page)
    landscape = {i + 1 for i, (w, h) in enumerate(sizes) if w > h}
    assert landscape <= pages_with_blocks  # landscape pages are read, not dropped
    pages = [block.location.page or 0 for block in layout.blocks]
    assert pages == sorted(pages)  # reading order: page by page


def _turned_copy(path: Path, page_number: int, how: str) -> bytes:
    """A two-page PDF: the page as it is, and the same page stored turned: its content drawn
    turned by a quarter and the page stored with /Rotate 90 so that it displays as the first
    (``turned-90``), or displayed sideways: its content drawn turned by a quarter (``content-90``,
    ``content-270``) or the page stored with /Rotate (``rotate-90``, ``rotate-180``,
    ``rotate-270``) and nothing to make up for it."""
    writer = pypdf.PdfWriter()
    writer.add_page(pypdf.PdfReader(path).pages[page_number - 1])
    turned = writer.add_page(pypdf.PdfReader(path).pages[page_number - 1])
    width, height = float(turned.mediabox.width), float(turned.mediabox.height)
    kind, angle = how.split("-")
    if kind == "rotate":
        turned.rotate(int(angle))
    else:
        matrix = (0, 1, -1, 0, height, 0) if angle == "90" else (0, -1, 1, 0, 0, width)
        turned.add_transformation(pypdf.Transformation(matrix))
        turned.mediabox = RectangleObject([0, 0, height, width])
        turned.cropbox = RectangleObject([0, 0, height, width])
        if kind == "turned":
            turned.rotate(90)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "how", ["turned-90", "content-90", "content-270", "rotate-90", "rotate-180", "rotate-270"]
)
@pytest.mark.parametrize(("stem", "page"), [("000", 6), ("001", 7), ("004", 3)])
def test_a_turned_page_reads_like_the_upright_one(stem: str, page: int, how: str) -> None:
    """A page stored turned reads like the upright one, whether it displays upright or sideways
    (its text running down or up the screen: a table set sideways, or a page turned by /Rotate
    alone): it is read in the coordinates where its text stands upright."""
    data = _turned_copy(seed_pdf(stem), page, how)
    layout = read_pdf_layout(SourceDocument("turned.pdf", "0" * 64, MediaType.PDF, data))

    def content(number: int) -> list[object]:
        return [
            [row.cells for row in b.rows] if isinstance(b, RawTable) else b.text
            for b in layout.blocks
            if b.location.page == number
        ]

    assert content(1) == content(2)
    assert any(isinstance(b, RawTable) and b.location.page == 2 for b in layout.blocks)


REAL_ROWS = [
    (
        "shanghai_putuo/上海市普陀区人民政府办公室25年预算.pdf",
        9,
        ("201", "03", "01", "行政运行", "12,029,501.84", "12,029,501.84", "", "", ""),
    ),
    (
        "shanghai_putuo/上海市普陀区人民政府办公室25年预算.pdf",
        8,
        ("一、财政拨款收入", "91,016,775.35", "一、一般公共服务支出", "82,096,797.42"),
    ),
    (
        "jiangsu_provincial/江苏省政协办公厅2019年预算公开表.pdf",
        1,
        ("一、财政拨款", "13,297.11", "一、一般公共服务支出", "10,271.56", "一、基本支出", "6,522.75"),
    ),
    (
        "jiangsu_provincial/江苏省人民检察院_2017年省检察院部门预算.pdf",
        10,
        ("一、财政拨款", "17,981.68", "一、一般公共服务支出", "", "一、基本支出", "12,323.48"),
    ),
]


@pytest.mark.parametrize(("relative", "page", "cells"), REAL_ROWS)
def test_rows_of_real_documents(relative: str, page: int, cells: tuple[str, ...]) -> None:
    layout = read_pdf_layout(load_source(real_document(relative)))
    found = [row for row in rows(layout) if row.cells == cells]
    assert [row.location.page for row in found] == [page]


CAPTIONED = [
    (
        "jiangsu_provincial/江苏省政协办公厅2019年预算公开表.pdf",
        1,
        "公开01表",
        "收支预算总表",
        ("收入", "", "支出"),
    ),
    (
        "jiangsu_provincial/江苏省政协办公厅2019年预算公开表.pdf",
        3,
        "公开03表",
        "支出预算总表",
        ("合计", "基本支出"),
    ),
    (
        "jiangsu_provincial/江苏省政协办公厅2019年预算公开表.pdf",
        5,
        "公开05表",
        "财政拨款支出预算表(功能科目)",
        (),
    ),
    (
        "shanghai_putuo/上海市普陀区社会福利院2024年单位预算.pdf",
        10,
        None,
        "2024年预算单位财政拨款收支预算总表",
        (),
    ),
]


@pytest.mark.parametrize(("relative", "page", "number", "title", "header"), CAPTIONED)
def test_captions_ruled_into_a_table_are_read_as_text(
    relative: str, page: int, number: str | None, title: str, header: tuple[str, ...]
) -> None:
    """Templates that rule the table number, title and 部门/编制单位 line into the table's first
    rows: those rows become text lines before the table, in reading order."""
    layout = read_pdf_layout(load_source(real_document(relative)))
    blocks = [b for b in layout.blocks if b.location.page == page]
    first_table = next(i for i, b in enumerate(blocks) if isinstance(b, RawTable))
    before = [compact(b.text) for b in blocks[:first_table] if isinstance(b, TextLine)]
    expected = [number, title] if number else [title]
    assert before[-len(expected) - 1 : -1] == expected
    assert re.match(r"^(部门|编制单位):.+单位:万?元$", before[-1])
    table = blocks[first_table]
    assert isinstance(table, RawTable)
    assert table.rows[0].cells[: len(header)] == header
    assert not any(compact(cell).startswith(("部门:", "编制单位:")) for cell in table.rows[0].cells)


def _three_line_table_pdf(with_rules: bool) -> bytes:
    """A page with a title, prose, and a table ruled with horizontal lines only (三线表)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(595, 842))
    page.setFont("STSong-Light", 14)
    page.drawString(200, 780, "一般公共预算支出情况表")
    page.setFont("STSong-Light", 10)
    page.drawString(60, 755, "编制单位：某某局          单位：万元")
    page.drawString(60, 735, "这是一段说明文字，其中有 12.50 万元和 3.00 万元，不是表格的一部分。")
    y = 700
    if with_rules:
        page.line(55, y + 14, 560, y + 14)
    for i, row in enumerate(THREE_LINE_ROWS):
        for x, text in zip((60, 130, 300, 390, 480), row, strict=True):
            page.drawString(x, y, text)
        if i == 0 and with_rules:
            page.line(55, y - 6, 560, y - 6)
        y -= 20
    if with_rules:
        page.line(55, y + 14, 560, y + 14)
    page.drawString(60, y - 20, "注：本表为示例。")
    page.showPage()
    page.save()
    return buffer.getvalue()


THREE_LINE_ROWS = [
    ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
    ("201", "一般公共服务支出", "1,234.50", "1,000.00", "234.50"),
    ("20101", "人大事务", "234.50", "0.00", "234.50"),
    ("2010101", "行政运行", "1,000.00", "1,000.00", "0.00"),
    ("208", "社会保障和就业支出", "88.10", "88.10", "0.00"),
    ("", "合计", "1,322.60", "1,088.10", "234.50"),
]


def test_table_ruled_with_horizontal_lines_only() -> None:
    data = _three_line_table_pdf(with_rules=True)
    layout = read_pdf_layout(SourceDocument("three-line.pdf", "0" * 64, MediaType.PDF, data))
    (table,) = tables(layout)
    assert [row.cells for row in table.rows] == THREE_LINE_ROWS
    texts = [compact(b.text) for b in layout.blocks if isinstance(b, TextLine)]
    assert texts[0] == "一般公共预算支出情况表"
    assert texts[-1] == "注:本表为示例。"
    assert layout.blocks.index(table) == 3  # after the title, the unit line and the prose


def test_aligned_table_without_rules_is_a_table_and_prose_stays_text() -> None:
    """With no rules at all, figures standing over one another in columns under a line of labels
    are read as the table printed; the paragraph above that quotes amounts stays a text line."""
    data = _three_line_table_pdf(with_rules=False)
    layout = read_pdf_layout(SourceDocument("no-rules.pdf", "0" * 64, MediaType.PDF, data))
    (table,) = tables(layout)
    assert [row.cells for row in table.rows] == THREE_LINE_ROWS
    texts = [compact(b.text) for b in layout.blocks if isinstance(b, TextLine)]
    assert texts[2] == "这是一段说明文字,其中有12.50万元和3.00万元,不是表格的一部分。"
    assert texts[-1] == "注:本表为示例。"
    assert layout.blocks.index(table) == 3


@pytest.mark.parametrize(("stem", "page_number"), [("000", 6), ("003", 30), ("004", 5)])
def test_dropped_glyphs_are_recovered_like_pdfminer_reads_them(stem: str, page_number: int) -> None:
    """PDFium drops single glyphs of a non-embedded CJK font; they are recovered from the content
    stream, and the page then has exactly the characters pdfminer finds."""
    data = seed_pdf(stem).read_bytes()
    page = read_page(pdfium.PdfDocument(data)[page_number - 1], page_number)
    assert page.lost_text and page.lost
    miner = MinerChars("seed.pdf", data, None)
    recovered = miner.recover(page)
    assert recovered is not None and len(recovered) == len(page.chars) + len(page.lost)
    reference = miner.chars(page_number, page.to_display)

    def visible(chars: tuple[PdfObject, ...]) -> list[str]:
        return sorted(char["text"] for char in chars if not char["text"].isspace())

    assert visible(recovered) == visible(reference)

    def centre(char: PdfObject) -> tuple[float, float]:
        return (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2

    for glyph_char in recovered[len(page.chars) :]:
        x, y = centre(glyph_char)
        assert any(
            char["text"] == glyph_char["text"]
            and abs(centre(char)[0] - x) < 0.5
            and abs(centre(char)[1] - y) < 3
            for char in reference
        ), glyph_char


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        (b"BT /F1 9 Tf 1 0 0 1 10 20 Tm (ab) Tj ET", [("F1", b"ab")]),
        (b"BT /F2 9 Tf [(a) -120 (b(c)d) 5 <4E00 4e>] TJ ET", [("F2", b"ab(c)dN\x00N")]),
        (rb"BT /F1 1 Tf (x\(y\)\101\n\\) ' 1 2 (z) " + b'" ET', [("F1", b"x(y)A\n\\"), ("F1", b"z")]),
        (b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00(\xff EI Q BT /F1 1 Tf (k) Tj ET", [("F1", b"k")]),
        (b"% comment (not a string\nBT /F3 1 Tf <<>> BDC (m) Tj EMC ET", [("F3", b"m")]),
    ],
)
def test_text_showing_operations_of_a_content_stream(
    stream: bytes, expected: list[tuple[str, bytes]]
) -> None:
    shown = shown_texts(stream)
    assert shown is not None
    assert [(item.font, item.data) for item in shown] == expected


@pytest.mark.parametrize(
    "stream", [b"BT (a(b(c))) Tj ET", b"BT (unclosed Tj ET", b"BT ] ET", b"BT (a) Tj ) ET", b"BI /W 1 ID xx"]
)
def test_an_unsure_content_stream_gives_up(stream: bytes) -> None:
    assert shown_texts(stream) is None
