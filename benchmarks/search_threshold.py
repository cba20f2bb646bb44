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

from dataclasses import replace
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


def row(name: str, found: search.VectorSet, embedder, gibberish: list[str], queries: list[str],
        targets: list[int] | None = None) -> str:
    """Real queries passing (their own target's bar with `targets`, else any bead) and gibberish
    passing, with each text's own bar and with one bar for all (the highest)."""
    cells = []
    for rule in (found, replace(found, levels=np.full_like(found.levels, found.levels.max()))):
        index = search.MeaningIndex([rule], lambda model: embedder.inner)
        if targets is None:
            real = f"{sum(bool(index.search(q)[0]) for q in queries)} of {len(queries)}"
        else:
            vectors = embedder.inner.encode(queries)
            targets_found = rule.index.reconstruct_n(0, rule.index.ntotal)[targets]
            real = f"{np.mean(np.sum(vectors * targets_found, axis=1) > rule.levels[targets]):.1%}"
        bad = sum(bool(index.search(q)[0]) for q in gibberish)
        cells.append(f"{real:>9s} {bad:>4d} of {len(gibberish)}")
    return f"{name:14s} {found.threshold:6.3f}  " + "   ".join(cells)


def main() -> None:
    embedder = load_embedder()
    gibberish = search.random_queries(300, seed=7) + MASHES
    print(f"{'':21s}  {'each text its own bar':>22s}   {'one bar (the highest)':>22s}")
    print(f"{'index':14s} {'bar':>6s}  {'real':>9s} {'gibberish':>12s}   {'real':>9s} {'gibberish':>12s}")
    for lang in ("rus", "deu", "fra"):
        english = (SHARED / f"tatoeba.{lang}-eng.eng").read_text(encoding="utf-8").splitlines()
        other = (SHARED / f"tatoeba.{lang}-eng.{lang}").read_text(encoding="utf-8").splitlines()
        found = search.VectorSet.build("default", embedder.encode(other), list(range(len(other))), embedder)
        print(row(f"tatoeba-{lang}", found, embedder, gibberish, english, list(range(len(other)))))
    ru, en = corpus.load_work(corpus.TEXTS_DIR / "sorin-1918").texts
    sorin = pipeline.align_files(en.path, ru.path, src_lang="en", tgt_lang="ru")
    print(row("sorin", search.MeaningIndex.of_alignment(sorin, embedder).sets[0], embedder, gibberish, SORIN_QUERIES))
    lines = [line for line in (SHARED.parent / "stal-ru-zh" / "ru.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    prince = [line for line in (SHARED.parent / "prince-5way" / "en.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [text for pair in zip((prince * 50)[:3000], lines[:3000]) for text in pair]
    found = search.VectorSet.build("default", embedder.encode(texts), [k // 2 for k in range(len(texts))], embedder)
    print(row("book", found, embedder, gibberish, BOOK_QUERIES))


if __name__ == "__main__":
    main()
