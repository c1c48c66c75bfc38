"""The code lists know every classification code the real third-party disclosures print.

Codes are read straight from the PDFs' text layer (pypdfium2), independently of the extractor: a code
(in one token, or split as 类 款 项 tokens) followed by a name and an amount.
"""

from __future__ import annotations

import re
import unicodedata

import pypdfium2 as pdfium
import pytest

from budgetgraph.codelists import infer_scheme, load_code_lists
from conftest import real_document

REAL_PDFS = (
    "jiangsu_provincial/江苏省人民检察院_2017年省检察院部门预算.pdf",
    "jiangsu_provincial/江苏省政协办公厅2019年预算公开表.pdf",
    "shanghai_putuo/上海市普陀区人民政府办公室25年预算.pdf",
    "shanghai_putuo/上海市普陀区人民政府万里街道办事处24年预算.pdf",
    "shanghai_putuo/上海市普陀区财政局2024年度部门决算.pdf",
    "shanghai_putuo/上海市普陀区社会福利院2024年单位预算.pdf",
)
CODED_ROW = re.compile(
    r"(?<![\d.,])(?P<code>[235]\d{2}(?: ?\d{2}){0,2})"  # 2101501, or 210 15 01
    r"\s+(?P<name>(?!万?元)[\u4e00-\u9fff][^\s\d]*)"  # a name (not a unit word)
    r"\s+-?\d[\d,]*(?:\.\d+)?(?!\S)"  # an amount
)
LOCAL_CODES = {"30210"}  # 车辆运行费: a Shanghai code, not in the national 部门预算支出经济分类


def printed_codes(relative: str) -> set[str]:
    document = pdfium.PdfDocument(str(real_document(relative)))
    found: set[str] = set()
    for index in range(len(document)):
        text = unicodedata.normalize("NFKC", document[index].get_textpage().get_text_range())
        for match in CODED_ROW.finditer(text):
            code = match.group("code").replace(" ", "")
            if infer_scheme(code) is not None:
                found.add(code)
    return found


@pytest.mark.shared
@pytest.mark.parametrize("relative", REAL_PDFS)
def test_real_document_codes_are_in_the_code_lists(relative: str) -> None:
    lists = load_code_lists()
    codes = printed_codes(relative)
    assert len(codes) >= 10, f"{relative}: the text layer gave only {sorted(codes)}"
    unknown = set()
    for code in codes:
        scheme = infer_scheme(code)
        if scheme is not None and not lists.known(scheme, code):
            unknown.add(code)
    assert unknown <= LOCAL_CODES, f"{relative}: {sorted(unknown - LOCAL_CODES)}"
