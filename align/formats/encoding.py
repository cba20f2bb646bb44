"""Bytes to text, whatever the encoding: UTF-8/16/32 with or without a BOM, cp1251, KOI8-R and other
legacy code pages (the one a plain text's header names; a Russian text's told by its letter
frequencies)."""

from __future__ import annotations

import codecs
import logging
import math
import re

from charset_normalizer import from_bytes

from ..records import AlignError

_log = logging.getLogger(__name__)
_MAX_REPORTED = 1000  # undecodable sequences located one by one; the rest replaced in one go
_STRAY_NULS = 3  # NUL bytes a text may hold, strewn in it (a damaged copy), or one in a thousand
_MIN_ASCII_UTF16 = 0.03  # share of ASCII characters (spaces, digits, punctuation) in a UTF-16 text
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

_BOMS = (  # the codec of the bytes after each byte order mark
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"\x1f\x8b")
# Cyrillic code pages with a handicap on the score: Mac Cyrillic and ISO 8859-5 are rare today, and
# Mac Cyrillic differs from cp1251 only where cp1251 has capitals and punctuation.
_CYRILLIC_8BIT = (("cp1251", 0.0), ("koi8_r", 0.0), ("cp866", 0.0), ("mac_cyrillic", 0.1), ("iso8859_5", 0.1))
# Letter frequencies of Russian (per cent). A wrong 8-bit code page turns the bytes of a Russian text
# into rare letters, box-drawing characters and symbols, or inverts the case of the letters.
_RU_FREQ = dict(
    zip(
        "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
        (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98, 2.81, 2.62, 2.01, 1.90,
         1.74, 1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48, 0.36, 0.32, 0.26, 0.04, 0.2),
    )
)
_OTHER_CYRILLIC = 0.05  # і, ї, є, ґ, ў and the like: rare in Russian (and 'ё' often written 'е')
# non-ASCII punctuation of Russian text; a dash or an ellipsis is not followed by a letter
_TYPOGRAPHIC = {"«": 2.0, "»": 2.0, "—": 2.0, "\u00a0": 1.0, "–": 0.5, "…": 0.5, "№": 0.2, "„": 0.2, "“": 0.2, "”": 0.2}
_DASHES = "—–…"
_OTHER_FREQ = 0.0005  # box drawing, maths, currency, controls
_INVERTED_CASE = 0.001  # a capital right after a small letter in the same word ("пРИВЕТ"), and the like
_CAPITALS = 0.5  # a capital after a capital ("ПРИВЕТ"): Russian text is mostly in small letters
_SAMPLE = 200_000  # bytes scored: plenty to tell the code page, and quick on a large file
_MIN_SCORE = math.log(0.005)  # a mean log-frequency below this: no code page reads like Russian
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters, white space aside
_DECLARATION = re.compile(rb"^[ \t]*(?:Character set encoding|Encoding):[ \t]*([A-Za-z][A-Za-z0-9 _-]{1,30}?)[ \t]*\r?$", re.M)
_DECLARATION_BYTES = 20_000  # where a header declares it
# languages written in Western European code pages
_WESTERN_LANGUAGES = frozenset("en fr de es it pt nl da no nb nn sv fi ca is ga eu gl lb af".split())
_LETTER = re.compile(r"[^\W\d_]")
_CHAOS_TIE = 0.05  # a code page this much more "chaotic" than the best reads about as well


def decode(data: bytes, name: str = "input") -> str:
    """Decode bytes to str; see read_text. Bytes that do not decode are replaced by U+FFFD and
    reported (with their line numbers) as a warning on the "align" logger."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _normalise(_decode_reporting(data[len(bom) :], encoding, name))
    if data.startswith(_BINARY_MAGIC):
        raise AlignError(f"{name}: a binary file, not text")
    utf16 = _bomless_utf16(data)
    if utf16:
        return _normalise(_decode_reporting(data, utf16, name))
    nuls = data.count(b"\x00")
    if nuls:  # a few strewn in a text (a damaged copy) are left out; more, or other controls: binary
        data = data.replace(b"\x00", b"")
        if nuls > max(_STRAY_NULS, len(data) // 1000) or _control_ratio(data.decode("latin-1")) > 0.01:
            raise AlignError(f"{name}: a binary file, not text")
        _log.warning("%s: %d NUL byte(s) left out", name, nuls)
    declared, evidence = _declared(data), _utf8_evidence(data)
    if declared == "utf-8" and evidence < 1:
        _log.warning("%s: declares UTF-8 but is not; read in the encoding its bytes show", name)
    elif declared:  # Project Gutenberg's header says it: "Character set encoding: ISO-8859-1"
        return decode_declared(data, declared, name)
    if evidence >= 4:  # UTF-8 with a few stray bytes
        return _normalise(_decode_reporting(data, "utf-8", name))
    text = _decode_mixed(data, name)
    if text is None and evidence >= 1:  # a mostly ASCII text: its few dashes or quotes are UTF-8
        return _normalise(_decode_reporting(data, "utf-8", name))
    text = text or _decode_cyrillic(data) or _decode_guess(data)
    if text is None or _control_ratio(text) > 0.01:
        raise AlignError(f"{name}: not a text file (unknown encoding)")
    return _normalise(text)


def decode_declared(data: bytes, declared: str, name: str) -> str:
    """Bytes in the encoding a file declares (codecs' name; an HTML meta, an XML header), what does
    not decode replaced and reported. A declaration of UTF-16 or UTF-32 that could be read as ASCII
    means UTF-8 (as browsers take it); a file declared UTF-8 that mostly is not is read in the
    encoding its bytes show, and one declared otherwise that is all valid UTF-8 with letters beyond
    ASCII (converted, its declaration left as it was) as UTF-8, each with a warning."""
    if declared.startswith(("utf-16", "utf-32")):
        declared = "utf-8"
    evidence = _utf8_evidence(data)
    if declared == "utf-8" and evidence < 1:
        _log.warning("%s: declares UTF-8 but is not; read in the encoding its bytes show", name)
        return decode(data, name)
    if declared != "utf-8" and evidence == math.inf and _UTF8_MULTIBYTE.search(data):
        _log.warning("%s: declares %s but is UTF-8 (converted, its declaration left); read as UTF-8", name, declared)
        declared = "utf-8"
    return _normalise(_decode_reporting(data, declared, name))


def _declared(data: bytes) -> str | None:
    """The codec a plain text's header names ("Character set encoding: ISO Latin-1"), where its bytes
    need one: none for a text declared ASCII, nor for a name no codec has."""
    match = _DECLARATION.search(data[:_DECLARATION_BYTES])
    if not match:
        return None
    name = match.group(1).decode("ascii").strip().lower().replace("iso latin", "latin")
    for candidate in (name, *name.split()):  # "Unicode UTF-8"
        try:
            codec = codecs.lookup(candidate.replace(" ", "-")).name
        except LookupError:
            continue
        return None if codec == "ascii" else codec
    return None


def _decode_mixed(data: bytes, name: str) -> str | None:
    """A file of UTF-8 lines and lines in one legacy code page (two files joined, say): each line
    in the encoding it reads in, the others' code page told from their bytes together; None where
    the lines are not clearly of the two kinds."""
    lines = data.split(b"\n")
    utf8 = [_is_utf8(line) for line in lines]
    multibyte = sum(len(_UTF8_MULTIBYTE.findall(line)) for line, ok in zip(lines, utf8) if ok)
    legacy = b"\n".join(line for line, ok in zip(lines, utf8) if not ok)
    if multibyte < 4 or not legacy:
        return None
    decoded = _decode_cyrillic(legacy) or _decode_guess(legacy)
    if decoded is None:
        return None
    other = iter(decoded.split("\n"))
    _log.warning("%s: mixes UTF-8 with another encoding; %d line(s) read in the other one", name, len(legacy.split(b"\n")))
    return "\n".join(line.decode("utf-8") if ok else next(other, "") for line, ok in zip(lines, utf8))


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _decode_reporting(data: bytes, encoding: str, name: str) -> str:
    """Decode, replacing what does not decode with U+FFFD, and warn once where that happened."""
    parts: list[str] = []
    lines: list[int] = []  # line number of each replacement
    line, start = 1, 0
    while True:
        try:
            parts.append(data[start:].decode(encoding))
            break
        except UnicodeDecodeError as error:
            good = data[start : start + error.start].decode(encoding)
            line += good.count("\n")
            parts += [good, "\ufffd"]
            lines.append(line)
            start += error.end
            if len(lines) >= _MAX_REPORTED:  # enough to say where; replace the rest in one go
                rest = data[start:].decode(encoding, errors="replace")
                lines += [line] * rest.count("\ufffd")
                parts.append(rest)
                break
    if lines:
        where = ", ".join(map(str, sorted(set(lines))[:10])) + (", …" if len(set(lines)) > 10 else "")
        _log.warning("%s: %d byte sequence(s) that are not %s replaced by \ufffd (line %s)", name, len(lines), encoding, where)
    return "".join(parts)


def _bomless_utf16(data: bytes) -> str | None:
    """The codec, "utf-16-le" or "utf-16-be", under which BOM-less bytes read as text (NUL bytes
    are frequent in UTF-16: the high byte of every ASCII character), or None."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    # the high byte of every ASCII character: all at odd offsets (little-endian) or all at even
    # ones; a few NUL bytes strewn in UTF-8 text fall on both
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if min(odd, even) > 0.05 * (odd + even):
        return None
    best, best_ascii = None, _MIN_ASCII_UTF16
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample[: len(sample) // 2 * 2].decode(encoding, errors="replace")
        if text.count("\ufffd") > 1 + len(text) // 1000 or _control_ratio(text) > 0.01:
            continue
        if sum(not (c.isprintable() or c.isspace()) for c in text) > 0.01 * len(text):
            continue
        ascii_share = sum(c.isascii() for c in text) / len(text)
        if ascii_share > best_ascii:  # text has spaces, digits, punctuation; bytes read the wrong way round do not
            best, best_ascii = encoding, ascii_share
    return best


def _utf8_evidence(data: bytes) -> float:
    """Valid UTF-8 multi-byte sequences per byte that does not decode (inf where all decode). A legacy
    code page's letters almost never form valid sequences, and mostly do not decode; read in one,
    each valid sequence would be two or three wrong characters ("â€”" for a dash)."""
    try:
        data.decode("utf-8")
        return math.inf
    except UnicodeDecodeError:
        invalid = data.decode("utf-8", errors="replace").count("\ufffd")
        return len(_UTF8_MULTIBYTE.findall(data)) / invalid


def _decode_cyrillic(data: bytes) -> str | None:
    """Pick the Cyrillic code page under which the text reads most like Russian: each non-ASCII
    character is scored by how frequent it is in Russian text, and the mean log-frequency wins."""
    high = [i for i, byte in enumerate(data[:_SAMPLE]) if byte >= 0x80]
    if not high:
        return None
    best, best_score = None, _MIN_SCORE
    for encoding, handicap in _CYRILLIC_8BIT:
        text = data.decode(encoding, errors="replace")  # one character per byte
        sample = text[: _SAMPLE + 1]
        total = 0.0
        for i in high:
            c = sample[i]
            if "\u0400" <= c <= "\u04ff":
                frequency = _RU_FREQ.get(c.lower(), _OTHER_CYRILLIC)
                if c.isupper() and i and sample[i - 1].isalpha():
                    frequency *= _INVERTED_CASE if sample[i - 1].islower() else _CAPITALS
                if _is_latin(sample[i - 1 : i]) or _is_latin(sample[i + 1 : i + 2]) or sample[i - 1 : i].isdigit():
                    frequency *= _INVERTED_CASE  # "cafй", "42А": a Latin-1 text ("café", "42°") read as Cyrillic
            elif c in _TYPOGRAPHIC:
                frequency = _TYPOGRAPHIC[c]
                if c in _DASHES and sample[i + 1 : i + 2].isalpha():
                    frequency *= _INVERTED_CASE
            else:
                frequency = _OTHER_FREQ
            total += math.log(frequency / 100)
        score = total / len(high) - handicap
        if score > best_score:
            best, best_score = text, score
    return best


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _decode_guess(data: bytes) -> str | None:
    """The text in the code page charset_normalizer finds best; where Western European (cp1252) reads
    about as well and in a language of Western Europe (as py3langid reads it), in that: the detector
    ranks Central European or Baltic level with it for a French text ("coūte", "pčre" for "coûte",
    "père"), and names the language itself too loosely to decide (Polish as "Finnish")."""
    from ..language import detect_language  # its model loads only for a text in an unknown code page

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    western = next((m for m in matches if "cp1252" in m.could_be_from_charset and m.chaos <= best.chaos + _CHAOS_TIE), None)
    if western is not None and western is not best and _LETTER.search(str(western)) and detect_language(str(western)) in _WESTERN_LANGUAGES:
        best = western
    return str(best)


def _control_ratio(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(1, len(text))


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
