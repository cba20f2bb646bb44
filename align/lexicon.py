"""The document's own lexicon: which words translate which, learned from the confident beads of
the first pass (IBM Model 1, ibm1.py), as vectors the aligner appends to the model's.

The model reads each sentence's meaning and blurs its words: where a sentence boundary shifts by
a clause, or two sentences of a 2-2 bead cross, the vectors barely move, but the words do. As
hunalign's dictionary and Bleualign's translations add to length, this adds word evidence, with no
dictionary beyond the document: each source sentence becomes the bag of target words its words
translate to (t(f | e), weighted by rarity, hashed into DIMENSIONS), each target sentence its
own bag of words, and the other way round; the dot product of two appended sentences is then
(1 - share) x their similarity of meaning + share x how well their words translate each other.
Words are lower-cased and cut to STEM letters; a script without spaces (Chinese, Japanese, Thai)
is read a character at a time.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import regex

from .ibm1 import Ibm1

STEM = 5  # letters a word is cut to: a crude stem that serves inflected languages
DIMENSIONS = 128
MIN_BEADS = 50  # confident beads below which there is no lexicon worth learning
MAX_BEADS = 3000  # beads it is learned on at most (an even sample): seconds at most on a book
_TOKEN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]|\w+")


def tokens(text: str) -> list[str]:
    return [t[:STEM] for t in _TOKEN.findall(text.casefold())]


class _Vocabulary:
    """One side's words: ids, rarity over its sentences, hashed dimension."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.ids: dict[str, int] = {}
        self.sentences = [self.of(text, grow=True) for text in texts]
        counts = np.zeros(len(self.ids))
        for ids in self.sentences:
            counts[np.unique(ids)] += 1
        self.idf = np.log(len(texts) / np.maximum(counts, 1.0))
        self.hashes = np.array([zlib.crc32(t.encode()) % DIMENSIONS for t in self.ids], dtype=np.int64)
        self.own = np.zeros((len(self.ids), DIMENSIONS))  # each word's own hashed dimension, by rarity
        self.own[np.arange(len(self.ids)), self.hashes] = self.idf

    def of(self, text: str, grow: bool = False) -> np.ndarray:
        """The ids of a text's words (words not seen in the texts are left out unless `grow`)."""
        words = tokens(text)
        if grow:
            return np.array([self.ids.setdefault(t, len(self.ids)) for t in words], dtype=np.int64)
        return np.array([self.ids[t] for t in words if t in self.ids], dtype=np.int64)


@dataclass(frozen=True)
class Lexicon:
    """What each word of either side translates to, hashed, for one pair of texts."""

    vocabularies: tuple[_Vocabulary, _Vocabulary]  # source, target
    translations: tuple[np.ndarray, np.ndarray]  # (words, DIMENSIONS) of the other side: source->target, target->source

    @classmethod
    def learn(cls, src_texts: Sequence[str], tgt_texts: Sequence[str], beads: Sequence[tuple[Sequence[int], Sequence[int]]]) -> Lexicon | None:
        """Learned on `beads` (the confident two-sided beads); None when they are too few."""
        if len(beads) < MIN_BEADS:
            return None
        beads = [beads[k] for k in np.linspace(0, len(beads) - 1, min(len(beads), MAX_BEADS)).astype(int)]
        src, tgt = _Vocabulary(src_texts), _Vocabulary(tgt_texts)
        pairs = [(np.concatenate([src.sentences[i] for i in s]), np.concatenate([tgt.sentences[j] for j in t])) for s, t in beads]
        forward = _translations(Ibm1(pairs), len(src.ids), tgt)
        backward = _translations(Ibm1([(t, s) for s, t in pairs]), len(tgt.ids), src)
        return cls((src, tgt), (forward, backward))

    def vectors(self, texts: Sequence[str], side: str) -> np.ndarray:
        """(len(texts), 2 * DIMENSIONS): for a source text, the target words its words translate
        to, then its own words; for a target text, its own words, then the source words."""
        k = 0 if side == "src" else 1
        vocabulary = self.vocabularies[k]
        ids = [vocabulary.of(text) for text in texts]
        translated = _unit(_sum_rows(ids, self.translations[k]))
        own = _unit(_sum_rows(ids, vocabulary.own))
        return np.hstack([translated, own] if k == 0 else [own, translated])

    def append(self, vectors: np.ndarray, texts: Sequence[str], side: str, share: float) -> np.ndarray:
        """The sentence vectors with these appended at `share` of the dot product (half for each
        direction of translation), unit again."""
        both = np.hstack([math.sqrt(1 - share) * vectors, math.sqrt(share / 2) * self.vectors(texts, side)]).astype(np.float32)
        return both / np.maximum(np.linalg.norm(both, axis=1, keepdims=True), 1e-9)


def _translations(model: Ibm1, sources: int, targets: _Vocabulary) -> np.ndarray:
    """(source words, DIMENSIONS): the hashed target words each source word renders, t x rarity."""
    out = np.zeros((sources, DIMENSIONS))
    source, target = model.pairs >> 32, model.pairs & 0xFFFFFFFF
    np.add.at(out, (source, targets.hashes[target]), model.probabilities * targets.idf[target])
    return out


def _sum_rows(sentences: Sequence[np.ndarray], rows: np.ndarray) -> np.ndarray:
    """(len(sentences), columns): for each sentence, the sum of `rows` over its word ids."""
    out = np.zeros((len(sentences), rows.shape[1]))
    for k, ids in enumerate(sentences):
        if len(ids):
            out[k] = rows[ids].sum(axis=0)
    return out


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
