"""Text written one cell a line (pypdf's ``extract_text``, and converters that write each text object
of a page on its own line): a row's code parts, its name and each of its amounts stand on lines of
their own, blank cells are not written, and a 收 | 支 table's two sides follow one another.

The made-up tables below pin each rule; the last test renders the seed and real PDFs with pypdf
and compares the figures read from that text with the figures read from the PDF itself.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from budgetgraph.records import BudgetLine, Funding, LineItem, TableKind
from conftest import REAL, SEED_PDFS, seed_pdf
from renderings import assert_figures_close, extract_text, indicators, pdf_and_rendering

D = Decimal


def _lines(*cells: str) -> str:
    return "\n".join(cells) + "\n"


EXPENDITURE = _lines(
    "某某中心2023年单位预算",
    "单位支出总体情况表",
    "编制单位：某某中心",
    "单位：万元",
    "功能分类科目编码",
    "功能分类科目名称",
    "合计",
    "基本支出",
    "项目支出",
    "类",
    "款",
    "项",
    # 208 05 01 行政单位离退休, each part on its own line, then its three amounts
    *("208", "社会保障和就业支出", "1.00", "1.00", "0"),
    *("05", "行政事业单位养老支出", "1.00", "1.00", "0"),  # its 类 cell blank
    *("208", "05", "01", "行政单位离退休", "1.00", "1.00", "0"),
    *("210", "卫生健康支出", "51", "0", "51"),
    *("210", "1399", "其他医疗救助支出", "51", "0", "51"),  # 款 and 项 in one text object
    *("合计", "52.00", "1.00", "51"),
)


def test_the_header_printed_again_one_cell_a_line() -> None:
    """A new page prints the header again, then its numbering row (※ ※ 1 2 3): no row of the table."""
    lines = EXPENDITURE.split("\n")
    at = lines.index("210")
    again = ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出", "类", "款", "项"]
    text = "\n".join([*lines[:at], *again, "※", "※", "1", "2", "3", *lines[at:]])
    (table,) = [t for t in extract_text(text).tables if t.kind is TableKind.EXPENDITURE]
    (plain,) = [t for t in extract_text(EXPENDITURE).tables if t.kind is TableKind.EXPENDITURE]

    def rows(lines: tuple[BudgetLine, ...]) -> list[tuple[object, ...]]:
        return [(ln.code, ln.label, [(f.column.label, f.amount) for f in ln.figures]) for ln in lines]

    assert rows(table.lines) == rows(plain.lines)


def test_a_table_written_one_cell_a_line() -> None:
    (table,) = [t for t in extract_text(EXPENDITURE).tables if t.kind is TableKind.EXPENDITURE]
    rows = {ln.code or ln.label: [f.amount for f in ln.figures] for ln in table.lines}
    assert rows == {
        "208": [D(1), D(1), D(0)],
        "20805": [D(1), D(1), D(0)],
        "2080501": [D(1), D(1), D(0)],
        "210": [D(51), D(0), D(51)],
        "2101399": [D(51), D(0), D(51)],
        "合计": [D(52), D(1), D(51)],
    }


SUMMARY = _lines(
    "某某局2024年部门预算",
    "单位收支总体情况表",
    "编制部门：某某局",
    "单位：万元",
    *("收 入", "支 出", "项目", "预算数", "功能分类", "预算数"),
    *("财政拨款（补助）", "122.29"),
    *("201 一般公共服务支出", "0.00"),
    *("一般公共预算", "122.29"),
    *("208 社会保障和就业支出", "73.85"),
    *("210 卫生健康支出", "48.44"),
    *("收入总计", "122.29"),
    *("支出总计", "122.29"),
)


def test_a_two_sided_table_written_one_cell_a_line() -> None:
    """Each label with the amounts after it is one side of a row; the label tells which."""
    (table,) = [t for t in extract_text(SUMMARY).tables if t.kind is TableKind.SUMMARY]
    income = {ln.funding: ln.figures[0].amount for ln in table.lines if ln.funding and ln.figures}
    spending = {ln.code: ln.figures[0].amount for ln in table.lines if ln.code and ln.figures}
    totals = {ln.item: ln.figures[0].amount for ln in table.lines if ln.item and ln.figures}
    assert income[Funding.FISCAL] == D("122.29") and income[Funding.GPB] == D("122.29")
    assert spending == {"201": D(0), "208": D("73.85"), "210": D("48.44")}
    assert totals[LineItem.INCOME_TOTAL] == totals[LineItem.EXPENDITURE_TOTAL] == D("122.29")


def _targets(next_page: tuple[str, ...]) -> str:
    return _lines(
        "某某局2021年部门预算",
        "项目支出绩效目标表",
        "(2021年)",
        *("预算单位", "某某局", "项目名称", "某某补助资金"),
        *("一级指标", "二级指标", "三级指标", "指标值(包含数字及文字描述)"),
        *("产出指标", "数量指标", "补助人数", "≥10人", "覆盖社区数", "≥3个"),
        *("成本指标", "补助标准", "≤0.12万元"),  # a level-2 name among the level-1 names
        *("效益指标", "社会效益指标", "群众知晓率", "提高"),
        *next_page,
        *("满意度指标", "满意度指标", "群众满意度", "≥90%"),
    )


_HEAD_AGAIN = ("预算单位", "某某局", "项目名称", "某某补", "助资金")


@pytest.mark.parametrize(
    "next_page",
    [
        # the head printed again on the next page (its name wrapped there)
        _HEAD_AGAIN,
        # … with the title and the header: a second printing whose rows go on the first's
        ("项目支出绩效目标表", "(2021年)", *_HEAD_AGAIN, "一级指标", "二级指标", "三级指标", "指标值"),
    ],
    ids=["head-again", "title-and-header-again"],
)
def test_names_and_targets_written_one_cell_a_line(next_page: tuple[str, ...]) -> None:
    """A table of names and targets only: the level-3 names and their targets alternate."""
    (table,) = extract_text(_targets(next_page)).performance
    assert [(i.level1, i.level2, i.level3, i.target.text) for i in table.indicators] == [
        ("产出指标", "数量指标", "补助人数", "≥10人"),
        ("产出指标", "数量指标", "覆盖社区数", "≥3个"),
        ("产出指标", "成本指标", "补助标准", "≤0.12万元"),
        ("效益指标", "社会效益指标", "群众知晓率", "提高"),
        ("满意度指标", "满意度指标", "群众满意度", "≥90%"),
    ]


# ------------------------------------------------------------------------------------------------
# Whole documents: pypdf's text of a PDF against the PDF


def _pypdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


# (document, figures of the PDF the text misses or adds at most): what is left is where pypdf's
# order is not the page's (a title after its table, a 三公 header after its amounts) or a table is
# printed in panels.
RENDERINGS = [
    (SEED_PDFS / "000_6f40eb4965bd6bfc.pdf", 12),
    (SEED_PDFS / "002_3a507af05c3083ba.pdf", 10),
    (SEED_PDFS / "003_60eb59f995bb780a.pdf", 8),
    (SEED_PDFS / "004_128878aeac685e50.pdf", 0),
    (REAL / "jiangsu_provincial/江苏省人民检察院_2017年省检察院部门预算.pdf", 10),
    (REAL / "shanghai_putuo/上海市普陀区人民政府万里街道办事处24年预算.pdf", 0),
    (REAL / "shanghai_putuo/上海市普陀区人民政府办公室25年预算.pdf", 0),
    (REAL / "shanghai_putuo/上海市普陀区社会福利院2024年单位预算.pdf", 8),
    (REAL / "shanghai_putuo/上海市普陀区财政局2024年度部门决算.pdf", 39),
]


@pytest.mark.parametrize(
    ("path", "differing"), RENDERINGS, ids=lambda v: v.stem if isinstance(v, Path) else ""
)
def test_pypdfs_text_of_a_pdf_gives_the_pdfs_figures(path: Path, differing: int) -> None:
    assert_figures_close(*pdf_and_rendering(path, _pypdf_text), differing)


@pytest.mark.parametrize("stem", ["003", "004"])
def test_pypdfs_text_of_a_pdf_gives_the_pdfs_indicators(stem: str) -> None:
    """Seed 003's rows carry weights (read as a stream); seed 004's table has names and targets
    only (read alternating)."""
    from_pdf, from_text = pdf_and_rendering(seed_pdf(stem), _pypdf_text)
    assert sum(indicators(from_pdf).values()) > 40
    assert indicators(from_text) == indicators(from_pdf)
