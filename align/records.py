"""The small typed records that flow between the stages.

read -> segment (Sentence) -> embed -> align (Bead) -> words (WordLinks) -> store/export (Alignment).

An alignment has two texts (`src`, `tgt`) or more (`others`): with N texts each bead is one row of
N columns, the pivot text (`src`, usually the original) against every other text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


LOW_CONFIDENCE = 0.5  # beads less confident than this are flagged "low-confidence"

# With three or more texts, a pair's bead can span several rows (the pivot split finer for another
# text): its later rows carry this flag and no sentences of that text.
CONTINUED = "continued"


class AlignError(Exception):
    """A problem with the user's input or settings, reported as one line, never a traceback."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document as segmented."""

    index: int  # 0-based position among the document's sentences
    text: str  # clean text: Markdown emphasis markers removed, whitespace collapsed
    paragraph: int = 0  # 0-based paragraph number
    emphasis: bool = False  # the source marked (part of) it with **...** or __...__
    footnotes: tuple[str, ...] = ()  # footnote markers found in it, e.g. ("1", "*")


@dataclass(frozen=True)
class WordLinks:
    """Word-level correspondences inside one bead (between its two sides)."""

    src_tokens: tuple[str, ...]
    tgt_tokens: tuple[str, ...]
    links: tuple[tuple[int, int], ...]  # (source token, target token), 0-based within the bead
    src_gaps: tuple[tuple[int, int], ...] = ()  # [start, stop) token spans of content words with no counterpart
    tgt_gaps: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Bead:
    """A minimal group of source sentences aligned to a group of target sentences.

    Either side may be empty (an omission or an addition), never both.
    """

    src: tuple[int, ...]  # consecutive source sentence indices
    tgt: tuple[int, ...]  # consecutive target sentence indices
    score: float  # confidence in [0, 1]: the estimated probability that the bead is right
    flags: tuple[str, ...] = ()  # e.g. "omission", "addition", "low-confidence", "verified"
    words: WordLinks | None = None  # word links between the two sides, once computed
    # with three or more texts: this row's beads between the pivot and texts 2, 3, ... (their src is
    # this bead's src; a text with nothing in this row has a bead with both sides empty)
    others: tuple[Bead, ...] = ()

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def columns(self) -> tuple[tuple[int, ...], ...]:
        """The sentence ids of every text in this row, in the order of Alignment.sides."""
        return (self.src, self.tgt, *(other.tgt for other in self.others))

    def pair(self, k: int) -> Bead:
        """The bead between the pivot and text k (1 = tgt, 2 = others[0], ...)."""
        return self if k == 1 else self.others[k - 2]


@dataclass(frozen=True)
class Side:
    """One of the two texts of an alignment, with where it came from."""

    sentences: tuple[Sentence, ...]
    lang: str
    path: str = ""
    sha256: str = ""
    role: str = ""  # "original", "translation" or "working translation"


@dataclass(frozen=True)
class Alignment:
    """A complete alignment of two texts (or more) with its provenance."""

    src: Side  # the pivot: the left side of every bead, usually the original
    tgt: Side
    beads: tuple[Bead, ...]
    model: str
    created: str = ""  # ISO 8601 time of the run
    tool_version: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    others: tuple[Side, ...] = ()  # texts 2, 3, ... aligned to src like tgt

    @property
    def sides(self) -> tuple[Side, ...]:
        return (self.src, self.tgt, *self.others)

    def pair(self, k: int) -> Alignment:
        """The two-text alignment of the pivot with text k (1 = tgt), exactly as that pair was
        aligned: rows flagged CONTINUED rejoin the bead above, rows empty in both are dropped."""
        beads: list[Bead] = []
        for row in self.beads:
            bead = replace(row.pair(k), others=())
            if CONTINUED in bead.flags and beads:
                above = beads[-1]
                beads[-1] = replace(above, src=above.src + bead.src, tgt=above.tgt + bead.tgt)
            elif bead.src or bead.tgt:
                beads.append(bead)
        return replace(self, tgt=self.sides[k], beads=tuple(beads), others=())
