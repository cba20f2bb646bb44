"""One original, several translations: is a pair as well aligned in an N-text run as alone?

prince-en-ru's gold pair (English pivot, Russian, one sentence a line) is aligned alone and together
with the German of prince-5way (segmented as `align split` does); the en-ru beads of the three-text
run (`align export --columns 0 1`) are scored against the gold like the pair alone.

    python benchmarks/ntexts.py [--corpora ../shared/corpora]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from align import multi
from align.embed import load_embedder
from align.evaluate import parse_beads, score
from align.pipeline import align_sides, read_side

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = parser.parse_args()
    gold_dir = args.corpora / "prince-en-ru"
    if not gold_dir.is_dir():
        print(f"no prince-en-ru under {args.corpora}", file=sys.stderr)
        return 2
    embedder = load_embedder()
    en, ru = (read_side(gold_dir / name, presplit=True) for name in ("en.txt", "ru.txt"))
    de = read_side(args.corpora / "prince-5way" / "de.txt", "de")
    gold = [parse_beads((gold_dir / "gold.txt").read_text(encoding="utf-8"))]
    alone = align_sides(en, ru, embedder)
    three = multi.merge([align_sides(en, ru, embedder), align_sides(en, de, embedder)])
    print(f"{len(three.beads)} rows for {len(en.sentences)} en, {len(ru.sentences)} ru, {len(de.sentences)} de sentences")
    for name, alignment in (("en-ru alone", alone), ("en-ru in en+ru+de, --columns 0 1", multi.between(three, 0, 1))):
        s = score(gold, [[(b.src, b.tgt) for b in alignment.beads]])
        print(f"{name:34} strict F1 {s.f1_strict:.3f}  lax F1 {s.f1_lax:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
