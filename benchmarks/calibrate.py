"""Fit and check the bead confidence (aligner.Params.pair_confidence / skip_confidence).

For every bead the aligner outputs on the gold sets, the label is whether the bead is exactly in
the gold alignment. A logistic model of the aligner's bead features is fitted on some sets and
judged on the others (leave one set out, never on itself): accuracy of the most confident 80% of
beads against all beads, and calibration (mean confidence vs. accuracy). Mismatched documents
(each document's source against another document's target: not translations of each other) are
only judged, never fitted on: their mean confidence must be low by design, not by training.
candide-en-el (Greek, which the default model does not cover) is reported, never fitted on.
Finally it prints weights fitted on all fitting sets.

    python benchmarks/calibrate.py [--corpora ../shared/corpora] [--sets NAME ...]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from align import aligner, logistic
from align.embed import load_embedder
from align.evaluate import GoldDoc, gold_sets, parse_beads
from align.records import LOW_CONFIDENCE
from align.segment import read_lines

ROOT = Path(__file__).resolve().parents[1]
NOT_FITTED = {"candide-en-el"}
Doc = tuple[list[aligner.BeadIds], list[tuple[float, ...]], list[bool]]  # path, features, labels


def collect(docs: list[GoldDoc], embedder, params: aligner.Params, mismatched: bool = False) -> list[Doc]:
    """Each document's predicted beads, their features and whether each is right."""
    out = []
    for doc in docs:
        texts = [read_lines(p) for p in (doc.src, doc.tgt)]
        sides = [aligner.EmbeddedText(embedder.encode(lines), np.array([len(t) for t in lines], float), lines) for lines in texts]
        gold = set(parse_beads(doc.gold.read_text(encoding="utf-8")))
        # the features align() itself computes: its second pass re-embeds only the runs its budget allows
        path, features, _ = aligner.aligned_features(sides[0], sides[1], params, embed=embedder.encode)
        # in texts that are not translations of each other no bead is right
        out.append((path, features, [not mismatched and bead in gold for bead in path]))
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-2) -> np.ndarray:
    """Logistic regression; returns (bias, weights...). The first feature (similarity above the
    usual) may only raise the confidence: where the development sets hardly vary in it, a free fit
    can learn any sign, and a negative one would make unrelated texts look right. If the free fit
    makes it negative, it is left out (weight 0)."""
    x1 = np.hstack([np.ones((len(x), 1)), x])
    w = logistic.fit(x1, y, l2)
    if w[1] < 0:
        free = np.ones(x1.shape[1], dtype=bool)
        free[1] = False
        w = logistic.fit(x1, y, l2, free)
    return w


def fitted(docs: list[Doc], shipped: aligner.Params) -> aligner.Params:
    """The shipped parameters with confidence weights fitted on `docs` (the shipped ones where
    the data has a single class)."""
    weights = {}
    for pair, name in ((True, "pair_confidence"), (False, "skip_confidence")):
        rows = [(f, label) for path, features, labels in docs for (s, t), f, label in zip(path, features, labels)
                if bool(s and t) == pair]
        y = np.array([label for _, label in rows], float)
        weights[name] = tuple(fit(np.array([f for f, _ in rows], float), y)) if len(set(y)) > 1 else getattr(shipped, name)
    return replace(shipped, **weights)


def scores(path: list[aligner.BeadIds], features: list[tuple[float, ...]], params: aligner.Params) -> list[float]:
    """The confidences `align` gives: the fitted model's, times how far the texts correspond around each bead."""
    return [c * near for c, near in zip(aligner.confidences(path, features, params), aligner.local_correspondence(path, features))]


def judge(docs: list[Doc], params: aligner.Params) -> str:
    conf = np.array([c for path, features, _ in docs for c in scores(path, features, params)])
    labels = np.array([label for _, _, labels in docs for label in labels], float)
    top = np.argsort(-conf)[: int(0.8 * len(conf))]
    shares = [confident_share(path, scores(path, features, params)) for path, features, _ in docs]
    return (
        f"beads {len(conf)}, accuracy all {labels.mean():.3f}, most confident 80% {labels[top].mean():.3f}, "
        f"mean confidence {conf.mean():.3f}, sentences in confident pairs {min(shares):.0%} to {max(shares):.0%}"
    )


def confident_share(path: list[aligner.BeadIds], confidences: list[float]) -> float:
    """checks.confident_share of one document: the share of its sentences in two-sided beads at
    least LOW_CONFIDENCE sure (under a quarter: the `align run` warning that the texts do not
    look like translations of each other)."""
    paired = sum(len(s) + len(t) for (s, t), c in zip(path, confidences) if s and t and c >= LOW_CONFIDENCE)
    return paired / max(1, sum(len(s) + len(t) for s, t in path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--sets", nargs="*", default=None, help="only these gold sets (default: all)")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    embedder, params = load_embedder(), aligner.Params()
    sets = {name: docs for name, docs in gold_sets(args.corpora).items() if args.sets is None or name in args.sets}
    data = {name: collect(docs, embedder, params) for name, docs in sets.items()}
    every = [doc for name in sets for doc in sets[name]]
    mismatched = [GoldDoc(doc.src, other.tgt, doc.gold) for doc, other in zip(every, every[1:] + every[:1])]
    fitting = [name for name in data if name not in NOT_FITTED]
    for name, docs in data.items():
        others = [doc for other in fitting if other != name for doc in data[other]]
        print(f"{name:20} shipped weights:  {judge(docs, params)}")
        print(f"{name:20} fitted on others: {judge(docs, fitted(others, params))}")
    unrelated = collect(mismatched, embedder, params, mismatched=True)
    print(f"{'mismatched documents':20} shipped weights:  {judge(unrelated, params)}")
    every_fit = fitted([doc for name in fitting for doc in data[name]], params)
    print(f"{'mismatched documents':20} fitted on all:    {judge(unrelated, every_fit)}")
    print(f"fitted on all: pair_confidence={tuple(round(float(w), 2) for w in every_fit.pair_confidence)} "
          f"skip_confidence={tuple(round(float(w), 2) for w in every_fit.skip_confidence)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
