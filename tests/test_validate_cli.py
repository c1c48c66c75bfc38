"""``budgetgraph validate``: exit codes, the four report formats, escaping, bad input."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from budgetgraph.cli import main
from budgetgraph.namespaces import BG, BGSH
from conftest import seed_text


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Seeds 000 (a known problem) and 002 (clean) extracted by the real command line."""
    folder = tmp_path_factory.mktemp("validate")
    out = {
        "both.nq": [seed_text("000"), seed_text("002")],
        "clean.trig": [seed_text("002")],
        "both.ttl": [seed_text("000"), seed_text("002")],
    }
    paths = {}
    for name, inputs in out.items():
        path = folder / name
        assert main(["extract", *map(str, inputs), "-o", str(path)]) == 0
        paths[name] = path
    return paths


def test_violations_exit_1_and_every_report_is_written(
    data: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = {ext: tmp_path / f"report{ext}" for ext in (".html", ".md", ".json", ".ttl")}
    args = ["validate", str(data["both.nq"])]
    for path in reports.values():
        args += ["--report", str(path)]
    assert main(args) == 1
    printed = capsys.readouterr()
    assert "BG-A01" in printed.out and "2 document(s): does not conform" in printed.err

    body = json.loads(reports[".json"].read_text(encoding="utf-8"))
    assert body["conforms"] is False and body["documents"] == 2
    total = [f for f in body["findings"] if f["ruleId"] == "BG-A01" and f["found"] == 1266.02]
    assert len(total) == 1
    finding = total[0]
    assert finding["expected"] == 739.69 and finding["difference"] == 526.33
    assert finding["severity"] == "violation" and finding["tableTitle"] == "单位收入总体情况表"
    assert finding["fileName"] == seed_text("000").name and finding["row"] is not None
    assert finding["messageZh"].startswith("科目 21015") and "sum to 739.69" in finding["messageEn"]

    graph = Graph().parse(reports[".ttl"], format="turtle")
    (root,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(root, SH.conforms) == Literal(False)
    results = set(graph.objects(root, SH.result))
    assert len(results) == len(body["findings"])
    flagged = [r for r in results if graph.value(r, BGSH.found) == Literal(Decimal("1266.02"))]
    assert len(flagged) == 1
    (result,) = flagged
    assert graph.value(result, BGSH.ruleId) == Literal("BG-A01")
    assert graph.value(result, BGSH.expected) == Literal(Decimal("739.69"))
    assert graph.value(result, BG.row) is not None and graph.value(result, BG.sourceDocument) is not None
    languages = {m.language for m in graph.objects(result, SH.resultMessage) if isinstance(m, Literal)}
    assert languages == {"zh", "en"}

    page = reports[".html"].read_text(encoding="utf-8")
    assert page.index("错误") < page.index("警告") or "警告" not in page
    assert "单位收入总体情况表" in page and "1,266.02" in page and "739.69" in page
    markdown = reports[".md"].read_text(encoding="utf-8")
    assert "## " in markdown and "| 错误 | BG-A01 |" in markdown


def test_clean_data_exits_0(data: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(data["clean.trig"])]) == 0
    assert "1 document(s): conforms" in capsys.readouterr().err


def test_triple_files_are_split_by_document(data: dict[str, Path], tmp_path: Path) -> None:
    """A .ttl holds every document in one graph; they are still validated one by one."""
    quads, triples = tmp_path / "q.json", tmp_path / "t.json"
    assert main(["validate", str(data["both.nq"]), "--report", str(quads)]) == 1
    assert main(["validate", str(data["both.ttl"]), "--report", str(triples)]) == 1
    by_quads = json.loads(quads.read_text(encoding="utf-8"))
    by_triples = json.loads(triples.read_text(encoding="utf-8"))
    assert by_triples["documents"] == 2

    def key(body: dict[str, list[dict[str, object]]]) -> list[tuple[object, ...]]:
        return sorted((f["ruleId"], f["severity"], f["value"], f["messageEn"]) for f in body["findings"])

    assert key(by_triples) == key(by_quads)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["does-not-exist.nq"], "does-not-exist.nq"),
        (["data.xyz"], "unknown"),
        (["garbage.nq"], "garbage.nq"),
        (["empty.nq"], "no disclosure document"),
        (["clean.trig", "--report", "report.pdf"], "report.pdf"),
    ],
)
def test_bad_input_exits_2(
    data: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    (tmp_path / "garbage.nq").write_text("this is not N-Quads <<<\n", encoding="utf-8")
    (tmp_path / "empty.nq").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    (tmp_path / "data.xyz").write_text("", encoding="utf-8")
    resolved = [
        str(data[a]) if a in data else str(tmp_path / a) if not a.startswith("--") else a for a in args
    ]
    assert main(["validate", *resolved]) == 2
    assert message in capsys.readouterr().err


def test_rule_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--list-rules"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert all(len(row) == 5 and all(row) for row in rows)
    ids = {row[0] for row in rows}
    assert {"BG-A01", "BG-A07", "BG-F01", "BG-N02", "BG-P03", "BG-S30", "BG-X01"} <= ids
    assert len({(row[0], row[1]) for row in rows}) == len(rows)


def test_every_shape_has_a_rule_id_and_messages_in_chinese_and_english() -> None:
    from rdflib.namespace import RDFS

    from budgetgraph.validate import load_shapes

    shapes = load_shapes()
    graph = Graph().parse(data=shapes.per_document, format="nt")
    graph.parse(data=shapes.cross_document, format="nt")
    checked = 0
    for shape in set(graph.subjects(BGSH.ruleId, None)):
        languages = {m.language for m in graph.objects(shape, SH.message) if isinstance(m, Literal)}
        assert {"zh", "en"} <= languages, shape
        checked += 1
    node_shapes = set(graph.subjects(RDF.type, SH.NodeShape))
    labelled = {
        s for s in node_shapes if {"zh", "en"} <= {lit.language for lit in graph.objects(s, RDFS.label)}
    }
    assert labelled == node_shapes
    assert checked > 60
