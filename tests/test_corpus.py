"""texts/: works (an original and its translations), their metadata, the user's original taking precedence."""

from __future__ import annotations

import json
import os
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


def test_a_text_without_a_role_is_named_as_the_field_missing(tmp_path: Path) -> None:
    (tmp_path / "meta.json").write_text(json.dumps({"texts": [{"file": "a.txt", "lang": "en"},
                                                              {"file": "b.txt", "lang": "ru", "role": "original"}]}))
    with pytest.raises(AlignError, match='meta.json does not describe the texts \\(no "role" given\\)'):
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


# --- a work names only regular files inside its folder, and never hangs on one ---------------------


def hostile_work(tmp_path: Path, texts: list[dict], **meta) -> Path:
    folder = tmp_path / "work"
    folder.mkdir(exist_ok=True)
    (folder / "en.txt").write_text("One sentence here. Another one there.", encoding="utf-8")
    (folder / "ru.txt").write_text("Одно предложение здесь. Другое там.", encoding="utf-8")
    (folder / "meta.json").write_text(json.dumps({"id": "w", "title": "W", "texts": texts, **meta}), encoding="utf-8")
    return folder


EN = {"file": "en.txt", "lang": "en", "role": "translation"}
RU = {"file": "ru.txt", "lang": "ru", "role": "original"}


def loads_within(folder: Path, seconds: float = 5.0):
    """load_work's result or AlignError, failing the test if it does not return in time (a FIFO)."""
    import threading

    result: list = []

    def load() -> None:
        try:
            result.append(corpus.load_work(folder))
        except AlignError as error:
            result.append(error)

    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    thread.join(seconds)
    assert result, "load_work hangs"
    return result[0]


@pytest.mark.parametrize("name", ["../../../../etc/passwd", "/etc/hostname", "../other/en.txt", "sub/../../x.txt"])
def test_a_file_outside_the_work_is_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "en.txt").write_text("Outside the work.", encoding="utf-8")
    folder = hostile_work(tmp_path, [EN, {**RU, "file": name}])
    with pytest.raises(AlignError, match="outside the work"):
        corpus.load_work(folder)
    folder = hostile_work(tmp_path, [EN, RU], original={"file": name, "lang": "ru"})
    with pytest.raises(AlignError, match="outside the work"):
        corpus.load_work(folder)


def test_a_symbolic_link_out_of_the_work_is_refused(tmp_path: Path) -> None:
    folder = hostile_work(tmp_path, [EN, {**RU, "file": "linked.txt"}])
    (folder / "linked.txt").symlink_to("/etc/hostname")
    with pytest.raises(AlignError, match="outside the work"):
        corpus.load_work(folder)


def test_a_symbolic_link_at_the_alignment_path_is_refused(tmp_path: Path) -> None:
    folder = hostile_work(tmp_path, [EN, RU])
    (folder / "ru.en.parquet").symlink_to("en.txt")
    with pytest.raises(AlignError, match="symbolic link"):
        corpus.load_work(folder)


@pytest.mark.parametrize("fifo", ["meta.json", "ru.txt", "ru.en.parquet"])
def test_a_fifo_in_a_work_is_refused_without_waiting(tmp_path: Path, fifo: str) -> None:
    folder = hostile_work(tmp_path, [EN, RU])
    (folder / fifo).unlink(missing_ok=True)
    os.mkfifo(folder / fifo)
    error = loads_within(folder)
    assert isinstance(error, AlignError) and "regular file" in str(error)


def test_a_meta_json_nested_too_deeply_or_not_an_object_is_one_error(tmp_path: Path) -> None:
    folder = hostile_work(tmp_path, [EN, RU])
    for content in ("[" * 100_000 + "]" * 100_000, "[]", "null", '"x"', '{"texts": "en.txt"}', '{"texts": [5, 6]}'):
        (folder / "meta.json").write_text(content, encoding="utf-8")
        with pytest.raises(AlignError, match="meta.json"):
            corpus.load_work(folder)


def test_a_meta_json_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    folder = hostile_work(tmp_path, [EN, RU])
    (folder / "meta.json").write_bytes(b"\xef\xbb\xbf" + (folder / "meta.json").read_bytes())
    assert [t.lang for t in corpus.load_work(folder).texts] == ["ru", "en"]


def test_many_long_file_names_make_a_short_distinct_alignment_name(tmp_path: Path) -> None:
    texts = [RU] + [{**EN, "file": f"{'translation-with-a-long-name-' * 3}{k}.txt"} for k in range(12)]
    folder = hostile_work(tmp_path, texts)
    for entry in texts[1:]:
        (folder / entry["file"]).write_text("One sentence here.", encoding="utf-8")
    name = corpus.load_work(folder).alignment_path.name
    assert len(name.encode()) <= 255 and name.endswith(".parquet")
    (folder / "meta.json").write_text(json.dumps({"texts": texts[:-1] + [{**EN, "file": texts[-1]["file"][:-4] + "x.txt"}]}))
    (folder / (texts[-1]["file"][:-4] + "x.txt")).write_text("One sentence here.", encoding="utf-8")
    assert corpus.load_work(folder).alignment_path.name != name


def test_works_with_the_same_id_in_meta_json_are_told_apart(tmp_path: Path) -> None:
    for name in ("first", "second"):
        hostile_work(tmp_path, [EN, RU]).rename(tmp_path / name)
    works = corpus.list_works(tmp_path)
    assert [w.id for w in works] == ["first", "second"]
    assert [w.folder.name for w in works] == ["first", "second"]


def test_a_null_language_is_left_to_detection(tmp_path: Path) -> None:
    folder = hostile_work(tmp_path, [{**EN, "lang": None}, RU])
    assert [t.lang for t in corpus.load_work(folder).texts] == ["ru", None]
