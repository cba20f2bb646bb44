"""Long runs of one-sided beads are listed and described for the CLI summary."""

from __future__ import annotations

from align import gaps
from tests.conftest import make_alignment


def test_long_runs_are_listed_with_their_place() -> None:
    beads = [((), (j,)) for j in range(25)]  # a preface of 25 target sentences
    beads += [((i,), (25 + i,)) for i in range(10)]
    beads += [((10 + i,), ()) for i in range(3)]  # an ordinary omission: too short to report
    beads += [((13,), (35,))] + [((14 + i,), ()) for i in range(20)]  # endnotes
    alignment = make_alignment([f"s{i}" for i in range(34)], [f"t{j}" for j in range(36)], beads)
    found = gaps.one_sided_runs(alignment)
    assert found == [gaps.Gap("tgt", 0, 24), gaps.Gap("src", 14, 33)]
    assert gaps.describe(alignment, found[0]) == "25 sentences at the start of the ru text (ru.txt) have no counterpart"
    assert gaps.describe(alignment, found[1]) == "20 sentences at the end of the en text (en.txt) have no counterpart"
