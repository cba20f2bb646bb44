"""The small typed records that flow between the stages.

read -> segment (Sentence) -> embed -> align (Bead) -> store/export (Alignment).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
class Bead:
    """A minimal group of source sentences aligned to a group of target sentences.

    Either side may be empty (an omission or an addition), never both.
    """

    src: tuple[int, ...]  # consecutive source sentence indices
    tgt: tuple[int, ...]  # consecutive target sentence indices
    score: float  # confidence in [0, 1]: the estimated probability that the bead is right
    flags: tuple[str, ...] = ()  # e.g. "omission", "addition", "low-confidence", "verified"

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


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
    """A complete alignment of two texts with its provenance."""

    src: Side
    tgt: Side
    beads: tuple[Bead, ...]
    model: str
    created: str = ""  # ISO 8601 time of the run
    tool_version: str = ""
    extra: dict[str, str] = field(default_factory=dict)
