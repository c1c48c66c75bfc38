"""Bad input (issue 5): each gets its typed error, naming the file and saying what is wrong."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetgraph.errors import (
    BrokenPDFError,
    EncryptedPDFError,
    InputError,
    NoTextLayerError,
    UnsupportedFormatError,
)
from budgetgraph.layout import read_layout
from budgetgraph.pdf_layout import read_pdf_layout
from budgetgraph.records import Layout, MediaType, RawTable, SourceDocument
from budgetgraph.sources import load_source
from conftest import seed_pdf

PASSWORD = "预算2023"


def read(path: Path, password: str | None = None) -> Layout:
    """The loader and the layout reader, as the pipeline runs them."""
    return read_layout(load_source(path), password=password)


def assert_names_file(error: InputError, path: Path) -> None:
    assert error.path == str(path)
    assert str(error).startswith(f"{path}: ")


def write_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (1 0 obj …), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def image_only_pdf(pages: int) -> bytes:
    """A 'scan': pages that draw an image and carry no text at all."""
    pixels = zlib.compress(bytes((x * 7 + y * 3) % 256 for y in range(64) for x in range(64)))
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(pixels)
        + pixels
        + b"\nendstream",
    ]
    content = b"q 500 0 0 700 40 70 cm /Im0 Do Q"
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im0 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    return write_pdf(objects)


def encrypted_copy(path: Path) -> bytes:
    writer = pypdf.PdfWriter(clone_from=path)
    writer.encrypt(user_password=PASSWORD, owner_password="owner-" + PASSWORD, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty file") as caught:
        read(path)
    assert_names_file(caught.value, path)


@pytest.mark.parametrize("stem", ["000", "003"])
def test_truncated_pdf(tmp_path: Path, stem: str) -> None:
    data = seed_pdf(stem).read_bytes()
    path = tmp_path / f"truncated-{stem}.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(BrokenPDFError, match="truncated") as caught:
        read(path)
    assert_names_file(caught.value, path)


def test_pdf_header_then_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(BrokenPDFError) as caught:
        read(path)
    assert_names_file(caught.value, path)


def test_html_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "2023年部门预算.pdf"
    path.write_text(
        "<!DOCTYPE html><html><head><title>404</title></head><body><p>页面不存在</p></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(UnsupportedFormatError, match=r"not a PDF.*HTML page") as caught:
        read(path)
    assert_names_file(caught.value, path)


def test_word_document_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "budget.pdf"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8)
    with pytest.raises(UnsupportedFormatError, match="ZIP") as caught:
        read(path)
    assert_names_file(caught.value, path)


@pytest.mark.parametrize("password", [None, "wrong"], ids=["no-password", "wrong-password"])
def test_encrypted_pdf_without_the_right_password(tmp_path: Path, password: str | None) -> None:
    path = tmp_path / "encrypted.pdf"
    path.write_bytes(encrypted_copy(seed_pdf("001")))
    expected = "wrong password" if password else "password is needed"
    with pytest.raises(EncryptedPDFError, match=expected) as caught:
        read(path, password=password)
    assert_names_file(caught.value, path)


@pytest.mark.parametrize("stem", ["001", "000"])  # 000 has pages read through pdfminer too
def test_encrypted_pdf_with_its_password_reads_like_the_original(tmp_path: Path, stem: str) -> None:
    path = tmp_path / "encrypted.pdf"
    path.write_bytes(encrypted_copy(seed_pdf(stem)))
    opened = read(path, password=PASSWORD)
    original = read_pdf_layout(load_source(seed_pdf(stem)))

    def cells(layout: Layout) -> list[tuple[tuple[str, ...], ...]]:
        return [tuple(row.cells for row in b.rows) for b in layout.blocks if isinstance(b, RawTable)]

    assert cells(opened) == cells(original)
    assert len(cells(opened)) > 0


@pytest.mark.parametrize("pages", [1, 3])
def test_image_only_pdf_needs_ocr(tmp_path: Path, pages: int) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_only_pdf(pages))
    with pytest.raises(NoTextLayerError, match=r"image-only.*OCR") as caught:
        read(path)
    assert_names_file(caught.value, path)
    assert f"{pages} page(s) of images" in caught.value.reason


def test_the_hand_written_pdf_is_a_valid_pdf(tmp_path: Path) -> None:
    """The scan above fails for lack of text, not for being malformed: pypdf reads its pages."""
    reader = pypdf.PdfReader(io.BytesIO(image_only_pdf(2)))
    assert len(reader.pages) == 2
    assert reader.pages[0].extract_text() == ""
    images = list(reader.pages[0].images)
    assert [image.name for image in images] == ["Im0.png"]


def test_a_batch_goes_on_past_bad_files(tmp_path: Path) -> None:
    """Every bad file above in one batch with a good one: one clear error each, the good one lands."""
    from budgetgraph.pipeline import ExtractOptions, extract_batch

    bad: dict[str, bytes] = {
        "empty.pdf": b"",
        "truncated.pdf": seed_pdf("000").read_bytes()[:20000],
        "encrypted.pdf": encrypted_copy(seed_pdf("001")),
        "page.pdf": b"<html><body><p>not found</p></body></html>",
        "scan.pdf": image_only_pdf(1),
    }
    paths = []
    for name, data in bad.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(path)
    good = tmp_path / "good.pdf"
    good.write_bytes(seed_pdf("000").read_bytes())
    paths.insert(2, good)
    outcomes = list(extract_batch(paths, ExtractOptions()))
    assert [o.path for o in outcomes] == [str(p) for p in paths]
    by_name = {Path(o.path).name: o for o in outcomes}
    assert by_name["good.pdf"].ok and by_name["good.pdf"].figures > 0
    expected = {
        "empty.pdf": "empty file",
        "truncated.pdf": "truncated",
        "encrypted.pdf": "password",
        "page.pdf": "HTML page",
        "scan.pdf": "OCR",
    }
    for name, words in expected.items():
        error = by_name[name].error
        assert error is not None and error.startswith(str(tmp_path / name)) and words in error
        assert "\n" not in error


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=60_000),
    flips=st.lists(st.tuples(st.integers(min_value=0, max_value=60_000), st.integers(0, 255)), max_size=30),
)
def test_damaged_pdfs_give_a_layout_or_a_typed_error(cut: int, flips: list[tuple[int, int]]) -> None:
    """Seed 000 truncated and with bytes overwritten: a layout or an InputError, nothing else."""
    data = bytearray(seed_pdf("000").read_bytes())
    for position, value in flips:
        if position < len(data):
            data[position] = value
    if cut:
        data = data[: max(8, len(data) - cut)]
    source = SourceDocument("damaged.pdf", "0" * 64, MediaType.PDF, bytes(data))
    try:
        layout = read_pdf_layout(source)
    except InputError as error:
        assert error.path == "damaged.pdf"
    else:
        assert layout.page_count is not None and layout.page_count >= 1


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([".pdf", ".txt", ".html", ".md", ""]))
def test_any_bytes_load_or_fail_with_a_typed_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("bytes") / f"input{suffix}"
    path.write_bytes(data)
    try:
        source = load_source(path)
    except InputError as error:
        assert error.path == str(path)
    else:
        assert source.data == data and len(source.sha256) == 64
