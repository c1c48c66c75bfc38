"""Recall and false positives of validation on a small generated corpus with planted inconsistencies.

``budgetgraph generate`` writes the same documents twice from one seed: once clean (rate 0) and once
with one planted change per document (rate 1, listed in manifest.jsonl: table, row, the generator's
rule kinds the change breaks). Both corpora are extracted and validated (every shape file, the
cross-document rules per unit). Then, per document:

- false positives: the findings on the clean document (violations and warnings counted apart);
- caught: the planted document has a finding the clean one has not (same rule, severity, table, row
  label and found amount) — the validator noticed the change;
- located: one of those new findings points at the planted table (and row label, when it has one).

The generator plants table numbers only. The narrative and cross-document rules are measured by
text changes the bench makes itself on the clean corpus, one kind at a time, at the first place a
document prints the pattern (the other documents are kept, so the cross-document rules have last
year's document): 增加 … 增长 → 下降 (BG-N06), the 预决算差异率 + 5 points (BG-N07), the 预算绩效
project count + 1 (BG-N05), and a classification's stated change + 1.00 万元 (BG-X03 on a unit's
second year, where the previous year's document is in the corpus). Caught: that rule has a finding
on the changed document the clean one has not.

It prints the figures per generator rule kind and in total, and asserts nothing. Validation is slow
(pyshacl), so keep the corpus tiny: the default is 2 units × 2 years × (预算, 决算) = 8 documents.

    .venv/bin/python bench/bench_recall.py [--units 2] [--years 2] [--templates national,shanghai] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rdflib import Graph  # noqa: E402

from budgetgraph.findings import Finding, Severity, ValidationReport  # noqa: E402
from budgetgraph.generate import (  # noqa: E402
    GenerateConfig,
    Template,
    default_ontology_codes,
    load_code_lists,
    write_corpus,
)
from budgetgraph.pipeline import ExtractOptions, extract_file  # noqa: E402
from budgetgraph.validate import validate_graph  # noqa: E402

Key = tuple[str, str, str | None, str | None, str | None]


def _key(finding: Finding) -> Key:
    src = finding.source
    return (finding.rule_id, finding.severity.value, src.table_title, src.label, str(finding.found))


def validate_corpus(folder: Path) -> tuple[ValidationReport, float]:
    """Extract every text file of a generated folder and validate them together."""
    graph = Graph()
    for path in sorted(folder.glob("*.txt")):
        _extraction, document = extract_file(path, ExtractOptions())
        graph += document
    start = time.perf_counter()
    report = validate_graph(graph)
    return report, time.perf_counter() - start


def by_file(report: ValidationReport) -> dict[str, list[Finding]]:
    files: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        if finding.severity is not Severity.INFO:
            files[finding.source.file_name or finding.source.document].append(finding)
    return files


def _plus(amount: str, step: str) -> str:
    return f"{Decimal(amount) + Decimal(step):.2f}"


TEXT_CHANGES: list[tuple[str, str, re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    ("增长 → 下降", "BG-N06", re.compile(r"(增加 [\d.]+ 万元，)增长"), lambda m: m.group(1) + "下降"),
    (
        "差异率 + 5",
        "BG-N07",
        re.compile(r"(预决算差异率 )(-?[\d.]+)%"),
        lambda m: m.group(1) + _plus(m.group(2), "5") + "%",
    ),
    (
        "项目个数 + 1",
        "BG-N05",
        re.compile(r"(项目 )(\d+)( 个)"),
        lambda m: f"{m.group(1)}{int(m.group(2)) + 1}{m.group(3)}",
    ),
    (
        "上年变动 + 1.00",
        "BG-X03",
        re.compile(r"(\(项\)[^。\n]*?比上年[^。\n]*?(?:增加|减少) )([\d.]+)( 万元)"),
        lambda m: m.group(1) + _plus(m.group(2), "1") + m.group(3),
    ),
]


def text_change_recall(clean: Path, clean_files: dict[str, list[Finding]], work: Path) -> None:
    """Each text change at once in every document that prints its pattern; the rule's new findings."""
    print("\nrecall of text changes made on the clean corpus (the rule the change is for):")
    print(f"  {'change':16} {'rule':7} changed  caught")
    for name, rule, pattern, replace in TEXT_CHANGES:
        folder = work / f"text-{rule}"
        shutil.copytree(clean, folder)
        changed: list[str] = []
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            new = pattern.sub(replace, text, count=1)
            if new != text:
                path.write_text(new, encoding="utf-8")
                changed.append(path.name)
        report, _seconds = validate_corpus(folder)
        files = by_file(report)
        caught = 0
        for file in changed:
            before = {_key(f) for f in clean_files.get(file, [])}
            caught += any(f.rule_id == rule and _key(f) not in before for f in files.get(file, []))
        print(f"  {name:16} {rule:7} {len(changed):7} {caught:7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--templates", default="national,shanghai")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    codes = load_code_lists(default_ontology_codes())
    templates = tuple(Template(t) for t in args.templates.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        folders = {}
        for name, rate in (("clean", 0.0), ("planted", 1.0)):
            folder = Path(tmp) / name
            config = GenerateConfig(
                units=args.units,
                years=args.years,
                templates=templates,
                inconsistency_rate=rate,
                seed=args.seed,
            )
            write_corpus(config, folder, codes)
            folders[name] = folder
        manifest = [
            json.loads(line)
            for line in (folders["planted"] / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        clean, clean_seconds = validate_corpus(folders["clean"])
        planted, planted_seconds = validate_corpus(folders["planted"])
        documents = clean.documents
        clean_files, planted_files = by_file(clean), by_file(planted)
        report_tables(args, manifest, documents, clean_files, planted_files, clean_seconds, planted_seconds)
        text_change_recall(folders["clean"], clean_files, Path(tmp))


def report_tables(
    args: argparse.Namespace,
    manifest: list[dict[str, Any]],
    documents: int,
    clean_files: dict[str, list[Finding]],
    planted_files: dict[str, list[Finding]],
    clean_seconds: float,
    planted_seconds: float,
) -> None:
    print(f"corpus: {args.units} units × {args.years} years × (预算, 决算), templates {args.templates}, "
          f"seed {args.seed}: {documents} documents, {len(manifest)} planted")  # fmt: skip
    print(f"validation: clean {clean_seconds:.1f} s, planted {planted_seconds:.1f} s "
          f"({planted_seconds / max(documents, 1):.1f} s per document)")  # fmt: skip

    print("\nfalse positives on the clean corpus (findings per rule, violation / warning):")
    fp = Counter((f.rule_id, f.severity.value) for fs in clean_files.values() for f in fs)
    for (rule, severity), n in sorted(fp.items()):
        print(f"  {rule:7} {severity:9} {n}")
    flagged = sum(1 for fs in clean_files.values() if any(f.severity is Severity.VIOLATION for f in fs))
    print(f"  clean documents with a violation: {flagged}/{documents}")

    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    rules_caught: Counter[str] = Counter()
    for entry in manifest:
        before = {_key(f) for f in clean_files.get(entry["file"], [])}
        new = [f for f in planted_files.get(entry["file"], []) if _key(f) not in before]
        located = [
            f
            for f in new
            if f.source.table_title == entry["table"]
            and (not entry["row_label"] or entry["row_label"] in (f.source.label or entry["row_label"]))
        ]
        for kind in ("all", entry["rule"]):
            kinds[kind]["planted"] += 1
            kinds[kind]["caught"] += bool(new)
            kinds[kind]["violation"] += any(f.severity is Severity.VIOLATION for f in new)
            kinds[kind]["located"] += bool(located)
        rules_caught.update({f.rule_id for f in new})
        if not new:
            print(f"  missed: {entry['file']} {entry['table']} row {entry['row']} {entry['row_label']!r} "
                  f"{entry['original']} → {entry['planted']} ({entry['rule']})")  # fmt: skip

    print("\nrecall on the planted corpus (by the generator's rule kind aimed at):")
    print(f"  {'kind':36} planted  caught  as-violation  located")
    for kind, c in sorted(kinds.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        share = c["caught"] / c["planted"] if c["planted"] else 0.0
        print(f"  {kind:36} {c['planted']:7} {c['caught']:7} {c['violation']:13} {c['located']:8}   "
              f"recall {share:.0%}")  # fmt: skip
    print(
        "  rules that caught a planted change: "
        + ", ".join(f"{r}×{n}" for r, n in sorted(rules_caught.items()))
    )


if __name__ == "__main__":
    main()
