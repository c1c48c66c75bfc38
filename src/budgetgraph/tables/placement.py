"""Placing the values of unaligned rows into columns.

A row whose column positions were lost still has its values in column order, with blank cells simply
absent. Which columns they belong to follows from general rules, applied in this order:

1. the row's own sum relations between columns (a total is the sum of its parts, 小计 the sum of its
   sources; a blank is 0): only placements that satisfy them are kept;
2. the sums between rows: a parent row (类, 款, a sub-unit, the 合计 row) equals, column by column, the
   sum of its children; placements that cannot take part in any consistent solution are dropped, until
   nothing changes;
3. where a row still has several placements, a prior (which funding sources the document says are
   used, how often a template column carries amounts) and then the leftmost placement decide, and the
   choice is propagated before the next row is decided.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import combinations
from operator import itemgetter

Placement = tuple[int, ...]
Relation = tuple[int, tuple[int, ...]]
Group = tuple[int, tuple[int, ...]]

_NODE_BUDGET = 30000  # per group
_SOLVER_BUDGET = 120000  # per table: a pathological table falls back to the prior, in bounded time
_TOLERANCE = 1  # a sum may be off by one unit of the last printed decimal place (rounding)


def _vector(values: Sequence[int], placement: Placement, width: int) -> list[int]:
    out: list[int] = [0] * width
    for value, column in zip(values, placement, strict=True):
        out[column] = value
    return out


def _places(rows: Sequence[Sequence[Decimal]]) -> int:
    places = 0
    for values in rows:
        for v in values:
            exponent = v.as_tuple().exponent
            if isinstance(exponent, int):
                places = max(places, -exponent)
    return places


def _in_units(rows: Sequence[Sequence[Decimal]]) -> list[list[int]]:
    """The rows in units of their last printed decimal place, as integers: sums are then exact and
    several times faster to add and to hash than ``Decimal``. Amounts are finite
    (``normalize.parse_amount`` reads digits only)."""
    places = _places(rows)
    try:
        return [[int(v.scaleb(places)) for v in values] for values in rows]
    except (ValueError, OverflowError) as error:
        raise ValueError(f"amounts to place must be finite: {error}") from None


def rows_fitting(rows: Sequence[Sequence[Decimal]], width: int, relations: Sequence[Relation]) -> int:
    """How many of ``rows`` can be placed into ``width`` columns so that ``relations`` hold."""
    return sum(
        len(values) <= width
        and any(
            _holds(_vector(values, placement, width), relations, _TOLERANCE)
            for placement in combinations(range(width), len(values))
        )
        for values in _in_units(rows)
    )


def _holds(vec: Sequence[int], relations: Sequence[Relation], tol: int) -> bool:
    return all(abs(vec[p] - sum(vec[c] for c in kids)) <= tol for p, kids in relations)


def row_candidates(
    values: Sequence[int], width: int, relations: Sequence[Relation], tol: int
) -> list[Placement]:
    """Order-preserving placements of ``values`` into ``width`` columns that satisfy ``relations``."""
    if not values:
        return [()]
    if len(values) > width:
        return []
    ok: list[Placement] = []
    every = list(combinations(range(width), len(values)))
    for placement in every:
        if _holds(_vector(values, placement, width), relations, tol):
            ok.append(placement)
    return ok or every


class _Solver:
    def __init__(
        self,
        rows: Sequence[Sequence[int]],
        width: int,
        domains: list[list[Placement]],
        groups: Sequence[Group],
        tol: int,
    ) -> None:
        self.rows = rows
        self.width = width
        self.domains = domains
        self.groups = groups
        self.tol = tol
        self.nonnegative = all(v >= 0 for values in rows for v in values)
        self.budget = _SOLVER_BUDGET  # search nodes left for the whole table
        self.settled: dict[int, tuple[int, ...]] = {}  # group → its rows' domain sizes when last searched

    def vec(self, row: int, placement: Placement) -> list[int]:
        return _vector(self.rows[row], placement, self.width)

    def supported(self, group: Group) -> dict[int, set[Placement]] | None:
        """Placements of the group's rows that occur in some consistent solution; None when the group
        has no consistent solution or is too large to enumerate."""
        parent, kids = group
        support: dict[int, set[Placement]] = {r: set() for r in (parent, *kids)}
        tol = self.tol
        # Each kid's placements as sparse (column, value) pairs; which columns the kids from i on reach.
        sparse = [
            [
                (p, tuple((c, v) for c, v in zip(p, self.rows[k], strict=True) if v != 0))
                for p in self.domains[k]
            ]
            for k in kids
        ]
        reach: list[frozenset[int]] = [frozenset()] * (len(kids) + 1)
        for i in range(len(kids) - 1, -1, -1):
            reach[i] = reach[i + 1] | {c for _, cells in sparse[i] for c, _ in cells}
        beyond = [tuple(c for c in range(self.width) if c not in columns) for columns in reach]
        # the sums left in those columns, read in one C call (a tuple; one column: wrapped in one)
        left = [itemgetter(*columns) if len(columns) > 1 else None for columns in beyond]
        nonnegative = self.nonnegative
        nodes = 0
        failed: set[tuple[int, tuple[int, ...]]] = set()
        chosen: list[Placement] = []

        def search(i: int, remaining: tuple[int, ...]) -> bool:
            nonlocal nodes
            nodes += 1
            if nodes > _NODE_BUDGET or nodes > self.budget:
                raise OverflowError
            if (i, remaining) in failed:
                return False
            columns, getter = beyond[i], left[i]
            if columns and (  # a sum left where no kid reaches
                max(map(abs, getter(remaining))) > tol if getter else abs(remaining[columns[0]]) > tol
            ):
                failed.add((i, remaining))
                return False
            if i == len(kids):
                for k, p in zip(kids, chosen, strict=True):
                    support[k].add(p)
                return True
            any_ok = False
            nodes += len(sparse[i])  # the work is in trying each placement
            for placement, cells in sparse[i]:
                rest = list(remaining)
                overdrawn = False
                for c, v in cells:
                    rest[c] -= v
                    overdrawn = overdrawn or rest[c] < -tol
                if nonnegative and overdrawn:
                    continue
                chosen.append(placement)
                if search(i + 1, tuple(rest)):
                    any_ok = True
                chosen.pop()
            if not any_ok:
                failed.add((i, remaining))
            return any_ok

        found = False
        try:
            for pp in self.domains[parent]:
                if search(0, tuple(self.vec(parent, pp))):
                    support[parent].add(pp)
                    found = True
        except OverflowError:
            return None
        finally:
            self.budget -= nodes
        return support if found else None

    def propagate(self) -> None:
        """Drop the placements that no consistent solution of some group uses, until nothing changes.

        A group is searched again only when one of its rows lost placements since its last search
        (domains only shrink, so their sizes tell): its support depends on its rows' domains alone,
        and after dropping what it did not support the same search finds the same support."""
        changed = True
        while changed and self.budget > 0:
            changed = False
            for number, group in enumerate(self.groups):
                rows = (group[0], *group[1])
                sizes = tuple(len(self.domains[r]) for r in rows)
                if all(size == 1 for size in sizes) or self.settled.get(number) == sizes:
                    continue
                support = self.supported(group)
                if support is not None:
                    for row, allowed in support.items():
                        kept = [p for p in self.domains[row] if p in allowed]
                        if kept and len(kept) < len(self.domains[row]):
                            self.domains[row] = kept
                            changed = True
                self.settled[number] = tuple(len(self.domains[r]) for r in rows)


def place(
    rows: Sequence[Sequence[Decimal]],
    width: int,
    relations: Sequence[Relation],
    groups: Sequence[Group],
    prior: Callable[[int, Decimal], float],
    fixed: Sequence[Placement | None] | None = None,
    preferred: Sequence[Placement | None] | None = None,
) -> tuple[list[Placement], list[int]]:
    """A placement per row, and the rows whose placement the sums alone did not decide.

    ``fixed`` pins rows to a placement; ``preferred`` is chosen, when still possible, over the prior.
    """
    units, tol = _in_units(rows), _TOLERANCE
    domains: list[list[Placement]] = []
    for i, in_units in enumerate(units):
        pin = fixed[i] if fixed is not None else None
        domains.append([pin] if pin is not None else row_candidates(in_units, width, relations, tol))
    solver = _Solver(units, width, domains, groups, tol)
    solver.propagate()
    guessed: list[int] = []
    for r, values in enumerate(rows):
        if len(solver.domains[r]) <= 1:
            continue
        wanted = preferred[r] if preferred is not None else None
        if wanted is not None and wanted in solver.domains[r]:
            solver.domains[r] = [wanted]
        else:
            guessed.append(r)

            def score(p: Placement, values: Sequence[Decimal] = values) -> tuple[float, tuple[int, ...]]:
                total = sum(prior(c, v) for c, v in zip(p, values, strict=True) if v != 0)
                return (-total, p)

            solver.domains[r] = [min(solver.domains[r], key=score)]
        solver.propagate()
    result = [d[0] if d else tuple(range(min(len(rows[i]), width))) for i, d in enumerate(solver.domains)]
    return result, guessed


def consistent(
    rows: Sequence[Sequence[Decimal]], placements: Sequence[Placement], width: int, groups: Sequence[Group]
) -> list[Group]:
    """The groups whose parent row is not the column-wise sum of its children."""
    vectors = [_vector(v, p, width) for v, p in zip(_in_units(rows), placements, strict=True)]
    failing: list[Group] = []
    for parent, kids in groups:
        for c in range(width):
            if abs(vectors[parent][c] - sum(vectors[k][c] for k in kids)) > _TOLERANCE:
                failing.append((parent, kids))
                break
    return failing
