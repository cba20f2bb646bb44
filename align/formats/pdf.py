"""PDF with a text layer -> text, through pypdfium2 (an optional extra: `pip install 'align[pdf]'`).
Lines are rebuilt from the text layer, placed by baseline and font size; running heads and page numbers
(the same line at the top or foot of many pages, a chapter's title over its pages, a number that runs
with the pages, or a bare number there) are set apart; footnotes (smaller lines at a page's foot that
begin with a mark) are kept as notes, and a call set small after its word becomes "[n]"; paragraphs
break at wider gaps than the book's leading, indented first lines and after titles; a title set large
over several lines is one line, and a drop cap goes back to its word; hyphenated line ends are joined
by the plain-text reader. A PDF without text (a scan) is refused."""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ..records import AlignError, Note

# a mark, then words: after a space, or at once as LibreOffice and Word set a note's raised mark ("1A preserve")
_NOTE_START = re.compile(r"(\d{1,3}|\*{1,3}|[†‡])(?:[.)]?\s+|(?=[^\W\d_]))(?=.*[^\W\d_])(\S.*)")
_PAGE_NUMBER = re.compile(r"[-–—\s]*(?:\d{1,4}|[ivxlcdm]{1,7})[-–—\s]*$", re.IGNORECASE)
_SMALL = 0.85  # a line smaller than this share of the body's size may be a footnote
_REPEATED = 0.2  # a head or foot line on at least this share of the pages is a running head
# ... as is a line set smaller than the text (under _HEAD_SIZE of it) with this many letters or more
# on three pages (a chapter's title as its head), or with a number that runs with the pages
_TITLE_LETTERS = 6
_HEAD_SIZE = 0.95
_DROPPED = "\x01"  # a space pdfium made up between two letters of a word, until the line's text is built
_WORD_GAP = 0.12  # a gap between two pieces of a row wider than this share of the type's size is a space
_WORD = re.compile(r"[^\W\d_]+")
_SUBHEADING = 80  # a bold line this short, not ending like a sentence, is a section's title
_CLOSING = ",.;:!?'’\"”»)"
_RAISED = re.compile("\x00(\\d+)\x00")
_GLUED_NUMBER = re.compile(r"(?<=[^\W\d_]|[.,;:!?'’\"”»)])\d{1,3}(?!\d)")
_NUMBERED_HEAD = re.compile(r"(\d{1,4})\s+\S.*\D$|\D.*\S\s+(\d{1,4})$")  # a number, then words, or words, then a number


@dataclass
class _Line:
    base: float  # the height of its baseline on the page
    left: float
    height: float  # its font's size, the median of its first, middle and last characters' (a glyph's box
    # varies with the letter, "y" is taller than "A"; a raised initial is one character of the line)
    text: str
    bold: bool = False  # set in a bold face (its middle character's font is named so: "Times-Bold")
    right: float = 0.0  # where its last character ends


def read_pdf(data: bytes, name: str) -> tuple[str, list[Note], list[str]]:
    """The body text of a PDF (lines, paragraphs apart by blank lines), its footnotes and its
    running heads and page numbers."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise AlignError(f"{name}: reading PDF needs pypdfium2: pip install 'align[pdf]'") from None
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise AlignError(f"{name}: password-protected PDF; give an unprotected copy") from None
        raise AlignError(f"{name}: a damaged PDF ({error})") from None
    try:
        pages = [_lines(document[k]) for k in range(len(document))]
    except pdfium.PdfiumError as error:  # a page the file's damage left unreadable
        raise AlignError(f"{name}: a damaged PDF ({error})") from None
    if not any(line.text.strip() for page in pages for line in page):
        raise AlignError(f"{name}: a PDF without a text layer (a scan?); run OCR on it first (e.g. ocrmypdf)")
    heights = [line.height for page in pages for line in page if line.text.strip()]
    body = statistics.median(heights)
    words = Counter(word.casefold() for page in pages for line in page for word in _WORD.findall(line.text))
    # the book's leading, not a page's: on a page of one-line paragraphs (dialogue) most gaps are paragraphs'
    gaps = [a.base - b.base for page in pages for a, b in zip(page, page[1:]) if 0 < a.base - b.base < 3 * body]
    leading = statistics.median(gaps) if gaps else body * 1.2
    matter = _running_heads(pages, body)
    notes: list[Note] = []
    paragraphs: list[str] = []
    last: _Line | None = None  # the previous page's last line of text
    for page in pages:
        kept = [line for line in page if id(line) not in matter]
        kept, foot = _split_foot(kept, body)
        notes += [Note(note.mark, _called(note.text, set())) for note in foot]
        text = _called(_page_text(kept, body, leading, words), {note.mark for note in foot})
        indented = kept and kept[0].left - min(line.left for line in kept) > 0.8 * body
        if kept and last and (_display(kept[0], body) or _display(last, body) or _subheading(last) or indented):
            text = "\n" + text  # a title ends or opens the page, or a paragraph's first line opens it
        paragraphs.append(text)
        last = kept[-1] if kept else last
    apparatus = [_called(line.text, set()) for page in pages for line in page if id(line) in matter]
    return "\n".join(paragraphs), notes, apparatus


def _called(text: str, marks: set[str]) -> str:
    """The raised numbers of a page's text (see _raised_numbers) that a note at its foot answers as
    their calls, "[1]"; any other (x²) as it was set."""
    return _RAISED.sub(lambda m: f" [{m.group(1)}]" if m.group(1) in marks else m.group(1), text)


def _lines(page) -> list[_Line]:
    """The page's text lines in the text layer's reading order, each placed by its first character.
    pdfium writes a hyphen that ends a line as U+FFFE, with no line break after it: it ends the line
    ("won-" / "derful"), and the plain-text reader decides whether the hyphen stays."""
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    calls = _raised_numbers(textpage, text)
    lines, at = [], 0
    for end in [*re.finditer(r"\r\n|[\n\r\ufffe]", text), None]:
        stop = end.start() if end else len(text)
        raw = text[at:stop]
        first = at + len(raw) - len(raw.lstrip())
        if _letter_spaced(raw):
            raw = "".join(_DROPPED if k in _letter_gaps(textpage, text, at, stop) else char for k, char in enumerate(raw, at))
        for start, after in reversed([call for call in calls if at <= call[0] < stop]):
            raw = f"{raw[: start - at]}\x00{text[start:after]}\x00{raw[after - at :]}"
        last = first + len(raw.strip()) - 1
        content = raw.replace(_DROPPED, "").strip() + ("-" if end and end.group() == "\ufffe" else "")
        if content:
            base, left, _ = _origin(textpage, min(first, len(text) - 1))
            size = statistics.median(_origin(textpage, k)[2] for k in (first, (first + stop) // 2, max(first, stop - 1)))
            line = _Line(base, left, size, content, _bold(textpage, (first + stop) // 2), _box(textpage, last)[1])
            if lines and _goes_on(lines[-1], line):
                lines[-1] = _joined(lines[-1], line)
            else:
                lines.append(line)
        at = end.end() if end else len(text)
    return lines


def _goes_on(line: _Line, following: _Line) -> bool:
    """Whether pdfium broke a row of type in two: the next piece in the same size on the same baseline,
    starting where the row stopped (calibre's PDF of a justified French text came out a letter a line)."""
    same = abs(following.base - line.base) < 0.2 * line.height and abs(following.height - line.height) < 0.1 * line.height
    return same and -0.1 * line.height <= following.left - line.right < line.height


def _joined(line: _Line, following: _Line) -> _Line:
    """One line of two pieces of a row, a space between them where the gap is a word's."""
    space = " " if following.left - line.right > _WORD_GAP * line.height else ""
    return _Line(line.base, line.left, line.height, line.text + space + following.text, line.bold, following.right)


def _letter_spaced(raw: str) -> bool:
    """Whether pdfium set a space between every letter of a line ("A u m ê m e i n s t a n t"): a font
    that gives its glyphs no width (calibre's PDF of a French text) leaves it only their positions."""
    tokens = raw.split()
    return len(tokens) >= 6 and sum(1 for token in tokens if len(token) == 1 and token.isalpha()) >= 0.5 * len(tokens)


def _letter_gaps(textpage, text: str, start: int, stop: int) -> set[int]:
    """The spaces pdfium made up between start and stop where the characters either side stand no
    further apart than letters of one word do."""
    import pypdfium2.raw as pdfium_c

    gaps = set()
    for k in range(max(start, 1), min(stop, len(text) - 1)):
        if text[k] == " " and pdfium_c.FPDFText_IsGenerated(textpage.raw, k) == 1:
            size = _origin(textpage, k - 1)[2]
            if _box(textpage, k + 1)[0] - _box(textpage, k - 1)[1] <= _WORD_GAP * size:
                gaps.add(k)
    return gaps


def _box(textpage, index: int) -> tuple[float, float]:
    """Where a character's box begins and ends, left to right."""
    import pypdfium2.raw as pdfium_c

    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharBox(textpage.raw, index, left, right, bottom, top)
    return left.value, right.value


def _origin(textpage, index: int) -> tuple[float, float, float]:
    """Where a character stands (its baseline's height, its left) and the size of its font."""
    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
    return y.value, x.value, pdfium_c.FPDFText_GetFontSize(textpage.raw, index)


def _bold(textpage, index: int) -> bool:
    import pypdfium2.raw as pdfium_c

    name = ctypes.create_string_buffer(128)
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, name, len(name), None)
    return b"bold" in name.value.lower()


def _subheading(line: _Line) -> bool:
    """A short line set in bold that does not end like a sentence: a section's title in the text's size."""
    return line.bold and len(line.text) <= _SUBHEADING and line.text.rstrip()[-1:] not in ".!?:;,"


def _raised_numbers(textpage, text: str) -> list[tuple[int, int]]:
    """Where a note's call is set small after a word ("MARMALADE¹" as pdfium reads it, "MARMALADE1"):
    a number of one to three digits right after a letter or a mark, in a font under _SMALL of that
    character's and above its baseline (x² is one too: _called keeps as calls only the numbers a note
    of the page answers). Written "\x00n\x00" until the page's notes are known."""
    import pypdfium2.raw as pdfium_c

    def raised(index: int) -> bool:  # smaller than the character before, and above its baseline (not H₂O)
        base, _, size = _origin(textpage, index)
        before, _, size_before = _origin(textpage, index - 1)
        return size < _SMALL * size_before and base > before + 0.1 * size_before

    return [(m.start(), m.end()) for m in _GLUED_NUMBER.finditer(text) if raised(m.start())]


def _running_heads(pages: list[list[_Line]], body: float) -> set[int]:
    """The ids of the lines that are running heads or page numbers: a line at a page's edge (first or
    last in the text layer, or highest or lowest on the page: a producer may write the foot first)
    that is a bare number; whose letters recur there on many pages (not a title set large: a chapter's
    heading whose words head its other pages); or, set smaller than the text as heads are (a refrain,
    a diary's day are not), whose letters are a title's worth on three pages or more (a chapter's title
    over its pages), or whose number runs with the pages' ("DOWN THE RABBIT-HOLE 3", "4 ALICE'S ...").
    `body`: the text's font size."""
    def key(line: _Line) -> str:
        return "".join(c for c in line.text.casefold() if c.isalpha())

    def page_number(k: int, line: _Line) -> int | None:  # the printed number less the page's index
        found = _NUMBERED_HEAD.match(line.text)
        return None if not found else int(found.group(1) or found.group(2)) - k

    edges = [(k, line) for k, page in enumerate(pages) for line in _edges(page)]
    counts = Counter(key(line) for _, line in edges)
    offsets = Counter(page_number(k, line) for k, line in edges)
    least = max(3, _REPEATED * len(pages))
    return {id(line) for k, line in edges if _PAGE_NUMBER.match(line.text)
            or (key(line) and counts[key(line)] >= least and not _display(line, body))  # a chapter's heading stays
            or (line.height < _HEAD_SIZE * body  # set smaller than the text, as heads are: not a refrain, a diary's day
                and ((len(key(line)) >= _TITLE_LETTERS and counts[key(line)] >= 3)
                     or (page_number(k, line) is not None and offsets[page_number(k, line)] >= least)))}


def _edges(page: list[_Line]) -> list[_Line]:
    if len(page) <= 1:
        return page
    ends = (page[0], page[-1], max(page, key=lambda line: line.base), min(page, key=lambda line: line.base))
    return list({id(line): line for line in ends}.values())


def _split_foot(lines: list[_Line], body: float) -> tuple[list[_Line], list[Note]]:
    """The page's lines without its footnotes, and the footnotes: the smaller lines at its foot,
    beginning with a mark that the page's text calls (a quotation set small that opens with a number,
    "12 Church Lane…", is no note 12)."""
    at = len(lines)
    while at > 0 and lines[at - 1].height < _SMALL * body:
        at -= 1
    foot = lines[at:]
    first = _NOTE_START.match(foot[0].text.strip()) if foot and at else None
    if not first or not _calls(first.group(1), " ".join(line.text for line in lines[:at])):
        return lines, []
    notes: list[Note] = []
    for line in foot:
        start = _NOTE_START.match(line.text.strip())
        if start:
            notes.append(Note(start.group(1), start.group(2).strip()))
        elif notes:
            notes[-1] = Note(notes[-1].mark, f"{notes[-1].text} {line.text.strip()}")
    return lines[:at], notes


def _calls(mark: str, text: str) -> bool:
    """Whether a text calls a note's mark: after a word or a stop ("door.1", raised or not), or as a
    word of its own where the text layer set it apart ("it 1 was")."""
    return bool(re.search(rf"(?:(?<=[^\W\d_])|(?<=[.,;:!?'’\"”»)])|(?<!\S))\x00?{re.escape(mark)}\x00?(?![\w])", text))


def _page_text(lines: list[_Line], body: float, leading: float, words: Counter[str]) -> str:
    """A page's lines, a blank line where a paragraph breaks: a gap wider than the book's `leading`, an
    indented first line, or a line after a title. A drop cap (a chapter's first letter set large
    beside its first lines) goes back to its word where the document has that word as often as what
    follows the cap, elsewhere, and at least once ("A" + "lice": Alice; "A" + "long": not along, "A" +
    "stranger": not Astranger; `words`: the document's words, casefolded, counted)."""
    if not lines:
        return ""
    margin = min(line.left for line in lines)
    out = [lines[0].text.strip()]
    cap_line: _Line | None = None  # the last drop cap: the lines beside it are indented, not paragraphs
    for previous, line in zip(lines, lines[1:]):
        gap = previous.base - line.base
        same_size = abs(line.height - previous.height) < 0.1 * previous.height
        cap = previous.text.strip()
        if len(cap) == 1 and cap.isupper() and previous.height > 1.5 * body and line.left > previous.left:  # a drop cap
            word = _WORD.match(line.text.strip())
            joined = words[(cap + word.group(0)).casefold()] if word else 0
            whole = joined > 0 and joined >= words[word.group(0).casefold()] - 1  # the rest is counted here too
            out[-1] += ("" if whole else " ") + line.text.strip()
            cap_line = previous
            continue
        if abs(gap) < 0.5 * previous.height and line.left > previous.left:  # the row goes on past a raised call
            out[-1] += ("" if line.text[0] in _CLOSING else " ") + line.text.strip()
            continue
        if _display(previous, body) and same_size and gap < 1.6 * line.height:
            out[-1] += " " + line.text.strip()  # a title set large over two lines ("A Caucus-Race and" / "a Long Tale")
            continue
        beside = cap_line and line.left > cap_line.left and cap_line.base - line.base < cap_line.height  # a drop cap's
        indented = line.left - margin > 0.8 * body and not beside
        after_display = _display(previous, body) and len(cap) > 1  # a title, then its author or the text
        out.append(("\n" if gap > 1.5 * leading or indented or after_display else "") + line.text.strip())
    return "\n".join(out)


def _display(line: _Line, body: float) -> bool:
    """Whether a line is set larger than the body text (a title, a heading)."""
    return line.height > 1.1 * body
