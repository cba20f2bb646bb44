"""Word links against the PUD gold sets: the naive baseline, the shipped model, and fitting.

    python benchmarks/words.py                 # baseline and shipped weights on both dev sets
    python benchmarks/words.py --fit           # fit on one set, judge on the other (both ways),
                                               # then print weights fitted on both for align/words.py
    python benchmarks/words.py --ablate        # the same cross-fit with each feature group left out

The naive baseline embeds each word alone with the same model and keeps mutual best matches.
The statistical part (IBM Model 1) is trained on the file being aligned, as `align words` does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from align import words
from align.embed import load_embedder
from align.evaluate_words import WordGold, read_word_gold, score_links

SETS = {"en-ru.dev": ("en", "ru"), "en-fr": ("en", "fr")}
# feature columns of words.WordAligner.first_features, by group, for --ablate
GROUPS = {
    "embedding": [1, 2, 3, 16, 18], "context": [4], "position": [5, 19], "identical": [6], "names/numbers": [7],
    "ibm1": [8, 9, 10, 17], "word/punctuation": [11, 12, 13], "frequency": [14, 15],
}


def naive(gold: list[WordGold], embedder) -> list[list[tuple[int, int]]]:
    predicted = []
    for row in gold:
        cos = embedder.encode(list(row.src)) @ embedder.encode(list(row.tgt)).T
        best_j, best_i = cos.argmax(axis=1), cos.argmax(axis=0)
        predicted.append([(i, int(j)) for i, j in enumerate(best_j) if best_i[j] == i])
    return predicted


def load(corpora: Path, embedder) -> dict[str, tuple[list[WordGold], words.WordAligner]]:
    data = {}
    for name, (src_lang, tgt_lang) in SETS.items():
        gold = read_word_gold(corpora / "pud-words" / f"{name}.jsonl")
        aligner = words.WordAligner([(g.src, g.tgt) for g in gold], embedder, src_lang, tgt_lang)
        data[name] = (gold, aligner)
    return data


def examples(gold: list[WordGold], aligner: words.WordAligner, first=None, mask=None):
    """(features, labels) of every judged word pair; pairs of two unannotated tokens are left out."""
    xs, ys = [], []
    for k, row in enumerate(gold):
        if first is None:
            x = aligner.first_features(k)
        else:
            x = words.second_features(words._sigmoid(_masked(aligner.first_features(k), mask) @ first))
        n, m = len(row.src), len(row.tgt)
        label = np.zeros((n, m))
        for i, j in row.links:
            label[i, j] = 1
        judged = np.zeros((n, m), bool)
        judged[list(row.src_annotated), :] = True
        judged[:, list(row.tgt_annotated)] = True
        xs.append(x[judged])
        ys.append(label[judged])
    return np.concatenate(xs), np.concatenate(ys)


def _masked(x: np.ndarray, mask) -> np.ndarray:
    return x if mask is None else x * mask


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Newton's method for L2-regularised logistic regression (the bias, column 0, unpenalised)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(30):
        p = words._sigmoid(x @ w)
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def fit(pairs, mask=None) -> tuple[np.ndarray, np.ndarray, float]:
    x, y = zip(*(examples(g, a, mask=mask) for g, a in pairs))
    first = fit_logistic(_masked(np.concatenate(x), mask), np.concatenate(y))
    x, y = zip(*(examples(g, a, first, mask) for g, a in pairs))
    second = fit_logistic(np.concatenate(x), np.concatenate(y))
    best = max(np.arange(0.2, 0.8, 0.05), key=lambda t: sum(predict(g, a, first, second, t, mask).f1 for g, a in pairs))
    return first, second, float(best)


def predict(gold, aligner, first, second, threshold, mask=None):
    predicted = []
    for k in range(len(gold)):
        p1 = words._sigmoid(_masked(aligner.first_features(k), mask) @ first)
        p = words._sigmoid(words.second_features(p1) @ second)
        predicted.append([(int(i), int(j)) for i, j in zip(*np.nonzero(p > threshold))])
    return score_links(gold, predicted)


def _cross(data, mask=None) -> dict[str, float]:
    scores = {}
    for test in data:
        train = [data[name] for name in data if name != test]
        first, second, threshold = fit(train, mask)
        scores[test] = predict(*data[test], first, second, threshold, mask)
    return scores


def _line(name: str, score) -> str:
    return f"{name:<34} P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=Path(__file__).resolve().parents[1] / "../shared/corpora")
    parser.add_argument("--fit", action="store_true")
    parser.add_argument("--ablate", action="store_true")
    args = parser.parse_args()
    if not (args.corpora / "pud-words").is_dir():
        sys.exit(f"no gold sets under {args.corpora / 'pud-words'}")
    embedder = load_embedder()
    data = load(args.corpora, embedder)
    if args.ablate:
        width = data[next(iter(data))][1].first_features(0).shape[-1]
        for name, score in _cross(data).items():
            print(_line(f"{name} all features (cross-fit)", score))
        for group, columns in GROUPS.items():
            mask = np.ones(width)
            mask[columns] = 0
            for name, score in _cross(data, mask).items():
                print(_line(f"{name} without {group}", score))
        return
    if args.fit:
        for name, score in _cross(data).items():
            print(_line(f"{name} (fitted on the other set)", score))
        first, second, threshold = fit(list(data.values()))
        print("FIRST = (" + ", ".join(f"{w:.4f}" for w in first) + ")")
        print("SECOND = (" + ", ".join(f"{w:.4f}" for w in second) + ")")
        print(f"THRESHOLD = {threshold:.2f}")
        return
    for name, (gold, aligner) in data.items():
        print(_line(f"{name} naive baseline", score_links(gold, naive(gold, embedder))))
        print(_line(f"{name} align words", score_links(gold, [aligner.links(k) for k in range(len(gold))])))


if __name__ == "__main__":
    main()
