"""texts/: the bundled pair, its metadata, and the user's original taking precedence."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from align import corpus
from align.read import read_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_17d9955e528a2014.txt"


def test_bundled_pair_is_the_translation_against_a_working_translation() -> None:
    pair = corpus.load_pair(corpus.TEXTS_DIR / "sorin-1918")
    assert (pair.src.lang, pair.src.role) == ("en", "translation")
    assert (pair.tgt.lang, pair.tgt.role) == ("ru", "working translation")
    assert "Kommunist" in pair.meta["original"]["publication"]
    assert "Such is the composition of that new social group" in read_text(pair.src.path)
    assert "Таков состав той новой социальной группы" in read_text(pair.tgt.path)


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared beside the checkout")
def test_seed_is_kept_verbatim() -> None:
    assert SEED.is_file(), f"the seed {SEED} is missing from ../shared"
    assert (corpus.TEXTS_DIR / "sorin-1918" / "en.txt").read_bytes() == SEED.read_bytes()


def test_supplied_original_takes_precedence(tmp_path: Path) -> None:
    folder = tmp_path / "sorin-1918"
    shutil.copytree(corpus.TEXTS_DIR / "sorin-1918", folder, ignore=shutil.ignore_patterns("*.parquet"))
    original = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["original"]["file"]
    (folder / original).write_bytes("Коммунистическая партия и советские учреждения.\n".encode("koi8_r"))
    pair = corpus.load_pair(folder)
    assert (pair.tgt.path.name, pair.tgt.role) == (original, "original")
    assert pair.alignment_path.name == "en.ru.original.parquet"
    assert [p.id for p in corpus.list_pairs(tmp_path)] == ["sorin-1918"]


def test_cli_labels_the_working_translation(tmp_path: Path) -> None:
    folder = tmp_path / "sorin-1918"
    shutil.copytree(corpus.TEXTS_DIR / "sorin-1918", folder, ignore=shutil.ignore_patterns("*.parquet"))
    done = subprocess.run(
        [sys.executable, "-m", "align", "corpus", str(folder)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "NOT the original" in done.stderr
    assert (folder / "en.ru.working.parquet").exists()
