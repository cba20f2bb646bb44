"""The `align` command against a hostile or careless user (issue 22): corrections never dropped
without --force, SIGTERM stops a batch's workers and still leaves a report, crafted alignment files
give one line, word links exported only when computed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import batch_faults
import pyarrow.parquet as pq
import pytest
from test_batch import WORKS, make_library, report

from align import corpus, edit

ROOT = Path(__file__).resolve().parents[1]


def align(*args: str, env: dict | None = None, code: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "align", *args]
    path = os.pathsep.join([str(ROOT / "tests"), str(ROOT), os.environ.get("PYTHONPATH", "")])
    return subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": path, **(env or {})})


def test_align_corpus_keeps_corrections_unless_forced(tmp_path: Path) -> None:
    folder = make_library(tmp_path, {"train": WORKS["train"]}) / "train"
    assert align("corpus", str(folder)).returncode == 0
    path = corpus.load_work(folder).alignment_path
    edit.apply_edit(path, lambda a: edit.set_verified(a, 1))
    corrected = path.read_bytes()
    done = align("corpus", str(folder))  # the texts unchanged: nothing to align, the corrections kept
    assert done.returncode == 0 and "kept" in done.stderr
    assert path.read_bytes() == corrected
    (folder / "en.txt").write_text(WORKS["train"][0] + " Then night fell.", encoding="utf-8")
    done = align("corpus", str(folder))  # a text changed: aligning again would drop them
    assert done.returncode == 2 and "corrected by hand" in done.stderr and "--force" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == corrected
    assert align("corpus", str(folder), "--force").returncode == 0
    assert "verified" not in {f for row in pq.read_table(path).column("flags").to_pylist() for f in row}


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_stops_a_batch_and_its_workers_and_leaves_a_report(tmp_path: Path, stop: int) -> None:
    root = make_library(tmp_path / "lib")
    pids = tmp_path / "pids"
    pids.mkdir()
    slow = ("import sys, batch_faults; from align import batch, cli; "
            "batch._align_here = batch_faults.slowly; sys.exit(cli.main(sys.argv[1:]))")
    path = os.pathsep.join([str(ROOT / "tests"), str(ROOT), os.environ.get("PYTHONPATH", "")])
    driver = subprocess.Popen([sys.executable, "-c", slow, "batch", str(root), "--workers", "2"],
                              env={**os.environ, "PYTHONPATH": path, batch_faults.SLOW: str(pids)},
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(pids.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
    driver.send_signal(stop)
    start = time.monotonic()
    _, stderr = driver.communicate(timeout=60)
    assert driver.returncode == 143 and "terminated" in stderr and "Traceback" not in stderr
    assert time.monotonic() - start < 20
    assert set(row["status"] for row in report(root).values()) == {"interrupted"}
    for pid in pids.iterdir():
        try:
            os.kill(int(pid.name), 0)
            raise AssertionError(f"worker {pid.name} still running")
        except ProcessLookupError:
            pass


def test_crafted_alignment_metadata_is_one_line_in_align_export(tmp_path: Path) -> None:
    folder = make_library(tmp_path, {"train": WORKS["train"]}) / "train"
    assert align("corpus", str(folder)).returncode == 0
    path = corpus.load_work(folder).alignment_path
    table = pq.read_table(path)
    meta = json.loads(table.schema.metadata[b"align"])
    for crafted in ({**meta, "model": 5}, {**meta, "extra": "str"}, {**meta, "tool_version": "\ud800"}):
        pq.write_table(table.replace_schema_metadata({b"align": json.dumps(crafted)}), path)
        done = align("export", str(path), str(tmp_path / "out.tmx"))
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and "not an alignment file" in done.stderr
        assert not (tmp_path / "out.tmx").exists()


def test_exporting_word_links_computes_them(tmp_path: Path) -> None:
    en, ru = tmp_path / "en.txt", tmp_path / "ru.txt"
    en.write_text(WORKS["garden"][0], encoding="utf-8")
    ru.write_text(WORKS["garden"][1], encoding="utf-8")
    done = align("run", str(en), str(ru), "-o", str(tmp_path / "a.parquet"), "--export", str(tmp_path / "a.links"))
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "a.links").read_text().splitlines()
    assert lines and all(lines)  # a link line for every bead, none empty


def test_zero_width_joiners_are_spelling_and_kept() -> None:
    from align.segment import split_sentences

    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u0628\u0631\u0648\u0645."  # می‌خواهم: ZWNJ
    family = "A family \U0001f468\u200d\U0001f469\u200d\U0001f467 came."
    assert "\u200c" in split_sentences(persian, "fa")[0].text
    assert "\u200d" in split_sentences(family, "en")[0].text
