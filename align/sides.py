"""One text read and cut into sentences: the Side the aligner takes. Apart from the pipeline so that
a child process reading a text (see apart) imports only the readers and the segmenter."""

from __future__ import annotations

from pathlib import Path

from .language import detect_language
from .read import read_book, read_document
from .records import AlignError, Side
from .segment import presplit_sentences, segment_document


def read_side(path: str | Path, lang: str | None = None, presplit: bool = False, role: str = "") -> Side:
    """Read and segment one text: a file in any format read as a document (its notes and the
    publisher's apparatus kept apart), or with `presplit` a plain text of one sentence a line."""
    if presplit:
        text, digest = read_document(path)
        lang = lang or detect_language(text, str(path))
        sentences, notes, apparatus = presplit_sentences(text), (), ()
    else:
        document, digest = read_book(path)
        text = "\n\n".join(block.text for block in document.blocks)
        lang = lang or detect_language(text, str(path))
        sentences, notes, apparatus = segment_document(document, lang), document.notes, document.apparatus
    if not sentences:
        raise AlignError(f"{path}: no sentences found")
    return Side(tuple(sentences), lang, str(path), digest, role, notes, apparatus)
