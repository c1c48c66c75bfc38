"""Everything a disclosure says besides its standard tables: the narrative and the performance tables.

``extract_narrative(blocks)`` reads the running text (unit profile, statements, budget against final,
projects, detail facts, glossary); ``performance_tables`` (indicators.py) reads the performance
tables; ``attach_narrative(extraction, layout)`` does both for an ``Extraction`` and resolves what the
narrative names against the document's tables: classification paths get their codes, performance
tables get the document's project they are about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from budgetgraph.indicators import performance_tables
from budgetgraph.narrative_facts import extract_quantities
from budgetgraph.narrative_profile import extract_glossary, extract_profile, extract_staffing
from budgetgraph.narrative_projects import extract_projects
from budgetgraph.narrative_records import Narrative, PerformanceTable, Statement, Subject
from budgetgraph.narrative_statements import extract_budget_vs_final, extract_statements
from budgetgraph.narrative_text import Paragraph, normalize, paragraphs
from budgetgraph.project_match import match_project
from budgetgraph.records import Block, ExtractedTable, Extraction, Layout, Scheme


def extract_narrative(blocks: Sequence[Block]) -> Narrative:
    """The narrative facts of a document's running text."""
    return _narrative(paragraphs(blocks))


def _narrative(text: Sequence[Paragraph]) -> Narrative:
    return Narrative(
        profile=extract_profile(text),
        statements=extract_statements(text),
        budget_vs_final=extract_budget_vs_final(text),
        quantities=extract_quantities(text),
        projects=extract_projects(text),
        glossary=extract_glossary(text),
    )


def function_codes(tables: Sequence[ExtractedTable]) -> dict[str, tuple[str, ...]]:
    """Function-classification codes by the names the document's tables print for them."""
    codes: dict[str, list[str]] = {}
    for table in tables:
        for line in table.lines:
            if line.code and line.scheme in (Scheme.FUNCTION, None) and len(line.code) in (3, 5, 7):
                known = codes.setdefault(normalize(line.label), [])
                if line.code not in known:
                    known.append(line.code)
    return {name: tuple(found) for name, found in codes.items()}


def resolve_code(subject: Subject, codes: dict[str, tuple[str, ...]]) -> Subject:
    """A classification path (类 / 款 / 项 names) with its code, walked down from the 类."""
    if subject.code or not subject.path:
        return subject
    prefix = ""
    for depth, name in enumerate(subject.path):
        width = 3 + 2 * depth
        candidates = [c for c in codes.get(normalize(name), ()) if len(c) == width and c.startswith(prefix)]
        if len(candidates) != 1:
            return subject
        prefix = candidates[0]
    return replace(subject, code=prefix)


def _resolved(statements: Sequence[Statement], codes: dict[str, tuple[str, ...]]) -> tuple[Statement, ...]:
    return tuple(replace(s, subject=resolve_code(s.subject, codes)) for s in statements)


def table_projects(extraction: Extraction) -> tuple[str, ...]:
    """The projects the document's tables name (项目支出表 rows), each once."""
    names: list[str] = []
    for table in extraction.tables:
        for line in table.lines:
            if line.project and line.project not in names:
                names.append(line.project)
    return tuple(names)


def _link_projects(narrative: Narrative, tabled: Sequence[str]) -> Narrative:
    """Each narrative project description with the project table's spelling of its name."""
    linked = []
    for detail in narrative.projects:
        match = match_project(detail.name, tabled)
        linked.append(replace(detail, project=match) if match and match != detail.name else detail)
    return replace(narrative, projects=tuple(linked))


def _link_tables(
    tables: Sequence[PerformanceTable], tabled: Sequence[str], described: Sequence[str]
) -> tuple[PerformanceTable, ...]:
    """Each performance table with the project it is about: the project tables' spelling first, else
    the narrative's."""
    linked = []
    for table in tables:
        if table.project_name:
            match = match_project(table.project_name, tabled) or match_project(table.project_name, described)
            table = replace(table, project=match)
        linked.append(table)
    return tuple(linked)


def attach_narrative(extraction: Extraction, layout: Layout, publish_phones: bool = False) -> Extraction:
    """The extraction with its narrative, performance tables and (when the profile states them)
    staffing figures read from wrapped paragraphs too."""
    blocks = layout.blocks
    text = paragraphs(blocks)  # joined once: the narrative and the staffing figures read it
    narrative = _narrative(text)
    codes = function_codes(extraction.tables)
    narrative = replace(narrative, statements=_resolved(narrative.statements, codes))
    tabled = table_projects(extraction)
    narrative = _link_projects(narrative, tabled)
    described = [detail.name for detail in narrative.projects]
    performance = _link_tables(performance_tables(blocks, (), publish_phones), tabled, described)
    staffing = extract_staffing(text) or extraction.staffing
    return replace(extraction, narrative=narrative, performance=performance, staffing=staffing)
