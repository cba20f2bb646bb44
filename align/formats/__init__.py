"""Readers of every format into one Document: the format told from the content (magic bytes, ZIP
members, the XML root), not only from the file's name."""

from __future__ import annotations

import re
from dataclasses import replace

from ..records import AlignError, Block, Document, Note
from . import apparatus
from .encoding import decode
from .epub import read_epub
from .fb2 import read_fb2
from .markdown import read_markdown
from .office import odt_blocks, read_docx, read_odt
from .pdf import read_pdf
from .html import read_markup
from .archive import member, open_zip
from .markup import parse_markup, parse_xml
from .headings import bare_number, labelled, running_on
from .text import chapter_title, restored, text_document, without_emphasis

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an encrypted DOCX, a legacy .doc
_FICTION_BOOK = re.compile(rb"<(?:\w+:)?FictionBook\b")
_RUNNING_NUMBERS = 3  # chapters numbered alone, their numbers running on, enough to mark a book's chapters
_PAGE_BEFORE = re.compile(r"(\d{1,4})\s+(?=\S)")  # a page's number glued before a paragraph
_ZIPPED_BOOKS = ("index.html", "index.txt")  # the book in calibre's HTMLZ and TXTZ, beside its metadata.opf
_FLAT_ODF = re.compile(rb"<(?:\w+:)?document\b[^>]*opendocument:xmlns:office")  # a flat ODT (.fodt): one XML file
_MARKDOWN_HEADING = re.compile(rb"^#{1,6} \S", re.MULTILINE)
_HTML = re.compile(rb"<(?:!doctype\s+html|html|body|p|h[1-6]|div)\b", re.IGNORECASE)


def parse(data: bytes, name: str) -> Document:
    """The document in a file's bytes. Raises AlignError (one line, naming the file) for a file that
    cannot be read: binary, empty, damaged, protected or unsafe."""
    kind = detect(data, name)
    if kind == "zipped":  # calibre's HTMLZ and TXTZ: the book's one HTML or text file, zipped
        archive = open_zip(data, name)
        inside = next(path for path in _ZIPPED_BOOKS if path in archive.namelist())
        book = member(archive, inside, name)
        if book.startswith(b"PK\x03\x04"):  # an archive in an archive: no book is made so
            raise AlignError(f"{name}: {inside} is itself a ZIP archive; refused")
        return parse(book, f"{name}:{inside}")
    if kind == "epub":
        document = finish(*read_epub(data, name), "epub")
    elif kind == "docx":
        document = finish(*read_docx(data, name), "docx")
    elif kind == "odt":
        document = finish(*read_odt(data, name), "odt")
    elif kind == "fb2":
        document = finish(*read_fb2(parse_xml(data, name)), "fb2")
    elif kind == "fodt":
        document = finish(*odt_blocks(parse_xml(data, name)), "odt")
    elif kind == "markdown":
        document = finish(*read_markdown(decode(data, name), name), "markdown")
    elif kind == "pdf":
        text, notes, matter = read_pdf(data, name)
        read = text_document(text)
        document = Document(read.blocks, tuple(notes), tuple(matter) + read.apparatus, "pdf")
    elif kind == "html":
        markup = read_markup(parse_markup(data, name))
        document = finish(markup.blocks, markup.notes, markup.apparatus, "html")
    else:
        document = text_document(decode(data, name))
    if not document.blocks:  # all of it set apart: nothing with a letter or a digit (emoji, ornaments), or a licence alone
        raise AlignError(f"{name}: no text to align (nothing in it with letters or digits, or only a publisher's matter)"
                         if document.apparatus else f"{name}: the text is empty")
    return document


def detect(data: bytes, name: str) -> str:
    """The format of a file's bytes: epub, docx, odt, fodt, fb2, pdf, html, markdown or text (see parse)."""
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, name)
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_OLE):
        raise AlignError(f"{name}: an encrypted (password-protected) Office document or an old .doc; save it as DOCX without a password")
    if data[60:68] == b"BOOKMOBI":  # a Kindle book's database header
        raise AlignError(f"{name}: a Kindle (MOBI, AZW) book, which is not read; convert it to EPUB (calibre does)")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):  # text, but its markup would be aligned as words
        raise AlignError(f"{name}: an RTF document, which is not read; save it as DOCX, ODT or plain text")
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and _FICTION_BOOK.search(data[:4096]):
        return "fb2"
    if head.startswith(b"<") and _FLAT_ODF.search(data[:4096]):
        return "fodt"
    if head.startswith(b"<") and _HTML.search(data[:65536]):
        return "html"
    if name.lower().endswith((".md", ".markdown")) or len(_MARKDOWN_HEADING.findall(data[:65536])) >= 2:
        return "markdown"
    return "text"


def finish(blocks: list[Block], notes: list[Note], matter: list[str], kind: str) -> Document:
    """A reader's blocks as a document, the publisher's apparatus set apart (see apparatus.separate),
    its chapters named in words where its markup marks none (_labelled_chapters)."""
    kept, separated = apparatus.separate(blocks)
    kept, pages = _labelled_chapters(kept)
    separated += pages
    notes = [Note(note.mark, restored(without_emphasis(note.text))) for note in notes]
    return Document(tuple(kept), tuple(notes), tuple(restored(text) for text in matter + separated), kind)


def _labelled_chapters(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Where a book's markup marks fewer than two headings (LibreOffice's EPUB sets every heading as a
    styled paragraph), the paragraphs that name a chapter by a word and a number ("CHAPTER I",
    "Chapitre premier"), two or more, are its headings, and so is a title line right after one ("The
    First Day"), as the plain-text reader reads them; and the page numbers a converter glued before
    such a heading ("41 CHAPITRE IV.", calibre's FB2 of a book whose HTML marks its pages)."""
    if sum(1 for block in blocks if block.heading) >= 2:
        return blocks, []
    named: dict[int, str] = {}  # the paragraphs that name a chapter, and the page number before each ("" for none)
    for k, block in enumerate(blocks):
        glued = _PAGE_BEFORE.match(block.text)
        if labelled(without_emphasis(block.text)):
            named[k] = ""
        elif glued and labelled(without_emphasis(block.text[glued.end() :])):
            named[k] = glued.group(1)
    named.update(dict.fromkeys(_running_numbers(blocks), ""))
    if len(named) < 2:
        return blocks, []
    out = list(blocks)
    for k, page in named.items():
        out[k] = replace(out[k], text=out[k].text[len(page):].lstrip(), heading=2)
        after = k + 1
        if after < len(out) and after not in named and not out[after].heading:
            if chapter_title(without_emphasis(out[after].text)):
                out[after] = replace(out[after], heading=2)
    return out, [page for page in named.values() if page]


def _running_numbers(blocks: list[Block]) -> list[int]:
    """The paragraphs that are a chapter's number alone, in roman numerals or digits ("I", "II." set
    centred in bold, as hand-made HTML numbers its chapters), whose numbers run on from the one before
    or to the one after of the same kind (1, 2, 3…; I, II, III…), three or more: a page's number
    alone jumps."""
    running = []
    for roman in (False, True):
        found = [(k, number) for k, block in enumerate(blocks) if (number := bare_number(plain := without_emphasis(block.text))) is not None
                 and plain.strip(" .").isdigit() != roman]
        running += running_on(found)
    return sorted(running) if len(running) >= _RUNNING_NUMBERS else []


def _zip_format(data: bytes, name: str) -> str:
    """Which book a ZIP archive holds, told by its members."""
    names = set(open_zip(data, name).namelist())
    if "META-INF/container.xml" in names and "content.xml" not in names:
        return "epub"
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        return "odt"
    if "metadata.opf" in names and any(path in names for path in _ZIPPED_BOOKS):
        return "zipped"
    raise AlignError(f"{name}: a ZIP archive that is not a book (no EPUB, DOCX or ODT inside)")
