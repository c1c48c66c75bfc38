"""atheris harness: ``normalize.parse_amount`` and ``normalize_text`` on arbitrary strings.

Run: .venv/bin/python fuzz/fuzz_amount.py -max_total_time=300  (see fuzz/README.md)
"""

from __future__ import annotations

import sys
from decimal import Decimal

import atheris

with atheris.instrument_imports():
    from budgetgraph.normalize import compact, normalize_text, parse_amount


def test_one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    value = parse_amount(text)
    if value is not None and not (isinstance(value, Decimal) and value.is_finite()):
        raise AssertionError(f"parse_amount({text!r}) = {value!r}")
    once = normalize_text(text)
    if normalize_text(once) != once:
        raise AssertionError(f"normalize_text is not idempotent on {text!r}")
    if any(c.isspace() for c in compact(text)):
        raise AssertionError(f"compact({text!r}) keeps whitespace")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
