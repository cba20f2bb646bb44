"""How each word was rendered: a bead's words as linked markup, and a bilingual concordance.

The app and the HTML export only display what this module computes. Every token from a file is
escaped with html.escape; the only markup is fixed tags, class names and numbers.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .records import Alignment, Bead, Side
from .tokens import token_spans
from .words import is_word, stem

HIGHLIGHT = "background:#ffd95e;border-radius:3px"


def counterparts(bead: Bead) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """For each source token its linked target tokens, and for each target token its source tokens."""
    forward: dict[int, list[int]] = defaultdict(list)
    backward: dict[int, list[int]] = defaultdict(list)
    for i, j in bead.words.links if bead.words else ():
        forward[i].append(j)
        backward[j].append(i)
    return dict(forward), dict(backward)


def bead_html(alignment: Alignment, n: int, scripted: bool = False) -> str:
    """Both sides of bead n, every token a focusable span; hovering or clicking a word lights up
    its counterparts: by CSS alone (a rule per link, scoped to this bead), or with `scripted` by
    the page's WORD_LINKS_SCRIPT (each linked token names its counterparts in `data-l`: far less
    for a browser to match than a rule per link on every bead of a page). Unlinked content words
    carry the class `unlinked`, words of a gap (see words.py) the class `gap`."""
    bead = alignment.beads[n]
    scope = f"wl-{n}"
    forward, backward = counterparts(bead) if scripted else ({}, {})
    sides = []
    for name, side, ids, tokens, gaps, partners in (
        ("s", alignment.src, bead.src, bead.words.src_tokens, bead.words.src_gaps, forward),
        ("t", alignment.tgt, bead.tgt, bead.words.tgt_tokens, bead.words.tgt_gaps, backward),
    ):
        linked = {i for i, _ in bead.words.links} if name == "s" else {j for _, j in bead.words.links}
        in_gap = {k for start, stop in gaps for k in range(start, stop)}
        other = "t" if name == "s" else "s"
        names = {k: " ".join(f"{other}{m}" for m in ms) for k, ms in partners.items()}
        sides.append(f'<div class="wl-side" lang="{html.escape(side.lang)}" dir="auto">'
                     f"{_side_html(side, ids, tokens, name, linked, in_gap, names)}</div>")
    rules = []
    for i, j in bead.words.links if not scripted else ():
        for a, b in ((f"s{i}", f"t{j}"), (f"t{j}", f"s{i}")):
            rules.append(f".{scope}:has(.{a}:hover) .{b},.{scope}:has(.{a}:focus) .{b}")
    style = f"<style>{','.join(rules)}{{{HIGHLIGHT}}}</style>" if rules else ""
    return f'<div class="wl {scope}">{"".join(sides)}{style}</div>'


# Lights up the counterparts (`data-l`) of the word under the pointer, or else of the word in focus,
# in markup from bead_html(..., scripted=True); added once to a page, for every bead on it.
WORD_LINKS_SCRIPT = """<script>(function () {
  if (window.alignWordLinks) return;
  window.alignWordLinks = true;
  let lit = [];
  function light(target) {
    lit.forEach(e => e.classList.remove('wl-lit'));
    lit = [];
    const word = (target && target.closest && target.closest('.wl [data-l]'))
      || (document.activeElement && document.activeElement.closest && document.activeElement.closest('.wl [data-l]'));
    if (!word) return;
    const scope = word.closest('.wl');
    for (const name of word.dataset.l.split(' ')) {
      if (/^[st][0-9]+$/.test(name)) scope.querySelectorAll('.' + name).forEach(e => { e.classList.add('wl-lit'); lit.push(e); });
    }
  }
  document.addEventListener('mouseover', e => light(e.target));
  document.addEventListener('focusin', e => light(e.target));
})();</script>"""


def _side_html(side: Side, ids: Sequence[int], tokens: Sequence[str], name: str, linked: set[int],
               in_gap: set[int], partners: dict[int, str]) -> str:
    """The side's sentences (one block each), tokens wrapped in spans, the text between kept as is;
    `partners`: a token's counterparts' class names, as `data-l`.
    If the stored tokens are not those of these sentences, they are shown joined by spaces."""
    spans = [list(token_spans(side.sentences[i].text, side.lang)) for i in ids]
    if sum(map(len, spans)) != len(tokens):
        spans, texts = [[]], [" ".join(tokens)]
        at = 0
        for token in tokens:
            spans[0].append((at, at + len(token)))
            at += len(token) + 1
    else:
        texts = [side.sentences[i].text for i in ids]
    out, k = [], 0
    for text, sentence in zip(texts, spans):
        parts, end = [], 0
        for start, stop in sentence:
            classes = ["w", f"{name}{k}"]
            if k not in linked and is_word(text[start:stop]):
                classes.append("unlinked")
            if k in in_gap:
                classes.append("gap")
            links = f' data-l="{partners[k]}"' if k in partners else ""  # class names of numbers only
            parts.append(html.escape(text[end:start]))
            parts.append(f'<span class="{" ".join(classes)}" tabindex="-1"{links}>{html.escape(text[start:stop])}</span>')
            end, k = stop, k + 1
        parts.append(html.escape(text[end:]))
        out.append(f'<div class="wl-sent">{"".join(parts)}</div>')
    return "".join(out) or '<div class="wl-sent">—</div>'


@dataclass(frozen=True)
class Rendering:
    text: str  # the linked words on the other side, in their order (the commonest spelling), "" if none
    count: int
    beads: tuple[int, ...]  # bead numbers, one per occurrence, in document order


@dataclass(frozen=True)
class Renderings:
    side: str  # "src" or "tgt": where the word was found
    word: str
    renderings: tuple[Rendering, ...]  # commonest first


def occurrences(alignment: Alignment, n: int, side: str, word: str) -> list[int]:
    """The tokens of bead n on `side` ("src" or "tgt") that are forms of `word` (same stem)."""
    bead = alignment.beads[n]
    if bead.words is None:
        return []
    lang = (alignment.src if side == "src" else alignment.tgt).lang
    tokens = bead.words.src_tokens if side == "src" else bead.words.tgt_tokens
    wanted = stem(word.strip(), lang)
    return [k for k, token in enumerate(tokens) if is_word(token) and stem(token, lang) == wanted]


def highlight_css(n: int, side: str, tokens: Sequence[int]) -> str:
    """A style marking these tokens of bead n's word markup (class names of numbers only)."""
    name = "s" if side == "src" else "t"
    rules = ",".join(f".wl-{n} .{name}{k}" for k in tokens)
    return f"<style>{rules}{{background:#ffd966;}}</style>" if rules else ""


@dataclass(frozen=True)
class Translation:
    """How one text rendered a word of the pivot."""

    text: int  # its number in Alignment.sides (1 = tgt, 2 = others[0], ...)
    lang: str
    renderings: tuple[Rendering, ...]  # commonest first; empty where the word has no linked occurrence


class Concordance:
    """Every word of both sides indexed by its stem, so that a lookup is immediate on a book.
    With three texts or more, `text` k says which text faces the pivot (bead numbers are rows)."""

    def __init__(self, alignment: Alignment, text: int = 1) -> None:
        self._langs = {"src": alignment.src.lang, "tgt": alignment.sides[text].lang}
        self._index: dict[tuple[str, str], list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for n, row in enumerate(alignment.beads):
            bead = row.pair(text)  # a bead spanning rows has its links on its first row
            if bead.words is None:
                continue
            words = bead.words
            forward, backward = counterparts(bead)
            for side, tokens, others, links in (("src", words.src_tokens, words.tgt_tokens, forward),
                                                ("tgt", words.tgt_tokens, words.src_tokens, backward)):
                for k, token in enumerate(tokens):
                    if is_word(token):
                        rendering = tuple(others[x] for x in sorted(links.get(k, ())))
                        self._index[(side, stem(token, self._langs[side]))].append((n, rendering))

    def lookup(self, word: str) -> list[Renderings]:
        """The renderings of `word` (any form with the same stem) on each side where it occurs."""
        found = []
        for side, lang in self._langs.items():
            occurrences = self._index.get((side, stem(word.strip(), lang)), [])
            if occurrences:
                other = self._langs["tgt" if side == "src" else "src"]
                found.append(Renderings(side, word.strip(), _grouped(occurrences, other)))
        return found


class AcrossTranslations:
    """A word of the pivot as every other text rendered it, side by side: one concordance per text,
    its bead numbers the rows of the alignment (each occurrence opens there)."""

    def __init__(self, alignment: Alignment) -> None:
        self._texts = [(k, alignment.sides[k].lang, Concordance(alignment, k)) for k in range(1, len(alignment.sides))]

    def lookup(self, word: str) -> tuple[Translation, ...]:
        """For each text, the renderings of `word` (any form with its stem) with their counts."""
        result = []
        for k, lang, concordance in self._texts:
            found = [r for r in concordance.lookup(word) if r.side == "src"]
            result.append(Translation(k, lang, found[0].renderings if found else ()))
        return tuple(result)


def _grouped(occurrences: list[tuple[int, tuple[str, ...]]], lang: str) -> tuple[Rendering, ...]:
    """Renderings grouped by their stems (советских, советские: one group), commonest first."""
    groups: dict[tuple[str, ...], list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for n, rendering in occurrences:
        groups[tuple(stem(t, lang) for t in rendering)].append((n, rendering))
    result = []
    for members in groups.values():
        spelling = Counter(" ".join(r) for _, r in members).most_common(1)[0][0]
        result.append(Rendering(spelling, len(members), tuple(n for n, _ in members)))
    return tuple(sorted(result, key=lambda r: (-r.count, r.text == "", r.text)))
