"""Fit and check the bead confidence (aligner.Params.pair_confidence / skip_confidence).

For every bead the aligner outputs on the gold sets, the label is whether the bead is exactly in
the gold alignment. A logistic model of the aligner's bead features is fitted on one set and
judged on the other (never on itself): accuracy of the most confident 80% of beads against all
beads, and calibration (mean confidence vs. accuracy). Finally it prints weights fitted on all sets.

    python benchmarks/calibrate.py [--corpora ../shared/corpora]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from align import aligner
from align.embed import load_embedder
from align.evaluate import GoldDoc, gold_sets, parse_beads

ROOT = Path(__file__).resolve().parents[1]


def collect(docs, embedder, params, mismatched: bool = False):
    """(features, label, is_pair) of every predicted bead. With `mismatched`, each document's
    source is aligned with the next document's target and its pairs kept, all of them wrong: the
    confidence must also fall where two texts do not correspond."""
    rows = []
    if mismatched:
        docs = [GoldDoc(doc.src, other.tgt, doc.gold) for doc, other in zip(docs, docs[1:] + docs[:1])]
    for doc in docs:
        sides = []
        texts = [[l for l in p.read_text(encoding="utf-8").splitlines() if l.strip()] for p in (doc.src, doc.tgt)]
        for lines in texts:
            sides.append(aligner.Side(embedder.encode(lines), np.array([len(t) for t in lines], float), lines))
        gold = set() if mismatched else set(parse_beads(doc.gold.read_text(encoding="utf-8")))
        path = [bead for bead, _ in aligner.align(sides[0], sides[1], params, embed=embedder.encode)]
        features = aligner.bead_features(sides[0], sides[1], path, params, embedder.encode)
        for bead, f in zip(path, features):
            pair = bool(bead[0] and bead[1])
            if not (mismatched and not pair):  # in unrelated texts every pairing is wrong
                rows.append((f, bead in gold, pair))
    return rows


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-2) -> np.ndarray:
    """Logistic regression by Newton's method; returns (bias, weights...)."""
    x1 = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x1.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-x1 @ w))
        gradient = x1.T @ (p - y) + l2 * w
        hessian = (x1 * (p * (1 - p))[:, None]).T @ x1 + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return w


def weights(rows, shipped: aligner.Params) -> tuple[np.ndarray, np.ndarray]:
    """Fitted (pair, skip) weights; the shipped ones where the data has a single class."""
    out = []
    for pair, default in ((True, shipped.pair_confidence), (False, shipped.skip_confidence)):
        x = np.array([f for f, _, p in rows if p == pair], float)
        y = np.array([label for _, label, p in rows if p == pair], float)
        out.append(fit(x, y) if len(set(y)) > 1 else np.array(default))
    return out[0], out[1]


def judge(rows, pair_w, skip_w) -> str:
    conf = np.array([
        1 / (1 + np.exp(-((pair_w if p else skip_w) @ np.r_[1.0, f]))) for f, _, p in rows
    ])
    labels = np.array([label for _, label, _ in rows], float)
    order = np.argsort(-conf)
    top = order[: int(0.8 * len(order))]
    return (
        f"beads {len(rows)}, accuracy all {labels.mean():.3f}, most confident 80% {labels[top].mean():.3f}, "
        f"mean confidence {conf.mean():.3f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    embedder, params = load_embedder(), aligner.Params()
    sets = gold_sets(args.corpora)
    data = {name: collect(docs, embedder, params) for name, docs in sets.items()}
    data["mismatched documents"] = [r for docs in sets.values() if len(docs) > 1 for r in collect(docs, embedder, params, True)]
    for name, rows in data.items():
        others = [r for other, rs in data.items() if other != name for r in rs]
        print(f"{name:18} shipped weights: {judge(rows, np.array(params.pair_confidence), np.array(params.skip_confidence))}")
        if others:
            print(f"{name:18} fitted on others: {judge(rows, *weights(others, params))}")
    pair_w, skip_w = weights([r for rs in data.values() for r in rs], params)
    print(f"fitted on all: pair_confidence={tuple(np.round(pair_w, 2))} skip_confidence={tuple(np.round(skip_w, 2))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
