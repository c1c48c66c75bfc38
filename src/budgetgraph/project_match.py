"""Which of a document's projects a performance table (or a project description) is about.

Tables spell project names differently from the project table (医保保障… for 医疗保障…, 长护保险 for
长期护理保险, a short name for the long title of the funding notice): names are compared by their
longest common subsequence, and names that print different years are different funds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from budgetgraph.normalize import compact


def _lcs(a: str, b: str) -> int:
    previous = [0] * (len(b) + 1)
    for char in a:
        current = [0]
        for j, other in enumerate(b):
            current.append(previous[j] + 1 if char == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def _score(common: int, a: str, b: str) -> float:
    """The Dice coefficient of ``common`` shared characters, or (for a name of six characters or
    more inside a longer one) how much of the shorter the longer contains."""
    shorter = min(len(a), len(b))
    score = 2 * common / (len(a) + len(b))
    return max(score, 0.9 * common / shorter) if shorter >= 6 else score


def similarity(a: str, b: str) -> float:
    """How alike two project names are: ``_score`` of their longest common subsequence; names that
    print different years are different funds (halved)."""
    if not a or not b:
        return 0.0
    score = _score(_lcs(a, b), a, b)
    shorter, longer = sorted((a, b), key=len)
    if not set(re.findall(r"(?:19|20)\d\d", shorter)) <= set(re.findall(r"(?:19|20)\d\d", longer)):
        score /= 2
    return score


def similarity_at_most(a: str, b: str) -> float:
    """An upper bound of ``similarity(a, b)``: the common subsequence is at most the characters the
    two names share (counted with repeats)."""
    if not a or not b:
        return 0.0
    return _score(sum((Counter(a) & Counter(b)).values()), a, b)


def match_project(name: str, projects: Sequence[str], threshold: float = 0.75) -> str | None:
    """The document's project a performance table is about: equal after normalisation, else the
    most similar name above ``threshold``."""
    key = compact(name)
    best, score = None, threshold
    for project in projects:
        candidate = compact(project)
        if candidate == key:
            return project
        if similarity_at_most(key, candidate) <= score:
            continue  # cannot beat the best so far: no need for the quadratic comparison
        value = similarity(key, candidate)
        if value > score:
            best, score = project, value
    return best


__all__ = ["match_project", "similarity"]
