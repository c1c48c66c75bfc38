"""Markdown as do-it-yourself converters write it from a PDF: each ruled table found by pdfplumber as a
pipe table (merged cells blank, a table's title and unit line often caught in its first cells, blank
rows where the ruling had empty bands), the text around it as lines of pdfplumber's text, digits of
another font lifted onto a line of their own.

The made-up texts below pin each rule; the last tests render the seed and real PDFs that way and
compare what is read from the Markdown with what is read from the PDF itself.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from budgetgraph.records import Extraction, MediaType, Phase, TableKind
from budgetgraph.text_layout import refill_numbers
from conftest import REAL, SEED_PDFS
from renderings import extract_text, figures, indicators, pdf_and_rendering

D = Decimal


def _extract(text: str, name: str = "rendering.md") -> Extraction:
    return extract_text(text, name, MediaType.MARKDOWN)


TITLES_IN_CELLS = """| 收支预算总表部门：某某办公厅 单位：万元 |  |  |  |
|---|---|---|---|
| 收入 |  | 支出 |  |
| 项目名称 | 金额 | 功能科目名称 | 金额 |
| 一、财政拨款 | 100.00 | 一、一般公共服务支出 | 100.00 |
|  |  |  |  |
| 收入合计 | 100.00 | 支出合计 | 100.00 |

|  |  |  |
|---|---|---|
| 2019年一般公共预算支出预算表（功能科目）部门：某某办公厅 单位：万元 |  |  |
|  |  |  |
| 功能科目编码 | 功能科目名称 | 金额 |
|  | 合计 | 100.00 |
| 201 | 一般公共服务支出 | 100.00 |
| 2010201 | 行政运行 | 100.00 |
"""


def test_titles_and_unit_lines_in_table_cells() -> None:
    """Every title is in a table's first cell with the unit line glued on, and the year is nowhere
    else; blank rows go on with their table."""
    extraction = _extract(TITLES_IN_CELLS)
    assert (extraction.info.unit_name, extraction.info.year, extraction.info.phase) == (
        "某某办公厅",
        2019,
        Phase.BUDGET,
    )
    kinds = {t.kind: t for t in extraction.tables}
    assert kinds[TableKind.GPB_EXPENDITURE].title == "2019年一般公共预算支出预算表(功能科目)"
    figures = {
        ln.code or ln.label: [f.amount for f in ln.figures] for ln in kinds[TableKind.GPB_EXPENDITURE].lines
    }
    assert figures == {"合计": [D(100)], "201": [D(100)], "2010201": [D(100)]}
    summary = kinds[TableKind.SUMMARY]
    assert {ln.label: [f.amount for f in ln.figures] for ln in summary.lines}["收入合计"] == [D(100)]


CAPTION_TABLES = """某某院2024年单位预算

|  |  |  |  |
|---|---|---|---|
| 2024年单位一般公共预算支出功能分类预算表 |  |  |  |
|  |  |  |  |
| 编制单位：某某院 |  |  | 单位：元 |
|  |  |  |  |
| 功能分类科目编码 | 功能分类科目名称 | 合计 | 基本支出 |
| 208 | 社会保障和就业支出 | 1,000 | 1,000 |
| 合计 |  | 1,000 | 1,000 |
"""


def test_a_title_and_a_unit_line_as_rows_of_the_table() -> None:
    """The title and the 编制单位 … 单位：元 line as the table's first rows: they are no header rows."""
    (table,) = [t for t in _extract(CAPTION_TABLES).tables if t.kind is TableKind.GPB_EXPENDITURE]
    assert [c.label for c in table.columns] == ["合计", "基本支出"]
    assert {ln.code or ln.label: [f.amount for f in ln.figures] for ln in table.lines} == {
        "208": [D("0.1"), D("0.1")],
        "合计": [D("0.1"), D("0.1")],
    }


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["某某局 年度收入支出总计 万元。与 年度相比，", "2024 2995.39 2023"],
            ["某某局2024年度收入支出总计2995.39万元。与2023年度相比，", ""],
        ),
        (
            ["支出总计减少 万元，下降 。主要原因：", "56.95 1.87%"],
            ["支出总计减少56.95万元，下降1.87%。主要原因：", ""],
        ),
        # a gap that is no number's place (a wrapped cell of a table): left alone
        (["验室、机要通道、档 信息网络", "112.00"], ["验室、机要通道、档 信息网络", "112.00"]),
        # as many numbers as gaps, but no prose: a table's header over a row of amounts
        (["合计 基本支出 项目支出", "2,336.91 603.14"], ["合计 基本支出 项目支出", "2,336.91 603.14"]),
        # more numbers than gaps
        (["收入 万元，占 ；", "6.2 0.21% 3"], ["收入 万元，占 ；", "6.2 0.21% 3"]),
    ],
    ids=["year-amount-year", "amount-percent", "table-cell", "header", "count"],
)
def test_numbers_lifted_onto_a_line_of_their_own(lines: list[str], expected: list[str]) -> None:
    assert refill_numbers(lines) == expected


def test_a_statement_whose_numbers_were_lifted_off() -> None:
    """The sentence reads as it was printed."""
    head = "某某局2024年部门决算\n二、收入决算情况说明\n"
    lifted = _extract(
        head + "本年收入合计 万元，其中：财政拨款收入 万元，占 ；其他\n2946.25 2940.05 99.79%\n", "a.txt"
    )
    printed = _extract(
        head + "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他\n", "b.txt"
    )

    def said(e: Extraction) -> list[tuple[str, Decimal | None, Decimal | None]]:
        assert e.narrative is not None
        return [(s.subject.label, s.amount, s.share) for s in e.narrative.statements]

    assert said(lifted) == said(printed) == [("财政拨款收入", D("2940.05"), D("99.79"))]


# ------------------------------------------------------------------------------------------------
# Whole documents


def _markdown(path: Path) -> str:
    """The PDF as a do-it-yourself converter writes it: tables as pipe tables, other text as lines,
    in the order they stand on each page."""

    def inside(obj: dict[str, object], boxes: list[tuple[float, float, float, float]]) -> bool:
        x = (float(obj["x0"]) + float(obj["x1"])) / 2  # type: ignore[arg-type]
        y = (float(obj["top"]) + float(obj["bottom"])) / 2  # type: ignore[arg-type]
        return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    parts: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            rest = page.filter(lambda o, b=boxes: o.get("object_type") != "char" or not inside(o, b))
            blocks = [(float(line["top"]), str(line["text"])) for line in rest.extract_text_lines()]
            for table in tables:
                rows = [[(c or "").replace("\n", "").replace("|", "\\|") for c in r] for r in table.extract()]
                pipes = ["| " + " | ".join(r) + " |" for r in rows]
                if pipes:
                    pipes.insert(1, "|" + "---|" * len(rows[0]))
                blocks.append((table.bbox[1], "\n" + "\n".join(pipes) + "\n"))
            parts.extend(text for _, text in sorted(blocks, key=lambda b: b[0]))
    return "\n".join(parts)


DOCUMENTS = [
    *sorted(SEED_PDFS.glob("*.pdf")),
    REAL / "jiangsu_provincial/江苏省人民检察院_2017年省检察院部门预算.pdf",
    REAL / "jiangsu_provincial/江苏省政协办公厅2019年预算公开表.pdf",
    REAL / "shanghai_putuo/上海市普陀区人民政府万里街道办事处24年预算.pdf",
    REAL / "shanghai_putuo/上海市普陀区人民政府办公室25年预算.pdf",
    REAL / "shanghai_putuo/上海市普陀区社会福利院2024年单位预算.pdf",
    REAL / "shanghai_putuo/上海市普陀区财政局2024年度部门决算.pdf",
]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_the_markdown_of_a_pdf_gives_the_pdfs_figures_and_indicators(path: Path) -> None:
    from_pdf, from_markdown = pdf_and_rendering(path, _markdown, ".md")
    assert figures(from_markdown) == figures(from_pdf)
    assert indicators(from_markdown) == indicators(from_pdf)
    assert (from_markdown.info.unit_name, from_markdown.info.year) == (
        from_pdf.info.unit_name,
        from_pdf.info.year,
    )
