"""Property-based tests of the text parsers: amounts, character normalisation, the text layout reader
and the table interpreter behind ``extract_document``. No input may crash them (anything but a
``BudgetGraphError``) or hang them; printed amounts read back exactly."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetgraph.errors import BudgetGraphError
from budgetgraph.extract import extract_document
from budgetgraph.normalize import compact, normalize_text, parse_amount
from budgetgraph.pdf_layout import read_pdf_layout
from budgetgraph.records import Layout, MediaType, RawTable, SourceDocument, TextLine
from budgetgraph.text_layout import read_text_layout

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters the parsers care about, mixed with anything at all.
SPECIAL = "0123456789０１２３４５６７８９,，.。-−—－()（）万元 \t\u3000\xa0#*<>/b|:：⼀⻓表一二三合计总"
text_strategy = st.one_of(
    st.text(), st.text(alphabet=SPECIAL), st.text(alphabet=st.sampled_from(SPECIAL + "\n"))
)


def source(data: bytes, name: str = "fuzz.txt") -> SourceDocument:
    return SourceDocument(name, hashlib.sha256(data).hexdigest(), MediaType.TEXT, data)


def finishes(function: Callable[[], object], seconds: float = 60.0) -> bool:
    """True when ``function`` returns (or raises) within a generous bound: a hang guard, not a timing."""
    done = threading.Event()

    def run() -> None:
        try:
            function()
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    return done.wait(seconds)


@SETTINGS
@given(text_strategy)
def test_parse_amount_never_raises(text: str) -> None:
    value = parse_amount(text)
    assert value is None or isinstance(value, Decimal)
    if value is not None:
        assert value.is_finite()


amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False)


@SETTINGS
@given(amounts, st.booleans(), st.sampled_from(["", "万元", "元"]), st.booleans(), st.booleans())
def test_printed_amounts_read_back(
    value: Decimal, thousands: bool, unit: str, wide: bool, brackets: bool
) -> None:
    magnitude = abs(value)
    text = f"{magnitude:,.2f}" if thousands else f"{magnitude:.2f}"
    if value < 0:
        text = f"({text})" if brackets else f"-{text}"
    if wide:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_amount(f" {text}{unit} ") == value


@SETTINGS
@given(text_strategy)
def test_normalize_text_is_idempotent_and_compact_has_no_spaces(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert not any(c.isspace() for c in compact(text))


def test_adversarial_amounts_finish() -> None:
    cases = [
        "1" * 200_000,
        "1," * 100_000 + "x",
        "1" * 100_000 + "." + "1" * 100_000 + "x",
        "(" * 50_000 + "1" + ")" * 50_000,
        "−" * 100_000,
        "１" * 100_000,
        "1,234" * 50_000,
    ]
    for case in cases:
        assert finishes(lambda case=case: parse_amount(case)), case[:20]


def _check_layout(layout: Layout, text: str) -> None:
    lines = text.splitlines()
    previous = 0
    for block in layout.blocks:
        line = block.rows[0].location.line if isinstance(block, RawTable) else block.location.line
        assert line is not None and previous < line <= len(lines)
        previous = line
        if isinstance(block, TextLine):
            assert block.text and block.text == block.text.strip()
            assert 0 <= block.heading <= 6
        else:
            assert block.rows
            assert all(row.cells and row.cells[-1] for row in block.rows)
            assert all("\t" in lines[(row.location.line or 0) - 1] for row in block.rows)
            previous = block.rows[-1].location.line or previous


@SETTINGS
@given(text_strategy)
def test_text_layout_reads_any_text(text: str) -> None:
    try:
        layout = read_text_layout(source(text.encode("utf-8")))
    except BudgetGraphError:
        return
    _check_layout(layout, text)


@SETTINGS
@given(st.binary(max_size=2000))
def test_text_layout_reads_any_bytes_or_says_why_not(data: bytes) -> None:
    try:
        read_text_layout(source(data))
    except BudgetGraphError as error:
        assert "fuzz.txt" in str(error)


# Table-like documents: titles, 编制单位/单位 lines, header rows and coded rows with amounts, shuffled.
TITLES = [
    "单位收支总体情况表",
    "部门支出总体情况表",
    "一般公共预算支出情况表",
    "一般公共预算基本支出情况表",
    "财政拨款“三公”经费支出情况表",
    "收入支出决算总表",
    "项目支出绩效目标表",
    "2024年部门财务收支预算总表",
]
WORDS = [
    "合计",
    "总计",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "类",
    "款",
    "项",
    "功能分类科目编码",
    "科目名称",
    "一、本年收入",
    "收入总计",
    "支出总计",
    "其中：",
    "一般公共预算",
    "单位：万元",
    "单位：元",
    "编制单位：某某局",
    "表一：",
    "表 2",
    "空表",
    "",
    "<b>合 计</b>",
    "2023年",
    "预算数",
    "决算数",
]
cell = st.one_of(
    st.sampled_from(WORDS),
    st.from_regex(r"\A(20[1-9]|30[1-3])( ?\d{2}){0,2}\Z"),
    amounts.map(lambda d: f"{d:,.2f}"),
    st.text(alphabet=SPECIAL, max_size=8),
)
row = st.lists(cell, min_size=1, max_size=14).map("\t".join)
line = st.one_of(
    row,
    row,
    st.sampled_from(TITLES),
    st.sampled_from(WORDS),
    st.text(max_size=30),
    st.sampled_from(TITLES).map(lambda t: f"### {t}"),
)
document = st.lists(line, min_size=1, max_size=60).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_extraction_of_table_like_text_fails_only_with_a_typed_error(text: str) -> None:
    try:
        extraction = extract_document(read_text_layout(source(text.encode("utf-8"))))
    except BudgetGraphError as error:
        assert "fuzz.txt" in str(error)
        return
    for table in extraction.tables:
        for budget_line in table.lines:
            assert all(figure.amount.is_finite() for figure in budget_line.figures)


def _small_pdf() -> bytes:
    """A generated two-table-page disclosure rendered to PDF (the mutation tests' starting point)."""
    from budgetgraph.generate import GenerateConfig, generate_documents, load_code_lists
    from budgetgraph.generate.render_pdf import render_pdf

    config = GenerateConfig(units=1, years=1, seed=31)
    generated = next(iter(generate_documents(config, load_code_lists(None))))
    return render_pdf(generated.document, generated.style)


PDF = _small_pdf()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=len(PDF)),
    flips=st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(PDF) - 1), st.integers(0, 255)), max_size=8
    ),
)
def test_damaged_pdfs_fail_only_with_a_typed_error(cut: int, flips: list[tuple[int, int]]) -> None:
    data = bytearray(PDF[:cut] if cut < len(PDF) // 2 else PDF)
    for position, value in flips:
        if position < len(data):
            data[position] = value
    pdf = SourceDocument("fuzz.pdf", hashlib.sha256(data).hexdigest(), MediaType.PDF, bytes(data))
    try:
        extraction = extract_document(read_pdf_layout(pdf))
    except BudgetGraphError as error:
        assert "fuzz.pdf" in str(error)
        return
    assert extraction.source.path == "fuzz.pdf"
