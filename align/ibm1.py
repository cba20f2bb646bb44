"""IBM Model 1, trained on the document itself: how likely each word renders each other word.

Trained by expectation maximisation over the sentence pairs (beads) of one document, in flat numpy
arrays (every co-occurring word pair of every bead once), so a 10,000-bead book trains in seconds.
Words are given as integer ids (stems); the model has no knowledge beyond the document.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_NULL_WEIGHT = 0.2  # share of a target word's probability left to "no source word"


class Ibm1:
    """t(target word | source word), fitted on pairs of id sequences."""

    def __init__(self, pairs: Sequence[tuple[np.ndarray, np.ndarray]], iterations: int = 5) -> None:
        keys, groups = [], []
        group = 0
        for src, tgt in pairs:
            if len(src) and len(tgt):
                keys.append(np.add.outer(src.astype(np.int64) << 32, tgt.astype(np.int64)).ravel())
                # one group per target token: its probability is shared among the source tokens
                groups.append(np.tile(np.arange(group, group + len(tgt)), len(src)))
                group += len(tgt)
        if not keys:
            self._table: dict[int, float] = {}
            return
        flat = np.concatenate(keys)
        group_of = np.concatenate(groups)
        unique, index = np.unique(flat, return_inverse=True)
        source_of = (unique >> 32).astype(np.int64)
        t = np.ones(len(unique))
        for _ in range(iterations):
            denominator = np.bincount(group_of, weights=t[index], minlength=group) + _NULL_WEIGHT
            counts = np.bincount(index, weights=t[index] / denominator[group_of], minlength=len(unique))
            totals = np.bincount(source_of, weights=counts)
            t = counts / totals[source_of]
        self._table = dict(zip(unique.tolist(), t.tolist()))

    def posterior(self, src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
        """(len(src), len(tgt)): the probability that target word j renders source word i."""
        keys = np.add.outer(src.astype(np.int64) << 32, tgt.astype(np.int64))
        t = np.array([self._table.get(k, 0.0) for k in keys.ravel().tolist()]).reshape(keys.shape)
        return t / (t.sum(axis=0, keepdims=True) + _NULL_WEIGHT)
