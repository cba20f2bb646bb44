"""What word links cost per character, by language, against one embedding pass.

For each case the pair is aligned first (the shared embedding cache may hold its sentences); then,
each with an empty embedding cache, the floor (every sentence of both sides embedded once) and the
word links of the whole alignment (segmenting, every word type embedded, IBM-1, every bead linked)
are timed. Prints the characters of both sides, the seconds of each, the links' microseconds per
character, their ratio to the floor, and how many two-sided beads the links flag `partial`.

    python benchmarks/words_cost.py [--case NAME ...] [--corpora ../shared/corpora]

Cases: prince-fr-en, prince-fr-zh (the same French original: Le Petit Prince, opening), and the
books verne-fr-en (Around the World in 80 Days, French and English) and stal-ru-zh (a Russian
novel and its Chinese translation); default: the two Prince cases.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from align.embed import load_embedder
from align.pipeline import align_sides, read_side
from align.words import PARTIAL, link_words

CASES = {
    "prince-fr-en": (("prince-5way/fr.txt", "fr"), ("prince-5way/en.txt", "en")),
    "prince-fr-zh": (("prince-5way/fr.txt", "fr"), ("prince-5way/zh.txt", "zh")),
    "verne-fr-en": (("books/verne-80days-fr-en/fr_800-8.txt", "fr"), ("books/verne-80days-fr-en/en_103-h.htm", "en")),
    "stal-ru-zh": (("stal-ru-zh/ru.txt", "ru"), ("stal-ru-zh/zh.txt", "zh")),
}


def measure(corpora: Path, name: str) -> str:
    (src_path, src_lang), (tgt_path, tgt_lang) = CASES[name]
    src, tgt = read_side(corpora / src_path, src_lang), read_side(corpora / tgt_path, tgt_lang)
    alignment = align_sides(src, tgt, load_embedder())
    texts = [s.text for s in src.sentences + tgt.sentences]
    chars = sum(map(len, texts))
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        load_embedder(cache_dir=Path(folder) / "floor").encode(texts)
        floor = time.perf_counter() - start
        start = time.perf_counter()
        linked = link_words(alignment, load_embedder(cache_dir=Path(folder) / "words"))
        links = time.perf_counter() - start
    two_sided = [b for b in linked.beads if b.src and b.tgt]
    partial = sum(PARTIAL in b.flags for b in two_sided)
    return (f"| {name} | {len(alignment.beads)} | {chars:,} | {floor:.1f} | {links:.1f} | "
            f"{links / chars * 1e6:.0f} | {links / floor:.2f} | {partial} of {len(two_sided)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", action="append", choices=sorted(CASES))
    parser.add_argument("--corpora", type=Path, default=Path(__file__).resolve().parents[1] / "../shared/corpora")
    args = parser.parse_args()
    print("| case | beads | characters (both sides) | floor s | word links s | µs per character | links / floor "
          "| partial |")
    print("|---|---|---|---|---|---|---|---|")
    for name in args.case or ["prince-fr-en", "prince-fr-zh"]:
        print(measure(args.corpora, name), flush=True)


if __name__ == "__main__":
    main()
