"""Book structure: alignment quality when one side holds text the other lacks.

Each gold document of the development sets is perturbed the way real books differ, and the gold
beads are rewritten to match:
  preface   N sentences of another text in the target language before the target text
  endnotes  N sentences of another text in the source language after the source text
  prefaces  N sentences of another text before each side, not translations of each other (a
            translator's introduction against an editor's preface)
  middle    the middle quarter of the source text missing (cut at bead boundaries)
  omitted   the middle quarter of the target text missing: a passage the translation leaves out
  left-out  RUN consecutive target sentences (of 1-1 gold beads) missing at PLACES places spread over
            the text: sentences the translation leaves out together
  added     the same on the source side: sentences the translation adds
  joined    JOINED consecutive target sentences (of 1-1 gold beads) written as one at PLACES places:
            a translator writing one long sentence where the original has five
  split     the same on the source side: the translation has five where the original has one
Reported per case: strict F1, how many of the sentences without counterpart come out alone
(in one-sided beads) rather than forced into beads with a partner, and for joined and split how many
of the gold beads of five sentences against one (or more) the alignment holds.

    python benchmarks/structure.py [--corpora ../shared/corpora] [--sets swann-en-fr ...] [--size N] [--param NAME=VALUE ...]
    python benchmarks/structure.py --book [--without-coarse-anchors]   # a book-length preface
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from align import aligner, anchors
from align.embed import load_embedder
from align.evaluate import GoldDoc, gold_sets, parse_beads, score
from align.segment import read_lines
import _tuning as tuning  # the --corpora and --param the tuning benchmarks share

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]
CASES = ("untouched", "preface", "endnotes", "prefaces", "middle", "omitted", "left-out", "added", "joined", "split")
RUN, JOINED, PLACES = 3, 5, 8  # sentences left out together, sentences written as one, and how many times
BOOK_SETS = ("alice-en-fr", "swann-en-fr", "janeeyre-en-fr", "emma-en-fr")


@dataclass(frozen=True)
class Case:
    src: list[str]
    tgt: list[str]
    gold: list[BeadIds]
    unmatched_src: frozenset[int]  # sentences the perturbation left without counterpart
    unmatched_tgt: frozenset[int]


def perturb(case: str, src: list[str], tgt: list[str], gold: list[BeadIds], src_filler: list[str],
            tgt_filler: list[str], size: int) -> Case:
    """The document with `case` applied (see the module docstring); fillers are other texts in the
    source and target languages, `size` the number of sentences a preface or endnotes holds."""
    if case == "untouched":
        return Case(src, tgt, gold, frozenset(), frozenset())
    if case == "preface":
        added = tgt_filler[:size]
        shifted = [(s, tuple(j + len(added) for j in t)) for s, t in gold]
        return Case(src, added + tgt, [((), (j,)) for j in range(len(added))] + shifted,
                    frozenset(), frozenset(range(len(added))))
    if case == "endnotes":
        added = src_filler[:size]
        return Case(src + added, tgt, gold + [((len(src) + i,), ()) for i in range(len(added))],
                    frozenset(range(len(src), len(src) + len(added))), frozenset())
    if case == "prefaces":
        # the target's from the other end of the fillers: another document than the source's
        before_src, before_tgt = src_filler[:size], tgt_filler[-size:]
        shifted = [(tuple(i + len(before_src) for i in s), tuple(j + len(before_tgt) for j in t)) for s, t in gold]
        apart = [((i,), ()) for i in range(len(before_src))] + [((), (j,)) for j in range(len(before_tgt))]
        return Case(before_src + src, before_tgt + tgt, apart + shifted,
                    frozenset(range(len(before_src))), frozenset(range(len(before_tgt))))
    if case == "middle":
        # the beads whose source lies in the middle quarter lose their source sentences
        first = next(k for k, (s, _) in enumerate(gold) if s and s[0] >= 3 * len(src) // 8)
        last = next(k for k, (s, _) in enumerate(gold) if s and s[0] >= 5 * len(src) // 8)
        cut = sorted(i for s, _ in gold[first:last] for i in s)
        lo, hi = cut[0], cut[-1] + 1
        orphans = [j for _, t in gold[first:last] for j in t]
        beads = gold[:first] + [((), (j,)) for j in orphans]
        beads += [(tuple(i - (hi - lo) for i in s), t) for s, t in gold[last:]]
        return Case(src[:lo] + src[hi:], tgt, beads, frozenset(), frozenset(orphans))
    if case in ("omitted", "added", "split"):  # "middle", "left-out" and "joined" with the sides swapped
        mirrored = perturb({"omitted": "middle", "added": "left-out", "split": "joined"}[case], tgt, src,
                           [(t, s) for s, t in gold], tgt_filler, src_filler, size)
        return Case(mirrored.tgt, mirrored.src, [(s, t) for t, s in mirrored.gold], mirrored.unmatched_tgt,
                    mirrored.unmatched_src)
    if case == "left-out":
        return _left_out(src, tgt, gold)
    if case == "joined":
        return _joined(src, tgt, gold)
    raise ValueError(f"unknown case {case!r}")


def _runs_of_pairs(gold: list[BeadIds], size: int) -> list[list[int]]:
    """`size` consecutive 1-1 gold beads from each of PLACES evenly spread points, each run after the
    one before (on a short document a place's search passes the next place: overlapping runs made
    one sentence part of two joined ones)."""
    runs: list[list[int]] = []
    for place in range(PLACES):
        run: list[int] = []
        for k in range(max(int((place + 0.5) * len(gold) / PLACES), runs[-1][-1] + 1 if runs else 0), len(gold)):
            run = run + [k] if len(gold[k][0]) == len(gold[k][1]) == 1 else []
            if len(run) == size:
                runs.append(run)
                break
    return runs


def _joined(src: list[str], tgt: list[str], gold: list[BeadIds]) -> Case:
    """The target sentences of JOINED consecutive 1-1 gold beads, at PLACES places, written as one:
    each such run is one JOINED-1 gold bead."""
    first = {run[0]: run for run in _runs_of_pairs(gold, JOINED)}
    inside = {k for run in first.values() for k in run}
    joined: list[str] = []
    beads: list[BeadIds] = []
    for k, (s, t) in enumerate(gold):
        if k in first:
            beads.append((tuple(gold[x][0][0] for x in first[k]), (len(joined),)))
            joined.append(" ".join(tgt[gold[x][1][0]] for x in first[k]))
        elif k not in inside:
            beads.append((s, tuple(range(len(joined), len(joined) + len(t)))))
            joined += [tgt[j] for j in t]
    return Case(src, joined, beads, frozenset(), frozenset())


def _left_out(src: list[str], tgt: list[str], gold: list[BeadIds]) -> Case:
    """RUN consecutive 1-1 gold beads from each of PLACES evenly spread points lose their target
    sentence; each such run of source sentences becomes one omission bead, as the gold records them."""
    removed = {k for run in _runs_of_pairs(gold, RUN) for k in run}
    dropped = {j for k in removed for j in gold[k][1]}
    kept = [j for j in range(len(tgt)) if j not in dropped]
    renumbered = {j: new for new, j in enumerate(kept)}
    beads: list[BeadIds] = []
    for k, (s, t) in enumerate(gold):
        if k in removed and k - 1 in removed:
            beads[-1] = (beads[-1][0] + s, ())
        else:
            beads.append((s, ()) if k in removed else (s, tuple(renumbered[j] for j in t)))
    return Case(src, [tgt[j] for j in kept], beads, frozenset(i for k in removed for i in gold[k][0]), frozenset())


def book(sets: dict[str, list[GoldDoc]]) -> Case:
    """A book-length preface: the English-French TransRead documents one after another (1,752 x
    1,822 sentences), every French sentence of Text+Berg (1,011) before the French text. Too long
    for the anchors' window around the diagonal to reach the counterparts: the coarse stage must
    find them."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[BeadIds] = []
    for name in BOOK_SETS:
        for doc in sets[name]:
            beads = parse_beads(doc.gold.read_text(encoding="utf-8"))
            gold += [(tuple(i + len(src) for i in s), tuple(j + len(tgt) for j in t)) for s, t in beads]
            src, tgt = src + read_lines(doc.src), tgt + read_lines(doc.tgt)
    preface = [line for doc in sets["text-berg-de-fr"] for line in read_lines(doc.tgt)]
    return perturb("preface", src, tgt, gold, [], preface, len(preface))


def band_cells(case: Case, embedder, params: aligner.Params = aligner.Params()) -> int:
    """Cells of the dynamic programme's band (before the second pass; anchors from the model's
    vectors alone): linear in a book's length when the anchors hold."""
    vectors = [embedder.encode(texts) for texts in (case.src, case.tgt)]
    lo, hi = aligner.band(aligner.find_anchors(*vectors, params), len(case.src), len(case.tgt), params.band_margin)
    return int((hi - lo).sum())


def alone_share(beads: list[BeadIds], case: Case) -> float:
    """Share of the sentences without counterpart that the alignment leaves in one-sided beads."""
    total = len(case.unmatched_src) + len(case.unmatched_tgt)
    if not total:
        return 1.0
    alone = sum(1 for s, t in beads if not t for i in s if i in case.unmatched_src)
    alone += sum(1 for s, t in beads if not s for j in t if j in case.unmatched_tgt)
    return alone / total


def run_case(case: Case, embedder, params: aligner.Params = aligner.Params()) -> list[BeadIds]:
    """Align a perturbed document as `align run --presplit` does (second pass included)."""
    sides = [
        aligner.EmbeddedText(embedder.encode(texts), np.array([len(t) for t in texts], float), texts)
        for texts in (case.src, case.tgt)
    ]
    return [bead for bead, _ in aligner.align(*sides, params, embed=embedder.encode)]


def _lang(path: Path) -> str:
    """`fr` of transread/x-en-fr/fr.txt and of text-berg-de-fr/fr/001."""
    return path.stem if path.suffix == ".txt" else path.parent.name


def fillers(sets: dict[str, list[GoldDoc]], doc: GoldDoc) -> tuple[list[str], list[str]]:
    """Sentences of the other documents in the languages of the document's source and target."""
    others = [path for docs in sets.values() for other in docs if other.gold != doc.gold for path in (other.src, other.tgt)]
    src = [line for path in others if _lang(path) == _lang(doc.src) for line in read_lines(path)]
    tgt = [line for path in others if _lang(path) == _lang(doc.tgt) for line in read_lines(path)]
    return src, tgt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    tuning.add_arguments(parser)
    parser.add_argument("--sets", nargs="*", default=["swann-en-fr", "alice-en-fr", "text-berg-de-fr"])
    parser.add_argument("--size", type=int, default=0, help="preface/endnote sentences (default: 300, 150 for Text+Berg)")
    parser.add_argument("--book", action="store_true", help="only the book-length preface (see book())")
    parser.add_argument("--without-coarse-anchors", action="store_true",
                        help="ablation: anchors found near the diagonal only (what the coarse stage is for)")
    args = parser.parse_args()
    params = tuning.params_of(args.param)
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    sets, embedder = gold_sets(args.corpora), load_embedder()
    if args.without_coarse_anchors:
        anchors._coarse_candidates = lambda *_: []
    if args.book:
        case = book(sets)
        beads = run_case(case, embedder)
        found = aligner.find_anchors(*(embedder.encode(texts) for texts in (case.src, case.tgt)))
        print(f"book: {len(case.src):,} x {len(case.tgt):,} sentences, preface {len(case.unmatched_tgt):,}: "
              f"F1 strict {score([case.gold], [beads]).f1_strict:.3f}, alone {alone_share(beads, case):.2f}, "
              f"anchors {len(found):,}, band cells {band_cells(case, embedder):,}")
        return 0
    print(f"{'set':16} {'case':10} {'F1 strict':>9} {'alone':>6} {'long':>6}")
    for name in args.sets:
        size = args.size or (150 if len(sets[name]) > 1 else 300)
        for case_name in CASES:
            gold_docs, found, alone, total, long_found, long_total = [], [], 0.0, 0, 0, 0
            for doc in sets[name]:
                src_filler, tgt_filler = fillers(sets, doc)
                case = perturb(case_name, read_lines(doc.src), read_lines(doc.tgt), parse_beads(doc.gold.read_text(encoding="utf-8")),
                               src_filler, tgt_filler, size)
                beads = run_case(case, embedder, params)
                gold_docs.append(case.gold)
                found.append(beads)
                count = len(case.unmatched_src) + len(case.unmatched_tgt)
                alone, total = alone + alone_share(beads, case) * count, total + count
                longs = [bead for bead in case.gold if max(map(len, bead)) >= JOINED] if case_name in ("joined", "split") else []
                long_found, long_total = long_found + len(set(longs) & set(beads)), long_total + len(longs)
            share = f"{alone / total:6.2f}" if total else f"{'-':>6}"
            held = f"{long_found}/{long_total}" if long_total else "-"
            print(f"{name:16} {case_name:10} {score(gold_docs, found).f1_strict:9.3f} {share} {held:>6}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
