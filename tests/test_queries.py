"""The query catalog: headers, the public column contract, parameters, and real values."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetgraph.cli import main
from budgetgraph.errors import CatalogError, QueryError
from budgetgraph.graph import extraction_to_graph
from budgetgraph.iris import Minter
from budgetgraph.output import graph_quads, read_dataset, write_graphs
from budgetgraph.queries import ResultTable, catalog, load_query, render_table, run_query, to_store
from budgetgraph.records import Extraction, MediaType
from budgetgraph.resources import queries_dir
from extraction_samples import (
    DEPARTMENT,
    SUB_A,
    SUB_B,
    UNIT,
    department_final_extraction,
    seed000_extraction,
    seed000_final_extraction,
    source,
)

CONTRACT: dict[str, tuple[str, ...]] = {
    "documents": ("unitName", "year", "phase", "totalIncome", "totalExpenditure"),
    "expenditure_by_function": ("unitName", "year", "code", "name", "total", "basic", "project"),
    "gpb_expenditure_by_function": ("unitName", "year", "code", "name", "total", "basic", "project"),
    "basic_by_economic": ("unitName", "year", "code", "name", "total", "personnel", "public"),
    "projects": ("unitName", "year", "projectName", "amount"),
    "three_public": (
        "unitName",
        "year",
        "total",
        "overseas",
        "reception",
        "vehicleTotal",
        "vehiclePurchase",
        "vehicleOperation",
    ),
    "staffing": ("unitName", "year", "authorized", "actual", "inService", "retired"),
    "indicators": ("unitName", "year", "projectName", "level1", "level2", "level3", "target", "weight"),
}
D = Decimal

# Rows each query must return over the two hand-made documents (a subset where noted by `in`).
EXPECTED_ROWS: dict[str, list[tuple[object, ...]]] = {
    "documents": [
        (UNIT, 2023, "budget", D("1442.87"), D("1442.87")),
        (DEPARTMENT, 2025, "final", None, None),
    ],
    "expenditure_by_function": [
        (UNIT, 2023, "208", "社会保障和就业支出", D("125.85"), D("125.85"), D("0")),
        (UNIT, 2023, "2101501", "行政运行", D("689.18"), D("689.18"), D("0")),
        (UNIT, 2023, "2101599", "其他医疗保障管理事务支出", D("127.81"), D("0"), D("127.81")),
        (SUB_A, 2025, "2100101", "行政运行", D("123.45"), D("123.45"), D("0")),
        (SUB_B, 2025, "2109999", "未知科目", D("76.55"), D("0"), D("76.55")),
    ],
    "gpb_expenditure_by_function": [
        (UNIT, 2023, "208", "社会保障和就业支出", D("125.85"), D("125.85"), D("0")),
        (UNIT, 2023, "210", "卫生健康支出", D("1287.02"), D("1087.7"), D("199.32")),
        (UNIT, 2023, "2101506", "医疗保障经办事务", D("30.51"), D("0"), D("30.51")),
    ],
    "basic_by_economic": [
        (UNIT, 2023, "301", "工资福利支出", D("1088.99"), D("1088.99"), D("0")),
        (UNIT, 2023, "30101", "基本工资", D("325.78"), D("325.78"), D("0")),
        (UNIT, 2023, "302", "商品和服务支出", D("123.78"), D("0"), D("123.78")),
        (UNIT, 2023, "30217", "公务接待费", D("0.5"), D("0"), D("0.5")),
        (UNIT, 2023, "303", "对个人和家庭的补助支出", D("0.78"), D("0.78"), D("0")),
    ],
    "projects": [
        (UNIT, 2023, "困难人群参加居民长期护理保险缴费补助", D("51")),
        (UNIT, 2023, "2023年全民参保补助资金", D("30.51")),
        (UNIT, 2023, "2023年稽核费", D("12.65")),
        (UNIT, 2023, "2023年综合业务费", D("105.16")),
    ],
    "three_public": [(UNIT, 2023, D("0.5"), D("0"), D("0.5"), D("0"), D("0"), D("0"))],
    "staffing": [(UNIT, 2023, 95, 85, 83, 2)],
    "indicators": [],
    "spending_by_code_across_units": [("2101501", "行政运行", 2023, "budget", 1, D("689.18"))],
    "figure_provenance": [
        (
            UNIT,
            2023,
            "budget",
            "单位支出总体情况表",
            3,
            11,
            "2101501",
            "行政运行",
            "合计",
            "689.18",
            D("689.18"),
        ),
        (
            SUB_A,
            2025,
            "final",
            "部门支出决算表",
            3,
            3,
            "2100101",
            "行政运行",
            "合计",
            "1,234,500.00",
            D("123.45"),
        ),
        (
            UNIT,
            2023,
            "budget",
            "财政拨款“三公”经费支出情况表",
            3,
            3,
            "",
            "公务接待费",
            "上年预算数",
            "1.5",
            D("1.5"),
        ),
    ],
    "tables": [
        (UNIT, 2023, "budget", 8, "GovernmentFundExpenditureTable", "政府性基金预算支出情况表", "empty", 0),
        (UNIT, 2023, "budget", 9, "StateCapitalExpenditureTable", "国有资本经营预算支出情况表", "missing", 0),
        (DEPARTMENT, 2025, "final", 2, "ExpenditureTable", "部门支出决算表", "present", 2),
    ],
}
EXACT = {
    "documents",
    "gpb_expenditure_by_function",
    "basic_by_economic",
    "projects",
    "three_public",
    "staffing",
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return _store_of(seed000_extraction(), department_final_extraction())


def test_every_catalog_file_has_a_complete_header() -> None:
    queries = catalog()
    assert {q.name for q in queries} == {p.stem for p in queries_dir().glob("*.rq")}
    for query in queries:
        assert query.title and query.description and query.columns, query.name
        assert all(p.name in query.columns for p in query.parameters), query.name


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_columns_are_exact(name: str) -> None:
    assert load_query(name).columns == CONTRACT[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_ROWS))
def test_query_returns_the_documents_figures(name: str, store: ox.Store) -> None:
    table = run_query(load_query(name), store)
    assert table.columns == load_query(name).columns
    if name in EXACT:
        assert list(table.rows) == EXPECTED_ROWS[name]
    else:
        for row in EXPECTED_ROWS[name]:
            assert row in table.rows, f"{name}: {row} not in {table.rows}"


def test_expenditure_by_function_has_one_row_per_line(store: ox.Store) -> None:
    table = run_query(load_query("expenditure_by_function"), store)
    assert len(table.rows) == 12 + 2  # seed 000's 12 coded lines, one line for each sub-unit
    totals = {(r[0], r[2]): r[4] for r in table.rows}
    assert totals[(UNIT, "210")] == totals[(UNIT, "21013")] + totals[(UNIT, "21015")]


@pytest.mark.parametrize(
    ("name", "bindings", "count"),
    [
        ("expenditure_by_function", {"year": "2025"}, 2),
        ("expenditure_by_function", {"unitName": SUB_B}, 1),
        ("expenditure_by_function", {"code": "210", "year": 2023}, 1),
        ("expenditure_by_function", {"year": "2019"}, 0),
        ("documents", {"phase": "final"}, 1),
        ("documents", {"unitName": UNIT, "phase": "budget"}, 1),
        ("projects", {"projectName": "2023年稽核费"}, 1),
        ("tables", {"status": "missing"}, 1),
        ("spending_by_code_across_units", {"code": "2101501", "year": "2023"}, 1),
    ],
)
def test_parameters_scope_the_rows(
    name: str, bindings: dict[str, object], count: int, store: ox.Store
) -> None:
    table = run_query(load_query(name), store, bindings)  # type: ignore[arg-type]
    assert len(table.rows) == count
    for column, value in bindings.items():
        index = table.columns.index(column)
        assert all(str(row[index]) == str(value) for row in table.rows)


def test_bad_parameters_are_catalog_errors(store: ox.Store) -> None:
    query = load_query("documents")
    with pytest.raises(CatalogError, match="no parameter"):
        run_query(query, store, {"colour": "red"})
    with pytest.raises(CatalogError, match="integer"):
        run_query(query, store, {"year": "twenty"})
    with pytest.raises(CatalogError, match="no catalog query"):
        load_query("no_such_query")
    with pytest.raises(CatalogError, match="not a catalog query name"):
        load_query("../secrets")


def test_a_value_cannot_inject_sparql(store: ox.Store) -> None:
    hostile = f'{UNIT}" || true || "'
    assert run_query(load_query("documents"), store, {"unitName": hostile}).rows == ()


def test_query_file_by_path(tmp_path: Path, store: ox.Store) -> None:
    path = tmp_path / "count_figures.rq"
    path.write_text(
        "# title: Count figures\n# description: How many figures.\n# columns: figures\n"
        "SELECT (COUNT(?f) AS ?figures) WHERE { ?f a bg:Figure }\n",
        encoding="utf-8",
    )
    table = run_query(load_query(path), store)
    printed = sum(
        len(line.figures)
        for extraction in (seed000_extraction(), department_final_extraction())
        for t in extraction.tables
        for line in t.lines
    )
    assert table.rows == ((printed,),)


def test_header_must_match_the_select(tmp_path: Path, store: ox.Store) -> None:
    path = tmp_path / "wrong.rq"
    path.write_text(
        "# title: Wrong\n# description: Declares a column it does not select.\n# columns: a, b\n"
        "SELECT ?a WHERE { ?a a bg:Figure }\n",
        encoding="utf-8",
    )
    with pytest.raises(QueryError, match="declares"):
        run_query(load_query(path), store)
    missing = tmp_path / "bare.rq"
    missing.write_text("SELECT ?a WHERE { ?a ?b ?c }\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="title"):
        load_query(missing)


def test_render_formats() -> None:
    table = ResultTable(("unitName", "year", "total"), ((UNIT, 2023, D("1.50")), ("a,b", None, D("2"))))
    csv_text = render_table(table, "csv")
    assert csv_text.splitlines() == ["unitName,year,total", f"{UNIT},2023,1.50", '"a,b",,2']
    assert render_table(table, "tsv").splitlines()[1] == f"{UNIT}\t2023\t1.50"
    assert json.loads(render_table(table, "json")) == [
        {"unitName": UNIT, "year": 2023, "total": 1.5},
        {"unitName": "a,b", "year": None, "total": 2},
    ]
    with pytest.raises(CatalogError):
        render_table(table, "xml")


def test_cli_query_over_written_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    minter = Minter()
    extractions = (seed000_extraction(), department_final_extraction())
    out = tmp_path / "out.trig"
    write_graphs(
        [(minter.graph_name(e.source.sha256), extraction_to_graph(e, minter)) for e in extractions], out
    )
    code = main(["query", "staffing", "--data", str(out), "--format", "json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out) == [
        {"unitName": UNIT, "year": 2023, "authorized": 95, "actual": 85, "inService": 83, "retired": 2}
    ]
    code = main(["query", "documents", "--data", str(out), "--param", "phase=final"])
    assert code == 0
    assert capsys.readouterr().out.splitlines() == [
        "unitName,year,phase,totalIncome,totalExpenditure",
        f"{DEPARTMENT},2025,final,,",
    ]
    assert main(["query", "documents", "--data", str(out), "--param", "colour=red"]) == 2
    assert "no parameter" in capsys.readouterr().err
    assert main(["query", "--list"]) == 0
    listing = capsys.readouterr().out
    for query in catalog():
        assert f"## `{query.name}`: {query.title}" in listing
        assert "Columns: " + ", ".join(f"`{c}`" for c in query.columns) + "." in listing


def test_cli_query_over_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`query --store DIR` reads an on-disk store (read-only) and gives the rows `--data` gives."""
    minter = Minter()
    extractions = (seed000_extraction(), seed000_final_extraction(), department_final_extraction())
    out = tmp_path / "out.trig"
    write_graphs(
        [(minter.graph_name(e.source.sha256), extraction_to_graph(e, minter)) for e in extractions], out
    )
    store = tmp_path / "store"
    assert main(["load", str(out), "--store", str(store)]) == 0
    capsys.readouterr()
    for name, params in (("projects", ["--param", f"unitName={UNIT}"]), ("documents", [])):
        assert main(["query", name, "--data", str(out), *params]) == 0
        from_file = capsys.readouterr().out
        assert main(["query", name, "--store", str(store), *params]) == 0
        assert capsys.readouterr().out == from_file
        assert len(from_file.splitlines()) > 1
    assert main(["query", "documents", "--store", str(store), "--data", str(out)]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["query", "documents", "--store", str(tmp_path / "nothing")]) == 2
    assert "no store here" in capsys.readouterr().err
    assert main(["query", "documents"]) == 2
    assert "--data OUT or --store DIR" in capsys.readouterr().err


def test_read_dataset_feeds_run_query(tmp_path: Path) -> None:
    minter = Minter()
    extraction = seed000_extraction()
    out = tmp_path / "out.nt"
    write_graphs(
        [(minter.graph_name(extraction.source.sha256), extraction_to_graph(extraction, minter))], out
    )
    table = run_query(load_query("three_public"), read_dataset([out]))
    assert list(table.rows) == EXPECTED_ROWS["three_public"]


def _store_of(*extractions: Extraction) -> ox.Store:
    minter = Minter()
    target = ox.Store()
    for extraction in extractions:
        graph = extraction_to_graph(extraction, minter)
        target.extend(graph_quads(minter.graph_name(extraction.source.sha256), graph))
    return target


PER_DOCUMENT = sorted(q.name for q in catalog() if q.name != "spending_by_code_across_units")


@pytest.mark.parametrize("name", PER_DOCUMENT)
def test_rows_add_up_over_documents_that_share_unit_and_year(name: str) -> None:
    """pyoxigraph's union default graph repeats a triple once per named graph that holds it: the
    unit's label and the year are in both documents' graphs here, and no row may be repeated."""
    budget, final = seed000_extraction(), seed000_final_extraction()
    query = load_query(name)
    together = run_query(query, _store_of(budget, final)).rows
    apart = run_query(query, _store_of(budget)).rows + run_query(query, _store_of(final)).rows
    assert sorted(map(repr, together)) == sorted(map(repr, apart))


def test_spending_across_units_counts_each_figure_once() -> None:
    store = _store_of(seed000_extraction(), seed000_final_extraction(), department_final_extraction())
    table = run_query(load_query("spending_by_code_across_units"), store, {"code": "2101501"})
    assert list(table.rows) == [
        ("2101501", "行政运行", 2023, "budget", 1, D("689.18")),
        ("2101501", "行政运行", 2023, "final", 1, D("689.18")),
    ]


def test_spending_across_units_counts_a_disclosure_harvested_twice_once() -> None:
    """The same 预算公开 harvested as PDF and as text is two documents of one unit, year and phase: the
    unit is counted once and its figure once; another unit's document still adds up."""
    budget = seed000_extraction()
    as_pdf = replace(budget, source=source("000.pdf", MediaType.PDF))
    other = replace(budget, source=source("other.txt"), info=replace(budget.info, unit_name="另一单位"))
    store = _store_of(budget, as_pdf, other)
    table = run_query(load_query("spending_by_code_across_units"), store, {"code": "2101501"})
    assert list(table.rows) == [("2101501", "行政运行", 2023, "budget", 2, D("1378.36"))]


NO_MATCH = {
    "string": "no such value",
    "integer": 1900,
    "decimal": "-1.5",
    "boolean": "false",
    "iri": "urn:x:none",
}


@pytest.mark.parametrize(
    ("name", "parameter"),
    [(q.name, p.name) for q in catalog() for p in q.parameters if p.datatype in NO_MATCH],
)
def test_every_parameter_filters(name: str, parameter: str, store: ox.Store) -> None:
    """A parameter value that matches nothing gives no rows: the parameter is bound where it filters
    (a triple pattern, VALUES or a BIND of the main pattern), never only inside an OPTIONAL or as an
    aggregate, where a substitution would just overwrite the output column."""
    query = load_query(name)
    value = NO_MATCH[query.parameter(parameter).datatype]
    assert run_query(query, store, {parameter: value}).rows == ()


def test_run_query_over_an_rdflib_dataset() -> None:
    from rdflib import Dataset

    minter = Minter()
    dataset = Dataset()
    for extraction in (seed000_extraction(), department_final_extraction()):
        graph = dataset.graph(minter.graph_name(extraction.source.sha256))
        graph += extraction_to_graph(extraction, minter)
    table = run_query(load_query("documents"), dataset, {"phase": "budget"})
    assert list(table.rows) == EXPECTED_ROWS["documents"][:1]


def test_an_rdflib_datasets_default_graph_stays_the_default_graph() -> None:
    """rdflib names its default graph urn:x-rdflib:default; it was copied as a named graph of that name."""
    from rdflib import Dataset, Literal, URIRef

    dataset = Dataset()
    dataset.add((URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("in the default graph")))
    dataset.graph(URIRef("urn:x:g")).add((URIRef("urn:x:b"), URIRef("urn:x:p"), Literal("in a named graph")))
    copied = to_store(dataset)
    assert [str(g) for g in copied.named_graphs()] == ["<urn:x:g>"]
    assert len(copied) == 2
    assert len(list(copied.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 1


@pytest.fixture(scope="module")
def seeds_store() -> ox.Store:
    """The five seed texts extracted, plus seed 000 again as if harvested a second time."""
    from budgetgraph.pipeline import ExtractOptions, extract_file

    paths = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))
    extractions = [extract_file(path, ExtractOptions())[0] for path in paths]
    again = replace(extractions[0], source=source("000-again.txt"))
    return _store_of(*extractions, again, seed000_final_extraction(), department_final_extraction())


DOCUMENT_SCOPED = [q.name for q in catalog() if q.scope == "document"]


@pytest.mark.parametrize("name", DOCUMENT_SCOPED)
def test_a_document_scoped_query_gives_the_rows_of_the_units_graphs_union(
    name: str, seeds_store: ox.Store
) -> None:
    """'# scope: document' runs a unit's graphs one at a time (GRAPH ?g around the WHERE group): the
    rows, in their order, must be those of the same query over the union of the unit's graphs, for
    units with several documents (budget and final, one harvested twice) and sub-units."""
    query = load_query(name)
    union = replace(query, scope="union")
    units = {str(row[0]) for row in run_query(load_query("documents"), seeds_store).rows}
    assert len(units) >= 5
    for unit in sorted(units | {SUB_A, SUB_B}):
        assert run_query(query, seeds_store, {"unitName": unit}) == run_query(
            union, seeds_store, {"unitName": unit}
        )


def test_a_query_file_changed_on_disk_is_read_again(tmp_path: Path) -> None:
    """Loaded queries are cached by modification time and size: an edit is seen on the next load."""
    import os

    path = tmp_path / "edited.rq"
    header = "# title: T\n# description: D.\n# columns: {0}\nSELECT ?{0} WHERE {{ BIND(1 AS ?{0}) }}\n"
    path.write_text(header.format("a"), encoding="utf-8")
    assert load_query(path).columns == ("a",)
    assert load_query(path) is load_query(path)
    path.write_text(header.format("b"), encoding="utf-8")  # same size, maybe the same mtime tick
    os.utime(path, ns=(1, 10**18))
    assert load_query(path).columns == ("b",)
    path.write_text(header.format("long"), encoding="utf-8")
    os.utime(path, ns=(1, 10**18))  # same mtime, another size
    assert load_query(path).columns == ("long",)


def test_decimal_parameters_match_whatever_their_spelling(tmp_path: Path, store: ox.Store) -> None:
    path = tmp_path / "amounts.rq"
    path.write_text(
        "# title: Figures of an amount\n# description: Figures printing one amount.\n# columns: amount\n"
        "# param amount: decimal — the amount in 万元\n"
        "SELECT ?amount WHERE { ?f a bg:Figure ; bg:amount ?amount }\n",
        encoding="utf-8",
    )
    query = load_query(path)
    rows = {text: run_query(query, store, {"amount": text}).rows for text in ("689.18", "689.180")}
    assert rows["689.18"] == rows["689.180"] == ((D("689.18"),), (D("689.18"),))


@pytest.mark.parametrize(
    "name", [q.name for q in catalog() if any(p.name == "unitName" for p in q.parameters)]
)
def test_a_unit_scoped_query_returns_that_units_rows_of_the_whole_store(name: str, store: ox.Store) -> None:
    """Scoped to one unit, a query runs over the graphs that name the unit only: it must still give
    exactly the rows the unscoped query gives for that unit (sub-units too, and nothing for a name
    no graph holds)."""
    query = load_query(name)
    everything = run_query(query, store)
    column = everything.columns.index("unitName")
    names = {UNIT, DEPARTMENT, SUB_A, SUB_B, "无此单位"}
    for unit in names:
        expected = [row for row in everything.rows if row[column] == unit]
        scoped = run_query(query, store, {"unitName": unit})
        assert sorted(map(repr, scoped.rows)) == sorted(map(repr, expected)), unit
    assert any(row[column] in names for row in everything.rows) or not everything.rows
