"""The unit profile (单位概况): functions, internal departments, sub-units, staffing; and the glossary.

General sentence patterns only: "编制数 N", "实有人数 N 人", "在职 N 人，增加 M 人", "下设 N 个科室，分别是：
A、B", a numbered list after "…包括：", and "术语：定义" paragraphs under a 名词解释 heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budgetgraph.narrative_records import GlossaryEntry, UnitProfile
from budgetgraph.narrative_text import MARKER, Paragraph, strip_marker
from budgetgraph.records import SourceLocation, Staffing

_PROFILE_WORDS = ("人员情况", "机构设置", "单位概况", "部门概况", "基本情况", "人员构成")


def _count(pattern: str, text: str) -> int | None:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else None


def _person(word: str, text: str) -> tuple[int | None, int | None]:
    """ "在职 83 人，增加 8 人" → (83, 8); the change is negative for 减少."""
    match = re.search(
        rf"{word}(?:人员|人数)?(?:为|共)?(\d+)(?:人|名)?(?:[,;]?(?:比上年)?(增加|减少|增长|下降)(\d+)(?:人|名)?)?",
        text,
    )
    if not match:
        return None, None
    change = None
    if match.group(2):
        change = int(match.group(3)) * (-1 if match.group(2) in ("减少", "下降") else 1)
    return int(match.group(1)), change


def extract_staffing(paragraphs: Sequence[Paragraph]) -> Staffing | None:
    """编制数, 实有人数, 在职, 退休, 离休 and their changes, from the first paragraph that states them."""
    for paragraph in paragraphs:
        text = paragraph.text
        if not re.search(r"编制(?:数|人数)|实有(?:人数|人员)", text):
            continue  # a head count in passing ("在职 7 名人员的工资") is not the unit's staffing
        authorized = _count(r"编制(?:数|人数)?(?:为|共)?(\d+)", text)
        actual = _count(r"实有(?:人数|人员)?(?:为|共)?(\d+)", text)
        in_service, in_service_change = _person(r"在职", text)
        retired, retired_change = _person(r"(?<!离)退休", text)
        early, early_change = _person(r"离休", text)
        if authorized is None and actual is None:
            continue
        return Staffing(
            location=paragraph.location,
            authorized=authorized,
            actual=actual,
            in_service=in_service,
            retired=retired,
            retired_before_1949=early,
            in_service_change=in_service_change,
            retired_change=retired_change,
            retired_before_1949_change=early_change,
        )
    return None


_DEPARTMENT_NAME = re.compile(
    r"^[\u4e00-\u9fff()（）]{2,15}?(?:办公室|科室|处室|中心|科|室|处|股|部|队|站|所)"
)


def _split_list(text: str, count: int | None = None) -> tuple[str, ...]:
    """The items of a list printed as "A、B、C"; where the next sentence ran on into the last item
    (the list ended without 。), that item is cut after its first department-like name when the
    list still lacks items of the ``count`` it announced."""
    items: list[str] = []
    for item in re.split(r"[、,;。]", text.rstrip("。;,")):
        if re.search(r"\d", item):  # the list is over: the next sentence ran on
            head = _DEPARTMENT_NAME.match(item.strip())
            if head and count is not None and len(items) < count:
                items.append(head.group(0))
            break
        if item.strip():
            items.append(item.strip())
    return tuple(items)


def extract_profile(paragraphs: Sequence[Paragraph]) -> UnitProfile | None:
    """Functions (the items under 主要职能), departments (下设 … 分别是：…) and sub-units (the numbered
    list after "…预算单位包括：")."""
    functions: list[str] = []
    departments: tuple[str, ...] = ()
    count: int | None = None
    sub_units: list[str] = []
    location: SourceLocation | None = None
    listing = False
    for paragraph in paragraphs:
        if paragraph.heading:
            listing = False
            continue
        text = paragraph.text
        if paragraph.within("主要职能", "职能职责", "主要职责") and not paragraph.within(*_PROFILE_WORDS[:2]):
            if not re.search(r"万元", text):
                functions.append(strip_marker(text))
                location = location or paragraph.location
            continue
        if not paragraph.within(*_PROFILE_WORDS):
            continue
        match = re.search(
            r"(?:下设|内设)(\d+)个(?:[\u4e00-\u9fff]{0,4}(?:处室|科室|办公室|机构|部门|科|处|股|中心))?,?(?:分别是|分别为|包括|即)?:?(.*)",
            text,
        )
        if match:
            count = int(match.group(1))
            departments = _split_list(match.group(2), count)
            location = location or paragraph.location
        inline = re.search(r"(?:所属|下属)\d+家(?:预算)?单位,?(?:分别是|分别为|包括|即):(.+?)(?:。|$)", text)
        if inline:
            for name in _split_list(inline.group(1)):
                if not re.search(r"\((?:本级|机关)\)$", name) and name not in sub_units:
                    sub_units.append(name)
        if listing and MARKER.match(text) and len(text) <= 40:
            sub_units.append(re.sub(r"\((?:本级|机关)\)$", "", strip_marker(text)))
            continue
        listing = bool(re.search(r"(?:下属|所属)?(?:预算)?单位(?:包括|有)[::]?$", text))
    if not functions and not departments and not sub_units:
        return None
    return UnitProfile(
        functions=tuple(functions),
        departments=departments,
        department_count=count,
        sub_units=tuple(sub_units),
        location=location or SourceLocation(),
    )


_TERM = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.])?\s*([^:,。]{2,24}?)\s*:(.+)$")


def extract_glossary(paragraphs: Sequence[Paragraph]) -> tuple[GlossaryEntry, ...]:
    """名词解释: one entry per "术语：定义" paragraph under a heading that names the glossary."""
    entries: list[GlossaryEntry] = []
    for paragraph in paragraphs:
        if paragraph.heading or not paragraph.within("名词解释", "专业名词", "名词说明"):
            continue
        match = _TERM.match(paragraph.text)
        if match and match.group(1) not in ("名词解释",):
            entries.append(GlossaryEntry(match.group(1), match.group(2).strip(), paragraph.location))
        elif entries and not match and not entries[-1].definition.endswith("。"):
            last = entries[-1]  # a definition wrapped onto a paragraph of its own
            entries[-1] = GlossaryEntry(last.term, last.definition + paragraph.text, last.location)
    return tuple(entries)
