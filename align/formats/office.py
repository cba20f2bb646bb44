"""Word processors' files -> blocks. DOCX (Office Open XML): heading styles (by their names in
styles.xml, or an outline level), footnotes and endnotes as notes called by markers "[1]". ODT
(OpenDocument): text:h headings, text:note kept out of the paragraph it sits in (its citation stays as
a marker). Text that tracked changes deleted or moved away is left out. Password-protected documents
are refused."""

from __future__ import annotations

import re

from lxml import etree

from ..records import AlignError, Block, Note
from .archive import member, open_zip
from .markup import attribute, localname, parse_xml
from .text import LINE_BREAK, line_blocks, literal, normalise, one_line

_HEADING_STYLE = re.compile(r"(?:heading|überschrift|titre|заголовок|título|titolo|kop)\s*(\d)|^title$|^titel$", re.IGNORECASE)


def read_docx(data: bytes, name: str) -> tuple[list[Block], list[Note], list[str]]:
    archive = open_zip(data, name)
    names = set(archive.namelist())
    levels = _style_levels(parse_xml(member(archive, "word/styles.xml", name), name)) if "word/styles.xml" in names else {}
    marks: dict[tuple[str, str], str] = {}  # (kind, id) -> the mark the text shows
    notes: list[Note] = []
    document = parse_xml(member(archive, "word/document.xml", name), name)
    blocks: list[Block] = []
    for paragraph in (e for e in document.iter() if localname(e) == "p"):
        if any(localname(a) == "txbxcontent" for a in paragraph.iterancestors()):
            continue
        text, level = _docx_text(paragraph, marks), _docx_level(paragraph, levels)
        if level:
            blocks += [Block(one_line(text), level)] if one_line(text) else []
        else:
            blocks += line_blocks(text)  # a poem's lines, set apart by line breaks
    for kind in ("footnote", "endnote"):
        path = f"word/{kind}s.xml"
        if path not in names:
            continue
        for note in (e for e in parse_xml(member(archive, path, name), name).iter() if localname(e) == kind):
            mark = marks.get((kind, attribute(note, "id")))
            text = " ".join(t for t in (one_line(_docx_text(p, {})) for p in note.iter() if localname(p) == "p") if t)
            if mark and text:
                notes.append(Note(mark, text))
    return blocks, notes, []


def _style_levels(styles: etree._Element) -> dict[str, int]:
    """The heading level of each paragraph style, by its id: "Heading 2" (in any of a few languages),
    "Title", or an outline level."""
    levels = {}
    for style in (e for e in styles.iter() if localname(e) == "style"):
        style_name = next((attribute(e, "val") for e in style if localname(e) == "name"), "")
        outline = next((attribute(e, "val") for e in style.iter() if localname(e) == "outlinelvl"), "")
        match = _HEADING_STYLE.search(style_name)
        if match:
            levels[attribute(style, "styleId")] = int(match.group(1) or 1)
        elif outline.isdigit() and int(outline) < 9:
            levels[attribute(style, "styleId")] = min(6, int(outline) + 1)
    return levels


def _docx_level(paragraph: etree._Element, levels: dict[str, int]) -> int:
    properties = next((e for e in paragraph if localname(e) == "ppr"), None)
    if properties is None:
        return 0
    style = next((attribute(e, "val") for e in properties if localname(e) == "pstyle"), "")
    outline = next((attribute(e, "val") for e in properties if localname(e) == "outlinelvl"), "")
    if style in levels:
        return levels[style]
    match = _HEADING_STYLE.search(style)
    if match:
        return int(match.group(1) or 1)
    return min(6, int(outline) + 1) if outline.isdigit() and int(outline) < 9 else 0


def _docx_text(paragraph: etree._Element, marks: dict[tuple[str, str], str]) -> str:
    """A paragraph's text as it now reads, bold and italics as **...**, LINE_BREAK at its line breaks."""
    parts: list[str] = []
    for run in (e for e in paragraph.iter() if localname(e) == "r" and not _struck(e, paragraph)):
        bold = any(localname(e) in ("b", "i") and attribute(e, "val") not in ("0", "false")  # bold or italics
                   for p in run if localname(p) == "rpr" for e in p)
        pieces = []
        for element in run:
            name = localname(element)
            if name == "t":
                pieces.append(literal(element.text or ""))
            elif name == "br":  # a line break (a line of verse); a page or column break is a space
                pieces.append(" " if attribute(element, "type") in ("page", "column") else LINE_BREAK)
            elif name in ("tab", "cr"):
                pieces.append(" ")
            elif name == "nobreakhyphen":  # Word's non-breaking hyphen is an element, not a character
                pieces.append("-")
            elif name in ("footnotereference", "endnotereference"):
                kind = name.replace("reference", "")
                mark = marks.setdefault((kind, attribute(element, "id")), str(len(marks) + 1))
                pieces.append(f" [{mark}]")
        text = "".join(pieces)
        parts.append(f"**{text}**" if bold and text.strip() else text)
    return "".join(parts).replace("****", "")


def _struck(run: etree._Element, paragraph: etree._Element) -> bool:
    """Whether a run is text a tracked change took out: deleted, or moved away (Word keeps a moved
    passage's text at its old place too, inside w:moveFrom)."""
    for ancestor in run.iterancestors():
        if ancestor is paragraph:
            return False
        if localname(ancestor) in ("del", "movefrom"):
            return True
    return False


def read_odt(data: bytes, name: str) -> tuple[list[Block], list[Note], list[str]]:
    archive = open_zip(data, name)
    if "META-INF/manifest.xml" in archive.namelist():
        manifest = parse_xml(member(archive, "META-INF/manifest.xml", name), name)
        if any(localname(e) == "encryption-data" for e in manifest.iter()):
            raise AlignError(f"{name}: password-protected document; give an unprotected copy")
    return odt_blocks(parse_xml(member(archive, "content.xml", name), name))


def odt_blocks(content: etree._Element) -> tuple[list[Block], list[Note], list[str]]:
    """The blocks and notes of an OpenDocument text: an ODT's content.xml, or a flat ODT (.fodt, one XML
    file holding its styles, headers and body: only the body is read)."""
    body = next((e for e in content.iter() if localname(e) == "text" and localname(e.getparent()) == "body"), content)
    emphatic = _odt_emphatic_styles(content)
    blocks: list[Block] = []
    notes: list[Note] = []
    for element in body.iter():
        name_ = localname(element)
        if name_ not in ("p", "h") or any(localname(a) == "note-body" for a in element.iterancestors()):
            continue
        if any(localname(a) in ("p", "h", "tracked-changes") for a in element.iterancestors()):
            continue  # a paragraph inside a frame or a note of another paragraph, or one a tracked change deleted
        parts: list[str] = []
        _odt_gather(element, parts, notes, emphatic)
        if name_ == "h":
            level = attribute(element, "outline-level")
            text = one_line("".join(parts))
            blocks += [Block(text, min(6, int(level)) if level.isdigit() else 1)] if text else []
        else:
            blocks += line_blocks("".join(parts))  # a poem's lines, set apart by line breaks
    return blocks, notes, []


def _odt_emphatic_styles(content: etree._Element) -> set[str]:
    """The names of the text styles that set italics or bold (a span of one is emphasis)."""
    return {attribute(style, "name") for style in content.iter() if localname(style) == "style"
            and any(localname(p) == "text-properties" and (attribute(p, "font-style") == "italic"
                                                           or attribute(p, "font-weight") == "bold") for p in style)}


def _odt_gather(element: etree._Element, parts: list[str], notes: list[Note], emphatic: set[str],
                emphasised: bool = False) -> None:
    if element.text:
        parts.append(literal(element.text))
    for child in element:
        name = localname(child)
        if name == "note":  # the note sits inside the paragraph: only its citation stays there
            citation = next(("".join(e.itertext()).strip() for e in child if localname(e) == "note-citation"), "")
            body = next((e for e in child if localname(e) == "note-body"), None)
            mark = citation or str(len(notes) + 1)
            parts.append(f" [{mark}]")
            if body is not None:
                text = " ".join(" ".join(normalise("".join(p.itertext())).split()) for p in body.iter() if localname(p) == "p")
                notes.append(Note(mark, text.strip()))
        elif name == "s":
            parts.append(" " * int(attribute(child, "c") or 1))
        elif name == "line-break":
            parts.append(LINE_BREAK)
        elif name == "tab":
            parts.append(" ")
        elif name == "span" and not emphasised and attribute(child, "style-name") in emphatic:
            parts.append("**")
            _odt_gather(child, parts, notes, emphatic, True)
            parts.append("**")
        elif name:
            _odt_gather(child, parts, notes, emphatic, emphasised)
        if child.tail:
            parts.append(literal(child.tail))
