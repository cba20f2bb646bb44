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

--blind: the way the held-back gold sets are given. Each pair whose languages the model covers is
read as above, its sentences written one a line without the paragraphs (so align knows none), and
aligned with `--presplit`, and by Bertalign's algorithm with the same model (benchmarks/bertalign.py)
on the same sentences; both scored as above. Sentences left in one-sided beads are not scored, so
the count of them is printed too (an aligner leaving everything out would agree everywhere).

The texts are not in ../shared:

    git clone https://github.com/bilinguator/aligned-texts
    git -C aligned-texts checkout e56bc56
    python benchmarks/bilinguator.py aligned-texts [--works alice_in_wonderland ...] [--pairs] [--blind]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from bertalign import bertalign
from paragraphs import Agreement, agreement, beads_agreement, lines_of

from align.embed import load_embedder
from align.language import covered
from align.pipeline import align_files
from align.sides import read_side

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
    parser.add_argument("--blind", action="store_true", help="sentences only, no paragraphs: align and Bertalign's algorithm")
    args = parser.parse_args()
    texts = args.checkout / "texts"
    if not texts.is_dir():
        print(f"{texts}: not found; give a checkout of bilinguator/aligned-texts", file=sys.stderr)
        return 2
    embedder = load_embedder()
    works = sorted(path for path in texts.iterdir() if path.is_dir() and (not args.works or path.name in args.works))
    if args.blind:
        return blind([pair for work in works for pair in pairs_of(work)], embedder, args.pairs)
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


def blind_pair(src: Path, tgt: Path, embedder, folder: Path) -> tuple[Agreement, Agreement, int, int]:
    """align (`--presplit`) and Bertalign's algorithm on a pair's sentences given one a line, no
    paragraphs: their agreement with the hand-aligned lines, and the sentences each left one-sided."""
    sides = [read_side(path) for path in (src, tgt)]
    (src_lines, src_missing), (tgt_lines, tgt_missing) = (lines_of(side, path) for side, path in zip(sides, (src, tgt)))
    files = [folder / f"{k}.txt" for k in ("src", "tgt")]
    for side, file in zip(sides, files):
        file.write_text("".join(" ".join(s.text.split()) + "\n" for s in side.sentences), encoding="utf-8")
    alignment = align_files(*files, presplit=True, src_lang=sides[0].lang, tgt_lang=sides[1].lang, embedder=embedder,
                            with_words=False)
    if [len(a.sentences) for a in (alignment.src, alignment.tgt)] != [len(side.sentences) for side in sides]:
        raise SystemExit(f"{src.name} x {tgt.name}: a sentence read back as two lines, or none")
    ours = [(bead.src, bead.tgt) for bead in alignment.beads]
    theirs = bertalign([s.text for s in alignment.src.sentences], [s.text for s in alignment.tgt.sentences], embedder.encode)
    unlocated = src_missing + tgt_missing
    return (beads_agreement(ours, src_lines, tgt_lines, unlocated), beads_agreement(theirs, src_lines, tgt_lines, unlocated),
            *(sum(len(s) + len(t) for s, t in beads if not (s and t)) for beads in (ours, theirs)))


def blind(pairs: list[tuple[Path, Path]], embedder, show_pairs: bool) -> int:
    """--blind: the pairs whose languages the model covers, both aligners without paragraphs."""
    read = [(src, tgt) for src, tgt in pairs if all(covered(p.stem.rsplit("_", 1)[1], embedder.name) for p in (src, tgt))]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for src, tgt in read:
            results.append(blind_pair(src, tgt, embedder, Path(folder)))
            ours, theirs = results[-1][:2]
            if show_pairs:
                print(f"  {src.name} x {tgt.name}: {ours.share:.3f} {theirs.share:.3f}", flush=True)
    print(f"bilinguator/aligned-texts, {len(read)} pairs whose languages {embedder.name} covers, sentences one a line "
          "without paragraphs: share of sentences in two-sided beads agreeing with the hand-aligned lines (the median "
          "pair), pairs under 0.90, sentences left one-sided; pairs where it agrees more than the other aligner")
    for k, label in ((0, "align --presplit"), (1, "Bertalign's algorithm, same model")):
        chosen = [r[k] for r in results]
        agreeing, sentences = sum(r.agreeing for r in chosen), sum(r.agreeing + r.disagreeing for r in chosen)
        ahead = sum(r[k].share > r[1 - k].share for r in results)
        print(f"  {label:34} {agreeing / max(1, sentences):.3f} ({statistics.median(r.share for r in chosen):.3f}) "
              f"{sum(r.share < 0.9 for r in chosen):4} {sum(r[2 + k] for r in results):6,} {ahead:4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
