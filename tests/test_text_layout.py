"""Text and Markdown renderings → Layout."""

from __future__ import annotations

import hashlib

import pytest

from budgetgraph.errors import InputError
from budgetgraph.records import MediaType, RawTable, SourceDocument, TextLine
from budgetgraph.text_layout import read_text_layout
from conftest import seed_text


def _source(text: str | bytes, name: str = "sample.md") -> SourceDocument:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SourceDocument(name, hashlib.sha256(data).hexdigest(), MediaType.MARKDOWN, data)


def test_tab_rows_headings_and_tags() -> None:
    text = (
        "# 目 录\n\n- 一、单位收支总体情况表\n\n表一：\n### **单位收支总体情况表**\n\n"
        "项 目\t预算数\n<b>收 入 总 计</b>\t<b>1,442.87</b>\n\n第二张\t表\n"
    )
    layout = read_text_layout(_source(text))
    kinds = [type(b).__name__ for b in layout.blocks]
    assert kinds == ["TextLine", "TextLine", "TextLine", "TextLine", "RawTable", "RawTable"]
    heading, item, _, title, table, second = layout.blocks
    assert isinstance(heading, TextLine) and heading.heading == 1 and heading.text == "目 录"
    assert isinstance(item, TextLine) and item.text == "一、单位收支总体情况表"
    assert isinstance(title, TextLine) and title.text == "单位收支总体情况表" and title.heading == 3
    assert title.location.line == 6
    assert isinstance(table, RawTable)
    assert [r.cells for r in table.rows] == [("项 目", "预算数"), ("收 入 总 计", "1,442.87")]
    assert [r.location.line for r in table.rows] == [8, 9]
    assert all(r.aligned for r in table.rows)
    assert isinstance(second, RawTable) and second.location.line == 11


def test_characters_are_normalised() -> None:
    layout = read_text_layout(_source("⼀般公共预算⽀出\t３０.５１\n"))
    (table,) = layout.blocks
    assert isinstance(table, RawTable)
    assert table.rows[0].cells == ("一般公共预算支出", "30.51")


def test_gb18030_is_read() -> None:
    layout = read_text_layout(_source("单位：万元\n".encode("gb18030"), "legacy.txt"))
    assert [b.text for b in layout.blocks if isinstance(b, TextLine)] == ["单位:万元"]


def test_binary_is_refused_naming_the_file() -> None:
    with pytest.raises(InputError, match=r"blob\.txt"):
        read_text_layout(_source(b"\x00\x01\x02binary", "blob.txt"))


@pytest.mark.parametrize(("stem", "tables"), [("000", True), ("001", True), ("003", False)])
def test_seed_styles(stem: str, tables: bool) -> None:
    path = seed_text(stem)
    data = path.read_bytes()
    source = SourceDocument(str(path), hashlib.sha256(data).hexdigest(), MediaType.TEXT, data)
    layout = read_text_layout(source)
    assert any(isinstance(b, RawTable) for b in layout.blocks) is tables
    lines = [b for b in layout.blocks if isinstance(b, TextLine)]
    assert all(b.location.line is not None for b in lines)
