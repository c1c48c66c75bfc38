"""A corpus of generated documents: N units × Y years × (预算, 决算), written to a folder with an index
(``documents.jsonl``) and a manifest of planted inconsistencies (``manifest.jsonl``).

``manifest.jsonl`` has one line per planted change and file: ``file``, ``table`` (title as printed),
``table_kind``, ``table_number``, ``row`` and ``column`` (1-based body row and cell column of the
printed table), ``row_label``, ``row_code``, ``column_label``, ``unit`` (元 or 万元 as printed),
``original`` and ``planted`` (as printed in that unit), ``original_wan``/``planted_wan`` (万元),
``rule`` (the rule kind aimed at) and ``rules`` (every rule kind the change breaks; see
``tables.RULES``), ``line`` (text renderings: the 1-based line of the row) and ``page`` (PDFs: the
page that prints the changed number).

Deterministic: every random choice comes from a generator seeded by (seed, unit, year, phase, purpose),
so the same configuration writes the same bytes, and a unit's documents do not depend on how many
other units are generated.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from budgetgraph.errors import OutputError
from budgetgraph.generate.codes import CodeLists
from budgetgraph.generate.document import build_document
from budgetgraph.generate.model import FEN_PER_WAN, Template, UnitYear, wan
from budgetgraph.generate.names import make_unit
from budgetgraph.generate.plant import Planted, plant
from budgetgraph.generate.render_text import render_text
from budgetgraph.generate.style import Style, pick_style
from budgetgraph.generate.synth import WAN_GRAIN, synthesize_budget, synthesize_final
from budgetgraph.generate.tables import Document
from budgetgraph.records import AmountUnit

FORMATS = ("text", "pdf")


@dataclass(frozen=True)
class GenerateConfig:
    units: int
    years: int
    start_year: int = 2021
    formats: tuple[str, ...] = ("text",)
    templates: tuple[Template, ...] = (Template.NATIONAL,)
    inconsistency_rate: float = 0.0  # the probability that a document gets one planted inconsistency
    seed: int = 0


@dataclass(frozen=True)
class Generated:
    """One generated document, before it is written: ground truth, printable form, what was planted."""

    stem: str
    document: Document
    style: Style
    planted: Planted | None = None


@dataclass
class CorpusSummary:
    documents: int = 0
    files: int = 0
    planted: int = 0
    paths: list[Path] = field(default_factory=list)


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def generate_documents(config: GenerateConfig, codes: CodeLists) -> Iterator[Generated]:
    """Every document of the corpus in a stable order: unit by unit, year by year, budget then final."""
    taken: set[str] = set()
    kinds = codes.for_year(config.start_year).kinds()
    for index in range(config.units):
        template = config.templates[index % len(config.templates)]
        unit = make_unit(_rng(config.seed, "unit", index), template, index, taken, kinds)
        budget_grain = 1 if template is Template.SHANGHAI else WAN_GRAIN
        budget: UnitYear | None = None
        final: UnitYear | None = None
        for year in range(config.start_year, config.start_year + config.years):
            rng = _rng(config.seed, index, year, "synth")
            year_codes = codes.for_year(year)
            budget = synthesize_budget(rng, unit, year, budget_grain, year_codes, budget)
            final = synthesize_final(rng, budget, WAN_GRAIN, year_codes, final)
            for uy in (budget, final):
                stem = f"{unit.key}_{year}_{uy.phase.value}"
                style = pick_style(_rng(config.seed, index, year, uy.phase, "style"), template)
                document = build_document(uy, template, codes, style)
                planted = None
                plant_rng = _rng(config.seed, index, year, uy.phase, "plant")
                if config.inconsistency_rate > 0 and plant_rng.random() < config.inconsistency_rate:
                    result = plant(document, plant_rng)
                    if result is not None:
                        document, planted = result
                yield Generated(stem, document, style, planted)


def _printed(fen: int, unit: AmountUnit) -> str:
    per = 100 if unit is AmountUnit.YUAN else FEN_PER_WAN
    return f"{fen / per:.2f}"


def manifest_entry(
    generated: Generated, file_name: str, line: int | None, page: int | None = None
) -> dict[str, object]:
    planted = generated.planted
    if planted is None:
        raise OutputError(file_name, "no planted inconsistency to describe")
    table, ref = planted.table, planted.ref
    row = table.rows[ref.row]
    return {
        "file": file_name,
        "table": table.title,
        "table_kind": table.kind.value,
        "table_number": table.number,
        "row": ref.row + 1,
        "row_label": row.label,
        "row_code": row.code,
        "column": ref.column + 1,
        "column_label": table.columns[ref.column] if ref.column < len(table.columns) else "",
        "unit": "元" if table.unit is AmountUnit.YUAN else "万元",
        "original": _printed(planted.original, table.unit),
        "planted": _printed(planted.planted, table.unit),
        "original_wan": str(wan(planted.original)),
        "planted_wan": str(wan(planted.planted)),
        "rule": planted.rule,
        "rules": list(planted.rules),
        "line": line,
        "page": page,
    }


def index_entry(generated: Generated, files: list[str]) -> dict[str, object]:
    uy = generated.document.truth
    return {
        "files": files,
        "unit": uy.unit.name,
        "level": uy.unit.level.value,
        "province": uy.unit.province,
        "year": uy.year,
        "phase": uy.phase.value,
        "template": generated.document.template.value,
        "amount_unit": generated.document.amount_unit.value,
        "expenditure_wan": str(wan(uy.expenditure)),
        "tables": sum(1 for _ in generated.document.tables()),
        "planted": generated.planted is not None,
    }


def write_corpus(config: GenerateConfig, out: Path, codes: CodeLists) -> CorpusSummary:
    """Write every document in every format, the index and the manifest. Returns what was written."""
    for fmt in config.formats:
        if fmt not in FORMATS:
            raise OutputError(str(out), f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(str(out), f"cannot create the output folder: {error.strerror}") from error
    summary = CorpusSummary()
    with (
        (out / "documents.jsonl").open("w", encoding="utf-8") as index,
        (out / "manifest.jsonl").open("w", encoding="utf-8") as manifest,
    ):
        for generated in generate_documents(config, codes):
            files = []
            for fmt in config.formats:
                line = page = None
                if fmt == "text":
                    rendered = render_text(generated.document, generated.style)
                    name = f"{generated.stem}.txt"
                    (out / name).write_text(rendered.text, encoding="utf-8")
                    if generated.planted:
                        line = rendered.row_lines.get(
                            (generated.planted.ref.table, generated.planted.ref.row)
                        )
                else:
                    from budgetgraph.generate.render_pdf import find_page, render_pdf

                    name = f"{generated.stem}.pdf"
                    data = render_pdf(generated.document, generated.style)
                    (out / name).write_bytes(data)
                    if generated.planted:
                        table = generated.planted.table
                        printed = generated.style.amount(generated.planted.planted, table.unit)
                        page = find_page(data, table.title, printed)
                files.append(name)
                summary.paths.append(out / name)
                summary.files += 1
                if generated.planted:
                    entry = manifest_entry(generated, name, line, page)
                    manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")
            summary.documents += 1
            summary.planted += generated.planted is not None
            index.write(json.dumps(index_entry(generated, files), ensure_ascii=False) + "\n")
    return summary
