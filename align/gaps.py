"""Long stretches without counterpart: runs of one-sided beads a reader should know about
("312 sentences at the start of the fr text have no counterpart": a preface, endnotes, a
missing chapter), and pairs of them that are one passage moved (two chapters in another order:
the alignment keeps the order of both texts, so one of them is left without counterpart on
either side)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import aligner
from .records import LOW_CONFIDENCE, AlignError, Alignment

MIN_RUN = aligner.OMISSION_RUN  # shorter runs are ordinary omissions and additions (one bead each)
MOVED = 0.5  # share of two gaps' sentences in confident beads when aligned together: one passage moved
_SAMPLES = 1000  # pairs of sentences of two different beads that tell how alike unrelated sentences are
_FEW_BEADS = 5  # two-sided beads, at least, for that
CHANCE_SHARE = 0.975  # ... the share of them that stays under the similarity taken as chance


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


def report(alignment: Alignment, embed: Callable[[list[str]], np.ndarray]) -> list[str]:
    """One line for each long gap (the `align run` summary, the reading room), a passage moved
    named as such. Where the model cannot be loaded (`embed` raises AlignError) the gaps are
    still listed."""
    found = one_sided_runs(alignment)
    # a passage moved leaves a gap on each side, one of them perhaps a little short of MIN_RUN: the
    # shorter runs are looked at as counterparts, and reported only as such
    shorter = [gap for gap in one_sided_runs(alignment, MIN_RUN // 2) if gap not in found]
    try:
        counterparts = moved(alignment, found, embed, shorter) if found else {}
    except AlignError:
        counterparts = {}
    reported = found + [gap for gap in shorter if gap in counterparts]
    return [describe(alignment, gap, counterparts.get(gap)) for gap in reported]


def moved(alignment: Alignment, gaps: list[Gap], embed: Callable[[list[str]], np.ndarray],
          shorter: Sequence[Gap] = ()) -> dict[Gap, Gap]:
    """Each gap that is a passage moved, with its counterpart gap on the other side: the two align
    with each other, mostly confidently. A counterpart may also be one of the `shorter` runs (never
    two of them together). `embed` (texts to unit vectors) is only called where both sides have gaps."""
    found: dict[Gap, Gap] = {}
    candidates = [*gaps, *shorter]
    chance: float | None = None  # how alike random sentence pairs of the two texts are, once both sides have gaps
    for src_gap in (gap for gap in candidates if gap.side == "src"):
        for tgt_gap in (gap for gap in candidates if gap.side == "tgt" and gap not in found):
            if not (src_gap in gaps or tgt_gap in gaps):
                continue
            chance = _chance(alignment, embed) if chance is None else chance
            if _confident_share(alignment, src_gap, tgt_gap, embed, chance) >= MOVED:
                found[src_gap], found[tgt_gap] = tgt_gap, src_gap
                break
    return found


def _chance(alignment: Alignment, embed: Callable[[list[str]], np.ndarray]) -> float:
    """The similarity that sentences of two different beads (not neighbours) mostly stay under: how alike
    unrelated sentences of the two texts are (-1 where too few beads tell)."""
    beads = [bead for bead in alignment.beads if bead.src and bead.tgt]
    if len(beads) < _FEW_BEADS:
        return -1.0
    picks = np.random.default_rng(0).integers(0, len(beads), size=(_SAMPLES, 2))
    picks = picks[np.abs(picks[:, 0] - picks[:, 1]) >= 2]
    src = embed([alignment.src.sentences[beads[a].src[0]].text for a in picks[:, 0]])
    tgt = embed([alignment.tgt.sentences[beads[b].tgt[0]].text for b in picks[:, 1]])
    return float(np.quantile(np.einsum("ij,ij->i", src, tgt), CHANCE_SHARE))


def _confident_share(alignment: Alignment, src_gap: Gap, tgt_gap: Gap, embed: Callable[[list[str]], np.ndarray],
                     chance: float) -> float:
    """The share of the two gaps' sentences in confident beads when they are aligned with each other,
    each bead more alike than random sentence pairs of the two texts mostly are (`chance`): two
    passages on one subject that are no translation of each other (a translator's life of Cervantes,
    the licences before his second part) align with a middling confidence too."""
    sides = []
    for side, gap in ((alignment.src, src_gap), (alignment.tgt, tgt_gap)):
        texts = [s.text for s in side.sentences[gap.first : gap.last + 1]]
        sides.append(aligner.EmbeddedText(embed(texts), np.array([len(t) for t in texts], dtype=np.float64), texts))
    confident = sum(len(s) + len(t) for (s, t), score in aligner.align(*sides)
                    if s and t and score >= LOW_CONFIDENCE and _similarity(sides, s, t) > chance)
    return confident / sum(len(side.lengths) for side in sides)


def _similarity(sides: list[aligner.EmbeddedText], src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
    """Cosine of a bead's two sides, each the sum of its sentences' vectors."""
    a, b = sides[0].vectors[list(src)].sum(axis=0), sides[1].vectors[list(tgt)].sum(axis=0)
    return float(a @ b / max(np.linalg.norm(a) * np.linalg.norm(b), 1e-9))


def describe(alignment: Alignment, gap: Gap, moved_to: Gap | None = None) -> str:
    """One line for a person: how many sentences, where, on which text (and where they moved to)."""
    line = f"{gap.last - gap.first + 1} sentences {_where(alignment, gap)} have no counterpart"
    if moved_to is None:
        return line
    return f"{line} in place: they match {moved_to.last - moved_to.first + 1} sentences {_where(alignment, moved_to)}, a passage moved"


def _where(alignment: Alignment, gap: Gap) -> str:
    text = alignment.src if gap.side == "src" else alignment.tgt
    if gap.first == 0:
        where = "at the start of"
    elif gap.last == len(text.sentences) - 1:
        where = "at the end of"
    else:
        where = f"(sentences {gap.first + 1}-{gap.last + 1}) in"
    return f"{where} the {text.lang or gap.side} text" + (f" ({Path(text.path).name})" if text.path else "")
