"""The publisher's apparatus, told apart from the work: Project Gutenberg's header and licence,
producers' credits, transcriber's notes and a table of contents. It is kept (to be shown), never aligned.
A title page's headings (the book's title, its author) are read as running text where the chapters
are numbered, so that an edition with a title page counts the chapters of one without."""

from __future__ import annotations

import re
import unicodedata

from ..records import Block
from .headings import numbered

_START = re.compile(r"\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG|\*END\*THE SMALL PRINT", re.IGNORECASE)
_END = re.compile(
    r"\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg|End of Project Gutenberg's",
    re.IGNORECASE,
)
_CREDITS = re.compile(
    r"(?:Produced by|E-?text prepared by|Transcribed (?:from|by)|This (?:e-?book|etext) was produced by"
    r"|Updated editions will replace|Character set encoding|\[?Transcriber['’]s Note|Note du transcripteur)",
    re.IGNORECASE,
)
_CONTENTS = re.compile(
    r"(?:table of contents|contents|table des matières|table|sommaire|inhalt|inhaltsverzeichnis|índice|indice"
    r"|оглавление|содержание|目录|目次|目錄)\.?$",
    re.IGNORECASE,
)
_CONTENTS_SPAN = 600  # blocks searched for the end of a table of contents


def separate(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """The work's blocks, and the apparatus' text in reading order."""
    apparatus: list[str] = []
    start = next((i for i, block in enumerate(blocks) if _START.search(block.text)), None)
    if start is not None:
        apparatus += [block.text for block in blocks[: start + 1]]
        blocks = blocks[start + 1 :]
    end = next((i for i, block in enumerate(blocks) if _END.search(block.text)), None)
    tail = [block.text for block in blocks[end:]] if end is not None else []
    blocks = blocks[:end]
    kept: list[Block] = []
    for block in blocks:
        if _CREDITS.match(block.text):
            apparatus.append(block.text)
        else:
            kept.append(block)
    kept = _without_contents(kept, apparatus)
    first = next((i for i, block in enumerate(kept) if block.heading and numbered(block.text)), None)
    if first is not None:
        kept = [Block(block.text) if block.heading and i < first else block for i, block in enumerate(kept)]
    return kept, apparatus + tail


def _without_contents(blocks: list[Block], apparatus: list[str]) -> list[Block]:
    """The blocks without their table of contents: from a "Contents" heading up to where its first
    entry comes again (alone, or as a number and a title in two blocks). Without such a repeat the
    list is left as it is (a chapter is worth more than a clean contents page), and only the "Contents"
    line itself is set apart: its entries, links in HTML, are gone already."""
    for at, block in enumerate(blocks[: len(blocks) // 2 + 1]):
        if not _CONTENTS.match(block.text.strip()) or at + 1 >= len(blocks):
            continue
        first = _key(blocks[at + 1].text)
        for end in range(at + 2, min(len(blocks), at + _CONTENTS_SPAN)):
            key = _key(blocks[end].text)
            if key == first or (end + 1 < len(blocks) and key + _key(blocks[end + 1].text) == first):
                apparatus += [b.text for b in blocks[at:end]]
                return blocks[:at] + blocks[end:]
        apparatus.append(block.text)
        return blocks[:at] + blocks[at + 1 :]
    return blocks


def _key(text: str) -> str:
    """Letters and digits only, accents and case folded: a contents entry and its heading compare equal."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.casefold() if c.isalnum())
