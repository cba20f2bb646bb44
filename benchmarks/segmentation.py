"""Measure sentence segmentation against the gold corpora in ../shared/corpora.

Prints sentence-boundary precision/recall/F1 of align.segment.split_sentences on each raw
file, paragraph-boundary F1 against the .para files (for information), and, for English,
the scores of other sentence splitters when they are installed (pysbd, syntok, blingfire)
applied to the same paragraphs.

    python benchmarks/segmentation.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from razdel import sentenize  # noqa: E402

from align.evaluate import boundary_f1  # noqa: E402
from align.formats.text import split_paragraphs  # noqa: E402
from align.segment import split_sentences  # noqa: E402

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
PAIRS = ("prince-en-ru", "mm-en-ru", "geranium-en-ru")


def gold_paragraphs(folder: Path, lang: str) -> list[str]:
    """The gold sentences grouped into paragraphs by the .para file."""
    lines = (folder / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    numbers = (folder / f"{lang}.para").read_text(encoding="utf-8").split()
    groups: dict[str, list[str]] = {}
    for line, number in zip(lines, numbers):
        groups.setdefault(number, []).append(line)
    return [" ".join(group) for group in groups.values()]


def other_splitters() -> dict[str, object]:
    """English sentence splitters to compare with, those that are installed."""
    found: dict[str, object] = {"razdel (plain)": lambda p: [s.text for s in sentenize(p)]}
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False)
        found["pysbd"] = segmenter.segment
    except ImportError:
        pass
    try:
        from syntok import segmenter as syntok_segmenter

        def syntok_split(paragraph: str) -> list[str]:
            return [
                "".join(token.spacing + token.value for token in sentence)
                for block in syntok_segmenter.analyze(paragraph)
                for sentence in block
            ]

        found["syntok"] = syntok_split
    except ImportError:
        pass
    try:
        import blingfire

        found["blingfire"] = lambda p: blingfire.text_to_sentences(p).split("\n")
    except ImportError:
        pass
    return found


def main() -> int:
    if not CORPORA.is_dir():
        print(f"no corpora at {CORPORA}")
        return 1
    print(f"{'file':28} {'P':>6} {'R':>6} {'F1':>6}   {'para F1':>7}  {'time':>6}")
    for pair in PAIRS:
        folder = CORPORA / pair
        for lang in ("en", "ru"):
            raw = (folder / f"raw_{lang}.txt").read_text(encoding="utf-8")
            gold = (folder / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
            start = time.perf_counter()
            predicted = [s.text for s in split_sentences(raw, lang)]
            seconds = time.perf_counter() - start
            p, r, f = boundary_f1(predicted, gold)
            para_f = boundary_f1(split_paragraphs(raw), gold_paragraphs(folder, lang))[2]
            print(f"{pair + '/raw_' + lang:28} {p:6.3f} {r:6.3f} {f:6.3f}   {para_f:7.3f}  {seconds:5.2f}s")
    print("\nEnglish splitters on the same paragraphs (F1 per file):")
    splitters = {"align (razdel+rules)": None, **other_splitters()}
    for name, split in splitters.items():
        scores = []
        for pair in PAIRS:
            folder = CORPORA / pair
            raw = (folder / "raw_en.txt").read_text(encoding="utf-8")
            gold = (folder / "en.txt").read_text(encoding="utf-8").splitlines()
            if split is None:
                predicted = [s.text for s in split_sentences(raw, "en")]
            else:
                predicted = [s for paragraph in split_paragraphs(raw) for s in split(paragraph)]
            scores.append(boundary_f1(predicted, gold)[2])
        print(f"  {name:20} " + "  ".join(f"{pair.split('-')[0]} {f:.3f}" for pair, f in zip(PAIRS, scores)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
