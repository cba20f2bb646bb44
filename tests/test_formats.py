"""Reading books as published: HTML, EPUB 2 and 3 into the document model; bad files refused cleanly.
Fixtures are generated here (zipfile + markup); real books from ../shared are used where present."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from align.pipeline import read_side
from align.read import read_book
from align.records import AlignError

BOOKS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "books"

GUTENBERG_HTML = """<?xml version="1.0" encoding="iso-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1" /><title>Book</title>
<style>p {{ margin: 0 }}</style></head><body>
<p>The Project Gutenberg EBook of Book. This eBook is for the use of anyone anywhere.</p>
<p>*** START OF THIS PROJECT GUTENBERG EBOOK BOOK ***</p>
<h1>THE BOOK</h1>
<h2>CONTENTS</h2>
<table><tr><td><a href="#ch1">CHAPTER I.</a></td><td><a href="#ch1">1</a></td></tr>
<tr><td><a href="#ch2">CHAPTER II.</a></td><td><a href="#ch2">9</a></td></tr></table>
<h3><a id="ch1"></a>CHAPTER I.</h3>
<h4>The D{e}sir{e}e</h4>
<p>Il {e}tait l{a}<a href="#Footnote_1" class="fnanchor">[1]</a>. <span class="pagenum"><a id="Page_2">[Pg 2]</a></span>Elle vint &mdash; <b>enfin</b>.</p>
<div class="footnote"><p><a id="Footnote_1" href="#FNanchor_1"><span class="label">[1]</span></a> Une note de bas de page.</p></div>
<h3><a id="ch2"></a>CHAPTER II.</h3>
<h4>The End</h4>
<p>Fin du livre.</p>
<p>*** END OF THIS PROJECT GUTENBERG EBOOK BOOK ***</p>
<p>The licence, at length.</p>
</body></html>
"""


def _html(encoding: str = "iso-8859-1") -> bytes:
    return GUTENBERG_HTML.format(e="&eacute;", a="\u00e0").replace("iso-8859-1", encoding).encode(encoding)


def test_gutenberg_html_headings_notes_apparatus(tmp_path):
    path = tmp_path / "book.htm"
    path.write_bytes(_html())
    document, _ = read_book(path)
    assert document.format == "html"
    assert [(b.text, b.heading) for b in document.blocks] == [
        ("THE BOOK", 0),  # a title page read as text: the chapters are numbered
        ("CHAPTER I.", 3), ("The Désirée", 4),
        ("Il était là [1]. Elle vint — **enfin**.", 0),
        ("CHAPTER II.", 3), ("The End", 4), ("Fin du livre.", 0),
    ]
    assert [(n.mark, n.text) for n in document.notes] == [("1", "Une note de bas de page.")]
    assert any("START OF THIS PROJECT" in a for a in document.apparatus)
    assert "The licence, at length." in document.apparatus and "CONTENTS" in document.apparatus
    side = read_side(path, "fr")
    assert [s.text for s in side.sentences if s.heading] == ["CHAPTER I. The Désirée", "CHAPTER II. The End"]
    assert side.sentences[2].footnotes == ("1",) and side.notes == document.notes
    assert not any("Pg" in s.text or "<" in s.text for s in side.sentences)


def test_html_with_a_bom_and_no_declaration(tmp_path):
    path = tmp_path / "bom.html"
    path.write_bytes(b"\xef\xbb\xbf" + "<html><body><h2>Глава 1</h2><p>Привет, мир.</p></body></html>".encode())
    document, _ = read_book(path)
    assert [(b.text, b.heading) for b in document.blocks] == [("Глава 1", 2), ("Привет, мир.", 0)]


def _zip(members: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTAINER = """<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"""


def _opf(items: list[tuple[str, str, str]], spine: list[str], toc: str = "") -> str:
    manifest = "".join(f'<item id="{i}" href="{h}" media-type="{m}"/>' for i, h, m in items)
    refs = "".join(f'<itemref idref="{i}"/>' for i in spine)
    return (f'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0"><manifest>{manifest}</manifest>'
            f'<spine {toc}>{refs}</spine></package>')


def _xhtml(body: str) -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
            f'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>x</title></head><body>{body}</body></html>')


def calibre_epub() -> bytes:
    """An EPUB 2 as calibre writes it: titles as bold divs, chapters only in toc.ncx."""
    chapter = '<div class="c5"><span class="bold">{n}. {title}</span></div><div class="c4">{text}</div>'
    ncx = ('<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap>'
           '<navPoint id="a"><navLabel><text>I. The Start</text></navLabel><content src="c1.html"/></navPoint>'
           '<navPoint id="b"><navLabel><text>II. The Journey</text></navLabel><content src="c2.html"/></navPoint>'
           '</navMap></ncx>')
    x = "application/xhtml+xml"
    return _zip({
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": _opf([("t", "title.html", x), ("c1", "c1.html", x), ("c2", "c2.html", x),
                                   ("ncx", "toc.ncx", "application/x-dtbncx+xml")], ["t", "c1", "c2"], 'toc="ncx"'),
        "OEBPS/title.html": _xhtml("<h1>Around the World</h1><p>by</p><h2>Jules Verne</h2>"),
        "OEBPS/c1.html": _xhtml(chapter.format(n="I", title="The Start", text="Mr. Fogg lived in London. He was rich.")),
        "OEBPS/c2.html": _xhtml(chapter.format(n="II", title="The Journey", text="They left at once.")),
        "OEBPS/toc.ncx": ncx,
    })


def standard_ebooks_epub() -> bytes:
    """An EPUB 3 as Standard Ebooks makes it: the numeral in h2, the title in a bridgehead p, a word
    joiner before dashes, endnotes in their own file, a navigation document, an imprint."""
    chapter = ('<section epub:type="chapter"><header><h2 epub:type="z3998:roman">{n}</h2>'
               '<p epub:type="se:bridgehead">{title}</p></header><p>{text}</p></section>')
    nav = _xhtml('<nav epub:type="toc"><ol><li><a href="c1.xhtml">I</a></li><li><a href="c2.xhtml">II</a></li></ol></nav>')
    x = "application/xhtml+xml"
    opf = _opf([("imprint", "imprint.xhtml", x), ("c1", "c1.xhtml", x), ("c2", "c2.xhtml", x), ("notes", "endnotes.xhtml", x),
                ("nav", "nav.xhtml", x)], ["imprint", "c1", "c2", "notes"]).replace('href="nav.xhtml"', 'href="nav.xhtml" properties="nav"')
    return _zip({
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": opf,
        "OEBPS/imprint.xhtml": _xhtml('<section epub:type="imprint"><p>This ebook is the product of many hours.</p></section>'),
        "OEBPS/c1.xhtml": _xhtml(chapter.format(
            n="I", title="In which Fogg accepts.",
            text='He said yes\u2060—at once.<a href="endnotes.xhtml#note-1" epub:type="noteref">1</a> Then he left.')),
        "OEBPS/c2.xhtml": _xhtml(chapter.format(n="II", title="In which they leave.", text="They went.")),
        "OEBPS/endnotes.xhtml": _xhtml('<section epub:type="endnotes"><h2>Endnotes</h2><ol><li id="note-1" epub:type="endnote">'
                                       '<p>A club in London. <a href="c1.xhtml#noteref-1" epub:type="backlink">↩</a></p></li></ol></section>'),
        "OEBPS/nav.xhtml": nav,
    })


def test_calibre_epub_titles_from_the_ncx(tmp_path):
    path = tmp_path / "book.epub"
    path.write_bytes(calibre_epub())
    side = read_side(path, "en")
    assert [(s.text, s.heading, s.chapter) for s in side.sentences] == [
        ("Around the World", False, 0), ("by", False, 0), ("Jules Verne", False, 0),
        ("I. The Start", True, 1), ("Mr. Fogg lived in London.", False, 1), ("He was rich.", False, 1),
        ("II. The Journey", True, 2), ("They left at once.", False, 2),
    ]


def test_standard_ebooks_epub_numeral_and_bridgehead_endnotes(tmp_path):
    path = tmp_path / "book.epub"
    path.write_bytes(standard_ebooks_epub())
    document, _ = read_book(path)
    assert document.format == "epub"
    side = read_side(path, "en")
    assert [s.text for s in side.sentences] == [
        "I. In which Fogg accepts.", "He said yes—at once. [1]", "Then he left.", "II. In which they leave.", "They went.",
    ]
    assert [s.chapter for s in side.sentences if s.heading] == [1, 2]
    assert [(n.mark, n.text) for n in side.notes] == [("1", "A club in London.")]
    assert side.sentences[1].footnotes == ("1",)


def test_format_is_told_from_content_not_name(tmp_path):
    path = tmp_path / "book.txt"  # an EPUB under a misleading name
    path.write_bytes(calibre_epub())
    assert read_book(path)[0].format == "epub"


# --- bad files: one line, naming the file ----------------------------------------------------


def _refused(tmp_path, name: str, data: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(AlignError) as error:
        read_side(path, "en")
    message = str(error.value)
    assert "\n" not in message and str(path) in message and words in message


def test_drm_protected_epub(tmp_path):
    encryption = ('<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                  'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:CipherData>'
                  '<enc:CipherReference URI="OEBPS/c1.html"/></enc:CipherData></enc:EncryptedData></encryption>')
    data = _zip({**{"META-INF/encryption.xml": encryption}, "META-INF/container.xml": CONTAINER})
    _refused(tmp_path, "drm.epub", data, "DRM")


def test_obfuscated_fonts_are_not_drm(tmp_path):
    encryption = ('<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                  'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:CipherData>'
                  '<enc:CipherReference URI="OEBPS/fonts/a.otf"/></enc:CipherData></enc:EncryptedData></encryption>')
    buffer = io.BytesIO(calibre_epub())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("META-INF/encryption.xml", encryption)
    path = tmp_path / "fonts.epub"
    path.write_bytes(buffer.getvalue())
    assert len(read_side(path, "en").chapters) == 2


def test_corrupt_zip(tmp_path):
    _refused(tmp_path, "broken.epub", calibre_epub()[:300], "damaged ZIP")


def test_zip_bomb(tmp_path):
    data = _zip({"META-INF/container.xml": CONTAINER, "OEBPS/huge.html": b"\0" * (40 << 20)})
    _refused(tmp_path, "bomb.epub", data, "zip bomb")


def test_password_protected_member(tmp_path):
    data = bytearray(calibre_epub())
    at = data.find(b"PK\x03\x04", 10)  # the second member's local header: set its "encrypted" flag
    data[at + 6] |= 1
    central = data.find(b"PK\x01\x02")
    central = data.find(b"PK\x01\x02", central + 4)
    data[central + 8] |= 1
    _refused(tmp_path, "locked.epub", bytes(data), "password-protected")


@pytest.mark.parametrize("declaration", [
    '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
], ids=["xml-bomb", "external-entity"])
def test_entities_are_refused(tmp_path, declaration):
    data = f'<?xml version="1.0"?>{declaration}<html><body><p>&b;&secret;</p></body></html>'.encode()
    _refused(tmp_path, "evil.xhtml", data, "entities")


def test_a_zip_that_is_not_a_book(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    _refused(tmp_path, "photos.zip", buffer.getvalue(), "not a book")


# --- real books -------------------------------------------------------------------------------


@pytest.mark.skipif(not BOOKS.is_dir(), reason="no books in ../shared")
@pytest.mark.parametrize("name", [
    "en_AroundtheWorldin80Days_gitenberg103.epub", "en_around-the-world-in-eighty-days_standardebooks_src-repack.epub",
    "en_103-h.htm",
])
def test_verne_english_editions_have_37_chapters(name):
    side = read_side(BOOKS / "verne-80days-fr-en" / name, "en")
    headings = [side.sentences[i].text for i in side.chapters]
    assert len(headings) == 37
    assert headings[0].lower().startswith(("i. in which", "chapter i. in which"))
    assert not any("<" in s.text or "Gutenberg" in s.text for s in side.sentences)


@pytest.mark.skipif(not BOOKS.is_dir(), reason="no books in ../shared")
def test_german_alice_joins_number_and_title():
    side = read_side(BOOKS / "alice-en-de" / "de_19778-h.htm", "de")
    headings = [side.sentences[i].text for i in side.chapters]
    assert len(headings) == 12 and headings[0] == "Erstes Kapitel. Hinunter in den Kaninchenbau."
