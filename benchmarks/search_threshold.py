"""Where a meaning search stops: each text's level (what queries of random letters reach to it, at
least what they reach to all but 0.1% of the index; "threshold" below) against real queries and
gibberish.

Tatoeba (rus/deu/fra-eng, 1,000 pairs each): the index holds the non-English side; each English
sentence is a query whose translation must pass. Gibberish: 300 random-letter queries of another
seed than the probes, and ten keyboard mashes. Sorin (texts/): paraphrases written by hand.
A book: 3,000 lines of the Russian novel in stal-ru-zh beside the English Little Prince repeated,
with headings ("ГЛАВА ЧЕТВЕРТАЯ") that draw any query near; paraphrases of the Prince written by hand.

    PYTHONPATH=$PWD python benchmarks/search_threshold.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from align import corpus, pipeline, search
from align.embed import load_embedder

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "tatoeba"
MASHES = ["asdfghjkl qwerty", "qwertyuiop", "zxcv bnm", "lorem ipsum dolor", "xyzzy plugh", "ккккк ыыыы",
          "aaaa", "ghjkl", "йцукен фыва", "blah blah"]
SORIN_QUERIES = ["the makeup of this new social group", "состав новой социальной группы",
                 "the Soviet employees and their material position", "the party and the soviets",
                 "bureaucracy in Soviet institutions"]

BOOK_QUERIES = ["a drawing of a boa constrictor", "grown-ups never understand anything", "I learned to fly airplanes",
                "my plane broke down in the desert", "рисунок удава"]


def gibberish_passing(index: search.MeaningIndex, queries: list[str]) -> list[str]:
    return [q for q in queries if index.search(q)[0]]


def main() -> None:
    embedder = load_embedder()
    gibberish = search.random_queries(300, seed=7) + MASHES
    print(f"{'index':14s} {'threshold':>9s} {'real queries passing':>22s} {'gibberish passing':>18s}")
    for lang in ("rus", "deu", "fra"):
        english = (SHARED / f"tatoeba.{lang}-eng.eng").read_text(encoding="utf-8").splitlines()
        other = (SHARED / f"tatoeba.{lang}-eng.{lang}").read_text(encoding="utf-8").splitlines()
        vectors = embedder.encode(other)
        found = search.VectorSet.build("default", vectors, list(range(len(other))), embedder)
        index = search.MeaningIndex([found], lambda model: embedder.inner)
        queries = embedder.inner.encode(english)
        passing = float(np.mean(np.sum(queries * vectors, axis=1) > found.levels))
        bad = gibberish_passing(index, gibberish)
        print(f"tatoeba-{lang:6s} {found.threshold:9.3f} {passing:22.1%} {len(bad):>10d} of {len(gibberish)}")
    ru, en = corpus.load_work(corpus.TEXTS_DIR / "sorin-1918").texts
    sorin = pipeline.align_files(en.path, ru.path, src_lang="en", tgt_lang="ru")
    index = search.MeaningIndex.of_alignment(sorin, embedder)
    passing = sum(bool(index.search(q)[0]) for q in SORIN_QUERIES)
    bad = gibberish_passing(index, gibberish)
    print(f"{'sorin':14s} {index.sets[0].threshold:9.3f} {passing:>14d} of {len(SORIN_QUERIES)} {len(bad):>10d} of {len(gibberish)}")
    lines = [line for line in (SHARED.parent / "stal-ru-zh" / "ru.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    prince = [line for line in (SHARED.parent / "prince-5way" / "en.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [text for pair in zip((prince * 50)[:3000], lines[:3000]) for text in pair]
    found = search.VectorSet.build("default", embedder.encode(texts), [k // 2 for k in range(len(texts))], embedder)
    index = search.MeaningIndex([found], lambda model: embedder.inner)
    passing = sum(bool(index.search(q)[0]) for q in BOOK_QUERIES)
    bad = gibberish_passing(index, gibberish)
    print(f"{'book':14s} {found.threshold:9.3f} {passing:>14d} of {len(BOOK_QUERIES)} {len(bad):>10d} of {len(gibberish)}")


if __name__ == "__main__":
    main()
