"""Why a whole book aligned from its files misses gold beads: every TransRead gold bead that the
projected alignment (as ../shared/tools/books_score.py makes it) does not reproduce, put in one class.

  undersplit  one of our sentences spans gold sentences of two gold beads: the projection must merge
              them (the book's file has no boundary there, or our segmentation missed it)
  cut         a gold sentence we split in pieces, and the aligner put the pieces in different beads
  extra       a bead of ours that holds text the gold lacks (a title page, an ornament, a preface)
  aligner     the same segmentation as the gold there, another choice of beads

For each pair of benchmarks/books.py: `align_files` on the two files as downloaded, every gold sentence
located in each side's sentences (books_score.locate), then the classes counted.

    python benchmarks/books_attribution.py [--only alice-en-fr ...] [--show]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from books import BOOKS, GOLD, PAIRS, SCORER  # noqa: E402

from align.pipeline import align_files  # noqa: E402
from align.records import Alignment, Side  # noqa: E402

sys.path.insert(0, str(SCORER.parent))  # books_score and score, imported where used: ../shared may be absent


def gold_of_sentences(side: Side, gold: list[str]) -> list[set[int]]:
    """The gold sentences each of our sentences overlaps (the scorer's rule, per sentence, not per bead)."""
    from books_score import locate, norm
    texts = [norm(s.text) for s in side.sentences]
    spans, pos = [], 0
    for text in texts:
        spans.append((pos, pos + len(text)))
        pos += len(text)
    located, _, _ = locate("".join(texts), gold)
    order = sorted((g[0], g[1], k) for k, g in enumerate(located) if g)
    touched, first = [], 0
    for a, b in spans:
        while first < len(order) and order[first][1] <= a:
            first += 1
        ids, m = set(), first
        while m < len(order) and order[m][0] < b:
            if min(b, order[m][1]) - max(a, order[m][0]) >= min(2, order[m][1] - order[m][0]):
                ids.add(order[m][2])
            m += 1
        touched.append(ids)
    return touched


def projected(alignment: Alignment, maps: list[list[set[int]]]) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The alignment's beads on the gold sentences, merged where they share one (books_score.py's projection)."""
    merged: list[list[set[int]]] = []
    for bead in alignment.beads:
        s = set().union(*(maps[0][i] for i in bead.src))
        t = set().union(*(maps[1][i] for i in bead.tgt))
        if merged and (merged[-1][0] & s or merged[-1][1] & t):
            merged[-1][0] |= s
            merged[-1][1] |= t
        else:
            merged.append([s, t])
    return {(tuple(sorted(s)), tuple(sorted(t))) for s, t in merged if s or t}


def attribute(alignment: Alignment, gold_src: list[str], gold_tgt: list[str], gold_beads: list) -> tuple[Counter, list]:
    maps = [gold_of_sentences(alignment.src, gold_src), gold_of_sentences(alignment.tgt, gold_tgt)]
    beads = [(tuple(s), tuple(t)) for s, t in gold_beads]
    gold_bead = [{g: n for n, bead in enumerate(beads) for g in bead[side]} for side in (0, 1)]
    ours_of = [{}, {}]  # gold sentence -> our sentences on it
    bead_of = [{}, {}]  # our sentence -> our bead
    for side in (0, 1):
        for i, ids in enumerate(maps[side]):
            for g in ids:
                ours_of[side].setdefault(g, []).append(i)
    for k, bead in enumerate(alignment.beads):
        for side, ids in enumerate((bead.src, bead.tgt)):
            for i in ids:
                bead_of[side][i] = k
    undersplit = {n for side in (0, 1) for ids in maps[side]
                  if len(found := {gold_bead[side][g] for g in ids if g in gold_bead[side]}) > 1 for n in found}
    region = [range(min(i for i, ids in enumerate(m) if ids), max(i for i, ids in enumerate(m) if ids) + 1) for m in maps]
    hits = projected(alignment, maps)
    counts, misses = Counter(), []
    for n, bead in enumerate(beads):
        if bead in hits:
            counts["hit"] += 1
            continue
        ours = {bead_of[side].get(i) for side in (0, 1) for g in bead[side] for i in ours_of[side].get(g, [])} - {None}
        sentences = [(side, i) for k in ours for side, ids in enumerate((alignment.beads[k].src, alignment.beads[k].tgt)) for i in ids]
        if n in undersplit:
            kind = "undersplit"
        elif any(i in region[side] and not maps[side][i] for side, i in sentences):
            kind = "extra"
        elif any(len({bead_of[side].get(j) for j in ours_of[side][g]}) > 1 for side, i in sentences for g in maps[side][i]):
            kind = "cut"
        else:
            kind = "aligner"
        counts[kind] += 1
        misses.append((n, kind, sorted(ours)))
    return counts, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=list(PAIRS), help="pairs to align")
    parser.add_argument("--show", action="store_true", help="list every miss: gold bead, class, our beads on it")
    args = parser.parse_args()
    if not BOOKS.is_dir():
        print(f"no books at {BOOKS}")
        return 1
    from score import read_beads

    print(f"{'pair':16} {'gold':>5} {'hit':>5} {'undersplit':>10} {'cut':>5} {'extra':>5} {'aligner':>7}")
    for name in args.only:
        src, tgt, src_lang, tgt_lang = PAIRS[name]
        alignment = align_files(BOOKS / src, BOOKS / tgt, src_lang=src_lang, tgt_lang=tgt_lang, with_words=False)
        gold = GOLD / name
        lines = [(gold / f"{lang}.txt").read_text(encoding="utf-8").splitlines() for lang in (src_lang, tgt_lang)]
        counts, misses = attribute(alignment, *lines, read_beads(str(gold / "gold.txt")))
        total = sum(counts.values())
        print(f"{name:16} {total:5} {counts['hit']:5} {counts['undersplit']:10} {counts['cut']:5} {counts['extra']:5} {counts['aligner']:7}",
              flush=True)
        if args.show:
            for n, kind, ours in misses:
                print(f"  gold bead {n}: {kind}, our beads {ours}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
