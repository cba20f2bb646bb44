"""Cues that cross languages without a model: numbers, names and cognates.

Each sentence becomes a hashed bag of its numbers and of the first letters of its longer words,
Cyrillic transliterated to Latin (Bantry/Бантри both give "bant"). Tokens are weighted by how
rare they are in the two documents, so a shared "1918" or "Nadelhorn" counts and a shared
function word hardly does. Bags add up over runs of sentences like embeddings do.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence

import numpy as np

DIMENSIONS = 256
_STEM = 4
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]{4,}")
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e iu ia".split(),
    )
)
_FOLD = str.maketrans({"c": "k", "w": "v", "y": "i", "j": "i", "q": "k", "x": "ks"})


def _tokens(sentence: str) -> list[str]:
    tokens = []
    for token in _TOKEN.findall(sentence.lower()):
        if token[0].isdigit():
            tokens.append(re.sub(r"[.,]", "", token))
        else:
            latin = "".join(_CYRILLIC.get(c, c) for c in token).replace("_", "")
            tokens.append(latin.translate(_FOLD)[:_STEM])
    return tokens


def cue_vectors(src: Sequence[str], tgt: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Hashed, rarity-weighted token bags of both documents' sentences, (n, DIMENSIONS) each."""
    bags = [[_tokens(s) for s in src], [_tokens(t) for t in tgt]]
    frequency = Counter(token for side in bags for bag in side for token in set(bag))
    total = len(src) + len(tgt)
    out = []
    for side in bags:
        vectors = np.zeros((len(side), DIMENSIONS), dtype=np.float32)
        for row, bag in enumerate(side):
            for token in set(bag):
                vectors[row, zlib.crc32(token.encode()) % DIMENSIONS] += np.log(total / frequency[token])
        out.append(vectors)
    return out[0], out[1]
