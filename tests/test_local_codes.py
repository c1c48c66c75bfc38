"""Tables whose economic codes follow a regional scheme (the national numbers with other names) keep
their codes but are not linked to the national code list: 上海's 部门预算经济分类 prints 30202 咨询费,
where the national list has 30202 印刷费."""

from __future__ import annotations

import hashlib

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from budgetgraph.extract import extract_document
from budgetgraph.graph import extraction_to_graph
from budgetgraph.iris import Minter
from budgetgraph.namespaces import BG
from budgetgraph.records import MediaType, SourceDocument
from budgetgraph.text_layout import read_text_layout
from conftest import real_document

HEADER = """某某院2024年单位预算

一般公共预算基本支出情况表

编制单位：某某院 单位：万元

经济分类科目编码\t\t经济分类科目名称\t合计\t人员经费\t公用经费
类\t款\t\t\t\t
301\t\t工资福利支出\t10.00\t10.00\t
301\t01\t基本工资\t10.00\t10.00\t
302\t\t商品和服务支出\t{total}\t\t{total}
"""
NATIONAL = [("01", "办公费"), ("02", "印刷费"), ("03", "咨询费"), ("05", "水费"), ("06", "电费")]
REGIONAL = [("01", "办公费"), ("02", "咨询费"), ("03", "水费"), ("04", "电费"), ("05", "邮电费")]


def graph_of(rows: list[tuple[str, str]]) -> Graph:
    text = HEADER.format(total=f"{len(rows):.2f}")
    text += "".join(f"302\t{code}\t{name}\t1.00\t\t1.00\n" for code, name in rows)
    text += f"合计\t\t\t{10 + len(rows):.2f}\t10.00\t{len(rows):.2f}\n"
    data = text.encode("utf-8")
    source = SourceDocument("doc.md", hashlib.sha256(data).hexdigest(), MediaType.MARKDOWN, data)
    return extraction_to_graph(extract_document(read_text_layout(source)), Minter())


def linked(graph: Graph) -> dict[str, bool]:
    return {
        str(code): graph.value(line, BG.classification) is not None
        for line, code in graph.subject_objects(BG.code)
        if (line, RDF.type, BG.BudgetLine) in graph
    }


@pytest.mark.parametrize(
    ("rows", "local"), [(NATIONAL, False), (REGIONAL, True)], ids=["national", "regional"]
)
def test_regional_economic_codes_are_not_linked(rows: list[tuple[str, str]], local: bool) -> None:
    graph = graph_of(rows)
    codes = linked(graph)
    assert codes["30101"] and codes["301"]  # the 类 whose names agree stays linked
    assert all(codes[f"302{code}"] is not local for code, _ in rows)
    assert (
        (None, BG.localCodes, Literal(True)) in graph if local else (None, BG.localCodes, None) not in graph
    )
    notes = [str(n) for n in graph.objects(None, BG.note) if "地方编码" in str(n)]
    assert bool(notes) is local


def test_shanghai_welfare_home_uses_the_regional_scheme() -> None:
    from budgetgraph.pipeline import ExtractOptions, extract_file

    path = real_document("shanghai_putuo/上海市普陀区社会福利院2024年单位预算.pdf")
    _, graph = extract_file(path, ExtractOptions())
    codes = linked(graph)
    assert codes["30201"] is False and codes["30202"] is False  # 302 类: 咨询费 printed under 30202
    assert codes["30101"] is True
