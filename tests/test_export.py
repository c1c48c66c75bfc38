"""Exports: a CSV per catalog query and a Fiscal Data Package that spreadsheet and OpenSpending tools read."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

from budgetgraph import queries
from budgetgraph.cli import main
from budgetgraph.export import export_catalog_csv, export_fdp
from budgetgraph.store import open_store
from webdata import DOCS, load_store, write_docs


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    load_store(root / "store", write_docs(root / "docs.trig"))
    return root / "store"


def test_every_catalog_query_is_exported(store_dir: Path, tmp_path: Path) -> None:
    store = open_store(store_dir, read_only=True).store
    result = export_catalog_csv(store, tmp_path)
    names = {q.name for q in queries.catalog()}
    assert {p.stem for p in result.files} == names
    for query in queries.catalog():
        rows = list(csv.reader((tmp_path / f"{query.name}.csv").open(encoding="utf-8")))
        assert tuple(rows[0]) == query.columns
        assert len(rows) - 1 == len(queries.run_query(query, store).rows)


def test_fiscal_data_package(store_dir: Path, tmp_path: Path) -> None:
    store = open_store(store_dir, read_only=True).store
    result = export_fdp(store, tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "fiscal-data-package"
    (resource,) = descriptor["resources"]
    fields = [f["name"] for f in resource["schema"]["fields"]]
    rows = list(csv.DictReader((tmp_path / resource["path"]).open(encoding="utf-8")))
    assert list(rows[0]) == fields
    assert len(rows) == result.rows == sum(len(d.lines) for d in DOCS)
    # every measure and dimension attribute names a column, amounts in 万元 (factor 10000, CNY)
    for measure in descriptor["model"]["measures"].values():
        assert measure["source"] in fields and measure["currency"] == "CNY" and measure["factor"] == 10000
    for dimension in descriptor["model"]["dimensions"].values():
        assert all(a["source"] in fields for a in dimension["attributes"].values())
    types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    for row in rows:
        for name, kind in types.items():
            if kind == "number" and row[name]:
                Decimal(row[name])
            if kind == "integer":
                int(row[name])
    totals = {(r["unitName"], r["code"]): Decimal(r["total"]) for r in rows}
    for doc in DOCS:
        for code, _label, total, _basic, _project in doc.lines:
            assert totals[(doc.unit, code)] == total
    years = sorted(d.year for d in DOCS)
    assert descriptor["fiscalPeriod"] == {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"}


def test_export_command(store_dir: Path, tmp_path: Path) -> None:
    assert main(["export", "--store", str(store_dir), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "fiscal-data-package" / "datapackage.json").is_file()
    assert (tmp_path / "out" / "csv" / "documents.csv").is_file()
    data = write_docs(tmp_path / "docs.nq")
    assert main(["export", "--data", str(data), "-o", str(tmp_path / "fromfile")]) == 0
    assert (tmp_path / "fromfile" / "csv" / "documents.csv").read_text() == (
        tmp_path / "out" / "csv" / "documents.csv"
    ).read_text()
