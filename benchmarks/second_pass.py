"""How much the second pass embeds, against the first: texts and characters (as the model reads
them). Unlike a time, this does not depend on what else loads the machine.

The first pass embeds each distinct sentence once (the floor); the second embeds joined runs of
sentences where the first path is uncertain. Its vectors are replaced by random ones here: only
what it asks for is counted. Uses the embedding cache, so a second call is quick.

    python benchmarks/second_pass.py SRC TGT [--src-lang L] [--tgt-lang L] [--presplit]
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from align import aligner
from align.embed import USE_MAX_CHARS, load_embedder
from align.pipeline import embedded_pair, read_side


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("src")
    parser.add_argument("tgt")
    parser.add_argument("--src-lang")
    parser.add_argument("--tgt-lang")
    parser.add_argument("--presplit", action="store_true")
    args = parser.parse_args()
    sides = [read_side(path, lang, args.presplit) for path, lang in ((args.src, args.src_lang), (args.tgt, args.tgt_lang))]
    texts = [[s.text for s in side.sentences] for side in sides]
    vectors = load_embedder().encode(texts[0] + texts[1])
    asked: list[str] = []

    def count(batch: list[str]) -> np.ndarray:
        asked.extend(batch)
        random = np.random.default_rng(0).normal(size=(len(batch), vectors.shape[1])).astype(np.float32)
        return random / np.linalg.norm(random, axis=1, keepdims=True)

    aligner.align(*embedded_pair(*sides, vectors), embed=count)  # as align run gives them: headings, paragraphs

    def read(batch) -> int:
        return sum(min(len(t), USE_MAX_CHARS) for t in batch)

    first = list(dict.fromkeys(texts[0] + texts[1]))
    print(f"first pass: {len(first):,} texts, {read(first):,} characters")
    print(f"second pass: {len(asked):,} texts, {read(asked):,} characters ({read(asked) / read(first):.1f}x the first)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
