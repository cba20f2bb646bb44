"""Sentences a translation leaves out, on the development sets: what the aligner makes of each gold
one-sided bead it misses, and how well a merged side's similarity tells a sentence left out from one
the other side renders.

1. Misses. Every gold 1-0 or 0-1 bead (a run of sentences left out is one) that the alignment (as
   `align run --presplit`) does not reproduce, in one class:
     merged     its sentences sit in a two-sided bead of ours that, without them, is a gold bead
     merged+    they sit in a two-sided bead that is wrong even without them
     shifted    they sit in several two-sided beads, or beside other gold beads' sentences
     grouped    ours are one-sided too, but cut or joined otherwise
   and how many one-sided beads of ours the gold lacks.
2. Separation. For the first and last sentence of every merged side of a right bead of ours, and
   for every gold sentence left out that we merged into an otherwise right bead: how much more like
   the other side the merged side is without it, its sentences' vectors summed (the first pass)
   or the side embedded as one text (the second pass, aligner._left_out_detached). Printed: how
   many of each kind the removal makes more alike by at least each threshold.

    python benchmarks/left_out.py [--sets alice-en-fr ...] [--param NAME=VALUE ...]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _tuning import add_arguments, params_of  # noqa: E402
from align.aligner import MAX_SIDE  # noqa: E402
from align.embed import load_embedder  # noqa: E402
from align.evaluate import align_gold_doc, gold_sets, parse_beads  # noqa: E402
from align.segment import read_lines  # noqa: E402

SETS = ("alice-en-fr", "emma-en-fr", "janeeyre-en-fr", "swann-en-fr", "candide-en-el")
THRESHOLDS = (0.0, 0.01, 0.03, 0.05)

Bead = tuple[tuple[int, ...], tuple[int, ...]]


def miss_class(left_out: Bead, ours: list[Bead], gold: set[Bead]) -> str:
    """What our alignment made of a gold one-sided bead it does not reproduce."""
    side = 0 if left_out[0] else 1
    ids = set(left_out[side])
    holding = [bead for bead in ours if ids & set(bead[side])]
    two_sided = [bead for bead in holding if bead[0] and bead[1]]
    if not two_sided:
        return "grouped"
    if len(two_sided) > 1:
        return "shifted"
    bead = two_sided[0]
    rest = list(bead)
    rest[side] = tuple(i for i in bead[side] if i not in ids)
    return "merged" if tuple(rest) in gold else "merged+"


def removal_gains(case: tuple[int, tuple[int, ...], tuple[int, ...], tuple[int, ...]], vectors, texts, embed) -> tuple[float, float]:
    """(summed, joined): similarity to the other side of the merged side without the sentence(s),
    less that of the whole side. case: (side, whole side, the rest, the other side)."""
    side, whole, rest, other = case
    def summed(ids, s):
        v = vectors[s][list(ids)].sum(axis=0)
        return v / np.linalg.norm(v)
    joined = embed([" ".join(texts[side][i] for i in ids) for ids in (whole, rest)] + [" ".join(texts[1 - side][i] for i in other)])
    target = summed(other, 1 - side)
    return (float(summed(rest, side) @ target - summed(whole, side) @ target),
            float(joined[1] @ joined[2] - joined[0] @ joined[2]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    params, embedder = params_of(args.param), load_embedder()
    sets = gold_sets(args.corpora)
    gains: dict[str, list[tuple[float, float]]] = {"right merge": [], "left out": []}
    for name in args.sets:
        counts = Counter()
        for doc in sets[name]:
            gold_list = parse_beads(doc.gold.read_text(encoding="utf-8"))
            gold, ours = set(gold_list), align_gold_doc(doc, embedder, params)
            texts = (read_lines(doc.src), read_lines(doc.tgt))
            vectors = (embedder.encode(texts[0]), embedder.encode(texts[1]))
            found = set(ours)
            for bead in gold_list:
                if not (bead[0] and bead[1]):
                    counts["hit" if bead in found else miss_class(bead, ours, gold)] += 1
            counts["ours not gold"] += sum(1 for bead in ours if not (bead[0] and bead[1]) and bead not in gold)
            cases = []
            for bead in ours:
                if not (bead[0] and bead[1]) or max(map(len, bead)) > MAX_SIDE:
                    continue
                for side in (0, 1):
                    ids, other = bead[side], bead[1 - side]
                    if bead in gold and len(ids) > 1:
                        cases += [("right merge", (side, ids, ids[1:], other)), ("right merge", (side, ids, ids[:-1], other))]
                    rest = tuple(i for i in ids if not any(i in g[side] for g in gold if not g[1 - side]))
                    if bead not in gold and rest and len(rest) < len(ids) and ((rest, other) if side == 0 else (other, rest)) in gold:
                        cases.append(("left out", (side, ids, rest, other)))
            for kind, case in cases:
                gains[kind].append(removal_gains(case, vectors, texts, embedder.encode))
        print(f"{name:16} " + "  ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print("\nmerged side more like the other without the sentence, by at least:")
    print(f"{'':24}" + "".join(f"{t:>14.2f}" for t in THRESHOLDS))
    for kind, rows in gains.items():
        table = np.array(rows).reshape(-1, 2)
        for column, reading in enumerate(("summed", "joined")):
            print(f"{kind + ' (' + str(len(table)) + ') ' + reading:24}" + "".join(f"{int((table[:, column] >= t).sum()):>14}" for t in THRESHOLDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
