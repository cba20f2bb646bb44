"""Speed and memory of `align run` on real books, against the floor of embedding each distinct
sentence once.

For every input, each in a fresh process with an empty embedding cache:
  - the floor: load the model and embed each DISTINCT sentence of both sides once (the sentences
    `align run` reads and segments from the same files, the same way), as fast as align embeds:
    two batches at once where the model offers it (UseEmbedder.encode_batches); with
    --floor-one-batch a batch at a time, as the model's own encode does;
  - `align run` on the files, as a user runs it.
Reports wall time (the median of --repeat runs of each, alternated), the ratio of the two, the
peak memory (max RSS) of the `align run` process, and per case a note. The ratio is that of each
pair of runs, a floor then an align run back to back, their median and range: a slow spell of the
machine touches both runs of a pair, where the floor alone varied by a second between commands.
Cases (--case, repeatable; default: all but textberg-x10):

  stal-ru-zh    a Russian novel and its Chinese translation, the raw files as they are
  book-files    Jane Eyre as published: English HTML, French plain text (the readers' cost too)
  growth        x1, x2, x4: different books concatenated, one sentence a line, no text repeated
  huge-line     a 5 MB line without punctuation against a normal text: must finish, no cliff
  cliffs        one sentence against 3,000, two books that are not translations of each other, and
                two texts of 5,000 sentences of random words (no anchor at all: the band is everything)
  textberg-x10  Text+Berg repeated ten times: a test of anchors among near-duplicates. Its
                repeats are embedded once, so it says nothing about speed: quality only.

Prints a Markdown table (the README carries it as is).

    python benchmarks/speed.py [--case NAME ...] [--corpora ../shared/corpora] [--model M] [--floor-one-batch]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from align.checks import confident_share
from align.evaluate import parse_beads, score
from align.pipeline import read_side
from align.segment import read_lines
from align.store import read_parquet

ROOT = Path(__file__).resolve().parents[1]
FLOOR = """
import json, sys
from align.embed import batches_of, embedded_batches, load_embedder
model = load_embedder(sys.argv[1] or None).inner
texts = list(dict.fromkeys(json.load(open(sys.argv[2], encoding="utf-8"))))
lanes = sys.argv[3] == "lanes"
batches = batches_of(texts, getattr(model, "lanes", 1) if lanes else 1)
for _ in embedded_batches(model, batches) if lanes else map(model.encode, batches):
    pass
"""
# growth: pairs of one-sentence-a-line files, (folder, source, target), in the order they are added
BOOKS = [
    ("text-berg-de-fr", "de/*", "fr/*"),
    ("transread/swann-en-fr", "en.txt", "fr.txt"),
    ("transread/alice-en-fr", "en.txt", "fr.txt"),
    ("prince-en-ru", "en.txt", "ru.txt"),
    ("mm-en-ru", "en.txt", "ru.txt"),
    ("transread/emma-en-fr", "en.txt", "fr.txt"),
    ("transread/candide-en-el", "en.txt", "el.txt"),
    ("geranium-en-ru", "en.txt", "ru.txt"),
    ("kameraden-3way", "en.txt", "ru.txt"),
    ("transread/janeeyre-en-fr", "en.txt", "fr.txt"),
]
HUGE_BYTES = 5_000_000
UNRELATED = 5_000  # sentences a side of the two random texts (cliffs)


@dataclass
class Run:
    """One `align run` to measure: its label, files, options, and a note read from its output."""

    label: str
    src: Path
    tgt: Path
    options: list[str] = field(default_factory=list)
    note: Callable[[Path, Path], str] = lambda parquet, beads: f"confident pairs {confident_share(read_parquet(parquet)):.0%}"
    speed: bool = True  # False: the time is not a speed figure (repeated text)


def _book_lines(folder: Path, pattern: str) -> list[str]:
    return [line for path in sorted(folder.glob(pattern)) for line in read_lines(path)]


def stal(corpora: Path, _: Path) -> list[Run]:
    folder = corpora / "stal-ru-zh"
    return [Run("stal-ru-zh, raw files", folder / "ru.txt", folder / "zh.txt", ["--src-lang", "ru", "--tgt-lang", "zh"])]


def book_files(corpora: Path, _: Path) -> list[Run]:
    """A whole novel as published, read by the readers: the English HTML and the French plain text of Jane Eyre."""
    folder = corpora / "books" / "janeeyre-en-fr"
    return [Run("Jane Eyre, English HTML and French plain text as published", folder / "en_1260-h.htm",
                folder / "fr_16235-8.txt", ["--src-lang", "en", "--tgt-lang", "fr"])]


def growth(corpora: Path, tmp: Path) -> list[Run]:
    """x1, x2, x4: the first books until a quarter, a half, all of the sentences are in."""
    books = [(_book_lines(corpora / d, s), _book_lines(corpora / d, t)) for d, s, t in BOOKS]
    total = sum(len(src) for src, _ in books)
    runs = []
    for times in (1, 2, 4):
        src, tgt = [], []
        for book_src, book_tgt in books:
            if len(src) >= total * times / 4:
                break
            src, tgt = src + book_src, tgt + book_tgt
        paths = [tmp / f"growth{times}.{side}.txt" for side in ("src", "tgt")]
        for path, lines in zip(paths, (src, tgt)):
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        runs.append(Run(f"different books x{times}, one sentence a line", *paths, ["--presplit"]))
    return runs


def huge_line(corpora: Path, tmp: Path) -> list[Run]:
    """Random words of the transread English books, 5 MB on one line, against The Little Prince in Russian."""
    words = [w for path in sorted(corpora.glob("transread/*/en.txt")) for w in re.findall(r"[^\W\d_]+", path.read_text(encoding="utf-8"))]
    rng = random.Random(1)
    line = " ".join(rng.choice(words) for _ in range(HUGE_BYTES // 5))[:HUGE_BYTES]
    path = tmp / "huge.txt"
    path.write_text(line + "\n", encoding="utf-8")
    return [Run(f"one {len(line) / 1e6:.0f} MB line without punctuation vs a short book", path, corpora / "prince-en-ru" / "raw_ru.txt")]


def cliffs(corpora: Path, tmp: Path) -> list[Run]:
    """One sentence (of Swann) against 3,000 of other books, and two books that are not translations of each other."""
    swann = read_lines(corpora / "transread" / "swann-en-fr" / "en.txt")
    many = [line for folder, pattern in (("text-berg-de-fr", "fr/*"), ("transread/alice-en-fr", "fr.txt"),
                                         ("transread/janeeyre-en-fr", "fr.txt"), ("transread/emma-en-fr", "fr.txt"),
                                         ("text-berg-de-fr", "de/*")) for line in _book_lines(corpora / folder, pattern)]
    paths = [tmp / "one.txt", tmp / "many.txt"]
    paths[0].write_text(swann[10] + "\n", encoding="utf-8")
    paths[1].write_text("\n".join(many[:3000]) + "\n", encoding="utf-8")
    unrelated = (corpora / "transread" / "alice-en-fr" / "en.txt", corpora / "transread" / "swann-en-fr" / "fr.txt")

    def mean_confidence(parquet: Path, _: Path) -> str:
        beads = read_parquet(parquet).beads
        return f"mean confidence {sum(b.score for b in beads) / len(beads):.2f}"

    return [Run(f"one sentence vs {len(many[:3000]):,}", *paths, ["--presplit"]),
            Run("two books that are not translations (Alice en, Swann fr)", *unrelated, ["--presplit"], mean_confidence),
            Run(f"two texts of {UNRELATED:,} sentences of random words, English and French", *random_texts(corpora, tmp),
                ["--presplit"])]


def random_texts(corpora: Path, tmp: Path) -> list[Path]:
    """Two texts that correspond nowhere, no sentence repeated: words of Alice's English and of Swann's
    French drawn at random, four to twelve a sentence (no anchor: the band is the whole rectangle)."""
    rng = random.Random(2)
    paths = []
    for name, source in (("random.en.txt", "alice-en-fr/en.txt"), ("random.fr.txt", "swann-en-fr/fr.txt")):
        words = re.findall(r"[^\W\d_]+", (corpora / "transread" / source).read_text(encoding="utf-8"))
        lines = [" ".join(rng.choice(words) for _ in range(rng.randint(4, 12))).capitalize() + "." for _ in range(UNRELATED)]
        paths.append(tmp / name)
        paths[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def textberg(corpora: Path, tmp: Path, times: int = 10) -> list[Run]:
    """Text+Berg, every document concatenated, the whole repeated; scored against the shifted gold."""
    root = corpora / "text-berg-de-fr"
    names = sorted(p.name for p in (root / "gold").iterdir())
    lines = {lang: [read_lines(root / lang / name) for name in names] for lang in ("de", "fr")}
    gold, offset = [], [0, 0]
    for _ in range(times):
        for k, name in enumerate(names):
            for src, tgt in parse_beads((root / "gold" / name).read_text(encoding="utf-8")):
                gold.append((tuple(i + offset[0] for i in src), tuple(j + offset[1] for j in tgt)))
            offset = [offset[0] + len(lines["de"][k]), offset[1] + len(lines["fr"][k])]
    paths = []
    for lang in ("de", "fr"):
        path = tmp / f"textberg.{lang}.txt"
        path.write_text("".join(line + "\n" for doc in lines[lang] for line in doc) * times, encoding="utf-8")
        paths.append(path)

    def f1(_: Path, beads: Path) -> str:
        return f"strict F1 {score([gold], [parse_beads(beads.read_text())]).f1_strict:.3f}"

    return [Run(f"Text+Berg repeated x{times} (quality only)", *paths, ["--presplit"], f1, speed=False)]


CASES = {"stal-ru-zh": stal, "book-files": book_files, "growth": growth, "huge-line": huge_line, "cliffs": cliffs, "textberg-x10": textberg}


def timed(command: list[str], cache: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a child process with its own empty embedding cache."""
    env = dict(os.environ, ALIGN_CACHE_DIR=str(cache))
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}\n{child.stderr.read()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def _option(options: list[str], name: str) -> str | None:
    return options[options.index(name) + 1] if name in options else None


def measure(run: Run, model: str, tmp: Path, repeat: int, lanes: bool) -> dict:
    presplit = "--presplit" in run.options
    sides = [read_side(path, _option(run.options, lang), presplit) for path, lang in
             ((run.src, "--src-lang"), (run.tgt, "--tgt-lang"))]
    texts = tmp / "texts.json"
    texts.write_text(json.dumps([s.text for side in sides for s in side.sentences]), encoding="utf-8")
    parquet, beads = tmp / "out.parquet", tmp / "out.beads"
    command = [sys.executable, "-m", "align", "run", str(run.src), str(run.tgt), "-o", str(parquet),
               "--beads", str(beads), *run.options, *(["--model", model] if model else [])]
    floors, runs = [], []
    for _ in range(repeat):  # alternated, so that a slow spell of the machine touches both
        floors.append(timed([sys.executable, "-c", FLOOR, model, str(texts), "lanes" if lanes else ""],
                            Path(tempfile.mkdtemp(dir=tmp))))
        runs.append(timed(command, Path(tempfile.mkdtemp(dir=tmp))))
    floor_s, run_s, run_mb = statistics.median(f for f, _ in floors), statistics.median(r for r, _ in runs), max(m for _, m in runs)
    ratios = [r / f for (f, _), (r, _) in zip(floors, runs)]
    distinct = len({s.text for side in sides for s in side.sentences})
    return {"label": run.label, "sizes": [len(side.sentences) for side in sides], "distinct": distinct,
            "align": run_s, "floor": floor_s, "ratios": ratios, "peak": run_mb, "note": run.note(parquet, beads),
            "speed": run.speed}


def row(result: dict, first: dict | None) -> str:
    n, m = result["sizes"]
    note = result["note"]
    if first is not None and first is not result:
        size = sum(result["sizes"]) / sum(first["sizes"])
        note = f"x{size:.1f} the sentences: x{result['align'] / first['align']:.1f} the time; {note}"
    if not result["speed"]:
        return f"| {result['label']} | {n:,} x {m:,} ({result['distinct']:,} distinct) | — | — | — | — | {note} |"
    ratios = result["ratios"]
    spread = f" ({min(ratios):.2f}-{max(ratios):.2f})" if len(ratios) > 1 else ""
    return (f"| {result['label']} | {n:,} x {m:,} | {result['align']:.1f} s | {result['floor']:.1f} s "
            f"| {statistics.median(ratios):.2f}{spread} | {result['peak']:.0f} MiB | {note} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="run only this case (repeatable)")
    parser.add_argument("--model", default="", help="a sentence-transformers model (default: the bundled one)")
    parser.add_argument("--repeat", type=int, default=3, help="times each is measured; the median is reported (default 3)")
    parser.add_argument("--floor-one-batch", action="store_true",
                        help="the floor embeds a batch at a time, as the model's own encode does, not two at once as align run does")
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"model {args.model or 'bundled'}, cold cache, every run a fresh process, median of {args.repeat}"
          f"{', the floor a batch at a time' if args.floor_one_batch else ''}\n")
    print("| input | sentences | align run | floor | ratio (of each pair: median, range) | peak memory | note |")
    print("|---|---|---|---|---|---|---|")
    for case in args.case or [name for name in CASES if name != "textberg-x10"]:
        with tempfile.TemporaryDirectory() as tmp:
            first = None
            for run in CASES[case](args.corpora, Path(tmp)):
                result = measure(run, args.model, Path(tmp), args.repeat, not args.floor_one_batch)
                first = first or result
                print(row(result, first if case == "growth" else None), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
