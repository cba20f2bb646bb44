"""Speed of the reading room in a real browser: `streamlit run app.py` driven by Debian's Chromium
through Playwright, on the bundled pair (sorin-1918) and on a book of 3,000 beads and more (the
bundled pair's beads repeated, so that no aligning is timed).

For each work, the median over --repeat tries of:
  first page     a new tab opened on the work's URL, until its first bead is drawn
  next doubtful  the "Next doubtful bead" button, until the bead is marked in focus
  verify         the V key on the bead in focus, until the count of verified beads says so
  next page      the "Next page" button at the bottom, until page 2 is drawn
  go to bead     a bead number typed and Go, until that bead is marked in focus
The server is started once, and one page is opened before timing (the model and the files are
then loaded, as on a server in use). Prints a Markdown table.

    python benchmarks/room.py [--repeat 5] [--port 8599] [--works book]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align import corpus, pipeline, store  # noqa: E402
from align.records import Alignment, Bead, Sentence, Side  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
BOOK_BEADS = 3000


def repeated(alignment: Alignment, beads: int) -> Alignment:
    """The alignment's texts and beads repeated until there are `beads` beads or more."""
    times = -(-beads // len(alignment.beads))
    sides, shifted = [], []
    for side in (alignment.src, alignment.tgt):
        count = len(side.sentences)
        sentences = tuple(replace(s, index=t * count + s.index) for t in range(times) for s in side.sentences)
        sides.append(replace(side, sentences=sentences))
    src_n, tgt_n = len(alignment.src.sentences), len(alignment.tgt.sentences)
    for t in range(times):
        for bead in alignment.beads:
            shifted.append(replace(bead, src=tuple(i + t * src_n for i in bead.src), tgt=tuple(j + t * tgt_n for j in bead.tgt)))
    return replace(alignment, src=sides[0], tgt=sides[1], beads=tuple(shifted))


def prepare(folder: Path) -> None:
    """The bundled pair (aligned here once, with the shared embedding cache) and the book."""
    shutil.copytree(corpus.TEXTS_DIR, folder, ignore=shutil.ignore_patterns("*.parquet", "*.history", "*.lock"))
    work = corpus.load_work(folder / "sorin-1918")
    pair = pipeline.align_work(work)
    store.write_parquet(pair, work.alignment_path)
    book = folder / "book"
    shutil.copytree(folder / "sorin-1918", book, ignore=shutil.ignore_patterns("*.parquet"))
    meta = (book / "meta.json").read_text(encoding="utf-8").replace('"sorin-1918"', '"book"')
    (book / "meta.json").write_text(meta, encoding="utf-8")
    store.write_parquet(repeated(pair, BOOK_BEADS), corpus.load_work(book).alignment_path)


def serve(folder: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, ALIGN_TEXTS_DIR=str(folder), PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return process
        except OSError:
            if time.monotonic() > deadline:
                process.terminate()
                raise SystemExit("streamlit did not start")
            time.sleep(0.3)


def idle(page) -> None:
    """Until the app has finished its run (no "Running" indicator)."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)


def timed(action, done) -> float:
    start = time.perf_counter()
    action()
    done()
    return time.perf_counter() - start


def measure(browser, url: str, work: str, total: int) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    times: dict[str, float] = {}
    try:
        times["first page"] = timed(lambda: page.goto(f"{url}/?work={work}"),
                                    lambda: (page.locator("[class*='st-key-bead-']").first.wait_for(timeout=120_000), idle(page)))
        page.wait_for_timeout(300)
        times["next doubtful"] = timed(lambda: page.get_by_role("button", name="Next doubtful bead").click(),
                                       lambda: (page.get_by_text("▶ here").first.wait_for(timeout=60_000), idle(page)))
        verified = page.get_by_text(" beads verified").first.inner_text().split(" of ")[0].strip()
        page.wait_for_timeout(300)
        times["verify"] = timed(lambda: page.keyboard.press("v"),
                                lambda: (page.get_by_text(f"{int(verified) + 1} of {total} beads verified").wait_for(timeout=60_000),
                                         idle(page)))
        page.wait_for_timeout(300)
        next_page = page.get_by_role("button", name="Next page ▶")
        if next_page.count():
            times["next page"] = timed(lambda: next_page.click(),
                                       lambda: (page.get_by_text("Page 2 of").wait_for(timeout=60_000), idle(page)))
        page.wait_for_timeout(300)
        target = total - 2
        box = page.get_by_role("spinbutton", name="Go to bead")
        box.fill(str(target))
        times["go to bead"] = timed(lambda: page.locator(".st-key-goto-go button").click(),
                                    lambda: (page.get_by_text(f"bead {target} in focus").wait_for(timeout=60_000), idle(page)))
    finally:
        page.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--port", type=int, default=8599)
    parser.add_argument("--works", nargs="+", choices=("sorin-1918", "book"), default=["sorin-1918", "book"],
                        help="the works to time (default: both)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="align-room-") as tmp:
        folder = Path(tmp) / "texts"
        prepare(folder)
        totals = {w: len(store.read_parquet(corpus.load_work(folder / w).alignment_path).beads) for w in args.works}
        server = serve(folder, args.port)
        url = f"http://127.0.0.1:{args.port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                results = {}
                for work, total in totals.items():
                    measure(browser, url, work, total)  # warm: the files read, the model loaded
                    runs = [measure(browser, url, work, total) for _ in range(args.repeat)]
                    results[work] = {step: statistics.median(r[step] for r in runs if step in r) for step in runs[0]}
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    steps = list(dict.fromkeys(step for times in results.values() for step in times))
    load = os.getloadavg()[0]
    print(f"Reading room, median of {args.repeat} (s), Chromium {platform.machine()}, {os.cpu_count()} cores, "
          f"load average {load:.1f} at the end")
    print()
    print("| work | beads | " + " | ".join(steps) + " |")
    print("|---|---:|" + "---:|" * len(steps))
    for work, times in results.items():
        print(f"| {work} | {totals[work]} | " + " | ".join(f"{times.get(s, float('nan')):.2f}" for s in steps) + " |")


if __name__ == "__main__":
    main()
