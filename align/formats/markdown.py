"""Markdown -> blocks (markdown-it-py, CommonMark): headings, paragraphs, list items and quotations;
each line of a paragraph broken by hard line breaks (verse) a block; bold and italics kept as **...**,
links and inline code as their text; code blocks and raw HTML left out; footnotes ("[^1]" and
"[^1]: text") kept as notes, their calls as markers "[1]"."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from ..records import Block, Note
from .text import LINE_BREAK, line_blocks, literal, one_line

_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?:[ \t]+\S.*))*)", re.MULTILINE)
_CALL = re.compile(r"\[\^([^\]\s]+)\]")
_PARSER = MarkdownIt("commonmark")


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
            content = _inline(token.children or [])
            if level:  # a heading set on two lines stays one
                content = one_line(content)
                blocks += [Block(content, level)] if content else []
            else:
                blocks += line_blocks(content)
    return blocks, notes, []



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
