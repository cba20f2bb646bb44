"""Word links inside beads: which words of one side render which words of the other.

tokens -> features of every (source word, target word) pair -> probability of a link -> links.

The features are the similarity of the two words' embeddings (each word type embedded once, so the
cache makes repeats free), the same with the neighbours' vectors mixed in, the relative position,
identical strings, numbers, transliterated names (checks.skeleton), and IBM Model 1 trained on the
document's own beads in both directions. A logistic model (weights fitted by benchmarks/words.py)
turns them into a probability; a second logistic pass looks at each pair's rivals in its row and
column and at its diagonal neighbours (itermax and a distortion prior in one), and links above
a threshold are kept.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from . import multi
from .checks import skeleton
from .embed import CachedEmbedder
from .ibm1 import Ibm1
from .records import AlignError, Alignment, Bead, Side, WordLinks
from .store import bead_text
from .tokens import script_family, tokenize

Tokens = Sequence[str]
Links = tuple[tuple[int, int], ...]

_STEMMERS = {"en": "english", "ru": "russian", "fr": "french", "de": "german", "es": "spanish", "it": "italian",
             "pt": "portuguese", "nl": "dutch", "sv": "swedish", "no": "norwegian", "da": "danish", "fi": "finnish",
             "pl": "polish", "cs": "czech", "hu": "hungarian", "ro": "romanian", "tr": "turkish", "el": "greek",
             "sr": "serbian", "lt": "lithuanian", "et": "estonian", "ca": "catalan", "ar": "arabic"}
_TEMPERATURE = 0.05  # of the softmax over a row or column of similarities
# A word is a function word when its stem makes up more than this share of its side's tokens
# (the, of, и, в ...), or when it is shorter than three letters (two in Chinese, Japanese and Thai,
# whose words are short: 的, の are function words, 房子 is not).
_FUNCTION_SHARE = 0.01
GAP_CANDIDATE = 0.45  # a word whose best link is less likely than this has no counterpart
GAP_WORDS = 3  # content words in a row without a counterpart that make a gap (flag "partial")
PARTIAL = "partial"

# Weights fitted by `python benchmarks/words.py --fit` (first stage: pair features; second: rivals):
# on the PUD sets (English-French, English-Russian: content words judged) ...
FIRST = (-4.6904, -4.2913, 1.4523, 1.8502, 6.9945, -4.2615, 0.7516, 3.0332, 2.6506, -1.4870, 1.4645, 0.0341, 1.4304, -0.1875, 0.0022, 0.1473, 0.0017, -2.4705, -4.3463, 0.4311, 0.5052, 0.0447, 0.0744, -1.5136)
SECOND = (-0.6296, 0.7505, -0.1743, 0.6150, 0.6333, 0.4811, -0.8555, -1.0657, 0.8002, -0.7400, 1.4232, 0.8093)
THRESHOLD = 0.45
# ... and where a side is Chinese or Japanese, on DeNero's Chinese-English gold, where every word
# is judged (function words and the characters of a name split in two are linked too)
FIRST_CJK = (-1.9514, -4.3550, 2.0023, 1.8439, 8.1490, -8.7845, 0.8759, 5.1535, 3.5706, -0.5443, 1.0199, 1.7519, -0.7320, 0.0802, -0.2990, 0.1482, -0.0133, 0.9911, 1.0706, 0.4664, 0.3058, 0.1667, 0.0318, -4.9376)
SECOND_CJK = (-1.2079, 0.6685, 1.3469, 0.2502, 0.7831, 0.3865, -1.0456, -1.6169, 0.9505, -1.0234, 2.5733, 3.1688)
THRESHOLD_CJK = 0.45
WEIGHTS = {"": (FIRST, SECOND, THRESHOLD), "cjk": (FIRST_CJK, SECOND_CJK, THRESHOLD_CJK)}


def family_weights(src_lang: str, tgt_lang: str) -> str:
    """The key of the weights (WEIGHTS) for a pair of languages."""
    return "cjk" if {script_family(src_lang), script_family(tgt_lang)} & {"zh", "ja"} else ""


def is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


@lru_cache(maxsize=64)
def _stemmer(lang: str):
    import snowballstemmer

    name = _STEMMERS.get(lang)
    return snowballstemmer.stemmer(name) if name else None


@lru_cache(maxsize=1 << 18)  # a book has far fewer distinct words, and each repeats many times
def stem(token: str, lang: str) -> str:
    """The lower-cased stem of a word (Snowball where the language has one, else the lower case)."""
    lower = token.lower()
    stemmer = _stemmer(lang)
    return stemmer.stemWord(lower) if stemmer and is_word(lower) else lower


@dataclass
class _Text:
    """One side of every pair, prepared: stems as ids, word vectors, document frequencies."""

    tokens: list[list[str]]
    ids: list[np.ndarray]
    vectors: list[np.ndarray]
    log_freq: dict[int, float]
    shortest_content: int  # letters

    @classmethod
    def prepare(cls, sides: Sequence[Tokens], lang: str, vocabulary: dict[str, int], embedder: CachedEmbedder) -> _Text:
        tokens = [list(side) for side in sides]
        ids = [np.array([vocabulary.setdefault(stem(t, lang), len(vocabulary)) for t in side], dtype=np.int64)
               for side in tokens]
        types = list(dict.fromkeys(t for side in tokens for t in side))
        table = dict(zip(types, embedder.encode(types))) if types else {}
        vectors = [np.stack([table[t] for t in side]) if side else np.zeros((0, 1), np.float32) for side in tokens]
        counts = Counter(i for side in ids for i in side.tolist())
        total = sum(counts.values()) or 1
        return cls(tokens, ids, vectors, {i: math.log(c / total) for i, c in counts.items()},
                   2 if script_family(lang) else 3)

    def is_content(self, k: int, i: int) -> bool:
        token = self.tokens[k][i]
        return (is_word(token) and len(token) >= self.shortest_content
                and self.log_freq[int(self.ids[k][i])] < math.log(_FUNCTION_SHARE))

    def gaps(self, k: int, linked: set[int]) -> tuple[tuple[int, int], ...]:
        """[start, stop) spans of unlinked words with GAP_WORDS content words or more, not
        interrupted by a linked content word (function words and punctuation do not end a span)."""
        spans, run = [], []
        for i, token in enumerate(self.tokens[k]):
            if self.is_content(k, i) and i in linked:
                run = self._close(k, run, spans)
            elif is_word(token) and i not in linked:
                run.append(i)
        self._close(k, run, spans)
        return tuple(spans)

    def _close(self, k: int, run: list[int], spans: list[tuple[int, int]]) -> list[int]:
        content = [i for i in run if self.is_content(k, i)]
        if len(content) >= GAP_WORDS:  # the span runs from its first to its last content word
            spans.append((content[0], content[-1] + 1))
        return []


class WordAligner:
    """Links words within the given pairs, using everything the pairs say together."""

    def __init__(self, pairs: Sequence[tuple[Tokens, Tokens]], embedder: CachedEmbedder,
                 src_lang: str = "en", tgt_lang: str = "ru") -> None:
        vocabulary: dict[str, int] = {}
        self.src = _Text.prepare([s for s, _ in pairs], src_lang, vocabulary, embedder)
        self.tgt = _Text.prepare([t for _, t in pairs], tgt_lang, vocabulary, embedder)
        self.first, self.second, self.threshold = WEIGHTS[family_weights(src_lang, tgt_lang)]
        id_pairs = list(zip(self.src.ids, self.tgt.ids))
        self._forward = Ibm1(id_pairs)
        self._backward = Ibm1([(t, s) for s, t in id_pairs])

    def __len__(self) -> int:
        return len(self.src.tokens)

    def first_features(self, k: int) -> np.ndarray:
        """(n, m, F): the features of every word pair of pair k."""
        src, tgt = self.src.tokens[k], self.tgt.tokens[k]
        n, m = len(src), len(tgt)
        cos = self.src.vectors[k] @ self.tgt.vectors[k].T
        context = _smooth(self.src.vectors[k]) @ _smooth(self.tgt.vectors[k]).T
        forward = self._forward.posterior(self.src.ids[k], self.tgt.ids[k])
        backward = self._backward.posterior(self.tgt.ids[k], self.src.ids[k]).T
        src_word = np.array([is_word(t) for t in src], float)[:, None]
        tgt_word = np.array([is_word(t) for t in tgt], float)[None, :]
        src_freq = np.array([self.src.log_freq[i] for i in self.src.ids[k].tolist()])[:, None]
        tgt_freq = np.array([self.tgt.log_freq[i] for i in self.tgt.ids[k].tolist()])[None, :]
        position = np.abs(np.arange(n)[:, None] / max(n, 1) - np.arange(m)[None, :] / max(m, 1))
        # the same number, or the same name in either script (identical words already have cosine 1)
        same = _equal([_name_key(t) for t in src], [_name_key(t) for t in tgt])
        columns = [
            np.ones((n, m)), cos, _softmax(cos, 1), _softmax(cos, 0), context,
            position, same, forward, backward, np.sqrt(forward * backward),
            src_word * tgt_word, (1 - src_word) * (1 - tgt_word), src_word + tgt_word,
            np.broadcast_to(src_freq, (n, m)), np.broadcast_to(tgt_freq, (n, m)),
            _is_max(cos, 1) * _is_max(cos, 0), _is_max(forward + backward, 1) * _is_max(forward + backward, 0),
            cos * src_word * tgt_word, position * src_word * tgt_word,
            np.log(_softmax(cos, 1) + 1e-4), np.log(_softmax(cos, 0) + 1e-4),
            np.log(forward + 1e-4), np.log(backward + 1e-4), cos ** 2,
        ]
        return np.stack(columns, axis=-1)

    def link_probabilities(self, k: int) -> np.ndarray:
        p = sigmoid(self.first_features(k) @ np.asarray(self.first))
        return sigmoid(second_features(p) @ np.asarray(self.second))

    def links(self, k: int) -> Links:
        if not (self.src.tokens[k] and self.tgt.tokens[k]):
            return ()
        p = self.link_probabilities(k)
        return tuple((int(i), int(j)) for i, j in zip(*np.nonzero(p > self.threshold)))

    def word_links(self, k: int) -> WordLinks:
        """Pair k's tokens, links and gaps (spans of content words without a counterpart: not
        even a weak candidate, so that a free rendering is not taken for an omission)."""
        src, tgt = tuple(self.src.tokens[k]), tuple(self.tgt.tokens[k])
        if not (src and tgt):
            return WordLinks(src, tgt, ())
        p = self.link_probabilities(k)
        links = tuple((int(i), int(j)) for i, j in zip(*np.nonzero(p > self.threshold)))
        return WordLinks(src, tgt, links, self.src.gaps(k, set(np.nonzero(p.max(axis=1) >= GAP_CANDIDATE)[0])),
                         self.tgt.gaps(k, set(np.nonzero(p.max(axis=0) >= GAP_CANDIDATE)[0])))


MAX_BEAD_TOKENS = 1000  # per side of a bead; longer beads get no word links


def link_words(alignment: Alignment, embedder: CachedEmbedder) -> Alignment:
    """The alignment with every bead's word links (and the flag `partial` where a bead has gaps);
    with more than two texts, each pair of the pivot with a text is linked as that pair was aligned
    (a bead spanning several rows keeps its links on its first row)."""
    if alignment.others:
        return multi.merge([link_words(alignment.pair(k), embedder) for k in range(1, len(alignment.sides))])
    linked = _link_beads(alignment.beads, alignment.src, alignment.tgt, embedder)
    return replace(alignment, beads=tuple(linked))


def _link_beads(beads: Sequence[Bead], src: Side, tgt: Side, embedder: CachedEmbedder) -> list[Bead]:
    pairs = [(tokenize(bead_text(src, b.src), src.lang), tokenize(bead_text(tgt, b.tgt), tgt.lang)) for b in beads]
    # a bead too long to read word by word (a whole page on one line) gets no links: every word
    # type in it would be embedded for links nobody can check
    fits = [len(s) <= MAX_BEAD_TOKENS and len(t) <= MAX_BEAD_TOKENS for s, t in pairs]
    aligner = WordAligner([pair if ok else ([], []) for pair, ok in zip(pairs, fits)], embedder, src.lang, tgt.lang)
    return [with_words(bead, aligner.word_links(k) if fits[k] else None) for k, bead in enumerate(beads)]


def with_words(bead: Bead, words: WordLinks | None) -> Bead:
    """The bead with these word links, flagged `partial` exactly when they have gaps."""
    flags = tuple(f for f in bead.flags if f != PARTIAL)
    if words and (words.src_gaps or words.tgt_gaps):
        flags += (PARTIAL,)
    return replace(bead, words=words, flags=flags)


def regroup(alignment: Alignment, old: Sequence[Bead], new: Bead) -> Bead:
    """`new`, a bead made by hand from the sentences of the `old` beads, with the word links that
    held between its sentences before (a merge keeps them all, a split or a move those within each
    part; a moved sentence has no links to its new bead until the document is linked again)."""
    src_tokens: dict[tuple[int, int], str] = {}
    tgt_tokens: dict[tuple[int, int], str] = {}
    links, gaps = set(), set()
    for bead in old:
        addresses = _addresses(alignment, bead)
        if addresses is None:
            return with_words(new, None)
        src_at, tgt_at = addresses
        src_tokens.update(zip(src_at, bead.words.src_tokens))
        tgt_tokens.update(zip(tgt_at, bead.words.tgt_tokens))
        links |= {(src_at[i], tgt_at[j]) for i, j in bead.words.links}
        gaps |= {("src", src_at[i]) for a, b in bead.words.src_gaps for i in range(a, b)}
        gaps |= {("tgt", tgt_at[j]) for a, b in bead.words.tgt_gaps for j in range(a, b)}
    src_order = [key for key in src_tokens if key[0] in new.src]
    tgt_order = [key for key in tgt_tokens if key[0] in new.tgt]
    src_index = {key: i for i, key in enumerate(sorted(src_order))}
    tgt_index = {key: j for j, key in enumerate(sorted(tgt_order))}
    words = WordLinks(
        tuple(src_tokens[key] for key in sorted(src_order)), tuple(tgt_tokens[key] for key in sorted(tgt_order)),
        tuple(sorted((src_index[a], tgt_index[b]) for a, b in links if a in src_index and b in tgt_index)),
        _runs(sorted(src_index[key] for side, key in gaps if side == "src" and key in src_index)) if new.tgt else (),
        _runs(sorted(tgt_index[key] for side, key in gaps if side == "tgt" and key in tgt_index)) if new.src else (),
    )
    return with_words(new, words)


def _addresses(alignment: Alignment, bead: Bead):
    """(sentence, k) of each of the bead's source and target tokens; None if its links are missing
    or were not made from these sentences."""
    if bead.words is None:
        return None
    result = []
    for side, ids, tokens in ((alignment.src, bead.src, bead.words.src_tokens),
                              (alignment.tgt, bead.tgt, bead.words.tgt_tokens)):
        at = [(i, k) for i in ids for k in range(len(tokenize(side.sentences[i].text, side.lang)))]
        if len(at) != len(tokens):
            return None
        result.append(at)
    return result


def _runs(indices: list[int]) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for i in indices:
        if spans and spans[-1][1] == i:
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return tuple(spans)


def format_links(links: Links) -> str:
    """Pharaoh format: `0-0 1-2 3-3`."""
    return " ".join(f"{i}-{j}" for i, j in sorted(links))


def align_words(src_lines: Sequence[str], tgt_lines: Sequence[str], embedder: CachedEmbedder,
                src_lang: str = "", tgt_lang: str = "", pretokenized: bool = False) -> list[Links]:
    """Links for each pair of lines (line k of one renders line k of the other). Pretokenized
    lines hold tokens separated by spaces; a line without tokens gets no links."""
    if len(src_lines) != len(tgt_lines):
        raise AlignError(f"the two files have different numbers of lines ({len(src_lines)} and {len(tgt_lines)})")
    def split(line: str, lang: str) -> tuple[str, ...]:
        return tuple(t for t in line.split(" ") if t) if pretokenized else tokenize(line, lang)

    pairs = [(split(s, src_lang), split(t, tgt_lang)) for s, t in zip(src_lines, tgt_lines)]
    if not any(s for s, _ in pairs) or not any(t for _, t in pairs):
        raise AlignError("no tokens: " + ("both files are" if not any(s or t for s, t in pairs) else "one file is")
                         + " empty or blank")
    # as in a bead: a line too long to read word by word gets no links (its features alone would
    # take n x m x 24 numbers: GiBs for 5,000 tokens a side)
    too_long = {k for k, (s, t) in enumerate(pairs) if len(s) > MAX_BEAD_TOKENS or len(t) > MAX_BEAD_TOKENS}
    if too_long:
        logging.getLogger("align").warning(
            f"{len(too_long)} line(s) with more than {MAX_BEAD_TOKENS} tokens a side get no links "
            f"(line {min(too_long) + 1}{' and others' if len(too_long) > 1 else ''})")
    aligner = WordAligner([((), ()) if k in too_long else pair for k, pair in enumerate(pairs)],
                          embedder, src_lang, tgt_lang)
    return [aligner.links(k) for k in range(len(pairs))]


def second_features(p: np.ndarray) -> np.ndarray:
    """(n, m, F) from first-stage probabilities: each pair against its rivals and its diagonal."""
    n, m = p.shape
    padded = np.pad(p, 1)
    diagonal = np.maximum(padded[:-2, :-2], padded[2:, 2:])  # the previous or the next word pair linked
    along_row = np.maximum(padded[1:-1, :-2], padded[1:-1, 2:])  # this source word with a neighbouring target word
    along_column = np.maximum(padded[:-2, 1:-1], padded[2:, 1:-1])
    row_max, col_max = p.max(axis=1, keepdims=True), p.max(axis=0, keepdims=True)
    logit = np.log(np.clip(p, 1e-6, 1 - 1e-6) / np.clip(1 - p, 1e-6, 1))
    columns = [
        np.ones((n, m)), logit, p, _is_max(p, 1), _is_max(p, 0), _is_max(p, 1) * _is_max(p, 0),
        row_max - p, col_max - p, diagonal, np.broadcast_to(row_max, (n, m)) * np.broadcast_to(col_max, (n, m)),
        along_row * (1 - col_max), along_column * (1 - row_max),
    ]
    return np.stack(columns, axis=-1)


def _smooth(vectors: np.ndarray) -> np.ndarray:
    """Each word's vector with half of its neighbours' mixed in, normalised."""
    if len(vectors) == 0:
        return vectors
    padded = np.pad(vectors, ((1, 1), (0, 0)))
    mixed = vectors + 0.5 * (padded[:-2] + padded[2:])
    return mixed / np.maximum(np.linalg.norm(mixed, axis=1, keepdims=True), 1e-12)


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    z = np.exp((x - x.max(axis=axis, keepdims=True)) / _TEMPERATURE)
    return z / z.sum(axis=axis, keepdims=True)


def _is_max(x: np.ndarray, axis: int) -> np.ndarray:
    return (x >= x.max(axis=axis, keepdims=True)).astype(float)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(x, -30, 30)))


def _equal(left: list[str], right: list[str]) -> np.ndarray:
    return np.array([[float(a != "" and a == b) for b in right] for a in left]).reshape(len(left), len(right))


def _name_key(token: str) -> str:
    """Names and numbers match across scripts by their sound skeleton or their digits."""
    if any(ch.isdigit() for ch in token):
        return re.sub(r"\D", "", token)
    key = skeleton(token).lower() if token[:1].isupper() else ""
    return key[:5] if len(key) >= 3 else ""
