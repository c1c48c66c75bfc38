"""Counted and valued facts of the detail sections: 三公 details, 机关运行经费, 政府采购, 国有资产,
结转结余 and the 预算绩效 overview.

Every "<label> <number> <unit>" of a paragraph under a heading of one of those topics is a
``Quantity``; "价值 X 万元" after a count takes the counted thing's name; a count printed before its
noun ("共 8 个项目") takes the noun; a number followed by 以上/以下 is a threshold, part of the next
label, not a fact. Categories come from words in the label
(货物 / 工程 / 服务 / 中小企业 / 小微企业, 房屋 / 车辆 / 家具 / 设备, 团组 / 批次 / 保有量 …).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from budgetgraph.narrative_records import Quantity, Topic
from budgetgraph.narrative_text import Paragraph, strip_marker

_TOPIC_WORDS: tuple[tuple[str, Topic], ...] = (
    ("运行经费", Topic.OPERATING_COSTS),
    ("政府采购", Topic.PROCUREMENT),
    ("国有资产", Topic.ASSETS),
    ("资产占用", Topic.ASSETS),
    ("结转结余", Topic.CARRYOVER),
    ("绩效", Topic.PERFORMANCE),
    ("三公", Topic.THREE_PUBLIC),
)
_QUANTITY = re.compile(
    r"(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|平方米|台\(套\)|台|套|辆|人次|批次|个|人|次|项)"
    r"(?P<bound>\(含\))?(?P<over>以上|以下|及以上)?"
)
_COUNTED_AFTER = re.compile(r"(?:预算)?(?:整体(?:支出)?)?(?:项目|绩效目标|绩效自评表)")
"""What a count printed before its noun counts ("共 8 个项目", "设置 3 个整体绩效目标")."""
_CHANGE_WORDS = re.compile(r"[比较与]上年|(?:增加|减少|增长|下降)$")
_BOUNDARY = re.compile(r"[,;:。、]")
_LEADING = re.compile(r"^(?:其中|包括|合计|共计|共|另|及|和|与|为)+")
_YEAR = re.compile(r"^(?:截至)?\d{4}年(?:度|底|末)?(?:\d{1,2}月(?:\d{1,2}日)?)?")

_CATEGORIES: dict[Topic, tuple[tuple[str, str], ...]] = {
    Topic.PROCUREMENT: (
        ("小微", "micro"),
        ("中小企业", "sme"),
        ("货物", "goods"),
        ("工程", "works"),
        ("服务", "services"),
        ("总额", "total"),
        ("采购", "total"),
    ),
    Topic.ASSETS: (
        ("房屋", "building"),
        ("家具", "furniture"),
        ("设备", "equipment"),
        ("车", "vehicle"),
        ("其他资产", "other"),
        ("固定资产", "fixedAssets"),
    ),
    Topic.THREE_PUBLIC: (
        ("团组", "delegations"),
        ("出国", "overseasPersons"),
        ("批次", "receptionBatches"),
        ("接待", "receptionPersons"),
        ("保有", "vehiclesHeld"),
        ("购置", "vehiclesBought"),
        ("用车", "vehicles"),
    ),
    Topic.PERFORMANCE: (
        ("项目", "projects"),
        ("整体", "overall"),
        ("绩效目标", "targets"),
        ("执行", "executed"),
        ("金额", "amount"),
        ("预算", "amount"),
    ),
}


def topic_of(paragraph: Paragraph) -> Topic | None:
    """The detail topic of a run-in heading ("2.政府采购情况。…") or of the innermost heading above
    the paragraph that names one."""
    lead = re.match(r"^[^。,:;]{2,16}?(?:情况|说明)[。:]", strip_marker(paragraph.text))
    titles = (*paragraph.sections, lead.group(0)) if lead else paragraph.sections
    for title in reversed(titles):
        for word, topic in _TOPIC_WORDS:
            if word in title:
                return topic
    return None


def _category(topic: Topic, label: str, unit: str) -> str | None:
    if topic is Topic.THREE_PUBLIC and unit == "万元":
        return None  # the money of the 三公 items is in the statements; categories here are counts
    for word, category in _CATEGORIES.get(topic, ()):
        if word in label + unit:
            if topic is Topic.THREE_PUBLIC and category == "receptionPersons" and unit != "人次":
                continue
            return category
    return None


def _clean(label: str) -> str:
    label = strip_marker(label.strip())
    label = _YEAR.sub("", label)
    label = _LEADING.sub("", label)
    label = re.sub(r"(?:为|是|共|合计|数为)$", "", label)
    return label.strip()


def _quantities_in(paragraph: Paragraph, topic: Topic) -> list[Quantity]:
    text = paragraph.text
    found: list[Quantity] = []
    start = 0
    previous = ""
    for match in _QUANTITY.finditer(text):
        if match.group("over"):
            continue  # a threshold ("50 万元以上大型设备"): part of the next label
        boundaries = [m.end() for m in _BOUNDARY.finditer(text, start, match.start())]
        begin = boundaries[-1] if boundaries else start
        label = _clean(text[begin : match.start()])
        counted = _COUNTED_AFTER.match(text, match.end()) if match.group("unit") == "个" else None
        if counted:
            label += counted.group(0)
        if not label or label.startswith("价值"):
            label = previous + label if previous else label
        if not label or _CHANGE_WORDS.search(label) or label in ("决算数", "预算数"):
            start = match.end()
            continue  # a year-over-year change or a bare figure: the statements hold those
        unit = match.group("unit")
        found.append(
            Quantity(
                topic=topic,
                label=label,
                value=Decimal(match.group("num").replace(",", "")),
                unit=unit,
                text=text[begin : match.end()],
                location=paragraph.location,
                category=_category(topic, label, unit),
            )
        )
        if unit != "万元" or not label.endswith("价值"):
            previous = label if unit != "万元" else previous
        start = match.end()
    return found


def extract_quantities(paragraphs: Sequence[Paragraph]) -> tuple[Quantity, ...]:
    """Every counted or valued fact of the detail sections, in reading order."""
    found: list[Quantity] = []
    for paragraph in paragraphs:
        if paragraph.heading:
            continue
        topic = topic_of(paragraph)
        if topic is None:
            continue
        found.extend(_quantities_in(paragraph, topic))
    return tuple(found)
