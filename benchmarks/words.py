"""Word links against the gold sets: the naive baseline, the shipped model, and fitting.

    python benchmarks/words.py                 # baseline and shipped weights on both PUD dev sets;
                                               # shipped weights on Chinese and Japanese (P, R, F1, AER)
    python benchmarks/words.py --fit           # fit on one set, judge on the other (both ways),
                                               # then print weights fitted on both for align/words.py;
                                               # Chinese in five folds (each fitted on the other four),
                                               # Japanese judged by weights fitted on all of Chinese
    python benchmarks/words.py --ablate        # the same cross-fit with each feature group left out

The naive baseline embeds each word alone with the same model and keeps mutual best matches.
The statistical part (IBM Model 1) is trained on the file being aligned, as `align words` does.
The PUD sets judge content words only; the Chinese and Japanese sets (cjk-words) judge every word,
with sure and possible links: a text in Chinese or Japanese has its own weights (words.WEIGHTS).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from align import words
from align.embed import load_embedder
from align.evaluate_words import WordGold, WordScore, read_word_gold, score_links

SETS = {"en-ru.dev": ("en", "ru"), "en-fr": ("en", "fr")}
CJK_SETS = {"denero-en-zh": ("en", "zh"), "kftt-en-ja": ("en", "ja")}
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


@dataclass
class CjkItem(Item):
    """A gold pair of cjk-words: every word judged, `gold.links` the sure links, `possible` the rest."""

    possible: frozenset[tuple[int, int]]


def load_cjk(corpora: Path, embedder) -> dict[str, list[CjkItem]]:
    data = {}
    for name, (src_lang, tgt_lang) in CJK_SETS.items():
        lines = (corpora / "cjk-words" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines]
        aligner = words.WordAligner([(r["src"], r["tgt"]) for r in rows], embedder, src_lang, tgt_lang)
        data[name] = [CjkItem(WordGold(tuple(r["src"]), tuple(r["tgt"]), frozenset(map(tuple, r["sure"])),
                                       frozenset(range(len(r["src"]))), frozenset(range(len(r["tgt"])))),
                              aligner.first_features(k), frozenset(map(tuple, r.get("possible", []))))
                      for k, r in enumerate(rows)]
    return data


def aer_score(items: list[CjkItem], predicted: list) -> tuple[float, float, float, float]:
    """Och and Ney: precision against sure and possible, recall against sure, F1 and AER."""
    found = sure = hit_sure = hit_possible = 0
    for item, links in zip(items, predicted, strict=True):
        links = {(int(i), int(j)) for i, j in links}
        found, sure = found + len(links), sure + len(item.gold.links)
        hit_sure += len(links & item.gold.links)
        hit_possible += len(links & (item.gold.links | item.possible))
    p, r = hit_possible / max(found, 1), hit_sure / max(sure, 1)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0, 1 - (hit_sure + hit_possible) / max(found + sure, 1)


def cjk_predictions(items: list[CjkItem], first, second, threshold: float) -> list:
    return [list(zip(*np.nonzero(probabilities(item, first, second) > threshold))) for item in items]


def cjk_cross_fit(data: dict[str, list[CjkItem]], folds: int = 5) -> dict[str, tuple]:
    """Chinese in folds, each judged by weights fitted on the other folds; Japanese by weights
    fitted on all of Chinese (it is never fitted on)."""
    zh, ja = data["denero-en-zh"], data["kftt-en-ja"]
    predicted: dict[int, list] = {}
    for fold in range(folds):
        weights = fit([item for k, item in enumerate(zh) if k % folds != fold])
        for k in range(fold, len(zh), folds):
            predicted[k] = cjk_predictions([zh[k]], *weights)[0]
    return {"denero-en-zh": aer_score(zh, [predicted[k] for k in range(len(zh))]),
            "kftt-en-ja": aer_score(ja, cjk_predictions(ja, *fit(zh)))}


def _aer_line(name: str, score) -> str:
    return f"{name:<46} P {score[0]:.3f}  R {score[1]:.3f}  F1 {score[2]:.3f}  AER {score[3]:.3f}"


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


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Newton's method for L2-regularised logistic regression (the bias, column 0, unpenalised)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(30):
        p = words.sigmoid(x @ w)
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def fit(items: list[Item], mask=None) -> tuple[np.ndarray, np.ndarray, float]:
    """Both stages and the threshold that gives the best F1 on `items`."""
    labelled = [(item, *_judged(item.gold)) for item in items]
    x = np.concatenate([_masked(item.features, mask)[judged] for item, _, judged in labelled])
    y = np.concatenate([label[judged] for _, label, judged in labelled])
    first = fit_logistic(x, y)
    x = np.concatenate([words.second_features(probabilities(item, first, mask=mask))[judged]
                        for item, _, judged in labelled])
    second = fit_logistic(x, y)
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
    cjk = load_cjk(args.corpora, embedder) if (args.corpora / "cjk-words").is_dir() else {}
    if args.fit:
        for name, score in cross_fit(data).items():
            print(_line(f"{name} (cross-fit)", score))
        _print_weights("", fit(data["en-fr"] + data["en-ru.dev"]))
        if cjk:
            for name, score in cjk_cross_fit(cjk).items():
                print(_aer_line(f"{name} (held out)", score))
            _print_weights("_CJK", fit(cjk["denero-en-zh"]))
        return
    for name, items in data.items():
        gold = [item.gold for item in items]
        print(_line(f"{name} naive baseline", score_links(gold, naive(gold, embedder))))
        print(_line(f"{name} align words (shipped weights)",
                    evaluate(items, words.FIRST, words.SECOND, words.THRESHOLD)))
    for name, items in cjk.items():
        lang = CJK_SETS[name][1]
        print(_aer_line(f"{name} align words (shipped weights)",
                        aer_score(items, cjk_predictions(items, *words.WEIGHTS[words.family_weights("en", lang)]))))


def _print_weights(suffix: str, weights) -> None:
    first, second, threshold = weights
    print(f"FIRST{suffix} = (" + ", ".join(f"{w:.4f}" for w in first) + ")")
    print(f"SECOND{suffix} = (" + ", ".join(f"{w:.4f}" for w in second) + ")")
    print(f"THRESHOLD{suffix} = {threshold:.2f}")


if __name__ == "__main__":
    main()
