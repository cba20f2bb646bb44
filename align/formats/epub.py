"""EPUB 2 and 3 -> blocks: the spine's documents in reading order, read as (X)HTML; chapter titles from
the navigation document or toc.ncx where a chapter's markup has no heading (calibre sets titles as bold
divs); endnotes in another file of the book kept as notes; the title page, the contents and the copyright
page, where the guide or the navigation names them, kept as apparatus. DRM-protected books are refused."""

from __future__ import annotations

import logging
import posixpath
import re
import unicodedata
from urllib.parse import unquote

from ..records import AlignError, Block, Note
from .archive import member, open_zip
from .html import note_calls, read_markup
from .headings import labelled
from .markup import attribute, localname, parse_markup, parse_xml, plain_text
from .text import chapter_title, without_emphasis

_log = logging.getLogger(__name__)
_FONT = re.compile(r"\.(?:otf|ttf|woff2?)$", re.IGNORECASE)
_GUIDE_PAGES = {"title-page", "toc", "copyright-page", "colophon"}  # the EPUB 2 guide's publisher's pages
_FILE_LABEL = re.compile(r"Section \d+")  # LibreOffice's name for a spine document without a heading
_TITLE_PAGE = re.compile(r"(?:^|/)title[_-]?page\.x?html?$", re.IGNORECASE)


def read_epub(data: bytes, name: str) -> tuple[list[Block], list[Note], list[str]]:
    archive = open_zip(data, name)
    names = set(archive.namelist())
    if "META-INF/encryption.xml" in names:
        _refuse_drm(member(archive, "META-INF/encryption.xml", name), name)
    container = parse_xml(member(archive, "META-INF/container.xml", name), name)
    rootfile = next((attribute(e, "full-path") for e in container.iter() if localname(e) == "rootfile"), "")
    opf = parse_xml(member(archive, rootfile, name), name)
    base = posixpath.dirname(rootfile)
    manifest = {e.get("id"): e for e in opf.iter() if localname(e) == "item"}
    spine = [manifest[e.get("idref")] for e in opf.iter() if localname(e) == "itemref" and e.get("idref") in manifest]
    paths = [_join(base, item.get("href", "")) for item in spine]
    trees = {path: parse_markup(member(archive, path, name), f"{name}:{path}") for path in paths if path in names}
    missing = [path for path in paths if path not in names]
    if missing:  # a damaged or hand-made book: read what is there, and say what is not
        _log.warning("%s: %d document(s) of its reading order missing from the archive (%s); their text is left out",
                     name, len(missing), ", ".join(missing[:3]))
    called: dict[str, str] = {}
    for tree in trees.values():
        called.update(note_calls(tree))
    titles = _titles(archive, opf, manifest, base, name, names)
    apart = _publisher_pages(opf, manifest, base)
    blocks: list[Block] = []
    notes: list[Note] = []
    matter: list[str] = []
    for path in paths:
        if path not in trees:
            continue
        markup = read_markup(trees[path], called)
        if path in apart or _TITLE_PAGE.search(path):
            matter += [block.text for block in markup.blocks]
        else:
            blocks += _with_titles(markup.blocks, titles.get(path, []))
        notes += markup.notes
        matter += markup.apparatus
    return blocks, notes, matter


def _publisher_pages(opf, manifest, base: str) -> set[str]:
    """The spine's documents that are the publisher's pages as a whole: the EPUB 2 guide's title page,
    contents, copyright page and colophon (a whole document, not a place in one), and the EPUB 3
    navigation document (pandoc puts it in the spine, its title a heading)."""
    pages = {_join(base, e.get("href", "")) for e in opf.iter()
             if localname(e) == "reference" and e.get("type", "").lower() in _GUIDE_PAGES and "#" not in e.get("href", "")}
    return pages | {_join(base, item.get("href", "")) for item in manifest.values()
                    if "nav" in (item.get("properties") or "").split()}


def _refuse_drm(encryption: bytes, name: str) -> None:
    """Fonts obfuscated by the publisher are harmless; encrypted text is DRM."""
    root = parse_xml(encryption, name)
    uris = [e.get("URI", "") for e in root.iter() if localname(e) == "cipherreference"]
    if any(not _FONT.search(uri) for uri in uris):
        raise AlignError(f"{name}: DRM-protected EPUB (its text is encrypted); give a copy without DRM")


def _join(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))


def _titles(archive, opf, manifest, base: str, name: str, names: set[str]) -> dict[str, list[str]]:
    """The navigation's titles by the file they open, in order: the EPUB 3 navigation document, else toc.ncx."""
    nav = next((item for item in manifest.values() if "nav" in (item.get("properties") or "").split()), None)
    titles: dict[str, list[str]] = {}
    if nav is not None and _join(base, nav.get("href", "")) in names:
        path = _join(base, nav.get("href", ""))
        root = parse_markup(member(archive, path, name), f"{name}:{path}")
        toc = next((e for e in root.iter() if localname(e) == "nav" and "toc" in attribute(e, "type")), root)
        for link in toc.iter():
            if localname(link) == "a" and attribute(link, "href"):
                label = " ".join(plain_text(link).split())
                titles.setdefault(_join(posixpath.dirname(path), attribute(link, "href")), []).append(label)
        return titles
    ncx = next((item for item in manifest.values() if item.get("media-type") == "application/x-dtbncx+xml"), None)
    if ncx is None or _join(base, ncx.get("href", "")) not in names:
        return titles
    path = _join(base, ncx.get("href", ""))
    try:
        root = parse_xml(member(archive, path, name), f"{name}:{path}")
    except AlignError as error:  # the contents are an aid to the chapters: the text reads without them
        _log.warning("%s; its chapter titles are taken from the text alone", error)
        return titles
    for point in root.iter():
        if localname(point) != "navpoint":
            continue
        label = next((" ".join(plain_text(e).split()) for e in point.iter() if localname(e) == "text"), "")
        content = next((e.get("src", "") for e in point if localname(e) == "content"), "")
        if label and content:
            titles.setdefault(_join(posixpath.dirname(path), content), []).append(label)
    return titles


def _with_titles(blocks: list[Block], titles: list[str]) -> list[Block]:
    """A spine document's blocks with its navigation titles as headings where its markup has none:
    each block that reads as a title, in order (calibre's EPUB of a Word document points at several
    chapters of one file), is marked, and so is the title line after it where the title names a
    chapter ("CHAPTER I", then "The First Day"). A first title the file's opening lacks is put before
    the text, unless it is a producer's label for a file ("Section 1", LibreOffice's for a title page)."""
    if not titles or any(block.heading for block in blocks) or not blocks:
        return blocks
    out, start = list(blocks), 0
    for n, title in enumerate(titles):
        wanted = _key(title)
        at = next((k for k in range(start, min(len(out), 10) if n == 0 else len(out)) if _key(out[k].text) == wanted), None)
        if at is None:
            if n == 0 and not _FILE_LABEL.fullmatch(title.strip()):
                out.insert(0, Block(title, 2))
                start = 1
            continue
        out[at] = Block(out[at].text, 2)
        after = out[at + 1] if at + 1 < len(out) else None
        if after is not None and not after.heading and labelled(title) and chapter_title(without_emphasis(after.text)):
            out[at + 1] = Block(after.text, 2)
        start = at + 1
    return out


def _key(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text).casefold() if c.isalnum())
