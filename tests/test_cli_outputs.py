"""`align run` and the files a user names as outputs: a run stopped midway (Ctrl-C, SIGTERM) or failing
as it writes (a full disk) leaves each of them as it was, and no half-written or temporary file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from align import cli, corpus, store

SORIN = [text.path for text in corpus.load_work(corpus.TEXTS_DIR / "sorin-1918").texts]
LONG = 3000  # sentences a side: long enough to be stopped while embedding


def old_outputs(folder: Path) -> dict[Path, bytes]:
    folder.mkdir()
    files = {folder / "a.parquet": b"the old alignment", folder / "a.tsv": b"the old table",
             folder / "a.html": b"the old page"}
    for path, data in files.items():
        path.write_bytes(data)
    return files


def arguments(out: Path, texts: list[Path] = SORIN) -> list[str]:
    return ["run", *map(str, texts), "-o", str(out / "a.parquet"), "--export", str(out / "a.tsv"),
            "--export", str(out / "a.html")]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_run_stopped_midway_leaves_the_users_files_as_they_were(tmp_path, stop):
    out = tmp_path / "out"
    files = old_outputs(out)
    texts = [tmp_path / "en.txt", tmp_path / "ru.txt"]
    texts[0].write_text("".join(f"The {i}th traveller came to the town at dawn.\n" for i in range(LONG)))
    texts[1].write_text("".join(f"Путник номер {i} пришёл в город на рассвете.\n" for i in range(LONG)))
    env = {**os.environ, "ALIGN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONWARNINGS": "ignore"}  # nothing cached
    run = subprocess.Popen([sys.executable, "-m", "align", *arguments(out, texts), "--langs", "en,ru"], env=env, stderr=subprocess.PIPE,
                           text=True)
    first = run.stderr.readline()  # the first progress line: reading done, embedding under way
    assert first.startswith("embedding:") and run.poll() is None, first
    run.send_signal(stop)
    _, rest = run.communicate(timeout=120)
    last = rest.splitlines()[-1] if rest.strip() else first
    assert run.returncode in (130, 143) and "Traceback" not in rest, rest
    assert last in ("align: interrupted", "align: terminated"), rest
    assert {path: path.read_bytes() for path in files} == files
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in files)  # no temporary file left


def test_a_disk_that_fills_while_writing_leaves_the_users_files_as_they_were(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    files = old_outputs(out)
    real_stage = store._stage

    def full_disk(path: Path, payload: bytes) -> str:
        if path.suffix == ".html":  # the last output: the others are already staged
            raise OSError(28, "No space left on device", str(path))
        return real_stage(path, payload)

    monkeypatch.setattr(store, "_stage", full_disk)
    assert cli.main(arguments(out)) == 2
    error = capsys.readouterr().err.splitlines()[-1]  # after the progress lines
    assert error.startswith("align: error:") and "No space left on device" in error
    assert {path: path.read_bytes() for path in files} == files
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in files)
