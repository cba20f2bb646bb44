"""What a heading looks like, in any format and language: "CHAPTER IV", "Chapter the First. Title",
"Chapitre premier", "IV", "Глава 4", "第四章", "Preface". Readers of formats without heading markup
(plain text, presplit lines) use it to find chapters; segmentation uses it to join a chapter's number
and title when a book sets them as two headings."""

from __future__ import annotations

import re

_ROMAN = r"(?=[IVXLCDM])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})"
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    "|seventeen|eighteen|nineteen|twenty|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    "|last|the\\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)|premier|première|1er|1re|deuxième|second|seconde|troisième|quatrième|cinquième"
    "|sixième|septième|huitième|neuvième|dixième|onzième|douzième|unique|dernier|erstes|erste|zweites|zweite"
    "|drittes|dritte|viertes|fünftes|sechstes|siebentes|siebtes|achtes|neuntes|zehntes|elftes|zwölftes|letztes"
    "|erster|zweiter|dritter|vierter|fünfter|sechster|siebenter|siebter|achter|neunter|zehnter|elfter|zwölfter|letzter"
    "|первая|вторая|третья|четвертая|четвёртая|пятая|шестая|седьмая|восьмая|девятая|десятая|первый|второй"
    "|третий|первое|последняя|πρώτο|πρωτο|δεύτερο|δευτερο|τρίτο|τριτο"
    "|primero|primera|segundo|segunda|tercero|tercera|cuarto|cuarta|quinto|quinta|sexto|sexta|séptimo|séptima"
    "|octavo|octava|noveno|novena|décimo|décima|último|última|único|única|primo|prima|terzo|terza|quarta|sesto"
    "|sesta|settimo|ottavo|nono|decimo|ultimo|primeiro|terceiro|quarto|sétimo|oitavo|nono|décimo"
    "|pierwszy|pierwsza|drugi|druga|trzeci|trzecia|czwarty|piąty|szósty|siódmy|ósmy|dziewiąty|dziesiąty|ostatni"
    "|eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende|laatste"
    "|birinci|ikinci|üçüncü|dördüncü|beşinci|altıncı|yedinci|sekizinci|dokuzuncu|onuncu"
    "|الأول|الاول|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع|العاشر|الأخير"
)
# German ordinals past twelve are compounds ("Dreizehntes", "Einundzwanzigstes Kapitel"): written out here
_GERMAN_TENS = ("zwanzigst", "dreißigst", "dreissigst", "vierzigst", "fünfzigst")
_GERMAN_ORDINALS = "|".join(
    f"{stem}{ending}" for stem in (
        *(f"{unit}zehnt" for unit in ("drei", "vier", "fünf", "sech", "sieb", "acht", "neun")),
        *_GERMAN_TENS,
        *(f"{unit}und{tens}" for unit in ("ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")
          for tens in _GERMAN_TENS),
    ) for ending in ("es", "e", "er")
)
# a Greek numeral: letters and a keraia ("Α΄", "ΙΒʹ"), the keraia often typed as a tonos or an apostrophe
_GREEK_NUMBER = "[\u0391-\u03a9\u03b1-\u03c9\u03da\u03db]{1,4}[\u0374\u0384'’]"
_NUMBER = rf"(?:{_ROMAN}|\d{{1,4}}|{_GREEK_NUMBER}|{_NUMBER_WORDS}|{_GERMAN_ORDINALS})"
# a part, book or volume (level 1) holds chapters (level 2)
_PART_WORDS = (
    r"part|book|volume|vol\.|livre|partie|tome|teil|buch|band|libro|parte|часть|книга|том|частина|μέρος|μερος"
    r"|część|księga|deel|boek|kısım|cilt|الجزء|ภาค"
)
_CHAPTER_WORDS = (
    r"chapter|chap\.|stave|canto|chapitre|kapitel|capítulo|capitulo|capitolo|hoofdstuk|rozdział|kapitola"
    r"|глава|раздел|розділ|κεφάλαιο|κεφαλαιο"  # Greek capitals carry no accent: "ΚΕΦΑΛΑΙΟ Α΄"
    r"|bölüm|الفصل|บทที่"
    r"|letter|lettre|carta|lettera|brief|письмо"  # an epistolary novel's letters, or those before its chapters (Frankenstein)
)
_FRONT_WORDS = (
    r"preface|prologue|epilogue|introduction|conclusion|foreword|afterword|préface|avant-propos|avertissement"
    r"|épilogue|vorwort|einleitung|nachwort|prolog|epilog|предисловие|пролог|эпилог|введение|заключение"
    r"|послесловие|от автора|prólogo|prefacio|introducción|epílogo|advertencia|prefazione|introduzione|epilogo"
    r"|prefácio|introdução|序|序言|前言|引子|楔子|尾声|后记|後記"
)
# a title up to 250 characters (Don Quijote's run to 180): a paragraph that long is kept from being a
# heading by heading_level's and labelled's own limits
_TITLE = r"(?:\s*[.:—–-]\s*|\s+)(?P<title>\S.{0,250})"
_PUNCTUATED_TITLE = r"\s*[.:—–-]\s*(?P<title>\S.{0,250})"
_WORD_NUMBERS = (  # "Chapter IV. Title", and "Erstes Kapitel", "Premier chapitre"
    re.compile(rf"(?:(?P<part>{_PART_WORDS})|{_CHAPTER_WORDS})\s+{_NUMBER}\.?(?:{_TITLE})?$", re.IGNORECASE),
    re.compile(rf"{_NUMBER}\s+(?:(?P<part>{_PART_WORDS})|{_CHAPTER_WORDS})(?:{_PUNCTUATED_TITLE}|\.?)$", re.IGNORECASE),
)
# Chinese and Japanese "第四章", "第3話"; Korean "제4장", "제 1 부"
_CJK_NUMBER = re.compile(
    r"(?:第[一二三四五六七八九十百千零〇两\d０-９]+|제\s*\d{1,4}\s*)(?P<unit>[章回节節卷部篇幕話장부편권])(?:\s*(?P<title>\S.{0,60}))?$"
)
# a chapter's number alone: "IV", "12", "Α΄"; not a year in roman numerals (a title page's "MDCCCXXIX.")
_CHAPTER_ROMAN = r"(?=[IVXLC])C{0,3}(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})"
_BARE_NUMBER = re.compile(rf"(?:{_CHAPTER_ROMAN}|\d{{1,3}}|[\u0391-\u03a9\u03da]{{1,4}}[\u0374\u0384])\.?$")
# a chapter's number and a title opening with a capital, no stop between: "2 THE ANTECHAMBER OF M. DE
# TREVILLE" (The Three Musketeers, Widger's editions)
_NUMBER_AND_TITLE = re.compile(r"(\d{1,3})\s+(?=[A-ZÀ-ÖØ-ÞА-ЯЁ])(.{1,150})$")
_NUMBERED_TITLE = re.compile(rf"(?:{_ROMAN}|\d{{1,3}})\.\s+\S.{{0,150}}$|{_NUMBER_AND_TITLE.pattern}")  # and "IV. In which…"
# a preface whose writer or edition is named: "TRANSLATOR'S PREFACE", "Préface du traducteur", "PREFACE TO THE
# THIRD EDITION", "Note de l'éditeur"
_OWNED_FRONT = (rf"(?:(?:translator|author|editor)[’']s\s+(?:{_FRONT_WORDS}|note)"
                rf"|(?:{_FRONT_WORDS}|note)\s+(?:du\s+traducteur|de\s+l[’']auteur|de\s+l[’']éditeur|del\s+traductor|del\s+autor"
                rf"|des\s+übersetzers|to\s+the\s+\w+\s+edition|переводчика))")
_FRONT = re.compile(rf"(?:{_OWNED_FRONT}|{_FRONT_WORDS})\.?(?:\s*[.:—–-]\s*\S.{{0,100}})?$", re.IGNORECASE)
_CJK_PARTS = "卷部篇부편권"
# the words a labelled heading can begin with, for a quick test of every line of a book
_FIRST_WORDS = frozenset(
    word.split("\\s")[0].split(" ")[0].strip("()?:.\\").casefold()  # casefolded as the line's first word is
    for word in "|".join((_NUMBER_WORDS, _GERMAN_ORDINALS, _PART_WORDS, _CHAPTER_WORDS, _FRONT_WORDS)).split("|")
) - {"the"}  # "the" only follows a chapter word ("Chapter the First")
_CJK_FIRST = frozenset("第序前引楔尾后後제")
_ROMAN_WORD = re.compile(_ROMAN, re.IGNORECASE)
_NOTE_CALL = re.compile(r"\s*\[(?:\d{1,4}|\*|[a-zA-Z]|[ivxlc]{2,7})\]")


def _without_calls(text: str) -> str:
    """A heading's text without its footnote calls ("CHAPITRE XXII[1]."), stripped."""
    return _NOTE_CALL.sub("", text).strip()


def heading_level(text: str) -> int:
    """1 for a part or book, 2 for a chapter (or a preface, an epilogue), 0 for what does not read as a
    heading. `text` is one line or paragraph, whitespace collapsed."""
    text = _without_calls(text)
    if not text or len(text) > 200:
        return 0
    match = _word_number(text)
    if match:
        return 1 if match.group("part") else 2
    match = _CJK_NUMBER.match(text)
    if match:
        return 1 if match.group("unit") in _CJK_PARTS else 2
    if _BARE_NUMBER.match(text) or _FRONT.match(text):
        return 2
    return 0


def labelled(text: str) -> bool:
    """Whether a heading names a chapter by a word and a number ("CHAPTER IV", "Глава 4", "第四章"), not
    a bare numeral: such a line is a heading even inside hard-wrapped text."""
    text = _without_calls(text)
    # casefolded, Turkish "İ" is "i" and a dot above: dropped, as the words are written
    first = text.split(None, 1)[0].rstrip(".:").casefold().replace("\u0307", "") if text else ""
    if first not in _FIRST_WORDS and not first[:1].isdigit() and text[:1] not in _CJK_FIRST and not _ROMAN_WORD.fullmatch(first):
        return False  # the quick answer for almost every line of a book
    return bool(_word_number(text) or _CJK_NUMBER.match(text) or _FRONT.match(text)) and len(text) <= 200


def number_only(text: str) -> bool:
    """Whether a heading is a chapter's number without its title ("CHAPTER IV", "IV", "Глава 4"): the
    title, when the book sets it as the next heading, belongs with it."""
    text = _without_calls(text)
    if _BARE_NUMBER.match(text):
        return True
    match = _word_number(text) or _CJK_NUMBER.match(text)
    return bool(match) and not match.group("title")


def bare_number(text: str) -> int | None:
    """The value of a chapter's number standing alone in roman numerals or digits ("IV", "12."), None
    for anything else."""
    text = _without_calls(text).rstrip(".")
    if text.isdigit() and len(text) <= 3:
        return int(text)
    return roman_value(text) if text and re.fullmatch(_CHAPTER_ROMAN, text) else None


def running_on(found: list[tuple[int, int]]) -> list[int]:
    """Of (position, number) pairs in reading order, the positions whose number runs on from the one
    before or to the one after (1, 2, 3…): chapters' numbers do, a page's or an address's do not."""
    numbers = [None] + [number for _, number in found] + [None]
    return [k for at, (k, number) in enumerate(found, 1) if numbers[at - 1] == number - 1 or numbers[at + 1] == number + 1]


def roman_value(numeral: str) -> int:
    """The value of a roman numeral in capitals ("XIV": 14)."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for letter, following in zip(numeral, numeral[1:] + " "):
        value = values[letter]
        total += -value if values.get(following, 0) > value else value
    return total


def _word_number(text: str) -> re.Match[str] | None:
    return _WORD_NUMBERS[0].match(text) or _WORD_NUMBERS[1].match(text)


def title_number(text: str) -> int | None:
    """The number of a line that is a chapter's number and its title in capitals ("1 THE THREE PRESENTS
    OF D'ARTAGNAN THE ELDER"), None for any other: a heading where such lines number a book's chapters."""
    match = _NUMBER_AND_TITLE.match(_without_calls(text))
    return int(match.group(1)) if match and match.group(2).isupper() else None


def numbers_itself(heading: str) -> bool:
    """Whether a heading gives a chapter's or a part's own number ("CHAPTER I. THE DANGER…", "IV",
    "2 THE ANTECHAMBER"): after a part's number it is no title of the part's ("VOLUME II."), while a
    word such as "CONCLUSION." after "CHAPITRE XXXVIII" is."""
    text = _without_calls(heading)
    return bool(_word_number(text) or _CJK_NUMBER.match(text) or _BARE_NUMBER.match(text) or _NUMBERED_TITLE.match(text))


def numbered(heading: str) -> bool:
    """Whether a heading (known to be one) numbers a chapter or names a part of every book ("CHAPTER IV",
    "IV", "IV. In which...", "Глава 4", "Preface"). A book's title page has headings that do not."""
    text = _without_calls(heading)
    return numbers_itself(text) or bool(_FRONT.match(text))
