"""Checks that make a bead suspicious: a length ratio unlike the rest of the document, numbers or
names on one side only. Each is simple and conservative: better to miss a problem than to cry wolf."""

from __future__ import annotations

import math
import functools
import re
import statistics

from .formats.headings import roman_value
from .records import Alignment, LOW_CONFIDENCE, Sentence

PARALLEL_SHARE = 0.25  # below this share of sentences in confident pairs, two texts do not look parallel
FEW_SENTENCES = 3  # a text shorter than this gives too little to tell a translation by (no anchor can be found)
LENGTH_Z = 3.0  # robust z-score of the log length ratio beyond which a bead is flagged
_MIN_BEADS_FOR_RATIO = 8

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
    )
)
_SOUNDS = (("tch", "ch"), ("shch", "S"), ("ch", "C"), ("sh", "S"), ("zh", "Z"), ("kh", "h"), ("ck", "k"),
           ("ph", "f"), ("c", "k"), ("q", "k"), ("x", "ks"), ("w", "v"), ("_", ""))
_FOOTNOTE_MARK = re.compile(r"\[\d{1,3}\]|\^\d{1,3}|[¹²³⁰⁴-⁹]+")  # "Berlioz,[2] editor": a note's mark, no number
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
# Two letters or more, below 400 (chapters, centuries, congresses): "I", "MIX", "DC" are words.
_ROMAN = re.compile(r"\b(?=[CLXVI]{2,}\b)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})\b")
_WORD = re.compile(r"[^\W\d_]+")
_OPENERS = tuple(":;«„“\"'([—–-")


def check(alignment: Alignment) -> dict[int, list[str]]:
    """Reasons per suspicious bead number (beads with no reason are left out)."""
    reasons: dict[int, list[str]] = {}
    for n, reason in _length_outliers(alignment) + _number_mismatches(alignment) + _name_mismatches(alignment):
        reasons.setdefault(n, []).append(reason)
    return dict(sorted(reasons.items()))


def confident_share(alignment: Alignment) -> float:
    """The share of all sentences, both sides together, that lie in confident two-sided beads.
    Translations of each other score 0.85 to 0.99 on the development sets, unrelated texts under
    0.01 (benchmarks/calibrate.py)."""
    total = len(alignment.src.sentences) + len(alignment.tgt.sentences)
    paired = sum(len(b.src) + len(b.tgt) for b in alignment.beads if b.src and b.tgt and b.score >= LOW_CONFIDENCE)
    return paired / max(total, 1)


def parallel_warning(alignment: Alignment) -> str | None:
    """A warning when the two texts do not look like translations of each other, else None."""
    share = confident_share(alignment)
    if share >= PARALLEL_SHARE:
        return None
    if min(len(alignment.src.sentences), len(alignment.tgt.sentences)) < FEW_SENTENCES:
        return "too few sentences to tell whether these texts are translations of each other: the scores say little"
    return (f"only {share:.0%} of the sentences are in confident pairs: "
            "these texts do not look like translations of each other")


def _length_outliers(alignment: Alignment) -> list[tuple[int, str]]:
    ratios = {}
    for n, bead in enumerate(alignment.beads):
        if bead.src and bead.tgt:
            src_len = sum(len(alignment.src.sentences[i].text) for i in bead.src)
            tgt_len = sum(len(alignment.tgt.sentences[j].text) for j in bead.tgt)
            ratios[n] = math.log((tgt_len + 1) / (src_len + 1))
    if len(ratios) < _MIN_BEADS_FOR_RATIO:
        return []
    centre = statistics.median(ratios.values())
    spread = 1.4826 * statistics.median(abs(r - centre) for r in ratios.values())  # MAD, as a std
    spread = max(spread, 0.15)  # a very regular document must not flag small wobbles
    found = []
    for n, ratio in ratios.items():
        z = (ratio - centre) / spread
        if abs(z) > LENGTH_Z:
            side = "target" if z > 0 else "source"
            found.append((n, f"length: the {side} side is unusually long for this document (z = {z:+.1f})"))
    return found


def numbers(text: str) -> set[str]:
    """The numbers in a text as digit strings (1,000 = 1 000 = 1000; 3.5 = 3,5); Roman numerals too.
    Footnote marks ([2], ^3, superscript digits) are not numbers of the text."""
    text = _FOOTNOTE_MARK.sub(" ", text)
    found = {re.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(text)}
    found |= {str(roman_value(m.group())) for m in _ROMAN.finditer(text)}
    return found


def _number_mismatches(alignment: Alignment) -> list[tuple[int, str]]:
    found = []
    for n, bead in enumerate(alignment.beads):
        if not (bead.src and bead.tgt):
            continue
        src = numbers(" ".join(alignment.src.sentences[i].text for i in bead.src))
        tgt = numbers(" ".join(alignment.tgt.sentences[j].text for j in bead.tgt))
        if src != tgt:
            parts = [f"{', '.join(sorted(only))} only in the {side}"
                     for only, side in ((src - tgt, "source"), (tgt - src, "target")) if only]
            found.append((n, "numbers: " + "; ".join(parts)))
    return found


@functools.lru_cache(maxsize=1 << 16)  # a book repeats its words: each is sounded out once
def skeleton(word: str) -> str:
    """A rough sound skeleton, the same for a name in Latin or Cyrillic letters: Bantry, Бантри -> bntr."""
    text = "".join(_CYRILLIC.get(c, c) for c in word.lower())
    for old, new in _SOUNDS:
        text = text.replace(old, new)
    consonants = [c for c in text if c not in "aeiouy'ъь"]
    return "".join(c for i, c in enumerate(consonants) if i == 0 or c != consonants[i - 1])


def _names(sentences: list[Sentence], lowercase_words: set[str]) -> set[str]:
    """Capitalised words that are not the first of a sentence or clause and that the document
    never writes in lower case (so "Party" is not a name if "party" occurs too)."""
    names = set()
    for sentence in sentences:
        for match in list(_WORD.finditer(sentence.text))[1:]:
            word = match.group()
            before = sentence.text[: match.start()].rstrip()
            if (len(word) >= 3 and word[0].isupper() and not word.isupper() and word.lower() not in lowercase_words
                    and not before.endswith(_OPENERS) and not before.endswith((".", "!", "?", "…"))):
                names.add(word)
    return names


def _capitalised_prefixes(sentences: tuple[Sentence, ...]) -> set[str]:
    """Every prefix (3 letters or more) of the skeletons of the capitalised words."""
    keys = {skeleton(w) for s in sentences for w in _WORD.findall(s.text) if w[0].isupper()}
    return {key[:k] for key in keys for k in range(3, len(key) + 1)}


def _name_mismatches(alignment: Alignment) -> list[tuple[int, str]]:
    """A name in one side of a bead that the other text spells, capitalised, somewhere, but that
    this bead's other side lacks: a strong sign of a shifted boundary. Names the other text never
    spells (translated, dropped or abbreviated ones) are not judged at all."""
    sides = (alignment.src, alignment.tgt)
    lowercase = [{w for s in side.sentences for w in _WORD.findall(s.text) if w.islower()} for side in sides]
    in_document = [_capitalised_prefixes(side.sentences) for side in sides]
    found = []
    for n, bead in enumerate(alignment.beads):
        if not (bead.src and bead.tgt):
            continue
        parts = ([alignment.src.sentences[i] for i in bead.src], [alignment.tgt.sentences[j] for j in bead.tgt])
        missing = []
        for k, (name_side, other_side) in enumerate((("source", "target"), ("target", "source"))):
            names = sorted(_names(parts[k], lowercase[k]))
            if not names:
                continue
            in_bead = {skeleton(w)[:3] for s in parts[1 - k] for w in _WORD.findall(s.text)}
            for name in names:
                key = skeleton(name)
                if len(key) >= 3 and key in in_document[1 - k] and key[:3] not in in_bead:
                    missing.append(f"{name} ({name_side}) is not in the {other_side} of this bead")
        if missing:
            found.append((n, "names: " + "; ".join(missing)))
    return found
