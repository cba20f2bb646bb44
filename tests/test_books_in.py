"""Books of every format through every door: `align run` (with its outputs showing the chapters), a
work's meta.json with `align batch`, an upload in the reading room; the format told from the content;
every bad file one line, exit status 2, and nothing written. Fixtures generated here (test_formats)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_formats import CONTAINER, FB2, _docx, _html, _odt, _page, _pdf, _zip, calibre_epub, standard_ebooks_epub

from align import pipeline, store
from align.read import read_book
from align.pipeline import read_received, read_side

MARKDOWN = "# Chapitre 1\n\nIl faisait nuit noire[^1]. Personne ne vint.\n\n# Chapitre 2\n\nLe *matin* vint.\n\n[^1]: À Tours.\n"


def pdf() -> bytes:
    return _pdf(_page([(12, 700, "CHAPTER I"), (12, 670, "It was a dark night in the town."), (12, 655, "Nobody came.")]),
                _page([(12, 700, "CHAPTER II"), (12, 670, "Morning came at last.")]))


def encrypted_docx() -> bytes:  # Office puts an encrypted DOCX into a compound file with an "EncryptedPackage"
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le")


BOOKS = {  # format: (file name, its bytes, language)
    "epub": ("verne.epub", calibre_epub, "en"),
    "epub3": ("verne3.epub", standard_ebooks_epub, "en"),
    "fb2": ("nos.fb2", lambda: FB2.encode("cp1251"), "ru"),
    "html": ("book.htm", _html, "fr"),
    "docx": ("draft.docx", _docx, "en"),
    "odt": ("draft.odt", _odt, "ru"),
    "pdf": ("article.pdf", pdf, "en"),
    "markdown": ("notes.md", MARKDOWN.encode, "fr"),
}


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "align", *args], capture_output=True, text=True, timeout=600, cwd=cwd,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


@pytest.mark.parametrize("kind", BOOKS)
def test_the_format_is_told_from_the_content_under_any_name(tmp_path, kind):
    if kind == "pdf":
        pytest.importorskip("pypdfium2")
    name, make, _ = BOOKS[kind]
    expected = {"epub3": "epub"}.get(kind, kind)
    path = tmp_path / "download.txt"
    path.write_bytes(make())
    document, _ = read_book(path)
    assert document.format == expected
    assert any(block.heading for block in document.blocks)


@pytest.mark.parametrize("kind", BOOKS)
def test_every_format_uploaded_in_the_reading_room_is_read_with_its_chapters(tmp_path, kind):
    if kind == "pdf":
        pytest.importorskip("pypdfium2")
    name, make, lang = BOOKS[kind]
    side = read_received(tmp_path / "left", name, make(), "", "left.txt")  # what the upload in the sidebar calls
    assert Path(side.path).name == name
    assert len(side.chapters) >= 2 and all(side.sentences[i].heading for i in side.chapters)
    assert not any("<" in s.text for s in side.sentences)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # nothing of the upload kept on the server


BAD = {  # what is wrong: (file name, bytes, words of the message)
    "drm-epub": ("drm.epub", lambda: _zip({"META-INF/container.xml": CONTAINER, "META-INF/encryption.xml": (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">'
        '<enc:EncryptedData><enc:CipherData><enc:CipherReference URI="OEBPS/c1.html"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>")}), "DRM"),
    "corrupt-zip": ("broken.epub", lambda: calibre_epub()[:300], "damaged ZIP"),
    "xml-bomb": ("bomb.xhtml", lambda: (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><html><body><p>&c;</p></body></html>').encode(), "entities"),
    "external-entity": ("evil.fb2", lambda: (
        '<?xml version="1.0"?><!DOCTYPE FictionBook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        '<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0"><body><section><p>&secret;</p></section>'
        "</body></FictionBook>").encode(), "entities"),
    "pdf-without-text": ("scan.pdf", lambda: _pdf(b"0 0 0 rg 100 100 200 200 re f"), "without a text layer"),
    "password-docx": ("secret.docx", encrypted_docx, "password-protected"),
}


@pytest.mark.parametrize("bad", BAD)
def test_a_bad_book_is_one_line_exit_2_and_nothing_written(tmp_path, bad):
    if bad == "pdf-without-text":
        pytest.importorskip("pypdfium2")
    name, make, words = BAD[bad]
    book = tmp_path / name
    book.write_bytes(make())
    (tmp_path / "en.txt").write_text("One sentence here. Another one there.\n")
    out = tmp_path / "out"
    out.mkdir()
    kept = out / "kept.parquet"  # an output that exists already is left as it was
    kept.write_bytes(b"the user's own file")
    for target in (out / "new.parquet", kept):
        result = cli("run", str(book), str(tmp_path / "en.txt"), "-o", str(target), "--export", str(out / "new.tsv"))
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("align: error:"), result.stderr
        assert str(book) in result.stderr and words in result.stderr
        assert sorted(p.name for p in out.iterdir()) == ["kept.parquet"] and kept.read_bytes() == b"the user's own file"


def write_books(folder: Path, kinds: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in kinds:
        name, make, _ = BOOKS[kind]
        (folder / name).write_bytes(make())
        paths.append(folder / name)
    return paths


def assert_structured(parquet: Path) -> None:
    """Every bead has its chapter; no heading shares a bead with running text, in any pair: a bead that
    holds a heading has on each side headings only, or one lone sentence (a title line its reader did
    not take for a heading, chapters.ALLOWED)."""
    alignment = store.read_parquet(parquet)
    chapters = pq.read_table(parquet).column("chapter").to_pylist()
    assert len(chapters) == len(alignment.beads) and None not in chapters and max(chapters) == 2
    for k in range(1, len(alignment.sides)):
        pair = alignment.pair(k)
        for bead in pair.beads:
            sides = [[pair.src.sentences[i] for i in bead.src], [pair.tgt.sentences[j] for j in bead.tgt]]
            if any(s.heading for side in sides for s in side):
                assert all(len(side) <= 1 or all(s.heading for s in side) for side in sides), [s.text for side in sides for s in side]


def test_align_run_reads_books_of_three_formats_and_every_output_shows_the_chapters(tmp_path):
    md, docx, odt = write_books(tmp_path, ["markdown", "docx", "odt"])
    out = tmp_path / "out"
    out.mkdir()
    exports = [out / f"work.{ext}" for ext in ("tsv", "html", "tmx", "jsonl")]
    result = cli("run", str(md), str(docx), str(odt), "--langs", "fr,en,ru", "-o", str(out / "work.parquet"),
                 *(a for e in exports for a in ("--export", str(e))))
    assert result.returncode == 0, result.stderr
    assert_structured(out / "work.parquet")
    tsv = [line.split("\t") for line in exports[0].read_text(encoding="utf-8").splitlines()]
    chapter = tsv[0].index("chapter")
    assert {row[chapter] for row in tsv[1:]} == {"1", "2"}
    assert next(row for row in tsv if "Chapitre 2" in row)[chapter] == "2"
    page = exports[1].read_text(encoding="utf-8")
    assert '<a href="#chapter-1">Chapitre 1</a>' in page and '<a href="#chapter-2">Chapitre 2</a>' in page
    assert 'id="chapter-2"' in page
    units = ET.parse(exports[2]).getroot().iter("tu")
    assert {u.find("prop[@type='x-chapter']").text for u in units} == {"1", "2"}
    assert {json.loads(line)["chapter"] for line in exports[3].read_text(encoding="utf-8").splitlines()} == {1, 2}


def test_every_format_in_a_works_meta_json_is_aligned_by_align_batch(tmp_path):
    pytest.importorskip("pypdfium2")
    library = tmp_path / "library"
    works = {"nos": ["fb2", "odt", "docx"], "verne": ["html", "epub", "epub3", "pdf", "markdown"]}
    for work, kinds in works.items():
        paths = write_books(library / work, kinds)
        texts = [{"file": p.name, "lang": BOOKS[k][2], "role": "original" if i == 0 else "translation"}
                 for i, (p, k) in enumerate(zip(paths, kinds))]
        (library / work / "meta.json").write_text(json.dumps({"id": work, "title": work, "texts": texts}))
    result = cli("batch", str(library), "--workers", "1")
    assert result.returncode == 0, result.stderr
    for work, kinds in works.items():
        parquet = next((library / work).glob("*.parquet"))
        assert_structured(parquet)
        alignment = store.read_parquet(parquet)
        assert [Path(s.path).name for s in alignment.sides] == [BOOKS[k][0] for k in kinds]
        assert all(len(side.chapters) >= 2 for side in alignment.sides)


def test_paragraph_ends_reach_the_aligner_only_where_paragraphs_hold_several_sentences(tmp_path):
    path = tmp_path / "book.txt"
    path.write_text("It was late. He slept.\n\nThe sun rose. She woke. They left.\n\nThe end came.\n", encoding="utf-8")
    assert pipeline._paragraph_ends(read_side(path, "en")).tolist() == [False, True, False, False, True, True]
    assert pipeline._paragraph_ends(read_side(path, "en", presplit=True)) is None  # one sentence a line, no dialogue
    path.write_text("It was late.\n\nHe slept.\n\nThe end.\n", encoding="utf-8")
    assert pipeline._paragraph_ends(read_side(path, "en")) is None  # every sentence a paragraph: nothing to tell
    path.write_text("“Come in.”\n\n“Thank you.”\n\nHe sat down.\n\nThe end.\n", encoding="utf-8")
    assert (pipeline._paragraph_ends(read_side(path, "en")) / pipeline.TURN_END).tolist() == [1, 0, 0, 1]  # ... but its turns
    # dialogue, a line a paragraph, most of one sentence (Alice: 1.28 sentences a paragraph): paragraphs tell
    path.write_text("“Drink me,” it said.\n\nAlice drank it. It tasted of cherry-tart.\n\n“What a curious feeling!”\n\n"
                    "“I must be shutting up like a telescope.”\n\nAnd so it was indeed.\n", encoding="utf-8")
    assert pipeline._paragraph_ends(read_side(path, "en")).tolist() == [True, False, True, True, True, True]


def test_a_text_of_one_sentence_a_line_has_its_turns_of_dialogue_for_paragraphs(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("“I am afraid you had a shocking walk.”\n“Not at all, sir.\nIt is a fine night.”\n"
                    "He smiled.\n“You are kind.”\n— Quoi ?\nThe end came.\n", encoding="utf-8")
    ends = pipeline._paragraph_ends(read_side(path, "en", presplit=True))
    # a quotation opening after narration is the same speaker going on
    assert (ends / pipeline.TURN_END).tolist() == [1, 0, 0, 0, 1, 0, 1]
