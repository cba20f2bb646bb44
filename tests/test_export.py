"""Export: every format is well formed, escapes what it must and reads back."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from align import export
from align.evaluate import parse_beads
from align.records import AlignError, Alignment, Bead, Note, Sentence, Side
from align.store import read_parquet

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NASTY = 'Tom said "hi" & <b>bye</b>, it\'s\ta tab'
MULTILINE = "line one\nline two, \"quoted\"\r\nand a\ttab"


def make_alignment() -> Alignment:
    src = Side(
        (
            Sentence(0, NASTY),
            Sentence(1, "<script>alert('x')</script>"),
            Sentence(2, MULTILINE),
            Sentence(3, "Plain sentence."),
            Sentence(4, "Dropped in translation."),
        ),
        "en",
        path="en <1>.txt",
    )
    tgt = Side(
        (
            Sentence(0, "Том сказал «привет» & <b>пока</b>"),
            Sentence(1, "Скрипт: <script>alert(1)</script>"),
            Sentence(2, "Строка;с,разделителями"),
            Sentence(3, "Простое предложение."),
            Sentence(4, "Ещё одно."),
            Sentence(5, "Добавлено переводчиком."),
        ),
        "ru",
        path="ru.txt",
    )
    beads = (
        Bead((0,), (0,), 0.9),
        Bead((1,), (1,), 0.8, ("low-confidence",)),
        Bead((2,), (2,), 0.7),
        Bead((3,), (3, 4), 0.6, ("merge",)),
        Bead((4,), (), 0.2, ("src-only",)),
        Bead((), (5,), 0.1, ("tgt-only",)),
    )
    return Alignment(src, tgt, beads, model="test-model <m>", tool_version="0.1.0")


def test_tmx_well_formed_with_languages_and_escaping():
    alignment = make_alignment()
    text = export.to_tmx(alignment)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "en"
    units = root.findall("body/tu")
    assert len(units) == 4  # beads with an empty side have no translation unit
    for unit in units:
        assert [tuv.get(XML_LANG) for tuv in unit.findall("tuv")] == ["en", "ru"]
    segs = [[seg.text for seg in unit.findall("tuv/seg")] for unit in units]
    assert segs[0] == [NASTY, "Том сказал «привет» & <b>пока</b>"]
    assert segs[1][0] == "<script>alert('x')</script>"
    assert segs[3] == ["Plain sentence.", "Простое предложение. Ещё одно."]
    assert "<b>" not in text and "&amp;" in text and "&lt;script&gt;" in text


def test_tmx_attribute_quotes_escaped():
    alignment = make_alignment()
    alignment = replace(alignment, tool_version='1"2<3>&')
    root = ET.fromstring(export.to_tmx(alignment))
    assert root.find("header").get("creationtoolversion") == '1"2<3>&'


def _header_and_rows(text: str, dialect: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), dialect=dialect))


@pytest.mark.parametrize("fmt,dialect", [("tsv", "excel-tab"), ("csv", "excel")])
def test_delimited_parse_back(fmt, dialect):
    alignment = make_alignment()
    text = export.FORMATS[fmt](alignment)
    rows = _header_and_rows(text, dialect)
    assert rows[0] == ["bead", "src_ids", "tgt_ids", "en", "ru", "score", "kind", "flags", "note", "tags"]
    body = rows[1:]
    assert len(body) == len(alignment.beads)
    assert all(len(row) == 10 for row in body)
    assert body[0][3] == NASTY
    assert body[2][3] == MULTILINE  # newlines, quotes and tabs kept verbatim inside quotes
    assert body[2][4] == "Строка;с,разделителями"
    assert body[3][1:3] == ["3", "3 4"] and body[3][6] == "1-2"
    assert body[4][4] == "" and body[4][2] == "" and body[4][7] == "src-only"
    assert body[5][3] == "" and body[5][6] == "0-1"
    assert float(body[0][5]) == pytest.approx(0.9)


def test_jsonl_lines_parse():
    alignment = make_alignment()
    lines = export.to_jsonl(alignment).splitlines()
    assert len(lines) == len(alignment.beads)
    rows = [json.loads(line) for line in lines]
    assert rows[0]["src_text"] == NASTY
    assert rows[2]["src_text"] == MULTILINE
    assert rows[3]["tgt_ids"] == [3, 4] and rows[3]["kind"] == "1-2"
    assert rows[4]["tgt_ids"] == [] and rows[4]["flags"] == ["src-only"]
    assert rows[5]["src_ids"] == [] and rows[5]["tgt_text"] == "Добавлено переводчиком."


def test_vecalign_beads_format_and_round_trip():
    alignment = make_alignment()
    text = export.to_vecalign(alignment)
    assert text.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3, 4]", "[4]:[]", "[]:[5]"]
    assert parse_beads(text) == [(b.src, b.tgt) for b in alignment.beads]


def test_vecalign_multi_source():
    alignment = replace(make_alignment(), beads=(Bead((0,), (0, 1), 0.5), Bead((1, 2), (2,), 0.5), Bead((4,), (), 0.5)))
    text = export.to_vecalign(alignment)
    assert text == "[0]:[0, 1]\n[1, 2]:[2]\n[4]:[]\n"
    assert parse_beads(text) == [((0,), (0, 1)), ((1, 2), (2,)), ((4,), ())]


def test_html_escapes_everything():
    alignment = make_alignment()
    text = export.to_html(alignment)
    assert "<script>" not in text.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "<b>" not in text and "&lt;b&gt;" in text
    assert "en &lt;1&gt;.txt" in text  # the title, from the file name
    assert "test-model &lt;m&gt;" in text
    assert text.count("<tr>") == len(alignment.beads) + 1


@pytest.mark.parametrize("name", ["out.xyz", "out", "out.txt", "out.TMX.bak"])
def test_unknown_format(tmp_path, name):
    with pytest.raises(AlignError, match="unknown export format"):
        export.export_file(make_alignment(), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_unknown_explicit_format(tmp_path):
    with pytest.raises(AlignError, match="unknown export format"):
        export.export_file(make_alignment(), tmp_path / "a.tmx", fmt="docx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("ext", ["tmx", "tsv", "csv", "jsonl", "beads", "html", "TMX", "parquet"])
def test_export_file_by_extension(tmp_path, ext):
    alignment = make_alignment()
    path = tmp_path / f"a.{ext}"
    export.export_file(alignment, path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    if ext == "parquet":
        assert read_parquet(path) == alignment
    else:
        assert path.read_bytes().decode("utf-8") == export.FORMATS[ext.lower()](alignment)


def test_export_into_a_directory_is_refused(tmp_path):
    folder = tmp_path / "a.tmx"
    folder.mkdir()
    with pytest.raises(AlignError, match="directory"):
        export.export_file(make_alignment(), folder)
    assert list(folder.iterdir()) == []


def _with_texts(src_texts: list[str], src_lang: str = "en") -> Alignment:
    alignment = make_alignment()
    sentences = tuple(Sentence(i, t) for i, t in enumerate(src_texts)) + alignment.src.sentences[len(src_texts):]
    return replace(alignment, src=replace(alignment.src, sentences=sentences, lang=src_lang))


def test_tmx_well_formed_with_characters_xml_cannot_hold():
    alignment = _with_texts(["not\ufffe a\uffff char", "bell\x07 and escape\x1b", "nul\x00"], src_lang="e\x01n")
    root = ET.fromstring(export.to_tmx(alignment).encode("utf-8"))  # raises if not well-formed
    segs = [seg.text for seg in root.findall("body/tu/tuv/seg")]
    assert segs[0] == "not\ufffd a\ufffd char" and segs[2] == "bell\ufffd and escape\ufffd"
    assert root.find("header").get("srclang") == "e\ufffdn"


@pytest.mark.parametrize("fmt,dialect", [("tsv", "excel-tab"), ("csv", "excel")])
def test_delimited_lone_carriage_return_stays_in_its_cell(fmt, dialect):
    alignment = _with_texts(["one\rtwo", "three\r"])
    rows = _header_and_rows(export.FORMATS[fmt](alignment), dialect)
    assert len(rows) == 1 + len(alignment.beads)
    assert rows[1][3] == "one\rtwo" and rows[2][3] == "three\r"


@pytest.mark.parametrize("fmt,dialect", [("tsv", "excel-tab"), ("csv", "excel")])
def test_delimited_cells_are_never_formulas(fmt, dialect):
    texts = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tindented"]
    rows = _header_and_rows(export.FORMATS[fmt](_with_texts(texts)), dialect)
    assert [row[3] for row in rows[1:6]] == ["'" + text for text in texts]
    assert rows[1][0] == "0" and rows[1][5] == "0.9"  # numbers stay numbers


def noted() -> Alignment:
    alignment = make_alignment()
    beads = list(alignment.beads)
    beads[0] = replace(beads[0], note="=a calque, \"so\"\nsecond line", tags=("calque", "omission by censorship"))
    return replace(alignment, beads=tuple(beads))


def test_notes_and_tags_are_exported_in_every_table_format():
    alignment = noted()
    for fmt, delimiter in (("tsv", "\t"), ("csv", ",")):
        rows = list(csv.reader(io.StringIO(export.FORMATS[fmt](alignment)), delimiter=delimiter))
        assert rows[0][-2:] == ["note", "tags"]
        assert rows[1][-2:] == ["'=a calque, \"so\"\nsecond line", "calque; omission by censorship"]
        assert rows[2][-2:] == ["", ""]
    first = json.loads(export.to_jsonl(alignment).splitlines()[0])
    assert first["note"].startswith("=a calque") and first["tags"] == ["calque", "omission by censorship"]


def test_notes_and_tags_in_tmx_and_html():
    alignment = noted()
    unit = ET.fromstring(export.to_tmx(alignment)).find("body/tu")
    assert unit.find("note").text == "=a calque, \"so\"\nsecond line"
    assert [p.text for p in unit.findall("prop") if p.get("type") == "x-align-tag"] == ["calque", "omission by censorship"]
    page = export.to_html(alignment)
    assert "<th>note</th>" in page and "=a calque, &quot;so&quot;" in page and ">omission by censorship</span>" in page
    assert "<th>note</th>" not in export.to_html(make_alignment())  # no empty column without notes


def test_html_shows_each_books_notes_under_the_sentences_that_call_them():
    # numbered anew in each chapter: the second call of "1" is the second note "1"
    def side(texts: list[str], marks: list[tuple[str, ...]], notes: list[tuple[str, str]], lang: str) -> Side:
        return Side(tuple(Sentence(i, t, footnotes=m) for i, (t, m) in enumerate(zip(texts, marks))), lang,
                    notes=tuple(Note(mark, text) for mark, text in notes))

    src = side(["A lamp. [1]", "A ship. [1]"], [("1",), ("1",)], [("1", "A Fresnel <lens>."), ("1", "The Marianne.")], "en")
    tgt = side(["Une lampe. [a]", "Un navire."], [("a",), ()], [("a", "Une lentille.")], "fr")
    page = export.to_html(Alignment(src, tgt, (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.9)), model="m"))
    first, second = page.split("<tr><td class=\"n\">")[1:3]
    assert '<div class="fn">[1] A Fresnel &lt;lens&gt;.</div>' in first and '<div class="fn">[a] Une lentille.</div>' in first
    assert '<div class="fn">[1] The Marianne.</div>' in second and "Fresnel" not in second


def test_html_title_names_the_files_not_their_folders():
    alignment = make_alignment()
    alignment = replace(alignment, src=replace(alignment.src, path="/tmp/align-x/left/en.txt"),
                        tgt=replace(alignment.tgt, path="/srv/texts/w/ru.txt"))
    assert "<title>en.txt | ru.txt</title>" in export.to_html(alignment)
    assert "<title>Le Petit Prince</title>" in export.to_html(replace(alignment, extra={"title": "Le Petit Prince"}))
