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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from align import logistic, words
from align.embed import load_embedder
from align.evaluate_words import WordGold, WordScore, read_word_gold, score_links

L2 = 1.0  # penalty of both logistic stages
SETS = {"en-ru.dev": ("en", "ru"), "en-fr": ("en", "fr")}
# feature columns of words.WordAligner.first_features, by group, for --ablate
GROUPS = {
    "embedding": [1, 2, 3, 15, 17, 19, 20, 23], "context": [4], "position": [5, 18], "names, numbers": [6],
    "ibm1": [7, 8, 9, 16, 21, 22], "word/punctuation": [10, 11, 12], "frequency": [13, 14],
}


def naive(gold: list[WordGold], embedder) -> list[list[tuple[int, int]]]:
    predicted = []
    for row in gold:
        cos = embedder.encode(list(row.src)) @ embedder.encode(list(row.tgt)).T
        best_j, best_i = cos.argmax(axis=1), cos.argmax(axis=0)
        predicted.append([(i, int(j)) for i, j in enumerate(best_j) if best_i[j] == i])
    return predicted


@dataclass
class Item:
    """One gold pair with its first-stage features (computed once: fitting reads them many times)."""

    gold: WordGold
    features: np.ndarray


def load(corpora: Path, embedder) -> dict[str, list[Item]]:
    data = {}
    for name, (src_lang, tgt_lang) in SETS.items():
        gold = read_word_gold(corpora / "pud-words" / f"{name}.jsonl")
        aligner = words.WordAligner([(g.src, g.tgt) for g in gold], embedder, src_lang, tgt_lang)
        data[name] = [Item(g, aligner.first_features(k)) for k, g in enumerate(gold)]
    return data


def _judged(row: WordGold) -> tuple[np.ndarray, np.ndarray]:
    """The label of every word pair, and which pairs are judged (not two unannotated tokens)."""
    label = np.zeros((len(row.src), len(row.tgt)))
    for i, j in row.links:
        label[i, j] = 1
    judged = np.zeros(label.shape, bool)
    judged[list(row.src_annotated), :] = True
    judged[:, list(row.tgt_annotated)] = True
    return label, judged


def probabilities(item: Item, first, second=None, mask=None) -> np.ndarray:
    p = words.sigmoid(_masked(item.features, mask) @ first)
    return p if second is None else words.sigmoid(words.second_features(p) @ second)


def _masked(x: np.ndarray, mask) -> np.ndarray:
    return x if mask is None else x * mask


def fit(items: list[Item], mask=None) -> tuple[np.ndarray, np.ndarray, float]:
    """Both stages and the threshold that gives the best F1 on `items`."""
    labelled = [(item, *_judged(item.gold)) for item in items]
    x = np.concatenate([_masked(item.features, mask)[judged] for item, _, judged in labelled])
    y = np.concatenate([label[judged] for _, label, judged in labelled])
    first = logistic.fit(x, y, L2)
    x = np.concatenate([words.second_features(probabilities(item, first, mask=mask))[judged]
                        for item, _, judged in labelled])
    second = logistic.fit(x, y, L2)
    best = max(np.arange(0.2, 0.8, 0.05), key=lambda t: evaluate(items, first, second, t, mask).f1)
    return first, second, float(best)


def evaluate(items: list[Item], first, second, threshold: float, mask=None):
    predicted = [list(zip(*np.nonzero(probabilities(item, first, second, mask) > threshold))) for item in items]
    return score_links([item.gold for item in items], predicted)


def cross_fit(data: dict[str, list[Item]], mask=None, folds: int = 5) -> dict[str, WordScore]:
    """Each set judged by weights it did not see: en-fr fitted on en-ru; en-ru in five folds, each
    fitted on en-fr and the other four fifths of en-ru."""
    ru, fr = data["en-ru.dev"], data["en-fr"]
    scores = {"en-fr": evaluate(fr, *fit(ru, mask), mask)}
    predicted: dict[int, list] = {}
    for fold in range(folds):
        train = fr + [item for k, item in enumerate(ru) if k % folds != fold]
        first, second, threshold = fit(train, mask)
        for k in range(fold, len(ru), folds):
            p = probabilities(ru[k], first, second, mask)
            predicted[k] = list(zip(*np.nonzero(p > threshold)))
    scores["en-ru.dev"] = score_links([item.gold for item in ru], [predicted[k] for k in range(len(ru))])
    return scores


def _line(name: str, score) -> str:
    return f"{name:<46} P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f}"


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
        width = data["en-fr"][0].features.shape[-1]
        for name, score in cross_fit(data).items():
            print(_line(f"{name} all features (cross-fit)", score))
        for group, columns in GROUPS.items():
            mask = np.ones(width)
            mask[columns] = 0
            for name, score in cross_fit(data, mask).items():
                print(_line(f"{name} without {group}", score))
        return
    if args.fit:
        for name, score in cross_fit(data).items():
            print(_line(f"{name} (cross-fit)", score))
        first, second, threshold = fit(data["en-fr"] + data["en-ru.dev"])
        print("FIRST = (" + ", ".join(f"{w:.4f}" for w in first) + ")")
        print("SECOND = (" + ", ".join(f"{w:.4f}" for w in second) + ")")
        print(f"THRESHOLD = {threshold:.2f}")
        return
    for name, items in data.items():
        gold = [item.gold for item in items]
        print(_line(f"{name} naive baseline", score_links(gold, naive(gold, embedder))))
        print(_line(f"{name} align words (shipped weights)",
                    evaluate(items, words.FIRST, words.SECOND, words.THRESHOLD)))


if __name__ == "__main__":
    main()
