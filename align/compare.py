"""Two texts compared word by word (e.g. two translations into one language): what differs.

Tokens are words and punctuation marks, each with the whitespace after it; difflib matches them.
The HTML escapes every token, so text from files is never read as markup.
"""

from __future__ import annotations

import difflib
import html
import itertools
import re

from . import multi
from .records import Alignment
from .store import bead_text

_TOKEN = re.compile(r"(\w+|[^\w\s])(\s*)")


def tokens(text: str) -> list[tuple[str, str]]:
    """(token, whitespace after it) for every word and punctuation mark."""
    return [(m.group(1), m.group(2)) for m in _TOKEN.finditer(text)]


def word_diff(a: str, b: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both texts as (piece, changed) runs: a piece is a token with its trailing whitespace,
    changed when it has no counterpart in the other text."""
    left, right = tokens(a), tokens(b)
    matcher = difflib.SequenceMatcher(None, [t for t, _ in left], [t for t, _ in right], autojunk=False)
    marked_a, marked_b = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        marked_a += [(t + space, op != "equal") for t, space in left[i1:i2]]
        marked_b += [(t + space, op != "equal") for t, space in right[j1:j2]]
    return marked_a, marked_b


def to_html(pieces: list[tuple[str, bool]]) -> str:
    """The pieces escaped, each run of changed ones in one <mark class="diff">."""
    runs = [(changed, "".join(p for p, _ in group)) for changed, group in itertools.groupby(pieces, key=lambda p: p[1])]
    return "".join(f'<mark class="diff">{html.escape(text)}</mark>' if changed else html.escape(text) for changed, text in runs)


def compare(alignment: Alignment, i: int, j: int) -> list[dict]:
    """The beads between texts i and j, each with both texts as HTML; changed words marked when
    the two texts are in one language (otherwise there is nothing to compare word by word)."""
    pair = multi.between(alignment, i, j)
    same_language = pair.src.lang == pair.tgt.lang
    rows = []
    for bead in pair.beads:
        a, b = bead_text(pair.src, bead.src), bead_text(pair.tgt, bead.tgt)
        marked = word_diff(a, b) if same_language else ([(a, False)], [(b, False)])
        rows.append({"left": to_html(marked[0]), "right": to_html(marked[1]), "score": bead.score,
                     "same": same_language and a == b})
    return rows
