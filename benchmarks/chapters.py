"""Chapters used to align whole books from their files: how the two chapter lists are paired, which
pairs bound the sentence path, and whether any heading ends up in a bead with running text.

For each pair of files (default: Verne's French original with each of its three English files, and
the TransRead books), `align_files` as `align run` does, then per pair:
  chapters   the chapters of each side (a run of headings opens one; front matter counted apart)
  paired     chapter pairs found by the chapter programme (chapters.pair), and how many are the
             k-th chapter of one side with the k-th of the other (front matter aside)
  bounds     the chapter starts that bound the sentence path (chapters.bounds)
  unmatched  chapters none of whose sentences found a counterpart (chapters.unmatched)
  mixed      beads where a heading shares a side with running text (must be 0)
  facing     two-sided beads where a heading faces a lone sentence not read as a heading
With --timing, instead: the CPU time of the alignment stage (aligner.align, vectors from the
embedding cache) with the headings and without (median of three, alternated), the cost of structure.

    python benchmarks/chapters.py [--only verne-epub2 ...] [--timing]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from align import aligner, chapters  # noqa: E402
from align.embed import load_embedder  # noqa: E402
from align.pipeline import align_sides, read_side  # noqa: E402
from align.records import Alignment, Side  # noqa: E402

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
VERNE_FR = "books/verne-80days-fr-en/fr_800-8.txt"
PAIRS = {  # name: (source file, target file, source language, target language), under CORPORA
    "verne-epub2": (VERNE_FR, "books/verne-80days-fr-en/en_AroundtheWorldin80Days_gitenberg103.epub", "fr", "en"),
    "verne-epub3": (VERNE_FR, "books/verne-80days-fr-en/en_around-the-world-in-eighty-days_standardebooks_src-repack.epub", "fr", "en"),
    "verne-html": (VERNE_FR, "books/verne-80days-fr-en/en_103-h.htm", "fr", "en"),
    "alice-en-fr": ("books/alice-en-fr/en_928-h.htm", "books/alice-en-fr/fr_55456-h.htm", "en", "fr"),
    "swann-en-fr": ("books/swann-en-fr/en_7178-h.htm", "books/swann-en-fr/fr_2650-h.htm", "en", "fr"),
    "janeeyre-en-fr": ("books/janeeyre-en-fr/en_1260-h.htm", "books/janeeyre-en-fr/fr_16235-8.txt", "en", "fr"),
    "stal-ru-zh": ("stal-ru-zh/ru.txt", "stal-ru-zh/zh.txt", "ru", "zh"),  # for --timing: the speed benchmark's book
}


def structure(alignment: Alignment, embed) -> dict[str, object]:
    """The figures of the module docstring for one alignment."""
    sides = []
    for side in (alignment.src, alignment.tgt):
        texts = [s.text for s in side.sentences]
        sides.append((embed(texts), np.array([len(t) for t in texts], dtype=float), np.array([s.heading for s in side.sentences])))
    (sv, sl, sh), (tv, tl, th) = sides
    pairing = chapters.pair(sv, tv, sl, tl, sh, th)
    fronts = [int(bool(len(c) and not h[c[0].first])) for c, h in ((pairing.src, sh), (pairing.tgt, th))]
    in_order = sum(a - fronts[0] == b - fronts[1] for a, b in pairing.pairs)
    mixed = facing = 0
    for bead in alignment.beads:
        flags = [[alignment.src.sentences[i].heading for i in bead.src], [alignment.tgt.sentences[j].heading for j in bead.tgt]]
        mixed += any(any(f) and not all(f) for f in flags)
        facing += bool(bead.src and bead.tgt) and any(all(f) for f in flags) and not all(all(f) for f in flags)
    return {
        "chapters": f"{len(pairing.src) - fronts[0]}+{fronts[0]} / {len(pairing.tgt) - fronts[1]}+{fronts[1]}",
        "paired": f"{len(pairing.pairs)} ({in_order} k-k)",
        "bounds": len(chapters.bounds(sv, tv, sl, tl, sh, th)),
        "unmatched": len(chapters.unmatched(alignment)),
        "mixed": mixed,
        "facing": facing,
    }


def timing(src: Side, tgt: Side, embedder) -> tuple[float, float]:
    """CPU seconds of aligner.align without and with the headings (median of three, alternated)."""
    sides = []
    for side in (src, tgt):
        texts = [s.text for s in side.sentences]
        vectors, lengths = embedder.encode(texts), np.array([len(t) for t in texts], dtype=float)
        sides.append((vectors, lengths, texts, np.array([s.heading for s in side.sentences])))
    seconds: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(3):
        for structured in (False, True):
            start = time.process_time()
            aligner.align(*(aligner.Side(v, n, t, h if structured else None) for v, n, t, h in sides), embed=embedder.encode)
            seconds[structured].append(time.process_time() - start)
    return statistics.median(seconds[False]), statistics.median(seconds[True])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=[name for name in PAIRS if name != "stal-ru-zh"], choices=list(PAIRS))
    parser.add_argument("--timing", action="store_true", help="time the alignment stage with and without headings")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        print(f"no corpora at {CORPORA}", file=sys.stderr)
        return 2
    embedder = load_embedder(None)
    if args.timing:
        print(f"{'pair':16} {'sentences':>11} {'headings':>9} {'plain s':>7} {'structured s':>12} {'change':>7}")
        for name in args.only:
            src_path, tgt_path, src_lang, tgt_lang = PAIRS[name]
            src, tgt = read_side(CORPORA / src_path, src_lang), read_side(CORPORA / tgt_path, tgt_lang)
            plain, structured = timing(src, tgt, embedder)
            headings = f"{len(src.chapters)}/{len(tgt.chapters)}"
            print(f"{name:16} {len(src.sentences):5}x{len(tgt.sentences):<5} {headings:>9} {plain:7.2f} {structured:12.2f} "
                  f"{structured / plain - 1:+7.1%}", flush=True)
        return 0
    print(f"{'pair':16} {'sentences':>11} {'chapters (+front)':>18} {'paired':>12} {'bounds':>6} {'unmatched':>9} {'mixed':>5} {'facing':>6} {'align s':>7}")
    for name in args.only:
        src_path, tgt_path, src_lang, tgt_lang = PAIRS[name]
        src, tgt = read_side(CORPORA / src_path, src_lang), read_side(CORPORA / tgt_path, tgt_lang)
        start = time.perf_counter()
        alignment = align_sides(src, tgt, embedder)
        seconds = time.perf_counter() - start
        row = structure(alignment, embedder.encode)
        print(f"{name:16} {len(src.sentences):5}x{len(tgt.sentences):<5} {row['chapters']:>18} {row['paired']:>12} {row['bounds']:6} "
              f"{row['unmatched']:9} {row['mixed']:5} {row['facing']:6} {seconds:7.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
