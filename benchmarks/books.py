"""Align whole books from their files as published (both sides) and score them against the TransRead
gold, which covers their opening chapters; print each side's chapter count.

For each pair in ../shared/corpora/books with TransRead gold: `align_files` on the two files as
downloaded (HTML, plain text, EPUB), the result written as Parquet, and ../shared/tools/books_score.py
(every gold sentence located in the aligned text, letters and digits only, case and accents folded;
beads projected onto the gold; strict F1) run on it. Verne's English translation three ways (calibre
EPUB, Standard Ebooks EPUB, Gutenberg HTML) is read only, for its chapters (37 on each side).

    python benchmarks/books.py [--only alice-en-fr ...] [--chapters-only]
    python benchmarks/books.py --files swann-en-fr 7178.txt 2650-0.txt   # other editions' files, same gold

The plain-text editions the README scores this way are not in ../shared: Project Gutenberg's files in the
GITenberg repositories at the commits ../shared/corpora/books/SOURCES.md names for the HTML (7178.txt of
Swann-s-Way_7178, 2650-0.txt of Du-c-t--de-chez-Swann_2650, 1260.txt of Jane-Eyre_1260, 55456-0.txt of
Aventures-d-Alice-au-pays-des-merveilles_55456).
    python benchmarks/books.py --read-time FILE ...   # read_side's time on each file, median of 3
    python benchmarks/books.py --split   # each file cut by `align split` first, then aligned --presplit
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from align.pipeline import align_files, read_side  # noqa: E402
from align.records import AlignError  # noqa: E402
from align.store import write_parquet  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
BOOKS = SHARED / "corpora" / "books"
GOLD = SHARED / "corpora" / "transread"
SCORER = SHARED / "tools" / "books_score.py"
PAIRS = {  # name: (source file, target file, source language, target language)
    "alice-en-fr": ("alice-en-fr/en_928-h.htm", "alice-en-fr/fr_55456-h.htm", "en", "fr"),
    "swann-en-fr": ("swann-en-fr/en_7178-h.htm", "swann-en-fr/fr_2650-h.htm", "en", "fr"),
    "janeeyre-en-fr": ("janeeyre-en-fr/en_1260-h.htm", "janeeyre-en-fr/fr_16235-8.txt", "en", "fr"),
}
CHAPTERS = [
    ("verne-80days-fr-en/fr_800-8.txt", "fr"),
    ("verne-80days-fr-en/en_AroundtheWorldin80Days_gitenberg103.epub", "en"),
    ("verne-80days-fr-en/en_around-the-world-in-eighty-days_standardebooks_src-repack.epub", "en"),
    ("verne-80days-fr-en/en_103-h.htm", "en"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=list(PAIRS), help="pairs to align")
    parser.add_argument("--chapters-only", action="store_true", help="read the files and count chapters, align nothing")
    parser.add_argument("--read-time", nargs="*", type=Path, default=[], help="time reading these files (median of 3)")
    parser.add_argument("--files", nargs=3, action="append", metavar=("PAIR", "SRC", "TGT"),
                        help="align these two files instead, scored on PAIR's gold (say, Gutenberg's plain-text editions)")
    parser.add_argument("--split", action="store_true",
                        help="cut each file with `align split` (a sentence a line, a blank line between paragraphs) "
                             "and align the two with --presplit, as a user who corrects the sentences by hand does")
    args = parser.parse_args()
    if args.files:
        for name, src, tgt in args.files:
            PAIRS[name] = (str(Path(src).resolve()), str(Path(tgt).resolve()), *PAIRS[name][2:])
        args.only = [name for name, _, _ in args.files]
    if args.read_time:
        for path in args.read_time:
            times = []
            for _ in range(3):
                start = time.perf_counter()
                side = read_side(path)
                times.append(time.perf_counter() - start)
            print(f"{path.name:30} {len(side.sentences):7} sentences {len(side.chapters):4} chapters  read {sorted(times)[1]:.2f} s")
        return 0
    if not BOOKS.is_dir():
        print(f"no books at {BOOKS}")
        return 1
    print(f"{'file':78} {'sentences':>9} {'chapters':>8} {'read s':>6}")
    for path, lang in [(p, lang) for name in args.only for p, lang in zip(PAIRS[name][:2], PAIRS[name][2:])] + CHAPTERS:
        start = time.perf_counter()
        try:
            side = read_side(BOOKS / path, lang)
        except AlignError as error:
            print(f"{path:78} {error}")
            continue
        print(f"{path:78} {len(side.sentences):9} {len(side.chapters):8} {time.perf_counter() - start:6.2f}")
    if args.chapters_only:
        return 0
    print(f"\n{'pair':16} {'strict P':>8} {'R':>6} {'F1':>6} {'lax F1':>6} {'found':>6} {'run s':>6}")
    with tempfile.TemporaryDirectory() as folder:
        for name in args.only:
            src, tgt, src_lang, tgt_lang = PAIRS[name]
            start = time.perf_counter()
            paths = [BOOKS / src, BOOKS / tgt]
            if args.split:
                paths = [split_into(path, lang, Path(folder)) for path, lang in zip(paths, (src_lang, tgt_lang))]
            alignment = align_files(*paths, src_lang=src_lang, tgt_lang=tgt_lang, with_words=False, presplit=args.split)
            seconds = time.perf_counter() - start
            parquet = Path(folder) / f"{name}.parquet"
            write_parquet(alignment, parquet)
            gold = GOLD / name
            scored = subprocess.run(
                [sys.executable, str(SCORER), str(parquet), str(gold / f"{src_lang}.txt"), str(gold / f"{tgt_lang}.txt"),
                 str(gold / "gold.txt")], capture_output=True, text=True, check=True,
            ).stdout.split()
            p, r, f1, lax, found = (float(x) for x in scored)
            print(f"{name:16} {p:8.3f} {r:6.3f} {f1:6.3f} {lax:6.3f} {found:6.2f} {seconds:6.0f}", flush=True)
    return 0


def split_into(path: Path, lang: str, folder: Path) -> Path:
    """The file as `align split` prints it, written into folder."""
    printed = subprocess.run([sys.executable, "-m", "align", "split", str(path), "--lang", lang],
                             capture_output=True, text=True, check=True).stdout
    out = folder / f"{path.name}.txt"
    out.write_text(printed, encoding="utf-8")
    return out


if __name__ == "__main__":
    sys.exit(main())
