"""``budgetgraph extract`` end to end: formats, named graphs, failing files, determinism."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from budgetgraph.cli import main
from budgetgraph.iris import Minter
from budgetgraph.namespaces import BG
from conftest import SEED_TEXTS, seed_pdf, seed_text

FORMATS = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
}


def _load(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=FORMATS[path.suffix])
    return store


def _graph_names(store: ox.Store) -> set[str]:
    return {name.value for name in store.named_graphs()}


@pytest.fixture(scope="module")
def seeds_nq(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("extract") / "seeds.nq"
    assert main(["extract", str(SEED_TEXTS), "-o", str(out), "-j", "2", "-q"]) == 0
    return out


def test_folder_is_walked_and_each_document_gets_its_named_graph(seeds_nq: Path) -> None:
    store = _load(seeds_nq)
    documents = sorted(SEED_TEXTS.glob("*.txt"))
    assert len(documents) == 5
    assert len(_graph_names(store)) == 5
    minter = Minter()
    for name in _graph_names(store):
        sha = name.rsplit("/", 1)[-1]
        # the graph holds its document, which records its sha256
        found = list(
            store.quads_for_pattern(
                ox.NamedNode(str(minter.document(sha))),
                ox.NamedNode(str(BG.sha256)),
                None,
                ox.NamedNode(name),
            )
        )
        assert [q.object.value for q in found] == [sha]


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".trig", ".jsonld"])
def test_every_output_format_holds_the_same_triples(seeds_nq: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"seeds{suffix}"
    assert main(["extract", str(SEED_TEXTS), "-o", str(out), "-j", "1", "-q"]) == 0
    reference = _load(seeds_nq)
    store = _load(out)
    if suffix in (".trig", ".jsonld"):
        assert _graph_names(store) == _graph_names(reference)
        assert len(store) == len(reference)
    else:
        # merged: the documents share unit, year and code resources, so the union is at most the sum
        triples = {(q.subject, q.predicate, q.object) for q in reference}
        assert {(q.subject, q.predicate, q.object) for q in store} == triples


def test_a_failing_file_is_named_and_the_others_still_land(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.pdf").write_bytes(b"")
    (inputs / "truncated.pdf").write_bytes(seed_pdf("004").read_bytes()[:3000])
    good = seed_text("004")
    (inputs / good.name).write_bytes(good.read_bytes())
    out = tmp_path / "out.nq"
    manifest = tmp_path / "run.jsonl"
    code = main(["extract", str(inputs), "-o", str(out), "-j", "2", "-q", "--manifest", str(manifest)])
    err = capsys.readouterr().err
    assert code == 1
    error_lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 2
    assert any("empty.pdf" in line for line in error_lines)
    assert any("truncated.pdf" in line for line in error_lines)
    assert "1 of 3 documents extracted" in err
    assert len(_graph_names(_load(out))) == 1
    entries = {
        Path(entry["file"]).name: entry for entry in map(json.loads, manifest.read_text().splitlines())
    }
    assert {name: entry["status"] for name, entry in entries.items()} == {
        "empty.pdf": "failed",
        "truncated.pdf": "failed",
        good.name: "ok",
    }
    assert "empty" in entries["empty.pdf"]["error"]
    assert entries[good.name]["figures"] > 100
    assert entries[good.name]["sha256"] in (entries[good.name]["graph"] or "")


def test_unknown_output_format_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["extract", str(seed_text("004")), "-o", str(tmp_path / "out.xlsx"), "-q"])
    assert code == 2
    assert "out.xlsx" in capsys.readouterr().err


def test_same_input_gives_an_isomorphic_graph(tmp_path: Path) -> None:
    graphs = []
    for attempt in ("a", "b"):
        out = tmp_path / f"{attempt}.ttl"
        assert main(["extract", str(seed_pdf("004")), "-o", str(out), "-j", "1", "-q"]) == 0
        graphs.append(Graph().parse(out))
    assert len(graphs[0]) > 1000
    assert isomorphic(graphs[0], graphs[1])


def test_documents_query_over_extracted_data(seeds_nq: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "documents", "--data", str(seeds_nq), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["unitName", "year", "phase", "totalIncome", "totalExpenditure"]
    by_year = {(row["year"], row["phase"]): row for row in rows}
    assert by_year[("2023", "budget")]["unitName"] == "乌鲁木齐市医疗保障事业发展中心"
    assert by_year[("2023", "budget")]["totalIncome"] == "1442.87"
    assert by_year[("2025", "budget")]["totalExpenditure"] == "2633.49"
    assert by_year[("2023", "final")]["phase"] == "final"
