"""Markdown -> blocks (markdown-it-py, CommonMark): headings, paragraphs, list items and quotations;
each line of a paragraph broken by hard line breaks (verse) a block; bold and italics kept as **...**,
links and inline code as their text; code blocks left out, raw HTML read by the HTML reader; footnotes ("[^1]" and
"[^1]: text", its paragraphs indented under it) kept as notes, their calls as markers "[1]". What
writers add to CommonMark is read too: front matter (YAML or TOML, set apart as apparatus), a
heading's attributes ("{#id}", left out), pandoc's fenced divs (":::" lines, left out) and line
blocks ("| " lines: verse); a paragraph or list item that is only a link within the document (a
contents entry, "back to top") is apparatus."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from ..records import AlignError, Block, Note
from .html import read_markup
from .markup import parse_markup
from .text import LINE_BREAK, line_blocks, literal, one_line

_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?)\n(?:\1|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_DEFINITION = re.compile(r"\[\^([^\]\s]+)\]:[ \t]*(.*)")
_CALL = re.compile(r"\[\^([^\]\s]+)\]")
_HEADING_ATTRIBUTES = re.compile(r"^(#{1,6}[ \t].*?)[ \t]+\{[#.][^{}\n]*\}[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"^:{3,}.*\n?", re.MULTILINE)
_LINE_BLOCK = re.compile(r"(?:^\|(?:[ \t].*)?(?:\n|\Z))+", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\|?[ \t]*:?-{3,}", re.MULTILINE)  # a table's row under its header: "|---|:--|"
_TAGS = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
# levels of lists and quotations followed (CommonMark's parser stops at 20 and drops the rest of the
# text without a word); a file that comes near it is refused
_NESTING = 100
_PARSER = MarkdownIt("commonmark", {"maxNesting": _NESTING})


def read_markdown(text: str, name: str) -> tuple[list[Block], list[Note], list[str]]:
    apparatus: list[str] = []
    front = _FRONT_MATTER.match(text)
    if front:
        apparatus.append(" ".join(front.group(2).split()))
        text = text[front.end() :]
    text, notes = _without_notes(text)
    text = _LINE_BLOCK.sub(_verse, _FENCE.sub("", _HEADING_ATTRIBUTES.sub(r"\1", text)))
    text = _CALL.sub(lambda m: f" \\[{m.group(1)}\\]", text)
    tokens = _PARSER.parse(text)
    if any(token.level >= _NESTING - 2 for token in tokens):
        raise AlignError(f"{name}: lists or quotations nested too deep (about {_NESTING // 2} levels or more) to read")
    blocks: list[Block] = []
    level = 0
    for token in tokens:
        if token.type == "heading_open":
            level = int(token.tag[1])
        elif token.type == "heading_close":
            level = 0
        elif token.type == "html_block" and _TAGS.sub("", token.content).strip():
            blocks += read_markup(parse_markup(token.content.encode(), name)).blocks  # a <div> round a poem, a table
        elif token.type == "inline":
            content = _inline(token.children or [])
            if _navigation(token.children or []):
                apparatus.append(one_line(content))
            elif level:  # a heading set on two lines stays one
                content = one_line(content)
                blocks += [Block(content, level)] if content else []
            else:
                blocks += line_blocks(content)
    return blocks, notes, apparatus


def _without_notes(text: str) -> tuple[str, list[Note]]:
    """The text without its footnotes' definitions, and the notes: a definition goes on over the
    lines that follow it, and over paragraphs indented under it."""
    lines, kept, notes = text.split("\n"), [], []
    at = 0
    while at < len(lines):
        definition = _DEFINITION.match(lines[at])
        if not definition:
            kept.append(lines[at])
            at += 1
            continue
        body, at = [definition.group(2)], at + 1
        while at < len(lines):
            line, indented = lines[at], lines[at][:1] in (" ", "\t")
            if line.strip() and (indented or body[-1].strip()) and not _DEFINITION.match(line) and not line.startswith("#"):
                body.append(line)  # indented, or a line of the paragraph going on
            elif not line.strip() and at + 1 < len(lines) and lines[at + 1][:1] in (" ", "\t") and lines[at + 1].strip():
                body.append("")  # a blank line before a paragraph indented under the note
            else:
                break
            at += 1
        note = _PARSER.parseInline(" ".join(" ".join(body).split()))[0]
        notes.append(Note(definition.group(1), one_line(_inline(note.children or []))))
    return "\n".join(kept), notes


def _verse(lines: re.Match[str]) -> str:
    """Pandoc's line block ("| " before each line of a poem) as lines ended by hard breaks; a table
    (a row of dashes under its header, or lines ending with "|") is left as it is."""
    block = lines.group(0)
    rows = block.rstrip("\n").split("\n")
    if _TABLE_RULE.search(block) or all(row.rstrip().endswith("|") for row in rows):
        return block
    text = "\\\n".join(row[1:].strip() for row in rows)
    return text + ("\n" if block.endswith("\n") else "")


def _navigation(tokens) -> bool:
    """Whether inline content is a link within the document and nothing else (a contents entry)."""
    inside, linked = False, False
    for token in tokens:
        if token.type == "link_open":
            inside = str(token.attrGet("href") or "").startswith("#")
            linked = linked or inside
            if not inside:
                return False
        elif token.type == "link_close":
            inside = False
        elif not inside and token.type in ("text", "code_inline") and token.content.strip():
            return False
    return linked


def _inline(tokens) -> str:
    parts, depth = [], 0  # emphasis within emphasis ("***both***") is marked once
    for token in tokens:
        if token.type in ("text", "code_inline"):
            parts.append(literal(token.content))
        elif token.type == "softbreak":
            parts.append(" ")
        elif token.type == "hardbreak":
            parts.append(LINE_BREAK)  # two spaces or a backslash at the line's end
        elif token.type in ("strong_open", "em_open"):
            depth += 1
            parts.append("**" if depth == 1 else "")
        elif token.type in ("strong_close", "em_close"):
            depth -= 1
            parts.append("**" if depth == 0 else "")
    return "".join(parts)
