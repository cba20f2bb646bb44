"""The small typed records that flow between the stages.

read (Document) -> segment (Sentence) -> embed -> align (Bead) -> words (WordLinks) -> store/export (Alignment).

An alignment has two texts (`src`, `tgt`) or more (`others`): with N texts each bead is one row of
N columns, the pivot text (`src`, usually the original) against every other text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace


LOW_CONFIDENCE = 0.5  # beads less confident than this are flagged "low-confidence"
DIALOGUE = "\"'«»“”„‘’-–—"  # what a line of dialogue opens with
_CASELESS_LOWER = re.compile(r"[\u10d0-\u10ff]")  # Georgian Mkhedruli: lowercase to Unicode, written without capitals


def lowercase(letter: str) -> bool:
    """Whether a letter is one in lowercase where its script writes capitals: a sentence or line that
    opens with one goes on from the one before. Georgian letters are lowercase to Unicode (its capitals,
    Mtavruli, are a display form), but a Georgian sentence opens with them: as caseless as Chinese."""
    return letter.islower() and not _CASELESS_LOWER.match(letter)

# With three or more texts, a pair's bead can span several rows (the pivot split finer for another
# text): its later rows carry this flag and no sentences of that text.
CONTINUED = "continued"


class AlignError(Exception):
    """A problem with the user's input or settings, reported as one line, never a traceback."""


@dataclass(frozen=True)
class Block:
    """One paragraph of a document as read (or one line of a poem's stanza): running text, or a heading
    that opens a chapter."""

    text: str  # whitespace collapsed; emphasis as **...**, footnote calls kept as markers ("[12]")
    heading: int = 0  # 0: running text; 1-6: a heading of that level (1 the highest)
    line: bool = False  # a line of verse (or of an address) after its stanza's first: in the same paragraph
    # a heading that ends its section (a part's number alone in its file): the heading after it is no title of its
    alone: bool = False


@dataclass(frozen=True)
class Note:
    """A footnote or endnote, kept apart from the running text that calls it."""

    mark: str  # the call as it stands in the text, e.g. "1", "*"
    text: str


@dataclass(frozen=True)
class Document:
    """A file as read, before sentences: its paragraphs and headings in reading order, its notes
    apart, and the publisher's apparatus (licence, contents, transcriber's notes): shown, never aligned."""

    blocks: tuple[Block, ...]
    notes: tuple[Note, ...] = ()
    apparatus: tuple[str, ...] = ()
    format: str = "text"  # the format read: text, markdown, html, epub, fb2, docx, odt, pdf


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document as segmented."""

    index: int  # 0-based position among the document's sentences
    text: str  # clean text: Markdown emphasis markers removed, whitespace collapsed
    paragraph: int = 0  # 0-based paragraph number: the number of its block (a stanza's: of its first line's)
    emphasis: bool = False  # the source marked (part of) it with **...** or __...__
    footnotes: tuple[str, ...] = ()  # footnote markers found in it, e.g. ("1", "*")
    heading: bool = False  # a heading (a chapter's number and title), never merged with running text
    chapter: int = 0  # 0 before the document's first heading, k from its k-th heading on


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
    note: str = ""  # a reviewer's comment on this row
    tags: tuple[str, ...] = ()  # a reviewer's tags, e.g. ("calque", "omission by censorship")

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
    notes: tuple[Note, ...] = ()  # the document's footnotes and endnotes, called from its sentences
    apparatus: tuple[str, ...] = ()  # the publisher's matter left out of the alignment (shown apart)

    @property
    def chapters(self) -> tuple[int, ...]:
        """The index of each heading sentence: where each chapter (1, 2, ...) begins."""
        return tuple(s.index for s in self.sentences if s.heading)

    def called_notes(self) -> dict[int, tuple[Note, ...]]:
        """The notes each sentence calls, by its index. Books often number their notes anew in each
        chapter, so the k-th call of a mark is the k-th note of that mark (its last where calls
        outnumber notes: one note called twice)."""
        by_mark: dict[str, list[Note]] = {}
        for note in self.notes:
            by_mark.setdefault(note.mark, []).append(note)
        calls: dict[str, int] = {}
        called: dict[int, tuple[Note, ...]] = {}
        for sentence in self.sentences:
            found = []
            for mark in sentence.footnotes:
                if mark in by_mark:
                    found.append(by_mark[mark][min(calls.get(mark, 0), len(by_mark[mark]) - 1)])
                calls[mark] = calls.get(mark, 0) + 1
            if found:
                called[sentence.index] = tuple(found)
        return called


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

    def row_chapters(self) -> list[int]:
        """The pivot's chapter each row lies in (0 before its first heading). A row without a pivot
        sentence lies in the pivot chapter that its own text's chapter faces: that of the nearest row
        of the same chapter of its text that has a pivot sentence, before it, else after it. A chapter
        of the translation that faces no pivot sentence at all (a translator's preface) lies where it
        stands, in the pivot chapter of the rows before it. (A translation numbers its chapters its
        own way: Ormsby's preface to Don Quixote is his chapter 2, which is not Cervantes'.)"""
        pivot = [self.src.sentences[b.src[0]].chapter if b.src else None for b in self.beads]
        own = [self._own_chapter(b) for b in self.beads]
        faced: list[dict[int, int]] = []  # rows without a pivot sentence: the chapter faced before them, after them
        for rows in (range(len(pivot)), range(len(pivot) - 1, -1, -1)):
            nearest: dict[tuple[int, int] | None, int] = {}
            found: dict[int, int] = {}
            for k in rows:
                if pivot[k] is None and own[k] in nearest:
                    found[k] = nearest[own[k]]
                elif pivot[k] is not None and own[k] is not None:
                    nearest[own[k]] = pivot[k]
            faced.append(found)
        chapters, standing = [], 0  # standing: the pivot chapter of the rows before
        for k, chapter in enumerate(pivot):
            if chapter is None:
                chapter = faced[0].get(k, faced[1].get(k, standing))
            else:
                standing = chapter
            chapters.append(chapter)
        return chapters

    def _own_chapter(self, bead: Bead) -> tuple[int, int] | None:
        """(text, chapter) of the first text after the pivot with sentences in this row."""
        for k, (side, ids) in enumerate(zip(self.sides[1:], bead.columns[1:]), start=1):
            if ids:
                return k, side.sentences[ids[0]].chapter
        return None

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


def bead_flags(src_ids: tuple[int, ...], tgt_ids: tuple[int, ...], score: float, src: Side, tgt: Side) -> tuple[str, ...]:
    """The flags a bead's shape, confidence and sentences give it."""
    flags = []
    if not tgt_ids:
        flags.append("src-only")
    if not src_ids:
        flags.append("tgt-only")
    if len(src_ids) > 1 or len(tgt_ids) > 1:
        flags.append("merge")
    if score < LOW_CONFIDENCE:
        flags.append("low-confidence")
    sentences = [src.sentences[i] for i in src_ids] + [tgt.sentences[j] for j in tgt_ids]
    if any(s.emphasis for s in sentences):
        flags.append("emphasis")
    if any(s.footnotes for s in sentences):
        flags.append("footnote")
    return tuple(flags)
