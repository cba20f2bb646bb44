"""Anchors per sentence and the dynamic programme's band in cells per sentence, for every
development set (as `align run --presplit` reads it) and for the first 10, 20 and 40 sentences of
each: what the confidence's scaling by the anchors (aligner.READ_ANCHORS) and the band's corridor
(aligner.BAND_CELLS) are set against. Translations have anchors for most of their sentences from
their first ten on, texts that do not correspond for none.

    python benchmarks/anchor_density.py [--corpora ../shared/corpora]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from align import aligner, anchors, chapters
from align.embed import load_embedder
from align.evaluate import gold_sets
from align.pipeline import embedded_pair, read_side

FIRST = (10, 20, 40)


def measure(src_side, tgt_side, embedder, params: aligner.Params) -> tuple[float, float]:
    """Anchors per sentence of the shorter text, and band cells per sentence of both (before the corridor)."""
    vectors = embedder.encode([s.text for side in (src_side, tgt_side) for s in side.sentences])
    src, tgt = embedded_pair(src_side, tgt_side, vectors)
    src, tgt, _ = aligner.with_spelling(src, tgt, None, params)
    n, m = len(src.lengths), len(tgt.lengths)
    chain, _, _ = anchors.find(src.vectors, tgt.vectors, params.anchor_window, params.neighbours, params.hub_neighbours)
    lo, hi = aligner.band(chain, n, m, params.band_margin)
    if src.headings is not None and tgt.headings is not None:
        lo, hi = chapters.constrain(lo, hi, chapters.bounds(src.vectors, tgt.vectors, src.lengths, tgt.lengths,
                                                            src.headings, tgt.headings, chain))
    return len(chain) / min(n, m), float((hi - lo).sum()) / (n + m)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpora")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    embedder, params = load_embedder(), aligner.Params()
    print(f"{'set':18} {'sentences':>11} {'anchors/sent':>12} {'cells/sent':>10}  " + "  ".join(f"first {k}" for k in FIRST))
    for name, docs in gold_sets(args.corpora).items():
        doc = docs[0]  # a collection's first document (Text+Berg's)
        src, tgt = read_side(doc.src, presplit=True), read_side(doc.tgt, presplit=True)
        density, cells = measure(src, tgt, embedder, params)
        firsts = [measure(replace(src, sentences=src.sentences[:k]), replace(tgt, sentences=tgt.sentences[:k]),
                          embedder, params)[0] for k in FIRST]
        print(f"{name:18} {len(src.sentences):5} x {len(tgt.sentences):<5} {density:12.2f} {cells:10.1f}  "
              + "  ".join(f"{d:7.2f}" for d in firsts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
