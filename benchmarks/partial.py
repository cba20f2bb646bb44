"""The `partial` flag: are clauses deleted from the middle of translated sentences caught?

For each English-Russian development text (prince with its gold beads; mm and geranium aligned by
the tool), a clause of 4+ words is deleted from the middle of some Russian sentences of 1-1 beads
(between two commas, semicolons or dashes, never the first or last clause). The word links are
computed for the whole damaged document, and the share of damaged and of other two-sided beads
flagged `partial` is reported.

    python benchmarks/partial.py [--corpora ../shared/corpora] [--share 0.6] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import replace
from pathlib import Path

from align.embed import load_embedder
from align.evaluate import parse_beads
from align.pipeline import align_sides, read_side
from align.records import Alignment, Bead
from align.words import PARTIAL, link_words

TEXTS = ("prince-en-ru", "mm-en-ru", "geranium-en-ru")
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+|\s+(?=[—–-]\s)")


def delete_clause(sentence: str, rng: random.Random) -> str | None:
    """The sentence without one of its middle clauses of 4+ words, or None if it has none."""
    parts = _CLAUSE_END.split(sentence)
    middle = [k for k in range(1, len(parts) - 1) if len(re.findall(r"\w+", parts[k])) >= 4]
    if not middle:
        return None
    k = rng.choice(middle)
    return " ".join(parts[:k] + parts[k + 1:])


def damage(alignment: Alignment, share: float, rng: random.Random) -> tuple[Alignment, set[int]]:
    """Delete a clause from the target sentence of about `share` of the 1-1 beads."""
    sentences = list(alignment.tgt.sentences)
    damaged = set()
    for n, bead in enumerate(alignment.beads):
        if bead.kind == "1-1" and rng.random() < share:
            shorter = delete_clause(sentences[bead.tgt[0]].text, rng)
            if shorter:
                sentences[bead.tgt[0]] = replace(sentences[bead.tgt[0]], text=shorter)
                damaged.add(n)
    return replace(alignment, tgt=replace(alignment.tgt, sentences=tuple(sentences))), damaged


def load(folder: Path, embedder) -> Alignment:
    src = read_side(folder / "en.txt", "en", presplit=True)
    tgt = read_side(folder / "ru.txt", "ru", presplit=True)
    if (folder / "gold.txt").exists():
        beads = tuple(Bead(s, t, 1.0) for s, t in parse_beads((folder / "gold.txt").read_text(encoding="utf-8")))
        return Alignment(src, tgt, beads, embedder.name)
    return align_sides(src, tgt, embedder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=Path(__file__).resolve().parents[1] / "../shared/corpora")
    parser.add_argument("--share", type=float, default=0.6, help="share of 1-1 beads to damage")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not all((args.corpora / name).is_dir() for name in TEXTS):
        sys.exit(f"the texts {', '.join(TEXTS)} are not all under {args.corpora}")
    embedder = load_embedder()
    rng = random.Random(args.seed)
    totals = [0, 0, 0, 0]
    for name in TEXTS:
        alignment, damaged = damage(load(args.corpora / name, embedder), args.share, rng)
        linked = link_words(alignment, embedder)
        flagged = {n for n, b in enumerate(linked.beads) if PARTIAL in b.flags}
        others = {n for n, b in enumerate(linked.beads) if b.src and b.tgt} - damaged
        counts = [len(flagged & damaged), len(damaged), len(flagged & others), len(others)]
        totals = [a + b for a, b in zip(totals, counts)]
        print(f"{name:<16} damaged flagged {counts[0]}/{counts[1]} = {counts[0] / max(counts[1], 1):.1%}   "
              f"others flagged {counts[2]}/{counts[3]} = {counts[2] / max(counts[3], 1):.1%}")
    print(f"{'all':<16} damaged flagged {totals[0]}/{totals[1]} = {totals[0] / max(totals[1], 1):.1%}   "
          f"others flagged {totals[2]}/{totals[3]} = {totals[2] / max(totals[3], 1):.1%}")


if __name__ == "__main__":
    main()
