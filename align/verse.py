"""Verse set as prose: a poem whose lines an edition ran together into one italic paragraph
("'You are old, Father William,' the young man said, 'And your hair has become very white; And yet
you incessantly stand on your head--"). Its lines are found again where a capitalised common word
follows a comma, semicolon, colon, dash or quote: in prose a word like "And" or "Yet" is capitalised
only at a sentence's start, in verse at every line's. The lines are then segmented like the lines of
a poem set line by line (each a paragraph of its own), which is how translations and gold alignments
set them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# a word that may open a line: after a clause mark or a quote, a space and perhaps an opening quote
_LINE_START = re.compile(r"(?<=[,;:—–\-'\"’”])\s+(?P<quote>['\"‘“]?)(?P<word>[^\W\d_]{2,})\b(?P<after>\s+\S)?")
_LOWERCASE_WORD = re.compile(r"\b[^\W\d_]{2,}\b")
MIN_BREAKS = 2  # one capitalised word after a comma is a name or a title; a poem has a line start in every line


def lowercase_words(texts: Iterable[str]) -> set[str]:
    """The words a document writes in lowercase somewhere: common words, not names."""
    words: set[str] = set()
    for text in texts:
        words.update(w for w in _LOWERCASE_WORD.findall(text) if w.islower())
    return words


def verse_lines(text: str, emphasised: list[tuple[int, int]], common: set[str]) -> list[str]:
    """The lines of a paragraph that is verse set as prose (the whole of it in italics, as editions
    set a poem, and at least MIN_BREAKS line starts), or the paragraph itself."""
    if not emphasised or emphasised[0][0] > 0 or emphasised[-1][1] < len(text.rstrip()) or len(emphasised) > 1:
        return [text]
    breaks = [m.start("quote") for m in _LINE_START.finditer(text) if _opens_line(m, common)]
    if len(breaks) < MIN_BREAKS:
        return [text]
    bounds = [0, *breaks, len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def _opens_line(match: re.Match[str], common: set[str]) -> bool:
    """A capitalised common word, not the first of a name ("Father William")."""
    word, after = match.group("word"), match.group("after")
    return (word[0].isupper() and word[1:].islower() and word.lower() in common
            and not (after and after[-1].isupper()))
