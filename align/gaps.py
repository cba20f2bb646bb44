"""Long stretches without counterpart: runs of one-sided beads a reader should know about
("312 sentences at the start of the fr text have no counterpart": a preface, endnotes, a
missing chapter)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .records import Alignment

MIN_RUN = 20  # shorter runs are ordinary omissions and additions


@dataclass(frozen=True)
class Gap:
    side: str  # "src" or "tgt": the side whose sentences have no counterpart
    first: int  # first and last sentence of the run on that side
    last: int


def one_sided_runs(alignment: Alignment, min_run: int = MIN_RUN) -> list[Gap]:
    """Runs of at least `min_run` consecutive sentences of one side in one-sided beads."""
    gaps: list[Gap] = []
    run: list[int] = []
    side = ""
    for bead in [*alignment.beads, None]:
        bead_side = "" if bead is None or (bead.src and bead.tgt) else ("src" if bead.src else "tgt")
        if run and bead_side != side:
            if len(run) >= min_run:
                gaps.append(Gap(side, run[0], run[-1]))
            run = []
        if bead_side:
            side = bead_side
            run.extend(bead.src or bead.tgt)
    return gaps


def describe(alignment: Alignment, gap: Gap) -> str:
    """One line for a person: how many sentences, where, on which text."""
    text = alignment.src if gap.side == "src" else alignment.tgt
    count = gap.last - gap.first + 1
    if gap.first == 0:
        where = "at the start of"
    elif gap.last == len(text.sentences) - 1:
        where = "at the end of"
    else:
        where = f"(sentences {gap.first + 1}-{gap.last + 1}) in"
    name = f"the {text.lang or gap.side} text" + (f" ({Path(text.path).name})" if text.path else "")
    return f"{count} sentences {where} {name} have no counterpart"
