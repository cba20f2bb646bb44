"""Anchors: confident one-to-one sentence pairs that pin the alignment path, whatever the shift.

Books differ in structure: a preface on one side, endnotes on the other, a chapter missing. So
the anchors are found in two steps, both linear in the length of the texts:
1. Coarse, global. A sample of at most COARSE_QUERIES sentences of each side is compared with
   every sentence of the other side (all of them, for a novel of a few thousand sentences). Mutual
   best matches that agree with their neighbours on the shift give a rough map of where each
   sentence's counterpart lies.
2. Fine, local. Every sentence looks for its best match within a window around that map (FAISS,
   inner product on unit vectors), clearly ahead of the runner-up there, so repeated lines and
   duplicated passages never make anchors.
In both steps a candidate is kept only where nearby candidates share its shift (a lone pair far
from its neighbours' diagonal is a coincidence), and the heaviest monotone chain is kept.
"""

from __future__ import annotations

import faiss
import numpy as np

CHUNK = 512  # queries per windowed search
COARSE_QUERIES = 1000  # sentences a side compared with the whole other side
AGREEING = 2  # neighbouring candidates (of four) that must share a candidate's shift
FORWARD = 0.75  # share of consecutive candidates running forward for their slope to be trusted

Candidate = tuple[int, int, float]  # source, target, weight


def find(src: np.ndarray, tgt: np.ndarray, window: float, neighbours: int, hub_neighbours: int
         ) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
    """Anchors (i, j), strictly increasing in both; and each sentence's hubness on both sides
    (mean similarity to its nearest neighbours on the other side: short, generic sentences
    resemble everything)."""
    n, m = len(src), len(tgt)
    coarse = chain(consistent(_coarse_candidates(src, tgt, neighbours), n, m), m)
    expected_tgt = _interpolate(coarse, n, m)
    expected_src = _interpolate([(j, i) for i, j in coarse], m, n)
    src_best = best_near(src, tgt, expected_tgt, window, neighbours, hub_neighbours)
    tgt_best = best_near(tgt, src, expected_src, window, neighbours, hub_neighbours)
    (best_t, margin, src_hub), (best_s, _, tgt_hub) = src_best, tgt_best
    candidates = [(i, int(j), float(margin[i])) for i, j in enumerate(best_t) if j >= 0 and best_s[j] == i and margin[i] > 0]
    return chain(consistent(candidates, n, m), m), src_hub, tgt_hub


def _coarse_candidates(src: np.ndarray, tgt: np.ndarray, neighbours: int) -> list[Candidate]:
    """Mutual best matches between a sample of each side and the whole other side, weighted by
    their lead over the runner-up."""
    found: dict[tuple[int, int], float] = {}
    for queries, base, flip in ((src, tgt, False), (tgt, src, True)):
        stride = max(1, -(-len(queries) // COARSE_QUERIES))
        rows = np.arange(0, len(queries), stride)
        k = min(2, len(base))
        sims, ids = faiss.knn(queries[rows], base, k, metric=faiss.METRIC_INNER_PRODUCT)
        back = faiss.knn(base[ids[:, 0]], queries, 1, metric=faiss.METRIC_INNER_PRODUCT)[1][:, 0]
        lead = sims[:, 0] - (sims[:, 1] if k > 1 else 0.0)
        for row, j, weight, mutual in zip(rows, ids[:, 0], lead, back == rows):
            if mutual and weight > 0:
                found[(int(j), int(row)) if flip else (int(row), int(j))] = float(weight)
    by_source: dict[int, tuple[int, float]] = {}
    for (i, j), w in found.items():
        if w > by_source.get(i, (0, 0.0))[1]:
            by_source[i] = (j, w)
    return [(i, j, w) for i, (j, w) in sorted(by_source.items())]


def consistent(candidates: list[Candidate], n: int, m: int) -> list[Candidate]:
    """The candidates (sorted by source) of which at least AGREEING of the two before and the two
    after lie on nearly the same diagonal: their offsets differ by at most a fifth of the distance
    between them, plus a few sentences."""
    ratio = _slope(candidates, n, m)
    kept = []
    for c, (i, j, w) in enumerate(candidates):
        agree = 0
        for i2, j2, _ in candidates[max(0, c - 2) : c] + candidates[c + 1 : c + 3]:
            expected = (i2 - i) * ratio
            agree += abs((j2 - j) - expected) <= 0.2 * abs(expected) + 3
        if agree >= min(AGREEING, len(candidates) - 1):
            kept.append((i, j, w))
    return kept


def _slope(candidates: list[Candidate], n: int, m: int) -> float:
    """Target sentences per source sentence along the candidates: the median slope between
    consecutive ones, not the texts' overall ratio, which a preface or endnotes skew (36
    sentences against 40 with a preface of 150: 5.3 instead of 1.1). Only where the candidates
    mostly run forward (over 90% do between translations, half between chance matches: a
    language the model does not cover); otherwise the overall ratio."""
    if len(candidates) < 5:
        return m / max(n, 1)
    i, j = (np.array(v, dtype=float) for v in zip(*[c[:2] for c in candidates]))
    slopes = np.diff(j) / np.diff(i)
    forward = slopes[slopes > 0]
    return float(np.median(forward)) if len(forward) >= FORWARD * len(slopes) else m / max(n, 1)


def _interpolate(anchors: list[tuple[int, int]], n: int, m: int) -> np.ndarray:
    """Expected target position of each of n source sentences: along the anchors, and beyond the
    first and last at the texts' overall ratio (the diagonal when there are no anchors)."""
    rows = np.arange(n) + 0.5
    ratio = m / max(n, 1)
    if not anchors:
        return rows * ratio
    ai, aj = (np.array(v, dtype=float) for v in zip(*anchors))
    out = np.interp(rows, ai, aj)
    out = np.where(rows < ai[0], aj[0] - (ai[0] - rows) * ratio, out)
    out = np.where(rows > ai[-1], aj[-1] + (rows - ai[-1]) * ratio, out)
    return np.clip(out, 0, m)


def best_near(queries: np.ndarray, base: np.ndarray, expected: np.ndarray, window: float, neighbours: int,
              hub_neighbours: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each query, its most similar base row near its expected position (-1 if none), how far
    ahead of the next such row it is, and its mean similarity to its nearest neighbours.

    Queries are searched in chunks, each against the base rows within reach of the expected
    positions, so the search costs O(n * reach), not O(n * m)."""
    n, m = len(queries), len(base)
    near = min(max(window * m, 50.0), 1000.0)
    reach = int(2 * near)  # the best match must also beat every row this far away
    best = np.full(n, -1, dtype=np.int64)
    margin = np.zeros(n)
    hub = np.zeros(n)
    for start in range(0, n, CHUNK):
        rows = np.arange(start, min(n, start + CHUNK))
        lo = max(0, int(expected[rows].min()) - reach)
        hi = min(m, int(expected[rows].max()) + reach + 1)
        k = min(neighbours, hi - lo)
        if k < 2:
            continue
        sims, ids = faiss.knn(queries[rows], base[lo:hi], k, metric=faiss.METRIC_INNER_PRODUCT)
        hub[rows] = sims[:, :hub_neighbours].mean(axis=1)
        ids += lo
        is_near = np.abs(ids - expected[rows, None]) <= near
        rank = np.cumsum(is_near, axis=1)
        first = np.argmax(is_near & (rank == 1), axis=1)
        second = np.argmax(is_near & (rank == 2), axis=1)
        at = np.arange(len(rows))
        # the nearby best must be (one of) the best within reach: else the true match lies elsewhere
        found = (rank[:, -1] >= 1) & (sims[at, first] >= sims[:, 0] - 1e-3)
        runner_up = np.where(rank[:, -1] >= 2, sims[at, second], sims[:, -1])
        best[rows] = np.where(found, ids[at, first], -1)
        margin[rows] = np.where(found, sims[at, first] - runner_up, 0.0)
    return best, margin, hub


def chain(candidates: list[Candidate], m: int) -> list[tuple[int, int]]:
    """The heaviest chain strictly increasing in both i and j, over candidates sorted by i:
    a weighted longest increasing subsequence in j (Fenwick tree)."""
    if not candidates:
        return []
    tree_best = [0.0] * (m + 1)
    tree_arg = [-1] * (m + 1)
    total: list[float] = []
    parent: list[int] = []
    for c, (_, j, weight) in enumerate(candidates):
        best, arg, pos = 0.0, -1, j  # heaviest chain ending at a target < j
        while pos > 0:
            if tree_best[pos] > best:
                best, arg = tree_best[pos], tree_arg[pos]
            pos -= pos & -pos
        total.append(best + weight)
        parent.append(arg)
        pos = j + 1
        while pos <= m:
            if total[c] > tree_best[pos]:
                tree_best[pos], tree_arg[pos] = total[c], c
            pos += pos & -pos
    c = int(np.argmax(total))
    out = []
    while c >= 0:
        out.append(candidates[c][:2])
        c = parent[c]
    return out[::-1]
