"""The publisher's apparatus, told apart from the work: Project Gutenberg's header and licence,
producers' credits, transcriber's notes and a table of contents. It is kept (to be shown), never aligned.
A title page's headings (the book's title, its author) are read as running text where the chapters
are numbered, so that an edition with a title page counts the chapters of one without."""

from __future__ import annotations

import re
import unicodedata

from ..records import DIALOGUE, Block
from .headings import labelled, numbered

# "\ue000" is text.LITERAL_ASTERISK: an asterisk of the book's text as the HTML and other readers write it
_START = re.compile(
    r"[*\ue000]{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG|[*\ue000]END[*\ue000]THE SMALL PRINT"
    r"|SMALL PRINT!.{0,80}[*\ue000]END[*\ue000]$", re.IGNORECASE  # "*SMALL PRINT! Ver.04.29.93 FOR COPYRIGHT PROTECTED ETEXTS*END*"
)
_END = re.compile(
    r"[*\ue000]{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg|End of Project Gutenberg's"
    r"|End of this is COPYRIGHTED Project Gutenberg|Ende dieses Projekt Gutenberg",  # the 1990s' etexts
    re.IGNORECASE,
)
# a transcriber's note by its title, in the languages Distributed Proofreaders' volunteers write it in
_TRANSCRIBERS_NOTE = (r"\[?\s*(?:(?:Transcriber|Redactor|Editor|Producer)['’]s Notes?\b|Anmerkungen? zur Transkription"
                      r"|Hinweise zur Transkription|Nota de(?:l)? transcrip(?:ción|tor)|Note? del trascrittore"
                      r"|Nota (?:do transcritor|de transcrição))")
_CREDITS = re.compile(
    r"(?:Produced by|E-?text prepared by|Transcribed (?:from|by)|This (?:e-?book|e-?text|file) was (?:produced|done|made|prepared)"
    r"|An Anonymous Volunteer"  # a producer's credit standing alone after the start line (War and Peace)
    r"|This is a COPYRIGHTED Project Gutenberg Etext|Copyright,? (?:(?:©|\(C\))\s*)?\d{4}\b"  # a copyright line of the
    # edition, the sign typed out too ("Copyright (C) 2002 by David Wyllie.", after the start line of Metamorphosis)
    r"|Dieses Buch wurde uns freundlicherweise|This book was generously provided by"  # Gutenberg Projekt-DE's credit
    r"|(?:the )?(?:Online )?Distributed Proofreading Team"  # the second line of a credit set line by line
    r"|The Project Gutenberg (?:E-?text|E-?book) of"  # the old header again after the start line
    r"|We thank the Biblioth[eè]que|Nous remercions la Biblioth[eè]que"  # the scans' library (Gallica)
    r"|Updated editions will replace|Character set encoding|Note du transcripteur|Note de l['’][ée]diteur"
    r"|Cette version (?:numérisée|électronique)"
    r"|" + _TRANSCRIBERS_NOTE + r"|Editorial note\b|Typographical errors corrected)",
    re.IGNORECASE,
)
# the heading of a transcriber's note or list of corrections: the blocks under it are apparatus too
_NOTE_HEADING = re.compile(
    _TRANSCRIBERS_NOTE + r"|Note du transcripteur|Typographical errors|Errata\b",
    re.IGNORECASE,
)
# an etext editor's list of passages to sample the book by (David Widger's Gutenberg editions): it closes
# the work, and its lines, a hundred or more, are all apparatus however far they run
_BOOKMARKS = re.compile(r"\[?\s*NOTE: Here is a short list of bookmarks|E-?text editor['’]s bookmarks", re.IGNORECASE)
# a publisher's or printer's imprint, a short line on the title page or after the work's last paragraph
# ("COPYRIGHT KURT WOLFF VERLAG • LEIPZIG. 1917", "Druck von A. Seydel & Cie., Berlin SW 61")
# and the title page's back: rights reserved, where it was made, its impressions ("Twenty-seventh
# Impression, June, 1925": The Little Colonel's Hero)
_IMPRINT = re.compile(
    r"(?:Copyright\b.{0,80}\b1[5-9]\d\d\b|Druck (?:von|der)\b|Gedruckt (?:bei|von|in)\b|Printed (?:by|in|at)\b"
    r"|Imprim[ée] (?:par|en|à|chez)\b|Imprimerie\b|Achevé d['’]imprimer|Типография\b|Отпечатано\b"
    r"|All rights reserved|Tous droits\b.{0,40}réservés|Alle Rechte vorbehalten|Все права защищены|Made in [A-Z]"
    r"|(?:[\w-]+ ){0,2}(?:Impression|Printing|Auflage|Tirage)\b.{0,30}\b1[5-9]\d\d\b)",
    re.IGNORECASE,
)
_IMPRINT_WORDS = 12  # an imprint is a line, not a paragraph
_EDGE = 12  # blocks from the work's end where what follows the last paragraph lies; from its start, a title's heading
_TITLE_PAGES = 150  # blocks from the work's start searched for its first chapter's heading (a title page's back, a dedication and contents before it)
_SENTENCE_END = re.compile(r"[.!?…:][\"'»”’)\]]*$")
_BRACKET_SPAN = 4  # paragraphs a bracketed credit or note may run to its closing bracket
_NOTE_SPAN = 30  # blocks under such a heading at most, up to a heading or the end: a book's text is never taken
_PROSE = 20  # words in a paragraph of prose: more than a title page's line
_NOTE_TITLE = 40  # a line this short is such a heading where a plain text does not mark it as one, near the end
_CONTENTS_WORDS = (r"(?:table of contents|contents|table des matières|table|sommaire|inhalt|inhaltsverzeichnis|índice|indice"
                   r"|оглавление|содержание|目录|目次|目錄)")
_CONTENTS_TITLE = re.compile(_CONTENTS_WORDS + r"\.?$", re.IGNORECASE)
_CONTENTS_OPENING = re.compile(_CONTENTS_WORDS + r"\.?\s", re.IGNORECASE)  # a contents page run into one paragraph
_PAGE_ALONE = re.compile(r"\d{1,4}")
_PAGED_SPAN = 10  # blocks after a contents title searched for entries that end with their pages
_FIRST_ENTRIES = 3  # a contents' first entries, one of which its text's own heading repeats
_CONTENTS_SPAN = 600  # blocks searched for the end of a table of contents
_ENTRY = 100  # a contents entry that is not a heading is no longer than this
_PAGED_ENTRY = re.compile(r"(?:[IVXLCDM]+|\d{1,3})\.?\s.{1,300}\s\d{1,4}")  # a chapter's number, title and page
# a paragraph that lists a book's chapters ("BOOK SEVENTH. I. The Danger… II. A Priest… III. The Bells")
_LISTED_CHAPTERS = re.compile(r"(?:^|\s)(?:I|1)\.\s.+?\s(?:II|2)\.\s.+?\s(?:III|3)\.\s")
_NUMBER = re.compile(r"\b(?:[IVXLCDM]+|\d+)\b")
# a list's entry's number before its title: "VI.  The Permissive Limits…", "5  Es kommt ein Besuch…"
ENTRY_NUMBER = re.compile(r"^(?:[IVXLC]{1,7}\.|\d{1,3}\.?)\s+(?=\S)")
_PAGE_AT_END = re.compile(r"[\s.…·]+\d{1,4}$")  # a contents entry's page number, after a space or dot leaders  # a chapter's number in a contents entry or a heading


def separate(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """The work's blocks, and the apparatus' text in reading order."""
    apparatus: list[str] = []
    start = next((i for i, block in enumerate(blocks) if _START.search(block.text)), None)
    if start is not None:
        apparatus += [block.text for block in blocks[: start + 1]]
        blocks = blocks[start + 1 :]
    end = next((i for i, block in enumerate(blocks) if _END.search(block.text)), None)
    tail = [block.text for block in blocks[end:]] if end is not None else []
    blocks = blocks[:end]
    closing = _closing_note(blocks)
    tail, blocks = [block.text for block in blocks[closing:]] + tail, blocks[:closing]
    kept: list[Block] = []
    note_end = 0  # the end of a transcriber's note read so far
    title_end, tail_start = _outside_story(blocks)
    for at, block in enumerate(blocks):
        text = block.text.replace("**", "")  # emphasis aside: "**[Redactor's Note:** …"
        if _opens_note(blocks, at, text):
            note_end = _note_end(blocks, at)
        elif text.startswith("[") and _CREDITS.match(text):
            note_end = max(note_end, _bracket_end(blocks, at))
        # credits, a transcriber's note, and an ornament between sections ("* * * * *"), which is no text to align
        imprint = (at < title_end or at >= tail_start) and _imprint(text)
        if at < note_end or _CREDITS.match(text) or imprint or not any(c.isalnum() for c in text):
            apparatus.append(block.text)
        else:
            kept.append(block)
    kept = _without_listed_headings(_without_contents(kept, apparatus), apparatus)
    first = next((i for i, block in enumerate(kept) if block.heading and numbered(block.text)), None)
    if first is not None:
        levels = {block.heading for block in kept if block.heading and numbered(block.text)}  # the chapters' levels
        kept = [Block(block.text) if block.heading and i < first and not _section(kept, i, levels) else block
                for i, block in enumerate(kept)]
    return kept, apparatus + tail


def _outside_story(blocks: list[Block]) -> tuple[int, int]:
    """Where a title page may stand (the blocks before the first chapter's heading, else before the
    title's own heading near the start) and where what follows the work's last paragraph of prose
    begins: (title page's end, tail's start); (0, len(blocks)) where neither is found."""
    headings = [k for k, block in enumerate(blocks[:_TITLE_PAGES]) if block.heading]
    first_heading = next((k for k in headings if numbered(blocks[k].text)),  # the first chapter's, else the title's own
                         next((k for k in headings if k < _EDGE), 0))
    last_prose = next((k for k in range(len(blocks) - 1, max(-1, len(blocks) - 1 - _EDGE), -1)
                       if len(blocks[k].text.split()) > _PROSE), len(blocks) - 1)
    return first_heading, last_prose + 1


def _imprint(text: str) -> bool:
    """Whether a block outside the story is a publisher's or printer's imprint: a short line that opens as one."""
    return len(text.split()) <= _IMPRINT_WORDS and bool(_IMPRINT.match(text))


def _section(blocks: list[Block], at: int, levels: set[int]) -> bool:
    """Whether a heading before the first numbered one heads a section of the book, as the chapters do:
    at a level of theirs, over prose (a first paragraph longer than _PROSE words): Don Quijote's licence
    "TASA" and its dedication "AL DUQUE DE BÉJAR", <h3> as its chapters. A title page's line is followed
    by its next line ("Leipzig" / "Johann Friedrich Hartknoch.") or by a heading, or is set at another
    level (Candide's "<h3>CANDIDE BY VOLTAIRE</h3>" over the publisher's advertisement, its chapters <h2>)."""
    following = blocks[at + 1] if at + 1 < len(blocks) else None
    return (blocks[at].heading in levels and following is not None and not following.heading
            and len(following.text.split()) > _PROSE)


def _opens_note(blocks: list[Block], at: int, text: str) -> bool:
    """Whether block `at` (its text without emphasis marks) heads a transcriber's note: a heading that
    names one, or a short line that does near the work's end, or a heading there over a credit
    ("Au lecteur" / "Cette version numérisée…")."""
    heading, near_end = bool(blocks[at].heading), len(blocks) - at <= _NOTE_SPAN
    if _BOOKMARKS.match(text):
        return True
    if _NOTE_HEADING.match(text):
        return heading or len(text) <= _NOTE_TITLE
    return heading and near_end and at + 1 < len(blocks) and bool(_CREDITS.match(blocks[at + 1].text.replace("**", "")))


def _bracket_end(blocks: list[Block], at: int) -> int:
    """Where a note that opens with a bracket at block `at` ends: after the block that closes the
    bracket, within _BRACKET_SPAN blocks ("[Redactor's Note: …" / "… on Project Gutenberg.]", a page's
    line widths having cut it into two paragraphs); else at `at` alone."""
    depth = 0
    for k in range(at, min(len(blocks), at + _BRACKET_SPAN)):
        depth += blocks[k].text.count("[") - blocks[k].text.count("]")
        if depth <= 0:
            return k + 1
    return at + 1


def _closing_note(blocks: list[Block]) -> int:
    """Where a bracketed note that closes the work begins, one longer than _BRACKET_SPAN paragraphs
    (a bracket in the story spans fewer): Buddenbrooks' "[ Im folgenden werden alle geänderten
    Textzeilen angeführt…" over 120 paragraphs of lines as printed and as corrected, up to "]" before
    Gutenberg's end line. len(blocks) where the work closes otherwise; never a tenth of the work."""
    last = next((k for k in range(len(blocks) - 1, -1, -1) if blocks[k].text.strip()), None)
    if last is None or not blocks[last].text.rstrip().endswith("]"):
        return len(blocks)
    depth = 0
    for k in range(last, max(-1, last - len(blocks) // 10), -1):
        depth += blocks[k].text.count("]") - blocks[k].text.count("[")
        if depth <= 0:
            opens = blocks[k].text.lstrip().startswith("[")
            return k if opens and last - k >= _BRACKET_SPAN else len(blocks)
    return len(blocks)


def _note_end(blocks: list[Block], at: int) -> int:
    """Where a transcriber's note headed at `at` ends: at the next heading, or at the end of the work,
    if either comes within _NOTE_SPAN blocks; else it is its heading alone (no text of the book is taken
    for it). Under a title that is no heading, before the work's end, at its first paragraph that does
    not end like a sentence."""
    following = next((k for k in range(at + 1, len(blocks)) if blocks[k].heading and not _BOOKMARKS.match(blocks[k].text)),
                     len(blocks))
    bookmarks = bool(_BOOKMARKS.match(blocks[at].text.replace("**", "")))
    if not blocks[at].heading and not bookmarks and len(blocks) - at > _NOTE_SPAN:
        # a line of its own before the work's end ("Transcriber's Note:" over the title page, as Gutenberg's
        # plain text sets it): its paragraphs, sentences all, up to a title line or a heading
        return next((k for k in range(at + 1, following) if not _SENTENCE_END.search(blocks[k].text.replace("**", ""))), following)
    return following if following - at <= _NOTE_SPAN or bookmarks else at + 1


def contents_title(text: str) -> bool:
    """Whether a block is the title of a table of contents ("CONTENTS", "**Table des matières**")."""
    return bool(_CONTENTS_TITLE.match(text.replace("**", "").strip()))


def _without_contents(blocks: list[Block], apparatus: list[str]) -> list[Block]:
    """The blocks without their table of contents: from a "Contents" heading up to where its first
    entry comes again (alone, or as a number and a title in two blocks). Without such a repeat, the run
    of entries after the heading up to the first paragraph of prose, less the headings just before
    that prose from the one with the first entry's number (the first chapter's own heading); only the
    "Contents" line itself where no entry follows (in HTML its entries, links, are gone already). A
    contents page in the book's first half (the first one there: a later "Table." may be the story's;
    a later one too where its first entries end with their pages, as calibre sets a French edition's
    after a link named "Table"; and one run into a paragraph), one under a heading anywhere (a later volume's), and one whose
    entries close the book (French and Spanish editions set it there)."""
    kept: list[Block] = []
    titles: set[str] = set()  # the entries' titles, without their numbers and pages
    at, first = 0, True
    while at < len(blocks):
        block = blocks[at]
        titled = contents_title(block.text)
        closing = titled and at > len(blocks) // 2 and all(_entry(b) for b in blocks[at + 1 :])
        if _flat_contents(block.text):
            apparatus.append(block.text)
            at += 1
            continue
        paged = titled and _paged(blocks[at + 1 : at + 1 + _PAGED_SPAN])
        if closing or (titled and at + 1 < len(blocks) and ((first or paged) and at <= len(blocks) // 2 or block.heading)):
            end = len(blocks) if closing else _contents_end(blocks, at)
            apparatus += [b.text for b in blocks[at:end]]
            titles |= {_key(ENTRY_NUMBER.sub("", _PAGE_AT_END.sub("", b.text))) for b in blocks[at + 1 : end]}
            at, first = end, False
        else:
            kept.append(block)
            at += 1
    return _listed_titles(kept, titles - {""})


def _listed_titles(blocks: list[Block], titles: set[str]) -> list[Block]:
    """The blocks, a paragraph that a contents page lists as a heading, at the level of the headings it
    lists already: Heidi's German text names its chapters by their titles alone, and a long one ("Es
    kommt ein Besuch und dann noch einer, der mehr Folgen hat") or one wrapped over two lines had been
    read as a sentence of the chapter before. A line of dialogue is none ("“Porthos!”" for the chapter
    "PORTHOS")."""
    levels = [block.heading for block in blocks if block.heading and _key(block.text) in titles]
    if not levels:
        return blocks
    level = max(set(levels), key=levels.count)
    return [Block(block.text, level) if not block.heading and len(block.text) <= 2 * _ENTRY and _key(block.text) in titles
            and block.text.lstrip("*")[:1] not in DIALOGUE else block for block in blocks]


def _paged(blocks: list[Block]) -> bool:
    """Whether blocks after a contents title are its entries, two or more ending with their pages
    ("I. AU FOND DU TERRIER. 1", or a table's cells: "I.", "AU FOND DU TERRIER.", "1"), or one of the
    first listing a part's chapters."""
    texts = [block.text.replace("**", "").strip() for block in blocks]
    if any(_LISTED_CHAPTERS.search(text) for text in texts[:3]):
        return True  # "BOOK SEVENTH. I. The Danger of Confiding… II. A Priest…": a part's chapters listed
    return sum(1 for text in texts if _PAGED_ENTRY.fullmatch(text) or _PAGE_ALONE.fullmatch(text)) >= 2


def _flat_contents(text: str) -> bool:
    """Whether a paragraph is a contents page run into one ("TABLE. CHAPITRE. PAGE. I. AU FOND DU
    TERRIER. 1 II. LA MARE AUX LARMES. 15 …", calibre's FB2 of a table)."""
    plain = text.replace("**", "")
    return bool(_CONTENTS_OPENING.match(plain) and _LISTED_CHAPTERS.search(plain))


def _without_listed_headings(blocks: list[Block], apparatus: list[str]) -> list[Block]:
    """The blocks without a contents list that has no title: paragraphs before the first heading that
    say nothing but the headings after it, two or more, in order ("- Chapter 1. The Storm - Chapter 2.
    The Stranger", a list's items run into one paragraph)."""
    first = next((i for i, block in enumerate(blocks) if block.heading), None)
    if first is None:
        return blocks
    keys = [_key(block.text) for block in blocks[first:] if block.heading]
    listed = "".join(keys)
    ends = {sum(map(len, keys[:n])) for n in range(2, len(keys) + 1)}  # where the first n headings end
    for start in range(first):
        joined = ""
        for end in range(start, first):
            joined += _key(blocks[end].text)
            if not joined or not listed.startswith(joined):
                break
            if len(joined) in ends:
                apparatus += [block.text for block in blocks[start : end + 1]]
                return blocks[:start] + blocks[end + 1 :]
    return blocks


def _contents_end(blocks: list[Block], at: int) -> int:
    """Where the table of contents titled at `at` ends (see _without_contents): where its first entry,
    with or without the page number it ends with ("Chapter One: The Arrival 2"), comes again; or, where
    it never does, its second or third ("VOLUME I." only in the contents, then "BOOK FIRST.")."""
    entries_end = _entries_end(blocks, at + 1)
    for first in range(at + 1, min(len(blocks), at + 1 + _FIRST_ENTRIES)):
        entry = blocks[first].text
        firsts = {_key(entry), _key(_PAGE_AT_END.sub("", entry))}
        title = _key(ENTRY_NUMBER.sub("", entry))  # "1  Zum Alm-Öhi hinauf": the chapter's title alone, under no number
        repeated = next((end for end in range(first + 1, min(len(blocks), at + _CONTENTS_SPAN)) if _key(blocks[end].text) in firsts
                         or (end + 1 < len(blocks) and _key(blocks[end].text) + _key(blocks[end + 1].text) in firsts)
                         or (_key(blocks[end].text) == title and not blocks[end - 1].heading)), None)
        # a later entry's repeat only within the entries' run: past it is a later chapter's own heading
        if repeated is not None and (first == at + 1 or repeated <= entries_end):
            return _listed_end(blocks, at, repeated)
    return entries_end


def _listed_end(blocks: list[Block], at: int, repeated: int) -> int:
    """Where a table of contents titled at `at`, its first entry repeated at `repeated`, ends: there; or,
    where a paragraph of prose stands between, after its last entry that headings from there on repeat
    ("TROISIÈME PARTIE"; "I II III", its lines run into a paragraph; "I LE PETIT SOULIER.", a number and
    a title set as two headings). Madame Bovary's French text (Gutenberg) sets the author's dedication
    between its contents and "PREMIÈRE PARTIE", and it had been taken for the contents' (the English
    edition's reads as text)."""
    if not any(len(block.text.split()) > _PROSE and not _entry(block) for block in blocks[at + 1 : repeated]):
        return repeated
    keys = [_key(block.text) if block.heading else "" for block in blocks[repeated:]]
    headings = set(keys) | {number + title for number, title in zip(keys, keys[1:]) if number and title}
    named = [k for k in range(at + 1, repeated) if _key(blocks[k].text) in headings
             or all(_key(word) in headings for word in blocks[k].text.split())]
    return named[-1] + 1 if named else repeated


def _entries_end(blocks: list[Block], first: int) -> int:
    """Where a table of contents that is not repeated ends: at its first paragraph of prose, or at the
    heading there that repeats its first numbered entry's number (or its words, where none has one; a
    column header, "CHAPTER PAGE", is no entry), or names a
    chapter by word and number ("CHAPITRE PREMIER." before its title and the prose); not at all
    where the entries number no two chapters (they are the first chapter's heading)."""
    end = first
    while end < len(blocks) and _entry(blocks[end]):
        end += 1
    if end == len(blocks):
        return first  # no prose after it
    entry = next((k for k in range(first, end) if _NUMBER.search(blocks[k].text)), first)  # past a column header
    starts = [k for k in range(entry + 1, end) if _mark(blocks[k].text) == _mark(blocks[entry].text)]
    if starts:
        return starts[-1]
    # the first chapter's heading written out ("CHAPITRE PREMIER." and its title) after entries numbered
    # otherwise ("I. AU FOND DU TERRIER. 1"), or under a column header ("CHAPITRE. PAGE.")
    own = [k for k in range(max(first + 1, end - 2), end) if labelled(blocks[k].text)]
    if own:
        return own[0]
    numbers = {found.group(0) for block in blocks[first:end] if (found := _NUMBER.search(block.text))}
    return end if len(numbers) >= 2 else first  # a list of chapters, else a chapter's own heading


def _mark(text: str) -> str:
    """What a contents entry and its chapter's heading share: the chapter's number, or without one the words."""
    number = _NUMBER.search(text)
    return number.group(0) if number else _key(text)


def _entry(block: Block) -> bool:
    """A line of a contents page: a heading ("CHAPTER I. IN WHICH…", however long), a chapter's number,
    its title and its page however long ("V. Tempest, Shipwreck, Earthquake, and what became of …
    18"), or short and numbered or not a sentence of prose, or up to twice as long and ending no sentence."""
    text = block.text.replace("**", "")  # an italic dedication ends with its full stop, not with "**"
    ends = text.rstrip()[-1:] in ".!?:;"  # prose ends its sentences; a long title need not ("Preliminary
    # Chapter-- Recapitulating the First Part of This Work, and Serving as a Preface to the Second")
    numbered = bool(ENTRY_NUMBER.match(text))  # "I. From Twenty Minutes Past Ten to Forty-Seven Minutes Past Ten P. M."
    return bool(block.heading) or bool(_PAGED_ENTRY.fullmatch(text)) or bool(_LISTED_CHAPTERS.search(text)) or (
        len(text) <= _ENTRY and (numbered or not (len(text.split()) > 8 and ends))) or (len(text) <= 2 * _ENTRY and not ends)


def _key(text: str) -> str:
    """Letters and digits only, accents and case folded: a contents entry and its heading compare equal."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.casefold() if c.isalnum())
