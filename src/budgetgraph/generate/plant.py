"""Planting a known inconsistency: one printed number changed at a known place.

The rule kinds the change breaks are read off the document's own constraints, so the manifest says
exactly which checks a validator should fail (and so measures its recall).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from budgetgraph.generate.tables import Constraint, Document, Ref, Table, violations
from budgetgraph.records import AmountUnit


@dataclass(frozen=True)
class Planted:
    """Where the changed number is and what it was."""

    ref: Ref
    table: Table  # the table as planted
    original: int  # fen
    planted: int  # fen
    rule: str  # the rule kind the planter aimed at
    rules: tuple[str, ...]  # every rule kind the change breaks, sorted


def _involves(constraint: Constraint, ref: Ref) -> bool:
    return constraint.target == ref or ref in constraint.sources


def with_amount(document: Document, ref: Ref, amount: int) -> Document:
    """The document with one cell's amount replaced."""
    table = document.table(ref.table)
    row = table.rows[ref.row]
    cells = list(row.cells)
    cells[ref.column] = replace(cells[ref.column], amount=amount, blank_zero=False)
    rows = list(table.rows)
    rows[ref.row] = replace(row, cells=tuple(cells))
    new_table = replace(table, rows=tuple(rows))
    blocks = tuple(new_table if b is table else b for b in document.blocks)
    return replace(document, blocks=blocks, tables_by_key={})


def plant(document: Document, rng: random.Random) -> tuple[Document, Planted] | None:
    """Change one number so that at least one rule breaks; None when the document states no rule."""
    kinds = sorted({c.rule for c in document.constraints})
    if not kinds:
        return None
    rule = rng.choice(kinds)
    candidates = [c for c in document.constraints if c.rule == rule]
    constraint = rng.choice(candidates)
    cells = [constraint.target, *constraint.sources]
    nonzero = [r for r in cells if document.amount(r)]
    ref = rng.choice(nonzero or cells)
    original = document.amount(ref)
    grain = 100 if document.table(ref.table).unit is AmountUnit.YUAN else 10_000
    step = rng.choice((1, 2, 5, 9, 10, 90, 100, 1000)) * grain
    planted = original + step if original < step or rng.random() < 0.5 else original - step
    changed = with_amount(document, ref, planted)
    broken = sorted({v.constraint.rule for v in violations(changed) if _involves(v.constraint, ref)})
    return changed, Planted(ref, changed.table(ref.table), original, planted, rule, tuple(broken))
