"""Small documents made from typed records and written by the real graph writer, for store/web tests.

Each document is an ``Extraction`` (one 支出总体情况表 with 类/款/项 lines and 合计/基本/项目 columns, one
project table) turned into RDF by ``graph.extraction_to_graph`` and written by ``output.write_graphs``.
One line label carries HTML, to show that every page escapes it.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import waitress.server

from budgetgraph.graph import extraction_to_graph
from budgetgraph.iris import Minter
from budgetgraph.output import write_graphs
from budgetgraph.records import (
    AmountUnit,
    BudgetLine,
    Column,
    DocumentInfo,
    ExtractedTable,
    Extraction,
    Figure,
    Level,
    MediaType,
    Phase,
    Scheme,
    SourceDocument,
    SourceLocation,
    SpendingKind,
    TableKind,
    TableStatus,
)
from budgetgraph.store import open_store
from budgetgraph.web import WebConfig, close_app, create_app

HTML_LABEL = "<script>alert('x')</script>一般公共服务支出"
TOTAL = Column("合计", key="c1")
BASIC = Column("基本支出", kind=SpendingKind.BASIC, key="c2")
PROJECT = Column("项目支出", kind=SpendingKind.PROJECT, key="c3")


@dataclass(frozen=True)
class Doc:
    unit: str
    year: int
    seed: str
    lines: tuple[tuple[str, str, Decimal, Decimal, Decimal], ...]  # code, label, total, basic, project
    projects: tuple[tuple[str, Decimal], ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.seed.encode()).hexdigest()


DOCS = (
    Doc(
        "北京市测试局",
        2024,
        "doc-a",
        (
            ("201", HTML_LABEL, Decimal("1234.56"), Decimal("1000.00"), Decimal("234.56")),
            ("20101", "人大事务", Decimal("1234.56"), Decimal("1000.00"), Decimal("234.56")),
            ("2010101", "行政运行", Decimal("1000.00"), Decimal("1000.00"), Decimal("0")),
            ("2010102", "一般行政管理事务", Decimal("234.56"), Decimal("0"), Decimal("234.56")),
            ("208", "社会保障和就业支出", Decimal("88.20"), Decimal("88.20"), Decimal("0")),
        ),
        (("信息化建设项目", Decimal("120.50")), ("办公设备购置", Decimal("114.06"))),
    ),
    Doc(
        "上海市示例区教育局",
        2023,
        "doc-b",
        (
            ("205", "教育支出", Decimal("56789.01"), Decimal("40000.00"), Decimal("16789.01")),
            ("20502", "普通教育", Decimal("56789.01"), Decimal("40000.00"), Decimal("16789.01")),
        ),
        (("校舍维修", Decimal("16789.01")),),
    ),
)


def _figure(amount: Decimal, column: Column, page: int, table: int, row: int) -> Figure:
    return Figure(amount, f"{amount:,}", column, SourceLocation(page=page, table=table, row=row))


def extraction(doc: Doc) -> Extraction:
    lines = []
    for row, (code, label, total, basic, project) in enumerate(doc.lines, start=1):
        figures = tuple(
            _figure(a, c, 3, 1, row) for a, c in ((total, TOTAL), (basic, BASIC), (project, PROJECT))
        )
        lines.append(
            BudgetLine(
                label, SourceLocation(page=3, table=1, row=row), figures, code=code, scheme=Scheme.FUNCTION
            )
        )
    project_lines = tuple(
        BudgetLine(
            name, SourceLocation(page=5, table=2, row=row), (_figure(amount, TOTAL, 5, 2, row),), project=name
        )
        for row, (name, amount) in enumerate(doc.projects, start=1)
    )
    tables = (
        ExtractedTable(
            TableKind.EXPENDITURE,
            "支出总体情况表",
            TableStatus.PRESENT,
            SourceLocation(page=3, table=1),
            lines=tuple(lines),
            columns=(TOTAL, BASIC, PROJECT),
        ),
        ExtractedTable(
            TableKind.PROJECT_EXPENDITURE,
            "项目支出表",
            TableStatus.PRESENT,
            SourceLocation(page=5, table=2),
            lines=project_lines,
            columns=(TOTAL,),
        ),
    )
    source = SourceDocument(f"{doc.seed}.txt", doc.sha256, MediaType.TEXT, doc.seed.encode())
    info = DocumentInfo(
        doc.unit, doc.year, Phase.BUDGET, Level.UNIT, AmountUnit.WAN_YUAN, f"{doc.unit}{doc.year}年部门预算"
    )
    return Extraction(source, info, tables, page_count=6)


def write_docs(path: Path, docs: tuple[Doc, ...] = DOCS, base: str | None = None) -> Path:
    """Write ``docs`` to ``path`` (format by extension), one named graph per document."""
    minter = Minter(base) if base else Minter()
    graphs = [(minter.graph_name(d.sha256), extraction_to_graph(extraction(d), minter)) for d in docs]
    write_graphs(graphs, path)
    return path


class LiveServer:
    """The real app on waitress, on a free loopback port, in a thread."""

    def __init__(self, config: WebConfig) -> None:
        self.app = create_app(config)
        self.server = waitress.server.create_server(self.app, host="127.0.0.1", port=0, threads=8)
        self.port = self.server.effective_port  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.close()
        close_app(self.app)
        self.thread.join(5)


def load_store(store_dir: Path, data: Path) -> None:
    store = open_store(store_dir)
    store.load_file(data)
    store.flush()
    del store
