"""One-sided beads of two books aligned from their files as published: how many, and how many hold
under 30 characters. A short line left alone is mostly a line of dialogue one segmentation cut off
the speech it opens ("“Well!", "-- Quoi!"), which belongs in that speech's bead. No gold: a count to
compare versions of the code by; --show prints the short ones.

    python benchmarks/one_sided.py SRC TGT [--show] [--param NAME=VALUE ...]

The README's figure: The Three Musketeers, 1257-h/1257-h.htm of GITenberg/The-Three-Musketeers_1257
(commit 27952bed3a61e6f3b9f7aa6b45634ee49b073568) against 13951-8.txt of
GITenberg/Les-trois-mousquetaires_13951 (commit a6a59868e5290f2b286fc39bdc36220e17fb8358).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from align.embed import load_embedder  # noqa: E402
from align.pipeline import align_sides, read_side  # noqa: E402
import _tuning as tuning  # noqa: E402

SHORT = 30  # characters: a one-sided bead this short is counted apart


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src", type=Path)
    parser.add_argument("tgt", type=Path)
    parser.add_argument("--show", action="store_true", help="print the short one-sided beads")
    tuning.add_arguments(parser)
    args = parser.parse_args()
    src, tgt = read_side(args.src), read_side(args.tgt)
    alignment = align_sides(src, tgt, load_embedder(), tuning.params_of(args.param))
    alone = [" ".join([src.sentences[i].text for i in bead.src] + [tgt.sentences[j].text for j in bead.tgt])
             for bead in alignment.beads if not bead.src or not bead.tgt]
    short = [text for text in alone if len(text) < SHORT]
    print(f"{len(alignment.beads)} beads, {len(alone)} one-sided, {len(short)} of them under {SHORT} characters")
    if args.show:
        print("\n".join(short))
    return 0


if __name__ == "__main__":
    sys.exit(main())
