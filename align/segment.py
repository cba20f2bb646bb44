"""Segmentation: a document's paragraphs and headings -> sentences, each with its chapter.

A heading is a sentence of its own, never joined with running text (a chapter's number and its
title, set as two headings, make one); the chapter of a sentence counts the headings so far.

Sentences are split with razdel for Russian and English (the field's choice for Russian; on
the gold corpora it also beats pysbd, syntok and blingfire for English) and with sentencex
for every other language (Wikimedia's rules for some 250 languages, Chinese and Japanese
included; chosen over pysbd and razdel by `benchmarks/languages.py`). Thai marks the end of a
sentence with a space, so Thai is split there. A few rules sit on top: footnote marks,
lowercase continuations (not after a question or an exclamation: "Que voulez-vous? demandai-je."
is two sentences, as aligned gold has it), no end at a semicolon (razdel makes one before a
capital), chapter headings, English abbreviations and "No.", titles before a name in other
languages ("Mr. Fogg", "Mme. Fix"), and a cut of overly long sentences. Hard-wrapped Chinese and
Japanese lines are joined without a space.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from pathlib import Path

import sentencex
from razdel import sentenize

from align import verse
from align.formats.headings import heading_level, number_only, numbers_itself
from align.formats.text import CLOSING_MARKS, NOTE_CALL, normalise, restored, text_document, title_line, without_emphasis
from align.language import detect_language
from align.records import Block, Document, Sentence, lowercase

MAX_SENTENCE = 5000  # longer "sentences" are cut at a space near this many characters (Proust writes 3,000)
MAX_SENTENCE_DENSE = 400  # the same for Chinese and Japanese, where a character carries about a word
DENSE = ("zh", "ja")
RAZDEL = ("ru", "en")  # languages split by razdel; the others by sentencex
_THAI_BREAK = re.compile(r"(?<=[\u0e00-\u0e7f]) +(?=[\u0e00-\u0e7f])")
# a quotation, each kind with its own closing mark (German „…“ and »…«, French «…», CJK 「…」), or an aside
# in parentheses: sentencex keeps either whole however many sentences it holds
_QUOTATION = re.compile(
    r'“[^“”]+”|„[^„“”]+[“”]|«[^«»]+»|»[^«»]+«|「[^「」]+」|『[^『』]+』|"[^"]+"|\([^()]+\)'
    # in single quotes, an apostrophe inside a word ("l'instant", "l’air") does not close it
    r"|‘(?:[^‘’]|(?<=\w)’(?=\w))+’|(?<!\w)'(?=\S)(?:[^']|(?<=\w)'(?=\w))+(?<=\S)'(?!\w)"
)
# a sentence closed inside its parentheses, "(Dinah was her cat.)", before the next one; and a question or
# exclamation closed inside its quotation marks before whatever follows ("«Que voulez-vous?» demandai-je.")
_CLOSED_ASIDE = re.compile(r"(?:(?<=[.!?…]\))|(?<=[!?…][»”“«\"]))\s+(?=[\"'«“„‘‹(—–-]*\s*[^\W\d_])")
_SPACE = re.compile(" ")
_GUILLEMET = re.compile("[«»]")
_GAP = 64  # the most white space looked through between a guillemet and its sentence
# words that sentencex takes for abbreviations and so never ends a sentence after ("d'un ton sec. «Croyez-vous…»"),
# found by trying every word of the French books and gold ("le vol.", "etc."): the end is theirs where a
# capital follows
_WORDS_NOT_ABBREVIATED = {"fr": re.compile(r"\b(?i:sec|art|vol|etc)\.[»”\")]*\s+(?=[\"«“„(—–-]*\s*[A-ZÀ-Ý])")}
_DENSE_BREAK = re.compile(r" |(?<=[，；：、,;:])")  # where an overly long Chinese sentence may be cut

# footnote markers: [12], ^3, word-final asterisks, superscript digits
# a call: "[12]", "^3" (not "snr.^a", Portuguese's superscript abbreviation), "river*", superscript digits
_FOOTNOTE = re.compile(r"\[(\d{1,4}|\*{1,3}|[a-zA-Z]|[ivxlc]{2,7})\]|\^(\d{1,3})|(?<=\w)(\*{1,3})(?!\w)|([¹²³⁰⁴-⁹]+)")
_EMPHASIS_ASTERISK = re.compile(r"(?<![\w*])\*(?=\w)")  # "*Bazillio Telles*": asterisks around words mark emphasis
_LEADING_NOTES = re.compile(rf"(?:(?:{NOTE_CALL})(?:\s+|$))+")
# a note's call straight after a sentence's end, then a capital ("night.[1] The rain"): razdel and sentencex
# see no end there, the call hiding the stop from them
_CALL_AFTER_END = re.compile(rf"(?:(?<=[.!?…][\"'»”’)])|(?<=[.!?…]))(?:{NOTE_CALL})+\s+(?=[\"'«“„‘(—–-]*\s*[A-ZÀ-ÞА-ЯЁΑ-Ω])")
# a sentence's end before two closing marks (a quotation within a quotation, or in parentheses), then a
# capital: "'publicity.'\" But", "O mouse!') The Mouse"; razdel sees no end past the second mark
_NESTED_CLOSE_END = re.compile(r"(?<=[.!?…])['’\"”»)]{2,}\s+(?=[\"'«“„‘(—–-]*\s*[A-ZÀ-ÞА-ЯЁΑ-Ω])")
# an abbreviation's stop, then a quotation opening with a capital ("at 8.45 p.m. \"Reached Paris"): razdel
# sees no end there
_QUOTE_OPENS = re.compile(r"[\"«„“‘]\s*[A-ZÀ-ÞА-ЯЁ]")  # a quotation opening with a capital
_QUOTE_AFTER_STOP = re.compile(rf"(?<=\.)\s+(?={_QUOTE_OPENS.pattern})")
_LINE_END = re.compile(r"\r\n|\r|\n")  # where a line ends, as Python's text files and most tools count
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# marks of writing direction (LRM, RLM, ALM, embeddings, overrides, isolates): invisible, but after a
# sentence's stop they hide its end from the splitters ("ذهب إلى السوق.\u200f ثم عاد", "ended.\u2069 Then")
_DIRECTION_MARK = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")

_CONTINUES = re.compile(r"[\"'«„“‘`(]*[a-zа-яё]")
_INITIAL = re.compile(r"(?:^|[\s«“„\"'(—–-])([^\W\d_])\.$")
_TITLE_ABBREV = re.compile(r"(?:^|[\s«“„\"'(—–-])(?:Mr|Mrs|Mme|Mmes|Mlle|Mlles|MM|Dr|St|Ste|Mgr|Sr|Sra|Srta|Dña|Hr|Hrn)\.$")
_OPENING = re.compile(r"(?<=\s)[«“„‹(\[]+$")  # opening marks (after a space) a splitter left at a sentence's end
_HEADING = re.compile(r"(?:chapter|part|book|глава|часть)\s+\w+\.$", re.IGNORECASE)
_EN_NO = re.compile(r"\b[Nn]o\.(?=\s+[\"'“‘]?[A-Z][a-z])")
# a question, exclamation or trailing off, its closing quotes after it: a sentence ends there even when
# a lowercase word or the speaker follows ("Que voulez-vous? demandai-je.", "What do you want?" I asked.),
# as the sentence-aligned gold has it; an aligner joins the pieces where a translation does
_EXCLAIMED_END = re.compile(r"(?:[?!…]|\.\.\.)[\s\"'»”“«’)\]]*$")
# a short quotation that exclaims or asks inside a clause, opened right after a word ("ein lautes »Oh!«" /
# "ausstoßen", "poussa un «hum!»" / "significatif"); after a comma or a colon a quotation is speech, which ends
# its sentence as the gold segmentations cut it ("corridor, «Qui est là?»" / "demandai-je.")
_QUOTED_INSIDE = re.compile(r"[^\W\d_]\s+[«»„“”\"‹›][^«»„“”\"‹›]{1,60}[?!…]\s*[«»„“”\"‹›]$")
# English abbreviations after which razdel wrongly ends a sentence
_EN_ABBREV = re.compile(
    r"(?:^|[\s(\"'“‘«„—–-])(?:Mr|Mrs|Ms|Messrs|Mme|Mlle|Dr|Prof|Rev|Hon|St|Sr|Jr|Capt|Col|Gen|Lt|Sgt|MR|MRS|DR|ST"
    r"|Gov|Sen|Rep|Mt|Ft|Vol|vol|pp|cf|vs|viz|approx|Fig|fig|deg|Jan|Feb|Mar"
    r"|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[a-zA-Z]\. ?[a-zA-Z])\.$"
)


def _strip_emphasis(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove paired **...** / __...__ markers; return the clean text (its literal asterisks restored,
    formats.text.literal) and the emphasised spans."""
    pairs = []
    opened: tuple[int, str] | None = None
    for m in re.finditer(r"\*\*+|__+", text):
        mark = m.group(0)
        if len(mark) != 2:
            continue
        before = text[m.start() - 1 : m.start()] or " "
        after = text[m.end() : m.end() + 1] or " "
        if opened is None:
            if not after.isspace() and not (mark == "__" and before.isalnum()):
                opened = (m.start(), mark)
        elif mark == opened[1] and not before.isspace() and not (mark == "__" and after.isalnum()):
            pairs.append((opened[0], m.start()))
            opened = None
    pieces, spans, pos, removed = [], [], 0, 0
    for start, end in pairs:
        pieces += [text[pos:start], text[start + 2 : end]]
        spans.append((start - removed, end - removed - 2))
        removed += 4
        pos = end + 2
    pieces.append(text[pos:])
    return restored("".join(pieces)), spans  # one character for one: the spans hold


def _cut_long(start: int, stop: int, text: str, dense: bool) -> list[tuple[int, int]]:
    """Cut an overly long span into pieces of about the longest size: at spaces, and in
    Chinese or Japanese also after a comma, semicolon or colon."""
    pieces = []
    limit, cuts = (MAX_SENTENCE_DENSE, _DENSE_BREAK) if dense else (MAX_SENTENCE, _SPACE)
    while stop - start > limit:
        breaks = list(cuts.finditer(text, start + limit // 2, start + limit))
        cut = breaks[-1].start() if breaks else start + limit
        pieces.append((start, cut))
        start = cut + 1 if text[cut] == " " else cut
    pieces.append((start, stop))
    return pieces


def _razdel_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """razdel's sentence spans, with English "No." before a capitalised word taken as an end."""
    spans = [(s.start, s.stop) for s in sentenize(text)]
    if lang != "en":
        return spans
    cut = []
    for start, stop in spans:
        for m in _EN_NO.finditer(text, start, stop):
            cut.append((start, m.end()))
            start = m.end() + len(text[m.end() : stop]) - len(text[m.end() : stop].lstrip())
        cut.append((start, stop))
    return cut


def _trimmed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans without their surrounding whitespace, blank ones left out."""
    trimmed = []
    for start, stop in spans:
        piece = text[start:stop]
        if piece.strip():
            trimmed.append((start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())))
    return trimmed


def _sentencex(text: str, lang: str, offset: int = 0) -> list[tuple[int, int]]:
    # sentencex keeps a quotation whole, and one left open (a speech that goes on in the next paragraph,
    # as French sets it) took the rest of the paragraph into one sentence: it reads such marks as spaces,
    # and each goes back to the sentence it opens
    unclosed = _unclosed_quotes(text)
    blanked = "".join(" " if at in unclosed else c for at, c in enumerate(text)) if unclosed else text
    bounds = sentencex.get_sentence_boundaries(lang, blanked)
    spans = _trimmed(blanked, [(b["start_index"], b["end_index"]) for b in bounds])
    if unclosed:
        spans = _given_back(text, spans, unclosed)
    return [(offset + start, offset + stop) for start, stop in spans]


def _given_back(text: str, spans: list[tuple[int, int]], marks: set[int]) -> list[tuple[int, int]]:
    """The spans with each of the blanked `marks` outside them given back: to the sentence it opens
    (white space between), else to the one it follows (the paragraph's last: "…dit: «")."""
    out = [list(span) for span in spans]
    starts = [start for start, _ in out]

    def inside(at: int) -> bool:
        k = bisect.bisect_right(starts, at) - 1
        return k >= 0 and at < out[k][1]

    def blank(a: int, b: int) -> bool:  # only white space between (a bounded look: never quadratic)
        return b - a <= _GAP and not text[a:b].strip()

    outside = [at for at in sorted(marks) if not inside(at)]
    for at in reversed(outside):  # the later first: "« «Bon" gives both to "Bon"
        k = bisect.bisect_right(starts, at)
        if k < len(out) and blank(at + 1, out[k][0]):
            out[k][0] = starts[k] = at
    for at in outside:
        k = bisect.bisect_right(starts, at) - 1
        if k >= 0 and not inside(at) and blank(out[k][1], at):
            out[k][1] = at + 1
    return [(start, stop) for start, stop in out]


def _unclosed_quotes(text: str) -> set[int]:
    """Where the guillemets stand that open a quotation the paragraph never closes."""
    return {at for at, end in _quote_pairs(text) if end < 0}


def _quote_pairs(text: str) -> list[tuple[int, int]]:
    """Where each guillemet that opens a quotation stands, in order, and where the one closing it
    stands (-1: none does)."""
    opening = _opening_guillemet(text)
    pairs: dict[int, int] = {}
    open_at: list[int] = []
    for m in _GUILLEMET.finditer(text):
        if m.group() == opening:
            open_at.append(m.start())
            pairs[m.start()] = -1
        elif open_at:
            pairs[open_at.pop()] = m.start()
    return list(pairs.items())


def _opening_guillemet(text: str) -> str:
    """The guillemet that opens a quotation in this paragraph ("«…»", or "»…«" as German sets it),
    told by the first: the one it is where it stands before a word, the other where it follows one
    (it closes a speech opened in an earlier paragraph: "…naturel?...»"), and « where a space stands
    either side (as French sets them: "…du ciel. » Il sortit"). "«" where there is none."""
    first = _GUILLEMET.search(text)
    if first is None:
        return "«"
    at, mark = first.start(), first.group()
    if at > 0 and not text[at - 1].isspace() and text[at - 1] not in "(—–-\"'":
        return {"«": "»", "»": "«"}[mark]
    return "«" if at + 1 == len(text) or text[at + 1].isspace() else mark


def _cut_at(text: str, start: int, stop: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """A span cut after each match of `pattern` (which ends where the next sentence begins)."""
    pieces = []
    for m in pattern.finditer(text, start, stop):
        pieces.append((start, m.start() + len(m.group(0).rstrip())))
        start = m.end()
    return [*pieces, (start, stop)]


def _sentencex_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """sentencex's sentence spans, also split inside quotations and parentheses (sentencex keeps them
    whole, and a character's speech of many sentences would be one sentence), after a sentence
    closed inside its parentheses and after a question or exclamation closed inside its quotes."""
    pairs = _quote_pairs(text)
    spans = [piece for start, stop in _after_asides(text, _sentencex(text, lang), lang)
             for piece in _inside_quotations(text, start, stop, lang, pairs)]
    words = _WORDS_NOT_ABBREVIATED.get(lang)
    if words:  # cut after "sec." where a capital follows
        spans = [piece for start, stop in spans for piece in _cut_at(text, start, stop, words)]
    return spans


def _inside_quotations(text: str, start: int, stop: int, lang: str, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sentencex span cut where a sentence ends inside a quotation or an aside it holds, and inside
    a quotation within that one ("'Dans l'instant, ma bonne! Il faut…'" in a character's speech).
    A guillemet closed beyond the span (`pairs`, see _quote_pairs) opens a quotation that holds
    another in the same marks: sentencex took the inner one's closing mark for its end, and the span
    ends inside it ("dit: «Défie-toi … Musset. C'est: «La blanche Oloossone…» et…"). All of the span
    from that mark on is quoted."""
    held, k = stop, bisect.bisect_left(pairs, start, key=lambda pair: pair[0])
    while k < len(pairs) and pairs[k][0] < stop:
        if pairs[k][1] >= stop:
            held = pairs[k][0]
            break
        k += 1
    # (up to that mark and with it: what sentencex took for a quotation may close there, "» Et il… «Ce que")
    insides = [(quote.start() + 1, quote.end() - 1) for quote in _QUOTATION.finditer(text, start, min(held + 1, stop))]
    if held < stop:
        insides.append((held + 1, stop))
    spans = []
    for first, last in insides:
        inside = [piece for a, b in _sentencex(text[first:last], lang, first)
                  for piece in _inside_quotations(text, a, b, lang, pairs)]
        for (_, end), (following, _) in zip(inside, inside[1:]):
            spans.append((start, end))
            start = following
    return [*spans, (start, stop)]


def _after_asides(text: str, spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """The spans cut after each closed aside; a span that was cut has its pieces split again, since
    sentencex, misled by a quotation mark, may have missed an end inside it."""
    cut = []
    for start, stop in spans:
        pieces = []
        for m in _CLOSED_ASIDE.finditer(text, start, stop):
            pieces.append((start, m.start()))
            start = m.end()
        if not pieces:
            cut.append((start, stop))
            continue
        for a, b in [*pieces, (start, stop)]:
            cut += _sentencex(text[a:b], lang, a)
    return cut


def _thai_spans(text: str) -> list[tuple[int, int]]:
    """Thai ends a sentence with a space (and has no sentence punctuation)."""
    cuts = [m.start() for m in _THAI_BREAK.finditer(text)]
    return _trimmed(text, list(zip([0, *cuts], [*cuts, len(text)])))


def _splitter_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph by the library that serves its language."""
    if lang in RAZDEL:
        spans = _razdel_spans(text, lang)
    elif lang == "th":
        spans = _thai_spans(text)
    else:
        spans = _sentencex_spans(text, lang)
    for pattern in (_CALL_AFTER_END, _NESTED_CLOSE_END, _QUOTE_AFTER_STOP):
        spans = [piece for start, stop in spans for piece in _cut_at(text, start, stop, pattern)]
    return spans


def _joins(previous: str, piece: str, lang: str) -> bool:
    """Whether the splitter's piece continues the sentence before it rather than starting one."""
    if CLOSING_MARKS.fullmatch(piece) or _HEADING.match(previous) or not any(c.isalnum() for c in piece):
        return True  # closing marks, and any piece without a word ("…«" after "das Heiligste!", a dash)
    if piece[0] in ",;:，；：、":
        return True  # no sentence opens with a comma: "Père Rouault..., père Rouault..., balbutia Charles."
    if piece.startswith("^"):
        return True  # a superscript after an abbreviation's stop ("a snr.^a D. Angelina", "o 1.^o dia")
    if lang in RAZDEL and previous.endswith(";"):
        return True  # razdel ends a sentence at a semicolon before a capital ("…to sleep; I would…")
    if lang == "ja" and previous.endswith(("」", "』")) and piece.startswith(("と", "って")):
        return True  # 「…」と言った: the quotative particle continues the sentence
    if _QUOTED_INSIDE.search(previous, max(0, len(previous) - 70)) and lowercase(piece.lstrip()[:1]):
        return True  # "ein lautes »Oh!«" / "ausstoßen – es klang…"
    if _EXCLAIMED_END.search(previous, max(0, len(previous) - 10)):
        return False
    if _CONTINUES.match(piece):
        return True
    if _QUOTE_OPENS.match(piece) and not _TITLE_ABBREV.search(previous, max(0, len(previous) - 6)):
        return False  # after "8.45 p.m." or "etc.", a quotation opening with a capital is a sentence of its own
    initial = _INITIAL.search(previous, max(0, len(previous) - 3))
    if lang not in RAZDEL and initial and initial.group(1).isupper():
        return True  # sentencex ends a sentence after an initial ("M. Dupont", "J. Verne")
    if lang not in RAZDEL and _TITLE_ABBREV.search(previous, max(0, len(previous) - 6)):
        return True  # and after a title before a name ("Mr. Fogg", "Mme. Fix", "Sra. López")
    tail = max(0, len(previous) - 30)
    return lang == "en" and bool(_EN_ABBREV.search(previous, tail))


def _sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans of one clean paragraph. Marks of writing direction are read as spaces, and each
    goes back to the sentence it touches (they steer how the sentence is shown)."""
    if not _DIRECTION_MARK.search(text):
        return _visible_spans(text, lang)
    spans = []
    for start, stop in _visible_spans(_DIRECTION_MARK.sub(" ", text), lang):
        while stop < len(text) and _DIRECTION_MARK.match(text, stop):
            stop += 1
        while start > (spans[-1][1] if spans else 0) and _DIRECTION_MARK.match(text, start - 1):
            start -= 1
        spans.append((start, stop))
    return spans


def _visible_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph without marks of writing direction."""
    spans: list[list[int]] = []
    closing = {"«": "»", "»": "«"}[_opening_guillemet(text)]
    for start, stop in _splitter_spans(text, lang):
        # "…hermosas. »Pero a todo esto…": a mark after a space and against a word opens a paragraph of a long
        # quotation that the markup runs on (Gutenberg's Don Quijote), with the sentence it opens
        if spans and text[start - 1 : start] == closing and text[start - 2 : start - 1].isspace() and text[start : start + 1].isalpha():
            spans[-1][1], start = start - 1, start - 1
        elif spans and text[start] == closing:  # a splitter cut before a closing guillemet ("…pour lui. » Mais")
            rest = text[start + 1 : stop].lstrip()
            if not rest or rest[0] in ",;:" or lowercase(rest[0]):  # "«…autrefois...», dit à mi-voix Fogg."
                spans[-1][1] = stop
                continue
            spans[-1][1], start = start + 1, stop - len(rest)  # the mark ends the sentence before
        if spans:
            opening = _OPENING.search(text, spans[-1][0], spans[-1][1])
            if opening and opening.start() > spans[-1][0]:  # "…partit. «" + "M. Reed": the quote opens the next
                spans[-1][1], start = opening.start(), opening.start()
            lead = _LEADING_NOTES.match(text, start)
            if lead:  # footnote marks after a sentence's end belong to that sentence
                spans[-1][1] = start + len(lead.group(0).rstrip())
                start = lead.end()
                if start >= stop:
                    continue
            if _joins(text[spans[-1][0] : spans[-1][1]], text[start:stop], lang):
                spans[-1][1] = stop
                continue
        spans.append([start, stop])
    return [cut for start, stop in spans for cut in _cut_long(start, stop, text, lang in DENSE)]


def _footnotes(text: str) -> tuple[str, ...]:
    emphasis = bool(_EMPHASIS_ASTERISK.search(text))
    return tuple(
        (m.group(1) or m.group(2) or m.group(3) or m.group(4)).translate(_SUPERSCRIPT)
        for m in _FOOTNOTE.finditer(text) if not (m.group(3) and emphasis)
    )


def split_sentences(text: str, lang: str | None = None) -> list[Sentence]:
    """Segment a raw plain text into sentences (read as a document first: see formats.text)."""
    if not text.strip():
        return []
    return segment_document(text_document(text), lang or detect_language(text))


def segment_document(document: Document, lang: str) -> list[Sentence]:
    """A document's sentences in reading order: each heading one sentence (a number and the title
    after it joined), each paragraph split by the splitter of its language (a poem set as prose at
    its lines first: verse.py)."""
    lang = lang.split("-")[0].lower()  # "zh-TW" is split as "zh"
    sentences: list[Sentence] = []
    chapter = 0
    blocks = document.blocks
    italic = any(b.text.startswith("**") and b.text.rstrip().endswith("**") for b in blocks)
    words = verse.vocabulary(b.text for b in blocks) if italic else None  # for verse set as prose
    number, paragraph = 0, None  # a stanza's lines are one paragraph, numbered as its first line's block
    while number < len(blocks):
        block = blocks[number]
        if block.heading:
            text, number = _heading_text(blocks, number)
            chapter += 1
            clean, emphasised = _strip_emphasis(text)
            body = " ".join(clean.split())
            sentences.append(Sentence(len(sentences), body, number - 1, bool(emphasised), _footnotes(body), True, chapter))
            paragraph = None
            continue
        if not block.line or paragraph is None:
            paragraph = number
        sentences += _paragraph_sentences(block.text, lang, paragraph, len(sentences), chapter, words)
        number += 1
    # three asterisks or more after a word that no note answers are a name left out ("Count***", "the
    # town of N****"), as the century's novels print them: no call
    if "***" in {note.mark for note in document.notes}:
        return sentences
    return [replace(s, footnotes=tuple(m for m in s.footnotes if m != "***")) if "***" in s.footnotes else s
            for s in sentences]


def _heading_text(blocks: tuple[Block, ...], at: int) -> tuple[str, int]:
    """A heading's text and the number of the block after it: a chapter's number ("CHAPTER IV", "IV")
    takes the title in the heading that follows ("IV. Down the Rabbit-Hole"), unless that heading gives
    a number of its own ("VOLUME II." then "CHAPTER I. THE DANGER…") or the number's section ends
    before it (Block.alone)."""
    text = blocks[at].text
    following = blocks[at + 1] if at + 1 < len(blocks) else None
    plain = without_emphasis(text)  # "**CHAPTER I**", as calibre's FB2 sets it in bold
    if (following is not None and following.heading and not blocks[at].alone and number_only(plain)
            and not numbers_itself(without_emphasis(following.text))):
        separator = " " if _ends_sentence_mark(plain) else ". "
        return text.rstrip() + separator + following.text.strip(), at + 2
    return text, at + 1


def _ends_sentence_mark(text: str) -> bool:
    return text.rstrip()[-1:] in ".:!?。：—–-"


def _paragraph_sentences(paragraph: str, lang: str, number: int, first: int, chapter: int,
                         words: verse.Vocabulary | None) -> list[Sentence]:
    """A paragraph's sentences; a poem set as prose (see verse.py) split at its lines first."""
    clean, emphasised = _strip_emphasis(paragraph)
    sentences = []
    lines = verse.verse_lines(clean, emphasised, words) if words else [clean]
    as_verse = len(lines) > 1  # then the whole paragraph is in italics (spans are of `clean`, not a line)
    for line in lines:
        for start, stop in _sentence_spans(line, lang):
            body = line[start:stop].strip()
            if not body:
                continue
            emphasis = as_verse or any(a < stop and start < b for a, b in emphasised)
            sentences.append(Sentence(first + len(sentences), body, number, emphasis, _footnotes(body), chapter=chapter))
    return sentences


def read_lines(path: str | Path) -> list[str]:
    """The sentences of a one-sentence-per-line UTF-8 file (a gold segmentation, a benchmark's
    input) as they are: its lines holding text, counted as presplit_sentences counts them."""
    return [line for line in _LINE_END.split(Path(path).read_text(encoding="utf-8")) if normalise(line).strip()]


# a turn of dialogue: a line opening with a dash ("— И они были друзьями?", "-- Quoi !"), or opening a
# quotation right after one that closed ('…a shocking walk ." / " Not at all , sir .'), in the marks of
# any language: German sets »…« and „…“ (bilinguator's Tinderbox, "»Das geht Dich nichts an!«" / "»Ach was!«"),
# Japanese 「…」
_TURN_DASH = re.compile(r"\s*(?:[—–―]|--|-\s)")
_TURN_QUOTE_OPENS = re.compile(r"\s*[\"'«»“„‘‚‹›「『]")
_TURN_QUOTE_CLOSED = re.compile(r"[\"'»«”“’‘›‹」』]\s*$")


def dialogue_turns(texts: list[str]) -> list[bool]:
    """For each sentence of a text without paragraphs (one sentence a line), whether the next one
    opens a new turn of dialogue, where a printed text would most likely start a new paragraph. A
    quotation that opens after narration ('"…," said Emma. "And…"') is the same speaker going on."""
    return [bool(_TURN_DASH.match(after) or (_TURN_QUOTE_OPENS.match(after) and _TURN_QUOTE_CLOSED.search(text)))
            for text, after in zip(texts, texts[1:])] + [True]


def presplit_sentences(text: str) -> list[Sentence]:
    """Take each line holding text as one sentence, as is (emphasis markers still stripped). Lines end
    at a line feed, CR LF or CR, as other tools count a file's lines: a form feed or line separator
    within a line is a space. A blank line before a sentence opens a new paragraph, as `align split`
    writes them. A line that reads as a chapter heading ("CHAPTER 1. Never Talk with Strangers",
    "Глава 4") is marked as one, and so is a title on the line after a bare number, by the plain-text
    reader's rule (title_line): "CHAPITRE II ." then "LA MARE AUX LARMES .", "CHAPTER 4" then "How
    Candide Found His Old Master Pangloss Again"."""
    sentences: list[Sentence] = []
    chapter = paragraph = 0
    for line in _LINE_END.split(text):
        clean, emphasised = _strip_emphasis(" ".join(normalise(line).split()))
        if not clean:
            paragraph = len(sentences)  # the next sentence, if any, opens a paragraph numbered by its place
            continue
        level = heading_level(clean)
        after_number = bool(sentences) and sentences[-1].heading and number_only(sentences[-1].text.rstrip(" ."))
        title = not level and after_number and title_line(clean)
        heading = level > 0 or title
        chapter += heading and not title
        sentences.append(Sentence(len(sentences), clean, paragraph, bool(emphasised), _footnotes(clean), heading, chapter))
    return sentences
