"""Markdown -> blocks (markdown-it-py, CommonMark): headings, paragraphs, list items and quotations;
each line of a paragraph broken by hard line breaks (verse) a block; bold and italics kept as **...**,
links and inline code as their text; code blocks and raw HTML left out; footnotes ("[^1]" and
"[^1]: text") kept as notes, their calls as markers "[1]"."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from ..records import Block, Note
from .text import normalise

_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?:[ \t]+\S.*))*)", re.MULTILINE)
_CALL = re.compile(r"\[\^([^\]\s]+)\]")
_PARSER = MarkdownIt("commonmark")
_HARD_BREAK = "\0"  # a line break marked as such (two spaces or a backslash at the line's end)


def read_markdown(text: str) -> tuple[list[Block], list[Note], list[str]]:
    notes = [Note(m.group(1), " ".join(m.group(2).split())) for m in _DEFINITION.finditer(text)]
    text = _CALL.sub(lambda m: f" \\[{m.group(1)}\\]", _DEFINITION.sub("", text))
    blocks: list[Block] = []
    level = 0
    for token in _PARSER.parse(text):
        if token.type == "heading_open":
            level = int(token.tag[1])
        elif token.type == "heading_close":
            level = 0
        elif token.type == "inline":
            blocks += [Block(line, level) for line in _lines(_inline(token.children or []), level)]
    return blocks, notes, []


def _lines(text: str, level: int) -> list[str]:
    """A paragraph's lines at its hard breaks (a poem, an address: a block a line, as the HTML reader
    sets them; a line in lowercase goes on from the one before), emphasis closed and reopened across a
    break; a heading stays one line."""
    lines: list[str] = []
    bold = False
    for raw in [text.replace(_HARD_BREAK, " ")] if level else text.split(_HARD_BREAK):
        line = " ".join(normalise(("**" if bold else "") + raw).split())
        bold = line.count("**") % 2 == 1
        line += "**" if bold else ""
        first = next((c for c in line if c.isalpha()), "")
        if lines and first.islower():
            lines[-1] = f"{lines[-1]} {line}".replace("** **", " ")
        elif line.strip("* "):
            lines.append(line)
    return lines


def _inline(tokens) -> str:
    parts, depth = [], 0  # emphasis within emphasis ("***both***") is marked once
    for token in tokens:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append(" ")
        elif token.type == "hardbreak":
            parts.append(_HARD_BREAK)
        elif token.type in ("strong_open", "em_open"):
            depth += 1
            parts.append("**" if depth == 1 else "")
        elif token.type in ("strong_close", "em_close"):
            depth -= 1
            parts.append("**" if depth == 0 else "")
    return "".join(parts)
