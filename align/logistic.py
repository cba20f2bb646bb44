"""Logistic regression by Newton's method: the models behind a bead's confidence (fitted by
benchmarks/calibrate.py) and a word link's probability (benchmarks/words.py)."""

from __future__ import annotations

import numpy as np

ITERATIONS = 50


def fit(x: np.ndarray, y: np.ndarray, l2: float, free: np.ndarray | None = None) -> np.ndarray:
    """Weights w of P(y = 1) = 1 / (1 + exp(-x @ w)), L2-penalised except column 0 (the bias, a
    column of ones). With `free` (a mask over the columns, column 0 included) only those columns
    are fitted; the others get weight 0."""
    free = np.ones(x.shape[1], dtype=bool) if free is None else free
    columns = x[:, free]
    penalty = np.full(columns.shape[1], l2)
    penalty[0] = 0.0
    w = np.zeros(columns.shape[1])
    for _ in range(ITERATIONS):
        p = 1 / (1 + np.exp(-columns @ w))
        gradient = columns.T @ (p - y) + penalty * w
        hessian = (columns * (p * (1 - p))[:, None]).T @ columns + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    out = np.zeros(x.shape[1])
    out[free] = w
    return out
