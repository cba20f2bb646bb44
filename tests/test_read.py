"""Reading: any common encoding of a Russian (or mixed) text decodes to the same text; bad files fail cleanly."""

from __future__ import annotations

import codecs
import gzip
import logging
import os
import random

import pytest
from conftest import as_unprivileged

from align import read
from align.read import decode, read_book, read_text
from align.records import AlignError

RUSSIAN = (
    "Мой дядя самых честных правил, когда не в шутку занемог, он уважать себя заставил "
    "и лучше выдумать не мог. Его пример другим наука; но, боже мой, какая скука с больным "
    "сидеть и день и ночь, не отходя ни шагу прочь!\n\n"
    "Ёлка стояла в углу. Шла Саша по шоссе и сосала сушку.\n"
)
MIXED = (
    'The novel "Master i Margarita" begins at the Patriarch\'s Ponds. Woland says: '
    '"Никогда не разговаривайте с неизвестными." Berlioz did not listen, and the tram came.\n'
)
# Only characters every code page below can hold (KOI8-R and cp866 lack « » and the em dash).
TYPOGRAPHY = "«Война и мир» — роман Толстого. Он писал его шесть лет…\n"

SHORT_SENTENCES = [
    "Он пришёл домой.",
    "Привет, мир.",
    "Что делать?",
    "Кто виноват?",
    "Мастер и Маргарита",
    "Война и мир.",
    "Преступление и наказание.",
    "Анна Каренина",
    "Глава 1",
    "Съешь же ещё этих мягких французских булок, да выпей чаю.",
]


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    if encoding == "utf-32-bom":
        return text.encode("utf-32")  # Python writes the BOM
    return text.encode(encoding)


ALL_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "utf-32-bom", "cp1251", "koi8_r", "cp866"]


@pytest.mark.parametrize("encoding", ALL_ENCODINGS)
@pytest.mark.parametrize("text", [RUSSIAN, MIXED], ids=["russian", "mixed"])
def test_encodings_decode_to_the_same_text(tmp_path, text, encoding):
    path = tmp_path / f"text.{encoding}.txt"
    path.write_bytes(_encode(text, encoding))
    assert read_text(path) == text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le-bom", "cp1251"])
def test_typographic_punctuation(tmp_path, encoding):
    path = tmp_path / "t.txt"
    path.write_bytes(_encode(TYPOGRAPHY, encoding))
    assert read_text(path) == TYPOGRAPHY


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "cp866"])
@pytest.mark.parametrize("sentence", SHORT_SENTENCES)
def test_short_sentence_code_pages_not_confused(sentence, encoding):
    # KOI8-R's capitals sit where cp1251 has small letters and vice versa: a short text is the hard case.
    assert decode(sentence.encode(encoding)) == sentence


def test_latin_text_in_a_legacy_code_page_is_not_read_as_cyrillic():
    text = "Müller ist größer als die Straße. Über alles."
    assert decode(text.encode("cp1252")) == text


def test_an_english_text_whose_only_legacy_character_is_the_degree_sign():
    # Twenty Thousand Leagues in Latin-1: "42° 15' N." sixty times and nothing else outside ASCII,
    # which ISO 8859-5 reads as "42А 15' N."
    text = "We were in latitude 42° 15' N. and longitude 60° 35' W. of Greenwich.\n" * 3 + "The sea was calm.\n"
    assert decode(text.encode("latin-1")) == text


@pytest.mark.parametrize("declaration", ["Character set encoding: ISO-8859-1", "Character set encoding: ISO Latin-1"])
def test_a_french_text_in_latin_1_is_read_in_the_code_page_its_header_names(declaration):
    """Gutenberg's Eugénie Grandet (11049-8.txt) had been read as Central European (cp1250), which the
    encoding detector ranks level with Western European once the English header weighs in: "ŕ
    Saumur", "pčre". The header names its code page."""
    french = "Dans certaines villes de province il se trouve des maisons dont la vue inspire une mélancolie.\n" * 20
    french += "Voilà à Saumur le père Grandet, sa fenêtre, l'aïeul, où, dès, très, coûte que coûte.\n"
    text = f"Title: Eugénie Grandet\n{declaration}\n\n{french}"
    assert decode(text.encode("latin-1")) == text


def test_a_header_that_names_the_wrong_code_page_is_set_aside(caplog):
    """A text whose header says UTF-8 but whose bytes are Latin-1 is read in the code page its bytes
    show, with a warning (it had recursed without end)."""
    french = "Voilà à Saumur le père Grandet, sa fenêtre, l'aïeul, où, dès, très, coûte que coûte.\n" * 20
    text = f"Title: Eugénie Grandet\nCharacter set encoding: UTF-8\n\n{french}"
    with caplog.at_level(logging.WARNING, logger="align"):
        assert decode(text.encode("latin-1"), "grandet.txt") == text
    assert "declares UTF-8 but is not" in caplog.text


@pytest.mark.parametrize("text, encoding", [
    ("The Project Gutenberg EBook of Eugenie Grandet, by Honore de Balzac. Release Date: 2004.\n\n"
     + "Voilà à Saumur le père Grandet, sa fenêtre, l'aïeul, où, dès, très, coûte que coûte.\n" * 20, "latin-1"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy. Večer se dívala na řeku a přemýšlela o tom, co bude.\n" * 10, "cp1250"),
    ("Zażółć gęślą jaźń. Wieczorem patrzyła na rzekę i myślała o tym, co będzie dalej w życiu.\n" * 10, "cp1250"),
], ids=["french", "czech", "polish"])
def test_a_code_page_the_detector_ranks_level_with_others_is_told_by_the_language(text, encoding):
    """charset_normalizer ranks Central European or Baltic level with Western European for a French
    text under an English header ("pčre", "coūte"); Western European is read where the text's language
    is one of Western Europe's, and Czech and Polish stay Central European."""
    assert decode(text.encode(encoding)) == text


def test_mostly_english_with_a_russian_word(tmp_path):
    text = "This is an English paragraph with one Russian word, правда, and then more English words.\n"
    for encoding in ("cp1251", "koi8_r"):
        assert decode(text.encode(encoding)) == text


def test_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + "Текст.".encode())
    assert read_text(path) == "Текст."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le-bom", "cp1251"])
def test_line_endings_normalised(tmp_path, encoding):
    path = tmp_path / "crlf.txt"
    path.write_bytes(_encode("Первая строка.\r\nВторая строка.\rТретья строка.\r\n\r\nНовый абзац.", encoding))
    assert read_text(path) == "Первая строка.\nВторая строка.\nТретья строка.\n\nНовый абзац."


def test_large_legacy_file_is_quick(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(("Мой дядя самых честных правил. " * 60000).encode("koi8_r"))  # ~1.9 MB
    text = read_text(path)
    assert text.startswith("Мой дядя самых честных правил.") and len(text) == 31 * 60000


# --- errors: one line, naming the file ------------------------------------------------------


def _assert_one_line_naming(error: pytest.ExceptionInfo, path) -> None:
    message = str(error.value)
    assert "\n" not in message
    assert str(path) in message


def test_missing_file(tmp_path):
    path = tmp_path / "nope.txt"
    with pytest.raises(AlignError) as error:
        read_text(path)
    _assert_one_line_naming(error, path)
    assert "no such file" in str(error.value)


def test_directory(tmp_path):
    with pytest.raises(AlignError) as error:
        read_text(tmp_path)
    _assert_one_line_naming(error, tmp_path)
    assert "directory" in str(error.value)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n ", "\ufeff".encode("utf-8") + b"\n", codecs.BOM_UTF16_LE])
def test_empty_or_whitespace(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(AlignError) as error:
        read_text(path)
    _assert_one_line_naming(error, path)
    assert "empty" in str(error.value)


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def _random_with_nuls() -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(4096)) + b"\x00" * 16


def _random_without_nuls() -> bytes:
    rng = random.Random(11)
    return bytes(rng.randrange(1, 256) for _ in range(4096))


@pytest.mark.parametrize(
    "make",
    [
        _png,
        _random_with_nuls,
        _random_without_nuls,
        lambda: gzip.compress("Привет, мир. ".encode() * 100),
        lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        lambda: b"PK\x03\x04" + os.urandom(64),
        lambda: b"\x7fELF\x02\x01\x01" + bytes(64),
    ],
    ids=["png", "random-with-nuls", "random-without-nuls", "gzip", "pdf", "zip", "elf"],
)
def test_binary_files_refused(tmp_path, make):
    path = tmp_path / "file.txt"
    path.write_bytes(make())
    with pytest.raises(AlignError) as error:
        read_text(path)
    _assert_one_line_naming(error, path)


def test_unreadable_file(open_dir):
    # run as an ordinary user even under root (as in CI), so that the permission really applies
    path = open_dir / "secret.txt"
    path.write_text("текст")
    path.chmod(0)

    def error_of_reading() -> str:
        try:
            read_text(path)
        except AlignError as error:
            return str(error)
        return "read it"

    message = as_unprivileged(error_of_reading)
    assert message.startswith(str(path)) and "cannot read" in message and "\n" not in message


@pytest.mark.parametrize("data", [b"123 \xb0 456", b"\xb0\xb1\xb2", b"Price: 100 \xa4\n", b"\x98\x98\x98 ..."])
def test_odd_legacy_bytes_decode_or_fail_cleanly(data):
    # a few non-ASCII bytes that are not letters in some code page once crashed with ZeroDivisionError
    try:
        assert isinstance(decode(data), str)
    except AlignError as error:
        assert "\n" not in str(error)


def test_legacy_text_with_typography_and_latin():
    text = "Глава 1. «Никогда не разговаривайте с неизвестными» — так называется глава; Woland, 1930 г.\n"
    assert decode(text.encode("cp1251")) == text


HOUSE_RU = "Старый дом стоял в конце улицы.\nНикто не жил в нём уже 12 лет.\n\nОднажды утром девочка открыла калитку.\n"
HOUSE_EN = "The old house stood at the end of the street.\nNobody had lived there for 12 years.\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [HOUSE_RU, HOUSE_EN], ids=["russian", "english"])
def test_utf16_without_bom(tmp_path, text, encoding):
    path = tmp_path / "nobom.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text(path) == text


def test_a_stray_byte_in_utf8_is_replaced_and_reported_with_its_line(tmp_path, caplog):
    path = tmp_path / "stray.txt"
    data = HOUSE_RU.encode("utf-8")
    at = data.index("Однажды".encode())  # line 4
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    with caplog.at_level(logging.WARNING, logger="align"):
        text = read_text(path)
    assert text == HOUSE_RU.replace("Однажды", "\ufffdОднажды")
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert str(path) in message and "line 4" in message and "\n" not in message


def test_a_stray_byte_in_a_mostly_english_utf8_text_is_replaced_not_read_in_a_code_page(caplog):
    # three dashes and one stray byte: in a code page every dash would be "â€”"
    data = "It was late — very late. He came — and left — at once.\nThe end.".encode() + b"\xff\n"
    with caplog.at_level(logging.WARNING, logger="align"):
        assert decode(data, name="stray.txt") == "It was late — very late. He came — and left — at once.\nThe end.\ufffd\n"
    assert ["line 2" in r.getMessage() for r in caplog.records] == [True]
    latin1 = "Il était une fois. Ça alors, déjà été là.\n".encode("latin-1")  # no valid sequence: a code page
    assert decode(latin1).startswith("Il était une fois. Ça alors, déj")


def test_a_file_of_emoji_alone_is_said_to_have_no_text_not_to_be_empty(tmp_path):
    path = tmp_path / "emoji.txt"
    path.write_text("😀🚢🎉\n\n🎉🎉\n", encoding="utf-8")
    with pytest.raises(AlignError, match="no text to align"):
        read_book(path)


def test_a_few_nul_bytes_strewn_in_a_text_are_left_out_not_read_as_utf16(caplog):
    # UTF-16 has its NULs all at odd offsets or all at even ones; these fall on both
    with caplog.at_level(logging.WARNING, logger="align"):
        assert decode(b"The ship\x00 reached Bantry.\x00\x00 Nobody was there.\n", "nul.txt") == \
            "The ship reached Bantry. Nobody was there.\n"
    assert ["3 NUL byte(s) left out" in r.getMessage() for r in caplog.records] == [True]
    assert decode("Корабль пришёл. Hello.".encode("utf-16-le")) == "Корабль пришёл. Hello."
    with pytest.raises(AlignError, match="a binary file"):  # other control characters beside them: no text
        decode(b"\x00\x01\x02 not a text \x00", "bin.txt")


def test_replacements_under_a_bom_are_reported_too(caplog):
    data = codecs.BOM_UTF16_LE + "Привет.\nМир.\n".encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate at the end
    with caplog.at_level(logging.WARNING, logger="align"):
        text = decode(data, name="bom.txt")
    assert text.startswith("Привет.\nМир.\n") and text.endswith("\ufffd")
    assert ["line 3" in r.getMessage() and "bom.txt" in r.getMessage() for r in caplog.records] == [True]


def test_clean_files_give_no_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="align"):
        for encoding in ("utf-8", "cp1251", "koi8_r", "utf-16-le"):
            assert decode(HOUSE_RU.encode(encoding)) == HOUSE_RU
    assert caplog.records == []


def test_a_file_too_large_for_a_text_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(AlignError, match="too large") as error:
        read_text(path)
    _assert_one_line_naming(error, path)


def test_a_file_half_utf8_half_cp1251_is_read_line_by_line(tmp_path, caplog):
    first, second = "Это первая половина текста, в UTF-8.", "А это вторая половина, в cp1251."
    path = tmp_path / "half.txt"
    path.write_bytes((first + "\n").encode("utf-8") * 20 + (second + "\n").encode("cp1251") * 20)
    text = read_text(path)
    assert text.splitlines() == [first] * 20 + [second] * 20
    assert "mixes UTF-8" in caplog.text
