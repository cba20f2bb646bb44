"""Words spelled alike in both texts (names, numbers, cognates), as vectors the aligner appends
to the model's.

The multilingual model reads meaning and blurs what classic aligners relied on (Simard, Foster &
Isabelle 1992): "Knightley", "1918", "Multiplication"/"multiplication" are spelled the same on
both sides. Each sentence becomes a bag of word keys (a number as written; a word of KEY_LETTERS
letters or more: its first KEY_LETTERS letters, case and accents folded), weighted by rarity over
both texts and hashed into DIMENSIONS; with the model's vector scaled by sqrt(1 - share) and this
one by sqrt(share), the dot product of two sentences is (1 - share) x their similarity of meaning
+ share x the cosine of their keys. Texts in different scripts share almost no keys: they get
nothing appended (see `SharedSpelling.of`).
"""

from __future__ import annotations

import math
import unicodedata
import zlib
from collections import Counter
from functools import lru_cache
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import regex

KEY_LETTERS = 4
DIMENSIONS = 128  # hashed keys: a collision now and then costs little (256 measured the same)
MIN_SHARED = 0.05  # share of key occurrences found on the other side below which texts share no script
SCRIPT_SAMPLE = 20_000  # characters of each text whose letters tell its script
_WORD = regex.compile(r"\w+")


@lru_cache(maxsize=1 << 16)  # each sentence is read twice: for the weights, then for its vector
def keys(text: str) -> tuple[str, ...]:
    """The sentence's word keys: numbers as written, longer words by their first letters."""
    return tuple(key for key in map(_key, _WORD.findall(text)) if key)


@lru_cache(maxsize=1 << 17)  # a book's words repeat: folding each once is most of the time saved
def _key(word: str) -> str:
    """A word's key, or "" for a word too short to have one."""
    if word.isdigit():
        return "#" + word
    if len(word) < KEY_LETTERS:
        return ""
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))[:KEY_LETTERS]


@lru_cache(maxsize=1 << 17)
def _bucket(key: str) -> int:
    """The dimension a key is hashed to (stable across runs, unlike hash())."""
    return zlib.crc32(key.encode()) % DIMENSIONS


def _main_script(texts: Sequence[str]) -> str:
    """The script most letters of the texts' first SCRIPT_SAMPLE characters are in ("LATIN", "CYRILLIC", "CJK")."""
    counts: Counter[str] = Counter()
    seen = 0
    for text in texts:
        counts.update(unicodedata.name(c, "?").split(" ", 1)[0] for c in text if c.isalpha())
        seen += len(text)
        if seen >= SCRIPT_SAMPLE:
            break
    return counts.most_common(1)[0][0] if counts else ""


@dataclass(frozen=True)
class SharedSpelling:
    """The key weights of one pair of texts (inverse document frequency over both)."""

    weights: dict[str, float]

    @classmethod
    def of(cls, src_texts: Sequence[str], tgt_texts: Sequence[str]) -> SharedSpelling | None:
        """The weights, or None when the texts share too few keys to be worth it (different scripts)."""
        if _main_script(src_texts) != _main_script(tgt_texts):
            return None  # told from a sample at once, where reading every key of a book took 0.5 s
        src_keys, tgt_keys = [keys(t) for t in src_texts], [keys(t) for t in tgt_texts]
        src_set = {k for ks in src_keys for k in ks}
        tgt_set = {k for ks in tgt_keys for k in ks}
        occurrences = sum(map(len, src_keys)) + sum(map(len, tgt_keys))
        found = sum(k in tgt_set for ks in src_keys for k in ks) + sum(k in src_set for ks in tgt_keys for k in ks)
        if found < MIN_SHARED * occurrences:
            return None
        counts = Counter(k for ks in src_keys + tgt_keys for k in set(ks))
        total = len(src_keys) + len(tgt_keys)
        return cls({k: math.log(total / c) for k, c in counts.items()})

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), DIMENSIONS) float32, unit rows (zero for a sentence without keys)."""
        rows, columns, weights = [], [], []
        for row, text in enumerate(texts):
            for key in keys(text):
                rows.append(row)
                columns.append(_bucket(key))
                weights.append(self.weights.get(key, 0.0))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        np.add.at(out, (np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64)), np.array(weights, dtype=np.float32))
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def append(self, vectors: np.ndarray, texts: Sequence[str], share: float) -> np.ndarray:
        """The model's unit vectors with these appended at `share` of the dot product, unit again."""
        both = np.hstack([math.sqrt(1 - share) * vectors, math.sqrt(share) * self.vectors(texts)]).astype(np.float32)
        return both / np.maximum(np.linalg.norm(both, axis=1, keepdims=True), 1e-9)
