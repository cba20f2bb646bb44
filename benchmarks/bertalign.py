"""Bertalign's algorithm (Liu & Zhu 2022) with this project's bundled model, beside align, on the
gold sets in ../shared/corpora: strict F1 per set, and with --shapes the gold beads one of the two
gets right and the other misses, by shape. This is the baseline issue 19 compares against.

The algorithm, as the paper and its reference implementation describe it, with its defaults:
1. Every sentence is stripped and its runs of white space made one space (as Bertalign cleans its
   input: Text+Berg's lines end in a space). Every run of 1..max_align-1 consecutive sentences of
   each side is embedded as its joined text (sentences joined by a space); a run's length is its
   UTF-8 bytes.
2. First pass: each source sentence's top_k most similar target sentences (exhaustive inner
   product); a dynamic programme over 1-1, 1-0 and 0-1 beads inside a band around the diagonal
   (max(250, 6% of the longer text) sentences either side), where a 1-1 bead gains its
   similarity if the target is among the source's top_k, and nothing otherwise. Its 1-1 beads
   are the anchors.
3. Second pass: a dynamic programme over beads a-b with a + b <= max_align (and 1-0, 0-1),
   each row's targets confined between the anchors around it widened by `win`. A two-sided bead
   scores the cosine of its two runs, less the mean of each run's cosine with the sentences just
   outside the other run (the margin), times log2(1 + shorter / longer length, the target's
   scaled by the texts' byte ratio); a one-sided bead scores `skip`. The best total wins, ties
   going to the earlier of 0-1, 1-0, 1-1, 1-2, ... as in the reference.
Deviations: the model is ours (Bertalign ships LaBSE), so runs are clipped at the model's 2,000
characters rather than Bertalign's 10,000 (LaBSE itself reads 256 tokens); the dynamic
programmes are vectorised by row in float64 (the reference loops cell by cell in float32).

    python benchmarks/bertalign.py [--corpora ../shared/corpora] [--sets NAME ...] [--shapes] [--classes [--show]] [--structure]
    python benchmarks/bertalign.py --files SRC TGT [--presplit] [--sample N]

--classes: the gold beads Bertalign gets and align misses, counted by what align did instead
(split: cut it into smaller beads; merged omission / merged neighbour: took it into a bigger
bead, with sentences the gold leaves out or with a neighbouring bead's; shifted: moved its
boundary; dropped: left some of it unaligned; for a gold bead of sentences left out, omission
absorbed: aligned them, omission joined: left them out inside a longer one-sided bead) and by
what the bead is (a heading, a short sentence of under 40 characters, dialogue opening with a
quotation mark or a dash, one sentence against three or more); --show prints each with its text.

--structure: the book-structure cases of benchmarks/structure.py (preface, endnotes, middle
missing) instead, on the sets given (default: Text+Berg).

--files: two texts without gold (a book and its translation, read as `align run` reads them, or
one sentence a line with --presplit), both aligners on the same sentences; prints how many
stretches their beads differ in (each from where their paths part to where they meet again) and
N of them drawn at random (seed 0), each aligner's beads with their sentences, to judge by hand.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import faiss
import numpy as np

from align import aligner
from align.embed import load_embedder
from align.evaluate import align_gold_doc, gold_sets, parse_beads, score
from align.pipeline import align_sides, read_side
from align.segment import heading_level, read_lines

sys.path.insert(0, str(Path(__file__).resolve().parent))
import structure  # noqa: E402  (the sibling benchmark's perturbations)

ROOT = Path(__file__).resolve().parents[1]
BeadIds = tuple[tuple[int, ...], tuple[int, ...]]
Embed = Callable[[list[str]], np.ndarray]  # texts to unit vectors
Gain = Callable[[int, np.ndarray, int, int], np.ndarray]  # row i, target prefix ends, a, b: bead gains
MAX_ALIGN, TOP_K, WIN, SKIP = 5, 3, 5, -0.1  # Bertalign's defaults
FIRST_MIN_WINDOW, FIRST_WINDOW_SHARE = 250, 0.06


class Runs:
    """The runs of 1..MAX_ALIGN-1 sentences of one text: vectors[k-1, e] and lengths[k-1, e] are
    those of the run of k sentences ending at sentence e (entries with e < k-1 are never read)."""

    def __init__(self, sentences: list[str], embed: Embed) -> None:
        n, sizes = len(sentences), range(1, MAX_ALIGN)
        spans = [(k, e) for k in sizes for e in range(k - 1, n)]
        texts = [" ".join(sentences[e - k + 1 : e + 1]) for k, e in spans]
        vectors = embed(texts)
        self.vectors = np.zeros((len(sizes), n, vectors.shape[1]), dtype=np.float32)
        self.lengths = np.zeros((len(sizes), n))
        for (k, e), text, vector in zip(spans, texts, vectors):
            self.vectors[k - 1, e] = vector
            self.lengths[k - 1, e] = len(text.encode("utf-8"))


def bead_types(max_align: int) -> list[tuple[int, int]]:
    """0-1, 1-0, then every a-b with a, b >= 1 and a + b <= max_align, in the reference's order."""
    return [(0, 1), (1, 0)] + [(a, b) for a in range(1, max_align) for b in range(1, max_align) if a + b <= max_align]


def first_pass(src: Runs, tgt: Runs) -> list[tuple[int, int]]:
    """Anchors: the (i, j) after each 1-1 bead of the first pass's best path (prefix lengths)."""
    n, m = src.vectors.shape[1], tgt.vectors.shape[1]
    sims, ids = faiss.knn(src.vectors[0], tgt.vectors[0], min(TOP_K, m), metric=faiss.METRIC_INNER_PRODUCT)
    window = max(FIRST_MIN_WINDOW, int(max(n, m) * FIRST_WINDOW_SHARE))
    centres = (m / n * np.arange(n + 1)).astype(int)
    lo, hi = np.maximum(0, centres - window), np.minimum(centres + window, m)
    def gain(i: int, js: np.ndarray, a: int, b: int) -> np.ndarray:
        return _top_k_gain(sims[i - 1], ids[i - 1], js) if a and b else np.zeros(len(js))

    back = _programme(n, m, lo, hi, [(0, 1), (1, 0), (1, 1)], gain, skip=0.0)
    anchors, i, j = [], n, m
    while i or j:
        a, b = back[i][j - lo[i]]
        if (a, b) == (1, 1):
            anchors.append((i, j))
        i, j = i - a, j - b
    return anchors[::-1]


def _top_k_gain(sims: np.ndarray, ids: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """The 1-1 gain of source row's bead with each target prefix end in `targets`."""
    gain = np.zeros(len(targets))
    for sim, j in zip(sims, ids):
        gain[targets - 1 == j] += sim
    return gain


def second_band(anchors: list[tuple[int, int]], n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's allowed target prefix lengths [lo, hi] (inclusive) between the anchors, widened by WIN."""
    anchors = list(anchors)
    if not anchors:
        anchors = [(n, m)]
    elif anchors[-1][0] != n:
        if anchors[-1][1] == m:
            anchors.pop()
        anchors.append((n, m))
    elif anchors[-1][1] != m:
        anchors[-1] = (n, m)
    lo, hi = np.zeros(n + 1, dtype=int), np.zeros(n + 1, dtype=int)
    previous = (0, 0)
    for i, j in anchors:
        lo[previous[0] + 1 : i + 1] = max(0, previous[1] - WIN)
        hi[previous[0] + 1 : i + 1] = min(m, j + WIN)
        previous = (i, j)
    lo[0], hi[0] = lo[min(1, n)], hi[min(1, n)]
    return lo, hi


def second_pass(src: Runs, tgt: Runs, anchors: list[tuple[int, int]]) -> list[BeadIds]:
    """The beads of the second pass's best path within the anchors' band."""
    n, m = src.vectors.shape[1], tgt.vectors.shape[1]
    lo, hi = second_band(anchors, n, m)
    ratio = src.lengths[0].sum() / max(tgt.lengths[0].sum(), 1)

    def gain(i: int, js: np.ndarray, a: int, b: int) -> np.ndarray:
        if a == 0 or b == 0:
            return np.full(len(js), SKIP)
        src_vec = src.vectors[a - 1, i - 1]
        tgt_vecs = tgt.vectors[b - 1, js - 1]
        sim = tgt_vecs @ src_vec
        sim -= (_neighbour_sim(src_vec[None], tgt.vectors[0], js, b, m) + _neighbour_sim(tgt_vecs, src.vectors[0], np.full(len(js), i), a, n)) / 2
        src_len, tgt_len = src.lengths[a - 1, i - 1], tgt.lengths[b - 1, js - 1] * ratio
        return sim * np.log2(1 + np.minimum(src_len, tgt_len) / np.maximum(np.maximum(src_len, tgt_len), 1e-9))

    back = _programme(n, m, lo, hi, bead_types(MAX_ALIGN), gain, skip=SKIP)
    beads, i, j = [], n, m
    while i or j:
        a, b = back[i][j - lo[i]]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]


def _neighbour_sim(vecs: np.ndarray, singles: np.ndarray, ends: np.ndarray, size: int, count: int) -> np.ndarray:
    """Mean cosine of each vector with the sentence just before and just after the run of `size`
    sentences ending before `ends` (a prefix length) on the other side; one of them at a text's edge."""
    left_ok, right_ok = ends - size > 0, ends < count
    left = np.where(left_ok, np.einsum("kd,kd->k", np.broadcast_to(vecs, (len(ends), vecs.shape[1])), singles[np.clip(ends - size - 1, 0, count - 1)]), 0.0)
    right = np.where(right_ok, np.einsum("kd,kd->k", np.broadcast_to(vecs, (len(ends), vecs.shape[1])), singles[np.clip(ends, 0, count - 1)]), 0.0)
    return (left + right) / np.maximum(1, left_ok.astype(int) + right_ok.astype(int))


def _programme(n: int, m: int, lo: np.ndarray, hi: np.ndarray, types: list[tuple[int, int]], gain: Gain,
               skip: float) -> list[list[tuple[int, int]]]:
    """Maximise the summed bead gains over prefix cells (i, j), lo[i] <= j <= hi[i] (`gain` for
    every type with a source side, `skip` for a 0-1 bead); returns the bead (a, b) ending the best
    path to each cell of each row ((0, 0) at the origin)."""
    cost: list[np.ndarray] = []
    back: list[list[tuple[int, int]]] = []
    within = [t for t in types if t[0] > 0]
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        best = np.full(len(js), -np.inf)
        code = np.full(len(js), -1)
        for index, (a, b) in enumerate(within, 1):
            if i - a < 0:
                continue
            before = js - b - lo[i - a]
            valid = (before >= 0) & (js - b <= hi[i - a])
            if not valid.any():
                continue
            score = np.full(len(js), -np.inf)
            score[valid] = cost[i - a][before[valid]] + gain(i, js[valid], a, b)
            better = score > best
            best[better], code[better] = score[better], index
        if i == 0:
            best[js == 0] = 0.0
        # 0-1 beads within the row, first in the reference's order so winning ties:
        # final[x] = max over k <= x of best[k] + skip * (x - k)
        folded = best - skip * np.arange(len(js))
        earlier = np.concatenate([[-np.inf], np.maximum.accumulate(folded)[:-1]])
        skips = earlier >= folded
        final = np.where(skips, earlier, folded) + skip * np.arange(len(js))
        code[skips] = 0
        cost.append(final)
        back.append([types[c] if c >= 0 else (0, 0) for c in code])
    return back


def bertalign(src: list[str], tgt: list[str], embed: Embed) -> list[BeadIds]:
    """Bertalign's beads for two lists of sentences (see the module docstring)."""
    if not src or not tgt:
        return [((i,), ()) for i in range(len(src))] + [((), (j,)) for j in range(len(tgt))]
    src_runs, tgt_runs = Runs([" ".join(s.split()) for s in src], embed), Runs([" ".join(t.split()) for t in tgt], embed)
    return second_pass(src_runs, tgt_runs, first_pass(src_runs, tgt_runs))


SHORT_CHARS = 40
_DIALOGUE = "\"'«»“”‘’-–—"


def missed_classes(gold: BeadIds, golds: list[BeadIds], ours: list[BeadIds], src: list[str], tgt: list[str]) -> tuple[str, list[str]]:
    """What align did with a gold bead it missed, and what the bead is (see --classes)."""
    src_of = {i: bead for bead in ours for i in bead[0]}
    tgt_of = {j: bead for bead in ours for j in bead[1]}
    touched = {src_of[i] for i in gold[0]} | {tgt_of[j] for j in gold[1]}
    if not gold[0] or not gold[1]:
        relation = "omission joined" if all(not s or not t for s, t in touched) else "omission absorbed"
    elif any(not s or not t for s, t in touched):
        relation = "dropped"
    elif all(set(s) <= set(gold[0]) and set(t) <= set(gold[1]) for s, t in touched):
        relation = "split"
    elif len(touched) == 1:
        # the sentences align added: left out in the gold, or a neighbouring bead's
        (s, t), = touched
        one_sided = {(i, "s") for g in golds if not g[1] for i in g[0]} | {(j, "t") for g in golds if not g[0] for j in g[1]}
        extra = {(i, "s") for i in set(s) - set(gold[0])} | {(j, "t") for j in set(t) - set(gold[1])}
        relation = "merged omission" if extra <= one_sided else "merged neighbour"
    else:
        relation = "shifted"
    texts = [src[i] for i in gold[0]] + [tgt[j] for j in gold[1]]
    kinds = []
    if any(heading_level(" ".join(t.split())) for t in texts):
        kinds.append("heading")
    if any(len(t.strip()) < SHORT_CHARS for t in texts):
        kinds.append("short")
    if any(t.strip()[:1] in _DIALOGUE for t in texts):
        kinds.append("dialogue")
    if min(len(gold[0]), len(gold[1])) >= 1 and max(len(gold[0]), len(gold[1])) >= 3:
        kinds.append("long-vs-several")
    return relation, kinds


def print_classes(docs, gold: list[list[BeadIds]], ours: list[list[BeadIds]], theirs: list[list[BeadIds]], show: bool) -> None:
    """Count (and with `show` print) the gold beads Bertalign gets and align misses, by class."""
    shapes, relations, kinds, missed = Counter(), Counter(), Counter(), 0
    for doc, g, o, t in zip(docs, gold, ours, theirs):
        src, tgt = read_lines(doc.src), read_lines(doc.tgt)
        for bead in sorted(set(g) & (set(t) - set(o))):
            relation, bead_kinds = missed_classes(bead, g, o, src, tgt)
            missed += 1
            shapes[f"{len(bead[0])}-{len(bead[1])}"] += 1
            relations[relation] += 1
            kinds.update(bead_kinds or ["other"])
            if show:
                ours_there = sorted({b for b in o if set(b[0]) & set(bead[0]) or set(b[1]) & set(bead[1])})
                print(f"  {doc.gold.parent.name}/{doc.gold.name} gold {list(bead[0])}:{list(bead[1])} {relation} {bead_kinds}; align {ours_there}")
                for i in bead[0]:
                    print(f"      < {src[i].strip()[:160]}")
                for j in bead[1]:
                    print(f"      > {tgt[j].strip()[:160]}")
    print(f"{'':18} bertalign right, align wrong: {missed}; shapes {dict(sorted(shapes.items()))}")
    print(f"{'':18} align did: {dict(sorted(relations.items()))}; beads: {dict(sorted(kinds.items()))}")


def structure_cases(corpora: Path, names: list[str], embedder) -> int:
    """Strict F1 of both on structure.py's perturbed documents (its sizes: 150 sentences for a
    set of several documents, 300 otherwise)."""
    sets = gold_sets(corpora)
    print(f"model: {embedder.name}; strict F1")
    print(f"{'set':18} {'case':10} {'align':>7} {'bertalign':>9}")
    for name in names:
        size = 150 if len(sets[name]) > 1 else 300
        for case_name in structure.CASES[1:]:
            gold, ours, theirs = [], [], []
            for doc in sets[name]:
                case = structure.perturb(case_name, read_lines(doc.src), read_lines(doc.tgt),
                                         parse_beads(doc.gold.read_text(encoding="utf-8")), *structure.fillers(sets, doc), size)
                gold.append(case.gold)
                ours.append(structure.run_case(case, embedder))
                theirs.append(bertalign(case.src, case.tgt, embedder.encode))
            print(f"{name:18} {case_name:10} {score(gold, ours).f1_strict:7.3f} {score(gold, theirs).f1_strict:9.3f}", flush=True)
    return 0


def differing_stretches(ours: list[BeadIds], theirs: list[BeadIds]) -> list[tuple[list[BeadIds], list[BeadIds]]]:
    """The stretches where two bead sequences over the same texts differ: between consecutive points
    where both have consumed the same sentences of each side, each sequence's beads there."""
    def meeting_points(beads: list[BeadIds]) -> dict[tuple[int, int], int]:
        ends, s, t = {}, 0, 0
        for k, (src, tgt) in enumerate(beads):
            s, t = max([s, *(i + 1 for i in src)]), max([t, *(j + 1 for j in tgt)])
            ends[(s, t)] = k
        return ends

    ends_ours, ends_theirs = meeting_points(ours), meeting_points(theirs)
    stretches, last_ours, last_theirs = [], -1, -1
    for point in sorted(ends_ours.keys() & ends_theirs.keys()):
        mine, other = ours[last_ours + 1 : ends_ours[point] + 1], theirs[last_theirs + 1 : ends_theirs[point] + 1]
        if mine != other:
            stretches.append((mine, other))
        last_ours, last_theirs = ends_ours[point], ends_theirs[point]
    return stretches


def disagreements(src_path: Path, tgt_path: Path, presplit: bool, sample: int, embedder) -> int:
    """Both aligners on two texts without gold: the stretches where they differ (see --files)."""
    src, tgt = read_side(src_path, presplit=presplit), read_side(tgt_path, presplit=presplit)
    ours = [(b.src, b.tgt) for b in align_sides(src, tgt, embedder).beads]
    lines = [[s.text for s in side.sentences] for side in (src, tgt)]
    theirs = bertalign(*lines, embedder.encode)
    stretches = differing_stretches(ours, theirs)
    print(f"{len(lines[0])} x {len(lines[1])} sentences: {len(ours)} beads by align, {len(theirs)} by bertalign, "
          f"{len(set(ours) & set(theirs))} the same; {len(stretches)} stretches differ")
    for number, stretch in enumerate(random.Random(0).sample(stretches, min(sample, len(stretches))), 1):
        print(f"=== stretch {number}")
        for name, beads in zip(("align", "bertalign"), stretch):
            for src_ids, tgt_ids in beads:
                print(f"  {name} {list(src_ids)} : {list(tgt_ids)}")
                print("".join(f"      S {lines[0][i][:160]}\n" for i in src_ids) + "".join(f"      T {lines[1][j][:160]}\n" for j in tgt_ids), end="")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--sets", nargs="*", help="gold set names (default: every set)")
    parser.add_argument("--shapes", action="store_true", help="gold beads only one of the two gets right, by shape")
    parser.add_argument("--classes", action="store_true", help="gold beads bertalign gets and align misses, by class")
    parser.add_argument("--show", action="store_true", help="with --classes: print each such bead")
    parser.add_argument("--structure", action="store_true", help="the book-structure cases (benchmarks/structure.py)")
    parser.add_argument("--files", nargs=2, type=Path, metavar=("SRC", "TGT"), help="two texts without gold (see above)")
    parser.add_argument("--presplit", action="store_true", help="with --files: one sentence a line")
    parser.add_argument("--sample", type=int, default=10, help="with --files: how many differing stretches to print")
    args = parser.parse_args()
    if args.files:
        return disagreements(*args.files, args.presplit, args.sample, load_embedder())
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    embedder = load_embedder()
    if args.structure:
        return structure_cases(args.corpora, args.sets or ["text-berg-de-fr"], embedder)
    print(f"model: {embedder.name}; strict F1")
    print(f"{'set':18} {'align':>7} {'bertalign':>9}")
    for name, docs in gold_sets(args.corpora).items():
        if args.sets and name not in args.sets:
            continue
        gold = [parse_beads(d.gold.read_text(encoding="utf-8")) for d in docs]
        ours = [align_gold_doc(d, embedder, aligner.Params()) for d in docs]
        theirs = [bertalign(read_lines(d.src), read_lines(d.tgt), embedder.encode) for d in docs]
        print(f"{name:18} {score(gold, ours).f1_strict:7.3f} {score(gold, theirs).f1_strict:9.3f}")
        if args.shapes:
            only_ours, only_theirs = Counter(), Counter()
            for g, o, t in zip(gold, ours, theirs):
                wanted, o, t = {b for b in g if b[0] and b[1]}, set(o), set(t)
                only_ours.update(f"{len(s)}-{len(u)}" for s, u in wanted & (o - t))
                only_theirs.update(f"{len(s)}-{len(u)}" for s, u in wanted & (t - o))
            print(f"{'':18} gold beads only align gets: {dict(sorted(only_ours.items()))}")
            print(f"{'':18} gold beads only bertalign gets: {dict(sorted(only_theirs.items()))}")
        if args.classes:
            print_classes(docs, gold, ours, theirs, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
