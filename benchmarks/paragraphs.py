"""A book aligned whole against gold at the level of its paragraphs: Gogol's «Нос» and its French
translation (../shared/corpora/books/gogol-nos-ru-fr), one paragraph a line, the lines aligned by
hand. No weight of the aligner was tuned on it.

`align_files` on the two files as they are; every sentence is located in its file's lines (letters
and digits only, case folded, in order); a two-sided bead agrees with the gold when its source
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
from pathlib import Path

from _tuning import CORPORA

from align.pipeline import align_files
from align.records import Side

PAIR = Path("books") / "gogol-nos-ru-fr"
FILES = (("nos_ru.txt", "ru"), ("nos_fr.txt", "fr"))


def _letters(text: str) -> str:
    return re.sub(r"\W+", "", re.sub(r"<[^>]+>", "", text)).casefold()


def lines_of(side: Side, path: Path) -> list[int]:
    """The line of the file each sentence lies in: each found after the one before it."""
    lines = [_letters(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    found, line, start = [], 0, 0
    for sentence in side.sentences:
        key = _letters(sentence.text)
        while line < len(lines) and (at := lines[line].find(key, start)) < 0:
            line, start = line + 1, 0
        if line == len(lines):
            raise SystemExit(f"{path.name}: sentence not found in its lines: {sentence.text[:60]!r}")
        found.append(line)
        start = at + len(key)
    return found


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
    src_lines, tgt_lines = lines_of(alignment.src, src), lines_of(alignment.tgt, tgt)
    agreeing = disagreeing = 0
    wrong = []
    for bead in alignment.beads:
        if bead.src and bead.tgt:
            size = len(bead.src) + len(bead.tgt)
            if {src_lines[i] for i in bead.src} == {tgt_lines[j] for j in bead.tgt}:
                agreeing += size
            else:
                disagreeing += size
                wrong.append(bead)
    print(f"{name}: {len(alignment.src.sentences)} x {len(alignment.tgt.sentences)} sentences, "
          f"{agreeing / (agreeing + disagreeing):.3f} of those in two-sided beads agree with the hand-aligned lines "
          f"({len(wrong)} of {sum(1 for bead in alignment.beads if bead.src and bead.tgt)} beads disagree)")
    if args.show:
        for bead in wrong:
            print(f"  lines {sorted({src_lines[i] for i in bead.src})} : {sorted({tgt_lines[j] for j in bead.tgt})}")
            for i in bead.src:
                print(f"    S {alignment.src.sentences[i].text[:120]}")
            for j in bead.tgt:
                print(f"    T {alignment.tgt.sentences[j].text[:120]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
