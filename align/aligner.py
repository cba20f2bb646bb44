"""Alignment: anchors from FAISS nearest neighbours, then a banded dynamic programme over beads.

0. Vectors. Where both texts are given and share a script, the vectors of the words they spell
   alike (names, numbers, cognates: spelling.py) are appended to the model's.
1. Anchors. Every source sentence looks up its nearest target sentences (FAISS, inner product on
   unit vectors) and the other way round. A pair is a candidate when each is the other's best
   match among the neighbours that lie near the same relative position in the text, clearly
   ahead of the runner-up there (so repeated lines, refrains and duplicated passages never make
   anchors); the heaviest monotone chain of candidates is kept.
2. Band. Between two consecutive anchors the path may only visit target positions between them,
   widened by a margin: the work grows with the number of sentences, not their product.
3. Dynamic programme over beads of up to MAX_SIDE sentences a side, 1-0 and 0-1 included (and,
   in the second pass, long beads of one or two sentences against up to LONG_SIDE),
   maximising the sum of bead gains (`Params`): similarity above what the sentences usually
   reach with their neighbours (counting more for a bead of more sentences), a Gale-Church length fit (at the length ratio of the stretches
   between anchors, which text without counterpart does not skew), a cost per merged sentence, and
   one for a bead that opens with a sentence going on from the one before (lowercase after a
   question or an exclamation: "Que faisiez-vous ?" / "me demanda-t-il."), or with what a colon
   announced ("he added:" / "'I swear I won't tell anyone!'") where the other side's bead does not
   open after a colon too. Merged
   sides are compared as the normalised sum of their sentence vectors, and by their weakest
   sentence: one far less like the other side than it usually is like its neighbours costs the
   bead, so a sentence the translation leaves out stands alone rather than inside a merge. The gains
   are computed for blocks of rows at once, the best paths a row at a time, vectorised across the
   band, and only the band is stored.
4. Second pass (given an embedding function). Where the first path is uncertain, runs of up to
   `whole_side` sentences (and the longer sides of the doubtful beads) are embedded as one joined
   text instead, and those stretches are aligned again.
   Then a first or last sentence of a merged side that the side, read as one text, is clearly
   more like the other side without, is taken out as a 1-0 or 0-1 bead: a sentence (or a run of
   them) the translation leaves out, hidden in a merge with its neighbour.
5. Unrelated stretches. Ten or more two-sided beads in a row, each less alike than nearly all
   random sentence pairs of the two texts, become one-sided: the texts do not correspond there (a
   different preface on each side), where the model reads both languages.
6. Confidence. Each bead of the best path gets a probability of being right from a logistic
   model of its similarity, its margin over the same bead shifted by one sentence, and its
   length fit (for 1-0 and 0-1 beads: how unlike the neighbouring sentences it is).
7. Omissions. A short run of sentences left out together becomes one one-sided bead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from itertools import groupby

import numpy as np

from . import anchors, chapters
from .spelling import SharedSpelling
from .embed import USE_MAX_CHARS
from .records import DIALOGUE, lowercase

MAX_SIDE = 4  # beads of up to this many sentences a side, every shape
# long beads: one or two sentences against up to LONG_SIDE (a translator writing one long sentence
# where the original has five or six); only these shapes, so the programme's work grows little
LONG_SIDE = 6
_LONG_SHAPES = tuple((a, b) for short in (1, 2) for big in range(MAX_SIDE + 1, LONG_SIDE + 1) for a, b in ((short, big), (big, short)))
_LONG_A, _LONG_B = (np.array(sizes) for sizes in zip(*_LONG_SHAPES))
_LONG_RUNS = (1, 2) + tuple(range(MAX_SIDE + 1, LONG_SIDE + 1))  # the run sizes the long shapes pair
_CODE_BASE = LONG_SIDE + 1  # a bead a-b is coded a * _CODE_BASE + b; 1-0 (code _CODE_BASE) means a run of them
_LONG_CODES = (_LONG_A * _CODE_BASE + _LONG_B).astype(np.int8)
_NO_SHAPES = (np.empty(0, dtype=int), np.empty(0, dtype=int), np.empty(0, dtype=np.int8), np.empty((0, 0)))
OMISSION_RUN = 20  # one-sided runs shorter than this are omissions, one bead each; longer ones gaps
# beads either side of a changed stretch that the second pass may change too: a first-path error
# reaches further than two (Text+Berg structure omitted/split 0.901/0.888 -> 0.904/0.896 at 4, candide
# 0.778 -> 0.780, the rest unchanged; 6 gave the same as 4. The programme on stal-ru-zh took 2.9 s
# instead of 2.0 s until the long beads' gains were computed by blocks too: 2.0 s)
REALIGN_CONTEXT = 4
RATIO_ANCHORS = 10  # anchored pairs enough to measure the texts' length ratio on
RELIABLE_ANCHORS = 0.3  # anchors per sentence (of the shorter text) at which the model is trusted fully
# anchors per sentence (of the shorter text) above which the model reads both languages: Greek,
# which the bundled model does not cover, has 0.01, and similarity says nothing there; a book whose
# text is half preface still has 0.3
READ_ANCHORS = 0.1
# the programme's band holds at most this many cells per sentence of both texts (see narrowed); a text
# of the development sets holds 8 to 10, Greek (which the model hardly knows) 194 (benchmarks/anchor_density.py)
BAND_CELLS = 250
UNRELATED_RUN = 10  # two-sided beads in a row no more alike than chance pairs: the texts do not correspond there
# ... than this share of random sentence pairs of the two texts, drawn more than CHANCE_APART sentences
# away from the path (over the whole square, the texts' own translations had made up the top 2.5% of a
# short text's pairs: 0.975 then; now 0.99, Text+Berg's structure case prefaces 0.893 -> 0.916)
CHANCE_SHARE = 0.99
CHANCE_APART = 2
CORRESPONDING = 0.5  # share of sentences in clearly similar two-sided beads above which texts correspond
LOCAL_BEADS = 20  # beads either side over which the texts must correspond around a bead too
_NEG = -1e18
_CLOSING = "\"'»«”“’‘›‹)"  # closing quotation marks (German »…« and „…“ too) and brackets after a sentence's last word
_EXCLAIMED_CHARS = 20  # a sentence this short that exclaims or asks: see _exclaimed
_SIZE_FACTORS = (np.arange(1, MAX_SIDE + 1)[:, None, None] + np.arange(1, MAX_SIDE + 1)[None, None, :]) / 2  # (a, 1, b)
_BLOCK_ROWS, _BLOCK_CELLS = 24, 4096  # rows of the programme whose gains are computed together, and their cells at most
Progress = Callable[[str, int, int], None]
Embed = Callable[[list[str]], np.ndarray]  # texts to unit vectors
Reads = Callable[[list[str]], bool]  # whether the model reads the language these sentences are in
BeadIds = tuple[tuple[int, ...], tuple[int, ...]]
ScoredBead = tuple[BeadIds, float]  # the bead and its confidence in [0, 1]


@dataclass(frozen=True)
class Params:
    """Weights of the bead gain, tuned on the development sets (benchmarks/quality.py)."""

    sim_threshold: float = 0.1  # similarity at which aligning a sentence is as good as skipping it
    sim_weight: float = 10.0
    length_weight: float = 0.25
    # where the model finds few anchors (a language it does not cover: under RELIABLE_ANCHORS of the
    # sentences), lengths are all that is left to go by: their weight rises towards this
    unreliable_length_weight: float = 1.0
    skip_gain: float = -3.5  # gain of a 1-0 or 0-1 bead that opens a run of them
    skip_extend: float = -2.0  # gain of each further bead of such a run
    merge_gain: float = -1.5  # gain added for each sentence beyond one on a side
    long_side: int = LONG_SIDE  # largest side of a long bead (1-5, 1-6, 2-5, ...); MAX_SIDE: none
    # a long bead's lengths must fit this many times as well: one long sentence for five is about as
    # long as the five, while five sentences taken in by a short one are sentences left out (emma 0.800
    # -> 0.767 at 1.0). It replaced a cost of 2.0 per sentence beyond MAX_SIDE, which missed most of them
    # (benchmarks/structure.py, five target sentences joined at eight places: prince 0.907 -> 0.968)
    long_length: float = 2.0
    # a bead's similarity term counts ((a + b) / 2) ** size_power times: a 2-2 bead is evidence about four
    # sentences, two 1-1 beads each about two, and summing one term a bead favoured splitting
    size_power: float = 0.3
    # gain added for each side of a bead that opens with a sentence starting in lowercase: one that
    # goes on from the sentence before ("Que faisiez-vous ?" / "me demanda-t-il."), cut after a question
    # or exclamation as the gold segmentations cut it, belongs in that sentence's bead. A 1-0 or 0-1 run
    # opening with one pays it too, and the second pass never detaches one from the sentence before
    # (the translation drops the attribution: Verne's French against its English HTML left 11 such
    # sentences out alone, none now; the dev sets unchanged but Text+Berg 0.924 -> 0.925)
    continuation_gain: float = -2.0
    # gain added for a bead one side of which opens after a sentence ending with a colon (what it
    # announces: "he added:" / "'I swear I won't tell anyone!'") and the other not: a segmentation
    # that cuts there on one side only has cut inside a sentence of the other's. Where both sides
    # cut at a colon (Text+Berg's segmentation does) nothing. (dev sets at -1.5: Text+Berg 0.919 ->
    # 0.924, its structure cases +0.004 to +0.011, candide 0.780 -> 0.784, emma 0.814 -> 0.817, the
    # rest unchanged; swann from its files 0.969 -> 0.972; -2.0: alice 0.943 -> 0.941; only where the
    # other side's sentence holds a colon within: Text+Berg 0.919, "Und nun zum Hüttenwart:" / "Quant
    # au gardien, il était…" missed; semicolons or commas too: alice 0.936, 0.932). A dash before a
    # quotation announces too ("She stammered—" / "“She is…" for "elle balbutiait:"): Madame Bovary's
    # French against its English, 3 of the 38 places where Bertalign's algorithm was judged right now
    # right, none lost, the dev sets and books from their files unchanged; any dash at a sentence's
    # end: alice 0.943 -> 0.941, from its files 0.941 -> 0.939 (its verse: "…the end of your nose—")
    colon_gain: float = -1.5
    # a merged side is judged by its weakest sentence too (the summed vector hides one unrelated sentence
    # among related ones): a sentence whose similarity to the other side's run, less its usual similarity
    # to its neighbours, falls below member_floor costs the bead member_weight per unit short, so a
    # sentence the translation leaves out stands as a 1-0 or 0-1 bead. A sentence shorter than
    # member_chars costs in proportion: "I said." has no meaning of its own to match (emma 0.770 ->
    # 0.788, alice 0.937 -> 0.939; floor -0.2: Text+Berg 0.917 -> 0.912, -0.22: emma only 0.778)
    member_floor: float = -0.21
    member_weight: float = 10.0
    member_chars: float = 60.0
    shared_spelling: float = 0.15  # share of the similarity given to words spelled alike (spelling.py)
    # a first or last sentence of a merged side is taken out as a 1-0 or 0-1 bead where the side,
    # read as one text by the second pass, is this much more like the other side without it
    # (_left_out_detached; pooled novels 0.934 -> 0.935, emma 0.788 -> 0.793, janeeyre 0.923 ->
    # 0.929; 0.03: prince 0.975 -> 0.968, 0.04 and 0.07: Text+Berg 0.914, 0.913)
    detach_gain: float = 0.05
    # gain of a two-sided bead that closes a paragraph on both sides (times how surely each does): translators
    # mostly keep the paragraphs (alice from its files 0.920 -> 0.926, from the French plain text 0.915 ->
    # 0.922, prince's raw files 0.968 -> 0.970; at 2.0 Jane Eyre's "I returned to my stool.", which
    # closes an English paragraph and opens a French one, goes to the bead before: 0.900 -> 0.888)
    paragraph_gain: float = 1.0
    # cost per paragraph end (times how surely) inside one side of a bead beyond those inside the other:
    # a bead that runs across a paragraph, or a turn of dialogue, on one side only has taken a sentence
    # of the next one (emma --presplit 0.804 -> 0.817: a reply, "Not at all, sir.", had gone with the
    # speech before it and shifted three beads; Gogol's paragraphs 0.997 -> 1.000; bilinguator's 406
    # pairs, paragraphs aligned by hand in 85 languages, 0.976 -> 0.979; alice from its files 0.941 ->
    # 0.944; the other sets unchanged; at 1.0 from their files swann 0.975 -> 0.968, janeeyre 0.909 -> 0.889)
    paragraph_crossing: float = 0.5
    refine_below: float = 0.8  # second pass over beads that are not 1-1 or less confident than this
    refine_budget: float = 0.1  # characters it may embed, per character in confident two-sided beads
    refine_allowance: int = 2000  # ... and in any case (a short text gets its second look for 0.05 s)
    # the longest run of marked sentences the second pass reads as one text; a side of a doubtful bead
    # longer than this is read whole too. A run of four costs twice a run of two, so on a free
    # translation the budget reaches more beads (emma 0.800 -> 0.814 at 3, for 3% fewer characters
    # on stal-ru-zh; 2: prince 0.958)
    whole_side: int = 3
    band_margin: int = 8  # how far the path may stray outside the anchor corridor
    neighbours: int = 16  # nearest neighbours looked up per sentence for anchors
    hub_weight: float = 0.5  # similarity is judged against the sentences' mean similarity to neighbours
    hub_neighbours: int = 4
    anchor_window: float = 0.05  # anchors lie this fraction of the text (50-1000 sentences) from the diagonal
    # logistic confidence: weights of (1, similarity, margin over shifted beads, length misfit)
    # for beads with two sides, and of (1, best similarity nearby) for 1-0 and 0-1 beads;
    # fitted by benchmarks/calibrate.py on emma, janeeyre and prince (never on mismatched texts), on
    # the features align() computes. The confidence decides what the second pass embeds again, so a
    # refit on these weights' own output moves them: it gives the similarity a weight of 0.6 to 1.3, which
    # makes a six-sentence unrelated pair look like a translation (tests/test_cli.py), so not taken
    pair_confidence: tuple[float, ...] = (1.48, 0.0, 6.74, -0.69)
    skip_confidence: tuple[float, ...] = (-0.53, 6.52)
    # how far the anchors say the two texts correspond, 0 to 1 (set by aligned_features for the final
    # scores): the fitted weights only know translations, and two short texts on one subject that
    # are not translations of each other scored as confident as they do
    anchored: float = 1.0


@dataclass(frozen=True)
class EmbeddedText:
    """What the aligner needs of one text: its sentences as vectors (records.Side is the text as read)."""

    vectors: np.ndarray  # (n, d) float32, unit rows
    lengths: np.ndarray  # (n,) characters per sentence
    texts: Sequence[str] | None = None  # the sentences, for the second pass (see align)
    headings: np.ndarray | None = None  # (n,) bool: the sentence is a heading (see chapters.py)
    # (n,) how surely the sentence closes its paragraph, 0 to 1: a text read from a file knows; in one of a
    # sentence a line its turns of dialogue stand in (pipeline._paragraph_ends)
    paragraph_ends: np.ndarray | None = None


@dataclass(frozen=True)
class _Runs:
    """Every run of k = 1..MAX_SIDE consecutive sentences, indexed [e, k-1]: the run ending just
    before sentence e; and the long runs of k = MAX_SIDE+1..LONG_SIDE, indexed [e, k-MAX_SIDE-1].
    Entries with e < k are meaningless and never read."""

    vectors: np.ndarray  # (n+1, MAX_SIDE, d), unit
    lengths: np.ndarray  # (n+1, MAX_SIDE)
    hubs: np.ndarray  # (n+1, MAX_SIDE): mean hubness of the run's sentences
    long_vectors: np.ndarray  # (n+1, LONG_SIDE - MAX_SIDE, d), unit
    long_lengths: np.ndarray
    long_hubs: np.ndarray
    kinds: chapters.RunKinds | None = None  # which runs (long ones too) hold headings; None: no text has any
    # (n+1, LONG_SIDE): 1 where the run opens with a sentence that goes on from the one before
    # (see _continuations); None without the texts
    opens: np.ndarray | None = None
    ends: np.ndarray | None = None  # (n+1,): 1 where the sentence before closes a paragraph; None: not known
    # (n+1, LONG_SIDE): 1 where the run opens after a sentence that ends with a colon; None without the texts
    announced: np.ndarray | None = None
    exclaimed: np.ndarray | None = None  # (n+1,): 1 before a short sentence that exclaims or asks (see _exclaimed)
    # (n+1, LONG_SIDE): the paragraph ends (each as surely as `ends` says) inside the run, before its last sentence
    crossed: np.ndarray | None = None

    @classmethod
    def of(cls, side: EmbeddedText, hubs: np.ndarray) -> _Runs:
        short, long = range(1, MAX_SIDE + 1), range(MAX_SIDE + 1, LONG_SIDE + 1)
        titles = None if side.texts is None else chapters.title_like(side.texts)
        kinds = chapters.RunKinds.of(side.headings, LONG_SIDE, titles) if side.headings is not None else None
        opens = announced = None
        if side.texts is not None:
            continues, colons = _continuations(side.texts), _after_colons(side.texts)
            opens, announced = np.zeros((len(continues) + 1, LONG_SIDE)), np.zeros((len(continues) + 1, LONG_SIDE))
            for k in range(1, min(LONG_SIDE, len(continues)) + 1):
                opens[k:, k - 1] = continues[: len(continues) + 1 - k]
                announced[k:, k - 1] = colons[: len(continues) + 1 - k]
        ends = None if side.paragraph_ends is None else np.concatenate([[0.0], side.paragraph_ends.astype(float)])
        exclaimed = None if side.texts is None else np.concatenate([[0.0], _exclaimed(side.texts)])
        return cls(
            _run_sums(side.vectors, short, unit=True), _run_sums(side.lengths, short), _run_sums(hubs, short, mean=True),
            _run_sums(side.vectors, long, unit=True), _run_sums(side.lengths, long), _run_sums(hubs, long, mean=True),
            kinds, opens, ends, announced, exclaimed, None if ends is None else _inner_ends(ends),
        )

    def part(self, start: int, end: int) -> _Runs:
        """The runs of sentences start..end-1, indexed from start."""
        rows = slice(start, end + 1)
        kinds = None if self.kinds is None else self.kinds.part(start, end)
        opens = None if self.opens is None else self.opens[rows]
        ends = None if self.ends is None else self.ends[rows]
        announced = None if self.announced is None else self.announced[rows]
        exclaimed = None if self.exclaimed is None else self.exclaimed[rows]
        crossed = None if self.crossed is None else self.crossed[rows]
        return _Runs(self.vectors[rows], self.lengths[rows], self.hubs[rows], self.long_vectors[rows],
                     self.long_lengths[rows], self.long_hubs[rows], kinds, opens, ends, announced, exclaimed, crossed)

    def run(self, end: int, size: int) -> tuple[np.ndarray, float, float]:
        """The vector, length and hubness of the run of `size` sentences ending before `end`."""
        if size <= MAX_SIDE:
            return self.vectors[end, size - 1], self.lengths[end, size - 1], self.hubs[end, size - 1]
        k = size - MAX_SIDE - 1
        return self.long_vectors[end, k], self.long_lengths[end, k], self.long_hubs[end, k]

    def runs(self, lo: int, hi: int, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Vectors, lengths and hubness of the runs of `size` sentences ending before lo..hi-1."""
        if size <= MAX_SIDE:
            return self.vectors[lo:hi, size - 1], self.lengths[lo:hi, size - 1], self.hubs[lo:hi, size - 1]
        k = size - MAX_SIDE - 1
        return self.long_vectors[lo:hi, k], self.long_lengths[lo:hi, k], self.long_hubs[lo:hi, k]


def _continuations(texts: Sequence[str]) -> np.ndarray:
    """(n,) float: 1 for each sentence that starts with a lowercase letter after a question, an
    exclamation or a trailing off ("Ah !" / "je sais ...", "Que faisiez-vous ?" / "me demanda-t-il."),
    a dash before it too, as Spanish and Russian set the speaker ("—¿Qué quieres?" / "—preguntó él."):
    segmenters cut there, as the gold segmentations do, but the sentence goes on. (After a colon or a
    semicolon, where Text+Berg's segmentation cuts, a lowercase start is a sentence of its own.)"""
    ends = [text.rstrip().rstrip(_CLOSING).rstrip().endswith(("?", "!", "…", "...")) for text in texts]
    return np.array([0.0] + [float(end and lowercase(text.lstrip(" —–-").lstrip()[:1])) for end, text in zip(ends, texts[1:])])


_SPEECH_DASH = re.compile(r"(?:\w|[:：]\s*)(?:—|--)\s*$")  # "She stammered—", "and began:—"


def _after_colons(texts: Sequence[str]) -> np.ndarray:
    """(n,) float: 1 for each sentence after one that ends with a colon (what it announces), or with
    a dash before a quotation or a dialogue line, as older translations announce speech ("She
    stammered—" / "“She is an insolent…" for "elle balbutiait:")."""
    announces = [text.rstrip().endswith((":", "：")) or bool(_SPEECH_DASH.search(text) and after.lstrip()[:1] in DIALOGUE)
                 for text, after in zip(texts, texts[1:])]
    return np.array([0.0] + [float(a) for a in announces])


def _one_side_announced(src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    """True where exactly one of the two sides' runs opens after a colon (src and tgt broadcast)."""
    return np.not_equal(src, tgt)


def _run_sums(values: np.ndarray, sizes: range, unit: bool = False, mean: bool = False) -> np.ndarray:
    """Sums of the runs of k values (k in `sizes`, consecutive) ending before each position,
    (n+1, len(sizes), ...); unit vectors with `unit`, means with `mean`."""
    n = values.shape[0]
    total = np.zeros((n + 1, *values.shape[1:]), dtype=values.dtype)
    runs = np.empty((n + 1, len(sizes), *values.shape[1:]), dtype=values.dtype)
    for k in range(1, sizes[-1] + 1):
        if k <= n:  # a run longer than the text has no sum (and a negative slice would wrap around)
            total[k:] += values[: n + 1 - k]
        if k >= sizes[0]:
            runs[:, k - sizes[0]] = total / k if mean else total
    if unit:  # einsum: a tenth of the time of np.linalg.norm on a book
        runs /= np.maximum(np.sqrt(np.einsum("...d,...d->...", runs, runs)), 1e-9)[..., None]
    return runs


def _inner_ends(ends: np.ndarray) -> np.ndarray:
    """(n+1, LONG_SIDE) from a side's `ends` (as _Runs holds them): the paragraph ends inside each run
    of k sentences ending before e, that is, closing any of its sentences but the last."""
    before = np.concatenate([[0.0], np.cumsum(ends)])  # before[y]: ends[0] + ... + ends[y - 1]
    e, k = np.arange(len(ends))[:, None], np.arange(1, LONG_SIDE + 1)[None, :]
    return before[e] - before[np.maximum(e - k + 1, 0)]


def find_anchors(src: np.ndarray, tgt: np.ndarray, params: Params = Params()) -> list[tuple[int, int]]:
    """Confident one-to-one pairs (i, j), strictly increasing in both i and j."""
    return anchors.find(src, tgt, params.anchor_window, params.neighbours, params.hub_neighbours)[0]


def band(anchors: list[tuple[int, int]], n: int, m: int, margin: int) -> tuple[np.ndarray, np.ndarray]:
    """For each row i = 0..n (source prefix length) the allowed target prefix lengths [lo, hi)."""
    lo = np.zeros(n + 1, dtype=np.int64)
    hi = np.full(n + 1, m + 1, dtype=np.int64)
    previous = (-1, -1)
    for i, j in anchors + [(n, m)]:
        # rows previous_i+1 .. i lie between the two anchors
        lo[previous[0] + 1 : i + 1] = max(0, previous[1] + 1 - margin)
        hi[previous[0] + 1 : i + 1] = min(m, j + margin) + 1
        previous = (i, j)
    return lo, hi


def narrowed(lo: np.ndarray, hi: np.ndarray, points: list[tuple[int, int]], margin: int) -> tuple[np.ndarray, np.ndarray]:
    """The band cut to a corridor about the line through the anchors (and chapters' bounds) where it
    holds more than BAND_CELLS cells per sentence: long stretches without anchors on both sides
    (texts that do not correspond, a language the model hardly knows) made the programme quadratic
    (two unrelated texts of 5,000 sentences: 11 million cells, 74 s). The corridor is as wide as that
    budget allows, and never narrower than the line's slope and the margin need to stay passable."""
    n, m = len(lo) - 1, int(hi[-1]) - 1
    widths = hi - lo
    budget = BAND_CELLS * (n + m)
    if int(widths.sum()) <= budget:
        return lo, hi
    corners = [(0, 0), *points, (n, m)]
    centre = np.interp(np.arange(n + 1), [i for i, _ in corners], np.maximum.accumulate([j for _, j in corners]))
    least = np.ceil(np.abs(np.diff(centre, prepend=0.0))) + margin  # the half-width the slope needs

    def cells(half: int) -> int:
        return int(np.minimum(widths, 2 * np.maximum(half, least) + 1).sum())

    low, high = 0, int(widths.max())
    while low < high:  # the widest corridor within the budget
        mid = (low + high + 1) // 2
        low, high = (mid, high) if cells(mid) <= budget else (low, mid - 1)
    half = np.maximum(low, least)
    cut_lo = np.maximum.accumulate(np.minimum(np.maximum(lo, np.floor(centre - half).astype(np.int64)), hi - 1))
    cut_hi = np.maximum.accumulate(np.maximum(np.minimum(hi, np.ceil(centre + half).astype(np.int64) + 1), cut_lo + 1))
    cut_lo[1:] = np.minimum(cut_lo[1:], cut_hi[:-1] - 1)  # each row reachable from the one before
    return cut_lo, cut_hi


def align(
    src: EmbeddedText,
    tgt: EmbeddedText,
    params: Params = Params(),
    progress: Progress | None = None,
    embed: Embed | None = None,
    reads: Reads | None = None,
) -> list[ScoredBead]:
    """Align two texts; returns the beads in order, each with its confidence.

    With `embed` (and the sides' texts), a second pass re-reads the uncertain stretches: runs of
    sentences there are embedded as one text instead of as the sum of their sentences, which
    judges merged and split sentences better, and the stretch is aligned again. With `reads`, a
    stretch that seems not to correspond is set apart only where the model reads its languages
    (see _unrelated_apart)."""
    n, m = len(src.lengths), len(tgt.lengths)
    if n == 0 or m == 0:
        return [(((i,), ()), 1.0) for i in range(n)] + [(((), (j,)), 1.0) for j in range(m)]
    path, features, params = aligned_features(src, tgt, params, progress, embed, reads)
    scores = [score * near for score, near in zip(confidences(path, features, params), local_correspondence(path, features))]
    return omissions_joined(list(zip(path, scores)), src.headings, tgt.headings)


def aligned_features(
    src: EmbeddedText,
    tgt: EmbeddedText,
    params: Params = Params(),
    progress: Progress | None = None,
    embed: Embed | None = None,
    reads: Reads | None = None,
) -> tuple[list[BeadIds], list[tuple[float, ...]], Params]:
    """The path `align` finds, the features its confidences are computed from, and the weights
    it used (the length weight depends on the anchors found): what benchmarks/calibrate.py fits."""
    n, m = len(src.lengths), len(tgt.lengths)
    src, tgt, embed = with_spelling(src, tgt, embed, params)
    if progress:
        progress("finding anchors", 0, 1)
    chain, src_hubs, tgt_hubs = anchors.find(src.vectors, tgt.vectors, params.anchor_window, params.neighbours, params.hub_neighbours)
    if progress:
        progress("finding anchors", 1, 1)
    lo, hi = band(chain, n, m, params.band_margin)
    points: list[tuple[int, int]] = []
    if src.headings is not None and tgt.headings is not None:  # chapters clearly paired bound the path
        points = chapters.bounds(src.vectors, tgt.vectors, src.lengths, tgt.lengths, src.headings, tgt.headings, chain)
        lo, hi = chapters.constrain(lo, hi, points)
    lo, hi = narrowed(lo, hi, sorted(set(chain) | set(points)), params.band_margin)
    params = _trusting_model(params, len(chain) / min(n, m))
    with ThreadPoolExecutor(2) as pool:  # numpy's sums of each side's runs leave the interpreter free: both at once
        src_runs, tgt_runs = pool.map(_Runs.of, (src, tgt), (src_hubs, tgt_hubs))
    ratio = length_ratio(chain, src.lengths, tgt.lengths)
    # long beads only where the second pass looks again: on a whole book they tripled the programme's time
    path = _best_path(src_runs, tgt_runs, lo, hi, ratio, replace(params, long_side=MAX_SIDE), progress)
    if embed is not None and src.texts is not None and tgt.texts is not None:
        speeches = (_short_speeches(src.texts, src.lengths, params), _short_speeches(tgt.texts, tgt.lengths, params))
        features = _features(path, src_runs, tgt_runs, ratio)
        *marks, sides = _uncertain(path, confidences(path, features, params), src.lengths, tgt.lengths, params, speeches)
        runs, embedded = (src_runs, tgt_runs), (src, tgt)
        whole = tuple(np.zeros(side.lengths.shape, dtype=bool) for side in runs)
        for k in (0, 1):
            whole[k][:, 0] = True  # a single sentence is always read whole
            wanted = [(end, size) for end, size, _ in _joined_runs(marks[k], runs[k].lengths[1:, 0], params.whole_side)]
            _embed_runs(runs[k], embedded[k].texts, whole[k], wanted + sorted(sides[k]), embed)
            _long_runs_as_read(runs[k], embedded[k].vectors, whole[k])
        if whole[0][:, 1:].any() or whole[1][:, 1:].any() or any(map(_longest_allowed, path)):
            path = _realign(path, src_runs, tgt_runs, lo, hi, ratio, params, (marks[0], marks[1]), progress)
            for k in (0, 1):  # the longer sides of the new merges there, to judge what they left out
                _embed_runs(runs[k], embedded[k].texts, whole[k], _unread_sides(path, k, marks[k], params.whole_side), embed)
            path = _left_out_detached(path, runs, whole, params)
    if len(chain) >= READ_ANCHORS * min(n, m):
        path = _unrelated_apart(path, src_runs, tgt_runs, (src.headings, tgt.headings), _stretch_read(src, tgt, reads))
    # anchors per sentence: translations 0.66 to 0.89, 0.45 to 0.85 of their first twenty or forty
    # sentences (benchmarks/anchor_density.py), texts that are not none; below READ_ANCHORS every
    # score is scaled down
    anchored = min(1.0, len(chain) / min(n, m) / READ_ANCHORS)
    return path, _features(path, src_runs, tgt_runs, ratio), replace(params, anchored=anchored)


def _stretch_read(src: EmbeddedText, tgt: EmbeddedText, reads: Reads | None) -> Callable[[list[BeadIds]], bool]:
    """Whether the model reads the languages of a stretch of beads, both sides (yes where not told)."""
    def read(stretch: list[BeadIds]) -> bool:
        if reads is None or src.texts is None or tgt.texts is None:
            return True
        return all(reads([side.texts[k] for bead in stretch for k in bead[n]]) for n, side in ((0, src), (1, tgt)))
    return read


def _unrelated_apart(path: list[BeadIds], src: _Runs, tgt: _Runs, headings: tuple[np.ndarray | None, np.ndarray | None],
                     read: Callable[[list[BeadIds]], bool] = lambda stretch: True) -> list[BeadIds]:
    """A stretch of UNRELATED_RUN two-sided beads or more in a row (one-sided beads among them) no
    more alike than random sentence pairs of the two texts usually are, as one-sided beads, the
    source's sentences first: there the texts do not correspond (a translator's introduction against
    an editor's preface), and the programme, which pays less for a poor pair than for two sentences
    left out, pairs them all the same. A bead holding a heading is never such a bead, nor a stretch
    in a language the model does not read (`read`): a book in Greek within a longer text, paired by
    lengths alone, had been set apart whole where the rest of the text gave anchors enough."""
    chance = _chance_similarity(src.vectors[1:, 0], tgt.vectors[1:, 0], _targets_on(path))

    def unlike(bead: BeadIds) -> bool | None:  # None: one-sided, neither breaking a stretch nor making one
        s, t = bead
        if not s or not t:
            return None
        if any(h is not None and bool(h[list(ids)].any()) for h, ids in zip(headings, (s, t))):
            return False
        return float(src.run(s[-1] + 1, len(s))[0] @ tgt.run(t[-1] + 1, len(t))[0]) < chance

    flags = [unlike(bead) for bead in path]
    out: list[BeadIds] = []
    start = 0
    while start < len(path):
        if flags[start] is not True:
            out.append(path[start])
            start += 1
            continue
        end = start  # the stretch: unlike beads, and one-sided beads between them
        while end < len(path) and flags[end] is not False:
            end += 1
        while flags[end - 1] is None:
            end -= 1
        stretch = path[start:end]
        if sum(flag is True for flag in flags[start:end]) >= UNRELATED_RUN and read(stretch):
            out += [((i,), ()) for s, _ in stretch for i in s] + [((), (j,)) for _, t in stretch for j in t]
        else:
            out += stretch
        start = end
    return out


def _chance_similarity(src: np.ndarray, tgt: np.ndarray, placed: np.ndarray, samples: int = 4000) -> float:
    """The similarity that random sentence pairs of the two texts stay under CHANCE_SHARE of the time:
    pairs away from the path (more than CHANCE_APART sentences from where it puts the source sentence,
    `placed`), or the text's own translations make up the chance where they are many of all pairs (a
    poem of twelve lines: one pair in twelve; its lines had all been set apart as not corresponding)."""
    rng = np.random.default_rng(0)
    i, j = rng.integers(0, len(src), samples), rng.integers(0, len(tgt), samples)
    away = np.abs(j - placed[i]) > CHANCE_APART
    if away.sum() >= samples // 4:  # a text too short to have pairs away from its path keeps them all
        i, j = i[away], j[away]
    return float(np.quantile(np.einsum("ij,ij->i", src[i], tgt[j]), CHANCE_SHARE))


def _targets_on(path: list[BeadIds]) -> np.ndarray:
    """(n,) for each source sentence, the target position where the path puts it."""
    placed, j = [], 0
    for s, t in path:
        placed += [j] * len(s)
        j += len(t)
    return np.array(placed)


def omissions_joined(beads: list[ScoredBead], src_headings: np.ndarray | None = None,
                     tgt_headings: np.ndarray | None = None) -> list[ScoredBead]:
    """Consecutive one-sided beads of the same side as one bead (its confidence their mean), up to
    OMISSION_RUN sentences: a few sentences left out together are one omission, as the field's gold
    alignments (TransRead, Text+Berg) record it, not a bead per sentence. A longer run is a gap in
    the book's structure (a preface, a missing chapter: gaps.py names it) and stays a sentence a bead.
    A heading left out is never joined with running text."""
    def heading(ids: tuple[int, ...], headings: np.ndarray | None) -> bool:
        return headings is not None and bool(headings[ids[0]])

    def kind(bead: ScoredBead) -> tuple[str, bool]:
        (s, t), _ = bead
        if s and t:
            return "", False
        return ("src", heading(s, src_headings)) if s else ("tgt", heading(t, tgt_headings))

    out: list[ScoredBead] = []
    for (side, _), group in groupby(beads, key=kind):
        run = list(group)
        if side and 1 < len(run) < OMISSION_RUN:
            ids = (tuple(i for (s, _), _ in run for i in s), tuple(j for (_, t), _ in run for j in t))
            out.append((ids, float(np.mean([score for _, score in run]))))
        else:
            out += run
    return out


def with_spelling(
    src: EmbeddedText, tgt: EmbeddedText, embed: Embed | None, params: Params = Params()
) -> tuple[EmbeddedText, EmbeddedText, Embed | None]:
    """The sides (and the second pass's embedding function) with the vectors of words spelled
    alike appended, where the texts are given and share a script (see spelling.py)."""
    if not params.shared_spelling or src.texts is None or tgt.texts is None:
        return src, tgt, embed
    spelling = SharedSpelling.of(src.texts, tgt.texts)
    if spelling is None:
        return src, tgt, embed
    share = params.shared_spelling
    src = replace(src, vectors=spelling.append(src.vectors, src.texts, share))
    tgt = replace(tgt, vectors=spelling.append(tgt.vectors, tgt.texts, share))
    if embed is not None:
        model = embed
        embed = lambda texts: spelling.append(model(texts), texts, share)  # noqa: E731
    return src, tgt, embed


def _trusting_model(params: Params, anchor_density: float) -> Params:
    """The weights for texts where the model found `anchor_density` anchors per sentence: on the
    development sets 0.66 to 0.89, on Greek (which the bundled model does not cover) 0.01, where
    a length weight of 1.0 instead of 0.25 takes strict F1 from 0.73 to 0.78. A sentence's own
    similarity means as little there: the weakest-sentence cost fades with the trust (Greek at
    full weight: 0.778 -> 0.763)."""
    trust = min(1.0, anchor_density / RELIABLE_ANCHORS)
    weight = trust * params.length_weight + (1 - trust) * params.unreliable_length_weight
    return replace(params, length_weight=weight, member_weight=trust * params.member_weight)


def bead_features(
    src: EmbeddedText, tgt: EmbeddedText, path: list[BeadIds], params: Params = Params()
) -> list[tuple[float, ...]]:
    """The features of each bead of a given `path` (a corrected one), from the sentences' own
    vectors: what the first pass would score it by."""
    src, tgt, _ = with_spelling(src, tgt, None, params)
    chain, *hubs = anchors.find(src.vectors, tgt.vectors, params.anchor_window, params.neighbours, params.hub_neighbours)
    runs = [_Runs.of(side, hub) for side, hub in ((src, hubs[0]), (tgt, hubs[1]))]
    return _features(path, runs[0], runs[1], length_ratio(chain, src.lengths, tgt.lengths))


def length_ratio(anchors: list[tuple[int, int]], src_lengths: np.ndarray, tgt_lengths: np.ndarray) -> float:
    """Characters of target per character of source: over the anchored pairs, since a preface,
    endnotes or a missing chapter throw the whole texts' ratio off (a 150-sentence preface
    doubles it on a short document); over the whole texts when anchors are few."""
    if len(anchors) < RATIO_ANCHORS:
        return float(tgt_lengths.sum() / max(1.0, src_lengths.sum()))
    # the stretches between consecutive anchors; their median ratio, weighted by their length
    src_ends, tgt_ends = (np.array(ids) + 1 for ids in zip(*anchors))
    src_chars = np.diff(np.concatenate([[0.0], np.cumsum(src_lengths)])[src_ends])
    tgt_chars = np.diff(np.concatenate([[0.0], np.cumsum(tgt_lengths)])[tgt_ends])
    ratios = tgt_chars / np.maximum(src_chars, 1.0)
    order = np.argsort(ratios)
    weights = np.cumsum((src_chars + tgt_chars)[order])
    return float(ratios[order][np.searchsorted(weights, weights[-1] / 2)])


def _best_path(
    src: _Runs, tgt: _Runs, lo: np.ndarray, hi: np.ndarray, ratio: float, params: Params, progress: Progress | None
) -> list[BeadIds]:
    """The dynamic programme over the band: the bead sequence of greatest total gain.

    Gaps are affine: a run of one-sided beads pays `skip_gain` for its first bead and
    `skip_extend` for each further one, so a passage without counterpart (a preface, a missing
    chapter) comes out as one run rather than being forced, a sentence at a time, into merges."""
    n, m = len(lo) - 1, int(hi[-1]) - 1
    sizes = np.arange(1, MAX_SIDE + 1)
    extend_steps = params.skip_extend * np.arange(m + 1)
    # a 0-1 run opened after cell x leaves out target sentence lo + x first: one that goes on from the
    # sentence before (see _continuations) pays the continuation cost, as a bead opening with it does
    tgt_goes_on = np.zeros(m + 2)
    if tgt.opens is not None:
        tgt_goes_on[: m + 1] = params.continuation_gain * tgt.opens[:, 0]
    # ... and so does a 1-0 run: src_opening[i], what one opening with source sentence i - 1 gains
    src_opening = params.skip_gain + (params.continuation_gain * src.opens[:, 0] if src.opens is not None else np.zeros(n + 1))
    # the a-b shapes of a row, a = 1..a_max, in the order of its gains: bead_code[k] codes shape k
    shape_a, shape_b = np.repeat(sizes, MAX_SIDE), np.tile(sizes, MAX_SIDE)
    bead_code = (shape_a * _CODE_BASE + shape_b).astype(np.int8)
    rows = _RecentRows(lo, hi, LONG_SIDE)  # best score of the paths reaching each cell of the band
    skip_rows = _RecentRows(lo, hi, 1)  # ... of those ending with a 1-0 bead
    back = _Back([], [], [], [])
    gains = _GainBlocks(lo, hi, src, tgt, ratio, params)
    for i in range(n + 1):
        width = hi[i] - lo[i]
        if i == 0:
            best = np.full(width, _NEG)
            best[0] = 0.0  # lo[0] == 0
            code = np.zeros(width, dtype=np.int8)  # a * _CODE_BASE + b of the last bead, 1-0 meaning "from skip"
            skip = np.full(width, _NEG)
            skip_extends = np.zeros(width, dtype=bool)
        else:
            a_max = min(MAX_SIDE, i)
            shapes = a_max * MAX_SIDE
            gain = gains.row(i)  # (a_max, width, MAX_SIDE)
            # flat[k, x]: the best path ending with a bead of shape k at target lo[i] + x
            flat = rows.before(i, shape_a[:shapes], shape_b[:shapes], width) + gain.transpose(0, 2, 1).reshape(shapes, width)
            codes = bead_code[:shapes]
            long_a, long_b, long_codes, long_gains = gains.long_row(i)
            if len(long_a):
                flat = np.concatenate([flat, rows.before(i, long_a, long_b, width) + long_gains])
                codes = np.concatenate([codes, long_codes])
            winner = np.argmax(flat, axis=0)  # the first of equals: a = 1, b = 1 first
            best = flat[winner, np.arange(width)]
            code = codes[winner]
            opened = rows.cells(i - 1, lo[i], width) + src_opening[i]
            extended = skip_rows.cells(i - 1, lo[i], width) + params.skip_extend
            skip_extends = extended > opened
            skip = np.maximum(opened, extended)
            better = skip > best
            best[better], code[better] = skip[better], _CODE_BASE
        # 0-1 runs within the row: opened after the best cell k < j, extended up to j
        steps = extend_steps[:width]
        before = np.maximum.accumulate(best + tgt_goes_on[lo[i] + 1 : lo[i] + 1 + width] - steps)
        tgt_skip = np.empty(width)
        tgt_skip[0] = _NEG
        tgt_skip[1:] = before[:-1] + steps[1:] + params.skip_gain - params.skip_extend
        tgt_wins = tgt_skip > best + 1e-9
        rows.store(i, np.maximum(best, tgt_skip))
        skip_rows.store(i, skip)
        back.code.append(code)
        back.skip_extends.append(skip_extends)
        back.tgt_wins.append(tgt_wins)
        back.row_best.append(best)
        if progress and (i % 2000 == 0 or i == n):
            progress("aligning", i, n)
    return _backtrack(back, lo, n, m, params)


def _longest_allowed(bead: BeadIds) -> bool:
    """Whether a side of the first pass's bead has MAX_SIDE sentences: one sentence rendering five may
    lie behind it, which only the second pass's long beads can take in, whether or not the budget let
    it read the bead again (five sentences written as one at eight places, benchmarks/structure.py
    on six sets: 124 -> 125 of 166; alice from its files 0.939 -> 0.941)."""
    return max(len(bead[0]), len(bead[1])) >= MAX_SIDE


def _realign(
    path: list[BeadIds], src: _Runs, tgt: _Runs, lo: np.ndarray, hi: np.ndarray, ratio: float, params: Params,
    marks: tuple[np.ndarray, np.ndarray], progress: Progress | None,
) -> list[BeadIds]:
    """The path aligned again where the second pass changed vectors, and where the first pass made
    a bead as long as it could (_longest_allowed): each stretch of beads holding marked sentences
    or such a bead, with REALIGN_CONTEXT beads either side, is aligned anew within the band, long
    beads allowed; elsewhere nothing changed, so neither can the path (on a book, half the time of
    a second full programme)."""
    touched = np.array([marks[0][list(s)].any() or marks[1][list(t)].any() or _longest_allowed((s, t))
                        for s, t in path], dtype=float)
    near = np.convolve(touched, np.ones(2 * REALIGN_CONTEXT + 1), mode="same") > 0
    starts = _bead_starts(path)
    out: list[BeadIds] = []
    k = 0
    while k < len(path):
        end = k + 1
        if near[k]:
            while end < len(path) and near[end]:
                end += 1
            (i0, j0), (i1, j1) = starts[k].tolist(), starts[end].tolist()
            band_lo = np.clip(lo[i0 : i1 + 1] - j0, 0, j1 - j0)
            band_hi = np.clip(hi[i0 : i1 + 1] - j0, 1, j1 - j0 + 1)
            stretch = _best_path(src.part(i0, i1), tgt.part(j0, j1), band_lo, band_hi, ratio, params, None)
            out += [(tuple(i + i0 for i in s), tuple(j + j0 for j in t)) for s, t in stretch]
        else:
            out.append(path[k])
        if progress:
            progress("second pass", end, len(path))
        k = end
    return out


@dataclass
class _Back:
    """What the backtrack needs, row by row over the band."""

    code: list[np.ndarray]  # last bead of the best path to each cell, 0-1 runs aside
    skip_extends: list[np.ndarray]  # the 1-0 bead ending there continues a run of 1-0 beads
    tgt_wins: list[np.ndarray]  # the best path to the cell ends with a run of 0-1 beads
    row_best: list[np.ndarray]  # best score to each cell, 0-1 runs aside


def _uncertain(path: list[BeadIds], confidence: list[float], src_lengths: np.ndarray, tgt_lengths: np.ndarray,
               params: Params, speeches: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Sentences worth a second look, each side's marked: those of the beads that are not confident
    1-1 beads, as many as a budget allows; and each side's runs (end, size) to read whole beyond
    the runs of up to whole_side marked sentences: the longer sides of those beads. The budget is in characters the model reads (its cost): a fraction
    of the characters of the sentences in confident two-sided beads plus a small allowance, so
    the second pass costs a bounded share of the first and next to nothing where the texts do not
    correspond. Inside a run of one-sided beads only its two ends are looked at. (Marking
    neighbours too costs three times the embedding for little gain on the development sets.)
    The doubtful beads are taken likeliest errors per character first, each where the runs it
    adds still fit the budget: one that does not is passed over, not the end of the look. On a
    free translation a long doubtful bead came early and left most of the budget unspent (emma
    0.793 -> 0.800; stal-ru-zh reads 0.4% more characters, benchmarks/second_pass.py).
    Besides the budget, where a merged side of a marked bead starts or ends with a short line of
    dialogue (`speeches`, see _short_speeches), the line is read whole with the sentence beyond it
    too (one of the `sides`), so that it is read with either neighbour: "Oh, je n'aimerais pas
    cela." / "" Oh !" / "Alice, petite folle," se répondit-elle." Summed, the short line's vector
    leans towards whichever neighbour it echoes (alice 0.941 -> 0.943, Text+Berg 0.923 -> 0.925;
    any short sentence instead: prince 0.975 -> 0.956, emma 0.793 -> 0.779). Marking the sentence
    beyond instead, as before, read every run through it: on Jane Eyre from its files 113,000
    characters beyond the budget's 198,000, now 47,000, the dev sets unchanged."""
    n, m = len(src_lengths), len(tgt_lengths)
    starts = _bead_starts(path)
    one_sided = [not (s and t) for s, t in path] + [False]
    doubtful = [
        k for k, ((s, t), score) in enumerate(zip(path, confidence))
        if (len(s) != 1 or len(t) != 1 or score < params.refine_below) and not (one_sided[k - 1] and one_sided[k + 1])
    ]
    src_before, tgt_before = (np.concatenate([[0.0], np.cumsum(lengths)]) for lengths in (src_lengths, tgt_lengths))
    chars = (np.diff(src_before[starts[:, 0]]) + np.diff(tgt_before[starts[:, 1]])).tolist()
    # the likeliest errors per character first: short doubtful beads are cheap to look at again
    doubtful.sort(key=lambda k: -(1 - confidence[k]) / (chars[k] + 1))
    budget = params.refine_allowance + params.refine_budget * sum(
        c for c, (s, t), score in zip(chars, path, confidence) if s and t and score >= 0.5)

    src_marks, tgt_marks = np.zeros(n, dtype=bool), np.zeros(m, dtype=bool)
    sides: tuple[set, set] = (set(), set())  # (end, size): longer sides of doubtful beads, read whole too
    chosen, spent = [], 0.0
    for k in doubtful:
        (i, j), (s, t) = starts[k].tolist(), path[k]
        price = (_marking_cost(src_marks, i, len(s), src_lengths, params.whole_side)
                 + _marking_cost(tgt_marks, j, len(t), tgt_lengths, params.whole_side))
        longer = [(side, (start + len(ids), len(ids))) for side, start, ids in ((0, i, s), (1, j, t))
                  if len(ids) > params.whole_side and (start + len(ids), len(ids)) not in sides[side]]
        price += sum(_side_chars(end, size, (src_lengths, tgt_lengths)[side]) for side, (end, size) in longer)
        if spent + price <= budget:  # one too dear is passed over, not the end of the look
            src_marks[i : i + len(s)] = True
            tgt_marks[j : j + len(t)] = True
            for side, run in longer:
                sides[side].add(run)
            chosen.append(k)
            spent += price
    if speeches is not None:
        for k in chosen:
            s, t = path[k]
            if s and t:
                sides[0].update(_speech_runs(s, speeches[0]))
                sides[1].update(_speech_runs(t, speeches[1]))
    return src_marks, tgt_marks, sides


def _side_chars(end: int, size: int, lengths: np.ndarray) -> float:
    """Characters of the run of `size` sentences ending before `end`, joined; none past what the model reads."""
    chars = float(lengths[end - size : end].sum()) + size - 1
    return chars if chars <= USE_MAX_CHARS else 0.0


def _speech_runs(ids: tuple[int, ...], speeches: np.ndarray) -> list[tuple[int, int]]:
    """(end, size) of the runs that read a merged side's opening short line of dialogue with the
    sentence before it, or its closing one with the sentence after it."""
    runs = []
    if len(ids) > 1 and speeches[ids[0]] and ids[0] > 0:
        runs += [(ids[0] + 1, 2)]
    if len(ids) > 1 and speeches[ids[-1]] and ids[-1] + 1 < len(speeches):
        runs += [(ids[-1] + 2, 2)]
    return runs


def _exclaimed(texts: Sequence[str]) -> np.ndarray:
    """(n,) 1.0 for a short sentence that exclaims or asks ("“Well!", "-- Quoi!", "Hélas! hélas!"): one
    segmentation cuts it off the speech or sentence it opens where the other does not, and it says too
    little to be judged alone (its weakest-sentence cost is waived)."""
    return np.array([float(len(text) < _EXCLAIMED_CHARS and text.rstrip().rstrip(_CLOSING)[-1:] in "!?")
                     for text in texts])


def _short_speeches(texts: Sequence[str], lengths: np.ndarray, params: Params) -> np.ndarray:
    """(n,) bool: sentences shorter than member_chars that open with a quotation mark or a dash,
    a line of dialogue ("" Oh !", "— Non, monsieur.", "» .")."""
    return np.array([text.strip()[:1] in DIALOGUE for text in texts]) & (lengths < params.member_chars)


def _bead_starts(path: list[BeadIds]) -> np.ndarray:
    """(source, target) position where each bead of the path starts, and where the path ends."""
    return np.cumsum([(0, 0)] + [(len(s), len(t)) for s, t in path], axis=0)


def _marking_cost(marks: np.ndarray, start: int, size: int, lengths: np.ndarray, longest: int) -> float:
    """Characters of the joined runs (_joined_runs) that marking sentences start..start+size-1
    adds: only runs through them change, and those reach MAX_SIDE - 1 sentences beyond."""
    first, end = max(0, start - MAX_SIDE + 1), min(len(marks), start + size + MAX_SIDE - 1)
    before, chars = marks[first:end].tolist(), lengths[first:end].tolist()
    after = before.copy()
    after[start - first : start - first + size] = [True] * size
    return _joined_chars(after, chars, longest) - _joined_chars(before, chars, longest)


def _joined_chars(marks: list[bool], lengths: list[float], longest: int) -> float:
    """The characters of all _joined_runs(marks, lengths), in plain Python: on the few sentences
    _marking_cost looks at, numpy's overhead was a tenth of the aligner's time on a book."""
    total = 0.0
    for end in range(2, len(marks) + 1):
        chars = -1.0  # a space joins the sentences
        for k in range(1, longest + 1):
            if k > end or not marks[end - k]:
                break
            chars += lengths[end - k] + 1
            if k > 1 and chars <= USE_MAX_CHARS:
                total += chars
    return total


def _joined_runs(marks: np.ndarray, lengths: np.ndarray, longest: int) -> list[tuple[int, int, float]]:
    """The runs of 2..MAX_SIDE consecutive marked sentences the model can read whole, as (end,
    size, characters): a longer run would be cut, and its summed vector judges it better."""
    marked = np.concatenate([[0], np.cumsum(marks)])
    chars = np.concatenate([[0.0], np.cumsum(lengths + 1)])  # a space joins the sentences
    runs = []
    for k in range(2, longest + 1):
        ends = np.flatnonzero(marked[k:] - marked[:-k] == k) + k
        sizes = chars[ends] - chars[ends - k] - 1
        runs += [(int(e), k, float(c)) for e, c in zip(ends, sizes) if c <= USE_MAX_CHARS]
    return runs


def _embed_runs(runs: _Runs, texts: Sequence[str], whole: np.ndarray, wanted: list[tuple[int, int]], embed: Embed) -> None:
    """Replace the summed vectors of the `wanted` runs (end, size) by embeddings of their joined
    text, where the model reads it whole (not yet read, not too long), and mark them in `whole`
    (indexed as _Runs.vectors)."""
    lengths = runs.lengths[1:, 0]
    wanted = [(end, size) for end, size in wanted if not whole[end, size - 1] and _side_chars(end, size, lengths)]
    if wanted:
        vectors = embed([" ".join(texts[end - size : end]) for end, size in wanted])
        ends, sizes = zip(*wanted)
        runs.vectors[list(ends), [size - 1 for size in sizes]] = vectors
        whole[list(ends), [size - 1 for size in sizes]] = True


def _long_runs_as_read(runs: _Runs, vectors: np.ndarray, whole: np.ndarray) -> None:
    """Move each long run's summed vector by the mean of what reading whole did to the runs of
    MAX_SIDE it holds, where any was read (`whole`, indexed as _Runs.vectors; `vectors`: the
    side's sentences). The second pass judges a run of up to MAX_SIDE sentences as the model reads
    it whole, a longer one by its summed vector, and reading whole brings a run nearer its
    translation than summing does: one sentence rendering five lost to the bead of four of them,
    the fifth going to a neighbour. Moved, the two are judged on one scale, with no embedding
    (five sentences written as one at eight places, benchmarks/structure.py on six sets: 120 ->
    124 of 166 found; Jane Eyre from its files 0.900 -> 0.912, a poem quoted in a sentence; the dev
    sets unchanged; moved by runs of three as well: one fewer)."""
    read = np.flatnonzero(whole[:, MAX_SIDE - 1])
    if not len(read):
        return
    summed = vectors[read[:, None] - np.arange(1, MAX_SIDE + 1)[None, :]].sum(axis=1)
    shift = runs.vectors[read, MAX_SIDE - 1] - summed / np.maximum(np.linalg.norm(summed, axis=1), 1e-9)[:, None]
    for k in range(LONG_SIDE - MAX_SIDE):  # the run of MAX_SIDE + 1 + k sentences holds k + 2 runs of MAX_SIDE
        ends = (read[:, None] + np.arange(k + 2)[None, :]).ravel()  # the long runs holding each run read
        inside = ends < len(whole)
        targets, slot = np.unique(ends[inside], return_inverse=True)
        total = np.zeros((len(targets), shift.shape[1]), dtype=shift.dtype)
        np.add.at(total, slot, np.repeat(shift, k + 2, axis=0)[inside])
        v = runs.long_vectors[targets, k] + total / np.bincount(slot)[:, None]
        runs.long_vectors[targets, k] = v / np.maximum(np.linalg.norm(v, axis=1), 1e-9)[:, None]


def _unread_sides(path: list[BeadIds], side: int, marks: np.ndarray, longest: int) -> list[tuple[int, int]]:
    """(end, size) of the sides of more than `longest` (up to MAX_SIDE) sentences, all marked, of
    the two-sided beads of `path`."""
    return [(ids[-1] + 1, len(ids)) for ids, other in ((bead[side], bead[1 - side]) for bead in path)
            if other and longest < len(ids) <= MAX_SIDE and marks[list(ids)].all()]


def _left_out_detached(path: list[BeadIds], runs: tuple[_Runs, _Runs], whole: tuple[np.ndarray, np.ndarray],
                       params: Params) -> list[BeadIds]:
    """The path with the sentences the other text leaves out taken out of the merged beads that
    hide them (the skip costs more than a merge, and lengths often favour the merge), as 1-0 or
    0-1 beads beside them. Read as one text, a merged side grows more like the other side with
    each sentence the other side renders and less like it with one it leaves out; the sum of the
    sentence vectors tells them apart far less well (benchmarks/left_out.py --param
    detach_gain=99: without the sentence, more alike by 0.05 for 11 of 1158 first or last
    sentences of right merges and 7 of 25 sentences left out, read as one text; summed, 87 and
    12). So the first or last sentences of a merged side whose removal makes the side, read as one
    text, more like the other by detach_gain are detached, and again while some are: a run left out
    comes out whole. A run is tried whole too, not only a sentence at a time: one sentence of a
    digression taken out leaves the others to colour the side (three sentences left out in a row at
    eight places, `benchmarks/structure.py --sets prince-en-ru`, cases left-out and added: 0.937 ->
    0.943 and 0.948 -> 0.960).
    Only sides the second pass read as one text, with no embedding of its own."""
    out: list[BeadIds] = []
    for bead in path:
        merged = bool(bead[0] and bead[1]) and len(bead[0]) + len(bead[1]) > 2
        out += _peeled(bead, runs, whole, params) if merged else [bead]
    return out


def _peeled(bead: BeadIds, runs: tuple[_Runs, _Runs], whole: tuple[np.ndarray, np.ndarray], params: Params) -> list[BeadIds]:
    """The bead as (detached sentences before, what is left, detached sentences after)."""
    before: list[BeadIds] = []
    after: list[BeadIds] = []
    core = list(bead)
    # a short sentence ("Dring !") moves the side's vector by chance: it must move it further,
    # as a short one costs a merge less in _weak_members (Text+Berg 0.912 -> 0.916 at 0.05)
    # sentences left out together are taken out together: one of them alone leaves the others to
    # blur the side, and taking it out barely changes it
    def needed(side: int, removed: tuple[int, ...]) -> float:
        chars = float(sum(runs[side].lengths[i + 1, 0] for i in removed))
        return params.detach_gain * params.member_chars / min(params.member_chars, max(1.0, chars))

    while core[0] and core[1]:
        best = None  # (gain of the removal, side, removed sentences, the rest)
        for side in (0, 1):
            ids, other = core[side], core[1 - side]
            if not 2 <= len(ids) <= MAX_SIDE or len(other) > MAX_SIDE or not whole[1 - side][other[-1] + 1, len(other) - 1]:
                continue
            full = _read_whole(runs[side], whole[side], ids)
            if full is None:
                continue
            target = runs[1 - side].vectors[other[-1] + 1, len(other) - 1]
            for r in range(1, len(ids)):
                for removed, rest in ((ids[:r], ids[r:]), (ids[-r:], ids[:-r])):
                    if _goes_on(runs[side], max(removed[0], rest[0])):
                        continue  # "demanda-t-il." is never taken from its question
                    rest_vector = _read_whole(runs[side], whole[side], rest)
                    if rest_vector is None:
                        continue
                    change = float(rest_vector @ target - full @ target)
                    if change >= needed(side, removed) and (best is None or change > best[0]):
                        best = (change, side, removed, rest)
        if best is None:
            break
        _, side, removed, rest = best
        alone: list[BeadIds] = [((i,), ()) if side == 0 else ((), (i,)) for i in removed]
        if removed[0] < rest[0]:
            before += alone
        else:
            after[:0] = alone
        core[side] = rest
    return before + [(core[0], core[1])] + after


def _goes_on(runs: _Runs, i: int) -> bool:
    """Whether sentence i goes on from the one before (see _continuations)."""
    return runs.opens is not None and bool(runs.opens[i + 1, 0])


def _read_whole(runs: _Runs, whole: np.ndarray, ids: tuple[int, ...]) -> np.ndarray | None:
    """The vector of consecutive sentences `ids` where the model read them as one text, else None."""
    end, size = ids[-1] + 1, len(ids)
    return runs.vectors[end, size - 1] if whole[end, size - 1] else None


class _RecentRows:
    """The programme's last `depth` rows, each in a line of -inf wide enough that its cells at any
    target prefixes a later row reads (the later row's band, less up to `depth` cells in front) are
    a slice of it: copying each into a fresh array of -inf was a fifth of the programme's time."""

    def __init__(self, lo: np.ndarray, hi: np.ndarray, depth: int) -> None:
        self.lo = lo
        back = range(1, min(depth, len(lo) - 1) + 1)
        # how far before its own band a row may be read, and how far beyond
        self.pad = depth + max([0, *(int(np.max(lo[:-a] - lo[a:])) for a in back)])
        reach = max([int(np.max(hi - lo)), *(int(np.max(hi[a:] - lo[:-a])) for a in back)])
        self.lines = np.full((depth + 1, self.pad + reach), _NEG)

    def store(self, i: int, row: np.ndarray) -> None:
        """Keep row i (its cells at target prefixes lo[i]..hi[i]-1)."""
        line = self.lines[i % len(self.lines)]
        line[self.pad : self.pad + len(row)] = row
        line[self.pad + len(row) :] = _NEG

    def before(self, i: int, a: np.ndarray, b: np.ndarray, width: int) -> np.ndarray:
        """Row i - a[k]'s cells at target prefixes lo[i] - b[k] + x, x < width, shaped (len(a), width):
        where the beads a-b ending at row i's cells start (-inf outside their band): one gather for
        all shapes, not a slice and a copy for each."""
        start = self.pad + int(self.lo[i]) - self.lo[i - a] - b
        return self.lines[((i - a) % len(self.lines))[:, None], start[:, None] + np.arange(width)]

    def cells(self, i: int, first: int, width: int) -> np.ndarray:
        """Row i's cells at target prefixes first..first+width-1, -inf outside its band (a view)."""
        start = self.pad + first - int(self.lo[i])
        return self.lines[i % len(self.lines), start : start + width]


class _GainBlocks:
    """Gains of the a-b beads (a, b >= 1) of the programme's rows, computed a block of consecutive
    rows at a time over the union of their bands: on a band of a few dozen cells numpy's cost per
    call outweighs the arithmetic, so one matrix product for a block beats several for each row.
    A block covers the union of its rows' bands, wider than any one of them along a diagonal, so
    its rows are few: 24 rather than 64 took the programmes on stal-ru-zh 0.1 s less (2.42 -> 2.32 s
    for the aligner, cached vectors), and the cells cap keeps a wide band's blocks large."""

    def __init__(self, lo: np.ndarray, hi: np.ndarray, src: _Runs, tgt: _Runs, ratio: float, params: Params) -> None:
        self.lo, self.hi, self.src, self.tgt, self.ratio, self.params = lo, hi, src, tgt, ratio, params
        self.long_shapes = np.maximum(_LONG_A, _LONG_B) <= params.long_side  # the long shapes allowed at all
        sizes = np.arange(1, MAX_SIDE + 1)
        self.merge = params.merge_gain * ((sizes[:, None, None] - 1) + (sizes[None, None, :] - 1))  # (a, 1, b)
        self.first = self.last = self.left = 0
        self.block = np.empty((0, MAX_SIDE, 0, MAX_SIDE))
        self.long_block = np.empty((0, len(_LONG_SHAPES), 0))

    def row(self, i: int) -> np.ndarray:
        """Gains of the beads (their merge costs in) ending before source i (>= 1) and target lo[i]..hi[i]-1, shaped
        (min(i, MAX_SIDE), hi[i] - lo[i], MAX_SIDE)."""
        if not self.first <= i < self.last:
            self._compute(i)
        a_max, lo, hi = min(MAX_SIDE, i), int(self.lo[i]), int(self.hi[i])
        gain = self.block[i - self.first, :a_max, lo - self.left : hi - self.left]
        forbidden = chapters.forbidden(self.src.kinds, self.tgt.kinds, i, a_max, lo, hi, MAX_SIDE)  # a heading is a bead of its own
        if forbidden is not None:
            gain[forbidden] = _NEG
        return gain

    def long_row(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The long shapes (see _LONG_SHAPES) a bead ending before source i may take, as their sides
        a and b, their codes, and their gains at target lo[i]..hi[i]-1, shaped (shapes, hi[i] - lo[i])."""
        allowed = self.long_shapes & (_LONG_A <= i)
        if not allowed.any():
            return _NO_SHAPES
        if not self.first <= i < self.last:
            self._compute(i)
        lo, hi = int(self.lo[i]), int(self.hi[i])
        gain = self.long_block[i - self.first, allowed, lo - self.left : hi - self.left]
        forbidden = chapters.forbidden_shapes(self.src.kinds, self.tgt.kinds, i, _LONG_A[allowed], _LONG_B[allowed], lo, hi)
        if forbidden is not None:
            gain[forbidden] = _NEG
        return _LONG_A[allowed], _LONG_B[allowed], _LONG_CODES[allowed], gain

    def _compute(self, first: int) -> None:
        last, left, right = first + 1, int(self.lo[first]), int(self.hi[first])
        while last < min(first + _BLOCK_ROWS, len(self.lo)):  # up to _BLOCK_CELLS cells of the union
            wider = max(right, int(self.hi[last])) - min(left, int(self.lo[last]))
            if wider * (last + 1 - first) > _BLOCK_CELLS:
                break
            left, right, last = min(left, int(self.lo[last])), max(right, int(self.hi[last])), last + 1
        self.first, self.last, self.left = first, last, left
        self.block = _block_gains(first, last, left, right, self.src, self.tgt, self.ratio, self.params) + self.merge
        if self.params.long_side > MAX_SIDE:
            self.long_block = _block_long_gains(first, last, left, right, self.src, self.tgt, self.ratio, self.params)


def _block_gains(first: int, last: int, left: int, right: int, src: _Runs, tgt: _Runs, ratio: float, params: Params) -> np.ndarray:
    """Gains of the a-b beads ending before source i = first..last-1 and target left..right-1,
    shaped (last - first, MAX_SIDE, right - left, MAX_SIDE); entries of runs longer than the
    text are meaningless."""
    rows, width = last - first, right - left
    targets = tgt.vectors[left:right].reshape(width * MAX_SIDE, -1)  # contiguous: one matrix product
    runs = src.vectors[first:last].reshape(rows * MAX_SIDE, -1)
    sims = (runs @ targets.T).reshape(rows, MAX_SIDE, width, MAX_SIDE)
    hubs = (src.hubs[first:last, :, None, None] + tgt.hubs[None, None, left:right]) / 2
    gain = params.sim_weight * (sims - params.hub_weight * hubs - params.sim_threshold)
    gain *= _SIZE_FACTORS ** params.size_power
    gain -= params.length_weight * _length_misfit(src.lengths[first:last, :, None, None], tgt.lengths[None, None, left:right], ratio)
    if src.opens is not None:
        gain += params.continuation_gain * src.opens[first:last, :MAX_SIDE, None, None]
    if tgt.opens is not None:
        gain += params.continuation_gain * tgt.opens[None, None, left:right, :MAX_SIDE]
    if src.announced is not None and tgt.announced is not None:
        gain += params.colon_gain * _one_side_announced(src.announced[first:last, :MAX_SIDE, None, None],
                                                        tgt.announced[None, None, left:right, :MAX_SIDE])
    if src.ends is not None and tgt.ends is not None:  # and so `crossed`, derived from them
        gain += params.paragraph_gain * (src.ends[first:last, None, None, None] * tgt.ends[None, None, left:right, None])
        gain -= params.paragraph_crossing * np.abs(src.crossed[first:last, :MAX_SIDE, None, None]
                                                   - tgt.crossed[None, None, left:right, :MAX_SIDE])
    if params.member_weight:
        gain -= params.member_weight * _weak_members(first, last, left, right, runs, targets, src, tgt, params)
    return gain


def _weak_members(first: int, last: int, left: int, right: int, runs: np.ndarray, targets: np.ndarray, src: _Runs,
                  tgt: _Runs, params: Params) -> np.ndarray:
    """The largest shortfall among the sentences of either merged side of the a-b beads (as
    _block_gains): each sentence's similarity to the other side's run, less its usual level
    (hubness), below member_floor, scaled down for a sentence shorter than member_chars. Sides of
    one sentence are the run itself and owe nothing here. `runs` and `targets` are the source and
    target runs' vectors as _block_gains flattened them. Shaped (last - first, MAX_SIDE, right - left, MAX_SIDE)."""
    rows, width = last - first, right - left
    # source sentence i-1-k (the run of one ending before i-k) against each target run, k = 0..MAX_SIDE-1
    base = max(first - MAX_SIDE + 1, 0)
    short = np.maximum(0.0, params.member_floor - src.vectors[base:last, 0] @ targets.T + src.hubs[base:last, 0, None])
    short *= np.minimum(1.0, src.lengths[base:last, 0] / params.member_chars)[:, None]
    if src.exclaimed is not None:
        short *= 1.0 - src.exclaimed[base:last, None]
    behind = np.maximum(np.arange(first, last)[:, None] - np.arange(MAX_SIDE)[None, :] - base, 0)  # k >= i: never read
    src_weak = np.maximum.accumulate(short[behind].reshape(rows, MAX_SIDE, width, MAX_SIDE), axis=1)  # [a - 1]: the last a
    src_weak[:, 0] = 0.0
    # target sentences before left..right-1 against each source run, padded so that column
    # MAX_SIDE + x - b holds sentence left + x - b (the first of the run of b ending before left + x)
    start = max(left - MAX_SIDE, 0)
    cols = slice(start + 1, right)
    tshort = np.maximum(0.0, params.member_floor - runs @ tgt.vectors[cols, 0].T + tgt.hubs[cols, 0][None, :])
    tshort *= np.minimum(1.0, tgt.lengths[cols, 0] / params.member_chars)[None, :]
    if tgt.exclaimed is not None:
        tshort *= 1.0 - tgt.exclaimed[cols][None, :]
    padded = np.zeros((rows * MAX_SIDE, MAX_SIDE + width))
    padded[:, MAX_SIDE - (left - start) : MAX_SIDE + width - 1] = tshort
    tgt_weak = np.zeros((rows * MAX_SIDE, width, MAX_SIDE))
    running = np.zeros((rows * MAX_SIDE, width))
    for b in range(1, MAX_SIDE + 1):  # the run of b target sentences ending before left + x: x-b..x-1
        running = np.maximum(running, padded[:, MAX_SIDE - b : MAX_SIDE - b + width])
        tgt_weak[:, :, b - 1] = running
    tgt_weak[:, :, 0] = 0.0
    return np.maximum(src_weak, tgt_weak.reshape(rows, MAX_SIDE, width, MAX_SIDE))


def _block_long_gains(first: int, last: int, left: int, right: int, src: _Runs, tgt: _Runs, ratio: float,
                      params: Params) -> np.ndarray:
    """Gains of the long beads of every shape of _LONG_SHAPES ending before source i = first..last-1
    and target left..right-1, shaped (last - first, len(_LONG_SHAPES), right - left): as
    _block_gains', their lengths weighed long_length times."""
    def runs_of(runs: _Runs, rows: slice) -> tuple[np.ndarray, ...]:  # (rows, len(_LONG_RUNS), ...)
        return tuple(np.concatenate([short[rows, :2], long[rows]], axis=1) for short, long in
                     ((runs.vectors, runs.long_vectors), (runs.lengths, runs.long_lengths), (runs.hubs, runs.long_hubs)))

    a, b = [_LONG_RUNS.index(size) for size in _LONG_A], [_LONG_RUNS.index(size) for size in _LONG_B]
    src_vectors, src_lengths, src_hubs = runs_of(src, slice(first, last))
    tgt_vectors, tgt_lengths, tgt_hubs = runs_of(tgt, slice(left, right))
    rows, width, kinds = last - first, right - left, len(_LONG_RUNS)
    sims = (src_vectors.reshape(rows * kinds, -1) @ tgt_vectors.reshape(width * kinds, -1).T).reshape(rows, kinds, width, kinds)
    sims = sims[:, a, :, b].transpose(1, 0, 2)  # (rows, shapes, width)
    hubs = (src_hubs[:, a, None] + tgt_hubs[:, b].T[None]) / 2
    gain = params.sim_weight * (sims - params.hub_weight * hubs - params.sim_threshold)
    gain *= (((_LONG_A + _LONG_B) / 2) ** params.size_power)[None, :, None]
    gain += (params.merge_gain * (_LONG_A + _LONG_B - 2))[None, :, None]
    gain -= params.long_length * params.length_weight * _length_misfit(src_lengths[:, a, None], tgt_lengths[:, b].T[None], ratio)
    if src.opens is not None:
        gain += params.continuation_gain * src.opens[first:last][:, _LONG_A - 1, None]
    if tgt.opens is not None:
        gain += params.continuation_gain * tgt.opens[left:right][:, _LONG_B - 1].T[None]
    if src.announced is not None and tgt.announced is not None:
        gain += params.colon_gain * _one_side_announced(src.announced[first:last][:, _LONG_A - 1, None],
                                                        tgt.announced[left:right][:, _LONG_B - 1].T[None])
    if src.ends is not None and tgt.ends is not None:  # and so `crossed`, derived from them
        gain += params.paragraph_gain * (src.ends[first:last, None, None] * tgt.ends[None, None, left:right])
        gain -= params.paragraph_crossing * np.abs(src.crossed[first:last][:, _LONG_A - 1, None]
                                                   - tgt.crossed[left:right][:, _LONG_B - 1].T[None])
    return gain


def _length_misfit(ls: np.ndarray, lt: np.ndarray, ratio: float) -> np.ndarray:
    """Gale-Church: half the squared standardised difference of the character lengths, capped,
    both lengths brought halfway to each other's scale (`ratio`: target characters per source
    character), so that the fit is the same whichever text is the source. In the source's units,
    as Gale and Church measured, it was not: with four English characters a Chinese one, English to
    Chinese weighed lengths a third as much as Chinese to English (MAC-test 0.859 against 0.885,
    now 0.876 both ways), and the development sets turned round (the translation as the source)
    lost up to 0.04 (benchmarks/directions.py)."""
    halfway = np.sqrt(ratio)
    ls, lt = ls * halfway, lt / halfway
    delta = (lt - ls) / np.sqrt(6.8 * (ls + lt) / 2 + 1.0)
    return 0.5 * np.minimum(delta**2, 25.0)


def _backtrack(back: _Back, lo: np.ndarray, n: int, m: int, params: Params) -> list[BeadIds]:
    beads: list[BeadIds] = []
    i, j = n, m
    after_tgt_run = False  # a 0-1 run opens after a cell's best path that is not itself one
    while i > 0 or j > 0:
        if not after_tgt_run and back.tgt_wins[i][j - lo[i]]:
            # the run opened after the cell k that maximises best[k] + skip_extend * (j - k - 1)
            span = np.arange(lo[i], j)
            k = int(span[np.argmax(back.row_best[i][span - lo[i]] + params.skip_extend * (j - span - 1))])
            beads.extend(((), (t,)) for t in range(j - 1, k - 1, -1))
            j, after_tgt_run = k, True
            continue
        after_tgt_run = False
        a, b = divmod(int(back.code[i][j - lo[i]]), _CODE_BASE)
        if b == 0:  # a run of 1-0 beads
            while True:
                beads.append(((i - 1,), ()))
                extends = back.skip_extends[i][j - lo[i]]
                i -= 1
                if not extends:
                    break
            continue
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]


def _features(path: list[BeadIds], src: _Runs, tgt: _Runs, ratio: float) -> list[tuple[float, ...]]:
    """Per bead: (similarity above the sentences' usual similarity to their neighbours, margin
    over the bead shifted by one on either side, length misfit) for two-sided beads; for 1-0 and
    0-1 beads, (best similarity to a nearby sentence of the other side above its usual,)."""
    sv, tv = src.vectors, tgt.vectors
    n, m = len(sv) - 1, len(tv) - 1
    features: list[tuple[float, ...]] = []
    i = j = 0  # sentences of each side consumed so far
    for src_ids, tgt_ids in path:
        a, b = len(src_ids), len(tgt_ids)
        if a and b:
            bead, src_length, src_hub = src.run(i + a, a)
            other, tgt_length, tgt_hub = tgt.run(j + b, b)
            sim = float(bead @ other)
            shifted = [float(bead @ tgt.run(e, b)[0]) for e in (j + b - 1, j + b + 1) if b <= e <= m]
            shifted += [float(src.run(e, a)[0] @ other) for e in (i + a - 1, i + a + 1) if a <= e <= n]
            misfit = float(_length_misfit(src_length, tgt_length, ratio))
            usual = (src_hub + tgt_hub) / 2
            features.append((sim - usual, sim - max(shifted, default=0.0), misfit))
        elif a:  # a source sentence left out: how like the target sentences around it is it?
            nearby = tv[max(1, j - 1) : min(m, j + 2) + 1, 0] @ sv[i + 1, 0]
            features.append((float(np.max(nearby)) - src.hubs[i + 1, 0],))
        else:
            nearby = sv[max(1, i - 1) : min(n, i + 2) + 1, 0] @ tv[j + 1, 0]
            features.append((float(np.max(nearby)) - tgt.hubs[j + 1, 0],))
        i, j = i + a, j + b
    return features


def confidences(path: list[BeadIds], features: list[tuple[float, ...]], params: Params = Params()) -> list[float]:
    """Each bead's probability of being right: a logistic model of its features (weights fitted
    by benchmarks/calibrate.py), times how far the texts correspond as a whole. The development
    sets are all translations, so the fitted weights cannot know what unrelated texts look like:
    where less than CORRESPONDING of all sentences lie in two-sided beads more similar than their
    sentences usually are to their neighbours, every score is scaled down in proportion, and so it
    is where the anchors are few (params.anchored)."""
    scores = [_logistic(f, params.pair_confidence if len(f) > 1 else params.skip_confidence) for f in features]
    paired = sum(len(s) + len(t) for (s, t), f in zip(path, features) if s and t and f[0] > 0)
    total = sum(len(s) + len(t) for s, t in path)
    believed = min(1.0, paired / max(1, total) / CORRESPONDING) * params.anchored
    return [score * believed for score in scores]


def local_correspondence(path: list[BeadIds], features: list[tuple[float, ...]]) -> list[float]:
    """How far the texts correspond around each bead, 0 to 1, as `confidences` judges the texts as a
    whole: the share of the sentences within LOCAL_BEADS beads either side that lie in two-sided beads
    more similar than their sentences usually are, over CORRESPONDING. A translator's preface the
    original lacks is mostly one-sided beads, and the few pairs the programme makes there (Ormsby's
    preface to Don Quixote against Cervantes' licences: "Fecha en Valladolid…" / "At sixty-eight he
    was as full of life…") had been as confident as any. Applied to the final scores only: the second
    pass looks again where `confidences` says."""
    sizes = np.array([len(s) + len(t) for s, t in path], dtype=float)
    paired = np.array([len(s) + len(t) if s and t and f[0] > 0 else 0 for (s, t), f in zip(path, features)], dtype=float)
    total, found = np.concatenate([[0.0], np.cumsum(sizes)]), np.concatenate([[0.0], np.cumsum(paired)])
    k = np.arange(len(path))
    lo, hi = np.maximum(k - LOCAL_BEADS, 0), np.minimum(k + LOCAL_BEADS + 1, len(path))
    return np.minimum(1.0, (found[hi] - found[lo]) / np.maximum(1.0, total[hi] - total[lo]) / CORRESPONDING).tolist()


def _logistic(features: tuple[float, ...], weights: tuple[float, ...]) -> float:
    z = weights[0] + sum(w * f for w, f in zip(weights[1:], features))
    return float(1.0 / (1.0 + np.exp(-z)))
