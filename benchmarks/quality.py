"""Alignment quality on the gold sets in ../shared/corpora: strict and lax P/R/F1 per set,
for align (bundled default model unless --model) and the length-only baseline (the same dynamic
programme with its length cost alone) on the one-sentence-per-line files, then end to end from
the raw files where a set has them.

    python benchmarks/quality.py [--corpora ../shared/corpora] [--model M]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from align import aligner
from align.embed import load_embedder
from align.evaluate import align_gold_doc, align_raw_doc, gold_sets, length_only, parse_beads, score

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    embedder = load_embedder(args.model)
    print(f"model: {embedder.name}")
    print(f"{'set':18} {'method':12} {'P strict':>8} {'R strict':>8} {'F1 strict':>9} {'P lax':>6} {'R lax':>6} {'F1 lax':>6}  time")
    for name, docs in gold_sets(args.corpora).items():
        gold = [parse_beads(d.gold.read_text(encoding="utf-8")) for d in docs]
        for method, run in (("align", lambda d: align_gold_doc(d, embedder, aligner.Params())), ("length-only", length_only)):
            start = time.perf_counter()
            s = score(gold, [run(d) for d in docs])
            print(
                f"{name:18} {method:12} {s.precision_strict:8.3f} {s.recall_strict:8.3f} {s.f1_strict:9.3f} "
                f"{s.precision_lax:6.3f} {s.recall_lax:6.3f} {s.f1_lax:6.3f}  {time.perf_counter() - start:.1f}s"
            )
    for name, docs in gold_sets(args.corpora).items():
        raw = [align_raw_doc(d, embedder, aligner.Params()) for d in docs]
        if all(beads is not None for beads in raw):
            gold = [parse_beads(d.gold.read_text(encoding="utf-8")) for d in docs]
            s = score(gold, raw)
            print(
                f"{name:18} {'raw files':12} {s.precision_strict:8.3f} {s.recall_strict:8.3f} {s.f1_strict:9.3f} "
                f"{s.precision_lax:6.3f} {s.recall_lax:6.3f} {s.f1_lax:6.3f}  (end to end: segmentation and alignment)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
