"""Reading: a file as published -> Document (paragraphs and headings, notes apart, the publisher's
apparatus apart), whatever its format and encoding; missing, binary, empty and unsafe files are refused."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .formats import parse
from .formats.encoding import decode
from .records import AlignError, Document

MAX_BYTES = 512 << 20  # the largest file read: several hundred books


def read_book(path: str | Path) -> tuple[Document, str]:
    """The document a file holds, in whatever format (see formats.parse), and the SHA-256 of its bytes."""
    path = Path(path)
    data = _read_regular_file(_existing(path))
    return parse(data, str(path)), hashlib.sha256(data).hexdigest()


def read_text(path: str | Path) -> str:
    """Return the text of a file, detecting its encoding (UTF-8/16/32 with or without BOM,
    cp1251, KOI8-R and other legacy code pages). Raises AlignError for a missing, binary
    or empty file, or one that is not a regular file."""
    return read_document(path)[0]


def read_document(path: str | Path) -> tuple[str, str]:
    """The text of a file (see read_text) and the SHA-256 of its bytes, from one read."""
    path = Path(path)
    data = _read_regular_file(_existing(path))
    text = decode(data, name=str(path))
    if not text.strip():
        raise AlignError(f"{path}: the text is empty")
    return text, hashlib.sha256(data).hexdigest()


def _existing(path: Path) -> Path:
    if not path.exists():
        raise AlignError(f"{path}: no such file")
    if path.is_dir():
        raise AlignError(f"{path}: is a directory, not a text file")
    return path


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file. A FIFO, device or socket is refused without waiting on it
    (opened non-blocking, checked on the open descriptor), and so is a file too large to be a text."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise AlignError(f"{path}: cannot read ({error.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise AlignError(f"{path}: not a regular file (a device, FIFO or socket); give a text file")
        try:
            data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise AlignError(f"{path}: cannot read ({error.strerror})") from None
    if len(data) > MAX_BYTES:
        raise AlignError(f"{path}: larger than {MAX_BYTES >> 20} MB, too large for a text to align")
    return data
