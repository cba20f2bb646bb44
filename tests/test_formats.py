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
<table><tr><td>CHAPTER</td><td></td><td>PAGE</td></tr>
<tr><td>I.</td><td>The D{e}sir{e}e</td><td><a href="#ch1">1</a></td></tr>
<tr><td>II.</td><td>The End</td><td><a href="#ch2">9</a></td></tr></table>
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


def _html_file(tmp_path, body: str) -> Path:
    path = tmp_path / "book.htm"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return path


def _html_document(tmp_path, body: str):
    """The document an HTML file of this body reads as."""
    return read_book(_html_file(tmp_path, body))[0]


def test_html_chapters_numbered_by_a_numeral_alone_in_a_paragraph(tmp_path):
    """Hand-made Gutenberg HTML (Voyage au centre de la Terre): "<CENTER><B>I</B></CENTER>" before each
    chapter, no heading tags. The book had no chapters and "I", "II" were sentences. Page numbers alone
    (they jump) are no chapters."""
    chapters = "".join(f"<CENTER><B>{n}</B></CENTER><P>Le {k} mai 1863, mon oncle revint chez lui.</P><P>{page}</P>"
                       for k, (n, page) in enumerate((("I", 7), ("II", 19), ("III", 31)), 1))
    document = _html_document(tmp_path, "<P>VOYAGE AU CENTRE DE LA TERRE</P>" + chapters)
    assert [b.text.strip("*") for b in document.blocks if b.heading] == ["I", "II", "III"]
    assert not any(b.heading for b in document.blocks if b.text in ("7", "19", "31"))


def test_html_notes_lettered_in_capitals_are_notes(tmp_path):
    """Distributed Proofreaders' "[A]": the call had stayed in the text and the note had been a sentence."""
    body = ('<p>A pound was no small consideration.<a href="#Footnote_A" class="fnanchor">[A]</a> Her daughter was seventeen.</p>'
            '<div class="footnote"><p><a id="Footnote_A" href="#FNanchor_A" class="label">[A]</a> A German pound.</p></div>')
    side = read_side(_html_file(tmp_path, body), "en")
    assert [(n.mark, n.text) for n in side.notes] == [("A", "A German pound.")]
    assert [(s.text, s.footnotes) for s in side.sentences] == [
        ("A pound was no small consideration. [A]", ("A",)), ("Her daughter was seventeen.", ())]


def test_html_footnotes_title_in_a_paragraph_is_apparatus(tmp_path):
    """"<P><B>FOOTNOTES:</B></P>" over a chapter's notes had been a sentence, aligned with the chapter's last."""
    body = ('<h2>CHAPTER I</h2><p>It rained.<a href="#fn1" id="r1">[1]</a></p><p><b>FOOTNOTES:</b></p>'
            '<p><a id="fn1" href="#r1">[1]</a> In Surrey.</p><p>Footnotes:</p><h2>CHAPTER II</h2><p>It snowed.</p>')
    document = _html_document(tmp_path, body)
    assert [b.text for b in document.blocks] == ["CHAPTER I", "It rained. [1]", "CHAPTER II", "It snowed."]


def test_html_an_authors_section_headed_note_stays_text(tmp_path):
    """Hugo's "NOTE ADDED TO THE DEFINITIVE EDITION" closes Notre-Dame: "NOTE" alone heads the
    author's section, not the book's notes, and had gone to the apparatus."""
    body = ('<h2>CHAPTER I.</h2><p>It rained.</p><h2>NOTE</h2><h3>ADDED TO THE DEFINITIVE EDITION.</h3>'
            '<p>It is by mistake that this edition was announced as augmented.</p><h2>Notes</h2>')
    document = _html_document(tmp_path, body)
    assert [b.text for b in document.blocks][2:] == [
        "NOTE", "ADDED TO THE DEFINITIVE EDITION.", "It is by mistake that this edition was announced as augmented."]
    assert "Notes" in document.apparatus


def test_html_a_translators_preface_and_letters_before_the_chapters_stay_headings(tmp_path):
    """Headings before the first numbered one are a title page's and are read as text; a translator's
    preface ("TRANSLATOR'S PREFACE", "PRÉFACE DU TRADUCTEUR") and Frankenstein's letters had been too,
    their text run into the title page's chapter."""
    body = ("<h1>FRANKENSTEIN</h1><h2>TRANSLATOR’S PREFACE</h2><p>This is a translation.</p>"
            "<h2>Letter 1</h2><p>You will rejoice to hear.</p><h2>Letter 2</h2><p>How slowly the time passes.</p>"
            "<h2>Chapter 1</h2><p>I am by birth a Genevese.</p>")
    document = _html_document(tmp_path, body)
    assert [b.text for b in document.blocks if b.heading] == ["TRANSLATOR’S PREFACE", "Letter 1", "Letter 2", "Chapter 1"]
    french = _html_document(tmp_path, "<h1>EMMA</h1><h2>PRÉFACE DU TRADUCTEUR</h2><p>Voici.</p><h2>I</h2><p>Emma.</p>")
    assert [b.text for b in french.blocks if b.heading] == ["PRÉFACE DU TRADUCTEUR", "I"]


def test_html_a_books_preliminaries_before_its_preface_stay_headings(tmp_path):
    """Gutenberg's Don Quijote: Part I's licence, errata and privilege ("<h3>TASA</h3>", then its prose) come
    before the first numbered heading, PRÓLOGO, and were read as a title page's lines, while the same <h3>s
    in Part II were headings. A heading over a paragraph of prose, at the chapters' level, heads a section;
    a title page's line does not (Candide's "<h3>CANDIDE BY VOLTAIRE</h3>" over an advertisement, its
    chapters <h2>)."""
    licence = ("<p>Yo, Juan Gallo de Andrada, escribano de Cámara del Rey nuestro señor, certifico y doy fe que, habiendo "
               "visto por los señores dél un libro intitulado El ingenioso hidalgo, tasaron cada pliego.</p>")
    document = _html_document(
        tmp_path, f"<h1>El ingenioso hidalgo</h1><p>por Miguel de Cervantes Saavedra</p><h3>TASA</h3>{licence}"
        "<p>Juan Gallo de Andrada.</p><h3>PRÓLOGO</h3><p>Desocupado lector.</p><h3>Capítulo primero</h3><p>En un lugar.</p>")
    assert [b.text for b in document.blocks if b.heading] == ["TASA", "PRÓLOGO", "Capítulo primero"]
    candide = _html_document(
        tmp_path, f"<h3>CANDIDE BY VOLTAIRE</h3>{licence}<h2>INTRODUCTION</h2><p>Candide is.</p><h2>I</h2><p>In Westphalia.</p>")
    assert [b.text for b in candide.blocks if b.heading] == ["INTRODUCTION", "I"]


def test_html_a_line_break_after_a_number_in_a_heading_reads_as_a_full_stop(tmp_path):
    """Hugo's "<h2>PREMIÈRE PARTIE<br/>SIEUR CLUBIN</h2>" had read "PREMIÈRE PARTIE SIEUR CLUBIN", not a
    numbered heading, so it was taken for a title page's and read as text."""
    body = ("<h1>LES TRAVAILLEURS DE LA MER</h1><h2>PREMIÈRE PARTIE<br/>SIEUR CLUBIN</h2><h3>I<br/>UN MOT ÉCRIT</h3>"
            "<p>La Christmas de 182. fut remarquable.</p><h2>CHAPTER II<br/><i>The Fort</i></h2><p>It rained.</p>")
    document = _html_document(tmp_path, body)
    assert [b.text for b in document.blocks if b.heading] == [
        "PREMIÈRE PARTIE. SIEUR CLUBIN", "I. UN MOT ÉCRIT", "CHAPTER II. **The Fort**"]
    # "I" may be a word: Manzoni's title, "I<br/>Promessi Sposi"
    title = _html_document(tmp_path, "<h1>I<br/>Promessi Sposi</h1><h2>CAPITOLO I</h2><p>Quel ramo del lago di Como.</p>")
    assert title.blocks[0].text == "I Promessi Sposi"


def test_html_contents_marked_by_their_class_are_apparatus_with_their_title(tmp_path):
    """Gutenberg's Don Quijote: "<div class="toc">El ingenioso hidalgo…</div>" over each part's list of
    links. The lists were set apart, their titles read as the book's first sentences."""
    document = _html_document(
        tmp_path, '<h1>El ingenioso hidalgo</h1><div class="toc">El ingenioso hidalgo don Quijote</div>'
        '<ol class="toc"><li><a href="#c1">Que trata de la condición</a></li><li><a href="#c2">Que trata de la salida</a></li></ol>'
        '<h2 id="c1">Capítulo primero</h2><p>En un lugar de la Mancha.</p><h2 id="c2">Capítulo II</h2><p>Hechas, pues.</p>')
    assert [b.text for b in document.blocks] == [
        "El ingenioso hidalgo", "Capítulo primero", "En un lugar de la Mancha.", "Capítulo II", "Hechas, pues."]
    assert document.apparatus[:2] == ("El ingenioso hidalgo don Quijote", "Que trata de la condición")
    # a title over entries of that class goes with them: left alone, it took the text up to a repeat of its
    # first entry for the contents (Widger's Confessions lost its introduction)
    widger = _html_document(
        tmp_path, '<p><b>CONTENTS</b></p><p class="toc"><a href="#b1">BOOK I.</a></p><p class="toc"><a href="#i">Introduction.</a>'
        '</p><h2 id="b1">BOOK I.</h2><h2 id="i">INTRODUCTION.</h2><p>Among the notable books.</p><h2>BOOK I.</h2><p>I was born.</p>')
    assert [b.text for b in widger.blocks] == ["BOOK I.", "INTRODUCTION.", "Among the notable books.", "BOOK I.", "I was born."]


def test_html_contents_set_as_a_table_take_their_title_and_leave_the_first_part(tmp_path):
    """"<h2>CONTENTS</h2>" over a table of links whose first row is PART ONE: the title had stayed in the
    text and taken the book's own "PART ONE" heading for its entry."""
    body = ('<h1>THE LAST OF THE MOHICANS</h1><h2>CONTENTS</h2><table><tr><td><a href="#p1">PART ONE</a></td></tr>'
            '<tr><td><a href="#c1">CHAPTER 1</a></td><td>1</td></tr><tr><td><a href="#c2">CHAPTER 2</a></td><td>9</td></tr></table>'
            '<h2 id="p1">PART ONE</h2><h2 id="c1">CHAPTER 1</h2><p>It was a feature of the colonial wars.</p>'
            '<h2 id="c2">CHAPTER 2</h2><p>While one of the lovely beings was lost in thought.</p>')
    document = _html_document(tmp_path, body)
    assert [b.text for b in document.blocks if b.heading] == ["PART ONE", "CHAPTER 1", "CHAPTER 2"]
    assert document.apparatus[0] == "CONTENTS"


def test_html_a_picture_and_a_short_line_under_it_in_one_paragraph_is_a_caption(tmp_path):
    """Hand-made HTML's captions, without a class: "<CENTER><IMG><BR><B>…</B></CENTER>" had been a sentence
    of the text. A chapter's opening, a picture and a heading in one <div>, stays."""
    body = ('<div><p>1</p><div class="figcenter"><img src="p1.jpg" alt=""/></div><h2>CHAPTER I<br/>THE FORT</h2></div>'
            '<p>It was a feature of the colonial wars.</p>'
            '<CENTER><IMG SRC="p012.jpg" ALT="The scout"><BR><B>&#8220;Cheer up, friends!&#8221; said the scout.</B></CENTER>'
            '<p class="center"><img src="p014.jpg" alt="" /><br />THE HURON AT THE RIVER.</p><p>The colonist fought.</p>')
    document = _html_document(tmp_path, body)
    assert [b.text for b in document.blocks if b.text != "1"] == [
        "CHAPTER I. THE FORT", "It was a feature of the colonial wars.", "The colonist fought."]
    assert {"“Cheer up, friends!” said the scout.", "THE HURON AT THE RIVER."} <= set(document.apparatus)


def test_html_a_stanza_of_verse_divisions_is_one_paragraph(tmp_path):
    """Distributed Proofreaders' newer poetry markup, a <div class="verse"> a line: each line had been a
    paragraph of its own; the stanza is one, a line a block, as <span class="i0"> lines are."""
    body = ('<p>He sang:</p><div class="poetry"><div class="stanza"><div class="verse indent0">How I wonder</div>'
            '<div class="verse indent2">what you are at!</div></div><div class="stanza"><div class="verse">Up above</div>'
            '<div class="verse">the world you fly.</div></div></div><p>Then he stopped.</p>')
    document = _html_document(tmp_path, body)
    assert [(b.text, b.line) for b in document.blocks] == [
        ("He sang:", False), ("How I wonder", False), ("what you are at!", True), ("Up above", False),
        ("the world you fly.", True), ("Then he stopped.", False)]


def test_html_a_notes_second_paragraph_set_as_a_paragraph_of_its_own_stays_with_it(tmp_path):
    """Distributed Proofreaders' notes, a <p> each, the mark in the first only: the second paragraph had
    been a sentence of the text. A paragraph after the last note stays text."""
    body = ('<p>He lived in Westphalia.<a href="#Footnote_1_1" class="fnanchor">[1]</a> His face was kind.</p>'
            '<p>He had a solid judgment.<a href="#Footnote_2_2" class="fnanchor">[2]</a></p>'
            '<p><a name="Footnote_1_1"></a><a href="#FNanchor_1_1">[1]</a> Westphalia: a province of the Empire.</p>'
            '<p>This second paragraph of note one quotes the old geographer.</p>'
            '<p><a name="Footnote_2_2"></a><a href="#FNanchor_2_2">[2]</a> Candide: from the Latin candidus.</p>'
            '<p>The story goes on here.</p>')
    document = _html_document(tmp_path, body)
    assert [(n.mark, n.text) for n in document.notes] == [
        ("1", "Westphalia: a province of the Empire. This second paragraph of note one quotes the old geographer."),
        ("2", "Candide: from the Latin candidus.")]
    assert [b.text for b in document.blocks][-1] == "The story goes on here."


def test_html_a_paragraph_opening_with_an_asterisk_called_just_before_is_a_note(tmp_path):
    """The Three Musketeers' HTML: "…his piquette* stands in need…" then "<p>*A watered liquor…</p>": the
    note had been a sentence of the text. A paragraph opening with an asterisk nothing calls stays."""
    body = ('<p>"Because he plainly perceives that his piquette* stands in need of good wine."</p>'
            '<p>*A watered liquor, made from the second pressing of the grape.</p><p>The two Musketeers reddened.</p>'
            '<p>*** The End of the First Part ***</p>')
    side = read_side(_html_file(tmp_path, body), "en")
    assert [(n.mark, n.text) for n in side.notes] == [("*", "A watered liquor, made from the second pressing of the grape.")]
    assert [s.text for s in side.sentences] == [
        '"Because he plainly perceives that his piquette [*] stands in need of good wine."', "The two Musketeers reddened.",
        "*** The End of the First Part ***"]


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
    assert "II. The End 9" in document.apparatus  # the contents, set as a table
    side = read_side(path, "fr")
    assert [s.text for s in side.sentences if s.heading] == ["CHAPTER I. The Désirée", "CHAPTER II. The End"]
    assert side.sentences[2].footnotes == ("1",) and side.notes == document.notes
    assert not any("Pg" in s.text or "<" in s.text for s in side.sentences)


def test_html_notes_linking_back_to_their_calls_leave_the_calling_paragraphs_in_the_text(tmp_path):
    """Distributed Proofreaders' footnotes, as in Gutenberg's Candide: an anchor before each call, and the
    note's mark a link back to it. The paragraph the link points back to is running text, not a note; a
    poem the note quotes after its first paragraph, inside the note's block, is the note's."""
    document = _html_document(
        tmp_path, "<h2>CHAPTER I</h2>"
        '<p>"And the Mélanges of Archdeacon Trublet,<a name="FNanchor_27_27" id="FNanchor_27_27"></a>'
        '<a href="#Footnote_27_27" class="fnanchor">[27]</a> what do you say of that?" said the Abbé.</p>'
        '<p>"A bore," said Martin.<sup><a id="fnref2" href="#fn2">2</a></sup></p>'
        '<div class="footnote"><p><a name="Footnote_27_27" id="Footnote_27_27"></a><a href="#FNanchor_27_27">'
        '<span class="label">[27]</span></a> Trublet was a <i>French</i> writer, mocked in a poem beginning:</p>'
        '<div class="poem"><div class="stanza"><p><span class="i0">L\'abbé Trublet avait alors le rage<br /></span>'
        "<span class=\"i0\">D'être à Paris un petit personage.<br /></span></p></div></div></div>"
        '<p id="fn2">2. Martin is a pessimist. <a href="#fnref2">↩\ufe0e</a></p>')  # pandoc's arrow, in its text form
    assert [b.text for b in document.blocks] == [
        "CHAPTER I", '"And the Mélanges of Archdeacon Trublet, [27] what do you say of that?" said the Abbé.',
        '"A bore," said Martin. [2]']
    assert [(n.mark, n.text) for n in document.notes] == [
        ("27", "Trublet was a French writer, mocked in a poem beginning: L'abbé Trublet avait alors le rage "
               "D'être à Paris un petit personage."),
        ("2", "Martin is a pessimist."),
    ]


def test_xhtml_paragraph_opening_with_an_entity_before_a_call_stays_text(tmp_path):
    """Notre-Dame de Paris in Gutenberg's XHTML: the entities stay unresolved in the tree, and a paragraph
    opening with "&mdash;" seemed to have no words before the anchor a note links back to: seven
    paragraphs of the story had gone into the notes."""
    path = tmp_path / "book.htm"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
                    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
                    "<p>&mdash;Comme il vous pla&icirc;ra! r&eacute;pliqua Coictier. Les ma&icirc;tres-mires"
                    '<a name="FNanchor_56_56" id="FNanchor_56_56"></a><a href="#Footnote_56_56" class="fnanchor">[56]</a> se '
                    'tairont.</p><div class="footnote"><p><a name="Footnote_56_56" id="Footnote_56_56"></a>'
                    '<a href="#FNanchor_56_56"><span class="label">[56]</span></a> M&eacute;decins.</p></div></body></html>',
                    encoding="utf-8")
    document = read_book(path)[0]
    assert [b.text for b in document.blocks] == ["—Comme il vous plaîra! répliqua Coictier. Les maîtres-mires [56] se tairont."]
    assert [(n.mark, n.text) for n in document.notes] == [("56", "Médecins.")]


def test_html_contents_titled_in_bold_are_apparatus(tmp_path):
    """The Last of the Mohicans: "CONTENTS" a bold paragraph, not a heading, above its links."""
    document = _html_document(
        tmp_path, '<p>THE LAST OF THE MOHICANS</p><blockquote><p class="toc"><big><b>CONTENTS</b></big></p>'
        '<p class="toc"><a href="#ch1"> CHAPTER 1 </a></p><p class="toc"><a href="#ch2"> CHAPTER 2 </a></p></blockquote>'
        '<h2><a id="ch1"></a>CHAPTER 1</h2><p>It was a feature.</p><h2><a id="ch2"></a>CHAPTER 2</h2><p>So it went.</p>')
    assert [b.text for b in document.blocks] == [
        "THE LAST OF THE MOHICANS", "CHAPTER 1", "It was a feature.", "CHAPTER 2", "So it went."]
    assert "**CONTENTS**" in document.apparatus


def test_html_contents_title_goes_with_its_links_and_the_first_book_heading_stays(tmp_path):
    """Les Misérables, Gutenberg's French HTML: the contents' title and its links in a table, then the
    first book's heading, then its first chapter's number and title."""
    document = _html_document(
        tmp_path, '<h2>Tome I—FANTINE</h2><table><tr><td><h3>TABLE DES MATIÈRES</h3>'
        '<p><a href="#l1"><b>Livre premier—Un juste</b></a><br /></p><a href="#c1"><b>Chapitre I--Monsieur Myriel</b></a>'
        '</td></tr></table><h2><a id="l1"></a>Livre premier—Un juste</h2><h2><a id="c1"></a>Chapitre I</h2>'
        "<h3>Monsieur Myriel</h3><p>En 1815, M. Charles-François-Bienvenu Myriel était évêque de Digne.</p>"
        "<p>C'était un vieillard d'environ soixante-quinze ans; il occupait le siège de Digne depuis 1806.</p>")
    assert [b.text for b in document.blocks] == [
        "Tome I—FANTINE", "Livre premier—Un juste", "Chapitre I", "Monsieur Myriel",
        "En 1815, M. Charles-François-Bienvenu Myriel était évêque de Digne.",
        "C'était un vieillard d'environ soixante-quinze ans; il occupait le siège de Digne depuis 1806."]
    assert "TABLE DES MATIÈRES" in document.apparatus


def test_html_transcribers_note_at_the_end_under_a_heading_of_its_own_is_apparatus(tmp_path):
    """Alice's French HTML ends with "Au lecteur": how the scans were transcribed, not the book; an
    author's "Au lecteur" over the book's own words stays."""
    document = _html_document(
        tmp_path, "<h2>AU LECTEUR</h2><p>Ce livre est de bonne foi, lecteur.</p><h2>CHAPITRE PREMIER</h2>"
        "<p>Alice commençait à se sentir très lasse.</p><p>FIN.</p><h2>Au lecteur</h2>"
        "<p>Cette version numérisée reproduit dans son intégralité la version originale.</p>"
        "<p>L’orthographe a été conservée.</p>")
    assert [b.text for b in document.blocks] == [
        "AU LECTEUR", "Ce livre est de bonne foi, lecteur.", "CHAPITRE PREMIER", "Alice commençait à se sentir très lasse.", "FIN."]
    assert "L’orthographe a été conservée." in document.apparatus


def test_html_with_a_bom_and_no_declaration(tmp_path):
    path = tmp_path / "bom.html"
    path.write_bytes(b"\xef\xbb\xbf" + "<html><body><h2>Глава 1</h2><p>Привет, мир.</p></body></html>".encode())
    document, _ = read_book(path)
    assert [(b.text, b.heading) for b in document.blocks] == [("Глава 1", 2), ("Привет, мир.", 0)]


@pytest.mark.parametrize("declared, data, warned", [
    ("utf-16", "Il était une fois.".encode(), ""),  # a meta read as ASCII: not UTF-16 (browsers read it as UTF-8)
    ("utf-8", "Il était une fois.".encode("latin-1"), "declares UTF-8 but is not"),
    ("iso-8859-1", "Il était une fois.".encode(), "declares cp1252 but is UTF-8"),  # converted, the meta left
])
def test_html_declaring_the_wrong_charset_is_read_in_its_own(tmp_path, caplog, declared, data, warned):
    path = tmp_path / "page.html"
    path.write_bytes(f'<html><head><meta charset="{declared}"></head><body><p>'.encode() + data + b"</p></body></html>")
    with caplog.at_level("WARNING", logger="align"):
        assert [b.text for b in read_book(path)[0].blocks] == ["Il était une fois."]
    assert warned in caplog.text and (warned or not caplog.text)


def test_html_verse_lines_are_blocks_of_their_own(tmp_path):
    """A poem as Gutenberg sets it: lines split by <br />, within italics or bold as often as not; each line
    is a block (aligned gold has one verse line a sentence), bold reopened on the next line; so is a line
    set as a span of class "i0", "i2" (no <br />), but a line that begins in lowercase goes on from the one
    before; a heading set on two lines stays one."""
    path = tmp_path / "poem.html"
    path.write_text(
        '<html><body><h2>CHAPITRE V<br />LE VER</h2><div class="poem"><div class="stanza">'
        "<i>—Étant jeune, pour ma cervelle<br />\nJe craignais fort, mon cher enfant;</i><br />\n"
        "<b>Je n’en ai plus une parcelle,<br />J’en suis bien certain</b> maintenant.</div>"
        '<div class="stanza"><span class="i0">Vous êtes vieux</span><span class="i2">Et gris.</span>'
        '<span class="i0">La Souris, qu’il</span><br /><span class="i5">rencontra</span><br /><span class="i8">dans le</span>'
        '<br /><span class="i10">logis:</span></div></div>'
        "</body></html>", encoding="utf-8")
    document, _ = read_book(path)
    assert [(b.text, b.heading) for b in document.blocks] == [
        ("CHAPITRE V. LE VER", 2),
        ("**—Étant jeune, pour ma cervelle**", 0), ("**Je craignais fort, mon cher enfant;**", 0),  # italics
        ("**Je n’en ai plus une parcelle,**", 0), ("**J’en suis bien certain** maintenant.", 0),
        ("Vous êtes vieux", 0), ("Et gris.", 0),
        ("La Souris, qu’il rencontra dans le logis:", 0),  # a poem in a shape: a line in lowercase goes on
    ]
    sentences = read_side(path, "fr").sentences
    assert [s.text for s in sentences][1:3] == ["—Étant jeune, pour ma cervelle", "Je craignais fort, mon cher enfant;"]
    assert sentences[1].emphasis and not sentences[5].emphasis
    # a stanza is one paragraph: the aligner's paragraph gain then rewards a bead that ends with the
    # stanza, not one that ends with any line (Jane Eyre's stanzas against French prose)
    assert [s.paragraph for s in sentences] == [0, 1, 1, 1, 1, 5, 5, 5]


def test_html_verse_lines_beginning_in_lowercase_stay_lines_in_a_poem(tmp_path):
    """Don Quijote's sonnets: lines of verse begin in lowercase; in a poem's markup they stay lines, while
    a line broken for the layout outside one goes on from the line before, and so does one beside a line
    of three words or fewer in a poem set in a shape (Alice's French: "De te faire" / "aller en justice.")."""
    document = _html_document(
        tmp_path, '<p class="verse">Rompí, corté, abollé, y dije y hice<br>más que en el orbe caballero andante;<br>'
        "fui diestro, fui valiente, fui arrogante;</p><p>It was a dark and stormy<br/>night, and the rain fell.</p>"
        '<div class="poem"><span class="i2">De te faire</span><br /><span class="i4">aller en justice.</span></div>')
    assert [b.text for b in document.blocks] == [
        "Rompí, corté, abollé, y dije y hice", "más que en el orbe caballero andante;",
        "fui diestro, fui valiente, fui arrogante;", "It was a dark and stormy night, and the rain fell.",
        "De te faire aller en justice."]


def test_html_drop_cap_pictures_sidenotes_and_captions(tmp_path):
    """A chapter's first letter set as a picture ("<img alt='T'/>he", floated or not) is read as its
    letter; a marginal summary (Gutenberg's class "sidenote"), a picture's caption and a transcriber's
    note are apparatus, never spliced into the sentence beside them nor aligned."""
    path = tmp_path / "dropcap.html"
    path.write_text('<html><body><p><img src="t.jpg" alt="T" class="dropcap"/>he house was old. '
                    '<span class="sidenote">The house.</span>It stood alone.</p>'
                    '<div class="sidenoteleft">Arrival.</div><p><span class="figleft"><img src="w.jpg" alt="W"/></span>e came '
                    'in May. <img src="fig.png" alt="A picture of the house"/>It rained.</p><div class="figcenter">'
                    '<img src="h.jpg" alt=""/><p class="caption">THE OLD HOUSE.</p></div><figure><img src="r.jpg" alt=""/>'
                    '<figcaption>The rain.</figcaption></figure><div class="transnote"><p>Transcriber’s Notes:</p>'
                    '<p>Typos fixed.</p></div></body></html>', encoding="utf-8")
    document, _ = read_book(path)
    assert [b.text for b in document.blocks] == ["The house was old. It stood alone.", "We came in May. It rained."]
    assert {"The house.", "Arrival.", "THE OLD HOUSE.", "The rain.", "Transcriber’s Notes: Typos fixed."} <= set(document.apparatus)


def test_html_page_break_classes_on_the_books_text_keep_it(tmp_path):
    """Die Verwandlung's HTML styles its chapter headings and last paragraph with a page break
    ("page-break", "page-break-after"): they are the book's; a page-break mark holding a page number is not."""
    document = _html_document(
        tmp_path, '<h2 class="page-break"><a class="pagenum" name="Page_5" title="5"> </a>I.</h2><p>Gregor erwachte.'
        '<span class="page-break">12</span></p><div class="pagebreak">[Pg 13]</div>'
        '<p class="center page-break-after">Dann verließen alle drei die Wohnung.</p>')
    assert [(b.text, b.heading) for b in document.blocks] == [
        ("I.", 2), ("Gregor erwachte.", 0), ("Dann verließen alle drei die Wohnung.", 0)]


def test_html_asterisk_notes_in_preformatted_blocks_are_notes(tmp_path):
    """David Widger's Gutenberg HTML (The Last of the Mohicans, War and Peace): after the paragraph that
    calls them with an asterisk, the notes in a <pre>, a line of each opening with one; read as wrapped
    verse, each had become a sentence a line ("The"). A poem in <pre> stays verse, "***" stays text."""
    document = _html_document(
        tmp_path, "<p>They named it “Horican.”* and wore the hunting-shirt **.</p><pre>\n     * As each nation of the Indians had its\n"
        "     language, they gave different names to the same\n     places. Hence, the name.\n\n     ** It is white.</pre>"
        "<p>The Duke of *** said: “souverain” * with the news of his route. *(2)</p>"
        "<pre>     * Our most gracious sovereign.\n\n     * (2) Whose flames illumined his route.</pre>"
        "<pre>     Mine ear is open,\n     and my heart prepared.</pre>")
    assert [b.text for b in document.blocks] == [
        "They named it “Horican.” [*] and wore the hunting-shirt [**].", "The Duke of \ue000\ue000\ue000 said: “souverain” [*] with the news of his route. [2]",
        "Mine ear is open, and my heart prepared."]
    assert [(n.mark, n.text) for n in document.notes] == [
        ("*", "As each nation of the Indians had its language, they gave different names to the same places. Hence, the name."),
        ("**", "It is white."), ("*", "Our most gracious sovereign."), ("2", "Whose flames illumined his route.")]


def test_html_notes_after_an_anchor_of_their_own_are_notes(tmp_path):
    """Les Misérables in Widger's HTML: the call links to an anchor's name (its id is another), alone
    in a paragraph; the note is the next paragraph, opening with its number and a link back."""
    document = _html_document(
        tmp_path, '<p>He was a chat de maraude.<a href="#linknote-1" name="linknoteref-1" id="noteref-1">1</a> He left.</p>'
        '<h2>FOOTNOTES:</h2><p><a name="linknote-1" id="note-1"><!-- Note --> </a></p>'
        '<p class="foot">1 (<a href="#linknoteref-1">return</a>)<br /> [ Patois of the French Alps: rascally marauder.]</p>')
    assert [b.text for b in document.blocks] == ["He was a chat de maraude. [1] He left."]
    assert [(n.mark, n.text) for n in document.notes] == [("1", "[ Patois of the French Alps: rascally marauder.]")]


def test_html_chapter_headings_of_a_number_and_a_title_are_not_a_title_page(tmp_path):
    """The Three Musketeers in Widger's HTML: "<h2>1 THE THREE PRESENTS…</h2>", no period after the number.
    Not read as numbered, every heading before EPILOGUE was taken for the title page's, and read as text."""
    document = _html_document(
        tmp_path, "<h1>THE THREE MUSKETEERS</h1><h2>1 THE THREE PRESENTS OF D’ARTAGNAN THE ELDER</h2><p>He rode.</p>"
        "<h2>2 THE ANTECHAMBER OF M. DE TREVILLE</h2><p>He waited.</p><h2>EPILOGUE</h2><p>It ended.</p>")
    assert [b.text for b in document.blocks if b.heading] == [
        "1 THE THREE PRESENTS OF D’ARTAGNAN THE ELDER", "2 THE ANTECHAMBER OF M. DE TREVILLE", "EPILOGUE"]


def test_html_a_later_volumes_contents_without_links_is_apparatus(tmp_path):
    """Notre-Dame de Paris in English HTML: volume II opens with its own contents, paragraphs that list
    each book's chapters ("BOOK SEVENTH. I. The Danger… II. A Priest…"), no links; and a part's number
    keeps apart from the chapter heading after it."""
    prose = "".join(f"<p>The bells rang {k} times over Paris that day.</p>" for k in range(30))
    path = tmp_path / "book.htm"
    path.write_text(
        "<html><body><h2>CHAPTER I. THE GREAT HALL.</h2>" + prose + "<h2>VOLUME II.</h2><h2>TABLE OF CONTENTS.</h2>"
        "<p>BOOK SEVENTH. I. The Danger of Confiding One’s Secret to a Goat II. A Priest and a Philosopher are two "
        "Different Things III. The Bells IV. <i>ANANKE</i></p><p>BOOK EIGHTH. I. The Crown Changed into a Dry Leaf "
        "II. Continuation of the Crown III. End of the Crown</p>"
        "<h2>CHAPTER I. THE DANGER OF CONFIDING ONE’S SECRET TO A GOAT.</h2>" + prose +
        "</body></html>", encoding="utf-8")
    document = read_book(path)[0]
    assert not any("BOOK EIGHTH" in b.text for b in document.blocks)
    assert any(a.startswith("BOOK SEVENTH. I. The Danger") for a in document.apparatus)
    assert [s.text for s in read_side(path, "en").sentences if s.heading] == [
        "CHAPTER I. THE GREAT HALL.", "VOLUME II.", "CHAPTER I. THE DANGER OF CONFIDING ONE’S SECRET TO A GOAT."]


def test_html_contents_at_the_back_in_a_table_take_their_title(tmp_path):
    """Arsène Lupin in Gutenberg's HTML: after FIN, "TABLE DES MATIÈRES" as a heading over a table of links
    (apparatus), then Gutenberg's end: the title closes the book."""
    document = _html_document(
        tmp_path, "<h3>L'ARRESTATION D'ARSÈNE LUPIN</h3><p>L'étrange voyage!</p><p class='c'>FIN</p>"
        '<h3><a name="TABLE_DES_MATIERES"></a>TABLE DES MATIÈRES</h3><table><tr><td><a href="#LARRESTATION">'
        "<b>L'arrestation d'Arsène Lupin</b></a></td></tr>" + "".join(
            f'<tr><td><a href="#S{k}"><b>{title}</b></a></td></tr>' for k, title in enumerate(
                ("Arsène Lupin en prison", "L'évasion d'Arsène Lupin", "Le mystérieux voyageur")))
        + "</table><pre>End of the Project Gutenberg EBook of Arsène Lupin</pre>")
    assert [b.text for b in document.blocks] == ["L'ARRESTATION D'ARSÈNE LUPIN", "L'étrange voyage!", "FIN"]
    assert "TABLE DES MATIÈRES" in document.apparatus


def test_html_a_chapters_first_sentence_set_as_a_lower_heading_is_text(tmp_path):
    """Widger's Les Misérables: "<h3>The door opened.</h3>" under "<h2>CHAPTER III—THE HEROISM…</h2>";
    a title under a bare number ("CHAPITRE II" then "Comment Candide se sauva…") stays a heading."""
    document = _html_document(
        tmp_path, "<h2>CHAPTER III—THE HEROISM OF PASSIVE OBEDIENCE.</h2><h3>The door opened.</h3><p>A man entered.</p>"
        "<h2>CHAPITRE II</h2><h3>Comment Candide se sauva d'entre les Bulgares.</h3><p>Il courut.</p>")
    assert [(b.text, b.heading) for b in document.blocks] == [
        ("CHAPTER III—THE HEROISM OF PASSIVE OBEDIENCE.", 2), ("The door opened.", 0), ("A man entered.", 0),
        ("CHAPITRE II", 2), ("Comment Candide se sauva d'entre les Bulgares.", 3), ("Il courut.", 0)]


def test_html_links_to_pictures_and_an_etext_editors_bookmarks_are_apparatus(tmp_path):
    """David Widger's Gutenberg HTML (The Confessions): under each picture a heading that links to its
    full size ("Original"), and after the book a list of passages to sample it by, far longer than a
    transcriber's note. A picture linked from within a sentence keeps its words."""
    marks = [f"<p>Passage {k} to sample the book by</p>" for k in range(60)]
    document = _html_document(
        tmp_path, '<h2>BOOK I.</h2><div class="fig"><img src="images/0028.jpg" alt="0028"/></div>'
        '<h5><a href="images/0028.jpg"><i>Original</i></a></h5><p>I was born at Geneva.</p>'
        '<p>See the <a href="map.png">map of the lake</a> here.</p><h2>BOOK II.</h2><p>I left it.</p>'
        "<p><i>[NOTE: Here is a short list of bookmarks, or pointers, for those who may wish to sample the"
        " author’s ideas. D.W.]</i></p><h3>ETEXT EDITOR’S BOOKMARKS:</h3>" + "".join(marks))
    assert [(b.text, b.heading) for b in document.blocks] == [
        ("BOOK I.", 2), ("I was born at Geneva.", 0), ("See the map of the lake here.", 0), ("BOOK II.", 2), ("I left it.", 0)]
    assert "**Original**" in document.apparatus and "Passage 59 to sample the book by" in document.apparatus


def test_html_preformatted_verse_is_read_a_line_a_block_with_its_entities(tmp_path):
    """Gutenberg sets some poems and addresses in <pre>: each line is a block (a line in lowercase goes
    on from the one before), and the entities an XHTML parse leaves unresolved are read; wrapped prose
    in <pre> (a licence) is read as paragraphs."""
    path = tmp_path / "pre.htm"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
                    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
                    "<pre>\n     &lsquo;How doth the little crocodile\n      Improve his shining tail,\n"
                    "       and pour the waters&mdash;\n</pre><pre>\nThis eBook is for the use of anyone anywhere at no cost and with\n"
                    "almost no restrictions whatsoever. You may copy it, give it away or reuse it.\n</pre></body></html>",
                    encoding="utf-8")
    document, _ = read_book(path)
    assert [b.text for b in document.blocks] == [
        "‘How doth the little crocodile", "Improve his shining tail, and pour the waters—",
        "This eBook is for the use of anyone anywhere at no cost and with almost no restrictions whatsoever. "
        "You may copy it, give it away or reuse it."]


def test_html_a_note_called_from_within_preformatted_verse_is_its_call(tmp_path):
    # Les Misérables (Widger): a song in <pre> calls its note by a link; 25 of its 70 notes were uncalled
    document = _html_document(tmp_path, '<pre>\n  De Goblet fils c\'est ici la fabrique;<a href="#linknote-14" '
                                        'id="noteref-14">14</a>\n  Venez choisir des cruches.\n</pre>'
                                        '<p><a id="linknote-14">14</a> This is the factory of Goblet Junior.</p>')
    assert [b.text for b in document.blocks] == ["De Goblet fils c'est ici la fabrique; [14]", "Venez choisir des cruches."]
    assert [(n.mark, n.text) for n in document.notes] == [("14", "This is the factory of Goblet Junior.")]


def test_literal_asterisks_are_text_not_emphasis(tmp_path):
    """A name kept back with asterisks ("the Duke of ***", "in 18**") is the book's text: not taken for
    emphasis marks, in HTML as in Markdown (plain text keeps "**bold**" as emphasis); Gutenberg's
    "*** START OF …" line is still apparatus."""
    (tmp_path / "stars.html").write_text(
        "<html><body><p>*** START OF THE PROJECT GUTENBERG EBOOK X ***</p><p>It was in 18**, in the town of ***. "
        "The Duke of *** came <i>late</i>.</p></body></html>", encoding="utf-8")
    (tmp_path / "stars.md").write_text("# One\n\nIt was in 18\\*\\*, in N\\*\\*\\*. He came *late*.\n", encoding="utf-8")
    side = read_side(tmp_path / "stars.html", "en")
    assert [(s.text, s.emphasis) for s in side.sentences] == [
        ("It was in 18**, in the town of ***.", False), ("The Duke of *** came late.", True)]
    assert "*** START OF THE PROJECT GUTENBERG EBOOK X ***" in side.apparatus
    assert [(s.text, s.emphasis) for s in read_side(tmp_path / "stars.md", "en").sentences][1:] == [
        ("It was in 18**, in N***.", False), ("He came late.", True)]


def test_html_italics_are_emphasis_and_nested_marks_are_one(tmp_path):
    path = tmp_path / "italics.html"
    path.write_text("<html><body><p>He read <i> The Times </i> and <em><b>Punch</b></em><i> </i>. Then he slept.</p>"
                    "</body></html>", encoding="utf-8")
    document, _ = read_book(path)
    assert [b.text for b in document.blocks] == ["He read **The Times** and **Punch**. Then he slept."]
    sentences = read_side(path, "en").sentences
    assert [(s.text, s.emphasis) for s in sentences] == [("He read The Times and Punch.", True), ("Then he slept.", False)]


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


def calibre_epub(titled: bool = True) -> bytes:
    """An EPUB 2 as calibre writes it: titles as bold divs (or, `titled` False, none), chapters only in toc.ncx."""
    chapter = ('<div class="c5"><span class="bold">{n}. {title}</span></div>' if titled else "") + '<div class="c4">{text}</div>'
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


def test_epub_whose_headings_are_styled_paragraphs_has_its_chapters(tmp_path):
    """LibreOffice's EPUB sets every heading as a styled paragraph and lists only the book's title in
    its toc.ncx: the paragraphs that name a chapter, and the title line after each, are the headings."""
    body = "".join(f'<p class="para0"><span class="span0">{text}</span></p>' for text in (
        "THE BOOK OF ANNA", "CHAPTER I", "The First Day", "Anna walked to the river. The water was cold.",
        "CHAPTER II", "Who Came Home?", "Anna walked back home. The road was long."))
    x = "application/xhtml+xml"
    path = tmp_path / "book.epub"
    path.write_bytes(_zip({"META-INF/container.xml": CONTAINER, "OEBPS/content.opf": _opf([("s", "s1.xhtml", x)], ["s"]),
                           "OEBPS/s1.xhtml": _xhtml(body)}))
    side = read_side(path, "en")
    assert [s.text for s in side.sentences if s.heading] == ["CHAPTER I. The First Day", "CHAPTER II. Who Came Home?"]
    assert [s.chapter for s in side.sentences if s.text.startswith("Anna")] == [1, 2]


def test_epub_navigation_label_of_a_file_and_a_chapters_title_line(tmp_path):
    """LibreOffice's EPUB with its headings in toc.ncx: a title page labelled "Section 1" gets no such
    heading, and a chapter's title line after its navigation title joins it."""
    para = '<p class="para0"><span class="span0">{}</span></p>'.format
    files = {"s1.xhtml": para("THE BOOK OF ANNA"),
             "s2.xhtml": para("CHAPTER I") + para("The First Day") + para("Anna walked to the river."),
             "s3.xhtml": para("CHAPTER II") + para("The Second Day") + para("Anna walked back home.")}
    ncx = ('<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap>' + "".join(
        f'<navPoint id="n{k}"><navLabel><text>{label}</text></navLabel><content src="s{k}.xhtml"/></navPoint>'
        for k, label in ((1, "Section 1"), (2, "CHAPTER I"), (3, "CHAPTER II"))) + "</navMap></ncx>")
    x = "application/xhtml+xml"
    opf = _opf([(f"s{k}", f"s{k}.xhtml", x) for k in (1, 2, 3)] + [("ncx", "toc.ncx", "application/x-dtbncx+xml")],
               ["s1", "s2", "s3"], 'toc="ncx"')
    path = tmp_path / "book.epub"
    path.write_bytes(_zip({"META-INF/container.xml": CONTAINER, "OEBPS/content.opf": opf, "OEBPS/toc.ncx": ncx,
                           **{f"OEBPS/{name}": _xhtml(body) for name, body in files.items()}}))
    side = read_side(path, "en")
    assert [(s.text, s.heading) for s in side.sentences] == [
        ("THE BOOK OF ANNA", False), ("CHAPTER I. The First Day", True), ("Anna walked to the river.", False),
        ("CHAPTER II. The Second Day", True), ("Anna walked back home.", False)]


def test_epub_missing_a_document_of_its_spine_says_so(tmp_path, caplog):
    x = "application/xhtml+xml"
    opf = _opf([("c1", "c1.xhtml", x), ("c2", "c2.xhtml", x)], ["c1", "c2"])
    path = tmp_path / "book.epub"
    path.write_bytes(_zip({"META-INF/container.xml": CONTAINER, "OEBPS/content.opf": opf,
                           "OEBPS/c1.xhtml": _xhtml("<h2>I</h2><p>Anna walked to the river.</p>")}))
    with caplog.at_level("WARNING", logger="align"):
        assert [s.text for s in read_side(path, "en").sentences] == ["I", "Anna walked to the river."]
    assert "1 document(s) of its reading order missing from the archive (OEBPS/c2.xhtml)" in caplog.text


def test_contents_entries_with_page_numbers_end_where_the_first_chapter_begins(tmp_path):
    """A contents page whose entries end with their page ("Chapter One: The Arrival 2"), as LibreOffice
    writes it, ends at the first chapter's heading: neither that heading and an epigraph under it go
    with the contents, nor does its last entry stay in the text."""
    entries = "".join(f"<p>Chapter {n}: {title} {page}</p>" for n, title, page in
                      (("One", "The Arrival", 2), ("Two", "The Storm", 3), ("Three", "Morning", 4)))
    chapters = ("<h1>Chapter One: The Arrival</h1><p><i>Where the lamp burns, the heart returns.</i></p>"
                "<p>Martha came to the hill in October.</p><h1>Chapter Two: The Storm</h1><p>The storm came.</p>"
                "<h1>Chapter Three: Morning</h1><p>The valley was clean.</p>")
    path = tmp_path / "book.html"
    path.write_text(f"<html><body><p>THE LANTERN</p><h2>Contents</h2>{entries}{chapters}</body></html>", encoding="utf-8")
    side = read_side(path, "en")
    assert [s.text for s in side.sentences if s.heading] == [
        "Chapter One: The Arrival", "Chapter Two: The Storm", "Chapter Three: Morning"]
    assert side.apparatus == ("Contents", "Chapter One: The Arrival 2", "Chapter Two: The Storm 3", "Chapter Three: Morning 4")


def test_a_second_contents_title_whose_entries_end_with_pages_is_apparatus(tmp_path):
    """calibre's DOCX of a French edition: its own "Table of Contents" first, then the book's "TABLE."
    with the table's cells one a paragraph ("I.", "AU FOND DU TERRIER.", "1"). Only the first contents
    title had been taken: the book's stayed in the text."""
    cells = "".join(f"<p>{n}</p><p>{title}</p><p>{page}</p>" for n, title, page in
                    (("I.", "AU FOND DU TERRIER.", 1), ("II.", "LA MARE AUX LARMES.", 15), ("III.", "LA COURSE COCASSE.", 29)))
    chapters = "".join(f"<h2>CHAPITRE {n}. {title}</h2><p>Alice était assise auprès de sa sœur. Elle s'ennuyait.</p>"
                       for n, title in (("PREMIER", "AU FOND DU TERRIER."), ("II", "LA MARE AUX LARMES."), ("III", "LA COURSE COCASSE.")))
    path = tmp_path / "book.html"
    path.write_text(f"<html><body><p>Table of Contents</p><p>Au lecteur</p><p>Le conte commence ici, dit le traducteur, et il finit bien plus loin.</p>"
                    f"<p>TABLE.</p><p>CHAPITRE.</p><p>PAGE.</p>{cells}{chapters}</body></html>", encoding="utf-8")
    side = read_side(path, "fr")
    assert "AU FOND DU TERRIER." in side.apparatus and "LA COURSE COCASSE." in side.apparatus
    assert "Le conte commence ici, dit le traducteur, et il finit bien plus loin." in [s.text for s in side.sentences]


def test_a_contents_page_run_into_one_paragraph_is_apparatus(tmp_path):
    """calibre's FB2 of a table: "TABLE. CHAPITRE. PAGE. I. AU FOND DU TERRIER. 1 II. …" in one paragraph."""
    chapters = "".join(f"<h2>CHAPITRE {n}.</h2><p>Alice était assise auprès de sa sœur. Elle s'ennuyait.</p>"
                       for n in ("PREMIER", "II", "III"))
    flat = "<p><b>TABLE.</b> CHAPITRE. PAGE. I. AU FOND DU TERRIER. 1 II. LA MARE AUX LARMES. 15 III. LA COURSE COCASSE. 29</p>"
    path = tmp_path / "book.html"
    path.write_text(f"<html><body><p>Au lecteur.</p>{flat}{chapters}</body></html>", encoding="utf-8")
    side = read_side(path, "fr")
    assert not any("TERRIER" in s.text for s in side.sentences)
    assert any(text.startswith("**TABLE.** CHAPITRE. PAGE.") or text.startswith("TABLE.") for text in side.apparatus)


def test_plain_text_contents_under_its_title_without_a_blank_line(tmp_path):
    """Plain text as LibreOffice saves it: a line a paragraph, no blank lines, "Contents" right under
    the title, entries with a tab and their page. The contents are set apart, not read as chapters."""
    chapters = "".join(f"       Chapter {n}: {title}\nMartha came to the hill in month {k}. The carter drove away.\n"
                       "The storm came in the night. The windows shook.\n"
                       for k, (n, title) in enumerate((("One", "The Arrival"), ("Two", "The Storm"), ("Three", "Morning")), 1))
    path = tmp_path / "book.txt"
    path.write_text("THE LANTERN\nContents\nChapter One: The Arrival\t2\nChapter Two: The Storm\t3\n"
                    "Chapter Three: Morning\t4\n" + chapters, encoding="utf-8")
    side = read_side(path, "en")
    assert [s.text for s in side.sentences if s.heading] == [
        "Chapter One: The Arrival", "Chapter Two: The Storm", "Chapter Three: Morning"]
    assert side.sentences[0].text == "THE LANTERN" and side.apparatus[0] == "Contents"


def test_plain_text_page_numbers_alone_are_no_chapters(tmp_path):
    """calibre's plain text of a book whose HTML marks its pages: "3", "7", "15" alone between blank
    lines are pages, set apart; chapters numbered 1, 2, 3 alone stay chapters."""
    body = "Alice sat by her sister on the bank and had nothing to do at all.\n\n"
    pages = "".join(f"{body}{number}\n\n" for number in (3, 7, 15, 22))
    path = tmp_path / "book.txt"
    path.write_text(f"CHAPITRE PREMIER.\n\n{pages}CHAPITRE II.\n\n{body}", encoding="utf-8")
    side = read_side(path, "fr")
    assert [s.text for s in side.sentences if s.heading] == ["CHAPITRE PREMIER.", "CHAPITRE II."]
    assert side.apparatus[:4] == ("3", "7", "15", "22")
    numbered = tmp_path / "numbered.txt"
    numbered.write_text("".join(f"{n}\n\n{body}" for n in (1, 2, 3, 4)), encoding="utf-8")
    assert [s.text[:2] for s in read_side(numbered, "en").sentences if s.heading] == ["1.", "2.", "3.", "4."]


def test_calibre_epub_of_a_word_document(tmp_path):
    """calibre's EPUB of a DOCX: chapters as bold list items that toc.ncx points at inside one file,
    notes as <dl class="footnote"> in files of their own. Each chapter a heading, each note a note."""
    main = ('<ol><li id="t1"><b>The First Night</b></li></ol><p>Tomas climbed the tower at dusk.<sup>'
            '<a href="n1.xhtml#note_1" class="noteref">1</a></sup> He lit the lamp.</p>'
            '<ol><li value="2" id="t2"><b>The Storm</b></li></ol><p>At midnight the storm came.</p>')
    note = ('<h1>Notes</h1><dl id="note_1" class="footnote"><dt>[<a href="main.xhtml#back">←1</a>]</dt>'
            '<dd><p>The tower had a hundred steps.</p></dd></dl>')
    ncx = ('<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap>' + "".join(
        f'<navPoint id="p{k}"><navLabel><text>{title}</text></navLabel><content src="main.xhtml#t{k}"/></navPoint>'
        for k, title in ((1, "The First Night"), (2, "The Storm"))) + "</navMap></ncx>")
    x = "application/xhtml+xml"
    opf = _opf([("m", "main.xhtml", x), ("n1", "n1.xhtml", x), ("ncx", "toc.ncx", "application/x-dtbncx+xml")],
               ["m", "n1"], 'toc="ncx"')
    path = tmp_path / "book.epub"
    path.write_bytes(_zip({"META-INF/container.xml": CONTAINER, "OEBPS/content.opf": opf, "OEBPS/toc.ncx": ncx,
                           "OEBPS/main.xhtml": _xhtml(main), "OEBPS/n1.xhtml": _xhtml(note)}))
    side = read_side(path, "en")
    assert [(s.text, s.chapter) for s in side.sentences if s.heading] == [("The First Night", 1), ("The Storm", 2)]
    assert [(n.mark, n.text) for n in side.notes] == [("1", "The tower had a hundred steps.")]
    assert side.sentences[-1].text == "At midnight the storm came."


@pytest.mark.parametrize("inside, book", [
    ("index.html", "<html><body><h1>CHAPTER I</h1><p>Alice was tired.</p></body></html>"),
    ("index.txt", "CHAPTER I\n\nAlice was tired.\n"),
])
def test_calibre_htmlz_and_txtz_are_read(tmp_path, inside, book):
    path = tmp_path / "book.zip"
    path.write_bytes(_zip({inside: book, "metadata.opf": "<package/>", "style.css": "p {}"}))
    assert [(s.text, s.heading) for s in read_side(path, "en").sentences] == [("CHAPTER I", True), ("Alice was tired.", False)]


def test_a_zip_inside_calibres_zip_is_refused(tmp_path):
    path = tmp_path / "book.htmlz"
    path.write_bytes(_zip({"index.html": _zip({"index.html": "<p>x</p>", "metadata.opf": "<package/>"}), "metadata.opf": "<package/>"}))
    _refused(tmp_path, "nested.htmlz", path.read_bytes(), "index.html is itself a ZIP archive")


def test_flat_odt_is_read_as_an_odt(tmp_path):
    """LibreOffice's flat ODT (.fodt): one XML file, its header outside the body; not plain text."""
    path = tmp_path / "book.fodt"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:mimetype="application/vnd.oasis.opendocument.text">'
        '<office:master-styles><style:master-page><style:header><text:p>The Book of Anna</text:p></style:header>'
        '</style:master-page></office:master-styles><office:body><office:text><text:h text:outline-level="1">CHAPTER I</text:h>'
        '<text:p>Anna walked to the river.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        '<text:note-body><text:p>A cold one.</text:p></text:note-body></text:note> The water was cold.</text:p>'
        '</office:text></office:body></office:document>', encoding="utf-8")
    side = read_side(path, "en")
    assert [(s.text, s.heading) for s in side.sentences] == [
        ("CHAPTER I", True), ("Anna walked to the river. [1]", False), ("The water was cold.", False)]
    assert [n.text for n in side.notes] == ["A cold one."]


def test_libreoffice_html_page_header_and_roman_endnotes(tmp_path):
    """LibreOffice's HTML: the page's head and foot in <div title="header"> and "footer" are the
    publisher's matter; endnotes numbered i, ii, iii are notes, each called from its sentence."""
    path = tmp_path / "book.html"
    path.write_text(
        '<html><body><div title="header"><p>The Book of Anna</p></div><h1>CHAPTER I</h1>'
        '<p>It was a ruin.<a class="sdendnoteanc" href="#sdendnote1sym" name="sdendnote1anc"><sup>i</sup></a> '
        'The chimney moaned.<a class="sdendnoteanc" href="#sdendnote2sym" name="sdendnote2anc"><sup>ii</sup></a></p>'
        '<div id="sdendnote1"><p><a class="sdendnotesym" href="#sdendnote1anc" name="sdendnote1sym">i</a>A ruin of 1902.</p></div>'
        '<div id="sdendnote2"><p><a class="sdendnotesym" href="#sdendnote2anc" name="sdendnote2sym">ii</a>As in the storm.</p></div>'
        '<div title="footer"><p>— 1 —</p></div></body></html>', encoding="utf-8")
    side = read_side(path, "en")
    assert [s.text for s in side.sentences] == ["CHAPTER I", "It was a ruin. [i]", "The chimney moaned. [ii]"]
    assert {k: [n.text for n in v] for k, v in side.called_notes().items()} == {1: ["A ruin of 1902."], 2: ["As in the storm."]}
    assert side.apparatus[:2] == ("The Book of Anna", "— 1 —")


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
        "OEBPS/c2.xhtml": _xhtml(chapter.format(  # a poem quoted in the chapter, titled in a header of its own
            n="II", title="In which they leave.", text='They went.</p><blockquote epub:type="z3998:poem"><header>'
            '<p>The Ballad</p></header><p><span>I know well, Olalla</span></p></blockquote><p>Then they sang.')),
        "OEBPS/endnotes.xhtml": _xhtml('<section epub:type="endnotes"><h2>Annotations</h2><ol><li id="note-1" epub:type="endnote">'
                                       '<p>A club in London. <a href="c1.xhtml#noteref-1" epub:type="backlink">↩</a></p></li></ol></section>'),
        "OEBPS/nav.xhtml": nav,
    })


@pytest.mark.parametrize("titled", [True, False], ids=["title-in-text", "title-only-in-ncx"])
def test_calibre_epub_titles_from_the_ncx(tmp_path, titled):
    path = tmp_path / "book.epub"
    path.write_bytes(calibre_epub(titled))
    side = read_side(path, "en")
    assert [(s.text, s.heading, s.chapter) for s in side.sentences] == [
        ("Around the World", False, 0), ("by", False, 0), ("Jules Verne", False, 0),
        ("I. The Start", True, 1), ("Mr. Fogg lived in London.", False, 1), ("He was rich.", False, 1),
        ("II. The Journey", True, 2), ("They left at once.", False, 2),
    ]


def test_epub2_title_page_and_contents_in_the_spine_are_apparatus(tmp_path):
    """pandoc's EPUB 2: a title page, and the navigation document in the spine, named by the guide;
    a guide's place within a chapter (calibre's contents at "#filepos802") takes no text."""
    x = "application/xhtml+xml"
    opf = _opf([("t", "text/title_page.xhtml", x), ("nav", "nav.xhtml", x), ("c1", "text/ch001.xhtml", x),
                ("c2", "text/ch002.xhtml", x)], ["t", "nav", "c1", "c2"]).replace(
        "</package>", '<guide><reference type="toc" title="The Keeper" href="nav.xhtml"/>'
                      '<reference type="toc" title="Contents" href="text/ch002.xhtml#filepos802"/></guide></package>')
    path = tmp_path / "book.epub"
    path.write_bytes(_zip({
        "META-INF/container.xml": CONTAINER, "OEBPS/content.opf": opf,
        "OEBPS/text/title_page.xhtml": _xhtml('<h1 class="title">The Keeper</h1><p class="author">Margaret Hale</p>'),
        "OEBPS/nav.xhtml": _xhtml('<h1>The Keeper</h1><ol><li><a href="text/ch001.xhtml">Chapter 1. The Storm</a></li></ol>'),
        "OEBPS/text/ch001.xhtml": _xhtml("<h1>Chapter 1. The Storm</h1><p>The storm came in from the west.</p>"),
        "OEBPS/text/ch002.xhtml": _xhtml("<h1>Chapter 2. The Stranger</h1><p>He came from the ship.</p>"),
    }))
    side = read_side(path, "en")
    assert [s.text for s in side.sentences] == [
        "Chapter 1. The Storm", "The storm came in from the west.", "Chapter 2. The Stranger", "He came from the ship."]
    assert {"The Keeper", "Margaret Hale"} <= set(side.apparatus)


def test_a_damaged_toc_ncx_leaves_the_book_readable_with_a_warning(tmp_path, caplog):
    archive = zipfile.ZipFile(io.BytesIO(calibre_epub(titled=True)))
    members = {n: archive.read(n) for n in archive.namelist() if n != "mimetype"}
    members["OEBPS/toc.ncx"] = members["OEBPS/toc.ncx"][:-20]  # cut short: not well-formed
    path = tmp_path / "book.epub"
    path.write_bytes(_zip(members))
    side = read_side(path, "en")
    assert [s.text for s in side.sentences][-5:] == [  # the chapters read, their titles only as the text sets them
        "I. The Start", "Mr. Fogg lived in London.", "He was rich.", "II. The Journey", "They left at once."]
    assert "toc.ncx: not well-formed XML" in caplog.text


def test_standard_ebooks_epub_numeral_and_bridgehead_endnotes(tmp_path):
    path = tmp_path / "book.epub"
    path.write_bytes(standard_ebooks_epub())
    document, _ = read_book(path)
    assert document.format == "epub"
    side = read_side(path, "en")
    assert [s.text for s in side.sentences] == [
        "I. In which Fogg accepts.", "He said yes—at once. [1]", "Then he left.", "II. In which they leave.", "They went.",
        "The Ballad", "I know well, Olalla", "Then they sang.",
    ]
    assert [s.chapter for s in side.sentences if s.heading] == [1, 2]  # the poem's title opens no chapter
    assert [(n.mark, n.text) for n in side.notes] == [("1", "A club in London.")]
    assert side.sentences[1].footnotes == ("1",)
    assert "This ebook is the product of many hours." in document.apparatus  # the imprint: shown, never aligned


def test_a_parts_number_alone_in_its_section_takes_no_title_from_the_next_section(tmp_path):
    """Standard Ebooks' Don Quixote: "Part I", alone in its file's <section epub:type="part">, had taken the
    dedication's title in the next file for its own ("Part I. To the Duke of Béjar…"), and so has a part
    whose sections nest in its own (the heading after it opens a section of its own)."""
    x = "application/xhtml+xml"
    path = tmp_path / "book.epub"
    path.write_bytes(_zip({
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": _opf([("p1", "part-1.xhtml", x), ("d1", "dedication-1.xhtml", x), ("c1", "chapter-1-1.xhtml", x)],
                                  ["p1", "d1", "c1"]),
        "OEBPS/part-1.xhtml": _xhtml('<section epub:type="part"><h2><span>Part</span> <span>I</span></h2></section>'),
        "OEBPS/dedication-1.xhtml": _xhtml('<section epub:type="dedication"><header><p>To the Duke of Béjar</p></header>'
                                           "<p>In belief of the good reception.</p></section>"),
        "OEBPS/chapter-1-1.xhtml": _xhtml('<section epub:type="chapter"><header><h3>I</h3><p epub:type="se:bridgehead">Which '
                                          "treats of the famous gentleman.</p></header><p>In a village of La Mancha.</p></section>"),
    }))
    headings = [s.text for s in read_side(path, "en").sentences if s.heading]
    assert headings == ["Part I", "To the Duke of Béjar", "I. Which treats of the famous gentleman."]
    nested = _html_file(tmp_path, '<section><h2>Part II</h2><section><h3>To the Count of Lemos</h3><p>Sending.</p></section>'
                                  "<section><h3>Chapter I</h3><h4>Of the interview</h4><p>Cide Hamete.</p></section></section>")
    assert [s.text for s in read_side(nested, "en").sentences if s.heading] == [
        "Part II", "To the Count of Lemos", "Chapter I. Of the interview"]


def test_epub_notes_linking_back_from_another_file_leave_the_calling_paragraph_in_the_text(tmp_path):
    """Gutenberg's EPUBs are cut from its HTML: the notes in a file of their own, each mark a link back
    to the anchor before its call in a chapter's file."""
    x = "application/xhtml+xml"
    path = tmp_path / "candide.epub"
    path.write_bytes(_zip({
        "META-INF/container.xml": CONTAINER,
        "OEBPS/content.opf": _opf([("c1", "c1.html", x), ("n", "notes.html", x)], ["c1", "n"]),
        "OEBPS/c1.html": _xhtml('<h2>CHAPTER I</h2><p>He was called Pangloss.<a id="FNanchor_1"></a>'
                                '<a href="notes.html#Footnote_1">[1]</a> He taught metaphysics.</p><p>Candide listened.</p>'),
        "OEBPS/notes.html": _xhtml('<h3>FOOTNOTES:</h3><div class="footnote"><p><a id="Footnote_1"></a>'
                                   '<a href="c1.html#FNanchor_1">[1]</a> From two Greek words.</p></div>'),
    }))
    side = read_side(path, "en")
    assert [s.text for s in side.sentences] == ["CHAPTER I", "He was called Pangloss. [1]", "He taught metaphysics.", "Candide listened."]
    assert [(n.mark, n.text) for n in side.notes] == [("1", "From two Greek words.")]


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


def test_zip_member_with_a_damaged_deflate_stream(tmp_path):
    data = bytearray(calibre_epub())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = next(i for i in archive.infolist() if i.filename.endswith(".html") and i.compress_type == zipfile.ZIP_DEFLATED)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)  # the local header's fixed part is 30 bytes
    data[start : start + 4] = b"\xff\xff\xff\xff"  # a deflate block of the reserved type: zlib refuses it
    _refused(tmp_path, "damaged.epub", bytes(data), "damaged ZIP")


def _central_entry(data: bytearray, suffix: str) -> int:
    """Where the central directory's entry of the first member ending with `suffix` begins."""
    at = data.find(b"PK\x01\x02")
    while not bytes(data[at + 46 : at + 46 + int.from_bytes(data[at + 28 : at + 30], "little")]).decode().endswith(suffix):
        at = data.find(b"PK\x01\x02", at + 4)
    return at


def test_zip_of_a_later_version_than_python_reads(tmp_path):
    data = bytearray(calibre_epub())
    at = _central_entry(data, ".html")
    data[at + 6 : at + 8] = (162).to_bytes(2, "little")  # the version needed to extract: 16.2
    _refused(tmp_path, "later.epub", bytes(data), "ZIP archive Python cannot open")


def test_zip_member_compressed_with_a_method_python_lacks(tmp_path):
    data = bytearray(calibre_epub())
    at = _central_entry(data, ".html")
    local = int.from_bytes(data[at + 42 : at + 46], "little")
    for field in (at + 10, local + 8):  # the compression method, in the central and the local header: Deflate64
        data[field : field + 2] = (9).to_bytes(2, "little")
    _refused(tmp_path, "deflate64.epub", bytes(data), "compressed in a way Python cannot read")


def test_zip_member_running_past_the_archives_end(tmp_path):
    """The fuzzing of book files: a member whose local header claims more than the archive holds ended
    the reading in EOFError, a traceback."""
    data = bytearray(_odt())
    local = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("content.xml").header_offset
    data[local + 28 : local + 30] = (0xFFFF).to_bytes(2, "little")  # its extra field's length: beyond the end
    _refused(tmp_path, "cut.odt", bytes(data), "damaged ZIP")


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


def test_html_nested_past_the_parsers_depth_is_refused_not_cut_short(tmp_path):
    """libxml2 stops at 256 levels and keeps what came before: the rest of the book would be lost unsaid."""
    deep = "<div>" * 300 + "Deep text." + "</div>" * 300
    html = f"<html><body><p>Before it.</p>{deep}<p>After it.</p></body></html>".encode()
    _refused(tmp_path, "deep.html", html, "Excessive depth")


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


# --- FB2, DOCX, ODT, Markdown, PDF ------------------------------------------------------------

FB2 = """<?xml version="1.0" encoding="windows-1251"?>
<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0" xmlns:l="http://www.w3.org/1999/xlink">
<description><title-info><book-title>Нос</book-title></title-info></description>
<body><title><p>Николай Гоголь</p><p>Нос</p></title>
<epigraph><p>Эпиграф к повести.</p></epigraph>
<section><title><p>Глава I</p></title>
<section><title><p>Утро</p></title>
<p>Марта 25 числа случилось <strong>необыкновенно</strong> странное происшествие.<a l:href="#n1" type="note">1</a> Цирюльник проснулся.</p>
<poem><stanza><v>Первая строка,</v><v>вторая строка,</v><v>Третья строка.</v></stanza></poem>
</section></section>
<section><title><p>Глава II</p><p>Майор</p></title><p>Коллежский <emphasis>асессор <strong>проснулся</strong></emphasis>. <emphasis>Рано.</emphasis></p></section>
</body>
<body name="notes"><title><p>Примечания</p></title>
<section id="n1"><title><p>1</p></title><p>Сноска о дате.</p></section></body>
<binary id="cover.jpg" content-type="image/jpeg">AAAA</binary>
</FictionBook>"""


def test_fb2_subtitle_is_a_heading_and_an_ornament_is_left_out(tmp_path):
    path = tmp_path / "subtitles.fb2"
    path.write_text('<?xml version="1.0" encoding="utf-8"?><FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">'
                    "<body><section><title><p>Глава I</p></title><p>Утро.</p><subtitle>Вечер</subtitle><p>Стемнело</p>"
                    "<subtitle>* * *</subtitle><p>Он уснул.</p></section></body></FictionBook>", encoding="utf-8")
    side = read_side(path, "ru")
    assert [(s.text, s.heading, s.chapter) for s in side.sentences] == [
        ("Глава I", True, 1), ("Утро.", False, 1),
        ("Вечер", True, 2), ("Стемнело", False, 2),  # a subtitle is a heading, never text of a sentence
        ("Он уснул.", False, 2),  # an ornament ("* * *") is not aligned
    ]


def test_fb2_as_calibre_writes_it(tmp_path):
    """calibre's FB2 of an HTML book: each chapter's number and title as two bold paragraphs (or two
    sections' titles), its bold opening with a line break: one heading a chapter, no "**" left."""
    path = tmp_path / "alice.fb2"
    path.write_text('<?xml version="1.0" encoding="utf-8"?><FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">'
                    "<body><section><p><strong>CHAPTER I</strong></p><p><strong>\n    Down the Rabbit-Hole</strong></p>"
                    "<p>Alice was <emphasis>very </emphasis>tired.</p><p><strong>CHAPTER II</strong></p>"
                    "<p><strong>The Pool of Tears</strong></p><p>Curiouser and curiouser, cried Alice.</p></section>"
                    "</body></FictionBook>", encoding="utf-8")
    side = read_side(path, "en")
    assert [(s.text, s.heading) for s in side.sentences] == [
        ("CHAPTER I. Down the Rabbit-Hole", True), ("Alice was very tired.", False),
        ("CHAPTER II. The Pool of Tears", True), ("Curiouser and curiouser, cried Alice.", False)]


def test_fb2_page_number_glued_before_a_chapters_heading(tmp_path):
    """calibre's FB2 of a book whose HTML marks its pages: "41" glued before "CHAPITRE IV." in one
    paragraph. The chapter is found, the number set apart."""
    chapters = "".join(f"<p>{page}\n<strong>CHAPITRE {n}.</strong></p><p>Alice était là, {n}.</p>"
                       for page, n in (("", "PREMIER"), ("41 ", "II"), ("78 ", "III")))
    path = tmp_path / "alice.fb2"
    path.write_text('<?xml version="1.0" encoding="utf-8"?><FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">'
                    f"<body><section>{chapters}</section></body></FictionBook>", encoding="utf-8")
    side = read_side(path, "fr")
    assert [s.text for s in side.sentences if s.heading] == ["CHAPITRE PREMIER.", "CHAPITRE II.", "CHAPITRE III."]
    assert side.apparatus == ("41", "78")


def test_fb2_poems_title_is_no_chapter(tmp_path):
    path = tmp_path / "poem.fb2"
    path.write_text('<?xml version="1.0" encoding="utf-8"?><FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">'
                    "<body><section><title><p>Глава 1</p></title><p>Он запел.</p><poem><title><p>Песня</p></title><stanza>"
                    "<v>Ночь тиха, пустыня внемлет богу,</v><v>И звезда с звездою говорит.</v></stanza></poem>"
                    "<p>Потом он долго молчал.</p></section></body></FictionBook>", encoding="utf-8")
    side = read_side(path, "ru")
    assert [(s.text, s.heading, s.chapter) for s in side.sentences][1:3] == [("Он запел.", False, 1), ("Песня", False, 1)]
    assert side.sentences[-1].chapter == 1


def test_fb2_sections_titles_and_notes_body(tmp_path):
    path = tmp_path / "nos.fb2"
    path.write_bytes(FB2.encode("cp1251"))
    document, _ = read_book(path)
    assert document.format == "fb2"
    side = read_side(path, "ru")
    assert [(s.text, s.heading, s.chapter) for s in side.sentences] == [
        ("Николай Гоголь.", False, 0), ("Нос", False, 0),  # the book's title, before the numbered chapters
        ("Эпиграф к повести.", False, 0),
        ("Глава I. Утро", True, 1),  # the chapter's number and its first section's title, one after the other
        ("Марта 25 числа случилось необыкновенно странное происшествие. [1]", False, 1),
        ("Цирюльник проснулся.", False, 1),
        ("Первая строка, вторая строка,", False, 1), ("Третья строка.", False, 1),  # a line of verse a sentence
        ("Глава II. Майор", True, 2), ("Коллежский асессор проснулся.", False, 2), ("Рано.", False, 2),
    ]
    assert [(n.mark, n.text) for n in side.notes] == [("1", "Сноска о дате.")]
    assert side.sentences[4].emphasis and side.sentences[4].footnotes == ("1",)
    assert side.sentences[9].emphasis and side.sentences[10].emphasis  # <emphasis>, italics (<strong> inside: marked once)


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx() -> bytes:
    def paragraph(text: str, style: str = "", note: str = "") -> str:
        properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        call = f'<w:r><w:footnoteReference w:id="{note}"/></w:r>' if note else ""
        return f"<w:p>{properties}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>{call}</w:p>"

    document = (f"<w:document {W}><w:body>" + paragraph("Chapter One", "Heading1")
                + paragraph("It was a dark night.", note="2") + paragraph(" Nobody came.")
                + paragraph("Chapter Two", "berschrift1") + paragraph("Morning came.")
                + '<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>Noon</w:t></w:r><w:r><w:t xml:space="preserve"> came.</w:t></w:r></w:p>'
                + "</w:body></w:document>")
    styles = (f"<w:styles {W}><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style>"
              f"<w:style w:type=\"paragraph\" w:styleId=\"berschrift1\"><w:name w:val=\"Überschrift 1\"/></w:style></w:styles>")
    footnotes = (f"<w:footnotes {W}><w:footnote w:type=\"separator\" w:id=\"0\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
                 f"<w:footnote w:id=\"2\"><w:p><w:r><w:t>A note on the night.</w:t></w:r></w:p></w:footnote></w:footnotes>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", styles)
        archive.writestr("word/footnotes.xml", footnotes)
    return buffer.getvalue()


def test_docx_heading_styles_and_footnotes(tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(_docx())
    side = read_side(path, "en")
    assert [(s.text, s.heading, s.chapter) for s in side.sentences] == [
        ("Chapter One", True, 1), ("It was a dark night. [1]", False, 1), ("Nobody came.", False, 1),
        ("Chapter Two", True, 2), ("Morning came.", False, 2), ("Noon came.", False, 2),
    ]
    assert [(n.mark, n.text) for n in side.notes] == [("1", "A note on the night.")]
    assert side.sentences[-1].emphasis and not side.sentences[-2].emphasis  # italics


def test_tracked_changes_leave_only_the_text_as_it_now_reads(tmp_path):
    """A translator's draft with changes tracked: deleted text and the old place of a moved passage
    (Word keeps its text there too) are left out; inserted text is read, and a non-breaking hyphen."""
    docx = (f"<w:document {W}><w:body><w:p><w:moveTo><w:r><w:t xml:space=\"preserve\">Moved here. </w:t></w:r></w:moveTo>"
            "<w:r><w:t xml:space=\"preserve\">It was a </w:t></w:r><w:del><w:r><w:delText>bright</w:delText></w:r></w:del>"
            "<w:ins><w:r><w:t>dark</w:t></w:r></w:ins><w:r><w:t xml:space=\"preserve\"> mid</w:t><w:noBreakHyphen/><w:t>winter night. </w:t></w:r>"
            "<w:moveFrom><w:r><w:t>Moved here.</w:t></w:r></w:moveFrom><w:del><w:r><w:t>Struck.</w:t></w:r></w:del></w:p></w:body></w:document>")
    odt = (f"<office:document-content {ODT_NS}><office:body><office:text><text:tracked-changes>"
           '<text:changed-region text:id="ct1"><text:deletion><office:change-info/>'
           "<text:p>Удалённый абзац.</text:p></text:deletion></text:changed-region></text:tracked-changes>"
           '<text:p>Было <text:change text:change-id="ct1"/>поздно.</text:p></office:text></office:body></office:document-content>')
    for name, member, content in (("draft.docx", "word/document.xml", docx), ("draft.odt", "content.xml", odt)):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(member, content)
        (tmp_path / name).write_bytes(buffer.getvalue())
    assert [s.text for s in read_side(tmp_path / "draft.docx", "en").sentences] == ["Moved here.", "It was a dark mid-winter night."]
    assert [s.text for s in read_side(tmp_path / "draft.odt", "ru").sentences] == ["Было поздно."]


def test_docx_lines_broken_within_a_paragraph_are_blocks(tmp_path):
    """A poem typed with line breaks (Shift+Enter) in one paragraph: a block a line, as the HTML reader
    sets verse (a line in lowercase goes on); a page break is a space."""
    runs = ("<w:r><w:t>Twinkle, twinkle,</w:t><w:br/><w:t>little star,</w:t><w:br/><w:t>How I wonder</w:t>"
            '<w:br w:type="page"/><w:t xml:space="preserve">what you are!</w:t></w:r>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {W}><w:body><w:p>{runs}</w:p></w:body></w:document>")
    (tmp_path / "poem.docx").write_bytes(buffer.getvalue())
    assert [b.text for b in read_book(tmp_path / "poem.docx")[0].blocks] == [
        "Twinkle, twinkle, little star,", "How I wonder what you are!"]


def test_rtf_is_refused_not_read_as_text(tmp_path):
    # RTF is plain ASCII: read as text, its control words would be aligned as words
    _refused(tmp_path, "draft.rtf", b"{\\rtf1\\ansi {\\fonttbl {\\f0 Times;}}\\f0 Hello world.\\par }", "RTF document")
    _refused(tmp_path, "book.azw3", b"Alice" + bytes(55) + b"BOOKMOBI" + bytes(200), "Kindle")


def test_password_protected_docx(tmp_path):
    # Office encrypts a DOCX into a compound file holding an "EncryptedPackage" stream
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    _refused(tmp_path, "secret.docx", data, "password-protected")


ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')


def _odt(manifest: str = "") -> bytes:
    content = (f"<office:document-content {ODT_NS}><office:automatic-styles>"
               '<style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>'
               "</office:automatic-styles><office:body><office:text>"
               '<text:h text:outline-level="1">Глава 1</text:h>'
               "<text:p>Он пришёл домой<text:note text:id=\"ftn1\" text:note-class=\"footnote\">"
               "<text:note-citation>1</text:note-citation><text:note-body><text:p>В Петербурге.</text:p></text:note-body>"
               "</text:note>. Было поздно.</text:p>"
               '<text:h text:outline-level="1">Глава 2</text:h><text:p>Утро. <text:span text:style-name="T1">Рано</text:span>.</text:p>'
               "<text:p>Строка первая,<text:line-break/>Строка вторая,<text:line-break/>и третья.</text:p>"
               "</office:text></office:body></office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest or '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return buffer.getvalue()


def test_odt_note_inside_its_paragraph_is_not_spliced_into_the_sentence(tmp_path):
    path = tmp_path / "draft.odt"
    path.write_bytes(_odt())
    side = read_side(path, "ru")
    assert [(s.text, s.heading) for s in side.sentences] == [
        ("Глава 1", True), ("Он пришёл домой [1].", False), ("Было поздно.", False), ("Глава 2", True), ("Утро.", False),
        ("Рано.", False), ("Строка первая,", False), ("Строка вторая, и третья.", False),  # a line of verse a sentence
    ]
    assert side.sentences[-3].emphasis and not side.sentences[-4].emphasis  # a span in an italic style
    assert [(n.mark, n.text) for n in side.notes] == [("1", "В Петербурге.")]


def test_password_protected_odt(tmp_path):
    manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry>'
                "</manifest:manifest>")
    _refused(tmp_path, "secret.odt", _odt(manifest), "password-protected")


def test_markdown_headings_emphasis_footnotes(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Chapter 1\n\nIt was **very** dark[^1]. Then *light* came. And ***both***.\n\n"
                    "```\ncode is left out\n```\n\n## Chapter 2\n\n- A list item.\n\n[^1]: The night of 25 March.\n")
    side = read_side(path, "en")
    assert [(s.text, s.heading, s.emphasis) for s in side.sentences] == [
        ("Chapter 1", True, False), ("It was very dark [1].", False, True), ("Then light came.", False, True),
        ("And both.", False, True),  # italics are emphasis too, marked once where bold holds them
        ("Chapter 2", True, False), ("A list item.", False, False),
    ]
    assert [(n.mark, n.text) for n in side.notes] == [("1", "The night of 25 March.")]


def test_markdown_as_writers_extend_it(tmp_path):
    """Pandoc's and static sites' Markdown: front matter apart, a heading's attributes, fenced divs
    and contents links left out, a line block read as verse, a footnote's second paragraph (indented
    under it, after a blank line) and a definition's wrapped line kept in the note."""
    path = tmp_path / "book.md"
    path.write_text(
        "---\ntitle: The Keeper\nauthor: M. Hale\n---\n\n- [Chapter 1. The Storm](#chapter-1)\n\n"
        "::: dedication\n*For my brother.*\n:::\n\n# Chapter 1. The Storm {#chapter-1 .unnumbered}\n\n"
        "She lit the lamp.[^1] The ship lost her rudder.[^2]\n\n| Over the water the lantern burns,\n"
        "| Under the water the long tide turns.\n\n| a | b |\n|---|---|\n\n"
        "[^1]: The lamp was a Fresnel lens,\ninstalled in 1868.\n\n"
        "[^2]: A rudder steers a ship.\n\n    Without it, a ship drifts.\n", encoding="utf-8")
    document, _ = read_book(path)
    assert [(b.text, b.heading) for b in document.blocks] == [
        ("**For my brother.**", 0), ("Chapter 1. The Storm", 1), ("She lit the lamp. [1] The ship lost her rudder. [2]", 0),
        ("Over the water the lantern burns,", 0), ("Under the water the long tide turns.", 0), ("| a | b | |---|---|", 0)]
    assert [(n.mark, n.text) for n in document.notes] == [
        ("1", "The lamp was a Fresnel lens, installed in 1868."), ("2", "A rudder steers a ship. Without it, a ship drifts.")]
    assert document.apparatus == ("title: The Keeper author: M. Hale", "Chapter 1. The Storm")


def test_markdown_raw_html_is_read_as_html(tmp_path):
    # a poem in a <div> had been dropped whole, as raw HTML; a comment and a script give nothing
    path = tmp_path / "raw.md"
    path.write_text("She sang:\n\n<div class=\"poem\">\n<p>Over the water the lantern burns,<br/>Under the tide.</p>\n"
                    "</div>\n\n<!-- a comment -->\n\n<script>alert(1)</script>\n\nThen she slept.\n", encoding="utf-8")
    assert [b.text for b in read_book(path)[0].blocks] == [
        "She sang:", "Over the water the lantern burns,", "Under the tide.", "Then she slept."]


def test_markdown_nested_deep_keeps_its_text_or_is_refused(tmp_path):
    # CommonMark's parser stopped at 20 levels and dropped the rest of the file without a word
    path = tmp_path / "nested.md"
    path.write_text("First paragraph.\n\n" + "- " * 10 + "Nested item.\n\n" + ">" * 30 + " Quoted.\n\nLast paragraph.\n")
    assert [b.text for b in read_book(path)[0].blocks] == ["First paragraph.", "Nested item.", "Quoted.", "Last paragraph."]
    path.write_text("First paragraph.\n\n" + "- " * 5000 + "Nested item.\n")
    with pytest.raises(AlignError, match="nested too deep"):
        read_book(path)


def test_an_italic_dedication_under_a_contents_title_with_no_entries_stays_text(tmp_path):
    # a contents not filled in (a word processor's field): only its title; the dedication under it,
    # in italics, is no contents entry (it had ended in "**", not a full stop, and gone to apparatus)
    path = tmp_path / "book.md"
    path.write_text("## Contents\n\n*For my brother Thomas, who taught me to read the sea.*\n\n# Chapter 1. The Storm\n\n"
                    "The storm came in from the west on a Tuesday night. Anna watched it from the lamp room.\n\n"
                    "# Chapter 2. The Stranger\n\nThe stranger said that his name was Daniel Reeve.\n", encoding="utf-8")
    document, _ = read_book(path)
    assert document.blocks[0].text == "**For my brother Thomas, who taught me to read the sea.**"
    assert document.apparatus == ("Contents",)


def test_markdown_lines_broken_by_hard_breaks_are_blocks(tmp_path):
    """A poem in Markdown, its lines ended by two spaces or a backslash: a block a line (a line in
    lowercase goes on), emphasis across a break kept on both lines; a soft break joins."""
    path = tmp_path / "poem.md"
    path.write_text("*Twinkle, twinkle,  \nlittle star,  \nHow I wonder*\\\nWhat you are!\n\nShe sang it\nand slept.\n")
    assert [b.text for b in read_book(path)[0].blocks] == [
        "**Twinkle, twinkle, little star,**", "**How I wonder**", "What you are!", "She sang it and slept."]
    assert [s.paragraph for s in read_side(path, "en").sentences] == [0, 0, 0, 3]  # the stanza one paragraph


def _pdf(*pages: bytes, widthless: bool = False) -> bytes:
    """A PDF drawing each of `pages` on a page of its own (with Helvetica as F1, Helvetica-Bold as F2),
    offsets computed; `widthless`: F1's glyphs declared without width (/Widths all 0), as calibre's
    fonts are."""
    widths = b" /FirstChar 32 /LastChar 126 /Widths [%s]" % b" ".join([b"0"] * 95) if widthless else b""
    kids = b" ".join(b"%d 0 R" % (5 + 2 * k) for k in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica%s >>" % widths,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
    ]
    for k, content in enumerate(pages):
        objects += [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (6 + 2 * k),
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_without_text_is_a_scan(tmp_path):
    pytest.importorskip("pypdfium2")
    _refused(tmp_path, "scan.pdf", _pdf(b"0 0 0 rg 100 100 200 200 re f"), "without a text layer")


def test_pdf_with_a_page_that_cannot_be_loaded(tmp_path):
    pytest.importorskip("pypdfium2")
    damaged = _pdf(b"BT /F1 12 Tf 72 700 Td (Hello world.) Tj ET").replace(b"/Type /Page /Parent", b"/Type /Pag /Parent")
    _refused(tmp_path, "damaged.pdf", damaged, "damaged PDF")


def test_pdf_footnote_at_the_page_foot_is_a_note(tmp_path):
    pytest.importorskip("pypdfium2")
    lines = [(12, 700, "CHAPTER I"), (12, 670, "It was a dark night in the town of Tours,"),
             (12, 655, "and nobody came to the door at all.1 Then"), (12, 640, "the morning came."),
             (8, 100, "1 A note about the door.")]
    path = tmp_path / "article.pdf"
    path.write_bytes(_pdf(_page(lines)))
    side = read_side(path, "en")
    assert [s.text for s in side.sentences] == [
        "CHAPTER I", "It was a dark night in the town of Tours, and nobody came to the door at all.1 Then the morning came.",
    ]
    assert side.sentences[0].heading
    assert [(n.mark, n.text) for n in side.notes] == [("1", "A note about the door.")]


@pytest.mark.skipif(not BOOKS.is_dir(), reason="no books in ../shared")
def test_alice_pdf_has_its_chapters_and_no_page_numbers():
    pytest.importorskip("pypdfium2")
    side = read_side(BOOKS / "alice-en-de" / "en_11-pdf.pdf", "en")
    assert len(side.chapters) == 12
    assert not any(s.text.strip().isdigit() for s in side.sentences)
    assert any("Alice was beginning to get very tired" in s.text for s in side.sentences)


@pytest.mark.parametrize("bad", ["drm", "bomb"])
def test_cli_refuses_a_bad_book_with_status_2_and_writes_nothing(tmp_path, bad):
    import os
    import subprocess
    import sys

    book = tmp_path / "book.epub"
    if bad == "drm":
        encryption = ('<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                      'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:CipherData>'
                      '<enc:CipherReference URI="OEBPS/c1.html"/></enc:CipherData></enc:EncryptedData></encryption>')
        book.write_bytes(_zip({"META-INF/encryption.xml": encryption, "META-INF/container.xml": CONTAINER}))
    else:
        book.write_bytes(b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaa">]><html><body><p>&a;</p></body></html>')
    (tmp_path / "en.txt").write_text("One sentence here. Another one there.\n")
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run([sys.executable, "-m", "align.cli", "run", str(book), str(tmp_path / "en.txt"), "-o", str(out / "a.parquet")],
                            capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"}, timeout=300)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("align: error:") and str(book) in result.stderr
    assert list(out.iterdir()) == []


def _page(lines: list[tuple[int, int, str]]) -> bytes:
    return b" ".join(b"BT /F1 %d Tf 72 %d Td (%s) Tj ET" % (size, y, text.encode()) for size, y, text in lines)


def test_pdf_running_heads_and_page_numbers_are_set_apart(tmp_path):
    pytest.importorskip("pypdfium2")
    body = ["It was a dark night in the town.", "Nobody came to the door at all.", "Then the morning came at last."]
    pages = [_page([(10, 760, "THE DARK NIGHT"), (12, 700, body[k]), (10, 40, str(k + 1))]) for k in range(3)]
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(*pages))
    side = read_side(path, "en")
    assert [s.text for s in side.sentences] == body
    assert side.apparatus.count("THE DARK NIGHT") == 3 and "2" in side.apparatus


def test_pdf_title_set_large_over_two_lines_is_one_heading(tmp_path):
    pytest.importorskip("pypdfium2")
    body = [(11, 600 - 14 * k, line) for k, line in enumerate(
        ["They were indeed a queer-looking party that", "assembled on the bank in the morning.", "The birds were wet through."])]
    page = _page([(16, 700, "CHAPTER III. A Caucus-Race and"), (16, 680, "a Long Tale"), *body])
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(page))
    side = read_side(path, "en")
    assert [(s.text, s.heading) for s in side.sentences][:2] == [
        ("CHAPTER III. A Caucus-Race and a Long Tale", True),
        ("They were indeed a queer-looking party that assembled on the bank in the morning.", False)]


def test_pdf_hyphen_that_ends_a_line_ends_it(tmp_path):
    """pdfium writes a line-end hyphen as U+FFFE and no line break: the line ends there, the word
    broken by the line is joined, and two words used elsewhere keep their hyphen."""
    pytest.importorskip("pypdfium2")
    lines = ["Alice thought it a very won-", "derful garden, and the night-", "air was cool. The night was long and the air", "was cold."]
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(_page([(12, 700 - 14 * k, line) for k, line in enumerate(lines)])))
    assert [s.text for s in read_side(path, "en").sentences] == [
        "Alice thought it a very wonderful garden, and the night-air was cool.", "The night was long and the air was cold."]


def test_pdf_notes_marked_without_a_space_are_notes(tmp_path):
    """LibreOffice and Word set a note's raised mark right before its text ("1A preserve…")."""
    pytest.importorskip("pypdfium2")
    page = _page([(12, 700, "It was labelled ORANGE MARMALADE,1 but it was"), (12, 686, "empty. She put it back."),
                  (8, 100, "1A preserve of Seville oranges.")])
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(page))
    side = read_side(path, "en")
    assert [s.text for s in side.sentences] == ["It was labelled ORANGE MARMALADE,1 but it was empty.", "She put it back."]
    assert [(n.mark, n.text) for n in side.notes] == [("1", "A preserve of Seville oranges.")]


def test_pdf_raised_call_is_a_note_call(tmp_path):
    """A call set small and raised after its word ("MARMALADE¹") is the call of the note of that mark,
    and the line goes on after it."""
    pytest.importorskip("pypdfium2")
    page = (b"BT /F1 12 Tf 72 700 Td (It was labelled ORANGE MARMALADE) Tj /F1 7 Tf 4 Ts (1) Tj 0 Ts /F1 12 Tf"
            b" (, but it was empty.) Tj ET " + _page([(12, 686, "She put it back on the shelf."), (8, 100, "1 A preserve of oranges.")]))
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(page))
    side = read_side(path, "en")
    assert side.sentences[0].text == "It was labelled ORANGE MARMALADE [1], but it was empty."
    assert [n.text for n in side.called_notes()[0]] == ["A preserve of oranges."]


def test_pdf_paragraphs_of_one_line_are_told_by_the_books_leading(tmp_path):
    """A page of one-line paragraphs (dialogue), 23 points apart, after pages of prose 14 apart: a song
    34 points below the line that announces it is a paragraph of its own, by the book's leading (the
    page's, 23, took the 34 for a line's)."""
    pytest.importorskip("pypdfium2")
    prose = [_page([(12, 700 - 14 * k, f"The {name} garden was very quiet on day {k} and the" if k < 19 else
                     f"{name} birds sang.") for k in range(20)]) for name in ("green", "walled", "kitchen")]
    dialogue = _page([(12, 700, "Yes, said Alice."), (12, 677, "No, said the Hatter."), (12, 654, "He sang this, slowly and sadly:"),
                      (12, 620, "Will you walk a little faster, said a whiting."), (12, 597, "Nobody answered him.")])
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(*prose, dialogue))
    last = [s for s in read_side(path, "en").sentences][-4:]
    assert [s.text for s in last] == ["No, said the Hatter.", "He sang this, slowly and sadly:",
                                      "Will you walk a little faster, said a whiting.", "Nobody answered him."]
    assert len({s.paragraph for s in last}) == 4


def test_pdf_a_small_quotation_at_the_foot_that_opens_with_a_number_is_no_note(tmp_path):
    """Only a line the page calls is a note: a letter quoted small at a page's foot that opens with
    "12" stays in the text."""
    pytest.importorskip("pypdfium2")
    page = _page([(12, 700, "The letter that came on Tuesday was short."), (12, 686, "He read it twice by the window."),
                  (12, 672, "Then he put it away."), (9, 120, "12 Church Lane, Tuesday."), (9, 108, "Dear Sir, the books will come.")])
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(page))
    side = read_side(path, "en")
    assert side.notes == () and "12 Church Lane, Tuesday." in [s.text for s in side.sentences]


def test_pdf_bold_subheading_at_a_pages_foot_is_no_part_of_the_next_page(tmp_path):
    pytest.importorskip("pypdfium2")
    first = _page([(12, 700 - 14 * k, f"The road was long on day {k} and the cart was slow.") for k in range(5)])
    first += b" BT /F2 12 Tf 72 600 Td (The Return of the Carrier) Tj ET"
    second = _page([(12, 700, "It was late in October when he came"), (12, 686, "back along the river road.")])
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(first, second))
    texts = [s.text for s in read_side(path, "en").sentences]
    assert "The Return of the Carrier" in texts and "It was late in October when he came back along the river road." in texts


def test_pdf_chapter_heads_and_numbers_written_first_are_set_apart(tmp_path):
    """A recto head naming the chapter on three pages only (no number), a head that carries the page
    number on two, and a foot's number the producer wrote after the head, before the body, are
    running heads, not text."""
    pytest.importorskip("pypdfium2")
    pages = []
    for k in range(20):
        head = ("ALICE'S ADVENTURES" if k % 2 else "DOWN THE RABBIT-HOLE" if k < 6 else f"THE POOL OF TEARS {k + 3}"
                if k < 10 else f"A CAUCUS-RACE AND A LONG TALE {k + 3}")
        pages.append(_page([(9, 760, head), (9, 40, str(k + 3)), (12, 700, f"She fell and fell for page {chr(97 + k)} and there."),
                            (12, 686, f"Nothing happened on page {chr(97 + k)} at all.")]))
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(*pages))
    side = read_side(path, "en")
    assert not any(any(c.isdigit() for c in s.text) or s.text.isupper() for s in side.sentences)
    assert len(side.sentences) == 40


def test_pdf_drop_cap_goes_back_to_its_word(tmp_path):
    pytest.importorskip("pypdfium2")
    body = [(96, "lice was beginning to get very tired of sitting"), (96, "by her sister on the bank."),
            (72, "Alice had nothing to do."), (72, "Alice peeped into the book.")]
    page = b"BT /F1 30 Tf 72 683 Td (A) Tj ET " + b" ".join(  # the cap beside the first two lines, indented
        b"BT /F1 12 Tf %d %d Td (%s) Tj ET" % (x, 700 - 14 * k, line.encode()) for k, (x, line) in enumerate(body))
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(page))
    assert read_side(path, "en").sentences[0].text == "Alice was beginning to get very tired of sitting by her sister on the bank."


def test_pdf_drop_cap_of_a_word_of_one_letter_stays_a_word(tmp_path):
    pytest.importorskip("pypdfium2")
    body = [(96, "long time ago the road was long and"), (96, "the night was long."), (72, "It was a long way home.")]
    page = b"BT /F1 30 Tf 72 683 Td (A) Tj ET " + b" ".join(
        b"BT /F1 12 Tf %d %d Td (%s) Tj ET" % (x, 700 - 14 * k, line.encode()) for k, (x, line) in enumerate(body))
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(page))
    assert read_side(path, "en").sentences[0].text == "A long time ago the road was long and the night was long."


def test_pdf_text_that_recurs_at_page_tops_is_not_a_running_head(tmp_path):
    """Only a line set smaller than the text can be a head on as few as three pages: a refrain in the
    text's size stays, and so does a chapter's heading (set larger) whose title heads its other pages."""
    pytest.importorskip("pypdfium2")
    pages = []
    for k in range(20):
        refrain = "Over the hills and far away we go." if k % 5 == 0 else f"The road ran on past farm {chr(97 + k)}."
        lines = [(12, 700, refrain), (12, 686, f"The carrier sang verse {chr(97 + k)} of it.")]
        if k == 0:
            lines = [(18, 740, "The River Road")] + lines
        elif k < 4:
            lines = [(9, 760, "The River Road")] + lines
        pages.append(_page(lines + [(9, 40, str(k + 1))]))
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(*pages))
    side = read_side(path, "en")
    texts = [s.text for s in side.sentences]
    assert texts.count("Over the hills and far away we go.") == 4 and texts.count("The River Road") == 1
    assert side.apparatus.count("The River Road") == 3


def test_pdf_a_raised_number_no_note_answers_is_no_call(tmp_path):
    """x² where no note 2 is, and a lowered H₂O where one is, are not calls."""
    pytest.importorskip("pypdfium2")
    squared = (b"BT /F1 12 Tf 72 700 Td (The area is x) Tj /F1 7 Tf 4 Ts (2) Tj 0 Ts /F1 12 Tf ( in all.) Tj ET")
    water = (b"BT /F1 12 Tf 72 700 Td (The water is H) Tj /F1 7 Tf -2 Ts (2) Tj 0 Ts /F1 12 Tf (O from the well.) Tj"
             b" /F1 7 Tf 4 Ts (2) Tj 0 Ts ET " + _page([(8, 100, "2 A note on the well.")]))
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(squared, water))
    side = read_side(path, "en")
    assert [s.text for s in side.sentences] == ["The area is x2 in all.", "The water is H2O from the well. [2]"]
    assert [n.mark for n in side.notes] == ["2"]


def test_pdf_lines_beside_a_drop_cap_go_on_and_a_page_may_open_a_paragraph(tmp_path):
    """The lines beside a drop cap are indented without opening paragraphs (the chapter's heading
    keeps to itself), "A" + "stranger" stays two words where the book never writes "Astranger",
    and an indented first line at the top of a page opens a paragraph."""
    pytest.importorskip("pypdfium2")
    lines = [(96, "stranger came to the village on the day"), (96, "the river rose, and nobody knew"),
             (72, "his name at all."), (72, "The water rose all night and the traveller slept.")]
    first = b"BT /F1 16 Tf 72 740 Td (CHAPTER ONE) Tj ET BT /F1 30 Tf 72 683 Td (A) Tj ET " + b" ".join(
        b"BT /F1 12 Tf %d %d Td (%s) Tj ET" % (x, 700 - 14 * k, line.encode()) for k, (x, line) in enumerate(lines))
    second = _page([(12, 700, "In the morning the bridge was gone"), (12, 686, "and the village was cut off.")])
    second = second.replace(b"72 700 Td", b"90 700 Td")  # its first line indented
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(first, second))
    side = read_side(path, "en")
    assert [(s.text, s.heading) for s in side.sentences][:2] == [
        ("CHAPTER ONE", True), ("A stranger came to the village on the day the river rose, and nobody knew his name at all.", False)]
    assert side.sentences[-1].paragraph != side.sentences[-2].paragraph


def test_pdf_a_raised_initial_does_not_make_its_line_a_title(tmp_path):
    pytest.importorskip("pypdfium2")
    page = (b"BT /F1 24 Tf 72 700 Td (T) Tj /F1 12 Tf (he carrier came up the hill in the rain, and old) Tj ET "
            + _page([(12, 686, "Martha stood in the square until the lamps were lit.")]))
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(page))
    assert [s.text for s in read_side(path, "en").sentences] == [
        "The carrier came up the hill in the rain, and old Martha stood in the square until the lamps were lit."]


_HELVETICA = dict(zip("PAacdeijlnoprstuv.", (667, 667, 556, 500, 556, 556, 222, 222, 222, 556, 556, 556, 333, 500, 278, 556, 500, 278)))


def _glyphs(row: str, x: float, y: float) -> bytes:
    """A row set a glyph at a time, each placed where Helvetica's width puts it, words 7 points apart
    (at 20 points: a 26.67-point font scaled by 0.75, as calibre's PDF sets its text)."""
    out = []
    for char in row:
        if char != " ":
            out.append(b"BT /F1 26.67 Tf 0.75 0 0 0.75 %.2f %.2f Tm (%s) Tj ET" % (x, y, char.encode()))
        x += 7 if char == " " else _HELVETICA[char] * 20 / 1000 + 0.8
    return b"\n".join(out)


def test_pdf_glyphs_of_a_font_without_widths_make_words_not_letters(tmp_path):
    """calibre's PDF of the French Alice: glyphs declared without width, each its own text object. pdfium
    then spaces every letter ("d u jar d i n") or breaks the row at each one; 17 sentences had come out
    letter by letter."""
    pytest.importorskip("pypdfium2")
    page = _glyphs("la porte", 100, 520) + b"\n" + _glyphs("du jardin. Pauvre Alice est la", 100, 500)
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(page, widthless=True))
    words = " ".join(s.text for s in read_side(path, "fr").sentences).split()
    assert {"porte", "du", "Pauvre", "est"} <= set(words)  # (Helvetica's side bearings leave "jard i n": wider than Liberation's)


def test_pdf_title_page_then_contents_page_are_not_one_paragraph(tmp_path):
    """A heading set large at the top of a page opens a paragraph: the contents page after a title
    page is set apart, not read as text glued to the author's name."""
    pytest.importorskip("pypdfium2")
    title = _page([(24, 600, "ALICE IN WONDERLAND"), (14, 560, "Lewis Carroll")])
    contents = _page([(18, 700, "Contents"), (12, 670, "CHAPTER I. Down the Rabbit-Hole........ 3"),
                      (12, 656, "CHAPTER II. The Pool of Tears........ 4")])
    chapters = [_page([(18, 700, f"CHAPTER {n}. {name}"), (12, 670, f"This is the first sentence of chapter {n}."),
                       (12, 656, "It goes on for a while, as chapters do.")]) for n, name in (("I", "Down the Rabbit-Hole"), ("II", "The Pool of Tears"))]
    path = tmp_path / "book.pdf"
    path.write_bytes(_pdf(title, contents, *chapters))
    side = read_side(path, "en")
    texts = [s.text for s in side.sentences]
    assert "Lewis Carroll" in texts and not any("Contents" in t or "...." in t for t in texts)
    assert [s.text for s in side.sentences if s.heading] == ["CHAPTER I. Down the Rabbit-Hole", "CHAPTER II. The Pool of Tears"]


@pytest.mark.parametrize("charset, text", [("windows-1252", "Désirée, œuvre — naïve."), ("iso-8859-15", "Le cœur coûte 5 €.")])
def test_html_declared_charset_is_honoured(tmp_path, monkeypatch, charset, text):
    from align.formats import markup

    monkeypatch.setattr(markup, "decode", lambda data, name: "<p>guessed</p>")  # the declaration wins over a guess
    path = tmp_path / "page.html"  # HTML, not XML: an unclosed <br>
    path.write_bytes(f'<html><head><meta charset="{charset}"></head><body><p>{text}<br></p></body></html>'.encode(charset))
    assert [b.text for b in read_book(path)[0].blocks] == [text]
