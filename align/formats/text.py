"""Plain text as published -> Document: paragraphs (blank lines, indented first lines, hard-wrapped
lines), headings ("CHAPTER IV", "Chapitre premier", "IV", "Глава 4", "第四章", a short line between
blank lines), italics ("_word_") as emphasis, footnotes ("[1] text") as notes, and the publisher's
apparatus apart (Project Gutenberg's header and licence, "[Pg 12]", "[Illustration]")."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property

from ..records import Block, Document, Note, lowercase
from . import apparatus
from .headings import bare_number, heading_level, labelled, number_only, running_on, title_number

SHORT_LINE = 0.85  # in hard-wrapped text, a line shorter than this share of the width may end a paragraph

# Chinese, Japanese (not Korean, which puts spaces between words) and their punctuation
_CJK = "\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u31c0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_WIDE = re.compile(f"[{_CJK}\u1100-\u11ff\uac00-\ud7af]")  # two columns wide in a fixed-width file
# invisible characters dropped: a byte order mark, soft hyphens, zero-width spaces and word joiners (a
# regular expression: str.translate with a table took 50 ms on a 600 KB book); zero-width joiners
# (U+200C, U+200D) are spelling in Persian and Indic scripts and in emoji: kept
_INVISIBLE = re.compile("[\ufeff\u00ad\u200b\u2060]")
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# a literal asterisk of a book's text ("the Duke of ***", "in 18**") inside a block, where "**" marks
# emphasis: readers that mark emphasis themselves (not plain text, where "**bold**" is emphasis) write
# it as this stand-in, segmentation restores it
LITERAL_ASTERISK = "\ue000"
LINE_BREAK = "\0"  # an explicit line break within a paragraph (Markdown's hard break, Word's line break)
# a footnote call: [12], ^3, superscript digits
NOTE_CALL = r"\[(?:\d{1,4}|\*{1,3}|[a-zA-Z]|[ivxlc]{2,7})\]|\^\d{1,3}|[¹²³⁰⁴-⁹]+"  # [ii]: LibreOffice's endnotes
CLOSING_MARKS = re.compile(rf"(?:\s|{NOTE_CALL}|[\"'»”’)\]*_`」』）》〉】〕])*")  # footnote marks, closing quotes, brackets
_TRAILING_MARKS = re.compile(CLOSING_MARKS.pattern + "$")
_FINAL = re.compile(r"[.!?…:。！？：｡؟۔।॥։።]$")  # Urdu, Devanagari's dandas, Armenian and Ethiopic full stops too
_DIALOGUE = re.compile(r"(?:—|–|--?\s)")
_WRAP_HYPHEN = re.compile(r"(\w+)-$")
_FIRST_WORD = re.compile(r"\w+")
_COMPOUND = re.compile(r"(?<!\w)\w+-\w+")
_LETTERS = re.compile(r"[^\W\d_]+")
# a title before a name that a line may end with ("…see Mr." / "Rochester?"): no sentence ends there
_TITLE_AT_END = re.compile(r"(?:^|[\s\"'“‘«„(—–-])(?:Mr|Mrs|Ms|Messrs|Dr|St|Mme|Mlle|MM|M|Mgr|Sr|Hr|MR|MRS|DR|ST)\.$")
_LISTING = re.compile(r"\.\s+(?:I|1)\.\s+\S")  # a part's heading listing its chapters: "BOOK TENTH. I. Gringoire…"
_ASKING = re.compile(r"[^.!?]{1,60}[?!]")
_SPACED_DASH, _CLOSED_DASH = re.compile(r"\w (?:—|--) \w"), re.compile(r"\w(?:—|--)\w")
_BROKEN = re.compile(r"[^\W\d_]+-[ \t]*\n\s*[^\W\d_]+")  # a word a line end breaks at a hyphen
_PAGE_NUMBER = re.compile(r"\s*\[(?:Pg|pg|Page|page|p\.)\s*[\divxlcdm]+\]")
_MARKED_HEADING = re.compile(r"<h([1-6])>(.+?)</h\1>", re.IGNORECASE)
# the rest of the light markup of hand-made corpora (bilinguator's aligned texts: "<i>…</i>", and
# "<delimiter>" between the lines of one aligned unit, a letter's greeting, lines of dialogue)
_BOX_BORDER = re.compile(r"\s*\+[-=]{3,}\+\s*")
_BOX_LINE = re.compile(r"\s*\|(.*)\|\s*")
_MARKED_BREAK = re.compile(r"<(?:delimiter|br)\s*/?>", re.IGNORECASE)
_MARKED_EMPHASIS = re.compile(r"<(i|em|b|strong)>(.+?)</\1>", re.IGNORECASE)
_MARKED_TAG = re.compile(r"</?(?:i|em|b|strong)>", re.IGNORECASE)  # one left without its pair
_COMMON_WORDS = 60  # the commonest words of a text (short ones: see _Hyphens.common; at 30, "nous" was not)
_SHORT_HEADING = 60  # a line alone between blank lines, no longer than this, may be a heading
_TITLED_NUMBERS = 3  # lines of a number and a title in capitals that make them chapter headings (see _titled_numbers)
_RAGGED_STOPS = 5  # lines stopping mid-sentence enough to tell a wrapped text from one a paragraph a line
_OPENING = 0.2  # share of the indented lines that must open a paragraph for indentation to mark paragraphs
_TITLE = 200  # a chapter's title after its number, alone between blank lines, no longer than this
_TITLE_LINES = 3  # ... nor longer than this where it ends like a sentence
_QUOTED = re.compile(r"[.…\s]*[«\"'“‘„]")  # a paragraph that opens with a quotation (after an ellipsis, perhaps)
_SENTENCE_WITHIN = re.compile(r"[.!?…]\s+\S")  # a title is one sentence at most
_TITLED = 0.8  # the share of a book's chapters with such a paragraph under their number for it to be their titles
# a footnote set as its own paragraph ("[1] Text.", "[Footnote 1: Text.]"), and the call of one ("[1]")
_NOTE = re.compile(r"\[(Footnote\s*)?(\d{1,3}|\*|[A-Za-z])\s*([\]:])\s*(.+)$", re.DOTALL)
_CALL = re.compile(r"\[(\d{1,3}|\*|[A-Za-z])\]")
# a note as David Widger's Gutenberg texts set it: a paragraph opening with asterisks ("* As each
# nation…", "** The rifle…", "* (2) Whose flames…") under the paragraph whose asterisks call it
# ("…Horican.” *", "…the big river*, fought…")
_ASTERISK_NOTE = re.compile(r"(\*{1,3})[ \t]*(?:\((\d{1,3})\))?[ \t]+(?=[^\s*]|\*\*\S)(.+)$", re.DOTALL)  # ("* **Faire…**.")
# a note set in italics, its asterisk inside ("_*We are well aware that this term…_", The Three Musketeers)
_ITALIC_ASTERISK_NOTE = re.compile(r"_(\*{1,3})(?:\((\d{1,3})\))?(?=[^\s*_])(.+?)_?$", re.DOTALL)
_ASTERISK_CALL = re.compile(r"(?<=[^\s*\[]) ?(\*{1,3})(?:\((\d{1,3})\))?(?=[\s,.;:!?)\]”’\"]|$)")
_CALLING_BLOCKS = 3  # paragraphs before such a note searched for its call
_NOTE_PARAGRAPHS = 8  # paragraphs after a bracketed note's first searched for its closing bracket
# the title over a book's notes ("FOOTNOTES:", "Notes", Italian "NOTE:", "Примечания"), in every format;
# not "NOTE" alone, the title of an author's own section (Hugo's "NOTE ADDED TO THE DEFINITIVE EDITION")
NOTES_TITLE = re.compile(r"(?:foot|end)notes?\s*:?$|notes\s*:?$|note\s*:$|примечания|notes du traducteur|anmerkungen|fußnoten", re.IGNORECASE)
_ILLUSTRATION = re.compile(r"\s*\[Illustration(?::[^\]]*)?\]\s*", re.IGNORECASE)
# italics as plain text marks them ("_Pensées_", Project Gutenberg's way): emphasis, as **...**
_ITALICS = re.compile(r"(?<![\w_*])_(?=[^\s_*])([^_]+?)(?<=[^\s_])_(?![\w_])")
_WORD_ITALICS = re.compile(r"(?<![\w_*])_([^\W_]+)_(?=[^\W_])")  # a word's italic part ("_Un_important")
_RAISED_ENDING = re.compile(r"(?<=\d)_([a-z]{1,3})_(?![\w_])")  # an ordinal's raised ending ("21_st_")
_ITALICS_OPEN = re.compile(r"(?<![\w_*])_(?=[^\s_*])")  # (not "_*The reader…": a note marked by an asterisk)
_ITALICS_CLOSE = re.compile(r"(?<=[^\s_])_(?![\w_])")
_ITALIC_LINES = 12  # paragraphs (a stanza's lines) an italic run may span
_LAST = re.compile(r"[.!?…,;:。！？，；：)\]»”\"']$")


@dataclass(frozen=True)
class _Paragraph:
    text: str
    lines: int
    alone: bool  # a blank line (or the file's edge) before and after it
    blank_after: bool  # a blank line (or the file's edge) after it
    heading: int = 0  # the level of the labelled heading it opens with, its title wrapped onto the lines after
    own_line: bool = False  # a line of a file whose lines are its paragraphs: it stands alone as well


def literal(text: str) -> str:
    """Text of the book as a block holds it: its asterisks never read as emphasis marks."""
    return text.replace("*", LITERAL_ASTERISK)


def without_emphasis(text: str) -> str:
    """A note's text as it is shown: a sentence's emphasis is kept as a flag, a note has none."""
    return text.replace("**", "")


def restored(text: str) -> str:
    """A block's text as the book has it, its literal asterisks back (the emphasis marks already gone)."""
    return text.replace(LITERAL_ASTERISK, "*")


def text_document(text: str) -> Document:
    """Read a plain text: its paragraphs, which of them are headings, the apparatus apart."""
    paragraphs = _paragraphs(_unboxed(_MARKED_BREAK.sub("\n", _PAGE_NUMBER.sub("", text))))
    levels = [p.heading or (heading_level(p.text) if p.alone or labelled(p.text) or _numeral_line(p) else 0) for p in paragraphs]
    pages = _page_numbers(paragraphs, levels)
    levels = [0 if k in pages else level for k, level in enumerate(levels)]
    _titled_numbers(paragraphs, levels)
    if sum(1 for level in levels if level) < 2:  # no chapters marked: a short line alone may be one
        levels = [level or (_SHORT_LINE_LEVEL if _short_line(paragraphs, k) else 0) for k, level in enumerate(levels)]
    # a chapter's number, then a paragraph that may be its title
    numbers = [k for k, level in enumerate(levels[:-1]) if level and not levels[k + 1] and number_only(paragraphs[k].text)]
    # where nearly every chapter has one, its title may end like a sentence ("Comment Candide se sauva
    # d'entre les Bulgares, et ce qu'il devint."): a book's first paragraphs are not all that short
    titled = len(numbers) >= 3 and sum(_title(paragraphs[k + 1], True) for k in numbers) >= _TITLED * len(numbers)
    blocks: list[Block] = []
    texts = _italics([paragraph.text for paragraph in paragraphs])
    for k, (paragraph, level) in enumerate(zip(paragraphs, levels)):
        if k in pages:
            continue
        marked = _MARKED_HEADING.fullmatch(paragraph.text)
        if marked:  # a heading marked up in a plain text ("<h1>Нос</h1>", as hand-made corpora do)
            blocks.append(Block(_marked_emphasis(marked.group(2)).strip(), int(marked.group(1))))
            continue
        if not level and blocks and blocks[-1].heading and number_only(blocks[-1].text) and _title(paragraph, titled):
            level = blocks[-1].heading  # "IV" then its title, alone between blank lines
        blocks.append(Block(_marked_emphasis(texts[k]), level))
    blocks, notes, pictures = _without_notes(blocks)
    kept, matter = apparatus.separate(blocks)
    notes = [Note(note.mark, without_emphasis(note.text)) for note in notes]
    page_numbers = tuple(paragraphs[k].text for k in sorted(pages))
    return Document(tuple(kept), tuple(notes), page_numbers + tuple(pictures) + tuple(matter), format="text")


def _italics(texts: list[str]) -> list[str]:
    """Paragraphs with their italics as plain text marks them ("_Pensées_") made emphasis (**...**): within a
    paragraph, within a word ("_Un_important"; an ordinal's raised "21_st_" is the word's), and across
    the lines of a stanza set in italics, Gutenberg's one "_" before its first line and one after its last."""
    texts = [_RAISED_ENDING.sub(r"\1", _WORD_ITALICS.sub(r"**\1**", _ITALICS.sub(r"**\1**", text))) for text in texts]
    for start, text in enumerate(texts):
        opening = _ITALICS_OPEN.search(text)
        if not opening or _ITALICS_CLOSE.search(text, opening.end()):
            continue
        for end in range(start + 1, min(len(texts), start + _ITALIC_LINES)):
            closing, reopening = _ITALICS_CLOSE.search(texts[end]), _ITALICS_OPEN.search(texts[end])
            if reopening and (not closing or reopening.start() < closing.start()):
                break
            if closing:  # each line its own emphasis, the last closed where the mark is ("…espantar_. [*]")
                texts[start] = f"{text[: opening.start()]}**{text[opening.end() :]}**"
                texts[start + 1 : end] = [f"**{line}**" for line in texts[start + 1 : end]]
                texts[end] = f"**{texts[end][: closing.start()]}**{texts[end][closing.end() :]}"
                break
    return texts


def _page_numbers(paragraphs: list[_Paragraph], levels: list[int]) -> set[int]:
    """The paragraphs that are a page's number left standing alone (calibre's text of a book whose
    HTML marks its pages: "3", "7", "15" between blank lines): numbers in digits alone, taken for
    headings, three or more, that mostly do not run on one by one as chapters' numbers do; where the
    chapters are named, any that runs on from none."""
    found = [(k, int(p.text.strip(" ."))) for k, p in enumerate(paragraphs) if levels[k] and p.text.strip(" .").isdigit()]
    steps = [b - a for (_, a), (_, b) in zip(found, found[1:])]
    if sum(1 for k, level in enumerate(levels) if level and labelled(paragraphs[k].text)) >= 2:
        # where chapters are named ("CHAPITRE VI."), a number alone that runs on from none is a page's ("94")
        values = {number for _, number in found}
        return {k for k, number in found if number - 1 not in values and number + 1 not in values}
    if len(found) < 3 or sum(step == 1 for step in steps) >= len(steps) / 2:
        return set()
    return {k for k, _ in found}


def _numeral_line(paragraph: _Paragraph) -> bool:
    """A line of its own in a file whose lines are paragraphs, not in digits: a chapter's number ("II"
    over the chapter's first line, Chekhov's Дуэль as Russian e-libraries set it), where a line "1" is
    a footnote's mark over its text."""
    return paragraph.own_line and not paragraph.text.strip(" .").isdigit()


def _titled_numbers(paragraphs: list[_Paragraph], levels: list[int]) -> None:
    """Mark as chapter headings the lines alone that give a number and a title in capitals ("1 THE THREE
    PRESENTS OF D'ARTAGNAN THE ELDER") and whose numbers run on from the one before or to the one after
    (1, 2, 3…), where a few do: one such line alone is no more than an address ("10 DOWNING STREET")."""
    found = [(k, title_number(p.text)) for k, p in enumerate(paragraphs) if p.alone and not levels[k]]
    found = [(k, number) for k, number in found if number is not None]
    running = running_on(found)
    if len(running) >= _TITLED_NUMBERS:
        for k in running:
            levels[k] = 2


def _unboxed(text: str) -> str:
    """Text drawn in a box of "+---+" and "| … |" lines (a transcriber's note in Distributed
    Proofreaders' plain text) as one paragraph of the words inside it: the box is one unit."""
    lines = normalise(text).split("\n")
    borders = [k for k, line in enumerate(lines) if _BOX_BORDER.fullmatch(line)]
    for top, bottom in reversed(list(zip(borders, borders[1:]))):
        inside = [_BOX_LINE.fullmatch(line) for line in lines[top + 1 : bottom]]
        if inside and all(inside):
            lines[top : bottom + 1] = ["", " ".join(" ".join(match.group(1) for match in inside).split()), ""]
    return "\n".join(lines)


def _marked_emphasis(text: str) -> str:
    """Emphasis marked up as in HTML ("<i>Милостивая государыня,</i>") as **...**, a tag without its pair dropped."""
    return _MARKED_TAG.sub("", _MARKED_EMPHASIS.sub(r"**\2**", text))


def _without_notes(blocks: list[Block]) -> tuple[list[Block], list[Note], list[str]]:
    """The blocks without footnotes ("[1] text" where the text calls "[1]", "[Footnote 1: text]") and
    illustrations ("[Illustration: caption]"), as plain-text books set them; the notes, and what is set
    apart besides: the captions, and the title over the notes ("FOOTNOTES:")."""
    calls = {m.group(1) for block in blocks for m in _CALL.finditer(block.text[1:])}
    kept: list[Block] = []
    notes, apart = [], []
    inside = 0  # blocks still to go of a bracketed note read with its first
    for at, block in enumerate(blocks):
        if inside:
            inside -= 1
            continue
        note = None if block.heading else _NOTE.match(block.text)
        asterisk = None if block.heading or note else _ASTERISK_NOTE.match(block.text) or _ITALIC_ASTERISK_NOTE.match(block.text)
        if note and (note.group(1) or note.group(2) in calls):
            text = note.group(4).strip()
            if note.group(1) or note.group(3) == ":":  # "[Footnote 2: …]", "[29: …]": the bracket closes it
                inside = _bracket_end(blocks, at)
                text = " ".join([text, *(b.text for b in blocks[at + 1 : at + 1 + inside])])
                text = text[:-1].rstrip() if text.endswith("]") else text
            else:
                inside = _paragraphs_between(blocks, at, calls)
                text = " ".join([text, *(b.text for b in blocks[at + 1 : at + 1 + inside])])
            notes.append(Note(note.group(2), text))
        elif asterisk and marked_call(kept, _ASTERISK_CALL, asterisk.group(1), asterisk.group(2),
                                      asterisk.group(2) or asterisk.group(1)):
            notes.append(Note(asterisk.group(2) or asterisk.group(1), asterisk.group(3).strip()))
        elif _ILLUSTRATION.fullmatch(block.text) or (not block.heading and _ILLUSTRATION.match(block.text)):
            apart.append(block.text)
        elif NOTES_TITLE.match(block.text) and at + 1 < len(blocks) and _NOTE.match(blocks[at + 1].text):
            apart.append(block.text)
        else:
            kept.append(Block(" ".join(_ILLUSTRATION.sub(" ", block.text).split()) or block.text, block.heading, block.line))
    return kept, notes, apart


def _bracket_end(blocks: list[Block], at: int) -> int:
    """How many blocks after block `at` belong to the note it opens with a bracket: those up to the one
    that closes it ("[29: Abel Hugo, 1822:" / "«Quand les oiseaux…»]"), if one does within a few."""
    if blocks[at].text.endswith("]"):
        return 0
    for k in range(at + 1, min(len(blocks), at + 1 + _NOTE_PARAGRAPHS)):
        if blocks[k].heading or _NOTE.match(blocks[k].text):
            return 0
        if blocks[k].text.endswith("]"):
            return k - at
    return 0


def _paragraphs_between(blocks: list[Block], at: int, calls: set[str]) -> int:
    """How many blocks after the note "[n] …" at `at` go on with it: those up to the next note, where
    none is a heading or calls a note (a note's second paragraph, as pandoc sets notes at the end)."""
    for k in range(at + 1, min(len(blocks), at + 1 + _NOTE_PARAGRAPHS)):
        following = None if blocks[k].heading else _NOTE.match(blocks[k].text)
        if following and (following.group(1) or following.group(2) in calls):
            return k - at - 1
        if blocks[k].heading or _CALL.search(blocks[k].text) or _ILLUSTRATION.match(blocks[k].text):
            return 0
    return 0


def marked_call(blocks: list[Block], calls: re.Pattern[str], stars: str, number: str | None, mark: str) -> bool:
    """Write the first call by these asterisks (and number) not yet marked in the last few blocks as the
    note's mark ("…Horican.” *" -> "…Horican.” [*]", "*(2)" -> "[2]"); say whether there was one. `calls`
    finds them as the reader writes asterisks (_ASTERISK_CALL in plain text)."""
    for at in range(max(0, len(blocks) - _CALLING_BLOCKS), len(blocks)):
        text = blocks[at].text
        # the call may follow italics made emphasis: "_gant_*" is "**gant***"
        call = next((c for c in calls.finditer(text) if c.group(2) == number and c.group(1) in (stars, "**" + stars)), None)
        if call:
            closing = "**" if call.group(1) == "**" + stars else ""
            blocks[at] = replace(blocks[at], text=f"{text[: call.start()]}{closing} [{mark}]{text[call.end() :]}")
            return True
    return False


def _opens_note(text: str) -> bool:
    return bool(_NOTE.match(text) or _ASTERISK_NOTE.match(text))


_SHORT_LINE_LEVEL = 3


def _short_line(paragraphs: list[_Paragraph], at: int) -> bool:
    """Whether paragraph `at` is a short line alone that may be a heading: not a line of verse, between
    short lines the first of which goes on with a comma (a poem set a line a paragraph, as calibre
    writes a Word document's), nor what a paragraph ending with a colon announces (Eugénie Grandet's
    "…se mit à chanter, en faisant ce que Nanon appelait des pas de danse:" / "Dans les gardes françaises")."""
    paragraph, text = paragraphs[at], paragraphs[at].text
    verse = 0 < at < len(paragraphs) - 1 and paragraphs[at - 1].text.endswith((",", ";")) and all(
        neighbour.lines == 1 and len(neighbour.text) <= _SHORT_HEADING for neighbour in (paragraphs[at - 1], paragraphs[at + 1]))
    verse = verse or (at > 0 and paragraphs[at - 1].text.endswith(":"))
    return (
        paragraph.alone and paragraph.lines == 1 and len(text) <= _SHORT_HEADING and len(text.split()) <= 10
        and (text[0].isupper() or text[0].isdigit()) and not _LAST.search(text) and not verse
    )


def _title(paragraph: _Paragraph, sentence: bool = False) -> bool:
    """Whether a paragraph after a chapter's number is its title: alone between blank lines, or one line
    right under the number ("CHAPTER I." then "Down the Rabbit-Hole", as Gutenberg's plain text sets it;
    up to three in capitals),
    short, not a quotation, and not a sentence (with `sentence`, one sentence at most, of at most three
    lines and no dialogue)."""
    text = paragraph.text
    # (a title in capitals may wrap: "OÙ M. LE GARDE DES SCEAUX SÉGUIER CHERCHA PLUS D'UNE FOIS LA" / "CLOCHE…")
    under = paragraph.blank_after and (paragraph.lines == 1 or (paragraph.lines <= _TITLE_LINES and text.isupper()))
    placed = paragraph.alone or paragraph.own_line or under
    if sentence and paragraph.lines <= _TITLE_LINES and not _DIALOGUE.match(text) and not _QUOTED.match(text):
        return placed and len(text) <= _TITLE and (title_line(text) or not _SENTENCE_WITHIN.search(text))
    return placed and title_line(text)


def title_line(text: str) -> bool:
    """Whether a line after a chapter's number reads as its title: short, in capitals or not ending
    like a sentence ("Down the Rabbit-Hole"), and not a quotation (an epigraph: "…“In such a night /
    Did This be fearfully o'ertrip the dew”--Merchant of Venice")."""
    if _QUOTED.match(text) and not text.isupper():  # a title in capitals may be a quotation («BESOS PARA GOLPES»)
        return False
    return len(text) <= _TITLE and any(c.isalpha() for c in text) and (text.isupper() or not _ends_sentence(text))


def chapter_title(text: str) -> bool:
    """Whether a block after a chapter's number, in a book whose markup marks no headings, is its
    title: a title line (title_line), or a short one that asks or exclaims ("Who Stole the Tarts?")."""
    return title_line(text) or bool(_ASKING.fullmatch(text))


def split_paragraphs(text: str) -> list[str]:
    """Split raw text into paragraphs with whitespace collapsed to single spaces (see _paragraphs)."""
    return [paragraph.text for paragraph in _paragraphs(text)]


def tidy_marks(line: str) -> str:
    """Emphasis marks around no text dropped, and spaces inside the marks moved out ("** a **" would not
    read as emphasis: "<i> a </i>", calibre's FB2 "<strong> AU FOND…</strong>")."""
    pieces = line.split("**")
    out = [pieces[0]]
    for k in range(1, len(pieces), 2):
        inside, after = pieces[k], "".join(pieces[k + 1 : k + 2])
        if inside.strip():
            lead, trail = inside[: len(inside) - len(inside.lstrip())], inside[len(inside.rstrip()) :]
            out.append(f"{lead}**{inside.strip()}**{trail}{after}")
        else:
            out.append(inside + after)
    return "".join(out)


def line_blocks(text: str) -> list[Block]:
    """A paragraph's lines at its explicit line breaks (LINE_BREAK: a poem, an address), each a block as
    the HTML reader sets them, the lines after the first marked as lines of the same paragraph (a
    stanza); a line in lowercase goes on from the one before (a line broken for the page), and
    emphasis (**...**) is closed and reopened across a break."""
    lines: list[str] = []
    bold = False
    for raw in text.split(LINE_BREAK):
        line = " ".join(normalise(("**" if bold else "") + raw).split())
        bold = line.count("**") % 2 == 1
        line = " ".join(tidy_marks(line + ("**" if bold else "")).split())
        first = next((c for c in line if c.isalpha()), "")
        if lines and lowercase(first):
            lines[-1] = f"{lines[-1]} {line}".replace("** **", " ")
        elif line.strip("* "):
            lines.append(line)
    return [Block(line, line=k > 0) for k, line in enumerate(lines)]


def one_line(text: str) -> str:
    """A paragraph's text on one line, its explicit line breaks spaces (a heading, a note)."""
    return " ".join(tidy_marks(normalise(text.replace(LINE_BREAK, " "))).split())


def normalise(text: str) -> str:
    """Unify line ends, make odd spaces plain ones and drop invisible and control characters."""
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n\n").replace("\v", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\t", "    ")
    return _CONTROL.sub("", _SPACES.sub(" ", text))


def _ends_sentence(text: str) -> bool:
    """Whether text ends with sentence-final punctuation (closing quotes and footnote marks aside)."""
    return bool(_FINAL.search(_TRAILING_MARKS.sub("", text[-100:])))


class _Hyphens:
    """What a document says of the hyphen that ends a line: the words it hyphenates within a line,
    and the words it uses (read once, when a line first ends with a hyphen)."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def compounds(self) -> list[str]:
        """The words the text hyphenates within a line, in order."""
        return sorted({m.group(0).lower() for m in _COMPOUND.finditer(self.text)})

    @cached_property
    def dashes_spaced(self) -> bool:
        """Whether the text sets its dashes between words with spaces ("il dit — bonjour"), as it does
        more often than not (English mostly writes "face—and")."""
        return len(_SPACED_DASH.findall(self.text)) >= len(_CLOSED_DASH.findall(self.text))

    def hyphenated(self, word: str) -> bool:
        """Whether the text writes `word` ("writing-desk") with its hyphen within a line, or with an
        ending of up to two letters ("writing-desks"; not "re-ad" for "re-adjust")."""
        at = bisect_left(self.compounds, word)
        found = self.compounds[at] if at < len(self.compounds) else ""
        return found.startswith(word) and len(found) <= len(word) + 2

    @cached_property
    def words(self) -> Counter[str]:
        """The words written whole: not the pieces of one a line end broke ("hurrie-" / "dly")."""
        return Counter(_LETTERS.findall(_BROKEN.sub(" ", self.text).lower()))

    def wrap(self, head: str, tail: str) -> bool:
        """Whether "head-" at a line's end and "tail" after it are one word the line broke ("won-" /
        "derful"): lowercase on both sides, never hyphenated within a line, and, unless the document
        writes them as one, not two words it uses elsewhere ("night-" / "air", as a PDF's lines break)
        nor a word and one of its commonest ("Retournez-" / "les")."""
        if not (head[-1].islower() and tail[0].islower()) or self.hyphenated(f"{head}-{tail}".lower()):
            return False
        if self.words[(head + tail).lower()] > 0:
            return True
        # "Retournez-" / "les", "deviendrai-" / "je": a verb and its pronoun, one of the text's commonest words
        return not (self.words[head.lower()] > 0 and self.words[tail.lower()] > 0) and tail.lower() not in self.common

    @cached_property
    def common(self) -> set[str]:
        """The text's commonest short words ("les", "je", "the"): one after a line-end hyphen, written
        nowhere joined to the word before, is a word of its own."""
        return {word for word, _ in self.words.most_common(_COMMON_WORDS) if len(word) <= 4}


def _next_entry(first: str, line: str) -> bool:
    """Whether `line` is the entry after `first` in a list numbered without full stops, each number
    the one before plus one ("I Up the Mountain to Alm-Uncle" / "II At Home with Grandfather")."""
    numbers = [bare_number(number) if title[:1].isupper() else None
               for number, _, title in (text.partition(" ") for text in (first, line))]
    return numbers[0] is not None and numbers[1] == numbers[0] + 1


def _assemble(lines: list[str], hyphens: _Hyphens) -> str:
    """Join the lines of a paragraph; a line-end hyphen after a word joins without a space
    and is dropped when it is a wrap hyphen (_Hyphens.wrap) and neither word is hyphenated in
    turn ("bread-" / "and-butter", "mother-in-" / "law"); a dash closes up where the text sets
    its dashes so, and one of two hyphens that the line broke ("été; -" / "- et") is whole again;
    Chinese or Japanese on either side of a line end joins without a space."""
    pieces = []
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        hyphen = _WRAP_HYPHEN.search(line, max(0, len(line) - 60))
        word = _FIRST_WORD.match(following)
        if hyphen and word:
            # "bread-" / "and-butter", "mother-in-" / "law": a compound of three, its hyphens its own
            chained = following[word.end() : word.end() + 1] == "-" or line[hyphen.start() - 1 : hyphen.start()] == "-"
            pieces.append(line[:-1] if not chained and hyphens.wrap(hyphen.group(1), word.group(0)) else line)
        elif word and line.endswith(("—", "--")) and not hyphens.dashes_spaced:
            pieces.append(line)  # "face—" / "and": the dash closed up, as the text sets it
        elif line.endswith((" -", "\t-")) and following.startswith("-") and not following.startswith("--"):
            pieces.append(line)  # "l'été; -" / "- et": a dash of two hyphens the line broke
        elif following and (_CJK_CHAR.match(line[-1]) or _CJK_CHAR.match(following[0])):
            pieces.append(line)  # Chinese and Japanese put no space between words
        else:
            pieces += [line, " "]
    return "".join(pieces).rstrip()


def _width(line: str) -> int:
    """A line's width in columns: Chinese, Japanese and Korean characters take two."""
    return len(line) + len(_WIDE.findall(line))


def _first_word(line: str) -> str:
    """The first word of a line; in Chinese or Japanese, where lines break anywhere, its first character."""
    return line[0] if _CJK_CHAR.match(line) else line.split(" ", 1)[0]


def _layout(lines: list[str]) -> tuple[list[int], bool, bool, int, int]:
    """Document-level layout of non-blank lines.

    Returns each line's indentation beyond the file's smallest, whether paragraphs are marked
    by indentation, whether lines are hard-wrapped, the typical (90th percentile) line width
    and the full (95th percentile) one.
    """
    indents = [len(line) - len(line.lstrip()) for line in lines]
    filled = [i for i, line in enumerate(lines) if line]
    if not filled:
        return indents, False, False, 0, 0
    base = min(indents[i] for i in filled)
    indents = [n - base for n in indents]
    indented = [i for i in filled if indents[i] >= 2]
    # an indented first line follows the paragraph before without a blank line; where indented lines
    # follow blank lines (notes indented under blank-line paragraphs, Candide's French text) or each
    # other (quoted blocks), the indentation does not mark paragraphs
    opening = sum(1 for i in indented if i > 0 and lines[i - 1] and indents[i - 1] < 2)
    indent_mode = len(filled) >= 3 and 0.03 <= len(indented) / len(filled) <= 0.9 and opening >= _OPENING * len(indented)
    lengths = sorted(_width(" ".join(lines[i].split())) for i in filled)
    width, full = lengths[int(0.9 * (len(lengths) - 1))], lengths[int(0.95 * (len(lengths) - 1))]
    in_blocks = sum(1 for i in filled if (i > 0 and lines[i - 1]) or (i + 1 < len(lines) and lines[i + 1]))
    wrapped = not indent_mode and width <= 160 and in_blocks >= 0.5 * len(filled)
    if _ragged(lines, width):
        return indents, False, False, width, full
    return indents, indent_mode, wrapped, width, full


def _ragged(lines: list[str], width: int) -> bool:
    """Whether the lines end where the writer ended them (a paragraph a line and no blank line between,
    as LibreOffice writes plain text), however short the paragraphs: the lines that stop mid-sentence
    are short ones going on in capitals (a title, a heading, an epigraph's attribution), where a wrapped
    text's are full ones going on in lowercase (verse among them too: a note and the poem it quotes)."""
    filled = [k for k, line in enumerate(lines) if line.strip()]
    if not filled or any(not line.strip() for line in lines[filled[0] : filled[-1]]):
        return False
    stops = [(" ".join(line.split()), following.lstrip()) for line, following in zip(lines, lines[1:])
             if line.strip() and following.strip() and not _ends_sentence(line)]
    if len(stops) < _RAGGED_STOPS:
        return False
    full = sum(1 for line, _ in stops if _width(line) >= SHORT_LINE * width)
    going_on = sum(1 for _, following in stops if lowercase(following[0]))
    return full < 0.5 * len(stops) and going_on < 0.5 * len(stops)


def _paragraphs(text: str) -> list[_Paragraph]:
    """Split raw text into paragraphs with whitespace collapsed to single spaces.

    Paragraphs end at blank lines, at indented first lines (where the file indents
    paragraphs), before dialogue dashes and, in hard-wrapped files, after a line that ends
    a sentence and is clearly shorter than the file's line width (in columns: Chinese,
    Japanese and Korean characters take two) or had room for the next line's first word;
    in Chinese or Japanese after any clearly shorter line. A paragraph that ends mid-sentence and is followed by one starting
    in lowercase (a page break) is joined to it. Wrap hyphens ("some-" + "thing") are
    undone; real compounds ("Anglo-" + "Saxon", a word the document also hyphenates
    within a line, or two words it uses elsewhere but never as one) keep the hyphen.
    """
    lines = [line.rstrip() for line in normalise(text).split("\n")]
    indents, indent_mode, wrapped, width, full = _layout(lines)
    hyphens = _Hyphens(text)

    paragraphs: list[_Paragraph] = []
    current: list[str] = []  # the lines of the paragraph being read
    after_blank = opened_after_blank = True
    heading_open = False  # the paragraph opened with a labelled heading ("CHAPTER IV"): it stands alone
    previous_indent = opened_indent = 0  # the line before's indentation; the paragraph's first line's

    lines_are_paragraphs = not indent_mode and not wrapped

    def close(blank_after: bool) -> None:
        level = heading_level(current[0]) if heading_open and len(current) > 1 else 0
        paragraphs.append(_Paragraph(_assemble(current, hyphens), len(current), opened_after_blank and blank_after,
                                     blank_after, level, lines_are_paragraphs and len(current) == 1))

    for line, indent in zip(lines, indents):
        content = " ".join(line.split())
        if not content:
            after_blank = True
            continue
        # a chapter's heading, or a contents page's title ("Contents" under a title, no blank line between)
        labelled_line = labelled(content) or bool(_MARKED_HEADING.fullmatch(content)) or apparatus.contents_title(content)
        if labelled_line and lowercase(content[0]) and current and not _ends_sentence(current[-1]):
            labelled_line = False  # a wrapped line that goes on: "…voyez, tome XXI, le" / "chapitre XXXI du Précis…"
        if labelled_line and _LISTING.search(content) and not _ends_sentence(content):
            labelled_line = False  # a contents' entry that wraps on: "BOOK SEVENTH. I. The Danger of Confiding… II. A" / "Priest…"
        block = indent >= 2 and previous_indent >= 2 and not after_blank  # this line and the one before indented
        goes_on = lowercase(content[0]) and bool(current) and not _ends_sentence(current[-1])
        if heading_open and goes_on and not after_blank:
            starts = False  # a heading's title wrapped onto the next line ("…batalla que don Quijote" / "tuvo con…")
        elif not current or heading_open or labelled_line:
            starts = True  # a heading stands alone, a page break after it aside
        elif after_blank and _opens_note(current[0]) and not _opens_note(content) and indent >= (opened_indent + 2 if indent_mode else 2):
            starts = False  # a footnote goes on in paragraphs indented under it (the lines it quotes)
        elif after_blank:
            # a page break: the paragraph so far stops mid-sentence and this one continues it
            starts = not (lowercase(content[0]) and not _ends_sentence(current[-1]))
        elif block and _opens_note(current[0]):
            starts = False  # a footnote goes on in the lines indented under its first ("[1] …")
        elif (apparatus.ENTRY_NUMBER.match(content) and apparatus.ENTRY_NUMBER.match(current[0])) or _next_entry(current[0], content):
            starts = True  # a list a line an entry, a long one too ("5  Es kommt ein Besuch und dann noch einer, der mehr Folgen hat")
        elif indent_mode:
            # an indented block (a quoted letter, a notice) goes on where a line continues a sentence
            starts = indent >= 2 and not (block and lowercase(content[0]) and not _ends_sentence(current[-1]))
        elif wrapped:
            # a short line, or one that had room for the next line's first word
            # (in Chinese or Japanese, where lines break anywhere, any short line: a heading too)
            previous, word = current[-1], _first_word(content)
            space = 0 if _CJK_CHAR.match(word) else 1
            short = _width(previous) < SHORT_LINE * width
            # a line in lowercase goes on ("…the March Hare:" / "she thought…", "…room!'" / "said Alice")
            starts = _ends_sentence(previous) and not _TITLE_AT_END.search(previous) and not lowercase(content[0]) and (
                bool(_DIALOGUE.match(content)) or short or _width(previous) + space + _width(word) <= full
            ) or (short and bool(_CJK_CHAR.match(previous[-1])))
            # in an indented block (a poem among the prose), a short line ends its line of verse
            starts = starts or (block and short and not lowercase(content[0]))
        else:
            starts = True
        if starts and current:
            close(after_blank)
            current = []
        if not current:
            opened_after_blank, opened_indent, heading_open = after_blank, indent, labelled_line
        current.append(content)
        after_blank, previous_indent = False, indent
    if current:
        close(True)
    return paragraphs
