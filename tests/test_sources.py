"""The loader: media types sniffed from content, sha256 of the bytes, typed errors naming the file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from budgetgraph.errors import InputError, UnsupportedFormatError
from budgetgraph.records import MediaType
from budgetgraph.sources import decode_text, load_source
from conftest import SEED_PDFS, SEED_TEXTS, real_document

SEED_PDF_PATHS = sorted(SEED_PDFS.glob("*.pdf"))
SEED_TEXT_PATHS = sorted(SEED_TEXTS.glob("*.txt"))


@pytest.mark.parametrize("path", SEED_PDF_PATHS, ids=lambda p: p.name)
def test_seed_pdfs_are_pdf_with_their_sha256(path: Path) -> None:
    source = load_source(path)
    assert source.media_type is MediaType.PDF
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert source.path == str(path)
    assert source.data == path.read_bytes()


@pytest.mark.parametrize("path", SEED_TEXT_PATHS, ids=lambda p: p.name)
def test_seed_texts_are_text_or_markdown(path: Path) -> None:
    source = load_source(path)
    lines = decode_text(source).splitlines()
    markdown_heading = any(line.startswith(("# ", "## ", "### ")) for line in lines)
    assert source.media_type is (MediaType.MARKDOWN if markdown_heading else MediaType.TEXT)
    assert decode_text(source) == path.read_text(encoding="utf-8-sig")


def test_real_html_page_is_html() -> None:
    path = real_document("chongqing_municipal/重庆市交通委员会2018年部门预算情况说明.html")
    assert load_source(path).media_type is MediaType.HTML


def test_content_wins_over_the_extension(tmp_path: Path) -> None:
    pdf_named_txt = tmp_path / "really-a-pdf.txt"
    pdf_named_txt.write_bytes(SEED_PDF_PATHS[0].read_bytes())
    assert load_source(pdf_named_txt).media_type is MediaType.PDF
    html_named_txt = tmp_path / "page.txt"
    html_named_txt.write_text("<!DOCTYPE html><html><body><p>预算</p></body></html>", encoding="utf-8")
    assert load_source(html_named_txt).media_type is MediaType.HTML


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")],
)
def test_text_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = "乌鲁木齐市医疗保障局\n2023 年单位预算公开\n收入总计\t1412.87\n"
    path = tmp_path / "doc.txt"
    path.write_bytes(prefix + text.encode(encoding))
    source = load_source(path)
    assert source.media_type is MediaType.TEXT
    assert decode_text(source) == text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"PK\x03\x04" + bytes(range(256)) * 4, "ZIP container"),
        (bytes(range(256)) * 8, "binary data"),
    ],
    ids=["empty", "whitespace", "png", "zip", "garbage"],
)
def test_unusable_content_is_refused_naming_the_file(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_source(path)
    assert str(path) in str(caught.value)
    assert caught.value.path == str(path)
    assert expected in caught.value.reason


def test_html_named_pdf_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "budget.pdf"
    path.write_text("<html><head><title>预算</title></head><body>预算</body></html>", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError) as caught:
        load_source(path)
    assert str(path) in str(caught.value)
    assert "HTML" in caught.value.reason


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_source(tmp_path / "absent.pdf")
    with pytest.raises(InputError, match="folder"):
        load_source(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(SEED_PDF_PATHS[0].read_bytes())
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="unreadable") as caught:
            load_source(path)
        assert str(path) in str(caught.value)
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize(
    "text",
    [
        "<b>某某局</b>\n2023年部门预算公开\n年度绩效目标\t<p>单位基本职能……</p>\n",
        "**某某局**\n<p>说明</p>\n收入总计\t10.00\n",
    ],
)
def test_text_renderings_with_inline_tags_stay_text(tmp_path: Path, text: str) -> None:
    """Converters leave <b> and <p> in text renderings: that does not make them HTML pages."""
    path = tmp_path / "rendering.txt"
    path.write_text(text, encoding="utf-8")
    assert load_source(path).media_type is MediaType.TEXT


@pytest.mark.parametrize(
    "markup",
    [
        "<!-- saved page -->\n<div class='content'><p>预算</p></div>",
        "\n  <table><tr><td>收入总计</td><td>1</td></tr></table>",
        "<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><body>预算</body></html>",
    ],
)
def test_html_fragments_and_pages_are_html(tmp_path: Path, markup: str) -> None:
    path = tmp_path / "page.txt"
    path.write_text(markup, encoding="utf-8")
    assert load_source(path).media_type is MediaType.HTML
