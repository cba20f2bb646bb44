"""Chapters: a book's structure used to align it, and shown in what comes out.

A chapter starts at a run of heading sentences (a number and a title may be two) and runs to the
next; the sentences before the first heading are a chapter too (front matter), when there are any.

Aligning (hierarchical, as a translator reads two editions side by side):
  1. a heading is a bead of its own: paired with headings (or a lone sentence its reader did not
     take for one) or left one-sided, never merged with running text (`RunKinds`, `forbidden`,
     which the aligner's bead gains respect);
  2. the chapters are paired first, by a small dynamic programme over the two chapter lists:
     similarity of their contents (the mean of their sentence vectors) and of their headings,
     above what each chapter usually reaches with the other side's chapters, the anchors (the
     aligner's confident sentence pairs) that link them, and a fit of their lengths (`pair`);
  3. where consecutive chapters are paired clearly (their anchors agree; or, with few anchors,
     well ahead of the neighbouring pairings and of plausible lengths), the start of the second
     pair is a point the sentence path must pass through: the band of the sentence alignment is
     cut there (`bounds`, `constrain`). Elsewhere the chapters are only a hint: the headings stay
     beads of their own, the path is free.

Outputs: `contents` (each text's table of contents with the bead each chapter starts at),
`summary` (per chapter of the pivot: sentences on each side, length ratio, confident share,
omissions and additions) and `unmatched` (chapters whose sentences found no counterpart at all,
reported like the gaps).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .records import DIALOGUE, LOW_CONFIDENCE, Alignment, Side

# kinds of runs of sentences; a bead's two sides must be of kinds ALLOWED together
TEXT, HEADING, MIXED, ONE_SENTENCE = 0, 1, 2, 3  # ONE_SENTENCE: one sentence that is not a heading
ALLOWED = np.zeros((4, 4), dtype=bool)
ALLOWED[TEXT, TEXT] = ALLOWED[TEXT, ONE_SENTENCE] = ALLOWED[ONE_SENTENCE, TEXT] = ALLOWED[ONE_SENTENCE, ONE_SENTENCE] = True
# a heading faces headings, or a lone sentence that its reader did not take for one (capitals
# without accents in Greek, a title line; see title_like): never a run of running text
ALLOWED[HEADING, HEADING] = ALLOWED[HEADING, ONE_SENTENCE] = ALLOWED[ONE_SENTENCE, HEADING] = True
FORBIDDEN = ~ALLOWED
SKIP_GAIN = -0.05  # gain of leaving a chapter without counterpart (the pairing's 1-0 and 0-1)
# a pair is clear when the anchors (confident sentence pairs) of both chapters mostly link them...
CLEAR_AGREEMENT = 0.8  # share of the anchors of both chapters that link the one with the other
CLEAR_ANCHORS = 3  # ... at least this many
# ... or, where anchors are few, when its similarity is ahead of the same chapters paired with a
# neighbour by CLEAR_MARGIN and its length ratio within CLEAR_LENGTH of the texts' overall ratio
CLEAR_MARGIN = 0.05
CLEAR_LENGTH = 3.0
HEADING_WEIGHT = 0.3  # share of the pairing's similarity given to the headings (where both have one)


@dataclass(frozen=True)
class Chapter:
    """One chapter of a text: sentences first..end-1, its heading first..body-1 (none if equal)."""

    first: int
    body: int
    end: int


@dataclass(frozen=True)
class RunKinds:
    """For every run of k = 1..max_side consecutive sentences of a text ending before sentence e,
    indexed [e, k-1] like the aligner's runs: HEADING if all are headings, ONE_SENTENCE or TEXT if
    none is, MIXED otherwise; and the headings before each sentence, to skip quickly the stretches
    without any (nearly all of a book)."""

    kinds: np.ndarray  # (n+1, max_side) int8
    count: np.ndarray  # (n+1,): headings among sentences 0..e-1

    @classmethod
    def of(cls, headings: np.ndarray, max_side: int, titles: np.ndarray | None = None) -> RunKinds:
        """`titles`: (n,) which sentences may stand for a heading their reader did not take for one (see
        title_like); a lone sentence that may not is running text. None: any may."""
        n = len(headings)
        count = np.concatenate([[0], np.cumsum(headings.astype(np.int64))])
        kinds = np.full((n + 1, max_side), MIXED, dtype=np.int8)
        for k in range(1, max_side + 1):
            ends = np.arange(k, n + 1)
            inside = count[ends] - count[ends - k]
            lone = ONE_SENTENCE if k == 1 else TEXT
            if k == 1 and titles is not None:
                lone = np.where(titles, ONE_SENTENCE, TEXT)
            kinds[k:, k - 1] = np.where(inside == 0, lone, np.where(inside == k, HEADING, MIXED))
        return cls(kinds, count)

    def part(self, start: int, end: int) -> RunKinds:
        """The runs of sentences start..end-1, indexed from start."""
        return RunKinds(self.kinds[start : end + 1], self.count[start : end + 1] - self.count[start])


# a translator's credit on a title page, in English, French, German, Spanish, Italian, Portuguese,
# Dutch, Polish and Russian: "Translated from the French by C. K. Scott Moncrieff", "Traduction par
# Albert Savine", "Übersetzerin: Alice Seiffert", "Перевод П. Антокольского", "Tradução e notas Luciana Salgado"
_CREDIT = re.compile(
    r"[\[(]?\s*(?:(?:(?:English|French|German|Russian|Spanish|Italian)\s+)?translat(?:ed|ion)\b.{0,40}?\bby\b|translator\s*:"
    r"|tradu(?:it|ite|its|ction)\b.{0,40}?\b(?:par|de)\b|tradu(?:cteur|ctrice)\s*:"
    r"|(?:aus dem \w+ )?übersetzt von\b|übersetz(?:ung|er|erin)\b\s*(?:aus\b|von\b|:)|deutsch von\b"
    r"|traducid[oa] por\b|traducción (?:de|del)\b|traduct(?:or|ora)\s*:|tradott[oa] da\b|traduzione (?:di|dal)\b"
    r"|traduzid[oa] por\b|tradução\b.{0,20}?\b(?:de|por|notas)\b|vertaald (?:uit het \w+ )?door\b"
    r"|(?:przełożył|tłumaczył)a?\s+(?-i:[A-ZŁŚŻ])|перевод(?: с \w+(?: языка)?)?\s+(?-i:[А-ЯЁ])|перев[её]л[аи]?\s+(?-i:[А-ЯЁ]))",
    re.IGNORECASE,
)
_CREDIT_WORDS = 14  # a credit is a line of a title page, not a sentence of the text


def translator_credit(text: str) -> bool:
    """Whether a sentence is a translator's credit ("Translated by Mrs. H. B. Paull."): like a heading,
    a bead of its own, never taken into the bead of the text's first sentence."""
    return len(text.split()) <= _CREDIT_WORDS and bool(_CREDIT.match(text))


def title_like(texts: Sequence[str]) -> np.ndarray:
    """(n,) bool: sentences that may be a heading their reader did not take for one (Greek capitals
    without accents, a title line, a title run into the chapter's first sentence): any but a line of
    dialogue. A heading may face one alone; never a line of the story's dialogue ("--Alors pourquoi
    M. Lidenbrock rentre-t-il?" had faced "CHAPTER 1. MY UNCLE MAKES A GREAT DISCOVERY")."""
    return np.array([text.strip()[:1] not in DIALOGUE for text in texts], dtype=bool)


def forbidden(src: RunKinds | None, tgt: RunKinds | None, i: int, a: int, lo: int, hi: int, sides: int) -> np.ndarray | None:
    """Which beads of 1..a source sentences ending before i and 1..`sides` target sentences ending
    before lo..hi-1 put a heading with running text, shaped (a, hi - lo, sides) like the aligner's
    row of gains; None where there is no heading near (or no structure at all)."""
    if src is None or tgt is None or not _near(src, tgt, i, a, lo, hi, sides):
        return None
    return FORBIDDEN[src.kinds[i, :a, None, None], tgt.kinds[None, lo:hi, :sides]]


def forbidden_shapes(src: RunKinds | None, tgt: RunKinds | None, i: int, a: np.ndarray, b: np.ndarray, lo: int,
                     hi: int) -> np.ndarray | None:
    """The same for the beads of exactly a[k] source and b[k] target sentences (long beads'
    shapes), shaped (len(a), hi - lo); the RunKinds must cover runs of a and b sentences."""
    if src is None or tgt is None or not _near(src, tgt, i, int(a.max()), lo, hi, int(b.max())):
        return None
    return FORBIDDEN[src.kinds[i, a - 1][:, None], tgt.kinds[lo:hi][:, b - 1].T]


def _near(src: RunKinds, tgt: RunKinds, i: int, a: int, lo: int, hi: int, b: int) -> bool:
    """Whether a heading lies among source sentences i-a..i-1 or target sentences lo-b..hi-2."""
    return bool(src.count[i] != src.count[max(0, i - a)] or tgt.count[max(0, hi - 1)] != tgt.count[max(0, lo - b)])


def chapters_of(headings: np.ndarray) -> list[Chapter]:
    """The chapters of a text from its sentences' heading flags (front matter included when any)."""
    n = len(headings)
    starts = [k for k in range(n) if headings[k] and (k == 0 or not headings[k - 1])]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    out = []
    for first, end in zip(starts, starts[1:] + [n]):
        body = first
        while body < end and headings[body]:
            body += 1
        out.append(Chapter(first, body, end))
    return out


@dataclass(frozen=True)
class Pairing:
    """The chapters of both texts and which pairs with which."""

    src: list[Chapter]
    tgt: list[Chapter]
    pairs: list[tuple[int, int]]  # (source chapter, target chapter), in order
    clear: list[bool]  # per pair: clearly ahead of its neighbours, of a plausible length


def _means(vectors: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
    """Unit mean vector of each span of sentences (zero for an empty span)."""
    means = np.array([vectors[start:end].sum(axis=0) for start, end in spans]).reshape(len(spans), vectors.shape[1])
    return means / np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-9)


def _relative(sims: np.ndarray) -> np.ndarray:
    """Similarities above what each row and each column usually reach (the mean of the others)."""
    rows = (sims.sum(axis=1, keepdims=True) - sims) / max(1, sims.shape[1] - 1)
    cols = (sims.sum(axis=0, keepdims=True) - sims) / max(1, sims.shape[0] - 1)
    return sims - (rows + cols) / 2 if min(sims.shape) > 1 else sims - sims.mean()


def pair(src_vectors: np.ndarray, tgt_vectors: np.ndarray, src_lengths: np.ndarray, tgt_lengths: np.ndarray,
         src_headings: np.ndarray, tgt_headings: np.ndarray, anchors: Sequence[tuple[int, int]] = ()) -> Pairing:
    """Pair the chapters of two texts (see the module docstring); `anchors` are confident sentence
    pairs (source, target)."""
    src, tgt = chapters_of(src_headings), chapters_of(tgt_headings)
    agreement, linked = _agreement(src, tgt, anchors)
    sims = _relative(_means(src_vectors, [(c.body, c.end) for c in src]) @ _means(tgt_vectors, [(c.body, c.end) for c in tgt]).T)
    titled = np.outer([c.body > c.first for c in src], [c.body > c.first for c in tgt])
    if titled.any():
        titles = _relative(_means(src_vectors, [(c.first, c.body) for c in src]) @ _means(tgt_vectors, [(c.first, c.body) for c in tgt]).T)
        sims = np.where(titled, (1 - HEADING_WEIGHT) * sims + HEADING_WEIGHT * titles, sims)
    # lengths: the log of each pairing's ratio against the texts' overall ratio
    src_chars = np.array([src_lengths[c.first : c.end].sum() for c in src]) + 1.0
    tgt_chars = np.array([tgt_lengths[c.first : c.end].sum() for c in tgt]) + 1.0
    misfit = np.abs(np.log(np.outer(1 / src_chars, tgt_chars) * src_chars.sum() / tgt_chars.sum()))
    pairs = _best_pairs(sims - 0.05 * misfit + agreement)
    clear = []
    for a, b in pairs:
        rivals = [sims[a, y] for y in (b - 1, b + 1) if 0 <= y < len(tgt)] + [sims[x, b] for x in (a - 1, a + 1) if 0 <= x < len(src)]
        anchored = linked[a, b] >= CLEAR_ANCHORS and agreement[a, b] >= CLEAR_AGREEMENT
        similar = sims[a, b] - max(rivals, default=0.0) >= CLEAR_MARGIN and misfit[a, b] <= np.log(CLEAR_LENGTH)
        clear.append(bool(anchored or (similar and linked[a].sum() + linked[:, b].sum() < 2 * CLEAR_ANCHORS)))
    return Pairing(src, tgt, pairs, clear)


def _agreement(src: list[Chapter], tgt: list[Chapter], anchors: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """The anchors linking each pair of chapters, and their share of the anchors of both chapters."""
    linked = np.zeros((len(src), len(tgt)))
    if len(anchors):
        i, j = np.array(anchors).T
        a = np.searchsorted([c.first for c in src], i, side="right") - 1
        b = np.searchsorted([c.first for c in tgt], j, side="right") - 1
        np.add.at(linked, (a, b), 1)
    total = linked.sum(axis=1, keepdims=True) + linked.sum(axis=0, keepdims=True)
    return 2 * linked / np.maximum(total, 1), linked


def _best_pairs(gains: np.ndarray) -> list[tuple[int, int]]:
    """The monotone one-to-one pairing of greatest total gain, chapters left out at SKIP_GAIN."""
    n, m = gains.shape
    best = np.full((n + 1, m + 1), -np.inf)
    move = np.zeros((n + 1, m + 1), dtype=np.int8)  # 1: pair, 2: source chapter left out, 3: target one
    best[0, :] = SKIP_GAIN * np.arange(m + 1)
    best[:, 0] = SKIP_GAIN * np.arange(n + 1)
    move[0, 1:], move[1:, 0] = 3, 2
    for a in range(1, n + 1):
        for b in range(1, m + 1):
            options = (best[a - 1, b - 1] + gains[a - 1, b - 1], best[a - 1, b] + SKIP_GAIN, best[a, b - 1] + SKIP_GAIN)
            k = int(np.argmax(options))
            best[a, b], move[a, b] = options[k], k + 1
    pairs = []
    a, b = n, m
    while a or b:
        if move[a, b] == 1:
            pairs.append((a - 1, b - 1))
        a, b = a - (move[a, b] in (1, 2)), b - (move[a, b] in (1, 3))
    return pairs[::-1]


def bounds(src_vectors: np.ndarray, tgt_vectors: np.ndarray, src_lengths: np.ndarray, tgt_lengths: np.ndarray,
           src_headings: np.ndarray, tgt_headings: np.ndarray, anchors: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The points (source sentence, target sentence) the sentence path must pass through: the
    start of every clear chapter pair that directly follows another clear pair (no chapter left
    out between them on either side)."""
    if not (src_headings.any() and tgt_headings.any()):
        return []
    pairing = pair(src_vectors, tgt_vectors, src_lengths, tgt_lengths, src_headings, tgt_headings, anchors)
    points = []
    for (before, after), (clear_before, clear_after) in zip(zip(pairing.pairs, pairing.pairs[1:]), zip(pairing.clear, pairing.clear[1:])):
        if clear_before and clear_after and after[0] == before[0] + 1 and after[1] == before[1] + 1:
            points.append((pairing.src[after[0]].first, pairing.tgt[after[1]].first))
    return points


def constrain(lo: np.ndarray, hi: np.ndarray, points: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """The band [lo, hi) of the sentence alignment (per source prefix, the allowed target prefixes)
    cut so that every path passes through each point: between two points it is clipped to their
    rectangle. The points lie at headings, which no bead crosses, so no bead spans a cut."""
    if not points:
        return lo, hi
    n, m = len(lo) - 1, int(hi[-1]) - 1
    lo, hi = lo.copy(), hi.copy()
    corners = [(0, 0), *points, (n, m)]
    for (i0, j0), (i1, j1) in zip(corners, corners[1:]):
        # rows i0..i1 lie between the two points; a point's own row takes its lower bound from the
        # piece before it and its upper bound from the piece after, so it holds the point
        lo[i0 + 1 : i1 + 1] = np.clip(lo[i0 + 1 : i1 + 1], j0, j1)
        hi[i0:i1] = np.clip(hi[i0:i1], j0 + 1, j1 + 1)
    return lo, hi


# --- what comes out: contents, per-chapter summary, chapters without counterpart ---------------


@dataclass(frozen=True)
class Contents:
    """One entry of a text's table of contents."""

    chapter: int  # Sentence.chapter: 1 from the first heading on
    title: str  # its heading sentences, joined
    sentence: int  # its first sentence
    bead: int  # the first bead (row) holding one of its sentences


def contents(alignment: Alignment, k: int = 0) -> list[Contents]:
    """Text k's table of contents (0 = the pivot, 1 = tgt, ...): each chapter's title and the
    first row of the alignment that holds one of its sentences, to jump to."""
    row_of: dict[int, int] = {}
    for row, bead in enumerate(alignment.beads):
        for i in bead.columns[k]:
            row_of.setdefault(i, row)
    titles: dict[int, list[str]] = {}
    firsts: dict[int, int] = {}
    for s in alignment.sides[k].sentences:
        if s.chapter:
            firsts.setdefault(s.chapter, s.index)
            titles.setdefault(s.chapter, [])
            if s.heading:
                titles[s.chapter].append(s.text)
    return [Contents(c, " ".join(titles[c]), first, row_of.get(first, 0)) for c, first in firsts.items()]


SUMMARY_COLUMNS = ("chapter", "title", "src_sentences", "tgt_sentences", "length_ratio", "confident", "omissions", "additions")


def summary(alignment: Alignment) -> list[dict[str, object]]:
    """Per chapter of the pivot (rows grouped by Alignment.row_chapters), between the pivot and its
    first translation: sentences on each side, characters of translation per character of
    original, the share of sentences in confident two-sided beads, and sentences left out
    (omissions: original only; additions: translation only). One dict a chapter, keys
    SUMMARY_COLUMNS: a table the reading room can chart."""
    pair = alignment.pair(1)
    titles = {c.chapter: c.title for c in contents(pair)}
    rows: dict[int, dict[str, float]] = {}
    for bead, chapter in zip(pair.beads, pair.row_chapters()):  # the translation's additions where they lie
        row = rows.setdefault(chapter, dict.fromkeys(("src", "tgt", "src_chars", "tgt_chars", "confident", "omissions", "additions"), 0))
        row["src"] += len(bead.src)
        row["tgt"] += len(bead.tgt)
        row["src_chars"] += sum(len(pair.src.sentences[i].text) for i in bead.src)
        row["tgt_chars"] += sum(len(pair.tgt.sentences[j].text) for j in bead.tgt)
        if bead.src and bead.tgt and bead.score >= LOW_CONFIDENCE:
            row["confident"] += len(bead.src) + len(bead.tgt)
        row["omissions"] += 0 if bead.tgt else len(bead.src)
        row["additions"] += 0 if bead.src else len(bead.tgt)
    return [
        {
            "chapter": chapter,
            "title": titles.get(chapter, "(before the first heading)" if chapter == 0 else ""),
            "src_sentences": row["src"],
            "tgt_sentences": row["tgt"],
            "length_ratio": round(row["tgt_chars"] / row["src_chars"], 3) if row["src_chars"] else 0.0,
            "confident": round(row["confident"] / max(1, row["src"] + row["tgt"]), 3),
            "omissions": row["omissions"],
            "additions": row["additions"],
        }
        for chapter, row in sorted(rows.items())
    ]


def unmatched(alignment: Alignment) -> list[str]:
    """One line per chapter (headed, of either text of a pair) none of whose sentences was paired,
    for the `align run` summary beside the gaps."""
    lines = []
    for name, side, paired in (("src", alignment.src, _paired(alignment, 0)), ("tgt", alignment.tgt, _paired(alignment, 1))):
        by_chapter: dict[int, list[int]] = {}
        for s in side.sentences:
            if s.chapter:
                by_chapter.setdefault(s.chapter, []).append(s.index)
        titles = {c.chapter: c.title for c in contents(alignment, 0 if name == "src" else 1)}
        for chapter, ids in by_chapter.items():
            if not any(paired[i] for i in ids):
                where = f"the {side.lang or name} text" + (f" ({_name(side)})" if side.path else "")
                lines.append(f"chapter {chapter} «{_short(titles.get(chapter, ''))}» of {where} has no counterpart "
                             f"({len(ids)} sentences)")
    return lines


def _paired(alignment: Alignment, k: int) -> np.ndarray:
    paired = np.zeros(len(alignment.sides[k].sentences), dtype=bool)
    for bead in alignment.beads:
        if bead.src and bead.tgt:
            paired[list(bead.columns[k])] = True
    return paired


def _name(side: Side) -> str:
    return Path(side.path).name


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
