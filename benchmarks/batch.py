"""Batch alignment of a library, locally and on Ray, with 1 and 2 workers.

    python benchmarks/batch.py [--corpora ../shared/corpora] [--works prince mm ...] [--workers 1 2]
                               [--engines local ray]

Builds a library in the texts/ layout from the development corpora (each text pair a distinct work),
then for every engine and worker count runs `align batch` as a fresh process on a fresh copy with a
cold embedding cache: the wall time includes starting the workers (and Ray) and loading the model in
each. Reports sentences a second, Ray's overhead against local, and a second run that skips them all.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"


def sources(corpora: Path) -> dict[str, tuple[tuple[Path, str], tuple[Path, str]]]:
    """Every work the corpora offer: name -> ((left file, language), (right file, language))."""
    found = {}
    for name in ("prince", "mm", "geranium"):
        folder = corpora / f"{name}-en-ru"
        found[name] = ((folder / "raw_en.txt", "en"), (folder / "raw_ru.txt", "ru"))
    for folder in sorted((corpora / "transread").glob("*-*-*")):
        _, left, right = folder.name.rsplit("-", 2)
        found[folder.name.split("-")[0]] = ((folder / f"{left}.txt", left), (folder / f"{right}.txt", right))
    for doc in sorted((corpora / "text-berg-de-fr" / "de").iterdir()):
        found[f"textberg-{doc.name}"] = ((doc, "de"), (doc.parent.parent / "fr" / doc.name, "fr"))
    return found


def build_library(root: Path, works: dict[str, tuple[tuple[Path, str], tuple[Path, str]]]) -> None:
    for name, ((left, left_lang), (right, right_lang)) in works.items():
        folder = root / name
        folder.mkdir(parents=True)
        shutil.copyfile(left, folder / f"{left_lang}.txt")
        shutil.copyfile(right, folder / f"{right_lang}.txt")
        texts = [{"file": f"{left_lang}.txt", "lang": left_lang, "role": "translation"},
                 {"file": f"{right_lang}.txt", "lang": right_lang, "role": "original"}]
        (folder / "meta.json").write_text(json.dumps({"id": name, "title": name, "texts": texts}), encoding="utf-8")


def run(library: Path, engine: str, workers: int, cache: Path) -> tuple[float, list[dict]]:
    """Wall time of one `align batch` process, and its report."""
    env = {**os.environ, "ALIGN_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "align", "batch", str(library), "--engine", engine,
                           "--workers", str(workers)], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"align batch failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    lines = (library / "batch-report.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return seconds, [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--works", nargs="+", help="names of works to include (default: all)")
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--engines", nargs="+", default=["local", "ray"])
    args = parser.parse_args()
    available = sources(args.corpora)
    unknown = set(args.works or ()) - set(available)
    if unknown:
        sys.exit(f"unknown works {sorted(unknown)}; choose from {sorted(available)}")
    works = {name: available[name] for name in (args.works or available)}
    with tempfile.TemporaryDirectory(prefix="align-batch-bench-") as tmp:
        template = Path(tmp) / "template"
        build_library(template, works)
        print(f"{len(works)} works: {' '.join(works)}")
        print("| engine | workers | sentences | wall s | sentences/s | in works s | outside works s | second run (all skipped) s |")
        print("|---|---|---|---|---|---|---|---|")
        walls = {}
        for engine in args.engines:
            for workers in args.workers:
                library = Path(tmp) / f"{engine}-{workers}"
                shutil.copytree(template, library)
                seconds, report = run(library, engine, workers, Path(tmp) / f"cache-{engine}-{workers}")
                sentences = sum(int(row["sentences"]) for row in report)
                # time inside the works, per worker; the rest is starting processes (and Ray), loading
                # the model in each worker, and waiting for the last work
                busy = sum(float(row["seconds"]) for row in report) / workers
                again, _ = run(library, engine, workers, Path(tmp) / f"cache-{engine}-{workers}")
                walls[engine, workers] = seconds
                print(f"| {engine} | {workers} | {sentences} | {seconds:.1f} | {sentences / seconds:.0f} | {busy:.1f} "
                      f"| {seconds - busy:.1f} | {again:.1f} |", flush=True)
        for workers in args.workers:
            if ("local", workers) in walls and ("ray", workers) in walls:
                overhead = walls["ray", workers] - walls["local", workers]
                print(f"Ray's overhead, {workers} worker(s): {overhead:+.1f} s "
                      f"({overhead / walls['local', workers]:+.0%} of local)")


if __name__ == "__main__":
    main()
