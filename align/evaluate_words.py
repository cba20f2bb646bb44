"""Evaluation of word links against gold data in the PUD word-alignment format.

One JSON object per line: `src`, `tgt` (tokens), `links` (gold [i, j], 0-based), `src_annotated`,
`tgt_annotated` (the content tokens the annotators judged; function words are not annotated).
Precision counts the predicted links that touch at least one annotated token (links between two
unannotated tokens are ignored), recall counts the gold links, F1 is their harmonic mean.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .records import AlignError

Links = Sequence[tuple[int, int]]


@dataclass(frozen=True)
class WordGold:
    src: tuple[str, ...]
    tgt: tuple[str, ...]
    links: frozenset[tuple[int, int]]
    src_annotated: frozenset[int]
    tgt_annotated: frozenset[int]


@dataclass(frozen=True)
class WordScore:
    precision: float
    recall: float
    f1: float


def read_word_gold(path: str | Path) -> list[WordGold]:
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows.append(WordGold(tuple(row["src"]), tuple(row["tgt"]), frozenset(map(tuple, row["links"])),
                                 frozenset(row["src_annotated"]), frozenset(row["tgt_annotated"])))
        except (ValueError, KeyError, TypeError):
            raise AlignError(f"{path}: line {number} is not a word-alignment record") from None
    return rows


def score_links(gold: Sequence[WordGold], predicted: Sequence[Links]) -> WordScore:
    hits = judged = 0
    for row, links in zip(gold, predicted, strict=True):
        for i, j in set(links):
            if i in row.src_annotated or j in row.tgt_annotated:
                judged += 1
                hits += (i, j) in row.links
    total = sum(len(row.links) for row in gold)
    precision = hits / judged if judged else 0.0
    recall = hits / total if total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return WordScore(precision, recall, f1)
