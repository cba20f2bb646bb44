"""How long a search takes in a 3,000-bead alignment: words (any form), a regular expression,
and meaning (building the index, then a query).

The alignment pairs 3,000 lines of the Russian novel in ../shared/corpora/stal-ru-zh with the
English Little Prince repeated (1-1 beads: the speed, not the alignment, is measured).

    PYTHONPATH=$PWD python benchmarks/search_speed.py
"""

from __future__ import annotations

import time
from pathlib import Path

from align import search
from align.embed import load_embedder
from align.records import Alignment, Bead, Sentence, Side

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
BEADS = 3_000


def lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def side(texts: list[str], lang: str) -> Side:
    return Side(tuple(Sentence(i, t) for i, t in enumerate(texts)), lang, f"{lang}.txt", "", "")


def timed(label: str, action) -> object:
    start = time.perf_counter()
    result = action()
    print(f"{label:40s} {time.perf_counter() - start:6.2f} s")
    return result


def main() -> None:
    russian = lines(CORPORA / "stal-ru-zh" / "ru.txt")[:BEADS]
    english = (lines(CORPORA / "prince-5way" / "en.txt") * 50)[:BEADS]
    alignment = Alignment(side(english, "en"), side(russian, "ru"),
                          tuple(Bead((i,), (i,), 1.0) for i in range(BEADS)), model="use-multilingual-v3")
    for query, regex in [("барашка", False), ("сказал он", False), ("the", False), (r"\bон\b", True)]:
        found = timed(f"{'regex' if regex else 'words'} {query!r}", lambda: search.find_text(alignment, query, regex, limit=20))
        print(f"{'':40s} {found.total} beads")
    embedder = load_embedder()
    embedder.encode([t for s in alignment.sides for t in (x.text for x in s.sentences)])  # the vectors, as after aligning
    timed("meaning: the model loaded (once a process)", lambda: embedder.inner.encode(["warm up"]))
    index = timed("meaning: index (vectors cached, 200 probes)", lambda: search.MeaningIndex.of_alignment(alignment, embedder))
    found = timed("meaning: 'a drawing of a boa constrictor'", lambda: index.find(alignment, "a drawing of a boa constrictor", limit=20))
    print(f"{'':40s} {found.total} beads, threshold {index.sets[0].threshold:.2f}")


if __name__ == "__main__":
    main()
