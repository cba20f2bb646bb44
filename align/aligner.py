"""Alignment: anchors from FAISS nearest neighbours, then a banded dynamic programme over beads.

1. Anchors. Every sentence looks up its nearest neighbours on the other side (FAISS, inner
   product on unit vectors). Mutual nearest neighbours are anchor candidates, weighted by their
   margin over the runner-up; the heaviest monotone chain of them is kept.
2. Band. Between two consecutive anchors the path may only visit target positions between
   them, widened by a margin: the work grows with the number of sentences, not their product.
3. Dynamic programme over beads of up to MAX_SIDE sentences a side, 1-0 and 0-1 included,
   maximising the sum of bead gains (`Params`). Rows are processed one at a time, vectorised
   across the band, and only the band is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import faiss
import numpy as np

MAX_SIDE = 4
_NEG = -1e18
Progress = Callable[[str, int, int], None]
BeadIds = tuple[tuple[int, ...], tuple[int, ...]]
ScoredBead = tuple[BeadIds, float]  # the bead and its confidence in [0, 1]


@dataclass(frozen=True)
class Params:
    """Weights of the bead gain, tuned on the development sets (benchmarks/quality.py)."""

    sim_threshold: float = 0.2  # similarity at which aligning a sentence is as good as skipping it
    sim_weight: float = 10.0
    length_weight: float = 0.5
    skip_gain: float = -3.5  # gain of a 1-0 or 0-1 bead
    merge_gain: float = -1.0  # gain added for each sentence beyond one on a side
    band_margin: int = 8  # how far the path may stray outside the anchor corridor
    neighbours: int = 8
    skip_length: float = 0.0  # sentences shorter than this many characters are cheaper to skip
    cue_weight: float = 2.0  # weight of shared numbers, names and cognates (cues.py)
    member_weight: float = 0.0  # weight of the weakest member sentence of a merged side
    member_threshold: float = 0.2
    # logistic confidence: weights of (1, similarity, margin over shifted beads, length misfit)
    # for beads with two sides, and of (1, best similarity nearby) for 1-0 and 0-1 beads
    pair_confidence: tuple[float, ...] = (-4.0, 8.0, 8.0, -0.5)
    skip_confidence: tuple[float, ...] = (4.0, -10.0)


@dataclass(frozen=True)
class Side:
    """What the aligner needs of one text: unit sentence vectors and character lengths."""

    vectors: np.ndarray  # (n, d) float32, unit rows
    lengths: np.ndarray  # (n,) characters per sentence
    cues: np.ndarray | None = None  # (n, h) lexical cue bags (see cues.py), or None


def _runs(values: np.ndarray, normalise: bool = True) -> np.ndarray:
    """Sums (unit vectors if `normalise`) over every run of k = 1..MAX_SIDE rows ending before e.

    Returns an array indexed [k-1, e, ...]; entries with e < k are meaningless and never read.
    """
    n = values.shape[0]
    total = np.zeros((n + 1, *values.shape[1:]), dtype=values.dtype)
    runs = np.empty((MAX_SIDE, *total.shape), dtype=values.dtype)
    for k in range(1, MAX_SIDE + 1):
        total[k:] += values[: n + 1 - k]
        runs[k - 1] = total
    if normalise:
        runs /= np.maximum(np.linalg.norm(runs, axis=-1, keepdims=True), 1e-9)
    return runs


def find_anchors(src: np.ndarray, tgt: np.ndarray, neighbours: int) -> list[tuple[int, int]]:
    """Confident one-to-one pairs (i, j), strictly increasing in both i and j."""
    k = min(neighbours, len(src), len(tgt))
    if k < 2:
        return []
    sim_st, nn_st = _search(tgt, src, k)
    _, nn_ts = _search(src, tgt, k)
    candidates = []
    for i in range(len(src)):
        j = int(nn_st[i, 0])
        if nn_ts[j, 0] == i:
            candidates.append((i, j, float(sim_st[i, 0] - sim_st[i, 1])))
    return _heaviest_chain(candidates, len(tgt))


def _search(base: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    index = faiss.IndexFlatIP(base.shape[1])
    index.add(np.ascontiguousarray(base, dtype=np.float32))
    return index.search(np.ascontiguousarray(queries, dtype=np.float32), k)


def _heaviest_chain(candidates: list[tuple[int, int, float]], m: int) -> list[tuple[int, int]]:
    """Weighted longest increasing subsequence in j over candidates sorted by i (Fenwick tree)."""
    tree_best = [0.0] * (m + 1)
    tree_arg = [-1] * (m + 1)
    best_of: list[float] = []
    parent: list[int] = []
    for c, (_, j, weight) in enumerate(candidates):
        best, arg, pos = 0.0, -1, j  # best chain ending at a target < j
        while pos > 0:
            if tree_best[pos] > best:
                best, arg = tree_best[pos], tree_arg[pos]
            pos -= pos & -pos
        best_of.append(best + weight)
        parent.append(arg)
        pos = j + 1
        while pos <= m:
            if best_of[c] > tree_best[pos]:
                tree_best[pos], tree_arg[pos] = best_of[c], c
            pos += pos & -pos
    if not candidates:
        return []
    c = int(np.argmax(best_of))
    chain = []
    while c >= 0:
        chain.append(candidates[c][:2])
        c = parent[c]
    return chain[::-1]


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


def align(src: Side, tgt: Side, params: Params = Params(), progress: Progress | None = None) -> list[ScoredBead]:
    """Align two texts; returns the beads in order, each with its confidence."""
    n, m = len(src.lengths), len(tgt.lengths)
    if n == 0 or m == 0:
        return [(((i,), ()), 1.0) for i in range(n)] + [(((), (j,)), 1.0) for j in range(m)]
    anchors = find_anchors(src.vectors, tgt.vectors, params.neighbours)
    lo, hi = band(anchors, n, m, params.band_margin)
    src_vec, src_len = _runs(src.vectors), _runs(src.lengths, normalise=False)
    tgt_vec, tgt_len = _runs(tgt.vectors), _runs(tgt.lengths, normalise=False)
    cues = (_runs(src.cues), _runs(tgt.cues)) if src.cues is not None and tgt.cues is not None else None
    ratio = tgt.lengths.sum() / max(1.0, src.lengths.sum())
    sizes = np.arange(1, MAX_SIDE + 1)
    src_skip = _skip_gains(src.lengths, params)
    tgt_skip = np.concatenate([[0.0], np.cumsum(_skip_gains(tgt.lengths, params))])  # by target prefix
    merge = params.merge_gain * ((sizes[:, None] - 1) + (sizes[None, :] - 1))  # (a, b)

    score_rows: list[np.ndarray] = []
    back_rows: list[np.ndarray] = []  # bead code a * (MAX_SIDE + 1) + b
    for i in range(n + 1):
        width = hi[i] - lo[i]
        js = np.arange(lo[i], hi[i])
        best = np.full(width, _NEG)
        code = np.zeros(width, dtype=np.int8)
        if i == 0:
            best[js == 0] = 0.0
        else:
            # 1-0 bead from (i-1, j)
            cand = _take(score_rows[i - 1], js - lo[i - 1]) + src_skip[i - 1]
            better = cand > best
            best[better], code[better] = cand[better], 1 * (MAX_SIDE + 1)
            # a-b beads with a, b >= 1
            a_max = min(MAX_SIDE, i)
            gain = _row_gains(i, lo[i], hi[i], a_max, (src_vec, src_len), (tgt_vec, tgt_len), ratio, params)
            if cues is not None:
                gain += params.cue_weight * np.einsum("ad,bwd->abw", cues[0][:a_max, i], cues[1][:, lo[i] : hi[i]])
            gain += merge[:a_max, :, None]
            for a in range(1, a_max + 1):
                prev = score_rows[i - a]
                for b in range(1, MAX_SIDE + 1):
                    cand = _take(prev, js - b - lo[i - a]) + gain[a - 1, b - 1]
                    better = cand > best
                    best[better], code[better] = cand[better], a * (MAX_SIDE + 1) + b
        # 0-1 beads within the row: best[j] = max(best[j], best[j-1] + skip[j-1]), as a running max
        steps = tgt_skip[lo[i] : hi[i]]
        running = np.maximum.accumulate(best - steps) + steps
        from_left = running > best + 1e-12
        code[from_left] = 1
        score_rows.append(np.where(from_left, running, best))
        back_rows.append(code)
        if progress and (i % 2000 == 0 or i == n):
            progress("aligning", i, n)
    path = _backtrack(back_rows, lo, n, m)
    features = _features(path, (src_vec, src_len), (tgt_vec, tgt_len), ratio)
    return [(bead, _confidence(f, params)) for bead, f in zip(path, features)]


def _skip_gains(lengths: np.ndarray, params: Params) -> np.ndarray:
    """Leaving a sentence out costs less the shorter it is (page furniture, captions, stray marks)."""
    if not params.skip_length:
        return np.full(len(lengths), params.skip_gain)
    return params.skip_gain * np.minimum(1.0, lengths / params.skip_length)


def _row_gains(i: int, lo: int, hi: int, a_max: int, src_runs, tgt_runs, ratio: float, params: Params) -> np.ndarray:
    """Gains of every a-b bead (a, b >= 1) ending at source i and target lo..hi-1: (a_max, MAX_SIDE, width)."""
    (sv, sl), (tv, tl) = src_runs, tgt_runs
    width, m = hi - lo, tv.shape[1] - 1
    sims = np.einsum("ad,bwd->abw", sv[:a_max, i], tv[:, lo:hi])
    misfit = _length_misfit(sl[:a_max, i][:, None, None], tl[:, lo:hi][None, :, :], ratio)
    gain = params.sim_weight * (sims - params.sim_threshold) - params.length_weight * misfit
    if params.member_weight:
        # Every sentence of a merged side must resemble the other side on its own: the weakest
        # member's similarity stops an unrelated sentence being swallowed into a bead.
        src_members = np.einsum("kd,bwd->kbw", sv[0, i - np.arange(a_max)], tv[:, lo:hi])
        weakest = np.minimum.accumulate(src_members, axis=0)  # [a-1]: over the last a sentences
        weakest[0] = np.inf  # a lone sentence is judged by `sims` alone
        ends = np.clip(np.arange(lo - MAX_SIDE + 1, hi), 0, m)
        tgt_single = sv[:a_max, i] @ tv[0, ends].T  # (a_max, width + MAX_SIDE - 1)
        shifted = np.stack([tgt_single[:, MAX_SIDE - 1 - k : MAX_SIDE - 1 - k + width] for k in range(MAX_SIDE)], 1)
        tgt_weakest = np.minimum.accumulate(shifted, axis=1)
        tgt_weakest[:, 0] = np.inf
        weakest = np.minimum(weakest, tgt_weakest)
        gain += params.member_weight * np.minimum(0.0, weakest - params.member_threshold)
    return gain


def _length_misfit(ls: np.ndarray, lt: np.ndarray, ratio: float) -> np.ndarray:
    """Gale-Church: half the squared standardised difference of the character lengths, capped."""
    delta = (lt - ratio * ls) / np.sqrt(6.8 * (ls + lt / ratio) / 2 + 1.0)
    return 0.5 * np.minimum(delta**2, 25.0)


def _features(path: list[BeadIds], src_runs, tgt_runs, ratio: float) -> list[tuple[float, ...]]:
    """Per bead: (similarity, margin over the bead shifted by one on either side, length misfit)
    for two-sided beads; (best similarity to a nearby sentence of the other side,) for skips."""
    (sv, sl), (tv, tl) = src_runs, tgt_runs
    n, m = sv.shape[1] - 1, tv.shape[1] - 1
    features: list[tuple[float, ...]] = []
    i = j = 0  # sentences of each side consumed so far
    for src_ids, tgt_ids in path:
        a, b = len(src_ids), len(tgt_ids)
        if a and b:
            sim = float(sv[a - 1, i + a] @ tv[b - 1, j + b])
            shifted = [float(sv[a - 1, i + a] @ tv[b - 1, e]) for e in (j + b - 1, j + b + 1) if b <= e <= m]
            shifted += [float(sv[a - 1, e] @ tv[b - 1, j + b]) for e in (i + a - 1, i + a + 1) if a <= e <= n]
            misfit = float(_length_misfit(sl[a - 1, i + a], tl[b - 1, j + b], ratio))
            features.append((sim, sim - max(shifted, default=0.0), misfit))
        elif a:  # a source sentence left out: how like the target sentences around it is it?
            features.append((max(float(sv[0, i + 1] @ tv[0, e]) for e in range(max(1, j - 1), min(m, j + 2) + 1)),))
        else:
            features.append((max(float(tv[0, j + 1] @ sv[0, e]) for e in range(max(1, i - 1), min(n, i + 2) + 1)),))
        i, j = i + a, j + b
    return features


def _confidence(features: tuple[float, ...], params: Params) -> float:
    weights = params.pair_confidence if len(features) > 1 else params.skip_confidence
    z = weights[0] + sum(w * f for w, f in zip(weights[1:], features))
    return float(1.0 / (1.0 + np.exp(-z)))


def _take(row: np.ndarray, idx: np.ndarray) -> np.ndarray:
    valid = (idx >= 0) & (idx < len(row))
    return np.where(valid, row[np.clip(idx, 0, len(row) - 1)], _NEG)


def _backtrack(back_rows: list[np.ndarray], lo: np.ndarray, n: int, m: int) -> list[BeadIds]:
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = divmod(int(back_rows[i][j - lo[i]]), MAX_SIDE + 1)
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]
