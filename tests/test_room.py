"""The reading room's own logic, apart from Streamlit: review steps, uploads, edits that cannot be saved."""

from __future__ import annotations

import io
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import make_alignment

from align import checks, edit, pipeline, renderings, view
from align.embed import load_embedder
from align.records import AlignError


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


def test_an_upload_named_with_a_nul_is_read_and_removed_from_the_server(tmp_path: Path):
    side = pipeline.read_received(tmp_path, "bad\x00name.en.txt", b"The ship reached Bantry.\n", fallback="left.txt")
    assert Path(side.path).name == "badname.en.txt" and side.sentences[0].text == "The ship reached Bantry."
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # the uploaded text is not kept
    assert pipeline.received_name("..", "x.txt") == "x.txt" and pipeline.received_name("a/b\\c.txt", "x") == "c.txt"


def test_an_upload_named_with_300_cyrillic_letters_is_read_its_suffix_kept(tmp_path: Path):
    # 600 bytes: cut to 200 characters it was still over a file name's 255 bytes ("File name too long")
    side = pipeline.read_received(tmp_path, "ж" * 300 + ".md", b"# One\n\nThe ship reached Bantry.\n")
    assert Path(side.path).name.endswith("ж.md") and len(Path(side.path).name.encode()) <= 200
    assert [s.text for s in side.sentences] == ["One", "The ship reached Bantry."]


def test_a_png_upload_is_named_as_uploaded_not_by_the_servers_path(tmp_path: Path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(AlignError) as error:
        pipeline.align_received([("picture.png", png, ""), ("b.txt", b"Text.\n", "")], tmp_path, None)
    assert "picture.png" in str(error.value) and str(tmp_path) not in str(error.value)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_two_uploads_of_one_name_in_any_encoding_are_aligned_and_not_kept(tmp_path: Path):
    english = b"The ship reached Bantry. Nobody was there.\n"
    russian = "Корабль пришел в Бантри. Там никого не было.\n".encode("cp1251")
    alignment = pipeline.align_received([("mine.txt", english, "translation"), ("mine.txt", russian, "original")],
                                        tmp_path, load_embedder())
    assert [(b.src, b.tgt) for b in alignment.beads] == [((0,), (0,)), ((1,), (1,))]
    assert alignment.tgt.sentences[0].text == "Корабль пришел в Бантри." and alignment.tgt.role == "original"
    assert Path(alignment.src.path).name == Path(alignment.tgt.path).name == "mine.txt"
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_footnote_marks_are_not_numbers():
    assert checks.numbers("Berlioz,[2] editor of 1917 ^3 and ²") == {"1917"}
    alignment = make_alignment(["Berlioz, [2] editor."], ["Берлиоз, редактор."], [((0,), (0,))])
    assert checks.check(alignment) == {}


def test_words_are_clickable_but_not_each_a_tab_stop(sorin):
    from align import words
    from align.embed import load_embedder

    pair = words.link_words(replace(sorin, beads=sorin.beads[:3]), load_embedder())
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


def test_upload_folders_untouched_for_a_day_are_removed_and_others_kept(tmp_path: Path):
    from align.room import sidebar

    old, recent, other = tmp_path / "align-old", tmp_path / "align-recent", tmp_path / "notours"
    for folder in (old, recent, other):
        folder.mkdir()
        (folder / "left.right.parquet").write_text("every sentence of two uploaded texts")
    now = time.time()
    day_before = now - sidebar.UPLOADS_KEPT_S - 60
    for path in (old, old / "left.right.parquet", other, other / "left.right.parquet"):
        os.utime(path, (day_before, day_before))
    (tmp_path / "align-link").symlink_to(other)  # never followed
    sidebar.remove_stale_uploads(tmp_path, now)
    assert not old.exists() and recent.exists() and other.exists() and (other / "left.right.parquet").exists()
