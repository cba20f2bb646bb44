"""Evaluation against gold data: bead alignments (strict/lax F1) and sentence boundaries.

The alignment metric is Sennrich & Volk (2011) as scored by Vecalign: a strict hit is a bead
identical to a gold bead; a lax hit shares at least one source and one target sentence with a
gold bead. Precision counts every predicted bead; recall ignores beads with an empty side.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import aligner
from .pipeline import align_sides, read_side
from .records import AlignError
from .segment import read_lines

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]


def parse_beads(text: str) -> list[BeadIds]:
    """Parse Vecalign/Bleualign bead lines such as `[0]:[0, 1]` and `[4]:[]`."""
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            left, right = (ast.literal_eval(part.strip()) for part in line.split(":"))
            if not all(isinstance(side, list) and all(type(i) is int for i in side) for side in (left, right)):
                raise ValueError
            beads.append((tuple(left), tuple(right)))
        except (ValueError, SyntaxError):
            raise AlignError(f"line {number}: not a bead like [0]:[0, 1]: {line.strip()[:60]!r}") from None
    return beads


def _counts(gold: Sequence[BeadIds], test: Sequence[BeadIds]) -> tuple[int, int, int, int]:
    """Strict hits, strict misses, lax hits, lax misses of `test` judged against `gold`."""
    gold_set = {bead for bead in gold if bead[0] or bead[1]}
    gold_targets: dict[int, set[int]] = defaultdict(set)
    for src, tgt in gold_set:
        for i in src:
            gold_targets[i].update(tgt)
    strict_hit = strict_miss = lax_hit = lax_miss = 0
    for bead in {bead for bead in test if bead[0] or bead[1]}:
        if bead in gold_set:
            strict_hit += 1
            lax_hit += 1
            continue
        strict_miss += 1
        reachable = set().union(*(gold_targets[i] for i in bead[0]))
        if reachable & set(bead[1]):
            lax_hit += 1
        else:
            lax_miss += 1
    return strict_hit, strict_miss, lax_hit, lax_miss


@dataclass(frozen=True)
class Score:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float


def _both_sides(beads: Sequence[BeadIds]) -> list[BeadIds]:
    return [bead for bead in beads if bead[0] and bead[1]]


def score(gold_docs: Sequence[Sequence[BeadIds]], test_docs: Sequence[Sequence[BeadIds]]) -> Score:
    """Pool the counts over documents, then compute precision, recall and F1."""
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(gold_docs, test_docs, strict=True):
        p = [x + y for x, y in zip(p, _counts(gold, test))]
        r = [x + y for x, y in zip(r, _counts(_both_sides(test), _both_sides(gold)))]
    ps, rs = _ratio(p[0], p[1]), _ratio(r[0], r[1])
    pl, rl = _ratio(p[2], p[3]), _ratio(r[2], r[3])
    return Score(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl))


def _ratio(hit: int, miss: int) -> float:
    return hit / (hit + miss) if hit + miss else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class GoldDoc:
    src: Path  # one sentence per line
    tgt: Path
    gold: Path  # beads, source ids first


def gold_sets(corpora: Path) -> dict[str, list[GoldDoc]]:
    """The gold sets under a corpora folder (layout of shared/README.md), by folder name."""
    sets: dict[str, list[GoldDoc]] = {}
    folders = [p for p in corpora.iterdir() if p.is_dir()]
    # a collection such as transread/ holds pair folders one level down
    folders += [p for c in folders if c.name.count("-") < 2 for p in c.iterdir() if p.is_dir()]
    for folder in sorted((p for p in folders if p.name.count("-") >= 2), key=lambda p: p.name):
        src, tgt = folder.name.split("-")[-2:]
        if (folder / "gold.txt").exists():
            sets[folder.name] = [GoldDoc(folder / f"{src}.txt", folder / f"{tgt}.txt", folder / "gold.txt")]
        elif (folder / "gold").is_dir():
            golds = sorted((folder / "gold").iterdir())
            sets[folder.name] = [GoldDoc(folder / src / g.name, folder / tgt / g.name, g) for g in golds]
    return sets


def boundary_f1(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    """Sentence-boundary precision, recall and F1 of a segmentation against a gold one.

    Whitespace is removed from both; a boundary is the offset in the concatenated text
    where a sentence ends, the end of the text excluded. Both segmentations must cover
    the same text once whitespace is removed.
    """

    def boundaries(segments: list[str]) -> tuple[set[int], str]:
        pieces = ["".join(segment.split()) for segment in segments]
        ends, offset = set(), 0
        for piece in pieces:
            offset += len(piece)
            ends.add(offset)
        ends.discard(offset)
        return ends, "".join(pieces)

    found, found_text = boundaries(predicted)
    wanted, wanted_text = boundaries(gold)
    if found_text != wanted_text:
        raise ValueError(
            f"segmentations cover different texts ({len(found_text)} vs {len(wanted_text)} characters)"
        )
    hits = len(found & wanted)
    precision = hits / len(found) if found else float(not wanted)
    recall = hits / len(wanted) if wanted else float(not found)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def align_gold_doc(doc: GoldDoc, embedder, params) -> list[BeadIds]:
    """Align a gold document's one-sentence-per-line files as `align run --presplit` does."""
    src, tgt = read_side(doc.src, presplit=True), read_side(doc.tgt, presplit=True)
    return [(b.src, b.tgt) for b in align_sides(src, tgt, embedder, params).beads]


def align_raw_doc(doc: GoldDoc, embedder, params) -> list[BeadIds] | None:
    """End to end: align the document's raw files (raw_<lang>.txt beside the gold segmentation)
    as `align run` does, then project the beads onto the gold sentences; None without raw files."""
    raw = [path.with_name(f"raw_{path.name}") for path in (doc.src, doc.tgt)]
    if not all(path.exists() for path in raw):
        return None
    src, tgt = (read_side(path, path.stem[4:]) for path in raw)
    beads = [(b.src, b.tgt) for b in align_sides(src, tgt, embedder, params).beads]
    gold_lines = [read_lines(p) for p in (doc.src, doc.tgt)]
    return project(
        beads,
        ([s.text for s in src.sentences], gold_lines[0]),
        ([s.text for s in tgt.sentences], gold_lines[1]),
    )


def length_only(doc: GoldDoc) -> list[BeadIds]:
    """The length-only baseline: this project's dynamic programme with its length cost alone (no
    embeddings, no anchors, over the full search space), bead costs close to Gale & Church's priors."""
    def side(path: Path) -> aligner.EmbeddedText:
        lines = read_lines(path)
        return aligner.EmbeddedText(np.zeros((len(lines), 1), dtype=np.float32), np.array([len(s) for s in lines], float))

    params = aligner.Params(sim_weight=0.0, length_weight=1.0, skip_gain=-4.6, skip_extend=-4.6, merge_gain=-2.4, band_margin=10**9)
    return [bead for bead, _ in aligner.align(side(doc.src), side(doc.tgt), params)]


def project(beads: Sequence[BeadIds], src: tuple[list[str], list[str]], tgt: tuple[list[str], list[str]]) -> list[BeadIds]:
    """Beads over one segmentation re-expressed over another of the same texts (`(segmented,
    gold)` for each side): each bead covers the gold sentences its sentences overlap, so an
    end-to-end alignment of raw files can be scored against gold beads. Beads that come to share
    a gold sentence are merged."""
    maps = [_overlaps(*side) for side in (src, tgt)]
    merged: list[tuple[set[int], set[int]]] = []
    for bead in beads:
        ids = [set().union(*(maps[side][i] for i in bead[side])) for side in (0, 1)]
        if merged and (merged[-1][0] & ids[0] or merged[-1][1] & ids[1]):
            merged[-1][0].update(ids[0])
            merged[-1][1].update(ids[1])
        else:
            merged.append((ids[0], ids[1]))
    return [(tuple(sorted(s)), tuple(sorted(t))) for s, t in merged if s or t]


def _overlaps(segmented: list[str], gold: list[str]) -> list[set[int]]:
    """For each segmented sentence, the gold sentences it overlaps (whitespace ignored)."""

    def spans(sentences: list[str]) -> list[tuple[int, int]]:
        out, offset = [], 0
        for sentence in sentences:
            length = len("".join(sentence.split()))
            out.append((offset, offset + length))
            offset += length
        return out

    gold_spans = spans(gold)
    result, g = [], 0
    for start, end in spans(segmented):
        while g < len(gold_spans) and gold_spans[g][1] <= start:
            g += 1
        ids, k = set(), g
        while k < len(gold_spans) and gold_spans[k][0] < end:
            ids.add(k)
            k += 1
        result.append(ids)
    return result
