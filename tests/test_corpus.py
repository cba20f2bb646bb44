"""texts/: works (an original and its translations), their metadata, the user's original taking precedence."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from align import corpus, export, pipeline
from align.read import read_text
from align.records import AlignError

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_17d9955e528a2014.txt"


def test_bundled_work_is_the_translation_against_a_working_translation_as_pivot() -> None:
    work = corpus.load_work(corpus.TEXTS_DIR / "sorin-1918")
    pivot, english = work.texts
    assert (pivot.lang, pivot.role) == ("ru", "working translation")  # the stand-in, never called the original
    assert (english.lang, english.role, english.translator) == ("en", "translation", "Morris Gordin")
    assert "Kommunist" in work.meta["original"]["publication"]
    assert "Such is the composition of that new social group" in read_text(english.path)
    assert "Таков состав той новой социальной группы" in read_text(pivot.path)


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared beside the checkout")
def test_seed_is_kept_verbatim() -> None:
    assert SEED.is_file(), f"the seed {SEED} is missing from ../shared"
    assert (corpus.TEXTS_DIR / "sorin-1918" / "en.txt").read_bytes() == SEED.read_bytes()


def test_supplied_original_takes_precedence(tmp_path: Path) -> None:
    folder = tmp_path / "sorin-1918"
    shutil.copytree(corpus.TEXTS_DIR / "sorin-1918", folder, ignore=shutil.ignore_patterns("*.parquet"))
    original = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["original"]["file"]
    (folder / original).write_bytes("Коммунистическая партия и советские учреждения.\n".encode("koi8_r"))
    work = corpus.load_work(folder)
    assert [(t.path.name, t.role) for t in work.texts] == [(original, "original"), ("en.txt", "translation")]
    assert work.alignment_path.name == "ru.original.en.parquet"
    assert [w.id for w in corpus.list_works(tmp_path)] == ["sorin-1918"]


def add_translation(folder: Path, file: str, text: str, lang: str, translator: str) -> None:
    """What the README tells a user to do: the file beside the others, one more entry in meta.json."""
    (folder / file).write_text(text, encoding="utf-8")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["texts"].append({"file": file, "lang": lang, "role": "translation", "translator": translator})
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")


def test_a_work_with_an_original_and_two_translations(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "meta.json").write_text(json.dumps({"id": "story", "title": "A story", "texts": [
        {"file": "en.txt", "lang": "en", "role": "translation", "translator": "A"},
        {"file": "de.txt", "lang": "de", "role": "original"}]}), encoding="utf-8")
    (folder / "en.txt").write_text("The house was old. Nobody lived there.\n", encoding="utf-8")
    (folder / "de.txt").write_text("Das Haus war alt. Niemand wohnte dort.\n", encoding="utf-8")
    add_translation(folder, "ru.txt", "Дом был старый. Никто там не жил.\n", "ru", "B")
    work = corpus.load_work(folder)
    assert [(t.path.name, t.role) for t in work.texts] == [("de.txt", "original"), ("en.txt", "translation"),
                                                           ("ru.txt", "translation")]
    alignment = pipeline.align_work(work)
    assert [side.lang for side in alignment.sides] == ["de", "en", "ru"]
    assert alignment.extra == {"translator_1": "A", "translator_2": "B"}
    assert [b.columns for b in alignment.beads] == [((0,), (0,), (0,)), ((1,), (1,), (1,))]
    unit = ET.fromstring(export.to_tmx(alignment)).find("body/tu")
    props = [{p.get("type"): p.text for p in tuv.findall("prop")} for tuv in unit.findall("tuv")]
    assert [p.get("x-role") for p in props] == ["original", "translation", "translation"]
    assert [p.get("x-translator") for p in props] == [None, "A", "B"]


def test_a_work_needs_two_texts(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text(json.dumps({"texts": [{"file": "a.txt", "lang": "en", "role": "original"}]}))
    with pytest.raises(AlignError, match="at least two texts"):
        corpus.load_work(tmp_path)


def test_cli_labels_the_working_translation(tmp_path: Path) -> None:
    folder = tmp_path / "sorin-1918"
    shutil.copytree(corpus.TEXTS_DIR / "sorin-1918", folder, ignore=shutil.ignore_patterns("*.parquet"))
    done = subprocess.run(
        [sys.executable, "-m", "align", "corpus", str(folder)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "ru.working.txt: ru, working translation  (NOT the original" in done.stderr
    assert (folder / "ru.working.en.parquet").exists()
