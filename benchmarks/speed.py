"""Speed and memory on book-length input, against the embed-once floor.

Builds a long pair from ../shared/corpora/text-berg-de-fr (every document concatenated, the whole
repeated --times times), then, each in a fresh process with an empty embedding cache:
  - the floor: load the model and embed every sentence of both sides once;
  - `align run --presplit` on the pair.
Prints wall time, the ratio of the two, peak memory (max RSS) and the strict F1 of the long
alignment against the gold beads; repeats at twice the size.

    python benchmarks/speed.py [--times 10] [--corpora ../shared/corpora] [--model M]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from align.evaluate import parse_beads, score

ROOT = Path(__file__).resolve().parents[1]
FLOOR = """
import sys
from align.embed import load_embedder
model = sys.argv[1] if len(sys.argv) > 1 else None
embedder = load_embedder(model).inner
lines = [l for p in sys.argv[2:] for l in open(p, encoding="utf-8").read().splitlines() if l.strip()]
for start in range(0, len(lines), 256):
    embedder.encode(lines[start:start + 256])
"""


def build_pair(corpora: Path, times: int, folder: Path) -> tuple[Path, Path, list]:
    """The long pair, and its gold beads (each document's, shifted to its place)."""
    root = corpora / "text-berg-de-fr"
    names = sorted(p.name for p in (root / "gold").iterdir())
    lines = {lang: [_lines(root / lang / name) for name in names] for lang in ("de", "fr")}
    gold, offset = [], [0, 0]
    for _ in range(times):
        for k, name in enumerate(names):
            for src, tgt in parse_beads((root / "gold" / name).read_text(encoding="utf-8")):
                gold.append((tuple(i + offset[0] for i in src), tuple(j + offset[1] for j in tgt)))
            offset = [offset[0] + len(lines["de"][k]), offset[1] + len(lines["fr"][k])]
    paths = []
    for lang in ("de", "fr"):
        path = folder / f"{lang}.{times}.txt"
        path.write_text("".join(line + "\n" for doc in lines[lang] for line in doc) * times, encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1], gold


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def timed(command: list[str], cache: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a child process."""
    env = dict(os.environ, ALIGN_CACHE_DIR=str(cache))
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}\n{child.stderr.read()}")
    return seconds, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--model", default="")
    args = parser.parse_args()
    if not (args.corpora / "text-berg-de-fr").is_dir():
        print(f"no text-berg-de-fr under {args.corpora}", file=sys.stderr)
        return 2
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    model = ["--model", args.model] if args.model else []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for times in (args.times, 2 * args.times):
            src, tgt, gold = build_pair(args.corpora, times, tmp)
            sizes = [len(_lines(p)) for p in (src, tgt)]
            floor_s, floor_mb = timed([sys.executable, "-c", FLOOR, args.model, str(src), str(tgt)], tmp / f"c0{times}")
            run_s, run_mb = timed(
                [sys.executable, "-m", "align", "run", str(src), str(tgt), "--presplit", "-o", str(tmp / "out.parquet"),
                 "--beads", str(tmp / "out.beads"), *model],
                tmp / f"c1{times}",
            )
            print(
                f"{sizes[0]} x {sizes[1]} sentences: align {run_s:.1f}s, floor {floor_s:.1f}s, "
                f"ratio {run_s / floor_s:.2f}, peak memory {run_mb:.0f} MiB (floor {floor_mb:.0f} MiB), "
                f"strict F1 {score([gold], [parse_beads((tmp / 'out.beads').read_text())]).f1_strict:.3f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
