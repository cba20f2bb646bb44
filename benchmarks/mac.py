"""MAC-test, the Chinese-English literary test set of Bertalign's authors (Liu and Zhu 2022: 24
chapters of six novels, aligned by hand), on which no weight of align was tuned: strict F1 of align
(as `align run --presplit`), of Bertalign's algorithm with the same model (benchmarks/bertalign.py),
and of the outputs its authors published (Bertalign with LaBSE, Vecalign with LASER, hunalign,
Bleualign, Gale-Church); then how far the gold beads' lengths stray from what the length fit
expects, here and on the development sets: the median of the squared standardised difference of
the gold two-sided beads of up to three sentences, as align compares lengths (aligner._length_misfit:
both brought halfway to each other's scale) and as Gale and Church did (in the source's characters).

The set is not in ../shared. It lies in the repository bfsujason/bertalign at the commit below
(corpus/mac/test/split, eval/mac/test/gold, eval/mac/test/auto; later commits removed it):

    git clone https://github.com/bfsujason/bertalign
    git -C bertalign checkout 6d284528b49326fda8ebb3183cd1980bc527b47e
    python benchmarks/mac.py bertalign [--reverse] [--corpora ../shared/corpora]

--reverse aligns English as the source.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from align import aligner
from align.embed import load_embedder
from align.evaluate import GoldDoc, align_gold_doc, gold_sets, parse_beads, score
from align.segment import read_lines

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _tuning import CORPORA  # noqa: E402
from bertalign import bertalign  # noqa: E402

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]


def swapped(beads: list[BeadIds], reverse: bool) -> list[BeadIds]:
    return [(t, s) for s, t in beads] if reverse else beads


def misfits(docs: list[tuple[list[str], list[str], list[BeadIds]]]) -> tuple[float, float]:
    """Median squared standardised length difference of the gold two-sided beads of up to three
    sentences, at the texts' ratio: as align compares lengths (both brought halfway to each
    other's scale), and as Gale and Church did (in the source's characters)."""
    lengths = [(sum(len(src[i]) for i in s), sum(len(tgt[j]) for j in t))
               for src, tgt, gold in docs for s, t in gold if s and t and len(s) + len(t) <= 3]
    ls, lt = (np.array(side, dtype=float) for side in zip(*lengths))
    ratio = float(lt.sum() / ls.sum())
    now = 2 * aligner._length_misfit(ls, lt, ratio)
    source_units = np.minimum((lt - ratio * ls) ** 2 / (6.8 * ls + 1.0), 25.0)
    return float(np.median(now)), float(np.median(source_units))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bertalign", type=Path, help="a checkout of bfsujason/bertalign at the commit above")
    parser.add_argument("--reverse", action="store_true", help="English as the source")
    parser.add_argument("--corpora", type=Path, default=CORPORA, help="the development sets, for the length figures")
    args = parser.parse_args()
    split, gold_dir, auto = (args.bertalign / p for p in ("corpus/mac/test/split", "eval/mac/test/gold", "eval/mac/test/auto"))
    if not gold_dir.is_dir():
        print(f"{gold_dir}: not found; check out the commit the docstring names", file=sys.stderr)
        return 2
    names = sorted(p.stem for p in gold_dir.glob("*.align"))
    src_ext, tgt_ext = ("en", "zh") if args.reverse else ("zh", "en")
    docs = [GoldDoc(split / f"{n}.{src_ext}", split / f"{n}.{tgt_ext}", gold_dir / f"{n}.align") for n in names]
    gold = [swapped(parse_beads(d.gold.read_text(encoding="utf-8")), args.reverse) for d in docs]
    embedder = load_embedder()
    print(f"MAC-test {src_ext}-{tgt_ext}, {len(docs)} chapters; model {embedder.name}; strict / lax F1")
    rows = {"align": [align_gold_doc(d, embedder, aligner.Params()) for d in docs],
            "Bertalign's algorithm, same model": [bertalign(read_lines(d.src), read_lines(d.tgt), embedder.encode) for d in docs]}
    for tool in sorted(p.name for p in auto.iterdir() if p.is_dir()):
        rows[f"published: {tool}"] = [swapped(parse_beads((auto / tool / f"{n}.align").read_text()), args.reverse) for n in names]
    for label, beads in rows.items():
        result = score(gold, beads)
        print(f"  {label:36} {result.f1_strict:.3f} / {result.f1_lax:.3f}")
    print("median squared standardised length difference of gold beads (align now / in the source's units):")
    sets = {"mac-test": [(read_lines(d.src), read_lines(d.tgt), g) for d, g in zip(docs, gold)]}
    if args.corpora.is_dir():
        for name, gold_docs in gold_sets(args.corpora).items():
            sets[name] = [(read_lines(d.src), read_lines(d.tgt), parse_beads(d.gold.read_text(encoding="utf-8"))) for d in gold_docs]
    for name, triples in sets.items():
        print(f"  {name:24} {'%.1f / %.1f' % misfits(triples)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
