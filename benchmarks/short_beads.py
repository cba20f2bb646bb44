"""The gold beads of short sentences (dialogue: "Oh dear!", "said the Hatter.", "— Non, monsieur.")
that align misses on the development sets, with what it did instead and which term of the bead
gain (aligner.Params) preferred its choice to the gold one.

For each missed gold bead holding a sentence shorter than --chars, the smallest stretch around
it where align's path and the gold one share both ends is scored bead by bead, with the terms of
aligner._block_gains on the vectors align ended with (the second pass's joined texts included):
  sim     sim_weight * (similarity - sim_threshold), at size 1
  hub     the hubness correction, at size 1
  size    what size_power adds to sim + hub
  length  the length misfit
  merge   merge_gain
  member  the weakest-sentence cost
  cont    the continuation cost
  colon   the cost of a colon cut on one side only
  skip    1-0 and 0-1 beads
Each term is printed as align's stretch less the gold one's: a positive term preferred align's
choice. The bead is counted under the term that preferred it most ("none" where the gold stretch
scores higher in total: the path's second pass or a post-pass changed it; "band" where the gold
path lies outside the band).

    python benchmarks/short_beads.py [--sets NAME ...] [--chars 60] [--show] [--param NAME=VALUE ...]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align import aligner  # noqa: E402
from align.embed import load_embedder  # noqa: E402
from align.evaluate import align_gold_doc, gold_sets, parse_beads, score  # noqa: E402
from align.segment import read_lines  # noqa: E402
from bertalign import missed_classes  # noqa: E402
from _tuning import add_arguments, params_of  # noqa: E402

TERMS = ("sim", "hub", "size", "length", "merge", "member", "cont", "colon", "skip")


class Capture:
    """What align used on its last document: the final runs, ratio, band and weights."""

    def __init__(self) -> None:
        self.runs = self.ratio = self.band = self.params = None
        features, best_path, aligned = aligner._features, aligner._best_path, aligner.aligned_features

        def _features(path, src, tgt, ratio):
            self.runs, self.ratio = (src, tgt), ratio
            return features(path, src, tgt, ratio)

        def _best_path(src, tgt, lo, hi, ratio, params, progress):
            if self.band is None:
                self.band = (lo, hi)
            return best_path(src, tgt, lo, hi, ratio, params, progress)

        def aligned_features(*args, **kwargs):
            self.band = None
            path, feats, params = aligned(*args, **kwargs)
            self.path, self.params = path, params
            return path, feats, params

        aligner._features, aligner._best_path, aligner.aligned_features = _features, _best_path, aligned_features


def bead_terms(bead, previous, cap: Capture) -> dict[str, float]:
    """The gain of one bead, by term (see the module docstring); `previous` is the bead before."""
    (s, t), p = bead, cap.params
    src, tgt = cap.runs
    terms = dict.fromkeys(TERMS, 0.0)
    a, b = len(s), len(t)
    if not (a and b):
        count = a or b
        extends = previous is not None and not (previous[0] and previous[1]) and bool(previous[0]) == bool(a)
        terms["skip"] = p.skip_extend * count if extends else p.skip_gain + p.skip_extend * (count - 1)
        return terms
    sv, sl, sh = src.run(s[-1] + 1, a)
    tv, tl, th = tgt.run(t[-1] + 1, b)
    size = ((a + b) / 2) ** p.size_power
    terms["sim"] = p.sim_weight * (float(sv @ tv) - p.sim_threshold)
    terms["hub"] = -p.sim_weight * p.hub_weight * (sh + th) / 2
    terms["size"] = (terms["sim"] + terms["hub"]) * (size - 1)
    long = p.long_length if max(a, b) > aligner.MAX_SIDE else 1.0
    terms["length"] = -long * p.length_weight * float(aligner._length_misfit(sl, tl, cap.ratio))
    terms["merge"] = p.merge_gain * (a + b - 2)
    for runs, ids in ((src, s), (tgt, t)):
        if runs.opens is not None:
            terms["cont"] += p.continuation_gain * runs.opens[ids[-1] + 1, len(ids) - 1]
    if src.announced is not None and tgt.announced is not None:
        terms["colon"] = p.colon_gain * float(aligner._one_side_announced(src.announced[s[-1] + 1, a - 1],
                                                                          tgt.announced[t[-1] + 1, b - 1]))
    if max(a, b) <= aligner.MAX_SIDE and p.member_weight:
        weak = 0.0
        for runs, ids, other in ((src, s, tv), (tgt, t, sv)):
            if len(ids) < 2:
                continue
            for k in ids:
                short = max(0.0, p.member_floor - float(runs.vectors[k + 1, 0] @ other) + runs.hubs[k + 1, 0])
                weak = max(weak, short * min(1.0, runs.lengths[k + 1, 0] / p.member_chars))
        terms["member"] = -p.member_weight * weak
    return terms


def starts(path) -> list[tuple[int, int]]:
    return [tuple(x) for x in np.cumsum([(0, 0)] + [(len(s), len(t)) for s, t in path], axis=0).tolist()]


def stretch(path, lo: tuple[int, int], hi: tuple[int, int]):
    """The beads of `path` between the shared boundaries lo and hi, and the bead before them."""
    ends = starts(path)
    k0, k1 = ends.index(lo), ends.index(hi)
    return path[k0:k1], (path[k0 - 1] if k0 else None)


def compare(gold_bead, gold, ours, cap: Capture):
    """(align's stretch, gold stretch, term differences, in band) around a missed gold bead."""
    shared = sorted(set(starts(gold)) & set(starts(ours)))
    g0 = starts(gold)[gold.index(gold_bead)]
    lo = max(x for x in shared if x[0] <= g0[0] and x[1] <= g0[1])
    after = [x for x in shared if x != lo and x[0] >= g0[0] + len(gold_bead[0]) and x[1] >= g0[1] + len(gold_bead[1])]
    if not after:  # the gold leaves sentences at the end unaccounted for
        return [], [], dict.fromkeys(TERMS, 0.0), False
    hi = min(after)
    mine, mine_before = stretch(ours, lo, hi)
    theirs, theirs_before = stretch(gold, lo, hi)
    diff = dict.fromkeys(TERMS, 0.0)
    reachable = True
    for beads, before, sign in ((mine, mine_before, 1.0), (theirs, theirs_before, -1.0)):
        previous = before
        for bead in beads:
            if max(len(bead[0]), len(bead[1])) > aligner.LONG_SIDE:
                reachable = False
                continue
            for term, value in bead_terms(bead, previous, cap).items():
                diff[term] += sign * value
            previous = bead
    band_lo, band_hi = cap.band
    i, j = lo
    for s, t in theirs:
        i, j = i + len(s), j + len(t)
        if not band_lo[i] <= j < band_hi[i]:
            reachable = False
    return mine, theirs, diff, reachable


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.add_argument("--sets", nargs="*", help="gold set names (default: every set)")
    parser.add_argument("--chars", type=int, default=60)
    parser.add_argument("--show", action="store_true", help="print each bead with its text and terms")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    embedder, params, cap = load_embedder(), params_of(args.param), Capture()
    total_relations, total_causes = Counter(), Counter()
    for name, docs in gold_sets(args.corpora).items():
        if args.sets and name not in args.sets:
            continue
        relations, causes, golds, founds, seen = Counter(), Counter(), [], [], set()
        for doc in docs:
            gold = parse_beads(doc.gold.read_text(encoding="utf-8"))
            found = align_gold_doc(doc, embedder, params)
            golds.append(gold)
            founds.append(found)
            ours = cap.path  # the programme's path, before one-sided runs are joined
            src, tgt = read_lines(doc.src), read_lines(doc.tgt)
            for bead in gold:
                if bead in set(found):
                    continue
                texts = [src[i] for i in bead[0]] + [tgt[j] for j in bead[1]]
                if not texts or min(len(x.strip()) for x in texts) >= args.chars:
                    continue
                relation, _ = missed_classes(bead, gold, found, src, tgt)
                mine, theirs, diff, reachable = compare(bead, gold, ours, cap)
                if not reachable:
                    cause = "band"
                elif sum(diff.values()) <= 1e-9:
                    cause = "none"
                else:
                    cause = max(diff, key=diff.get)
                relations[relation] += 1
                key = (doc.gold, tuple(theirs))
                if key not in seen:  # two gold beads missed in one stretch are one choice
                    seen.add(key)
                    causes[cause] += 1
                if args.show:
                    shown = " ".join(f"{k} {v:+.2f}" for k, v in diff.items() if abs(v) > 0.005)
                    print(f"  {name}/{doc.gold.name} gold {list(bead[0])}:{list(bead[1])} {relation}; cause {cause}: {shown}")
                    print(f"      gold  {[(list(s), list(t)) for s, t in theirs]}")
                    print(f"      align {[(list(s), list(t)) for s, t in mine]}")
                    i0 = min([x for s, _ in mine + theirs for x in s], default=0)
                    i1 = max([x for s, _ in mine + theirs for x in s], default=-1)
                    j0 = min([x for _, t in mine + theirs for x in t], default=0)
                    j1 = max([x for _, t in mine + theirs for x in t], default=-1)
                    for i in range(i0, i1 + 1):
                        print(f"      < {i} {src[i].strip()[:110]}")
                    for j in range(j0, j1 + 1):
                        print(f"      > {j} {tgt[j].strip()[:110]}")
        f1 = score(golds, founds).f1_strict
        print(f"{name:18} F1 {f1:.3f}; short gold beads missed {sum(relations.values())}: "
              f"{dict(sorted(relations.items()))}; stretches by cause {dict(sorted(causes.items()))}", flush=True)
        total_relations += relations
        total_causes += causes
    print(f"{'all':18} {sum(total_relations.values())}: {dict(sorted(total_relations.items()))}; "
          f"stretches by cause {dict(sorted(total_causes.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
