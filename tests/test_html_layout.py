"""HTML → Layout: tables with spans expanded, headings, paragraphs and line breaks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetgraph.errors import InputError
from budgetgraph.html_layout import read_html_layout
from budgetgraph.normalize import compact
from budgetgraph.records import Layout, MediaType, RawTable, SourceDocument, TextLine
from budgetgraph.sources import load_source
from conftest import real_document

CHONGQING = "chongqing_municipal/重庆市交通委员会2018年部门预算情况说明.html"


def html(markup: str) -> Layout:
    data = markup.encode("utf-8")
    source = SourceDocument("page.html", hashlib.sha256(data).hexdigest(), MediaType.HTML, data)
    return read_html_layout(source)


def texts(layout: Layout) -> list[tuple[int, str]]:
    return [(b.heading, b.text) for b in layout.blocks if isinstance(b, TextLine)]


def tables(layout: Layout) -> list[RawTable]:
    return [b for b in layout.blocks if isinstance(b, RawTable)]


def test_real_page_headings_and_paragraphs() -> None:
    layout = read_html_layout(load_source(real_document(CHONGQING)))
    lines = texts(layout)
    assert lines[0] == (2, "重庆市交通委员会2018年部门预算情况说明")
    plain = [compact(text) for _, text in lines]
    # <br>-separated paragraphs of one <span> are separate lines, &nbsp; indentation dropped
    assert "一、单位基本情况" in plain
    assert "二、部门预算情况说明" in plain
    budget = next(t for t in plain if t.startswith("2018年一般公共预算财政拨款收入"))
    assert "324970.32万元" in budget
    assert all(text.strip() == text and text for _, text in lines)
    assert tables(layout) == []  # the page's tables were images
    assert all(b.location.line is not None for b in layout.blocks)


def test_spans_are_expanded_onto_the_grid() -> None:
    layout = html(
        """<table>
        <tr><th rowspan="2">项目</th><th colspan="3">财政拨款支出</th></tr>
        <tr><th>合计</th><th>一般公共<br>预算</th><th>政府性基金预算</th></tr>
        <tr><td>201 一般公共服务支出</td><td>1,234.50</td><td>1,234.50</td><td></td></tr>
        <tr><td colspan="2">合 计</td><td rowspan="2">9.00</td><td>0</td></tr>
        <tr><td>注</td><td>x</td><td>y</td></tr>
        </table>"""
    )
    (table,) = tables(layout)
    assert [row.cells for row in table.rows] == [
        ("项目", "财政拨款支出", "", ""),
        ("", "合计", "一般公共预算", "政府性基金预算"),
        ("201 一般公共服务支出", "1,234.50", "1,234.50", ""),
        ("合 计", "", "9.00", "0"),
        ("注", "x", "", "y"),
    ]
    assert table.location.table == 1
    assert [row.location.row for row in table.rows] == [1, 2, 3, 4, 5]
    assert [row.location.line for row in table.rows] == [2, 3, 4, 5, 6]


def test_text_around_tables_keeps_reading_order() -> None:
    layout = html(
        """<html><head><title>不读</title><style>p {color: red}</style></head><body>
        <h1>某某局2024年部门预算</h1>
        <h3>表一：<span>收支总体情况表</span></h3>
        <p>编制单位：某某局&nbsp;&nbsp;单位：万元</p>
        <table><tr><td>收入总计</td><td>10.00</td></tr></table>
        <div>说明一<br/>说明二</div>
        <script>var x = "<table>";</script>
        <table><tr><td>外<table><tr><td>内</td></tr></table></td><td>5</td></tr></table>
        </body></html>"""
    )
    kinds = [
        ("T", [row.cells for row in b.rows]) if isinstance(b, RawTable) else (b.heading, b.text)
        for b in layout.blocks
    ]
    assert kinds == [
        (1, "某某局2024年部门预算"),
        (3, "表一:收支总体情况表"),
        (0, "编制单位:某某局 单位:万元"),
        ("T", [("收入总计", "10.00")]),
        (0, "说明一"),
        (0, "说明二"),
        ("T", [("外内", "5")]),
    ]
    assert [t.location.table for t in tables(layout)] == [1, 2]


@pytest.mark.parametrize("span", ["0", "-3", "abc", "99999999"])
def test_absurd_spans_do_not_break_the_grid(span: str) -> None:
    layout = html(f'<table><tr><td colspan="{span}">a</td><td>b</td></tr><tr><td>c</td></tr></table>')
    (table,) = tables(layout)
    assert table.rows[0].cells[0] == "a"
    assert "b" in table.rows[0].cells
    assert len({len(row.cells) for row in table.rows}) == 1


def test_gb18030_page(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes("<html><body><h2>预算公开</h2><p>单位：万元</p></body></html>".encode("gb18030"))
    layout = read_html_layout(load_source(path))
    assert texts(layout) == [(2, "预算公开"), (0, "单位:万元")]


def test_not_html_is_refused() -> None:
    source = SourceDocument("x.txt", "0" * 64, MediaType.TEXT, "纯文本".encode())
    with pytest.raises(InputError, match="not an HTML page"):
        read_html_layout(source)


_TAGS = ["table", "tr", "td", "th", "p", "div", "br", "h1", "h3", "span", "script", "li", "b"]
_FRAGMENTS = st.one_of(
    st.sampled_from([f"<{t}>" for t in _TAGS] + [f"</{t}>" for t in _TAGS]),
    st.sampled_from(['<td rowspan="3">', '<td colspan="0">', '<th colspan="x">', "<td rowspan=999999>"]),
    st.sampled_from(["&nbsp;", "&amp;", "&#x4e00;", "<!--", "-->", "<![CDATA[", "<", ">", "\u200d"]),
    st.text(min_size=1, max_size=8),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=60))
def test_no_markup_crashes_the_reader(fragments: list[str]) -> None:
    layout = html("".join(fragments))
    for ordinal, table in enumerate(tables(layout), start=1):
        assert table.location.table == ordinal
        assert len({len(row.cells) for row in table.rows}) == 1
        assert all(any(row.cells) for row in table.rows)
    for line in layout.blocks:
        if isinstance(line, TextLine):
            assert line.text == line.text.strip() and line.text


def test_caption_is_the_title_line_before_its_table() -> None:
    layout = html(
        """<table><caption>表一 <b>收支总体情况表</b></caption>
        <thead><tr><th>项目</th><th>预算数</th></tr></thead>
        <tbody><tr><td>收入总计</td><td>10.00</td></tr></tbody></table>"""
    )
    first, second = layout.blocks
    assert isinstance(first, TextLine) and first.text == "表一 收支总体情况表"
    assert isinstance(second, RawTable)
    assert [row.cells for row in second.rows] == [("项目", "预算数"), ("收入总计", "10.00")]
