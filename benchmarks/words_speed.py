"""What word links add to `align run`, against the sentence floor (embedding every sentence once).

On the Text+Berg pair of benchmarks/speed.py (--times copies): the alignment is made first; then,
each with an empty embedding cache, the floor (every sentence of both sides embedded) and the
word links of the whole alignment (every word type embedded, IBM-1 trained, every bead linked)
are timed, and the renderings index is built and queried.

    python benchmarks/words_speed.py [--times 1] [--corpora ../shared/corpora]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from speed import textberg

from align.embed import load_embedder
from align.pipeline import align_sides, read_side
from align.renderings import Concordance
from align.words import link_words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--times", type=int, default=1)
    parser.add_argument("--corpora", type=Path, default=Path(__file__).resolve().parents[1] / "../shared/corpora")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pair = textberg(args.corpora, Path(folder), args.times)[0]
        src, tgt = read_side(pair.src, "de", presplit=True), read_side(pair.tgt, "fr", presplit=True)
        alignment = align_sides(src, tgt, load_embedder(cache_dir=Path(folder) / "align"))
        texts = [s.text for s in src.sentences + tgt.sentences]
        start = time.perf_counter()
        load_embedder(cache_dir=Path(folder) / "floor").encode(texts)
        floor = time.perf_counter() - start
        start = time.perf_counter()
        linked = link_words(alignment, load_embedder(cache_dir=Path(folder) / "words"))
        words = time.perf_counter() - start
        start = time.perf_counter()
        concordance = Concordance(linked)
        index = time.perf_counter() - start
        start = time.perf_counter()
        found = concordance.lookup("Jahr")
        query = time.perf_counter() - start
    print(f"{len(src.sentences)} x {len(tgt.sentences)} sentences, {len(alignment.beads)} beads")
    print(f"floor (embed every sentence once): {floor:.1f} s; word links: {words:.1f} s "
          f"(ratio {words / floor:.2f}); renderings index {index:.2f} s, query {query * 1000:.0f} ms "
          f"({sum(r.count for f in found for r in f.renderings)} occurrences of 'Jahr')")


if __name__ == "__main__":
    main()
