"""Project sections of the narrative: "项目名称：…" followed by "字段：值" paragraphs.

The fields are read by what their label says (依据, 规模, 承担/实施单位, 分配, 执行时间/期限, 资金来源,
受益, 补贴人数/对象数, 补贴标准), so that templates naming them differently still land; every field is
also kept as printed. Document numbers (新财社〔2022〕236 号, 阿财预【2024】0001) are picked out of the
policy basis, and the amounts (万元) out of the allocation text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from budgetgraph.narrative_records import ProjectDetail, ProjectField
from budgetgraph.narrative_text import Paragraph, strip_marker

_NAME = re.compile(r"^项目名称[::]\s*(?P<name>.+?)[。.]?$")
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔【\[(]\s*\d{4}\s*[〕】\])]\s*(?:第\s*)?\d+\s*号?")
_VERB = re.compile(r"^(?:根据|依据|按照|参照|关于|及|和|与|转发)+")
_AMOUNT = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*万元")


def _field_kind(label: str) -> str | None:
    rules = (
        ("依据", "policy_basis"),
        ("规模", "scale"),
        ("承担单位", "implementing_unit"),
        ("实施单位", "implementing_unit"),
        ("分配", "allocation"),
        ("执行时间", "period"),
        ("执行期", "period"),
        ("实施期", "period"),
        ("资金来源", "funding_source"),
        ("受益", "beneficiaries"),
        ("补贴人数", "subsidy_count"),
        ("补助人数", "subsidy_count"),
        ("补贴对象数", "subsidy_count"),
        ("补贴标准", "subsidy_standard"),
        ("补助标准", "subsidy_standard"),
    )
    return next((kind for word, kind in rules if word in label), None)


def _numbers(project: ProjectDetail, value: str) -> tuple[str, ...]:
    """The project's document numbers with those printed in ``value`` added (each once)."""
    found = [_VERB.sub("", re.sub(r"\s+", "", m.group(0))) for m in DOCUMENT_NUMBER.finditer(value)]
    return tuple(dict.fromkeys((*project.document_numbers, *found)))


def _apply(project: ProjectDetail, label: str, value: str) -> ProjectDetail:
    project = replace(project, fields=(*project.fields, ProjectField(label, value)))
    kind = _field_kind(label)
    if kind == "policy_basis":
        return replace(project, policy_basis=value, document_numbers=_numbers(project, value))
    if kind == "scale":
        scale = _AMOUNT.search(value)
        return replace(project, scale=Decimal(scale.group(1).replace(",", "")) if scale else None)
    if kind == "allocation":
        amounts = tuple(Decimal(a.replace(",", "")) for a in _AMOUNT.findall(value))
        numbers = _numbers(project, value)
        return replace(project, allocation=value, allocation_amounts=amounts, document_numbers=numbers)
    if kind == "subsidy_count":
        count = re.search(r"\d[\d,]*", value)
        return replace(project, subsidy_count=int(count.group(0).replace(",", "")) if count else None)
    text = value.rstrip("。")
    if kind == "implementing_unit":
        return replace(project, implementing_unit=text)
    if kind == "period":
        return replace(project, period=text)
    if kind == "funding_source":
        return replace(project, funding_source=text)
    if kind == "beneficiaries":
        return replace(project, beneficiaries=text)
    if kind == "subsidy_standard":
        return replace(project, subsidy_standard=text)
    return project


# Field labels of the project description template (设立的政策依据：… 预算安排规模：…). A PDF may run
# them together or break a label over two lines, so a section's text is joined and split at them.
_LABELS = re.compile(
    r"(设立的政策依据|政策依据|设立依据|预算安排规模|项目规模|项目承担单位|项目实施单位|承担单位|资金分配情况|"
    r"资金执行时间|执行时间|实施期限|资金来源|补贴人数|补助人数|补贴对象数|补贴标准|补助标准|补贴范围|补贴方式|"
    r"发放程序|受益人群和社会效益|受益人群|受益对象)[::]"
)


def _section_fields(project: ProjectDetail, text: str) -> ProjectDetail:
    matches = list(_LABELS.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        project = _apply(project, match.group(1), text[match.end() : end].strip())
    return project


def extract_projects(paragraphs: Sequence[Paragraph]) -> tuple[ProjectDetail, ...]:
    """Every "项目名称：" section with its fields, in reading order."""
    projects: list[ProjectDetail] = []
    current: ProjectDetail | None = None
    body: list[str] = []

    def close() -> None:
        if current is not None:
            projects.append(_section_fields(current, "".join(body)))

    for paragraph in paragraphs:
        text = strip_marker(paragraph.text)
        name = _NAME.match(text)
        if name:
            close()
            head = name.group("name").strip()
            label = _LABELS.search(head)  # the next field ran into the name's line
            title = head[: label.start()] if label else head
            current = ProjectDetail(name=title.strip(), location=paragraph.location)
            current = replace(current, document_numbers=_numbers(current, title))
            body = [head[label.start() :]] if label else []
            continue
        if current is None:
            continue
        if paragraph.heading:
            close()
            current, body = None, []
            continue
        body.append(paragraph.text)
    close()
    return tuple(projects)
