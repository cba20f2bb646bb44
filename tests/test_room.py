"""The reading room's own logic, apart from Streamlit: review steps, uploads, edits that cannot be saved."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import UnprivilegedError, as_unprivileged, make_alignment

from align import checks, edit, renderings, view
from align.records import AlignError
from align.room import sidebar
from align.store import read_parquet, write_parquet


def review_alignment():
    alignment = make_alignment([f"L{i}." for i in range(6)], [f"С{i}." for i in range(6)], [((i,), (i,)) for i in range(6)])
    beads = list(alignment.beads)
    beads[1] = replace(beads[1], score=0.2)
    beads[4] = replace(beads[4], score=0.3)
    beads[2] = replace(beads[2], note="calque?")
    return edit.set_verified(replace(alignment, beads=tuple(beads)), 4)


def test_doubtful_beads_are_the_unverified_low_or_odd_ones_or_those_the_filters_show():
    alignment = review_alignment()
    everything = list(range(6))
    assert view.doubtful(alignment, everything, False, {3: ["x"]}, 0.5) == [1, 3]  # 4 is low but verified
    assert view.doubtful(alignment, [2, 4, 5], True, {}, 0.5) == [2, 5]
    assert view.step([1, 3], None, True) == 1 and view.step([1, 3], None, False) == 3
    assert view.step([1, 3], 1, True) == 3 and view.step([1, 3], 3, True) is None and view.step([1, 3], 3, False) == 1
    assert view.review_counts(alignment) == (1, 6)


def test_review_and_note_filters():
    alignment = review_alignment()
    assert view.select(alignment, review=["verified"]) == [4]
    assert view.select(alignment, review=["not verified"]) == [0, 1, 2, 3, 5]
    assert view.select(alignment, review=["noted"]) == [2]
    assert view.select(alignment, review=["edited"]) == []  # verifying is not editing
    assert view.select(alignment, note_query="CALQUE") == [2]
    assert view.select(alignment, note_query="  ") == everything(alignment)


def everything(alignment) -> list[int]:
    return list(range(len(alignment.beads)))


class Upload:
    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


def test_an_upload_named_with_a_nul_is_read_and_removed_from_the_server(tmp_path: Path):
    side = sidebar._read_upload(tmp_path, Upload("bad\x00name.en.txt", b"The ship reached Bantry.\n"), "", "left")
    assert Path(side.path).name == "badname.en.txt" and side.sentences[0].text == "The ship reached Bantry."
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # the uploaded text is not kept
    assert sidebar.upload_name("..", "x.txt") == "x.txt" and sidebar.upload_name("a/b\\c.txt", "x") == "c.txt"


def test_a_png_upload_is_named_as_uploaded_not_by_the_servers_path(tmp_path: Path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(AlignError) as error:
        sidebar._read_upload(tmp_path, Upload("picture.png", png), "", "left")
    assert "picture.png" in str(error.value) and str(tmp_path) not in str(error.value)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_an_edit_in_a_read_only_folder_is_one_clear_error(open_dir: Path):
    folder = open_dir / "work"
    folder.mkdir()
    path = folder / "a.parquet"
    write_parquet(review_alignment(), path)
    path.chmod(0o644)
    folder.chmod(0o555)
    try:
        with pytest.raises(UnprivilegedError, match="AlignError: cannot save the change"):
            as_unprivileged(lambda: edit.apply_edit(path, lambda a: edit.set_note(a, 0, "x")))
        assert read_parquet(path).beads[0].note == ""
    finally:
        folder.chmod(0o755)


def test_footnote_marks_are_not_numbers():
    assert checks.numbers("Berlioz,[2] editor of 1917 ^3 and ²") == {"1917"}
    alignment = make_alignment(["Berlioz, [2] editor."], ["Берлиоз, редактор."], [((0,), (0,))])
    assert checks.check(alignment) == {}


def test_words_are_clickable_but_not_each_a_tab_stop(sorin):
    from align import pipeline
    from align.embed import load_embedder

    pair = pipeline.link_words(replace(sorin, beads=sorin.beads[:3]), load_embedder())
    markup = renderings.bead_html(pair, 0)
    assert 'tabindex="-1"' in markup and 'tabindex="0"' not in markup


def test_progress_piped_prints_a_line_each(monkeypatch):
    from align import cli

    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    progress = cli._StderrProgress()
    progress("works", 1, 4)
    progress("works", 4, 4)
    assert err.getvalue() == "works: 1/4\nworks: 4/4\n"
