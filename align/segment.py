"""Segmentation: raw, messy text -> paragraphs -> sentences.

Sentences are split with razdel for Russian and English (the field's choice for Russian; on
the gold corpora it also beats pysbd, syntok and blingfire for English) and with sentencex
for every other language (Wikimedia's rules for some 250 languages, Chinese and Japanese
included; chosen over pysbd and razdel by `benchmarks/languages.py`). Thai marks the end of a
sentence with a space, so Thai is split there. A few rules sit on top: footnote marks,
lowercase continuations, chapter headings, English abbreviations, "No." and quoted speech
followed by its speaker, and a cut of overly long sentences. Hard-wrapped Chinese and
Japanese lines are joined without a space.
"""

from __future__ import annotations

import re

import sentencex
from razdel import sentenize

from align.language import detect_language
from align.records import Sentence

MAX_SENTENCE = 2000  # longer "sentences" are cut at a space near this many characters
MAX_SENTENCE_DENSE = 400  # the same for Chinese and Japanese, where a character carries about a word
DENSE = ("zh", "ja")
RAZDEL = ("ru", "en")  # languages split by razdel; the others by sentencex
SHORT_LINE = 0.85  # in hard-wrapped text, a line shorter than this share of the width may end a paragraph

# Chinese, Japanese (not Korean, which puts spaces between words) and their punctuation
_CJK = "\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u31c0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_WIDE = re.compile(f"[{_CJK}\u1100-\u11ff\uac00-\ud7af]")  # two columns wide in a fixed-width file
_THAI_BREAK = re.compile(r"(?<=[\u0e00-\u0e7f]) +(?=[\u0e00-\u0e7f])")
# a quotation, each kind with its own closing mark (German „…“ and »…«, French «…», CJK 「…」)
_QUOTATION = re.compile(r'“[^“”]+”|„[^„“”]+[“”]|«[^«»]+»|»[^«»]+«|「[^「」]+」|『[^『』]+』|"[^"]+"')
_SPACE = re.compile(" ")
_DENSE_BREAK = re.compile(r" |(?<=[，；：、,;:])")  # where an overly long Chinese sentence may be cut

# zero-width joiners (U+200C, U+200D) are spelling in Persian and Indic scripts and in emoji: kept
_DROP = dict.fromkeys(map(ord, "\ufeff\u00ad\u200b\u2060"), None)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# footnote markers: [12], ^3, word-final asterisks, superscript digits
_FOOTNOTE = re.compile(r"\[(\d{1,3}|\*)\]|\^(\w{1,3})|(?<=\w)(\*{1,3})(?!\w)|([¹²³⁰⁴-⁹]+)")
_NOTE = r"\[(?:\d{1,3}|\*)\]|\^\w{1,3}|[¹²³⁰⁴-⁹]+"
_MARKS = re.compile(rf"(?:\s|{_NOTE}|[\"'»”’)\]*_`」』）》〉】〕])*")  # footnote marks, closing quotes, brackets
_TRAILING_MARKS = re.compile(_MARKS.pattern + "$")
_LEADING_NOTES = re.compile(rf"(?:(?:{_NOTE})(?:\s+|$))+")
_FINAL = re.compile(r"[.!?…:。！？：｡؟]$")
_DIALOGUE = re.compile(r"(?:—|–|--?\s)")
_WRAP_HYPHEN = re.compile(r"(\w+)-$")
_FIRST_WORD = re.compile(r"\w+")
_COMPOUND = re.compile(r"(?<!\w)\w+-\w+")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

_CONTINUES = re.compile(r"[\"'«„“‘`(]*[a-zа-яё]")
_INITIAL = re.compile(r"(?:^|\s)([^\W\d_])\.$")
_HEADING = re.compile(r"(?:chapter|part|book|глава|часть)\s+\w+\.$", re.IGNORECASE)
_EN_NO = re.compile(r"\b[Nn]o\.(?=\s+[\"'“‘]?[A-Z][a-z])")
_QUOTED_END = re.compile(r"(?:[?!…]|\.\.\.)\s*['’\"”]$")
_SPEECH = re.compile(
    r"(?:[A-Z][\w'’-]*\s+){1,3}(?:said|says|asked|inquired|enquired|replied|answered|whispered|cried"
    r"|exclaimed|shouted|thought|began|repeated|responded|rasped|explained|muttered|mumbled|murmured"
    r"|added|continued|went on|confirmed|remarked|objected|called|demanded|insisted|agreed|protested"
    r"|declared|suggested|observed|admitted|retorted|snapped|sighed|laughed|growled|yelled|screamed"
    r"|interrupted|concluded|conceded|echoed|hissed|pleaded|begged|urged|warned|announced|stammered)\b"
)
# English abbreviations after which razdel wrongly ends a sentence
_EN_ABBREV = re.compile(
    r"(?:^|[\s(\"'])(?:Mr|Mrs|Ms|Messrs|Mme|Mlle|Dr|Prof|Rev|Hon|St|Sr|Jr|Capt|Col|Gen|Lt|Sgt"
    r"|Gov|Sen|Rep|Mt|Ft|Vol|vol|pp|cf|vs|viz|approx|Fig|fig|Jan|Feb|Mar"
    r"|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[a-zA-Z]\. ?[a-zA-Z])\.$"
)


def _normalise(text: str) -> str:
    """Unify line ends, make odd spaces plain ones and drop invisible and control characters."""
    text = text.translate(_DROP).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n\n").replace("\v", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\t", "    ")
    return _CONTROL.sub("", _SPACES.sub(" ", text))


def _ends_sentence(text: str) -> bool:
    """Whether text ends with sentence-final punctuation (closing quotes and footnote marks aside)."""
    return bool(_FINAL.search(_TRAILING_MARKS.sub("", text[-100:])))


def _assemble(lines: list[str], compounds: set[str]) -> str:
    """Join the lines of a paragraph; a line-end hyphen after a word joins without a space
    and is dropped when it clearly is a wrap hyphen (lowercase on both sides, and the
    document never writes the word with a hyphen within a line); Chinese or Japanese on
    either side of a line end joins without a space."""
    pieces = []
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        hyphen = _WRAP_HYPHEN.search(line, max(0, len(line) - 60))
        word = _FIRST_WORD.match(following)
        if hyphen and word:
            head, tail = hyphen.group(1), word.group(0)
            wrap = head[-1].islower() and tail[0].islower() and f"{head}-{tail}".lower() not in compounds
            pieces.append(line[:-1] if wrap else line)
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
    indented = sum(1 for i in filled if indents[i] >= 2)
    indent_mode = len(filled) >= 3 and 0.03 <= indented / len(filled) <= 0.9
    lengths = sorted(_width(" ".join(lines[i].split())) for i in filled)
    width, full = lengths[int(0.9 * (len(lengths) - 1))], lengths[int(0.95 * (len(lengths) - 1))]
    in_blocks = sum(1 for i in filled if (i > 0 and lines[i - 1]) or (i + 1 < len(lines) and lines[i + 1]))
    wrapped = not indent_mode and width <= 160 and in_blocks >= 0.5 * len(filled)
    return indents, indent_mode, wrapped, width, full


def split_paragraphs(text: str) -> list[str]:
    """Split raw text into paragraphs with whitespace collapsed to single spaces.

    Paragraphs end at blank lines, at indented first lines (where the file indents
    paragraphs), before dialogue dashes and, in hard-wrapped files, after a line that ends
    a sentence and is clearly shorter than the file's line width (in columns: Chinese,
    Japanese and Korean characters take two) or had room for the next line's first word;
    in Chinese or Japanese after any clearly shorter line. A paragraph that ends mid-sentence and is followed by one starting
    in lowercase (a page break) is joined to it. Wrap hyphens ("some-" + "thing") are
    undone; real compounds ("Anglo-" + "Saxon", or a word the document also hyphenates
    within a line) keep the hyphen.
    """
    lines = [line.rstrip() for line in _normalise(text).split("\n")]
    indents, indent_mode, wrapped, width, full = _layout(lines)
    compounds = {m.group(0).lower() for m in _COMPOUND.finditer(text)}

    paragraphs: list[str] = []
    current: list[str] = []  # the lines of the paragraph being read
    after_blank = True
    for line, indent in zip(lines, indents):
        content = " ".join(line.split())
        if not content:
            after_blank = True
            continue
        if not current:
            starts = True
        elif after_blank:
            # a page break: the paragraph so far stops mid-sentence and this one continues it
            starts = not (content[0].islower() and not _ends_sentence(current[-1]))
        elif indent_mode:
            starts = indent >= 2
        elif wrapped:
            # a short line, or one that had room for the next line's first word
            # (in Chinese or Japanese, where lines break anywhere, any short line: a heading too)
            previous, word = current[-1], _first_word(content)
            space = 0 if _CJK_CHAR.match(word) else 1
            short = _width(previous) < SHORT_LINE * width
            starts = _ends_sentence(previous) and (
                bool(_DIALOGUE.match(content)) or short or _width(previous) + space + _width(word) <= full
            ) or (short and bool(_CJK_CHAR.match(previous[-1])))
        else:
            starts = True
        if starts and current:
            paragraphs.append(_assemble(current, compounds))
            current = []
        current.append(content)
        after_blank = False
    if current:
        paragraphs.append(_assemble(current, compounds))
    return paragraphs


def _strip_emphasis(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove paired **...** / __...__ markers; return the clean text and the emphasised spans."""
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
    return "".join(pieces), spans


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
    bounds = sentencex.get_sentence_boundaries(lang, text)
    return [(offset + start, offset + stop) for start, stop in _trimmed(text, [(b["start_index"], b["end_index"]) for b in bounds])]


def _sentencex_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """sentencex's sentence spans, also split inside quotations: sentencex keeps a quotation
    whole, and a character's speech of many sentences would be one sentence."""
    spans = []
    for start, stop in _sentencex(text, lang):
        for quote in _QUOTATION.finditer(text, start, stop):
            inside = _sentencex(text[quote.start() + 1 : quote.end() - 1], lang, quote.start() + 1)
            for (_, end), (following, _) in zip(inside, inside[1:]):
                spans.append((start, end))
                start = following
        spans.append((start, stop))
    return spans


def _thai_spans(text: str) -> list[tuple[int, int]]:
    """Thai ends a sentence with a space (and has no sentence punctuation)."""
    cuts = [m.start() for m in _THAI_BREAK.finditer(text)]
    return _trimmed(text, list(zip([0, *cuts], [*cuts, len(text)])))


def _splitter_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph by the library that serves its language."""
    if lang in RAZDEL:
        return _razdel_spans(text, lang)
    if lang == "th":
        return _thai_spans(text)
    return _sentencex_spans(text, lang)


def _joins(previous: str, piece: str, lang: str) -> bool:
    """Whether the splitter's piece continues the sentence before it rather than starting one."""
    if _MARKS.fullmatch(piece) or _CONTINUES.match(piece) or _HEADING.match(previous):
        return True
    if lang == "ja" and previous.endswith(("」", "』")) and piece.startswith(("と", "って")):
        return True  # 「…」と言った: the quotative particle continues the sentence
    initial = _INITIAL.search(previous, max(0, len(previous) - 3))
    if lang not in RAZDEL and initial and initial.group(1).isupper():
        return True  # sentencex ends a sentence after an initial ("M. Dupont", "J. Verne")
    tail = max(0, len(previous) - 30)
    return lang == "en" and bool(
        _EN_ABBREV.search(previous, tail) or (_QUOTED_END.search(previous, tail) and _SPEECH.match(piece))
    )


def _sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans of one clean paragraph."""
    spans: list[list[int]] = []
    for start, stop in _splitter_spans(text, lang):
        if spans:
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
    return tuple(
        (m.group(1) or m.group(2) or m.group(3) or m.group(4)).translate(_SUPERSCRIPT)
        for m in _FOOTNOTE.finditer(text)
    )


def split_sentences(text: str, lang: str | None = None) -> list[Sentence]:
    """Segment a raw document into sentences (paragraphs first, then a sentence splitter with extra rules)."""
    if not text.strip():
        return []
    lang = (lang or detect_language(text)).split("-")[0].lower()  # "zh-TW" is split as "zh"
    sentences: list[Sentence] = []
    for number, paragraph in enumerate(split_paragraphs(text)):
        clean, emphasised = _strip_emphasis(paragraph)
        for start, stop in _sentence_spans(clean, lang):
            body = clean[start:stop].strip()
            if not body:
                continue
            emphasis = any(a < stop and start < b for a, b in emphasised)
            sentences.append(Sentence(len(sentences), body, number, emphasis, _footnotes(body)))
    return sentences


def presplit_sentences(text: str) -> list[Sentence]:
    """Take each non-empty line as one sentence, as is (emphasis markers still stripped)."""
    sentences: list[Sentence] = []
    for line in _normalise(text).split("\n"):
        clean, emphasised = _strip_emphasis(" ".join(line.split()))
        if clean:
            sentences.append(Sentence(len(sentences), clean, 0, bool(emphasised), _footnotes(clean)))
    return sentences
