"""Exports for people who do not speak RDF: a CSV per catalog query and a Fiscal Data Package.

The Fiscal Data Package (datapackage.json + CSV, profile ``fiscal-data-package``) is built from the
catalog's ``expenditure_by_function`` rows: one row per 支出功能分类 line with the current-year 合计,
基本支出 and 项目支出 in 万元. The descriptor carries both the 1.0 ``columnType`` of each field and the
0.3 ``model`` (measures and dimensions) that OpenSpending's packager and babbage read; amounts are in
CNY with ``factor`` 10000 (万元).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from budgetgraph import queries
from budgetgraph.errors import OutputError

FDP_QUERY = "expenditure_by_function"
FDP_RESOURCE = "expenditure-by-function"
_COLUMN_TYPES = {
    "unitName": ("administrative-classification:generic:name", "string"),
    "year": ("date:fiscal-year", "integer"),
    "code": ("functional-classification:generic:code", "string"),
    "name": ("functional-classification:generic:label", "string"),
    "total": ("value", "number"),
    "basic": ("value", "number"),
    "project": ("value", "number"),
}
_TITLES = {
    "unitName": "单位 Unit",
    "year": "年度 Fiscal year",
    "code": "功能分类科目编码 Function code",
    "name": "科目名称 Function name",
    "total": "合计 Total (万元)",
    "basic": "基本支出 Basic expenditure (万元)",
    "project": "项目支出 Project expenditure (万元)",
}


@dataclass(frozen=True)
class ExportResult:
    files: tuple[Path, ...]
    rows: int


def _prepare(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{directory}: cannot create the output folder: {error}") from error


def export_catalog_csv(store: ox.Store, directory: Path) -> ExportResult:
    """One CSV per catalog query (all rows, no parameters) into ``directory``."""
    _prepare(directory)
    files = []
    rows = 0
    for query in queries.catalog():
        table = queries.run_query(query, store)
        path = directory / f"{query.name}.csv"
        path.write_text(queries.render_table(table, "csv"), encoding="utf-8")
        files.append(path)
        rows += len(table.rows)
    return ExportResult(tuple(files), rows)


def fdp_descriptor(query: queries.CatalogQuery, title: str) -> dict[str, object]:
    """The datapackage.json of the Fiscal Data Package over ``query``'s columns."""
    fields = []
    for column in query.columns:
        column_type, data_type = _COLUMN_TYPES.get(column, ("", "string"))
        field: dict[str, object] = {"name": column, "title": _TITLES.get(column, column), "type": data_type}
        if column_type:
            field["columnType"] = column_type
        if data_type == "number":
            field["decimalChar"] = "."
            field["groupChar"] = ""
        fields.append(field)
    measures = {
        column: {"source": column, "currency": "CNY", "factor": 10000, "title": _TITLES[column]}
        for column in query.columns
        if _COLUMN_TYPES.get(column, ("", ""))[0] == "value"
    }
    dimensions = {
        "administrative_classification": {
            "dimensionType": "classification",
            "primaryKey": ["unitName"],
            "attributes": {"unitName": {"source": "unitName", "title": _TITLES["unitName"]}},
        },
        "date": {
            "dimensionType": "datetime",
            "primaryKey": ["year"],
            "attributes": {"year": {"source": "year", "title": _TITLES["year"]}},
        },
        "functional_classification": {
            "dimensionType": "classification",
            "classificationType": "functional",
            "primaryKey": ["code"],
            "attributes": {
                "code": {"source": "code", "title": _TITLES["code"]},
                "name": {"source": "name", "title": _TITLES["name"], "labelfor": "code"},
            },
        },
    }
    return {
        "name": "budgetgraph-expenditure-by-function",
        "title": title,
        "profile": "fiscal-data-package",
        "fiscalPeriod": {},
        "countryCode": "CN",
        "resources": [
            {
                "name": FDP_RESOURCE,
                "path": f"{FDP_RESOURCE}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields},
            }
        ],
        "model": {"measures": measures, "dimensions": dimensions},
    }


def export_fdp(store: ox.Store, directory: Path) -> ExportResult:
    """Write a Fiscal Data Package (datapackage.json + CSV) into ``directory``."""
    _prepare(directory)
    query = queries.load_query(FDP_QUERY)
    table = queries.run_query(query, store)
    years = sorted({row[query.columns.index("year")] for row in table.rows if row[1] is not None}, key=str)
    descriptor = fdp_descriptor(query, "支出功能分类预算 Expenditure by function (万元)")
    if years:
        descriptor["fiscalPeriod"] = {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"}
    else:
        descriptor.pop("fiscalPeriod")
    csv_path = directory / f"{FDP_RESOURCE}.csv"
    csv_path.write_text(queries.render_table(table, "csv"), encoding="utf-8")
    descriptor_path = directory / "datapackage.json"
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return ExportResult((descriptor_path, csv_path), len(table.rows))
