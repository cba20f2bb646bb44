"""Finding beads: by words (any form), by a regular expression, or by meaning, in one alignment or
a library. Every hit carries each text of its row and the spans that matched, for highlighting.

query -> check_pattern (bounded before compiling) -> matches per text -> Hit (texts, spans, score)
"""

from __future__ import annotations

import os
import time
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import faiss
import numpy as np
import regex as regex_module

from .embed import CachedEmbedder, Embedder, is_default_model, load_embedder
from .records import AlignError, Alignment
from .store import bead_text
from .tokens import token_spans
from .words import stem

SEARCH_TIMEOUT_S = 2.0
MAX_QUERY_CHARS = 1_000
# What a regular expression may expand to: `(?:a{3000}){3000}` is 9,000,000 items, which the
# `regex` module builds in memory when compiling (2.5 GB), before any time limit applies. RE2
# refuses a single repeat over 1,000; this bounds the nesting too.
MAX_PATTERN_SIZE = 10_000
# A bead passes a meaning search when the query is closer to it than any of PROBES queries of
# random letters comes to it, and closer than such queries come to all but NOISE_QUANTILE of the
# texts of the same index: the noise of this model on these texts (short lines such as headings
# draw any query near), not a constant fitted to one model (benchmarks/search_threshold.py).
PROBES = 200
NOISE_QUANTILE = 0.999

_REPEAT = regex_module.compile(r"\{(\d+)(?:,(\d*))?\}|\{,(\d+)\}")
Span = tuple[int, int]  # character offsets [start, stop) in one text


@dataclass(frozen=True)
class Hit:
    """One bead found, with every text of its row."""

    bead: int  # its row in the alignment
    texts: tuple[str, ...]  # the bead's text in each column, left to right ("" where it has none)
    spans: tuple[tuple[Span, ...], ...] = ()  # per text, what matched (none for a search by meaning)
    score: float | None = None  # cosine similarity, for a search by meaning
    work: str = ""  # the work it belongs to, in a library search
    langs: tuple[str, ...] = ()  # the language of each text


@dataclass(frozen=True)
class Results:
    """One page of what a search found."""

    hits: tuple[Hit, ...]  # this page, best or first first
    total: int  # hits in all, on every page
    why: str = ""  # when nothing is found: why, in one sentence


# --- words and regular expressions -----------------------------------------------------------------


def check_pattern(query: str) -> None:
    """Refuse a regular expression too long or too large once its counted repeats are expanded,
    before any engine compiles it (AlignError, one line)."""
    if len(query) > MAX_QUERY_CHARS:
        raise AlignError(f"the expression is {len(query):,} characters long; at most {MAX_QUERY_CHARS:,}")
    size = _expanded_size(query)
    if size > MAX_PATTERN_SIZE:
        raise AlignError(
            f"the expression is too large: its repeats come to {size:,} characters; at most {MAX_PATTERN_SIZE:,}"
        )


def _expanded_size(pattern: str) -> int:
    """How many items a pattern holds once every counted repeat ({m}, {m,n}) is written out:
    a group's size is the sum of its items, a repeat multiplies what it follows."""
    stack: list[int] = [0]  # the size so far of each open group, outermost first
    last = 0  # the size of the item just read, which a repeat multiplies
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            escaped = pattern[i + 1:i + 2]
            i += 2
            if escaped in ("p", "P", "N", "x", "u") and pattern[i:i + 1] == "{":  # \p{L}, \x{263a}
                i = (pattern.find("}", i) + 1) or len(pattern)
            last = 1
        elif char == "[":
            i = _class_end(pattern, i)
            last = 1
        elif char == "(":
            stack.append(0)
            i += 1
            last = 0
            continue
        elif char == ")" and len(stack) > 1:
            last = stack.pop()
            stack[-1] += last
            i += 1
            continue
        elif char == "{" and (repeat := _REPEAT.match(pattern, i)):  # {m}, {m,}, {m,n}, {,n}
            low, high = repeat.group(1) or repeat.group(3), repeat.group(2)
            count = int(high) if high else int(low)
            stack[-1] += last * (count - 1) if count else -last
            last *= count
            i = repeat.end()
            continue
        else:
            last = 0 if char in "*+?|" else 1
            i += 1
        stack[-1] += last
    return sum(stack)


def _class_end(pattern: str, start: int) -> int:
    """Where a character class that opens at `start` ends (just after its `]`)."""
    i = start + 1
    if pattern[i:i + 1] == "^":
        i += 1
    if pattern[i:i + 1] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def compile_pattern(query: str) -> regex_module.Pattern:
    """A user's regular expression, bounded and compiled case-insensitive (AlignError, one line)."""
    check_pattern(query)
    try:
        return regex_module.compile(query, regex_module.IGNORECASE)
    except (regex_module.error, ValueError, OverflowError) as error:
        raise AlignError(f"not a valid regular expression: {error}") from None


def word_spans(text: str, lang: str, words: Sequence[str]) -> tuple[Span, ...] | None:
    """Where each of `words` occurs in `text`, in any form: as written (case-insensitive), or as
    a word of the same stem in the text's language. None when some word does not occur."""
    lower = text.lower()
    if not all(word_beginning(word, lang) in lower for word in words):
        return None  # most texts: told without reading their words
    tokens = [(start, end, search_keys(text[start:end], lang)) for start, end in token_spans(text, lang)]
    spans: list[Span] = []
    for word in words:
        keys = search_keys(word, lang)
        found = [(m.start(), m.end()) for m in regex_module.finditer(regex_module.escape(word), text, regex_module.IGNORECASE)]
        found += [(start, end) for start, end, token in tokens if token & keys]
        if not found:
            return None
        spans += found
    return _merged(spans)


@lru_cache(maxsize=1 << 16)
def search_keys(word: str, lang: str) -> frozenset[str]:
    """What a word is compared by: its Snowball stem, and the word itself (Snowball cuts "состав"
    to "соста" but "составе" to "состав"); in Russian without the vowel that comes and goes
    before the last consonant (барашек, барашка -> барашк). Two words match when one key is shared."""
    return frozenset(_fold(key, lang) for key in (stem(word, lang), word.lower()))


@lru_cache(maxsize=1 << 12)
def word_beginning(word: str, lang: str) -> str:
    """What every form of `word` that the word search takes for it begins with (lower case)."""
    lower = word.lower()
    shared = os.path.commonprefix([lower, search_key(word, lang)])
    return shared[:-1] if len(shared) >= 4 else shared or lower  # a vowel may come and go before the last letter


def search_key(word: str, lang: str) -> str:
    """The stem the word search compares (see search_keys)."""
    return _fold(stem(word, lang), lang)


def _fold(key: str, lang: str) -> str:
    if lang == "ru" and len(key) >= 5 and key[-2] in "оеё" and _consonant(key[-1]) and _consonant(key[-3]):
        return key[:-2] + key[-1]
    return key


def _consonant(char: str) -> bool:
    return char.isalpha() and char not in "аеёиоуыэюяйьъ"


def regex_spans(pattern: regex_module.Pattern, text: str, deadline: float) -> tuple[Span, ...] | None:
    """Where `pattern` matches in `text` (empty matches count, without a span), None where it does
    not; TimeoutError past the deadline."""
    # concurrent: let the server's other threads run meanwhile
    matches = list(pattern.finditer(text, timeout=max(deadline - time.monotonic(), 1e-3), concurrent=True))
    return tuple((m.start(), m.end()) for m in matches if m.end() > m.start()) if matches else None


def _merged(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def matcher(query: str, regex: bool = False,
            timeout_s: float = SEARCH_TIMEOUT_S) -> Callable[[Sequence[str], Sequence[str]], tuple | None]:
    """A function of a row's texts and their languages: the spans per text where `query` matches,
    or None when the row is not a hit. Words must all occur in one text; a regular expression
    anywhere. A search longer than `timeout_s` in all is an AlignError."""
    if len(query) > MAX_QUERY_CHARS:
        raise AlignError(f"the query is {len(query):,} characters long; at most {MAX_QUERY_CHARS:,}")
    query = unicodedata.normalize("NFC", query)  # "cafe" + a combining accent is the "café" texts hold
    deadline = time.monotonic() + timeout_s
    if regex:
        pattern = compile_pattern(query)

        def spans_of(text: str, lang: str) -> tuple[Span, ...] | None:
            return regex_spans(pattern, text, deadline)
    else:
        words = query.split()

        def spans_of(text: str, lang: str) -> tuple[Span, ...] | None:
            return word_spans(text, lang, words)

    def match(texts: Sequence[str], langs: Sequence[str]) -> tuple | None:
        try:
            spans = [spans_of(text, lang) if text else None for text, lang in zip(texts, langs)]
        except TimeoutError:
            raise AlignError(f"the search took longer than {timeout_s:g} s; try a simpler expression") from None
        if all(s is None for s in spans):
            return None
        return tuple(s or () for s in spans)

    return match


def find_text(alignment: Alignment, query: str, regex: bool = False, timeout_s: float = SEARCH_TIMEOUT_S,
              offset: int = 0, limit: int | None = None) -> Results:
    """Beads where the text of any side holds every word of `query` in any form (case-insensitive,
    in any order), or with regex=True matches a regular expression; `limit` of them from `offset`.
    A pattern too large is refused; a search longer than `timeout_s` is an AlignError."""
    if not query.strip():
        return Results((), 0, "no query")
    match = matcher(query, regex, timeout_s)
    langs = [side.lang for side in alignment.sides]
    found = []
    for n, bead in enumerate(alignment.beads):
        texts = tuple(bead_text(side, ids) for side, ids in zip(alignment.sides, bead.columns))
        spans = match(texts, langs)
        if spans is not None:
            found.append(Hit(n, texts, spans, langs=tuple(langs)))
    page = found[offset:offset + limit if limit is not None else None]
    return Results(tuple(page), len(found), "" if found else _nothing_found(query, regex))


def _nothing_found(query: str, regex: bool) -> str:
    if regex:
        return "no text matches this expression"
    return "no text holds " + ("every one of these words" if len(query.split()) > 1 else "this word") + " in any form"


# --- meaning ----------------------------------------------------------------------------------------


def embedder_for(model: str) -> CachedEmbedder:
    """The embedder that made an alignment, from the model name stored in it."""
    return load_embedder(model_to_load(model))


def model_to_load(model: str) -> str | None:
    """What to pass load_embedder for the model name stored in an alignment (None: the default)."""
    if is_default_model(model):  # stored with its version, e.g. use-multilingual-v3@0.2.1
        return None
    folder, _, size = model.rpartition("#")  # a local folder is stored as "<path>#<bytes>"
    if folder and size.isdigit() and Path(folder).is_dir():
        return folder
    return model


@dataclass(frozen=True)
class VectorSet:
    """Texts of one model as vectors, each owned by a bead, and for each the similarity a query
    must pass to find it."""

    model: str  # the model name stored with the alignments
    index: faiss.Index  # inner product over unit vectors: cosine similarity
    owners: tuple[Hashable, ...]  # the bead each vector belongs to, in index order
    levels: np.ndarray  # per vector, the similarity a query must pass (noise_levels)

    @classmethod
    def build(cls, model: str, vectors: np.ndarray, owners: Sequence[Hashable], embedder: Embedder) -> VectorSet:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(owners), -1)
        index = faiss.IndexFlatIP(vectors.shape[1] if len(owners) else 1)
        if len(owners):
            index.add(vectors)
        return cls(model, index, tuple(owners), noise_levels(vectors, embedder))

    @property
    def threshold(self) -> float:
        """The level an ordinary text of this set must pass (a text that draws queries near has its own, higher)."""
        return float(np.quantile(self.levels, NOISE_QUANTILE)) if len(self.levels) else 1.0


def noise_levels(vectors: np.ndarray, embedder: Embedder, chunk: int = 20_000) -> np.ndarray:
    """For each vector, the highest similarity that PROBES queries of random letters (Latin and
    Cyrillic, one to three words) reach to it, raised to what they reach to all but
    NOISE_QUANTILE of the vectors."""
    if not len(vectors):
        return np.zeros(0, dtype=np.float32)
    probes = np.asarray(embedder.encode(random_queries(PROBES)), dtype=np.float32)
    reached = np.concatenate([(probes @ vectors[k:k + chunk].T).max(axis=0) for k in range(0, len(vectors), chunk)])
    return np.maximum(reached, np.quantile(reached, NOISE_QUANTILE)).astype(np.float32)


def random_queries(n: int, seed: int = 1) -> list[str]:
    """`n` strings of random letters, the same every time."""
    rng = np.random.default_rng(seed)
    alphabets = ("abcdefghijklmnopqrstuvwxyz", "абвгдежзиклмнопрстуфхцчшщыэюя")
    queries = []
    for k in range(n):
        letters = alphabets[k % len(alphabets)]
        words = ("".join(rng.choice(list(letters), rng.integers(3, 10))) for _ in range(rng.integers(1, 4)))
        queries.append(" ".join(words))
    return queries


class MeaningIndex:
    """Texts as vectors in FAISS inner-product indexes, one per model, each bead side a vector
    owned by its bead (a bead number, or (work, bead) in a library). A search keeps the beads
    whose closer side is more similar to the query than queries of random letters come to it
    (VectorSet.levels). Queries are embedded by each model itself, not
    through the cache: they need not be kept."""

    def __init__(self, sets: Sequence[VectorSet], embedder: Callable[[str], Embedder], unavailable: Sequence[str] = ()) -> None:
        self.sets = tuple(sets)
        self._embedder = embedder  # model name -> the model that embeds queries
        self.unavailable = tuple(unavailable)  # models of alignments left out: not available here

    @classmethod
    def of_alignment(cls, alignment: Alignment, embedder: CachedEmbedder) -> MeaningIndex:
        texts, owners = [], []
        for n, bead in enumerate(alignment.beads):
            for side, ids in zip(alignment.sides, bead.columns):
                if ids:
                    texts.append(bead_text(side, ids))
                    owners.append(n)
        vectors = embedder.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        return cls([VectorSet.build(alignment.model, vectors, owners, embedder)], lambda model: embedder.inner)

    def search(self, query: str, limit: int = 1_000) -> tuple[list[tuple[Hashable, float]], str]:
        """The beads close in meaning to `query` (in any language), best first, at most `limit`,
        with the similarity of their closer side; and when there are none, why."""
        if not any(char.isalpha() for char in query):
            return [], "a search by meaning needs words"
        best: dict[Hashable, float] = {}
        closest, level = -1.0, 0.0
        unavailable = list(self.unavailable)
        for vectors in self.sets:
            if not vectors.index.ntotal:
                continue
            try:
                vector = np.ascontiguousarray(self._embedder(vectors.model).encode([query]), dtype=np.float32)
            except AlignError:  # the model of these alignments is not available here: the others are searched
                unavailable.append(vectors.model)
                continue
            scores, rows = vectors.index.search(vector, min(2 * limit, vectors.index.ntotal))
            if scores[0][0] > closest:
                closest, level = float(scores[0][0]), float(vectors.levels[rows[0][0]])
            for score, row in zip(scores[0], rows[0]):
                if row >= 0 and score > vectors.levels[row]:
                    owner = vectors.owners[row]
                    best[owner] = max(best.get(owner, -1.0), float(score))
        ranked = sorted(best.items(), key=lambda item: -item[1])[:limit]
        left_out = (f"the alignments made with {', '.join(unavailable)} were not searched: the model is not "
                    "available here") if unavailable else ""
        if ranked:
            return ranked, left_out
        if left_out:
            return [], left_out
        if closest < -0.5:
            return [], "nothing is indexed"
        return [], (f"nothing close enough in meaning: the closest bead scores {closest:.2f}, "
                    f"not above {level:.2f}, what queries of random letters reach there")

    def find(self, alignment: Alignment, query: str, offset: int = 0, limit: int | None = None) -> Results:
        """The beads of `alignment` (the one indexed) close in meaning to `query`, as a page."""
        ranked, why = self.search(query)
        page = ranked[offset:offset + limit if limit is not None else None]
        langs = tuple(side.lang for side in alignment.sides)
        hits = tuple(Hit(n, tuple(bead_text(side, ids) for side, ids in zip(alignment.sides, alignment.beads[n].columns)),
                         score=score, langs=langs) for n, score in page)
        return Results(hits, len(ranked), why)
