"""A book aligned whole against gold at the level of its paragraphs: Gogol's «Нос» and its French
translation (../shared/corpora/books/gogol-nos-ru-fr), one paragraph a line, the lines aligned by
hand. No weight of the aligner was tuned on it.

`align_files` on the two files as they are; every sentence is located in its file's lines (letters
and digits only, NFKC, case folded, in order; a sentence that runs over a line's end lies in each
line it spans; one not found is counted); a two-sided bead agrees with the gold when its source
sentences lie in the same lines as its target sentences. Prints the share of the sentences of
two-sided beads that lie in agreeing beads, and with --show each bead that does not.

    python benchmarks/paragraphs.py [--corpora ../shared/corpora] [--show]
    python benchmarks/paragraphs.py --files SRC TGT   # any two files aligned so, line for line (their
                                                      # empty lines aside): bilinguator/aligned-texts' works
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from _tuning import CORPORA

from align.evaluate import BeadIds
from align.pipeline import align_files
from align.records import Alignment, Side

PAIR = Path("books") / "gogol-nos-ru-fr"
FILES = (("nos_ru.txt", "ru"), ("nos_fr.txt", "fr"))


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", re.sub(r"<[^>]+>", "", text))).casefold()


def lines_of(side: Side, path: Path) -> tuple[list[set[int]], int]:
    """The lines of the file (empty lines aside) each sentence lies in, each found after the one
    before it: several where a sentence runs over a line's end (a reader that joined two lines);
    and how many sentences were not found (each then given the line where the search stood)."""
    keys = [_letters(line) for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    starts = np.cumsum([0] + [len(key) for key in keys[:-1]])
    whole = "".join(keys)
    found, start, missing = [], 0, 0
    for sentence in side.sentences:
        key = _letters(sentence.text)
        at = whole.find(key, start) if key else -1
        if at < 0:
            missing += 1
            found.append({int(np.searchsorted(starts, start, side="right")) - 1})
            continue
        first, last = (int(np.searchsorted(starts, x, side="right")) - 1 for x in (at, at + len(key) - 1))
        found.append(set(range(first, last + 1)))
        start = at + len(key)
    return found, missing


@dataclass
class Agreement:
    agreeing: int  # sentences of two-sided beads that keep to the hand-aligned lines
    disagreeing: int
    wrong: list[tuple[BeadIds, set[int], set[int]]]  # the beads (ids) that do not, with their lines
    unlocated: int  # sentences not found in their file's lines

    @property
    def share(self) -> float:
        return self.agreeing / max(1, self.agreeing + self.disagreeing)


def agreement(alignment: Alignment, src: Path, tgt: Path) -> Agreement:
    """How far the two-sided beads of an alignment of two files keep to the files' lines."""
    (src_lines, src_missing), (tgt_lines, tgt_missing) = lines_of(alignment.src, src), lines_of(alignment.tgt, tgt)
    beads = [(bead.src, bead.tgt) for bead in alignment.beads]
    return beads_agreement(beads, src_lines, tgt_lines, src_missing + tgt_missing)


def beads_agreement(beads: list[BeadIds], src_lines: list[set[int]], tgt_lines: list[set[int]],
                    unlocated: int = 0) -> Agreement:
    """How far two-sided beads (sentence ids) keep to the lines their sentences lie in."""
    result = Agreement(0, 0, [], unlocated)
    for s, t in beads:
        if s and t:
            lines = set().union(*(src_lines[i] for i in s)), set().union(*(tgt_lines[j] for j in t))
            if lines[0] == lines[1]:
                result.agreeing += len(s) + len(t)
            else:
                result.disagreeing += len(s) + len(t)
                result.wrong.append(((s, t), *lines))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--show", action="store_true", help="print every bead that disagrees with the gold")
    parser.add_argument("--files", nargs=2, type=Path, metavar=("SRC", "TGT"), help="two other files aligned line for line")
    args = parser.parse_args()
    if args.files:
        (src, src_lang), (tgt, tgt_lang) = ((path, None) for path in args.files)
        name = f"{args.files[0].name} x {args.files[1].name}"
    else:
        folder = args.corpora / PAIR
        if not folder.is_dir():
            print(f"no {folder}")
            return 1
        (src, src_lang), (tgt, tgt_lang) = ((folder / path, lang) for path, lang in FILES)
        name = "gogol-nos-ru-fr"
    alignment = align_files(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang, with_words=False)
    result = agreement(alignment, src, tgt)
    two_sided = sum(1 for bead in alignment.beads if bead.src and bead.tgt)
    print(f"{name}: {len(alignment.src.sentences)} x {len(alignment.tgt.sentences)} sentences, "
          f"{result.share:.3f} of those in two-sided beads agree with the hand-aligned lines "
          f"({len(result.wrong)} of {two_sided} beads disagree)"
          + (f"; {result.unlocated} sentences not found in their lines" if result.unlocated else ""))
    if args.show:
        for (bead_src, bead_tgt), s, t in result.wrong:
            print(f"  lines {sorted(s)} : {sorted(t)}")
            for i in bead_src:
                print(f"    S {alignment.src.sentences[i].text[:120]}")
            for j in bead_tgt:
                print(f"    T {alignment.tgt.sentences[j].text[:120]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
