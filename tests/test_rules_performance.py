"""BG-P05: in a self-evaluation, the score against whether the actual value met the target.

Seed 001's 宣传次数 target is ">2 次" with an actual "2 次" and a full score of 20: the target was
missed yet scored in full. Changing one cell at a time shows each side of the rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import seed_text
from rule_shapes import validate_file

ROW = "宣传次数(次)\t>2 次\t2 次\t20\t20.00"
COVERAGE = "宣传覆盖率\t>=90%\t90%\t10\t10.00"


@pytest.mark.parametrize(
    ("old", "new", "flagged"),
    [
        (ROW, ROW, {"宣传次数(次)"}),  # as published: missed but full marks
        (ROW, "宣传次数(次)\t>2 次\t3 次\t20\t20.00", set()),  # met, full marks
        (ROW, "宣传次数(次)\t>2 次\t2 次\t20\t12.00", set()),  # missed, partial marks
        (COVERAGE, "宣传覆盖率\t>=90%\t92%\t10\t8.00", {"宣传次数(次)", "宣传覆盖率"}),  # met, partial
    ],
    ids=["published", "met-full", "missed-partial", "met-partial"],
)
def test_score_against_target(tmp_path: Path, old: str, new: str, flagged: set[str]) -> None:
    text = seed_text("001").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "001.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    report = validate_file(path, "performance.ttl")
    hits = [f for f in report.findings if f.rule_id == "BG-P05"]
    named = {name for name in ("宣传次数(次)", "宣传覆盖率") for f in hits if f"「{name}」" in f.message_zh}
    assert named == flagged and len(hits) == len(flagged), [f.message_en for f in hits]
    assert all(f.severity.value == "warning" and f.message_zh and "{" not in f.message_en for f in hits)
