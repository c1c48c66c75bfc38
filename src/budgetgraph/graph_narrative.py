"""Narrative and performance records → RDF (ontology/narrative.ttl), as parts of a document's graph.

``write_narrative(ctx)`` adds the unit profile, the statements (linked to the budget lines they
explain), budget-against-final comparisons, detail quantities, project descriptions, the glossary
(SKOS) and the performance tables with their indicators (levels as SKOS concepts). Every node is
named by the Minter under the document, so the same extraction gives the same graph.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from budgetgraph.graph import GraphContext, decimal_literal, line_row, table_ordinal, write_project
from budgetgraph.indicator_rows import parse_target
from budgetgraph.iris import code_concept, code_scheme, slug
from budgetgraph.namespaces import BG, ORG
from budgetgraph.narrative_records import (
    BudgetVsFinal,
    Direction,
    Narrative,
    Operator,
    PerformanceTable,
    ProjectDetail,
    Quantity,
    Statement,
    Subject,
)
from budgetgraph.records import Scheme

DIRECTIONS = {
    Direction.INCREASE: BG.Increase,
    Direction.DECREASE: BG.Decrease,
    Direction.UNCHANGED: BG.Unchanged,
}
OPERATORS = {
    Operator.GE: BG.AtLeast,
    Operator.LE: BG.AtMost,
    Operator.GT: BG.MoreThan,
    Operator.LT: BG.LessThan,
    Operator.EQ: BG.EqualTo,
    Operator.QUALITATIVE: BG.Qualitative,
}


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _lines_explained(ctx: GraphContext, subject: Subject) -> list[URIRef]:
    """The budget lines of the document a statement's subject names: same code, funding or item."""
    found: list[URIRef] = []
    for index, table in enumerate(ctx.extraction.tables):
        ordinal = table_ordinal(table, index)
        for row_index, line in enumerate(table.lines):
            same = (
                (subject.code is not None and line.code == subject.code)
                or (subject.funding is not None and line.funding is subject.funding)
                or (subject.item is not None and line.item is subject.item)
            )
            if same and line.sub_unit is None:
                found.append(ctx.minter.line(ctx.sha256, ordinal, line_row(line, row_index)))
    return found


def _subject(ctx: GraphContext, node: URIRef, subject: Subject) -> None:
    ctx.add(node, BG.subjectLabel, _zh(subject.label))
    for name in subject.path:
        ctx.add(node, BG.classificationName, _zh(name))
    if subject.code:
        ctx.add(node, BG.code, Literal(subject.code))
    if subject.funding is not None:
        ctx.add(node, BG.fundingSource, BG[subject.funding.value])
    if subject.kind is not None:
        ctx.add(node, BG.spendingKind, BG[subject.kind.value])
    if subject.item is not None:
        ctx.add(node, BG.lineItem, BG[subject.item.value])
    if subject.topic is not None:
        ctx.add(node, BG.topic, BG[subject.topic.value])
    for line in _lines_explained(ctx, subject):
        ctx.add(node, BG.explains, line)


def _statement(ctx: GraphContext, index: int, statement: Statement) -> None:
    node = ctx.minter.part(ctx.sha256, "statement", index)
    ctx.add(ctx.document, BG.hasStatement, node)
    ctx.add(node, RDF.type, BG.NarrativeStatement)
    ctx.add(node, BG.statementText, _zh(statement.text))
    _subject(ctx, node, statement.subject)
    values = (
        (BG.amount, statement.amount),
        (BG.share, statement.share),
        (BG.change, statement.change),
        (BG.changePercent, statement.percent),
        (BG.previousAmount, statement.previous),
    )
    ctx.add_values(node, values)
    if statement.direction is not None:
        ctx.add(node, BG.direction, DIRECTIONS[statement.direction])
    if statement.compared_with:
        ctx.add(node, BG.comparedWith, _zh(statement.compared_with))
    if statement.reason:
        ctx.add(node, BG.reason, _zh(statement.reason))
    ctx.add(node, BG.budgetPhase, ctx.phase)
    ctx.provenance(node, statement.location, None)


def _budget_vs_final(ctx: GraphContext, index: int, item: BudgetVsFinal) -> None:
    node = ctx.minter.part(ctx.sha256, "budget-vs-final", index)
    ctx.add(ctx.document, BG.hasComparison, node)
    ctx.add(node, RDF.type, BG.BudgetFinalComparison)
    ctx.add(node, BG.statementText, _zh(item.text))
    _subject(ctx, node, item.subject)
    ctx.add(node, BG.budgetAmount, decimal_literal(item.budget))
    ctx.add(node, BG.finalAmount, decimal_literal(item.final))
    if item.deviation is not None:
        ctx.add(node, BG.deviationRate, decimal_literal(item.deviation))
    if item.reason:
        ctx.add(node, BG.reason, _zh(item.reason))
    if item.stated is not None:
        ctx.add(node, BG.direction, DIRECTIONS[item.stated])
    ctx.provenance(node, item.location, None)


def _quantity(ctx: GraphContext, index: int, item: Quantity) -> None:
    node = ctx.minter.part(ctx.sha256, "quantity", index)
    ctx.add(ctx.document, BG.hasQuantity, node)
    ctx.add(node, RDF.type, BG.NarrativeQuantity)
    ctx.add(node, BG.topic, BG[item.topic.value])
    ctx.add(node, RDFS.label, _zh(item.label))
    ctx.add(node, BG.quantityValue, decimal_literal(item.value))
    ctx.add(node, BG.unitOfMeasure, _zh(item.unit))
    if item.unit == "万元":
        ctx.add(node, BG.amount, decimal_literal(item.value))
    if item.category:
        ctx.add(node, BG.category, Literal(item.category))
    ctx.add(node, BG.statementText, _zh(item.text))
    ctx.add(node, BG.budgetPhase, ctx.phase)
    ctx.provenance(node, item.location, None)


def _project(ctx: GraphContext, index: int, detail: ProjectDetail) -> None:
    node = ctx.minter.part(ctx.sha256, "project", index)
    ctx.add(ctx.document, BG.hasProjectDescription, node)
    ctx.add(node, RDF.type, BG.ProjectDescription)
    project = write_project(ctx, detail.project or detail.name)
    ctx.add(node, BG.describes, project)
    ctx.add(node, BG.printedProjectName, _zh(detail.name))
    if detail.project and detail.project != detail.name:
        ctx.add(project, SKOS.altLabel, _zh(detail.name))
    texts = (
        (BG.policyBasis, detail.policy_basis),
        (BG.implementingUnit, detail.implementing_unit),
        (BG.allocationText, detail.allocation),
        (BG.executionPeriod, detail.period),
        (BG.fundingSourceText, detail.funding_source),
        (BG.beneficiaries, detail.beneficiaries),
        (BG.subsidyStandard, detail.subsidy_standard),
    )
    ctx.add_values(node, texts)
    for number in detail.document_numbers:
        ctx.add(node, BG.documentNumber, _zh(number))
    if detail.scale is not None:
        ctx.add(node, BG.scale, decimal_literal(detail.scale))
    for amount in detail.allocation_amounts:
        ctx.add(node, BG.allocationAmount, decimal_literal(amount))
    if detail.subsidy_count is not None:
        ctx.add(node, BG.subsidyCount, _int(detail.subsidy_count))
    for position, field in enumerate(detail.fields, start=1):
        field_node = ctx.minter.part(ctx.sha256, "project", index, "field", position)
        ctx.add(node, BG.hasField, field_node)
        ctx.add(field_node, RDF.type, BG.ProjectField)
        ctx.add(field_node, BG.fieldLabel, _zh(field.label))
        ctx.add(field_node, BG.fieldValue, _zh(field.value))
        ctx.add(field_node, BG.ordinal, _int(position))
    ctx.provenance(node, detail.location, None)


def _profile(ctx: GraphContext, narrative: Narrative) -> None:
    profile = narrative.profile
    if profile is None:
        return
    unit_name = ctx.extraction.info.unit_name
    node = ctx.minter.part(ctx.sha256, "profile")
    ctx.add(ctx.document, BG.hasProfile, node)
    ctx.add(node, RDF.type, BG.UnitProfile)
    ctx.add(node, BG.unit, ctx.unit)
    for number, function in enumerate(profile.functions, start=1):
        item = ctx.minter.part(ctx.sha256, "profile", "function", number)
        ctx.add(node, BG.mainFunction, item)
        ctx.add(item, RDF.type, BG.UnitFunction)
        ctx.add(item, RDFS.label, _zh(function))
        ctx.add(item, BG.ordinal, _int(number))
    if profile.department_count is not None:
        ctx.add(node, BG.departmentCount, _int(profile.department_count))
    for department in profile.departments:
        iri = ctx.minter.sub_unit(unit_name, department)
        ctx.add(node, BG.internalDepartment, iri)
        ctx.add(iri, RDF.type, ORG.OrganizationalUnit)
        ctx.add(iri, RDFS.label, _zh(department))
        ctx.add(iri, ORG.unitOf, ctx.unit)
    for sub_unit in profile.sub_units:
        if sub_unit == unit_name:
            continue
        iri = ctx.minter.sub_unit(unit_name, sub_unit)
        ctx.add(node, BG.hasSubUnit, iri)
        ctx.add(iri, RDF.type, ORG.Organization)
        ctx.add(iri, RDF.type, BG.BudgetUnit)
        ctx.add(iri, RDFS.label, _zh(sub_unit))
        ctx.add(iri, ORG.subOrganizationOf, ctx.unit)
        ctx.add(ctx.unit, ORG.hasSubOrganization, iri)
    ctx.provenance(node, profile.location, None)


def _glossary(ctx: GraphContext, narrative: Narrative) -> None:
    if not narrative.glossary:
        return
    scheme = ctx.minter.part(ctx.sha256, "glossary")
    ctx.add(scheme, RDF.type, SKOS.ConceptScheme)
    ctx.add(scheme, RDFS.label, _zh("名词解释"))
    ctx.add(ctx.document, BG.glossary, scheme)
    for number, entry in enumerate(narrative.glossary, start=1):
        concept = ctx.minter.part(ctx.sha256, "glossary", number)
        ctx.add(concept, RDF.type, SKOS.Concept)
        ctx.add(concept, SKOS.inScheme, scheme)
        ctx.add(concept, SKOS.prefLabel, _zh(entry.term))
        ctx.add(concept, SKOS.definition, _zh(entry.definition))
        ctx.provenance(concept, entry.location, None)


def _level(ctx: GraphContext, path: tuple[str, ...]) -> URIRef:
    """The SKOS concept of an indicator level, named by its path (一级 / 二级 / 三级)."""
    iri = code_concept(Scheme.INDICATOR, f"level{len(path)}", "/".join(slug(p or "-") for p in path))
    ctx.add(iri, RDF.type, SKOS.Concept)
    ctx.add(iri, SKOS.prefLabel, _zh(path[-1]))
    ctx.add(iri, SKOS.inScheme, code_scheme(Scheme.INDICATOR, "levels"))
    ctx.add(iri, BG.indicatorLevel, _int(len(path)))
    if len(path) > 1:
        ctx.add(iri, SKOS.broader, _level(ctx, path[:-1]))
    return iri


def _performance(ctx: GraphContext, index: int, table: PerformanceTable) -> None:
    node = ctx.minter.part(ctx.sha256, "performance", index)
    ctx.add(ctx.document, BG.hasPerformanceTable, node)
    ctx.add(node, RDF.type, BG.PerformanceSheet)
    ctx.add(node, RDF.type, BG[table.kind.value])
    ctx.add(node, DCTERMS.title, _zh(table.title))
    ctx.add(node, BG.unit, ctx.unit)
    ctx.add(node, BG.fiscalYear, ctx.year)
    project: URIRef | None = None
    if table.project_name:
        project = write_project(ctx, table.project or table.project_name)
        ctx.add(node, BG.project, project)
        ctx.add(node, BG.printedProjectName, _zh(table.project_name))
        if table.project and table.project != table.project_name:
            ctx.add(project, SKOS.altLabel, _zh(table.project_name))
    texts = (
        (BG.implementingUnitName, table.unit_name),
        (BG.responsiblePerson, table.responsible),
        (BG.contactPhone, table.phone),
        (BG.goal, table.goal),
        (BG.achievedGoal, table.achieved),
    )
    ctx.add_values(node, texts)
    amounts = (
        (BG.totalFunds, table.total),
        (BG.fiscalFunds, table.fiscal),
        (BG.otherFunds, table.other),
        (BG.executionRate, table.execution_rate),
        (BG.score, table.score),
    )
    ctx.add_values(node, amounts)
    for number, fund in enumerate(table.funds, start=1):
        fund_node = ctx.minter.part(ctx.sha256, "performance", index, "fund", number)
        ctx.add(node, BG.hasFundLine, fund_node)
        ctx.add(fund_node, RDF.type, BG.FundLine)
        ctx.add(fund_node, RDFS.label, _zh(fund.label))
        ctx.add(fund_node, BG.quantityValue, decimal_literal(fund.amount))
        if fund.column:
            ctx.add(fund_node, BG.columnLabel, _zh(fund.column))
    ctx.provenance(node, table.location, None)
    for number, indicator in enumerate(table.indicators, start=1):
        iri = ctx.minter.part(ctx.sha256, "performance", index, "indicator", number)
        ctx.add(node, BG.hasIndicator, iri)
        ctx.add(iri, RDF.type, BG.PerformanceIndicator)
        ctx.add(iri, BG.unit, ctx.unit)
        ctx.add(iri, BG.fiscalYear, ctx.year)
        ctx.add(iri, BG.ordinal, _int(number))
        if project is not None:
            ctx.add(iri, BG.project, project)
        path = (indicator.level1, indicator.level2, indicator.level3)
        for depth, (name_property, concept_property) in enumerate(
            (
                (BG.level1Indicator, BG.level1Concept),
                (BG.level2Indicator, BG.level2Concept),
                (BG.level3Indicator, BG.level3Concept),
            ),
            start=1,
        ):
            if path[depth - 1]:
                ctx.add(iri, name_property, _zh(path[depth - 1]))
            ctx.add(iri, concept_property, _level(ctx, path[:depth]))
        target = indicator.target
        ctx.add(iri, BG.targetValue, _zh(target.text))
        ctx.add(iri, BG.targetOperator, OPERATORS[target.operator])
        if target.number is not None:
            ctx.add(iri, BG.targetNumber, decimal_literal(target.number))
        if target.unit:
            ctx.add(iri, BG.targetUnit, _zh(target.unit))
        ctx.add_values(iri, ((BG.weight, indicator.weight), (BG.score, indicator.score)))
        if indicator.actual and target.number is not None:
            actual = parse_target(indicator.actual)
            if actual.number is not None and actual.unit == target.unit:
                ctx.add(iri, BG.actualNumber, decimal_literal(actual.number))
        notes = (
            (BG.basis, indicator.basis),
            (BG.scoringRule, indicator.scoring_rule),
            (BG.evidence, indicator.evidence),
            (BG.lastYearValue, indicator.last_year),
            (BG.actualValue, indicator.actual),
            (BG.deviationReason, indicator.deviation_reason),
        )
        ctx.add_values(iri, notes)
        ctx.provenance(iri, indicator.location, None)


def write_narrative(ctx: GraphContext) -> None:
    """The narrative and performance parts of a document's graph (nothing when there are none)."""
    narrative = ctx.extraction.narrative
    if narrative is not None:
        _profile(ctx, narrative)
        for index, statement in enumerate(narrative.statements, start=1):
            _statement(ctx, index, statement)
        for index, item in enumerate(narrative.budget_vs_final, start=1):
            _budget_vs_final(ctx, index, item)
        for index, quantity in enumerate(narrative.quantities, start=1):
            _quantity(ctx, index, quantity)
        for index, detail in enumerate(narrative.projects, start=1):
            _project(ctx, index, detail)
        _glossary(ctx, narrative)
    for index, table in enumerate(ctx.extraction.performance, start=1):
        _performance(ctx, index, table)
