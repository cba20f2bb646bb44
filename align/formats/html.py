"""HTML and XHTML -> blocks: paragraphs and headings (h1-h6; a title set as a paragraph in the heading's
header, as Standard Ebooks does), footnotes apart as notes with their calls left as markers ("[12]"),
and what is not the work set aside: page numbers ("[Pg 12]"), tables of contents (blocks that are all
internal links), navigation, scripts and styles, marginal summaries ("sidenote") and pictures' captions; a
drop cap set as a picture is read as its letter. Bold and italic text is marked **...**. Each line of a poem
(lines split by <br />, in italics or not, or set as spans of class "i0", "line") is a block of its own."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from lxml import etree

from ..records import Block, Note, lowercase
from .apparatus import contents_title
from .markup import attribute, entity_text, localname, plain_text
from .headings import number_only, numbers_itself
from .text import (LINE_BREAK, LITERAL_ASTERISK, NOTES_TITLE, literal, marked_call, normalise, split_paragraphs, tidy_marks, title_line,
                   without_emphasis)

_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dd dt blockquote pre table tbody thead tfoot tr td th section article"
    " aside header footer main body hgroup figure figcaption center address caption poem stanza br hr".split()
)
_SECTIONS = frozenset("section article body".split())  # a heading that ends one heads nothing after it
_CAPTION_WORDS = 40  # a picture's caption, in the paragraph that holds it, is no longer
_SKIPPED = frozenset("head script style noscript svg math img object iframe button form select textarea template nav".split())
_EMPHASIS = frozenset("b strong i em".split())
_PAGE_NUMBER = re.compile(r"pagenum|pageno|page-?number|folio|linenum", re.IGNORECASE)
# a page break marked by class: a page number's place, or a style ("page-break-before: always") on a
# heading or a paragraph of the book, which is read (Die Verwandlung's chapter I and its last paragraph)
_PAGE_BREAK = re.compile(r"\bpage-?break\b", re.IGNORECASE)
_PAGE_MARK = re.compile(r"\W*(?:(?:pg|page|p\.)\W*(?:\d+|[ivxlcdm]+)|\d+)?\W*", re.IGNORECASE)  # "[Pg 12]", "iv" needs "Pg"
_PAGE_TEXT = re.compile(r"\s*\[(?:Pg|pg|Page|page|p\.)\s*[\divxlcdm]+\]")
# a note's mark: a number, stars, a sign, a letter or a small roman numeral (LibreOffice numbers endnotes i, ii, iii)
_NOTE_MARK = re.compile(r"[\[(]?\s*(\d{1,3}|\*{1,3}|[†‡§¶]|[a-z]|[ivxlc]{2,7})\s*[\])]?$")
_CAPITAL_MARK = re.compile(r"[\[(]\s*([A-Z])\s*[\])]$")  # "[A]", in brackets: a bare "A" may be an index's letter
_SKIPPED_TYPES = re.compile(r"\b(?:toc|landmarks|loi|page-list|pagebreak)\b")
# the publisher's pages of an EPUB (Standard Ebooks' imprint and colophon): kept as apparatus, never aligned
_PUBLISHER_TYPES = re.compile(r"\b(?:titlepage|halftitlepage|imprint|colophon|copyright-page|uncopyright)\b")
_NOTE_TYPES = re.compile(r"\b(?:footnote|endnote|rearnote|note)s?\b")
_ONE_NOTE = re.compile(r"\b(?:footnote|endnote|rearnote|note)\b")  # the class of one note's block, not of all notes'
_NOTES_SECTION = re.compile(r"\b(?:footnotes|endnotes|rearnotes)\b")
_SPACE = re.compile(r"\s+")
_LONG_NOTE = 5000  # a link target longer than this is a section, not a note
_VERSE_LINE = re.compile(r"(?:^|\s)(?:i\d{1,2}|line|verse)(?:\s|$)")  # a span that is a line of a poem (Gutenberg's "i0", "i2")
_NUMBER_OR_WORD = "\x02"  # a line break in a heading after "I": a full stop before a title in capitals
_AFTER_I = re.compile(_NUMBER_OR_WORD + r"(?=\s*(\S+))")
_NOTE_PARAGRAPHS = 3  # a note's paragraphs after its first, at most, set as blocks of their own
_STANZA = re.compile(r"\bstanza\b", re.IGNORECASE)
_VERSE_CLASS = re.compile(r"\b(?:poem|poetry|stanza|verse)\b", re.IGNORECASE)
_SHAPED_WORDS = 3  # in a poem, a line of this many words at most that begins in lowercase goes on from the one before
_VERSE_WIDTH = 65  # a preformatted block none of whose lines is longer is verse (or an address), not wrapped prose
# Gutenberg's marginal summaries, the captions of its pictures (in "figcenter", "figleft" blocks) and
# transcriber's notes
_ASIDE = re.compile(r"sidenote|marginnote|margin-note|caption|\bfig|illustration|transnote|\btnote|transcriber",
                    re.IGNORECASE)
_PICTURE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|tiff?)(?:[?#].*)?$", re.IGNORECASE)  # a link to a picture
# notes as David Widger's Gutenberg HTML sets them: a <pre> block after the paragraph, each note a line
# opening with asterisks ("* As each nation…", "** The rifle…", "* (2) Whose flames…"), called by them
# ("…Horican.” *", "…the big river*, fought…")
_ASTERISK_NOTE = re.compile(rf"^[ \t]*({LITERAL_ASTERISK}{{1,3}})[ \t]*(?:\((\d{{1,3}})\))?[ \t]*(?=[^\s{LITERAL_ASTERISK}])",
                            re.MULTILINE)
_ASTERISK_CALL = re.compile(rf"(?<![\s{LITERAL_ASTERISK}]) ?({LITERAL_ASTERISK}{{1,3}})(?:\((\d{{1,3}})\))?(?=[\s,.;:!?)\]”’\"]|$)")
_BACKLINK = re.compile(r"^\(\s*(?:return|back|retour)\s*\)\s*", re.IGNORECASE)  # a note's link back to its call, first
_DROP_CAP = re.compile(r"[^\W\d_]{1,2}")  # an image's alternative text that is a chapter's first letter


@dataclass
class Markup:
    """What one HTML document gave: blocks, notes and apparatus in reading order."""

    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    apparatus: list[str] = field(default_factory=list)


def read_markup(root: etree._Element, called: dict[str, str] | None = None) -> Markup:
    """Blocks, notes and apparatus of an (X)HTML tree. `called`: the marks by id of notes that other
    files of the same book call (an EPUB's endnotes), in this tree or in another."""
    body = next((e for e in root.iter() if localname(e) == "body"), root)
    reader = _Reader({**(called or {}), **note_calls(body)}, _ids(body))
    reader.block(body, 0)
    return reader.markup


def note_calls(root: etree._Element) -> dict[str, str]:
    """The mark of each note call by the id it points to (in this file or another): links whose text is
    a short mark ("12", "[3]", "*", "†"), or marked as note references."""
    calls = {}
    for link in root.iter():
        if localname(link) != "a" or "#" not in attribute(link, "href"):
            continue
        text = _SPACE.sub("", "".join(link.itertext()))
        mark = _NOTE_MARK.match(text) or _CAPITAL_MARK.match(text)
        parent = link.getparent()
        in_table = parent is not None and localname(parent) in ("td", "th", "li")
        if (mark and not in_table) or "noteref" in attribute(link, "type"):
            calls[attribute(link, "href").rsplit("#", 1)[-1]] = mark.group(1) if mark else "".join(link.itertext()).strip()
    return calls


@dataclass
class _Run:
    """Inline text being gathered into one block."""

    parts: list[str] = field(default_factory=list)
    link_letters: Counter[int] = field(default_factory=Counter)  # by line: letters inside internal links
    # that are not note calls (a contents entry)
    picture_letters: Counter[int] = field(default_factory=Counter)  # by line: letters inside links to pictures
    lines: bool = True  # a line break ends a block (a line of verse), but not in a heading set on two lines
    verse: bool = False  # within a poem's markup (class "poem", "stanza", "verse"): its lines are kept
    emphasised: bool = False  # within bold or italics: marked once, at the outermost element

    def break_line(self) -> None:
        """A line break: in a heading, a space, or a full stop after a number alone ("PREMIÈRE PARTIE<br/>SIEUR
        CLUBIN": "PREMIÈRE PARTIE. SIEUR CLUBIN", as a number and a title set as two headings read)."""
        if self.lines:
            self.parts.append(LINE_BREAK)
            return
        so_far = "".join(self.parts).replace("**", "").strip()
        if so_far == "I":  # a numeral, or a word ("I<br/>Promessi Sposi"): see texts
            self.parts.append(_NUMBER_OR_WORD)
        else:
            self.parts.append(". " if so_far and number_only(so_far) and so_far[-1] not in ".:—–-" else " ")

    def texts(self) -> list[str]:
        """The run's text, one string per line; emphasis set across a line break is closed and reopened."""
        texts, bold = [], False
        for line in self._lines():
            line = "**" + line if bold else line
            bold = line.count("**") % 2 == 1
            line = _AFTER_I.sub(lambda m: ". " if m.group(1).isupper() else " ", line)  # "I. UN MOT", "I Promessi Sposi"
            texts.append(_SPACE.sub(" ", normalise(tidy_marks(line + "**" if bold else line))).strip())
        return texts

    def _lines(self) -> list[str]:
        """The run's lines; one that begins in lowercase goes on from the line before (a line broken for the
        layout, a poem set in a shape), its place left empty so that lines keep their numbers. In a poem's
        markup only one of three words or fewer, or one after such a line, does ("De te faire" / "aller en
        justice."): a line of verse may begin in lowercase (Don Quijote's sonnets: "Rompí, corté, abollé,
        y dije y hice" / "más que en el orbe caballero andante;")."""
        lines = "".join(self.parts).split(LINE_BREAK)
        last = 0  # the last line with text
        for number, line in enumerate(lines):
            if not line.strip():
                continue
            first = next((c for c in line if c.isalpha()), "")
            short = len(line.split()) <= _SHAPED_WORDS or len(lines[last].split()) <= _SHAPED_WORDS
            if number and lowercase(first) and lines[last].strip() and (short or not self.verse):
                lines[last], lines[number] = f"{lines[last]} {line}", ""
                self.link_letters[last] += self.link_letters.pop(number, 0)
                self.picture_letters[last] += self.picture_letters.pop(number, 0)
            else:
                last = number
        return lines


def _opening_sentence(previous: Block | None, text: str, level: int) -> bool:
    """Whether a lower heading under a chapter's heading, number and title, is the chapter's first
    sentence set as a heading: Widger's Les Misérables has "<h2>CHAPTER III—THE HEROISM OF PASSIVE
    OBEDIENCE.</h2><h3>The door opened.</h3>" (a title under a bare number, "CHAPITRE PREMIER" then
    "Comment Candide fut élevé…", is its title)."""
    return (previous is not None and 0 < previous.heading < level and not number_only(previous.text)
            and not title_line(text) and not numbers_itself(text))


def _in_verse(element: etree._Element) -> bool:
    """Whether an element is (within) a poem's markup."""
    return any(_VERSE_CLASS.search(e.get("class") or "") for e in (element, *element.iterancestors()))


class _Reader:
    def __init__(self, calls: dict[str, str], ids: dict[str, etree._Element]) -> None:
        self.markup = Markup()
        self.calls = calls
        self.note_bodies: dict[etree._Element, str] = {}  # each note's block in this tree -> its mark
        for key, mark in calls.items():
            body = _note_body(ids[key]) if key in ids else None
            if body is not None and _words_before(body, ids[key]):
                continue  # a note's link back to its call: the paragraph there is running text
            if body is not None and _is_note(body) and not _within_heading(ids[key]):
                self.note_bodies[body] = mark
        self.apart = False  # within a notes section or a table of contents: its headings and entries are apparatus

    def block(self, element: etree._Element, level: int) -> None:
        """Read a block element: its inline text as blocks, its block children in turn."""
        name = localname(element)
        if self._skipped(element, name):
            return
        # a page's running head and foot as LibreOffice writes them in HTML: <div title="header">
        if _PUBLISHER_TYPES.search(attribute(element, "type")) or (name == "div" and element.get("title") in ("header", "footer")):
            text = " ".join(plain_text(element).split())
            self.markup.apparatus += [text] if text else []
            return
        if element in self.note_bodies:
            self._note(element)
            return
        if self._note_goes_on(element):
            text = " ".join(plain_text(element).split())
            self.markup.notes[-1] = replace(self.markup.notes[-1], text=f"{self.markup.notes[-1].text} {text}".strip())
            return
        if self._aside(element, name):
            return
        # a table of contents marked by its class is apparatus, its own title too (Gutenberg's Don Quijote: "<div
        # class="toc">El ingenioso hidalgo…</div>" over the list of links, which alone was set apart)
        contents = "toc" in element.get("class", "").split()
        if contents:
            self._contents_title_apart()  # "CONTENTS" over Widger's <p class="toc"> entries
        if (_NOTES_SECTION.search(attribute(element, "type")) or contents) and not self.apart:
            self.apart = True
            self.block(element, level)
            self.apart = False
            return
        if name == "table" and _contents_table(element):
            self._contents_title_apart()
            for row in (e for e in element.iter() if localname(e) == "tr"):
                cells = (" ".join(plain_text(cell).split()) for cell in row if localname(cell) in ("td", "th"))
                self.markup.apparatus.append(" ".join(cell for cell in cells if cell))
            return
        if name == "pre":
            text = literal(self._preformatted(element))
            if self._asterisk_notes(text):
                return
            widths = [len(line.strip()) for line in text.split("\n") if line.strip()]
            if widths and max(widths) <= _VERSE_WIDTH:  # a poem, an address: a block a line, as <br /> makes them
                self._flush(_Run([text.replace("\n", LINE_BREAK)]), level)
            else:
                self.markup.blocks += [Block(p, level) for p in split_paragraphs(text)]
            return
        if name in _SECTIONS:
            self._section_ends()
        level = _level(element, name) or level
        first = len(self.markup.blocks)
        run = _Run(lines=not level, verse=_in_verse(element))
        if element.text:
            run.parts.append(literal(element.text))
        for child in element:
            child_name = localname(child)
            if isinstance(child, etree._Entity):
                run.parts.append(entity_text(child))
            elif child_name in _BLOCKS and child_name not in ("br", "hr"):
                self._flush(run, level)
                run = _Run(lines=not level, verse=_in_verse(element))
                self.block(child, level)
            elif child_name in ("br", "hr"):  # a line of verse, an address: a block of its own
                run.break_line()
            else:
                self.inline(child, run)
            if child.tail:
                run.parts.append(literal(child.tail))
        self._flush(run, level)
        if _STANZA.search(element.get("class", "")):
            # a stanza whose lines are blocks of their own (<div class="verse">): one paragraph, a line a block
            blocks = self.markup.blocks
            blocks[first + 1 :] = [block if block.heading else replace(block, line=True) for block in blocks[first + 1 :]]
        if name in _SECTIONS and len(self.markup.blocks) > first:
            self._section_ends()

    def inline(self, element: etree._Element, run: _Run) -> None:
        if isinstance(element, etree._Entity):
            run.parts.append(entity_text(element))
            return
        name = localname(element)
        if _drop_cap(element):
            run.parts.append(attribute(element, "alt").strip())  # a drop cap set as a picture of the letter
            return
        if self._skipped(element, name) or self._aside(element, name):
            return
        mark = self._call(element, name)
        if mark:
            run.parts.append(f" [{mark}]")
            return
        internal = name == "a" and "#" in attribute(element, "href")
        pictured = name == "a" and bool(_PICTURE_FILE.search(attribute(element, "href")))
        verse = name == "span" and bool(_VERSE_LINE.search(element.get("class", "")))
        if verse:
            run.break_line()
        before = len(run.parts)
        bold = name in _EMPHASIS and not run.emphasised
        if bold:
            run.parts.append("**")
            run.emphasised = True
        if element.text:
            run.parts.append(literal(element.text))
        for child in element:
            if localname(child) == "br":
                run.break_line()
            elif localname(child) in _BLOCKS:
                run.parts.append(" ")
            self.inline(child, run)
            if child.tail:
                run.parts.append(literal(child.tail))
        if bold:
            run.parts.append("**")
            run.emphasised = False
            if not "".join(run.parts[before + 1 : -1]).strip():
                del run.parts[before:]
        if verse:
            run.break_line()
        if internal or pictured:
            letters = run.link_letters if internal else run.picture_letters
            line = run.parts[:before].count(LINE_BREAK)
            for part in run.parts[before:]:
                line += int(part == LINE_BREAK)
                letters[line] += sum(c.isalnum() for c in part)

    def _flush(self, run: _Run, level: int) -> None:
        first = len(self.markup.blocks)
        for line, text in enumerate(run.texts()):
            text = _PAGE_TEXT.sub("", text).replace("** **", " ").strip()
            if not text or text == "****":
                continue
            letters = sum(c.isalnum() for c in text)
            if self.apart or NOTES_TITLE.match(without_emphasis(text)) or (letters and run.picture_letters[line] >= 0.9 * letters):
                self.markup.apparatus.append(text)  # "Endnotes", "FOOTNOTES:", a link to a picture's full size ("Original")
            elif not level and letters and run.link_letters[line] >= 0.9 * letters:
                self._contents_title_apart()
                self.markup.apparatus.append(text)  # a contents entry, a "back to top" link
            elif not level and line == 0 and self._asterisk_note(text):
                continue
            else:
                if level and _opening_sentence(self.markup.blocks[-1] if self.markup.blocks else None, text, level):
                    level = 0
                self.markup.blocks.append(Block(text, level, line=not level and len(self.markup.blocks) > first))

    def _section_ends(self) -> None:
        """A section ends, or another begins: a heading just before heads nothing after it (Block.alone).
        Standard Ebooks' "<section epub:type="part"><h2>Part I</h2></section>" is a file of its own, and
        the dedication's title in the next file had been read as the part's ("Part I. To the Duke of Béjar…")."""
        blocks = self.markup.blocks
        if blocks and blocks[-1].heading:
            blocks[-1] = replace(blocks[-1], alone=True)

    def _contents_title_apart(self) -> None:
        """A contents' title goes with its entries (links, a table of them): the heading that follows is the book's."""
        if self.markup.blocks and contents_title(self.markup.blocks[-1].text):
            self.markup.apparatus.append(self.markup.blocks.pop().text)

    def _skipped(self, element: etree._Element, name: str) -> bool:
        if not name or name in _SKIPPED:
            return True
        kind = attribute(element, "type")
        classes = element.get("class", "") + " " + element.get("id", "")
        if _PAGE_BREAK.search(classes) and not _PAGE_MARK.fullmatch("".join(element.itertext())):
            return False
        return bool(_PAGE_NUMBER.search(classes) or _PAGE_BREAK.search(classes) or _SKIPPED_TYPES.search(kind)
                    or element.get("role", "") == "doc-pagebreak")

    def _aside(self, element: etree._Element, name: str) -> bool:
        """Set a marginal note ("Arrival in Paris."), a picture's caption or a transcriber's note aside as
        apparatus, as the plain-text reader does "[Illustration: …]": not spliced into the sentence beside
        it, nor aligned as a sentence the other edition lacks. Say whether the element was one."""
        pictured = name == "figure" and any(localname(e) == "img" for e in element.iter())
        if not (name == "figcaption" or pictured or _ASIDE.search(element.get("class", "")) or _captioned(element, name)):
            return False
        text = " ".join(_spaced_text(element).split())
        if not text and any(_drop_cap(e) for e in element.iter()):
            return False  # a drop cap set as a floated picture: its letter is read
        if text:
            self.markup.apparatus.append(text)
        return True

    def _preformatted(self, element: etree._Element) -> str:
        """A preformatted block's text, each note's call in it written as its mark ("…la fabrique; [14]":
        Les Misérables' songs call their notes from within <pre>)."""
        parts = [element.text or ""]
        for child in element:
            if isinstance(child, etree._Entity):
                parts.append(entity_text(child))
            else:
                mark = self._call(child, localname(child))
                parts.append(f" [{mark}]" if mark else self._preformatted(child))
            parts.append(child.tail or "")
        return "".join(parts)

    def _call(self, element: etree._Element, name: str) -> str:
        """The mark of a footnote call ("12"), or "" when the element is not one."""
        if name not in ("a", "sup", "span"):
            return ""
        href = attribute(element, "href")
        if name != "a":
            link = next((a for a in element if localname(a) == "a"), None)
            if link is None or "".join(element.itertext()).strip() != "".join(link.itertext()).strip():
                return ""
            href = attribute(link, "href")
        target = href.rsplit("#", 1)[-1] if "#" in href else ""
        return self.calls.get(target, "") if target else ""

    def _asterisk_note(self, text: str) -> bool:
        """Read a paragraph opening with an asterisk that a block just before calls ("…his piquette* stands
        in need…" / "*A watered liquor…", The Three Musketeers' HTML) as its note; say whether it was one."""
        start = _ASTERISK_NOTE.match(text)
        if not start:
            return False
        stars, number = start.group(1), start.group(2)
        mark = number or "*" * len(stars)
        if not marked_call(self.markup.blocks, _ASTERISK_CALL, stars, number, mark):
            return False
        self.markup.notes.append(Note(mark, text[start.end() :].strip()))
        return True

    def _asterisk_notes(self, text: str) -> bool:
        """Read a preformatted block of notes opening with an asterisk (see _ASTERISK_NOTE) as notes,
        and their calls in the blocks just before as marks ("[*]", "[2]"); say whether it was one."""
        starts = list(_ASTERISK_NOTE.finditer(text))
        if not starts or text[: starts[0].start()].strip():
            return False
        for start, end in zip(starts, [s.start() for s in starts[1:]] + [len(text)]):
            stars, number = start.group(1), start.group(2)
            mark = number or "*" * len(stars)
            self.markup.notes.append(Note(mark, " ".join(text[start.end() : end].split())))
            marked_call(self.markup.blocks, _ASTERISK_CALL, stars, number, mark)
        return True

    def _note_goes_on(self, element: etree._Element) -> bool:
        """Whether a paragraph is a note's second (or third) one: a plain <p> among the notes, a note's
        body the nearest block before it and another's the nearest after it (Distributed Proofreaders'
        notes, a paragraph each, the first alone holding the mark)."""
        if localname(element) != "p" or not self.markup.notes or any(e in self.note_bodies for e in element.iter()):
            return False
        def nearest(siblings) -> etree._Element | None:  # within _NOTE_PARAGRAPHS blocks
            blocks = (sibling for sibling in siblings if isinstance(sibling.tag, str))
            for sibling in itertools.islice(blocks, _NOTE_PARAGRAPHS):
                if sibling in self.note_bodies or localname(sibling) != "p" or any(e in self.note_bodies for e in sibling.iter()):
                    return sibling
            return None
        return all(found is not None and found in self.note_bodies
                   for found in (nearest(element.itersiblings(preceding=True)), nearest(element.itersiblings())))

    def _note(self, element: etree._Element) -> None:
        mark = self.note_bodies[element]
        note = _Reader({}, {})
        note.block(element, 0)
        text = " ".join(block.text for block in note.markup.blocks)
        text = re.sub(rf"^\s*[\[(]?{re.escape(mark)}[\])]?[.:]?\s*", "", text)
        text = re.sub(r"\s*[↩↑][\ufe0e\ufe0f]?\s*$", "", _BACKLINK.sub("", text))  # pandoc: "↩︎", an emoji's text form
        if text:
            self.markup.notes.append(Note(mark, text))


def _contents_table(table: etree._Element) -> bool:
    """A table of contents set as a table: most of its rows link to a place in the book."""
    rows = [row for row in table.iter() if localname(row) == "tr"]
    linked = sum(1 for row in rows if any(localname(a) == "a" and "#" in attribute(a, "href") for a in row.iter()))
    return len(rows) >= 3 and linked >= 0.5 * len(rows)


def _captioned(element: etree._Element, name: str) -> bool:
    """A picture and a short line under it in one paragraph, as hand-made HTML sets a caption
    ("<center><img/><br/><b>“Cheer up, friends!” said the scout.</b></center>")."""
    items = list(element.iter())
    if name not in ("p", "center", "div") or any(localname(e) in _BLOCKS and localname(e) not in ("br", "hr") for e in items[1:]):
        return False  # (a chapter's opening, a picture and a heading in one <div>, is no caption)
    picture = next((k for k, e in enumerate(items) if localname(e) == "img" and not _drop_cap(e)), None)
    if picture is None or not any(localname(e) == "br" for e in items[picture + 1 :]):
        return False
    holders = set(items[picture].iterancestors())  # their tails come after the picture
    before = (element.text or "") + "".join((e.text or "") + ("" if e in holders else e.tail or "") for e in items[1:picture])
    # the picture opens it (a title page set as one <div>, its author's name over a vignette, is none)
    return not before.strip() and len(plain_text(element).split()) <= _CAPTION_WORDS


def _drop_cap(element: etree._Element) -> bool:
    """Whether an element is a picture of a chapter's first letter (its alternative text that letter)."""
    return localname(element) == "img" and bool(_DROP_CAP.fullmatch(attribute(element, "alt").strip()))


def _spaced_text(element: etree._Element) -> str:
    """An element's text (entities read), a space between its blocks ("Notes:" / "Typos fixed.")."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child, etree._Entity):
            parts += [entity_text(child), child.tail or ""]
            continue
        block = localname(child) in _BLOCKS
        parts += [" " if block else "", _spaced_text(child) if block else plain_text(child), child.tail or ""]
    return "".join(parts)


def _level(element: etree._Element, name: str) -> int:
    if len(name) == 2 and name[0] == "h" and name[1].isdigit():
        return int(name[1])
    kind = attribute(element, "type")
    parent = element.getparent()
    if name == "p" and parent is not None and localname(parent) in ("header", "hgroup"):
        heading = next((localname(e) for e in parent if re.fullmatch(r"h[1-6]", localname(e))), None)
        if heading is None and any(localname(e) == "blockquote" for e in parent.iterancestors()):
            return 0  # the title of a poem or a letter quoted in a chapter (Standard Ebooks' Don Quixote)
        return int((heading or "h2")[1])  # a title beside the heading's numeral (Standard Ebooks' bridgehead)
    if "title" in kind.split() or "bridgehead" in kind:
        return 2
    return 0


def _ids(root: etree._Element) -> dict[str, etree._Element]:
    ids = {}
    for element in root.iter():
        if isinstance(element.tag, str):
            names = (element.get("id"), element.get("name") if localname(element) == "a" else None)
            for key in filter(None, names):  # a link may point at either (Widger's "#linknote-1" at name="linknote-1" id="note-1")
                ids[key] = element
    return ids


def _is_note(body: etree._Element) -> bool:
    """Whether a link's target block is a note, not a section (a contents entry points to one)."""
    if localname(body) in ("body", "section", "article") and not _NOTE_TYPES.search(attribute(body, "type")):
        return False
    return not _has_heading(body) and len("".join(body.itertext())) <= _LONG_NOTE


def _note_body(target: etree._Element) -> etree._Element | None:
    """The block that holds a note: the target itself when it is a block, else its nearest block ancestor;
    and the block of one note around that (Gutenberg's <div class="footnote">, which may hold a quoted
    poem after the note's first paragraph)."""
    element = target
    while element is not None and localname(element) not in ("p", "div", "li", "aside", "dd", "dl", "td", "section", "body"):
        element = element.getparent()
    if element is not None and localname(element) == "p" and not any(c.isalpha() for c in "".join(element.itertext())):
        following = element.getnext()  # the anchor alone in a paragraph, the note in the next (Widger's HTML)
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()
        if following is not None and localname(following) in ("p", "div"):
            return following
    parent = element.getparent() if element is not None else None
    if parent is not None and localname(parent) in ("div", "aside") and _ONE_NOTE.search(
            f"{parent.get('class', '')} {attribute(parent, 'type')}"):
        return parent
    return element


def _words_before(block: etree._Element, target: etree._Element) -> bool:
    """Whether a block has words before a link's target in it: a note begins with its mark, while the call
    a note links back to follows the words it explains ("Archdeacon Trublet,<a id="FNanchor_27"></a>[27]").
    A block after the target's (see _note_body) has none."""
    if target is not block and not any(ancestor is block for ancestor in target.iterancestors()):
        return False
    for event, element in etree.iterwalk(block, events=("start", "end")):
        if element is target:
            return False
        if event == "start":  # an element's own text (an entity's or a comment's is no word of the book)
            text = element.text if isinstance(element.tag, str) else ""
        else:  # what follows it, an entity's too ("&mdash;Comme il vous plaira!")
            text = element.tail if element is not block else ""
        if any(c.isalpha() for c in text or ""):
            return True
    return False


def _has_heading(element: etree._Element) -> bool:
    return any(re.fullmatch(r"h[1-6]", localname(e)) for e in element.iter())


def _within_heading(element: etree._Element) -> bool:
    return any(re.fullmatch(r"h[1-6]", localname(e)) for e in (element, *element.iterancestors()))
