"""FictionBook 2 -> blocks: the main body's sections (nested sections give heading levels, a section's
<title> its heading, a <subtitle> a heading below it), epigraphs, poems (a block a line of verse) and
citations as running text, <strong> and <emphasis> as emphasis, the notes body kept as notes (called
from the text by <a type="note">, left as markers "[1]"). The declared encoding (windows-1251 often)
is honoured by the XML parser."""

from __future__ import annotations

from lxml import etree

from ..records import Block, Note
from .markup import attribute, localname
from .text import LINE_BREAK, line_blocks, literal, normalise, tidy_marks

_SKIPPED = frozenset("description binary stylesheet image empty-line".split())
_PARAGRAPHS = frozenset("p v text-author".split())
_NOTES_BODIES = ("notes", "comments", "footnotes")


def read_fb2(root: etree._Element) -> tuple[list[Block], list[Note], list[str]]:
    blocks: list[Block] = []
    notes: list[Note] = []
    for body in (e for e in root if localname(e) == "body"):
        if (body.get("name") or "").lower() in _NOTES_BODIES:
            notes += _notes(body)
        else:
            _section(body, 0, blocks)
    return blocks, notes, []


def _section(element: etree._Element, depth: int, blocks: list[Block]) -> None:
    for child in element:
        name = localname(child)
        if not name or name in _SKIPPED:
            continue
        if name == "title":
            title = _title(child)
            if title:  # a poem's title is a line of the text, no chapter (<poem><title>Песня</title>…)
                blocks.append(Block(title, 0 if localname(element) == "poem" else min(6, max(1, depth))))
        elif name == "subtitle":  # a heading within a section, one level below its title
            text = _inline(child)
            if text:
                blocks.append(Block(text, min(6, depth + 1)))
        elif name == "section":
            _section(child, depth + 1, blocks)
        elif name in _PARAGRAPHS:
            text = _inline(child)
            if text:
                blocks.append(Block(text))
        elif name == "stanza":
            lines = LINE_BREAK.join(_inline(v) for v in child if localname(v) == "v")
            blocks += line_blocks(lines)  # a line of verse a block, as in HTML
        else:  # epigraph, poem, cite, table: their paragraphs in turn
            _section(child, depth, blocks)


def _title(title: etree._Element) -> str:
    """A title's lines as one heading: "Глава первая" and "Нос" make "Глава первая. Нос"."""
    lines = [text for text in (_inline(p) for p in title if localname(p) == "p") if text]
    joined = ""
    for line in lines:
        joined = f"{joined}{'' if not joined else ' ' if joined[-1] in '.:!?' else '. '}{line}"
    return joined


def _inline(element: etree._Element) -> str:
    parts: list[str] = []
    _gather(element, parts)
    return " ".join(tidy_marks(normalise("".join(parts))).split())


def _gather(element: etree._Element, parts: list[str], emphasised: bool = False) -> None:
    if element.text:
        parts.append(literal(element.text))
    for child in element:
        name = localname(child)
        if name == "a" and attribute(child, "type") == "note":
            parts.append(f" [{''.join(child.itertext()).strip().strip('[]{}()')}]")
        elif name in ("strong", "emphasis") and not emphasised:  # marked once, at the outermost
            parts.append("**")
            _gather(child, parts, True)
            parts.append("**")
        elif name:
            _gather(child, parts, emphasised)
        if child.tail:
            parts.append(literal(child.tail))


def _notes(body: etree._Element) -> list[Note]:
    notes = []
    for section in (e for e in body.iter() if localname(e) == "section"):
        title = next((_title(e) for e in section if localname(e) == "title"), "")
        text = " ".join(t for t in (_inline(p) for p in section.iter() if localname(p) == "p" and localname(p.getparent()) != "title") if t)
        if text:
            notes.append(Note((title or section.get("id") or "").strip("[]{}() "), text))
    return notes
