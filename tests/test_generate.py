"""The corpus generator: well-formed documents, an exact manifest of planted changes, determinism."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetgraph.cli import main
from budgetgraph.generate import (
    GenerateConfig,
    Template,
    default_ontology_codes,
    generate_documents,
    load_code_lists,
    violations,
    wan,
    write_corpus,
)
from budgetgraph.generate.codes import builtin_code_lists
from budgetgraph.generate.model import Source
from budgetgraph.generate.render_text import render_text
from budgetgraph.records import AmountUnit, Phase

CODES = load_code_lists(default_ontology_codes())
BOTH = (Template.NATIONAL, Template.SHANGHAI)


def corpus(seed: int, rate: float = 0.0, units: int = 6, years: int = 2) -> list:  # type: ignore[type-arg]
    config = GenerateConfig(units=units, years=years, templates=BOTH, inconsistency_rate=rate, seed=seed)
    return list(generate_documents(config, CODES))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_every_stated_sum_holds_without_planting(seed: int) -> None:
    documents = corpus(seed)
    assert len(documents) == 6 * 2 * 2
    for generated in documents:
        assert generated.planted is None
        assert generated.document.constraints, generated.stem
        assert violations(generated.document) == [], generated.stem


NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")


def _value(cell: str) -> Decimal | None:
    """A printed amount (bold markup and thousands separators allowed), 0 for a blank, None for text."""
    cell = cell.replace("<b>", "").replace("</b>", "").strip()
    if not cell:
        return Decimal(0)
    return Decimal(cell.replace(",", "")) if NUMBER.match(cell) else None


def _code(cells: list[str], last_class: str = "") -> tuple[str, list[str]]:
    """The classification code a printed row starts with (split, joined or spaced) and the other cells;
    a 款 row that leaves its 类 cell blank takes the class of the rows above."""
    parts: list[str] = []
    if len(cells) > 2 and cells[0] == "" and re.fullmatch(r"\d{2}", cells[1]) and last_class:
        parts = [last_class]
        cells = ["", *cells[1:]]
    for i, cell in enumerate(cells[:3]):
        if i == 0 and parts:
            continue
        if re.fullmatch(r"\d{2,7}( \d{2})*", cell):
            parts.append(cell.replace(" ", ""))
        elif cell == "" and parts:
            continue
        else:
            return "".join(parts), cells[i:]
    return "".join(parts), cells[3:]


def printed_tables(text: str) -> list[list[list[str]]]:
    """Runs of tab-separated lines of a text rendering."""
    tables: list[list[list[str]]] = [[]]
    for line in text.splitlines():
        if "\t" in line:
            cells = line.split("\t")
            if not tables[-1] and len(tables) > 1 and tables[-2][0] == cells:
                tables.pop()  # a continuation after a page break repeats the header: one table
                tables[-1].append(["continued"])
            else:
                tables[-1].append(cells)
        elif tables[-1]:
            tables.append([])
    return [[row for row in t if row != ["continued"]] for t in tables if t]


@pytest.mark.parametrize("seed", [4, 5])
def test_printed_code_hierarchies_add_up(seed: int) -> None:
    """Read back from the text alone: every coded parent row = the sum of its direct children, and the
    合计 row = the sum of the top-level rows, in every amount column (independent of the constraints)."""
    checked = 0
    for generated in corpus(seed):
        text = render_text(generated.document, generated.style).text
        for table in printed_tables(text):
            coded: list[tuple[str, list[Decimal | None]]] = []
            total: list[Decimal | None] | None = None
            last_class = ""
            for cells in table:
                code, rest = _code(cells, last_class)
                last_class = code if len(code) == 3 else last_class
                values = [_value(c) for c in rest]
                if code:
                    coded.append((code, values))
                elif any(re.sub(r"[\s<>/b]", "", c) == "合计" for c in cells):
                    total = [_value(c) for c in cells[len(cells) - len(values) :]]
            for code, values in coded:
                children = [v for c, v in coded if c.startswith(code) and len(c) == len(code) + 2]
                if not children and len(code) == 3:
                    children = [v for c, v in coded if c.startswith(code) and len(c) > 3]
                if not children:
                    continue
                for j, value in enumerate(values):
                    if value is not None:
                        expected = sum((ch[j] or Decimal(0)) for ch in children)
                        assert value == expected, (generated.stem, code, j)
                        checked += 1
            if total is not None and coded:
                top = [v for c, v in coded if len(c) == 3]
                for j, value in enumerate(total[-len(top[0]) :] if top else []):
                    if value is not None:
                        assert value == sum((t[j] or Decimal(0)) for t in top), (generated.stem, "合计", j)
    assert checked > 500


def test_manifest_names_the_changed_cell_exactly(tmp_path: Path) -> None:
    config = GenerateConfig(units=5, years=2, templates=BOTH, inconsistency_rate=1.0, seed=11)
    clean = GenerateConfig(units=5, years=2, templates=BOTH, inconsistency_rate=0.0, seed=11)
    summary = write_corpus(config, tmp_path / "planted", CODES)
    write_corpus(clean, tmp_path / "clean", CODES)
    manifest = (tmp_path / "planted" / "manifest.jsonl").read_text()
    entries = [json.loads(line) for line in manifest.splitlines()]
    assert summary.planted == summary.documents == len(entries) == 20
    rules = set()
    for entry in entries:
        planted_lines = (tmp_path / "planted" / entry["file"]).read_text(encoding="utf-8").splitlines()
        clean_lines = (tmp_path / "clean" / entry["file"]).read_text(encoding="utf-8").splitlines()
        differing = [i + 1 for i, (a, b) in enumerate(zip(planted_lines, clean_lines, strict=True)) if a != b]
        assert differing == [entry["line"]], entry
        planted_line, clean_line = planted_lines[entry["line"] - 1], clean_lines[entry["line"] - 1]
        if "\t" in planted_line:
            planted_cell = planted_line.split("\t")[entry["column"] - 1]
            clean_cell = clean_line.split("\t")[entry["column"] - 1]
            assert _value(planted_cell) == Decimal(entry["planted"])
            assert _value(clean_cell) == Decimal(entry["original"])
        else:  # a wrapped-text rendering: the row's tokens, blanks dropped
            planted_values = [_value(t) for t in planted_line.split(" ")]
            clean_values = [_value(t) for t in clean_line.split(" ")]
            assert Decimal(entry["planted"]) in planted_values
            assert Decimal(entry["original"]) in clean_values or Decimal(entry["original"]) == 0
        assert entry["rule"] in entry["rules"]
        rules.update(entry["rules"])
    assert len(rules) >= 4


@pytest.mark.parametrize("seed", [21, 22])
def test_planted_change_breaks_exactly_the_reported_rules(seed: int) -> None:
    for generated in corpus(seed, rate=1.0):
        planted = generated.planted
        assert planted is not None
        assert planted.planted != planted.original
        found = violations(generated.document)
        assert found, generated.stem
        for violation in found:
            c = violation.constraint
            assert planted.ref == c.target or planted.ref in c.sources
        assert sorted({v.constraint.rule for v in found}) == list(planted.rules)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    def run(seed: int, name: str) -> dict[str, bytes]:
        config = GenerateConfig(
            units=2, years=1, templates=BOTH, formats=("text", "pdf"), inconsistency_rate=0.5, seed=seed
        )
        write_corpus(config, tmp_path / name, CODES)
        return {p.name: p.read_bytes() for p in sorted((tmp_path / name).iterdir())}

    first, second, other = run(5, "a"), run(5, "b"), run(6, "c")
    assert first == second
    assert len(first) == 2 * 2 * 2 + 2
    assert first["u00001_2021_budget.txt"] != other["u00001_2021_budget.txt"]


def test_amounts_are_whole_units_of_what_is_printed() -> None:
    """No amount hides digits the print rounds away (0.01 万元, or 0.01 元 in 元 tables)."""
    for generated in corpus(13):
        for table in generated.document.tables():
            grain = 1 if table.unit.value == "yuan" else 10_000
            for row in table.rows:
                for cell in row.cells:
                    where = (generated.stem, table.title, row.label)
                    assert cell.amount is None or cell.amount % grain == 0, where


def test_units_years_and_phases_are_all_there() -> None:
    documents = corpus(7, units=4, years=3)
    keys = {(g.document.truth.unit.name, g.document.truth.year, g.document.truth.phase) for g in documents}
    assert len(keys) == 4 * 3 * 2
    names = {g.document.truth.unit.name for g in documents}
    assert len(names) == 4
    for generated in documents:
        truth = generated.document.truth
        if truth.phase is Phase.FINAL:
            assert truth.carry_out >= 0
            assert truth.budget_of_year is not None


def test_narrative_agrees_with_the_tables() -> None:
    for generated in corpus(8):
        truth = generated.document.truth
        text = render_text(generated.document, generated.style).text
        total = f"{wan(truth.expenditure):.2f}"
        if truth.phase is Phase.BUDGET and generated.document.template is Template.NATIONAL:
            assert f"收支总预算 {total} 万元" in text
            assert f"基本支出 {wan(truth.basic):.2f} 万元" in text
            tp = truth.three_public
            assert f"“三公”经费数为 {wan(tp.total):.2f} 万元" in text
        elif truth.phase is Phase.FINAL:
            assert f"本年支出合计 {total} 万元" in text
            assert f"年末结转和结余 {wan(truth.carry_out):.2f} 万元" in text
        else:
            assert f"支出预算{total}万元" in text
        staff = truth.staffing
        assert f"编制数 {staff.authorized} 人，实有人数 {staff.actual} 人" in text


def test_next_year_states_the_change_from_last_year() -> None:
    documents = [g for g in corpus(9, units=2, years=2) if g.document.truth.phase is Phase.BUDGET]
    by_unit: dict[str, list] = {}  # type: ignore[type-arg]
    for g in documents:
        by_unit.setdefault(g.document.truth.unit.name, []).append(g.document.truth)
    for first, second in by_unit.values():
        assert second.prior.basic == first.basic
        gpb = first.source_total(Source.GPB) + first.source_total(Source.GPB_TRANSFER)
        assert second.prior.gpb == gpb


def test_printed_codes_come_from_the_code_lists() -> None:
    for generated in corpus(10):
        year_codes = CODES.for_year(generated.document.truth.year)
        for table in generated.document.tables():
            for row in table.rows:
                if row.code:
                    assert year_codes.has_function(row.code) or year_codes.has_economic(row.code), row.code


def test_code_names_follow_the_year_when_the_ontology_lists_versions() -> None:
    if CODES.source != "ontology" or "20805" not in CODES.function_versions:
        pytest.skip("ontology/codes with versioned labels is absent")
    assert len(CODES.function_versions["20805"]) >= 2
    assert CODES.for_year(2024).function_name("20805") != CODES.for_year(2021).function_name("20805")
    assert builtin_code_lists().for_year(2024).function_name("2080505") == "机关事业单位基本养老保险缴费支出"


def test_pdf_tables_carry_the_printed_figures(tmp_path: Path) -> None:
    config = GenerateConfig(units=2, years=1, templates=BOTH, formats=("pdf",), seed=12)
    write_corpus(config, tmp_path, CODES)
    generated = {g.stem: g for g in generate_documents(config, CODES)}
    for stem, g in generated.items():
        expenditure = g.document.table("expenditure")
        first = next(i for i, c in enumerate(expenditure.rows[0].cells) if c.amount is not None)
        wanted = {row.code: row.cells[first].amount for row in expenditure.rows if row.code}
        with pdfplumber.open(tmp_path / f"{stem}.pdf") as pdf:
            tables = [t for page in pdf.pages for t in page.extract_tables()]
        cells = {cell for t in tables for r in t for cell in r if cell}
        for amount in wanted.values():
            assert amount is not None
            assert g.style.amount(amount, expenditure.unit) in cells, (stem, amount)


def test_command_line_writes_the_corpus_and_rejects_bad_options(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "corpus"
    code = main(
        [
            "generate",
            "--units",
            "2",
            "--years",
            "2",
            "--templates",
            "national,shanghai",
            "--inconsistencies",
            "0.5",
            "--seed",
            "3",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    index = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    assert len(index) == 8
    assert {e["template"] for e in index} == {"national", "shanghai"}
    assert sum(1 for e in index if e["planted"]) == len((out / "manifest.jsonl").read_text().splitlines())
    assert main(["generate", "--units", "1", "--years", "1", "--templates", "mars", "-o", str(out)]) == 2
    assert "mars" in capsys.readouterr().err
    assert main(["generate", "--units", "1", "--years", "1", "--formats", "docx", "-o", str(out)]) == 2
    missing = tmp_path / "no-such-codes"
    assert main(["generate", "--units", "1", "--years", "1", "--codes", str(missing), "-o", str(out)]) == 2
    assert "no-such-codes" in capsys.readouterr().err


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    units=st.integers(min_value=1, max_value=3),
    years=st.integers(min_value=1, max_value=3),
    start=st.integers(min_value=2017, max_value=2025),
    templates=st.sampled_from([(Template.NATIONAL,), (Template.SHANGHAI,), BOTH]),
    rate=st.floats(min_value=0.0, max_value=1.0),
)
def test_any_configuration_generates_consistent_documents(
    seed: int, units: int, years: int, start: int, templates: tuple[Template, ...], rate: float
) -> None:
    config = GenerateConfig(
        units=units, years=years, start_year=start, templates=templates, inconsistency_rate=rate, seed=seed
    )
    for generated in generate_documents(config, CODES):
        found = violations(generated.document)
        if generated.planted is None:
            assert found == [], generated.stem
        else:
            assert sorted({v.constraint.rule for v in found}) == list(generated.planted.rules)
        for table in generated.document.tables():
            for row in table.rows:
                assert all(c.amount is None or c.amount >= 0 for c in row.cells), (
                    generated.stem,
                    table.title,
                )


def test_manifest_pages_of_planted_pdf_numbers(tmp_path: Path) -> None:
    config = GenerateConfig(
        units=3, years=1, templates=BOTH, formats=("pdf",), inconsistency_rate=1.0, seed=15
    )
    write_corpus(config, tmp_path, CODES)
    styles = {g.stem: g.style for g in generate_documents(config, CODES)}
    entries = [json.loads(x) for x in (tmp_path / "manifest.jsonl").read_text().splitlines()]
    assert len(entries) == 6
    for entry in entries:
        stem = entry["file"].removesuffix(".pdf")
        unit = AmountUnit.YUAN if entry["unit"] == "元" else AmountUnit.WAN_YUAN
        fen = int(Decimal(entry["planted_wan"]) * 1_000_000)
        printed = styles[stem].amount(fen, unit)
        with pdfplumber.open(tmp_path / entry["file"]) as pdf:
            text = pdf.pages[entry["page"] - 1].extract_text() or ""
        assert printed in text, entry
