"""Verse set as prose: a poem whose lines an edition ran together into one italic paragraph
("'You are old, Father William,' the young man said, 'And your hair has become very white; And yet
you incessantly stand on your head--"). Its lines are found again where a capitalised common word
follows a comma, semicolon, colon, dash or quote: in prose a word like "And" or "Yet" is capitalised
only at a sentence's start, in verse at every line's. A word is taken for a line's start when the
document writes it in lowercase somewhere, or never capitalises it after a lowercase word (where only
a name is capitalised: "Pray" is not a name, "the Rabbit" is); and "I" when a quote opens before it.
Once a paragraph reads as verse, a common word capitalised straight after a lowercase one opens a
line too ("all my limbs very supple By the use"). The lines are then segmented like the lines of a
poem set line by line, which is how translations and gold alignments set them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# a word that may open a line: after a clause mark or a quote, a space and perhaps an opening quote
_LINE_START = re.compile(
    r"(?<=[,;:—–\-'\"’”])\s+(?P<quote>['\"‘“]?)(?P<word>[^\W\d_]{2,}|(?<=['\"‘“])I)\b(?P<after>\s+\S)?")
# ... or straight after a word, with no mark between: counted only in a paragraph that reads as verse
_RUN_ON_START = re.compile(r"\b(?P<before>[^\W\d_]+)(?=\s+(?P<word>[^\W\d_]{2,})\b(?P<after>\s+\S)?)")
_GOES_ON = re.compile(r"[,;:]?\s+([^\W\d_])")
_WORD = re.compile(r"\b[^\W\d_]{2,}\b")
_WORD_PAIR = re.compile(r"\b([^\W\d_]+)(?=\s+([^\W\d_]{2,})\b)")  # a word and the one after it
FUNCTION_WORDS = 100  # the document's commonest lowercase words ("by", "for", "that"): a run-on line opens with one
MIN_BREAKS = 2  # one capitalised word after a comma is a name or a title; a poem has a line start in every line


@dataclass(frozen=True)
class Vocabulary:
    """What a document tells of its words: those it writes in lowercase somewhere (common words) and
    the commonest of them (function words), and those its prose capitalises after a lowercase word
    (names: "the Queen of Hearts")."""

    common: frozenset[str]
    function: frozenset[str]
    names: frozenset[str]


def vocabulary(texts: Iterable[str]) -> Vocabulary:
    """The vocabulary of a document's paragraphs (emphasis as **...**); names are learned from its
    prose only, not from paragraphs wholly in italics (a poem's lines are capitalised where it runs on)."""
    counts: Counter[str] = Counter()
    names: set[str] = set()
    for text in texts:
        counts.update(w for w in _WORD.findall(text) if w.islower())
        if text.startswith("**") and text.rstrip().endswith("**"):
            continue
        names.update(second for first, second in _WORD_PAIR.findall(text) if first.islower() and second[0].isupper())
    function = frozenset(w for w, _ in counts.most_common(FUNCTION_WORDS))
    return Vocabulary(frozenset(counts), function, frozenset(names))


def verse_lines(text: str, emphasised: list[tuple[int, int]], words: Vocabulary) -> list[str]:
    """The lines of a paragraph that is verse set as prose (the whole of it in italics, as editions
    set a poem, and at least MIN_BREAKS line starts after a mark), or the paragraph itself."""
    if not emphasised or emphasised[0][0] > 0 or emphasised[-1][1] < len(text.rstrip()) or len(emphasised) > 1:
        return [text]
    breaks = [m.start("quote") for m in _LINE_START.finditer(text) if _opens_line(m, words, marked=True)]
    if len(breaks) < MIN_BREAKS:
        return [text]
    breaks += [m.start("word") for m in _RUN_ON_START.finditer(text)
               if m.group("before").islower() and _opens_line(m, words, marked=False)]
    bounds = [0, *sorted(breaks), len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def _opens_line(match: re.Match[str], words: Vocabulary, marked: bool) -> bool:
    """A capitalised word that is not the first of a name ("Father William"), nor a name: after a mark,
    a common word or one the prose never capitalises mid-sentence; with no mark, a function word."""
    word, after = match.group("word"), match.group("after")
    if word == "I":
        return True  # the pattern takes it only after an opening quote
    if not (word[0].isupper() and word[1:].islower()) or (after and after[-1].isupper()):
        return False
    if not marked:
        return word.lower() in words.function and word not in words.names
    if word.lower() in words.common:
        return True
    # a word the prose never capitalises mid-sentence, when a lowercase word follows it ("Pray, what is"),
    # not where it is said over ("Brou, Brou, Brou!")
    goes_on = _GOES_ON.match(match.string, match.end("word"))
    return word not in words.names and bool(goes_on and goes_on.group(1).islower())
