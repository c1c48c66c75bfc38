"""Builds the SKOS code lists (ontology/codes/*.ttl) from their sources (ontology/codes/*.tsv).

Each ``SCHEME.tsv`` lists ``code, version, zh, en``; a code may have several versions (one per label).
The Turtle gives each version a ``skos:Concept`` (``code_concept(scheme, version, code)``) with
``skos:notation``, ``skos:prefLabel``/``rdfs:label`` (zh, en), a ``skos:definition`` (zh, en) spelling
out its path, ``skos:broader`` (the parent's version in force in the concept's version year),
``bg:level`` (类/款/项), ``skos:inScheme`` (the code list and the version), and ``dcterms:replaces``
between versions of one code. Run ``python -m budgetgraph.codelist_build`` after editing a .tsv.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from budgetgraph.errors import StoreError
from budgetgraph.iris import code_concept, code_scheme
from budgetgraph.namespaces import BG, BGCODE, bind_prefixes
from budgetgraph.records import Scheme
from budgetgraph.resources import ontology_dir

SCHEME_NAMES: dict[Scheme, tuple[str, str]] = {
    Scheme.FUNCTION: ("支出功能分类科目", "government expenditure by function"),
    Scheme.ECONOMIC_DEPT: ("部门预算支出经济分类科目", "departmental budget expenditure by economic class"),
    Scheme.ECONOMIC_GOV: ("政府预算支出经济分类科目", "government budget expenditure by economic class"),
}
LEVELS: dict[int, tuple[URIRef, str, str]] = {
    3: (BG.Class, "类", "class"),
    5: (BG.Section, "款", "section"),
    7: (BG.Item, "项", "item"),
}


@dataclass(frozen=True)
class CodeRow:
    code: str
    version: int
    zh: str
    en: str


def read_rows(path: Path) -> list[CodeRow]:
    """The rows of a code-list source; StoreError naming the file and line when one is malformed."""
    rows: list[CodeRow] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise StoreError(f"{path}: cannot read the code list source: {error}") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#") or line.startswith("code\t"):
            continue
        cells = line.split("\t")
        if len(cells) != 4 or not cells[0].isdigit() or len(cells[0]) not in LEVELS or not cells[1].isdigit():
            raise StoreError(f"{path}:{number}: expected code<TAB>version<TAB>zh<TAB>en, got {line!r}")
        rows.append(CodeRow(cells[0], int(cells[1]), cells[2].strip(), cells[3].strip()))
    return rows


def _in_force(rows: dict[str, list[CodeRow]], code: str, year: int) -> CodeRow | None:
    versions = sorted(rows.get(code, []), key=lambda r: r.version)
    if not versions:
        return None
    earlier = [r for r in versions if r.version <= year]
    return earlier[-1] if earlier else versions[0]


def _span(by_code: dict[str, list[CodeRow]], row: CodeRow) -> tuple[int, int]:
    """The years [first, next version) a label was in use (open-ended for the newest)."""
    later = [r.version for r in by_code[row.code] if r.version > row.version]
    return row.version, min(later) if later else 10_000


def build_graph(scheme: Scheme, rows: list[CodeRow]) -> Graph:
    graph = bind_prefixes(Graph())
    zh_name, en_name = SCHEME_NAMES[scheme]
    top = BGCODE[scheme.value]
    graph.add((top, RDF.type, SKOS.ConceptScheme))
    graph.add((top, RDFS.label, Literal(zh_name, lang="zh")))
    graph.add((top, RDFS.label, Literal(en_name, lang="en")))
    graph.add((top, SKOS.prefLabel, Literal(zh_name, lang="zh")))
    graph.add((top, SKOS.prefLabel, Literal(en_name, lang="en")))
    graph.add((top, SKOS.definition, Literal(f"{zh_name}的全部版本。", lang="zh")))
    graph.add((top, SKOS.definition, Literal(f"Every version of the {en_name} code list.", lang="en")))
    by_code: dict[str, list[CodeRow]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    for version in sorted({row.version for row in rows}):
        vscheme = code_scheme(scheme, str(version))
        graph.add((vscheme, RDF.type, SKOS.ConceptScheme))
        graph.add((vscheme, RDFS.label, Literal(f"{zh_name}（{version}年版）", lang="zh")))
        graph.add((vscheme, RDFS.label, Literal(f"{en_name}, {version} version", lang="en")))
        graph.add((vscheme, SKOS.definition, Literal(f"{version}年起使用的{zh_name}名称。", lang="zh")))
        graph.add(
            (vscheme, SKOS.definition, Literal(f"The {en_name} labels in use from {version}.", lang="en"))
        )
        graph.add((vscheme, DCTERMS.isPartOf, top))
    for row in rows:
        add_concept(graph, scheme, row, by_code)
    return graph


def add_concept(graph: Graph, scheme: Scheme, row: CodeRow, by_code: dict[str, list[CodeRow]]) -> None:
    iri = code_concept(scheme, str(row.version), row.code)
    level, level_zh, level_en = LEVELS[len(row.code)]
    zh_name, en_name = SCHEME_NAMES[scheme]
    path = [row]
    for length in (5, 3):
        if len(row.code) > length:
            parent = _in_force(by_code, row.code[:length], row.version)
            if parent is not None:
                path.insert(0, parent)
    graph.add((iri, RDF.type, SKOS.Concept))
    graph.add((iri, SKOS.notation, Literal(row.code)))
    for lang, label in (("zh", row.zh), ("en", row.en)):
        graph.add((iri, SKOS.prefLabel, Literal(label, lang=lang)))
        graph.add((iri, RDFS.label, Literal(label, lang=lang)))
    zh_path = " › ".join(r.zh for r in path)
    en_path = " › ".join(r.en for r in path)
    graph.add(
        (
            iri,
            SKOS.definition,
            Literal(f"{zh_name}（{level_zh}）{row.code}：{zh_path}（{row.version}年起的名称）。", lang="zh"),
        )
    )
    graph.add(
        (
            iri,
            SKOS.definition,
            Literal(
                f"{en_name.capitalize()}, {level_en} {row.code}: {en_path} (label from {row.version}).",
                lang="en",
            ),
        )
    )
    graph.add((iri, BG.level, level))
    graph.add((iri, SKOS.inScheme, BGCODE[scheme.value]))
    graph.add((iri, SKOS.inScheme, code_scheme(scheme, str(row.version))))
    graph.add((iri, OWL.versionInfo, Literal(str(row.version))))
    if len(row.code) == 3:
        graph.add((iri, SKOS.topConceptOf, BGCODE[scheme.value]))
    else:
        parent_code = row.code[:5] if len(row.code) == 7 and row.code[:5] in by_code else row.code[:3]
        start, end = _span(by_code, row)
        for parent in by_code.get(parent_code, []):
            parent_start, parent_end = _span(by_code, parent)
            if parent_start < end and start < parent_end:  # the two labels were in use together
                graph.add((iri, SKOS.broader, code_concept(scheme, str(parent.version), parent.code)))
    older = [r for r in by_code[row.code] if r.version < row.version]
    if older:
        previous = max(older, key=lambda r: r.version)
        graph.add((iri, DCTERMS.replaces, code_concept(scheme, str(previous.version), previous.code)))


def build_all(directory: Path | None = None) -> dict[Path, Graph]:
    """Every code list under ``directory`` (ontology/codes) as (Turtle path, graph)."""
    folder = directory or ontology_dir() / "codes"
    built: dict[Path, Graph] = {}
    for scheme in Scheme:
        source = folder / f"{scheme.value}.tsv"
        if source.is_file():
            built[folder / f"{scheme.value}.ttl"] = build_graph(scheme, read_rows(source))
    return built


def main() -> int:
    for path, graph in build_all().items():
        graph.serialize(destination=str(path), format="turtle", encoding="utf-8")
        print(f"{path}: {len(graph)} triples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
