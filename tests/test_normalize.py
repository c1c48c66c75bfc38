"""Character normalisation and amount parsing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetgraph.normalize import compact, normalize_text, parse_amount


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("⼀般公共预算", "一般公共预算"),  # Kangxi radical one (U+2F00)
        ("⻓期护理", "长期护理"),  # CJK Radicals Supplement (U+2EA7), not folded by NFKC
        ("⻔诊", "门诊"),
        ("⻢", "马"),
        ("（１２３）", "(123)"),  # full-width forms
        ("财政拨款\u3000结转", "财政拨款 结转"),  # ideographic space
        ("社会保障和就业⽀出", "社会保障和就业支出"),  # Kangxi 支 (U+2F40)
    ],
)
def test_normalize_text(printed: str, expected: str) -> None:
    assert normalize_text(printed) == expected


def test_compact_drops_spaces() -> None:
    assert compact("收 入 总 计") == "收入总计"
    assert compact("一般公共预 算") == "一般公共预算"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("1,172.83", "1172.83"),
        ("１，２３４.５", "1234.5"),
        (" 30.51 ", "30.51"),
        ("0", "0"),
        ("0.00", "0.00"),
        ("-5.47", "-5.47"),
        ("(3.50)", "-3.50"),
        ("12.65万元", "12.65"),
        ("1 412.87", "1412.87"),
    ],
)
def test_parse_amount(printed: str, expected: str) -> None:
    assert parse_amount(printed) == Decimal(expected)


@pytest.mark.parametrize("printed", ["", "-", "—", "--", "  ", "合计", "1,1", "2023年", "30.51%", "※"])
def test_parse_amount_blank_or_not_an_amount(printed: str) -> None:
    assert parse_amount(printed) is None
