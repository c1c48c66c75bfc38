"""How a generated document prints: code columns, number format, headings. Chosen per document."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from budgetgraph.generate.model import FEN_PER_WAN, FEN_PER_YUAN, Template
from budgetgraph.records import AmountUnit

CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 26 → 二十六."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


@dataclass(frozen=True)
class Style:
    code_layout: str  # "split": 类/款/项 columns; "joined": one column of digits; "spaced": "201 06 01"
    thousands: bool  # 1,172.83
    zero: str  # how a zero amount prints: "", "0", "0.00"
    trim: bool  # 51 and 0.5 instead of 51.00 and 0.50 (some converters)
    number_format: str  # "cn": 表一：; "arabic": 表 1; "none"
    headings: bool  # Markdown headings on titles
    bold_totals: bool  # <b>…</b> around total rows (one converter does this)
    spaced_total: bool  # 合 计 / 收 入 总 计 instead of 合计 / 收入总计
    group_row: bool  # a top header row naming the table's column group
    raw_rows: bool = False  # text only: rows as wrapped PDF text (cells space-joined, blanks dropped)
    sparse_codes: bool = False  # split codes: a 款 row leaves its 类 cell blank (the row above has it)
    numbered_columns: bool = False  # a header row "** ** … 1 2 3" numbering the amount columns
    split_after: int = 0  # text only: a long table breaks after this many rows, its header repeated
    total_first: bool = False  # the 合计 row comes first, under the header
    unit_rows: bool = False  # rows naming the department and the unit, with the totals, before the codes

    def amount(self, fen: int, unit: AmountUnit, blank_zero: bool = False) -> str:
        if fen == 0:
            return "" if blank_zero else self.zero
        per = FEN_PER_YUAN if unit is AmountUnit.YUAN else FEN_PER_WAN
        value = (Decimal(fen) / per).quantize(Decimal("0.01"))
        text = f"{value:,.2f}" if self.thousands else f"{value:.2f}"
        if self.trim:
            text = text.rstrip("0").rstrip(".") if "." in text else text
        return text

    def total_label(self, label: str) -> str:
        return " ".join(label) if self.spaced_total and len(label) <= 4 else label

    def table_number(self, n: int) -> str:
        if self.number_format == "cn":
            return f"表{chinese_number(n)}："
        if self.number_format == "arabic":
            return f"表 {n}"
        return ""


def pick_style(rng: random.Random, template: Template) -> Style:
    if template is Template.SHANGHAI:
        return Style(
            code_layout="spaced",
            thousands=True,
            zero="",
            trim=False,
            number_format="none",
            headings=False,
            bold_totals=False,
            spaced_total=False,
            group_row=True,
        )
    return Style(
        code_layout=rng.choice(("split", "split", "joined")),
        thousands=rng.random() < 0.4,
        zero=rng.choice(("", "", "0", "0.00")),
        trim=rng.random() < 0.2,
        number_format=rng.choice(("cn", "cn", "arabic")),
        headings=rng.random() < 0.7,
        bold_totals=rng.random() < 0.2,
        spaced_total=rng.random() < 0.5,
        group_row=rng.random() < 0.5,
        raw_rows=rng.random() < 0.25,
        sparse_codes=rng.random() < 0.2,
        numbered_columns=rng.random() < 0.2,
        split_after=rng.choice((0, 0, 0, 12, 18)),
        total_first=rng.random() < 0.25,
        unit_rows=rng.random() < 0.2,
    )
