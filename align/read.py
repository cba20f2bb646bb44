"""Reading: bytes from disk to text, whatever the encoding; binary and empty files are refused."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from charset_normalizer import from_bytes

from .records import AlignError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"\x1f\x8b")
_CYRILLIC_8BIT = ("cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5")
# The most frequent Russian letters; a wrong 8-bit code page scrambles them into rare ones.
_COMMON_RU = set("оеаинтсрвлкмдпуяы")


def sha256_of(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_text(path: str | Path) -> str:
    """Return the text of a file, detecting its encoding (UTF-8/16/32 with or without BOM,
    cp1251, KOI8-R and other legacy code pages). Raises AlignError for a missing, binary
    or empty file."""
    path = Path(path)
    if not path.exists():
        raise AlignError(f"{path}: no such file")
    if path.is_dir():
        raise AlignError(f"{path}: is a directory, not a text file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AlignError(f"{path}: cannot read ({error.strerror})") from None
    text = decode(data, name=str(path))
    if not text.strip():
        raise AlignError(f"{path}: the text is empty")
    return text


def decode(data: bytes, name: str = "input") -> str:
    """Decode bytes to str; see read_text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _normalise(data.decode(encoding, errors="replace"))
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:65536]:
        raise AlignError(f"{name}: a binary file, not text")
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = _decode_cyrillic(data) or _decode_guess(data)
    if text is None or _control_ratio(text) > 0.01:
        raise AlignError(f"{name}: not a text file (unknown encoding)")
    return _normalise(text)


def _decode_cyrillic(data: bytes) -> str | None:
    """Pick the Cyrillic code page under which the text reads most like Russian."""
    best, best_score = None, 0.0
    for encoding in _CYRILLIC_8BIT:
        text = data.decode(encoding, errors="replace")
        letters = [c for c in text if "\u0400" <= c <= "\u04ff"]
        if len(letters) < 0.3 * sum(c.isalpha() for c in text):
            continue
        lower = sum(c.islower() for c in letters) / len(letters)
        common = sum(c.lower() in _COMMON_RU for c in letters) / len(letters)
        score = lower + common
        if score > best_score:
            best, best_score = text, score
    return best if best_score > 1.2 else None


def _decode_guess(data: bytes) -> str | None:
    match = from_bytes(data).best()
    return str(match) if match is not None else None


def _control_ratio(text: str) -> float:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f\v")
    return controls / max(1, len(text))


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
