"""Every work of bilinguator/aligned-texts at the level of its paragraphs: 45 works (fairy tales,
stories, poems, a novel, the Tao Te Ching) in up to 57 languages each, one paragraph a line, line k
the same paragraph in every language, aligned by hand. No weight of align was tuned on them.

Each work's pivot (English, else Russian, else its first language) against each of its other
languages whose file has as many lines (empty lines aside; a file whose name starts with "_" is
left out), aligned with `align_files` as `align run` does and scored as benchmarks/paragraphs.py
scores one pair: the share of the sentences of two-sided beads that lie in beads keeping to the
hand-aligned lines. Prints the pairs and sentences, that share over all sentences, the median of
the pairs, and how many pairs fall under 0.90; for all pairs, for those whose languages the model
covers, and for the others; with --pairs each pair's share.

The texts are not in ../shared:

    git clone https://github.com/bilinguator/aligned-texts
    git -C aligned-texts checkout e56bc56
    python benchmarks/bilinguator.py aligned-texts [--works alice_in_wonderland ...] [--pairs]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from paragraphs import agreement

from align.embed import load_embedder
from align.language import covered
from align.pipeline import align_files

PIVOTS = ("en", "ru")


def pairs_of(work: Path) -> list[tuple[Path, Path]]:
    """(pivot, other) for each language of a work folder whose file has the pivot's lines."""
    files = {path.stem.rsplit("_", 1)[1]: path for path in sorted(work.glob("*.txt")) if not path.name.startswith("_")}
    if len(files) < 2:
        return []
    pivot = next((files[code] for code in PIVOTS if code in files), next(iter(files.values())))
    lines = {path: sum(1 for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip())
             for path in files.values()}
    return [(pivot, path) for path in files.values() if path != pivot and lines[path] == lines[pivot]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkout", type=Path, help="a checkout of bilinguator/aligned-texts at the commit above")
    parser.add_argument("--works", nargs="*", help="only these works (folder names under texts/)")
    parser.add_argument("--pairs", action="store_true", help="print each pair's share")
    args = parser.parse_args()
    texts = args.checkout / "texts"
    if not texts.is_dir():
        print(f"{texts}: not found; give a checkout of bilinguator/aligned-texts", file=sys.stderr)
        return 2
    embedder = load_embedder()
    works = sorted(path for path in texts.iterdir() if path.is_dir() and (not args.works or path.name in args.works))
    results = []
    for src, tgt in (pair for work in works for pair in pairs_of(work)):
        alignment = align_files(src, tgt, embedder=embedder, with_words=False)
        result = agreement(alignment, src, tgt)
        read = all(covered(side.lang, embedder.name) for side in (alignment.src, alignment.tgt))
        results.append((result, read))
        if args.pairs:
            print(f"  {src.name} x {tgt.name}: {result.share:.3f}", flush=True)
    print(f"bilinguator/aligned-texts, model {embedder.name}: pairs, sentences in two-sided beads, "
          "share agreeing with the hand-aligned lines (over all sentences; the median pair), pairs under 0.90")
    for label, chosen in (("all", results), ("both languages covered by the model", [r for r in results if r[1]]),
                          ("one not covered", [r for r in results if not r[1]])):
        shares = [r.share for r, _ in chosen]
        sentences = sum(r.agreeing + r.disagreeing for r, _ in chosen)
        if chosen:
            print(f"  {label:36} {len(chosen):4} {sentences:7,} {sum(r.agreeing for r, _ in chosen) / max(1, sentences):.3f} "
                  f"({statistics.median(shares):.3f}) {sum(share < 0.9 for share in shares):4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
