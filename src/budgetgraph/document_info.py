"""What a document is: whose (and the other names the unit goes by), which year, budget or final
accounts, department or unit level, which amount unit; and the staffing figures of its profile."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from budgetgraph.errors import UnknownTemplateError
from budgetgraph.normalize import compact
from budgetgraph.records import AmountUnit, DocumentInfo, Layout, Level, Phase, RawTable, Staffing, TextLine
from budgetgraph.tables.catalog import ORG_SUFFIX

_TITLE = re.compile(r"(20\d\d)年度?(部门|单位)?(预算|决算)")
_TITLE_NO_YEAR = re.compile(r"(部门|单位)?(预算|决算)(?:公开|说明|报告|$)")
# 编制单位：… / 编制部门：…, and Jiangsu's "部门：… 单位：万元" line
# and Shanghai's "预算主管部门：…"
# 编制单位：…, or 部门：… at the start of a line or glued to the table title before it (a converter
# put both into one cell: 收支预算总表部门：…)
_PREPARER = re.compile(
    r"(?:编制(?:单位|部门)|(?:^|(?<=表))部门|^(?:预算)?主管部门)[：:](.+?)(?:(?:金额)?单位[：:].*)?$"
)
_ABOUT = re.compile(r"关于(.{2,40}?)20\d\d年")
_SUBUNIT_ITEM = re.compile(r"^\d+[、.．](.{2,40})$")
_YEAR_ANY = re.compile(r"(20\d\d)年")
_YEAR_WORD = re.compile(r"年度?")
_FINAL_WORDS = r"决算(?:公开|表|总表|情况|报告)"
_BUDGET_WORDS = r"预算(?:公开|表|总表|情况说明|报告)"
_BARE_YEAR = re.compile(r"20\d\d年?")
_UNIT_LINE = re.compile(r"单位[：:](万元|元)")
_NOISE = re.compile(r"^(?:第[一二三四五六七八九十]+部分|目录|目 录)")


def _texts(layout: Layout) -> list[TextLine]:
    return [b for b in layout.blocks if isinstance(b, TextLine)]


def _clean_name(name: str) -> str:
    name = re.sub(r"[(（]本级[)）]$", "", compact(name)).strip("：:，,。 ")
    return re.sub(r"^20\d\d年度?|20\d\d年度?$", "", name)


def _title(lines: Sequence[TextLine]) -> tuple[str | None, re.Match[str] | None, str | None]:
    """(unit name, the year/phase/level match, the title text) from the document's first lines."""
    head = lines[:15]
    for i, line in enumerate(head):
        text = compact(line.text)
        if _NOISE.match(text) or len(text) > 60:
            continue
        match = _TITLE.search(text) or _TITLE_NO_YEAR.search(text)
        if not match:
            continue
        name = text[: match.start()]
        if match.re is _TITLE_NO_YEAR and _YEAR_WORD.fullmatch(name):
            # "年度部门决算" with its year on a line of its own (set in another font, a converter
            # gave it its own line): the title is the unit's line, the year, this line.
            near = head[max(0, i - 2) : i + 3]
            year = next((compact(t.text) for t in near if _BARE_YEAR.fullmatch(compact(t.text))), None)
            if year is not None:
                text = year.rstrip("年") + text
                match = _TITLE.search(text) or match
                name = ""
        above = i - 1  # the line above, past a year printed on a line of its own
        while above > 0 and _BARE_YEAR.fullmatch(compact(head[above].text)):
            above -= 1
        if not name and above >= 0 and not _NOISE.match(compact(head[above].text)):
            name = compact(head[above].text)
        title = (compact(head[above].text) if above >= 0 and not text[: match.start()] else "") + text
        return (_clean_name(name) or None), match, title
    return None, None, None


def _count(texts: Sequence[str], pattern: str) -> int:
    rx = re.compile(pattern)
    return sum(len(rx.findall(compact(t))) for t in texts)


def read_document_info(layout: Layout) -> DocumentInfo:
    """DocumentInfo of a laid-out document; UnknownTemplateError when it is not a disclosure."""
    lines = _texts(layout)
    name, match, title = _title(lines)
    if name and _YEAR_ANY.search(name):  # "上海市普陀区2025年区级部门预算": a jurisdiction, not the unit
        name = None
    cells = [c for b in layout.blocks if isinstance(b, RawTable) for r in b.rows[:3] for c in r.cells]
    preparers = [
        _clean_name(m.group(1))
        for text in [*(t.text for t in lines), *cells]
        if (m := _PREPARER.search(compact(text)))
    ]
    abouts = [_clean_name(m.group(1)) for t in lines if (m := _ABOUT.search(compact(t.text)))]
    if not name:
        name = next(iter([*preparers, *abouts]), None)
    if not name:
        raise UnknownTemplateError(layout.source.path, "no unit name (no title, 编制单位 or 关于…说明 line)")
    year: int | None = None
    if match is not None and match.re is _TITLE:
        year = int(match.group(1))
    if year is None and title:
        m = _YEAR_ANY.search(title)
        year = int(m.group(1)) if m else None
    if year is None:
        for t in lines:
            m = _TITLE.search(compact(t.text))
            if m:
                year = int(m.group(1))
                break
    if year is None:
        years = Counter(int(y) for t in lines for y in _YEAR_ANY.findall(compact(t.text)))
        if not years:  # a converter may have put every title into a table's first cells
            years = Counter(int(y) for c in cells for y in _YEAR_ANY.findall(compact(c)))
        if not years:
            raise UnknownTemplateError(layout.source.path, "no fiscal year")
        year = years.most_common(1)[0][0]
    # the lines' words, else (a converter may have put every title into a table) the tables'
    texts = [t.text for t in lines]
    final = _count(texts, _FINAL_WORDS) or _count(cells, _FINAL_WORDS)
    budget = _count(texts, _BUDGET_WORDS) or _count(cells, _BUDGET_WORDS)
    if match is not None and match.group(match.lastindex or 0) in ("预算", "决算"):
        phase = Phase.FINAL if match.group(match.lastindex or 0) == "决算" else Phase.BUDGET
    else:
        phase = Phase.FINAL if final > budget else Phase.BUDGET
    if final == 0 and budget == 0 and match is None:
        raise UnknownTemplateError(
            layout.source.path, "neither a budget (预算) nor a final-accounts (决算) disclosure"
        )
    level_word = None
    if match is not None and match.lastindex and match.lastindex >= 2:
        level_word = match.group(match.lastindex - 1)
    if level_word in ("部门", "单位"):
        level = Level.DEPARTMENT if level_word == "部门" else Level.UNIT
    else:
        dept = _count(texts, r"部门(?:预算|决算)|^部门[：:]")  # Jiangsu tables: "部门：… 单位：万元"
        unit = _count(texts, r"单位(?:预算|决算)")
        level = Level.DEPARTMENT if dept > unit else Level.UNIT
    units = Counter(m.group(1) for t in lines if (m := _UNIT_LINE.search(compact(t.text))))
    amount_unit = AmountUnit.YUAN if units and units.most_common(1)[0][0] == "元" else AmountUnit.WAN_YUAN
    aliases: list[str] = []
    for alias in [*preparers, *abouts]:
        if alias and ORG_SUFFIX.search(alias) and alias != name and alias not in aliases and len(alias) <= 40:
            aliases.append(alias)
    return DocumentInfo(
        unit_name=name,
        year=year,
        phase=phase,
        level=level,
        amount_unit=amount_unit,
        title=title
        or f"{name}{year}年{'部门' if level is Level.DEPARTMENT else '单位'}"
        f"{'决算' if phase is Phase.FINAL else '预算'}",
        aliases=tuple(aliases),
        sub_units=tuple(_sub_units(lines)),
    )


def _sub_units(lines: Sequence[TextLine]) -> list[str]:
    out: list[str] = []
    listing = False
    for t in lines:
        text = compact(t.text)
        if re.search(r"(?:下属|所属)?预算单位包括[：:]?$", text):
            listing = True
            continue
        if listing:
            m = _SUBUNIT_ITEM.match(text)
            if not m:
                if out:
                    break
                continue
            name = _clean_name(m.group(1))
            if name and name not in out:
                out.append(name)
    return out


_STAFF = {
    "authorized": re.compile(r"编制数(?:为)?(\d+)"),
    "actual": re.compile(r"实有人数(?:为)?(\d+)"),
    "in_service": re.compile(r"在职(?:人员)?(\d+)人"),
    "retired": re.compile(r"(?<!离)退休(?:人员)?(\d+)人"),
    "retired_before_1949": re.compile(r"离休(?:人员)?(\d+)人"),
}
_CHANGE = r"{}(?:人员)?\d+人[，,]?(增加|减少)(\d+)人"


def read_staffing(layout: Layout) -> Staffing | None:
    """The staffing figures of the unit profile (编制数, 实有人数, 在职/退休/离休 and their changes)."""
    lines = _texts(layout)
    for i, t in enumerate(lines):
        text = compact(t.text)
        if "实有人数" not in text and "编制数" not in text:
            continue
        if not text.endswith("。") and i + 1 < len(lines):
            text += compact(lines[i + 1].text)
        values: dict[str, int | None] = {}
        for key, rx in _STAFF.items():
            m = rx.search(text)
            values[key] = int(m.group(1)) if m else None
        changes: dict[str, int | None] = {}
        words = (("in_service", "在职"), ("retired", "(?<!离)退休"), ("retired_before_1949", "离休"))
        for key, word in words:
            m = re.search(_CHANGE.format(word), text)
            changes[key] = (int(m.group(2)) * (1 if m.group(1) == "增加" else -1)) if m else None
        if values["actual"] is None and values["authorized"] is None:
            continue
        return Staffing(
            location=t.location,
            authorized=values["authorized"],
            actual=values["actual"],
            in_service=values["in_service"],
            retired=values["retired"],
            retired_before_1949=values["retired_before_1949"],
            in_service_change=changes["in_service"],
            retired_change=changes["retired"],
            retired_before_1949_change=changes["retired_before_1949"],
        )
    return None
