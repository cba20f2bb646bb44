"""A large text read in a child process (align/apart.py): the side it gives is the one read here, its
errors and warnings come through, and where no child can do the reading it is done here;
align_texts reads large texts so while the model loads or the pivot is embedded."""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from align import apart, pipeline
from align.apart import ApartReading
from align.embed import load_embedder
from align.pipeline import read_side
from align.records import AlignError

BOOK = ("CHAPTER I\n\nThe cat sleeps on the sofa.[1] The dog barks at night.\n\n"
        "CHAPTER II\n\nThe bird sings in the morning. The fish swims in the pond.\n\n[1] A grey cat.\n")


def _here_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ApartReading, "_read", lambda self: pytest.fail("read here, not in the child"))


def test_a_text_read_apart_is_the_side_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "book.txt"
    path.write_text(BOOK, encoding="utf-8")
    expected = replace(read_side(path, "en"), role="original")
    assert expected.chapters and expected.sentences
    _here_forbidden(monkeypatch)
    assert ApartReading(path, "en", False, "original").side() == expected


def test_what_the_child_cannot_read_is_said_as_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(AlignError) as here:
        read_side(path)
    _here_forbidden(monkeypatch)
    with pytest.raises(AlignError) as apart_error:
        ApartReading(path, None, False, "").side()
    assert str(apart_error.value) == str(here.value)


def test_the_childs_warnings_are_logged_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(BOOK.encode() + b"\x00\x00")
    _here_forbidden(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="align"):
        ApartReading(path, "en", False, "").side()
    assert [r.getMessage() for r in caplog.records] == [f"{path}: 2 NUL byte(s) left out"]
    assert caplog.records[0].name == "align.formats.encoding"


@pytest.mark.parametrize("break_child", ["no interpreter", "child dies"])
def test_where_no_child_can_read_the_text_is_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        break_child: str) -> None:
    path = tmp_path / "book.txt"
    path.write_text(BOOK, encoding="utf-8")
    if break_child == "no interpreter":
        monkeypatch.setattr(apart.sys, "executable", str(tmp_path / "no-python"))
    else:
        monkeypatch.setattr(apart, "_CHILD", "import sys; sys.exit(3)")
    assert ApartReading(path, "en", False, "").side() == read_side(path, "en")


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[ApartReading]:
    """Every text align_texts reads in a child, however small."""
    readings: list[ApartReading] = []

    class Spy(ApartReading):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)
            readings.append(self)

    monkeypatch.setattr(pipeline, "ApartReading", Spy)
    monkeypatch.setattr(apart, "APART_BYTES", 1)
    return readings


def test_texts_are_read_apart_while_the_model_loads_and_the_pivot_is_embedded(tmp_path: Path, started) -> None:
    (tmp_path / "en.txt").write_text("The cat sleeps on the sofa. The dog barks at night.\n", encoding="utf-8")
    (tmp_path / "ru.txt").write_text("Кошка спит на диване. Собака лает ночью.\n", encoding="utf-8")
    paths = [tmp_path / "en.txt", tmp_path / "ru.txt"]
    alignment = pipeline.align_texts(paths, with_words=False)
    assert [(b.src, b.tgt) for b in alignment.beads] == [((0,), (0,)), ((1,), (1,))]
    assert [r._args[0] for r in started] == [str(p) for p in paths]
    started.clear()
    # with the model loaded already, the pivot has nothing to be read beside
    pipeline.align_texts(paths, with_words=False, embedder=load_embedder(None, tmp_path / "cache"))
    assert [r._args[0] for r in started] == [str(paths[1])]


def test_a_pivot_that_cannot_be_read_stops_the_other_childs_reading(tmp_path: Path, started) -> None:
    (tmp_path / "en.txt").write_text("  \n\n", encoding="utf-8")  # no sentences
    (tmp_path / "ru.txt").write_text("Кошка спит на диване. Собака лает ночью.\n", encoding="utf-8")
    with pytest.raises(AlignError, match="en.txt"):
        pipeline.align_texts([tmp_path / "en.txt", tmp_path / "ru.txt"], with_words=False)
    assert len(started) == 2 and all(r._child is None for r in started)


def test_only_a_large_text_to_be_cut_into_sentences_is_worth_a_child(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_text("The cat sleeps on the sofa.\n" * (apart.APART_BYTES // 20), encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text(BOOK, encoding="utf-8")
    assert apart.worth_apart(path, presplit=False)
    assert not apart.worth_apart(path, presplit=True)  # one sentence a line reads in a tenth of the time
    assert not apart.worth_apart(small, presplit=False)
    assert not apart.worth_apart(tmp_path / "missing.txt", presplit=False)


def test_the_child_imports_the_readers_not_the_model(tmp_path: Path) -> None:
    """The child starts on the other core while this process loads the model: importing the model,
    FAISS and Arrow there as well had doubled its start."""
    path = tmp_path / "book.txt"
    path.write_text(BOOK, encoding="utf-8")
    script = ("import sys; from align.apart import child; from align.sides import read_side; "
              f"read_side({str(path)!r}, 'en'); "
              "print(sorted(m for m in ('faiss', 'torch', 'pyarrow', 'align.aligner', 'align.embed') if m in sys.modules))")
    imported = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert imported.strip() == "[]"


def test_the_packages_names_are_there_when_asked_for() -> None:
    import align

    assert set(align.__all__) <= set(dir(align))
    assert all(getattr(align, name) is not None for name in align.__all__)
    assert align.align_files is pipeline.align_files and align.AlignError is AlignError
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        align.nothing  # noqa: B018
